"""The package's error type, and how problems are described and located.

Every problem the package reports is an `ErrorDetails` dict made by
`error_details`; code that finds problems deep in an input raises
`FieldError` with locations relative to the value it was given, and each
level above prefixes its own step with `locate`, until the structuring
function raises `ValidationError` with full locations.
"""

from __future__ import annotations

import reprlib
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, time, timedelta
from enum import Enum
from types import UnionType
from typing import (
    Annotated,
    Any,
    Final,
    Self,
    TypedDict,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
)

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)

from ._exact import (
    MAPPING_TYPES,
    SEQUENCE_TYPES,
    elements,
    exact_bytes,
    pairs,
    type_ids,
)

__all__ = [
    "HIDDEN",
    "TOKEN_PREFIX",
    "ErrorDetails",
    "FallBack",
    "FieldError",
    "ValidationError",
    "container_error",
    "dict_type_error",
    "error_details",
    "extra_key_error",
    "hide_inputs",
    "json_invalid_error",
    "keep_secret_under",
    "list_type_error",
    "locate",
    "may_show",
    "missing_error",
    "model_type_error",
    "problems_found",
    "quotes_secret_key",
    "quotes_token",
    "title_of",
    "under_secret_key",
]

HIDDEN: Final = "<hidden>"
"""Shown instead of an input that may hold a credential."""

TOKEN_PREFIX: Final = "gt-"
"""How the text form of every token begins."""

_TOKEN_PREFIX_BYTES: Final = TOKEN_PREFIX.encode()

_secret_keys: frozenset[str] = frozenset()
"""The keys under which a document holds a secret: the names of the
fields declared secret (`Token.secret`), each added when its model is made
(`keep_secret_under`). Errors hide what is under such a key anywhere in an
input, because a token's document may come where no field of the package
reads it: under an unknown key, or in a user's own class. Replaced, never
changed: a thread reading it sees one whole set."""


def keep_secret_under(name: str) -> None:
    """Hide from every error what an input holds under a key.

    Parameters
    ----------
    name
        The name of a field declared secret, whose document's key it is.
    """
    global _secret_keys  # noqa: PLW0603 (the one writer, as models are made)
    _secret_keys |= {name}


def quotes_secret_key(text: str) -> bool:
    """Tell whether a text shows a mapping's secret key.

    As representations and JSON write a key (a message may show a
    mapping): ``'secret':`` or ``"secret":``.

    Parameters
    ----------
    text
        An exact `str`.

    Returns
    -------
    bool
        Whether it holds one of the keys of `keep_secret_under`, so
        written.
    """
    return any(
        f"'{key}':" in text or f'"{key}":' in text for key in _secret_keys
    )


_SCANNED_AT_MOST: Final = 10_000
"""Values of an input looked at for credentials before giving up (and
hiding it): an input is never scanned without bound."""

_PLAIN_SCALARS: Final = (
    bool,
    int,
    float,
    complex,
    date,
    time,
    timedelta,
    Enum,
)
"""Types of values that are shown: they cannot be a credential's text.
Decimals are shown too (see `_is_plain_scalar`)."""


_LONGEST_STEP: Final = 60
"""Characters of a key shown in a message; longer keys are cut."""

_SHOWN_TYPES: Final = type_ids(int, float, bool, type(None))
"""Exact types whose values are shown without looking further (their
identities: ``id(type(value)) in _SHOWN_TYPES``)."""

_SHORT_REPR = reprlib.Repr()
"""Shows inputs in ``str(error)`` briefly, and deep ones without recursion."""
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 60
_SHORT_REPR.maxlevel = 3
_SHORT_REPR.maxlong = 60

Location = tuple[str | int, ...]
"""Keys and list indices leading to a value, from the top of the input."""


class ErrorDetails(TypedDict):
    """One problem found in an input, shaped like Pydantic's error dicts."""

    loc: tuple[str | int, ...]
    """Where the problem is: keys and list indices from the top level."""

    msg: str
    """What is wrong, in words."""

    type: str
    """A short machine-readable name for the kind of problem."""

    input: object
    """The offending value (the whole mapping for a missing key)."""


def error_details(
    msg: str, kind: str, value: object, loc: Location = ()
) -> ErrorDetails:
    """Describe one problem: the one way the package builds error details.

    Parameters
    ----------
    msg
        What is wrong, in words.
    kind
        The machine-readable error type, such as ``"string_too_long"``.
    value
        The offending input.
    loc
        Where it is, relative to the value being read.

    Returns
    -------
    ErrorDetails
        A new dict.
    """
    return {"type": kind, "loc": loc, "msg": msg, "input": value}


