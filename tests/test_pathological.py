"""Long numeric strings are read as Pydantic reads them.

Their cost (linear in their length, like any string's) is measured by the
benchmarks, never asserted here: these tests check the verdicts.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pydantic_reference as reference
from gafaelfawr_attrs import (
    NotebookQuota,
    Quota,
    TokenBase,
    TokenGroup,
    TokenUserInfo,
    ValidationError,
    make_converter,
    structure,
)

from .support import (
    JSON_LIBRARIES,
    VALID,
    as_utc,
    examples,
    reference_outcome,
    structure_outcome,
)

PYDANTIC_DIGITS = 4300
"""The most digits Pydantic reads as an integer from a string (fixed)."""

MANY = 10_000
"""Characters beyond any limit, in the long strings below."""

_BEYOND = "1" * (PYDANTIC_DIGITS + 1)

INTEGER_STRINGS: dict[str, tuple[str, object]] = {
    "digits": ("1" + "0" * MANY, "int_parsing_size"),
    "digits-zero-fraction": ("1" + "0" * MANY + ".0", "int_parsing_size"),
    "digits-then-letter": (_BEYOND + "x", "int_parsing_size"),
    "digits-then-fraction": (_BEYOND + ".5", "int_parsing_size"),
    "digits-then-underscore": (_BEYOND + "_1", "int_parsing_size"),
    "digits-then-blank": (_BEYOND + " ", "int_parsing_size"),
    "negative-digits": ("-" + _BEYOND, "int_parsing_size"),
    "plus-digits": ("+" + _BEYOND, "int_parsing"),
    "blank-then-digits": (" " + _BEYOND, "int_parsing"),
    "zero-then-digits": ("0" + _BEYOND, "int_parsing"),
    "underscored-digits": ("1" + "_0" * MANY, "int_parsing"),
    "underscored-zero-fraction": ("1" + "_0" * MANY + ".0", "int_parsing"),
    "digits-underscore-digit": ("1" * PYDANTIC_DIGITS + "_1", "int_parsing"),
    "double-underscore": ("1" + "__0" * MANY, "int_parsing"),
    "letters": ("x" * MANY, "int_parsing"),
    "fraction": ("1." + "0" * MANY + "1", "int_parsing"),
    "limit": ("9" * PYDANTIC_DIGITS, int("9" * PYDANTIC_DIGITS)),
    "limit-underscored": (
        "1_" * (PYDANTIC_DIGITS - 1) + "1",
        int("1" * PYDANTIC_DIGITS),
    ),
    "limit-zero-fraction": (
        "1" * PYDANTIC_DIGITS + "." + "0" * MANY,
        int("1" * PYDANTIC_DIGITS),
    ),
    "leading-zeros": ("0" * MANY + "7", 7),
    "leading-zeros-underscored": ("0_" * MANY + "7", 7),
    "leading-zeros-limit": (
        "0" * MANY + "1" * PYDANTIC_DIGITS,
        int("1" * PYDANTIC_DIGITS),
    ),
    "leading-zeros-beyond": ("0" * MANY + _BEYOND, "int_parsing"),
    "leading-zeros-fraction": ("0" * MANY + "7.0", 7),
    "negative-leading-zeros": ("-" + "0" * MANY + "7", -7),
    "zeros": ("0" * MANY, 0),
    "blanks-around": (" " * MANY + "12" + "\t" * MANY, 12),
    "zero-fraction": ("12." + "0" * MANY, 12),
}
"""Strings for an integer field, and what Pydantic makes of them."""

INTEGER_FIELDS: dict[str, tuple[Any, Any, tuple[str, ...]]] = {
    "group-id": (
        TokenGroup,
        lambda value: {"name": "g", "id": value},
        ("id",),
    ),
    "api-quota": (Quota, lambda value: {"api": {"a": value}}, ("api", "a")),
}
"""Integer fields allowing any integer: how to give them a value."""

FLOAT_STRINGS: dict[str, str] = {
    "digits": "1" + "0" * MANY,
    "underscored-digits": "1" + "_0" * MANY,
    "double-underscore": "1" + "__0" * MANY,
    "digits-then-letter": "1" * MANY + "x",
    "zero-fraction": "1." + "0" * MANY,
    "long-fraction": "0." + "3" * MANY,
    "tiny": "0." + "0" * MANY + "1",
    "leading-zeros": "0" * MANY + "1.5",
    "long-exponent": "1e" + "0" * MANY + "1",
    "large-finite": "1" * 300 + "." + "0" * MANY,
    "blanks-around": " " * MANY + "2.5" + " " * MANY,
}
"""Long strings for a float field."""

DATETIME_STRINGS: dict[str, str] = {
    "digits": "1" + "0" * MANY,
    "underscored-digits": "1" + "_0" * MANY,
    "leading-zeros": "0" * MANY + "1614986130",
    "leading-zeros-fraction": "0" * MANY + "1614986130.5",
    "zero-fraction": "1614986130." + "0" * MANY,
    "negative-leading-zeros": "-" + "0" * MANY + "1",
    "zeros": "0" * MANY,
    "long-fraction": "1." + "5" * MANY,
}
"""Long digit strings for a datetime field."""


def _refuse(*_: object) -> object:
    """Stand for a method of a hostile string: raise."""
    raise AssertionError


_OWN_METHODS = (
    "__len__",
    "__getitem__",
    "__contains__",
    "strip",
    "partition",
    "isascii",
    "encode",
)
"""Methods of a string that the reader must not call: it uses str's."""

