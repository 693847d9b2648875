"""Hostile Python input: only `ValidationError`, printable, writable.

Subclasses of the built-in types are read as the built-in value they hold,
through the base type's own behaviour, as Pydantic's core reads them: no
method of the subclass runs, so overriding one changes nothing.
"""

from __future__ import annotations

import json
import traceback
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from enum import Enum
from typing import Any

import attrs
import cattrs
import pytest
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
    loads,
    make_converter,
    structure,
)

from .strategies import (
    current_inputs,
    token_data_inputs,
    token_info_inputs,
    token_inputs,
)
from .support import (
    JSON_LIBRARIES,
    SECRET,
    TOKEN_DATA_RECORD,
    TOKEN_INFO_RECORD,
    VALID,
    examples,
)


class HostileError(Exception):
    """What the overridden methods raise."""


def _refuse(*_: object, **__: object) -> object:
    raise HostileError


def _hostile_class(base: type, method: str) -> type:
    return type(f"Hostile{base.__name__}_{method}", (base,), {method: _refuse})


METHODS: dict[type, list[str]] = {
    str: [
        "__iter__",
        "__len__",
        "__str__",
        "__repr__",
        "__getitem__",
        "__contains__",
        "strip",
        "split",
        "isascii",
        "encode",
        "startswith",
        "__hash__",
        "__eq__",
    ],
    int: ["__int__", "__index__", "__float__", "__repr__", "__lt__", "__ge__"],
    float: ["__float__", "__int__", "__repr__", "__eq__", "is_integer"],
    dict: ["__iter__", "__len__", "__getitem__", "get", "items", "keys"],
    list: ["__iter__", "__len__", "__getitem__", "__repr__"],
}
"""Methods that hostile subclasses override, by base type."""

HOSTILE: dict[type, list[type]] = {
    base: [_hostile_class(base, method) for method in methods]
    for base, methods in METHODS.items()
}
"""One subclass per base type and overridden method."""

SAFE_KEYS: list[type] = [
    cls
    for cls in HOSTILE[str]
    if "hash" not in cls.__name__ and "eq" not in cls.__name__
]
"""Hostile strings that a dict can still hold as keys."""


def disguise(value: object, data: st.DataObject) -> object:
    """Return a value with some of its parts made hostile subclasses.

    Parameters
    ----------
    value
        JSON-like data.
    data
        Hypothesis's data, choosing what to disguise and how.

    Returns
    -------
    object
        Data equal to ``value`` whose parts may be hostile.
    """
    if isinstance(value, dict):
        disguised = {}
        for key, held in value.items():
            if data.draw(st.booleans()):
                key = data.draw(st.sampled_from(SAFE_KEYS))(key)  # noqa: PLW2901
            disguised[key] = disguise(held, data)
        return _maybe(dict, disguised, data)
    if isinstance(value, list):
        return _maybe(list, [disguise(item, data) for item in value], data)
    if isinstance(value, bool) or value is None:
        return value
    for base in (str, int, float):
        if isinstance(value, base):
            return _maybe(base, value, data)
    return value


def _maybe(base: type, value: object, data: st.DataObject) -> object:
    if not data.draw(st.booleans()):
        return value
    return data.draw(st.sampled_from(HOSTILE[base]))(value)


def outcome(model: Any, value: object) -> object:
    """Return an instance, or the locations and types of the errors."""
    try:
        return structure(value, model)
    except ValidationError as error:
        return [(detail["loc"], detail["type"]) for detail in error.errors()]


def _shown(error: ValidationError) -> tuple[str, str]:
    return str(error), repr(error)


INPUTS: dict[str, tuple[Any, st.SearchStrategy[Any]]] = {
    "token-base": (TokenBase, token_inputs()),
    "token-info": (TokenInfo, token_info_inputs()),
    "token-data": (TokenData, token_data_inputs()),
    "token-data-list": (list[TokenData], st.lists(token_data_inputs())),
    **{
        f"current-{model.__name__}": (model, current_inputs(model))
        for model in (
            current.TokenData,
            current.TokenInfo,
            current.UserInfo,
            current.Quota,
        )
    },
}
"""Models, and strategies of their inputs, valid and not."""

CONVERTERS = [
    make_converter(json_library=library, datetime_format=datetime_format)
    for library in JSON_LIBRARIES
    for datetime_format in ("iso", "epoch")
]
"""Both JSON libraries, with both datetime formats."""


