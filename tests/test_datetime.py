"""Unit tests of the private datetime parser and formatters."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gafaelfawr_attrs import TokenBase, ValidationError, make_converter

from .strategies import (
    iso_strings,
    numeric_strings,
    plain_iso_shapes,
    utc_datetimes,
)
from .support import (
    EXACT_MILLISECONDS,
    JSON_LIBRARIES,
    MILLISECONDS_THRESHOLD,
    FieldError,
    examples,
    format_epoch,
    format_iso,
    parse_by_grammar,
    parse_datetime,
    parse_datetime_text,
    read_hour_24_as_later_pythons,
)

EXPECTED = datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)


class TestIsoExtensions:
    """Week, ordinal and basic ISO 8601 forms are read, for real dates only."""

    @pytest.mark.parametrize(
        "text",
        [
            "2021-W09-5T23:15:30Z",
            "2021W095T231530Z",
            "2021-064T23:15:30Z",
            "20210305T231530Z",
            "20210306T011530+0200",
            "2021-064T23:15:30.000000Z",
        ],
        ids=[
            "week",
            "basic-week",
            "ordinal",
            "basic",
            "basic-offset",
            "ordinal-fraction",
        ],
    )
    def test_date_times(self, text: str) -> None:
        """Week, ordinal and basic-format date-times read as ISO 8601 says."""
        assert parse_datetime(text) == EXPECTED

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2021-W09", datetime(2021, 3, 1, tzinfo=UTC)),
            ("2021-W09-5", datetime(2021, 3, 5, tzinfo=UTC)),
            ("2020-366", datetime(2020, 12, 31, tzinfo=UTC)),
        ],
        ids=["week", "week-day", "leap-ordinal"],
    )
    def test_dates(self, text: str, expected: datetime) -> None:
        """Week and ordinal dates alone are midnight UTC."""
        assert parse_datetime(text) == expected

    @pytest.mark.parametrize(
        "text",
        ["2021-366", "2021-W53-1", "2021-W09-8", "2021-064T24:00", "2021-3-5"],
        ids=["day-366", "week-53", "day-8", "hour-24", "short-fields"],
    )
    def test_impossible_dates_rejected(self, text: str) -> None:
        """Days and weeks that do not exist are errors, not rolled over."""
        with pytest.raises(FieldError, match="valid datetime"):
            parse_datetime(text)


class TestPythonValues:
    """Python date and datetime objects are read as UTC instants."""

    def test_date_is_midnight_utc(self) -> None:
        """A date object is read as midnight UTC, as Pydantic reads it."""
        assert parse_datetime(EXPECTED.date()) == EXPECTED.replace(
            hour=0, minute=0, second=0
        )

    def test_naive_datetime_is_utc(self) -> None:
        """A naive datetime is taken to be in UTC."""
        naive = EXPECTED.replace(tzinfo=None)
        assert parse_datetime(naive) == EXPECTED
        assert parse_datetime(naive).tzinfo is UTC

    def test_offset_is_converted(self) -> None:
        """An aware datetime is converted to UTC."""
        shifted = EXPECTED.astimezone(timezone(timedelta(hours=-7)))
        assert shifted.hour == 16
        assert parse_datetime(shifted) == EXPECTED
        assert parse_datetime(shifted).tzinfo is UTC


class TestFormatIso:
    """ISO output is Pydantic's."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (EXPECTED, "2021-03-05T23:15:30Z"),
            (
                EXPECTED.replace(microsecond=123000),
                "2021-03-05T23:15:30.123000Z",
            ),
            (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
        ],
        ids=["seconds", "fraction", "year-1"],
    )
    def test_formats(self, value: datetime, expected: str) -> None:
        """ISO output is Pydantic's: seconds always, six fraction digits, Z."""
        assert format_iso(value) == expected


