"""The token models as frozen attrs classes."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Final

import attrs

from ._datetime import now_without_microseconds
from ._fields import (
    OPTIONAL_TIMESTAMP,
    STRING_LIST,
    TIMESTAMP,
    Choice,
    Text,
    add_validators,
    convert_or_reject,
    describe,
    to_optional_utc_datetime,
    to_string_tuple,
    to_utc_datetime,
)

__all__ = ["TokenBase", "TokenType"]


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


_TOKEN_TYPE: Final = Choice(TokenType)


def to_token_type(value: TokenType | str) -> TokenType:
    """Convert a token type or its value string to the member, for attrs.

    Parameters
    ----------
    value
        A `TokenType` or one of its values, such as ``"session"``.

    Returns
    -------
    TokenType
        The member; a `Rejected` wrapper when invalid, which the field's
        validator then reports.
    """
    if value.__class__ is TokenType:
        return value
    return convert_or_reject(_TOKEN_TYPE, value)  # type: ignore[no-any-return]


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


@attrs.frozen(kw_only=True, field_transformer=add_validators)
class TokenBase:
    """Base information about a token common to several representations.

    This is the information that's common to the Redis and database
    representations of the token.
    """

    username: str = attrs.field(
        metadata=describe(
            Text(min_length=1, max_length=64),
            title="Username",
            description="User to whom the token was issued",
            examples=["someuser"],
        ),
    )
    """User to whom the token was issued: 1 to 64 characters."""

    token_type: TokenType = attrs.field(
        converter=to_token_type,
        metadata=describe(
            _TOKEN_TYPE,
            title="Token type",
            description=_TOKEN_TYPE_DESCRIPTION,
            examples=["session"],
        ),
    )
    """Class of token."""

    scopes: tuple[str, ...] = attrs.field(
        converter=to_string_tuple,
        metadata=describe(
            STRING_LIST,
            title="Token scopes",
            description="Scopes of the token",
            examples=[["read:all", "user:token"]],
        ),
    )
    """Scopes of the token, in the order given."""

    created: datetime = attrs.field(
        factory=now_without_microseconds,
        converter=to_utc_datetime,
        metadata=describe(
            TIMESTAMP,
            title="Creation time",
            description=(
                "Creation timestamp of the token in seconds since epoch"
            ),
            examples=[1614986130],
        ),
    )
    """Creation time in UTC; by default now, to the second."""

    expires: datetime | None = attrs.field(
        default=None,
        converter=to_optional_utc_datetime,
        metadata=describe(
            OPTIONAL_TIMESTAMP,
            title="Expiration time",
            description=(
                "Expiration timestamp of the token in seconds since epoch"
            ),
            examples=[1616986130],
        ),
    )
    """Expiration time in UTC, or `None` for a token that never expires."""
