"""Tests of structuring, unstructuring, JSON text and the error type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import attrs
import pytest

from gafaelfawr_attrs import (
    TokenBase,
    TokenType,
    ValidationError,
    converter,
    make_converter,
    structure,
)

from .support import (
    VALID,
    locations,
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

    def test_wrong_container_type(self) -> None:
        """A cattrs container of models with the wrong input is reported."""
        with pytest.raises(ValidationError):
            structure(5, dict[str, TokenBase])
