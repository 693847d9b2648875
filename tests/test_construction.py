"""Tests of building models in Python: constructors, evolve, values."""

from __future__ import annotations

import inspect
import json
import pickle
import re
import typing
import weakref
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gafaelfawr_attrs
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
    current,
    loads,
    make_converter,
)

from .strategies import (
    json_values,
    token_bases,
    token_data_records,
    token_info_records,
)
from .support import (
    CREATED,
    TIMESTAMP,
    TOKEN_DATA_RECORD,
    FieldSpec,
    FrozenDict,
    Integer,
    Kind,
    Text,
    describe,
    examples,
    field_spec,
    filled_instance,
    install_kinds,
    make_token,
    storage_class,
    stored,
    to_utc_datetime,
    to_utc_datetime_from_seconds,
)


def _described(kind: Kind) -> Any:
    """Return a field of a kind, for the tests' own models."""
    return attrs.field(
        metadata=describe(kind, title="Field", description="", examples=[])
    )


class TestConstructor:
    """Direct construction validates and normalises every field."""

    def test_holds_normalised_values(self) -> None:
        """Lists become tuples, value strings become members, UTC stays."""
        token = make_token(token_type="user", scopes=["a", "b"])
        assert token.token_type is TokenType.user
        assert token.scopes == ("a", "b")
        assert token.created == CREATED
        assert token.created.tzinfo is UTC
        assert token.expires is None

    def test_default_created_is_now_to_the_second(self) -> None:
        """Without ``created``, the token is created now, in whole seconds."""
        before = datetime.now(UTC).replace(microsecond=0)
        token = TokenBase(username="u", token_type="user", scopes=[])
        after = datetime.now(UTC)
        assert before <= token.created <= after
        assert token.created.microsecond == 0
        assert token.created.tzinfo is UTC

    @pytest.mark.parametrize(
        ("given_value", "expected"),
        [
            (datetime(2021, 3, 5, 23, 15, 30), CREATED),
            (
                datetime(
                    2021, 3, 6, 1, 15, 30, tzinfo=timezone(timedelta(hours=2))
                ),
                CREATED,
            ),
            (1614986130, CREATED),
            ("2021-03-05T23:15:30Z", CREATED),
        ],
        ids=["naive", "offset", "epoch", "iso"],
    )
    def test_datetimes_are_held_in_utc(
        self, given_value: object, expected: datetime
    ) -> None:
        """Naive datetimes are read as UTC and offsets are converted."""
        token = make_token(created=given_value, expires=given_value)
        assert token.created == expected
        assert token.created.tzinfo is UTC
        assert token.expires is not None
        assert token.expires.tzinfo is UTC

    @pytest.mark.parametrize(
        ("changes", "locations"),
        [
            ({"username": ""}, [("username",)]),
            ({"username": "x" * 65}, [("username",)]),
            ({"username": 5}, [("username",)]),
            ({"token_type": "Session"}, [("token_type",)]),
            ({"scopes": None}, [("scopes",)]),
            ({"scopes": ["a", 1, "b", None]}, [("scopes", 1), ("scopes", 3)]),
            ({"scopes": ("a", 1, "b", None)}, [("scopes", 1), ("scopes", 3)]),
            ({"scopes": ("a", "\ud800")}, [("scopes", 1)]),
            ({"created": None}, [("created",)]),
            ({"expires": "soon"}, [("expires",)]),
            (
                {"username": "", "token_type": "x", "expires": True},
                [("username",), ("token_type",), ("expires",)],
            ),
        ],
        ids=[
            "empty-username",
            "long-username",
            "int-username",
            "wrong-case-type",
            "null-scopes",
            "non-string-scopes",
            "non-string-scopes-tuple",
            "unpaired-surrogate-scopes-tuple",
            "null-created",
            "bad-expires",
            "three-at-once",
        ],
    )
    def test_rejects_invalid_values(
        self, changes: dict[str, Any], locations: list[tuple[object, ...]]
    ) -> None:
        """Every invalid field is reported, with its location."""
        with pytest.raises(ValidationError, match="for TokenBase") as info:
            make_token(**changes)
        assert [error["loc"] for error in info.value.errors()] == locations

    @pytest.mark.parametrize(
        "scopes",
        [("a", 5), frozenset({"a", 5}), ("a", "\ud800"), ["a", None]],
        ids=["tuple", "frozenset", "surrogate", "list"],
    )
    def test_current_rejects_non_string_scopes(self, scopes: object) -> None:
        """The current family's scope set refuses the same items."""
        with pytest.raises(ValidationError, match="for TokenBase") as info:
            current.TokenBase(username="u", token_type="user", scopes=scopes)  # type: ignore[arg-type]
        assert [error["loc"][0] for error in info.value.errors()] == ["scopes"]

    def test_rejects_instant_that_utc_cannot_hold(self) -> None:
        """Year 1 at a positive offset is before the first UTC instant."""
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
        with pytest.raises(ValidationError, match="outside years 1 to 9999"):
            make_token(created=early)

    def test_missing_required_field_is_a_type_error(self) -> None:
        """A missing argument is a programming error, as for any class."""
        with pytest.raises(TypeError, match="username"):
            TokenBase(token_type="user", scopes=[])  # type: ignore[call-arg]

    def test_keyword_only(self) -> None:
        """Positional arguments are refused."""
        with pytest.raises(TypeError, match="positional"):
            TokenBase("u", "user", [])  # type: ignore[call-arg]


