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
"""Valid instances of every model."""

CONVERTERS = {
    library: make_converter(json_library=library) for library in JSON_LIBRARIES
}
"""A converter of each JSON library."""

FIELDS = [
    pytest.param(model, field.name, id=f"{model.__name__}.{field.name}")
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


@pytest.mark.parametrize("model", INSTANCES, ids=lambda model: model.__name__)
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
    or the same errors; a value they refuse, the constructor and
    `attrs.evolve` refuse too, at that field.
    """
    instance = data.draw(INSTANCES[model])
    value = data.draw(json_values)
    record = {**unstructure(instance), name: value}
    text = json.dumps(record)
    read = _outcome(lambda: structure(record, model))
    for library, converter in CONVERTERS.items():
        loaded = _outcome(functools.partial(converter.loads, text, model))
        assert loaded == read, library
    if not isinstance(read, list) or (model is Token and value is None):
        return  # accepted; or, to Token's constructor, "draw one at random"
    changes = {name: value}
    makes: list[Callable[[], object]] = [
        functools.partial(model, **{**_values(instance), **changes}),
        functools.partial(attrs.evolve, instance, **changes),
    ]
    for make in makes:
        with pytest.raises(ValidationError) as info:
            make()
        assert {error["loc"][0] for error in info.value.errors()} == {name}
