"""Tests of the token family beyond TokenBase, against Pydantic's models."""

from __future__ import annotations

from typing import Any

import pydantic
from hypothesis import HealthCheck, given, settings

from gafaelfawr_attrs import (
    TokenData,
    TokenInfo,
    ValidationError,
    unstructure,
)

from .strategies import (
    token_data_inputs,
    token_info_inputs,
)
from .support import (
    documented_differences,
    reference_outcome,
    structure_outcome,
)


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