class TestNestedValues:
    """Nested models, lists and mappings are checked and held immutably."""

    def test_lists_become_tuples(self) -> None:
        """Groups and quotas are held immutably; records hash and pickle."""
        record = TokenUserInfo(
            username="u",
            groups=(TokenGroup(name="g"),),
            quota=Quota(
                api={"svc": 5}, notebook=NotebookQuota(cpu=1, memory=2)
            ),
        )
        assert record.groups == (TokenGroup(name="g"),)
        assert record.quota is not None
        assert record.quota.notebook == NotebookQuota(cpu=1.0, memory=2.0)
        assert dict(record.quota.api) == {"svc": 5}
        assert hash(record) == hash(attrs.evolve(record))
        assert pickle.loads(pickle.dumps(record)) == record  # noqa: S301

    def test_quota_api_is_read_only(self) -> None:
        """The API quota mapping cannot be changed in place."""
        quota = Quota(api={"svc": 5})
        with pytest.raises(TypeError):
            quota.api["svc"] = 6  # type: ignore[index]

    def test_frozen_mapping_contents_checked(self) -> None:
        """A ready-made frozen mapping is checked like any other."""
        with pytest.raises(ValidationError, match="api"):
            Quota(api=FrozenDict({"svc": "many"}))  # type: ignore[dict-item]

    @pytest.mark.parametrize(
        "groups",
        [[1], [{"name": "g", "id": 1}], [None], 5],
        ids=["int", "dict", "none", "not-a-list"],
    )
    def test_data_for_nested_models_refused_alike(self, groups: Any) -> None:
        """Constructors take instances: data of any shape gets one error."""
        with pytest.raises(ValidationError) as info:
            TokenUserInfo(username="u", groups=groups)
        expected = "Input should be a list of TokenGroup instances or None"
        assert info.value.errors(include_input=False) == [
            {"type": "instance_type", "loc": ("groups",), "msg": expected}
        ]


class TestEvolve:
    """``attrs.evolve`` makes validated copies."""

    def test_copies_with_change(self) -> None:
        """The copy has the change and the original is untouched."""
        token = make_token()
        copy = attrs.evolve(token, scopes=["admin:token"])
        assert copy.scopes == ("admin:token",)
        assert token.scopes == ("read:all", "user:token")

    def test_validates_the_change(self) -> None:
        """An invalid change raises, naming the field."""
        with pytest.raises(ValidationError, match="username"):
            attrs.evolve(make_token(), username="")

    def test_validates_nested_changes(self) -> None:
        """An invalid change to a record is refused, naming the field."""
        record = loads(TOKEN_DATA_RECORD, TokenData)
        with pytest.raises(ValidationError, match="uid"):
            attrs.evolve(record, uid=0)
        with pytest.raises(ValidationError, match="groups"):
            attrs.evolve(record, groups=[{"name": "g"}])  # type: ignore[list-item]


