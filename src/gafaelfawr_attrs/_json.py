"""JSON text: msgspec when installed (the ``fast`` extra), else the stdlib.

Both backends read the same documents and write the same text. The
standard-library reader is the reference: bytes must be UTF-8, and the
non-standard ``NaN`` and ``Infinity`` and unpaired surrogates are refused
(as Pydantic's parser refuses them); numbers too large for a float read as
infinities. msgspec reads what it can and hands anything it refuses to the
standard-library reader, which decides.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any, Final

import attrs

from ._datetime import format_iso
from ._numbers import too_long_integer_at

try:
    import msgspec
except ImportError:  # pragma: no cover - depends on the install
    msgspec = None  # type: ignore[assignment]

__all__ = ["DEFAULT", "MSGSPEC", "STDLIB", "JsonBackend", "backend"]

TypedLoaders = tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]
"""Functions reading JSON text into a model, and into a list of them."""

TypedLoaderFactory = Callable[..., TypedLoaders]
"""Makes the typed loaders of a model class (``forbid_extra_keys`` given
by keyword)."""


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
    of models (see `_msgspec_gen`), for libraries that decode typed
    documents."""


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

STDLIB: Final = JsonBackend(
    "json", _read_with_stdlib, _ENCODER.encode, writes_datetimes=False
)
"""The standard library's `json`."""


def _msgspec_reader() -> Callable[[str | bytes | bytearray], Any]:
    from ._msgspec_gen import decides_as_stdlib  # noqa: PLC0415

    decode = msgspec.json.Decoder().decode

    def read(data: str | bytes | bytearray) -> Any:
        if decides_as_stdlib(data):
            try:
                return decode(data)
            except ValueError:
                pass
        return _read_with_stdlib(data)  # decides, and names the problem

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


def _msgspec_backend() -> JsonBackend:
    from ._msgspec_gen import make_typed_loaders  # noqa: PLC0415

    return JsonBackend(
        "msgspec",
        _msgspec_reader(),
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
