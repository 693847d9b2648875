"""Reading and writing datetimes: epoch numbers, ISO 8601 strings, UTC.

Reading follows Pydantic v2 in lax mode (its Rust date parser): numbers of
seconds since the epoch (read as milliseconds above 2e10 in absolute value),
the same numbers written as strings, and RFC 3339-like strings. A few more
ISO 8601 forms that Pydantic rejects (week dates, ordinal dates, the basic
format with a time) are read as ISO 8601 defines them. Every value is then
held as an aware datetime in UTC.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Literal, cast

from ._codegen import built_once, compile_function, indented
from ._errors import FieldError
from ._exact import is_of
from ._numbers import MAX_INT64, fits_int64

__all__ = [
    "DATETIME_TEXT_SCHEMA",
    "EXACT_MILLISECONDS",
    "FROMISOFORMAT_READS_HOUR_24",
    "MILLISECONDS_THRESHOLD",
    "WHOLE_SECONDS_SCHEMA",
    "DatetimeFormat",
    "datetime_in_utc",
    "datetime_writer",
    "format_epoch",
    "format_iso",
    "format_seconds",
    "format_whole_seconds",
    "from_epoch_float",
    "from_epoch_integer",
    "from_epoch_seconds",
    "is_seconds",
    "now_without_microseconds",
    "parse_datetime",
    "parse_datetime_text",
    "timestamp_reading_lines",
    "to_utc",
    "written_datetime_schema",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""The instant that epoch numbers count from."""

_from_iso = datetime.fromisoformat
_from_seconds = datetime.fromtimestamp


def _reads_hour_24() -> bool:
    try:
        _from_iso("2000-01-01T24:00:00")
    except ValueError:
        return False
    return True


FROMISOFORMAT_READS_HOUR_24 = _reads_hour_24()
"""Whether this Python's `datetime.fromisoformat` reads ``T24:00:00`` (as
midnight of the next day), which Pydantic refuses: code reading strings
with it then checks the hour first."""

MILLISECONDS_THRESHOLD = 20_000_000_000
"""Epoch numbers of larger absolute value count milliseconds, not seconds."""

EXACT_MILLISECONDS = 2**33 * 1000
"""Milliseconds of smaller absolute value (to the year 2242) that
``datetime.fromtimestamp(number / 1000)`` reads exactly. The quotient, as a
float below 2**33 seconds, is at most half a unit in its last place (2**-21
s, under half a microsecond) from the number's instant, a whole
millisecond, so rounding to the microsecond lands on that millisecond.
Further out, about half of all milliseconds would be read a microsecond
out."""

_EARLIEST_MICROS: Final = (datetime.min.replace(tzinfo=UTC) - EPOCH) // (
    timedelta(microseconds=1)
)
_LATEST_MICROS: Final = (datetime.max.replace(tzinfo=UTC) - EPOCH) // (
    timedelta(microseconds=1)
)
"""Microseconds from the epoch to the first and the last instant of the
years 1 to 9999 in UTC: epoch numbers are checked against them, not tried."""

_FIRST_SECOND: Final = _EARLIEST_MICROS // 1_000_000
_LAST_SECOND: Final = _LATEST_MICROS // 1_000_000
"""Seconds from the epoch to the first and the last whole second of the
years 1 to 9999 in UTC: `datetime.fromtimestamp` reads every integer
between them."""

_MAX_INT64_DIGITS = len(str(MAX_INT64))
"""Digits of `MAX_INT64`, checked before converting a long string."""

_HALF = 0.5

_SMALLEST_PLAIN_FLOAT = 1e-4
"""Smaller floats are written with an exponent (``1e-05``)."""

_DATE_TIME_SEPARATORS: Final = "Tt _"
"""What Pydantic reads between a date and its time (the grammar's and the
common forms' shapes)."""

_FRACTION_MARKS: Final = ".,"
"""What Pydantic reads before the fraction of a second."""

_HOUR = r"(?:[01][0-9]|2[0-3])"
_MINUTE = r"[0-5][0-9]"
_SIGNED_OFFSET = rf"[+-]{_HOUR}:?{_MINUTE}"
"""An offset from UTC, as Pydantic reads one: ``+HH:MM``, ``-HHMM``."""
_OFFSET = rf"(?:Z|{_SIGNED_OFFSET})"

# Runs of digits are possessive (``++``) where what follows cannot be a
# digit: a long run then fails once, instead of giving back one digit at a
# time.
_EXTENDED_TIME = (
    rf"T{_HOUR}:{_MINUTE}(?::{_MINUTE}(?:[{_FRACTION_MARKS}][0-9]++)?)?"
    rf"{_OFFSET}?"
)
_BASIC_TIME = (
    rf"T{_HOUR}{_MINUTE}(?:{_MINUTE}(?:[{_FRACTION_MARKS}][0-9]++)?)?"
    rf"{_OFFSET}?"
)


class _Grammar:
    """The patterns of date-time strings, compiled when first needed.

    Compiling them takes several milliseconds, which a service that only
    meets the forms of the fast paths should not pay at import. Every form
    is an alternative of one pattern, named by the group that holds it, so
    that a string is matched (or refused) by one search.
    """

    def __init__(self) -> None:
        rfc3339 = rf"""
            (?P<year>[0-9]{{4}})-(?P<month>[0-9]{{2}})-(?P<day>[0-9]{{2}})
            (?:
                [{_DATE_TIME_SEPARATORS}]
                (?P<hour>[0-9]{{2}}):(?P<minute>[0-9]{{2}})
                (?: :(?P<second>[0-9]{{2}})
                    (?:[{_FRACTION_MARKS}](?P<fraction>[0-9]++))? )?
                (?: (?P<utc>[Zz]) | (?P<offset>{_SIGNED_OFFSET}) )?
            )?
        """
        # Week dates and basic-format date-times, which
        # `datetime.fromisoformat` reads. Basic-format dates without a time
        # are left out: ``20210305`` is a number of seconds to Pydantic.
        week_or_basic = rf"""
            [0-9]{{4}}-W[0-9]{{2}}(?:-[1-7])?(?:{_EXTENDED_TIME})?
            | [0-9]{{4}}W[0-9]{{2}}[1-7]?(?:{_BASIC_TIME})?
            | [0-9]{{8}}{_BASIC_TIME}
        """
        # Ordinal dates, which `datetime.fromisoformat` does not read.
        ordinal = rf"[0-9]{{4}}-[0-9]{{3}}(?:{_EXTENDED_TIME})?"
        pydantic = rf"(?P<rfc3339>{rfc3339})"
        self.pydantic = re.compile(pydantic, re.VERBOSE)
        """The date and date-time strings that Pydantic accepts (numbers
        are told apart by `_numeric_shape`)."""

        self.extended = re.compile(
            rf"""{pydantic}
            | (?P<week_or_basic>{week_or_basic})
            | (?P<ordinal>{ordinal})
            """,
            re.VERBOSE,
        )
        """The same and the ISO 8601 forms that Pydantic refuses."""

        self.zeros = re.compile(b"0*+")
        """Leading zeros, found at memory speed (`bytes.lstrip` is slower)."""


