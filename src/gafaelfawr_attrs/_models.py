"""The token models as frozen attrs classes."""

# Without ``from __future__ import annotations``: the fields' types are
# objects when each class is made, so that `install_kinds` need not compile
# the text of every annotation (a millisecond of the package's import).

import abc
import functools
import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import Enum
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal, Self, TypeVar

import attrs

from ._codegen import built_once
from ._datetime import now_without_microseconds
from ._define import stored
from ._errors import HIDDEN, TOKEN_PREFIX, ValidationError, error_details
from ._fields import (
    FieldSpec,
    describe,
    install_kinds,
    to_float,
    to_integer_mapping,
    to_optional_utc_datetime,
    to_optional_utc_datetime_from_seconds,
    to_string_tuple,
    to_utc_datetime,
    to_utc_datetime_from_seconds,
)
from ._frozendict import FrozenDict
from ._kinds import (
    ABSENT,
    Choice,
    Integer,
    Kind,
    Model,
    ModelList,
    Nullable,
    Text,
)

__all__ = [
    "NotebookQuota",
    "Quota",
    "Token",
    "TokenBase",
    "TokenData",
    "TokenGroup",
    "TokenInfo",
    "TokenType",
    "TokenUserInfo",
]


class TokenType(Enum):
    """The class of token."""

    session = "session"
    """An interactive user web session."""

    user = "user"
    """A user-generated token that may be used programmatically."""

    notebook = "notebook"
    """The token delegated to a Jupyter notebook for the user."""

    internal = "internal"
    """Service-to-service token for sub-calls made for a user request."""

    service = "service"
    """Service-to-service token for calls unrelated to a user request."""

    oidc = "oidc"
    """Access token for an OpenID Connect client."""


TOKEN_TYPE: Final = Choice(TokenType)
"""The kind of ``token_type`` fields."""


def to_token_type(
    value: TokenType | str, *, kind: Kind = TOKEN_TYPE
) -> TokenType:
    """Convert a token type or its value string to the member, for attrs.

    Parameters
    ----------
    value
        A `TokenType` or one of its values, such as ``"session"``.

    Returns
    -------
    TokenType
        The member (`Rejected` when invalid, for the field's validator to
        report).
    """
    return kind.convert(value)  # type: ignore[return-value]


_TOKEN_TYPE_DESCRIPTION = """\
Class of token, chosen from:

* `session`: An interactive user web session
* `user`: A user-generated token that may be used programmatically
* `notebook`: The token delegated to a Jupyter notebook for the user
* `internal`: A service-to-service token used for internal sub-calls made \
as part of processing a user request
* `service`: A service-to-service token used for internal calls initiated \
by services, unrelated to a user request
* `oidc`: Access token for an OpenID Connect client
"""


NAME_TEXT: Final = Text(min_length=1, max_length=64)
"""The kind of names of 1 to 64 characters: users, services, tokens."""

USERNAME: Final = describe(
    NAME_TEXT,
    title="Username",
    description="User to whom the token was issued",
    examples=["someuser"],
)
"""The metadata of ``username`` fields, in both families."""

# The metadata of the user's other identity fields, in both families.
NAME: Final = describe(
    Nullable(Text(min_length=1)),
    title="Preferred full name",
    description="The user's preferred full name",
    examples=["Alice Example"],
)
EMAIL: Final = describe(
    Nullable(Text(min_length=1)),
    title="Email address",
    description="The user's email address",
    examples=["alice@example.com"],
)
UID: Final = describe(
    Nullable(Integer(minimum=1)),
    title="UID number",
    description="The user's numeric UID",
    examples=[4123],
)
GID: Final = describe(
    Nullable(Integer(minimum=1)),
    title="Primary GID",
    description="GID of the user's primary group",
    examples=[4123],
)


# The metadata of the scopes, in both families.
SCOPES: Final = describe(
    title="Token scopes",
    description="Scopes of the token",
    examples=[["read:all", "user:token"]],
)


def groups_field(*, default_in_schema: object = None) -> dict[str, FieldSpec]:
    """Return the metadata of a ``groups`` field.

    Parameters
    ----------
    default_in_schema
        The default the JSON schema shows, if any (see `FieldSpec`).

    Returns
    -------
    dict
        The field's metadata (see `describe`), for any list of groups
        (the field's converter gives its kind).
    """
    return describe(
        title="Groups",
        description="Groups of which the user is a member",
        default_in_schema=default_in_schema,
    )


