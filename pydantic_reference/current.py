"""Gafaelfawr's token models at HEAD, reproduced as the current oracle.

These are the Pydantic v2 models of the service as they stand at the
commit named by `SERVICE_VERSION` (the "current family"): the same fields
in the same order, the same types, defaults, constraints and extra-key
policy, and the same three annotated field types the service shares
between its models (`UtcDatetime`, `Timestamp`, `Scopes`), so that reading
and dumping behave as the service's do. The differential and round-trip
tests of ``gafaelfawr_attrs.current`` compare the package with these
models, and the benchmarks time them.

Two things are deliberately not reproduced. `Token` requires its ``key``
and ``secret`` when read, as the 2024 reproduction does (the service fills
a missing half with random text, which the package refuses). Titles,
descriptions and examples of fields are left out: the structure of the
JSON schema (its ``$defs`` for `Scopes`, `Timestamp` and `UtcDatetime`)
is the service's, its prose is not.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
)
from typing_extensions import TypeAliasType

from pydantic_reference import TokenType

__all__ = [
    "GROUPNAME_REGEX",
    "SERVICE_VERSION",
    "USERNAME_REGEX",
    "Group",
    "NotebookQuota",
    "Quota",
    "Scopes",
    "TapQuota",
    "Timestamp",
    "Token",
    "TokenBase",
    "TokenData",
    "TokenInfo",
    "TokenType",
    "TokenUserInfo",
    "UserInfo",
    "UtcDatetime",
]

SERVICE_VERSION: Final = "HEAD 9084e408 (2026-08-21, after 15.4.1)"
"""The Gafaelfawr commit whose models this module reproduces."""

GROUPNAME_REGEX: Final = (
    "^([a-zA-Z]|[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z])[a-zA-Z0-9._-]*$"
)
"""Valid group names: a letter or digit first and at least one letter.

Pydantic matches ``pattern=`` with Rust's regex engine, where ``$`` is the
end of the text, so a trailing newline is refused; to match the same way
in Python, use `re.fullmatch`.
"""

USERNAME_REGEX: Final = (
    "^[a-z0-9](?:[a-z0-9]|-[a-z0-9])*[a-z](?:[a-z0-9]|-[a-z0-9])*$"
)
"""Valid usernames for token requests and routes.

The models do not check it (their ``username`` fields only limit the
length); it is here for whoever needs to make realistic usernames.
"""


def _to_utc(value: datetime) -> datetime:
    """Force a datetime into UTC, taking a naive one as UTC already."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _epoch_seconds(value: datetime) -> int:
    """Write a datetime as whole seconds since the epoch, toward zero."""
    return int(value.timestamp())


def _read_scopes(value: Any) -> set[str]:
    """Read scopes from a comma-separated string or any iterable.

    Nothing else is checked: the items of an iterable are kept whatever
    they are, and None or a non-iterable raises `TypeError` from `set`,
    which Pydantic does not turn into a validation error.
    """
    if isinstance(value, str):
        return set(value.split(",")) if value else set()
    return set(value)


def _sorted_scopes(value: set[str]) -> list[str]:
    """Write scopes as a sorted list (JSON dumps only)."""
    return sorted(value)


UtcDatetime = TypeAliasType(
    "UtcDatetime", Annotated[datetime, AfterValidator(_to_utc)]
)
"""A datetime read by Pydantic's lax rules, then held in UTC.

Numbers (and numeric strings) are Unix time in seconds, or milliseconds
beyond 2e10 in absolute value; a naive result keeps its wall-clock time and
gets tzinfo UTC, an aware one becomes the same instant in UTC.
"""

Timestamp = TypeAliasType(
    "Timestamp",
    Annotated[UtcDatetime, PlainSerializer(_epoch_seconds, return_type=int)],
)
"""A `UtcDatetime` dumped, in python and JSON modes, as integer seconds."""

Scopes = TypeAliasType(
    "Scopes",
    Annotated[
        set[str],
        PlainValidator(_read_scopes),
        PlainSerializer(
            _sorted_scopes, return_type=list[str], when_used="json"
        ),
    ],
)
"""A set of scopes: read from a comma list or an iterable, sorted in JSON."""


def _now() -> datetime:
    """Return the current time in UTC, to the second."""
    return datetime.now(tz=UTC).replace(microsecond=0)


def _random_half() -> str:
    """Return 128 random bits as URL-safe base64 without padding."""
    return secrets.token_urlsafe(16)


class Token(BaseModel):
    """An opaque bearer token: a key to find it by and a secret.

    Both halves are required when read (see the module docstring).
    """

    key: str
    secret: str


class Group(BaseModel):
    """A group of which the user is a member.

    The ``id`` is required (an integer, any value): a null or absent ``id``,
    as 10.x wrote, is refused.
    """

    name: str = Field(..., min_length=1, pattern=GROUPNAME_REGEX)
    id: int


