"""The token models of the service's current release, as attrs classes.

Declarations only, as `_models` declares the 2024 family: each field names
its kind, and the generators do the rest. What changed since 2024 is in
docs/releases.md; `Token` and `TokenType` are the 2024 family's own, which
no release has changed.
"""

# Without ``from __future__ import annotations``, as in `_models`.

import abc
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, Final, Literal, Self

import attrs

from ._datetime import now_without_microseconds
from ._define import stored
from ._fields import (
    describe,
    install_kinds,
    to_flag,
    to_float,
    to_integer_mapping,
    to_scope_set,
)
from ._frozendict import FrozenDict
from ._kinds import (
    ABSENT,
    OPTIONAL_SERVICE_TIMESTAMP,
    SERVICE_TIMESTAMP,
    Absent,
    Integer,
    Kind,
    Model,
    ModelList,
    ModelMapping,
    Nullable,
    Omissible,
)
from ._models import (
    BOOTSTRAP_USER,
    CPU,
    CREATED,
    EXPIRES,
    INTERNAL_USER,
    LAST_USED,
    MEMORY,
    NAME_TEXT,
    PARENT,
    SCOPES,
    TOKEN,
    TOKEN_KEY_FIELD,
    TOKEN_NAME,
    USERNAME,
    Identity,
    Token,
    TokenType,
    group_id_field,
    group_name_field,
    groups_field,
    notebook_field,
    quota_field,
    service_record,
    to_token_type,
)

__all__ = [
    "ABSENT",
    "SERVICE_VERSION",
    "Absent",
    "Group",
    "NotebookQuota",
    "Quota",
    "TapQuota",
    "Token",
    "TokenBase",
    "TokenData",
    "TokenInfo",
    "TokenType",
    "TokenUserInfo",
    "UserInfo",
]

SERVICE_VERSION: Final = "15.4.1+9084e408"
"""The release these models follow: Gafaelfawr's development line at
commit 9084e408 (2026-08-21), after release 15.4.1."""

GROUP_NAME_PATTERN: Final = (
    "^([a-zA-Z]|[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z])[a-zA-Z0-9._-]*$"
)
"""What a group name looks like since 14.0.1: a letter or a digit first,
and at least one letter (no name of digits alone)."""