def notebook_field(model: type) -> dict[str, FieldSpec]:
    """Return the metadata of a quota's ``notebook`` field.

    Parameters
    ----------
    model
        The family's `NotebookQuota`.

    Returns
    -------
    dict
        The field's metadata (see `describe`): the model, or `None`.
    """
    return describe(
        Nullable(Model(model)),
        title="Notebook quota",
        description="Limits on the resources of the user's notebook",
    )


def quota_field(model: type) -> dict[str, FieldSpec]:
    """Return the metadata of a user's ``quota`` field.

    Parameters
    ----------
    model
        The family's `Quota`.

    Returns
    -------
    dict
        The field's metadata (see `describe`): the model, or `None`.
    """
    return describe(
        Nullable(Model(model)), title="Quota", description="The user's quotas"
    )


def group_name_field(pattern: str) -> dict[str, FieldSpec]:
    """Return the metadata of a group's ``name`` field of a pattern.

    Parameters
    ----------
    pattern
        What a group's name looks like, in its family.

    Returns
    -------
    dict
        The field's metadata (see `describe`).
    """
    return describe(
        Text(min_length=1, pattern=pattern),
        title="Name of the group",
        description="Name of a group of which the user is a member",
        examples=["g_special_users"],
    )


def group_id_field(kind: Kind) -> dict[str, FieldSpec]:
    """Return the metadata of a group's ``id`` field of a kind.

    Parameters
    ----------
    kind
        Which integers and nulls the field holds.

    Returns
    -------
    dict
        The field's metadata (see `describe`).
    """
    return describe(
        kind,
        title="Numeric GID",
        description="Numeric GID of the group",
        examples=[123181],
    )


# The metadata of the datetime fields, in both families (of any datetime
# kind: each field's converter gives it).
CREATED: Final = describe(
    title="Creation time",
    description="Creation timestamp of the token in seconds since epoch",
    examples=[1614986130],
)
LAST_USED: Final = describe(
    title="Last used",
    description="When the token was last used, in seconds since epoch",
    examples=[1614990000],
)
EXPIRES: Final = describe(
    title="Expiration time",
    description="Expiration timestamp of the token in seconds since epoch",
    examples=[1616986130],
)


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TokenBase(abc.ABC):  # noqa: B024 (an ABC for TokenData.register)
    """Base information about a token common to several representations.

    This is the information that's common to the Redis and database
    representations of the token.
    """

    username: str = attrs.field(metadata=USERNAME)
    """User to whom the token was issued: 1 to 64 characters."""

    token_type: TokenType = attrs.field(
        converter=to_token_type,
        metadata=describe(
            title="Token type",
            description=_TOKEN_TYPE_DESCRIPTION,
            examples=["session"],
        ),
    )
    """Class of token."""

    scopes: tuple[str, ...] = attrs.field(
        converter=to_string_tuple,
        metadata=SCOPES,
    )
    """Scopes of the token, in the order given."""

    created: datetime = attrs.field(
        factory=now_without_microseconds,
        converter=to_utc_datetime,
        metadata=CREATED,
    )
    """Creation time in UTC; by default now, to the second."""

    expires: datetime | None = attrs.field(
        default=None,
        converter=to_optional_utc_datetime,
        metadata=EXPIRES,
    )
    """Expiration time in UTC, or `None` for a token that never expires."""


_TOKEN_BYTES = 16
"""Random bytes in a key or a secret: 128 bits."""

