"""The peers' operations, done by a plain cattrs converter on attrs classes."""

from __future__ import annotations

from datetime import datetime
from importlib import metadata
from typing import Any

import attrs
import cattrs
import orjson

from ._plain import TokenType, parse_datetime

NAME = "cattrs plain (orjson)"
VERSION = metadata.version("cattrs")
CHECKS = (
    "builds nested attrs classes and the enum's members, datetimes by a"
    " hook (`fromisoformat`, `fromtimestamp`); converts by calling `str`"
    " and `int` (5 becomes '5', 4.5 becomes 4, a string of scopes its"
    " letters); no lengths, patterns or ranges; offsets kept and naive"
    " datetimes left naive (no UTC normalisation)"
)


@attrs.define
class Token:
    """A token's key and secret."""

    key: str
    secret: str


@attrs.define
class TokenGroup:
    """A group the user belongs to."""

    name: str
    id: int | None = None


@attrs.define
class NotebookQuota:
    """A notebook quota."""

    cpu: float
    memory: float


@attrs.define
class Quota:
    """A user's quotas."""

    api: dict[str, int] = attrs.field(factory=dict)
    notebook: NotebookQuota | None = None


@attrs.define(kw_only=True)
class TokenBase:
    """The fields every token has."""

    username: str
    token_type: TokenType
    scopes: list[str]
    created: datetime
    expires: datetime | None = None


@attrs.define(kw_only=True)
class TokenData(TokenBase):
    """A token's record as kept in Redis."""

    token: Token
    name: str | None = None
    email: str | None = None
    uid: int | None = None
    gid: int | None = None
    groups: list[TokenGroup] | None = None
    quota: Quota | None = None


_converter = cattrs.Converter()
_converter.register_structure_hook(
    datetime, lambda value, _: parse_datetime(value)
)


def from_dict(data: dict[str, Any]) -> TokenBase:
    """Build a token from a dict of JSON values."""
    return _converter.structure(data, TokenBase)


def from_json(text: bytes) -> TokenBase:
    """Build a token from JSON text."""
    return _converter.structure(orjson.loads(text), TokenBase)


def token_data_from_json(text: bytes) -> TokenData:
    """Build a Redis record from JSON text."""
    return _converter.structure(orjson.loads(text), TokenData)
