"""Tests of reading JSON data and text into models: `structure`, `loads`."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
from typing import Any

import attrs
import cattrs
import pydantic
import pytest

import pydantic_reference as reference
from gafaelfawr_attrs import (
    NotebookQuota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenType,
    TokenUserInfo,
    ValidationError,
    converter,
    loads,
    make_converter,
    structure,
)

from .support import (
    JSON_LIBRARIES,
    SECRET,
    TOKEN_DATA_RECORD,
    VALID,
    locations,
    reference_outcome,
    structure_outcome,
)


class TestValidInput:
    """Valid input is read with every field parsed and normalised."""

    def test_reads_valid_data(self) -> None:
        """Every field of a `TokenBase` is parsed and normalised."""
        token = structure(VALID, TokenBase)
        assert token == TokenBase(
            username="someuser",
            token_type=TokenType.session,
            scopes=("read:all", "user:token"),
            created=datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC),
            expires=datetime(2021, 3, 29, 2, 48, 50, tzinfo=UTC),
        )

    def test_reads_token_data_record(self) -> None:
        """The spec's TokenData record holds what it says, in UTC."""
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

    def test_returns_instance_unchanged(self) -> None:
        """An instance of the model is already valid and is returned as is."""
        token = structure(VALID, TokenBase)
        assert structure(token, TokenBase) is token


class TestUnknownKeys:
    """Keys that name no field are dropped, or refused on request."""

    def test_ignored_by_default(self) -> None:
        """Keys that name no field are dropped."""
        assert structure({**VALID, "other": 1}, TokenBase) == structure(
            VALID, TokenBase
        )

    def test_forbidden_on_request(self) -> None:
        """The opt-in setting names each unknown key."""
        strict = make_converter(forbid_extra_keys=True)
        data = {**VALID, "other": 1, "more": 2}
        with pytest.raises(ValidationError, match="Extra inputs") as info:
            strict.structure(data, TokenBase)
        assert locations(info.value) == [("other",), ("more",)]
        assert strict.structure(VALID, TokenBase) == structure(
            VALID, TokenBase
        )


class TestStrings:
    """String fields take strings only, as Pydantic does."""

    def test_numbers_are_not_strings(self) -> None:
        """The converter does not turn numbers into strings."""
        with pytest.raises(ValidationError, match="valid string"):
            converter.structure(5, str)

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

    @pytest.mark.parametrize(
        "names",
        [
            ["g_users", "g_users", "1g"],
            [*(f"g{index}" for index in range(5000)), "g-ok", "-bad"],
            ["g" * 65, "g" * 65 + "!"],
        ],
        ids=["repeated", "beyond-remembered", "long"],
    )
    def test_pattern_decides_every_time(self, names: list[str]) -> None:
        """Names matched before are kept; others are refused, however many."""
        *valid, invalid = names
        for name in valid:
            assert structure({"name": name}, TokenGroup).name == name
        for _ in range(2):  # refused, and not remembered as a match
            with pytest.raises(ValidationError, match="should match pattern"):
                structure({"name": invalid}, TokenGroup)

    @pytest.mark.parametrize(
        "read",
        ["structure", "constructor", "loads-json", "loads-msgspec"],
    )
    @pytest.mark.parametrize("text", ["ascii", "non-ascii", "str-subclass"])
    def test_refused_long_name_not_kept(self, read: str, text: str) -> None:
        """A long name the pattern refused is not kept once named."""
        marker = f"not-kept-{read}-{text}"
        name: str = {
            "ascii": f"{'g' * 70}!{marker}",
            "non-ascii": f"{'é' * 70}!{marker}",
            "str-subclass": _Text(f"{'g' * 70}!{marker}"),
        }[text]
        with pytest.raises(ValidationError, match="should match pattern"):
            _read_group(read, name)
        del name
        gc.collect()
        held = [
            item
            for item in gc.get_objects()
            if type(item) is list
            and len(item) == 1
            and type(item[0]) in {str, _Text}  # not other tests' objects
            and item[0].endswith(marker)
        ]
        assert held == []


