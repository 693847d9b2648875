"""Reading integers, floats and booleans as Pydantic v2 does in lax mode.

Integers come from ints, booleans (as 0 and 1), whole floats and strings of
digits (blanks around, ``_`` between digits, a zero fraction); floats from
floats, ints, booleans and numeric strings. Unlike Pydantic, floats must be
finite: JSON cannot carry infinities or NaN. Booleans come from
booleans, the numbers 0 and 1, and words such as ``"yes"`` and ``"off"``.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Final

from ._codegen import built_once
from ._errors import ErrorDetails, FieldError, error_details
from ._exact import exact_bytes, is_of

__all__ = [
    "ALWAYS_WRITABLE",
    "MAX_INT64",
    "fits_int64",
    "is_writable_integer",
    "parse_bool",
    "parse_float",
    "read_integer",
    "too_long_integer_at",
]

MAX_INT64: Final = 2**63 - 1
"""The largest signed 64-bit integer: Pydantic's limit on integers read
from floats and from numeric datetime strings."""


def fits_int64(number: int) -> bool:
    """Tell whether an integer is a signed 64-bit one, as Pydantic's are.

    Parameters
    ----------
    number
        An integer.

    Returns
    -------
    bool
        Whether it is between -2**63 and 2**63 - 1.
    """
    return -MAX_INT64 - 1 <= number <= MAX_INT64


_STRING_DIGITS: Final = 4300
"""The most digits Pydantic reads as an integer from a string: its JSON
parser's fixed limit, which is Python's default for
`sys.get_int_max_str_digits`."""

_ALWAYS_CONVERTED: Final = 640
"""The least digit limit Python allows: `int` reads strings of at most
this many characters whatever `sys.get_int_max_str_digits` is."""

_BLANKS: Final = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The characters Pydantic trims from a string of a number: Unicode's
White_Space, which Rust's ``trim`` takes off (`str.strip` would also take
off the separators ``\x1c`` to ``\x1f``)."""

_NOT_FINITE = "Input should be a finite number"

_TOO_LARGE = (
    "Unable to parse input string as an integer, exceeded maximum size"
)
"""Pydantic's words for an integer past 64 bits, whatever it was given."""

ALWAYS_WRITABLE: Final = 10**_ALWAYS_CONVERTED
"""Integers smaller than this in magnitude are writable whatever the digit
limit (of at most `_ALWAYS_CONVERTED` digits): fast paths check this."""

_BITS_PER_DIGIT_FLOOR: Final = 3
"""Fewer bits than a decimal digit carries (3.32): integers of at most
this many bits per allowed digit are short enough without counting."""


IntegerRead = tuple[int, None] | tuple[None, ErrorDetails]
"""An integer and no problem, or `None` and what is wrong with the value."""


def read_integer(value: object) -> IntegerRead:
    """Read an integer as Pydantic does in lax mode.

    Its problem is returned rather than raised: reading a refused value
    is then half as costly (an exception raised through the readers'
    frames cost 0.5 us of 1.1).

    Parameters
    ----------
    value
        An int, a bool, a whole float or a string of an integer.

    Returns
    -------
    tuple
        The integer and `None`; or `None` and the problem: the value is
        not an integer, or one too long to write as text (see
        `is_writable_integer`).
    """
    if is_of(value, int):
        # int's own conversion: a subclass is read as the int it holds.
        number = int.__int__(value)
        if is_writable_integer(number):
            return number, None
        return None, _too_long_to_write(value)
    if is_of(value, float):
        return _integer_from_float(float.__float__(value))
    if is_of(value, str):
        return _integer_from_text(value)
    msg = "Input should be a valid integer"
    return None, error_details(msg, "int_type", value)


def _integer_from_float(value: float) -> IntegerRead:
    """Read a whole float of at most 64 bits as an integer."""
    if not math.isfinite(value):
        return None, error_details(_NOT_FINITE, "finite_number", value)
    if value != int(value):
        msg = (
            "Input should be a valid integer, got a number with a fractional"
            " part"
        )
        return None, error_details(msg, "int_from_float", value)
    if abs(value) > MAX_INT64:
        return None, error_details(_TOO_LARGE, "int_parsing_size", value)
    return int(value), None


def _integer_from_text(value: str) -> IntegerRead:
    """Read a string of an integer as Pydantic does, in linear time.

    Blanks around, a sign, leading zeros, ``_`` between digits and a zero
    fraction (``5.00``) are allowed. As in Pydantic, a string that starts
    with more than `_STRING_DIGITS` digits (after a minus) is too large,
    whatever follows, and one of more digits once leading zeros are left
    out is not an integer that it reads.
    """
    # The base type's own methods: those of a subclass never run.
    if str.__len__(value) > _STRING_DIGITS and _starts_too_long().match(value):
        return None, error_details(_TOO_LARGE, "int_parsing_size", value)
    text = str.strip(value, _BLANKS)
    if "." in text:
        whole, _, fraction = text.partition(".")
        if (
            fraction
            and fraction.count("0") == len(fraction)
            and whole[-1:].isdigit()
        ):
            text = whole  # a zero fraction
    if not text.isascii() or not _may_be_integer(text):
        return None, _not_an_integer(value)
    if len(text) <= _ALWAYS_CONVERTED:
        try:
            return int(text), None
        except ValueError:
            return None, _not_an_integer(value)
    return _integer_from_long_text(text, value)


