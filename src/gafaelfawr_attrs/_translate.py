"""Turning cattrs' errors into Pydantic-shaped error details.

cattrs reports problems in a user's classes and containers as exception
groups whose notes name the attribute or index of each inner error. Here
they become `ErrorDetails`: located by the notes, ``missing`` for a missing
key, ``extra_forbidden`` for each unknown key, ``list_type`` or
``dict_type`` for a container of the wrong type, and the inner problems of
the package's own errors kept as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, get_args, get_origin

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from ._errors import (
    HIDDEN,
    TOKEN_PREFIX,
    ErrorDetails,
    Location,
    ValidationError,
    error_details,
    may_show,
    relocated,
)
from ._exact import elements
from ._fields import field_spec, nested_model

__all__ = ["errors_of_exception", "hide_credentials", "holds_credentials"]

_LIST_TYPES = (list, tuple, set, frozenset, Sequence)
_DICT_TYPES = (dict, Mapping)


def errors_of_exception(
    error: BaseException, data: object, expected: Any
) -> list[ErrorDetails]:
    """Describe an exception raised while structuring data.

    Parameters
    ----------
    error
        What structuring raised: the package's `ValidationError`, a cattrs
        exception group, or the exception of a hook.
    data
        The input that was being structured.
    expected
        The type it was being structured as.

    Returns
    -------
    list of ErrorDetails
        The problems, located relative to ``data``.
    """
    # cattrs' errors leave whole parts of a record as inputs; where the
    # type may hold a credential, they are hidden (the package's own
    # errors, kept as they are, know which inputs are safe to show).
    hide = holds_credentials(expected)
    return _describe(error, data, expected, (), hide=hide)


def _describe(
    error: BaseException,
    data: object,
    expected: Any,
    loc: Location,
    *,
    hide: bool,
) -> list[ErrorDetails]:
    if isinstance(error, ValidationError):
        return relocated(error.errors(), loc)
    if isinstance(error, BaseValidationError):
        return _describe_group(error, data, loc, hide=hide)
    shown = HIDDEN if hide else data
    if isinstance(error, ForbiddenExtraKeysError):
        msg = "Extra inputs are not permitted"
        return [
            error_details(
                msg,
                "extra_forbidden",
                HIDDEN if hide else _child(data, key),
                (*loc, key),
            )
            for key in sorted(error.extra_fields, key=repr)
        ]
    if isinstance(error, TypeError | AttributeError):
        wrong_container = _wrong_container(data, expected, loc, shown)
        if wrong_container is not None:
            return [wrong_container]
    return [error_details(_message(error, shown), "value_error", shown, loc)]


def _message(error: BaseException, shown: object) -> str:
    """Say what a hook's exception says, unless it may quote a secret."""
    if shown is HIDDEN or not may_show(shown):
        return "Value error, not shown: the input may hold a credential"
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a user's exception may fail to print
        text = ""
    return f"Value error, {text}" if text else type(error).__name__


def _describe_group(
    group: BaseValidationError, data: object, loc: Location, *, hide: bool
) -> list[ErrorDetails]:
    result: list[ErrorDetails] = []
    for inner in group.exceptions:
        notes = getattr(inner, "__notes__", [])
        note = next(
            (
                note
                for note in reversed(notes)
                if isinstance(
                    note, AttributeValidationNote | IterableValidationNote
                )
            ),
            None,
        )
        if note is None:
            result.extend(_describe(inner, data, group.cl, loc, hide=hide))
            continue
        step = (
            note.name
            if isinstance(note, AttributeValidationNote)
            else note.index
        )
        if isinstance(note, AttributeValidationNote) and isinstance(
            inner, KeyError
        ):
            msg = "Field required"
            shown = HIDDEN if hide else data
            result.append(error_details(msg, "missing", shown, (*loc, step)))
            continue
        result.extend(
            _describe(
                inner, _child(data, step), note.type, (*loc, step), hide=hide
            )
        )
    return result