class _Text(str):
    """A subclass of `str`, read as the text it holds."""

    __slots__ = ()


def _read_group(read: str, name: str) -> None:
    """Read a group named so by `structure`, its constructor or `loads`."""
    data = {"name": name, "id": 1}
    if read == "structure":
        structure(data, TokenGroup)
    elif read == "constructor":
        TokenGroup(name=name, id=1)
    else:
        library: Any = read.removeprefix("loads-")
        converter = make_converter(json_library=library)
        converter.loads(json.dumps(data), TokenGroup)


class TestScopes:
    """Scopes are read from a comma-separated string or a collection."""

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
    def test_forms(self, scopes: object, expected: tuple[str, ...]) -> None:
        """Strings split on commas; lists keep order and duplicates."""
        token = structure({**VALID, "scopes": scopes}, TokenBase)
        assert token.scopes == expected

    @pytest.mark.parametrize(
        ("scopes", "loc"),
        [
            (["read:all", "a\ud800"], ("scopes", 1)),
            ("x,a\ud800", ("scopes", 1)),
        ],
        ids=["list", "comma-separated"],
    )
    def test_unpaired_surrogate_refused(
        self, scopes: object, loc: tuple[str | int, ...]
    ) -> None:
        """A scope that JSON could not carry is refused (Pydantic keeps it)."""
        with pytest.raises(
            ValidationError, match="unpaired surrogates"
        ) as info:
            structure({**VALID, "scopes": scopes}, TokenBase)
        assert locations(info.value) == [loc]


class TestTimestamps:
    """Datetime fields hold plain UTC datetimes."""

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


class TestIntegers:
    """Integer fields are read in Pydantic's lax mode."""

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
        self, value: object, expected: int | None
    ) -> None:
        """A group's id is accepted or refused as Pydantic does."""
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


class TestFloats:
    """Float fields take finite numbers only."""

    @pytest.mark.parametrize(
        "value",
        ["inf", "nan", "-Infinity", "1e400"],
        ids=["inf", "nan", "minus-infinity", "overflow"],
    )
    def test_non_finite_rejected(self, value: str) -> None:
        """Unlike Pydantic, floats must be finite: JSON cannot write others."""
        data = {"cpu": value, "memory": 1}
        with pytest.raises(ValidationError, match="finite"):
            structure(data, NotebookQuota)
        assert isinstance(
            reference_outcome(NotebookQuota, data), reference.NotebookQuota
        )


class TestContainers:
    """Models inside lists and other classes are read with full paths."""

    def test_list_of_models(self) -> None:
        """Lists of models are structured, errors located by index."""
        tokens = structure([VALID, VALID], list[TokenBase])
        assert tokens == [structure(VALID, TokenBase)] * 2
        with pytest.raises(ValidationError) as info:
            structure([VALID, {**VALID, "username": ""}, 5], list[TokenBase])
        assert locations(info.value) == [(1, "username"), (2,)]
        with pytest.raises(ValidationError, match="valid list"):
            structure({}, list[TokenBase])

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

    def test_wrong_container_type(self) -> None:
        """A cattrs container of models with the wrong input is reported."""
        with pytest.raises(ValidationError):
            structure(5, dict[str, TokenBase])


class TestJsonText:
    """`loads` reads JSON text of any string type."""

    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    def test_str_subclass_text(self, json_library: Any) -> None:
        """JSON text in a str subclass is read like any text."""

        class Text(str):
            __slots__ = ()

        chosen = make_converter(json_library=json_library)
        group = chosen.loads(Text('{"name": "g"}'), TokenGroup)
        assert group == TokenGroup(name="g")