class TestFormatEpoch:
    """Epoch output is Pydantic's, and exact."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (EXPECTED, 1614986130),
            (EXPECTED.replace(microsecond=500000), 1614986130.5),
            (datetime(1970, 1, 1, tzinfo=UTC), 0),
            (datetime(2603, 10, 11, 11, 33, 20, tzinfo=UTC), 20_000_000_000),
            (
                datetime(2603, 10, 11, 11, 33, 21, tzinfo=UTC),
                20_000_000_001_000,
            ),
            (datetime(1, 1, 1, tzinfo=UTC), -62135596800000),
            (
                datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
                "9999-12-31T23:59:59.999999Z",
            ),
        ],
        ids=[
            "seconds",
            "fraction",
            "epoch",
            "threshold",
            "millis",
            "year-1",
            "iso",
        ],
    )
    def test_formats(self, value: datetime, expected: float | str) -> None:
        """Seconds to 2e10, milliseconds beyond, ISO when no float is exact."""
        result = format_epoch(value)
        assert result == expected
        assert type(result) is type(expected)


class TestRoundTrips:
    """What either format writes reads back as the same instant."""

    @given(utc_datetimes)
    def test_epoch(self, value: datetime) -> None:
        """Whatever `format_epoch` writes reads back as the same instant."""
        assert parse_datetime(format_epoch(value)) == value

    @given(utc_datetimes)
    def test_iso(self, value: datetime) -> None:
        """Whatever `format_iso` writes reads back as the same instant."""
        assert parse_datetime(format_iso(value)) == value


_ODD_CHARACTERS = "0123456789 +-:.TtZz_x\u0663\x00"


@st.composite
def _near_common_forms(draw: st.DrawFn) -> str:
    """Draw a common form of datetime string, perhaps with a change."""
    value = draw(
        st.datetimes(
            min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)
        )
    )
    text = draw(
        st.sampled_from(
            [
                value.strftime("%Y-%m-%d"),
                value.isoformat(sep=draw(st.sampled_from("Tt _"))),
                value.isoformat() + "Z",
                value.isoformat()
                + draw(st.sampled_from(["+00:00", "-00:00"])),
                value.isoformat(timespec="milliseconds") + "+05:30",
                value.isoformat(timespec="seconds") + "-23:59",
                value.isoformat(timespec="seconds") + "+0200",
                value.isoformat(
                    sep=draw(st.sampled_from("Tt _")), timespec="minutes"
                )
                + draw(st.sampled_from(["", "Z", "+02:00", "-05:30"])),
                str(int(value.timestamp()) % 10**10),
            ]
        )
    )
    if draw(st.booleans()):
        where = draw(st.integers(0, len(text) - 1))
        odd = draw(st.sampled_from(_ODD_CHARACTERS))
        text = text[:where] + odd + text[where + 1 :]
    return text


def _outcome(parse: Callable[[str], datetime], text: str) -> object:
    """Return what a parser gives, or the errors it raises."""
    try:
        value = parse(text)
    except FieldError as error:
        return error.errors
    assert type(value) is datetime
    assert value.tzinfo is UTC
    return value


_RECORD = {"username": "someuser", "token_type": "session", "scopes": []}


def _record_reads(
    text: str, json_library: Any
) -> list[Callable[[], TokenBase]]:
    """Return the reads of a record with ``created`` set: dict and JSON."""
    converter = make_converter(json_library=json_library)
    record = {**_RECORD, "created": text}
    return [
        lambda: converter.structure(record, TokenBase),
        lambda: converter.loads(json.dumps(record), TokenBase),
    ]


class TestCommonForms:
    """The standard library's reading of common forms is the grammar's."""

    @settings(max_examples=examples(3000))
    @given(
        text=st.one_of(
            _near_common_forms(),
            iso_strings(),
            plain_iso_shapes,
            numeric_strings,
            st.text("0123456789-:T.Z+ ", max_size=32),
        )
    )
    @example(text="0000-00-00T00:00:00.")  # a point without digits
    @example(text="2021-03-05t23:59:59.")  # valid parts, a point alone
    @example(text="2021-03-05 22:35:30,")  # valid parts, a comma alone
    @example(text="2797-00-08t82:22:54+24:31")  # parts out of range, bad zone
    @example(text="5045-14-08T16:35:17.895494+x530")
    @example(text="1853-01-14 09:93:15+05:60")
    @example(text="2021-03-05_23:15:30.123-05:30")
    @example(text="2021-03-05 23:15:30.1234567+02:00")
    @example(text="2021-03-05T23:15")  # no seconds
    @example(text="2021-03-05 23:15-0530")  # no seconds, an offset's colon
    @example(text="2021-03-05t23:15:30,5z")  # a comma, a small z
    @example(text="2021-03-05T23:15:30.123456789-00:00")  # nanoseconds
    @example(text="2021-03-05T23:15:3+02:00")  # one digit of seconds
    @example(text="2021-03-05T23:15:30.+0200")  # a point without digits
    @example(text="2021-03-05T23:15+2400")  # an offset out of range
    @example(text="2021-03-05 25:15")  # an hour out of range
    @example(text="2021-02-30T24:15Z")  # the day's problem, before the hour's
    @example(text="2021-03-05T2a:15+02:00")  # an hour that is not digits
    @example(text="2021-03-05T23:15:30.1234567z9Z")  # past six digits
    @example(text="2021-03-05T23:15:30.123456x+02:00")  # past six digits
    @example(text="2021-03-05T23:15:30.1234567\u0663Z")  # a digit not ASCII
    @example(text="2021-03-05T23:15:30.123456789+02:00")  # nanoseconds
    @example(text="2021-03-05_23:15:30+0200")  # as strftime's %z writes it
    @example(text="2021-03-05 23:15:30,5+0200")  # a fraction, then %z
    @example(text="2021-03-05T23:15:30.123456789+0200")  # nanoseconds, %z
    @example(text="2021-03-05T23:15:30.1234567x9+0200")  # past six digits
    @example(text="2021-03-05T23:15:30.5+02")  # an offset of hours alone
    @example(text="2021-03-05t23:15:30.123456789z")  # nanoseconds, small z
    @example(text="2021-03-05T23:15:30.1234567z9z")  # past six digits
    @example(text="2021-03-05 23:15:30z")  # a space, a small z
    @example(text="2021-03-05T23:Z\x00")  # a NUL after a Z
    @example(text="2021-03-05T23:15:30.1Z\x00z")  # and a small z
    @example(text="2021-03-05T23:15:Z\x00+01:00")  # and an offset
    @example(text="2021-03-05T23:15z")  # no seconds, a small z
    @example(text="2021-03-05T23:15:30.12345678")  # nanoseconds, no zone
    @example(text="2021-03-05T23:15:30.1234567\u0663")  # a digit not ASCII
    @example(text="2021-03-05 23:15Z")  # no seconds, Z
    @example(text="2021-03-05t23:15+02:00")  # no seconds, an offset
    @example(text="-1614986130")  # a sign
    @example(text="-9999999999")  # a sign and ten digits
    @example(text="+16149861300")  # a sign and eleven digits
    @example(text="--1614986130")  # two signs
    @example(text="+.5")  # a sign and a point
    @example(text="16149861301234567890.5")  # long, with a point
    @example(text="-000000000000000000001")  # long, with zeros
    def test_same_as_grammar(self, text: str) -> None:
        """Every string gets the grammar's value, or its errors."""
        expected = _outcome(parse_by_grammar, text)
        assert _outcome(parse_datetime_text, text) == expected

    @settings(max_examples=examples(1500))
    @given(
        text=st.one_of(_near_common_forms(), iso_strings(), plain_iso_shapes),
        json_library=st.sampled_from(JSON_LIBRARIES),
    )
    @example(text="2021-03-05T23:15:30+05:60", json_library="json")
    @example(text="2021-03-05T23:15:30.1234567Z", json_library="json")
    @example(text="16149\u06636130", json_library="json")
    @example(text="2021-02-30T10:00:00Z", json_library="json")
    @example(text="2021-02-03 25:00:00", json_library="msgspec")
    @example(text="0000-01-01", json_library="json")
    @example(text="2021-02-03T10:00:61.5+02:00", json_library="json")
    @example(text="2021-02-03T10:00:00+25:00", json_library="json")
    def test_records_same_as_grammar(
        self, text: str, json_library: Any
    ) -> None:
        """Models read each string as the grammar does, from dicts and JSON."""
        expected = _outcome(parse_by_grammar, text)
        for read in _record_reads(text, json_library):
            try:
                created: object = read().created
            except ValidationError as error:
                created = [
                    (detail["loc"], detail["type"], detail["msg"])
                    for detail in error.errors()
                ]
                assert isinstance(expected, list)
                expected_errors = [
                    (("created",), expected[0]["type"], expected[0]["msg"])
                ]
                assert created == expected_errors
            else:
                assert isinstance(created, datetime)
                assert created.tzinfo is UTC
                assert created == expected

    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2021-03-06T01:15:30+02:00", "2021-03-05T23:15:30"),
            ("2021-03-05T13:45:30-09:30", "2021-03-05T23:15:30"),
            ("2021-03-06T13:15:30+14:00", "2021-03-05T23:15:30"),
            ("2005-05-05T05:05:05-05:05", "2005-05-05T10:10:05"),
            ("2021-03-06T00:22:30+0107", "2021-03-05T23:15:30"),
            ("2021-03-05T23:15:30+24:00", None),
            ("2021-03-05T23:15:30+01:60", None),
        ],
        ids=[
            "east",
            "west-half-hour",
            "furthest-east",
            "zone-digits-repeated",
            "odd-minutes-no-colon",
            "out-of-range",
            "minutes-out-of-range",
        ],
    )
    def test_offsets(
        self, text: str, expected: str | None, json_library: Any
    ) -> None:
        """An offset reads the same every time, common or not."""
        for read in _record_reads(text, json_library) * 2:
            if expected is None:
                with pytest.raises(ValidationError, match="created"):
                    read()
            else:
                instant = datetime.fromisoformat(expected + "+00:00")
                assert read().created == instant

    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        "text",
        [
            "0001-01-01T00:30:00+01:00",
            "0001-01-01T00:30:00.5+01:00",
            "0001-01-01T00:30:00+01:07",
            "0001-01-01T00:30:00.5+0107",
        ],
        ids=["offset", "fraction-offset", "odd-offset", "odd-fraction-offset"],
    )
    def test_offset_out_of_range(self, text: str, json_library: Any) -> None:
        """An offset moving an instant before year 1, common or not."""
        expected = _outcome(parse_by_grammar, text)
        assert isinstance(expected, list)
        assert expected[0]["type"] == "datetime_utc_range"
        assert _outcome(parse_datetime_text, text) == expected
        for read in _record_reads(text, json_library):
            with pytest.raises(ValidationError) as caught:
                read()
            assert [
                (detail["loc"], detail["type"], detail["msg"])
                for detail in caught.value.errors()
            ] == [(("created",), expected[0]["type"], expected[0]["msg"])]

    @pytest.mark.parametrize(
        "text",
        [
            "1614986130",
            "2021-03-05",
            "2021-03-05 23:15:30",
            "2021-03-05t23:15:30",
            "2021-03-05_23:15:30",
            "2021-03-05T23:15:30",
            "2021-03-05T23:15:30Z",
            "2021-03-05T23:15:30+00:00",
            "2021-03-05T23:15:30-00:00",
            "2021-03-06T01:15:30+02:00",
            "2021-03-05T23:15:30.5Z",
            "2021-03-05T23:15:30.123456+00:00",
            "2021-03-05X23:15:30",
            "2021-03-05T24:00:00",
            "2021-03-05T23:15:30+05:60",
            "2021-03-05T23:15:30+24:00",
            "2021-03-05T23:15:30.5-99:99",
            "2021-03-05 23:15:30+2x:00",
            "2021-03-05T23:15:30+\u0663\u0663:00",
            "2021-03-05T23:15:30+0200",
            "2021-03-05T23:15:30.1234567Z",
            "2021-03-05T23:15:30.Z",
            "2021-03-05T23:15:30z",
            "2021-03-05T23:15:60Z",
            "0000-03-05T23:15:30Z",
            "0001-01-01T00:30:00+01:00",
            "2021-02-30",
            "+1614986130",
            "12345678901",
            "2021-03-05T23:15:3\u0663Z",
        ],
        ids=[
            "seconds",
            "date",
            "space",
            "lower-t",
            "underscore",
            "naive",
            "z",
            "plus-zero",
            "minus-zero",
            "offset",
            "fraction",
            "fraction-offset",
            "separator",
            "hour-24",
            "offset-minute-60",
            "offset-hour-24",
            "fraction-offset-99",
            "offset-letter",
            "offset-arabic-digits",
            "offset-without-colon",
            "seven-digits",
            "empty-fraction",
            "lower-z",
            "second-60",
            "year-0",
            "before-year-1",
            "february-30",
            "signed-seconds",
            "eleven-digits",
            "arabic-digit",
        ],
    )
    def test_edges(self, text: str) -> None:
        """Common forms, and the shapes beside them, as the grammar reads."""
        expected = _outcome(parse_by_grammar, text)
        assert _outcome(parse_datetime_text, text) == expected


