"""JSON schemas of the models, derived from their field metadata."""

from __future__ import annotations

import copy
import inspect
from typing import Any

import attrs

from ._fields import METADATA_KEY, FieldSpec

__all__ = ["json_schema"]


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
        shared definitions under ``$defs`` and the required fields.
    """
    definitions: dict[str, Any] = {}
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
        prop["examples"] = copy.deepcopy(list(spec.examples))
        if field.default is attrs.NOTHING:
            required.append(field.name)
        elif not hasattr(field.default, "factory"):
            prop["default"] = field.default
        properties[field.name] = dict(sorted(prop.items()))
    schema: dict[str, Any] = {
        "title": model.__name__,
        "description": inspect.cleandoc(model.__doc__ or ""),
        "type": "object",
        "properties": properties,
    }
    if definitions:
        schema["$defs"] = dict(sorted(definitions.items()))
    if required:
        schema["required"] = required
    return schema
