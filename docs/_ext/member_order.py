"""List a model's members in its own order, inherited ones included.

``autodoc_member_order = "bysource"`` orders a class's members by where
the module analyzer found them, keyed ``Class.member``. A member that a
model inherits (``TokenData.username``, from ``TokenUserInfo``) has no
such key, so autodoc lists it apart, alphabetically. This extension gives
every member of each public model a place, once the analyzer has read
the module:

- class attributes that are not fields (``datetimes_written_as``) first,
  as the models declare them first;
- then the fields, in the class's field order (``attrs.fields``): the
  order of the constructor, of the written JSON and of the Pydantic
  models;
- then methods and properties, base classes' first, each class's in
  source order.

A model that takes another's fields without inheriting from it (the
``TokenData`` of each family takes ``TokenBase``'s, whose virtual
subclass it is) shows their documentation from that model.
"""

from __future__ import annotations

import inspect
from typing import Any

import attrs
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer

import gafaelfawr_attrs
import gafaelfawr_attrs.current

_PACKAGE = "gafaelfawr_attrs"


def _analyzer(cls: type) -> ModuleAnalyzer:
    """Return the analyzer of the module defining a class, read."""
    analyzer = ModuleAnalyzer.for_module(cls.__module__)
    analyzer.analyze()
    return analyzer


def _declared(cls: type) -> dict[str, tuple[int, int]]:
    """Map each member the package declares for a class to its place.

    A place is the depth of the declaring class (base classes first) and
    the member's position in that class's source; a member declared
    again in a subclass takes the subclass's place.
    """
    places: dict[str, tuple[int, int]] = {}
    for depth, base in enumerate(reversed(cls.__mro__)):
        if not base.__module__.startswith(_PACKAGE):
            continue
        prefix = f"{base.__qualname__}."
        for key, position in _analyzer(base).tagorder.items():
            name = key.removeprefix(prefix)
            if key.startswith(prefix) and "." not in name:
                places[name] = (depth, position)
    return places


def _is_routine(cls: type, name: str) -> bool:
    """Tell whether a class's member is a method or a property."""
    member = inspect.getattr_static(cls, name)
    return isinstance(member, (classmethod, staticmethod, property)) or (
        inspect.isroutine(member)
    )


def order_members(cls: type) -> None:
    """Put a model's members, inherited ones included, in its own order.

    Parameters
    ----------
    cls
        An attrs class of the package.
    """
    fields = [field.name for field in attrs.fields(cls)]
    places = _declared(cls)

    def key(name: str) -> tuple[int, int, int]:
        if name in fields:
            return (1, fields.index(name), 0)
        group = 2 if _is_routine(cls, name) else 0
        return (group, *places[name])

    analyzer = _analyzer(cls)
    _take_field_docs(cls, fields, analyzer)
    tagorder = analyzer.tagorder
    for index, name in enumerate(sorted({*places, *fields}, key=key)):
        tagorder[f"{cls.__qualname__}.{name}"] = index


def _take_field_docs(
    cls: type, fields: list[str], analyzer: ModuleAnalyzer
) -> None:
    """Give a model the docs of fields it takes from a model it is not.

    A field with no documentation in the class or its bases gets that of
    the same field in a public model of the same module of which the
    class is a virtual subclass (``TokenBase.register(TokenData)``).
    """
    documented = {
        name
        for base in cls.__mro__
        if base.__module__.startswith(_PACKAGE)
        for (namespace, name) in _analyzer(base).attr_docs
        if namespace == base.__qualname__
    }
    others = [
        other
        for other in vars(inspect.getmodule(cls)).values()
        if isinstance(other, type)
        and attrs.has(other)
        and other not in cls.__mro__
        and issubclass(cls, other)
    ]
    for name in fields:
        if name in documented:
            continue
        for other in others:
            docs = analyzer.attr_docs.get((other.__qualname__, name))
            if docs is not None:
                analyzer.attr_docs[cls.__qualname__, name] = docs
                break


def _order_all(_app: Sphinx) -> None:
    """Order the members of every public model of both families."""
    for module in (gafaelfawr_attrs, gafaelfawr_attrs.current):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                order_members(obj)


def setup(app: Sphinx) -> dict[str, Any]:
    """Order the models' members before any page is read.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        The extension's metadata.
    """
    app.connect("builder-inited", _order_all)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