def title_of(cls: object) -> str:
    """Name what was validated, as an error's first line names it.

    Parameters
    ----------
    cls
        The type asked for.

    Returns
    -------
    str
        Its name, its generic's with its arguments' as Pydantic's
        adapters name them (``list[TokenGroup]``, ``tuple[TokenBase,
        ...]``, a mapping as ``dict[str,TokenBase]``), or its text (a
        union).
    """
    origin, arguments = get_origin(cls), get_args(cls)
    if arguments and isinstance(origin, type) and origin is not UnionType:
        names = [
            "..." if argument is Ellipsis else title_of(argument)
            for argument in arguments
        ]
        if issubclass(origin, Mapping):
            return f"dict[{','.join(names)}]"
        return f"{origin.__name__}[{', '.join(names)}]"
    return getattr(cls, "__name__", None) or str(cls)


def missing_error(value: object, loc: Location) -> ErrorDetails:
    """Describe a field an input leaves out (``missing``).

    Parameters
    ----------
    value
        The input that lacks the field, or `HIDDEN`.
    loc
        Where the field would be: its name last.

    Returns
    -------
    ErrorDetails
        The problem.
    """
    return error_details("Field required", "missing", value, loc)


def json_invalid_error(problem: str) -> ErrorDetails:
    """Describe a text that is not JSON (``json_invalid``), never shown.

    Parameters
    ----------
    problem
        What is wrong, and where (line, column, character).

    Returns
    -------
    ErrorDetails
        The problem; its input `HIDDEN`, as the text may hold a secret.
    """
    return error_details(f"Invalid JSON: {problem}", "json_invalid", HIDDEN)


def dict_type_error(value: object, loc: Location = ()) -> ErrorDetails:
    """Describe a value that should have been a mapping (``dict_type``).

    Parameters
    ----------
    value
        The value, or `HIDDEN`.
    loc
        Where it is, relative to the value being read.

    Returns
    -------
    ErrorDetails
        The problem.
    """
    return error_details(
        "Input should be a valid dictionary", "dict_type", value, loc
    )


def extra_key_error(value: object, loc: Location) -> ErrorDetails:
    """Describe a key that names no field (``extra_forbidden``).

    Parameters
    ----------
    value
        The key's value, or `HIDDEN`.
    loc
        Where the value is: the key last.

    Returns
    -------
    ErrorDetails
        The problem.
    """
    return error_details(
        "Extra inputs are not permitted", "extra_forbidden", value, loc
    )


def model_type_error(
    value: object, title: str, loc: Location = ()
) -> ErrorDetails:
    """Describe a value that should have been a class's record.

    Parameters
    ----------
    value
        The value, or `HIDDEN`.
    title
        The class's name.
    loc
        Where it is, relative to the value being read.

    Returns
    -------
    ErrorDetails
        The problem (``model_type``).
    """
    msg = f"Input should be a valid dictionary or instance of {title}"
    return error_details(msg, "model_type", value, loc)


def list_type_error(value: object, loc: Location = ()) -> ErrorDetails:
    """Describe a value that should have been a list (``list_type``).

    Parameters
    ----------
    value
        The value, or `HIDDEN`.
    loc
        Where it is, relative to the value being read.

    Returns
    -------
    ErrorDetails
        The problem.
    """
    return error_details(
        "Input should be a valid list", "list_type", value, loc
    )


_Problems = TypeVar("_Problems", bound=Sequence[ErrorDetails])


def locate(
    problems: _Problems,
    prefix: Location,
    *,
    hide_input: bool = False,
) -> _Problems:
    """Prefix problems' locations, in place.

    A problem is made by a reader for its caller alone, located relative
    to the value read; each caller that knows where that value sits adds
    its steps, once, to the same dict (no copy at each level). (A list of
    strings gives an item's fresh problem its index where it makes it.)

    Parameters
    ----------
    problems
        Problems located relative to a value, made for this caller.
    prefix
        Where that value is.
    hide_input
        Whether the value is a credential, whose input is then never shown.

    Returns
    -------
    sequence of ErrorDetails
        ``problems`` itself, located.
    """
    for problem in problems:
        problem["loc"] = (*prefix, *problem["loc"])
        if hide_input:
            problem["input"] = HIDDEN
    return problems


