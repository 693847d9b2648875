"""Tests of how bad input is reported: `ValidationError` and its details."""

from __future__ import annotations

import copy
import json
import pickle
import traceback
import weakref
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import Any

import cattrs
import pydantic
import pytest
from cattrs.errors import IterableValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

import pydantic_reference as reference
from gafaelfawr_attrs import (
    NotebookQuota,
    TokenBase,
    TokenData,
    ValidationError,
    dumps,
    loads,
    make_converter,
    structure,
)

from .strategies import json_values
from .support import (
    JSON_LIBRARIES,
    PAIRS,
    SECRET,
    TOKEN_DATA_RECORD,
    VALID,
    examples,
    locations,
    structure_outcome,
)


def _loads_outcome(text: str | bytes) -> TokenBase | ValidationError:
    """Return what `loads` makes of text: a token, or the error."""
    try:
        return loads(text, TokenBase)
    except ValidationError as error:
        return error


class TestLocations:
    """Each problem is reported together with the others, where it is."""

    def test_reports_every_problem(self) -> None:
        """All problems come together, each with its location and type."""
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

    @pytest.mark.parametrize(
        "data",
        [None, 5, "text", ["a"], True],
        ids=["null", "number", "string", "list", "bool"],
    )
    def test_non_objects_at_the_root(self, data: object) -> None:
        """Input that is not an object is reported at the root."""
        with pytest.raises(ValidationError, match="valid dictionary") as info:
            structure(data, TokenBase)
        assert locations(info.value) == [()]

    def test_nested_models_by_path(self) -> None:
        """Problems inside nested models are located by path."""
        data = json.loads(TOKEN_DATA_RECORD)
        data["groups"] = [{"name": "ok"}, {"name": "9x", "id": "x"}]
        data["quota"] = {"api": {"svc": "many"}, "notebook": {"cpu": 1}}
        with pytest.raises(ValidationError) as info:
            structure(data, TokenData)
        assert [error["loc"] for error in info.value.errors()] == [
            ("groups", 1, "name"),
            ("groups", 1, "id"),
            ("quota", "api", "svc"),
            ("quota", "notebook", "memory"),
        ]

    @pytest.mark.parametrize(
        "changes",
        [
            {"groups": [{"name": "g", "id": "x"}, 5]},
            {"groups": [{"name": "g", "id": "x"}, {"name": "g g"}, {"id": 3}]},
            {"groups": ({"name": "g", "id": "x"}, {"name": "h", "id": 1})},
            {"groups": [{"name": "g", "id": "x"}], "uid": "q", "email": 5},
            {"quota": {"api": {"x": "y"}, "notebook": {"cpu": "z"}}},
            {"quota": {"api": {"x": "y"}, "notebook": 5}},
            {"quota": {"api": {"x": "y", "z": 1.5}, "notebook": None}},
        ],
        ids=[
            "bad-item-then-no-object",
            "three-bad-items",
            "tuple-of-items",
            "bad-item-and-bad-fields",
            "nested-twice",
            "nested-then-no-object",
            "mapping-values",
        ],
    )
    def test_nested_problems_once_each(self, changes: dict[str, Any]) -> None:
        """Each nested problem is reported once, where Pydantic puts it."""
        data = {**json.loads(TOKEN_DATA_RECORD), **changes}
        with pytest.raises(ValidationError) as info:
            structure(data, TokenData)
        with pytest.raises(pydantic.ValidationError) as theirs:
            reference.TokenData.model_validate(data)
        expected = [
            (error["type"], error["loc"]) for error in theirs.value.errors()
        ]
        found = [
            (error["type"], error["loc"]) for error in info.value.errors()
        ]
        assert found == expected


class TestMessages:
    """``str(error)`` describes each problem readably."""

    def test_names_each_problem_on_its_own_line(self) -> None:
        """``str(error)`` has one line per problem with its location."""
        with pytest.raises(ValidationError) as info:
            structure({"username": "", "scopes": [1]}, TokenBase)
        text = str(info.value)
        assert "username: String should have at least 1 character" in text
        assert "token_type: Field required" in text
        assert "scopes.0: Input should be a valid string" in text

    def test_long_inputs_are_shortened(self) -> None:
        """The message shows a long input cut short."""
        with pytest.raises(ValidationError) as info:
            structure({**VALID, "username": "y" * 1000}, TokenBase)
        assert "y" * 100 not in str(info.value)
        assert "..." in str(info.value)

    def test_deep_input_shown_without_recursing(self) -> None:
        """The message shows a deeply nested input without recursing."""
        deep: list[Any] = []
        for _ in range(100_000):
            deep = [deep]
        with pytest.raises(ValidationError) as info:
            structure({"other": deep}, TokenBase)
        assert "Field required" in str(info.value)


