"""Field kinds: the single source of truth for each field's constraints.

Every model field carries a `FieldSpec` in its attrs metadata: its title,
description and examples, and a `FieldKind` that knows how to parse wire
values into held values, how to tell whether a value is already a valid held
value, what JSON schema describes it, and how to write it back out. The
attrs validators, the structuring functions, the error messages and the
JSON schema are all derived from these objects.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, ClassVar, Final, NoReturn, TypeAlias

import attrs

from ._datetime import MILLISECONDS_THRESHOLD, parse_datetime
from ._errors import ErrorDetails, FieldError, ValidationError

__all__ = [
    "HIDDEN",
    "METADATA_KEY",
    "OPTIONAL_TIMESTAMP",
    "STRING_LIST",
    "TIMESTAMP",
    "Choice",
    "CommaSeparatedList",
    "FieldKind",
    "FieldSpec",
    "Nullable",
    "Rejected",
    "Text",
    "Timestamp",
    "add_validators",
    "convert_or_reject",
    "default_factory",
    "describe",
    "instance_errors",
    "located",
    "raise_instance_errors",
    "to_optional_utc_datetime",
    "to_string_tuple",
    "to_utc_datetime",
]

Validator: TypeAlias = Callable[[Any, "attrs.Attribute[Any]", object], None]
"""An attrs validator."""

METADATA_KEY: Final = "gafaelfawr_attrs"
"""Key of the `FieldSpec` in each field's attrs metadata."""


