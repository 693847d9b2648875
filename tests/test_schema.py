"""Tests of the JSON schemas of the models."""

from __future__ import annotations

import enum
import json
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pydantic_reference as reference
from gafaelfawr_attrs import (
    TokenBase,
    TokenData,
    TokenInfo,
    TokenUserInfo,
    current,
    json_schema,
    make_converter,
)
from pydantic_reference import _Pydantic26Schema

from .strategies import token_bases, token_data_records, token_info_records
from .support import (
    ORIGINAL_SCHEMA_FILE,
    PAIRS,
    SCHEMA_FILE,
    VALID,
    examples,
)


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


class TestPublishedSchema:
    """`TokenBase`'s schema is the one Gafaelfawr publishes."""

    @pytest.mark.skipif(
        not ORIGINAL_SCHEMA_FILE.exists(),
        reason=(
            "the original of tests/data/tokenbase.schema.json is not beside "
            "this checkout (only the maintainers' workspace has it)"
        ),
    )
    def test_copy_is_the_original(self) -> None:
        """The tests' copy of the published schema is unchanged."""
        assert SCHEMA_FILE.read_bytes() == ORIGINAL_SCHEMA_FILE.read_bytes()

    def test_matches_published(self) -> None:
        """The schema derived from the fields equals the published one."""
        expected = json.loads(SCHEMA_FILE.read_text())
        assert json_schema(TokenBase) == expected

    def test_reference_matches_published(self) -> None:
        """The Pydantic reproduction is faithful: its schema is published."""
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
        assert json_schema(model)["title"] == model.__name__


class TestFreshCopies:
    """Each call returns a schema of its own."""

    def test_changes_do_not_carry_over(self) -> None:
        """Changing a returned schema does not change the next one."""
        schema = json_schema(TokenBase)
        schema["properties"]["scopes"]["examples"][0].append("changed")
        assert "changed" not in str(json_schema(TokenBase))


MODELS_AND_RECORDS = {
    "token-base": (TokenBase, token_bases),
    "token-info": (TokenInfo, token_info_records),
    "token-data": (TokenData, token_data_records),
}
"""Models, and strategies of valid instances of them."""


class TestSchemaModes:
    """Validation schemas accept inputs; serialization ones, our output."""

    @pytest.mark.parametrize("datetime_format", ["iso", "epoch"])
    @pytest.mark.parametrize(
        ("model", "instances"),
        MODELS_AND_RECORDS.values(),
        ids=MODELS_AND_RECORDS,
    )
    @given(data=st.data())
    @settings(max_examples=examples(60))
    def test_output_valid_for_both_modes(
        self,
        model: Any,
        instances: st.SearchStrategy[Any],
        datetime_format: Any,
        data: st.DataObject,
    ) -> None:
        """What ``dumps`` writes fits the serialization schema.

        With ISO output, TokenBase's also fits its validation schema.
        """
        instance = data.draw(instances)
        converter = make_converter(datetime_format=datetime_format)
        written = json.loads(converter.dumps(instance))
        schema = json_schema(
            model, "serialization", datetime_format=datetime_format
        )
        jsonschema.validate(written, schema, format_checker=_FORMATS)
        if datetime_format == "iso" and model is TokenBase:
            jsonschema.validate(
                written, json_schema(model), format_checker=_FORMATS
            )

    @pytest.mark.parametrize(
        ("model", "field"),
        [(TokenInfo, "created"), (TokenData, "expires")],
        ids=["token-info", "token-data"],
    )
    def test_seconds_models_write_integers(
        self, model: Any, field: str
    ) -> None:
        """Whole seconds are integers when written, date-times when read."""
        read = json_schema(model)["properties"][field]
        written = json_schema(model, "serialization")["properties"][field]
        assert "date-time" in json.dumps(read)
        assert "date-time" not in json.dumps(written)
        assert "integer" in json.dumps(written)

    def test_required_as_pydantic(self) -> None:
        """Fields without a default are required in both modes.

        As in Pydantic's schemas: output without nulls or defaults fits.
        """
        schema = json_schema(TokenData, "serialization")
        assert schema["required"] == [
            "username",
            "token_type",
            "scopes",
            "token",
        ]
        assert schema["$defs"]["TokenGroup"]["required"] == ["name"]
        assert json_schema(TokenData)["required"] == schema["required"]

    def test_epoch_output_is_numbers(self) -> None:
        """With the epoch format, datetimes are numbers (or ISO strings)."""
        schema = json_schema(
            TokenBase, "serialization", datetime_format="epoch"
        )
        forms = schema["properties"]["created"]["anyOf"]
        assert [form["type"] for form in forms] == ["number", "string"]
        with pytest.raises(jsonschema.ValidationError, match="created"):
            jsonschema.validate({**VALID, "created": True}, schema)

    @pytest.mark.parametrize(
        ("mode", "datetime_format", "message"),
        [
            ("reading", "iso", "mode must be"),
            ("serialization", "unix", "datetime_format must be"),
        ],
        ids=["mode", "datetime-format"],
    )
    def test_unknown_options(
        self, mode: Any, datetime_format: Any, message: str
    ) -> None:
        """Unknown modes and formats are refused by name."""
        with pytest.raises(ValueError, match=message):
            json_schema(TokenBase, mode, datetime_format=datetime_format)


_FORMATS = jsonschema.FormatChecker()
"""Checks ``date-time`` strings (with the ``format-nongpl`` extra's
checkers where installed; otherwise formats are not checked)."""


def test_classes_of_one_name_defined_apart() -> None:
    """Both families' ``TokenUserInfo`` in one class get a definition each.

    The first keeps its name; the second is named by its module too, as
    Pydantic names two classes of one name apart. A current record with a
    group named as only the current family allows is valid.
    """
    migration = attrs.make_class(
        "Migration",
        {
            "old": attrs.field(type=TokenUserInfo),
            "new": attrs.field(type=current.TokenUserInfo),
        },
    )
    schema = json_schema(migration)
    new_name = f"{current.TokenUserInfo.__module__}__TokenUserInfo"
    assert {"TokenUserInfo", new_name} <= set(schema["$defs"])
    assert schema["properties"]["new"]["allOf"] == [
        {"$ref": f"#/$defs/{new_name}"}
    ]
    record = migration(
        old=TokenUserInfo(username="someuser"),
        new=current.TokenUserInfo(
            username="someuser", groups=[current.Group(name="1a", id=1)]
        ),
    )
    jsonschema.validate(make_converter().unstructure(record), schema)


def test_three_classes_of_one_name_defined_apart() -> None:
    """Enums of one name made by one function each get a definition."""
    colours: list[Any] = [
        enum.Enum("Colour", {value.upper(): value})
        for value in ("red", "green", "blue")
    ]
    holder = attrs.make_class(
        "Holder",
        {f"c{index}": attrs.field(type=c) for index, c in enumerate(colours)},
    )
    schema = json_schema(holder)
    defined = [
        schema["$defs"][prop["allOf"][0]["$ref"].split("/")[-1]]["enum"]
        for prop in schema["properties"].values()
    ]
    assert defined == [["red"], ["green"], ["blue"]]
