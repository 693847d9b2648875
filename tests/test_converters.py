"""Tests of structuring, unstructuring, JSON text and the error type."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pydantic_reference as reference
from gafaelfawr_attrs import (
    TokenBase,
    TokenType,
    ValidationError,
    converter,
    dumps,
    loads,
    make_converter,
    structure,
    unstructure,
)

from .strategies import json_values, token_bases
from .support import (
    JSON_LIBRARIES,
    VALID,
    locations,
    structure_outcome,
)


class TestStructure:
    """`structure` reads JSON data into models."""

    def test_reads_valid_data(self) -> None:
        """Every field is parsed and normalised."""
        token = structure(VALID, TokenBase)
        assert token == TokenBase(
            username="someuser",
            token_type=TokenType.session,
            scopes=("read:all", "user:token"),
            created=datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC),
            expires=datetime(2021, 3, 29, 2, 48, 50, tzinfo=UTC),
        )

    @pytest.mark.parametrize(
        ("scopes", "expected"),
        [
            ("", ()),
            ("a", ("a",)),
            ("a,", ("a", "")),
            (" a , b", (" a ", " b")),
            (["b", "a", "b"], ("b", "a", "b")),
            (("a",), ("a",)),
            ({"a"}, ("a",)),
        ],
        ids=[
            "empty",
            "one",
            "trailing-comma",
            "spaces",
            "list",
            "tuple",
            "set",
        ],
    )
    def test_scopes_forms(
        self, scopes: object, expected: tuple[str, ...]
    ) -> None:
        """Strings split on commas; lists keep order and duplicates."""
        token = structure({**VALID, "scopes": scopes}, TokenBase)
        assert token.scopes == expected

    def test_reports_every_problem(self) -> None:
        """All problems come together, each with its location."""
        data = {"username": 5, "scopes": ["a", 1, None], "created": None}
        with pytest.raises(
            ValidationError, match="5 validation errors"
        ) as info:
            structure(data, TokenBase)
        assert locations(info.value) == [
            ("username",),
            ("token_type",),
            ("scopes", 1),
            ("scopes", 2),
            ("created",),
        ]
        types = [detail["type"] for detail in info.value.errors()]
        assert types == [
            "string_type",
            "missing",
            "string_type",
            "string_type",
            "datetime_type",
        ]

    def test_error_message_names_each_problem_on_its_own_line(self) -> None:
        """``str(error)`` has one line per problem with its location."""
        with pytest.raises(ValidationError) as info:
            structure({"username": "", "scopes": [1]}, TokenBase)
        text = str(info.value)
        assert "username: String should have at least 1 character" in text
        assert "token_type: Field required" in text
        assert "scopes.0: Input should be a valid string" in text

    def test_unknown_keys_ignored_by_default(self) -> None:
        """Keys that name no field are dropped."""
        assert structure({**VALID, "other": 1}, TokenBase) == structure(
            VALID, TokenBase
        )

    def test_unknown_keys_forbidden_on_request(self) -> None:
        """The opt-in setting names each unknown key."""
        strict = make_converter(forbid_extra_keys=True)
        data = {**VALID, "other": 1, "more": 2}
        with pytest.raises(ValidationError, match="Extra inputs") as info:
            strict.structure(data, TokenBase)
        assert locations(info.value) == [("other",), ("more",)]
        assert strict.structure(VALID, TokenBase) == structure(
            VALID, TokenBase
        )

    @pytest.mark.parametrize(
        "data",
        [None, 5, "text", ["a"], True],
        ids=["null", "number", "string", "list", "bool"],
    )
    def test_rejects_non_objects(self, data: object) -> None:
        """Input that is not an object is reported at the root."""
        with pytest.raises(ValidationError, match="valid dictionary") as info:
            structure(data, TokenBase)
        assert locations(info.value) == [()]

    def test_returns_instance_unchanged(self) -> None:
        """An instance of the model is already valid."""
        token = structure(VALID, TokenBase)
        assert structure(token, TokenBase) is token

    def test_list_of_models(self) -> None:
        """Lists of models are structured, errors located by index."""
        tokens = structure([VALID, VALID], list[TokenBase])
        assert tokens == [structure(VALID, TokenBase)] * 2
        with pytest.raises(ValidationError) as info:
            structure([VALID, {**VALID, "username": ""}, 5], list[TokenBase])
        assert locations(info.value) == [(1, "username"), (2,)]
        with pytest.raises(ValidationError, match="valid list"):
            structure({}, list[TokenBase])

    def test_strict_string_hook(self) -> None:
        """The converter does not turn numbers into strings."""
        with pytest.raises(ValidationError, match="valid string"):
            converter.structure(5, str)

    def test_model_inside_other_attrs_class(self) -> None:
        """Errors inside a model held by another class keep full paths."""

        @attrs.frozen
        class Holder:
            token: TokenBase
            count: int

        holder = converter.structure({"token": VALID, "count": 1}, Holder)
        assert holder.token.username == "someuser"
        with pytest.raises(ValidationError) as info:
            converter.structure(
                {"token": {**VALID, "scopes": [1]}, "count": 1}, Holder
            )
        assert locations(info.value) == [("token", "scopes", 0)]


class TestUnstructure:
    """`unstructure` and `dumps` write what Pydantic writes."""

    def test_iso(self) -> None:
        """Datetimes become ISO strings in UTC, scopes a list."""
        assert unstructure(structure(VALID, TokenBase)) == {
            "username": "someuser",
            "token_type": "session",
            "scopes": ["read:all", "user:token"],
            "created": "2021-03-05T23:15:30Z",
            "expires": "2021-03-29T02:48:50Z",
        }

    def test_epoch(self) -> None:
        """The epoch converter writes integer seconds."""
        epoch = make_converter(datetime_format="epoch")
        data = epoch.unstructure(structure(VALID, TokenBase))
        assert data["created"] == 1614986130
        assert data["expires"] == 1616986130

    def test_invalid_datetime_format(self) -> None:
        """An unknown datetime format is refused when the converter is made."""
        with pytest.raises(ValueError, match="'iso' or 'epoch'"):
            make_converter(datetime_format="rfc")  # type: ignore[arg-type]

    @given(token_bases)
    def test_matches_pydantic_dump(self, token: TokenBase) -> None:
        """``unstructure`` and ``dumps`` equal Pydantic's, byte for byte."""
        theirs = reference.TokenBase.model_validate(unstructure(token))
        assert unstructure(token) == theirs.model_dump(mode="json")
        assert dumps(token) == theirs.model_dump_json()

    @pytest.mark.parametrize("datetime_format", ["iso", "epoch"])
    @given(token=token_bases)
    def test_round_trip(self, datetime_format: Any, token: TokenBase) -> None:
        """``loads(dumps(x)) == x`` in both datetime formats."""
        chosen = make_converter(datetime_format=datetime_format)
        assert chosen.loads(chosen.dumps(token), TokenBase) == token
        assert chosen.structure(chosen.unstructure(token), TokenBase) == token

    def test_list_round_trip(self) -> None:
        """Lists of models round-trip through JSON text."""
        tokens = [structure(VALID, TokenBase)] * 3
        assert loads(dumps(tokens), list[TokenBase]) == tokens


