"""The models inside users' converters, classes and subclasses."""

from __future__ import annotations

import contextlib
import copy
import enum
import functools
import inspect
import json
import pickle
import traceback
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs
import cattrs
import pydantic
import pytest
from cattrs.errors import ClassValidationError, StructureHandlerNotFoundError
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter as make_json_converter
from cattrs.preconf.msgspec import make_converter as make_msgspec_converter
from cattrs.preconf.orjson import make_converter as make_orjson_converter
from hypothesis import given, settings
from hypothesis import strategies as st

from gafaelfawr_attrs import (
    NotebookQuota,
    Quota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenType,
    TokenUserInfo,
    ValidationError,
    configure_converter,
    current,
    json_schema,
    make_converter,
)

from .strategies import (
    plain_field_inputs,
    token_data_inputs,
    token_info_inputs,
    token_inputs,
)
from .support import (
    SECRET,
    TOKEN_DATA_RECORD,
    examples,
    hooks_registered,
    locations,
)

BASE = {
    "username": "someuser",
    "token_type": "session",
    "scopes": "read:all,user:token",
    "created": 1614986130,
}
"""A TokenBase record with comma-separated scopes and an epoch number."""

RECORD: dict[str, Any] = {
    **BASE,
    "token": {"key": "5KVApqcVbSQWtO3VIRgOhQ", "secret": SECRET},
    "expires": 1616986130,
    "name": "Alice Example",
    "uid": 4123,
    "groups": [{"name": "g_special_users", "id": 123181}],
    "quota": {"api": {"datalinker": 500}, "notebook": {"cpu": 4, "memory": 8}},
}
"""A TokenData record using every kind of field."""

INFO = {
    **BASE,
    "token": "5KVApqcVbSQWtO3VIRgOhQ",
    "last_used": 1614988800,
    "parent": None,
}
"""A TokenInfo record."""

PRECONF: dict[str, Callable[[], cattrs.Converter]] = {
    "plain": cattrs.Converter,
    "json": make_json_converter,
    "orjson": make_orjson_converter,
    "msgspec": make_msgspec_converter,
}
"""Converters of the kinds users have, by name."""


T = TypeVar("T")


@attrs.frozen
class Session:
    """A user's class holding models in every container cattrs handles."""

    token: TokenData
    seen: list[TokenBase]
    by_name: dict[str, TokenBase] = attrs.field(factory=dict)
    parent: TokenBase | None = None
    groups: tuple[TokenGroup, ...] = ()


@attrs.frozen
class Box(Generic[T]):
    """A user's generic class, holding a model as its parameter says."""

    item: T


@attrs.frozen(kw_only=True)
class MyToken(TokenBase):
    """A user's subclass of a model with a field of its own."""

    note: str = ""


@attrs.frozen(kw_only=True)
class GroupTree(TokenGroup):
    """A user's subclass holding itself: a tree of groups."""

    children: list[GroupTree] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class BrokenGroup(TokenGroup):
    """A user's subclass with a mistake: an annotation naming nothing."""

    extra: Undefined = 0  # type: ignore[name-defined]  # noqa: F821


@attrs.frozen(kw_only=True)
class HoldsBroken(TokenGroup):
    """A user's subclass holding the one with a mistake."""

    held: BrokenGroup


class Unknown:
    """A class of a user's that no hook reads."""


@attrs.frozen(kw_only=True)
class UnreadableGroup(TokenGroup):
    """A user's subclass with a field of a type no hook reads."""

    extra: Unknown = attrs.field(factory=Unknown)


@attrs.frozen(kw_only=True)
class CheckedToken(TokenBase):
    """A user's subclass with a validator of its own."""

    level: int = attrs.field(default=0, validator=attrs.validators.ge(0))


class Level(int):
    """A type of a user's own, read by a hook the user registers."""


@attrs.frozen(kw_only=True)
class LeveledToken(TokenBase):
    """A user's subclass with a field of a type of its own."""

    level: Level = attrs.field(factory=lambda: Level(0))


class TestUnconfiguredConverter:
    """A converter never configured reads models as the package does."""

    @pytest.mark.parametrize("name", list(PRECONF), ids=list(PRECONF))
    def test_reads_the_package_values(self, name: str) -> None:
        """Comma-separated scopes and epoch numbers are read as here."""
        converter = PRECONF[name]()
        assert converter.structure(
            BASE, TokenBase
        ) == make_converter().structure(BASE, TokenBase)

    @pytest.mark.parametrize("name", list(PRECONF), ids=list(PRECONF))
    def test_reads_nested_models(self, name: str) -> None:
        """A whole TokenData record is read as the package reads it."""
        converter = PRECONF[name]()
        expected = make_converter().structure(RECORD, TokenData)
        assert converter.structure(RECORD, TokenData) == expected

    def test_nested_models_read_by_its_hooks(self) -> None:
        """A nested model is read by the converter's own hook for it."""
        converter = cattrs.Converter()
        converter.register_structure_hook(
            Quota, lambda _, __: Quota(api={"own-hook": 1})
        )
        info = converter.structure(
            {"username": "u", "quota": {"api": {}}}, TokenUserInfo
        )
        assert info.quota == Quota(api={"own-hook": 1})

    def test_base_converter_refuses_models(self) -> None:
        """Cattrs' BaseConverter, which ignores overrides, reads nothing."""
        with pytest.raises(StructureHandlerNotFoundError, match="Annotated"):
            cattrs.BaseConverter().structure(BASE, TokenBase)

    def test_refuses_invalid_values(self) -> None:
        """An invalid value fails, with a note naming the remedy."""
        with pytest.raises(ClassValidationError) as info:
            cattrs.Converter().structure({**BASE, "scopes": 5}, TokenBase)
        (inner,) = info.value.exceptions
        assert isinstance(inner, ValidationError)
        assert "configure_converter" in "".join(inner.__notes__)


class TestConfigureConverter:
    """`configure_converter` puts the models' hooks on any converter."""

    @pytest.mark.parametrize("name", list(PRECONF), ids=list(PRECONF))
    def test_structures_like_the_package(self, name: str) -> None:
        """Models read through a configured converter equal ours."""
        converter = PRECONF[name]()
        configure_converter(converter)
        ours = make_converter()
        assert converter.structure(RECORD, TokenData) == ours.structure(
            RECORD, TokenData
        )
        assert converter.structure(INFO, TokenInfo) == ours.structure(
            INFO, TokenInfo
        )

    @pytest.mark.parametrize("name", list(PRECONF), ids=list(PRECONF))
    def test_unstructures_like_the_package(self, name: str) -> None:
        """TokenData writes whole seconds, TokenBase ISO strings."""
        converter = PRECONF[name]()
        configure_converter(converter)
        record = make_converter().structure(RECORD, TokenData)
        written = converter.unstructure(record)
        assert written == make_converter().unstructure(record)
        assert written["created"] == 1614986130
        base = converter.unstructure(TokenBase(**BASE))  # type: ignore[arg-type]
        assert base["created"] == "2021-03-05T23:15:30Z"

    @pytest.mark.parametrize(
        "name",
        ["json", "orjson", "msgspec"],
        ids=["json", "orjson", "msgspec"],
    )
    def test_preconf_text_round_trip(self, name: str) -> None:
        """A preconf converter's own dumps and loads keep every value."""
        converter: Any = PRECONF[name]()
        configure_converter(converter, datetime_format="epoch")
        record = make_converter().structure(RECORD, TokenData)
        text = converter.dumps(record)
        assert converter.loads(text, TokenData) == record

    def test_errors_are_validation_errors(self) -> None:
        """A model's problems are one located ValidationError."""
        converter = cattrs.Converter()
        configure_converter(converter)
        with pytest.raises(ValidationError) as info:
            converter.structure({**RECORD, "uid": 0, "scopes": 5}, TokenData)
        assert locations(info.value) == [("uid",), ("scopes",)]

    def test_forbids_extra_keys(self) -> None:
        """Each unknown key is an error of its own, at any depth."""
        converter = cattrs.Converter()
        configure_converter(converter, forbid_extra_keys=True)
        data = {**RECORD, "other": 1, "token": {**RECORD["token"], "x": 2}}
        with pytest.raises(ValidationError) as info:
            converter.structure(data, TokenData)
        assert sorted((e["loc"], e["type"]) for e in info.value.errors()) == [
            (("other",), "extra_forbidden"),
            (("token", "x"), "extra_forbidden"),
        ]

    def test_rejects_unknown_datetime_format(self) -> None:
        """A misspelt option is refused at once."""
        with pytest.raises(ValueError, match="datetime_format"):
            configure_converter(
                cattrs.Converter(),
                datetime_format="seconds",  # type: ignore[arg-type]
            )


