"""The package's error type and the internal error of a single value."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import TypedDict

__all__ = ["ErrorDetails", "FieldError", "NotDecided", "ValidationError"]

_SHORT_REPR = reprlib.Repr()
"""Shows inputs in ``str(error)`` briefly, and deep ones without recursion."""
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 60
_SHORT_REPR.maxlevel = 3


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
    """A value could not be parsed; raised by parsers, never seen by users.

    Parsers do not know where their value sits in the input, so the
    locations carried here are relative to the value; the structuring code
    prefixes them with the field name and turns them into a
    `ValidationError`.

    Parameters
    ----------
    errors
        The problems, with locations relative to the parsed value.
    """

    def __init__(self, errors: list[ErrorDetails]) -> None:
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
        return cls([{"loc": (), "msg": msg, "type": kind, "input": value}])

    def located(self, *prefix: str | int) -> list[ErrorDetails]:
        """Return the problems with their locations prefixed.

        Parameters
        ----------
        *prefix
            Location of the parsed value in the whole input.

        Returns
        -------
        list of ErrorDetails
            The problems, with full locations.
        """
        return [
            {
                "loc": (*prefix, *error["loc"]),
                "msg": error["msg"],
                "type": error["type"],
                "input": error["input"],
            }
            for error in self.errors
        ]


class NotDecided(Exception):  # noqa: N818 (a signal, not an error)
    """A fast path leaves this input to the general path (internal)."""