def problems_found(error: ValidationError) -> list[ErrorDetails]:
    """Return new copies of an error's problems, as found.

    For an error raised while reading a part of an input, whose problems
    join those of the whole: the error that holds them all hides what may
    be a credential when asked for its details (the part's own error is
    never shown, so its problems are not shown twice).

    Parameters
    ----------
    error
        A `ValidationError`.

    Returns
    -------
    list of ErrorDetails
        New dicts, located relative to the part.
    """
    return [
        cast("ErrorDetails", dict(problem))
        for problem in error._found  # noqa: SLF001 - this module's class
    ]


def may_show(value: object) -> bool:  # noqa: C901, PLR0911, PLR0912 (one walk, its parts in place)
    """Tell whether an input can be shown without showing a credential.

    Strings holding the text form of a token (``gt-``), mappings with a
    secret's key (`keep_secret_under`), and whatever holds either, are not
    shown; nor are
    values whose insides cannot be looked at through the built-in types
    alone (objects of other types, which may print anything), nor inputs
    too large to look through. Containers are read through their base
    type's own methods, so that no method of a subclass runs.

    Parameters
    ----------
    value
        The offending input of a problem.

    Returns
    -------
    bool
        Whether the input may appear in errors and messages.
    """
    pending: list[Any] = [value]  # told apart by their exact types
    looked = 1  # each value counted once, when met: the input, then parts
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is dict or kind is list or kind is tuple:
            # Read through its own method (no subclass: no method of it
            # runs): text judged in place, anything else put on the walk.
            # (A pass of the walk per item would cost as much again: a
            # tenth of a missing field's error, whose input is a record.)
            looked += 2 * len(item) if kind is dict else len(item)
            if looked >= _SCANNED_AT_MOST:
                return False
            if kind is dict:
                for key in item:
                    if type(key) is not str:
                        pending.append(key)
                    elif key in _secret_keys or TOKEN_PREFIX in key:
                        return False
                item = item.values()
            for part in item:
                if type(part) is str:
                    if TOKEN_PREFIX in part:
                        return False
                elif id(type(part)) not in _SHOWN_TYPES:
                    pending.append(part)
        elif kind is str:
            if TOKEN_PREFIX in item:
                return False
        elif id(kind) not in _SHOWN_TYPES:
            held = _held_values(item)
            if held is None:
                return False
            looked += len(held)
            if looked >= _SCANNED_AT_MOST:
                return False
            pending += held
    return True


def _held_values(value: object) -> list[object] | None:
    """Return the values a value holds, or `None` if it may show a secret.

    Built-in containers are read through their base type's methods.
    """
    # By the type itself: `__class__`, which isinstance consults, may lie.
    kind = type(value)
    if issubclass(kind, dict):  # the record of a missing field, often
        items = pairs(value)  # type: ignore[arg-type]
        for key, _ in items:
            if type(key) is str and key in _secret_keys:
                return None
        return [part for item in items for part in item]
    if issubclass(kind, SEQUENCE_TYPES):
        return elements(value)  # type: ignore[arg-type]
    if _is_plain_scalar(kind):
        return []
    if issubclass(kind, str | bytes | bytearray | memoryview):
        return None if quotes_token(value) else []
    return None


def _is_plain_scalar(kind: type) -> bool:
    """Tell whether a value is of one of the plain scalar types, shown.

    `decimal.Decimal` is one, looked up only where a program has imported
    `decimal` (importing it for this would cost the package's import a
    millisecond): until then, no value can be a Decimal.
    """
    if issubclass(kind, _PLAIN_SCALARS):
        return True
    decimal = sys.modules.get("decimal")
    return decimal is not None and issubclass(kind, decimal.Decimal)


def quotes_token(text: object) -> bool:
    """Tell whether a text holds a token's text form (``gt-``).

    The rule for every text an input holds, an exact `str` tested at once
    (``TOKEN_PREFIX in text``) where it is met most.

    Parameters
    ----------
    text
        Of `str`, `bytes`, `bytearray`, `memoryview` or a subclass of one,
        read through the base type.

    Returns
    -------
    bool
        Whether it holds one.
    """
    if issubclass(type(text), str):
        return str.__contains__(cast("str", text), TOKEN_PREFIX)
    return _TOKEN_PREFIX_BYTES in exact_bytes(cast("bytes", text))