@pytest.mark.parametrize(("model", "inputs"), INPUTS.values(), ids=INPUTS)
@given(data=st.data())
@settings(max_examples=examples(150))
def test_hostile_subclasses_read_as_base(
    model: Any, inputs: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    """Hostile subclasses give what plain values give.

    What is accepted is written, read and written again alike by every
    converter (models that write whole seconds drop fractions once).
    """
    plain = data.draw(inputs)
    disguised = disguise(plain, data)
    result = outcome(model, disguised)
    assert result == outcome(model, plain)
    if isinstance(result, list) and result and isinstance(result[0], tuple):
        return  # errors, compared above
    for converter in CONVERTERS:
        text = converter.dumps(result)
        assert converter.dumps(converter.loads(text, model)) == text


class _Offset(tzinfo):
    def __init__(self, offset: object) -> None:
        self.offset = offset

    def tzname(self, _: datetime | None) -> str:
        return "broken"

    def dst(self, _: datetime | None) -> None:
        return None

    def utcoffset(self, _: datetime | None) -> Any:
        if isinstance(self.offset, Exception):
            raise self.offset
        return self.offset


class _RaisingMapping(Mapping[str, Any]):
    def __init__(self, data: dict[str, Any], error: Exception) -> None:
        self.data = data
        self.error = error

    def __getitem__(self, key: str) -> Any:
        raise self.error

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


TIME_ZONES = {
    "offset-25-hours": _Offset(timedelta(hours=25)),
    "offset-an-int": _Offset(5),
    "offset-raises": _Offset(HostileError()),
}
"""Time zones whose offsets datetime arithmetic refuses."""

MAKERS: dict[str, Callable[[Any, dict[str, Any]], object]] = {
    "structure": lambda model, data: structure(data, model),
    "constructor": lambda model, data: model(**data),
}


@pytest.mark.parametrize("make", MAKERS.values(), ids=MAKERS)
@pytest.mark.parametrize("zone", TIME_ZONES.values(), ids=TIME_ZONES)
@pytest.mark.parametrize(
    ("model", "record"),
    [(TokenBase, VALID), (TokenInfo, json.loads(TOKEN_INFO_RECORD))],
    ids=["iso-or-epoch", "epoch-seconds"],
)
def test_broken_time_zones(
    make: Callable[[Any, dict[str, Any]], object],
    zone: tzinfo,
    model: Any,
    record: dict[str, Any],
) -> None:
    """A datetime whose time zone cannot say its offset is invalid."""
    created = datetime(2021, 3, 5, tzinfo=zone)
    with pytest.raises(ValidationError, match="created") as info:
        make(model, {**record, "created": created})
    assert [d["type"] for d in info.value.errors()] == [
        "datetime_object_invalid"
    ]


@pytest.mark.parametrize(
    "error", [KeyError("username"), HostileError()], ids=["key-error", "other"]
)
def test_mapping_that_cannot_be_read(error: Exception) -> None:
    """A mapping whose lookups raise is an invalid mapping."""
    with pytest.raises(ValidationError, match="valid mapping") as info:
        structure(_RaisingMapping(VALID, error), TokenBase)
    assert info.value.errors()[0]["type"] == "mapping_type"


_IDENTITY = {"username": "u", "token_type": "user", "scopes": ["a"]}


@pytest.mark.parametrize(
    ("model", "field", "make"),
    [
        (TokenData, "quota", MAKERS["structure"]),
        (current.TokenBase, "scopes", MAKERS["structure"]),
        (current.TokenBase, "scopes", MAKERS["constructor"]),
        (current.UserInfo, "quota", MAKERS["structure"]),
    ],
    ids=["model", "scope-set", "scope-set-constructor", "model-current"],
)
def test_field_mapping_that_cannot_be_read(
    model: Any, field: str, make: Callable[[Any, dict[str, Any]], object]
) -> None:
    """A field's mapping whose reading raises is an invalid mapping there."""
    record = json.loads(TOKEN_DATA_RECORD) if model is TokenData else _IDENTITY
    if model is current.UserInfo:
        record = {"username": "u"}
    data = {**record, field: _RaisingMapping({"a": 1}, HostileError())}
    with pytest.raises(ValidationError) as info:
        make(model, data)
    assert [
        (error["loc"], error["type"]) for error in info.value.errors()
    ] == [((field,), "mapping_type")]


class _CountingMapping(Mapping[str, Any]):
    """A mapping that counts the reads of its values."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.reads = 0

    def __getitem__(self, key: str) -> Any:
        self.reads += 1
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@pytest.mark.parametrize("make", MAKERS.values(), ids=MAKERS)
def test_mapping_read_once(
    make: Callable[[Any, dict[str, Any]], object],
) -> None:
    """A mapping's values are read once: a later read might differ."""
    api = _CountingMapping({"datalinker": 500, "tap": 10})
    quota = make(Quota, {"api": api})
    assert api.reads == len(api.data)
    assert quota.api == api.data  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "model",
    [dict[str, TokenData], list[TokenData], TokenData],
    ids=["dict", "list", "model"],
)
@pytest.mark.parametrize(
    "hostile", HOSTILE[dict], ids=[cls.__name__ for cls in HOSTILE[dict]]
)
def test_same_error_on_first_and_later_calls(
    model: Any, hostile: type
) -> None:
    """A new converter's first call reports what its later calls report."""
    bad = hostile(json.loads(TOKEN_DATA_RECORD), uid="x")
    data: object = bad if model is TokenData else {"a": bad}
    if model == list[TokenData]:
        data = [bad]
    converter = make_converter()
    reports = []
    for _ in range(2):
        with pytest.raises(ValidationError) as info:
            converter.structure(data, model)
        reports.append(info.value.errors())
    assert reports[0] == reports[1]
    assert reports[0][0]["loc"][-1] == "uid"


def _deep_list(depth: int) -> list[Any]:
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    return nested