class FieldKind:
    """What a field holds, and how to read, check, describe and write it."""

    def parse(self, value: object) -> object:
        """Turn a wire or Python value into the value the model holds.

        Parameters
        ----------
        value
            The input value.

        Returns
        -------
        object
            The normalised value.

        Raises
        ------
        FieldError
            The value is not acceptable.
        """
        raise NotImplementedError

    def holds(self, value: object) -> bool:
        """Tell whether a value is already a valid, normalised held value.

        Parameters
        ----------
        value
            A value about to be stored in a model instance.

        Returns
        -------
        bool
            Whether the value may be stored as it is.
        """
        raise NotImplementedError

    held_type: ClassVar[type | None] = None
    """For kinds whose fields must have a converter: the exact type of the
    converted values. The converter has checked everything else, so the
    validator only has to see that it did not return `Rejected`."""

    def construction_error(self, value: object) -> FieldError:
        """Return why a value given to a constructor cannot be held.

        Parameters
        ----------
        value
            A value that `holds` refuses.

        Returns
        -------
        FieldError
            What `parse` finds wrong with it or, where `parse` would read
            it (an object where a model instance is needed), that it is
            not of the held type.
        """
        try:
            self.parse(value)
        except FieldError as error:
            return error
        msg = f"Input should be {self.expected_at_construction}"
        return FieldError.single(msg, "instance_type", value)

    expected_at_construction: ClassVar[str] = "of the field's type"
    """What constructors need, where `parse` would accept more."""

    def nested_models(self) -> tuple[type, ...]:
        """Return the model classes that values of this kind hold.

        Returns
        -------
        tuple of type
            Nested model classes; none for plain values.
        """
        return ()

    def structuring(self, *, forbid_extra_keys: bool) -> FieldKind:
        """Return this kind as structuring with these options uses it.

        Parameters
        ----------
        forbid_extra_keys
            Whether unknown keys in nested objects are errors.

        Returns
        -------
        FieldKind
            This kind, or a copy configured for nested models.
        """
        return self

    def make_validator(self) -> Validator:
        """Return the attrs validator of fields of this kind.

        It raises `ValidationError` naming every invalid field of the
        instance when its own field does not hold a valid value.

        Returns
        -------
        callable
            An attrs validator.
        """
        holds = self.holds

        def validate(
            instance: Any,
            attribute: attrs.Attribute[Any],  # noqa: ARG001 (attrs passes it)
            value: object,
        ) -> None:
            if not holds(value):
                raise_instance_errors(instance)

        return validate

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        """Return the JSON schema of the held value.

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

    def fast_source(
        self,
        variable: str,
        namespace: dict[str, Any],
        bail: str,
    ) -> list[str]:
        """Return Python source lines of the fast structuring path.

        The lines turn the input value in ``variable`` into the held value,
        in place. Where they meet a value they do not handle quickly or
        that is invalid, they run ``bail`` (which leaves for the slow path)
        or raise one of the exceptions that the fast path catches.

        Parameters
        ----------
        variable
            Name of the local variable holding the value; also a prefix
            for names added to the namespace.
        namespace
            Globals of the generated function, to add helpers to.
        bail
            The statement that abandons the fast path.

        Returns
        -------
        list of str
            Source lines, not indented.
        """
        namespace[f"{variable}_parse"] = self.parse
        return [f"{variable} = {variable}_parse({variable})"]

    def decoded_type(self) -> Any:
        """Return the type msgspec decodes this field's JSON value as.

        msgspec checks what that type says; `decoded_source` does the
        rest. The default, `Any`, leaves everything to it.

        Returns
        -------
        object
            A type msgspec decodes.
        """
        return Any

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        """Return source lines finishing a value decoded by msgspec.

        Like `fast_source`, for a value decoded as `decoded_type`.

        Parameters
        ----------
        variable
            Name of the local variable holding the value.
        namespace
            Globals of the generated function, to add helpers to.
        bail
            The statement that abandons the fast path.

        Returns
        -------
        list of str
            Source lines, not indented.
        """
        return self.fast_source(variable, namespace, bail)

    def dump_source(self, expression: str) -> str:
        """Return Python source that writes a held value as JSON data.

        Parameters
        ----------
        expression
            Source of an expression giving the held value; it may be
            evaluated more than once.

        Returns
        -------
        str
            Source of an expression giving the JSON-ready value. It may
            call ``format_datetime``, which the caller provides.
        """
        return expression

    def native_source(self, expression: str) -> str:
        """Return source writing a held value for a native JSON writer.

        Such a writer (msgspec) writes strings, numbers, enums, tuples and
        UTC datetimes itself, datetimes exactly as `format_iso` does.

        Parameters
        ----------
        expression
            Source of an expression giving the held value.

        Returns
        -------
        str
            Source of an expression giving what the writer is given.
        """
        return expression


@attrs.frozen
class Text(FieldKind):
    """A string, optionally bounded in length and matching a pattern."""

    min_length: int | None = None
    """Fewest characters (code points) allowed."""

    max_length: int | None = None
    """Most characters (code points) allowed."""

    pattern: str | None = None
    """Regular expression that the whole string must match."""

    _compiled: re.Pattern[str] | None = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: (
                None
                if self.pattern is None
                else re.compile(end_of_text_anchored(self.pattern))
            ),
            takes_self=True,
        ),
    )

    def parse(self, value: object) -> str:
        if type(value) is not str:
            if not isinstance(value, str):
                msg = "Input should be a valid string"
                raise FieldError.single(msg, "string_type", value)
            value = str.__str__(value)  # the text, even of an enum
        if not self.holds(value):
            raise self._constraint_error(value)
        if self._constrained and not value.isascii():
            try:
                value.encode()
            except UnicodeEncodeError:
                msg = "Input should be a valid string, not unpaired surrogates"
                raise FieldError.single(msg, "string_unicode", value) from None
        return value

    @property
    def _constrained(self) -> bool:
        """Pydantic checks the text of constrained strings as UTF-8."""
        return (
            self.min_length is not None
            or self.max_length is not None
            or self.pattern is not None
        )

    def holds(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        size = len(value)
        if self.min_length is not None and size < self.min_length:
            return False
        if self.max_length is not None and size > self.max_length:
            return False
        return self._compiled is None or bool(self._compiled.search(value))

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "string"}
        if self.min_length is not None:
            result["minLength"] = self.min_length
        if self.max_length is not None:
            result["maxLength"] = self.max_length
        if self.pattern is not None:
            result["pattern"] = self.pattern
        return result

    def fast_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        lines = [f"if {variable}.__class__ is not str: {bail}"]
        if self._constrained:
            lines.append(f"if not {variable}.isascii(): {bail}")
        if self.min_length is not None:
            lines.append(f"if len({variable}) < {self.min_length}: {bail}")
        if self.max_length is not None:
            lines.append(f"if len({variable}) > {self.max_length}: {bail}")
        if self._compiled is not None:
            namespace[f"{variable}_search"] = self._compiled.search
            lines.append(f"if {variable}_search({variable}) is None: {bail}")
        return lines

    def make_validator(self) -> Validator:
        low = self.min_length or 0
        high = math.inf if self.max_length is None else self.max_length
        search = None if self._compiled is None else self._compiled.search

        def validate(
            instance: Any,
            attribute: attrs.Attribute[Any],  # noqa: ARG001 (attrs passes it)
            value: object,
        ) -> None:
            if (
                not isinstance(value, str)
                or not low <= len(value) <= high
                or (search is not None and search(value) is None)
            ):
                raise_instance_errors(instance)

        return validate

    def decoded_type(self) -> Any:
        import msgspec  # noqa: PLC0415 (an optional dependency)

        meta = msgspec.Meta(
            min_length=self.min_length,
            max_length=self.max_length,
            pattern=(
                None
                if self.pattern is None
                else end_of_text_anchored(self.pattern)
            ),
        )
        return Annotated[str, meta]

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        return []  # msgspec has checked the type, length and pattern

    def _constraint_error(self, value: str) -> FieldError:
        if self.min_length is not None and len(value) < self.min_length:
            limit = _characters(self.min_length)
            msg = f"String should have at least {limit}"
            return FieldError.single(msg, "string_too_short", value)
        if self.max_length is not None and len(value) > self.max_length:
            limit = _characters(self.max_length)
            msg = f"String should have at most {limit}"
            return FieldError.single(msg, "string_too_long", value)
        msg = f"String should match pattern '{self.pattern}'"
        return FieldError.single(msg, "string_pattern_mismatch", value)


def end_of_text_anchored(pattern: str) -> str:
    """Make a final ``$`` match only at the very end, as Pydantic's does.

    Python's ``$`` also matches before a final newline; the Rust regex
    engine that Pydantic uses does not.

    Parameters
    ----------
    pattern
        A regular expression.

    Returns
    -------
    str
        The same expression for Python's `re`.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\Z"
    return pattern


