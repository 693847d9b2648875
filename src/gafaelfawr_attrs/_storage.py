"""Building instances of the package's models through their storage classes.

Each model keeps its fields in slots declared by a plain class among its
bases, its *storage class*; the model itself adds no slot (attrs reuses a
base's slots), so an instance of the storage class and one of the model
have the same layout. The generated structuring code builds an instance
of the storage class by calling it (cheaper than ``object.__new__``), sets
its fields by plain assignments, which CPython turns into direct slot
stores, then gives it the model's class. The instance is only seen by
other code once it has its model's class.

Measured for a `TokenBase` of five fields (CPython 3.11, the benchmark's
machine): 80 ns this way; 241 ns through the slots' descriptors (the
other way past the frozen ``__setattr__``), 358 ns through
``object.__setattr__``.

The storage classes are written by hand, a line of names per model,
checked against the model's fields (`storage_class`). A class made from
the model instead, a subclass adding no slots (as fast), would be among
the model's ``__subclasses__()``, which cattrs' ``include_subclasses``
walks: it then cannot tell the model from it, and raises.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = ["filled_instance", "filling_lines", "storage_class"]


_GUARDS = ("__setattr__", "__delattr__", "__init__", "__new__")
"""Methods a storage class must not have: it is built empty by calling it
and filled by plain assignments."""


@functools.cache  # the package's models: a few classes
def storage_class(cls: type) -> type:
    """Return the plain class whose slots hold a model's fields.

    Parameters
    ----------
    cls
        One of the package's models.

    Returns
    -------
    type
        The model's storage class.

    Raises
    ------
    TypeError
        The model has no storage class: it, or a class between it and the
        storage class, declares slots of its own, or the storage class
        does not hold every field, guards its attributes or builds its
        instances with code of its own.
    """
    slotted = [
        klass for klass in cls.__mro__[1:] if vars(klass).get("__slots__")
    ]
    storage = slotted[0] if slotted else object
    names = {attribute.name for attribute in attrs.fields(cls)}
    held = {
        name
        for klass in storage.__mro__
        for name in vars(klass).get("__slots__", ())
    }
    # Calling it builds an empty instance and runs nothing else.
    plain = (
        type(storage) is type
        and not attrs.has(storage)
        and not any(
            name in vars(klass)
            for klass in storage.__mro__[:-1]
            for name in _GUARDS
        )
    )
    if (
        storage is object
        or not plain
        or storage.__basicsize__ != cls.__basicsize__
        or not names <= held
    ):
        msg = f"{cls.__name__} keeps its fields outside a storage class"
        raise TypeError(msg)
    return storage


def filling_lines(
    cls: type,
    values: Iterable[tuple[str, str]],
    target: str,
    namespace: dict[str, Any],
    prefix: str = "",
) -> list[str]:
    """Return source lines building an instance of a model from values.

    Parameters
    ----------
    cls
        One of the package's models.
    values
        Each field's name and the expression (a variable) of its value,
        already as the model holds it: nothing is checked.
    target
        The variable the lines set to the instance.
    namespace
        The generated function's globals, to which the lines' names are
        added.
    prefix
        Prefix of those names, unique to this model in the function.

    Returns
    -------
    list of str
        The lines.
    """
    namespace[f"{prefix}storage"] = storage_class(cls)
    namespace[f"{prefix}model"] = cls
    return [
        f"{target} = {prefix}storage()",
        *(f"{target}.{name} = {value}" for name, value in values),
        f"{target}.__class__ = {prefix}model",
    ]


def filled_instance(cls: type, values: dict[str, object]) -> Any:
    """Build an instance of a model from held values, as `filling_lines` do.

    Parameters
    ----------
    cls
        One of the package's models.
    values
        Each field's value, by name, already as the model holds it:
        nothing is checked.

    Returns
    -------
    object
        The instance.
    """
    instance: Any = storage_class(cls)()
    for name, value in values.items():
        setattr(instance, name, value)
    instance.__class__ = cls
    return instance