class _Unprintable:
    def __repr__(self) -> str:
        raise HostileError


def _looped() -> list[Any]:
    looped: list[Any] = []
    looped.append(looped)
    return looped


UNPRINTABLE = {
    "long-integer": 10**5000,
    "deep-list": _deep_list(100_000),
    "broken-repr": _Unprintable(),
    "list-holding-itself": _looped(),
    "hostile-key": {HOSTILE[str][2]("k"): 1},
}
"""Inputs whose own representation fails or is unbounded."""


@pytest.mark.parametrize("value", UNPRINTABLE.values(), ids=UNPRINTABLE)
def test_errors_always_printable(value: object) -> None:
    """Messages show any input briefly, and never raise."""
    with pytest.raises(ValidationError) as info:
        structure({**VALID, "username": value, "more": value}, TokenBase)
    message, representation = _shown(info.value)
    assert "username" in message
    assert len(message) < 1000
    assert len(representation) < 1200


UNWRITABLE: dict[str, tuple[Any, dict[str, Any], tuple[str | int, ...]]] = {
    "surrogate-in-scopes": (
        TokenBase,
        {**VALID, "scopes": ["\ud800"]},
        ("scopes", 0),
    ),
    "surrogate-in-key": (
        Token,
        {"key": "\ud800" * 22, "secret": "s" * 22},
        ("key",),
    ),
    "surrogate-in-secret": (
        Token,
        {"key": "k" * 22, "secret": "\udfff" * 22},
        ("secret",),
    ),
    "surrogate-in-api-name": (
        Quota,
        {"api": {"a\ud800": 5}},
        ("api", "a\ud800"),
    ),
    "long-uid": (
        TokenUserInfo,
        {"username": "u", "uid": 10**4300},
        ("uid",),
    ),
    "long-gid": (
        TokenUserInfo,
        {"username": "u", "gid": -(10**4300)},
        ("gid",),
    ),
    "long-group-id": (TokenGroup, {"name": "g", "id": 10**4300}, ("id",)),
    "long-api-quota": (Quota, {"api": {"a": 10**4300}}, ("api", "a")),
    "long-cpu": (NotebookQuota, {"cpu": 10**4300, "memory": 1}, ("cpu",)),
    "surrogate-in-current-scopes": (
        current.TokenBase,
        {**VALID, "scopes": ["a", "\ud800"]},
        ("scopes", 1),
    ),
    "long-disk-quota": (
        current.Quota,
        {"disk": {"a": 10**4300}},
        ("disk", "a"),
    ),
    "long-concurrent": (
        current.TapQuota,
        {"concurrent": 10**4300},
        ("concurrent",),
    ),
}
"""Values no JSON text written by Python could hold, and where they are."""


@pytest.mark.parametrize("make", MAKERS.values(), ids=MAKERS)
@pytest.mark.parametrize(
    ("model", "data", "loc"), UNWRITABLE.values(), ids=UNWRITABLE
)
def test_unwritable_values_refused(
    make: Callable[[Any, dict[str, Any]], object],
    model: Any,
    data: dict[str, Any],
    loc: tuple[str | int, ...],
) -> None:
    """What could not be written and read back is refused where it is."""
    with pytest.raises(ValidationError) as info:
        make(model, data)
    assert [detail["loc"] for detail in info.value.errors()] == [loc]


class _GuardedBytes(bytes):
    """Bytes whose buffer cannot be had (Python 3.12 on asks for it)."""

    __slots__ = ()

    def __buffer__(self, flags: int) -> memoryview:
        msg = "the buffer was asked for"
        raise RuntimeError(msg)


class _GuardedByteArray(bytearray):
    """A bytearray whose buffer cannot be had (see `_GuardedBytes`)."""

    def __buffer__(self, flags: int) -> memoryview:
        msg = "the buffer was asked for"
        raise RuntimeError(msg)


@pytest.mark.parametrize("json_library", JSON_LIBRARIES)
@pytest.mark.parametrize("kind", [_GuardedBytes, _GuardedByteArray])
def test_bytes_read_through_their_base(
    kind: type[bytes], json_library: Any
) -> None:
    """Bytes of a subclass are read as the bytes they hold, nothing else.

    As JSON text, as a flag (bytes alone), and as an input an error may
    show.
    """
    converter = make_converter(json_library=json_library)
    text = kind(b'{"username": "u", "token_type": "user", "scopes": []}')
    assert converter.loads(text, TokenBase).username == "u"
    with pytest.raises(ValidationError, match="Invalid JSON"):
        converter.loads(kind(b"{"), TokenBase)
    if issubclass(kind, bytes):  # Pydantic reads no bytearray as a flag
        spawn: Any = kind(b"yes")
        assert current.NotebookQuota(cpu=1, memory=1, spawn=spawn).spawn
    with pytest.raises(ValidationError) as info:
        structure({"username": kind(b"gt-abc")}, TokenBase)
    shown = {detail["loc"]: detail["input"] for detail in info.value.errors()}
    assert shown[("username",)] == "<hidden>"