def _loads_or_error(text: str | bytes) -> TokenBase | ValidationError:
    try:
        return loads(text, TokenBase)
    except ValidationError as error:
        return error


class TestHostileInput:
    """Bad input of any kind gives `ValidationError`, never anything else."""

    @given(json_values)
    def test_arbitrary_json_values(self, data: object) -> None:
        """Any JSON value is either a token or a `ValidationError`."""
        result = structure_outcome(TokenBase, data)
        assert isinstance(result, TokenBase) or result.errors()

    @given(st.dictionaries(st.sampled_from(list(VALID)), json_values))
    def test_arbitrary_field_values(self, data: dict[str, Any]) -> None:
        """Any JSON values in the known fields give a token or the error."""
        result = structure_outcome(TokenBase, data)
        if isinstance(result, ValidationError):
            assert all(detail["loc"] for detail in result.errors())

    @given(st.text() | st.binary())
    @settings(max_examples=300)
    def test_arbitrary_text(self, text: str | bytes) -> None:
        """Any text or bytes given to `loads` is a token or the error."""
        result = _loads_or_error(text)
        if isinstance(result, ValidationError):
            kinds = {detail["type"] for detail in result.errors()}
            assert kinds <= {"json_invalid", "model_type"}

    @pytest.mark.parametrize(
        "text",
        ["", "{", "[" * 100_000, '{"created": NaN}', "\x00", "{} x"],
        ids=["empty", "truncated", "deep", "nan", "nul", "trailing"],
    )
    def test_malformed_json(self, text: str) -> None:
        """Malformed JSON is reported as such."""
        with pytest.raises(ValidationError) as info:
            loads(text, TokenBase)
        assert info.value.errors()[0]["loc"] == ()

    def test_non_text_json(self) -> None:
        """A non-text argument to `loads` is reported, not a TypeError."""
        with pytest.raises(ValidationError, match="str, bytes or bytearray"):
            loads(5, TokenBase)  # type: ignore[arg-type]

    def test_huge_scopes_string(self) -> None:
        """A 10 MB scopes string is split, in linear time."""
        scopes = ",".join(["read:all"] * 1_100_000)
        token = structure({**VALID, "scopes": scopes}, TokenBase)
        assert len(token.scopes) == 1_100_000

    def test_huge_username(self) -> None:
        """A 1 MB username is rejected by its length."""
        with pytest.raises(ValidationError, match="at most 64"):
            structure({**VALID, "username": "x" * 1_000_000}, TokenBase)

    def test_million_item_scopes(self) -> None:
        """A million-item scopes list is accepted; bad items all reported."""
        scopes = ["s"] * 1_000_000
        assert (
            len(structure({**VALID, "scopes": scopes}, TokenBase).scopes)
            == 1_000_000
        )
        scopes[10] = 1  # type: ignore[call-overload]
        scopes[999_999] = None  # type: ignore[call-overload]
        with pytest.raises(ValidationError) as info:
            structure({**VALID, "scopes": scopes}, TokenBase)
        assert locations(info.value) == [("scopes", 10), ("scopes", 999_999)]

    def test_huge_numeric_string(self) -> None:
        """A 10 MB string of digits is rejected, not parsed at length."""
        with pytest.raises(ValidationError, match="created"):
            structure({**VALID, "created": "1" * 10_000_000}, TokenBase)


