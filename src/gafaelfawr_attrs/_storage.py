"""Building instances of the package's models through their storage classes.

Each model keeps its fields in slots declared by a plain class among its
bases, its *storage class*, made from its own field declarations
(`make_storage`, called by `_define.stored`) before attrs makes the
model: attrs reuses a base's slots, so the model adds none, and an
instance of the storage class and one of the model have the same
layout. The generated structuring code
builds an instance of the storage class by calling it (cheaper than
``object.__new__``), sets its fields by plain assignments, which CPython
turns into direct slot stores, then gives it the model's class. The
instance is only seen by other code once it has its model's class. A
generated constructor, whose instance has its class already, sets each
slot through its descriptor (`slot_setter`), past the frozen guard.

Measured for a `TokenBase` of five fields (CPython 3.11, the benchmark's
machine): 80 ns this way; 241 ns through the slots' descriptors (the
other way past the frozen ``__setattr__``), 358 ns through
``object.__setattr__``.

The storage class is a base made before the model, not a class made from
the model afterwards: CPython gives an instance another class only where
both have the same base below their slots, so that class would be the
model's subclass, among its ``__subclasses__()``, which cattrs'
``include_subclasses`` walks: it then cannot tell the model from it, and
raises.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import attrs

__all__ = [
    "fields_taken",
    "filled_instance",
    "filling_lines",
    "is_stored",
    "make_storage",
    "slot_setter",
    "storage_class",
]


_FIELDS_OF: dict[type, type | None] = {}
"""Each storage class `make_storage` made (one per model, at import),
and the model whose fields it also holds (see `fields_taken`)."""


def make_storage(
    cls: type,
    declared: Iterable[str],
    fields_of: type | None,
    finish: Callable[[type], None],
) -> type:
    """Make the storage class of a model, before attrs makes the model.

    Parameters
    ----------
    cls
        The model's class, as its statement made it.
    declared
        The fields its statement declares, in order.
    fields_of
        A model whose fields it also has without inheriting from it (see
        `fields_taken`).
    finish
        What finishes the model once attrs has made it: the storage
        class's ``__attrs_init_subclass__``, which attrs calls with the
        model (and with each subclass of it that attrs makes).

    Returns
    -------
    type
        A plain class with a slot for each field declared and each of
        ``fields_of``'s, but those the storage class of a model the class
        inherits from holds, from which it then derives; and one for weak
        references where it derives from none.
    """
    below = next((k for k in cls.__mro__ if k in _FIELDS_OF), None)
    held = set() if below is None else _slots(below)
    names = [name for name in declared if name not in held]
    if fields_of is not None:
        names += [
            attribute.name
            for attribute in attrs.fields(fields_of)
            if attribute.name not in held and attribute.name not in names
        ]
    slots = names if below is not None else [*names, "__weakref__"]

    def finished(model: type) -> None:
        finish(model)
        # The hook attrs would have called in this one's place: the next
        # one past the storage classes (a user's mixin's), if any.
        *_, last = (klass for klass in model.__mro__ if klass in _FIELDS_OF)
        following = getattr(
            super(last, model), "__attrs_init_subclass__", None
        )
        if following is not None:
            following()

    storage = type(
        f"_{cls.__name__}Slots",
        (object,) if below is None else (below,),
        {
            "__slots__": tuple(slots),
            "__module__": cls.__module__,
            "__doc__": f"Where a `{cls.__name__}` keeps its fields.",
            "__attrs_init_subclass__": classmethod(finished),
        },
    )
    _FIELDS_OF[storage] = fields_of
    return storage


def _slots(storage: type) -> set[str]:
    """Return the slots a storage class holds, with those of its bases."""
    return {
        name
        for klass in storage.__mro__
        for name in vars(klass).get("__slots__", ())
    }


def is_stored(cls: type) -> bool:
    """Tell whether `stored` gave a class its storage class.

    Parameters
    ----------
    cls
        Any class.

    Returns
    -------
    bool
        Whether a storage class is among its own bases: it is one of the
        package's models, not a subclass of one.
    """
    return any(base in _FIELDS_OF for base in cls.__bases__)


def fields_taken(cls: type) -> type | None:
    """Return the model whose fields a model also has, if any.

    Parameters
    ----------
    cls
        A class `stored` gave a storage class.

    Returns
    -------
    type or None
        The ``fields_of`` it was given.
    """
    storage = next((k for k in cls.__mro__ if k in _FIELDS_OF), None)
    return None if storage is None else _FIELDS_OF[storage]


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
        The model has no storage class (`stored`), declares slots of its
        own, or its storage class does not hold exactly its fields.
    """
    storage = next((k for k in cls.__mro__ if k in _FIELDS_OF), None)
    names = {attribute.name for attribute in attrs.fields(cls)}
    if (
        storage is None
        or vars(cls).get("__slots__")
        or storage.__basicsize__ != cls.__basicsize__
        or _slots(storage) - {"__weakref__"} != names
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


def slot_setter(cls: type, name: str) -> Callable[[object, object], None]:
    """Return what sets a field's slot past the model's frozen guard.

    For a generated constructor, which runs on an instance already of the
    model's class (so the storage's plain assignments are not for it).

    Parameters
    ----------
    cls
        One of the package's models.
    name
        One of its fields.

    Returns
    -------
    callable
        The ``__set__`` of the slot's descriptor, in the storage class.
    """
    holder = next(
        klass for klass in storage_class(cls).__mro__ if name in vars(klass)
    )
    return vars(holder)[name].__set__  # type: ignore[no-any-return]
