"""What the peers share: the token type and a datetime hook.

The peers (`bench_msgspec`, `bench_mashumaro`, `bench_cattrs`) define the
models' fields and types in their own way, without the models' rules.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum

__all__ = ["TokenType", "parse_datetime"]


class TokenType(Enum):
    """The class of token, as the models have it."""

    session = "session"
    user = "user"
    notebook = "notebook"
    internal = "internal"
    service = "service"
    oidc = "oidc"


def parse_datetime(value: float | str) -> datetime:
    """Read epoch seconds or an ISO 8601 string, as a peer's datetime hook.

    Parameters
    ----------
    value
        Seconds since the epoch, or a string `datetime.fromisoformat` reads.

    Returns
    -------
    datetime
        Aware in UTC for epoch seconds; for strings, with the string's own
        offset (naive when it has none).
    """
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return datetime.fromtimestamp(value, UTC)
