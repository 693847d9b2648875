"""Generated structuring functions: a fast path and a detailed path.

Each model class gets, per converter, one generated function. Its fast path
runs every field's inlined checks, nested models' fields included, and
builds the instance; a field whose value they do not take (a value of
another type, a constraint not met, a missing key) is read again by its
detailed reader, which reports each problem with its location, and the
other fields are still read on the fast path (see `_field_lines`).

The package's own models are built by filling their slots directly: what
their attrs validators would check has been checked. Any other class with
model fields (a user's subclass of a model) is built by calling it, so that
its own converters, validators and ``__attrs_post_init__`` run; its fields
without a kind are read with the converter's hooks for their types.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, cast, get_args

import attrs
import cattrs

from ._codegen import Made, compile_function, indented, made
from ._errors import (
    HIDDEN,
    ErrorDetails,
    FieldError,
    NotDecided,
    ValidationError,
    container_error,
    error_details,
    extra_key_error,
    list_type_error,
    locate,
    missing_error,
    problems_found,
    unreadable,
)
from ._exact import elements, pairs
from ._fields import (
    MADE_BY_CONSTRUCTOR,
    default_factory,
    field_spec,
    forbids_extra_keys,
    is_package_model,
    made_by_constructor,
)
from ._kinds import (
    READING_REFUSALS,
    Checker,
    Kind,
    Model,
    ModelList,
    Reader,
    checked_pairs,
    json_only,
    raising,
)
from ._storage import filled_instance, filling_lines
from ._translate import errors_of_exception, holds_credentials

__all__ = [
    "StructurePlan",
    "make_list_hook",
    "make_structure_hook",
    "own_plan",
    "reads_own_models",
]

_MISSING = object()
"""Marks a key absent from the input."""


_NOT_PLAIN: list[ErrorDetails] = []
"""Stands for the errors of a dict whose keys are not all exact strings,
which the general detailed path reads (never added to)."""


def has_unusual_key(data: dict[Any, Any]) -> bool:
    """Tell whether a dict has a key other than an exact string.

    Such a key's own methods run when the dict is looked up by a field's
    name; looking through an exact dict's keys runs none.

    Parameters
    ----------
    data
        A dict.

    Returns
    -------
    bool
        Whether one of its keys is not an exact `str`.
    """
    for key in data:  # noqa: SIM110 (a generator in any() costs twice this)
        if type(key) is not str:
            return True
    return False


def holds_unusual_keys(data: dict[Any, Any]) -> bool:
    """Tell whether a dict, or one it holds at any depth, has an unusual key.

    See `has_unusual_key`: exact dicts and lists are looked through by
    their own methods, which run nothing of the input's own, each once
    (an input may hold one several times, or itself).

    Parameters
    ----------
    data
        A dict.

    Returns
    -------
    bool
        Whether a key other than an exact string was found.
    """
    pending: list[object] = [data]
    seen: set[int] = set()  # the input holds each, alive, while it is read
    while pending:
        item = pending.pop()
        kind = type(item)
        if (kind is not dict and kind is not list) or id(item) in seen:
            continue
        seen.add(id(item))
        if kind is list:
            pending.extend(cast("list[object]", item))
        elif has_unusual_key(cast("dict[Any, Any]", item)):
            return True
        else:
            pending.extend(cast("dict[Any, Any]", item).values())
    return False


def _new_errors(data: dict[Any, Any]) -> list[ErrorDetails]:
    """Return a new list of a dict's errors, or `_NOT_PLAIN`."""
    return _NOT_PLAIN if has_unusual_key(data) else []