@built_once
def _grammar() -> _Grammar:
    return _Grammar()


def now_without_microseconds() -> datetime:
    """Return the current time in UTC, truncated to the second.

    Returns
    -------
    datetime.datetime
        The default creation time of a token.
    """
    return datetime.now(UTC).replace(microsecond=0)


def parse_datetime(value: object, *, extensions: bool = True) -> datetime:
    """Read a datetime the way Pydantic does and normalise it to UTC.

    Parameters
    ----------
    value
        A `datetime.datetime` (naive ones are taken as UTC), a
        `datetime.date` (midnight UTC), an int or float of seconds since
        the epoch (milliseconds above 2e10 in absolute value), such a number
        as a string, or an ISO 8601 string.
    extensions
        Whether the ISO 8601 forms that Pydantic refuses (week and ordinal
        dates, the basic format) are read too.

    Returns
    -------
    datetime.datetime
        The same instant, with ``tzinfo`` `datetime.UTC`.

    Raises
    ------
    FieldError
        The value is of another type, malformed, or names an instant outside
        the years 1 to 9999 in UTC.
    """
    parse = _PARSERS_BY_TYPE.get(id(type(value)))
    if parse is not None:
        return parse(value)
    if type(value) is str:
        return parse_datetime_text(value, extensions=extensions)
    if is_of(value, date):
        return datetime_in_utc(value)
    # The value a subclass holds, read as its base type reads it.
    if is_of(value, str):  # the text, even of an enum
        text = str.__str__(value)
        return parse_datetime_text(text, extensions=extensions)
    if is_of(value, float):
        return from_epoch_float(float.__float__(value))
    if is_of(value, int) and not is_of(value, bool):
        return from_epoch_integer(int.__int__(value))
    msg = "Input should be a valid datetime"
    raise FieldError.single(msg, "datetime_type", value)


def datetime_in_utc(value: date) -> datetime:
    """Return a datetime, or a date at midnight, of any class in UTC.

    Parameters
    ----------
    value
        A date or datetime, perhaps of a subclass, perhaps with a time
        zone of the user's.

    Returns
    -------
    datetime.datetime
        The same instant as a plain UTC datetime.

    Raises
    ------
    FieldError
        The instant is outside UTC's years 1 to 9999, or reading it raised
        (a time zone whose offset is not a timedelta of less than a day,
        or that raises; a subclass whose fields raise).
    """
    try:
        if is_of(value, datetime):
            return to_utc(value)
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    except FieldError:
        raise
    except Exception as error:  # noqa: BLE001 - a subclass's or tzinfo's own
        failure = type(error).__name__
    msg = f"Invalid datetime object, reading it raised {failure}"
    raise FieldError.single(msg, "datetime_object_invalid", value)


def format_iso(value: datetime) -> str:
    """Write a UTC datetime as Pydantic does in JSON mode.

    Parameters
    ----------
    value
        An aware datetime in UTC.

    Returns
    -------
    str
        For example ``2021-03-05T23:15:30Z`` or
        ``2021-03-05T23:15:30.123000Z``.
    """
    # Built from parts: `datetime.isoformat` on an aware value is several
    # times slower, and its offset would need replacing by "Z". A format
    # spec (``:04d``) costs a third of the whole: the usual years, and the
    # microseconds (their digits after a leading 1), are written without.
    year = value.year
    text = (
        f"{year if year > _LAST_SHORT_YEAR else f'{year:04d}'}"
        f"-{_TWO_DIGITS[value.month]}-{_TWO_DIGITS[value.day]}"
        f"T{_TWO_DIGITS[value.hour]}:{_TWO_DIGITS[value.minute]}"
        f":{_TWO_DIGITS[value.second]}"
    )
    micro = value.microsecond
    return f"{text}.{str(_MICRO_DIGITS + micro)[1:]}Z" if micro else f"{text}Z"


_TWO_DIGITS = tuple(f"{number:02d}" for number in range(60))

_LAST_SHORT_YEAR = 999
"""The last year written with fewer than four digits (then padded)."""

_MICRO_DIGITS = 1_000_000
"""Added to microseconds, a leading 1 before their six digits."""


def format_epoch(value: datetime) -> int | float | str:
    """Write a UTC datetime as a number that reads back as the same instant.

    Parameters
    ----------
    value
        An aware datetime in UTC.

    Returns
    -------
    int or float or str
        Whole seconds since the epoch as an int; beyond 2e10 seconds either
        way, where readers take numbers as milliseconds, whole milliseconds
        instead. A value with a finer part gets a float of seconds (or of
        milliseconds); where no float reads back as exactly the same
        microsecond, or the float would need an exponent (within 0.1 ms
        of the epoch), the ISO 8601 string of `format_iso`.
    """
    micros = _micros_since_epoch(value)
    # The instant in seconds, as a reader would take it: where the float
    # rounds onto the threshold from beyond it, neither unit's number
    # reads back as the instant, and the ISO string is written.
    if is_seconds(micros / 1_000_000):
        if micros % 1_000_000 == 0:
            return micros // 1_000_000
        number = micros / 1_000_000
    else:
        if micros % 1000 == 0:
            return micros // 1000
        number = micros / 1000
    if abs(number) < _SMALLEST_PLAIN_FLOAT:
        # Python and msgspec would write an exponent, each differently.
        return format_iso(value)
    try:
        exact = from_epoch_float(number) == value
    except FieldError:
        exact = False
    return number if exact else format_iso(value)


DatetimeFormat = Literal["iso", "epoch"]
"""How a converter writes datetimes: ISO 8601 strings or epoch numbers."""

DATETIME_TEXT_SCHEMA: Final = {"format": "date-time", "type": "string"}
"""The JSON schema of a datetime as an ISO 8601 string."""

WHOLE_SECONDS_SCHEMA: Final = {"type": "integer"}
"""The JSON schema of a datetime written as whole seconds since the epoch,
whatever the converter's format (the kinds that write them so)."""

_WRITTEN: Final[
    dict[DatetimeFormat, tuple[Callable[[datetime], object], dict[str, Any]]]
] = {
    "iso": (format_iso, DATETIME_TEXT_SCHEMA),
    # Numbers, or the ISO 8601 string where no float holds the instant.
    "epoch": (
        format_epoch,
        {"anyOf": [{"type": "number"}, DATETIME_TEXT_SCHEMA]},
    ),
}
"""Each datetime format's writer, and the JSON schema of what it writes."""