_DUPLICATES: dict[str, Callable[[ValidationError], ValidationError]] = {
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
    "pickle": lambda error: pickle.loads(pickle.dumps(error)),  # noqa: S301
}
"""Ways to duplicate an error."""


def _is_iterable_error(error: object) -> bool:
    """Tell whether an error is cattrs' error of a container's items."""
    return isinstance(error, IterableValidationError)


def _leaves(group: BaseException | None) -> Iterator[BaseException]:
    """Yield the exceptions a group holds, at any depth."""
    if isinstance(group, BaseExceptionGroup):
        for member in group.exceptions:
            yield from _leaves(member)
    elif group is not None:
        yield group


class TestErrorType:
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

    def test_only_containers_give_iterable_errors(self) -> None:
        """A model's error is never cattrs' error of a list's items.

        Not even where its first problem is at an integer key (one the
        model forbids); a list's is, as cattrs groups those.
        """
        converter = make_converter(forbid_extra_keys=True)
        with pytest.raises(ValidationError) as model_error:
            converter.structure({1: "x", "cpu": 1, "memory": 2}, NotebookQuota)
        assert [e["loc"] for e in model_error.value.errors()] == [(1,)]
        assert not _is_iterable_error(model_error.value)
        with pytest.raises(ValidationError) as list_error:
            converter.structure(
                [{"cpu": "x", "memory": 2}], list[NotebookQuota]
            )
        assert _is_iterable_error(list_error.value)
        assert cattrs.transform_error(list_error.value) == [
            "invalid value @ $[0].cpu"
        ]

    def test_except_star_takes_each_problem(self) -> None:
        """``except*`` and ``split`` take the problems by their exceptions.

        A missing field's is a `KeyError`, any other a `ValueError`; the
        error as a whole matches the types it is.
        """
        with pytest.raises(ValidationError) as info:
            structure({"username": "", "token_type": "session"}, TokenBase)
        error = info.value
        caught: dict[str, list[str]] = {}
        try:
            raise error
        except* KeyError as group:
            caught["key"] = [str(leaf) for leaf in _leaves(group)]
        except* ValueError as group:
            caught["value"] = [str(leaf) for leaf in _leaves(group)]
        assert caught == {
            "key": ["'scopes'"],
            "value": ["String should have at least 1 character"],
        }
        assert error.split(ValidationError) == (error, None)
        assert error.subgroup(ValueError) is error
        assert error.subgroup(TypeError) is None
        matched, rest = error.split(lambda leaf: isinstance(leaf, KeyError))
        assert [str(leaf) for leaf in _leaves(matched)] == ["'scopes'"]
        assert len(list(_leaves(rest))) == 1
        assert [problem["loc"] for problem in matched.errors()] == [
            ("scopes",)
        ]
        assert [problem["loc"] for problem in rest.errors()] == [("username",)]

    def test_except_star_raises_the_rest(self) -> None:
        """What ``except*`` leaves is raised as the error of the rest alone."""

        def handling_missing_fields() -> None:
            try:
                structure({"username": 5, "scopes": []}, TokenBase)
            except* KeyError:
                pass

        with pytest.raises(ValidationError) as info:
            handling_missing_fields()
        assert [problem["loc"] for problem in info.value.errors()] == [
            ("username",)
        ]
        assert "token_type" not in str(info.value)

    @pytest.mark.parametrize(
        "duplicate", _DUPLICATES.values(), ids=_DUPLICATES
    )
    def test_copies_keep_notes(
        self, duplicate: Callable[[ValidationError], ValidationError]
    ) -> None:
        """A copy or an unpickled error keeps the notes, problems and title."""
        with pytest.raises(ValidationError) as info:
            structure({**VALID, "username": ""}, TokenBase)
        error = info.value
        error.add_note("while reading the token of a request")
        error.add_note("second note")
        duplicated = duplicate(error)
        assert duplicated is not error
        assert duplicated.__notes__ == [
            "while reading the token of a request",
            "second note",
        ]
        assert duplicated.errors() == error.errors()
        assert str(duplicated) == str(error)

    def test_subclass_with_its_own_init(self) -> None:
        """A subclass whose ``__init__`` calls the package's works."""

        class MineError(ValidationError):
            def __init__(self, errors: Any, title: str = "input") -> None:
                super().__init__(errors, title)
                self.seen = True

        problem = {"type": "t", "loc": ("a",), "msg": "m", "input": 1}
        error = MineError([problem], "Thing")
        assert (error.seen, error.title, error.errors()) == (
            True,
            "Thing",
            [problem],
        )

    def test_weakly_referenced(self) -> None:
        """Like any exception, it can be weakly referenced."""
        error = ValidationError([], "TokenBase")
        assert weakref.ref(error)() is error

    def test_errors_of_any_mapping(self) -> None:
        """Problems given as other mappings come back as plain dicts."""
        problem = {"loc": ("a",), "msg": "m", "type": "t", "input": "raw-in"}
        error = ValidationError([MappingProxyType(problem)])  # type: ignore[list-item]
        assert error.errors() == [problem]
        assert type(error.errors()[0]) is dict
        assert "raw-in" not in repr(error.args)  # the input is not kept there

    @given(json_values)
    @settings(max_examples=examples(200))
    def test_count_and_json_match_pydantic(self, data: object) -> None:
        """``error_count()`` and ``json()`` say what Pydantic's say."""
        try:
            structure(data, TokenBase)
        except ValidationError as error:
            ours = error
        else:
            return
        with pytest.raises(pydantic.ValidationError) as info:
            reference.TokenBase.model_validate(data)
        theirs = info.value
        assert ours.error_count() == theirs.error_count()
        mine = json.loads(ours.json())
        written = [
            {key: problem[key] for key in ("type", "loc", "msg", "input")}
            for problem in json.loads(theirs.json())
        ]
        for problem, twin in zip(mine, written, strict=True):
            if (
                problem["input"] == "<hidden>"
            ):  # docs/behaviour.md: may be a secret
                twin["input"] = "<hidden>"
        assert mine == written

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (b"\xff", "b'\\xff'"),
            (10**5000, "<int object>"),
            (float("nan"), "nan"),
            ("\ud800", "'\\ud800'"),
        ],
        ids=["bytes", "long-integer", "nan", "lone-surrogate"],
    )
    def test_json_of_any_input(self, value: object, shown: str) -> None:
        """Inputs JSON cannot hold are written as their brief repr."""
        with pytest.raises(ValidationError) as info:
            structure({**VALID, "username": value}, TokenBase)
        written = json.loads(info.value.json(indent=2))
        assert written[0]["loc"] == ["username"]
        expected = shown if not isinstance(value, str) else value
        assert written[0]["input"] == expected
        info.value.json().encode()  # always encodable

    @pytest.mark.parametrize(
        "options",
        [
            {},
            {"include_url": False},
            {"include_context": False},
            {"include_input": False},
            {"include_url": False, "include_context": False},
            {"include_url": False, "include_input": False},
        ],
        ids=repr,
    )
    def test_pydantic_keywords(self, options: dict[str, bool]) -> None:
        """errors() and json() take Pydantic's keywords, to the same end.

        What they give is Pydantic's, keys in its order, but for its URLs
        and contexts: the package's problems have neither.
        """
        data = {"username": "", "token_type": "x", "scopes": ["a", 5]}
        with pytest.raises(ValidationError) as ours:
            structure(data, TokenBase)
        with pytest.raises(pydantic.ValidationError) as theirs:
            reference.TokenBase.model_validate(data)
        without_url = {
            **options,
            "include_url": False,
            "include_context": False,
        }
        expected = theirs.value.errors(**without_url)
        assert ours.value.errors(**options) == expected
        assert ours.value.json(**options) == theirs.value.json(**without_url)


