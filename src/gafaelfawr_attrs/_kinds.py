"""Field kinds: what a field holds, how to read it, check it, describe it.

A kind owns everything about its values: `Kind.parse` (or
`Kind.checked`) reads an input value (JSON data or Python values; for a
nested model, which a converter's hook reads, an instance) into the value
a model holds, and every other method is built on that one rule: whether
a value already is one (`Kind.holds`, and `Kind.refusal` inline), the
lines it gives the generated readers, constructors, msgspec readers and
writers, and its JSON schema. Every constraint is written once, here; the
attrs validators and converters (`_fields`) and the generators ask the
kinds, never restate them.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Final,
    NamedTuple,
    Protocol,
    Self,
    cast,
)

from ._codegen import compile_function, indented
from ._datetime import (
    DATETIME_TEXT_SCHEMA,
    WHOLE_SECONDS_SCHEMA,
    datetime_in_utc,
    format_seconds,
    format_whole_seconds,
    from_epoch_seconds,
    parse_datetime,
    timestamp_reading_lines,
    written_datetime_schema,
)
from ._errors import (
    ErrorDetails,
    FallBack,
    FieldError,
    ValidationError,
    dict_type_error,
    error_details,
    list_type_error,
    locate,
)
from ._exact import (
    SEQUENCE_TYPE_IDS,
    SEQUENCE_TYPES,
    elements,
    exact_keys,
    is_of,
    pairs,
    type_ids,
)
from ._frozendict import FrozenDict, frozen_taking
from ._numbers import (
    ALWAYS_WRITABLE,
    parse_bool,
    parse_float,
    read_integer,
)

__all__ = [
    "ABSENT",
    "EPOCH_SECONDS",
    "FLAG",
    "INTEGER_MAPPING",
    "LIST_SOURCES",
    "NUMBER",
    "OPTIONAL_EPOCH_SECONDS",
    "OPTIONAL_SERVICE_TIMESTAMP",
    "OPTIONAL_TIMESTAMP",
    "PLAIN_KINDS",
    "READING_REFUSALS",
    "SCOPE_SET",
    "SERVICE_TIMESTAMP",
    "STRING_LIST",
    "TIMESTAMP",
    "Absent",
    "Checker",
    "Choice",
    "CommaSeparatedList",
    "DocumentKeeper",
    "EpochSeconds",
    "Flag",
    "Integer",
    "IntegerMapping",
    "Kind",
    "Model",
    "ModelList",
    "ModelMapping",
    "Nullable",
    "Number",
    "Omissible",
    "Rejected",
    "ScopeSet",
    "Text",
    "Timestamp",
    "end_of_text_anchored",
    "instances_tuple",
    "is_made_from_value",
    "json_reading_lines",
    "kind_of_type",
    "validating_hook",
]


READING_REFUSALS: Final = (
    FallBack,
    KeyError,
    OverflowError,
    OSError,
    FieldError,
)
"""What the lines of `Kind.reading_lines` raise for a value they do not
take: `FallBack`; the `KeyError` of a lookup (a required field the input
lacks, a value no enum member has); the standard library's refusal of an
epoch number (`OverflowError`, or `OSError` where the platform reads no
negative seconds, as Windows); a reader's `FieldError`. The generated
readers' fields fall back on these alone, so that a mistake in them is
raised, not hidden by a slower path: the lines read JSON's own types, and
hand any other value (a Python caller's object, whose own methods may
raise anything) to the field's detailed reader (see
`json_reading_lines`). Lines that call what raises anything else catch it
themselves (a datetime text the standard library refuses, see
`_datetime.timestamp_reading_lines`)."""

Writer = Callable[[object], object]
"""Writes a held value as JSON-ready data."""

Checker = Callable[[object], tuple[object, Sequence[ErrorDetails]]]
"""Reads an input value, returning its problems: the held value and no
problem, or `None` and the problems (see `Kind.checked`)."""

DocumentKeeper = Callable[[dict[str, Any], dict[str, Any], type], object]
"""Given a nested model's document as written, as given, and the model,
returns what to write of it (see `Kind.with_documents`)."""

_JSON_TYPES: Final = type_ids(str, int, float, bool, type(None), list, dict)
"""The types of the values JSON parsers give (their identities)."""


def json_reading_lines(
    variable: str, reading: list[str], namespace: dict[str, Any]
) -> list[str]:
    """Return the fast path's lines reading a value of JSON's own types.

    Parameters
    ----------
    variable
        The variable holding the value, set to the held value in place.
    reading
        Lines reading the value, called from the generated function
        itself (see `Kind.reading_call` and `checking_lines`): what they
        raise passes through no wrapper's frame, which costs a tenth of a
        bad record's reading.
    namespace
        The generated function's globals.

    Returns
    -------
    list of str
        Lines running ``reading`` for a value of JSON's own types, and
        raising `FallBack` for any other value (a Python caller's object,
        whose own methods may raise anything), which the field's detailed
        reader then reads through the base types' own methods, naming
        what a value's own methods raise where any must run (a mapping's
        items). (A dict's keys, which a reader may look through, are
        exact strings in the usual input; others are told apart by the
        generated reader, see `DetailedReader.read_unusual`.)
    """
    namespace["JSON_TYPES"] = _JSON_TYPES
    return [
        f"if id(type({variable})) not in JSON_TYPES:",
        "    raise FallBack",
        *reading,
    ]


def checking_lines(
    variable: str,
    checker: str,
    namespace: dict[str, Any],
    nested: NestedModels | None = None,
) -> list[str]:
    """Return lines reading a value with a `Checker`, naming its problems.

    Where the generator names a field's problems where they are found
    (`NestedModels.refused_lines`), they are named there, in the
    generated function, and nothing is raised: a raise and its catch cost
    a tenth of a bad record's reading. Elsewhere one `FieldError` is made
    where the checker returned its problems, and raised in the generated
    function itself (a raise from a frame below costs as much again).

    Parameters
    ----------
    variable
        The variable holding the value, set to the held value in place.
    checker
        The name, in the namespace, of the checker.
    namespace
        The generated function's globals.
    nested
        How the generator reads the field; `None` where its lines name no
        problem.

    Returns
    -------
    list of str
        The lines; they are the last that the kind's lines run on their
        path (the variable is then `None` where the value was refused).
    """
    named = (
        None if nested is None else nested.refused_lines(variable, "refused")
    )
    if named is None:
        namespace["FieldError"] = FieldError
        named = ["    raise FieldError(refused)"]
    return [
        f"{variable}, refused = {checker}({variable})",
        "if refused:",
        *named,
    ]


class Rejected:
    """A value given to a constructor that its field's kind cannot hold.

    attrs converters run before validators and cannot name their field, so
    `Kind.convert` returns this wrapper instead of raising; the field's
    validator then reports it.
    """

    __slots__ = ("original",)

    def __init__(self, original: object) -> None:
        self.original = original
        """The value as given."""


if TYPE_CHECKING:
    # What the generators give the kinds: protocols for type checkers alone
    # (making Protocol classes costs the package's import).

    class NestedModels(Protocol):
        """How a generator reads a field (fast path).

        The models it holds, and the problems of its value, named where
        they are found.
        """

        def model_lines(
            self,
            kind: Model,
            variable: str,
            prefix: str,
            namespace: dict[str, Any],
            within: str | None = None,
        ) -> list[str]:
            """Return lines reading a nested model.

            Parameters
            ----------
            kind
                The field's kind.
            variable
                The variable holding the value.
            prefix
                Prefix of the names the lines add to the namespace.
            namespace
                The generated function's globals.
            within
                An expression of the value's location within the field's
                (a key, for a mapping's value); `None` for the field's
                value itself.

            Returns
            -------
            list of str
                Lines as `Kind.reading_lines` returns them.
            """
            ...

        def item_lines(
            self,
            kind: Model,
            variable: str,
            prefix: str,
            namespace: dict[str, Any],
            within: str,
        ) -> list[str] | None:
            """Return lines reading one item of a list of models in place.

            Parameters
            ----------
            kind
                The items' kind.
            variable
                The variable holding the item, set to the instance.
            prefix
                Prefix of the names the lines add to the namespace.
            namespace
                The generated function's globals.
            within
                An expression of the item's index.

            Returns
            -------
            list of str or None
                Lines that read a dict inline and check anything else
                apart, adding the problems found where the item is, so
                that the list's other items are still read; `None` where
                the converter's hook for the model (perhaps a user's)
                reads the items, which the field's reader then calls.
            """
            ...

        def refused_lines(
            self, variable: str, problems: str
        ) -> list[str] | None:
            """Return lines naming a refused value's problems where it is.

            Parameters
            ----------
            variable
                The variable holding the value.
            problems
                The variable holding its problems, located relative to it.

            Returns
            -------
            list of str or None
                The lines of the block run for them (indented), which set
                the variable to `None` and add the problems to the
                record's, located; `None` where the field's value is read
                again in detail instead (a field holding models).
            """
            ...

        def checker(self, kind: Kind) -> Checker:
            """Return the detailed reader of a field's whole value.

            Parameters
            ----------
            kind
                The field's kind.

            Returns
            -------
            callable
                A `Checker` of the value; the converter's hooks read the
                models in it.
            """
            ...

    class Definitions(Protocol):
        """The ``$defs`` of a JSON schema being built (see `_schema`)."""

        def define(
            self, owner: type, build: Callable[[], dict[str, Any]]
        ) -> dict[str, Any]:
            """Return a reference to a class's schema, built on first use."""

        def reference(
            self, model: type, written: str | None
        ) -> dict[str, Any]:
            """Return a reference to a model's schema, defined on first use.

            Parameters
            ----------
            model
                A model class, or an attrs class holding models.
            written
                `None` to describe what is read; else the datetime format of
                the converter whose output is described.

            Returns
            -------
            dict
                The reference (``$ref``).
            """
            ...

    class Documents(Protocol):
        """How the msgspec reader reads the models a field holds."""

        def document_type(self, model: type) -> Any:
            """Return the `msgspec.Struct` a model's documents decode as.

            Parameters
            ----------
            model
                One of the package's models.

            Returns
            -------
            type
                The document type.
            """
            ...

        def document_lines(
            self,
            model: type,
            variable: str,
            prefix: str,
            namespace: dict[str, Any],
        ) -> list[str]:
            """Return lines making an instance of a model from its document.

            Parameters
            ----------
            model
                One of the package's models.
            variable
                The variable holding the document, set to the instance.
            prefix
                Prefix of the names the lines add to the namespace.
            namespace
                The generated function's globals.

            Returns
            -------
            list of str
                Lines as `Kind.finishing_lines` returns them.
            """
            ...


