"""The peers' operations, done by msgspec Structs: the ceiling."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from ._plain import TokenType

NAME = "msgspec Struct"
VERSION = msgspec.__version__
CHECKS = (
    "each field's type, nested Structs and the enum's values; datetimes"
    " from RFC 3339 strings, and from epoch seconds only in lax mode"
    " (`strict=False`, used for TokenData, which then also reads numbers"
    " and datetimes from numeric strings); no lengths, patterns or ranges;"
    " offsets kept and naive datetimes left naive (no UTC normalisation)"
)


class Token(msgspec.Struct):
    """A token's key and secret."""

    key: str
    secret: str


class TokenGroup(msgspec.Struct):
    """A group the user belongs to."""

    name: str
    id: int | None = None


class NotebookQuota(msgspec.Struct):
    """A notebook quota."""

    cpu: float
    memory: float


class Quota(msgspec.Struct):
    """A user's quotas."""

    api: dict[str, int] = {}
    notebook: NotebookQuota | None = None


class TokenBase(msgspec.Struct, kw_only=True):
    """The fields every token has."""

    username: str
    token_type: TokenType
    scopes: list[str]
    created: datetime
    expires: datetime | None = None


class TokenData(TokenBase, kw_only=True):
    """A token's record as kept in Redis."""

    token: Token
    name: str | None = None
    email: str | None = None
    uid: int | None = None
    gid: int | None = None
    groups: list[TokenGroup] | None = None
    quota: Quota | None = None


_token_base = msgspec.json.Decoder(TokenBase)
_token_data = msgspec.json.Decoder(TokenData, strict=False)


def from_dict(data: dict[str, Any]) -> TokenBase:
    """Build a token from a dict of JSON values."""
    return msgspec.convert(data, TokenBase)


def from_json(text: bytes) -> TokenBase:
    """Build a token from JSON text."""
    return _token_base.decode(text)


def token_data_from_json(text: bytes) -> TokenData:
    """Build a Redis record from JSON text."""
    return _token_data.decode(text)