def _written_as(
    datetime_format: str,
) -> tuple[Callable[[datetime], object], dict[str, Any]]:
    """Return a datetime format's entry of `_WRITTEN`, or refuse the format."""
    if isinstance(datetime_format, str) and datetime_format in _WRITTEN:
        return _WRITTEN[datetime_format]
    formats = " or ".join(map(repr, _WRITTEN))
    msg = f"datetime_format must be {formats}, not {datetime_format!r}"
    raise ValueError(msg)


def datetime_writer(datetime_format: str) -> Callable[[datetime], object]:
    """Return the writer of datetimes of a converter's format.

    Parameters
    ----------
    datetime_format
        One of `DatetimeFormat`.

    Returns
    -------
    callable
        `format_iso` or `format_epoch`.

    Raises
    ------
    ValueError
        An unknown datetime format.
    """
    writer, _ = _written_as(datetime_format)
    return writer


def written_datetime_schema(datetime_format: str) -> dict[str, Any]:
    """Return the JSON schema of datetimes as a format writes them.

    Parameters
    ----------
    datetime_format
        One of `DatetimeFormat`.

    Returns
    -------
    dict
        A new schema.

    Raises
    ------
    ValueError
        An unknown datetime format.
    """
    _, schema = _written_as(datetime_format)
    return copy.deepcopy(schema)


def from_epoch_seconds(number: int) -> datetime:
    """Read an integer as whole seconds since the epoch, however large.

    Unlike `parse_datetime`, no number is taken as milliseconds.

    Parameters
    ----------
    number
        Seconds since the epoch (a `bool` counts as 0 or 1).

    Returns
    -------
    datetime.datetime
        The instant, in UTC.

    Raises
    ------
    FieldError
        The instant is outside the years 1 to 9999 in UTC.
    """
    seconds = int(number)
    if _FIRST_SECOND <= seconds <= _LAST_SECOND:
        try:
            return _from_seconds(seconds, UTC)  # the quickest reading
        except (OverflowError, OSError):
            pass  # a platform that reads no negative seconds: read below
    try:
        return EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        raise _outside_utc(number) from None


def format_whole_seconds(value: datetime) -> int:
    """Write whole seconds, or whole milliseconds where readers expect them.

    Readers take numbers beyond 2e10 in absolute value as milliseconds, so
    an instant that far from the epoch (after 2603-10-11, before 1336) is
    written in whole milliseconds, and reads back as the same instant.

    Parameters
    ----------
    value
        An aware datetime in UTC.

    Returns
    -------
    int
        Seconds since the epoch, the fraction dropped towards zero (as the
        service's ``int(value.timestamp())``); beyond 2e10 seconds,
        milliseconds, the finer part dropped (the datetime's own
        millisecond, before 1970 too).
    """
    micros = _micros_since_epoch(value)
    seconds = _towards_zero(micros, 1_000_000)
    if is_seconds(seconds):
        return seconds
    return micros // 1000  # the held millisecond, before 1970 too


def _towards_zero(micros: int, unit: int) -> int:
    whole = abs(micros) // unit
    return whole if micros >= 0 else -whole


def format_seconds(value: datetime) -> int:
    """Write a UTC datetime as whole seconds since the epoch.

    As Gafaelfawr stores them: the fraction of a second is dropped (towards
    zero, as ``int(value.timestamp())`` does).

    Parameters
    ----------
    value
        An aware datetime in UTC.

    Returns
    -------
    int
        Seconds since the epoch.
    """
    return _towards_zero(_micros_since_epoch(value), 1_000_000)


def _micros_since_epoch(value: datetime) -> int:
    """Return the exact number of microseconds since the epoch."""
    delta = value - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + (
        delta.microseconds
    )


def to_utc(value: datetime) -> datetime:
    """Return the plain aware UTC datetime of an aware or naive one.

    Parameters
    ----------
    value
        A datetime (or an instance of a subclass); naive ones are taken as
        UTC.

    Returns
    -------
    datetime.datetime
        The same instant, a plain `datetime.datetime` with ``tzinfo``
        `datetime.UTC`.

    Raises
    ------
    FieldError
        The instant is outside the years 1 to 9999 in UTC.
    """
    if type(value) is not datetime:  # a subclass, as test clocks make
        value = datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
            fold=value.fold,
        )
    if value.tzinfo is UTC:
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise _outside_utc(value) from None


def _outside_utc(value: object) -> FieldError:
    msg = (
        "Input should be a valid datetime, the instant is outside"
        " years 1 to 9999 in UTC"
    )
    return FieldError.single(msg, "datetime_utc_range", value)


def _invalid_text(value: object, reason: str) -> FieldError:
    msg = f"Input should be a valid datetime, {reason}"
    return FieldError.single(msg, "datetime_parsing", value)


def refused_common_form(
    text: str, error: ValueError, *, extensions: bool = True
) -> datetime:
    """Name the problem of a common form that `datetime.fromisoformat` refused.

    A part out of range is named by the standard library's own message
    (``day is out of range for month``), the one the grammar's reading
    gets from `datetime` for the same parts (which it checks in the same
    order, once the whole text is found well formed, as fromisoformat
    does); any other refusal goes to the grammar, which names it.

    Parameters
    ----------
    text
        A string of one of the common forms that `parse_datetime_text`
        checks by their shape.
    error
        What `datetime.fromisoformat` raised for it.
    extensions
        Whether the grammar reads the ISO 8601 extensions.

    Returns
    -------
    datetime.datetime
        What the grammar reads, for a text refused by its format alone.

    Raises
    ------
    FieldError
        The problem.
    """
    reason = str(error)
    if type(error) is ValueError and not reason.startswith(_FORMAT_REFUSAL):
        raise _invalid_text(text, reason)
    return _parse_by_grammar(text, extensions=extensions)


_FORMAT_REFUSAL = "Invalid isoformat"
"""How `datetime.fromisoformat` starts the message of a text it cannot
read (its other messages name a part out of range)."""

_DATE_LENGTH = len("YYYY-MM-DD")
_MINUTES_LENGTH = len("YYYY-MM-DDTHH:MM")
_NAIVE_LENGTH = len("YYYY-MM-DDTHH:MM:SS")
_OFFSET_LENGTH = len("+HH:MM")
_FRACTION_ENDS = (_NAIVE_LENGTH + 2, _NAIVE_LENGTH + 7)
"""Where the fraction of a second may end: a point or a comma and 1 to 6
digits."""

_OFFSET_STEP: Final = 15
"""The offsets of the common forms' table are whole multiples of this
many minutes: every zone's offset since 1970 is."""


