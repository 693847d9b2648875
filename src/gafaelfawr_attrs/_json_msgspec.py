"""JSON text with msgspec (the ``fast`` extra), deciding as the stdlib does.

msgspec reads what it can and hands anything it refuses, or might judge
otherwise (see `decides_as_stdlib`), to the standard-library reader,
which decides; it writes datetimes, enums and tuples itself.

Imported when a converter first reads or writes text with msgspec, under
the package's building lock (see `_json.backend`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any, Final

import msgspec

from ._datetime import format_iso
from ._json import JsonBackend
from ._json_stdlib import STDLIB
from ._msgspec_gen import decides_as_stdlib, make_typed_loaders

__all__ = ["MSGSPEC"]


def _write_natively(value: object) -> object:
    """Write what msgspec writes itself: enums and UTC datetimes."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return format_iso(value)
    msg = f"Object of type {type(value).__name__} is not JSON serializable"
    raise TypeError(msg)


_NATIVE_ENCODER = json.JSONEncoder(
    ensure_ascii=False,
    separators=(",", ":"),
    allow_nan=False,
    default=_write_natively,
)


def _msgspec_reader() -> Callable[[str | bytes | bytearray], Any]:
    decode = msgspec.json.Decoder().decode
    read_with_stdlib = STDLIB.read

    def read(data: str | bytes | bytearray) -> Any:
        if decides_as_stdlib(data):
            try:
                return decode(data)
            except ValueError:
                pass
        return read_with_stdlib(data)  # decides, and names the problem

    return read


def _msgspec_writer() -> Callable[[object], str]:
    encode = msgspec.json.Encoder().encode

    def write(data: object) -> str:
        try:
            return encode(data).decode()
        except UnicodeEncodeError:
            # Unpaired surrogates, which the standard library keeps.
            return _NATIVE_ENCODER.encode(data)

    return write


MSGSPEC: Final = JsonBackend(
    "msgspec",
    _msgspec_reader(),
    _msgspec_writer(),
    writes_datetimes=True,
    make_typed_loaders=make_typed_loaders,
)
"""msgspec, reading and writing as the standard library does."""