class Kind:
    """What a field holds: the interface of every kind."""

    __slots__ = ()

    converts: bool = False
    """Whether constructors convert inputs to held values (lists to tuples,
    strings to enum members): the field then gets an attrs converter."""

    as_written: bool = False
    """Whether values are written back exactly as they were read: the key
    left out where the document left it out (see `omitted`), never by the
    writers' options (``exclude_none``, ``exclude_defaults``)."""

    def __new__(cls, *_args: object, **_kwargs: object) -> Self:
        # Each of `parse` and `checked` is the other by default.
        if cls.parse is Kind.parse and cls.checked is Kind.checked:
            msg = f"{cls.__name__} defines neither parse nor checked"
            raise TypeError(msg)
        return super().__new__(cls)

    def parse(self, value: object) -> object:
        """Read an input value into the value a model holds.

        Parameters
        ----------
        value
            JSON data or a Python value (kinds of nested models take only
            instances: data is read by the converter in use, `checker`).

        Returns
        -------
        object
            The normalised value.

        Raises
        ------
        FieldError
            The value is not acceptable; locations relative to it.

        Notes
        -----
        A kind defines `parse` or `checked`: each is the other by default
        (problems raised, or returned).
        """
        held, problems = self.checked(value)
        if problems:
            raise FieldError(problems)
        return held

    def holds(self, value: object) -> bool:
        """Tell whether a value is already a valid, normalised held value.

        It is when reading it gives it back, itself, without a problem:
        the kind's one rule, `checked`.

        Parameters
        ----------
        value
            Any value.

        Returns
        -------
        bool
            Whether a model may hold it as it is.
        """
        held, problems = self.checked(value)
        return not problems and held is value

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        """Return the JSON schema of the values.

        Parameters
        ----------
        definitions
            The schema's ``$defs``, to which shared definitions are added.

        Returns
        -------
        dict
            The field's schema, without title, description or examples.
        """
        raise NotImplementedError

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        """Return the JSON schema of the values as the converters write them.

        Parameters
        ----------
        definitions
            The schema's ``$defs``, to which shared definitions are added.
        written
            The converter's datetime format (``"iso"`` or ``"epoch"``; see
            `written_datetime_schema`), which datetimes follow unless their
            kind writes them as whole seconds.

        Returns
        -------
        dict
            The field's schema, without title, description or examples.
        """
        return self.schema(definitions)

    def expected_at_construction(self) -> str:
        """Say what constructors need, where `parse` would accept more.

        Returns
        -------
        str
            Such as ``"an instance of Token"``.
        """
        return "of the field's type"

    def not_held(self, value: object) -> ErrorDetails:
        """Describe a value constructors do not take (``instance_type``).

        Parameters
        ----------
        value
            The value.

        Returns
        -------
        ErrorDetails
            The problem, naming what constructors need
            (`expected_at_construction`).
        """
        msg = f"Input should be {self.expected_at_construction()}"
        return error_details(msg, "instance_type", value)

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        """Read a value as `parse` does, returning its problems.

        Parameters
        ----------
        value
            An input value.

        Returns
        -------
        tuple
            The held value and no problem, or `None` and the problems
            (locations relative to the value). Kinds that can tell a
            problem without raising one define this rather than `parse`
            (raising costs more).

        Raises
        ------
        Exception
            Whatever a hostile value's own methods raise.
        """
        try:
            return self.parse(value), ()
        except FieldError as error:
            return None, error.errors

    def checker(self, check_model: Callable[[type], Checker]) -> Checker:
        """Return the detailed reader of values, nested models included.

        Parameters
        ----------
        check_model
            Gives the detailed reader of a nested model class (by the
            converter in use), returning problems as `checked` does.

        Returns
        -------
        callable
            `checked`, with nested models read by ``check_model``'s
            readers: the held value and no problem, or `None` and the
            problems, located relative to the value.
        """
        return self.checked

    def nested_models(self) -> tuple[type, ...]:
        """Return the model classes a value holds, alone or in a list.

        Returns
        -------
        tuple of type
            The nested models; empty for plain values.
        """
        return ()

    def written_in_seconds(self) -> Kind:
        """Return this kind, its datetimes written as whole seconds.

        For the fields of a model that writes its datetimes so whatever the
        converter's format (its ``datetimes_written_as``, which
        `install_kinds` reads).

        Returns
        -------
        Kind
            This kind, where it holds no datetime written in the
            converter's format.
        """
        return self

    def with_documents(
        self, written: object, given: object, keep: DocumentKeeper
    ) -> object:
        """Return what was written of a value, each nested model's kept.

        Each document of a nested model written is paired with the one it
        was read from, and given to ``keep`` (for the command's
        ``convert``, which keeps what a document holds beyond its fields).

        Parameters
        ----------
        written
            What the converter wrote of the value.
        given
            What it was read from.
        keep
            Returns what to write of a nested model's document, given it
            written, as given and its model.

        Returns
        -------
        object
            ``written``, where the value holds no nested model (or what
            was given is not of its shape); else a copy, each document
            replaced by what ``keep`` returns.
        """
        return written

    def convert(self, value: object) -> object:
        """Make a value given to a constructor held (an attrs converter).

        Parameters
        ----------
        value
            The value given.

        Returns
        -------
        object
            The value as `checked` reads it (itself, if it is held);
            `Rejected` for the field's validator to report.
        """
        held, problems = self.checked(value)
        return Rejected(value) if problems else held

    def constructor_lines(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> list[str]:
        """Return the generated constructor's lines taking a given value.

        Parameters
        ----------
        variable
            The variable holding the value.
        prefix
            Prefix of the names the lines add to the namespace.
        namespace
            The generated function's globals (``FallBack`` and
            ``Rejected`` in it).

        Returns
        -------
        list of str
            Lines that leave the held value in ``variable`` or raise
            ``FallBack``, for attrs' own ``__init__`` to convert the
            values given, or name every problem: the value is held as it
            is where the kind's `refusal` passes it, else tested with
            `holds`, or converted (`convert`) where the kind converts.
        """
        if self.converts:
            namespace[f"{prefix}_convert"] = self.convert
            taking = [
                f"{variable} = {prefix}_convert({variable})",
                f"if type({variable}) is Rejected: raise FallBack",
            ]
        else:
            namespace[f"{prefix}_holds"] = self.holds
            taking = [f"if not {prefix}_holds({variable}): raise FallBack"]
        return self._unless_held(variable, prefix, namespace, taking)

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str | None:
        """Return a quick test that a value is not held as it is, if any.

        Parameters
        ----------
        variable
            The variable holding the value.
        prefix
            Prefix of the names the expression adds to the namespace.
        namespace
            The generated function's globals.

        Returns
        -------
        str or None
            An expression that is false only for values the kind holds as
            they are (`holds`), true for the rest, and that calls no method
            of the value's class (its type is tested first): the generated
            readers and constructors take the value when it is false, and
            read or convert it otherwise. `None` where the kind has no
            such test (every value is then read).
        """
        return None

    def _unless_held(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        taking: list[str],
    ) -> list[str]:
        """Return ``taking`` run only for a value that `refusal` refuses."""
        refused = self.refusal(variable, prefix, namespace)
        if refused is None:
            return taking
        return [f"if {refused}:", *indented(taking)]

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        """Return the fast path's lines reading an input value.

        Parameters
        ----------
        variable
            The variable holding the value.
        prefix
            Prefix of the names the lines add to the namespace.
        namespace
            The generated function's globals.
        nested
            How the generator reads nested models; `None` where it reads
            none this way.

        Returns
        -------
        list of str
            Lines that turn the input in ``variable`` into the held value,
            in place, or raise (``FallBack``, or what a reader raises)
            for the detailed path to read it: a value that `refusal`
            passes is held as it is; any other is read (`parsing_lines`).
        """
        reading = self.parsing_lines(variable, prefix, namespace, nested)
        return self._unless_held(variable, prefix, namespace, reading)

    def parsing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None = None,
    ) -> list[str]:
        """Return lines reading a value with `parse` (`json_reading_lines`).

        What a kind's fast-path lines do with a value they do not read
        themselves (with every value, where the kind has no lines of its
        own).

        Parameters
        ----------
        variable
            The variable holding the value, set to the held value in place.
        prefix
            Prefix of the names the lines add to the namespace.
        namespace
            The generated function's globals.
        nested
            How the generator reads the field (see `checking_lines`).

        Returns
        -------
        list of str
            The lines.
        """
        reading = self.reading_call(variable, prefix, namespace, nested)
        return json_reading_lines(variable, reading, namespace)

    def reading_call(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None = None,
    ) -> list[str]:
        """Return lines reading a value with the kind's own method.

        `checked` where the kind defines it (its problems raised by the
        lines, see `checking_lines`), else `parse`: the other one of the
        two would raise, or catch, once more.

        Parameters
        ----------
        variable
            The variable holding the value, set to the held value in place.
        prefix
            Prefix of the names the lines add to the namespace.
        namespace
            The generated function's globals.
        nested
            How the generator reads the field (see `checking_lines`).

        Returns
        -------
        list of str
            Lines setting the variable, or naming its problems (where the
            generator names them) or raising `FieldError`.
        """
        if type(self).parse is Kind.parse:  # derived from `checked`
            namespace[f"{prefix}_checked"] = self.checked
            return checking_lines(
                variable, f"{prefix}_checked", namespace, nested
            )
        namespace[f"{prefix}_parse"] = self.parse
        return [f"{variable} = {prefix}_parse({variable})"]

    def decoded_type(self, documents: Documents) -> Any:
        """Return the type msgspec decodes a value as (the ``fast`` extra).

        msgspec checks what the type says; `finishing_lines` do the rest.

        Parameters
        ----------
        documents
            How nested models are decoded.

        Returns
        -------
        object
            A type msgspec decodes; `typing.Any` leaves everything to the
            finishing lines.
        """
        return Any

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        """Return lines finishing a value decoded as `decoded_type` says.

        Parameters
        ----------
        variable
            The variable holding the value, set to the held value.
        prefix
            Prefix of the names the lines add to the namespace.
        namespace
            The generated function's globals.
        documents
            How nested models are read.

        Returns
        -------
        list of str
            The lines, as `reading_lines` returns them.
        """
        return self.reading_lines(variable, prefix, namespace, None)

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        """Return the source of an expression writing a held value as JSON.

        Parameters
        ----------
        value
            The source of an expression giving the held value (evaluated
            at most twice).
        namespace
            The writer's globals, to which the expression's own names are
            added.
        native
            Whether the JSON library writes UTC datetimes, enums and tuples
            itself (msgspec), as `format_iso` does, so that they are given
            to it as they are.

        Returns
        -------
        str
            The expression. Besides its own names, it may use those that
            depend on the converter, which the writers' generator defines:
            ``format_datetime`` (the converter's way of writing a
            datetime), ``unstructure`` (the converter's) and
            ``write_nested`` (a nested model, natively).
        """
        return value

    def value_writer(self) -> Writer | None:
        """Return a function writing a held value alone, as `written` does.

        For the cattrs overrides of the models' fields, which a user's
        ``make_dict_unstructure_fn`` follows. Compiled on first use.

        Returns
        -------
        callable or None
            The writer; `None` where what is written depends on the
            converter (nested models, and datetimes written in the
            converter's format), which the converter's hooks then write.
        """
        if self.nested_models():
            return None
        return _ValueWriter(self)

    def missing(self) -> Callable[[], object] | None:
        """Return what gives the value of a key that input leaves out.

        For a field with no default: constructors require it, but reading
        a document may not.

        Returns
        -------
        callable or None
            A function giving the held value; `None` where the key is
            required.
        """
        return None

    def omitted(self, value: str, namespace: dict[str, Any]) -> str | None:
        """Return the condition on which a held value's key is not written.

        Parameters
        ----------
        value
            The source of an expression giving the held value.
        namespace
            The writer's globals, to which the condition's names are added.

        Returns
        -------
        str or None
            The source of the condition; `None` where the key is always
            written.
        """
        return None

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in names
            if not name.startswith("_")
        )
        return f"{type(self).__name__}({fields})"


