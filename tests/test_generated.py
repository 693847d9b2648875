"""Generated code: named after what it serves, shared, never piling up."""

from __future__ import annotations

import gc
import json
import linecache
import re
import weakref
from collections.abc import Callable
from datetime import UTC
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gafaelfawr_attrs
from gafaelfawr_attrs import (
    Token,
    TokenBase,
    TokenData,
    TokenInfo,
    TokenType,
    ValidationError,
    current,
    make_converter,
)

from .strategies import json_values
from .support import (
    JSON_LIBRARIES,
    TOKEN_DATA_RECORD,
    TOKEN_INFO_RECORD,
    Kind,
    break_reading_of_rarer_datetimes,
    examples,
    field_spec,
)


def _use(library: Any) -> Any:
    """Make a converter and read, write and refuse with it."""
    converter = make_converter(json_library=library)
    record = converter.loads(TOKEN_DATA_RECORD, TokenData)
    converter.dumps(record)
    converter.dumps(converter.loads(TOKEN_INFO_RECORD, TokenInfo))
    converter.structure(json.loads(TOKEN_DATA_RECORD), TokenData)
    with pytest.raises(ValidationError):
        converter.structure({"username": 5}, TokenBase)
    return converter


@pytest.mark.parametrize("library", JSON_LIBRARIES)
def test_converters_share_generated_sources(library: Any) -> None:
    """Making and using converters in a loop adds no `linecache` entry."""
    _use(library)
    before = set(linecache.cache)
    for _ in range(20):
        _use(library)
    assert set(linecache.cache) - before == set()


@pytest.mark.parametrize("library", JSON_LIBRARIES)
def test_converter_released(library: Any) -> None:
    """A converter used and dropped is freed with its generated hooks."""
    gone = weakref.ref(_use(library))
    gc.collect()
    assert gone() is None


@pytest.mark.parametrize("library", JSON_LIBRARIES)
def test_classes_of_users_released(library: Any) -> None:
    """Subclasses of a model, written and dropped, are freed.

    Nothing of the package keeps them once their converter is dropped.
    """
    converter = make_converter(json_library=library)
    written = []
    for _ in range(3):

        @attrs.frozen
        class Subclass(TokenBase):
            pass

        instance = Subclass(
            username="alice", token_type="session", scopes=[], created=1
        )
        converter.dumps(instance)
        converter.loads(converter.dumps(instance), Subclass)
        written.append(weakref.ref(Subclass))
    del converter, Subclass, instance
    gc.collect()
    assert [ref() for ref in written] == [None, None, None]


def test_generated_code_named_after_its_class() -> None:
    """A generated hook's file names the module and class it serves."""
    hook = make_converter().get_structure_hook(TokenBase)
    filename = hook.__code__.co_filename
    assert filename.startswith("<gafaelfawr_attrs generated ")
    # Numbered after the first of its name in the process.
    assert re.search(
        r" gafaelfawr_attrs\._models\.TokenBase(-\d+)?>$", filename
    )
    assert linecache.getline(filename, 1).startswith("def ")


_MODELS = sorted(
    {
        model
        for family in (gafaelfawr_attrs, current)
        for model in vars(family).values()
        if isinstance(model, type) and attrs.has(model)
    },
    key=lambda model: f"{model.__module__}.{model.__qualname__}",
)
"""Every model of both families."""

_KINDS = {
    f"{model.__name__}.{attribute.name}": spec.kind
    for model in _MODELS
    for attribute in attrs.fields(model)
    if (spec := field_spec(attribute)) is not None
}
"""Every field's kind, by the field it reads."""

_HELD_OR_NOT = st.one_of(
    json_values,
    st.text(st.characters(codec="ascii"), min_size=60, max_size=130),
    # Letters beyond ASCII, and unpaired surrogates.
    st.text(st.characters(categories=["Ll", "Cs"]), max_size=70),
    st.sampled_from(list(TokenType)),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=st.timezones()),
    st.lists(st.text(max_size=3), max_size=3).map(tuple),
    st.frozensets(st.text(max_size=3), max_size=3),
    st.builds(Token),
    st.integers(min_value=-(2**70), max_value=2**70),
)
"""Values that fields hold as they are, and values they do not."""