def _shown_problems(errors: Iterable[ErrorDetails]) -> list[ErrorDetails]:
    """Return new problems with what may hold a secret hidden.

    Inputs, and the steps of locations (keys of the input), are hidden
    where they may hold a credential; so is every input located under a
    secret's key (a part of that key's value, see `under_secret_key`).
    An input shared by problems in a row (a record missing several fields
    is the input of each) is looked through once; one judged again after
    another's problem (at most once per field of a model) costs less than
    keeping every verdict.
    """
    judged: object = _shown_problems  # the input last looked through: none
    verdict = False
    result: list[ErrorDetails] = []
    for error in errors:
        loc = error["loc"]
        for step in loc:
            if type(step) is not int and (
                type(step) is not str or TOKEN_PREFIX in step
            ):
                loc = tuple(map(_shown_step, loc))
                error = {**error, "loc": loc}  # noqa: PLW2901
                break
        value = error["input"]
        shown: bool
        if under_secret_key(loc):
            shown = False
        elif type(value) is str:
            shown = TOKEN_PREFIX not in value
        elif id(type(value)) in _SHOWN_TYPES:
            shown = True
        else:
            if value is not judged:
                judged, verdict = value, may_show(value)
            shown = verdict
        # dict(): new dicts, of any mapping a caller gave the constructor.
        # (Any: typing.cast would be a call per problem.)
        copied: Any = dict(error) if shown else {**error, "input": HIDDEN}
        result.append(copied)
    return result


def under_secret_key(loc: Location) -> bool:
    """Tell whether a location passes through a secret's key.

    Whatever is there is (part of) a secret: an input there is never
    shown, nor a message that may quote it. Steps are compared through
    `str`'s own method: no method of a key's class runs.

    Parameters
    ----------
    loc
        Where a value is.

    Returns
    -------
    bool
        Whether one of the steps is a key of `keep_secret_under`.
    """
    for step in loc:
        if type(step) is str:  # the usual step: at once
            if step in _secret_keys:
                return True
        elif issubclass(type(step), str) and str.__str__(step) in _secret_keys:
            return True
    return False


def _shown_step(step: str | int) -> str | int:
    """Return a step of a location as errors may show it.

    A step is judged by its type, not by ``__class__``, which may lie.
    """
    kind = type(step)
    if issubclass(kind, str):
        text = str.__str__(step)
        return HIDDEN if TOKEN_PREFIX in text else text
    if issubclass(kind, int) and kind is not bool:
        return int.__int__(step)  # type: ignore[arg-type]
    return step if may_show(step) else HIDDEN


def _safe_repr(value: object) -> str:
    """Show an input briefly; never raises, whatever the input."""
    try:
        return _SHORT_REPR.repr(value)
    except Exception:  # noqa: BLE001 - a broken or huge repr, or too deep
        return f"<{type.__repr__(type(value))[8:-2]} object>"


def _json_step(step: object) -> str | int:
    """Return a step of a location as JSON holds it, judged by its type."""
    kind = type(step)
    if issubclass(kind, str):
        return str.__str__(step)
    if issubclass(kind, int) and kind is not bool:
        from ._numbers import fits_int64  # noqa: PLC0415 (it imports this)

        # Larger location steps are written as text, as JSON numbers.
        exact = int.__int__(step)  # type: ignore[arg-type]
        if fits_int64(exact):
            return exact
    return _safe_repr(step)


def _json_input(value: object) -> object:
    """Return an input as JSON can hold it, else its brief representation."""
    import json  # noqa: PLC0415 (only errors written as JSON need it)

    try:
        json.dumps(value, allow_nan=False)
    except Exception:  # noqa: BLE001 - not JSON, or a hostile input's own
        return _safe_repr(value)
    return value


def _location_text(loc: Location) -> str:
    """Join a location's steps; never runs a method of a key's class."""
    steps = []
    for step in loc:
        if issubclass(type(step), str):  # not isinstance: __class__ may lie
            text = str.__str__(step)
            if len(text) > _LONGEST_STEP:
                text = f"{text[: _LONGEST_STEP - 3]}..."
            steps.append(text)
        else:
            steps.append(_safe_repr(step))
    return ".".join(steps) or "(root)"


def _matches(error: BaseException, condition: Any) -> bool:
    """Tell whether an exception matches a condition of ``split``."""
    if isinstance(condition, type | tuple):
        return isinstance(error, condition)
    return bool(condition(error))


_REBUILT: Final = frozenset({"_tree"})
"""Attributes in a `ValidationError`'s ``__dict__`` made again from its
constructor's arguments."""