def _holds_surrogates(text: str) -> bool:
    """Tell whether an exact `str` holds unpaired surrogates."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


class _Limit(NamedTuple):
    """One limit of a `Text`: how a string breaks it, and what it is told."""

    broken: str
    """Source text of a test, true where an exact `str` breaks the limit,
    of ``{text}`` (the string) and ``{searched}`` (what the pattern's
    search of it returns)."""

    error_type: str
    """The problem's machine-readable type."""

    message: str
    """The problem's message."""

    decoded: bool = True
    """Whether msgspec checks it as it decodes a document (lengths by the
    type's `msgspec.Meta`, unpaired surrogates, which its reader refuses):
    else the document's finishing lines test it."""


class Text(Kind):
    """A string, optionally bounded in length and matching a pattern.

    Unpaired surrogates are refused in every string, as JSON cannot carry
    them (Pydantic refuses them only in strings with a limit).

    Each limit is stated once, as a test (`_Limit`), in the order the
    first problem is named: the fast path's and the constructors' test
    (`refusal`) is made of the same tests as the function that names a
    string's problem (`_compile_problem`, when first needed).
    """

    __slots__ = (
        "_limits",
        "_named_problem",
        "_search",
        "max_length",
        "min_length",
        "pattern",
    )

    def __init__(
        self,
        *,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
    ) -> None:
        self.min_length = min_length
        """Fewest characters (code points) allowed."""
        self.max_length = max_length
        """Most characters (code points) allowed."""
        self.pattern = pattern
        """Regular expression that the whole string must match."""
        self._search: _Search | None = None
        """The pattern's search, compiled when first needed (see `search`)."""
        # Unpaired surrogates first, as Pydantic names them before a limit
        # (non-ASCII text is encoded only to find them).
        limits = [
            _Limit(
                "not {text}.isascii() and holds_surrogates({text})",
                "string_unicode",
                "Input should be a valid string, not unpaired surrogates",
            )
        ]
        if min_length is not None:
            least = (
                "not {text}"  # no call
                if min_length == 1
                else f"len({{text}}) < {min_length}"
            )
            limits.append(
                _Limit(
                    least,
                    "string_too_short",
                    f"String should have at least {_characters(min_length)}",
                )
            )
        if max_length is not None:
            limits.append(
                _Limit(
                    f"len({{text}}) > {max_length}",
                    "string_too_long",
                    f"String should have at most {_characters(max_length)}",
                )
            )
        if pattern is not None:
            limits.append(
                _Limit(
                    "{searched} is None",
                    "string_pattern_mismatch",
                    f"String should match pattern '{pattern}'",
                    decoded=False,
                )
            )
        self._limits: tuple[_Limit, ...] = tuple(limits)
        """The limits, in the order the first problem is named."""
        self._named_problem: Callable[[str], ErrorDetails | None] | None = None
        """The function naming a string's first problem, if any, compiled
        when first needed (`_compile_problem`)."""

    def search(self) -> _Search | None:
        """Return the pattern's search function, if there is a pattern.

        Compiled on first use, not when the model is made at import.

        Returns
        -------
        callable or None
            A function returning `None` for strings that do not match
            (see `_remembering`).
        """
        search = self._search
        if search is None and self.pattern is not None:
            compiled = re.compile(end_of_text_anchored(self.pattern))
            search = self._search = _remembering(compiled.search)
        return search

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        if type(value) is not str:
            if not is_of(value, str):
                msg = "Input should be a valid string"
                return None, (error_details(msg, "string_type", value),)
            value = str.__str__(value)  # the text, even of an enum
        problem = (self._named_problem or self._compile_problem())(value)
        return (value, ()) if problem is None else (None, (problem,))

    def expected_at_construction(self) -> str:
        # What constructors refuse of what reading takes: a str subclass's.
        return "a str, not of a subclass of str"

    def _tests(
        self,
        text: str,
        prefix: str,
        namespace: dict[str, Any],
        *,
        remember_refusal: bool = True,
    ) -> list[str]:
        """Return the limits' tests of a string, in order, their names added.

        ``remember_refusal`` is what the pattern's search is told (see
        `_remembering`).
        """
        namespace["holds_surrogates"] = _holds_surrogates
        search = self.search()
        if search is not None:
            namespace[f"{prefix}_search"] = search
        tail = "" if remember_refusal else ", False"
        searched = f"{prefix}_search({text}{tail})"
        return [
            limit.broken.format(text=text, searched=searched)
            for limit in self._limits
        ]

    def _compile_problem(self) -> Callable[[str], ErrorDetails | None]:
        """Compile the function naming a string's first problem, if any.

        Made when first needed, not at import (a model's fields are many);
        threads making it at once each make the same function.
        """
        namespace: dict[str, Any] = {"error_details": error_details}
        # Not remembered if refused: nothing would check it again.
        tests = self._tests("text", "text", namespace, remember_refusal=False)
        lines = ["def string_problem(text):"]
        for index, (test, limit) in enumerate(
            zip(tests, self._limits, strict=True)
        ):
            namespace[f"message_{index}"] = limit.message
            lines += [
                f"    if {test}:",
                (
                    f"        return error_details(message_{index},"
                    f" {limit.error_type!r}, text)"
                ),
            ]
        lines.append("    return None")
        named = compile_function("string_problem", lines, namespace, Text)
        self._named_problem = named
        return named

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str:
        # False for text within every limit: the limits' own tests.
        tests = self._tests(variable, prefix, namespace)
        return " or ".join([f"type({variable}) is not str", *tests])

    def decoded_type(self, documents: Documents) -> Any:
        import msgspec  # noqa: PLC0415 (the fast extra, loaded when used)

        meta = msgspec.Meta(
            min_length=self.min_length, max_length=self.max_length
        )
        return Annotated[str, meta]

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        # msgspec has checked the type and what its decoding checks; the
        # rest (the pattern, by the search that remembers the names it has
        # seen: a tenth of what msgspec's own call of the pattern costs) is
        # tested here. A value refused is not remembered: the general path
        # reads the text again, another string.
        tests = self._tests(
            variable, prefix, namespace, remember_refusal=False
        )
        return [
            f"if {test}: raise FallBack"
            for test, limit in zip(tests, self._limits, strict=True)
            if not limit.decoded
        ]

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "string"}
        if self.min_length is not None:
            result["minLength"] = self.min_length
        if self.max_length is not None:
            result["maxLength"] = self.max_length
        if self.pattern is not None:
            result["pattern"] = self.pattern
        return result