class FieldPlan:
    """How the structuring functions read one field.

    Parameters
    ----------
    name
        The field's name, which is also its key in the input.
    alias
        The field's argument name in the class's ``__init__``.
    kind
        The field's kind; `None` for a field of a user's subclass.
    checked
        Reads the field's input value, as the detailed path does,
        returning the problems: ``(held value, ())`` or ``(None,
        problems)`` (see `Kind.checked`).
    default
        Gives the field's default; `None` when the field is required.
    hide_input
        Whether errors never show the field's input (see `FieldSpec`).
    """

    __slots__ = (
        "alias",
        "checked",
        "default",
        "hide_input",
        "kind",
        "location",
        "name",
        "nests",
    )

    def __init__(  # noqa: PLR0913 (one argument per part of the plan)
        self,
        *,
        name: str,
        alias: str,
        kind: Kind | None,
        checked: Checker,
        default: Callable[[], object] | None,
        hide_input: bool,
    ) -> None:
        self.name = name
        self.alias = alias
        self.kind = kind
        self.checked = checked
        self.default = default
        self.hide_input = hide_input
        self.location = (name,)
        """The field's location in a dict of its class."""
        self.nests = kind is not None and bool(kind.nested_models())
        """Whether the field holds nested models, whose fields' problems
        the fast path adds where it finds them."""