def test_surrogate_in_a_mapping_key_refused() -> None:
    """A name no JSON text can hold is refused: where it is, when read."""
    with pytest.raises(ValidationError) as info:
        structure({"tap": {"a\ud800": {"concurrent": 1}}}, current.Quota)
    assert [detail["loc"] for detail in info.value.errors()] == [
        ("tap", "a\ud800")
    ]
    with pytest.raises(ValidationError) as info:
        current.Quota(tap={"a\ud800": current.TapQuota(concurrent=1)})
    assert [detail["loc"] for detail in info.value.errors()] == [("tap",)]


def test_longest_writable_integer_kept() -> None:
    """An integer of exactly the digit limit is held and written."""
    longest = 10**4300 - 1
    user = structure({"username": "u", "uid": longest}, TokenUserInfo)
    assert json.loads(make_converter().dumps(user))["uid"] == longest


def _disguised(cls: type, **attributes: object) -> object:
    """Return an object whose ``__class__`` claims to be ``cls``."""
    namespace = {"__class__": property(lambda _: cls), **attributes}
    return type(f"Disguised{cls.__name__}", (), namespace)()


_TEXT_LIKE = {"isascii": lambda _: True, "__len__": lambda _: 3}
"""What a disguised string answers, to pass checks that trust its class."""

_NUMBER_LIKE = {
    "__index__": lambda _: 5,
    "__int__": lambda _: 5,
    "__float__": lambda _: 5.0,
    "__le__": lambda _, __: True,
    "__ge__": lambda _, __: True,
    "__lt__": lambda _, __: True,
}
"""What a disguised integer answers, to pass checks that trust its class."""


class _ListedSet(set[str]):
    """A set that says it is a list."""

    __class__ = property(lambda _: list)


_DISGUISED: dict[str, Any] = {
    "username": _disguised(str, **_TEXT_LIKE),
    "token_type": _disguised(TokenType),
    "scopes": [_disguised(str, **_TEXT_LIKE)],
    "created": _disguised(datetime, tzinfo=UTC),
    "expires": _disguised(int, **_NUMBER_LIKE),
}


class TestDisguisedClasses:
    """Objects that lie about their class are refused, never held."""

    @pytest.mark.parametrize("field", list(_DISGUISED))
    @pytest.mark.parametrize("how", ["construct", "structure", "evolve"])
    def test_refused(self, field: str, how: str) -> None:
        """Construction, structuring and evolve name the field."""
        valid: dict[str, Any] = {
            "username": "a",
            "token_type": "user",
            "scopes": [],
        }
        changed = {**valid, field: _DISGUISED[field]}
        builds: dict[str, Callable[[], object]] = {
            "construct": lambda: TokenBase(**changed),
            "structure": lambda: structure(changed, TokenBase),
            "evolve": lambda: attrs.evolve(
                TokenBase(**valid), **{field: _DISGUISED[field]}
            ),
        }
        with pytest.raises(ValidationError) as caught:
            builds[how]()
        assert [error["loc"][0] for error in caught.value.errors()] == [field]

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda value: structure(value, TokenBase), None),
            (lambda value: loads(value, TokenBase), None),
            (
                lambda value: TokenData(
                    username="a", token_type="user", scopes=[], token=value
                ),
                "token",
            ),
            (lambda value: TokenGroup(name="g", id=value), "id"),
        ],
        ids=["structure", "loads", "nested-model", "integer"],
    )
    def test_models_and_texts_refused(
        self, build: Callable[[object], object], field: str | None
    ) -> None:
        """A disguised model, text or integer is refused where it is given."""
        disguises = {
            None: _disguised(TokenBase),
            "token": _disguised(Token),
            "id": _disguised(int, **_NUMBER_LIKE),
        }
        with pytest.raises(ValidationError) as caught:
            build(disguises[field])
        locations = [error["loc"] for error in caught.value.errors()]
        assert locations == [(field,) if field else ()]

    @pytest.mark.parametrize("how", ["construct", "structure"])
    def test_set_said_list_read_as_set(self, how: str) -> None:
        """A set that says it is a list is read as the set it is."""
        record: dict[str, Any] = {
            "username": "a",
            "token_type": "user",
            "scopes": _ListedSet({"a"}),
        }
        token = (
            TokenBase(**record)
            if how == "construct"
            else structure(record, TokenBase)
        )
        assert token.scopes == ("a",)

    def test_key_said_str_scrubbed(self) -> None:
        """A mapping whose key says it is a string is refused, not shown."""
        key = _disguised(str, __hash__=lambda _: 1)
        record = {"username": "a", "token_type": "user", "scopes": {key: 1}}
        with pytest.raises(ValidationError, match="valid list") as caught:
            structure(record, TokenBase)
        assert caught.value.errors()[0]["input"] == "<hidden>"


def _raising(method: str, **attributes: object) -> object:
    """Return an object of a plain class whose ``method`` raises."""
    namespace = {method: _refuse, **attributes}
    return type(f"Raising_{method.strip('_')}", (), namespace)()


class _UnhashableClass(type):
    """A metaclass whose classes cannot be hashed or compared."""

    __hash__ = _refuse  # type: ignore[assignment]
    __eq__ = _refuse  # type: ignore[assignment]