def end_of_text_anchored(pattern: str) -> str:
    r"""Make a final ``$`` match only at the very end, as Pydantic's does.

    Python's ``$`` also matches before a final newline; the Rust regex
    engine that Pydantic uses does not. A greedy quantifier on a single
    character (a class, ``.``, an escape or a literal) just before it is
    made possessive (``[a-z]*$`` becomes ``[a-z]*+\Z``), which matches
    the same strings: the repeat stops at the first character it cannot
    take, and the end of the text can only be there. A string that fails
    only at its end is then refused in one pass, instead of the repeat
    giving its characters back one at a time to try the end after each.

    Parameters
    ----------
    pattern
        A regular expression.

    Returns
    -------
    str
        The same expression for Python's `re`.
    """
    if not pattern.endswith("$") or pattern.endswith("\\$"):
        return pattern
    body = pattern[:-1]
    found = re.search(
        r"(?:[*+?]|\{(?:[0-9]++(?:,[0-9]*+)?+|,[0-9]++)\})\Z", body
    )
    item = "" if found is None else body[: found.start()]
    character = item[-1:]  # the last of what the quantifier repeats
    before = item[:-1]
    if (len(before) - len(before.rstrip("\\"))) % 2:  # escaped: \d, \.
        single = not character.isdigit()  # a back-reference is left alone
    else:
        # Not a group, an anchor, a quantifier (the found one is then its
        # laziness or possessiveness), a backslash escaping the found one
        # or nothing (the empty string is "in" any string); a class (its
        # "]"), "." or a literal is one character.
        single = character not in ")}([|^$*+?\\"
    return body + ("+\\Z" if single else "\\Z")


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


def checked_pairs(
    value: Mapping[Any, Any],
) -> tuple[list[tuple[Any, Any]] | None, Sequence[ErrorDetails]]:
    """Return the keys and values of any mapping, as `pairs` does.

    A dict is read through `dict`; any other mapping through its own
    ``items``, whose failure is the input's problem.

    Parameters
    ----------
    value
        A mapping.

    Returns
    -------
    tuple
        Its items, `str` keys made exact, and no problem; or `None` and
        the problem (``mapping_type``) where reading the mapping raised.
    """
    if is_of(value, dict):
        return pairs(value), ()
    try:
        return exact_keys(value.items()), ()
    except Exception as error:  # noqa: BLE001 - a user's mapping may raise anything
        failure = type(error).__name__
    msg = f"Input should be a valid mapping, error: {failure}"
    return None, (error_details(msg, "mapping_type", value),)


_REMEMBERED_AT_MOST: Final = 4096
"""Matching strings a pattern remembers (group names repeat in records)."""

_REMEMBERED_LENGTH: Final = 64
"""Longest string a pattern remembers, so that memory stays bounded."""


_Search = Callable[[str, bool], object]
"""A pattern's search (`_remembering`)."""


def _remembering(search: Callable[[str], object]) -> _Search:
    """Return a pattern's search that remembers short strings it matched.

    A set lookup costs a tenth of a regular expression's search, and the
    strings checked against patterns (group names) repeat from record to
    record. The last longer string refused is remembered too, by identity,
    until it is checked again: a value refused by the fast path (the
    generated lines, which call the search with one argument) is checked
    again, the same object, by the detailed path that names the problem
    (which passes ``remember_refusal=False``: nothing checks after it, nor
    after msgspec's path, whose text the general path reads again), and
    a refused megabyte is then searched once, as an accepted one is, and no
    longer held once named. Only exact `str` values are given: no method
    of a subclass runs in the lookup.
    """
    matched: set[str] = set()
    refused: list[str | None] = [None]

    def remembered_search(
        text: str,
        remember_refusal: bool = True,  # noqa: FBT001, FBT002
    ) -> object:
        if text in matched:
            return True
        if text is refused[0]:
            refused[0] = None
            return None
        found = search(text)
        if found is None:
            if remember_refusal and len(text) > _REMEMBERED_LENGTH:
                refused[0] = text
        elif (
            len(text) <= _REMEMBERED_LENGTH
            and len(matched) < _REMEMBERED_AT_MOST
        ):
            matched.add(text)
        return found

    return remembered_search


class Choice(Kind):
    """A member of an enum, given as the member or its exact value.

    A value is matched only by an input of its exact type (a subclass of
    `str` read as the text it holds): an object that merely compares equal
    to a value, and hashes as it does, is no member. A member whose value
    cannot be hashed (a list) is matched only as itself. An enum that
    defines ``_missing_`` (a `Flag`'s, for combinations) is called with
    a value of its values' types that matches no member, as Pydantic does.
    """

    __slots__ = ("_key_type_ids", "_missing", "_refusal", "enum", "members")

    converts = True

    def __init__(self, enum: type[Enum]) -> None:
        self.enum = enum
        """The enum whose members are allowed."""
        members: dict[object, Enum] = {}
        for member in enum:
            with contextlib.suppress(TypeError):  # a value not hashable
                members[member.value] = member
        # By itself too (an IntEnum's member is its value's key already).
        members.update({member: member for member in enum})
        self.members: Mapping[object, Enum] = members
        """Each member, by itself and by its value."""
        # By identity: a lookup by the type itself would hash it, running
        # a hostile metaclass's __hash__ (the members' types live as long).
        self._key_type_ids = type_ids(enum, *map(type, members))
        self._missing = any(
            "_missing_" in vars(klass)
            for klass in enum.__mro__
            if klass is not Enum
        )
        """Whether the enum finds members of its own for other values (a
        `Flag`'s combinations)."""
        values = [repr(member.value) for member in enum]
        if not values:  # as Pydantic words it
            expected = f"an instance of {enum.__name__}"
        elif len(values) == 1:
            expected = values[0]
        else:
            expected = f"{', '.join(values[:-1])} or {values[-1]}"
        self._refusal = f"Input should be {expected}"

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        kind = type(value)  # not __class__: it may lie
        if id(kind) not in self._key_type_ids and issubclass(kind, str):
            value = str.__str__(value)  # no method of a subclass runs
            kind = str
        if id(kind) in self._key_type_ids:
            try:
                return self.members[value], ()
            except Exception:  # noqa: BLE001, S110 - none; or a tuple's item, unhashable or hostile, whose own __hash__ raised
                pass
            if self._missing:
                try:
                    return self.enum(value), ()
                except Exception:  # noqa: BLE001, S110 - the enum's own _missing_ refused it, however it raises
                    pass
        return None, (error_details(self._refusal, "enum", value),)

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return definitions.define(self.enum, self._definition)

    def _definition(self) -> dict[str, Any]:
        """Return the enum's schema, as Pydantic's ``$defs`` holds it."""
        values = [member.value for member in self.enum]
        schema: dict[str, Any] = {"enum": values, "title": self.enum.__name__}
        if self.enum.__doc__:
            schema["description"] = inspect.cleandoc(self.enum.__doc__)
        # The JSON type the values share, if any, as Pydantic gives it.
        types = {_json_type_name(value) for value in values}
        if len(types) == 1 and None not in types:
            schema["type"] = types.pop()
        return dict(sorted(schema.items()))

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        # By exact type: an object equal to a value is no value.
        # (Constructors take members, see `constructor_lines`.)
        namespace[f"{prefix}_members"] = self.members
        return [
            f"if type({variable}) is not str: raise FallBack",
            f"{variable} = {prefix}_members[{variable}]",
        ]

    def decoded_type(self, documents: Documents) -> Any:
        return self.enum

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str:
        # False for a member (of the enum itself: no subclass has members).
        namespace[f"{prefix}_enum"] = self.enum
        return f"type({variable}) is not {prefix}_enum"

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        return []  # msgspec has read the member

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        return value if native else f"{value}.value"


