"""Reading integers and floats as Pydantic v2 does in lax mode.

Integers come from ints, booleans (as 0 and 1), whole floats and strings of
digits (blanks around, ``_`` between digits, a zero fraction); floats from
floats, ints, booleans and numeric strings. Unlike Pydantic, floats must be
finite: JSON cannot carry infinities or NaN.
"""

from __future__ import annotations

import math
import re
from typing import Final

from ._errors import FieldError

__all__ = ["MAX_INT64", "parse_float", "parse_integer"]

MAX_INT64: Final = 2**63 - 1
"""The largest signed 64-bit integer: Pydantic's limit on integers read
from floats and from numeric datetime strings."""

_WHOLE_DECIMAL = re.compile(r"([+-]?[0-9](?:_?[0-9])*)\.0+")
"""A string of an integer with a zero fraction, such as ``5.00``."""

_NOT_FINITE = "Input should be a finite number"


def parse_integer(value: object) -> int:
    """Read an integer as Pydantic does in lax mode.

    Parameters
    ----------
    value
        An int, a bool, a whole float or a string of an integer.

    Returns
    -------
    int
        The integer.

    Raises
    ------
    FieldError
        The value is not an integer.
    """
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FieldError.single(_NOT_FINITE, "finite_number", value)
        if value != int(value):
            msg = (
                "Input should be a valid integer, got a number with a fraction"
            )
            raise FieldError.single(msg, "int_from_float", value)
        if abs(value) > MAX_INT64:
            msg = "Input should be a valid integer, exceeded the maximum size"
            raise FieldError.single(msg, "int_parsing_size", value)
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        whole = _WHOLE_DECIMAL.fullmatch(text)
        if whole is not None:
            text = whole[1]
        if text.isascii():
            try:
                return int(text)
            except ValueError:
                pass
        msg = "Input should be a valid integer, unable to parse string"
        raise FieldError.single(msg, "int_parsing", value)
    msg = "Input should be a valid integer"
    raise FieldError.single(msg, "int_type", value)


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
    if isinstance(value, float | int):
        try:
            number = float(value)
        except OverflowError:
            raise FieldError.single(
                _NOT_FINITE, "finite_number", value
            ) from None
    elif isinstance(value, str) and value.strip().isascii():
        try:
            number = float(value.strip())
        except ValueError:
            raise _not_a_number(value) from None
    elif isinstance(value, str):
        raise _not_a_number(value)
    else:
        msg = "Input should be a valid number"
        raise FieldError.single(msg, "float_type", value)
    if not math.isfinite(number):
        raise FieldError.single(_NOT_FINITE, "finite_number", value)
    return number


def _not_a_number(value: object) -> FieldError:
    msg = "Input should be a valid number, unable to parse string"
    return FieldError.single(msg, "float_parsing", value)