def _epoch_oracle(micros: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)


def _rounded_half_up(value: float) -> int:
    whole = math.floor(value)
    return whole + 1 if value - whole >= 0.5 else whole


_CONVERTERS = [make_converter(json_library=name) for name in JSON_LIBRARIES]


def _assert_epoch_read(number: float, micros: int) -> None:
    """Assert that every path reads a number as the instant of ``micros``.

    The paths: `parse_datetime`, and a record's ``created`` from a dict
    (the generated code's inline readers) and from JSON, with each JSON
    library.
    """
    record = {**_RECORD, "created": number}
    text = json.dumps(record)
    reads: list[Callable[[], object]] = [
        functools.partial(parse_datetime, number)
    ]
    for converter in _CONVERTERS:
        reads += [
            functools.partial(converter.structure, record, TokenBase),
            functools.partial(converter.loads, text, TokenBase),
        ]
    try:
        expected = _epoch_oracle(micros)
    except OverflowError:
        for read in reads:
            with pytest.raises(
                (FieldError, ValidationError), match="outside years 1 to 9999"
            ):
                read()
    else:
        for read in reads:
            value = read()
            assert getattr(value, "created", value) == expected


class TestEpochNumbers:
    """Epoch numbers read through the standard library round as Pydantic."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("-9223372036854775808", "datetime_utc_range"),
            ("-9223372036854775807", "datetime_utc_range"),
            ("9223372036854775807", "datetime_utc_range"),
            ("-9223372036854775809", "datetime_parsing"),
            ("9223372036854775808", "datetime_parsing"),
            ("-" + "0" * 70 + "9223372036854775808", "datetime_utc_range"),
            ("-" + "0" * 70 + "9223372036854775809", "datetime_parsing"),
        ],
        ids=[
            "lowest-int64",
            "lowest-but-one",
            "highest-int64",
            "below-int64",
            "above-int64",
            "long-lowest-int64",
            "long-below-int64",
        ],
    )
    def test_numeric_strings_of_64_bits(
        self, text: str, expected: str
    ) -> None:
        """A numeric string of 64 bits is an instant, out of range here.

        One past 64 bits is no number Pydantic reads.
        """
        outcome = _outcome(parse_datetime_text, text)
        assert isinstance(outcome, list)
        assert outcome[0]["type"] == expected

    @settings(max_examples=examples(2000))
    @given(
        number=st.one_of(
            st.floats(0, 2e10),
            st.floats(-3e14, 3e14),
            # Halves of a microsecond, where rounding rules differ.
            st.tuples(
                st.integers(0, 2 * 10**10), st.integers(0, 2 * 10**6)
            ).map(lambda pair: pair[0] + pair[1] / 2_000_000),
        )
    )
    def test_floats(self, number: float) -> None:
        """Fractions round half up, to the microsecond (milliseconds above)."""
        whole = math.floor(number)
        fraction = number - whole
        if abs(number) > MILLISECONDS_THRESHOLD:
            micros = whole * 1000 + _rounded_half_up(fraction * 1000)
        else:
            micros = whole * 1_000_000 + _rounded_half_up(fraction * 1_000_000)
        _assert_epoch_read(number, micros)

    @settings(max_examples=examples(2000))
    @given(number=st.integers(-(2**53), 2**53))
    def test_integers(self, number: int) -> None:
        """Milliseconds above 2e10 in absolute value, exact to the unit."""
        if abs(number) > MILLISECONDS_THRESHOLD:
            micros = number * 1000
        else:
            micros = number * 1_000_000
        _assert_epoch_read(number, micros)

    @settings(max_examples=examples(500))
    @given(
        number=st.integers(-(10**6), 10**6).map(
            lambda offset: EXACT_MILLISECONDS + offset
        ),
        sign=st.sampled_from([1, -1]),
    )
    def test_milliseconds_where_floats_stop_being_exact(
        self, number: int, sign: int
    ) -> None:
        """Around `EXACT_MILLISECONDS`, each millisecond is read exactly."""
        _assert_epoch_read(sign * number, sign * number * 1000)

    @pytest.mark.parametrize(
        ("number", "expected"),
        [
            (0.0000005, 1),
            (0.0000025, 3),
            (253402300799999, 253402300799_999000),
            (-62135596800000, -62135596800_000000),
        ],
        ids=["half-up-from-0", "half-up-from-2", "last-ms", "first-ms"],
    )
    def test_edges(self, number: float, expected: int) -> None:
        """Ties round up; the first and last milliseconds are read."""
        _assert_epoch_read(number, expected)


@pytest.mark.parametrize(
    "text",
    [
        "2021-03-05T24:00:00Z",
        "2021-03-05T24:00:00+00:00",
        "2021-03-05T24:00:00.000Z",
        "2021-03-05T24:00:00",
        "2021-03-05 24:00:00",
    ],
    ids=["z", "plus-zero", "fraction", "naive", "space"],
)
def test_hour_24_refused_where_fromisoformat_reads_it(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Generated code checks the hour when the standard library takes 24."""
    read_hour_24_as_later_pythons(monkeypatch)
    converter = make_converter()
    with pytest.raises(ValidationError, match="created"):
        converter.structure({**_RECORD, "created": text}, TokenBase)