class TestValueSemantics:
    """Instances are immutable values."""

    def test_frozen(self) -> None:
        """Assigning to a field raises."""
        token = make_token()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            token.username = "other"  # type: ignore[misc]

    def test_slotted(self) -> None:
        """Instances have no ``__dict__`` and take no new attributes."""
        token = make_token()
        assert not hasattr(token, "__dict__")
        with pytest.raises(AttributeError):
            token.other = 1  # type: ignore[attr-defined]

    def test_storage_class_required(self) -> None:
        """A model declaring slots of its own has no storage class."""

        @attrs.frozen
        class Slotted:
            value: int

        with pytest.raises(TypeError, match="outside a storage class"):
            storage_class(Slotted)

    def test_storage_made_from_declarations(self) -> None:
        """Instances filled from a class's fields are the class's own.

        Whether the class declares its fields (not its class variables),
        inherits them, declares one again, or is given another model's
        (``fields_of``): equal to those its constructor makes, slotted,
        and weakly referable.
        """

        @attrs.frozen(field_transformer=install_kinds)
        @stored
        class Parent:
            value: int = _described(Integer())
            note: ClassVar[str] = "not a field"

        @attrs.frozen(field_transformer=install_kinds)
        @stored
        class Child(Parent):
            value: int = _described(Integer())
            more: str = _described(Text())

        @attrs.frozen(field_transformer=install_kinds)
        @stored(fields_of=Parent)
        class Taker:
            own: int = _described(Integer())

        assert Parent.note == "not a field"
        assert attrs.fields_dict(Taker).keys() == {"own", "value"}
        cases: tuple[tuple[type, dict[str, object]], ...] = (
            (Parent, {"value": 1}),
            (Child, {"value": 1, "more": "x"}),
            (Taker, {"own": 2, "value": 1}),
        )
        for cls, values in cases:
            filled = filled_instance(cls, values)
            assert type(filled) is cls
            assert filled == cls(**values)
            assert weakref.ref(filled)() is filled
            assert not hasattr(filled, "__dict__")

    def test_stored_classes_keep_their_names(self) -> None:
        """A model made inside a function keeps its qualified name."""

        @attrs.frozen(field_transformer=install_kinds)
        @stored
        class Inner:
            value: int = _described(Integer())

        assert Inner.__qualname__.endswith("<locals>.Inner")
        assert Inner.__module__ == __name__

    def test_methods_of_stored_classes_reach_their_class(self) -> None:
        """``super()`` works in the methods of a model made by `stored`."""

        @attrs.frozen(field_transformer=install_kinds)
        @stored
        class Parent:
            value: int = _described(Integer())

            def named(self) -> str:
                return "parent"

            @classmethod
            def made(cls) -> str:
                return cls.__name__

            @property
            def shown(self) -> str:
                return f"parent={self.value}"

        @attrs.frozen(field_transformer=install_kinds)
        @stored
        class Child(Parent):
            more: str = _described(Text())

            def named(self) -> str:
                return "child of " + super().named()

            @classmethod
            def made(cls) -> str:
                return "child " + super().made()

            @property
            def shown(self) -> str:
                return "child, " + super().shown

        child = Child(value=1, more="x")
        assert child.named() == "child of parent"
        assert Child.made() == "child Child"
        assert child.shown == "child, parent=1"

    @pytest.mark.parametrize("library", ["msgspec", "json"])
    def test_read_instances_are_the_models(self, library: str) -> None:
        """Records read through storage classes are frozen model instances."""
        data = {
            "username": "alice",
            "token_type": "session",
            "scopes": ["read:all"],
            "created": 1614986130,
            "token": {"key": "k" * 22, "secret": "s" * 22},
            "groups": [{"name": "g", "id": 1}],
            "quota": {"api": {"x": 1}, "notebook": {"cpu": 1, "memory": 2}},
        }
        converter = make_converter(json_library=library)  # type: ignore[arg-type]
        for record in (
            converter.loads(json.dumps(data), TokenData),
            converter.structure(data, TokenData),
        ):
            assert record.groups is not None
            assert record.quota is not None
            instances = [
                (record, TokenData),
                (record.token, Token),
                (record.groups[0], TokenGroup),
                (record.quota, Quota),
                (record.quota.notebook, NotebookQuota),
            ]
            for instance, model in instances:
                assert type(instance) is model
                with pytest.raises(attrs.exceptions.FrozenInstanceError):
                    instance.username = "x"  # type: ignore[attr-defined]
                assert weakref.ref(instance)() is instance
        # No class of the package's own is among the models' subclasses
        # (other tests make subclasses of their own).
        for model, known in (
            (TokenBase, TokenInfo),
            (TokenUserInfo, TokenData),
        ):
            package = [
                subclass
                for subclass in model.__subclasses__()
                if subclass.__module__.startswith("gafaelfawr_attrs")
            ]
            assert package == [known]

    @given(token_bases)
    def test_equal_hashable_and_picklable(self, token: TokenBase) -> None:
        """Copies are equal, hash alike and survive pickling."""
        copy = attrs.evolve(token)
        assert copy == token
        assert hash(copy) == hash(token)
        assert pickle.loads(pickle.dumps(token)) == token  # noqa: S301

    def test_differs_by_value(self) -> None:
        """Tokens with different fields are not equal."""
        assert make_token() != make_token(username="other")