class NotebookQuota(BaseModel):
    """Limits on the resources of the user's notebook."""

    model_config = ConfigDict(extra="forbid")

    cpu: float
    """Number of CPU equivalents."""

    memory: float
    """Memory in GiB."""

    spawn: bool = True
    """Whether the user may start a notebook."""

    def add(self, other: NotebookQuota | None) -> NotebookQuota:
        """Combine this quota with another one.

        Parameters
        ----------
        other
            The quota to add, or None.

        Returns
        -------
        NotebookQuota
            This quota itself when ``other`` is None; otherwise a new quota
            whose CPU and memory are the sums and which allows spawning only
            when both do.
        """
        if other is None:
            return self
        return NotebookQuota(
            cpu=self.cpu + other.cpu,
            memory=self.memory + other.memory,
            spawn=self.spawn and other.spawn,
        )


class TapQuota(BaseModel):
    """Limits on the user's use of one TAP service."""

    model_config = ConfigDict(extra="forbid")

    concurrent: int
    """Number of queries the user may run at once."""

    def add(self, other: TapQuota | None) -> TapQuota:
        """Combine this quota with another one.

        Parameters
        ----------
        other
            The quota to add, or None.

        Returns
        -------
        TapQuota
            This quota itself when ``other`` is None; otherwise a new quota
            allowing the sum of both concurrent queries.
        """
        if other is None:
            return self
        return TapQuota(concurrent=self.concurrent + other.concurrent)


class Quota(BaseModel):
    """The quotas of a user."""

    model_config = ConfigDict(extra="forbid")

    api: dict[str, int] = Field(default={})
    """Service name to requests allowed per minute."""

    disk: dict[str, int] = Field(default={})
    """Mount point to bytes of storage allowed."""

    notebook: NotebookQuota | None = None
    """Notebook limits, if any."""

    tap: dict[str, TapQuota] = Field(default={})
    """TAP service name to its limits."""

    def is_empty(self) -> bool:
        """Tell whether the quota sets no limit at all.

        Returns
        -------
        bool
            True when ``api``, ``disk`` and ``tap`` are empty and
            ``notebook`` is None.
        """
        return (
            not self.api
            and not self.disk
            and not self.tap
            and self.notebook is None
        )


class TokenBase(BaseModel):
    """Information about a token common to its Redis and database records.

    ``created`` defaults to the current time in UTC, to the second.
    """

    username: str = Field(..., min_length=1, max_length=64)
    token_type: TokenType
    service: str | None = Field(default=None, min_length=1, max_length=64)
    scopes: Scopes
    created: Timestamp = Field(default_factory=_now)
    expires: Timestamp | None = None


class TokenInfo(TokenBase):
    """A token as the token-info API returns it: the database record."""

    token: str = Field(..., min_length=22, max_length=22)
    token_name: str | None = Field(default=None, min_length=1, max_length=64)
    last_used: Timestamp | None = None
    parent: str | None = Field(default=None, min_length=22, max_length=22)


class TokenUserInfo(BaseModel):
    """The identity of a token's user, stored with the token."""

    username: str = Field(..., min_length=1, max_length=64)
    name: str | None = Field(default=None, min_length=1)
    email: str | None = Field(default=None, min_length=1)
    uid: int | None = Field(default=None, ge=1)
    gid: int | None = Field(default=None, ge=1)
    groups: list[Group] | None = None

    def to_userinfo_dict(self) -> dict[str, Any]:
        """Return the identity alone, for logging.

        Returns
        -------
        dict
            ``name``, ``email``, ``uid``, ``gid`` and ``groups`` (each group
            a dict of its name and id), those that are not None; never the
            username, even for a subclass.
        """
        result: dict[str, Any] = {}
        for key in ("name", "email", "uid", "gid"):
            value = getattr(self, key)
            if value is not None:
                result[key] = value
        if self.groups is not None:
            result["groups"] = [group.model_dump() for group in self.groups]
        return result


class TokenData(TokenBase, TokenUserInfo):
    """A token's record as kept in Redis: token, information and identity.

    Its fields come in the order ``username, name, email, uid, gid, groups,
    token_type, service, scopes, created, expires, token``: Pydantic takes
    the fields of `TokenUserInfo` first, then those of `TokenBase` (whose
    ``username`` keeps its first place), then ``token``.
    """

    token: Token

    @classmethod
    def bootstrap_token(cls) -> Self:
        """Make the record of the bootstrap token.

        Returns
        -------
        TokenData
            A service token for ``<bootstrap>`` with the scopes
            ``admin:oidc`` and ``admin:token``, a fresh random token,
            created now.
        """
        return cls(
            token=Token(key=_random_half(), secret=_random_half()),
            username="<bootstrap>",
            token_type=TokenType.service,
            scopes={"admin:oidc", "admin:token"},
            created=_now(),
        )

    @classmethod
    def internal_token(cls) -> Self:
        """Make the record of the token the service uses for itself.

        Returns
        -------
        TokenData
            A service token for ``<internal>`` with the scope
            ``admin:token``, a fresh random token, created now.
        """
        return cls(
            token=Token(key=_random_half(), secret=_random_half()),
            username="<internal>",
            token_type=TokenType.service,
            scopes={"admin:token"},
            created=_now(),
        )


class UserInfo(TokenUserInfo):
    """A user's metadata as the user-info and users APIs return it.

    Unlike `TokenUserInfo`, ``groups`` is never None (an empty list by
    default, a new one for each instance) and a quota may be given.
    """

    groups: list[Group] = Field(default=[])
    quota: Quota | None = None
