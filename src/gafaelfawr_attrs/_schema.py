"""JSON schemas of the models, derived from their field metadata."""

from __future__ import annotations

import copy
import inspect
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from ._datetime import DatetimeFormat, datetime_writer
from ._fields import (
    default_factory,
    field_spec,
    forbids_extra_keys,
    plain_default,
)
from ._kinds import Kind, kind_of_type

__all__ = ["Definitions", "SchemaMode", "json_schema"]

SchemaMode = Literal["validation", "serialization"]
"""What a schema describes: what is read, or what ``dumps`` writes."""


class Definitions(dict[str, Any]):
    """The ``$defs`` of a JSON schema being built: shared schemas by name.

    Models' and enums' schemas are defined on their first reference (see
    `define`).
    """

    __slots__ = ("_names",)

    def __init__(self) -> None:
        super().__init__()
        self._names: dict[type, str] = {}
        """The name of each class defined."""

    def define(
        self, owner: type, build: Callable[[], dict[str, Any]]
    ) -> dict[str, Any]:
        """Return a reference to a class's schema, building it on first use.

        Parameters
        ----------
        owner
            A model class, an attrs class holding models, or an enum.
        build
            Makes the class's schema.

        Returns
        -------
        dict
            The reference (``$ref``). The schema is named as the class,
            or, where another class of that name came first (the two
            families' ``TokenUserInfo``), by its module and qualified name
            too, and a number where even these are taken. (Pydantic names
            every one of such classes so; here the first keeps its name.)
        """
        name = self._names.get(owner)
        if name is None:
            name = owner.__name__
            if name in self:
                qualified = f"{owner.__module__}__{owner.__qualname__}"
                name, count = qualified, 1
                while name in self:
                    count += 1
                    name = f"{qualified}__{count}"
            self._names[owner] = name
            # Reserved while it is built: a model may nest itself.
            self[name] = {}
            self[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def reference(self, model: type, written: str | None) -> dict[str, Any]:
        """Return a reference to a model's schema, defining it on first use.

        Parameters
        ----------
        model
            A model class, or an attrs class holding models.
        written
            `None` to describe what is read; else the datetime format of the
            converter whose output is described (``"iso"`` or ``"epoch"``).

        Returns
        -------
        dict
            The reference (``$ref``), see `define`.
        """
        return self.define(model, lambda: _model_schema(model, self, written))


def json_schema(
    cls: type[attrs.AttrsInstance],
    mode: SchemaMode = "validation",
    *,
    datetime_format: DatetimeFormat = "iso",
) -> dict[str, Any]:
    """Return the JSON schema of a model, in the shape Pydantic 2.6 wrote.

    The shape of the service's published schemas (the seed's), which
    Pydantic 2.6 generated: a reference to a nested model or enum that
    has a title or description beside it is wrapped in ``allOf``. Later
    Pydantic versions (the 2.14 that the behaviour tables were measured
    with) write the reference beside its siblings instead; both describe
    the same documents.

    Parameters
    ----------
    cls
        A model class of this package, a subclass of one, or an attrs
        class of your own holding models.
    mode
        ``"validation"`` (the default) describes what is read, as
        Pydantic's ``model_json_schema()`` does. ``"serialization"``
        describes what ``dumps`` writes, so that a JSON Schema validator
        accepts the package's own output: datetimes are what the
        converter writes (whole seconds, integers, for the fields that
        the service writes so: those of a model whose
        ``datetimes_written_as`` says so, and the 2024 `TokenInfo`'s).
        In both modes, the fields without a default are required, as in
        Pydantic's schemas (so output written without nulls or defaults
        fits too).
    datetime_format
        For ``"serialization"``: the ``datetime_format`` of the converter
        whose output is described (``"iso"``: strings; ``"epoch"``:
        numbers of seconds, or strings where no float holds the instant).

    Returns
    -------
    dict
        A new JSON schema dict: the class's title and description, each
        field's type, limits, title, description, examples and default,
        the required fields, and the enums and nested models under
        ``$defs``.

    Raises
    ------
    TypeError
        A field of a user's class has a type that JSON schema cannot
        describe; the message names the field.
    ValueError
        An unknown mode or datetime format.
    """
    if mode not in ("validation", "serialization"):
        msg = f"mode must be 'validation' or 'serialization', not {mode!r}"
        raise ValueError(msg)
    datetime_writer(datetime_format)  # refuses an unknown format
    definitions = Definitions()
    written = None if mode == "validation" else datetime_format
    schema = _model_schema(cls, definitions, written)
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


def _model_schema(
    cls: type[attrs.AttrsInstance],
    definitions: Definitions,
    written: str | None = None,
) -> dict[str, Any]:
    """Return the schema of a class, adding what it refers to to ``$defs``.

    Parameters
    ----------
    cls
        A model class, or an attrs class holding models.
    definitions
        The ``$defs`` of the schema being built.
    written
        `None` to describe what is read; else the datetime format of the
        converter whose output is described (``"iso"`` or ``"epoch"``).

    Returns
    -------
    dict
        The class's schema, without ``$defs``.
    """
    attrs.resolve_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for attribute in attrs.fields(cls):
        spec = field_spec(attribute)
        if spec is None:
            prop = _type_schema(
                attribute.type, definitions, attribute.name, written
            )
            prop["title"] = attribute.name.replace("_", " ").title()
        else:
            prop = _kind_schema(spec.kind, definitions, written)
            prop["title"] = spec.title
            prop["description"] = spec.description
            if spec.examples:
                prop["examples"] = copy.deepcopy(list(spec.examples))
        if "$ref" in prop:
            # Pydantic 2.6 put a reference with sibling keys inside allOf.
            prop = {"allOf": [{"$ref": prop.pop("$ref")}], **prop}
        # Required: what input must give, which is also what is written
        # whatever the writer's options (exclude_none, exclude_defaults).
        if default_factory(attribute) is None:
            required.append(attribute.name)
        default = plain_default(attribute)
        if default is not attrs.NOTHING:
            prop["default"] = copy.deepcopy(default)
        properties[attribute.name] = dict(sorted(prop.items()))
    schema: dict[str, Any] = {
        "title": cls.__name__,
        "description": inspect.cleandoc(cls.__doc__ or ""),
        "type": "object",
        "properties": properties,
    }
    if required:
        schema["required"] = required
    if forbids_extra_keys(cls):
        schema["additionalProperties"] = False
    return schema


def _kind_schema(
    kind: Kind, definitions: Definitions, written: str | None
) -> dict[str, Any]:
    """Describe a kind's values as read (``written`` `None`) or written."""
    if written is None:
        return kind.schema(definitions)
    return kind.written_schema(definitions, written)


def _type_schema(
    annotation: Any,
    definitions: Definitions,
    name: str,
    written: str | None = None,
) -> dict[str, Any]:
    """Describe the type of a field that has no kind, as Pydantic would."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin in {Union, types.UnionType}:
        return {
            "anyOf": [
                _type_schema(arg, definitions, name, written) for arg in args
            ]
        }
    if origin is not None and isinstance(origin, type):
        if issubclass(origin, Mapping) and len(args) == 2:  # noqa: PLR2004 (keys and values)
            values = _type_schema(args[1], definitions, name, written)
            return {"additionalProperties": values, "type": "object"}
        if issubclass(origin, Sequence | set | frozenset) and args:
            items = _type_schema(args[0], definitions, name, written)
            return {"items": items, "type": "array"}
    named = _named_type_schema(annotation, definitions, written)
    if named is not None:
        return named
    msg = (
        f"cannot describe field {name!r} of type {annotation!r} in JSON schema"
    )
    raise TypeError(msg)


def _named_type_schema(
    annotation: Any, definitions: Definitions, written: str | None
) -> dict[str, Any] | None:
    """Describe a type that has a kind, ``None`` or an attrs class."""
    kind = kind_of_type(annotation)
    if kind is not None:
        return _kind_schema(kind, definitions, written)
    if annotation is type(None):
        return {"type": "null"}
    if isinstance(annotation, type) and attrs.has(annotation):
        return definitions.reference(annotation, written)
    return None