@built_once
def _common_offsets() -> dict[str, timedelta]:
    """Return the UTC offsets the common forms' lines read, by their text.

    Each offset that the grammar reads (`_offset_of`) of a whole multiple
    of `_OFFSET_STEP` minutes, both signs, written ``+HH:MM`` and
    ``+HHMM``: 384 entries, made when a reader of datetimes is first
    generated (a millisecond), and never changed. The lines look a zone
    up here (an exact dict's lookup, the cheapest) and leave one not
    found, an offset of other minutes or not an offset at all, to the
    grammar.
    """
    table = {}
    for hours in range(100):  # every two digits: the grammar decides
        for minutes in range(0, 60, _OFFSET_STEP):
            for sign in "+-":
                for separator in (":", ""):
                    text = f"{sign}{hours:02}{separator}{minutes:02}"
                    try:
                        table[text] = _offset_of(text)
                    except KeyError:
                        continue  # no offset (hours past 23)
    return table


def _offset_of(zone: str) -> timedelta:
    """Read an offset from UTC, ``+HH:MM``, ``-HH:MM``, ``+HHMM`` or ``-HHMM``.

    What an offset is, the grammar's pattern of one says (`_SIGNED_OFFSET`).

    Parameters
    ----------
    zone
        The text of a zone (an exact `str`).

    Returns
    -------
    datetime.timedelta
        The offset.

    Raises
    ------
    KeyError
        The text is no offset (hours past 23, minutes past 59, anything
        but ASCII digits), which the grammar then names.
    """
    # Compiled on first use (kept by `re`): not at the package's import.
    if re.fullmatch(_SIGNED_OFFSET, zone) is None:
        raise KeyError(zone)
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:]))
    return -offset if zone[0] == "-" else offset


def _shapes(tail: str) -> frozenset[str]:
    """Return the shapes of a common form, with each separator.

    A shape is a text's characters at offsets 4, 7, 10, 13, 16 and 19;
    between date and time, each of `_DATE_TIME_SEPARATORS`.
    """
    return frozenset(
        f"--{separator}{tail}" for separator in _DATE_TIME_SEPARATORS
    )


def _shape_is(tails: list[str], shapes: str, separators: str = "T") -> str:
    """Return the generated test that a text's shape is a common form's.

    Its shape with the usual separators first, compared at once (a set's
    lookup hashes the new shape first), then the set of every one.

    Parameters
    ----------
    tails
        The form's shape after its date and separator (see `_shapes`).
    shapes
        The name of the form's set of shapes, in the generated namespace.
    separators
        The separators compared at once: some of `_DATE_TIME_SEPARATORS`.

    Returns
    -------
    str
        The test, in parentheses.
    """
    usual = " or ".join(
        f"shape == '--{separator}{tail}'"
        for separator in separators
        for tail in tails
    )
    return f"({usual} or shape in {shapes})"


def parse_datetime_text(text: str, *, extensions: bool = True) -> datetime:
    """Read a datetime string: RFC 3339-like, numeric, or ISO 8601.

    The common forms are read by the standard library, behind a check of
    their shape (`_text_lines`, the lines that the generated readers run
    too): up to 13 ASCII digits, perhaps signed (seconds, or milliseconds
    up to `EXACT_MILLISECONDS`); ``YYYY-MM-DD``; ``YYYY-MM-DD?HH:MM``
    with ``?`` one of ``T t _`` or a space, then perhaps ``:SS`` and,
    after seconds, a ``.`` or ``,`` and digits, then ``Z``, ``z``,
    ``+HH:MM``, ``-HH:MM`` or nothing (UTC); ``+HHMM`` or ``-HHMM`` too
    (an offset of minutes other than a multiple of 15 is read by the
    grammar). Within these shapes, checked
    where `datetime.fromisoformat` is laxer than Pydantic (offsets of 24
    hours or 60 minutes, hour 24 in later Pythons, a NUL after which it
    may stop reading), it reads exactly what the full grammar reads. A part
    out of range is named by the standard library's message
    (`refused_common_form`); whatever else it refuses, and every other
    string, goes to the full grammar, which names the problem.

    Parameters
    ----------
    text
        A string (of the class `str` itself).
    extensions
        Whether the ISO 8601 forms that Pydantic refuses (week and ordinal
        dates, the basic format) are read too.

    Returns
    -------
    datetime.datetime
        The instant, with ``tzinfo`` `datetime.UTC`.

    Raises
    ------
    FieldError
        The string is malformed, or names an instant outside the years 1
        to 9999 in UTC.
    """
    return _text_reader(extensions)(text)


@built_once
def _text_reader(extensions: bool, /) -> Callable[[str], datetime]:  # noqa: FBT001 (positional: the cache's key is then the arguments alone)
    """Compile `_text_lines` into a function reading a string."""
    namespace: dict[str, Any] = {}
    strict = "" if extensions else "_strict"
    lines = [
        f"def read_text{strict}(text):",
        *indented(_text_lines("text", namespace, extensions=extensions)),
        "    return text",
    ]
    return compile_function(f"read_text{strict}", lines, namespace, datetime)


def _parse_by_grammar(text: str, *, extensions: bool = True) -> datetime:
    """Read any datetime string Pydantic reads, or name the problem.

    With ``extensions``, the ISO 8601 forms that Pydantic refuses (week and
    ordinal dates, the basic format) are read too.
    """
    if not text:
        raise _invalid_text(text, "the string is empty")
    if text[0] in _NUMBER_STARTS:  # where every form of the grammar starts
        grammar = _grammar()
        forms = grammar.extended if extensions else grammar.pydantic
        match = forms.fullmatch(text)
        form = None if match is None else match.lastgroup
        if form == "rfc3339":
            return _from_rfc3339(cast("re.Match[str]", match), text)
        if form is None:  # no date: a number, or nothing Pydantic reads
            shape = _numeric_shape(text)
            if shape is not None:
                return _from_numeric_shape(text, *shape)
        if form == "week_or_basic":
            return _from_other_iso(datetime.fromisoformat, text)
        if form == "ordinal":
            # Rare, and dateutil's parser takes long to import: load it here.
            from dateutil.parser import isoparse  # noqa: PLC0415

            return _from_other_iso(isoparse, text)
    raise _invalid_text(text, _NO_FORM)


_NUMBER_SIGNS: Final = frozenset("+-")
"""The signs a numeric string may start with."""

_NO_FORM = "expected an ISO 8601 date-time or a number"
"""Why the grammar refuses a string that none of its forms match."""


_INLINE_NUMBER = 64
"""Characters, at most, of a numeric string with a point that the common
forms' lines read at once (`_from_numeric_text`, through `float`); longer
ones go to the grammar, which leaves their leading zeros out first (see
`_from_numeric_shape`)."""