def _exact_type_validator(
    held_type: type, *, nullable: bool = False
) -> Validator:
    """Return a validator accepting values of exactly one type (or None)."""
    if nullable:

        def validate_or_none(
            instance: Any,
            attribute: attrs.Attribute[Any],  # noqa: ARG001 (attrs passes it)
            value: object,
        ) -> None:
            if value is not None and value.__class__ is not held_type:
                raise_instance_errors(instance)

        return validate_or_none

    def validate(
        instance: Any,
        attribute: attrs.Attribute[Any],  # noqa: ARG001 (attrs passes it)
        value: object,
    ) -> None:
        if value.__class__ is not held_type:
            raise_instance_errors(instance)

    return validate


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


@attrs.frozen
class Choice(FieldKind):
    """A member of an enum, given as the member or its exact value."""

    enum: type[Enum]
    """The enum whose members are allowed."""

    _lookup: dict[object, Enum] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: {
                **{member.value: member for member in self.enum},
                **{member: member for member in self.enum},
            },
            takes_self=True,
        ),
    )

    def parse(self, value: object) -> Enum:
        try:
            return self._lookup[value]
        except (KeyError, TypeError):
            pass
        values = [repr(member.value) for member in self.enum]
        expected = ", ".join(values[:-1]) + f" or {values[-1]}"
        msg = f"Input should be {expected}"
        raise FieldError.single(msg, "enum", value)

    def holds(self, value: object) -> bool:
        return type(value) is self.enum

    @property
    def held_type(self) -> type:  # type: ignore[override]
        """The enum: converted values are its members."""
        return self.enum

    def make_validator(self) -> Validator:
        return _exact_type_validator(self.enum)

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        name = self.enum.__name__
        definitions[name] = {
            "description": inspect.cleandoc(self.enum.__doc__ or ""),
            "enum": [member.value for member in self.enum],
            "title": name,
            "type": "string",
        }
        return {"$ref": f"#/$defs/{name}"}

    def fast_source(
        self,
        variable: str,
        namespace: dict[str, Any],
        bail: str,
    ) -> list[str]:
        namespace[f"{variable}_members"] = self._lookup
        return [f"{variable} = {variable}_members[{variable}]"]

    def decoded_type(self) -> Any:
        return self.enum

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        return []  # msgspec has matched the value to a member

    def dump_source(self, expression: str) -> str:
        return f"{expression}.value"


