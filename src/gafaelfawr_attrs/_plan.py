"""The plan of structuring a class: what it reads, and how it is built.

A `StructurePlan` holds a class's fields (`FieldPlan`) and the options
that apply to it, and builds instances of held values; `FieldCheckers`
makes its fields' detailed readers of what the converter's hooks read
(nested models, a user's fields without a kind); its `DetailedReader`
(`_detailed`) reads what the generated fast path (`_structure_gen`)
leaves. The generated hook is a method of its plan (see `_codegen.Made`),
which is how the converter's hooks are told to be the package's own
(`own_plan`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import cattrs

from ._codegen import Made, made
from ._detailed import DetailedReader
from ._errors import ErrorDetails, ValidationError, problems_found
from ._fields import (
    MADE_BY_CONSTRUCTOR,
    default_factory,
    field_spec,
    forbids_extra_keys,
    is_package_model,
    made_by_constructor,
)
from ._kinds import Checker, Kind, Model
from ._storage import filled_instance
from ._translate import errors_of_exception, holds_credentials

__all__ = [
    "FieldCheckers",
    "FieldPlan",
    "StructurePlan",
    "own_plan",
    "planning",
    "reads_own_models",
]


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
        raise ValidationError(problems, self.cls.__name__, self.cls)


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

    def kind_checker(self, kind: Kind) -> Checker:
        """Return the checker of a kind, nested models read by the converter.

        Parameters
        ----------
        kind
            A field's kind.

        Returns
        -------
        callable
            A function of the input value returning the held value and
            no problem, or `None` and the problems, located relative to
            the value (what the converter's hooks raise among them).
        """
        return kind.checker(self.model_hook_checker)

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
            return checked(value)

        return check

    def hook_checker(self, cls: Any) -> Checker:
        """Return a detailed reader calling the converter's hook for a type.

        The hook is looked up now, so that a type the converter cannot
        read is refused when the class's hook is made, as cattrs' own
        functions do; where the type holds the class whose plan is being
        made (a tree), when it is first needed (see `planning`).
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


_PLANNED = threading.local()
"""Per thread, the classes whose plan is being made."""


@contextlib.contextmanager
def planning(cls: type) -> Iterator[None]:
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