_DIGITS = b"0123456789"

_NUMBER_STARTS = frozenset("+-.0123456789")

_NUMERIC_SKELETONS: dict[bytes, tuple[bytes, bool, bytes]] = {
    sign + point + exponent: (sign, bool(point), exponent)
    for sign in (b"", b"+", b"-")
    for point, exponents in (
        (b"", (b"",)),
        (b".", (b"", b"e", b"E", b"e+", b"e-", b"E+", b"E-")),
    )
    for exponent in exponents
}
"""What is left of a numeric string once its digits are taken out: its
sign, whether it has a point, and its exponent's letter and sign."""


def _numeric_shape(text: str) -> tuple[bytes, int, int, int] | None:
    r"""Find the parts of a numeric string, if it is one.

    The grammar of numbers, Pydantic's: ``[+-]?[0-9]+`` without a point,
    and ``[+-]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?`` with one.
    Checked with the methods of `bytes`, which run at memory speed (a
    regular expression takes several times as long over a long run of
    digits): the digits are taken out, and the characters left must be
    one of the grammar's skeletons, each where the grammar puts it.

    Returns
    -------
    tuple or None
        The string's bytes, where its digits start (after any sign), where
        its point is and where its exponent's letter is (-1 for none);
        `None` if the string is not a number.
    """
    if text[:1] not in _NUMBER_STARTS or not text.isascii():
        return None
    raw = text.encode()
    form = _NUMERIC_SKELETONS.get(raw.translate(None, _DIGITS))
    if form is None:
        return None
    sign, has_point, exponent = form
    start = len(sign)
    if has_point:
        point = raw.index(b".")
        letter = raw.index(exponent[:1]) if exponent else len(raw)
        end = letter + len(exponent)
        valid = (
            raw[letter:end] == exponent  # its sign next to the letter
            and (end < len(raw) or not exponent)  # digits after them
            and (point > start or letter > point + 1)  # digits before
        )
    else:
        point = letter = -1
        valid = len(raw) > start
    if not valid or raw[:start] != sign:  # nothing before the sign
        return None
    return raw, start, point, letter if exponent else -1


_SECONDS_DIGITS: Final = len(str(MILLISECONDS_THRESHOLD)) - 1
"""Digits of every number below `MILLISECONDS_THRESHOLD`: seconds."""

_EPOCH_INTEGER_LENGTH: Final = len(f"-{EXACT_MILLISECONDS}")
"""Characters, at most, of a numeric string read inline as an integer
(see `_epoch_integer_lines`): a sign and the digits of milliseconds read
exactly."""

_SHORT_INTEGER: Final = _MAX_INT64_DIGITS - 1
"""Characters of a numeric string (a sign and digits) that `int` reads
without a check: fewer digits than `MAX_INT64` has."""

_MAX_WHOLE_DIGITS = 20
"""Digits before the point beyond which a number without an exponent is
out of range (at least 1e20 milliseconds, where the years end near 2.5e14):
refused without converting a string that may be long."""


def _from_numeric_text(text: str) -> datetime:
    """Read a string of a number, as the common forms' lines find one.

    A short one, as it is: digits, perhaps a sign, perhaps a point (of at
    most `_INLINE_NUMBER` characters); any other through its shape.
    """
    if "." in text:
        return from_epoch_float(float(text), text)
    if len(text) <= _SHORT_INTEGER:  # certainly a 64-bit integer
        return from_epoch_integer(int(text), text)
    shape = _numeric_shape(text)
    if shape is None:
        raise _invalid_text(text, _NO_FORM)
    return _from_numeric_shape(text, *shape)


def _from_numeric_shape(
    text: str, raw: bytes, start: int, point: int, exponent: int
) -> datetime:
    """Read a string of a number as Pydantic does: an int if no point.

    Leading zeros are found at memory speed and left out, and a number
    certainly out of range is refused before it is converted. ``raw``,
    ``start``, ``point`` and ``exponent`` are what `_numeric_shape` found.
    """
    zeros = _grammar().zeros.match(raw, start)
    significant = start if zeros is None else zeros.end()
    if point < 0:
        if len(raw) - significant > _MAX_INT64_DIGITS:
            raise _invalid_text(text, "the number is too large")
        negative = start and raw[0] == ord("-")
        number = int(raw[significant:] or b"0")
        if negative:
            number = -number
        if not fits_int64(number):
            raise _invalid_text(text, "the number is too large")
        return from_epoch_integer(number, text)
    if exponent < 0 and point - significant > _MAX_WHOLE_DIGITS:
        # Certainly out of range, as `from_epoch_float` would find.
        raise _outside_utc(text)
    # Leading zeros left out (`float` reads them slowly), but for one
    # before the point if nothing else is.
    if significant == point > start:
        significant -= 1
    return from_epoch_float(float(raw[:start] + raw[significant:]), text)


def _from_rfc3339(match: re.Match[str], text: str) -> datetime:
    """Build the datetime of a string matched by the RFC 3339 pattern."""
    hour = match["hour"]
    try:
        if hour is None:
            year, month, day = match.group("year", "month", "day")
            return datetime(int(year), int(month), int(day), tzinfo=UTC)
        fraction = match["fraction"]
        micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
        result = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(hour),
            int(match["minute"]),
            int(match["second"] or 0),
            micro,
            tzinfo=UTC,
        )
    except ValueError as error:
        raise _invalid_text(text, str(error)) from None
    zone = match["offset"]
    if zone is None:
        return result
    try:
        return result - _offset_of(zone)
    except OverflowError:
        raise _outside_utc(text) from None


def _from_other_iso(parse: Callable[[str], datetime], text: str) -> datetime:
    """Read a week, ordinal or basic-format date with the given parser."""
    try:
        return to_utc(parse(text))
    except (ValueError, OverflowError) as error:
        raise _invalid_text(text, str(error)) from None


def seconds_test(number: str) -> str:
    """Return source text telling whether an epoch number counts seconds.

    Pydantic's rule: seconds up to `MILLISECONDS_THRESHOLD` in absolute
    value, milliseconds beyond (false for NaN). Written here alone: the
    generated readers test it inline, and `is_seconds` is compiled of it.

    Parameters
    ----------
    number
        An expression giving a number.

    Returns
    -------
    str
        The test, with the threshold as a literal.
    """
    limit = MILLISECONDS_THRESHOLD
    return f"-{limit} <= {number} <= {limit}"


def _compile_is_seconds() -> Callable[[float], bool]:
    """Compile `is_seconds` of `seconds_test` (at import, a call's time)."""
    lines = [
        "def is_seconds(number):",
        '    """Tell whether an epoch number counts seconds."""',
        f"    return {seconds_test('number')}",
    ]
    return compile_function("is_seconds", lines, {}, sys.modules[__name__])


