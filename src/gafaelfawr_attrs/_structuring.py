"""Structuring functions generated from the models' field metadata.

Each model gets one function: a fast path that runs every field's inlined
checks and fills a new instance directly (what the attrs validators would
check has been checked, so nothing is validated twice), and a detailed path,
taken only when the fast path meets anything unusual, that looks at every
field and reports every problem with its location.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from ._errors import ErrorDetails, FieldError, NotDecided, ValidationError
from ._fields import (
    HIDDEN,
    METADATA_KEY,
    FieldSpec,
    default_factory,
    located,
)

__all__ = [
    "StructurePlan",
    "make_list_function",
    "make_structure_function",
    "relocate",
]

T = TypeVar("T")

_MISSING = object()
"""Marks a key absent from the input."""


def relocate(
    errors: list[ErrorDetails], *prefix: str | int
) -> list[ErrorDetails]:
    return [{**error, "loc": (*prefix, *error["loc"])} for error in errors]


def _slot_setter(model: type, name: str) -> Callable[[object, object], None]:
    """Return the slot's ``__set__``, which bypasses the frozen guard."""
    for klass in model.__mro__:
        if name in vars(klass):
            return vars(klass)[name].__set__  # type: ignore[no-any-return]
    msg = f"{model.__name__} has no slot {name}"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


def _missing(name: str, data: object) -> ErrorDetails:
    return {
        "loc": (name,),
        "msg": "Field required",
        "type": "missing",
        "input": data,
    }


def _extra(key: object, value: object) -> ErrorDetails:
    return {
        "loc": (key,),  # type: ignore[typeddict-item]
        "msg": "Extra inputs are not permitted",
        "type": "extra_forbidden",
        "input": value,
    }


def _structuring_spec(spec: FieldSpec, forbid_extra_keys: bool) -> FieldSpec:  # noqa: FBT001
    """Return a field's spec with its kind configured for structuring."""
    kind = spec.kind.structuring(forbid_extra_keys=forbid_extra_keys)
    return spec if kind is spec.kind else attrs.evolve(spec, kind=kind)


