"""JSON schemas of the models, derived from their field metadata."""

from __future__ import annotations

import copy
import inspect
from typing import Any

import attrs

from ._fields import METADATA_KEY, FieldSpec

__all__ = ["json_schema", "model_schema"]


def json_schema(model: type[attrs.AttrsInstance]) -> dict[str, Any]:
    """Return the JSON schema of a model, as Pydantic 2.6 wrote it.

    Parameters
    ----------
    model
        A model class of this package, such as `TokenBase`.

    Returns
    -------
    dict
        A new JSON schema dict: the model's title and description, each
        field's type, limits, title, description, examples and default,
        the required fields, and the enums and nested models under
        ``$defs``.
    """
    definitions: dict[str, Any] = {}
    schema = model_schema(model, definitions)
    if definitions:
        schema = {
            **{
                key: value
                for key, value in schema.items()
                if key != "required"
            },
            "$defs": dict(sorted(definitions.items())),
            **(
                {"required": schema["required"]}
                if "required" in schema
                else {}
            ),
        }
    return schema


def model_schema(
    model: type[attrs.AttrsInstance], definitions: dict[str, Any]
) -> dict[str, Any]:
    """Return the schema of a model, adding what it refers to to ``$defs``.

    Parameters
    ----------
    model
        A model class.
    definitions
        The ``$defs`` of the schema being built.

    Returns
    -------
    dict
        The model's schema, without ``$defs``.
    """
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(model):
        spec: FieldSpec = field.metadata[METADATA_KEY]
        prop = spec.kind.schema(definitions)
        if "$ref" in prop:
            # Pydantic 2.6 put a reference with sibling keys inside allOf.
            prop = {"allOf": [{"$ref": prop.pop("$ref")}], **prop}
        prop["title"] = spec.title
        prop["description"] = spec.description
        if spec.examples:
            prop["examples"] = copy.deepcopy(list(spec.examples))
        if field.default is attrs.NOTHING:
            required.append(field.name)
        elif not hasattr(field.default, "factory"):
            prop["default"] = field.default
        elif spec.default_in_schema is not None:
            prop["default"] = copy.deepcopy(spec.default_in_schema)
        properties[field.name] = dict(sorted(prop.items()))
    schema: dict[str, Any] = {
        "title": model.__name__,
        "description": inspect.cleandoc(model.__doc__ or ""),
        "type": "object",
        "properties": properties,
    }
    if required:
        schema["required"] = required
    return schema
