"""Generated constructors: attrs' checks, one function per model.

attrs' ``__init__`` calls a converter and a validator per field, and sets
each field through ``object.__setattr__``: about 25 calls for a
`TokenData`. The generated constructor checks the values a caller usually
gives (held values: aware UTC datetimes, enum members, tuples or lists of
plain ASCII strings, model instances) inline, and sets the slots directly.
Any other value, valid or not, goes to attrs' own ``__init__`` with the
arguments as given, which converts them, or names every problem: the
generated code only ever decides what attrs' would decide the same way.

Each model's constructor is generated on its first call, not at import.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs

from ._codegen import built_once, compile_function, indented
from ._errors import NotDecided
from ._fields import field_spec
from ._kinds import (
    Rejected,
)

__all__ = ["install_generated_init"]


def install_generated_init(cls: type, method: str = "__init__") -> None:
    """Make a model's attrs constructor generated on its first call.

    Parameters
    ----------
    cls
        A model class whose ``method`` attrs made.
    method
        ``__init__``, or ``__attrs_init__`` for a class with a constructor
        of its own that calls it.

    Raises
    ------
    TypeError
        A field is not an argument of the constructor under its own name
        (``init=False``, or an alias), which the generated code assumes.
    """
    if any(
        not attribute.init or attribute.alias != attribute.name
        for attribute in attrs.fields(cls)
    ):
        msg = f"{cls.__name__}: every field must be an argument of its name"
        raise TypeError(msg)
    attrs_init = vars(cls)[method]

    @functools.wraps(attrs_init)
    def first_call(self: object, **arguments: Any) -> None:
        generated = _generated_init(cls, method)
        generated(self, **arguments)

    setattr(cls, method, first_call)


@built_once
def _generated_init(cls: type, method: str) -> Any:
    """Generate a model's constructor, install it, and return it."""
    attrs_init = vars(cls)[method].__wrapped__
    generated = functools.wraps(attrs_init)(_make_init(cls, attrs_init))
    setattr(cls, method, generated)
    return generated


def _make_init(cls: type, attrs_init: Any) -> Any:
    """Return the generated constructor of a model."""
    # The generators load on first use, not with the package.
    from ._structure_gen import slot_setter  # noqa: PLC0415

    namespace: dict[str, Any] = {
        "NotDecided": NotDecided,
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
        checks += _check_lines(attribute, variable, namespace)
        namespace[f"{name}_set"] = slot_setter(cls, name)
    names = [attribute.name for attribute in attrs.fields(cls)]
    arguments = ", ".join(f"{name}={name}" for name in names)
    lines = [
        f"def {cls.__name__}_init(self, *, {', '.join(parameters)}):",
        "    try:",
        *indented(checks, 2),
        "    except Exception:",
        "        pass",
        "    else:",
        *(f"        {name}_set(self, {name}_)" for name in names),
        "        return",
        # attrs' own constructor converts the values, or names the problems.
        f"    attrs_init(self, {arguments})",
    ]
    return compile_function(f"{cls.__name__}_init", lines, namespace, cls)


def _check_lines(
    attribute: attrs.Attribute[Any], variable: str, namespace: dict[str, Any]
) -> list[str]:
    """Return lines that make a value held as attrs would, or bail out."""
    spec = field_spec(attribute)
    if spec is None:
        msg = f"{attribute.name} is not a model field"
        raise TypeError(msg)
    return spec.kind.constructor_lines(variable, attribute.name, namespace)