def _of_unhashable_class(base: type, *arguments: object) -> object:
    """Return an instance of a subclass of ``base`` that cannot be hashed.

    Hashing its class, or comparing it, raises: looking its type up in a
    set or tuple of types runs the metaclass's methods.
    """
    return _UnhashableClass(f"Unhashable{base.__name__}", (base,), {})(
        *arguments
    )


class _EqualToAll:
    """Equal to anything, with the hash of the text ``"session"``."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash("session")


RAISING_METHODS = [
    "__eq__",
    "__hash__",
    "__index__",
    "__int__",
    "__float__",
    "__iter__",
    "__len__",
    "__getitem__",
    "__str__",
    "__format__",
    "__repr__",
    "__bool__",
    "__lt__",
    "__getattr__",
    "__getattribute__",
    "__deepcopy__",
]
"""Methods that raise in the objects of `HOSTILE_OBJECTS`."""

SAID_CLASSES = [
    str,
    int,
    float,
    bool,
    list,
    tuple,
    set,
    dict,
    type(None),
    datetime,
    TokenType,
    Token,
    TokenGroup,
    NotebookQuota,
    Quota,
]
"""Classes that the objects of `HOSTILE_OBJECTS` say they are."""

HOSTILE_OBJECTS: dict[str, object] = {  # given to tests by name: pytest
    # itself would trip on them
    **{f"raises-{m.strip('_')}": _raising(m) for m in RAISING_METHODS},
    "eq-raises-hash-of-session": _raising(
        "__eq__", __hash__=lambda _: hash("session")
    ),
    "class-raises": _raising("__class__", __class__=property(_refuse)),
    "equal-to-all": _EqualToAll(),
    "class-unhashable": _of_unhashable_class(object),
    **{f"said-{cls.__name__}": _disguised(cls) for cls in SAID_CLASSES},
    "said-str-text-like": _disguised(str, **_TEXT_LIKE),
    "said-int-number-like": _disguised(int, **_NUMBER_LIKE),
}
"""Objects of no type a field holds, whose methods raise or lie."""


def _error_texts(error: ValidationError) -> list[str]:
    """Everything an error shows of itself."""
    return [
        str(error),
        repr(error),
        error.json(),
        repr(error.errors()),
        repr(getattr(error, "__notes__", [])),
        "".join(traceback.format_exception(error)),
    ]


_TOKEN = json.loads(TOKEN_DATA_RECORD)["token"]

KEY = _TOKEN["key"]
"""The key of the token of `TOKEN_DATA_RECORD`."""

TOKEN_TEXTS = {
    "valid": f"gt-{KEY}.{SECRET}",
    "short-key": f"gt-{KEY[1:]}.{SECRET}",
    "no-dot": f"gt-{KEY}{SECRET}",
    "no-prefix": f"{KEY}.{SECRET}",
    "bad-character": f"gt-{KEY}.{SECRET[:-1]}!",
}
"""Texts of a token, well formed or not, holding `SECRET`."""

TEXT_METHODS = [
    *METHODS[str],
    "removeprefix",
    "partition",
    "__format__",
    "__mod__",
]
"""Methods of `str` that a token's text may override."""


def _token_outcome(text: object) -> dict[str, object]:
    """Return what `Token.from_str` makes of a text, and what it shows."""
    try:
        token = Token.from_str(text)  # type: ignore[arg-type]
    except ValidationError as error:
        texts = _error_texts(error)
        shown = any(SECRET in part for part in texts)
        return {"errors": error.errors(), "secret_shown": shown}
    return {"token": token, "types": (type(token.key), type(token.secret))}


class TestTokenText:
    """`Token.from_str` reads what a text holds; `is_token` answers a bool."""

    @pytest.mark.parametrize("text", TOKEN_TEXTS.values(), ids=TOKEN_TEXTS)
    @pytest.mark.parametrize("method", TEXT_METHODS)
    def test_subclass_read_as_its_text(self, method: str, text: str) -> None:
        """A subclass of str is read as the text it holds."""
        disguised = _hostile_class(str, method)(text)
        assert Token.is_token(disguised) is Token.is_token(text)
        outcome = _token_outcome(disguised)
        assert outcome == _token_outcome(text)
        assert not outcome.get("secret_shown")

    @pytest.mark.parametrize("name", HOSTILE_OBJECTS)
    def test_other_objects_refused(self, name: str) -> None:
        """Any other object is not a token's text, whatever it says."""
        value = HOSTILE_OBJECTS[name]
        assert Token.is_token(value) is False  # type: ignore[arg-type]
        with pytest.raises(ValidationError) as caught:
            Token.from_str(value)  # type: ignore[arg-type]
        [error] = caught.value.errors()
        assert (error["loc"], error["type"]) == ((), "token_format")
        assert error["input"] == "<hidden>"


_KEY = "<key>"
"""In a position, stands for the key of the mapping's only item."""

_QUOTA: dict[str, Any] = {
    "api": {"svc": 5},
    "notebook": {"cpu": 1.0, "memory": 2.0},
}