class TestToken:
    """Tokens parse, format and draw their parts at random."""

    def test_text_form_round_trip(self) -> None:
        """``str()`` gives ``gt-<key>.<secret>``, which parses back."""
        token = Token()
        text = str(token)
        assert re.fullmatch(r"gt-[\w-]{22}\.[\w-]{22}", text)
        assert Token.from_str(text) == token
        assert Token.is_token(text)

    def test_random_defaults(self) -> None:
        """Keys and secrets are drawn fresh for each token."""
        first, second = Token(), Token()
        assert len({first.key, first.secret, second.key, second.secret}) == 4

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("xx-" + "a" * 22 + "." + "b" * 22, "does not start with gt-"),
            ("gt-" + "a" * 45, "does not contain a ."),
            ("gt-" + "a" * 21 + "." + "b" * 22, "must each be 22"),
            ("gt-" + "a" * 22 + "." + "b" * 23, "must each be 22"),
        ],
        ids=["prefix", "no-dot", "short-key", "long-secret"],
    )
    def test_malformed(self, text: str, message: str) -> None:
        """Each malformation has its own message, without the token."""
        assert not Token.is_token(text)
        with pytest.raises(ValidationError, match=message) as info:
            Token.from_str(text)
        assert text not in str(info.value)
        assert "b" * 22 not in repr(info.value.errors())


class TestUserInfoDict:
    """``to_userinfo_dict`` gives the identity fields that are set."""

    def test_has_only_set_identity(self) -> None:
        """Only set identity fields are given, never the username."""
        record = loads(TOKEN_DATA_RECORD, TokenData)
        assert record.to_userinfo_dict() == {
            "name": "Alice Example",
            "email": "alice@example.com",
            "uid": 4123,
            "gid": 4123,
            "groups": [{"name": "g_special_users", "id": 123181}],
        }
        assert TokenUserInfo(username="u", uid=5).to_userinfo_dict() == {
            "uid": 5
        }


class TestServiceTokens:
    """``TokenData`` makes the records of the service's own tokens."""

    @pytest.mark.parametrize(
        ("make", "username"),
        [
            (TokenData.bootstrap_token, "<bootstrap>"),
            (TokenData.internal_token, "<internal>"),
        ],
        ids=["bootstrap", "internal"],
    )
    def test_service_records(self, make: Any, username: str) -> None:
        """Service tokens have admin:token, a new token and are created now."""
        before = datetime.now(UTC).replace(microsecond=0)
        record = make()
        assert record.username == username
        assert record.token_type is TokenType.service
        assert record.scopes == ("admin:token",)
        assert before <= record.created <= datetime.now(UTC)
        assert record.token != make().token