_TOKEN_HALF_LENGTH = -(-_TOKEN_BYTES * 4 // 3)
"""Characters in a key or a secret: its bytes in URL-safe base64 without
padding (4 characters per 3 bytes, the last group cut short): 22."""


@built_once
def _url_safe_base64() -> re.Pattern[str]:
    """Match characters of URL-safe base64 without padding (fullmatch).

    Compiled when a token's text is first read, not at import.
    """
    return re.compile("[A-Za-z0-9_-]*")


@functools.cache
def _module(name: str) -> ModuleType:
    """Return a module of the standard library, imported on first use.

    For `hmac` and `secrets`, which load OpenSSL (milliseconds) and which
    only comparing and making tokens need. Cached: an import statement
    where they are used would add a quarter of a microsecond to each use.
    `functools.cache` rather than `built_once`, whose lookup is slower:
    the import system already gives threads importing a module at once
    the same module.
    """
    return importlib.import_module(name)


def random_128_bits() -> str:
    """Return 128 random bits as URL-safe base64 without padding.

    Returns
    -------
    str
        `_TOKEN_HALF_LENGTH` characters.
    """
    text: str = _module("secrets").token_urlsafe(_TOKEN_BYTES)
    return text


@attrs.frozen(
    kw_only=True, field_transformer=install_kinds, init=False, eq=False
)
@stored
class Token:
    """An opaque bearer token: a key to find it by and a secret.

    Its text form is ``gt-<key>.<secret>``; ``str(token)`` gives it. The
    secret never appears in the representation of a token, or of a record
    holding one. Tokens are equal when their keys and secrets are; the
    secrets are compared in constant time.
    """

    key: str = attrs.field(
        metadata=describe(
            Text(),
            title="Key",
            description="Identifies the token: 128 random bits, base64",
            examples=["5KVApqcVbSQWtO3VIRgOhQ"],
        ),
    )
    """Identifies the token."""

    secret: str = attrs.field(
        metadata=describe(
            Text(),
            title="Secret",
            description="Known only to the token's holder: 128 random bits",
            secret=True,
        ),
    )
    """Proves possession of the token."""

    def __init__(
        self, *, key: str | None = None, secret: str | None = None
    ) -> None:
        """Make a token from its parts, or a new random one.

        Parameters
        ----------
        key
            Identifies the token; `None` (the default) draws a random one.
        secret
            Proves possession of the token; `None` (the default) draws a
            random one.

        Notes
        -----
        Only ``Token()`` in code makes a new random token: when a record
        is read, its token's key and secret are both required.
        """
        self.__attrs_init__(
            key=random_128_bits() if key is None else key,
            secret=random_128_bits() if secret is None else secret,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token) or type(other) is not type(self):
            return NotImplemented
        # compare_digest takes only ASCII str; the UTF-8 bytes are as
        # unique as the text (a token holds no unpaired surrogates).
        return self.key == other.key and _module("hmac").compare_digest(
            self.secret.encode(), other.secret.encode()
        )

    def __hash__(self) -> int:
        # Equal tokens have equal keys: the secret need not be hashed.
        return hash(self.key)

    def __str__(self) -> str:
        return f"{TOKEN_PREFIX}{self.key}.{self.secret}"

    @classmethod
    def from_str(cls, text: str) -> Self:
        """Parse the text form of a token.

        Parameters
        ----------
        text
            A token such as ``gt-<key>.<secret>``.

        Returns
        -------
        Token
            The token.

        Raises
        ------
        ValidationError
            The text does not start with ``gt-``, has no ``.``, or its key
            or secret is not exactly 22 characters of URL-safe base64
            (``A-Z``, ``a-z``, ``0-9``, ``-``, ``_``). The text itself is
            never included in the error.
        """
        problem = _token_form_problem(text)
        if problem is not None:
            error = error_details(problem, "token_format", HIDDEN)
            raise ValidationError([error], cls.__name__, cls)
        # A str by its type: its text, never through a subclass's methods.
        exact = text if type(text) is str else str.__str__(text)
        key, secret = exact.removeprefix(TOKEN_PREFIX).split(".", 1)
        return cls(key=key, secret=secret)

    @staticmethod
    def is_token(text: str) -> bool:
        """Tell whether a string has the form of a token.

        Parameters
        ----------
        text
            The string.

        Returns
        -------
        bool
            Whether `from_str` would accept it.
        """
        return _token_form_problem(text) is None


def _token_form_problem(text: object) -> str | None:
    """Say what is wrong with the text form of a token, if anything.

    A subclass of `str` is read as the text it holds, none of its methods
    run; any other object, whatever its ``__class__`` says, is refused.
    """
    if type(text) is str:
        exact = text
    elif issubclass(type(text), str):  # not isinstance: __class__ may lie
        exact = str.__str__(text)
    else:
        exact = ""  # no text, and so no prefix
    if not exact.startswith(TOKEN_PREFIX):
        return f"Token does not start with {TOKEN_PREFIX}"
    trimmed = exact.removeprefix(TOKEN_PREFIX)
    if "." not in trimmed:
        return "Token does not contain a ."
    key, secret = trimmed.split(".", 1)
    # Not read by a `Text` kind with a pattern: its search remembers the
    # short strings it matched (`_remembering`), and a secret must not
    # outlive its token.
    if len(key) != _TOKEN_HALF_LENGTH or len(secret) != _TOKEN_HALF_LENGTH:
        return (
            "Token key and secret must each be"
            f" {_TOKEN_HALF_LENGTH} characters"
        )
    url_safe = _url_safe_base64()
    if not (url_safe.fullmatch(key) and url_safe.fullmatch(secret)):
        return "Token key and secret must be URL-safe base64 (A-Za-z0-9-_)"
    return None


GROUP_NAME_PATTERN: Final = "^[a-zA-Z][a-zA-Z0-9._-]*$"
"""What a group name looks like."""


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TokenGroup:
    """A group of which the user is a member."""

    name: str = attrs.field(metadata=group_name_field(GROUP_NAME_PATTERN))
    """The group's name: a letter, then letters, digits, ``._-``."""

    id: int | None = attrs.field(
        default=None,
        metadata=group_id_field(Nullable(Integer())),
    )
    """The group's numeric GID, if it has one."""


# The metadata of the notebook quota's fields, in both families.
CPU: Final = describe(
    title="CPU equivalents",
    description="Maximum number of CPU equivalents",
    examples=[4.0],
)
MEMORY: Final = describe(
    title="Maximum memory use (GiB)",
    description="Maximum memory use, in GiB",
    examples=[16.0],
)


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class NotebookQuota:
    """Limits on the resources of the user's notebook."""

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


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class Quota:
    """The quotas of a user."""

    api: Mapping[str, int] = attrs.field(
        factory=FrozenDict,
        converter=to_integer_mapping,
        metadata=describe(
            title="API quotas",
            description="Requests allowed per 15 minutes, by service name",
            examples=[{"datalinker": 500}],
            default_in_schema={},
        ),
    )
    """Requests allowed per 15 minutes, by service name (read-only)."""

    notebook: NotebookQuota | None = attrs.field(
        default=None,
        metadata=notebook_field(NotebookQuota),
    )
    """Limits on the user's notebook, if any."""


TOKEN_KEY: Final = Text(
    min_length=_TOKEN_HALF_LENGTH, max_length=_TOKEN_HALF_LENGTH
)
"""A token's key, where a field holds one as text."""

# The metadata of the token-info fields both families have.
TOKEN_KEY_FIELD: Final = describe(
    TOKEN_KEY,
    title="Token key",
    description="Key of the token",
    examples=["5KVApqcVbSQWtO3VIRgOhQ"],
    # A whole token given here would carry its secret.
    hide_input=True,
)
TOKEN_NAME: Final = describe(
    Nullable(NAME_TEXT),
    title="User-given name of the token",
    description="Name the user gave a user token",
    examples=["laptop token"],
)
PARENT: Final = describe(
    Nullable(TOKEN_KEY),
    title="Parent token",
    description="Key of the token from which this one was made",
    examples=["1NOV_8aPwhCWj6rM-p1XgQ"],
)


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TokenInfo(TokenBase):
    """A token as the token-info API returns it: the database record.

    ``created``, ``expires`` and ``last_used`` are read from datetimes or
    integers of seconds since the epoch (always seconds, however large),
    and written as whole seconds, whatever the converter's datetime format.
    """

    # TokenInfo's datetimes, of their own kind; attrs keeps the inherited
    # fields first, so the order stays TokenBase's.
    created: datetime = attrs.field(
        factory=now_without_microseconds,
        converter=to_utc_datetime_from_seconds,
        metadata=CREATED,
    )
    """Creation time in UTC; by default now, to the second."""

    expires: datetime | None = attrs.field(
        default=None,
        converter=to_optional_utc_datetime_from_seconds,
        metadata=EXPIRES,
    )
    """Expiration time in UTC, or `None` for a token that never expires."""

    token: str = attrs.field(metadata=TOKEN_KEY_FIELD)
    """The token's key (never its secret)."""

    token_name: str | None = attrs.field(
        default=None,
        metadata=TOKEN_NAME,
    )
    """The name a user gave a user token."""

    service: str | None = attrs.field(
        default=None,
        metadata=describe(
            Nullable(NAME_TEXT),
            title="Service",
            description="Service to which a service token was issued",
            examples=["internal-service"],
        ),
    )
    """The service a service token was issued to."""

    last_used: datetime | None = attrs.field(
        default=None,
        converter=to_optional_utc_datetime_from_seconds,
        metadata=LAST_USED,
    )
    """When the token was last used, in UTC."""

    parent: str | None = attrs.field(
        default=None,
        metadata=PARENT,
    )
    """The key of the token this one was derived from."""


def to_groups(
    value: Iterable[TokenGroup] | None,
    *,
    kind: Kind = Nullable(ModelList(Model(TokenGroup))),  # noqa: B008 (made once: the kind)
) -> tuple[TokenGroup, ...] | None:
    """Make a list of groups a tuple, for attrs.

    Parameters
    ----------
    value
        `TokenGroup` instances (never data to structure), or `None`.

    Returns
    -------
    tuple of TokenGroup or None
        The groups as a tuple, or `None` (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class Identity:
    """Who a token's user is: the fields of both families' TokenUserInfo."""

    username: str = attrs.field(metadata=USERNAME)
    """User to whom the token was issued: 1 to 64 characters."""

    name: str | None = attrs.field(
        default=None,
        metadata=NAME,
    )
    """The user's full name."""

    email: str | None = attrs.field(
        default=None,
        metadata=EMAIL,
    )
    """The user's email address."""

    uid: int | None = attrs.field(
        default=None,
        metadata=UID,
    )
    """The user's numeric UID, at least 1."""

    gid: int | None = attrs.field(
        default=None,
        metadata=GID,
    )
    """The GID of the user's primary group, at least 1."""

    def to_userinfo_dict(self) -> dict[str, Any]:
        """Return the identity alone, for logging.

        Returns
        -------
        dict
            ``name``, ``email``, ``uid``, ``gid`` and ``groups`` (each group
            a dict of its fields, an absent ``id`` left out), those that
            are set; never the username, even for a subclass.
        """
        result: dict[str, Any] = {}
        # Identity's own fields but the username, then a subclass's groups.
        names = [
            field.name
            for field in attrs.fields(Identity)
            if field.name != "username"
        ]
        for name in (*names, "groups"):
            value = getattr(self, name, None)
            if value is None:
                continue
            if name == "groups":
                value = [
                    {
                        key: held
                        for key, held in attrs.asdict(group).items()
                        if held is not ABSENT
                    }
                    for group in value
                ]
            result[name] = value
        return result


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class TokenUserInfo(Identity):
    """The identity of a token's user, stored with the token."""

    groups: tuple[TokenGroup, ...] | None = attrs.field(
        default=None,
        converter=to_groups,
        metadata=groups_field(),
    )
    """The user's groups."""

    quota: Quota | None = attrs.field(
        default=None,
        metadata=quota_field(Quota),
    )
    """The user's quotas."""


BOOTSTRAP_USER: Final = "<bootstrap>"
"""The username of the service's bootstrap token, in every release."""

INTERNAL_USER: Final = "<internal>"
"""The username of the service's internal token, in every release."""

_ADMIN_SCOPES: Final = ("admin:token",)


_Record = TypeVar("_Record")


def service_record(
    make: Callable[..., _Record], username: str, scopes: Iterable[str]
) -> _Record:
    """Return the record of a token the service issues to itself.

    Parameters
    ----------
    make
        A `TokenData` class, of either family.
    username
        The service's name for the token's user (``<bootstrap>``).
    scopes
        The token's scopes.

    Returns
    -------
    object
        A service token's record, with a new random token, created now.
    """
    return make(
        username=username,
        token_type=TokenType.service,
        scopes=scopes,
        token=Token(),
    )


TOKEN: Final = describe(
    Model(Token),
    title="Associated token",
    description="The token: its key and its secret",
    secret=True,
)
"""The metadata of a record's ``token``, in both families."""


# TokenData is both a TokenBase and a TokenUserInfo. Python cannot give a
# class two bases that both have slots, so at run time it inherits from
# TokenUserInfo, takes the fields of TokenBase from their declarations
# there (`stored`'s ``fields_of``), and is registered as a virtual
# subclass of TokenBase (isinstance and issubclass hold). Type checkers
# are shown both bases. Its fields come in the order of the Pydantic
# model's.
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
    epoch, whatever the converter's datetime format; beyond 2e10 seconds
    (after 2603, before 1336), where readers take numbers as milliseconds,
    whole milliseconds.
    """

    datetimes_written_as: ClassVar[Literal["seconds"]] = "seconds"
    """How the converters write this model's datetimes: whole seconds
    (whole milliseconds beyond 2e10 seconds)."""

    token: Token = attrs.field(metadata=TOKEN)
    """The token itself, secret included (hidden from ``repr``)."""

    @classmethod
    def bootstrap_token(cls) -> Self:
        """Return the record of the service's bootstrap token.

        Returns
        -------
        TokenData
            User ``<bootstrap>``, a service token with ``admin:token``, a
            new random token, created now.
        """
        return service_record(cls, BOOTSTRAP_USER, _ADMIN_SCOPES)

    @classmethod
    def internal_token(cls) -> Self:
        """Return the record of the service's internal token.

        Returns
        -------
        TokenData
            User ``<internal>``, a service token with ``admin:token``, a
            new random token, created now.
        """
        return service_record(cls, INTERNAL_USER, _ADMIN_SCOPES)


TokenBase.register(TokenData)