class TestSecretsHidden:
    """A token's secret is in no repr, error message or traceback."""

    def test_not_in_repr_or_errors(self) -> None:
        """The secret is in no repr and in no error message."""
        record = loads(TOKEN_DATA_RECORD, TokenData)
        assert SECRET not in repr(record.token)
        assert SECRET not in repr(record)
        bad = json.loads(TOKEN_DATA_RECORD)
        bad["token"]["key"] = 5
        del bad["username"]
        with pytest.raises(ValidationError) as info:
            structure(bad, TokenData)
        assert SECRET not in str(info.value)
        assert SECRET not in repr(info.value.errors())
        bad["token"] = "gt-abc." + SECRET
        with pytest.raises(ValidationError) as info:
            structure(bad, TokenData)
        assert SECRET not in str(info.value)

    @pytest.mark.parametrize(
        "token",
        [{"key": 5, "secret": 6}, {"key": "k"}, {"key": [SECRET]}],
        ids=["wrong-types", "missing-secret", "secret-in-key"],
    )
    def test_nothing_under_the_token_field_shown(
        self, token: dict[str, Any]
    ) -> None:
        """A record's token field is a credential: no input in it is shown."""
        bad = {**json.loads(TOKEN_DATA_RECORD), "token": token, "uid": "x"}
        with pytest.raises(ValidationError) as info:
            structure(bad, TokenData)
        shown = {error["loc"]: error["input"] for error in info.value.errors()}
        assert shown.pop(("uid",)) == "x"
        assert shown
        assert set(shown.values()) == {"<hidden>"}

    def test_not_in_traceback(self) -> None:
        """The error of a bad record carries no earlier error with it."""
        bad = {
            **json.loads(TOKEN_DATA_RECORD),
            "token": f"gt-{'k' * 22}.{SECRET}",
        }
        with pytest.raises(ValidationError) as info:
            structure(bad, TokenData)
        text = "".join(traceback.format_exception(info.value))
        assert SECRET not in text
        assert info.value.__context__ is None

    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    def test_not_in_invalid_json_error(self, json_library: Any) -> None:
        """A truncated record's text, which holds the secret, is not shown."""
        text = dumps(loads(TOKEN_DATA_RECORD, TokenData))[:-1]
        converter = make_converter(json_library=json_library)
        with pytest.raises(ValidationError, match="Invalid JSON") as info:
            converter.loads(text, TokenData)
        assert SECRET not in str(info.value)
        assert SECRET not in repr(info.value.errors())