def _json_type_name(value: object) -> str | None:
    """Name the JSON schema type of a value (``None`` for others)."""
    for types, name in _JSON_TYPE_NAMES:
        if isinstance(value, types):
            return name
    return None


_JSON_TYPE_NAMES: Final = (
    (bool, "boolean"),  # before int, whose subclass it is
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    ((list, tuple), "array"),
)
"""The JSON schema type of values of each Python type."""


def _held_items_lines(
    variable: str,
    namespace: dict[str, Any],
    refused: Sequence[str],
    held: Sequence[str] = (),
) -> list[str]:
    """Return lines testing that every item of a tuple is held as text.

    A list of strings is held as it is where `Text.refusal` of any text
    (`_ANY_TEXT`) refuses none of its items (exact strings without
    unpaired surrogates); any other is read in detail (`checked_texts`,
    which makes the same test: `_refused_texts`), which names the items
    refused.

    Parameters
    ----------
    variable
        The variable holding the items: an immutable copy (a tuple or a
        frozenset), which no other thread changes between the test and
        what is made of it.
    namespace
        The generated function's globals.
    refused
        The lines run at the first item refused: they raise
        ``FallBack``, or read the items and end with ``break``.
    held
        The lines run when every item is held, where ``refused`` breaks.

    Returns
    -------
    list of str
        The lines.
    """
    test = _ANY_TEXT.refusal("item", "item", namespace)
    lines = [
        f"for item in {variable}:",
        f"    if {test}:",
        *indented(refused, 2),
    ]
    return [*lines, "else:", *indented(held)] if held else lines


def _compile_refused_texts() -> Callable[[tuple[object, ...]], list[int]]:
    """Compile `_refused_texts`.

    At import (a tenth of a millisecond): compiled on first use, it would
    rebind a name that other threads may be calling.
    """
    namespace: dict[str, Any] = {}
    refused = _ANY_TEXT.refusal("item", "item", namespace)
    lines = [
        "def refused_texts(items):",
        "    indices = []",
        "    for index, item in enumerate(items):",
        f"        if {refused}:",
        "            indices.append(index)",
        "    return indices",
    ]
    return compile_function("refused_texts", lines, namespace, Text)


def _listed_texts(value: object) -> tuple[object, ...] | None:
    """Return the items of a list of strings, or of a comma-separated one.

    A string is split on ``,`` with no trimming (the empty string gives no
    items); a list, tuple, set or frozenset gives its items, in order (a
    tuple, itself). `None` for anything else.
    """
    if type(value) is list:  # the usual input
        return tuple(value)
    if type(value) is tuple:  # held: given back as it is
        return value
    if is_of(value, str):
        text = str.__str__(value)
        return tuple(text.split(",")) if text else ()
    if is_of(value, SEQUENCE_TYPES):
        return tuple(elements(value))
    return None


def checked_texts(
    items: tuple[object, ...],
) -> tuple[tuple[str, ...] | None, Sequence[ErrorDetails]]:
    """Check that every item is a string, as `Kind.checked` does.

    Parameters
    ----------
    items
        The items of a list.

    Returns
    -------
    tuple
        The items as exact strings and no problem, or `None` and each
        problem, located by its item's index. The items are ``items``
        itself where each was an exact string already.
    """
    problems: list[ErrorDetails] | None = None
    texts: list[object] | None = None  # where an item was not exact text
    for index in _refused_texts(items):
        item = items[index]
        text, refused = _ANY_TEXT.checked(item)
        if refused:
            # Made for this item, at the empty location: located here (a
            # call to `locate` costs a fifth of reading a refused item).
            (problem,) = refused
            problem["loc"] = (index,)
            if problems is None:
                problems = [problem]
            else:
                problems.append(problem)
        elif text is not item:  # the text of a str subclass
            if texts is None:
                texts = list(items)
            texts[index] = text
    if problems is not None:
        return None, problems
    held = items if texts is None else tuple(texts)
    return held, ()  # type: ignore[return-value]