class TestTokenInfoDatetimes:
    """TokenInfo reads datetimes as the service did: whole seconds only."""

    INFO: dict[str, Any] = {  # noqa: RUF012 (read only)
        "username": "someuser",
        "token_type": "user",
        "scopes": [],
        "token": "5KVApqcVbSQWtO3VIRgOhQ",
    }

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (1614986130, datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)),
            (20_000_000_001, datetime(2603, 10, 11, 11, 33, 21, tzinfo=UTC)),
            (-5, datetime(1969, 12, 31, 23, 59, 55, tzinfo=UTC)),
            (True, datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)),
        ],
        ids=["seconds", "beyond-2e10-still-seconds", "negative", "bool"],
    )
    @pytest.mark.parametrize("field", ["created", "expires", "last_used"])
    def test_integers_are_seconds(
        self, field: str, value: object, expected: datetime
    ) -> None:
        """An integer is seconds since the epoch, with no millisecond rule."""
        info = structure({**self.INFO, field: value}, TokenInfo)
        assert getattr(info, field) == expected

    @pytest.mark.parametrize(
        "value",
        ["2021-03-05T23:15:30Z", "1614986130", 1614986130.5, 1614986130.0],
        ids=["iso", "numeric-string", "fraction", "whole-float"],
    )
    @pytest.mark.parametrize("field", ["created", "expires", "last_used"])
    def test_other_types_refused(self, field: str, value: object) -> None:
        """Strings and floats are refused, with the service's message."""
        with pytest.raises(
            ValidationError, match="Must be a datetime or seconds since epoch"
        ) as info:
            structure({**self.INFO, field: value}, TokenInfo)
        assert [e["type"] for e in info.value.errors()] == ["value_error"]

    def test_out_of_range_refused(self) -> None:
        """Seconds beyond year 9999 are a ValidationError, not a crash."""
        with pytest.raises(ValidationError, match="created"):
            structure({**self.INFO, "created": 10**30}, TokenInfo)

    def test_datetimes_normalised(self) -> None:
        """A datetime with an offset, or naive, is held in UTC."""
        plus_two = timezone(timedelta(hours=2))
        info = TokenInfo(
            **{
                **self.INFO,
                "created": datetime(2021, 3, 6, 1, 15, 30, tzinfo=plus_two),
                "last_used": datetime(2021, 3, 5, 23, 15, 30),
            }
        )
        expected = datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)
        assert (info.created, info.last_used) == (expected, expected)

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_json_round_trip_beyond_2e10(self, library: Any) -> None:
        """Seconds beyond 2e10 are written and read back as the same."""
        converter = make_converter(json_library=library)
        info = structure({**self.INFO, "expires": 20_000_000_001}, TokenInfo)
        text = converter.dumps(info)
        assert '"expires":20000000001' in text
        assert converter.loads(text, TokenInfo) == info


class TestTokenRequiredInRecords:
    """A record's token needs its key and secret; code may make new ones."""

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_empty_token_refused(self, library: Any) -> None:
        """``"token": {}`` is two missing fields, not a new random token."""
        text = TOKEN_DATA_RECORD.replace(
            '{"key": "5KVApqcVbSQWtO3VIRgOhQ",\n'
            '           "secret": "12345678901234567890ab"}',
            "{}",
        )
        assert '"token": {}' in text
        with pytest.raises(ValidationError) as info:
            make_converter(json_library=library).loads(text, TokenData)
        assert [(e["loc"], e["type"]) for e in info.value.errors()] == [
            (("token", "key"), "missing"),
            (("token", "secret"), "missing"),
        ]

    def test_unconfigured_converter_refuses_too(self) -> None:
        """A plain cattrs converter does not make up a token either."""
        with pytest.raises(cattrs.ClassValidationError):
            cattrs.Converter().structure({}, Token)

    def test_new_token_in_code(self) -> None:
        """``Token()`` draws a random key and secret; given ones are kept."""
        first, second = Token(), Token()
        assert first != second
        assert len(first.key) == len(first.secret) == 22
        assert Token(key="k", secret="s") == structure(
            {"key": "k", "secret": "s"}, Token
        )