class ValidationError(ClassValidationError, ValueError):
    """The input does not describe a valid model.

    The only exception raised for bad input by the package's structuring
    and parsing functions, by model construction and by ``attrs.evolve``.
    Inputs, and keys in locations, that may hold a credential are
    replaced by ``"<hidden>"`` (the docs' page on behaviour says which)
    in every rendering: ``errors()``, ``json()``, ``str()``, ``repr()``,
    copies and pickles.
    Each problem's message and location are made where it is found;
    what is shown of them is decided when first read, not when the error
    is raised (most callers only catch it): the look for credentials, the
    copies, the exceptions cattrs' tools read, the text.

    It is a `ValueError`, as Pydantic's is, and a cattrs validation error
    (an exception group): ``cattrs.transform_error`` gives one message
    per problem with its path, and its ``exceptions`` are one per
    problem, each with cattrs' note of where it is (see `exceptions`).

    Parameters
    ----------
    errors
        Every problem found, each with its location.
    title
        What was being validated, shown on the first line of the message.
    cl
        The type read, as cattrs' validation errors give it (``cl``);
        `object` where none is.
    """

    # Slots, outside the instance's __dict__ (which copies, pickles and
    # tools that show an exception's attributes read): the problems as
    # found may hold a credential. Cheaper to set than __dict__ entries.
    __slots__ = ("_found", "_shown_errors", "cl", "title")

    _found: list[ErrorDetails]
    _shown_errors: list[ErrorDetails] | None
    title: str
    """What was validated, as the message's first line names it."""

    cl: Any
    """The type read, as cattrs' validation errors give it."""

    def __new__(
        cls,
        errors: Iterable[ErrorDetails],
        title: str = "input",
        cl: Any = object,
    ) -> Self:
        # Made whole here (`__init__` does nothing: subclasses may call it);
        # `args` holds only the group's message and placeholder, never the
        # problems. An exception group's own members hold a
        # placeholder: the problems are made exceptions when first asked
        # for (see `exceptions`). Built without cattrs' own __new__.
        found = errors if type(errors) is list else list(errors)
        group: Self = ExceptionGroup.__new__(cls, _GROUP_MESSAGE, _PLACEHOLDER)
        # The problems as found, shown (credentials hidden) when first
        # asked for: most callers only catch the error.
        group._found = found
        group._shown_errors = None
        group.title = title
        group.cl = cl
        return group

    def __init__(
        self,
        errors: Iterable[ErrorDetails],
        title: str = "input",
        cl: Any = object,
    ) -> None:
        """Take the arguments, as `__new__` made the error of them.

        BaseException's own would keep the problems in ``args``.
        """

    @property
    def message(self) -> str:
        """The message, as ``str(error)``.

        What tools that read exception groups' messages show (pytest's
        ``match``).
        """
        return str(self)

    @property
    def exceptions(self) -> tuple[Exception, ...]:
        """One exception per problem, as cattrs' validation errors hold.

        Each is a `KeyError` for a missing field, else a `ValueError`
        whose message is the problem's; each carries cattrs' note of the
        attribute or index where it is (an
        `cattrs.errors.AttributeValidationNote` or
        `cattrs.errors.IterableValidationNote`), inside groups for nested
        locations, so that ``cattrs.transform_error`` names every problem
        with its path. Made once, when first asked for.
        """
        return self._members()[0]

    def _members(
        self,
    ) -> tuple[tuple[Exception, ...], dict[int, ErrorDetails]]:
        """Return the exception tree and each leaf's problem, made once.

        The first made is kept (``setdefault``): threads asking at once
        all get the same tree, whose leaves the map knows.
        """
        made = self.__dict__.get("_tree")
        if made is None:
            problem_of: dict[int, ErrorDetails] = {}
            tree = _exception_tree(
                self._errors, self.title, self.cl, problem_of
            )
            made = self.__dict__.setdefault("_tree", (tree, problem_of))
        return made  # type: ignore[no-any-return]

    def split(self, condition: Any) -> tuple[Any, Any]:
        """Split the problems by a condition, as an exception group does.

        What ``except*`` calls: its members are made first (see
        `exceptions`), so that ``except* KeyError`` takes a missing
        field's problem.

        Parameters
        ----------
        condition
            An exception type, a tuple of them, or a function of an
            exception returning whether it matches.

        Returns
        -------
        tuple
            The group of what matches and the group of the rest, each
            `None` where empty: this error itself where it matches whole.
        """
        if _matches(self, condition):
            return self, None
        match, rest = self._members_group().split(condition)
        return self._part(match), self._part(rest)

    def subgroup(self, condition: Any) -> Any:
        """Return the problems that match a condition (see `split`).

        Parameters
        ----------
        condition
            An exception type, a tuple of them, or a function of an
            exception returning whether it matches.

        Returns
        -------
        ExceptionGroup or None
            The group of what matches: this error itself where it matches
            whole.
        """
        if _matches(self, condition):
            return self
        return self._part(self._members_group().subgroup(condition))

    def _members_group(self) -> ClassValidationError:
        """Return the problems as a cattrs group of their made members."""
        return ClassValidationError(str(self), list(self.exceptions), self.cl)

    def derive(self, excs: Sequence[Exception]) -> ClassValidationError:  # type: ignore[override]
        """Return the error of a part of the problems, as groups derive.

        Parameters
        ----------
        excs
            Members of this error (see `exceptions`), or groups of them.

        Returns
        -------
        cattrs.errors.ClassValidationError
            A `ValidationError` of their problems; for exceptions of
            another's, a cattrs group of them with this error's message.
        """
        _, problem_of = self._members()
        problems = [problem_of.get(id(leaf)) for leaf in _leaves(excs)]
        if None in problems:
            return ClassValidationError(str(self), excs, self.cl)
        return ValidationError(problems, self.title, self.cl)  # type: ignore[arg-type]  # none is None

    def _part(self, group: BaseExceptionGroup[Any] | None) -> Any:
        """Return the error of what ``split`` kept of the members.

        A new error, without this one's traceback: ``except*`` raises
        again, as it is, a part that has none, where it would rebuild a
        part of this error from the members the interpreter sees (one
        placeholder, see `_PLACEHOLDER`).
        """
        if group is None:
            return None
        return self.derive(group.exceptions)  # type: ignore[arg-type]

    @property
    def _errors(self) -> list[ErrorDetails]:
        """The problems, with what may hold a secret hidden (made once)."""
        shown = self._shown_errors
        if shown is None:
            shown = self._shown_errors = _shown_problems(self._found)
        return shown

    def errors(
        self,
        *,
        include_url: bool = True,  # noqa: ARG002 (Pydantic's keyword)
        include_context: bool = True,  # noqa: ARG002 (Pydantic's keyword)
        include_input: bool = True,
    ) -> list[ErrorDetails]:
        """Return every problem found, each a fresh dict.

        Parameters
        ----------
        include_url, include_context
            Pydantic's keywords, taken for code written for it: the
            package's problems carry no documentation URL and no context.
        include_input
            Whether each problem gives its input (credentials hidden).

        Returns
        -------
        list of ErrorDetails
            Dicts with ``type``, ``loc``, ``msg`` and ``input`` keys (the
            last left out without ``include_input``).
        """
        # Made again from the problems as found, unless already shown (a
        # pass fewer, for the usual single call): new dicts either way.
        shown = self._shown_errors
        copies: list[Any] = (
            _shown_problems(self._found)
            if shown is None
            else list(map(dict, shown))
        )
        if not include_input:
            for copied in copies:
                copied.pop("input", None)
        return copies

    def error_count(self) -> int:
        """Return how many problems were found.

        Returns
        -------
        int
            The number of entries of `errors`.
        """
        return len(self._found)

    def json(
        self,
        *,
        indent: int | None = None,
        include_url: bool = True,  # noqa: ARG002 (Pydantic's keyword)
        include_context: bool = True,  # noqa: ARG002 (Pydantic's keyword)
        include_input: bool = True,
    ) -> str:
        """Return the problems as JSON text, as Pydantic's ``json()`` does.

        Parameters
        ----------
        indent
            Spaces to indent nested levels by; `None` (the default) writes
            one compact line, as Pydantic does.
        include_url, include_context
            Pydantic's keywords, taken for code written for it: the
            package's problems carry no documentation URL and no context.
        include_input
            Whether each problem gives its input.

        Returns
        -------
        str
            A JSON array of objects with ``type``, ``loc``, ``msg`` and
            ``input``, non-ASCII characters escaped (unlike Pydantic:
            an input may hold unpaired surrogates, which UTF-8 cannot
            encode). Inputs that JSON cannot hold (bytes, datetimes,
            objects, integers too long to write) are given as their brief
            representation, as in ``str(error)``.
        """
        problems = []
        for error in self._errors:
            problem: dict[str, object] = {
                "type": error["type"],
                "loc": [_json_step(step) for step in error["loc"]],
                "msg": error["msg"],
            }
            if include_input:
                problem["input"] = _json_input(error["input"])
            problems.append(problem)
        import json  # noqa: PLC0415 (kept out of the package's import)

        separators = (",", ":") if indent is None else None
        return json.dumps(problems, indent=indent, separators=separators)

    def __str__(self) -> str:
        count = len(self._errors)
        noun = "error" if count == 1 else "errors"
        lines = [f"{count} validation {noun} for {self.title}"]
        for error in self._errors:
            where = _location_text(error["loc"])
            shown = _safe_repr(error["input"])
            lines.append(f"{where}: {error['msg']}")
            lines.append(f"  [type={error['type']}, input={shown}]")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(
        self,
    ) -> tuple[
        type[ValidationError], tuple[object, ...], dict[str, object] | None
    ]:
        # The constructor's arguments, then what else the instance holds
        # (``__notes__``, attributes a caller set), as BaseException's
        # own __reduce__ gives its __dict__: copies and pickles keep it.
        state = {
            name: value
            for name, value in vars(self).items()
            if name not in _REBUILT
        }
        return (
            type(self),
            (self._errors, self.title, _portable(self.cl)),
            state or None,
        )