class _Texts(Kind):
    """Strings held as a collection: what the two kinds of them share.

    Read from a list of strings, or from one string split on ``,`` with
    no trimming (the empty string gives none); held as `held` makes them.
    """

    __slots__ = ()

    converts = True

    held: ClassVar[str]
    """The builtin that makes the held collection of the strings read."""

    sources: ClassVar[frozenset[int]]
    """The exact types (`type_ids`) a constructor takes strings from."""

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return {"items": {"type": "string"}, "type": "array"}

    def decoded_type(self, documents: Documents) -> Any:
        return list[str] | str

    def _made(self, variable: str) -> list[str]:
        """Return the lines making the held collection of a tuple."""
        return (
            []
            if self.held == "tuple"
            else [f"{variable} = {self.held}({variable})"]
        )

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        # A list with an item refused is read by the kind here: its items
        # are read through `str`'s own methods (`checked_texts`).
        parsing = self.parsing_lines(variable, prefix, namespace, nested)
        reread = [
            *self.reading_call(variable, prefix, namespace, nested),
            "break",
        ]
        held_items = _held_items_lines(
            variable, namespace, reread, self._made(variable)
        )
        return [
            f"if type({variable}) is list:",
            f"    {variable} = tuple({variable})",
            *indented(held_items),
            "else:",
            *indented(parsing),
        ]

    def constructor_lines(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> list[str]:
        converting = super().constructor_lines(variable, prefix, namespace)
        namespace[f"{prefix}_sources"] = self.sources
        held_items = _held_items_lines(variable, namespace, ["raise FallBack"])
        return [
            f"if id(type({variable})) in {prefix}_sources:",
            # A copy that no other thread changes between test and make.
            f"    if type({variable}) is not {self.held}:",
            f"        {variable} = tuple({variable})",
            *indented(held_items),
            *indented(self._made(variable)),
            "else:",
            *indented(converting),
        ]

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        # msgspec has read a list of strings or a string.
        return [
            f"if {variable}.__class__ is str:",
            *indented(self.reading_call(variable, prefix, namespace)),
            "else:",
            f"    {variable} = {self.held}({variable})",
        ]


class CommaSeparatedList(_Texts):
    """A list of strings, held as a tuple; a string is split on commas.

    Lists, tuples, sets and frozensets of strings are accepted, in their
    iteration order, duplicates kept. A string is split on ``,`` with no
    trimming; the empty string gives the empty list.
    """

    __slots__ = ()

    held = "tuple"

    sources = type_ids(list, tuple)

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        items = _listed_texts(value)
        if items is None:
            return None, (list_type_error(value),)
        return checked_texts(items)

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        return value if native else f"list({value})"


class _UtcDatetime(Kind):
    """A datetime held in UTC: what `Timestamp` and `EpochSeconds` share."""

    __slots__ = ()

    converts = True

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return dict(DATETIME_TEXT_SCHEMA)

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        return written_datetime_schema(written)

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str:
        # A plain datetime in UTC. (Data holds none: the readers of
        # `Timestamp` and `EpochSeconds` test the types that data holds.)
        namespace["datetime"] = datetime
        namespace["UTC"] = UTC
        return (
            f"type({variable}) is not datetime or {variable}.tzinfo is not UTC"
        )


class Timestamp(_UtcDatetime):
    """A datetime held in UTC; read from epoch numbers or ISO 8601.

    Written in the converter's format, or as whole seconds.

    Parameters
    ----------
    iso_extensions
        Whether the ISO 8601 forms that Pydantic refuses (week and ordinal
        dates, the basic format) are read too: for the 2024 family, not
        for the current one, which follows the service exactly.
    in_seconds
        Whether it is written as whole seconds since the epoch (whole
        milliseconds beyond 2e10 seconds, where readers take numbers as
        milliseconds), whatever the converter's format.
    """

    __slots__ = ("_written_in_seconds", "in_seconds", "iso_extensions")

    def __init__(
        self, *, iso_extensions: bool = True, in_seconds: bool = False
    ) -> None:
        self.iso_extensions = iso_extensions
        self.in_seconds = in_seconds
        self._written_in_seconds: Kind | None = self if in_seconds else None

    def written_in_seconds(self) -> Kind:
        written = self._written_in_seconds
        if written is None:  # made once (by a model's field transformer)
            written = self._written_in_seconds = Timestamp(
                iso_extensions=self.iso_extensions, in_seconds=True
            )
        return written

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        if self.in_seconds:
            return dict(WHOLE_SECONDS_SCHEMA)
        return super().written_schema(definitions, written)

    def parse(self, value: object) -> datetime:
        return parse_datetime(value, extensions=self.iso_extensions)

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        return timestamp_reading_lines(
            variable,
            self.parsing_lines(variable, prefix, namespace, nested),
            namespace,
            extensions=self.iso_extensions,
        )

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        # A value these lines refuse is left to the general path, which
        # reads the document again and names the problem.
        return timestamp_reading_lines(
            variable, None, namespace, extensions=self.iso_extensions
        )

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        if self.in_seconds:
            namespace["format_whole_seconds"] = format_whole_seconds
            return f"format_whole_seconds({value})"
        return value if native else f"format_datetime({value})"

    def value_writer(self) -> Writer | None:
        return super().value_writer() if self.in_seconds else None


class EpochSeconds(_UtcDatetime):
    """A datetime held in UTC; read from a datetime or whole epoch seconds.

    As `TokenInfo`'s fields were read by the service: an integer (a
    boolean too, as Python's ``int``) is always seconds, however large, and
    anything but an integer or a datetime is refused.
    """

    __slots__ = ()

    def parse(self, value: object) -> datetime:
        if is_of(value, int):
            return from_epoch_seconds(int.__int__(value))
        if is_of(value, datetime):
            return datetime_in_utc(value)
        if value is None:  # let through by the service's validator
            return parse_datetime(value)  # which refuses it
        msg = "Value error, Must be a datetime or seconds since epoch"
        raise FieldError.single(msg, "value_error", value)

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        return dict(WHOLE_SECONDS_SCHEMA)

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        namespace["from_epoch_seconds"] = from_epoch_seconds
        return [
            f"if type({variable}) is int:",
            f"    {variable} = from_epoch_seconds({variable})",
            "else:",
            *indented(self.parsing_lines(variable, prefix, namespace, nested)),
        ]

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        namespace["format_seconds"] = format_seconds
        return f"format_seconds({value})"


class Integer(Kind):
    """An integer, optionally with a lower bound."""

    __slots__ = ("_too_small", "minimum")

    def __init__(self, *, minimum: int | None = None) -> None:
        self.minimum = minimum
        """Smallest value allowed."""
        self._too_small = f"Input should be greater than or equal to {minimum}"
        """What a value too small is told: made once, not with each error."""

    def expected_at_construction(self) -> str:
        return "an int"

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        number, problem = read_integer(value)
        if problem is not None:
            return None, (problem,)
        if self.minimum is not None and number < self.minimum:  # type: ignore[operator]
            problem = error_details(
                self._too_small, "greater_than_equal", value
            )
            return None, (problem,)
        return number, ()

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str:
        # False for an exact int within bounds and short enough to be
        # written whatever the digit limit; a longer one `parse` decides.
        namespace["ALWAYS_WRITABLE"] = ALWAYS_WRITABLE
        low = "-ALWAYS_WRITABLE" if self.minimum is None else self.minimum
        return (
            f"type({variable}) is not int or not"
            f" {low} <= {variable} < ALWAYS_WRITABLE"
        )

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        return result


class Number(Kind):
    """A finite float; integers and numeric strings are converted."""

    __slots__ = ()

    converts = True

    def parse(self, value: object) -> float:
        return parse_float(value)

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return {"type": "number"}

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str:
        # x - x is 0.0 for every finite float alone.
        return f"type({variable}) is not float or {variable} - {variable}"


class IntegerMapping(Kind):
    """A mapping of strings to integers, held as a `FrozenDict`."""

    __slots__ = ()

    converts = True

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        return _checked_values(value, _ANY_INTEGER.checked)

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return {"additionalProperties": {"type": "integer"}, "type": "object"}

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        # The usual input inline, checked on a copy (that another thread
        # cannot change), with the refusals of its keys' and values' kinds.
        namespace["frozen_taking"] = frozen_taking
        key, item = f"{prefix}_key", f"{prefix}_item"
        refused_key = _ANY_TEXT.refusal(key, key, namespace)
        refused_item = _ANY_INTEGER.refusal(item, item, namespace)
        return [
            f"if type({variable}) is dict:",
            f"    {variable} = dict({variable})",
            f"    for {key}, {item} in {variable}.items():",
            f"        if {refused_key} or {refused_item}: raise FallBack",
            f"    {variable} = frozen_taking({variable})",
            "else:",
            *indented(self.parsing_lines(variable, prefix, namespace, nested)),
        ]

    def decoded_type(self, documents: Documents) -> Any:
        return dict[str, int]

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        # The dict msgspec made for this document, held by nothing else.
        namespace["frozen_taking"] = frozen_taking
        return [f"{variable} = frozen_taking({variable})"]

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        return f"dict({value})"


class Model(Kind):
    """A nested model: data read by the converter's hook, or an instance."""

    __slots__ = ("model",)

    def __init__(self, model: type) -> None:
        self.model = model
        """The model class."""

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        # Data is read by the hook of the converter in use (`checker`);
        # alone, as constructors take it, only an instance is held.
        if self.holds(value):
            return value, ()
        return None, (self.not_held(value),)

    def holds(self, value: object) -> bool:
        return is_of(value, self.model)

    def checker(self, check_model: Callable[[type], Checker]) -> Checker:
        return check_model(self.model)

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        return definitions.reference(self.model, written)

    def nested_models(self) -> tuple[type, ...]:
        return (self.model,)

    def with_documents(
        self, written: object, given: object, keep: DocumentKeeper
    ) -> object:
        if type(written) is dict and type(given) is dict:
            return keep(written, given, self.model)
        return written

    def expected_at_construction(self) -> str:
        return f"an instance of {self.model.__name__}"

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return definitions.reference(self.model, None)

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        return _nested(nested).model_lines(self, variable, prefix, namespace)

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str:
        # False for an instance, by its type (its __class__ may lie).
        namespace[f"{prefix}_model"] = self.model
        return f"not issubclass(type({variable}), {prefix}_model)"

    def decoded_type(self, documents: Documents) -> Any:
        return documents.document_type(self.model)

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        return documents.document_lines(
            self.model, variable, f"{prefix}__", namespace
        )

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        return f"write_nested({value})" if native else f"unstructure({value})"


def _checked_items(
    value: object, check_item: Checker
) -> tuple[object, Sequence[ErrorDetails]]:
    """Read a list's items, returning each problem at its index."""
    if not is_of(value, LIST_SOURCES):
        return None, (list_type_error(value),)
    result = []
    errors: list[ErrorDetails] = []
    changed = type(value) is not tuple
    for index, item in enumerate(elements(value)):
        held, problems = check_item(item)
        if problems:
            errors += locate(problems, (index,))
        else:
            result.append(held)
            changed = changed or held is not item
    if errors:
        return None, errors
    return (tuple(result) if changed else value), ()  # held: itself


def instances_tuple(value: object) -> object:
    """Make a list given to a constructor a tuple (a list of models).

    Constructors take instances, never data to structure: the field's
    validator then checks each item.

    Parameters
    ----------
    value
        The value given.

    Returns
    -------
    object
        A list's items as a tuple (read through `list` itself); any other
        value as it is.
    """
    if is_of(value, list):
        return tuple(elements(value))
    return value


LIST_SOURCES: Final = (list, tuple)
"""What a list of models is read from (and subclasses of them)."""


class ModelList(Kind):
    """A list of nested models, held as a tuple."""

    __slots__ = ("item",)

    converts = True

    def __init__(self, item: Model) -> None:
        self.item = item
        """The kind of each item."""

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        return _checked_items(value, self.item.checked)

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        item = self.item.written_schema(definitions, written)
        return {"items": item, "type": "array"}

    def checker(self, check_model: Callable[[type], Checker]) -> Checker:
        check_item = self.item.checker(check_model)
        return lambda value: _checked_items(value, check_item)

    def nested_models(self) -> tuple[type, ...]:
        return self.item.nested_models()

    def with_documents(
        self, written: object, given: object, keep: DocumentKeeper
    ) -> object:
        if not (
            type(written) is list
            and type(given) is list
            and len(written) == len(given)
        ):
            return written
        return [
            self.item.with_documents(item, given_item, keep)
            for item, given_item in zip(written, given, strict=True)
        ]

    def expected_at_construction(self) -> str:
        return f"a list of {self.item.model.__name__} instances"

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return {"items": self.item.schema(definitions), "type": "array"}

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        models = _nested(nested)
        namespace[f"{prefix}_check"] = models.checker(self)
        read = json_reading_lines(
            variable,
            checking_lines(variable, f"{prefix}_check", namespace),
            namespace,
        )
        item, items = f"{prefix}_item", f"{prefix}_items"
        # An item's index is the count of items read before it.
        read_item = models.item_lines(
            self.item, item, prefix, namespace, within=f"len({items})"
        )
        if read_item is None:
            return read
        return [
            f"if type({variable}) is list:",
            f"    {items} = []",
            f"    for {item} in {variable}:",
            *indented(read_item, 2),
            f"        {items}.append({item})",
            f"    {variable} = tuple({items})",
            "else:",
            *indented(read),
        ]

    def convert(self, value: object) -> object:
        converted = instances_tuple(value)
        return converted if self.holds(converted) else Rejected(value)

    def constructor_lines(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> list[str]:
        refused = self.item.refusal("item", f"{prefix}_item", namespace)
        # The sources themselves inline; a subclass of one is converted.
        exact_source = " or ".join(
            f"type({variable}) is {source.__name__}" for source in LIST_SOURCES
        )
        return [
            f"if {exact_source}:",
            f"    {variable} = tuple({variable})",
            f"    for item in {variable}:",
            f"        if {refused}: raise FallBack",
            "else:",
            "    raise FallBack",
        ]

    def decoded_type(self, documents: Documents) -> Any:
        return list[self.item.decoded_type(documents)]  # type: ignore[misc]

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        item = f"{prefix}_item"
        read_item = self.item.finishing_lines(item, item, namespace, documents)
        return [
            f"{prefix}_items = []",
            f"for {item} in {variable}:",
            *indented(read_item),
            f"    {prefix}_items.append({item})",
            f"{variable} = tuple({prefix}_items)",
        ]

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        nested = self.item.written("item", namespace, native=native)
        return f"[{nested} for item in {value}]"


class _OwnOrInner(Kind):
    """Either a value of its own, held as it is, or one of an inner kind.

    What `Nullable` (`None`) and `Omissible` (`ABSENT`) share: every way
    of reading and checking a value passes their own value through and
    asks the inner kind about any other.

    Parameters
    ----------
    inner
        The kind of the other values.
    """

    __slots__ = ("_written_in_seconds", "converts", "inner")

    own: ClassVar[object]
    """The value held as it is."""

    own_name: ClassVar[str]
    """Its name in generated code."""

    def __init__(self, inner: Kind) -> None:
        self.inner = inner
        """The kind of the other values."""
        self.converts = inner.converts
        self._written_in_seconds: Kind | None = None

    def parse(self, value: object) -> object:
        return value if value is self.own else self.inner.parse(value)

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        return (value, ()) if value is self.own else self.inner.checked(value)

    def convert(self, value: object) -> object:
        return value if value is self.own else self.inner.convert(value)

    def checker(self, check_model: Callable[[type], Checker]) -> Checker:
        check, own = self.inner.checker(check_model), self.own
        return lambda value: (value, ()) if value is own else check(value)

    def nested_models(self) -> tuple[type, ...]:
        return self.inner.nested_models()

    def written_in_seconds(self) -> Kind:
        written = self._written_in_seconds
        if written is None:  # made once (by a model's field transformer)
            inner = self.inner.written_in_seconds()
            written = self if inner is self.inner else type(self)(inner)
            self._written_in_seconds = written
        return written

    def with_documents(
        self, written: object, given: object, keep: DocumentKeeper
    ) -> object:
        return self.inner.with_documents(written, given, keep)

    def constructor_lines(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> list[str]:
        if self.own is not None:  # None is a constant of the language
            namespace[self.own_name] = self.own
        inner = self.inner.constructor_lines(variable, prefix, namespace)
        return [f"if {variable} is not {self.own_name}:", *indented(inner)]


class Nullable(_OwnOrInner):
    """Either null (`None`) or a value of another kind."""

    __slots__ = ()

    own = None
    own_name = "None"

    def expected_at_construction(self) -> str:
        return f"{self.inner.expected_at_construction()} or None"

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return {"anyOf": [self.inner.schema(definitions), {"type": "null"}]}

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        inner = self.inner.reading_lines(variable, prefix, namespace, nested)
        return [f"if {variable} is not None:", *indented(inner)]

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        inner = self.inner.written_schema(definitions, written)
        return {"anyOf": [inner, {"type": "null"}]}

    def decoded_type(self, documents: Documents) -> Any:
        inner = self.inner.decoded_type(documents)
        return Any if inner is Any else inner | None

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        inner = self.inner.finishing_lines(
            variable, prefix, namespace, documents
        )
        if not inner:
            return []
        return [f"if {variable} is not None:", *indented(inner)]

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        inner = self.inner.written(value, namespace, native=native)
        if inner == value:
            return value
        return f"(None if {value} is None else {inner})"

    def value_writer(self) -> Writer | None:
        if self.inner.value_writer() is None:
            return None
        return super().value_writer()


class Absent(Enum):
    """The value of a field whose key a document left out."""

    ABSENT = "ABSENT"
    """A key left out: it is left out again when the value is written."""

    def __repr__(self) -> str:
        return self.name

    def __bool__(self) -> bool:
        return False


ABSENT: Final = Absent.ABSENT
"""The value of a field whose key a document left out (see `Omissible`)."""


def _absent() -> Absent:
    return ABSENT


class Omissible(_OwnOrInner):
    """A value of another kind, or `ABSENT` where a document left it out.

    For what older releases of the service wrote and later ones refuse (a
    group without an ``id``): read and written back as it was, the key
    left out again. Constructors require the value (`ABSENT` may be
    given); a document read may leave it out.
    """

    __slots__ = ()

    own = ABSENT
    own_name = "ABSENT"

    as_written = True

    def expected_at_construction(self) -> str:
        return self.inner.expected_at_construction()

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return self.inner.schema(definitions)

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        return self.inner.written_schema(definitions, written)

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        # Data never holds ABSENT: a missing key gets the field's default.
        return self.inner.reading_lines(variable, prefix, namespace, nested)

    def decoded_type(self, documents: Documents) -> Any:
        return self.inner.decoded_type(documents)

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        return self.inner.finishing_lines(
            variable, prefix, namespace, documents
        )

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        return self.inner.written(value, namespace, native=native)

    def missing(self) -> Callable[[], object] | None:
        return _absent

    def value_writer(self) -> Writer | None:
        return None  # leaving the key out is the writers' (`omitted`)

    def omitted(self, value: str, namespace: dict[str, Any]) -> str | None:
        namespace["ABSENT"] = ABSENT
        return f"{value} is ABSENT"


class Flag(Kind):
    """A boolean; the numbers 0 and 1 and words such as ``"yes"`` too."""

    __slots__ = ()

    converts = True

    def parse(self, value: object) -> bool:
        return parse_bool(value)

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        return {"type": "boolean"}

    def refusal(
        self, variable: str, prefix: str, namespace: dict[str, Any]
    ) -> str:
        return f"type({variable}) is not bool"


class ScopeSet(_Texts):
    """A set of strings, held as a frozenset and written sorted.

    Read from a list (any iterable of `SEQUENCE_TYPES`, or a mapping's
    keys) of strings, or from one string split on ``,`` with no trimming
    (the empty string gives the empty set). Unlike the service, which
    takes any items and then cannot write what is not a string, an item
    that is not a string is refused, at its index.
    """

    __slots__ = ()

    held = "frozenset"

    sources = SEQUENCE_TYPE_IDS

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        items = _listed_texts(value)
        if items is None and is_of(value, Mapping):
            found, problems = checked_pairs(value)
            if found is None:
                return None, problems
            items = tuple(key for key, _ in found)
        if items is None:
            msg = "Input should be a valid set"
            return None, (error_details(msg, "set_type", value),)
        texts, problems = checked_texts(items)
        if texts is None:
            return None, problems
        if type(value) is frozenset and texts is items:  # held as it is
            return value, ()
        return frozenset(texts), ()

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        return {
            "items": {"type": "string"},
            "type": "array",
            "uniqueItems": True,
        }

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        return f"sorted({value})"


class ModelMapping(Kind):
    """A mapping of names to nested models, held as a `FrozenDict`."""

    __slots__ = ("item",)

    converts = True

    def __init__(self, item: Model) -> None:
        self.item = item
        """The kind of each value."""

    def checked(self, value: object) -> tuple[object, Sequence[ErrorDetails]]:
        return _checked_values(value, self.item.checked)

    def checker(self, check_model: Callable[[type], Checker]) -> Checker:
        check_item = self.item.checker(check_model)
        return lambda value: _checked_values(value, check_item)

    def nested_models(self) -> tuple[type, ...]:
        return self.item.nested_models()

    def with_documents(
        self, written: object, given: object, keep: DocumentKeeper
    ) -> object:
        if type(written) is not dict or type(given) is not dict:
            return written
        return {
            name: self.item.with_documents(item, given.get(name), keep)
            for name, item in written.items()
        }

    def expected_at_construction(self) -> str:
        return f"a mapping of names to {self.item.model.__name__} instances"

    def schema(self, definitions: Definitions) -> dict[str, Any]:
        item = self.item.schema(definitions)
        return {"additionalProperties": item, "type": "object"}

    def written_schema(
        self, definitions: Definitions, written: str
    ) -> dict[str, Any]:
        item = self.item.written_schema(definitions, written)
        return {"additionalProperties": item, "type": "object"}

    def convert(self, value: object) -> object:
        # Constructors take instances, never data to structure.
        if not is_of(value, Mapping):
            return Rejected(value)
        items, problems = checked_pairs(value)
        if problems:
            return Rejected(value)
        try:
            converted = frozen_taking(dict(items))  # type: ignore[arg-type]  # read: no problem
        except Exception:  # noqa: BLE001 - a key's own __hash__ or __eq__
            return Rejected(value)
        return converted if self.holds(converted) else Rejected(value)

    def reading_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        nested: NestedModels | None,
    ) -> list[str]:
        item = f"{prefix}_item"
        read_item = _nested(nested).model_lines(
            self.item, item, item, namespace, within=f"{prefix}_key"
        )
        return [
            f"if type({variable}) is not dict: raise FallBack",
            *self._items_lines(variable, prefix, read_item, namespace),
        ]

    def decoded_type(self, documents: Documents) -> Any:
        return dict[str, self.item.decoded_type(documents)]  # type: ignore[misc]

    def finishing_lines(
        self,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
        documents: Documents,
    ) -> list[str]:
        item = f"{prefix}_item"
        read_item = self.item.finishing_lines(item, item, namespace, documents)
        return self._items_lines(variable, prefix, read_item, namespace)

    @staticmethod
    def _items_lines(
        variable: str,
        prefix: str,
        read_item: list[str],
        namespace: dict[str, Any],
    ) -> list[str]:
        """Return lines reading each value of a dict with ``read_item``.

        Keys that `Text.refusal` of any text refuses (rare) are left to
        the detailed reader, which checks them as `_checked_values` does.
        """
        namespace["frozen_taking"] = frozen_taking
        key, item = f"{prefix}_key", f"{prefix}_item"
        refused_key = _ANY_TEXT.refusal(key, key, namespace)
        return [
            f"{prefix}_items = {{}}",
            f"for {key}, {item} in {variable}.items():",
            f"    if {refused_key}: raise FallBack",
            *indented(read_item),
            f"    {prefix}_items[{key}] = {item}",
            f"{variable} = frozen_taking({prefix}_items)",
        ]

    def written(
        self, value: str, namespace: dict[str, Any], *, native: bool
    ) -> str:
        nested = self.item.written("item", namespace, native=native)
        return f"{{key: {nested} for key, item in {value}.items()}}"


def _checked_values(
    value: object, check_item: Checker
) -> tuple[object, Sequence[ErrorDetails]]:
    """Read a mapping's values, returning each problem at its key."""
    if not is_of(value, Mapping):
        return None, (dict_type_error(value),)
    items, problems = checked_pairs(value)
    if items is None:
        return None, problems
    result: dict[str, object] = {}
    errors: list[ErrorDetails] = []
    changed = type(value) is not FrozenDict
    for key, item in items:
        name, refused = _ANY_TEXT.checked(key)
        if refused:
            (problem,) = refused
            problem["loc"] = (key,)  # made here, for this key
            errors.append(problem)
            continue
        held, problems = check_item(item)
        if problems:
            errors += locate(problems, (key,))
        else:
            result[cast("str", name)] = held
            changed = changed or name is not key or held is not item
    if errors:
        return None, errors
    return (frozen_taking(result) if changed else value), ()  # held: itself


class _ValueWriter:
    """Writes a kind's held values alone, compiled when first called.

    (Not at import: the package's models have dozens of fields, and
    only users' own cattrs functions call these.)
    """

    __slots__ = ("_kind", "_write")

    def __init__(self, kind: Kind) -> None:
        self._kind = kind
        self._write: Writer | None = None

    def __call__(self, value: object) -> object:
        write = self._write
        if write is None:
            # Only kinds written alike whatever the converter have one.
            namespace: dict[str, Any] = {}
            written = self._kind.written("value", namespace, native=False)
            lines = ["def write_value(value):", f"    return {written}"]
            write = self._write = compile_function(
                "write_value", lines, namespace, type(self._kind)
            )
        return write(value)


def validating_hook(
    kind: Kind,
    title: str,
    *,
    hide_input: bool = False,
    note: str | None = None,
) -> Callable[[object, object], object]:
    """Return a cattrs structure hook reading values with a kind.

    Parameters
    ----------
    kind
        The kind of the values.
    title
        What is read, named by the errors.
    hide_input
        Whether errors never show the input (a credential's field).
    note
        A note added to every error.

    Returns
    -------
    callable
        A hook returning the held value, or raising `ValidationError`
        (with no context, whose input may be a credential).
    """
    parse = kind.parse

    def structure_with_kind(value: object, cl: object) -> object:
        try:
            return parse(value)
        except FieldError as problem:
            problems = problem.located(hide_input=hide_input)
        error = ValidationError(problems, title, cl)
        if note is not None:
            error.add_note(note)
        raise error

    return structure_with_kind


def _nested(nested: NestedModels | None) -> NestedModels:
    """Return how nested models are read, where the generator reads any."""
    if nested is None:
        msg = "nested models are read with a converter's hooks"
        raise TypeError(msg)
    return nested


_ANY_TEXT: Final = Text()
"""Strings without limits: list items and mapping keys."""

_refused_texts: Final = _compile_refused_texts()
"""Return the indices of the items not held as text, in order: the test of
`_held_items_lines`, compiled from the same expression."""

_ANY_INTEGER: Final = Integer()
"""Integers without bounds: mapping values."""

TIMESTAMP: Final = Timestamp()
"""The kind of required datetime fields."""

OPTIONAL_TIMESTAMP: Final = Nullable(TIMESTAMP)
"""The kind of optional datetime fields."""

SERVICE_TIMESTAMP: Final = Timestamp(iso_extensions=False)
"""The kind of the current family's required datetime fields: the
service's ``Timestamp``, no ISO 8601 form beyond Pydantic's."""

OPTIONAL_SERVICE_TIMESTAMP: Final = Nullable(SERVICE_TIMESTAMP)
"""The kind of the current family's optional datetime fields."""

STRING_LIST: Final = CommaSeparatedList()
"""The kind of string list fields such as scopes."""

EPOCH_SECONDS: Final = EpochSeconds()
"""The kind of `TokenInfo`'s required datetime field."""

OPTIONAL_EPOCH_SECONDS: Final = Nullable(EPOCH_SECONDS)
"""The kind of `TokenInfo`'s optional datetime fields."""

NUMBER: Final = Number()
"""The kind of float fields."""

INTEGER_MAPPING: Final = IntegerMapping()
"""The kind of mappings of names to integers."""

FLAG: Final = Flag()
"""The kind of boolean fields."""

SCOPE_SET: Final = ScopeSet()
"""The kind of the current family's scopes."""

PLAIN_KINDS: Final[Mapping[type, Kind]] = {
    str: _ANY_TEXT,
    int: _ANY_INTEGER,
    float: NUMBER,
    bool: FLAG,
    datetime: SERVICE_TIMESTAMP,
}
"""The kind of each plain type where no field's metadata gives one (the
fields, items and values of users' classes): Pydantic's rules, datetimes
in no ISO 8601 form beyond Pydantic's. See `kind_of_type`."""

_MADE_FROM_VALUE: Final = (str, int, float)
"""The plain types whose subclasses are made by calling them with a value
of the base type (`int` subclasses with an int), unlike `datetime`'s."""


def kind_of_type(annotation: Any) -> Kind | None:
    """Return the kind of a type where no field's metadata gives one.

    `make_converter`'s converters read the type's values by it, and
    `json_schema` describes them by it.

    Parameters
    ----------
    annotation
        A type.

    Returns
    -------
    Kind or None
        A `Choice` of an enum's members; a plain type's kind
        (`PLAIN_KINDS`), which also reads the values a subclass of `str`,
        `int` or `float` is made from (``UserId(int)``); or `None` for any
        other type.
    """
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, Enum):
        return Choice(annotation)
    for plain in (annotation, *_MADE_FROM_VALUE):
        if issubclass(annotation, plain) and plain in PLAIN_KINDS:
            return PLAIN_KINDS[plain]
    return None


def is_made_from_value(cls: type) -> bool:
    """Tell whether a type is made by calling it with what its kind reads.

    Parameters
    ----------
    cls
        A type that has a kind (`kind_of_type`).

    Returns
    -------
    bool
        Whether it is a subclass of `str`, `int` or `float` other than an
        enum, whose kind reads the value of its base type.
    """
    return (
        cls not in PLAIN_KINDS
        and not issubclass(cls, Enum)
        and issubclass(cls, _MADE_FROM_VALUE)
    )
