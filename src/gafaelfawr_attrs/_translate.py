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
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from ._errors import (
    HIDDEN,
    ErrorDetails,
    Location,
    ValidationError,
    dict_type_error,
    error_details,
    extra_key_error,
    hide_inputs,
    list_type_error,
    locate,
    may_show,
    missing_error,
    model_type_error,
    quotes_secret_key,
    quotes_token,
    under_secret_key,
)
from ._exact import MAPPING_TYPES, SEQUENCE_TYPES, elements, is_of
from ._fields import field_spec, nested_model

__all__ = ["errors_of_exception", "hide_credentials", "holds_credentials"]

_LIST_TYPES = (*SEQUENCE_TYPES, Sequence)

_UNIONS = (Union, UnionType)
"""The origins of unions (``TokenBase | None``, ``Optional[TokenBase]``)."""


def _read_in_place(expected: Any) -> list[Any]:
    """Return the types read at a type's own place in an input.

    The type itself; a union's members and an ``Annotated`` type's, at any
    depth (not a container's items, which sit further in).
    """
    origin = get_origin(expected)
    if origin in _UNIONS:
        return [
            read
            for member in get_args(expected)
            for read in _read_in_place(member)
        ]
    if origin is Annotated:
        return _read_in_place(get_args(expected)[0])
    return [expected]


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
        problems = error.errors()
        # An error of a type further in (an item of a container), which
        # cattrs let pass without noting where (no detailed validation):
        # where its inputs sat is unknown (under a key ``secret``, say), so
        # they are hidden unless the whole value may be shown.
        further_in = error.cl not in _read_in_place(expected)
        if further_in and (hide or not may_show(data)):
            problems = [{**p, "input": HIDDEN} for p in problems]
        return locate(problems, loc)
    shown = HIDDEN if hide or under_secret_key(loc) else data
    if isinstance(error, BaseValidationError | TypeError | AttributeError):
        # A class's, a mapping's or a list's input that is none: said once,
        # at its place, whatever cattrs tripped on inside it.
        wrong_container = _wrong_container(data, expected, loc, shown)
        if wrong_container is not None:
            return [wrong_container]
    if isinstance(error, BaseValidationError):
        return _describe_group(error, data, loc, hide=hide)
    hide = hide or under_secret_key(loc)  # a part of a secret
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            extra_key_error(HIDDEN if hide else _child(data, key), (*loc, key))
            for key in sorted(error.extra_fields, key=repr)
        ]
    return [error_details(_message(error, shown), "value_error", shown, loc)]


def _message(error: BaseException, shown: object) -> str:
    """Say what a hook's exception says, unless it may quote a secret."""
    if shown is HIDDEN or not may_show(shown):
        return "Value error, not shown: the input may hold a credential"
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a user's exception may fail to print
        text = ""
    if _quotes_credential(text):
        return "Value error, not shown: the message may quote a credential"
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
        if (
            isinstance(note, AttributeValidationNote)
            and isinstance(inner, KeyError)
            and not _has_key(data, step)
        ):
            shown = HIDDEN if hide else data
            result.append(missing_error(shown, (*loc, step)))
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
    is_class: bool = attrs.has(origin)  # a bool: no narrowing of origin
    if is_class and not is_of(data, (Mapping, origin)):
        return model_type_error(shown, origin.__name__, loc)
    if issubclass(origin, MAPPING_TYPES) and not is_of(data, Mapping):
        return dict_type_error(shown, loc)
    if (
        issubclass(origin, _LIST_TYPES)
        and not issubclass(origin, str | bytes)
        and (
            is_of(data, (str, bytes, Mapping))
            or not hasattr(type(data), "__iter__")
        )
    ):
        return list_type_error(shown, loc)
    return None


def _has_key(data: object, step: str | int) -> bool:
    """Tell whether a mapping holds a key (`False` for anything else)."""
    try:
        if is_of(data, dict):
            return dict.__contains__(data, step)
        if is_of(data, Mapping):
            return step in data
    except Exception:  # noqa: BLE001, S110 - a hostile input: not found
        pass
    return False


def _child(data: object, step: str | int) -> object:
    """Return the value at one step below some data, or `None`."""
    try:
        if is_of(data, dict):
            return dict.get(data, step)
        if is_of(data, Mapping):
            return data.get(step)
        if is_of(data, (list, tuple)) and is_of(step, int):
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


