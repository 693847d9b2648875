"""The package's error type, and how problems are described and located.

Every problem the package reports is an `ErrorDetails` dict made by
`error_details`; code that finds problems deep in an input raises
`FieldError` with locations relative to the value it was given, and each
level above prefixes its own step with `FieldError.located`, until the
structuring function raises `ValidationError` with full locations.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from typing import Final, TypedDict

__all__ = [
    "HIDDEN",
    "ErrorDetails",
    "FieldError",
    "NotDecided",
    "ValidationError",
    "error_details",
    "relocated",
]

HIDDEN: Final = "<hidden>"
"""Shown instead of an input that may hold a credential."""

_SHORT_REPR = reprlib.Repr()
"""Shows inputs in ``str(error)`` briefly, and deep ones without recursion."""
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 60
_SHORT_REPR.maxlevel = 3

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
    return {"loc": loc, "msg": msg, "type": kind, "input": value}


def relocated(
    errors: Iterable[ErrorDetails],
    prefix: Location,
    *,
    hide_input: bool = False,
) -> list[ErrorDetails]:
    """Return problems with a location prefixed: the one way to locate.

    Parameters
    ----------
    errors
        Problems located relative to a value.
    prefix
        Where that value is.
    hide_input
        Whether the value is a credential, whose input is then never shown.

    Returns
    -------
    list of ErrorDetails
        New dicts with full locations.
    """
    return [
        {
            "loc": (*prefix, *error["loc"]),
            "msg": error["msg"],
            "type": error["type"],
            "input": HIDDEN if hide_input else error["input"],
        }
        for error in errors
    ]


class ValidationError(ValueError):
    """The input does not describe a valid model.

    The only exception raised for bad input by the package's structuring
    and parsing functions, by model construction and by ``attrs.evolve``.

    Parameters
    ----------
    errors
        Every problem found, each with its location.
    title
        What was being validated, shown on the first line of the message.
    """

    def __init__(
        self, errors: Iterable[ErrorDetails], title: str = "input"
    ) -> None:
        self._errors = list(errors)
        self.title = title
        super().__init__(self._errors)

    def errors(self) -> list[ErrorDetails]:
        """Return every problem found, each a fresh dict.

        Returns
        -------
        list of ErrorDetails
            Dicts with ``loc``, ``msg``, ``type`` and ``input`` keys.
        """
        return [ErrorDetails(**error) for error in self._errors]

    def __str__(self) -> str:
        count = len(self._errors)
        noun = "error" if count == 1 else "errors"
        lines = [f"{count} validation {noun} for {self.title}"]
        for error in self._errors:
            where = ".".join(str(part) for part in error["loc"]) or "(root)"
            shown = _SHORT_REPR.repr(error["input"])
            lines.append(f"{where}: {error['msg']}")
            lines.append(f"  [type={error['type']}, input={shown}]")
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[object, ...]]:
        return (type(self), (self._errors, self.title))


class FieldError(Exception):
    """A value could not be read; raised by readers, never seen by users.

    Readers do not know where their value sits in the input, so the
    locations carried here are relative to the value; the structuring code
    locates them (`located`) and raises `ValidationError`.

    Parameters
    ----------
    errors
        The problems, with locations relative to the value.
    """

    def __init__(self, errors: Sequence[ErrorDetails]) -> None:
        super().__init__(errors)
        self.errors = errors

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
    ) -> list[ErrorDetails]:
        """Return the problems with their locations prefixed.

        Parameters
        ----------
        *prefix
            Location of the value in the whole input.
        hide_input
            Whether the value is a credential, never to be shown.

        Returns
        -------
        list of ErrorDetails
            The problems, with full locations.
        """
        return relocated(self.errors, prefix, hide_input=hide_input)


class NotDecided(Exception):  # noqa: N818 (a signal, not an error)
    """A fast path leaves this input to the detailed path (internal)."""
