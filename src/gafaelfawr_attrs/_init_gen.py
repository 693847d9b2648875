"""Generated constructors: attrs' checks, one function per model.

attrs' ``__init__`` calls a converter and a validator per field, and sets
each field through ``object.__setattr__``: about 25 calls for a
`TokenData`. The generated constructor takes the values a caller usually
gives (held values: aware UTC datetimes, enum members, tuples or lists of
strings, model instances) inline, each with the lines its
field's kind gives (`Kind.constructor_lines`), and converts others with
the kind's own converter where the kind converts (a value's `refusal`,
then `Kind.convert`); it sets the slots through their descriptors. A
value it cannot take so, valid or not, sends every argument as given to
attrs' own ``__init__``, which converts them, or names every problem:
the generated code only ever decides what attrs' would decide the same
way.

Each model's constructor is generated when its ``__init__`` is first
looked up (the first instance made, or ``inspect``), and is then the
class's ``__init__`` itself: ``inspect.getsource(TokenBase.__init__)``
shows the code that runs. attrs' own constructor, which it falls back on,
is kept as the class's ``__attrs_init__`` (attrs' name for the constructor
it makes for a class that has its own).
"""

from __future__ import annotations

import typing
from typing import Annotated, Any, get_origin

import attrs

from ._codegen import built_once, compile_function, indented
from ._errors import FallBack
from ._fields import field_spec
from ._kinds import Rejected
from ._storage import slot_setter

__all__ = ["install_generated_init"]


def install_generated_init(cls: type) -> None:
    """Make the generated constructor a model's ``__init__``.

    attrs' own becomes the class's ``__attrs_init__``; the generated one
    is made when ``__init__`` is first looked up (see `_OnFirstLookup`).

    Parameters
    ----------
    cls
        A model class whose ``__init__`` attrs made.

    Raises
    ------
    TypeError
        A field is not an argument of the constructor under its own name
        (``init=False``, or an alias), or has a default factory that takes
        the instance, which the generated code assumes it has not (its
        readers too, which call factories alone); or is not a model field.
    """
    if any(
        not attribute.init
        or attribute.alias != attribute.name
        or getattr(attribute.default, "takes_self", False)
        for attribute in attrs.fields(cls)
    ):
        msg = (
            f"{cls.__name__}: every field must be an argument of its name,"
            " with no default factory taking the instance"
        )
        raise TypeError(msg)
    cls.__attrs_init__ = vars(cls)["__init__"]  # type: ignore[attr-defined]
    cls.__init__ = _OnFirstLookup(cls)  # type: ignore[misc]


class _OnFirstLookup:
    """Stands for a model's generated ``__init__`` until it is looked up.

    Looking ``__init__`` up (making an instance, ``inspect``, ``getattr``)
    generates the constructor, puts it in the class in this object's place
    and gives it: from then on ``__init__`` is the generated function
    itself, with no call between. Made on first use, not at import:
    compiling the models' constructors took a millisecond and a half, a
    third of the package's own import time, measured.

    Parameters
    ----------
    cls
        The model.
    """

    __slots__ = ("_cls",)

    def __init__(self, cls: type) -> None:
        self._cls = cls

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        generated = _generated_init(self._cls)
        return generated if instance is None else generated.__get__(instance)


@built_once
def _generated_init(cls: type) -> Any:
    """Generate a model's constructor and make it the class's ``__init__``."""
    attrs_init = cls.__attrs_init__  # type: ignore[attr-defined]
    generated = _make_init(cls, attrs_init)
    generated.__doc__ = attrs_init.__doc__
    fields = attrs.fields_dict(cls)
    generated.__annotations__ = {
        name: _argument_type(fields.get(name), hint)
        for name, hint in attrs_init.__annotations__.items()
    }
    cls.__init__ = generated  # type: ignore[misc]
    return generated


def _argument_type(attribute: attrs.Attribute[Any] | None, hint: Any) -> Any:
    """Return the type a constructor's argument takes, as callers see it.

    A field's type without the cattrs override it carries for converters
    (`install_kinds`); a converter's argument type, which attrs gives as
    the converter's module wrote it (text, under postponed annotations),
    resolved there, so that `typing.get_type_hints` reads the constructor.
    """
    if get_origin(hint) is Annotated:
        return hint.__origin__
    if not isinstance(hint, str) or attribute is None:
        return hint
    converter = attribute.converter
    code = getattr(converter, "__code__", None)
    if code is None or not code.co_argcount:
        return hint
    try:
        return typing.get_type_hints(converter).get(code.co_varnames[0], hint)
    except NameError:  # pragma: no cover - the package's converters resolve
        return hint


def _make_init(cls: type, attrs_init: Any) -> Any:
    """Return the generated constructor of a model."""
    namespace: dict[str, Any] = {
        "FallBack": FallBack,
        "NOTHING": attrs.NOTHING,
        "Rejected": Rejected,
        "attrs_init": attrs_init,
    }
    parameters = []
    checks = []
    for attribute in attrs.fields(cls):
        name = attribute.name
        default = attribute.default
        variable = f"{name}_"
        if default is attrs.NOTHING:
            parameters.append(name)
            checks.append(f"{variable} = {name}")
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            namespace[f"{name}_factory"] = default.factory
            parameters.append(f"{name}=NOTHING")
            checks.append(
                f"{variable} = {name}_factory() if {name} is NOTHING"
                f" else {name}"
            )
        else:
            namespace[f"{name}_default"] = default
            parameters.append(f"{name}={name}_default")
            checks.append(f"{variable} = {name}")
        spec = field_spec(attribute)
        if spec is None:
            msg = f"{cls.__name__}.{name} is not a model field"
            raise TypeError(msg)
        checks += spec.kind.constructor_lines(variable, name, namespace)
        namespace[f"{name}_set"] = slot_setter(cls, name)
    names = [attribute.name for attribute in attrs.fields(cls)]
    arguments = ", ".join(f"{name}={name}" for name in names)
    lines = [
        f"def __init__(self, *, {', '.join(parameters)}):",
        "    try:",
        *indented(checks, 2),
        "    except FallBack:",
        "        pass",
        "    else:",
        *(f"        {name}_set(self, {name}_)" for name in names),
        "        return",
        # attrs' own constructor converts the values, or names the problems.
        f"    attrs_init(self, {arguments})",
    ]
    return compile_function("__init__", lines, namespace, cls)