def _portable(cl: Any) -> Any:
    """Return the type read as copies and pickles of an error keep it.

    Itself where pickle can name it; `object` where it cannot (a class
    made inside a function), so that the error still pickles.
    """
    import pickle  # noqa: PLC0415 (copies and pickles alone)

    try:
        pickle.dumps(cl)
    except (pickle.PicklingError, AttributeError, TypeError):
        return object
    return cl


def container_error(
    errors: list[ErrorDetails], title: str, cl: Any
) -> ValidationError:
    """Return the error of a container's problems (not a model's).

    cattrs' iterable error where they are located by an index first (a
    list's, a tuple's, a set's), as cattrs groups its errors of those; a
    `ValidationError` of them all the same.

    Parameters
    ----------
    errors
        Every problem found, each with its location.
    title
        What was being validated.
    cl
        The container's type.

    Returns
    -------
    ValidationError
        The error to raise.
    """
    if errors and errors[0]["loc"] and type(errors[0]["loc"][0]) is int:
        return _ItemsValidationError(errors, title, cl)
    return ValidationError(errors, title, cl)


class _ItemsValidationError(ValidationError, IterableValidationError):
    """A `ValidationError` of a list's items: cattrs' iterable error.

    Every problem is located first by an index, as cattrs' errors of a
    list are grouped (``cattrs.transform_error`` writes ``$[0].name``).
    """

    # cattrs' grouping by index, where ClassValidationError's comes first.
    group_exceptions = IterableValidationError.group_exceptions  # type: ignore[assignment]