class TestUsersClasses:
    """A user's class holding models, in any container, reads and writes."""

    SESSION: dict[str, Any] = {  # noqa: RUF012 (read only)
        "token": RECORD,
        "seen": [BASE, {**BASE, "username": "other"}],
        "by_name": {"a": BASE},
        "parent": None,
        "groups": [{"name": "g"}],
    }

    @pytest.mark.parametrize(
        "converter",
        [make_converter(), make_converter(json_library="json")],
        ids=["package", "package-stdlib"],
    )
    def test_round_trip(self, converter: Any) -> None:
        """Structure, dumps and loads give the same session back."""
        session = converter.structure(self.SESSION, Session)
        assert session.seen[1].username == "other"
        assert session.token.scopes == ("read:all", "user:token")
        assert converter.loads(converter.dumps(session), Session) == session

    def test_dumps_same_bytes_with_either_library(self) -> None:
        """Both JSON libraries write a user's class byte for byte alike."""
        session = make_converter().structure(self.SESSION, Session)
        texts = {
            make_converter(json_library=library).dumps(session)
            for library in ("json", "msgspec")
        }
        assert len(texts) == 1
        assert json.loads(texts.pop())["token"]["created"] == 1614986130

    @pytest.mark.parametrize(
        ("change", "loc", "kind"),
        [
            (
                {"seen": [BASE, {**BASE, "scopes": [5]}]},
                ("seen", 1, "scopes", 0),
                "string_type",
            ),
            (
                {"by_name": {"a": {**BASE, "username": ""}}},
                ("by_name", "a", "username"),
                "string_too_short",
            ),
            (
                {"parent": {**BASE, "token_type": "x"}},
                ("parent", "token_type"),
                "enum",
            ),
            ({"seen": 5}, ("seen",), "list_type"),
            ({"by_name": [1]}, ("by_name",), "dict_type"),
        ],
        ids=["list", "dict", "optional", "list-type", "dict-type"],
    )
    def test_errors_are_located(
        self, change: dict[str, Any], loc: tuple[Any, ...], kind: str
    ) -> None:
        """A problem anywhere in the structure is named where it is."""
        with pytest.raises(ValidationError) as info:
            make_converter().structure({**self.SESSION, **change}, Session)
        assert [(e["loc"], e["type"]) for e in info.value.errors()] == [
            (loc, kind)
        ]

    def test_missing_key(self) -> None:
        """A missing key of a user's class is ``missing``, secrets hidden."""
        data = {key: v for key, v in self.SESSION.items() if key != "seen"}
        with pytest.raises(ValidationError) as info:
            make_converter().structure(data, Session)
        (error,) = info.value.errors()
        assert (error["loc"], error["type"]) == (("seen",), "missing")
        assert SECRET not in str(info.value)

    def test_configured_user_converter(self) -> None:
        """A user's own configured converter reports one ValidationError."""
        converter = make_json_converter()
        configure_converter(converter)
        bad = {**self.SESSION, "seen": [BASE, {**BASE, "scopes": [5]}]}
        with pytest.raises(ValidationError) as info:
            converter.structure(bad, Session)
        assert locations(info.value) == [("seen", 1, "scopes", 0)]

    def test_extra_keys_at_every_level(self) -> None:
        """``forbid_extra_keys`` names each unknown key where it is."""
        converter = make_converter(forbid_extra_keys=True)
        bad = {**self.SESSION, "x": 1, "parent": {**BASE, "y": 2}}
        with pytest.raises(ValidationError) as info:
            converter.structure(bad, Session)
        assert sorted((e["loc"], e["type"]) for e in info.value.errors()) == [
            (("parent", "y"), "extra_forbidden"),
            (("x",), "extra_forbidden"),
        ]

    def test_schema(self) -> None:
        """A user's class holding models has a schema with $defs."""
        schema = json_schema(Session)
        assert schema["properties"]["seen"] == {
            "items": {"$ref": "#/$defs/TokenBase"},
            "title": "Seen",
            "type": "array",
        }
        assert set(schema["$defs"]) >= {"TokenBase", "TokenData", "Token"}
        assert schema["required"] == ["token", "seen"]


class Colour(enum.StrEnum):
    """An enum of strings in a user's class."""

    RED = "red"


class Size(enum.IntEnum):
    """An enum of integers in a user's class."""

    SMALL = 1
    LARGE = 2


class UserId(int):
    """A subclass of a plain type in a user's class, with no hook."""


@attrs.frozen
class Plain:
    """A user's class of plain fields, holding no model."""

    count: int = 0
    ratio: float = 0.0
    flag: bool = False
    name: str = ""
    colour: Colour = Colour.RED
    size: Size = Size.SMALL
    when: datetime = datetime(2020, 1, 1, tzinfo=UTC)


_PLAIN_FIELDS: dict[str, Any] = {
    field.name: (typing.get_type_hints(Plain)[field.name], field.default)
    for field in attrs.fields(Plain)
}
PlainReference: Any = pydantic.create_model(
    "PlainReference",
    __config__=pydantic.ConfigDict(allow_inf_nan=False),
    **_PLAIN_FIELDS,
)
"""`Plain` in Pydantic, the same fields, whose floats are finite too."""


class Flavour(float, enum.Enum):
    """An enum of floats."""

    HALF = 0.5


class Mixed(enum.Enum):
    """An enum of values of several JSON types."""

    ONE = 1
    B = "b"


class Permission(enum.IntFlag):
    """A flag, whose members combine."""

    READ = 1
    WRITE = 2


class Empty(enum.Enum):
    """An enum with no member."""


class Listed(enum.Enum):
    """An enum whose value cannot be hashed."""

    PAIR = [1, 2]  # noqa: RUF012 (an enum's value)


class Nested(enum.Enum):
    """An enum whose value is a tuple holding a list: not hashable."""

    PAIR = ([1],)


class Found(enum.Enum):
    """An enum that finds a member for any string (a static _missing_)."""

    ANY = "any"

    @staticmethod
    def _missing_(_: object) -> Found:
        return Found.ANY


class LaterDatetime(datetime):
    """A subclass of datetime, which no kind makes."""


def _read(read: Callable[[], Any], field: str) -> object:
    """Return a field's value as read, or the type of each problem."""
    try:
        return getattr(read(), field)
    except (ValidationError, pydantic.ValidationError) as error:
        return [(e["loc"], e["type"]) for e in error.errors()]


