"""Reading values of built-in types through the base type's own methods.

A subclass of `str`, `int`, `float`, `dict` or `list` may override any
method: ``__iter__`` that raises, ``__int__`` that lies, ``__hash__`` that
changes. The package reads such values as Pydantic's core does, through
the C-level behaviour of the base type, so that an instance of a subclass
is read as the built-in value it holds and no method of the subclass runs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing's own from Python 3.13

__all__ = [
    "MAPPING_TYPES",
    "SEQUENCE_TYPES",
    "SEQUENCE_TYPE_IDS",
    "elements",
    "exact_bytes",
    "exact_keys",
    "is_of",
    "pairs",
    "type_ids",
]

T = TypeVar("T")

SEQUENCE_TYPES: Final = (list, tuple, set, frozenset)
"""The built-in types read as lists."""

MAPPING_TYPES: Final = (dict, Mapping)
"""The types of which a hint's origin reads a mapping."""


def type_ids(*types: type) -> frozenset[int]:
    """Return the identities of types, to tell a value's exact type among.

    ``id(type(value)) in ids`` runs no method of the value's class: looking
    a class up in a set of types hashes it, and in a tuple compares it,
    running its metaclass's ``__hash__`` or ``__eq__``, which a hostile
    class may make raise.

    Parameters
    ----------
    *types
        Types, which live as long as the set (built-in ones, forever).

    Returns
    -------
    frozenset of int
        Their identities.
    """
    return frozenset(map(id, types))


SEQUENCE_TYPE_IDS: Final = type_ids(*SEQUENCE_TYPES)
"""The identities of `SEQUENCE_TYPES`."""


def is_of(value: object, kind: type[T] | tuple[type[T], ...]) -> TypeIs[T]:
    """Tell whether a value is of a type, by its type alone.

    `isinstance` asks a value's ``__class__``, which an object may make
    lie (a property returning `int`): the base type's methods would then
    be given an object they cannot read. A value's own type cannot lie.
    A type whose own class (its metaclass) raises when an ABC's check
    hashes or compares it is of no type.

    Parameters
    ----------
    value
        Any value.
    kind
        A type or a tuple of types (ABCs included).

    Returns
    -------
    bool
        Whether the value's type is the type or a subclass of it.
    """
    try:
        return issubclass(type(value), kind)
    except Exception:  # noqa: BLE001 - a hostile metaclass's own methods
        return False


def exact_bytes(value: bytes | bytearray | memoryview) -> bytes:
    """Return the bytes a bytes-like value holds, read through its base type.

    ``memoryview`` of a subclass of `bytes` or `bytearray` would call its
    own ``__buffer__`` (Python 3.12 on); slicing through the base type's
    method runs nothing of the subclass.

    Parameters
    ----------
    value
        A `bytes`, `bytearray` or `memoryview`, or an instance of a
        subclass of the first two.

    Returns
    -------
    bytes
        Its bytes, as an exact `bytes`.
    """
    if is_of(value, bytes):
        return bytes.__getitem__(value, slice(None))
    if is_of(value, bytearray):
        return bytes(bytearray.__getitem__(value, slice(None)))
    return memoryview.tobytes(value)  # memoryview has no subclasses


def elements(value: Collection[Any]) -> list[Any]:
    """Return the items of a built-in sequence or set, in iteration order.

    Parameters
    ----------
    value
        An instance of one of `SEQUENCE_TYPES`, or of a subclass.

    Returns
    -------
    list
        A new list of its items, read through its base type.
    """
    if id(type(value)) in SEQUENCE_TYPE_IDS:
        return list(value)  # a built-in type's own iteration
    base: Any
    for base in SEQUENCE_TYPES:
        if is_of(value, base):
            return list(base.__iter__(value))
    msg = f"not a built-in sequence: {type(value).__name__}"
    raise TypeError(msg)


def pairs(value: dict[Any, Any]) -> list[tuple[Any, Any]]:
    """Return the keys and values of a dict, keys of `str` made exact.

    Parameters
    ----------
    value
        A dict, or an instance of a subclass.

    Returns
    -------
    list of tuple
        Its items, read through `dict` itself (see `exact_keys`).
    """
    return exact_keys(dict.items(value))


def exact_keys(items: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Return a mapping's keys and values, keys of `str` made exact.

    Parameters
    ----------
    items
        The keys and values.

    Returns
    -------
    list of tuple
        Them, a key that is an instance of a subclass of `str` replaced by
        the plain string it holds.
    """
    return [
        (str.__str__(key) if is_of(key, str) else key, held)
        for key, held in items
    ]