class StructurePlan(Made):
    """What structuring one class reads, and how it builds an instance.

    Its fields (`FieldPlan`, whose detailed readers `FieldCheckers` makes)
    and the options that apply to the class; an input the fast path
    leaves is read by its `DetailedReader` (``detailed``). The structure
    hook generated from it is its method (see `Made`).

    Parameters
    ----------
    cls
        A model class, or a user's subclass of one.
    converter
        The converter whose hooks read nested models and the fields that
        have no kind.
    forbid_extra_keys
        Whether keys that name no field are errors (the converter's
        option).
    """

    def __init__(
        self,
        cls: type,
        converter: cattrs.Converter,
        *,
        forbid_extra_keys: bool,
    ) -> None:
        super().__init__(cls, forbid_extra_keys)
        self.cls = cls
        self.converter = converter
        self.forbid_extra_keys = forbids_extra_keys(
            cls, option=forbid_extra_keys
        )
        """Whether keys that name no field are errors: the converter's
        option, or the class's own (see `forbids_extra_keys`)."""
        attrs.resolve_types(cls)  # a user's fields may be strings yet
        self.fills_slots = is_package_model(cls)
        """Whether instances are built by filling their slots directly."""
        self.checkers = FieldCheckers(converter)
        """How the fields read nested models and values without a kind."""
        self.fields = tuple(
            self._plan(attribute)
            for attribute in attrs.fields(cls)
            if attribute.init
        )
        self.names = frozenset(field.name for field in self.fields)
        self.constructor_makes_defaults = any(
            field.default is made_by_constructor for field in self.fields
        )
        """Whether a default is made by the class's constructor alone (see
        `MADE_BY_CONSTRUCTOR`), whose argument `build` leaves out."""
        self.holds_credentials = holds_credentials(cls)
        """Whether inputs may hold a credential, hidden where unchecked."""
        self.detailed = DetailedReader(self)
        """Reads an input field by field, naming every problem."""

    def _plan(self, attribute: attrs.Attribute[Any]) -> FieldPlan:
        spec = field_spec(attribute)
        kind = None if spec is None else spec.kind
        checked = (
            self.checkers.hook_checker(attribute.type)
            if kind is None
            else kind.checker(self.checkers.nested_checker)
        )
        return FieldPlan(
            name=attribute.name,
            alias=attribute.alias or attribute.name,
            kind=kind,
            checked=checked,
            default=default_factory(attribute),
            hide_input=spec is not None and spec.hide_input,
        )

    def build(self, values: dict[str, object]) -> Any:
        """Make an instance from held values, by argument name.

        Parameters
        ----------
        values
            Each field's value, by its ``__init__`` argument name.

        Returns
        -------
        object
            The instance.

        Raises
        ------
        ValidationError
            The class's own checks refuse the values.
        """
        if self.fills_slots:
            # The package's models take their fields by name.
            return filled_instance(self.cls, values)
        if self.constructor_makes_defaults:
            values = {
                name: value
                for name, value in values.items()
                if value is not MADE_BY_CONSTRUCTOR
            }
        try:
            return self.cls(**values)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 (a user's validator may raise anything)
            problems = errors_of_exception(error, values, self.cls)
        raise ValidationError(problems, self.cls.__name__)


class FieldCheckers:
    """How the fields of one converter's plans read what its hooks read.

    Nested models, and the fields of a user's subclass that have no kind,
    are read by the converter's hooks, which may be a user's: these
    readers call them, and turn what they raise into problems located at
    the value.

    Parameters
    ----------
    converter
        The converter.
    """

    __slots__ = ("converter",)

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter

    def kind_reader(self, kind: Kind) -> Reader:
        """Return the reader of a kind, nested models read by the converter.

        Parameters
        ----------
        kind
            A field's kind.

        Returns
        -------
        callable
            A function of the input value returning the held value, or
            raising `FieldError` with locations relative to the value.
        """
        return raising(kind.checker(self.model_hook_checker))

    def nested_checker(self, cls: type) -> Checker:
        """Return the detailed reader of a nested model's values.

        Where the converter reads the model with the package's own hook, a
        dict is read by that hook, which reads a good one at once (a
        list's good items beside a bad one, or a nested model read in
        detail for another field's sake) and names a bad one's problems
        in the error it raises; anything else is read by the model's
        plan, which returns its problems. Any other hook (a user's) is
        called.

        Parameters
        ----------
        cls
            The nested model.

        Returns
        -------
        callable
            A function of the value returning the held value and no
            problem, or `None` and the value's problems, located relative
            to it.
        """
        plan = own_plan(self.converter, cls)
        if plan is None:
            return self.model_hook_checker(cls)
        checked = plan.detailed.checked
        hook = self.converter.get_structure_hook(cls)  # the plan's

        def check(value: object) -> tuple[object, Sequence[ErrorDetails]]:
            if type(value) is dict:  # bad: the hook raises ValidationError
                try:
                    return hook(value, cls), ()
                except ValidationError as error:
                    return None, problems_found(error)
            try:
                return checked(value)
            except Exception as error:  # noqa: BLE001 (a hostile value's own methods may raise anything; it is reported, located)
                return None, errors_of_exception(error, value, cls)

        return check

    def hook_checker(self, cls: Any) -> Checker:
        """Return a detailed reader calling the converter's hook for a type.

        The hook is looked up now, so that a type the converter cannot
        read is refused when the class's hook is made, as cattrs' own
        functions do; where the type holds the class whose plan is being
        made (a tree), when it is first needed (see `_planning`).
        """
        converter = self.converter
        hook: Callable[[Any, Any], Any] | None
        try:
            hook = converter.get_structure_hook(cls)
        except RecursionError:  # a cycle: the class holds itself
            hook = None

        def check(value: object) -> tuple[object, Sequence[ErrorDetails]]:
            nonlocal hook
            if hook is None:
                hook = converter.get_structure_hook(cls)
            try:
                return hook(value, cls), ()
            except ValidationError as error:
                return None, problems_found(error)
            except Exception as error:  # noqa: BLE001 (a user's hook may raise anything; it is reported, located)
                return None, errors_of_exception(error, value, cls)

        return check

    def model_hook_checker(self, model: type) -> Checker:
        """Return `hook_checker`'s reader of a model, checking the result.

        A user's hook may return anything: only what the model's kind
        holds is held, as a constructor given it would hold it.
        """
        check = self.hook_checker(model)
        held_as_given = Model(model).checked

        def check_model(
            value: object,
        ) -> tuple[object, Sequence[ErrorDetails]]:
            made, problems = check(value)
            return (made, problems) if problems else held_as_given(made)

        return check_model


class DetailedReader:
    """Reads an input of a plan's class field by field, naming every problem.

    The path of an input the generated fast path leaves: one that is not
    a dict, whose keys are not all exact strings, or a nested model's
    value read for another field's sake; and, for the fast path itself,
    the fields whose values its lines did not take (`read_field`).

    Parameters
    ----------
    plan
        The class's plan.
    """

    __slots__ = (
        "build",
        "cls",
        "fields",
        "forbid_extra_keys",
        "holds_credentials",
        "names",
    )

    def __init__(self, plan: StructurePlan) -> None:
        # The plan's parts it reads, held here: an attribute lookup fewer
        # on each bad input.
        self.cls = plan.cls
        self.fields = plan.fields
        self.names = plan.names
        self.forbid_extra_keys = plan.forbid_extra_keys
        self.holds_credentials = plan.holds_credentials
        self.build = plan.build

    def shown(self, data: object) -> object:
        """Return an input as errors may show it.

        Parameters
        ----------
        data
            The input, or part of it.

        Returns
        -------
        object
            The input; `HIDDEN` for a class that holds a credential, whose
            input may hold one under any key, misspelled or unknown.
        """
        return HIDDEN if self.holds_credentials else data

    def structure_in_detail(self, data: object) -> Any:
        """Structure field by field, reporting every problem.

        Parameters
        ----------
        data
            The input.

        Returns
        -------
        object
            The instance.

        Raises
        ------
        ValidationError
            Naming every problem, with its location.
        """
        held, problems = self.checked(data)
        if problems:
            raise ValidationError(problems, self.cls.__name__)
        return held

    def read_unusual(self, data: dict[Any, Any], error: Exception) -> Any:
        """Read an input whose generated reader raised an unnamed exception.

        Only a dict key other than an exact string runs code of its own in
        the generated lines (a lookup by a field's name calls its
        ``__eq__``), and may raise anything: such an input is read in
        detail, which reads keys as plain text. For any other input the
        exception is a mistake of the lines, and raised.

        Parameters
        ----------
        data
            The input, a dict.
        error
            What the generated lines raised.

        Returns
        -------
        object
            The instance.

        Raises
        ------
        ValidationError
            Naming every problem, with its location.
        """
        if not holds_unusual_keys(data):
            raise error
        # No cycle through the generated reader's frame, which holds the
        # error and the input (collected at once, not by the collector).
        error.__traceback__ = None
        return self.structure_in_detail(data)

    def checked(self, data: object) -> tuple[Any, Sequence[ErrorDetails]]:
        """Read field by field, returning every problem rather than raising.

        How an input the fast path leaves is read, and a nested model's
        value other than a dict where the field holding it is read in
        detail: its problems join the whole's without an error raised and
        caught at each level (see `nested_checker`).

        Parameters
        ----------
        data
            The input.

        Returns
        -------
        tuple
            The instance and no problem, or `None` and every problem, with
            its location.
        """
        if issubclass(type(data), self.cls):  # not __class__: it may lie
            return data, []
        if not issubclass(type(data), Mapping):  # not __class__ either
            title = self.cls.__name__
            msg = f"Input should be a valid dictionary or instance of {title}"
            return None, [error_details(msg, "model_type", self.shown(data))]
        mapping = cast("Mapping[Any, Any]", data)
        if type(data) is dict and not has_unusual_key(data):
            return self._checked_items(mapping, data)  # the usual input
        items, problems = checked_pairs(mapping)
        if items is None:
            return None, locate(
                problems, (), hide_input=self.holds_credentials
            )
        given = {key: held for key, held in items if type(key) is str}
        return self._checked_items(mapping, given, items)

    def _checked_items(
        self,
        data: Mapping[Any, Any],
        given: dict[str, Any],
        items: Iterable[tuple[Any, Any]] | None = None,
    ) -> tuple[Any, Sequence[ErrorDetails]]:
        """Read the fields of a mapping (see `checked`).

        ``given`` holds its values by plain string keys; ``items``, all of
        its keys and values, where some keys are not plain strings.
        """
        values: dict[str, object] = {}
        errors: list[ErrorDetails] = []
        for field in self.fields:
            values[field.alias] = self.read_field(
                field, given, errors, data=data
            )
        if self.forbid_extra_keys:
            errors.extend(
                self.extra_key_errors(
                    given.items() if items is None else items
                )
            )
        if errors:
            return None, errors
        try:
            return self.build(values), []
        except ValidationError as error:
            return None, problems_found(error)

    def read_field(  # noqa: PLR0913 (the field, and where it is)
        self,
        field: FieldPlan,
        given: dict[str, Any],
        errors: list[ErrorDetails],
        location: tuple[str | int, ...] = (),
        data: object = None,
        *,
        hide_input: bool = False,
    ) -> object:
        """Read one field of a dict of plain keys, adding its problems.

        Problems already found at the field (by the fast path, which read
        part of it before it gave up) are found again, and replaced.

        Parameters
        ----------
        field
            The field.
        given
            The input's values, by keys that are exact strings; or, where
            ``location`` is not empty, a nested dict as given, whose keys
            are then read as their text if they are not all exact strings.
        errors
            Where the field's problems go.
        location
            Where ``given`` is in the whole input (a nested model's dict).
        data
            The input, which a missing field's error shows, when not
            ``given`` itself.
        hide_input
            Whether ``given`` is part of a credential (a field that holds
            one), whose inputs are never shown.

        Returns
        -------
        object
            The held value, or the default of a field the input lacks;
            `None` when there were problems.
        """
        if location and has_unusual_key(given):
            given = dict(pairs(given))  # a nested dict: keys as plain text
        name = field.name
        where = location + field.location  # the field's own, at the top
        hide_input = hide_input or field.hide_input
        if field.nests and errors:
            size = len(where)
            errors[:] = [
                found for found in errors if found["loc"][:size] != where
            ]
        if name not in given:
            if field.default is not None:
                return field.default()
            shown = self.shown(given if data is None else data)
            errors.append(
                missing_error(HIDDEN if hide_input else shown, where)
            )
            return None
        value = given[name]
        try:
            held, problems = field.checked(value)
        except Exception as error:  # noqa: BLE001 - a hostile value
            shown = HIDDEN if hide_input else value
            errors.append(unreadable(error, shown, where))
            return None
        if problems:
            errors += locate(problems, where, hide_input=hide_input)
        return held

    def extra_key_errors(
        self, items: Iterable[tuple[Any, Any]]
    ) -> list[ErrorDetails]:
        """Return the errors of keys that name no field.

        Parameters
        ----------
        items
            The input's keys and values.

        Returns
        -------
        list of ErrorDetails
            An ``extra_forbidden`` error for each such key.
        """
        return [
            extra_key_error(self.shown(held), (key,))
            for key, held in items
            if type(key) is not str or key not in self.names
        ]


_PLANNED = threading.local()
"""Per thread, the classes whose plan is being made."""


@contextlib.contextmanager
def _planning(cls: type) -> Iterator[None]:
    """Mark a class's plan as being made in this thread.

    A class that holds itself (a tree) asks for its own hook while its
    plan is made: that is a cycle, refused with `RecursionError` as
    cattrs' own generated functions refuse it, and the field that met it
    looks its hook up when first read (`FieldCheckers.hook_checker`).

    Raises
    ------
    RecursionError
        The class's plan is already being made in this thread.
    """
    planned: set[type] = getattr(_PLANNED, "classes", set())
    if cls in planned:
        raise RecursionError(cls.__name__)
    _PLANNED.classes = planned | {cls}
    try:
        yield
    finally:
        _PLANNED.classes = planned


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
    with _planning(cls):
        plan = StructurePlan(
            cls, converter, forbid_extra_keys=forbid_extra_keys
        )
    name = f"structure_{cls.__name__}"
    namespace: dict[str, Any] = {
        "NotDecided": NotDecided,
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
        "new_errors": _new_errors,
        "read_field": plan.detailed.read_field,
        "extra_key_errors": plan.detailed.extra_key_errors,
        "title": cls.__name__,
        "names": plan.names,
        "build": plan.build,
    }
    # Each field is read by its kind's lines in a try block of its own
    # (free when nothing is raised), which falls back on named conditions
    # (see `_field_lines`). Around them all, one more catches what only a
    # dict key other than an exact string raises from its own methods (a
    # lookup calls its __eq__): `read_unusual` then reads the input in
    # detail, or raises the exception, a mistake of the lines. Errors are
    # raised outside every except clause, so that they carry no context
    # (whose input may be a credential).
    body = _record_lines(
        plan, "data", "", namespace, (), inline_models=plan.fills_slots
    )
    if plan.forbid_extra_keys:
        body += [
            "if not names.issuperset(data):",
            *_adding_errors("errors.extend(extra_key_errors(data.items()))"),
        ]
    lines = [
        f"def {name}(plan, data, _=None):",
        "    if type(data) is not dict:",
        "        return structure_in_detail(data)",
        "    errors = None",
        "    try:",
        *indented(body, 2),
        "    except Exception as error:",
        "        unusual = error",
        "    else:",
        "        unusual = None",
        "    if unusual is not None:",
        "        return read_unusual(data, unusual)",
    ]
    lines += [
        "    if errors is not None:",
        # A dict with keys other than exact strings: the general path.
        "        if errors is NOT_PLAIN:",
        "            return structure_in_detail(data)",
        "        if errors:",
        "            raise new_error(errors, title)",
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
        "        errors = new_errors(data)",
        "    if errors is not NOT_PLAIN:",
        f"        {line}",
    ]


def own_plan(converter: cattrs.Converter, model: type) -> StructurePlan | None:
    """Return a model's plan if the converter reads it with its own hook.

    Parameters
    ----------
    converter
        A converter.
    model
        A class.

    Returns
    -------
    StructurePlan or None
        The plan of the hook the converter gives for the class, if that
        hook is the one the package generated from it; `None` for any
        other hook, a user's wrapper of the package's included.
    """
    plan = made(converter.get_structure_hook(model), model)
    return plan if isinstance(plan, StructurePlan) else None


def reads_own_models(converter: cattrs.Converter, model: type) -> bool:
    """Tell whether a converter reads a model and all it nests itself.

    Parameters
    ----------
    converter
        A converter.
    model
        A class.

    Returns
    -------
    bool
        Whether the converter's hooks for the model and for every model
        nested in it, at any depth, are the package's own generated ones,
        made for this converter (not registered from another, with other
        options), for the package's models (whose instances are built
        directly).
    """
    plan = own_plan(converter, model)
    if plan is None or plan.converter is not converter or not plan.fills_slots:
        return False
    return all(
        reads_own_models(converter, nested)
        for field in plan.fields
        if field.kind is not None
        for nested in field.kind.nested_models()
    )


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
    if field.kind is None:
        read = _hook_lines(field, variable, name, namespace)
    else:
        nested = _NestedReader(
            plan, where, inline=inline_models, hide_input=hide_input
        )
        read = field.kind.reading_lines(variable, name, namespace, nested)
    if field.default is None:
        lines = [f"{variable} = {source}[{field.name!r}]", *read]
    else:
        namespace[f"{name}_default"] = field.default
        lines = [
            f"{variable} = {source}.get({field.name!r}, MISSING)",
            f"if {variable} is MISSING:",
            f"    {variable} = {name}_default()",
            "else:",
            *indented(read),
        ]
    lines = ["try:", *indented(lines)]
    # The variable is set on every path: a nested model is built from its
    # fields' variables whatever their problems (and then left unused).
    if not field.nests:
        # The kind's own refusal (or the converter's hook's, for a field
        # without a kind), as its detailed reader gives it: the same
        # reader of the same value, whose problems are located relative
        # to it. (A nested model's fields add their own, where they are.)
        lines += [
            "except FieldError as problem:",
            f"    {variable} = None",
            *_adding_errors(
                f"errors += problem.located({', '.join(where)},"
                f" hide_input={hide_input})"
            ),
        ]
    read_again = (
        f"{variable} = {prefix}read_field({name}_field, {source}, errors"
    )
    if location:
        read_again += f", ({', '.join(location)},)"
    if hide_input and not field.hide_input:
        read_again += ", hide_input=True"
    read_again += ")"
    return [
        *lines,
        # What the kinds' lines raise for a value they do not take (any
        # other exception goes to the clause around every field: see
        # `make_structure_hook`).
        "except READING_REFUSALS:",
        f"    {variable} = None",
        *_adding_errors(read_again),
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
    field: FieldPlan, variable: str, prefix: str, namespace: dict[str, Any]
) -> list[str]:
    """Return the lines reading a field without a kind (a user's field)."""
    namespace[f"{prefix}_read"] = raising(field.checked)
    return [f"{variable} = {prefix}_read({variable})"]


class _NestedReader:
    """Reads the models a field holds for the fast path (`NestedModels`)."""

    __slots__ = ("hide_input", "inline", "location", "plan")

    def __init__(
        self,
        plan: StructurePlan,
        location: tuple[str, ...],
        *,
        inline: bool,
        hide_input: bool,
    ) -> None:
        self.plan = plan
        self.location = location
        """Expressions of the field's location in the input."""
        self.inline = inline
        """Whether nested models of the package, read by the package's own
        hooks, are read inline rather than by calling their hooks."""
        self.hide_input = hide_input
        """Whether the field's value is part of a credential."""

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
                f"if type({variable}) is not dict: raise NotDecided",
                *_nested_lines(
                    nested, variable, prefix, namespace, where, self.hide_input
                ),
            ]
        # The converter's hook, which may be a user's: whatever it raises
        # is a FieldError (see `FieldCheckers.kind_reader`).
        namespace[f"{prefix}_read"] = plan.checkers.kind_reader(kind)
        return [f"{variable} = {prefix}_read({variable})"]

    def model_list_lines(
        self,
        kind: ModelList,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
    ) -> list[str]:
        """Return lines reading a list of nested models."""
        namespace[f"{prefix}_read"] = json_only(
            self.plan.checkers.kind_reader(kind)
        )
        nested = _inlined_plan(self.plan, kind.item.model, self.inline)
        if nested is None:
            # The converter's hook for the items, which may be a user's:
            # whatever it raises is a FieldError.
            return [f"{variable} = {prefix}_read({variable})"]
        item, items = f"{prefix}_item", f"{prefix}_items"
        # An item's index is the count of items read before it.
        where = (*self.location, f"len({items})")
        read_item = _nested_lines(
            nested, item, prefix, namespace, where, self.hide_input
        )
        # Any other item is read in detail alone, its problems located at
        # it, and the list's other items still read here.
        namespace[f"{prefix}_check_item"] = kind.item.checker(
            self.plan.checkers.nested_checker
        )
        problems = f"{prefix}_problems"
        add_problems = (
            f"errors += locate({problems}, ({', '.join(where)},),"
            f" hide_input={self.hide_input})"
        )
        return [
            f"if type({variable}) is list:",
            f"    {items} = []",
            f"    for {item} in {variable}:",
            f"        if type({item}) is dict:",
            *indented(read_item, 3),
            "        else:",
            f"            {item}, {problems} = {prefix}_check_item({item})",
            f"            if {problems}:",
            *indented(_adding_errors(add_problems), 3),
            f"        {items}.append({item})",
            f"    {variable} = tuple({items})",
            "else:",
            f"    {variable} = {prefix}_read({variable})",
        ]


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
        lines.append(
            f"if not {inner}names.issuperset({variable}): raise NotDecided"
        )
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
        if not issubclass(type(data), list | tuple):  # not __class__
            error = list_type_error(HIDDEN if hide else data)
            raise ValidationError([error], title)
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
        raise container_error(errors, title)

    return Made(list_type, forbid_extra_keys).hook(structure_list)