_HostileText = type(
    "_HostileText", (str,), dict.fromkeys(_OWN_METHODS, _refuse)
)
"""A string whose own methods raise: the base type's are used instead."""


def _at(instance: object, loc: tuple[str, ...]) -> object:
    """Return the value of an instance at a location."""
    for part in loc:
        instance = (
            instance[part]
            if isinstance(instance, Mapping)
            else getattr(instance, part)
        )
    return instance


def _verdict(outcome: object, loc: tuple[str, ...]) -> object:
    """Return the value read at a location, or the errors' locs and types."""
    if isinstance(outcome, ValidationError | pydantic.ValidationError):
        return [(tuple(e["loc"]), e["type"]) for e in outcome.errors()]
    return _at(outcome, loc)


def _expected(result: object, loc: tuple[str, ...]) -> object:
    """Return the verdict of a value, or of an error of a type, at a loc."""
    return [(loc, result)] if isinstance(result, str) else result


def _loads_outcome(library: Any, model: Any, data: object) -> object:
    """Return what `loads` makes of data written as JSON, or its error."""
    converter = make_converter(json_library=library)
    try:
        return converter.loads(json.dumps(data), model)
    except ValidationError as error:
        return error


class TestIntegerStrings:
    """Long strings for integers get Pydantic's verdicts and error types."""

    @pytest.mark.parametrize(
        ("value", "result"), INTEGER_STRINGS.values(), ids=INTEGER_STRINGS
    )
    def test_uid(self, value: str, result: object) -> None:
        """A long string for ``uid`` is read, or refused, as Pydantic does."""
        data = {"username": "u", "uid": value}
        if result in {0, -7}:
            result = "greater_than_equal"  # uid is at least 1
        expected = _expected(result, ("uid",))
        assert _verdict(structure_outcome(TokenUserInfo, data), ("uid",)) == (
            expected
        )
        theirs = reference_outcome(TokenUserInfo, data)
        assert _verdict(theirs, ("uid",)) == expected

    @pytest.mark.parametrize(
        ("model", "make", "loc"), INTEGER_FIELDS.values(), ids=INTEGER_FIELDS
    )
    @pytest.mark.parametrize(
        ("value", "result"), INTEGER_STRINGS.values(), ids=INTEGER_STRINGS
    )
    def test_other_fields(
        self,
        value: str,
        result: object,
        model: Any,
        make: Any,
        loc: tuple[str, ...],
    ) -> None:
        """Group ids and API quotas read long strings as Pydantic does."""
        data = make(value)
        expected = _expected(result, loc)
        assert _verdict(structure_outcome(model, data), loc) == expected
        assert _verdict(reference_outcome(model, data), loc) == expected

    @pytest.mark.parametrize(
        "value",
        [value for value, _ in INTEGER_STRINGS.values()],
        ids=INTEGER_STRINGS,
    )
    def test_subclass_read_as_base(self, value: str) -> None:
        """A str subclass is read as the string it holds, never its methods."""
        plain = structure_outcome(TokenGroup, {"name": "g", "id": value})
        hostile = structure_outcome(
            TokenGroup, {"name": "g", "id": _HostileText(value)}
        )
        assert _verdict(hostile, ("id",)) == _verdict(plain, ("id",))

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        "value",
        [value for value, _ in INTEGER_STRINGS.values()],
        ids=INTEGER_STRINGS,
    )
    def test_loads_as_structure(self, value: str, library: Any) -> None:
        """Reading the string from JSON gives what structuring it gives."""
        data = {"username": "u", "gid": value}
        ours = _loads_outcome(library, TokenUserInfo, data)
        assert _verdict(ours, ("gid",)) == _verdict(
            structure_outcome(TokenUserInfo, data), ("gid",)
        )

    def test_lowered_limit_refuses_unwritable(self) -> None:
        """Under a lowered digit limit, longer integer strings are refused."""
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(1000)
        try:
            error = structure_outcome(
                TokenGroup, {"name": "g", "id": "0" * 5 + "1" * 1001}
            )
            held = structure({"name": "g", "id": "1" * 1000}, TokenGroup)
        finally:
            sys.set_int_max_str_digits(limit)
        assert _verdict(error, ("id",)) == [(("id",), "int_parsing_size")]
        assert held.id == int("1" * 1000)