_GROUP_MESSAGE: Final = "validation errors"
"""The message of a `ValidationError` as an exception group (its
``str`` names the problems)."""

_PLACEHOLDER: Final = (
    ValueError("the problems are listed above; errors() gives each"),
)
"""The members every `ValidationError` is built with, never raised: its
problems' exceptions are made when asked for (`ValidationError.exceptions`,
which the `traceback` module shows). The interpreter's own display of an
uncaught error reads the members it was built with: this one points to
the message, which names every problem."""


def _exception_tree(
    problems: Sequence[ErrorDetails],
    title: str,
    cl: Any,
    problem_of: dict[int, ErrorDetails],
    depth: int = 0,
) -> tuple[Exception, ...]:
    """Return the problems as cattrs' nested validation errors.

    Problems under the same step of their location (at ``depth``) are
    gathered in a group noted with that step: a cattrs class error for
    attribute names, an iterable error for indices, each with the type at
    that step within ``cl`` as its ``cl`` (see `_type_at`). Each leaf's
    problem is kept in ``problem_of``, by the leaf's identity.
    """
    leaves: list[Exception] = []
    steps: dict[object, list[ErrorDetails]] = {}
    for problem in problems:
        loc = problem["loc"]
        if len(loc) <= depth:
            leaf = _leaf(problem, ())
            problem_of[id(leaf)] = problem
            leaves.append(leaf)
        else:
            steps.setdefault(loc[depth], []).append(problem)
    for step, under in steps.items():
        note = (
            IterableValidationNote(f"Structuring @ index {step}", step, None)
            if type(step) is int
            else AttributeValidationNote(
                f"Structuring class {title} @ attribute {step}",
                str(step),
                None,
            )
        )
        if all(len(problem["loc"]) == depth + 1 for problem in under):
            for problem in under:
                leaf = _leaf(problem, step)
                leaf.add_note(note)
                problem_of[id(leaf)] = problem
                leaves.append(leaf)
            continue
        nested: Exception
        within = _type_at(cl, step)
        children = _exception_tree(
            under, f"{title}.{step}", within, problem_of, depth + 1
        )
        if all(
            type(problem["loc"][depth + 1]) is int
            for problem in under
            if len(problem["loc"]) > depth + 1
        ):
            nested = IterableValidationError(str(step), children, within)
        else:
            nested = ClassValidationError(str(step), children, within)
        nested.add_note(note)
        leaves.append(nested)
    return tuple(leaves)