_POSITION_RECORDS: dict[Any, dict[str, Any]] = {
    TokenBase: VALID,
    TokenInfo: json.loads(TOKEN_INFO_RECORD),
    TokenData: {**json.loads(TOKEN_DATA_RECORD), "quota": _QUOTA},
    TokenUserInfo: {"username": "u", "groups": [{"name": "g", "id": 5}]},
    TokenGroup: {"name": "g", "id": 5},
    Token: json.loads(TOKEN_DATA_RECORD)["token"],
    Quota: _QUOTA,
    NotebookQuota: _QUOTA["notebook"],
}
_CURRENT_QUOTA: dict[str, Any] = {
    "api": {"svc": 5},
    "disk": {"svc": 5},
    "notebook": {"cpu": 1.0, "memory": 2.0, "spawn": True},
    "tap": {"svc": {"concurrent": 5}},
}
_POSITION_RECORDS.update(
    {
        current.TokenData: {
            **json.loads(TOKEN_DATA_RECORD),
            "quota": None,
            "service": "svc",
        },
        current.UserInfo: {
            "username": "u",
            "groups": [{"name": "1g", "id": 5}],
            "quota": _CURRENT_QUOTA,
        },
        current.Group: {"name": "1g"},
        current.Quota: _CURRENT_QUOTA,
    }
)
"""A valid record of each model, into which hostile objects are put."""

POSITIONS: dict[str, tuple[Any, tuple[str | int, ...]]] = {
    **{
        f"base-{name}": (TokenBase, (name,))
        for name in ("username", "token_type", "scopes", "created", "expires")
    },
    "base-scopes-item": (TokenBase, ("scopes", 0)),
    **{
        f"info-{name}": (TokenInfo, (name,))
        for name in ("created", "token", "token_name", "last_used", "parent")
    },
    **{
        f"data-{name}": (TokenData, (name,))
        for name in ("token", "name", "uid", "groups", "quota")
    },
    "data-token-secret": (TokenData, ("token", "secret")),
    "data-groups-item": (TokenData, ("groups", 0)),
    "data-group-id": (TokenData, ("groups", 0, "id")),
    "data-api-key": (TokenData, ("quota", "api", _KEY)),
    "data-api-value": (TokenData, ("quota", "api", "svc")),
    "data-cpu": (TokenData, ("quota", "notebook", "cpu")),
    "user-groups": (TokenUserInfo, ("groups",)),
    "user-groups-item": (TokenUserInfo, ("groups", 0)),
    "group-name": (TokenGroup, ("name",)),
    "group-id": (TokenGroup, ("id",)),
    "token-key": (Token, ("key",)),
    "token-secret": (Token, ("secret",)),
    "quota-api": (Quota, ("api",)),
    "quota-api-key": (Quota, ("api", _KEY)),
    "quota-api-value": (Quota, ("api", "svc")),
    "quota-notebook": (Quota, ("notebook",)),
    "notebook-cpu": (NotebookQuota, ("cpu",)),
    "notebook-memory": (NotebookQuota, ("memory",)),
    **{
        f"current-data-{name}": (current.TokenData, (name,))
        for name in ("service", "scopes", "groups", "created", "token")
    },
    "current-data-scopes-item": (current.TokenData, ("scopes", 0)),
    "current-group-name": (current.Group, ("name",)),
    "current-group-id": (current.Group, ("id",)),
    "current-user-groups-item": (current.UserInfo, ("groups", 0)),
    "current-user-quota": (current.UserInfo, ("quota",)),
    "current-user-spawn": (current.UserInfo, ("quota", "notebook", "spawn")),
    "current-user-tap": (current.UserInfo, ("quota", "tap")),
    "current-user-tap-key": (current.UserInfo, ("quota", "tap", _KEY)),
    "current-user-tap-value": (current.UserInfo, ("quota", "tap", "svc")),
    "current-user-concurrent": (
        current.UserInfo,
        ("quota", "tap", "svc", "concurrent"),
    ),
    "current-quota-disk": (current.Quota, ("disk",)),
    "current-quota-disk-key": (current.Quota, ("disk", _KEY)),
    "current-quota-tap-value": (current.Quota, ("tap", "svc")),
}
"""Where hostile objects are put: a model, and a path in its record."""


def _placed(record: Any, path: tuple[str | int, ...], value: object) -> Any:
    """Return a copy of a record with a value put at a path."""
    step, *rest = path
    if step == _KEY:
        [held] = record.values()
        return {value: held}
    inner = _placed(record[step], tuple(rest), value) if rest else value
    if isinstance(record, list):
        return [
            inner if index == step else item
            for index, item in enumerate(record)
        ]
    return {**record, step: inner}


def _entry_points(
    model: Any, path: tuple[str | int, ...], value: object
) -> dict[str, Callable[[], object]]:
    """Return each way of giving a value at a path of a model's record.

    The constructor and ``attrs.evolve`` are given the model's other
    fields as held values, and the record's part holding the value.
    """
    record = _placed(_POSITION_RECORDS[model], path, value)
    valid = structure(_POSITION_RECORDS[model], model)
    field = str(path[0])
    changed = {field: record[field]}
    held = {
        attribute.name: getattr(valid, attribute.name)
        for attribute in attrs.fields(model)
    }
    return {
        "structure": lambda: structure(record, model),
        "constructor": lambda: model(**{**held, **changed}),
        "evolve": lambda: attrs.evolve(valid, **changed),
    }