def _wrong_container(
    data: object, expected: Any, loc: Location, shown: object
) -> ErrorDetails | None:
    """Describe a container of the wrong type, if that is the problem."""
    origin = get_origin(expected) or expected
    if not isinstance(origin, type):
        return None
    if issubclass(origin, _DICT_TYPES) and not isinstance(data, Mapping):
        msg = "Input should be a valid dictionary"
        return error_details(msg, "dict_type", shown, loc)
    if issubclass(origin, _LIST_TYPES) and (
        isinstance(data, str | bytes | Mapping)
        or not hasattr(data, "__iter__")
    ):
        msg = "Input should be a valid list"
        return error_details(msg, "list_type", shown, loc)
    return None


def _child(data: object, step: str | int) -> object:
    """Return the value at one step below some data, or `None`."""
    try:
        if isinstance(data, dict):
            return dict.get(data, step)
        if isinstance(data, Mapping):
            return data.get(step)
        if isinstance(data, list | tuple) and isinstance(step, int):
            return elements(data)[step]
    except Exception:  # noqa: BLE001, S110 - a hostile input: nothing to show
        pass
    return None


def holds_credentials(
    annotation: Any, seen: frozenset[int] = frozenset()
) -> bool:
    """Tell whether values of a type may hold a credential.

    Parameters
    ----------
    annotation
        A type: a model, a user's class, a container of them.
    seen
        Types already looked at, for recursive types.

    Returns
    -------
    bool
        Whether a field marked secret may be anywhere inside its values.
    """
    if id(annotation) in seen:
        return False
    seen = seen | {id(annotation)}
    if any(holds_credentials(arg, seen) for arg in get_args(annotation)):
        return True
    if not (isinstance(annotation, type) and attrs.has(annotation)):
        return False
    return any(
        _field_holds_credentials(attribute, seen)
        for attribute in attrs.fields(annotation)
    )


def _field_holds_credentials(
    attribute: attrs.Attribute[Any], seen: frozenset[int]
) -> bool:
    spec = field_spec(attribute)
    if spec is None:
        return holds_credentials(attribute.type, seen)
    nested = nested_model(attribute)
    return spec.hide_input or (
        nested is not None and holds_credentials(nested, seen)
    )


def hide_credentials(error: BaseException) -> None:
    """Hide, in place, what cattrs' notes and messages quote of a token.

    cattrs notes the key or element of each item that failed
    (``Structuring mapping value @ key 'gt-...'``), and some of its
    messages quote the input. Such notes are replaced by one naming the
    step as ``<hidden>`` (`cattrs.transform_error` then writes
    ``$['<hidden>']``), and such messages by a note of what was hidden,
    through every exception of the groups and every chained exception.
    The package's own errors hide their inputs already.

    Parameters
    ----------
    error
        What a cattrs hook raised.
    """
    pending = [error]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        notes = getattr(item, "__notes__", None)
        if type(notes) is list:
            item.__notes__ = [_hidden_note(note) for note in notes]
        if not isinstance(item, ValidationError | BaseExceptionGroup) and any(
            _quotes_token(arg) for arg in item.args
        ):
            item.args = (
                f"{type(item).__name__}: not shown, it may quote a credential",
            )
        if isinstance(item, BaseExceptionGroup):
            pending.extend(item.exceptions)
        pending.extend(
            linked
            for linked in (item.__cause__, item.__context__)
            if linked is not None
        )


def _hidden_note(note: str) -> str:
    """Return a note of cattrs' as it may be shown."""
    if isinstance(note, IterableValidationNote) and (
        _quotes_token(note) or not may_show(note.index)
    ):
        what, _, step = str.partition(note, " @ ")
        by = step.partition(" ")[0]
        return IterableValidationNote(
            f"{what} @ {by} {HIDDEN}", HIDDEN, note.type
        )
    return HIDDEN if _quotes_token(note) else note


def _quotes_token(text: object) -> bool:
    """Tell whether a value is a text holding a token's form."""
    return isinstance(text, str) and TOKEN_PREFIX in str.__str__(text)