class TestFieldDeclarations:
    """Model fields declare everything their kind needs."""

    @pytest.mark.parametrize(
        ("kind", "converter", "message"),
        [
            (TIMESTAMP, to_utc_datetime, "converts: its kind is its conv"),
            (TIMESTAMP, None, "converts: its kind is its converter's"),
            (None, None, "has no kind"),
            (None, str, "has no kind"),
            (Text(), to_utc_datetime, "converts nothing"),
        ],
        ids=[
            "kind-named-twice",
            "converting-kind-without-converter",
            "no-kind",
            "converter-of-no-kind",
            "converter-beside-a-kind",
        ],
    )
    def test_kind_given_once(
        self, kind: Kind | None, converter: Any, message: str
    ) -> None:
        """A field's kind is its converter's, or described: once."""
        with pytest.raises(TypeError, match=rf"Broken\.when {message}"):

            @attrs.frozen(field_transformer=install_kinds)
            class Broken:
                when: datetime = attrs.field(
                    converter=converter,  # type: ignore[misc]  # a variable
                    metadata=describe(
                        kind, title="When", description="", examples=[]
                    ),
                )

    def test_own_validator_refused(self) -> None:
        """A model field is checked by its kind alone: no validator."""
        with pytest.raises(TypeError, match="checked by its kind alone"):

            @attrs.frozen(field_transformer=install_kinds)
            @stored
            class Checked:
                name: str = attrs.field(
                    validator=attrs.validators.max_len(3),
                    metadata=describe(
                        Text(), title="Name", description="", examples=[]
                    ),
                )

    @pytest.mark.parametrize("own_init", [False, True], ids=["", "own-init"])
    @pytest.mark.parametrize(
        "hook", ["__attrs_pre_init__", "__attrs_post_init__"]
    )
    def test_hooks_around_init_refused(
        self,
        hook: str,
        own_init: bool,  # noqa: FBT001
    ) -> None:
        """A model has no hooks around its constructor: no reader runs them.

        Whether attrs makes its ``__init__`` or the model has its own.
        """

        def around(self: object) -> None:
            """Be a hook that the generated code would never call."""

        def init(self: Any, *, name: str) -> None:
            """Be a model's own constructor, calling attrs'."""
            self.__attrs_init__(name=name)

        namespace: dict[str, Any] = {
            "__annotations__": {"name": "str"},
            "name": _described(Text()),
            hook: around,
        }
        if own_init:
            namespace["__init__"] = init
        with pytest.raises(TypeError, match="no hooks around its __init__"):
            attrs.frozen(field_transformer=install_kinds, init=not own_init)(
                stored(type("Hooked", (), namespace))
            )

    def test_kind_of_converter(self) -> None:
        """A field's converter gives the kind the field is read with."""

        @attrs.frozen(field_transformer=install_kinds)
        class Stamped:
            when: datetime = attrs.field(
                converter=to_utc_datetime_from_seconds,
                metadata=describe(title="When", description="", examples=[]),
            )

        with pytest.raises(ValidationError, match="seconds since epoch"):
            Stamped(when="2021-03-05T23:15:30Z")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "options",
        [
            {"alias": "other"},
            {"init": False, "default": "x"},
            {"default": attrs.Factory(str.upper, takes_self=True)},
        ],
        ids=["alias", "not-in-init", "factory-taking-self"],
    )
    def test_generated_constructor_refuses_what_it_cannot_take(
        self, options: dict[str, Any]
    ) -> None:
        """A field the generated code cannot fill is refused at once."""
        with pytest.raises(TypeError, match="every field must be an arg"):

            @attrs.frozen(field_transformer=install_kinds)
            @stored
            class Odd:
                name: str = attrs.field(
                    metadata=describe(
                        Text(), title="Name", description="", examples=[]
                    ),
                    **options,
                )

    def test_kind_reading_nothing_refused(self) -> None:
        """A kind defining neither ``parse`` nor ``checked`` is refused."""

        class Unread(Kind):
            __slots__ = ()

        with pytest.raises(TypeError, match="neither parse nor checked"):
            Unread()

    @pytest.mark.parametrize(
        "family", [gafaelfawr_attrs, current], ids=["2024", "current"]
    )
    def test_token_data_has_token_base_fields(self, family: Any) -> None:
        """``TokenData`` takes each ``TokenBase`` field as declared there.

        The same converter, default and metadata (kind, title, schema),
        and the same declared type; only its cattrs override is its own.
        """
        base = attrs.fields_dict(family.TokenBase)
        record = attrs.fields_dict(family.TokenData)
        base_hints = typing.get_type_hints(family.TokenBase)
        record_hints = typing.get_type_hints(family.TokenData)
        for name, declared in base.items():
            taken = record[name]
            assert (taken.converter, taken.default) == (
                declared.converter,
                declared.default,
            ), name
            taken_spec, declared_spec = field_spec(taken), field_spec(declared)
            assert taken_spec is not None
            assert declared_spec is not None
            # Its kind, or the same written in seconds (2024's TokenData).
            assert taken_spec.kind in {
                declared_spec.kind,
                declared_spec.kind.written_in_seconds(),
            }, name
            for part in FieldSpec.__slots__:
                if part != "kind":
                    assert getattr(taken_spec, part) == getattr(
                        declared_spec, part
                    ), (name, part)
            assert record_hints[name] == base_hints[name], name
        assert list(record) == [
            *attrs.fields_dict(family.TokenUserInfo),
            *(name for name in base if name != "username"),
            "token",
        ]


