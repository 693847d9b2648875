"""An immutable mapping, for the mappings the models hold."""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final, Generic, Self, TypeVar

__all__ = ["FrozenDict", "frozen_taking"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V], Generic[K, V]):
    """An immutable, hashable mapping that keeps its order.

    It compares equal to any mapping with the same items, as
    `types.MappingProxyType` does. Its items are held in a private copy
    that only a read-only view reaches: neither item nor attribute
    assignment, ``object.__setattr__`` nor a second call of ``__init__``
    can change them.

    Parameters
    ----------
    items
        The mapping to copy.
    """

    __slots__ = ("_view",)

    _view: MappingProxyType[K, V]
    """A read-only view of the private copy (read-only attribute)."""

    def __new__(cls, items: Mapping[K, V] | None = None) -> Self:
        # Built in __new__, not __init__: __init__ can be called again on
        # an existing instance, __new__ always makes a new one.
        frozen = object.__new__(cls)
        _set_view(frozen, MappingProxyType(dict(items or {})))
        return frozen

    def __getitem__(self, key: K) -> V:
        return self._view[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._view)

    def __len__(self) -> int:
        return len(self._view)

    def __contains__(self, key: object) -> bool:
        return key in self._view

    def items(self) -> ItemsView[K, V]:
        return self._view.items()

    def __hash__(self) -> int:
        return hash(frozenset(self._view.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._view == other._view
        return self._view == other

    def __repr__(self) -> str:
        return f"FrozenDict({dict(self._view)!r})"

    def __reduce__(self) -> tuple[type[Self], tuple[dict[K, V]]]:
        return (type(self), (dict(self._view),))


def _make_slot_read_only(cls: type, name: str) -> Callable[[Any, Any], None]:
    """Make a slot of a class read-only, and return what writes it.

    Parameters
    ----------
    cls
        The class.
    name
        The slot's name.

    Returns
    -------
    callable
        Takes an instance and a value, and sets the slot to the value.
    """
    slot = vars(cls)[name]
    setattr(cls, name, property(slot.__get__))
    setter: Callable[[Any, Any], None] = slot.__set__
    return setter


_set_view = _make_slot_read_only(FrozenDict, "_view")


def frozen_taking(items: dict[K, V]) -> FrozenDict[K, V]:
    """Return a `FrozenDict` holding a dict itself, not a copy of it.

    For a dict that no one else holds (a fresh copy): it saves the copy
    and the class call that ``FrozenDict(items)`` makes.

    Parameters
    ----------
    items
        A dict that no other code holds or will change.

    Returns
    -------
    FrozenDict
        The mapping, over ``items``; one shared instance for every empty
        one (immutable: nothing tells them apart but ``is``).
    """
    if not items:
        return _EMPTY
    frozen: FrozenDict[K, V] = _new(FrozenDict)
    _set_view(frozen, MappingProxyType(items))
    return frozen


_new = object.__new__


_EMPTY: Final[FrozenDict[Any, Any]] = FrozenDict()
"""The empty mapping that `frozen_taking` gives for every empty dict."""