@attrs.frozen
class CommaSeparatedList(FieldKind):
    """A list of strings, held as a tuple; a string is split on commas.

    Lists, tuples, sets and frozensets of strings are accepted, in their
    iteration order, duplicates kept. A string is split on ``,`` with no
    trimming; the empty string gives the empty list.
    """

    _SEQUENCE_TYPES: ClassVar = (list, tuple, set, frozenset)

    def parse(self, value: object) -> tuple[str, ...]:
        if type(value) is str:
            return tuple(value.split(",")) if value else ()
        if not isinstance(value, self._SEQUENCE_TYPES):
            if isinstance(value, str):
                return self.parse(str.__str__(value))
            msg = "Input should be a valid list"
            raise FieldError.single(msg, "list_type", value)
        items = tuple(value)
        for item in items:
            if type(item) is not str:
                return self._parse_items(items)
        return items

    @staticmethod
    def _parse_items(items: tuple[object, ...]) -> tuple[str, ...]:
        """Check every item, reporting each non-string by its index."""
        errors: list[ErrorDetails] = []
        result: list[str] = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                result.append(str.__str__(item))
            else:
                errors.append(
                    {
                        "loc": (index,),
                        "msg": "Input should be a valid string",
                        "type": "string_type",
                        "input": item,
                    }
                )
        if errors:
            raise FieldError(errors)
        return tuple(result)

    def holds(self, value: object) -> bool:
        return type(value) is tuple

    held_type = tuple

    def make_validator(self) -> Validator:
        return _exact_type_validator(tuple)

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        return {"items": {"type": "string"}, "type": "array"}

    def fast_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        namespace[f"{variable}_parse"] = self.parse
        return [
            f"if {variable}.__class__ is list:",
            f"    {variable} = tuple({variable})",
            f"    for item in {variable}:",
            f"        if item.__class__ is not str: {bail}",
            "else:",
            f"    {variable} = {variable}_parse({variable})",
        ]

    def decoded_type(self) -> Any:
        return list[str] | str

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        return [
            f"if {variable}.__class__ is str:",
            (
                f"    {variable} = tuple({variable}.split(','))"
                f" if {variable} else ()"
            ),
            "else:",
            f"    {variable} = tuple({variable})",
        ]

    def dump_source(self, expression: str) -> str:
        return f"list({expression})"


@attrs.frozen
class Timestamp(FieldKind):
    """A datetime held in UTC; read from epoch numbers or ISO 8601."""

    def parse(self, value: object) -> datetime:
        return parse_datetime(value)

    def holds(self, value: object) -> bool:
        return type(value) is datetime and value.tzinfo is UTC

    held_type = datetime

    def make_validator(self) -> Validator:
        return _exact_type_validator(datetime)

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        return {"format": "date-time", "type": "string"}

    def fast_source(
        self,
        variable: str,
        namespace: dict[str, Any],
        bail: str,
    ) -> list[str]:
        namespace.update(
            {
                f"{variable}_parse": self.parse,
                "UTC": UTC,
                "from_seconds": datetime.fromtimestamp,
                "from_iso": datetime.fromisoformat,
            }
        )
        limit = MILLISECONDS_THRESHOLD
        # Whole seconds, and the 20-character form 2021-03-05T23:15:30Z,
        # where the standard library reads exactly as Pydantic does (its
        # errors send the value to the full parser, which names them).
        return [
            (
                f"if {variable}.__class__ is int and"
                f" -{limit} <= {variable} <= {limit}:"
            ),
            f"    {variable} = from_seconds({variable}, UTC)",
            (
                f"elif {variable}.__class__ is str and len({variable}) == 20"
                f" and {variable}[4::3] == '--T::Z':"
            ),
            f"    {variable} = from_iso({variable})",
            "else:",
            f"    {variable} = {variable}_parse({variable})",
        ]

    def dump_source(self, expression: str) -> str:
        return f"format_datetime({expression})"