class TestUsersPlainFields:
    """A user's fields of plain types are read as Pydantic reads them."""

    @pytest.mark.parametrize(
        ("field", "value", "expected"),
        [
            ("count", 1.9, [(("count",), "int_from_float")]),
            ("count", "12", 12),
            ("ratio", "1.5", 1.5),
            ("ratio", float("nan"), [(("ratio",), "finite_number")]),
            ("ratio", "8e_1", 80.0),
            ("ratio", " 1_0", [(("ratio",), "float_parsing")]),
            ("count", "\x1c5", [(("count",), "int_parsing")]),
            ("flag", "false", False),
            ("flag", "maybe", [(("flag",), "bool_parsing")]),
            ("flag", 2.0**63, [(("flag",), "bool_type")]),
            ("name", 5, [(("name",), "string_type")]),
            ("colour", "red", Colour.RED),
            ("size", 2, Size.LARGE),
            ("size", 1.5, [(("size",), "enum")]),
            ("size", "2", [(("size",), "enum")]),
            ("when", "2024-01-02", datetime(2024, 1, 2, tzinfo=UTC)),
            ("when", "2024-W01-1", [(("when",), "datetime_parsing")]),
        ],
        ids=[
            "int-given-fraction",
            "int-given-text",
            "float-given-text",
            "float-given-nan",
            "float-given-underscore-in-exponent",
            "float-given-underscore-and-blank",
            "int-given-separator-character",
            "bool-given-word",
            "bool-given-other-word",
            "bool-given-float-past-64-bits",
            "str-given-int",
            "str-enum",
            "int-enum",
            "int-enum-given-fraction",
            "int-enum-given-text",
            "datetime-given-date",
            "datetime-given-week-date",
        ],
    )
    def test_values(self, field: str, value: object, expected: object) -> None:
        """No value is truncated or converted by truth, enums are members."""
        data = {field: value}
        held = _read(lambda: make_converter().structure(data, Plain), field)
        assert held == expected
        assert type(held) is type(expected)

    @given(
        field=st.sampled_from(["count", "ratio", "flag", "name"]),
        value=plain_field_inputs,
    )
    def test_same_as_pydantic(self, field: str, value: object) -> None:
        """Every value is held or refused as by a Pydantic model's field.

        (Not enums: their members are matched by values of the exact type,
        as the models' are, where Pydantic converts ``"2"`` to an int.)
        """
        data = {field: value}
        ours = _read(lambda: make_converter().structure(data, Plain), field)
        theirs = _read(lambda: PlainReference.model_validate(data), field)
        assert ours == theirs
        assert type(ours) is type(theirs)

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    @given(
        field=st.sampled_from([f.name for f in attrs.fields(Plain)]),
        value=plain_field_inputs,
    )
    def test_loads_as_structure(
        self, library: Any, field: str, value: object
    ) -> None:
        """JSON text is read as its data is, with either JSON library."""
        data = {field: value}
        converter = make_converter(json_library=library)
        text = json.dumps(data)
        loaded = _read(lambda: converter.loads(text, Plain), field)
        assert loaded == _read(lambda: converter.structure(data, Plain), field)

    def test_subclass_made_from_the_value(self) -> None:
        """A subclass of a plain type is made from the value read strictly."""
        converter = make_converter()
        assert converter.structure("7", UserId) == 7
        assert type(converter.structure("7", UserId)) is UserId
        with pytest.raises(ValidationError) as info:
            converter.structure(1.5, UserId)
        assert [e["type"] for e in info.value.errors()] == ["int_from_float"]

    def test_single_member_enum_message(self) -> None:
        """An enum of one member names it alone, as Pydantic does."""

        class Only(enum.Enum):
            ONE = "one"

        with pytest.raises(ValidationError) as info:
            make_converter().structure("two", Only)
        assert info.value.errors()[0]["msg"] == "Input should be 'one'"

    def test_schema(self) -> None:
        """The schema of the plain fields is Pydantic's."""
        ours = json_schema(Plain)["properties"]
        theirs = PlainReference.model_json_schema()["properties"]
        for field in ("count", "ratio", "flag", "name"):
            assert ours[field]["type"] == theirs[field]["type"], field

    @pytest.mark.parametrize(
        "enum_type",
        [Colour, Size, Flavour, Mixed, Permission],
        ids=["str", "int", "float", "mixed", "flag"],
    )
    def test_enum_schema(self, enum_type: type[enum.Enum]) -> None:
        """An enum's definition is Pydantic's, its values' JSON type too."""
        holder = attrs.make_class("Holder", {"e": attrs.field(type=enum_type)})
        reference = pydantic.create_model("Holder", e=(enum_type, ...))
        name = enum_type.__name__
        ours = json_schema(holder)["$defs"][name]
        assert ours == reference.model_json_schema()["$defs"][name]

    @pytest.mark.parametrize(
        ("enum_type", "value", "expected"),
        [
            (Permission, 3, Permission.READ | Permission.WRITE),
            (Permission, 0, Permission(0)),
            (Listed, Listed.PAIR, Listed.PAIR),
            (Size, Size.LARGE, Size.LARGE),
            (Flavour, Flavour.HALF, Flavour.HALF),
            (Colour, Colour.RED, Colour.RED),
            (
                Permission,
                Permission.READ | Permission.WRITE,
                Permission.READ | Permission.WRITE,
            ),
            (Nested, Nested.PAIR, Nested.PAIR),
            (Found, "anything", Found.ANY),
        ],
        ids=[
            "flag-combination",
            "flag-none",
            "unhashable-member",
            "int-member",
            "float-member",
            "str-member",
            "flag-combination-member",
            "tuple-holding-list-member",
            "own-missing",
        ],
    )
    def test_enum_values(
        self, enum_type: type[enum.Enum], value: object, expected: object
    ) -> None:
        """Flags combine, and a member whose value is a list is held."""
        assert make_converter().structure(value, enum_type) is expected

    @pytest.mark.parametrize(
        ("enum_type", "value", "message"),
        [
            (Empty, 1, "Input should be an instance of Empty"),
            (Listed, [1, 2], "Input should be [1, 2]"),
            (Permission, "3", "Input should be 1 or 2"),
            (Nested, ([1],), "Input should be ([1],)"),
        ],
        ids=[
            "empty",
            "unhashable-value",
            "flag-given-text",
            "tuple-holding-list-value",
        ],
    )
    def test_enum_refusals(
        self, enum_type: type[enum.Enum], value: object, message: str
    ) -> None:
        """Values no member matches are refused, as ValidationError."""
        with pytest.raises(ValidationError) as info:
            make_converter().structure(value, enum_type)
        assert [e["msg"] for e in info.value.errors()] == [message]

    def test_subclass_schema(self) -> None:
        """A subclass of a plain type is described as its base type."""
        holder = attrs.make_class("Holder", {"uid": attrs.field(type=UserId)})
        assert json_schema(holder)["properties"]["uid"]["type"] == "integer"

    def test_datetime_subclass_needs_a_hook(self) -> None:
        """No kind makes a subclass of datetime: a hook must be registered."""
        converter = make_converter()
        with pytest.raises(StructureHandlerNotFoundError):
            converter.structure("2024-01-02", LaterDatetime)
        holder = attrs.make_class(
            "Holder", {"when": attrs.field(type=LaterDatetime)}
        )
        with pytest.raises(StructureHandlerNotFoundError):
            converter.structure({"when": "2024-01-02"}, holder)
        converter.register_structure_hook(
            LaterDatetime, lambda value, _: LaterDatetime.fromisoformat(value)
        )
        later = converter.structure("2024-01-02", LaterDatetime)
        assert type(later) is LaterDatetime

    def test_secret_hidden_without_detailed_validation(self) -> None:
        """A field's error that cattrs does not locate shows no secret."""
        creds = attrs.make_class("Creds", {"secret": attrs.field(type=int)})
        converter = make_converter(detailed_validation=False)
        with pytest.raises(ValidationError) as info:
            converter.structure({"secret": SECRET}, creds)
        assert info.value.title == "Creds"
        assert [e["input"] for e in info.value.errors()] == ["<hidden>"]
        assert SECRET not in str(info.value)

    @pytest.mark.parametrize(
        ("key", "shown"),
        [("secret", "hidden"), ("plain", "shown")],
        ids=["secret-key", "other-key"],
    )
    @pytest.mark.parametrize(
        "field_type",
        [dict[str, int], list[dict[str, int]]],
        ids=["mapping", "list-of-mappings"],
    )
    def test_container_item_hidden_without_detailed_validation(
        self, key: str, shown: str, field_type: Any
    ) -> None:
        """An item's error that cattrs does not locate shows no secret.

        The key under which the item sat is unknown, so its input is
        shown only where the field's whole value may be.
        """
        holder = attrs.make_class(
            "Holder",
            {
                "token": attrs.field(type=TokenBase),
                "limits": attrs.field(type=field_type),
            },
        )
        value: Any = {key: "my-password"}
        if typing.get_origin(field_type) is list:
            value = [value]
        converter = make_converter(detailed_validation=False)
        data = {"token": BASE, "limits": value}
        with pytest.raises(ValidationError) as info:
            converter.structure(data, holder)
        everything = f"{info.value} {info.value.errors()}"
        assert ("my-password" in everything) is (shown == "shown")

    @pytest.mark.parametrize(
        "detailed", [True, False], ids=["detailed", "not"]
    )
    @pytest.mark.parametrize(
        "field_type",
        [
            typing.Annotated[TokenData, "doc"],
            TokenData | None,
            typing.Optional[typing.Annotated[TokenData, "doc"]],  # noqa: UP045 (as written)
        ],
        ids=["annotated", "optional", "optional-annotated"],
    )
    def test_model_in_place_shows_its_own_inputs(
        self, field_type: Any, *, detailed: bool
    ) -> None:
        """A model read at its field's place keeps its errors' inputs.

        Its own error knows which inputs are safe to show: those of a
        record that holds a token's secret elsewhere are shown.
        """
        holder = attrs.make_class(
            "Holder", {"record": attrs.field(type=field_type)}
        )
        converter = make_converter(detailed_validation=detailed)
        data = {"record": {**RECORD, "uid": "not-a-number"}}
        with pytest.raises(ValidationError) as info:
            converter.structure(data, holder)
        assert [(e["loc"], e["input"]) for e in info.value.errors()] == [
            (("record", "uid"), "not-a-number")
        ]


@attrs.frozen
class Opaque:
    """A user's class with a field JSON schema cannot describe."""

    token: TokenBase
    handle: object


def test_schema_names_an_indescribable_field() -> None:
    """A field whose type has no JSON schema is named in the error."""
    with pytest.raises(TypeError, match="'handle'"):
        json_schema(Opaque)