@attrs.frozen
class StructurePlan:
    """How to structure one model: its fields, kinds and slot setters."""

    model: type
    forbid_extra_keys: bool
    fields: tuple[attrs.Attribute[Any], ...]
    specs: tuple[FieldSpec, ...]
    setters: tuple[Callable[[object, object], None], ...]
    names: frozenset[str]

    @classmethod
    def of(cls, model: type, *, forbid_extra_keys: bool) -> StructurePlan:
        fields = attrs.fields(model)
        return cls(
            model=model,
            forbid_extra_keys=forbid_extra_keys,
            fields=fields,
            specs=tuple(
                _structuring_spec(
                    field.metadata[METADATA_KEY], forbid_extra_keys
                )
                for field in fields
            ),
            setters=tuple(_slot_setter(model, f.name) for f in fields),
            names=frozenset(field.name for field in fields),
        )

    def shown(self, data: Mapping[Any, Any]) -> Mapping[Any, Any]:
        """Return input data as errors may show it: credentials hidden."""
        secrets = [
            field.name
            for field, spec in zip(self.fields, self.specs, strict=True)
            if spec.secret and field.name in data
        ]
        if not secrets:
            return data
        return {**data, **dict.fromkeys(secrets, HIDDEN)}

    def build(self, values: list[object]) -> Any:
        """Make an instance from held values, in field order."""
        instance: Any = object.__new__(self.model)
        for setter, value in zip(self.setters, values, strict=True):
            setter(instance, value)
        return instance

    def structure_slowly(self, data: object) -> Any:
        """Structure field by field, collecting every problem."""
        title = self.model.__name__
        if isinstance(data, self.model):
            return data
        if not isinstance(data, Mapping):
            msg = f"Input should be a valid dictionary or instance of {title}"
            error: ErrorDetails = {
                "loc": (),
                "msg": msg,
                "type": "model_type",
                "input": data,
            }
            raise ValidationError([error], title)
        values: list[object] = []
        errors: list[ErrorDetails] = []
        for field, spec in zip(self.fields, self.specs, strict=True):
            if field.name in data:
                try:
                    values.append(spec.kind.parse(data[field.name]))
                except FieldError as problem:
                    errors.extend(
                        located(problem, field.name, secret=spec.secret)
                    )
            elif (default := default_factory(field)) is None:
                errors.append(_missing(field.name, self.shown(data)))
            else:
                values.append(default())
        if self.forbid_extra_keys:
            errors.extend(
                _extra(key, data[key]) for key in data if key not in self.names
            )
        if errors:
            raise ValidationError(errors, title)
        return self.build(values)

    def fast_source(self, name: str, namespace: dict[str, Any]) -> str:
        """Write the source of the fast path, filling its namespace."""
        namespace.update(
            FieldError=FieldError,
            NotDecided=NotDecided,
            ValidationError=ValidationError,
            structure_slowly=self.structure_slowly,
            new=object.__new__,
            model=self.model,
            names=self.names,
            MISSING=_MISSING,
        )
        # Anything unusual raises, inside the try block, and the except
        # clause hands the input to the detailed path.
        bail = "raise NotDecided"
        lines = [
            f"def {name}(data, _=None):",
            "    if data.__class__ is not dict:",
            "        return structure_slowly(data)",
            "    try:",
        ]
        fields = zip(self.fields, self.specs, strict=True)
        for index, (field, spec) in enumerate(fields):
            variable = f"value_{index}"
            parse = spec.kind.fast_source(variable, namespace, bail)
            default = default_factory(field)
            if default is None:
                lines.append(f"        {variable} = data[{field.name!r}]")
                lines.extend(f"        {line}" for line in parse)
                continue
            namespace[f"{variable}_default"] = default
            lines += [
                f"        {variable} = data.get({field.name!r}, MISSING)",
                f"        if {variable} is MISSING:",
                f"            {variable} = {variable}_default()",
                "        else:",
                *(f"            {line}" for line in parse),
            ]
        # The detailed path runs outside the except clause, so that its
        # error does not carry the fast path's (whose input might be a
        # credential) as its context.
        lines += [
            "    except (NotDecided, ValidationError, FieldError, KeyError,",
            "            TypeError, ValueError, OverflowError):",
            "        pass",
            "    else:",
        ]
        if self.forbid_extra_keys:
            lines.append("        if names.issuperset(data):")
            indent = "            "
        else:
            indent = "        "
        lines.append(f"{indent}instance = new(model)")
        for index, setter in enumerate(self.setters):
            namespace[f"set_{index}"] = setter
            lines.append(f"{indent}set_{index}(instance, value_{index})")
        lines += [
            f"{indent}return instance",
            "    return structure_slowly(data)",
        ]
        return "\n".join(lines)


@functools.cache
def make_structure_function(
    model: type[T], *, forbid_extra_keys: bool
) -> Callable[[object, Any], T]:
    """Generate the function that structures one model from a mapping.

    Parameters
    ----------
    model
        A model class.
    forbid_extra_keys
        Whether keys that name no field are errors.

    Returns
    -------
    callable
        A function of the input data (and an ignored second argument, as
        cattrs passes the type) that returns a model instance or raises
        `ValidationError` naming every problem.
    """
    plan = StructurePlan.of(model, forbid_extra_keys=forbid_extra_keys)
    name = f"structure_{model.__name__}"
    namespace: dict[str, Any] = {}
    source = plan.fast_source(name, namespace)
    exec(compile(source, f"<{name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]  # type: ignore[no-any-return]


def make_list_function(
    model: type, structure_item: Callable[..., Any]
) -> Callable[..., list[Any]]:
    """Return the structuring function of lists of a model."""
    title = f"list[{model.__name__}]"

    def structure_list(data: object, _: object = None) -> list[Any]:
        if data.__class__ is not list and not isinstance(data, list | tuple):
            error: ErrorDetails = {
                "loc": (),
                "msg": "Input should be a valid list",
                "type": "list_type",
                "input": data,
            }
            raise ValidationError([error], title)
        try:
            return [structure_item(item) for item in data]
        except ValidationError:
            pass
        errors: list[ErrorDetails] = []
        for index, item in enumerate(data):
            try:
                structure_item(item)
            except ValidationError as problem:
                errors.extend(relocate(problem.errors(), index))
        raise ValidationError(errors, title)

    return structure_list
