"""Tests of the JSON schemas of the models."""

from __future__ import annotations

import json
from typing import Any

import pytest

import pydantic_reference as reference
from gafaelfawr_attrs import TokenBase, json_schema
from pydantic_reference import _Pydantic26Schema

from .support import PAIRS, SCHEMA_FILE, SHARED_SCHEMA_FILE, model_schema


def _structure_only(schema: Any) -> Any:
    """Drop the words of a schema (descriptions, examples, titles)."""
    if isinstance(schema, dict):
        result = {
            key: _structure_only(value)
            for key, value in schema.items()
            if key not in {"description", "examples", "title"}
        }
        if list(result) == ["allOf"] and len(result["allOf"]) == 1:
            return result["allOf"][0]  # 2.6 wrapped refs that had words
        return result
    if isinstance(schema, list):
        return [_structure_only(item) for item in schema]
    return schema


class TestSeedSchema:
    """`TokenBase`'s schema is the one Gafaelfawr publishes."""

    @pytest.mark.skipif(
        not SHARED_SCHEMA_FILE.exists(),
        reason="no shared/ beside the project",
    )
    def test_copy_is_the_seeds(self) -> None:
        """The tests' copy of the seed's schema is the shared file."""
        assert SCHEMA_FILE.read_bytes() == SHARED_SCHEMA_FILE.read_bytes()

    def test_matches_seed(self) -> None:
        """The schema derived from the fields equals the seed's file."""
        expected = json.loads(SCHEMA_FILE.read_text())
        assert json_schema(TokenBase) == expected

    def test_reference_matches_seed(self) -> None:
        """The Pydantic reproduction is faithful: its schema is the seed's."""
        expected = json.loads(SCHEMA_FILE.read_text())
        assert reference.seed_json_schema() == expected


class TestFamilySchemas:
    """The schemas of the rest of the family have Pydantic's structure."""

    @pytest.mark.parametrize(
        "model", list(PAIRS), ids=lambda model: model.__name__
    )
    def test_matches_pydantic(self, model: Any) -> None:
        """Types, limits, defaults, nesting and required fields match."""
        theirs = PAIRS[model].model_json_schema(
            schema_generator=_Pydantic26Schema
        )
        assert _structure_only(json_schema(model)) == _structure_only(theirs)
        assert model_schema(model, {})["title"] == model.__name__


class TestFreshCopies:
    """Each call returns a schema of its own."""

    def test_changes_do_not_carry_over(self) -> None:
        """Changing a returned schema does not change the next one."""
        schema = json_schema(TokenBase)
        schema["properties"]["scopes"]["examples"][0].append("changed")
        assert "changed" not in str(json_schema(TokenBase))
