"""Reading an input field by field, naming every problem.

What the generated fast path (`_structure_gen`) leaves is read here: an
input that is not a dict, or whose keys are not all exact strings, a
nested model's value read for another field's sake, and each field whose
value the fast path's lines did not take (`DetailedReader.read_field`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ._errors import (
    HIDDEN,
    ErrorDetails,
    ValidationError,
    extra_key_error,
    locate,
    missing_error,
    model_type_error,
    problems_found,
)
from ._exact import is_of, pairs
from ._kinds import checked_pairs

if TYPE_CHECKING:
    from ._plan import FieldPlan, StructurePlan

__all__ = ["DetailedReader", "has_unusual_key", "holds_unusual_keys"]


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

    def shown_input(self, data: object) -> object:
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
            raise ValidationError(problems, self.cls.__name__, self.cls)
        return held

    def read_unusual(self, data: dict[Any, Any], error: Exception) -> Any:
        """Read an input where reading a dict by its keys raised.

        Only a dict key other than an exact string runs code of its own in
        the generated lines' lookups (its ``__eq__``, or its ``__hash__``
        in the test of unknown keys), and may raise anything: such an
        input is read in detail, which reads keys as plain text. For any
        other input the exception is a mistake of the lines, and raised.

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
        # A plain bool: narrowing by `self.cls` (any class) would leave
        # type checkers nothing for the rest.
        held: bool = is_of(data, self.cls)
        if held:
            return data, []
        if not is_of(data, Mapping):
            shown = self.shown_input(data)
            return None, [model_type_error(shown, self.cls.__name__)]
        mapping: Mapping[Any, Any] = data
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
            shown = self.shown_input(given if data is None else data)
            errors.append(
                missing_error(HIDDEN if hide_input else shown, where)
            )
            return None
        value = given[name]
        held, problems = field.checked(value)
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
            extra_key_error(self.shown_input(held), (key,))
            for key, held in items
            if type(key) is not str or key not in self.names
        ]
