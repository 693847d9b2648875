"""The peers' operations, done by mashumaro on plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from typing import Any

from mashumaro.codecs.basic import BasicDecoder
from mashumaro.codecs.orjson import ORJSONDecoder
from mashumaro.dialect import Dialect

from ._plain import TokenType, parse_datetime

NAME = "mashumaro (orjson)"
VERSION = metadata.version("mashumaro")
CHECKS = (
    "builds nested dataclasses and the enum's members, datetimes by a"
    " hook (`fromisoformat`, `fromtimestamp`); converts by calling `str`"
    " and `int` (5 becomes '5', 4.5 becomes 4, a string of scopes its"
    " letters); no lengths, patterns or ranges; offsets kept and naive"
    " datetimes left naive (no UTC normalisation)"
)


@dataclass
class Token:
    """A token's key and secret."""

    key: str
    secret: str


@dataclass
class TokenGroup:
    """A group the user belongs to."""

    name: str
    id: int | None = None


@dataclass
class NotebookQuota:
    """A notebook quota."""

    cpu: float
    memory: float


@dataclass
class Quota:
    """A user's quotas."""

    api: dict[str, int] = field(default_factory=dict)
    notebook: NotebookQuota | None = None


@dataclass(kw_only=True)
class TokenBase:
    """The fields every token has."""

    username: str
    token_type: TokenType
    scopes: list[str]
    created: datetime
    expires: datetime | None = None


@dataclass(kw_only=True)
class TokenData(TokenBase):
    """A token's record as kept in Redis."""

    token: Token
    name: str | None = None
    email: str | None = None
    uid: int | None = None
    gid: int | None = None
    groups: list[TokenGroup] | None = None
    quota: Quota | None = None


class _EpochOrISO(Dialect):
    """Datetimes from epoch seconds or ISO strings, by the shared hook."""

    serialization_strategy = {  # noqa: RUF012 (mashumaro's own attribute)
        datetime: {"deserialize": parse_datetime}
    }


_token_base_dict = BasicDecoder(TokenBase, default_dialect=_EpochOrISO)
_token_base_json = ORJSONDecoder(TokenBase, default_dialect=_EpochOrISO)
_token_data_json = ORJSONDecoder(TokenData, default_dialect=_EpochOrISO)


def from_dict(data: dict[str, Any]) -> TokenBase:
    """Build a token from a dict of JSON values."""
    return _token_base_dict.decode(data)


def from_json(text: bytes) -> TokenBase:
    """Build a token from JSON text."""
    return _token_base_json.decode(text)


def token_data_from_json(text: bytes) -> TokenData:
    """Build a Redis record from JSON text."""
    return _token_data_json.decode(text)