class TestSubclasses:
    """Users' subclasses keep the models' behaviour for inherited fields."""

    @pytest.mark.parametrize("name", list(PRECONF), ids=list(PRECONF))
    def test_inherited_fields_keep_their_behaviour(self, name: str) -> None:
        """Scopes are split and checked; the new field is read as given."""
        converter = PRECONF[name]()
        configure_converter(converter)
        token = converter.structure({**BASE, "note": "hi"}, MyToken)
        assert token.scopes == ("read:all", "user:token")
        assert token.note == "hi"
        with pytest.raises(ValidationError, match="username"):
            converter.structure({**BASE, "username": ""}, MyToken)

    @pytest.mark.parametrize("first", [False, True], ids=["after", "before"])
    @pytest.mark.parametrize(
        "model", [TokenBase, current.TokenData], ids=["2024", "current"]
    )
    def test_mixins_attrs_hook_runs(self, model: type, first: bool) -> None:  # noqa: FBT001
        """A mixin's ``__attrs_init_subclass__`` runs once for your subclass.

        As attrs runs it for any class, the mixin after the model or before
        it (its hook then calling ``super()``'s, cooperatively): the
        models' own hook, which finishes them, stands aside for it.
        """
        made: list[type] = []

        class Registered:
            @classmethod
            def __attrs_init_subclass__(cls) -> None:
                made.append(cls)
                following = super()
                if hasattr(following, "__attrs_init_subclass__"):
                    following.__attrs_init_subclass__()

        bases = (Registered, model) if first else (model, Registered)
        mine = attrs.frozen(kw_only=True)(
            type("Mine", bases, {"__annotations__": {}})
        )
        assert made == [mine]

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_default_taking_the_instance(self, library: Any) -> None:
        """A default of a factory taking the instance is the class's own."""

        @attrs.frozen(kw_only=True)
        class Named(TokenBase):
            shown: str = attrs.field(
                default=attrs.Factory(
                    lambda token: f"{token.username}!", takes_self=True
                )
            )

        converter = make_converter(json_library=library)
        reads: list[Callable[[dict[str, Any]], Named]] = [
            lambda data: converter.structure(data, Named),
            lambda data: converter.loads(json.dumps(data), Named),
        ]
        for read in reads:
            assert read(BASE).shown == f"{BASE['username']}!"
            assert read({**BASE, "shown": "given"}).shown == "given"

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_unknown_extra_keys_option_refused(self, library: Any) -> None:
        """A class's ``extra_keys`` of an unknown value is raised."""
        loose = attrs.frozen(type("Loose", (TokenGroup,), {"extra_keys": "x"}))
        converter = make_converter(json_library=library)
        for read in (
            functools.partial(converter.structure, {"name": "g"}),
            functools.partial(converter.loads, '{"name": "g"}'),
        ):
            with pytest.raises(TypeError, match=r"Loose\.extra_keys is 'x'"):
                read(loose)

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_subclass_naming_the_package_module(self, library: Any) -> None:
        """A subclass claiming the package's module is still a user's.

        It is built by its own ``__init__``, whose checks run.
        """

        @attrs.frozen
        class Checked(TokenGroup):
            def __attrs_post_init__(self) -> None:
                if self.name == "refused":
                    msg = "refused by the subclass"
                    raise ValueError(msg)

        Checked.__module__ = TokenGroup.__module__  # lying: the package's
        converter = make_converter(json_library=library)
        for read in (
            functools.partial(converter.structure, {"name": "refused"}),
            functools.partial(converter.loads, '{"name": "refused"}'),
        ):
            with pytest.raises(ValidationError, match="refused by"):
                read(Checked)
        assert type(converter.structure({"name": "g"}, Checked)) is Checked

    def test_own_validator_reported(self) -> None:
        """A subclass's own validator runs and its failure is located."""
        converter = make_converter()
        assert (
            converter.structure({**BASE, "level": 2}, CheckedToken).level == 2
        )
        with pytest.raises(ValidationError, match="level"):
            converter.structure({**BASE, "level": -1}, CheckedToken)

    def test_own_field_refused_by_one_call_of_its_hook(self) -> None:
        """A field without a kind is refused by its hook, called once."""
        calls: list[object] = []

        def read_level(value: object, _: object) -> Level:
            calls.append(value)
            if not isinstance(value, int):
                msg = "not a level"
                raise ValueError(msg)  # noqa: TRY004 (what a user's hook raises)
            return Level(value)

        converter = make_converter()
        converter.register_structure_hook(Level, read_level)
        with pytest.raises(ValidationError) as caught:
            converter.structure({**BASE, "level": "high"}, LeveledToken)
        assert [error["loc"] for error in caught.value.errors()] == [
            ("level",)
        ]
        assert calls == ["high"]

    def test_unstructure(self) -> None:
        """A subclass writes its fields and the inherited ones."""
        token = make_converter().structure({**BASE, "note": "x"}, MyToken)
        written = make_converter().unstructure(token)
        assert written["note"] == "x"
        assert written["scopes"] == ["read:all", "user:token"]

    def test_schema(self) -> None:
        """A subclass's schema describes its own fields from their types."""
        schema = json_schema(MyToken)
        assert schema["properties"]["note"] == {
            "default": "",
            "title": "Note",
            "type": "string",
        }
        assert schema["properties"]["username"]["maxLength"] == 64


class TestTokenDataIsATokenBase:
    """TokenData is a TokenBase and a TokenUserInfo, and still slotted."""

    def test_isinstance(self) -> None:
        """Both isinstance checks hold."""
        record = make_converter().structure(RECORD, TokenData)
        assert isinstance(record, TokenBase)
        assert isinstance(record, TokenUserInfo)

    def test_accepted_where_token_base_is_annotated(self) -> None:
        """A function taking a TokenBase takes a TokenData (mypy checks)."""

        def username(token: TokenBase) -> str:
            return token.username

        def groups(info: TokenUserInfo) -> int:
            return len(info.groups or ())

        record = make_converter().structure(RECORD, TokenData)
        assert (username(record), groups(record)) == ("someuser", 1)

    def test_slotted(self) -> None:
        """Instances have no __dict__."""
        record = make_converter().structure(RECORD, TokenData)
        assert not hasattr(record, "__dict__")


class TestGeneratedSource:
    """Generated functions can be read and show up in tracebacks."""

    def test_source(self) -> None:
        """``inspect.getsource`` gives a generated hook's source."""
        hook = make_converter().get_structure_hook(TokenBase)
        source = inspect.getsource(hook)
        expected = "def structure_TokenBase(plan, data, _=None):"
        assert source.startswith(expected)
        assert "scopes_" in source

    def test_traceback_shows_generated_lines(self) -> None:
        """A failure inside a generated function names its line."""
        hook = make_converter().unstructure
        broken = object.__new__(TokenBase)  # no slots filled
        with pytest.raises(AttributeError) as info:
            hook(broken)
        text = "".join(traceback.format_tb(info.tb))
        assert "generated unstructure_TokenBase" in text
        assert "'username': instance.username" in text


def _detail_outcome(read: Callable[[Any], Any], data: Any) -> object:
    """Return an instance's values, or the errors without their inputs.

    (A mapping other than a dict, which the errors cannot look inside, is
    shown as hidden where a dict would be shown.)
    """
    try:
        return attrs.asdict(read(data), recurse=False)
    except ValidationError as error:
        return [
            (problem["loc"], problem["type"], problem["msg"])
            for problem in error.errors()
        ]


class TestGeneratedDetailedPath:
    """The generated code decides as the general path does."""

    @pytest.mark.parametrize(
        ("model", "inputs"),
        [
            (TokenBase, token_inputs()),
            (TokenInfo, token_info_inputs()),
            (TokenData, token_data_inputs()),
        ],
        ids=["base", "info", "data"],
    )
    @pytest.mark.parametrize("forbid_extra_keys", [False, True])
    @settings(max_examples=examples(300), deadline=None)
    @given(data=st.data())
    def test_same_as_general_path(
        self,
        model: type[Any],
        inputs: st.SearchStrategy[dict[str, Any]],
        forbid_extra_keys: bool,  # noqa: FBT001 - pytest's parameter
        data: st.DataObject,
    ) -> None:
        """Same values, or the same errors in the same order."""
        record = data.draw(inputs)
        converter = make_converter(forbid_extra_keys=forbid_extra_keys)
        # Any mapping but a dict is read by the general path alone.
        expected = _detail_outcome(
            lambda data: converter.structure(MappingProxyType(data), model),
            record,
        )
        assert (
            _detail_outcome(
                lambda data: converter.structure(data, model), record
            )
            == expected
        )

    @pytest.mark.parametrize(
        "location",
        [
            ("token", "extra"),
            ("groups", 1, "extra"),
            ("quota", "extra"),
            ("quota", "notebook", "extra"),
        ],
        ids=["token", "group", "quota", "notebook"],
    )
    def test_extra_nested_keys_forbidden(
        self, location: tuple[str | int, ...]
    ) -> None:
        """Nested models read inline still refuse keys naming no field."""
        record: dict[str, Any] = {
            **BASE,
            "token": {"key": "a" * 22, "secret": "b" * 22},
            "groups": [{"name": "g"}, {"name": "h", "id": 2}],
            "quota": {"api": {}, "notebook": {"cpu": 1, "memory": 2}},
        }
        converter = make_converter(forbid_extra_keys=True)
        converter.structure(record, TokenData)  # valid as it is
        place: Any = record
        for step in location[:-1]:
            place = place[step]
        place["extra"] = 1
        with pytest.raises(ValidationError) as info:
            converter.structure(record, TokenData)
        assert [error["loc"] for error in info.value.errors()] == [location]

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    @pytest.mark.parametrize("read", ["structure", "loads"])
    def test_nested_hooks_of_a_user_are_called(
        self, library: Any, read: str
    ) -> None:
        """A user's hooks for nested models are called by every path.

        Their own, or a wrapper of the package's made with
        `functools.wraps` (which copies the package's attributes onto it).
        """
        converter = make_converter(json_library=library)
        calls: list[type] = []
        for model in (Token, TokenGroup, Quota):
            original = converter.get_structure_hook(model)

            @functools.wraps(original)
            def counting(
                data: Any, cls: type, original: Any = original
            ) -> Any:
                calls.append(cls)
                return original(data, cls)

            converter.register_structure_hook(model, counting)
        record = {
            **BASE,
            "token": {"key": "a" * 22, "secret": "b" * 22},
            "groups": [{"name": "g"}],
            "quota": {"api": {}},
        }
        if read == "loads":
            converter.loads(json.dumps(record), TokenData)
        else:
            converter.structure(record, TokenData)
        assert sorted(model.__name__ for model in calls) == [
            "Quota",
            "Token",
            "TokenGroup",
        ]

    def test_nested_hook_of_a_user_is_called(self) -> None:
        """A user's hook for a nested model is not bypassed by inlining."""
        converter = make_converter()
        mine = Token(key="k" * 22, secret="s" * 22)
        converter.register_structure_hook(Token, lambda *_: mine)
        record = converter.structure(
            {**BASE, "token": {"key": "a" * 22, "secret": "b" * 22}},
            TokenData,
        )
        assert record.token is mine