is_seconds: Final = _compile_is_seconds()
"""Tell whether an epoch number counts seconds, not milliseconds
(`seconds_test`): for the readers of numbers and the writers."""


def from_epoch_integer(number: int, original: object = None) -> datetime:
    """Read whole seconds, or milliseconds past `MILLISECONDS_THRESHOLD`.

    Parameters
    ----------
    number
        An integer (of the class `int` itself).
    original
        The input to name in errors, when not the number.

    Returns
    -------
    datetime.datetime
        The instant, in UTC.

    Raises
    ------
    FieldError
        The instant is outside the years 1 to 9999 in UTC.

    Notes
    -----
    Read by the lines the generated readers run inline
    (`_epoch_integer_lines`), compiled once (`_epoch_integer_reader`).
    """
    shown = number if original is None else original
    return _epoch_integer_reader()(number, shown)


@built_once
def _epoch_integer_reader() -> Callable[[int, object], datetime]:
    """Compile `_epoch_integer_lines` into `from_epoch_integer`'s reader."""
    namespace: dict[str, Any] = {
        "UTC": UTC,
        "from_seconds": _from_seconds,
        "by_arithmetic": _epoch_integer_by_arithmetic,
    }
    by_arithmetic = ["value = by_arithmetic(number, original)"]
    lines = [
        "def read_epoch_integer(number, original):",
        "    try:",
        *indented(_epoch_integer_lines("value", "number", by_arithmetic), 2),
        # Beyond what the platform reads (negative seconds on Windows).
        "    except (OverflowError, OSError):",
        *indented(by_arithmetic, 2),
        "    return value",
    ]
    return compile_function("read_epoch_integer", lines, namespace, datetime)


def _epoch_integer_by_arithmetic(number: int, original: object) -> datetime:
    """Read an epoch integer that the standard library does not read.

    Milliseconds beyond `EXACT_MILLISECONDS`, and what the platform's
    ``fromtimestamp`` refuses; refused outside the years 1 to 9999.
    """
    micros = number * 1_000_000 if is_seconds(number) else number * 1000
    return _from_epoch_micros(micros, original)


def from_epoch_float(number: float, original: object = None) -> datetime:
    """Read fractional seconds (or milliseconds) as Pydantic rounds them.

    The whole part is the floor; the fraction, always positive, is rounded
    to the microsecond half away from zero.

    Parameters
    ----------
    number
        A float (of the class `float` itself); milliseconds past
        `MILLISECONDS_THRESHOLD` in absolute value.
    original
        The input to name in errors, when not the number.

    Returns
    -------
    datetime.datetime
        The instant, in UTC.

    Raises
    ------
    FieldError
        The number is NaN, or the instant is outside the years 1 to 9999
        in UTC.
    """
    seconds = is_seconds(number)  # false for NaN
    if seconds and number >= 0.0 and number % 1 * 1_000_000 % 1 != _HALF:
        # The standard library computes the same microseconds but rounds
        # halves to even: left to the rounding below.
        return _from_seconds(number, UTC)
    shown = number if original is None else original
    if math.isnan(number):
        raise _invalid_text(shown, "NaN values not permitted")
    if math.isinf(number):
        raise _outside_utc(shown)
    whole = math.floor(number)
    fraction = number - whole
    if seconds:
        micros = whole * 1_000_000 + _round_half_up(fraction * 1_000_000)
    else:
        micros = whole * 1000 + _round_half_up(fraction * 1000)
    return _from_epoch_micros(micros, shown)


def _round_half_up(value: float) -> int:
    """Round a non-negative float to the nearest int, halves upward."""
    result = math.floor(value)
    return result + 1 if value - result >= _HALF else result


def _from_epoch_micros(micros: int, original: object) -> datetime:
    if _EARLIEST_MICROS <= micros <= _LATEST_MICROS:
        return EPOCH + timedelta(microseconds=micros)
    raise _outside_utc(original)


_PARSERS_BY_TYPE: dict[int, Callable[[Any], datetime]] = {
    id(int): from_epoch_integer,
    id(float): from_epoch_float,
}
"""Parsers of the JSON numbers, by their exact type's identity (strings
are read by `parse_datetime_text`, with or without the extensions): a
lookup by the type itself would hash it, running its metaclass's
``__hash__`` (see `type_ids`)."""


def timestamp_reading_lines(
    variable: str,
    other: list[str] | None,
    namespace: dict[str, Any],
    *,
    extensions: bool = True,
) -> list[str]:
    """Return the fast path's lines reading a datetime of a `Timestamp`.

    Epoch integers go straight to the standard library, strings to the
    common forms' lines (`_text_lines`), floats to their reader, skipping
    `parse_datetime`'s dispatch. Milliseconds beyond `EXACT_MILLISECONDS`,
    whose float may be a microsecond out, go to `from_epoch_integer`
    (with ``other``; without it, to the general path).

    Parameters
    ----------
    variable
        The variable holding the value, set to the datetime in place.
    other
        The lines reading a value of any other type, or `None` where the
        general path reads the input again if the lines fail (a document
        decoded by msgspec): a value of another type, or a text that the
        standard library refuses, is then left to it at once
        (`FallBack`), not read or named here.
    namespace
        The generated function's globals, to which the lines' names are
        added.
    extensions
        Whether the ISO 8601 forms that Pydantic refuses are read too (see
        `parse_datetime`).

    Returns
    -------
    list of str
        The lines; they raise `FallBack` or what the readers raise for
        the detailed path to read the value.
    """
    namespace["from_float"] = from_epoch_float
    value = variable
    if other is None:
        beyond = ["raise FallBack"]
    else:
        # Read, or refused (`FieldError`), here: not by the detailed path.
        namespace["from_epoch_integer"] = from_epoch_integer
        beyond = [f"{value} = from_epoch_integer({value})"]
    return [
        f"value_type = type({value})",
        # Strings first: the forms nearest Pydantic's own speed.
        "if value_type is str:",
        *indented(
            _text_lines(
                value,
                namespace,
                extensions=extensions,
                names_refusals=other is not None,
            )
        ),
        "elif value_type is int:",
        *indented(_epoch_integer_lines(value, value, beyond)),
        "elif value_type is float:",
        f"    {value} = from_float({value})",
        "else:",
        *indented(["raise FallBack"] if other is None else other),
    ]


