"""Unit tests of the private datetime parser and formatters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given

from gafaelfawr_attrs._datetime import (
    format_epoch,
    format_iso,
    parse_datetime,
)
from gafaelfawr_attrs._errors import FieldError

from .strategies import utc_datetimes

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