def test_token_type_members_survive() -> None:
    """Enum members given as members are kept (no conversion by value)."""
    token = make_converter().structure(
        {**BASE, "token_type": TokenType.user}, TokenBase
    )
    assert token.token_type is TokenType.user


@attrs.frozen
class Holder:
    """A user's class holding credentials in several containers."""

    opt: TokenData | None = None
    recs: list[TokenData] = attrs.field(factory=list)
    tok: Token | None = None


class TestSecretsInComposition:
    """Wrong containers around records never show the secret."""

    @pytest.mark.parametrize(
        ("data", "cls", "kind"),
        [
            ({"a": RECORD}, list[TokenData], "list_type"),
            ([RECORD], dict[str, TokenData], "dict_type"),
            ({"x": RECORD}, dict[int, TokenData], "int_parsing"),
            ([RECORD], TokenData, "model_type"),
            ({"opt": [RECORD]}, Holder, "model_type"),
            ({"recs": {"a": RECORD}}, Holder, "list_type"),
            ({"tok": [SECRET]}, Holder, "model_type"),
        ],
        ids=[
            "list-given-dict",
            "dict-given-list",
            "bad-key",
            "model-given-list",
            "optional",
            "list-field",
            "token-given-list",
        ],
    )
    def test_secret_hidden(self, data: object, cls: Any, kind: str) -> None:
        """The error names the problem; no rendering holds the secret."""
        with pytest.raises(ValidationError) as info:
            make_converter().structure(data, cls)
        assert [e["type"] for e in info.value.errors()] == [kind]
        rendered = "".join(
            [
                str(info.value),
                repr(info.value),
                repr(info.value.errors()),
                *traceback.format_exception(info.value),
            ]
        )
        assert SECRET not in rendered


REGISTERING_WAYS = ("hook", "predicate", "factory", "factory-decorator")
"""cattrs' public ways of registering a hook for a class."""


def _register(converter: Any, direction: str, way: str, hook: object) -> None:
    """Register a hook for `TokenBase` in one of `REGISTERING_WAYS`."""
    name = f"register_{direction}_hook"

    def is_base(cls: object) -> bool:
        return cls is TokenBase

    if way == "hook":
        getattr(converter, name)(TokenBase, hook)
    elif way == "predicate":
        getattr(converter, f"{name}_func")(is_base, hook)
    elif way == "factory":
        getattr(converter, f"{name}_factory")(is_base, lambda _: hook)
    else:  # the factory's decorator form
        getattr(converter, f"{name}_factory")(is_base)(lambda _: hook)


class TestHooksRegisteredLater:
    """loads and dumps follow the converter's hooks, whenever registered."""

    TEXT = '{"username":"u","token_type":"user","scopes":"a"}'

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_dumps_uses_a_later_unstructure_hook(self, library: Any) -> None:
        """A hook registered after creation is used by dumps too."""
        converter = make_converter(json_library=library)
        converter.register_unstructure_hook(TokenBase, lambda _: {"x": 1})
        token = converter.loads(self.TEXT, TokenBase)
        assert converter.dumps(token) == '{"x":1}'

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    @pytest.mark.parametrize("wrapped", [True, False], ids=["wraps", "own"])
    def test_dumps_uses_nested_unstructure_hooks(
        self,
        library: Any,
        wrapped: bool,  # noqa: FBT001
    ) -> None:
        """`dumps` writes a model, nested or not, with the converter's hook.

        A user's own, or a wrapper of the package's made with
        `functools.wraps` (which copies the package's attributes onto it).
        """
        converter = make_converter(json_library=library)
        original = converter.get_unstructure_hook(NotebookQuota)

        def own(_: NotebookQuota) -> object:
            return "mine"

        @functools.wraps(original)
        def wrapper(quota: NotebookQuota) -> object:
            return {**original(quota), "wrapped": True}

        converter.register_unstructure_hook(
            NotebookQuota, wrapper if wrapped else own
        )
        quota = NotebookQuota(cpu=1.0, memory=2.0)
        for instance in (quota, Quota(notebook=quota)):
            written = json.loads(converter.dumps(instance))
            assert written == converter.unstructure(instance)
        assert json.loads(converter.dumps(quota)) == (
            {"cpu": 1.0, "memory": 2.0, "wrapped": True} if wrapped else "mine"
        )

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_loads_calls_a_wrapper_of_the_hook(self, library: Any) -> None:
        """A `functools.wraps` wrapper of a model's hook is called by loads."""
        converter = make_converter(json_library=library)
        original = converter.get_structure_hook(TokenBase)
        calls = []

        @functools.wraps(original)
        def counting(data: Any, cls: type) -> Any:
            calls.append(cls)
            return original(data, cls)

        converter.register_structure_hook(TokenBase, counting)
        converter.loads(self.TEXT, TokenBase)
        assert calls == [TokenBase]

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_loads_uses_a_later_structure_hook(self, library: Any) -> None:
        """A hook registered after a first loads is used by the next."""
        converter = make_converter(json_library=library)
        converter.loads(self.TEXT, TokenBase)
        converter.register_structure_hook(TokenBase, lambda *_: "mine")
        result: object = converter.loads(self.TEXT, TokenBase)
        assert result == "mine"

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    @pytest.mark.parametrize(
        ("made", "expected"),
        [("name", [(("groups", 0), "instance_type")]), ("group", [])],
        ids=["a-string", "an-instance"],
    )
    def test_nested_hook_result_held_only_if_a_model(
        self, library: Any, made: str, expected: list[Any]
    ) -> None:
        """A user's hook of a nested model is held to the model's kind.

        What it returns is held only if a constructor would hold it.
        """
        converter = make_converter(json_library=library)

        def read_group(data: Any, _: type) -> object:
            name = data["name"]
            return name if made == "name" else TokenGroup(name=name, id=1)

        converter.register_structure_hook(TokenGroup, read_group)
        document = {"username": "u", "groups": [{"name": "g", "id": 2}]}
        reads: list[Callable[[], TokenUserInfo]] = [
            lambda: converter.structure(document, TokenUserInfo),
            lambda: converter.loads(json.dumps(document), TokenUserInfo),
        ]
        for read in reads:
            try:
                user = read()
            except ValidationError as error:
                found = [(e["loc"], e["type"]) for e in error.errors()]
            else:
                found = []
                assert user.groups == (TokenGroup(name="g", id=1),)
            assert found == expected

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_hook_of_another_converter(self, library: Any) -> None:
        """A nested model's hook taken from another converter keeps its way.

        One that refuses unknown keys refuses them in a record read by a
        converter that ignores them, with either JSON library.
        """
        strict = make_converter(forbid_extra_keys=True)
        converter = make_converter(json_library=library)
        converter.register_structure_hook(
            Token, strict.get_structure_hook(Token)
        )
        data = json.loads(TOKEN_DATA_RECORD)
        data["token"]["extra"] = 1
        reads: list[Callable[[], TokenData]] = [
            lambda: converter.structure(data, TokenData),
            lambda: converter.loads(json.dumps(data), TokenData),
        ]
        for read in reads:
            with pytest.raises(ValidationError) as caught:
                read()
            assert locations(caught.value) == [("token", "extra")]

    @pytest.mark.parametrize("way", REGISTERING_WAYS)
    def test_every_way_of_registering_a_structure_hook(self, way: str) -> None:
        """A hook registered in any of cattrs' ways replaces one used."""
        converter = make_converter()
        assert type(converter.structure(BASE, TokenBase)) is TokenBase
        _register(converter, "structure", way, lambda *_: "mine")
        assert converter.structure(BASE, TokenBase) == "mine"  # type: ignore[comparison-overlap]
        assert converter.loads(self.TEXT, TokenBase) == "mine"  # type: ignore[comparison-overlap]

    @pytest.mark.parametrize("way", REGISTERING_WAYS)
    def test_every_way_of_registering_an_unstructure_hook(
        self, way: str
    ) -> None:
        """An unstructure hook registered in any way replaces one used."""
        converter = make_converter(json_library="msgspec")
        token = converter.structure(BASE, TokenBase)
        assert converter.unstructure(token)["username"] == BASE["username"]
        assert converter.dumps(token).startswith("{")
        _register(converter, "unstructure", way, lambda _: {"x": 1})
        assert converter.unstructure(token) == {"x": 1}
        assert converter.dumps(token) == '{"x":1}'

    def test_reconfigured_format_used_by_dumps(self) -> None:
        """Configuring epoch output again changes what dumps writes."""
        converter = make_converter(json_library="msgspec")
        configure_converter(converter, datetime_format="epoch")
        token = converter.loads(
            self.TEXT[:-1] + ',"created":1614986130}', TokenBase
        )
        assert '"created":1614986130' in converter.dumps(token)

    def test_reconfigured_forbid_used_by_loads(self) -> None:
        """Configuring forbid_extra_keys again applies to loads too."""
        converter = make_converter(json_library="msgspec")
        configure_converter(converter, forbid_extra_keys=True)
        with pytest.raises(ValidationError, match="Extra inputs"):
            converter.loads(self.TEXT[:-1] + ',"zz":1}', TokenBase)