def hide_credentials(
    error: BaseException, *, everything: bool = False
) -> None:
    """Hide, in place, what cattrs' notes and messages quote of a credential.

    cattrs notes the key or element of each item that failed
    (``Structuring mapping value @ key 'gt-...'``, ``Structuring set @
    element {...}``), and some of its messages quote the input. Such
    notes are replaced by one naming the key or element as ``<hidden>``
    (`cattrs.transform_error` then writes ``$['<hidden>']``); the keys of
    a `ForbiddenExtraKeysError` that may hold a credential become
    ``<hidden>``, in its message, ``extra_fields`` and arguments; other
    exceptions' messages (their arguments) that may quote one are
    replaced, and so are such texts among their attributes, which
    pickles keep. An exception that a note places under a key
    ``secret`` is about a part of a secret: all of that is hidden in it,
    and in the exceptions it groups, whatever it holds (the package's
    errors, located from the value they were given, do not know where it
    was). This goes through every exception of the groups and every
    chained exception, keeping each exception's type.

    Parameters
    ----------
    error
        What a cattrs hook raised.
    everything
        Whether to hide every input and message, as under a key ``secret``
        (for errors that no note locates).
    """
    pending = [(error, everything)]  # each exception, whether under secret
    seen: set[int] = set()
    while pending:
        item, secret = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        notes = getattr(item, "__notes__", None)
        if type(notes) is list:
            secret = secret or any(map(_notes_secret_key, notes))
            item.__notes__ = [_hidden_note(note) for note in notes]
        if isinstance(item, ValidationError):
            if secret:
                hide_inputs(item)
        elif isinstance(item, ForbiddenExtraKeysError):
            _hide_extra_keys(item, everything=secret)
        elif not isinstance(item, BaseExceptionGroup):
            _hide_message(item, everything=secret)
        if isinstance(item, BaseExceptionGroup):
            pending.extend((inner, secret) for inner in item.exceptions)
        pending.extend(
            (linked, secret)
            for linked in (item.__cause__, item.__context__)
            if linked is not None
        )


def _notes_secret_key(note: str) -> bool:
    """Tell whether a note of cattrs' places an item under a key ``secret``."""
    if isinstance(note, IterableValidationNote):
        return under_secret_key((note.index,))
    if isinstance(note, AttributeValidationNote):
        return under_secret_key((note.name,))
    return False


_HIDDEN_MESSAGE = f"{HIDDEN}: the message may quote a credential"
"""The message of an exception whose own message may quote a credential."""


def _hide_message(error: BaseException, *, everything: bool) -> None:
    """Replace an exception's arguments and attributes that may quote one.

    Arguments make its message and, with its attributes (its
    ``__dict__``), its pickle. With ``everything``, all of its texts and
    containers are replaced.
    """
    if any(_may_quote(arg, everything=everything) for arg in error.args):
        error.args = (_HIDDEN_MESSAGE,)
    attributes = getattr(error, "__dict__", None)
    if type(attributes) is dict:  # written as is: no __setattr__ runs
        for name, value in list(attributes.items()):
            if name != "__notes__" and _may_quote(
                value, everything=everything
            ):
                attributes[name] = _HIDDEN_MESSAGE


def _hide_extra_keys(
    error: ForbiddenExtraKeysError, *, everything: bool
) -> None:
    """Name the unknown keys that may hold a credential ``<hidden>``.

    cattrs reads ``extra_fields`` (`cattrs.transform_error`) and writes
    its message from them; the arguments are what pickles keep. With
    ``everything``, every key is hidden.
    """
    fields = error.extra_fields
    shown = (
        [] if everything else [field for field in fields if may_show(field)]
    )
    quotes = _may_quote(error.message, everything=everything)
    if len(shown) == len(fields) and not quotes:
        return
    error.extra_fields = set(shown)
    if len(shown) < len(fields):
        error.extra_fields.add(HIDDEN)
    if quotes:
        error.message = _HIDDEN_MESSAGE
    error.args = (error.message, error.cl, error.extra_fields)


def _may_quote(value: object, *, everything: bool = False) -> bool:
    """Tell whether an exception's argument or attribute may show one.

    Texts are read as messages; the built-in containers are looked
    through (`may_show`); other values (types, numbers) are kept. With
    ``everything``, every text but the empty one, and every container,
    may. Judged by the type itself, through the base types' methods.
    """
    if issubclass(type(value), str):
        text = str.__str__(value)
        return (everything and text != "") or _quotes_credential(text)
    if issubclass(type(value), _CONTAINER_TYPES):
        return everything or not may_show(value)
    return False


_CONTAINER_TYPES = (dict, list, tuple, set, frozenset, bytes, bytearray)
"""Types of arguments and attributes looked through for credentials."""


def _hidden_note(note: str) -> str:
    """Return a note of cattrs' as it may be shown.

    The step of a note of a container's item (a key, an element) is
    hidden where the note's text or its index may show a credential; an
    index that may be shown (a set's is a position) is kept.
    """
    if isinstance(note, IterableValidationNote):
        index_shown = may_show(note.index)
        if index_shown and not _quotes_credential(note):
            return note
        what, _, step = str.partition(note, " @ ")
        by = step.partition(" ")[0]
        return IterableValidationNote(
            f"{what} @ {by} {HIDDEN}",
            note.index if index_shown else HIDDEN,
            note.type,
        )
    return HIDDEN if _quotes_credential(note) else note


def _quotes_credential(text: object) -> bool:
    """Tell whether a message may quote a credential.

    That is a text holding a token's form (`quotes_token`), or, as a
    message may show a mapping's representation, a secret's key
    (`quotes_secret_key`); read through `str`'s own methods.
    """
    if not issubclass(type(text), str):  # not isinstance: __class__ may lie
        return False
    text = str.__str__(text)
    return quotes_token(text) or quotes_secret_key(text)
