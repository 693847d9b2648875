"""Tests of the token family beyond TokenBase, against Pydantic's models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings

import pydantic_reference as reference
from gafaelfawr_attrs import (
    NotebookQuota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenUserInfo,
    ValidationError,
    loads,
    make_converter,
    structure,
    unstructure,
)

from .strategies import (
    token_data_inputs,
    token_info_inputs,
)
from .support import (
    SECRET,
    TOKEN_DATA_RECORD,
    documented_differences,
    reference_outcome,
    structure_outcome,
)


class TestSpecRecords:
    """The spec's example records read and write as the spec says."""

    def test_values(self) -> None:
        """The TokenData record holds what it says, in UTC."""
        record = loads(TOKEN_DATA_RECORD, TokenData)
        assert record.token == Token(
            key="5KVApqcVbSQWtO3VIRgOhQ", secret=SECRET
        )
        assert record.created == datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)
        assert record.groups == (
            TokenGroup(name="g_special_users", id=123181),
        )
        assert isinstance(record, TokenBase)
        assert isinstance(record, TokenUserInfo)
        assert issubclass(TokenData, TokenBase)


def _assert_same_dump(
    data: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> None:
    """Compare what both wrote, leaving out the defaults drawn at random."""
    if "created" not in data:
        assert abs(ours.pop("created") - theirs.pop("created")) <= 1
    token = data.get("token")
    if isinstance(token, dict) and "token" in ours:
        for part in ("key", "secret"):
            if part not in token:
                del ours["token"][part], theirs["token"][part]
    assert ours == theirs


def _check_against_pydantic(model: Any, data: dict[str, Any]) -> None:
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
        assert ours_named == named - extensions | out_of_utc
    else:
        assert named <= extensions


_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@given(token_info_inputs())
@settings(max_examples=600, suppress_health_check=_SLOW)
def test_token_info_matches_pydantic(data: dict[str, Any]) -> None:
    """TokenInfo accepts and rejects as Pydantic does, with equal values."""
    _check_against_pydantic(TokenInfo, data)


@given(token_data_inputs())
@settings(max_examples=600, suppress_health_check=_SLOW)
def test_token_data_matches_pydantic(data: dict[str, Any]) -> None:
    """TokenData accepts and rejects as Pydantic does, with equal values."""
    _check_against_pydantic(TokenData, data)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, 1),
        (5.0, 5),
        ("5", 5),
        (" 7 ", 7),
        ("1_000", 1000),
        ("5.00", 5),
        ("-5.0", -5),
        ("5.", None),
        ("5.5", None),
        (5.5, None),
        ("0x10", None),
        ("\u0663", None),
        (9.3e18, None),
        (None, None),
    ],
    ids=repr,
)
def test_group_id_as_pydantic_reads_it(
    value: object, expected: int | None
) -> None:
    """Integers are read in Pydantic's lax mode."""
    data = {"name": "g", "id": value}
    ours = structure_outcome(TokenGroup, data)
    theirs = reference_outcome(TokenGroup, data)
    if expected is None and value is not None:
        assert isinstance(ours, ValidationError)
        assert isinstance(theirs, pydantic.ValidationError)
    else:
        assert isinstance(ours, TokenGroup)
        assert isinstance(theirs, reference.TokenGroup)
        assert ours.id == theirs.id == expected


@pytest.mark.parametrize(
    "value",
    ["inf", "nan", "-Infinity", "1e400"],
)
def test_non_finite_floats_rejected(value: str) -> None:
    """Unlike Pydantic, floats must be finite: JSON cannot write others."""
    data = {"cpu": value, "memory": 1}
    with pytest.raises(ValidationError, match="finite"):
        structure(data, NotebookQuota)
    assert isinstance(
        reference_outcome(NotebookQuota, data), reference.NotebookQuota
    )


class TestReviewedFamilyEdges:
    """Cases found in review of the family."""

    @pytest.mark.parametrize("json_library", ["json", "msgspec"])
    def test_str_subclass_text(self, json_library: Any) -> None:
        """JSON text in a str subclass is read like any text."""

        class Text(str):
            __slots__ = ()

        converter = make_converter(json_library=json_library)
        group = converter.loads(Text('{"name": "g"}'), TokenGroup)
        assert group == TokenGroup(name="g")