COPIES: dict[str, Callable[[cattrs.Converter], cattrs.Converter]] = {
    "copy": lambda converter: converter.copy(),
    "deepcopy": copy.deepcopy,
}
"""The two ways of copying a converter."""

CONFIGURED: dict[str, Callable[[], cattrs.Converter]] = {
    "make_converter": make_converter,
    "epoch": lambda: make_converter(datetime_format="epoch"),
    "plain": lambda: _configured(cattrs.Converter()),
    "json": lambda: _configured(make_json_converter()),
}
"""Converters configured for the models, by how they were made."""


def _configured(converter: cattrs.Converter) -> cattrs.Converter:
    """Configure a converter and return it."""
    configure_converter(converter)
    return converter


def _marked_token(value: object, _: object) -> Token:
    """Read a token as the one with key ``copied-hook``."""
    assert isinstance(value, dict)
    return Token(key="copied-hook", secret=value["secret"])


class TestCopies:
    """Copies of a configured converter behave alike and independently."""

    @pytest.mark.parametrize("how", COPIES.values(), ids=COPIES.keys())
    @pytest.mark.parametrize(
        "make", CONFIGURED.values(), ids=CONFIGURED.keys()
    )
    def test_copy_reads_and_writes_alike(
        self,
        make: Callable[[], cattrs.Converter],
        how: Callable[[cattrs.Converter], cattrs.Converter],
    ) -> None:
        """A copy reads and writes every model as its original does."""
        original = make()
        copied = how(original)
        assert type(copied) is type(original)
        record = copied.structure(RECORD, TokenData)
        assert record == original.structure(RECORD, TokenData)
        assert copied.unstructure(record) == original.unstructure(record)
        with pytest.raises(ValidationError, match="username"):
            copied.structure({**BASE, "username": ""}, TokenBase)

    @pytest.mark.parametrize("how", COPIES.values(), ids=COPIES.keys())
    @pytest.mark.parametrize(
        "make", CONFIGURED.values(), ids=CONFIGURED.keys()
    )
    def test_hook_on_copy_stays_there(
        self,
        make: Callable[[], cattrs.Converter],
        how: Callable[[cattrs.Converter], cattrs.Converter],
    ) -> None:
        """A hook registered on a copy is used by it, not by the original."""
        original = make()
        original.structure(RECORD, TokenData)  # hooks made before the copy
        copied = how(original)
        copied.register_structure_hook(Token, _marked_token)
        assert copied.structure(RECORD, TokenData).token.key == "copied-hook"
        assert original.structure(RECORD, TokenData).token.key != (
            "copied-hook"
        )

    @pytest.mark.parametrize("library", ["json", "msgspec"])
    @pytest.mark.parametrize("forbid", [True, False], ids=["forbid", "allow"])
    def test_copy_with_other_forbid_extra_keys(
        self,
        library: Any,
        forbid: bool,  # noqa: FBT001
    ) -> None:
        """A copy's own ``forbid_extra_keys`` applies to the models too.

        As to users' classes; the original keeps its own.
        """
        original = make_converter(
            json_library=library, forbid_extra_keys=not forbid
        )
        record = {**BASE, "extra": 1}
        with contextlib.suppress(ValidationError):
            original.structure(record, TokenBase)  # hooks made before
        copied = original.copy(forbid_extra_keys=forbid)
        for converter, forbids in ((copied, forbid), (original, not forbid)):
            for read in (
                functools.partial(converter.structure, record),
                functools.partial(converter.loads, json.dumps(record)),
            ):
                if forbids:
                    with pytest.raises(ValidationError, match="Extra inputs"):
                        read(TokenBase)
                else:
                    assert read(TokenBase).username == BASE["username"]

    def test_copies_of_copies_keep_options_and_do_not_grow(self) -> None:
        """A copy of a copy writes as its original and holds as many hooks.

        A hook registered on the original before the copies is theirs too.
        """
        original = make_converter(datetime_format="epoch", json_library="json")
        original.register_structure_hook(Token, _marked_token)
        copies = [original]
        for _ in range(3):
            copies.append(copies[-1].copy())
        token = original.structure(BASE, TokenBase)
        for copied in copies:
            assert hooks_registered(copied) == hooks_registered(original)
            assert copied.datetime_format == "epoch"
            assert copied.json_library == "json"
            assert copied.unstructure(token)["created"] == BASE["created"]
            read = copied.structure(RECORD, TokenData)
            assert read.token.key == "copied-hook"

    def test_forbid_extra_keys_from_converter(self) -> None:
        """``"from_converter"``: the models follow the converter's option."""
        converter = cattrs.Converter(forbid_extra_keys=True)
        configure_converter(converter, forbid_extra_keys="from_converter")
        record = {**BASE, "extra": 1}
        with pytest.raises(ValidationError, match="Extra inputs"):
            converter.structure(record, TokenBase)
        allowing = converter.copy(forbid_extra_keys=False)
        assert allowing.structure(record, TokenBase).username == "someuser"

    def test_copy_keeps_options(self) -> None:
        """A copy of `make_converter`'s keeps its format and JSON library."""
        original = make_converter(datetime_format="epoch", json_library="json")
        copied = original.copy()
        assert copied.datetime_format == "epoch"
        assert copied.json_library == "json"
        token = copied.structure(BASE, TokenBase)
        assert copied.unstructure(token)["created"] == BASE["created"]


class TestCattrsOptions:
    """cattrs' own options, on the package's converters and users' own."""

    def test_datetime_format_fixed(self) -> None:
        """A converter's datetime format cannot be changed after the fact."""
        converter = make_converter()
        with pytest.raises(AttributeError):
            converter.datetime_format = "epoch"  # type: ignore[misc]
        assert converter.datetime_format == "iso"

    @pytest.mark.parametrize(
        "make",
        [
            lambda: make_converter(omit_if_default=True),
            lambda: _configured(cattrs.Converter(omit_if_default=True)),
            lambda: _configured(make_orjson_converter(omit_if_default=True)),
        ],
        ids=["make_converter", "plain", "orjson"],
    )
    def test_omit_if_default(self, make: Callable[[], Any]) -> None:
        """Fields at their default are left out of the models too, in text."""
        converter = make()
        info = converter.structure({"username": "u", "uid": 5}, TokenUserInfo)
        assert converter.unstructure(info) == {"username": "u", "uid": 5}
        if hasattr(converter, "dumps"):  # written as text alike
            assert json.loads(converter.dumps(info)) == {
                "username": "u",
                "uid": 5,
            }

    def test_make_converter_takes_cattrs_options(self) -> None:
        """make_converter passes cattrs' options on to the converter."""
        converter = make_converter(detailed_validation=False)
        assert converter.detailed_validation is False
        with pytest.raises(ValidationError, match="username"):
            converter.structure({**BASE, "username": ""}, TokenBase)


class _Priority(enum.Enum):
    """A user's enum."""

    LOW = "low"
    HIGH = "high"


@attrs.frozen
class _Job:
    """A user's class holding a model, with defaults of its own."""

    token: TokenBase
    priority: _Priority = _Priority.LOW
    tags: tuple[str, ...] = ()
    note: str | None = None


@attrs.define
class _Audit:
    """A user's class with a private field, whose alias has no underscore."""

    _reason: str | None = None
    base: TokenBase | None = None


@attrs.frozen
class _Groups:
    """A user's class holding a mapping of models."""

    by_name: dict[str, TokenGroup]


@attrs.frozen
class _Swapped:
    """A user's class whose fields' aliases are each other's names."""

    a: TokenGroup | None = attrs.field(alias="b", default=None)
    b: TokenGroup | None = attrs.field(alias="a", default=None)


_EXPECTED_TOKEN = {"username": "someuser", "token_type": "session"}
"""What a written token without nulls holds, in part."""