def _usable_at(name: str, path: tuple[str | int, ...]) -> bool:
    """Tell whether an object can be put at a path: keys must hash."""
    if path[-1] != _KEY:
        return True
    try:
        hash(HOSTILE_OBJECTS[name])
    except Exception:  # noqa: BLE001 - hostile: raises anything
        return False
    return True


def _what_goes_wrong(
    build: Callable[[], object], field: str | int
) -> str | None:
    """Say what is wrong with how a hostile input is refused, if anything.

    It must be refused by a `ValidationError` locating every problem at
    the field, printable, that never shows the secret of the record.
    """
    try:
        build()
    except ValidationError as error:
        if {detail["loc"][0] for detail in error.errors()} != {field}:
            return f"located at {[d['loc'] for d in error.errors()]}"
        if any(SECRET in text for text in _error_texts(error)):
            return "the secret is shown"
        return None
    except Exception as error:  # noqa: BLE001 - what the test looks for
        return f"raised {type(error).__name__}"
    return "accepted"


@pytest.mark.parametrize("how", ["structure", "constructor", "evolve"])
@pytest.mark.parametrize(
    ("model", "path"), POSITIONS.values(), ids=list(POSITIONS)
)
def test_hostile_objects_refused_where_given(
    how: str, model: Any, path: tuple[str | int, ...]
) -> None:
    """Every hostile object is refused at its field, by a printable error.

    Only `ValidationError` is raised, and it never shows the secret of a
    token in the record. The object equal to everything is left to
    `test_equal_to_enum_value_refused`.
    """
    wrong = {}
    for name, value in HOSTILE_OBJECTS.items():
        if not _usable_at(name, path) or (
            name == "equal-to-all" and path[-1] == "token_type"
        ):
            continue
        build = _entry_points(model, path, value)[how]
        problem = _what_goes_wrong(build, path[0])
        if problem is not None:
            wrong[name] = problem
    assert wrong == {}


_ENUM_READERS: dict[str, Callable[[object], object]] = {
    "constructor": lambda value: TokenBase(
        username="u",
        token_type=value,  # type: ignore[arg-type]
        scopes=[],
    ),
    "evolve": lambda value: attrs.evolve(
        TokenInfo(username="u", token_type="user", scopes=[], token=KEY),
        token_type=value,  # type: ignore[arg-type]
    ),
    "enum-hook": lambda value: structure(value, TokenType),
    "make-converter": lambda value: make_converter().structure(
        value, TokenType
    ),
}


@pytest.mark.parametrize(
    "read",
    [
        *(pytest.param(read, id=name) for name, read in _ENUM_READERS.items()),
        pytest.param(
            lambda value: structure({**VALID, "token_type": value}, TokenBase),
            id="structure-model",
        ),
    ],
)
def test_equal_to_enum_value_refused(read: Callable[[object], object]) -> None:
    """An object equal to an enum's value, of another type, is refused."""
    with pytest.raises(ValidationError) as caught:
        read(_EqualToAll())
    assert [detail["type"] for detail in caught.value.errors()] == ["enum"]


class _KeyRaisingOnEq(str):
    """A key that compares by raising, with its text's hash."""

    __slots__ = ()
    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        raise HostileError


class _KeyNeverEqual(str):
    """A key equal to nothing, with its text's hash."""

    __slots__ = ()
    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        return False


def _plain_cattrs_structure(data: object, cls: type) -> object:
    """Structure with a plain cattrs converter the package configured."""
    converter = cattrs.Converter()
    configure_converter(converter)
    return converter.structure(data, cls)


def _username_keyed(key: str) -> dict[Any, Any]:
    """Return a TokenData record whose key ``username`` is ``key``."""
    record: dict[Any, Any] = json.loads(TOKEN_DATA_RECORD)
    record[key] = record.pop("username")
    return record


_KEYED_RECORDS = {
    "top-level-raising": lambda: _username_keyed(_KeyRaisingOnEq("username")),
    "top-level-never-equal": lambda: _username_keyed(
        _KeyNeverEqual("username")
    ),
    "group-raising": lambda: {
        **json.loads(TOKEN_DATA_RECORD),
        "groups": [{_KeyRaisingOnEq("name"): "g", "id": 1}],
    },
    "group-never-equal": lambda: {
        **json.loads(TOKEN_DATA_RECORD),
        "groups": [{_KeyNeverEqual("name"): "g", "id": 1}],
    },
    "quota-raising": lambda: {
        **json.loads(TOKEN_DATA_RECORD),
        "quota": {_KeyRaisingOnEq("api"): {"x": 1}},
    },
}
"""TokenData records with a key of a subclass of str, by where it is."""


@pytest.mark.parametrize(
    "structure_with",
    [structure, _plain_cattrs_structure],
    ids=["package", "plain-cattrs"],
)
@pytest.mark.parametrize("where", list(_KEYED_RECORDS))
def test_keys_read_as_their_text(
    where: str, structure_with: Callable[[object, type], object]
) -> None:
    """A key of a subclass of str is its text, whatever its methods do."""
    record = _KEYED_RECORDS[where]()
    plain = json.loads(json.dumps(record))
    expected = structure(plain, TokenData)
    assert structure_with(record, TokenData) == expected