class TestFloatStrings:
    """Long strings for floats are read as Pydantic reads them, if finite."""

    @pytest.mark.parametrize(
        "library", [None, *JSON_LIBRARIES], ids=["structure", *JSON_LIBRARIES]
    )
    @pytest.mark.parametrize(
        "value", FLOAT_STRINGS.values(), ids=FLOAT_STRINGS
    )
    def test_cpu(self, value: str, library: Any) -> None:
        """Finite as Pydantic reads it, or refused; infinite is refused."""
        data = {"cpu": value, "memory": 1}
        ours = (
            structure_outcome(NotebookQuota, data)
            if library is None
            else _loads_outcome(library, NotebookQuota, data)
        )
        theirs = _verdict(reference_outcome(NotebookQuota, data), ("cpu",))
        if isinstance(theirs, float) and not math.isfinite(theirs):
            # README: floats must be finite, where Pydantic keeps infinities.
            theirs = [(("cpu",), "finite_number")]
        assert _verdict(ours, ("cpu",)) == theirs


class TestDatetimeStrings:
    """Long digit strings for datetimes are read as Pydantic reads them."""

    @pytest.mark.parametrize(
        "library", [None, *JSON_LIBRARIES], ids=["structure", *JSON_LIBRARIES]
    )
    @pytest.mark.parametrize("field", ["created", "expires"])
    @pytest.mark.parametrize(
        "value", DATETIME_STRINGS.values(), ids=DATETIME_STRINGS
    )
    def test_same_instant_or_refused(
        self, value: str, field: str, library: Any
    ) -> None:
        """Pydantic's instant, or a refusal of the field where it refuses."""
        data = {**VALID, field: value}
        ours = (
            structure_outcome(TokenBase, data)
            if library is None
            else _loads_outcome(library, TokenBase, data)
        )
        try:
            theirs = reference.TokenBase.model_validate(data)
        except pydantic.ValidationError:
            assert isinstance(ours, ValidationError)
            assert [e["loc"] for e in ours.errors()] == [(field,)]
            return
        assert isinstance(ours, TokenBase)
        assert getattr(ours, field) == as_utc(getattr(theirs, field))


_OUTSIDE = (
    "datetime_utc_range",
    (
        "Input should be a valid datetime, the instant is outside years 1"
        " to 9999 in UTC"
    ),
)
_NOT_A_DATETIME = (
    "datetime_parsing",
    (
        "Input should be a valid datetime, expected an ISO 8601 date-time"
        " or a number"
    ),
)
_TOO_LARGE = (
    "datetime_parsing",
    "Input should be a valid datetime, the number is too large",
)

