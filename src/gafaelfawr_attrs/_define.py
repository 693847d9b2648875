"""Making a model's class: its storage class, its finishing, its repr.

`stored`, applied below attrs' decorator, makes the class again with its
storage class as its last base (see `_storage`), so that attrs, which
reuses a base's slots, adds none; once attrs has made it, its
constructor is generated (`_init_gen`). Each model also gets the models'
one ``__repr__``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TypeVar, overload

import attrs

from ._fields import METADATA_KEY
from ._init_gen import install_generated_init
from ._storage import is_stored, make_storage, storage_class

__all__ = ["model_repr", "stored"]

_C = TypeVar("_C", bound=type)


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
    # The model's fields: the names its statement gives a field of the
    # package (`describe`'s metadata), in their order; anything else,
    # class variables included, stays out of the slots.
    declared = [
        name
        for name in vars(cls).get("__annotations__", {})
        if _is_field(vars(cls).get(name))
    ]
    storage = make_storage(cls, declared, fields_of, _finish)
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


def model_repr(self: attrs.AttrsInstance) -> str:
    """Show a model as attrs shows an instance: its fields' values.

    A field's own ``repr`` is used where it has one (a credential's, which
    `install_kinds` hides). Given to each model by `stored`: attrs keeps a
    class's own ``__repr__``, where it would compile one for each model at
    the package's import (0.9 ms of about 50 for the 2024 family's).

    Parameters
    ----------
    self
        A model instance.

    Returns
    -------
    str
        ``Name(field=value, ...)``, as attrs writes it.
    """
    cls = type(self)
    # The fields of the model given this method: a subclass made with
    # ``repr=False`` is shown as attrs' inherited method would show it.
    model = next(
        k for k in cls.__mro__ if vars(k).get("__repr__") is model_repr
    )
    shown = ", ".join(
        f"{field.name}="
        + (field.repr if callable(field.repr) else repr)(
            getattr(self, field.name)
        )
        for field in attrs.fields(model)
        if field.repr
    )
    return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({shown})"


def _is_field(value: object) -> bool:
    """Tell whether a class body's value is a field of the package.

    An ``attrs.field`` whose metadata holds `describe`'s.
    """
    metadata = getattr(value, "metadata", None)
    return isinstance(metadata, Mapping) and METADATA_KEY in metadata


def _finish(cls: type) -> None:
    """Finish a model once attrs has made it (``__attrs_init_subclass__``).

    Its storage class is checked (`storage_class`) and, where attrs made
    its ``__init__`` (a class with its own gets ``__attrs_init__``
    instead), its constructor is generated (`install_generated_init`); an
    ``__attrs_pre_init__`` or ``__attrs_post_init__``, which the readers
    would never run, is refused (a `TypeError`). A
    user's subclass of a model, which attrs makes too, is left as made.
    (The storage class then runs the hook of a class further on: see
    `make_storage`.)
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
            install_generated_init(cls)


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