class TestValidationError:
    """The error type behaves like Pydantic's where it matters."""

    def test_is_value_error_and_picklable(self) -> None:
        """It is a ValueError and survives pickling with its details."""
        with pytest.raises(ValidationError) as info:
            structure({}, TokenBase)
        error = info.value
        assert isinstance(error, ValueError)
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301
        assert copy.errors() == error.errors()
        assert str(copy) == str(error)

    def test_long_inputs_are_shortened_in_message(self) -> None:
        """The message shows a long input cut short."""
        with pytest.raises(ValidationError) as info:
            structure({**VALID, "username": "y" * 1000}, TokenBase)
        assert "y" * 100 not in str(info.value)
        assert "..." in str(info.value)


class TestReviewedEdges:
    """Python inputs and outputs found wanting in review."""

    @pytest.mark.parametrize(
        "make",
        [
            lambda data: structure(data, TokenBase),
            lambda data: TokenBase(**data),
        ],
        ids=["structure", "constructor"],
    )
    def test_datetime_subclass_held_as_datetime(
        self, make: Callable[[dict[str, Any]], TokenBase]
    ) -> None:
        """Datetimes of subclasses (test clocks) are held as datetimes."""

        class FakeDatetime(datetime):
            pass

        value = FakeDatetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)
        token = make({**VALID, "created": value})
        assert type(token.created) is datetime
        assert token.created == value

    def test_string_enum_read_as_its_text(self) -> None:
        """A str-valued enum member counts as its value, as in Pydantic."""

        class Name(str, Enum):  # noqa: UP042 (the kind of enum under test)
            alice = "alice"
            when = "2021-03-05T23:15:30Z"

        token = structure(
            {**VALID, "username": Name.alice, "scopes": [Name.alice]},
            TokenBase,
        )
        assert token.username == "alice"
        assert token.scopes == ("alice",)
        created = structure({**VALID, "created": Name.when}, TokenBase).created
        assert created == datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)

    def test_unpaired_surrogate_refused_in_limited_string(self) -> None:
        """A limited string refuses unpaired surrogates, as Pydantic does."""
        with pytest.raises(ValidationError, match="unpaired surrogates"):
            structure({**VALID, "username": "a\ud800"}, TokenBase)

    def test_unpaired_surrogate_kept_in_scopes(self) -> None:
        """A scope keeps an unpaired surrogate, as Pydantic does."""
        token = structure({**VALID, "scopes": ["a\ud800"]}, TokenBase)
        assert token.scopes == ("a\ud800",)

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_unpaired_surrogate_written(self, library: Any) -> None:
        """Both JSON libraries write a scope's unpaired surrogate as is."""
        token = structure({**VALID, "scopes": ["a\ud800"]}, TokenBase)
        text = make_converter(json_library=library).dumps(token)
        assert '"a\ud800"' in text

    def test_wrong_container_type(self) -> None:
        """A cattrs container of models with the wrong input is reported."""
        with pytest.raises(ValidationError):
            structure(5, dict[str, TokenBase])

    def test_deep_input_in_message(self) -> None:
        """The message shows a deeply nested input without recursing."""
        deep: list[Any] = []
        for _ in range(100_000):
            deep = [deep]
        with pytest.raises(ValidationError) as info:
            structure({"other": deep}, TokenBase)
        assert "Field required" in str(info.value)

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_dumps_refuses_what_json_cannot_hold(self, library: Any) -> None:
        """Sets are not JSON, whatever the library."""
        with pytest.raises(TypeError, match="set"):
            make_converter(json_library=library).dumps({1, 2})