REFUSED_DATETIME_STRINGS: dict[str, tuple[str, tuple[str, str]]] = {
    "digits-zero-fraction": ("1" + "0" * MANY + ".0", _OUTSIDE),
    "nines-half": ("9" * MANY + ".5", _OUTSIDE),
    "negative-nines-half": ("-" + "9" * MANY + ".5", _OUTSIDE),
    "digits-point": ("1" + "0" * MANY + ".", _OUTSIDE),
    "leading-zeros-then-large": ("0" * MANY + "1" + "0" * 30 + ".5", _OUTSIDE),
    "long-exponent": ("1.5e" + "9" * MANY, _OUTSIDE),
    "zeros-exponent-no-point": ("0" * MANY + "1e5", _NOT_A_DATETIME),
    "digits-exponent-no-point": (
        "1" * MANY + "e-" + "9" * MANY,
        _NOT_A_DATETIME,
    ),
    "digits-then-letter": ("1" + "0" * MANY + ".0x", _NOT_A_DATETIME),
    "two-points": ("1" + "0" * MANY + ".0.", _NOT_A_DATETIME),
    "sign-inside": ("1" + "0" * MANY + "-5", _NOT_A_DATETIME),
    "exponent-sign-apart": ("1.5e5" + "0" * MANY + "-5", _NOT_A_DATETIME),
    "exponent-without-digits": ("1." + "0" * MANY + "e+", _NOT_A_DATETIME),
    "fraction-then-blank": ("1." + "0" * MANY + " ", _NOT_A_DATETIME),
    "rfc3339-long-fraction-then-letter": (
        "2021-03-05T23:15:30." + "0" * MANY + "x",
        _NOT_A_DATETIME,
    ),
    "digits": ("1" + "0" * MANY, _TOO_LARGE),
    "negative-digits": ("-" + "9" * MANY, _TOO_LARGE),
}
"""Long strings refused for a datetime, and the error type and message."""

READ_DATETIME_STRINGS: dict[str, str] = {
    "exponent-brings-back": "1" + "0" * MANY + ".0e-" + "0" * 10 + str(MANY),
    "leading-zeros-point": "0" * MANY + ".",
    "signed-leading-zeros-point": "-" + "0" * MANY + ".0",
    "point-then-zeros": "." + "0" * MANY + "1",
    "leading-zeros-exponent": "0" * MANY + "1.5e+" + "0" * MANY + "3",
    "tiny-exponent": "1.5e-" + "9" * MANY,
    "rfc3339-long-fraction": "2021-03-05T23:15:30." + "5" * MANY + "Z",
}
"""Long strings read as datetimes, by Pydantic too."""


class TestPathologicalDatetimeStrings:
    """Long datetime strings get the errors they always got, or a value."""

    @pytest.mark.parametrize(
        "library", [None, *JSON_LIBRARIES], ids=["structure", *JSON_LIBRARIES]
    )
    @pytest.mark.parametrize(
        ("value", "error"),
        REFUSED_DATETIME_STRINGS.values(),
        ids=REFUSED_DATETIME_STRINGS,
    )
    def test_refused_with_the_same_error(
        self, value: str, error: tuple[str, str], library: Any
    ) -> None:
        """The error names the problem; Pydantic refuses the value too."""
        data = {**VALID, "created": value}
        ours = (
            structure_outcome(TokenBase, data)
            if library is None
            else _loads_outcome(library, TokenBase, data)
        )
        assert isinstance(ours, ValidationError)
        assert [
            (detail["loc"], detail["type"], detail["msg"])
            for detail in ours.errors()
        ] == [(("created",), *error)]
        with pytest.raises(pydantic.ValidationError):
            reference.TokenBase.model_validate(data)

    @pytest.mark.parametrize(
        "library", [None, *JSON_LIBRARIES], ids=["structure", *JSON_LIBRARIES]
    )
    @pytest.mark.parametrize(
        "value", READ_DATETIME_STRINGS.values(), ids=READ_DATETIME_STRINGS
    )
    def test_read_as_pydantic_reads(self, value: str, library: Any) -> None:
        """The value read is Pydantic's instant."""
        data = {**VALID, "created": value}
        ours = (
            structure_outcome(TokenBase, data)
            if library is None
            else _loads_outcome(library, TokenBase, data)
        )
        assert isinstance(ours, TokenBase)
        theirs = reference.TokenBase.model_validate(data)
        assert ours.created == as_utc(theirs.created)

    @given(
        text=st.text("0123456789+-.eE", max_size=12),
        where=st.integers(0, 12),
        padding=st.sampled_from(["0", "9", "5"]),
        count=st.sampled_from([40, 70, MANY]),
    )
    @settings(max_examples=examples(300))
    def test_padded_numbers_as_pydantic(
        self, text: str, where: int, padding: str, count: int
    ) -> None:
        """Numbers with a long run of one digit get Pydantic's verdict."""
        value = text[:where] + padding * count + text[where:]
        data = {**VALID, "created": value}
        ours = structure_outcome(TokenBase, data)
        try:
            theirs = reference.TokenBase.model_validate(data)
        except pydantic.ValidationError:
            assert isinstance(ours, ValidationError)
            assert [e["loc"] for e in ours.errors()] == [("created",)]
            return
        assert isinstance(ours, TokenBase)
        assert ours.created == as_utc(theirs.created)


