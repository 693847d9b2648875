"""Differential tests against the Pydantic reproduction of the models."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Literal

import pydantic
import pytest
from hypothesis import HealthCheck, example, given, settings

import pydantic_reference as reference
from gafaelfawr_attrs import (
    TokenBase,
    TokenData,
    TokenInfo,
    ValidationError,
    make_converter,
    unstructure,
)

from .strategies import (
    datetime_inputs,
    token_data_inputs,
    token_info_inputs,
    token_inputs,
)
from .support import (
    ISO_EXTENSIONS,
    JSON_LIBRARIES,
    TOKEN_DATA_RECORD,
    TOKEN_INFO_RECORD,
    FieldError,
    as_utc,
    documented_differences,
    examples,
    parse_datetime,
    pydantic_datetime,
    reference_outcome,
    structure_outcome,
)

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _ours(value: object) -> datetime | FieldError:
    """Return what the package makes of a datetime value, or its error."""
    try:
        return parse_datetime(value)
    except FieldError as error:
        return error


def _check_datetime(value: object) -> None:
    """Check that a datetime value is read as Pydantic reads it."""
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
    """Return the fields that errors are located in."""
    return {error["loc"][0] for error in errors if error["loc"]}


def _assert_same_values(
    data: dict[str, Any], ours: TokenBase, theirs: reference.TokenBase
) -> None:
    """Check that both implementations hold the same values."""
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


MILLISECONDS_FROM = 20_000_000_000
"""Seconds beyond which readers take numbers as milliseconds."""


def _assert_same_dump(
    data: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> None:
    """Compare what both wrote, leaving out the defaults drawn at random."""
    if "created" not in data:
        assert abs(ours.pop("created") - theirs.pop("created")) <= 1
    for field in ("created", "expires"):
        written = theirs.get(field)
        if (
            isinstance(written, int)
            and abs(written) > MILLISECONDS_FROM
            and ours.get(field) != written
        ):
            # docs/behaviour.md: TokenData writes milliseconds there.
            assert abs(ours.pop(field) / 1000 - theirs.pop(field)) < 1
    token = data.get("token")
    if isinstance(token, dict) and "token" in ours:
        for part in ("key", "secret"):
            if part not in token:
                del ours["token"][part], theirs["token"][part]
    assert ours == theirs


def _check_against_pydantic(model: Any, data: dict[str, Any]) -> None:
    """Check that a family model and its Pydantic twin read data alike."""
    ours = structure_outcome(model, data)
    theirs = reference_outcome(model, data)
    extensions, out_of_utc = documented_differences(
        data, ("created", "expires", "last_used")
    )
    if isinstance(theirs, pydantic.BaseModel):
        if isinstance(ours, ValidationError):
            assert {e["loc"][0] for e in ours.errors()} <= out_of_utc
            assert out_of_utc
        else:
            _assert_same_dump(
                data, unstructure(ours), theirs.model_dump(mode="json")
            )
        return
    assert isinstance(theirs, pydantic.ValidationError)
    named = {e["loc"][0] for e in theirs.errors() if e["loc"]}
    if isinstance(ours, ValidationError):
        ours_named = {e["loc"][0] for e in ours.errors() if e["loc"]}
        # A field that only looks like an ISO 8601 extension (20210305T)
        # may be refused by both, or by this package alone.
        expected = named - extensions | out_of_utc
        assert ours_named - extensions == expected - extensions
    else:
        assert named <= extensions


class TestDatetimes:
    """Datetime values are read as Pydantic reads them, as UTC instants."""

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
    def test_known_cases(self, value: object) -> None:
        """Each tricky datetime input is read as Pydantic reads it."""
        _check_datetime(value)

    @given(datetime_inputs)
    @settings(
        max_examples=examples(2000),
        suppress_health_check=[HealthCheck.too_slow],
    )
    @example("0001-01-01T00:00:00+01:00")
    @example("9999-12-31T23:59:59-01:00")
    @example("2021-W09-5")
    def test_generated_values(self, value: object) -> None:
        """Generated datetime inputs are read as Pydantic reads them."""
        _check_datetime(value)


class TestTokenBase:
    """`TokenBase` accepts and rejects as Pydantic does."""

    @given(token_inputs())
    @settings(
        max_examples=examples(1500),
        suppress_health_check=[HealthCheck.too_slow],
    )
    def test_generated_input(self, data: dict[str, Any]) -> None:
        """Both accept or both reject, with equal values or the same fields."""
        ours = structure_outcome(TokenBase, data)
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
            ours_named = _top_level_fields(ours.errors())
            assert ours_named - extensions == expected - extensions


class TestTokenFamily:
    """The rest of the family accepts and rejects as Pydantic does."""

    @given(token_info_inputs())
    @settings(max_examples=examples(600), suppress_health_check=_SLOW)
    def test_token_info_generated_input(self, data: dict[str, Any]) -> None:
        """TokenInfo accepts and rejects as Pydantic does, values equal."""
        _check_against_pydantic(TokenInfo, data)

    @given(token_data_inputs())
    @settings(max_examples=examples(600), suppress_health_check=_SLOW)
    def test_token_data_generated_input(self, data: dict[str, Any]) -> None:
        """TokenData accepts and rejects as Pydantic does, values equal."""
        _check_against_pydantic(TokenData, data)

    @pytest.mark.parametrize(
        "groups",
        [
            pytest.param([5, {"name": "a", "id": 1}], id="first-not-object"),
            pytest.param(
                [{"name": "a", "id": 1}, {"name": "b"}, None],
                id="last-not-object",
            ),
            pytest.param(
                [{"name": "a"}, "g", {"name": "b", "id": "x"}, [1], {}],
                id="mixed-problems",
            ),
            pytest.param(
                [{"name": f"g{i}"} for i in range(30)] + [True], id="long"
            ),
        ],
    )
    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_groups_not_all_objects(
        self, groups: list[object], library: Literal["json", "msgspec"]
    ) -> None:
        """Each problem of a list of groups is found where Pydantic finds it.

        Items that are not objects, among objects good and bad: read
        alone, each at its index.
        """
        data = {
            "username": "alice",
            "token_type": "session",
            "scopes": [],
            "token": {"key": "k" * 22, "secret": "s" * 22},
            "groups": groups,
        }
        theirs = reference_outcome(TokenData, data)
        assert isinstance(theirs, pydantic.ValidationError)
        expected = [(e["loc"], e["type"]) for e in theirs.errors()]
        converter = make_converter(json_library=library)
        with pytest.raises(ValidationError) as structured:
            converter.structure(data, TokenData)
        with pytest.raises(ValidationError) as loaded:
            converter.loads(json.dumps(data), TokenData)
        for caught in (structured, loaded):
            found = [(e["loc"], e["type"]) for e in caught.value.errors()]
            assert found == expected


class TestMessages:
    """Values of the wrong type are refused in Pydantic's words and types."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("uid", "abc"),
            ("uid", ""),
            ("uid", "1e3"),
            ("uid", 1.5),
            ("uid", 1e30),
            ("uid", "9" * 5000),
            ("uid", "5.5"),
            ("uid", 0),
            ("gid", "0x10"),
            ("groups", [{"name": "g", "id": "x"}]),
            ("quota", {"api": {"a": "many"}}),
            ("quota", {"notebook": {"cpu": "abc", "memory": 1}}),
            ("quota", {"notebook": {"cpu": 1, "memory": ""}}),
            ("quota", {"notebook": {"cpu": 1}}),
        ],
        ids=[
            "word",
            "empty",
            "exponent",
            "fraction",
            "float-past-64-bits",
            "string-past-digit-limit",
            "string-with-a-fraction",
            "below-minimum",
            "hexadecimal",
            "group-id",
            "api-quota",
            "cpu-word",
            "memory-empty",
            "memory-missing",
        ],
    )
    def test_same_messages(self, field: str, value: object) -> None:
        """Each problem has Pydantic's location, type and message."""
        data = {**json.loads(TOKEN_DATA_RECORD), field: value}
        theirs = reference_outcome(TokenData, data)
        assert isinstance(theirs, pydantic.ValidationError)
        ours = structure_outcome(TokenData, data)
        assert isinstance(ours, ValidationError)
        assert [(e["loc"], e["type"], e["msg"]) for e in ours.errors()] == [
            (e["loc"], e["type"], e["msg"]) for e in theirs.errors()
        ]

    @pytest.mark.parametrize(
        ("model", "field", "value"),
        [
            (TokenInfo, "created", None),
            (TokenInfo, "last_used", "2021-03-05T23:15:30Z"),
            (TokenData, "created", float("nan")),
            (TokenData, "expires", []),
        ],
        ids=["seconds-none", "seconds-text", "nan", "list"],
    )
    def test_same_datetime_messages(
        self, model: type, field: str, value: object
    ) -> None:
        """Datetimes refused for their type are refused in Pydantic's words.

        (Unreadable strings and instants out of range are named in this
        package's own words: docs/behaviour.md.)
        """
        record = TOKEN_INFO_RECORD if model is TokenInfo else TOKEN_DATA_RECORD
        data = {**json.loads(record), field: value}
        theirs = reference_outcome(model, data)
        assert isinstance(theirs, pydantic.ValidationError)
        ours = structure_outcome(model, data)
        assert isinstance(ours, ValidationError)
        assert [(e["loc"], e["type"], e["msg"]) for e in ours.errors()] == [
            (e["loc"], e["type"], e["msg"]) for e in theirs.errors()
        ]

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("username", "x" * 70 + "\ud800"),
            ("username", "ab\ud800"),
            ("groups", [{"name": "bad\ud800", "id": 1}]),
            ("groups", [{"name": "9\ud800", "id": 1}]),
        ],
        ids=["too-long", "within-limits", "group-name", "group-name-pattern"],
    )
    def test_unpaired_surrogates_named_first(
        self, field: str, value: object
    ) -> None:
        """A limited string with unpaired surrogates is named for them.

        As Pydantic names them, before a length or a pattern it breaks too.
        """
        data = {**json.loads(TOKEN_DATA_RECORD), field: value}
        theirs = reference_outcome(TokenData, data)
        assert isinstance(theirs, pydantic.ValidationError)
        ours = structure_outcome(TokenData, data)
        assert isinstance(ours, ValidationError)
        assert [(e["loc"], e["type"]) for e in ours.errors()] == [
            (e["loc"], e["type"]) for e in theirs.errors()
        ]