def _may_be_integer(text: str) -> bool:
    """Tell whether an ASCII string might be an integer `int` reads.

    `False` only for strings that `int` refuses (one character that is not
    a digit, a sign or ``_``, or no digit at all): refused without the
    cost of `int`'s own error, a third of reading a refused value.
    """
    return text.isdigit() or text.lstrip("+-").replace("_", "").isdigit()


def _integer_from_long_text(text: str, value: str) -> IntegerRead:
    """Read a long ASCII string of an integer as `int` would, if it could.

    Looked through with the methods of `bytes` that run at memory speed,
    where `int` might refuse more digits than Python converts, counting
    leading zeros.
    """
    raw = text.encode()
    sign = raw[:1] if raw[:1] in {b"+", b"-"} else b""
    body = raw[len(sign) :]
    digits = body.translate(None, b"_")
    if not (
        digits.isdigit()
        and body[:1] != b"_"
        and body[-1:] != b"_"
        and (len(digits) == len(body) or b"__" not in body)
    ):
        return None, _not_an_integer(value)
    beyond = len(digits) - _STRING_DIGITS
    if beyond > 0 and digits.count(b"0", 0, beyond) != beyond:
        return None, _not_an_integer(value)  # more digits than Pydantic reads
    try:
        number = int(digits[max(beyond, 0) :].lstrip(b"0") or b"0")
    except ValueError:  # more digits than Python converts
        return None, _too_long_to_write(value)
    return (-number if sign == b"-" else number), None


def parse_float(value: object) -> float:
    """Read a finite float as Pydantic does in lax mode.

    Parameters
    ----------
    value
        A float, an int, a bool or a string of a number.

    Returns
    -------
    float
        The number.

    Raises
    ------
    FieldError
        The value is not a number, or not a finite one.
    """
    if is_of(value, float):
        number = float.__float__(value)
    elif is_of(value, int):
        try:
            number = float(int.__int__(value))
        except OverflowError:
            raise FieldError.single(
                _NOT_FINITE, "finite_number", value
            ) from None
    elif is_of(value, str):
        number = _float_from_text(str.__str__(value), value)
    else:
        msg = "Input should be a valid number"
        raise FieldError.single(msg, "float_type", value)
    if not math.isfinite(number):
        raise FieldError.single(_NOT_FINITE, "finite_number", value)
    return number


def _float_from_text(text: str, value: object) -> float:
    """Read a string of a number as Pydantic does.

    Pydantic reads the text without its surrounding whitespace, and, where
    that fails, the text as given without its underscores, unless two are
    adjacent or one starts or ends it (``"1_000.5"``, ``"8e_1"``; not
    ``" 1_0"``, whose whitespace is then kept). Its grammar is Python's
    `float` on ASCII text without underscores.
    """
    stripped = text.strip(_BLANKS)
    if "_" in stripped:
        if "__" in text or text.startswith("_") or text.endswith("_"):
            raise _not_a_number(value)
        stripped = text.replace("_", "")
        if stripped != stripped.strip(_BLANKS):
            raise _not_a_number(value)
    if not stripped.isascii():
        raise _not_a_number(value)
    try:
        return float(stripped)
    except ValueError:
        raise _not_a_number(value) from None


def is_writable_integer(number: int) -> bool:
    """Tell whether an integer can be written as decimal digits.

    Python refuses to convert integers longer than
    `sys.get_int_max_str_digits` (4,300 digits by default) to text, so
    that such an integer could be held but never written as JSON.

    Parameters
    ----------
    number
        An exact `int`.

    Returns
    -------
    bool
        Whether ``str(number)`` succeeds.
    """
    limit = sys.get_int_max_str_digits()
    return (
        not limit
        or number.bit_length() <= _BITS_PER_DIGIT_FLOOR * limit
        or abs(number) < 10**limit
    )


def too_long_integer_at(text: str | bytes | bytearray) -> int | None:
    """Find a number whose whole part has more digits than Python reads.

    An integer literal of more than `sys.get_int_max_str_digits` digits is
    one that Python's `json` cannot read (it converts integers with `int`)
    and that Pydantic refuses; a float literal whose whole part is that
    long is refused as Pydantic refuses it ("number out of range"), where
    `json` would read an infinity. The digits of a fraction or an exponent,
    however many, do not count, nor do digits in strings (keys included).

    Parameters
    ----------
    text
        JSON text.

    Returns
    -------
    int or None
        Where the first run of more than `sys.get_int_max_str_digits`
        digits before any point or exponent, outside strings, starts (in
        characters for a `str`, bytes otherwise), or `None`: at once for
        texts shorter than that, and for texts without so long a run of
        digits anywhere.
    """
    limit = sys.get_int_max_str_digits()
    if not limit or len(text) <= limit:
        return None
    raw = (
        text.encode(errors="surrogatepass") if isinstance(text, str) else text
    )
    start = _whole_part_run(raw, _run_of_ones(limit + 1))
    if start is not None and isinstance(text, str) and not text.isascii():
        return len(raw[:start].decode(errors="surrogatepass"))
    return start


