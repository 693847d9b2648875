"""Generated structuring functions: the fast path.

Each model class gets, per converter, one generated function, a method of
its plan (`_plan.StructurePlan`). It runs every field's inlined checks,
nested models' fields included, and builds the instance; a field whose
value they do not take (a value of another type, a constraint not met, a
missing key) is read again by its detailed reader (`_detailed`), which
reports each problem with its location, and the other fields are still
read on the fast path (see `_field_lines`).

The package's own models are built by filling their slots directly: what
their attrs validators would check has been checked. Any other class with
model fields (a user's subclass of a model) is built by calling it, so that
its own converters, validators and ``__attrs_post_init__`` run; its fields
without a kind are read with the converter's hooks for their types.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, get_args

import cattrs

from ._codegen import Made, compile_function, indented
from ._detailed import has_unusual_key
from ._errors import (
    HIDDEN,
    ErrorDetails,
    FallBack,
    FieldError,
    ValidationError,
    container_error,
    list_type_error,
    locate,
    problems_found,
)
from ._exact import elements
from ._kinds import (
    LIST_SOURCES,
    READING_REFUSALS,
    Checker,
    Kind,
    Model,
    checking_lines,
)
from ._plan import FieldPlan, StructurePlan, own_plan, planning
from ._storage import filling_lines
from ._translate import holds_credentials

__all__ = ["make_list_hook", "make_structure_hook"]

_MISSING = object()
"""Marks a key absent from the input."""


_NOT_PLAIN: list[ErrorDetails] = []
"""Stands for the errors of a dict whose keys are not all exact strings,
which the general detailed path reads (never added to)."""


def make_structure_hook(
    cls: type, converter: cattrs.Converter, *, forbid_extra_keys: bool
) -> Callable[[object, Any], Any]:
    """Generate the function structuring one class for a converter.

    Parameters
    ----------
    cls
        A model class or a user's subclass of one.
    converter
        The converter whose hooks read nested models and the fields that
        have no kind.
    forbid_extra_keys
        Whether keys that name no field are errors.

    Returns
    -------
    callable
        A cattrs structure hook: a function of the input data and the type
        that returns an instance or raises `ValidationError` naming every
        problem.
    """
    with planning(cls):
        plan = StructurePlan(
            cls, converter, forbid_extra_keys=forbid_extra_keys
        )
    name = f"structure_{cls.__name__}"
    namespace: dict[str, Any] = {
        "FallBack": FallBack,
        "MISSING": _MISSING,
        "NOT_PLAIN": _NOT_PLAIN,
        "FieldError": FieldError,
        "locate": locate,
        "READING_REFUSALS": READING_REFUSALS,
        # The error made by its __new__ alone (its __init__ does nothing):
        # a Python call fewer on every error raised.
        "new_error": functools.partial(
            ValidationError.__new__, ValidationError
        ),
        "structure_in_detail": plan.detailed.structure_in_detail,
        "read_unusual": plan.detailed.read_unusual,
        "has_unusual_key": has_unusual_key,
        "read_field": plan.detailed.read_field,
        "extra_key_errors": plan.detailed.extra_key_errors,
        "title": cls.__name__,
        "cl": cls,
        "names": plan.names,
        "build": plan.build,
    }
    # Each field is read by its kind's lines in a try block of its own
    # (free when nothing is raised), which falls back on named conditions
    # (see `_field_lines`); only the statements reading a dict by its keys
    # keep what a key of the input's own raises (`_key_raised`), for
    # `read_unusual`, which then reads the input in detail. Errors are
    # raised outside every except clause, so that they carry no context
    # (whose input may be a credential).
    body = _record_lines(
        plan, "data", "", namespace, (), inline_models=plan.fills_slots
    )
    if plan.forbid_extra_keys:
        body += [
            "try:",
            "    known = names.issuperset(data)",
            *_key_raised("known"),
            "else:",
            "    if not known:",
            *indented(
                _adding_errors("errors.extend(extra_key_errors(data.items()))")
            ),
        ]
    lines = [
        f"def {name}(plan, data, _=None):",
        "    if type(data) is not dict:",
        "        return structure_in_detail(data)",
        "    errors = unusual = None",
        *indented(body),
        "    if unusual is not None:",
        "        return read_unusual(data, unusual)",
    ]
    lines += [
        "    if errors is not None:",
        # A dict with keys other than exact strings: the general path.
        "        if errors is NOT_PLAIN:",
        "            return structure_in_detail(data)",
        "        if errors:",
        "            raise new_error(errors, title, cl)",
        *indented(_build_lines(plan, namespace)),
    ]
    return plan.hook(compile_function(name, lines, namespace, cls))


def _adding_errors(line: str) -> list[str]:
    """Return lines running one that adds to ``errors``, made on first need.

    The list is not made for a dict whose keys are not all exact strings
    (`_NOT_PLAIN`), which the general path reads instead.
    """
    return [
        "    if errors is None:",
        "        errors = NOT_PLAIN if has_unusual_key(data) else []",
        "    if errors is not NOT_PLAIN:",
        f"        {line}",
    ]


def _record_lines(  # noqa: PLR0913 (the record, and where its lines go)
    plan: StructurePlan,
    source: str,
    prefix: str,
    namespace: dict[str, Any],
    location: tuple[str, ...],
    *,
    inline_models: bool,
    hide_input: bool = False,
) -> list[str]:
    """Return the fast path's lines reading every field of a dict.

    Each field's held value is left in the variable ``PREFIX NAME _``; see
    `_field_lines`.

    Parameters
    ----------
    plan
        The plan of the class whose fields are read.
    source
        The variable holding the dict.
    prefix
        Prefix of the lines' variables and of the names they add to the
        namespace; ``""`` for the class being structured.
    namespace
        The generated function's globals.
    location
        Expressions of the dict's location in the input (empty for the
        input itself).
    inline_models
        Whether nested models of the package, read by the package's own
        hooks, are read inline rather than by calling their hooks.
    hide_input
        Whether the dict is part of a credential (a field that holds one),
        whose inputs errors never show.

    Returns
    -------
    list of str
        The lines.
    """
    namespace[f"{prefix}read_field"] = plan.detailed.read_field
    lines = []
    for field in plan.fields:
        lines += _field_lines(
            field,
            plan,
            source,
            prefix,
            namespace,
            location,
            inline_models=inline_models,
            hide_input=hide_input,
        )
    return lines


def _field_lines(  # noqa: PLR0913, PLR0917 (those of _record_lines, and the field)
    field: FieldPlan,
    plan: StructurePlan,
    source: str,
    prefix: str,
    namespace: dict[str, Any],
    location: tuple[str, ...],
    *,
    inline_models: bool,
    hide_input: bool,
) -> list[str]:
    """Return the fast path's lines reading one field of a dict.

    The field's kind's lines run in a try block of their own. A value they
    do not take, or a missing key, is read again by the field's detailed
    reader, which adds the field's problems to ``errors`` (made on first
    need), and reading goes on with the next field; a nested model's
    fields are read alike, so that a nested model's bad value is found
    once, where it is. See `_record_lines`.
    """
    name = f"{prefix}{field.name}"
    variable = f"{name}_"
    where = (*location, repr(field.name))
    hide_input = hide_input or field.hide_input
    namespace[f"{name}_field"] = field
    reader = _FieldReader(
        plan,
        where,
        inline=inline_models,
        hide_input=hide_input,
        names_refusals=not field.nests,
    )
    if field.kind is None:
        read = _hook_lines(field, variable, name, namespace, reader)
    else:
        read = field.kind.reading_lines(variable, name, namespace, reader)
    reading = ["try:", *indented(read)]
    # The variable is set on every path: a nested model is built from its
    # fields' variables whatever their problems (and then left unused).
    named = reader.refused_lines(variable, "problem.errors")
    if named is not None:
        # The kind's own refusal raised by a reader it calls (or the
        # converter's hook's, for a field without a kind), as its detailed
        # reader gives it: the same reader of the same value, whose
        # problems are located relative to it. (A nested model's fields
        # add their own, where they are.)
        reading += ["except FieldError as problem:", *named]
    read_again = (
        f"{variable} = {prefix}read_field({name}_field, {source}, errors"
    )
    if location:
        read_again += f", ({', '.join(location)},)"
    if hide_input and not field.hide_input:
        read_again += ", hide_input=True"
    read_again += ")"
    read_in_detail = [f"    {variable} = None", *_adding_errors(read_again)]
    # What the kinds' lines raise for a value they do not take; any other
    # exception is a mistake of theirs, and raised.
    reading += ["except READING_REFUSALS:", *read_in_detail]
    if field.default is None:
        return [
            "try:",
            f"    {variable} = {source}[{field.name!r}]",
            "except KeyError:",  # missing: the detailed reader names it
            *read_in_detail,
            *_key_raised(variable),
            "else:",
            *indented(reading),
        ]
    namespace[f"{name}_default"] = field.default
    return [
        "try:",
        f"    {variable} = {source}.get({field.name!r}, MISSING)",
        *_key_raised(variable),
        "else:",
        f"    if {variable} is MISSING:",
        f"        {variable} = {name}_default()",
        "    else:",
        *indented(reading, 2),
    ]


def _key_raised(variable: str) -> list[str]:
    """Return the clause of a statement that reads a dict by its keys.

    Only a key other than an exact string runs code of its own there (a
    lookup calls its ``__eq__``, a set's test its ``__hash__``), and may
    raise anything: what it raised is kept in ``unusual``, for
    `DetailedReader.read_unusual` once the record is read (outside every
    except clause, so that errors carry no context, whose input may be a
    credential), and ``variable`` is set as every path sets it.
    """
    return [
        "except Exception as error:",
        "    unusual = error",
        f"    {variable} = None",
    ]


def _build_lines(plan: StructurePlan, namespace: dict[str, Any]) -> list[str]:
    if plan.fills_slots:
        return [
            *filling_lines(
                plan.cls,
                ((field.name, f"{field.name}_") for field in plan.fields),
                "instance",
                namespace,
            ),
            "return instance",
        ]
    # The class's own checks may refuse the values: `build` names why.
    arguments = ", ".join(
        f"{field.alias!r}: {field.name}_" for field in plan.fields
    )
    return [f"return build({{{arguments}}})"]


def _hook_lines(
    field: FieldPlan,
    variable: str,
    prefix: str,
    namespace: dict[str, Any],
    reader: _FieldReader,
) -> list[str]:
    """Return the lines reading a field without a kind (a user's field)."""
    namespace[f"{prefix}_check"] = field.checked
    return checking_lines(variable, f"{prefix}_check", namespace, reader)


class _FieldReader:
    """Reads a field for the fast path (`NestedModels`).

    The models it holds, and the problems of its value.
    """

    __slots__ = ("hide_input", "inline", "location", "names_refusals", "plan")

    def __init__(
        self,
        plan: StructurePlan,
        location: tuple[str, ...],
        *,
        inline: bool,
        hide_input: bool,
        names_refusals: bool = False,
    ) -> None:
        self.plan = plan
        self.location = location
        """Expressions of the field's location in the input."""
        self.inline = inline
        """Whether nested models of the package, read by the package's own
        hooks, are read inline rather than by calling their hooks."""
        self.hide_input = hide_input
        """Whether the field's value is part of a credential."""
        self.names_refusals = names_refusals
        """Whether the problems its kind's lines find are named where they
        are found (`refused_lines`), rather than read again in detail (a
        field holding models, whose problems are where they are)."""

    def refused_lines(self, variable: str, problems: str) -> list[str] | None:
        """Return lines naming a refused value's problems where it is."""
        if not self.names_refusals:
            return None
        return [
            f"    {variable} = None",
            *_adding_errors(
                f"errors += locate({problems}, ({', '.join(self.location)},),"
                f" hide_input={self.hide_input})"
            ),
        ]

    def model_lines(
        self,
        kind: Model,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        within: str | None = None,
    ) -> list[str]:
        """Return lines reading a nested model."""
        plan = self.plan
        nested = _inlined_plan(plan, kind.model, self.inline)
        if nested is not None:
            where = (
                self.location if within is None else (*self.location, within)
            )
            return [
                f"if type({variable}) is not dict: raise FallBack",
                *_nested_lines(
                    nested, variable, prefix, namespace, where, self.hide_input
                ),
            ]
        namespace[f"{prefix}_check"] = self.checker(kind)
        return checking_lines(variable, f"{prefix}_check", namespace)

    def item_lines(
        self,
        kind: Model,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        within: str,
    ) -> list[str] | None:
        """Return lines reading one item of a list of models in place."""
        nested = _inlined_plan(self.plan, kind.model, self.inline)
        if nested is None:
            return None  # the converter's hook, perhaps a user's
        where = (*self.location, within)
        read_item = _nested_lines(
            nested, variable, prefix, namespace, where, self.hide_input
        )
        # Any other item is read in detail alone, its problems located at
        # it, and the list's other items still read.
        namespace[f"{prefix}_check_item"] = kind.checker(
            self.plan.checkers.nested_checker
        )
        problems = f"{prefix}_problems"
        add_problems = (
            f"errors += locate({problems}, ({', '.join(where)},),"
            f" hide_input={self.hide_input})"
        )
        return [
            f"if type({variable}) is dict:",
            *indented(read_item),
            "else:",
            f"    {variable}, {problems} = {prefix}_check_item({variable})",
            f"    if {problems}:",
            *indented(_adding_errors(add_problems)),
        ]

    def checker(self, kind: Kind) -> Checker:
        """Return the detailed reader of a field's whole value."""
        # The converter's hooks read its models, a user's perhaps: what
        # they raise is a problem returned (`FieldCheckers.kind_checker`).
        return self.plan.checkers.kind_checker(kind)


def _inlined_plan(
    plan: StructurePlan,
    model: type,
    inline_models: bool,  # noqa: FBT001
) -> StructurePlan | None:
    """Return the plan of a nested model to read inline, if it is one.

    Only the package's own models, read by the hooks the package made for
    the converter (a hook a user registered is called instead), are read
    inline.
    """
    if not inline_models:
        return None
    nested = own_plan(plan.converter, model)
    if nested is None or not nested.fills_slots or nested.cls is not model:
        return None
    return nested


def _nested_lines(  # noqa: PLR0913, PLR0917 (those of _record_lines)
    nested: StructurePlan,
    variable: str,
    prefix: str,
    namespace: dict[str, Any],
    location: tuple[str, ...],
    hide_input: bool,  # noqa: FBT001
) -> list[str]:
    """Return lines reading a nested model's dict inline, in place.

    Its fields' problems are added where they are found (``location`` is
    the expressions of the dict's location; ``hide_input``, whether it is
    part of a credential); a key it forbids raises, and the field holding
    it is read again in detail. The variable holds a dict: the caller
    tells.
    """
    inner = f"{prefix}__"
    lines = _record_lines(
        nested,
        variable,
        inner,
        namespace,
        location,
        inline_models=True,
        hide_input=hide_input,
    )
    if nested.forbid_extra_keys:
        namespace[f"{inner}names"] = nested.names
        lines += [
            "try:",
            f"    known = {inner}names.issuperset({variable})",
            *_key_raised("known"),
            "if not known: raise FallBack",
        ]
    values = ((field.name, f"{inner}{field.name}_") for field in nested.fields)
    return lines + filling_lines(
        nested.cls, values, variable, namespace, inner
    )


def make_list_hook(
    list_type: Any, converter: cattrs.Converter, *, forbid_extra_keys: bool
) -> Callable[[object, Any], list[Any]]:
    """Return the structuring function of lists of a model.

    Parameters
    ----------
    list_type
        ``list`` of the model class of the items.
    converter
        The converter whose hook reads each item.
    forbid_extra_keys
        The converter's option, which shaped the items' hook.

    Returns
    -------
    callable
        A cattrs structure hook returning a list of instances, or raising
        `ValidationError` naming every problem of every item.
    """
    (item_type,) = get_args(list_type)
    structure_item = converter.get_structure_hook(item_type)
    title = f"list[{item_type.__name__}]"
    hide = holds_credentials(item_type)

    def structure_list(
        _made: Made, data: object, _: object = None
    ) -> list[Any]:
        if not issubclass(type(data), LIST_SOURCES):  # not __class__
            error = list_type_error(HIDDEN if hide else data)
            raise ValidationError([error], title, list_type)
        items = data if type(data) is list else elements(data)  # type: ignore[arg-type]  # a list or tuple, told by its type
        try:
            return [structure_item(item, item_type) for item in items]
        except ValidationError:
            pass
        errors: list[ErrorDetails] = []
        for index, item in enumerate(items):
            try:
                structure_item(item, item_type)
            except ValidationError as problem:
                errors += locate(problems_found(problem), (index,))
        raise container_error(errors, title, list_type)

    return Made(list_type, forbid_extra_keys).hook(structure_list)