@pytest.mark.parametrize("kind", list(_KINDS.values()), ids=list(_KINDS))
@settings(max_examples=examples(200))
@given(value=_HELD_OR_NOT)
def test_quick_test_passes_only_what_is_held(
    kind: Kind, value: object
) -> None:
    """A value that a kind's inline test passes is held by it as it is.

    The generated readers and constructors take such a value without
    reading it; anything else is read.
    """
    namespace: dict[str, Any] = {}
    refusal = kind.refusal("value", "kind", namespace)
    if refusal is None:
        return
    refused = eval(f"lambda value: {refusal}", namespace)  # noqa: S307 (the package's own lines)
    if not refused(value):
        assert kind.checked(value) == (value, ())
        assert kind.holds(value)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"scopes": ["s"] * 20_000},
        {"more": [{"a": [1]}] * 20_000},
        {1: "a key other than a string"},
    ],
    ids=["small", "long-list", "many-dicts", "unusual-key"],
)
@pytest.mark.parametrize("read", ["structure", *JSON_LIBRARIES])
def test_mistakes_of_the_package_raised_as_they_are(
    read: str, extra: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistake in the readers is raised as it is, by every path.

    Not reported as the input's error: `structure` and `loads` (either
    JSON library) let it through, as a plain cattrs converter does,
    whatever the input's size.
    """
    text = break_reading_of_rarer_datetimes(monkeypatch)
    record: dict[str, Any] = {"username": "u", "token_type": "user"}
    record.update({"scopes": [], **extra, "created": text})
    library: Any = "json" if read == "structure" else read
    converter = make_converter(json_library=library)
    reading: Callable[[], TokenBase] = (
        (lambda: converter.structure(record, TokenBase))
        if read == "structure"
        else (lambda: converter.loads(json.dumps(record), TokenBase))
    )
    with pytest.raises(TypeError, match="a mistake of the package"):
        reading()


@attrs.frozen
class _Holder:
    """A user's class holding a model."""

    token: TokenBase


_HOLDING: dict[str, tuple[Any, Callable[[dict[str, Any]], object]]] = {
    "users-class": (_Holder, lambda record: {"token": record}),
    "dict": (dict[str, TokenBase], lambda record: {"a": record}),
    "optional": (TokenBase | None, lambda record: record),
    "list": (list[TokenBase], lambda record: [record]),
}
"""Types holding TokenBase, and how their data holds a record."""


@pytest.mark.parametrize("holding", list(_HOLDING))
@pytest.mark.parametrize("read", ["structure", *JSON_LIBRARIES])
def test_mistakes_raised_through_what_holds_models(
    read: str, holding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistake in the readers is raised as it is through any type.

    A user's class, a mapping, an optional model, a list: not reported as
    the input's problem, though cattrs' hooks read those.
    """
    text = break_reading_of_rarer_datetimes(monkeypatch)
    record = {"username": "u", "token_type": "user", "created": text}
    cls, hold = _HOLDING[holding]
    library: Any = "json" if read == "structure" else read
    converter = make_converter(json_library=library)
    reading: Callable[[], object] = (
        (lambda: converter.structure(hold(record), cls))
        if read == "structure"
        else (lambda: converter.loads(json.dumps(hold(record)), cls))
    )
    with pytest.raises(TypeError, match="a mistake of the package"):
        reading()


class _Text(str):
    """A subclass of `str`, which the detailed reader reads."""

    __slots__ = ()


def test_mistake_raised_whatever_the_value_class(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A mistake is raised as it is where the detailed reader meets it.

    As for an exact string, which the fast path reads: a value's class
    changes which reader meets the mistake, not what is raised.
    """
    text = break_reading_of_rarer_datetimes(monkeypatch)
    record: dict[str, Any] = {"username": "u", "token_type": "user"}
    record.update({"scopes": [], "created": _Text(text)})
    with pytest.raises(TypeError, match="a mistake of the package"):
        make_converter().structure(record, TokenBase)


@pytest.mark.parametrize("how", ["constructor", "evolve"])
def test_mistake_raised_by_constructors(
    how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistake met while a constructor converts a value is raised as is.

    Not reported as the value's problem, as `structure` does not.
    """
    token = TokenBase(username="u", token_type="user", scopes=[])
    text = break_reading_of_rarer_datetimes(monkeypatch)
    making: Callable[[], TokenBase] = (
        (
            lambda: TokenBase(
                username="u", token_type="user", scopes=[], created=text
            )
        )
        if how == "constructor"
        else (lambda: attrs.evolve(token, created=text))
    )
    with pytest.raises(TypeError, match="a mistake of the package"):
        making()


def test_mistake_raised_from_an_input_holding_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An input that holds itself is looked through once, not forever."""
    text = break_reading_of_rarer_datetimes(monkeypatch)
    record: dict[str, Any] = {"username": "u", "token_type": "user"}
    record.update({"scopes": [], "created": text})
    record["itself"] = [record, record]
    with pytest.raises(TypeError, match="a mistake of the package"):
        make_converter().structure(record, TokenBase)