# Named functions, as `_fields`' for the 2024 family's kinds: mypy's attrs
# plugin types a constructor's arguments from named converters alone.
def to_service_utc_datetime(
    value: datetime | date | str | float, *, kind: Kind = SERVICE_TIMESTAMP
) -> datetime:
    """Convert a datetime, epoch number or string to UTC, for attrs.

    Parameters
    ----------
    value
        Anything the service's ``Timestamp`` reads.

    Returns
    -------
    datetime.datetime
        The UTC datetime (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_optional_service_utc_datetime(
    value: datetime | date | str | float | None,
    *,
    kind: Kind = OPTIONAL_SERVICE_TIMESTAMP,
) -> datetime | None:
    """Convert like `to_service_utc_datetime`, passing `None` through.

    Parameters
    ----------
    value
        `None` or anything the service's ``Timestamp`` reads.

    Returns
    -------
    datetime.datetime or None
        The UTC datetime or `None` (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TokenBase(abc.ABC):  # noqa: B024 (an ABC for TokenData.register)
    """Base information about a token common to several representations.

    Written out, datetimes are whole seconds since the epoch, whatever the
    converter's datetime format; beyond 2e10 seconds, where readers take
    numbers as milliseconds, whole milliseconds.
    """

    datetimes_written_as: ClassVar[Literal["seconds"]] = "seconds"
    """How the converters write this model's datetimes."""

    username: str = attrs.field(metadata=USERNAME)
    """User to whom the token was issued: 1 to 64 characters."""

    token_type: TokenType = attrs.field(
        converter=to_token_type,
        metadata=describe(
            title="Token type",
            description="Class of token",
            examples=["session"],
        ),
    )
    """Class of token."""

    service: str | None = attrs.field(
        default=None,
        metadata=describe(
            Nullable(NAME_TEXT),
            title="Service",
            description="Service to which the token was issued.",
            examples=["internal-service"],
        ),
    )
    """The service a service token was issued to."""

    scopes: frozenset[str] = attrs.field(
        converter=to_scope_set,
        metadata=SCOPES,
    )
    """Scopes of the token (written sorted)."""

    created: datetime = attrs.field(
        factory=now_without_microseconds,
        converter=to_service_utc_datetime,
        metadata=CREATED,
    )
    """Creation time in UTC; by default now, to the second."""

    expires: datetime | None = attrs.field(
        default=None,
        converter=to_optional_service_utc_datetime,
        metadata=EXPIRES,
    )
    """Expiration time in UTC, or `None` for a token that never expires."""


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class Group:
    """A group of which the user is a member."""

    name: str = attrs.field(metadata=group_name_field(GROUP_NAME_PATTERN))
    """The group's name: letters, digits and ``._-``, with a letter."""

    id: int | Literal[Absent.ABSENT] | None = attrs.field(
        metadata=group_id_field(Omissible(Nullable(Integer()))),
    )
    """The group's numeric GID.

    Required since release 11.0; records written before may hold a group
    whose ``id`` is null or left out. Such a group is read and kept as
    written: `None` for null, `ABSENT` where it was left out (and left out
    again when written).
    """


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class NotebookQuota:
    """Limits on the resources of the user's notebook."""

    extra_keys: ClassVar[Literal["forbid"]] = "forbid"
    """Unknown keys are errors, as the service's ``extra="forbid"``."""

    cpu: float = attrs.field(
        converter=to_float,
        metadata=CPU,
    )
    """Most CPU equivalents the notebook may use."""

    memory: float = attrs.field(
        converter=to_float,
        metadata=MEMORY,
    )
    """Most memory the notebook may use, in GiB."""

    spawn: bool = attrs.field(
        default=True,
        converter=to_flag,
        metadata=describe(
            title="Spawning allowed",
            description="Whether the user may spawn a notebook",
        ),
    )
    """Whether the user may spawn a notebook."""

    def add(self, other: Self | None) -> Self:
        """Add another notebook quota to this one.

        Parameters
        ----------
        other
            The other quota, or `None`.

        Returns
        -------
        NotebookQuota
            This quota if ``other`` is `None`; else one with the CPU and
            memory summed, spawning allowed only if both allow it.
        """
        if other is None:
            return self
        return type(self)(
            cpu=self.cpu + other.cpu,
            memory=self.memory + other.memory,
            spawn=self.spawn and other.spawn,
        )


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TapQuota:
    """Limits on a user's queries to one TAP service."""

    extra_keys: ClassVar[Literal["forbid"]] = "forbid"
    """Unknown keys are errors, as the service's ``extra="forbid"``."""

    concurrent: int = attrs.field(
        metadata=describe(
            Integer(),
            title="Concurrent queries",
            description="Maximum concurrent queries",
            examples=[5],
        )
    )
    """Most queries the user may run at once."""

    def add(self, other: Self | None) -> Self:
        """Add another TAP quota to this one.

        Parameters
        ----------
        other
            The other quota, or `None`.

        Returns
        -------
        TapQuota
            This quota if ``other`` is `None`; else one with the concurrent
            queries summed.
        """
        if other is None:
            return self
        return type(self)(concurrent=self.concurrent + other.concurrent)


def to_tap_quotas(
    value: Mapping[str, TapQuota],
    *,
    kind: Kind = ModelMapping(Model(TapQuota)),  # noqa: B008 (made once: the kind)
) -> Mapping[str, TapQuota]:
    """Make a mapping of TAP quotas a `FrozenDict`, for attrs.

    Parameters
    ----------
    value
        `TapQuota` instances (never data to structure) by service name.

    Returns
    -------
    Mapping
        The frozen mapping (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class Quota:
    """The quotas of a user."""

    extra_keys: ClassVar[Literal["forbid"]] = "forbid"
    """Unknown keys are errors, as the service's ``extra="forbid"``."""

    api: Mapping[str, int] = attrs.field(
        factory=FrozenDict,
        converter=to_integer_mapping,
        metadata=describe(
            title="API quotas",
            description="Mapping of service names to requests per minute.",
            examples=[{"datalinker": 5}],
            default_in_schema={},
        ),
    )
    """Requests allowed per minute, by service name (read-only)."""

    disk: Mapping[str, int] = attrs.field(
        factory=FrozenDict,
        converter=to_integer_mapping,
        metadata=describe(
            title="Disk quotas",
            description="Mapping of mount points to bytes.",
            examples=[{"/home": 10_737_418_240}],
            default_in_schema={},
        ),
    )
    """Bytes allowed, by mount point (read-only)."""

    notebook: NotebookQuota | None = attrs.field(
        default=None,
        metadata=notebook_field(NotebookQuota),
    )
    """Limits on the user's notebook, if any."""

    tap: Mapping[str, TapQuota] = attrs.field(
        factory=FrozenDict,
        converter=to_tap_quotas,
        metadata=describe(
            title="TAP quotas",
            description="Quotas for TAP services, by service name",
            default_in_schema={},
        ),
    )
    """Limits on TAP queries, by TAP service name (read-only)."""

    def is_empty(self) -> bool:
        """Tell whether the quota sets no limit.

        Returns
        -------
        bool
            Whether ``api``, ``disk`` and ``tap`` are empty and
            ``notebook`` is `None`.
        """
        return (
            not (self.api or self.disk or self.tap) and self.notebook is None
        )


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TokenInfo(TokenBase):
    """A token as the token-info API returns it: the database record."""

    token: str = attrs.field(metadata=TOKEN_KEY_FIELD)
    """The token's key (never its secret)."""

    token_name: str | None = attrs.field(
        default=None,
        metadata=TOKEN_NAME,
    )
    """The name a user gave a user token."""

    last_used: datetime | None = attrs.field(
        default=None,
        converter=to_optional_service_utc_datetime,
        metadata=LAST_USED,
    )
    """When the token was last used, in UTC."""

    parent: str | None = attrs.field(
        default=None,
        metadata=PARENT,
    )
    """The key of the token this one was derived from."""


def to_groups(
    value: Iterable[Group],
    *,
    kind: Kind = ModelList(Model(Group)),  # noqa: B008 (made once: the kind)
) -> tuple[Group, ...]:
    """Make a list of groups a tuple, for attrs.

    Parameters
    ----------
    value
        `Group` instances (never data to structure).

    Returns
    -------
    tuple of Group
        The groups as a tuple (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_optional_groups(
    value: Iterable[Group] | None,
    *,
    kind: Kind = Nullable(ModelList(Model(Group))),  # noqa: B008 (made once: the kind)
) -> tuple[Group, ...] | None:
    """Make a list of groups a tuple, passing `None` through, for attrs.

    Parameters
    ----------
    value
        `Group` instances (never data to structure), or `None`.

    Returns
    -------
    tuple of Group or None
        The groups as a tuple, or `None` (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TokenUserInfo(Identity):
    """The identity of a token's user, stored with the token."""

    groups: tuple[Group, ...] | None = attrs.field(
        default=None,
        converter=to_optional_groups,
        metadata=groups_field(),
    )
    """The user's groups."""


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class UserInfo(TokenUserInfo):
    """A user's information, as the user-info and users APIs return it."""

    groups: tuple[Group, ...] = attrs.field(
        factory=tuple,
        converter=to_groups,
        metadata=groups_field(default_in_schema=[]),
    )
    """The user's groups (none by default)."""

    quota: Quota | None = attrs.field(
        default=None,
        metadata=quota_field(Quota),
    )
    """The user's quotas."""


_BOOTSTRAP_SCOPES: Final = frozenset({"admin:oidc", "admin:token"})
_INTERNAL_SCOPES: Final = frozenset({"admin:token"})


# As in `_models`: a TokenUserInfo at run time, a virtual subclass of
# TokenBase, whose fields it takes from their declarations there.
if TYPE_CHECKING:

    @attrs.frozen(kw_only=True)
    class _UserInfoAndBase(TokenUserInfo, TokenBase):
        """`TokenUserInfo` and `TokenBase`, as type checkers see them."""

else:
    _UserInfoAndBase = TokenUserInfo


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored(fields_of=TokenBase)
class TokenData(_UserInfoAndBase):
    """A token's record as kept in Redis: token, information and identity.

    Written out, ``created`` and ``expires`` are whole seconds since the
    epoch, whatever the converter's datetime format; beyond 2e10 seconds,
    whole milliseconds: `TokenBase`'s fields, taken with their kinds.
    """

    token: Token = attrs.field(metadata=TOKEN)
    """The token itself, secret included (hidden from ``repr``)."""

    @classmethod
    def bootstrap_token(cls) -> Self:
        """Return the record of the service's bootstrap token.

        Returns
        -------
        TokenData
            User ``<bootstrap>``, a service token with ``admin:oidc`` and
            ``admin:token``, a new random token, created now.
        """
        return service_record(cls, BOOTSTRAP_USER, _BOOTSTRAP_SCOPES)

    @classmethod
    def internal_token(cls) -> Self:
        """Return the record of the service's internal token.

        Returns
        -------
        TokenData
            User ``<internal>``, a service token with ``admin:token``, a
            new random token, created now.
        """
        return service_record(cls, INTERNAL_USER, _INTERNAL_SCOPES)


TokenBase.register(TokenData)