_ELSEWHERE = timezone(timedelta(hours=5, minutes=30))

_token_user_infos = token_data_records.map(
    lambda record: TokenUserInfo(
        **{
            field.name: getattr(record, field.name)
            for field in attrs.fields(TokenUserInfo)
        }
    )
)

_INSTANCES: dict[type, st.SearchStrategy[Any]] = {
    TokenBase: token_bases,
    TokenInfo: token_info_records,
    TokenData: token_data_records,
    TokenUserInfo: _token_user_infos,
    Token: st.builds(Token),
    TokenGroup: token_data_records.map(lambda record: record.groups)
    .filter(bool)
    .map(lambda groups: groups[0]),  # type: ignore[index]
    Quota: token_data_records.filter(lambda r: r.quota is not None).map(
        lambda record: record.quota
    ),
    NotebookQuota: st.builds(
        NotebookQuota, cpu=st.floats(0, 64), memory=st.floats(0, 1024)
    ),
}
"""Valid instances of each model, whose values the test varies."""


def _loosened(value: object) -> list[object]:
    """Return other forms a constructor may be given for a held value."""
    forms: list[object] = [value]
    match value:
        case tuple():
            forms = [list(value), value[:1], [*value, 5]]
        case TokenType():
            forms = [value.value, value.value.upper()]
        case datetime():
            forms = [
                value.isoformat(),
                value.astimezone(_ELSEWHERE),
                value.replace(tzinfo=None),
                int(value.timestamp()),
                value.timestamp(),
            ]
        case FrozenDict():
            forms = [dict(value), {**value, "x": "1"}]
        case str():
            forms = [value + "\u00e9", "", value * 40, value.encode()]
        case bool():
            pass
        case int():
            forms = [float(value), str(value), 0, -1]
        case float():
            forms = [int(value), str(value), float("nan")]
    return forms


def _ascii(value: object) -> object:
    """Return a held value with every non-ASCII character replaced."""
    if isinstance(value, str):
        return value.encode("ascii", "replace").decode()
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return tuple(_ascii(item) for item in value)
    return value


@st.composite
def _constructor_arguments(
    draw: st.DrawFn, cls: type, field_name: str
) -> dict[str, Any]:
    """Draw arguments for a model's constructor, valid or not.

    The values of a valid instance, the named field's changed: loosened
    (a form the constructor may convert), replaced by junk, or omitted.
    """
    instance = draw(_INSTANCES[cls])
    arguments = {}
    for field in attrs.fields(cls):
        # ASCII text, which the generated code decides itself.
        value = _ascii(getattr(instance, field.name))
        if field.name == field_name:
            change = draw(
                st.sampled_from(["loose", "loose", "junk", "omitted"])
            )
            if (
                change == "omitted"
                and field.default is not attrs.NOTHING
                and not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
            ):
                continue  # a factory's default (now) differs call by call
            if change == "loose":
                value = draw(st.sampled_from(_loosened(value)))
            elif change == "junk":
                value = draw(json_values | st.sampled_from([object(), b"x"]))
        arguments[field.name] = value
    return arguments