GROUP_NAMES: dict[str, str] = {
    "bad-last-character": "x" * MANY + "!",
    "final-newline": "x" * MANY + "\n",
    "non-ascii-last": "x" * MANY + "\u00e9",
    "blank-last": "x" * MANY + " ",
    "digit-first": "1" + "x" * MANY,
    "bad-middle": "x" * MANY + "!" + "x" * MANY,
    "valid": "x" * MANY + "-._0",
    "valid-all-classes": "a" + "Z9._-" * MANY,
}
"""Long group names, valid or not at their end or start."""


class TestLongGroupNames:
    """Long group names get Pydantic's verdict and error, however read."""

    @pytest.mark.parametrize(
        "library", [None, *JSON_LIBRARIES], ids=["structure", *JSON_LIBRARIES]
    )
    @pytest.mark.parametrize("name", GROUP_NAMES.values(), ids=GROUP_NAMES)
    def test_same_as_pydantic(self, name: str, library: Any) -> None:
        """A long name is read, or refused with Pydantic's error."""
        data = {"name": name, "id": 1}
        ours = (
            structure_outcome(TokenGroup, data)
            if library is None
            else _loads_outcome(library, TokenGroup, data)
        )
        theirs = reference_outcome(TokenGroup, data)
        if isinstance(theirs, pydantic.ValidationError):
            assert isinstance(ours, ValidationError)
            assert [
                (e["loc"], e["type"], e["msg"]) for e in ours.errors()
            ] == [(e["loc"], e["type"], e["msg"]) for e in theirs.errors()]
        else:
            assert isinstance(ours, TokenGroup)
            assert ours.name == name

    @pytest.mark.parametrize("name", GROUP_NAMES.values(), ids=GROUP_NAMES)
    def test_same_verdict_again(self, name: str) -> None:
        """The same name, read again or as another string, gets the verdict."""
        first = structure_outcome(TokenGroup, {"name": name, "id": 1})
        again = structure_outcome(TokenGroup, {"name": name, "id": 1})
        other = structure_outcome(
            TokenGroup, {"name": name[:-1] + name[-1], "id": 1}
        )
        valid = structure_outcome(TokenGroup, {"name": "y" * MANY, "id": 1})
        assert isinstance(valid, TokenGroup)
        for outcome in (again, other):
            assert _verdict(outcome, ("name",)) == _verdict(first, ("name",))

    @given(
        name=st.text("aZ09._-!\n \u00e9", max_size=8),
        count=st.sampled_from([1, 70, MANY]),
    )
    @settings(max_examples=examples(300))
    def test_padded_names_as_pydantic(self, name: str, count: int) -> None:
        """Names with a long run of letters get Pydantic's verdict."""
        data = {"name": "x" * count + name, "id": 1}
        ours = structure_outcome(TokenGroup, data)
        theirs = reference_outcome(TokenGroup, data)
        assert isinstance(ours, ValidationError) == isinstance(
            theirs, pydantic.ValidationError
        )
