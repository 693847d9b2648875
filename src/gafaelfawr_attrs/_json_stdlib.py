"""JSON text with the standard library: the reference reader and writer.

Bytes must be UTF-8, and the non-standard ``NaN`` and ``Infinity`` and
unpaired surrogates are refused (as Pydantic's parser refuses them);
numbers too large for a float read as infinities. The msgspec backend
hands this reader whatever msgspec refuses, and it decides.

Imported when a converter first reads or writes text with the standard
library, or when msgspec's reader first needs it (see `_json.backend`).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Final

from ._json import JsonBackend
from ._numbers import too_long_integer_at

__all__ = ["STDLIB"]

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")

_LONE_SURROGATE_ESCAPE = re.compile(
    # An escape (after an even number of backslashes) of a high surrogate
    # not followed by one of a low surrogate, or of a low one alone.
    r"(?<!\\)(?:\\\\)*(?:"
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)


def _reject_constant(name: str) -> object:
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _read_with_stdlib(data: str | bytes | bytearray) -> Any:
    """Parse JSON text as the reference reader; raise `ValueError` if not.

    Every error but a `UnicodeDecodeError` (which gives the byte) and a
    `RecursionError` is a `json.JSONDecodeError`, whose message gives the
    line, column and character where the problem is.
    """
    text = data if isinstance(data, str) else bytes(data).decode("utf-8")
    surrogate = None if text.isascii() else _unpaired_surrogate_at(text)
    if surrogate is not None:
        msg = "Unpaired surrogate"
        raise json.JSONDecodeError(msg, text, surrogate)
    long_integer = too_long_integer_at(text)
    if long_integer is not None:
        limit = sys.get_int_max_str_digits()
        msg = f"Integer of more than {limit} digits"
        raise json.JSONDecodeError(msg, text, long_integer)
    result = _DECODER.decode(text)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        _check_escaped_surrogates(text, result)
    return result


def _unpaired_surrogate_at(text: str) -> int | None:
    """Return where a text holds an unpaired surrogate, if it does."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def _check_escaped_surrogates(text: str, result: object) -> None:
    """Refuse a text whose escapes make an unpaired surrogate.

    Escaped surrogates are fine in pairs: the parsed value is written
    again to find lone ones, then the text is searched for where.
    """
    try:
        json.dumps(result, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return
    found = _LONE_SURROGATE_ESCAPE.search(text)
    position = 0 if found is None else found.end() - 6  # \\udXXX
    msg = "Unpaired surrogate escape"
    raise json.JSONDecodeError(msg, text, position)


_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False
)

STDLIB: Final = JsonBackend(
    "json", _read_with_stdlib, _ENCODER.encode, writes_datetimes=False
)
"""The standard library's `json`."""
