"""Differential tests against the Pydantic reproduction of the seed model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, example, given, settings

import pydantic_reference as reference
from gafaelfawr_attrs import TokenBase, ValidationError, structure

from .strategies import datetime_inputs, token_inputs
from .support import (
    ISO_EXTENSIONS,
    FieldError,
    as_utc,
    documented_differences,
    parse_datetime,
    pydantic_datetime,
)


def _ours(value: object) -> datetime | FieldError:
    try:
        return parse_datetime(value)
    except FieldError as error:
        return error


@pytest.mark.parametrize(
    "value",
    [
        1614986130,
        1614986130123,
        20_000_000_000,
        20_000_000_000.0,
        -20_000_000_000.0,
        20_000_000_001,
        -20_000_000_001,
        -1.25,
        2.0000005,
        0.9999996,
        1614986130123.5,
        20000000000.3,
        float("inf"),
        float("nan"),
        -62135596800000,
        253402300799999,
        253402300800000,
        "1614986130",
        "+1614986130",
        "1614986130.",
        "0" * 30 + "1614986130",
        "0" * 5000 + "1.5",
        "0" * 5000 + "1",
        ".5",
        "-.5",
        "1.e5",
        "0.5e1",
        "1e9",
        "1.5e400",
        "9223372036854775808",
        "9223372036854775808.0",
        "20210305",
        "2021-03-05T23:15:30Z",
        "2021-03-05t23:15:30z",
        "2021-03-05 23:15",
        "2021-03-05_23:15:30,5",
        "2021-03-05T23:15:30.1234567Z",
        "2021-03-05T23:15:30+0100",
        "2021-03-05T23:15:30-23:59",
        "2021-03-05T23:15:30+24:00",
        "2021-03-05T23:15:30+01",
        "2021-03-05X23:15:30",
        "2021-03-05T24:00:00",
        "2021-03-05T23:59:60",
        "2021-02-29",
        "2000-02-29",
        "0000-01-01",
        "",
        True,
        None,
    ],
    ids=repr,
)
def test_datetime_matches_pydantic_on_known_cases(value: object) -> None:
    """Each tricky datetime input is read as Pydantic reads it."""
    _check_datetime(value)


@given(datetime_inputs)
@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow])
@example("0001-01-01T00:00:00+01:00")
@example("9999-12-31T23:59:59-01:00")
@example("2021-W09-5")
def test_datetime_matches_pydantic(value: object) -> None:
    """Datetime inputs are read as Pydantic reads them, as UTC instants."""
    _check_datetime(value)


def _check_datetime(value: object) -> None:
    ours = _ours(value)
    theirs = pydantic_datetime(value)
    if isinstance(theirs, pydantic.ValidationError):
        if isinstance(ours, datetime):
            assert isinstance(value, str)
            assert ISO_EXTENSIONS.fullmatch(value), "accepted beyond README"
        return
    expected = as_utc(theirs)
    if expected is None:
        assert isinstance(ours, FieldError)
        assert ours.errors[0]["type"] == "datetime_utc_range"
        return
    assert ours == expected
    assert isinstance(ours, datetime)
    assert ours.tzinfo is UTC


def _top_level_fields(errors: list[Any]) -> set[object]:
    return {error["loc"][0] for error in errors if error["loc"]}


def _assert_same_values(
    data: dict[str, Any], ours: TokenBase, theirs: reference.TokenBase
) -> None:
    assert ours.username == theirs.username
    assert ours.token_type.value == theirs.token_type.value
    assert list(ours.scopes) == theirs.scopes
    if "created" in data:
        assert ours.created == as_utc(theirs.created)
    else:
        assert abs(ours.created - theirs.created).total_seconds() <= 1
    if theirs.expires is None:
        assert ours.expires is None
    else:
        assert ours.expires == as_utc(theirs.expires)


@given(token_inputs())
@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
def test_structure_matches_pydantic(data: dict[str, Any]) -> None:
    """Both accept or both reject, with equal values or the same fields."""
    try:
        ours: TokenBase | ValidationError = structure(data, TokenBase)
    except ValidationError as error:
        ours = error
    try:
        theirs: reference.TokenBase | pydantic.ValidationError = (
            reference.TokenBase.model_validate(data)
        )
    except pydantic.ValidationError as error:
        theirs = error
    extensions, out_of_utc = documented_differences(data)
    if isinstance(theirs, reference.TokenBase):
        if isinstance(ours, ValidationError):
            assert out_of_utc
            assert _top_level_fields(ours.errors()) <= out_of_utc
        else:
            _assert_same_values(data, ours, theirs)
        return
    named = _top_level_fields(theirs.errors())
    if isinstance(ours, TokenBase):
        assert named <= extensions
    else:
        expected = named - extensions | out_of_utc
        assert _top_level_fields(ours.errors()) == expected