def _construction_outcome(
    init: Callable[..., None], cls: type, arguments: dict[str, Any]
) -> object:
    """Return the held values a constructor sets, or the errors it raises."""
    instance: Any = object.__new__(cls)
    try:
        init(instance, **arguments)
    except ValidationError as error:
        return error.errors()
    return [
        (field.name, type(value), value)
        for field in attrs.fields(cls)
        for value in [getattr(instance, field.name)]
    ]


class TestGeneratedConstructor:
    """The generated constructors decide exactly as attrs' own."""

    @pytest.mark.parametrize(
        ("cls", "field_name"),
        [
            (cls, field.name)
            for cls in _INSTANCES
            if cls is not Token  # its own __init__ calls attrs' own
            for field in attrs.fields(cls)
        ],
        ids=lambda value: getattr(value, "__name__", value),
    )
    @settings(max_examples=examples(60), deadline=None)
    @given(data=st.data())
    def test_same_as_attrs(
        self, cls: type, field_name: str, data: st.DataObject
    ) -> None:
        """Same held values, of the same types, or the same errors."""
        arguments = data.draw(_constructor_arguments(cls, field_name))
        generated = typing.cast("Any", cls).__init__
        by_attrs = cls.__attrs_init__  # type: ignore[attr-defined]
        assert _construction_outcome(
            generated, cls, arguments
        ) == _construction_outcome(by_attrs, cls, arguments)

    @pytest.mark.parametrize(
        "cls",
        [TokenBase, TokenData, TokenInfo, current.TokenData, current.UserInfo],
        ids=lambda cls: f"{cls.__module__}.{cls.__name__}",
    )
    def test_signature_names_what_callers_pass(self, cls: type) -> None:
        """The signature shows the arguments' types, not cattrs' overrides.

        The fields' types carry them for converters (``Annotated``).
        """
        parameters = inspect.signature(cls).parameters
        assert parameters["username"].annotation is str
        for parameter in parameters.values():
            assert (
                typing.get_origin(parameter.annotation) is not typing.Annotated
            )
            assert "AttributeOverride" not in str(parameter.annotation)
        # Resolved, where the converters' modules postpone annotations.
        hints = typing.get_type_hints(typing.cast("Any", cls).__init__)
        assert not [name for name, hint in hints.items() if type(hint) is str]
        assert hints["username"] is str

    def test_init_is_the_code_that_runs(self) -> None:
        """A model's ``__init__`` is the generated code, and shows it."""
        init = TokenGroup.__init__
        assert init.__qualname__ == "TokenGroup.__init__"
        source = inspect.getsource(init)
        assert source.startswith("def __init__(self, *, name, id=")
        assert "attrs_init(self, name=name, id=id)" in source
        assert init.__code__.co_filename == (
            "<gafaelfawr_attrs generated __init__"
            f" {TokenGroup.__module__}.TokenGroup>"
        )


@settings(max_examples=60)
@given(record=token_data_records | token_info_records | token_bases)
def test_repr_is_attrs(record: Any) -> None:
    """A record shows as an attrs class of the same fields would show it.

    Nested models included; a credential's field shows ``<hidden>``.
    """
    cls = type(record)
    fields = attrs.fields(cls)
    twin = attrs.make_class(
        cls.__name__,
        {field.name: attrs.field(repr=field.repr) for field in fields},
    )
    values = {field.name: getattr(record, field.name) for field in fields}
    assert repr(record) == repr(twin(**values))


def test_repr_of_a_subclass_without_its_own() -> None:
    """A subclass made with ``repr=False`` shows its base's fields alone.

    As attrs' inherited ``__repr__`` would: its own fields (a ``secret``
    among them) are not shown.
    """

    @attrs.frozen(kw_only=True, repr=False)
    class Extended(TokenGroup):
        secret: str = "hunter2"

    shown = repr(Extended(name="g", id=1))
    assert shown == "Extended(name='g', id=1)"