class TestDumpOptionsInUsersClasses:
    """exclude_none and exclude_defaults in users' classes and containers."""

    @pytest.mark.parametrize(
        "options",
        [{"exclude_none": True}, {"exclude_defaults": True}],
        ids=["exclude-none", "exclude-defaults"],
    )
    def test_renamed_key_kept(self, options: dict[str, bool]) -> None:
        """A key a user's hook renames is kept, the model's nulls left out."""
        converter = make_converter()
        converter.register_unstructure_hook(
            _Job,
            make_dict_unstructure_fn(
                _Job, converter, priority=override(rename="jobPriority")
            ),
        )
        job = _Job(converter.structure(BASE, TokenBase), _Priority.HIGH)
        written = converter.unstructure(job, **options)
        assert written["jobPriority"] == "high"
        assert "expires" not in written["token"]
        assert json.loads(converter.dumps(job, **options)) == written

    def test_keys_under_aliases(self) -> None:
        """With cattrs' use_alias, fields are found under their aliases."""
        converter = make_converter(use_alias=True)
        audit = _Audit(base=converter.structure(BASE, TokenBase))
        written = converter.unstructure(audit, exclude_none=True)
        assert list(written) == ["base"]  # "reason", an alias, held None
        assert "expires" not in written["base"]
        assert json.loads(converter.dumps(audit, exclude_none=True)) == written

    def test_fields_renamed_to_each_others_names(self) -> None:
        """A hook swapping two fields' keys: each is judged as itself."""
        converter = make_converter()
        converter.register_unstructure_hook(
            TokenBase,
            make_dict_unstructure_fn(
                TokenBase,
                converter,
                username=override(rename="expires"),
                expires=override(rename="username"),
            ),
        )
        token = converter.structure(BASE, TokenBase)
        written = converter.unstructure(token, exclude_none=True)
        assert written["expires"] == "someuser"
        assert "username" not in written  # expires, None, left out

    def test_users_function_written_as_it_is(self) -> None:
        """A hook whose keys cannot be told: what it writes is kept."""
        converter = make_converter()
        converter.register_unstructure_hook(
            _Job,
            lambda job: {"t": converter.unstructure(job.token), "n": None},
        )
        job = _Job(converter.structure(BASE, TokenBase))
        written = converter.unstructure(job, exclude_none=True)
        assert written == {"t": converter.unstructure(job.token), "n": None}

    def test_mapping_written_in_another_order(self) -> None:
        """Each value of a mapping is judged as itself, in any order."""
        converter = make_converter()
        converter.register_unstructure_hook_func(
            lambda cls: cls == dict[str, TokenGroup],
            lambda groups: {
                name: converter.unstructure(groups[name])
                for name in sorted(groups)
            },
        )
        held = _Groups(
            {
                "z": TokenGroup(name="b"),
                "y": TokenGroup(name="a", id=1),
            }
        )
        written = converter.unstructure(held, exclude_none=True)
        assert written == {
            "by_name": {"y": {"name": "a", "id": 1}, "z": {"name": "b"}}
        }

    def test_keys_written_otherwise_by_a_hook(self) -> None:
        """A mapping whose keys a hook writes its own way is kept whole."""
        converter = make_converter()
        converter.register_unstructure_hook_func(
            lambda cls: cls == dict[tuple[int, int], TokenGroup],
            lambda groups: {
                str(key): converter.unstructure(group)
                for key, group in groups.items()
            },
        )
        groups = {(1, 2): TokenGroup(name="a")}
        written = converter.unstructure(
            groups,
            dict[tuple[int, int], TokenGroup],
            exclude_none=True,
        )
        assert written == {"(1, 2)": {"name": "a", "id": None}}

    @pytest.mark.parametrize(
        "holder", [set, frozenset], ids=["set", "frozenset"]
    )
    def test_sets_written_as_they_are(self, holder: type) -> None:
        """A set's order is its writer's: what it wrote is kept whole."""
        converter = make_converter()
        groups = holder({TokenGroup(name="b"), TokenGroup(name="a", id=1)})
        written = converter.unstructure(groups, exclude_none=True)
        assert written == converter.unstructure(groups)

    def test_aliases_of_a_hook_of_its_own(self) -> None:
        """A hook's own choice of aliases is followed, not its converter's."""
        converter = make_converter(use_alias=True)
        converter.register_unstructure_hook(
            _Swapped,
            make_dict_unstructure_fn(
                _Swapped, converter, _cattrs_use_alias=False
            ),
        )
        swapped = _Swapped(b=TokenGroup(name="g", id=1))  # held as a
        written = converter.unstructure(swapped, exclude_none=True)
        assert written == {"a": {"name": "g", "id": 1}}

    def test_users_defaults_left_out(self) -> None:
        """Fields of a user's class at their defaults are left out.

        Compared as held, as Pydantic compares them: an enum member, an
        empty tuple (written as a list) and `None`.
        """
        converter = make_converter()
        job = _Job(converter.structure(BASE, TokenBase))
        assert list(converter.unstructure(job, exclude_defaults=True)) == [
            "token"
        ]
        changed = attrs.evolve(job, priority=_Priority.HIGH, tags=("a",))
        assert list(converter.unstructure(changed, exclude_defaults=True)) == [
            "token",
            "priority",
            "tags",
        ]

    @pytest.mark.parametrize(
        "holder",
        [
            lambda token: {TokenType.session: token},
            lambda token: {"by-name": token},
            lambda token: [token, token],
            lambda token: (token, token),
        ],
        ids=["enum-keys", "str-keys", "list", "tuple"],
    )
    def test_inside_containers(self, holder: Callable[[Any], Any]) -> None:
        """The options reach models in lists, tuples and mappings."""
        converter = make_converter()
        held = holder(converter.structure(BASE, TokenBase))
        written = converter.unstructure(held, exclude_none=True)
        tokens = (
            list(written.values()) if isinstance(written, dict) else written
        )
        assert tokens
        for token in tokens:
            assert "expires" not in token
            assert token.items() >= _EXPECTED_TOKEN.items()
        assert json.loads(converter.dumps(held, exclude_none=True)) == written


class TestCattrsGeneratedFunctions:
    """cattrs' own function makers follow the models' fields."""

    @pytest.mark.parametrize(
        "make", CONFIGURED.values(), ids=CONFIGURED.keys()
    )
    @pytest.mark.parametrize(
        ("model", "record"),
        [(TokenData, RECORD), (TokenInfo, INFO), (current.TokenData, RECORD)],
        ids=["token-data", "token-info", "current-token-data"],
    )
    def test_field_left_out(
        self,
        make: Callable[[], cattrs.Converter],
        model: Any,
        record: dict[str, Any],
    ) -> None:
        """``override(omit=True)`` leaves a field out.

        The others are written as the package writes them (whole seconds,
        lists).
        """
        converter = make()
        data = (
            {**record, "quota": None} if model is current.TokenData else record
        )
        instance = converter.structure(data, model)
        write = make_dict_unstructure_fn(
            model, converter, token=override(omit=True)
        )
        expected = converter.unstructure(instance)
        del expected["token"]
        assert write(instance) == expected


def _groups_by_step(error: ValidationError) -> dict[str, Any]:
    """Return an error's nested groups by the step their note names."""
    return {
        str(group.__notes__[0]).rsplit(" ", 1)[-1]: group
        for group in error.exceptions
        if isinstance(group, ExceptionGroup)
    }


