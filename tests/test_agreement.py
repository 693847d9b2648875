"""Every way of making a model agrees: values and errors, field by field.

The constructor, `attrs.evolve`, `structure` and `loads` with each JSON
library are separate code (generated constructors, generated readers,
msgspec's typed documents, the detailed paths); these properties hold
them to one another for every field of every model.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import attrs
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
    TokenUserInfo,
    ValidationError,
    current,
    make_converter,
    structure,
    unstructure,
)

from .strategies import (
    json_values,
    notebook_quotas,
    quotas,
    token_bases,
    token_data_records,
    token_groups,
    token_info_records,
)
from .support import JSON_LIBRARIES, examples

INSTANCES: dict[type, st.SearchStrategy[Any]] = {
    TokenBase: token_bases,
    TokenInfo: token_info_records,
    TokenData: token_data_records,
    TokenUserInfo: token_data_records.map(
        lambda record: TokenUserInfo(
            **{
                field.name: getattr(record, field.name)
                for field in attrs.fields(TokenUserInfo)
            }
        )
    ),
    TokenGroup: token_groups,
    Quota: quotas,
    NotebookQuota: notebook_quotas,
    Token: st.builds(Token),
}
"""Valid instances of every model of the 2024 family."""


def _as_current(model: type, strategy: st.SearchStrategy[Any]) -> Any:
    """Return valid instances of a current model, read from 2024 ones.

    The current family reads what every release since 2024 wrote, and
    writes its datetimes as whole seconds (read back as written). Fields
    the 2024 family lacks keep their defaults here; every field is given
    every kind of value by `test_one_field_changed_agrees`.
    """

    def read(instance: Any) -> Any:
        as_current: Any = structure(unstructure(instance), model)
        return structure(unstructure(as_current), model)

    return strategy.map(read)


INSTANCES.update(
    {
        current.TokenBase: _as_current(current.TokenBase, token_bases),
        current.TokenInfo: _as_current(current.TokenInfo, token_info_records),
        current.TokenData: _as_current(current.TokenData, token_data_records),
        current.TokenUserInfo: _as_current(
            current.TokenUserInfo, token_data_records
        ),
        current.UserInfo: _as_current(
            current.UserInfo,
            token_data_records.map(
                lambda record: attrs.evolve(record, groups=record.groups or ())
            ),
        ),
        current.Group: _as_current(current.Group, token_groups),
        current.Quota: _as_current(current.Quota, quotas),
        current.NotebookQuota: _as_current(
            current.NotebookQuota, notebook_quotas
        ),
        current.TapQuota: st.builds(
            current.TapQuota, concurrent=st.integers(0, 2**31)
        ),
    }
)
"""Valid instances of the current family's models too."""

CONVERTERS = {
    library: make_converter(json_library=library) for library in JSON_LIBRARIES
}
"""A converter of each JSON library."""


def _model_id(model: type) -> str:
    """Name a model in a test's id, with its family if not the 2024 one."""
    family = "current." if model.__module__.endswith("_current_models") else ""
    return family + model.__name__


FIELDS = [
    pytest.param(model, field.name, id=f"{_model_id(model)}.{field.name}")
    for model in INSTANCES
    for field in attrs.fields(model)
]
"""Every field of every model."""


def _values(instance: Any) -> dict[str, Any]:
    """Return an instance's fields by name."""
    return {
        field.name: getattr(instance, field.name)
        for field in attrs.fields(type(instance))
    }


def _outcome(make: Any) -> object:
    """Return what a way of making an instance gives: it, or its errors."""
    try:
        return make()
    except ValidationError as error:
        return [(e["loc"], e["type"], e["msg"]) for e in error.errors()]


@pytest.mark.parametrize("model", INSTANCES, ids=_model_id)
@settings(max_examples=examples(200))
@given(data=st.data())
def test_valid_instances_agree(model: type, data: st.DataObject) -> None:
    """Every way gives back an equal instance of the model."""
    instance = data.draw(INSTANCES[model])
    values = _values(instance)
    made = {
        "constructor": model(**values),
        "evolve": attrs.evolve(instance),
        "structure": structure(unstructure(instance), model),
        **{
            f"loads-{library}": converter.loads(
                converter.dumps(instance), model
            )
            for library, converter in CONVERTERS.items()
        },
    }
    assert made == dict.fromkeys(made, instance)


@pytest.mark.parametrize(("model", "name"), FIELDS)
@settings(max_examples=examples(200))
@given(data=st.data())
def test_one_field_changed_agrees(
    model: type, name: str, data: st.DataObject
) -> None:
    """A field given any JSON value: the readers agree, and so do the rest.

    `structure` and `loads` with each JSON library give the same instance
    or the same errors. The constructor and `attrs.evolve` given the
    value read make the same instance; given the JSON value itself, they
    make the same instance or refuse it at that field (they take
    instances, not data: see the docs' behaviour page), and a value the
    readers refuse they refuse too, each problem as the readers name it
    or as one of a value of the wrong type (``instance_type``).
    """
    instance = data.draw(INSTANCES[model])
    value = data.draw(json_values)
    record = {**unstructure(instance), name: value}
    text = json.dumps(record)
    read = _outcome(lambda: structure(record, model))
    for library, converter in CONVERTERS.items():
        loaded = _outcome(functools.partial(converter.loads, text, model))
        assert loaded == read, library
    if model is Token and value is None:
        return  # to Token's constructor, "draw one at random"
    if not isinstance(read, list):
        held = {name: getattr(read, name)}
        assert model(**{**_values(instance), **held}) == read
        assert attrs.evolve(instance, **held) == read
    changes = {name: value}
    makes: list[Callable[[], object]] = [
        functools.partial(model, **{**_values(instance), **changes}),
        functools.partial(attrs.evolve, instance, **changes),
    ]
    named = (
        set()
        if not isinstance(read, list)
        else {(loc, kind) for loc, kind, _ in read}
    )
    for make in makes:
        made = _outcome(make)
        if not isinstance(made, list):
            assert made == read
            continue
        assert {loc[0] for loc, _, _ in made} == {name}
        for loc, kind, _ in made:
            assert (loc, kind) in named or kind == "instance_type"