@attrs.frozen
class Nullable(FieldKind):
    """Either null (`None`) or a value of another kind."""

    inner: FieldKind
    """The kind of the non-null values."""

    def parse(self, value: object) -> object:
        return None if value is None else self.inner.parse(value)

    def holds(self, value: object) -> bool:
        return value is None or self.inner.holds(value)

    @property
    def held_type(self) -> type | None:  # type: ignore[override]
        """The inner kind's held type: converters pass `None` through."""
        return self.inner.held_type

    def nested_models(self) -> tuple[type, ...]:
        return self.inner.nested_models()

    def structuring(self, *, forbid_extra_keys: bool) -> FieldKind:
        inner = self.inner.structuring(forbid_extra_keys=forbid_extra_keys)
        return self if inner is self.inner else Nullable(inner)

    def make_validator(self) -> Validator:
        if self.inner.held_type is not None:
            return _exact_type_validator(self.inner.held_type, nullable=True)
        inner = self.inner.make_validator()

        def validate(
            instance: Any,
            attribute: attrs.Attribute[Any],
            value: object,
        ) -> None:
            if value is not None:
                inner(instance, attribute, value)

        return validate

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [self.inner.schema(definitions), {"type": "null"}]}

    def fast_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        inner = self.inner.fast_source(variable, namespace, bail)
        return [
            f"if {variable} is not None:",
            *(f"    {line}" for line in inner),
        ]

    def decoded_type(self) -> Any:
        inner = self.inner.decoded_type()
        return Any if inner is Any else inner | None

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        if self.inner.decoded_type() is Any:
            return self.fast_source(variable, namespace, bail)
        inner = self.inner.decoded_source(variable, namespace, bail)
        if not inner:
            return []
        return [
            f"if {variable} is not None:",
            *(f"    {line}" for line in inner),
        ]

    def dump_source(self, expression: str) -> str:
        inner = self.inner.dump_source(expression)
        return f"(None if {expression} is None else {inner})"

    def native_source(self, expression: str) -> str:
        inner = self.inner.native_source(expression)
        if inner == expression:
            return expression
        return f"(None if {expression} is None else {inner})"

    @property
    def expected_at_construction(self) -> str:  # type: ignore[override]
        """What the inner kind needs, or `None`."""
        return f"{self.inner.expected_at_construction} or None"


@attrs.frozen
class FieldSpec:
    """Everything the package knows about one model field."""

    kind: FieldKind
    """What the field holds."""

    title: str
    """Short human-readable name, for the JSON schema."""

    description: str
    """What the field means, for the JSON schema."""

    examples: tuple[object, ...]
    """Example JSON values, for the JSON schema."""

    secret: bool = False
    """Whether the value is a credential: errors never show its input."""

    default_in_schema: object = None
    """The default the JSON schema shows for a field whose default comes
    from a factory (such as an empty mapping), if any."""


def describe(  # noqa: PLR0913 (each is a separate piece of metadata)
    kind: FieldKind,
    *,
    title: str,
    description: str,
    examples: Iterable[object] = (),
    secret: bool = False,
    default_in_schema: object = None,
) -> dict[str, FieldSpec]:
    """Build the attrs metadata of a model field.

    Parameters
    ----------
    kind
        What the field holds.
    title
        Short human-readable name.
    description
        What the field means.
    examples
        Example JSON values.
    secret
        Whether the value is a credential, never shown in errors.
    default_in_schema
        The default to show in the JSON schema for a factory default.

    Returns
    -------
    dict
        Metadata for `attrs.field`.
    """
    spec = FieldSpec(
        kind,
        title,
        description,
        tuple(examples),
        secret=secret,
        default_in_schema=default_in_schema,
    )
    return {METADATA_KEY: spec}


def default_factory(
    field: attrs.Attribute[Any],
) -> Callable[[], object] | None:
    """Return a function giving a field's default; `None` if required.

    Parameters
    ----------
    field
        A model field.

    Returns
    -------
    callable or None
        The field's factory, or a function returning its constant default.
    """
    default = field.default
    if default is attrs.NOTHING:
        return None
    factory: Callable[[], object] | None = getattr(default, "factory", None)
    if factory is not None:
        return factory
    return lambda: default


@attrs.frozen
class Rejected:
    """An input that a field converter could not convert.

    Converters run before validators and cannot name their field, so they
    return this wrapper instead of raising; `check_field` then reports it.
    """

    original: object
    """The input as given."""


def convert_or_reject(kind: FieldKind, value: object) -> Any:
    """Parse a value for an attrs converter, wrapping it when invalid.

    Parameters
    ----------
    kind
        The field's kind.
    value
        The value given to the constructor.

    Returns
    -------
    object
        The parsed value, or the value wrapped in `Rejected`.
    """
    try:
        return kind.parse(value)
    except FieldError:
        return Rejected(value)


