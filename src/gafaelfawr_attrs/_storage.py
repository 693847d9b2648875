"""Building instances of the package's models through their storage classes.

Each model keeps its fields in slots declared by a plain class among its
bases, its *storage class*, which `stored` makes from the model's own
field declarations before attrs makes the model: attrs reuses a base's
slots, so the model adds none, and an instance of the storage class and
one of the model have the same layout. The generated structuring code
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
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, overload

import attrs

__all__ = [
    "fields_taken",
    "filled_instance",
    "filling_lines",
    "is_stored",
    "slot_setter",
    "storage_class",
    "stored",
]


_C = TypeVar("_C", bound=type)

_FIELDS_OF: dict[type, type | None] = {}
"""Each storage class `stored` made (one per model, at import), and the
model whose fields it also holds (see `fields_taken`)."""


@overload
def stored(cls: _C, /) -> _C: ...


@overload
def stored(*, fields_of: type) -> Callable[[_C], _C]: ...


def stored(
    cls: _C | None = None, /, *, fields_of: type | None = None
) -> _C | Callable[[_C], _C]:
    """Give a model a storage class, before attrs makes it (a decorator).

    Applied below ``@attrs.frozen``: the class is made again (as attrs
    makes it again for its slots) with the storage class as its last
    base, which finishes the model when attrs has made it (`_finish`).
    That holds a slot for each field the class declares (each annotated
    ``attrs.field`` whose metadata `describe` made), for each of
    ``fields_of``'s fields it neither declares nor inherits, and for weak
    references where no model it inherits from holds them; it derives
    from the storage class of the model it inherits from, if any. The
    class is also given the models' one ``__repr__`` (`model_repr`),
    unless it has its own.

    Parameters
    ----------
    cls
        The class, as its statement made it.
    fields_of
        A model whose fields the class also has without inheriting from
        it: the class's field transformer takes them (`fields_taken`).

    Returns
    -------
    type or callable
        The class to give attrs; without ``cls``, a decorator.
    """
    if cls is None:
        return functools.partial(_with_storage, fields_of=fields_of)
    return _with_storage(cls, fields_of=fields_of)


def _with_storage(cls: _C, *, fields_of: type | None) -> _C:
    """Make a class again with its storage class (see `stored`)."""
    from ._fields import METADATA_KEY, model_repr  # noqa: PLC0415 (a cycle)

    below = next((k for k in cls.__mro__ if k in _FIELDS_OF), None)
    held = set() if below is None else _slots(below)
    # The model's fields: the names its statement gives a field of the
    # package (`describe`'s metadata), in their order; anything else,
    # class variables included, stays out of the slots.
    names = [
        name
        for name in vars(cls).get("__annotations__", {})
        if _is_field(vars(cls).get(name), METADATA_KEY) and name not in held
    ]
    if fields_of is not None:
        names += [
            attribute.name
            for attribute in attrs.fields(fields_of)
            if attribute.name not in held and attribute.name not in names
        ]
    slots = names if below is not None else [*names, "__weakref__"]
    storage = type(
        f"_{cls.__name__}Slots",
        (object,) if below is None else (below,),
        {
            "__slots__": tuple(slots),
            "__module__": cls.__module__,
            "__doc__": f"Where a `{cls.__name__}` keeps its fields.",
            "__attrs_init_subclass__": classmethod(_finish),
        },
    )
    _FIELDS_OF[storage] = fields_of
    namespace = {
        key: value
        for key, value in vars(cls).items()
        if key not in {"__dict__", "__weakref__"}
    }
    namespace["__qualname__"] = cls.__qualname__  # not in its __dict__
    namespace.setdefault("__repr__", model_repr)
    bases = tuple(base for base in cls.__bases__ if base is not object)
    made = type(cls)(cls.__name__, (*bases, storage), namespace)
    _name_in_cells(made, cls)
    return made


def _is_field(value: object, key: str) -> bool:
    """Tell whether a class body's value is a field of the package.

    An ``attrs.field`` whose metadata holds the key (`describe`'s).
    """
    metadata = getattr(value, "metadata", None)
    return isinstance(metadata, Mapping) and key in metadata


def _finish(cls: type) -> None:
    """Finish a model once attrs has made it (``__attrs_init_subclass__``).

    Its storage class is checked (`storage_class`) and, where attrs made
    its ``__init__`` (a class with its own gets ``__attrs_init__``
    instead), its constructor is generated (`install_generated_init`); an
    ``__attrs_pre_init__`` or ``__attrs_post_init__``, which the readers
    would never run, is refused (a `TypeError`). A
    user's subclass of a model, which attrs makes too, is left as made.
    Then the hook of a class further on (a user's mixin), if any, runs,
    as attrs, or a user's hook calling ``super()``, would have run it.
    """
    if is_stored(cls):
        if hasattr(cls, "__attrs_pre_init__") or hasattr(
            cls, "__attrs_post_init__"
        ):
            # Never run by the readers, which fill instances' slots.
            msg = f"{cls.__name__}: a model has no hooks around its __init__"
            raise TypeError(msg)
        storage_class(cls)
        if "__attrs_init__" not in vars(cls):
            from ._init_gen import install_generated_init  # noqa: PLC0415 (a cycle)

            install_generated_init(cls)
    # The hook attrs would have called in this one's place: the next one
    # past the storage classes (a user's mixin's), if any.
    *_, last = (klass for klass in cls.__mro__ if klass in _FIELDS_OF)
    following = getattr(super(last, cls), "__attrs_init_subclass__", None)
    if following is not None:
        following()


def _name_in_cells(made: type, original: type) -> None:
    """Make the methods that name a class in a cell name it made again.

    A method using ``super()`` or ``__class__`` holds the class its
    statement made in a cell; attrs, which makes the class once more,
    then moves the cells from the class it is given to its own. The one
    thing here that attrs also does (``_ClassBuilder`` for slotted
    classes), and for the same reason: the class is made again, here to
    put its storage class below it before attrs makes it, which no hook
    of attrs allows (its field transformer and ``__attrs_init_subclass__``
    run on a class whose bases are set).
    """
    for value in vars(made).values():
        functions: list[object]
        if isinstance(value, classmethod | staticmethod):
            functions = [value.__func__]
        elif isinstance(value, property):
            functions = [value.fget, value.fset, value.fdel]
        else:
            functions = [value]
        for function in functions:
            for cell in getattr(function, "__closure__", None) or ():
                try:
                    named = cell.cell_contents
                except ValueError:  # an empty cell
                    continue
                if named is original:
                    cell.cell_contents = made


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