def _whole_part_run(raw: bytes | bytearray, run: bytes) -> int | None:
    """Find the first run of digits starting a number, as long as ``run``.

    Digits are made ones and all else zeros, then found with substring
    searches: linear, where a regular expression retries from every digit.
    Escaped backslashes, then escaped quotes, are blanked (a string's
    escapes pair from its start, and JSON has backslashes only in
    strings), so that the quotes left open and close strings: a run is in
    a string if an odd number of them come before it. A run outside
    strings is a fraction's or an exponent's if `_continues_number`.
    """
    ones = raw.translate(_DIGITS_AS_ONES)
    start = ones.find(run)
    if start < 0:
        return None  # at once, for most texts
    quotes = (
        raw.replace(b"\\\\", b"__").replace(b'\\"', b"__")
        if b"\\" in raw
        else raw
    )
    position = 0  # outside strings, with no long run before start
    while start >= 0:
        if quotes.count(b'"', position, start) % 2:
            position = quotes.find(b'"', start) + 1  # past the string
            if not position:
                return None  # an unterminated string: not JSON anyway
        elif _continues_number(raw, start):
            position = ones.find(b"0", start)  # past the digits
            if position < 0:
                return None
        else:
            return start
        start = ones.find(run, position)
    return None


_DIGITS_AS_ONES: Final = bytes(
    ord("1") if ord("0") <= code <= ord("9") else ord("0")
    for code in range(256)
)
"""Translates ASCII digits to ``1`` and every other byte to ``0``."""


def _continues_number(raw: bytes | bytearray, start: int) -> bool:
    """Tell whether digits outside strings are a fraction or an exponent.

    They are if they follow a point, an exponent's letter, or a sign after
    that letter (a sign elsewhere is a number's own).
    """
    before = raw[start - 1] if start > 0 else None
    if before in _SIGNS:
        return start > 1 and raw[start - 2] in _EXPONENT_LETTERS
    return before in _EXPONENT_LETTERS or before == ord(".")


_SIGNS: Final = frozenset(b"+-")

_EXPONENT_LETTERS: Final = frozenset(b"eE")


@built_once
def _starts_too_long() -> re.Pattern[str]:
    """Match the start of a string of more digits than Pydantic reads.

    Compiled when first needed, as the other patterns: most inputs never
    give an integer as such a string.
    """
    return re.compile(f"-?[1-9][0-9]{{{_STRING_DIGITS}}}")


@built_once
def _run_of_ones(count: int) -> bytes:
    return b"1" * count


def _too_long_to_write(value: object) -> ErrorDetails:
    limit = sys.get_int_max_str_digits()
    msg = f"Input should be an integer of at most {limit} digits"
    return error_details(msg, "int_parsing_size", value)


def _not_an_integer(value: object) -> ErrorDetails:
    msg = (
        "Input should be a valid integer, unable to parse string as an integer"
    )
    return error_details(msg, "int_parsing", value)


def _not_a_number(value: object) -> FieldError:
    msg = "Input should be a valid number, unable to parse string as a number"
    return FieldError.single(msg, "float_parsing", value)


_TRUTH_WORDS: Final = {
    **dict.fromkeys(("0", "off", "f", "false", "n", "no"), False),
    **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True),
}
"""The words read as booleans, whatever their case."""


def parse_bool(value: object) -> bool:
    """Read a boolean as Pydantic does in lax mode.

    Parameters
    ----------
    value
        A bool; the int or float 0 or 1; or a str or bytes of one of the
        words of `_TRUTH_WORDS`, in any case.

    Returns
    -------
    bool
        The boolean.

    Raises
    ------
    FieldError
        Any other value: ``bool_parsing`` for text and whole numbers that
        are not 0 or 1, ``bool_type`` for anything else.
    """
    if type(value) is bool:  # bool has no subclasses
        return value
    number: float | None = None
    if is_of(value, int):
        number = int.__int__(value)
        if not fits_int64(number):
            number = None  # Pydantic's integers end at 64 bits
    elif is_of(value, float):
        # Read as a whole float of 64 bits, as an int field reads it.
        number, _ = _integer_from_float(float.__float__(value))
    elif is_of(value, str) or is_of(value, bytes):
        # Read through the base types: no method of a subclass runs.
        text = (
            str.__str__(value)
            if is_of(value, str)
            else exact_bytes(value).decode("utf-8", "replace")
        )
        held = _TRUTH_WORDS.get(text.lower())
        if held is not None:
            return held
        raise FieldError.single(_NOT_A_BOOLEAN, "bool_parsing", value)
    if number is None:
        msg = "Input should be a valid boolean"
        raise FieldError.single(msg, "bool_type", value)
    if number in {0, 1}:
        return number == 1
    raise FieldError.single(_NOT_A_BOOLEAN, "bool_parsing", value)


_NOT_A_BOOLEAN: Final = (
    "Input should be a valid boolean, unable to interpret input"
)