TIMESTAMP: Final = Timestamp()
"""The kind of required datetime fields."""

OPTIONAL_TIMESTAMP: Final = Nullable(TIMESTAMP)
"""The kind of optional datetime fields."""

STRING_LIST: Final = CommaSeparatedList()
"""The kind of string list fields such as scopes."""


def to_utc_datetime(value: datetime | str | float) -> datetime:
    """Convert a datetime (or epoch number, or string) to UTC, for attrs.

    Parameters
    ----------
    value
        Anything `parse_datetime` reads.

    Returns
    -------
    datetime.datetime
        The UTC datetime; a `Rejected` wrapper when the value is invalid,
        which the field's validator then reports.
    """
    if value.__class__ is datetime and value.tzinfo is UTC:
        return value
    return convert_or_reject(TIMESTAMP, value)  # type: ignore[no-any-return]


def to_optional_utc_datetime(
    value: datetime | str | float | None,
) -> datetime | None:
    """Convert like `to_utc_datetime`, passing `None` through.

    Parameters
    ----------
    value
        `None` or anything `parse_datetime` reads.

    Returns
    -------
    datetime.datetime or None
        The UTC datetime or `None`; a `Rejected` wrapper when invalid.
    """
    if value is None or (value.__class__ is datetime and value.tzinfo is UTC):
        return value
    return convert_or_reject(OPTIONAL_TIMESTAMP, value)  # type: ignore[no-any-return]


def to_string_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """Convert a list, tuple, set or comma-separated string to a tuple.

    Parameters
    ----------
    value
        The strings.

    Returns
    -------
    tuple of str
        The strings in order; a `Rejected` wrapper when invalid.
    """
    if value.__class__ is list or value.__class__ is tuple:
        items = tuple(value)
        for item in items:
            if item.__class__ is not str:
                break
        else:
            return items
    return convert_or_reject(STRING_LIST, value)  # type: ignore[no-any-return]


def add_validators(
    cls: type,
    fields: list[attrs.Attribute[Any]],
) -> list[attrs.Attribute[Any]]:
    """Give every model field the validator of its kind (attrs transformer).

    Parameters
    ----------
    cls
        The class being built.
    fields
        Its fields, each with a `FieldSpec` in its metadata.

    Returns
    -------
    list of attrs.Attribute
        The fields, each with its validator.

    Raises
    ------
    TypeError
        A field of a kind that relies on conversion has no converter.
    """
    result = []
    for field in fields:
        kind = field.metadata[METADATA_KEY].kind
        if kind.held_type is not None and field.converter is None:
            msg = f"{cls.__name__}.{field.name} needs its kind's converter"
            raise TypeError(msg)
        result.append(field.evolve(validator=kind.make_validator()))
    return result


def raise_instance_errors(instance: attrs.AttrsInstance) -> NoReturn:
    """Raise the error naming every invalid field of an instance.

    Parameters
    ----------
    instance
        A model instance being built, with all its attributes set.

    Raises
    ------
    ValidationError
        Always.
    """
    raise ValidationError(instance_errors(instance), type(instance).__name__)


def instance_errors(instance: attrs.AttrsInstance) -> list[ErrorDetails]:
    """Return the problems with the fields of an instance being built.

    Parameters
    ----------
    instance
        A model instance whose attributes have all been set.

    Returns
    -------
    list of ErrorDetails
        One entry per problem, located by field name.
    """
    errors: list[ErrorDetails] = []
    for field in attrs.fields(type(instance)):
        spec: FieldSpec = field.metadata[METADATA_KEY]
        value = getattr(instance, field.name)
        if type(value) is Rejected:
            value = value.original
        elif spec.kind.holds(value):
            continue
        error = spec.kind.construction_error(value)
        errors.extend(located(error, field.name, secret=spec.secret))
    return errors


def located(
    error: FieldError, name: str, *, secret: bool
) -> list[ErrorDetails]:
    """Return a field's problems located under its name.

    Parameters
    ----------
    error
        The problems found by the field's kind.
    name
        The field's name.
    secret
        Whether the field holds a credential, whose input is then hidden.

    Returns
    -------
    list of ErrorDetails
        The problems.
    """
    details = error.located(name)
    if secret:
        for detail in details:
            detail["input"] = HIDDEN
    return details


HIDDEN: Final = "<hidden>"
"""Shown instead of the input of an invalid credential."""