def test_set_of_scopes_with_lying_key_located() -> None:
    """A mapping given as scopes, its key lying, is refused at the key."""
    liar = _disguised(str, __hash__=lambda _: 1)
    record = {
        "username": "u",
        "token_type": "user",
        "scopes": {liar: 1},
        "created": 1614986130,
        "token": 5,
    }
    with pytest.raises(ValidationError) as caught:
        structure(record, current.TokenInfo)
    assert [error["loc"] for error in caught.value.errors()] == [
        ("scopes", 0),
        ("token",),
    ]


@attrs.frozen
class _Counts:
    """A user's class holding models and a plain dict, read by cattrs."""

    groups: list[TokenGroup]
    counts: dict[str, int]


@pytest.mark.parametrize("claimed", [dict, list], ids=["dict", "list"])
@pytest.mark.parametrize("field", ["groups", "counts"])
def test_lying_class_in_a_users_class(field: str, claimed: type) -> None:
    """In a user's class read by cattrs, a lying object is refused as is."""
    data: dict[str, Any] = {"groups": [], "counts": {}}
    problems = []
    for value in (object(), _disguised(claimed)):
        with pytest.raises(ValidationError) as caught:
            structure({**data, field: value}, _Counts)
        problems.append(
            [(error["loc"], error["type"]) for error in caught.value.errors()]
        )
    assert problems[1] == problems[0]


@pytest.mark.parametrize(
    ("field", "claimed"),
    [
        ("username", str),
        ("uid", int),
        ("groups", list),
        ("quota", dict),
        ("scopes", tuple),
    ],
    ids=["text", "integer", "list", "mapping", "scopes"],
)
def test_lying_class_refused_as_its_type(field: str, claimed: type) -> None:
    """An object whose ``__class__`` lies is refused as what it is.

    The same problem as for a plain object (``string_type``, ``int_type``
    and so on), never the error of a reader given what it cannot read.
    """
    record = json.loads(TOKEN_DATA_RECORD)
    problems = {}
    for value in (object(), _disguised(claimed)):
        with pytest.raises(ValidationError) as caught:
            structure({**record, field: value}, TokenData)
        problems[type(value)] = [
            (error["loc"], error["type"]) for error in caught.value.errors()
        ]
    plain, lying = problems.values()
    assert lying == plain


@pytest.mark.parametrize(
    "name", ["class-raises", "class-unhashable", "said-dict", "said-Token"]
)
def test_hostile_items_located_by_index(name: str) -> None:
    """A hostile object in a list of records is refused at its index."""
    records = [json.loads(TOKEN_DATA_RECORD), HOSTILE_OBJECTS[name]]
    with pytest.raises(ValidationError) as caught:
        make_converter().structure(records, list[TokenData])
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [
        ("model_type", (1,))
    ]


def test_unusual_key_beside_a_list_holding_itself() -> None:
    """An input that holds itself is looked through in bounded memory."""
    looped: list[object] = []
    looped.extend([looped] * 2000)
    record = _KEYED_RECORDS["group-raising"]()
    structure(record, TokenData)  # the hooks made, outside the measure
    record["extra"] = looped
    tracemalloc.start()
    try:
        groups = structure(record, TokenData).groups
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert groups == (TokenGroup(name="g", id=1),)
    assert peak < 1_000_000  # bytes: the list itself takes 16 kB


class _MappingSaidDict(Mapping[str, Any]):
    """A mapping that says it is a dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return dict

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@pytest.mark.parametrize(
    "structure_with",
    [structure, _plain_cattrs_structure],
    ids=["package", "plain-cattrs"],
)
def test_mapping_said_dict_read_through_its_items(
    structure_with: Callable[[object, type], object],
) -> None:
    """A mapping that says it is a dict is read as the mapping it is."""
    record = json.loads(TOKEN_DATA_RECORD)
    expected = structure(record, TokenData)
    assert structure_with(_MappingSaidDict(record), TokenData) == expected
    assert structure_with([_MappingSaidDict(record)], list[TokenData]) == [
        expected
    ]


class _Pair(Enum):
    """A user's enum whose value is a tuple, which its members are keyed by."""

    both = (1, 2)


@attrs.frozen
class _HoldsPair:
    """A user's class holding such an enum."""

    pair: _Pair


@pytest.mark.parametrize(
    "name", ["raises-hash", "raises-eq", "class-unhashable"]
)
def test_hostile_item_of_a_tuple_refused_as_no_member(name: str) -> None:
    """A tuple holding a hostile object is no member of an enum of tuples.

    Looking it up hashes the object, running its own methods: what they
    raise is the value's, refused at its location.
    """
    value = (1, HOSTILE_OBJECTS[name])
    with pytest.raises(ValidationError) as info:
        make_converter().structure({"pair": value}, _HoldsPair)
    assert [
        (error["loc"], error["type"]) for error in info.value.errors()
    ] == [(("pair",), "enum")]