def _type_at(cl: Any, step: object) -> Any:
    """Return the type of what a step of a location reaches within a type.

    A field's declared type in an attrs class (a generic one's too), an
    item's in a list, set or tuple (a fixed-length tuple's at its index),
    a value's in a mapping; `None` and ``Annotated``'s metadata taken off.
    `object` where the type does not tell (a postponed annotation, a type
    variable, a union of several types).
    """
    found = _declared_at(cl, step)
    if get_origin(found) is Annotated:
        found = get_args(found)[0]
    if get_origin(found) in _UNIONS:
        held = [part for part in get_args(found) if part is not type(None)]
        found = held[0] if len(held) == 1 else object
    if isinstance(found, type) or get_origin(found) is not None:
        return found
    return object  # a string, a type variable, a forward reference...


def _declared_at(cl: Any, step: object) -> Any:
    """Return what a type declares of a step within it (see `_type_at`)."""
    origin = get_origin(cl)
    arguments = get_args(cl)
    owner = cl if origin is None else origin
    if type(step) is str and isinstance(owner, type) and attrs.has(owner):
        fields = {field.name: field.type for field in attrs.fields(owner)}
        return fields.get(step, object)
    if origin in MAPPING_TYPES and len(arguments) == len("kv"):
        return arguments[1]
    if type(step) is not int or not arguments:
        return object
    if origin is not tuple or arguments[-1] is Ellipsis:
        return arguments[0]
    return arguments[step] if 0 <= step < len(arguments) else object


_UNIONS: Final = (UnionType, Union)
"""The origins of union types (``X | None``, ``Optional[X]``)."""


def _leaves(members: Iterable[BaseException]) -> Iterator[BaseException]:
    """Yield the exceptions that groups hold, at any depth, in order."""
    for member in members:
        if isinstance(member, BaseExceptionGroup):
            yield from _leaves(member.exceptions)
        else:
            yield member


def _leaf(error: ErrorDetails, step: object) -> Exception:
    """Return one problem as the exception cattrs would have raised."""
    if error["type"] == "missing":
        return KeyError(step)
    return ValueError(error["msg"])


def hide_inputs(error: ValidationError) -> None:
    """Hide, in place, every input of an error, whatever it holds.

    For an error about a part of a secret (a value that cattrs notes was
    under a secret's key), of which its own locations do not know.

    Parameters
    ----------
    error
        The error; its copies and pickles show no input either.
    """
    hidden: list[ErrorDetails] = [
        {**problem, "input": HIDDEN}
        for problem in error._errors  # noqa: SLF001
    ]
    error._found = hidden  # noqa: SLF001
    error._shown_errors = hidden  # noqa: SLF001
    error.__dict__.pop("_tree", None)  # made again from what is shown


class FieldError(Exception):
    """A value could not be read; raised by readers, never seen by users.

    Readers do not know where their value sits in the input, so the
    locations carried here are relative to the value; the structuring code
    locates them (`locate`) and raises `ValidationError`.

    Parameters
    ----------
    errors
        The problems, with locations relative to the value.
    """

    __slots__ = ()

    # The problems are the one argument, kept by BaseException itself: no
    # __init__ of its own to run (a Python call more on every refusal).
    args: tuple[Sequence[ErrorDetails]]

    @property
    def errors(self) -> Sequence[ErrorDetails]:
        """The problems, with locations relative to the value."""
        return self.args[0]

    @classmethod
    def single(cls, msg: str, kind: str, value: object) -> FieldError:
        """Build the error for one problem with the value as a whole.

        Parameters
        ----------
        msg
            What is wrong, in words.
        kind
            The machine-readable error type.
        value
            The offending value.

        Returns
        -------
        FieldError
            An error with one entry at the empty location.
        """
        return cls([error_details(msg, kind, value)])

    def located(
        self, *prefix: str | int, hide_input: bool = False
    ) -> Sequence[ErrorDetails]:
        """Return the problems with their locations prefixed (in place).

        Parameters
        ----------
        *prefix
            Location of the value in the whole input.
        hide_input
            Whether the value is a credential, never to be shown.

        Returns
        -------
        sequence of ErrorDetails
            The problems, with full locations.
        """
        return locate(self.errors, prefix, hide_input=hide_input)


class FallBack(Exception):  # noqa: N818 (a signal, not an error)
    """A fast path leaves a value to the general path (internal).

    Raised by the generated lines for what they do not take at once: the
    structuring functions then read the field in detail, a constructor
    calls attrs' own, msgspec's reader gives the text to the general
    path, a native writer to the converter's hooks.
    """
