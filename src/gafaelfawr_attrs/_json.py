"""JSON text: msgspec when installed (the ``fast`` extra), else the stdlib.

Both backends read the same documents and write the same bytes. The
standard-library reader is made as strict as msgspec (and as Pydantic's own
parser): bytes must be UTF-8, and ``NaN``, ``Infinity``, numbers too large
for a float and unpaired surrogates are refused.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, Final

import attrs

from ._structuring import StructurePlan

try:
    import msgspec
except ImportError:  # pragma: no cover - depends on the install
    msgspec = None  # type: ignore[assignment]

__all__ = ["DEFAULT", "MSGSPEC", "STDLIB", "JsonBackend", "backend"]

TypedLoaderFactory = Callable[
    [StructurePlan], tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]
]
"""Makes the typed loaders of a model from its structuring plan."""


@attrs.frozen
class JsonBackend:
    """A JSON library, wrapped to read and write as this package needs."""

    name: str
    """The library's name."""

    read: Callable[[str | bytes | bytearray], Any]
    """Parse JSON text; raises ValueError (or RecursionError) if invalid."""

    write: Callable[[object], str]
    """Write compact JSON text, non-ASCII characters kept."""

    writes_datetimes: bool
    """Whether `write` writes UTC datetimes, enums and tuples itself,
    exactly as `format_iso` writes datetimes."""

    make_typed_loaders: TypedLoaderFactory | None = None
    """Make functions reading JSON straight into a model and into a list
    of models (see `_typed`), for libraries that decode typed documents."""


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _reject_constant(name: str) -> object:
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


def _finite_float(text: str) -> float:
    number = float(text)
    if number in {math.inf, -math.inf}:
        msg = f"number out of range: {text}"
        raise ValueError(msg)
    return number


_DECODER = json.JSONDecoder(
    parse_constant=_reject_constant, parse_float=_finite_float
)


def _read_with_stdlib(data: str | bytes | bytearray) -> Any:
    text = data if isinstance(data, str) else bytes(data).decode("utf-8")
    if not text.isascii():
        text.encode("utf-8")  # raises for unpaired surrogates
    result = _DECODER.decode(text)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        # Escaped surrogates are fine in pairs; re-encode to find lone ones.
        json.dumps(result, ensure_ascii=False).encode("utf-8")
    return result


_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False
)

STDLIB: Final = JsonBackend(
    "json", _read_with_stdlib, _ENCODER.encode, writes_datetimes=False
)
"""The standard library's `json`."""


def _msgspec_writer() -> Callable[[object], str]:
    encode = msgspec.json.Encoder().encode

    def write(data: object) -> str:
        return encode(data).decode()

    return write


def _msgspec_backend() -> JsonBackend:
    from ._typed import make_typed_loaders  # noqa: PLC0415 (needs msgspec)

    return JsonBackend(
        "msgspec",
        msgspec.json.Decoder().decode,
        _msgspec_writer(),
        writes_datetimes=True,
        make_typed_loaders=make_typed_loaders,
    )


MSGSPEC: Final[JsonBackend | None] = (
    None if msgspec is None else _msgspec_backend()
)
"""msgspec, when installed."""

DEFAULT: Final = STDLIB if MSGSPEC is None else MSGSPEC
"""The backend that new converters use."""


def backend(name: str) -> JsonBackend:
    """Return the backend for a converter's ``json_library`` option.

    Parameters
    ----------
    name
        ``"auto"``, ``"json"`` or ``"msgspec"``.

    Returns
    -------
    JsonBackend
        The backend.

    Raises
    ------
    ValueError
        An unknown name, or msgspec asked for but not installed.
    """
    if name == "auto":
        return DEFAULT
    if name == "json":
        return STDLIB
    if name == "msgspec":
        if MSGSPEC is None:
            msg = "msgspec is not installed (the fast extra installs it)"
            raise ValueError(msg)
        return MSGSPEC
    msg = f"json_library must be 'auto', 'json' or 'msgspec', not {name!r}"
    raise ValueError(msg)