class TestTransformError:
    """cattrs.transform_error names every problem with its path."""

    @pytest.mark.parametrize(
        "make",
        [make_converter, *CONFIGURED.values()],
        ids=["make_converter", *CONFIGURED.keys()],
    )
    def test_one_message_per_problem(
        self, make: Callable[[], cattrs.Converter]
    ) -> None:
        """Models, nested models and lists of them, as cattrs' own."""
        converter = make()
        bad = {
            **RECORD,
            "username": "",
            "groups": [{"name": "9x"}, {"name": "g", "id": "x"}],
            "scopes": ["a", 5],
        }
        del bad["token"]
        with pytest.raises(ValidationError) as info:
            converter.structure(bad, TokenData)
        assert cattrs.transform_error(info.value) == [
            "invalid value @ $.username",
            "invalid value @ $.groups[0].name",
            "invalid value @ $.groups[1].id",
            "invalid value @ $.scopes[1]",
            "required field missing @ $.token",
        ]
        assert len(info.value.exceptions) == 4  # per field, as cattrs'
        with pytest.raises(ValidationError) as info:
            converter.structure(
                [BASE, {**BASE, "username": ""}], list[TokenBase]
            )
        assert cattrs.transform_error(info.value) == [
            "invalid value @ $[1].username"
        ]

    def test_groups_give_the_type_read(self) -> None:
        """Each group's ``cl`` is the type at its place, as cattrs' own."""
        bad = {**RECORD, "groups": [{"name": "9x"}], "scopes": ["a", 5]}
        with pytest.raises(ValidationError) as info:
            make_converter().structure(bad, TokenData)
        groups = _groups_by_step(info.value)
        assert info.value.cl is TokenData
        assert groups["groups"].cl == tuple[TokenGroup, ...]
        assert groups["groups"].exceptions[0].cl is TokenGroup
        assert groups["scopes"].cl == tuple[str, ...]
        with pytest.raises(ValidationError) as info:
            make_converter().loads(b"[{}]", list[TokenBase])
        assert info.value.cl == list[TokenBase]
        item: Any = info.value.exceptions[0]
        assert item.cl is TokenBase
        with pytest.raises(ValidationError) as info:
            TokenGroup(name="9x")
        assert pickle.loads(pickle.dumps(info.value)).cl is TokenGroup  # noqa: S301

    def test_groups_in_a_users_class(self) -> None:
        """A user's class: its fields' types, an item's and a value's."""
        bad_token = {**BASE, "username": ""}
        session = {
            "token": RECORD,
            "seen": [BASE, bad_token],
            "by_name": {"x": bad_token},
            "parent": bad_token,
        }
        with pytest.raises(ValidationError) as info:
            make_converter().structure(session, Session)
        groups = _groups_by_step(info.value)
        assert info.value.cl is Session
        assert groups["seen"].cl == list[TokenBase]
        assert groups["seen"].exceptions[0].cl is TokenBase
        assert groups["by_name"].cl == dict[str, TokenBase]
        assert groups["by_name"].exceptions[0].cl is TokenBase
        assert groups["parent"].cl is TokenBase

    def test_groups_of_generic_classes_and_tuples(self) -> None:
        """A user's generic class, and a fixed tuple's item at its index."""
        with pytest.raises(ValidationError) as info:
            make_converter().structure(
                {"item": {**BASE, "username": ""}}, Box[TokenBase]
            )
        assert cattrs.transform_error(info.value) == [
            "invalid value @ $.item.username"
        ]
        with pytest.raises(ValidationError) as info:
            make_converter().structure(
                [{**BASE, "username": ""}, {"name": "9x"}],
                tuple[TokenBase, TokenGroup],
            )
        items: list[Any] = list(info.value.exceptions)
        assert [item.cl for item in items] == [TokenBase, TokenGroup]

    def test_pickles_with_a_local_class(self) -> None:
        """An error about a class pickle cannot name still pickles."""

        @attrs.frozen
        class Local:
            token: TokenBase

        with pytest.raises(ValidationError) as info:
            make_converter().structure({"token": {}}, Local)
        assert info.value.cl is Local
        copied = pickle.loads(pickle.dumps(info.value))  # noqa: S301
        assert copied.errors() == info.value.errors()
        assert copied.cl is object

    def test_messages_for_a_formatter(self) -> None:
        """A formatter of users' own gets the package's messages."""
        with pytest.raises(ValidationError) as info:
            make_converter().structure({**BASE, "username": ""}, TokenBase)
        messages = cattrs.transform_error(
            info.value, format_exception=lambda error, _: str(error)
        )
        assert messages == [
            "String should have at least 1 character @ $.username"
        ]

    def test_still_a_value_error(self) -> None:
        """The error is a ValueError, as Pydantic's, and pickles."""
        with pytest.raises(ValueError, match="username") as info:
            make_converter().structure({**BASE, "username": ""}, TokenBase)
        assert isinstance(info.value, ClassValidationError)
        assert info.value.exceptions is info.value.exceptions  # made once
        copied = pickle.loads(pickle.dumps(info.value))  # noqa: S301
        assert cattrs.transform_error(copied) == cattrs.transform_error(
            info.value
        )


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_converter(detailed_validation=False),
        lambda: _configured(cattrs.Converter(detailed_validation=False)),
    ],
    ids=["make_converter", "plain"],
)
def test_holder_errors_located_without_detailed_validation(
    make: Callable[[], cattrs.Converter],
) -> None:
    """A class holding models reports every problem, located, always."""

    @attrs.frozen
    class Holder:
        token: TokenBase
        count: int

    with pytest.raises(ValidationError) as info:
        make().structure(
            {"token": {**BASE, "username": ""}, "count": "x"}, Holder
        )
    assert locations(info.value) == [("token", "username"), ("count",)]


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_converter(detailed_validation=False),
        lambda: _configured(cattrs.Converter(detailed_validation=False)),
    ],
    ids=["make_converter", "plain"],
)
def test_containers_errors_located_without_detailed_validation(
    make: Callable[[], cattrs.Converter],
) -> None:
    """Models in a mapping or a tuple of a user's class: every problem.

    Each located by its key or index, as with detailed validation (without
    it, cattrs stops at a container's first problem, naming neither).
    """

    @attrs.frozen
    class Holder:
        tokens: dict[str, TokenBase]
        more: tuple[TokenBase, ...]

    data = {
        "tokens": {"a": 5, "b": {**BASE, "username": ""}},
        "more": [BASE, {**BASE, "scopes": 5}],
    }
    with pytest.raises(ValidationError) as info:
        make().structure(data, Holder)
    assert locations(info.value) == [
        ("tokens", "a"),
        ("tokens", "b", "username"),
        ("more", 1, "scopes"),
    ]


class TestSubclassesAsCattrsReadsThem:
    """Subclasses that cattrs reads are read, whatever their shape."""

    @pytest.mark.parametrize(
        "make", CONFIGURED.values(), ids=CONFIGURED.keys()
    )
    def test_holding_itself(
        self, make: Callable[[], cattrs.Converter]
    ) -> None:
        """A tree of a subclass is read, its problems located at depth."""
        converter = make()
        leaf = {"name": "leaf", "id": 2}
        tree = converter.structure(
            {"name": "root", "id": 1, "children": [leaf]}, GroupTree
        )
        assert tree.children == [GroupTree(name="leaf", id=2)]
        with pytest.raises(ValidationError) as caught:
            converter.structure(
                {"name": "root", "children": [{"name": "a b", "id": "x"}]},
                GroupTree,
            )
        assert [error["loc"] for error in caught.value.errors()] == [
            ("children", 0, "name"),
            ("children", 0, "id"),
        ]

    @pytest.mark.parametrize(
        "make", CONFIGURED.values(), ids=CONFIGURED.keys()
    )
    @pytest.mark.parametrize("where", ["itself", "nested"])
    def test_mistake_in_a_class_is_raised(
        self, make: Callable[[], cattrs.Converter], where: str
    ) -> None:
        """An annotation naming nothing: NameError, not bad input."""
        data: dict[str, Any] = {"name": "g", "id": 1}
        cls: type = BrokenGroup
        if where == "nested":
            data, cls = {**data, "held": data}, HoldsBroken
        with pytest.raises(NameError, match="Undefined"):
            make().structure(data, cls)

    @pytest.mark.parametrize(
        "make", CONFIGURED.values(), ids=CONFIGURED.keys()
    )
    def test_type_it_cannot_read_refused_at_once(
        self, make: Callable[[], cattrs.Converter]
    ) -> None:
        """A field's type no hook reads is refused, given or not."""
        converter = make()
        for data in ({"name": "g"}, {"name": "g", "extra": {}}):
            with pytest.raises(StructureHandlerNotFoundError):
                converter.structure(data, UnreadableGroup)


@attrs.frozen
class Credential:
    """A user's class of plain fields, one of them named ``secret``."""

    name: str
    secret: int


@attrs.frozen
class CredentialHolder:
    """A user's class holding a model and a class of plain fields."""

    cred: Credential
    token: TokenBase | None = None


class TestUsersClassesErrors:
    """Errors about users' classes say what is wrong, where, and no secret."""

    @pytest.mark.parametrize(
        "detailed", [True, False], ids=["detailed", "not"]
    )
    def test_secret_field_hidden_in_a_holder(self, detailed: bool) -> None:  # noqa: FBT001
        """A field named secret, inside a class inside a holder, is hidden."""
        converter = make_converter(detailed_validation=detailed)
        data = {"cred": {"name": "n", "secret": "hunter2"}}
        with pytest.raises(ValidationError) as info:
            converter.structure(data, CredentialHolder)
        assert "hunter2" not in str(info.value)
        assert [e["input"] for e in info.value.errors()] == ["<hidden>"]

    @pytest.mark.parametrize(
        "options",
        [{}, {"forbid_extra_keys": True}, {"detailed_validation": False}],
        ids=["default", "forbid-extra-keys", "not-detailed"],
    )
    def test_class_given_a_list(self, options: dict[str, Any]) -> None:
        """A list given for a user's class is one model_type error."""
        with pytest.raises(ValidationError) as info:
            make_converter(**options).structure([1, 2], Credential)
        assert [(e["loc"], e["type"]) for e in info.value.errors()] == [
            ((), "model_type")
        ]

    def test_key_error_of_a_hook_is_no_missing_key(self) -> None:
        """A KeyError a user's hook raises is not a missing field's."""
        converter = make_converter()

        def refuse(value: object, _: object) -> TokenBase:
            raise KeyError(value)

        converter.register_structure_hook(TokenBase, refuse)
        data = {"cred": {"name": "n", "secret": 1}, "token": {"x": 1}}
        with pytest.raises(ValidationError) as info:
            converter.structure(data, CredentialHolder)
        assert [(e["loc"], e["type"]) for e in info.value.errors()] == [
            (("token",), "value_error")
        ]

    def test_constructor_names_what_it_takes(self) -> None:
        """A str subclass given to a constructor is refused as one."""

        class Name(str):
            __slots__ = ()

        with pytest.raises(ValidationError) as info:
            TokenBase(username=Name("u"), token_type="session", scopes=[])
        (error,) = info.value.errors()
        assert error["msg"] == (
            "Input should be a str, not of a subclass of str"
        )