def _epoch_integer_lines(
    value: str, number: str, beyond: list[str]
) -> list[str]:
    """Return the lines reading an epoch integer, as `from_epoch_integer`.

    Seconds, and milliseconds up to `EXACT_MILLISECONDS`, go straight to
    the standard library.

    Parameters
    ----------
    value
        The variable set to the datetime.
    number
        An expression giving the integer (an exact `int`).
    beyond
        The lines run for milliseconds further out.

    Returns
    -------
    list of str
        The lines.
    """
    exact = EXACT_MILLISECONDS
    return [
        f"if {seconds_test(number)}:",
        f"    {value} = from_seconds({number}, UTC)",
        f"elif -{exact} < {number} < {exact}:",
        f"    {value} = from_seconds({number} / 1000, UTC)",
        "else:",
        *indented(beyond),
    ]


def _zone_lines(
    value: str, zone: str, *, utc_as_is: bool = False
) -> list[str]:
    """Return the lines reading a time whose zone is an offset.

    The zone's text is replaced with ``+00:00`` (it occurs nowhere else in
    the shapes read so: the date's dashes are followed by a dash or a
    separator three places on, never by digits and a colon) and the time
    read as if in UTC, then moved by the offset. A zone not in the table
    (`_common_offsets`) raises `KeyError` before the rest is read: the
    lines' clause leaves it to the grammar.

    Parameters
    ----------
    value
        The variable holding the text, set to the datetime.
    zone
        An expression giving the zone's text.
    utc_as_is
        Whether ``+00:00`` is read as it is, without the move (the zone of
        ``isoformat()``'s output, often met).

    Returns
    -------
    list of str
        The lines.
    """
    moved = [
        "offset = offsets[zone]",
        f"{value} = from_iso({value}.replace(zone, '+00:00')) - offset",
    ]
    if not utc_as_is:
        return [f"zone = {zone}", *moved]
    return [
        f"zone = {zone}",
        "if zone == '+00:00':",
        f"    {value} = from_iso({value})",
        "else:",
        *indented(moved),
    ]


def _fraction_lines(
    value: str, zone_length: int, read: list[str], strict: str
) -> list[str]:
    """Return the lines reading a time with a fraction and a zone.

    Parameters
    ----------
    value
        The variable holding the text, set to the datetime.
    zone_length
        The characters of its zone: 1 (``Z`` or ``z``), 5 or 6 (an offset
        without or with its colon).
    read
        The lines reading the text once its fraction is checked.
    strict
        The suffix of the readers' names (see `_text_lines`).

    Returns
    -------
    list of str
        The lines: a fraction of 1 to 6 characters is checked by
        fromisoformat; a longer one here, as ASCII digits, else the text
        is read by the grammar.
    """
    first, last = _FRACTION_ENDS
    return [
        (
            f"if {first + zone_length} <= size <= {last + zone_length} or ("
            f"{value}[{_NAIVE_LENGTH + 1}:-{zone_length}].isdigit()"
            f" and {value}.isascii()):"
        ),
        *indented(read),
        "else:",
        f"    {value} = from_grammar{strict}({value})",
    ]


