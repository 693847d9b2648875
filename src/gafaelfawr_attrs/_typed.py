"""Reading JSON straight into models with msgspec (the ``fast`` extra).

msgspec decodes a document into a generated `msgspec.Struct` whose field
types check what they can (string lengths, enum values, lists of strings);
generated code finishes each value (datetimes, comma-separated scopes) and
fills a model instance. Anything this path does not accept, it leaves to
the general path (parse, then structure), which names every problem: a
document read here is one that the general path would read the same way
(msgspec skips the values of unknown keys unchecked, where the general path
reads numbers too large for a float as infinities: both accept them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import msgspec

from ._errors import FieldError, NotDecided, ValidationError
from ._fields import default_factory
from ._structuring import StructurePlan

__all__ = ["make_typed_loaders"]


def make_typed_loaders(
    plan: StructurePlan,
) -> tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]:
    """Generate functions reading one instance and a list of instances.

    Parameters
    ----------
    plan
        The structuring plan of the model.

    Returns
    -------
    tuple of callable
        Functions of JSON text returning an instance, or a list of
        instances; each raises `NotDecided` when the general path must
        read the document.
    """
    document_type, from_document = document_parts(
        plan.model, forbid_extra_keys=plan.forbid_extra_keys
    )
    decode_one: Callable[[Any], Any] = msgspec.json.Decoder(
        document_type
    ).decode
    decode_many: Callable[[Any], list[Any]] = msgspec.json.Decoder(
        list[document_type]  # type: ignore[valid-type]
    ).decode

    def load_one(data: Any) -> Any:
        try:
            document = decode_one(data)
        except (ValueError, RecursionError):
            pass
        else:
            return from_document(document)
        raise NotDecided

    def load_many(data: Any) -> list[Any]:
        try:
            documents = decode_many(data)
        except (ValueError, RecursionError):
            pass
        else:
            return [from_document(document) for document in documents]
        raise NotDecided

    return load_one, load_many


@functools.cache
def document_parts(
    model: type, *, forbid_extra_keys: bool
) -> tuple[type, Callable[[Any], Any]]:
    """Return a model's document type and the function reading it.

    Parameters
    ----------
    model
        A model class.
    forbid_extra_keys
        Whether unknown keys are errors.

    Returns
    -------
    tuple
        The generated `msgspec.Struct` and the function making an instance
        of the model from one, which raises `NotDecided` where the general
        path must decide.
    """
    plan = StructurePlan.of(model, forbid_extra_keys=forbid_extra_keys)
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for field, spec in zip(plan.fields, plan.specs, strict=True):
        decoded = spec.kind.decoded_type()
        if default_factory(field) is None:
            fields.append((field.name, decoded))
        else:
            fields.append((field.name, decoded, msgspec.UNSET))
    document_type = msgspec.defstruct(
        f"{model.__name__}Document",
        fields,
        kw_only=True,
        forbid_unknown_fields=forbid_extra_keys,
    )
    return document_type, _make_from_document(plan)


def _make_from_document(plan: StructurePlan) -> Callable[[Any], Any]:
    """Generate the function turning a decoded document into an instance."""
    bail = "raise NotDecided"
    namespace: dict[str, Any] = {
        "FieldError": FieldError,
        "ValidationError": ValidationError,
        "NotDecided": NotDecided,
        "UNSET": msgspec.UNSET,
        "new": object.__new__,
        "model": plan.model,
    }
    name = f"{plan.model.__name__}_from_document"
    lines = [f"def {name}(document):", "    try:"]
    fields = zip(plan.fields, plan.specs, strict=True)
    for index, (field, spec) in enumerate(fields):
        variable = f"value_{index}"
        finish = spec.kind.decoded_source(variable, namespace, bail)
        lines.append(f"        {variable} = document.{field.name}")
        default = default_factory(field)
        if default is None:
            lines.extend(f"        {line}" for line in finish)
            continue
        namespace[f"{variable}_default"] = default
        lines += [
            f"        if {variable} is UNSET:",
            f"            {variable} = {variable}_default()",
        ]
        if finish:
            lines.append("        else:")
            lines.extend(f"            {line}" for line in finish)
    lines += [
        "    except (NotDecided, ValidationError, FieldError, KeyError,",
        "            TypeError, ValueError, OverflowError):",
        "        pass",  # raise outside, with no context to carry
        "    else:",
        "        instance = new(model)",
    ]
    for index, setter in enumerate(plan.setters):
        namespace[f"set_{index}"] = setter
        lines.append(f"        set_{index}(instance, value_{index})")
    lines += ["        return instance", f"    {bail}"]
    source = "\n".join(lines)
    exec(compile(source, f"<{name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]  # type: ignore[no-any-return]
