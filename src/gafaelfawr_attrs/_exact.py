"""Reading values of built-in types through the base type's own methods.

A subclass of `str`, `int`, `float`, `dict` or `list` may override any
method: ``__iter__`` that raises, ``__int__`` that lies, ``__hash__`` that
changes. The package reads such values as Pydantic's core does, through
the C-level behaviour of the base type, so that an instance of a subclass
is read as the built-in value it holds and no method of the subclass runs.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["SEQUENCE_TYPES", "elements", "pairs"]

SEQUENCE_TYPES: Final = (list, tuple, set, frozenset)
"""The built-in types read as lists."""


def elements(
    value: list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any],
) -> list[Any]:
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
    if type(value) in SEQUENCE_TYPES:
        return list(value)  # a built-in type's own iteration
    base: Any
    for base in SEQUENCE_TYPES:
        if issubclass(type(value), base):  # not __class__: it may lie
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
        Its items, read through `dict` itself; a key that is an instance
        of a subclass of `str` is replaced by the plain string it holds.
    """
    return [
        (str.__str__(key) if issubclass(type(key), str) else key, held)
        for key, held in dict.items(value)
    ]