class TestHostileInput:
    """Bad input of any kind gives `ValidationError`, never anything else."""

    @given(json_values)
    def test_arbitrary_json_values(self, data: object) -> None:
        """Any JSON value is either a token or a `ValidationError`."""
        result = structure_outcome(TokenBase, data)
        assert isinstance(result, TokenBase) or result.errors()

    @pytest.mark.parametrize(
        "model", list(PAIRS), ids=lambda model: model.__name__
    )
    @given(data=json_values)
    def test_arbitrary_json_values_for_the_family(
        self, model: Any, data: object
    ) -> None:
        """Any JSON value gives an instance or `ValidationError`."""
        result = structure_outcome(model, data)
        assert isinstance(result, model | ValidationError)

    @given(st.dictionaries(st.sampled_from(list(VALID)), json_values))
    def test_arbitrary_field_values(self, data: dict[str, Any]) -> None:
        """Any JSON values in the known fields give a token or the error."""
        result = structure_outcome(TokenBase, data)
        assert isinstance(result, TokenBase) or all(
            detail["loc"] for detail in result.errors()
        )

    @given(st.text() | st.binary())
    @settings(max_examples=examples(300))
    def test_arbitrary_text(self, text: str | bytes) -> None:
        """Any text or bytes given to `loads` is a token or the error."""
        result = _loads_outcome(text)
        allowed = {"json_invalid", "model_type"}
        assert isinstance(result, TokenBase) or all(
            detail["type"] in allowed for detail in result.errors()
        )

    @pytest.mark.parametrize(
        "text",
        ["", "{", "[" * 100_000, '{"created": NaN}', "\x00", "{} x"],
        ids=["empty", "truncated", "deep", "nan", "nul", "trailing"],
    )
    def test_malformed_json(self, text: str) -> None:
        """Malformed JSON is reported as such, at the root."""
        with pytest.raises(ValidationError) as info:
            loads(text, TokenBase)
        assert info.value.errors()[0]["loc"] == ()

    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        ("cl", "theirs"),
        [
            (TokenBase, reference.TokenBase),
            (list[TokenBase], list[reference.TokenBase]),
            (dict[str, TokenBase], dict[str, reference.TokenBase]),
            (tuple[TokenBase, ...], tuple[reference.TokenBase, ...]),
            (
                list[dict[str, TokenBase]],
                list[dict[str, reference.TokenBase]],
            ),
        ],
        ids=["model", "list", "dict", "tuple", "nested"],
    )
    def test_title_names_the_type(
        self, cl: Any, theirs: Any, json_library: Any
    ) -> None:
        """An error's first line names the type read, as Pydantic's does."""
        converter = make_converter(json_library=json_library)
        adapter = pydantic.TypeAdapter(theirs)
        for text in ("{", "5"):
            with pytest.raises(pydantic.ValidationError) as expected:
                adapter.validate_json(text)
            with pytest.raises(ValidationError) as info:
                converter.loads(text, cl)
            first = str(info.value).splitlines()[0]
            assert first == str(expected.value).splitlines()[0]

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