def _text_lines(
    value: str,
    namespace: dict[str, Any],
    *,
    extensions: bool,
    names_refusals: bool = True,
) -> list[str]:
    """Return the lines reading a string, in place: the one reading of it.

    The common forms (see `parse_datetime_text`, which runs these lines
    compiled on their own) go to the standard library, whose reading of
    them is Pydantic's, by their shape, the most used first; a text of a
    common shape that fromisoformat refuses is named as
    `refused_common_form` names it; every other string goes to the full
    grammar.

    Parameters
    ----------
    value
        The variable holding an exact `str`, set to the datetime.
    namespace
        The generated function's globals, to which the lines' names are
        added.
    extensions
        Whether the grammar reads the ISO 8601 forms that Pydantic refuses.
    names_refusals
        Whether a text of a common shape that fromisoformat refuses is
        named here (`refused_common_form`), or left to a path that reads
        the input again (`FallBack`).

    Returns
    -------
    list of str
        The lines; they raise `FieldError` for a string that is not a
        valid datetime (or `FallBack`, see ``names_refusals``).
    """
    # Names of their own for readers without the extensions: a function
    # may read both kinds of field. The readers themselves where they read
    # the extensions (their default): a partial costs a call more.
    strict = "" if extensions else "_strict"
    namespace.update(
        {
            "UTC": UTC,
            "from_seconds": datetime.fromtimestamp,
            "from_iso": datetime.fromisoformat,
            "offsets": _common_offsets(),
            "utc_shapes": _shapes("::Z"),
            "small_utc_shapes": _shapes("::z"),
            "offset_shapes": _shapes("::+") | _shapes("::-"),
            "fraction_shapes": frozenset().union(
                *(_shapes(f"::{mark}") for mark in _FRACTION_MARKS)
            ),
            "naive_shapes": _shapes("::"),
            "minute_shapes": _shapes(":"),
            "minute_utc_shapes": _shapes(":Z"),
            "minute_small_utc_shapes": _shapes(":z"),
            "minute_offset_shapes": _shapes(":+:") | _shapes(":-:"),
            "minute_sign_shapes": _shapes(":+") | _shapes(":-"),
            "number_signs": _NUMBER_SIGNS,
            "from_numeric_text": _from_numeric_text,
            f"from_grammar{strict}": (
                _parse_by_grammar
                if extensions
                else functools.partial(_parse_by_grammar, extensions=False)
            ),
            f"from_refused{strict}": (
                refused_common_form
                if extensions
                else functools.partial(refused_common_form, extensions=False)
            ),
        }
    )
    # Where fromisoformat reads hour 24 (as the next day), Pydantic does not.
    hour = f" and {value}[11:13] < '24'" if FROMISOFORMAT_READS_HOUR_24 else ""
    minutes = _MINUTES_LENGTH  # YYYY-MM-DDTHH:MM
    naive = _NAIVE_LENGTH  # YYYY-MM-DDTHH:MM:SS
    offset = naive + _OFFSET_LENGTH  # then +HH:MM
    first, last = _FRACTION_ENDS  # where a fraction may end
    epoch_integer = _epoch_integer_lines(
        value, "number", [f"{value} = from_numeric_text({value})"]
    )
    return [
        "try:",
        f"    size = len({value})",
        # An integer of up to 13 digits: seconds, or milliseconds (those of
        # JavaScript's clock, written as text). Up to `_SECONDS_DIGITS`,
        # seconds below the threshold, at once. Through `int`: 280 ns with
        # the conversion against 350 through `float` (CPython 3.11 on an
        # Intel Xeon; 3.13 alike, 3.12 the other way).
        (
            f"    if size < {_EPOCH_INTEGER_LENGTH} and {value}.isdigit()"
            f" and {value}.isascii():"
        ),
        f"        if size <= {_SECONDS_DIGITS}:",
        f"            {value} = from_seconds(int({value}), UTC)",
        "        else:",
        f"            number = int({value})",
        *indented(epoch_integer, 3),
        # fromisoformat stops at a NUL after a Z, and then leaves unread
        # what it skipped: such a text is the grammar's, which refuses it.
        f"    elif '\\x00' in {value}:",
        f"        {value} = from_grammar{strict}({value})",
        "    else:",
        f"        shape = {value}[4:20:3]",
        # The length first, then the separators T and space themselves
        # (the usual ones): a set's lookup hashes the new shape first.
        (
            f"        if size == {naive + 1}"
            f" and {_shape_is(['::Z'], 'utc_shapes', 'T ')}{hour}:"
        ),
        f"            {value} = from_iso({value})",
        # An offset, with its colon or without it (as strftime's %z
        # writes it): a sign and four digits occur nowhere else in it.
        (
            f"        elif {offset - 1} <= size <= {offset}"
            f" and {_shape_is(['::+', '::-'], 'offset_shapes')}{hour}:"
        ),
        *indented(_zone_lines(value, f"{value}[{naive}:]", utc_as_is=True), 3),
        # No zone, and a date alone: before the shapes read by a set's
        # lookup or a slice below, which their lengths rule out.
        (
            f"        elif size == {naive}"
            f" and {_shape_is(['::'], 'naive_shapes', 'T ')}{hour}:"
        ),
        f"            {value} = from_iso({value} + '+00:00')",
        f"        elif size == {_DATE_LENGTH} and shape == '--':",
        f"            {value} = from_iso({value} + 'T00:00:00+00:00')",
        # A point or a comma and digits, then Z, z, nothing, or an offset
        # with or without its colon, told apart by the text's end. Of 1 to
        # 6 digits, fromisoformat checks that they are digits (not that
        # there is one); it skips whatever follows six, so more are
        # checked here, as ASCII digits. An offset is read as the offset
        # shape above is (a fraction holding the zone's text too is
        # refused either way: +00:00 in it, or a zone after it, is not a
        # fraction's). Anything else is read by the grammar.
        (f"        elif {_shape_is(['::.'], 'fraction_shapes')}{hour}:"),
        f"            end = {value}[-1]",
        "            if end == 'Z':",
        *indented(
            _fraction_lines(
                value, 1, [f"{value} = from_iso({value})"], strict
            ),
            4,
        ),
        # Nothing after 1 to 6 characters (neither z nor an offset without
        # its colon, which is longer): fromisoformat checks their digits
        # (not that there is one).
        (
            f"            elif {first} <= size <= {last} and end != 'z'"
            f" and {value}[-{_OFFSET_LENGTH - 1}] not in number_signs:"
        ),
        f"                {value} = from_iso({value} + '+00:00')",
        f"            elif {value}[-3] == ':':",
        *indented(
            _fraction_lines(
                value,
                _OFFSET_LENGTH,
                _zone_lines(
                    value, f"{value}[-{_OFFSET_LENGTH}:]", utc_as_is=True
                ),
                strict,
            ),
            4,
        ),
        f"            elif {value}[-{_OFFSET_LENGTH - 1}] in number_signs:",
        *indented(
            _fraction_lines(
                value,
                _OFFSET_LENGTH - 1,
                _zone_lines(value, f"{value}[-{_OFFSET_LENGTH - 1}:]"),
                strict,
            ),
            4,
        ),
        "            elif end == 'z':",
        *indented(
            _fraction_lines(
                value,
                1,
                [f"{value} = from_iso({value}[:-1] + '+00:00')"],
                strict,
            ),
            4,
        ),
        # Nothing after more digits.
        (
            f"            elif {value}[{naive + 1}:].isdigit()"
            f" and {value}.isascii():"
        ),
        f"                {value} = from_iso({value} + '+00:00')",
        "            else:",
        f"                {value} = from_grammar{strict}({value})",
        # No date (every shape above and below starts with its dashes): a
        # number of other forms than the integers above, with a sign, a
        # point or more digits (no exponent), read as the grammar reads
        # numbers, without matching it first; else what only the grammar
        # reads.
        "        elif shape[:1] != '-':",
        # An integer as above, signed.
        (
            f"            if size <= {_EPOCH_INTEGER_LENGTH}"
            f" and {value}[:1] in number_signs and {value}[1:].isdigit()"
            f" and {value}.isascii():"
        ),
        f"                number = int({value})",
        *indented(epoch_integer, 4),
        (
            f"            elif size <= {_INLINE_NUMBER} and {value}.isascii()"
            f" and ({value}[1:] if {value}[:1] in number_signs else {value})"
            ".replace('.', '', 1).isdigit():"
        ),
        f"                {value} = from_numeric_text({value})",
        "            else:",
        f"                {value} = from_grammar{strict}({value})",
        # A small z, where a Z is read.
        (
            f"        elif size == {naive + 1}"
            f" and {_shape_is(['::z'], 'small_utc_shapes')}{hour}:"
        ),
        f"            {value} = from_iso({value}[:-1] + '+00:00')",
        # A time without seconds: then nothing, Z or an offset, read as
        # those with seconds are.
        (
            f"        elif size == {minutes}"
            f" and {_shape_is([':'], 'minute_shapes')}{hour}:"
        ),
        f"            {value} = from_iso({value} + '+00:00')",
        (
            f"        elif size == {minutes + 1}"
            f" and {_shape_is([':Z'], 'minute_utc_shapes')}{hour}:"
        ),
        f"            {value} = from_iso({value})",
        (
            f"        elif size == {minutes + 1}"
            f" and {_shape_is([':z'], 'minute_small_utc_shapes')}{hour}:"
        ),
        f"            {value} = from_iso({value}[:-1] + '+00:00')",
        (
            f"        elif size == {minutes + _OFFSET_LENGTH}"
            f" and {_shape_is([':+:', ':-:'], 'minute_offset_shapes')}{hour}:"
        ),
        *indented(_zone_lines(value, f"{value}[{minutes}:]"), 3),
        (
            f"        elif size == {minutes + _OFFSET_LENGTH - 1}"
            f" and shape[:5] in minute_sign_shapes{hour}:"
        ),
        *indented(_zone_lines(value, f"{value}[{minutes}:]"), 3),
        "        else:",
        f"            {value} = from_grammar{strict}({value})",
        *(
            [
                "except ValueError as error:",
                f"    {value} = from_refused{strict}({value}, error)",
            ]
            if names_refusals
            else ["except ValueError:", "    raise FallBack"]
        ),
        "except KeyError:",
        f"    {value} = from_grammar{strict}({value})",
        # An offset moving the instant outside the years 1 to 9999, or a
        # negative number of seconds a platform does not read (Windows).
        "except (OverflowError, OSError):",
        f"    {value} = from_grammar{strict}({value})",
    ]
