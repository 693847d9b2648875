"""Declaring model fields: one kind gives each its checks and metadata.

A model field is an ``attrs.field`` whose metadata, made by `describe`,
holds a `FieldSpec`: its kind, title, description and examples, from which
the JSON schema and the generated code are derived. Fields of kinds that
convert (lists to tuples, strings to enum members) name one of the typed
converters here, each the kind's own parsing, so that type checkers see
what constructors accept. The field transformer `install_kinds` gives every
field its kind's validator, hides credentials from ``repr``, and annotates
its type with a cattrs override, so that even a converter that was never
configured reads the field as the package does.
"""

from __future__ import annotations

import copy
import operator
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Final, NoReturn, ParamSpec

import attrs
from cattrs.gen import override

from ._errors import (
    HIDDEN,
    ErrorDetails,
    FieldError,
    ValidationError,
    keep_secret_under,
)
from ._kinds import (
    EPOCH_SECONDS,
    FLAG,
    INTEGER_MAPPING,
    NUMBER,
    OPTIONAL_EPOCH_SECONDS,
    OPTIONAL_TIMESTAMP,
    SCOPE_SET,
    STRING_LIST,
    TIMESTAMP,
    Kind,
    Rejected,
    validating_hook,
)
from ._storage import fields_taken, is_stored

__all__ = [
    "MADE_BY_CONSTRUCTOR",
    "METADATA_KEY",
    "FieldSpec",
    "default_factory",
    "describe",
    "field_spec",
    "forbids_extra_keys",
    "install_kinds",
    "instance_errors",
    "is_list_of_models",
    "is_model",
    "is_package_model",
    "made_by_constructor",
    "nested_model",
    "plain_default",
    "to_flag",
    "to_float",
    "to_integer_mapping",
    "to_optional_utc_datetime",
    "to_optional_utc_datetime_from_seconds",
    "to_scope_set",
    "to_string_tuple",
    "to_utc_datetime",
    "to_utc_datetime_from_seconds",
]


_P = ParamSpec("_P")

METADATA_KEY: Final = "gafaelfawr_attrs"
"""Key of the `FieldSpec` in each model field's attrs metadata."""


class _KindOfConverter(Kind):
    """Stands for the kind of a field's converter until its class is made.

    See `install_kinds`: a kind that converts is given by the converter.
    """

    __slots__ = ()

    def parse(self, value: object) -> NoReturn:  # noqa: ARG002 (never read)
        msg = "a field's kind is its converter's, once its class is made"
        raise TypeError(msg)


KIND_OF_CONVERTER: Final = _KindOfConverter()
"""The kind of a field described without one: its converter's."""


class FieldSpec:
    """Everything the package knows about one model field.

    A plain class, not an attrs one: the models' fields make theirs at
    import, where attrs' making of a class costs half a millisecond, a
    hundredth of the package's import time, which is held to half
    Pydantic's. Made by `describe`, which takes the same arguments.

    Parameters
    ----------
    kind
        What the field holds; left out for a kind that converts, which the
        field's typed converter gives (see `install_kinds`).
    title
        Short human-readable name, for the JSON schema.
    description
        What the field means, for the JSON schema.
    examples
        Example JSON values, for the JSON schema.
    secret
        Whether the value is a credential: hidden from ``repr`` and never
        shown in errors. Where it is the credential itself (no model
        holding one), errors hide whatever an input holds under its name,
        anywhere (see `keep_secret_under`).
    hide_input
        Whether errors never show the field's input, though the value is
        not secret (a secret is never shown in errors either way): input
        meant for it may carry one (a token given where its key is).
    default_in_schema
        The default the JSON schema shows for a field whose default comes
        from a factory (such as an empty mapping), if any.
    """

    __slots__ = (
        "default_in_schema",
        "description",
        "examples",
        "hide_input",
        "kind",
        "secret",
        "title",
    )

    def __init__(  # noqa: PLR0913 (each is a separate piece of metadata)
        self,
        kind: Kind | None = None,
        *,
        title: str,
        description: str,
        examples: Iterable[object] = (),
        secret: bool = False,
        hide_input: bool = False,
        default_in_schema: object = None,
    ) -> None:
        self.kind: Kind = KIND_OF_CONVERTER if kind is None else kind
        self.title = title
        self.description = description
        self.examples = tuple(examples)
        self.secret = secret
        self.hide_input = secret or hide_input
        self.default_in_schema = default_in_schema

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.__slots__
        )
        return f"{type(self).__name__}({fields})"


def _as_metadata(
    make: Callable[_P, FieldSpec],
) -> Callable[_P, dict[str, FieldSpec]]:
    """Return a function giving attrs metadata holding what ``make`` makes."""

    def metadata(*args: _P.args, **kwargs: _P.kwargs) -> dict[str, FieldSpec]:
        return {METADATA_KEY: make(*args, **kwargs)}

    return metadata


describe: Final = _as_metadata(FieldSpec)
"""Build the attrs metadata of a model field: its `FieldSpec`, made of the
same arguments (``describe(KIND, title=..., description=...)``)."""


def _hidden(_: object) -> str:
    return HIDDEN


def _kind_converted_by(converter: object) -> Kind | None:
    """Return the kind a typed converter converts with, if it is one.

    Each typed converter (one per kind that converts, typed for attrs'
    and type checkers' sake) takes the kind whose `Kind.convert` it calls
    as the default of its keyword-only ``kind`` parameter: the kind of the
    fields it converts, which `install_kinds` gives them (their metadata
    names none).
    """
    defaults = getattr(converter, "__kwdefaults__", None) or {}
    kind = defaults.get("kind")
    return kind if isinstance(kind, Kind) else None


def to_utc_datetime(
    value: datetime | date | str | float, *, kind: Kind = TIMESTAMP
) -> datetime:
    """Convert a datetime, epoch number or string to UTC, for attrs.

    Parameters
    ----------
    value
        Anything `parse_datetime` reads.

    Returns
    -------
    datetime.datetime
        The UTC datetime (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_optional_utc_datetime(
    value: datetime | date | str | float | None,
    *,
    kind: Kind = OPTIONAL_TIMESTAMP,
) -> datetime | None:
    """Convert like `to_utc_datetime`, passing `None` through.

    Parameters
    ----------
    value
        `None` or anything `parse_datetime` reads.

    Returns
    -------
    datetime.datetime or None
        The UTC datetime or `None` (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_utc_datetime_from_seconds(
    value: datetime | int, *, kind: Kind = EPOCH_SECONDS
) -> datetime:
    """Convert a datetime or whole epoch seconds to UTC, for attrs.

    Parameters
    ----------
    value
        A datetime, or an integer of seconds since the epoch.

    Returns
    -------
    datetime.datetime
        The UTC datetime (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_optional_utc_datetime_from_seconds(
    value: datetime | int | None, *, kind: Kind = OPTIONAL_EPOCH_SECONDS
) -> datetime | None:
    """Convert like `to_utc_datetime_from_seconds`, passing `None` through.

    Parameters
    ----------
    value
        `None`, a datetime, or an integer of seconds since the epoch.

    Returns
    -------
    datetime.datetime or None
        The UTC datetime or `None` (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_string_tuple(
    value: Iterable[str] | str, *, kind: Kind = STRING_LIST
) -> tuple[str, ...]:
    """Convert a list, tuple, set or comma-separated string to a tuple.

    Parameters
    ----------
    value
        The strings.

    Returns
    -------
    tuple of str
        The strings in order (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_scope_set(
    value: Iterable[str] | str, *, kind: Kind = SCOPE_SET
) -> frozenset[str]:
    """Convert strings, or a comma-separated string, to a frozenset.

    Parameters
    ----------
    value
        The strings.

    Returns
    -------
    frozenset of str
        The strings (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_flag(value: bool | str | int, *, kind: Kind = FLAG) -> bool:  # noqa: FBT001 (a converter)
    """Convert 0, 1 or a word such as ``"yes"`` to a bool, for attrs.

    Parameters
    ----------
    value
        The boolean.

    Returns
    -------
    bool
        The boolean (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_float(value: float | str, *, kind: Kind = NUMBER) -> float:
    """Convert an int or a numeric string to a float, for attrs.

    Parameters
    ----------
    value
        The number.

    Returns
    -------
    float
        The float (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def to_integer_mapping(
    value: Mapping[str, int], *, kind: Kind = INTEGER_MAPPING
) -> Mapping[str, int]:
    """Convert a mapping of names to integers to a `FrozenDict`, for attrs.

    Parameters
    ----------
    value
        The mapping.

    Returns
    -------
    Mapping
        The frozen mapping (`Rejected` when invalid).
    """
    return kind.convert(value)  # type: ignore[return-value]


def _attrs_validator(
    kind: Kind,
) -> Callable[[Any, attrs.Attribute[Any], object], None]:
    """Return the attrs validator of a kind.

    After a converter, a value is either held or `Rejected`; otherwise the
    kind says whether the value may be held. On failure, the error names
    every invalid field of the instance, not just the first.
    """
    if kind.converts:

        def validate_converted(
            instance: Any,
            attribute: attrs.Attribute[Any],  # noqa: ARG001 (attrs passes it)
            value: object,
        ) -> None:
            if type(value) is Rejected:  # not __class__: it may raise
                _raise_instance_errors(instance)

        return validate_converted

    def validate(
        instance: Any,
        attribute: attrs.Attribute[Any],  # noqa: ARG001 (attrs passes it)
        value: object,
    ) -> None:
        if not kind.holds(value):
            _raise_instance_errors(instance)

    return validate


def _raise_instance_errors(instance: attrs.AttrsInstance) -> NoReturn:
    cls = type(instance)
    raise ValidationError(instance_errors(instance), cls.__name__, cls)


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
    for attribute in attrs.fields(type(instance)):
        spec = field_spec(attribute)
        if spec is None:
            continue
        value = getattr(instance, attribute.name)
        if type(value) is Rejected:  # not __class__: a given value's may raise
            value = value.original
        elif spec.kind.holds(value):
            continue
        not_held = FieldError([spec.kind.not_held(value)])
        if spec.kind.nested_models():
            # Constructors take instances, never data to structure: what
            # structuring would say of the data does not apply.
            problem = not_held
        else:
            try:
                spec.kind.parse(value)
            except FieldError as error:
                problem = error
            else:  # parse would read it; constructors take held values only
                problem = not_held
        errors.extend(
            problem.located(attribute.name, hide_input=spec.hide_input)
        )
    return errors


def field_spec(attribute: attrs.Attribute[Any]) -> FieldSpec | None:
    """Return the spec of a model field; `None` for any other field.

    Parameters
    ----------
    attribute
        An attrs field.

    Returns
    -------
    FieldSpec or None
        The spec, for fields whose metadata `describe` made.
    """
    return attribute.metadata.get(METADATA_KEY)


def is_model(cls: object) -> bool:
    """Tell whether a type is a model or a subclass of one.

    Parameters
    ----------
    cls
        Any type.

    Returns
    -------
    bool
        Whether it is an attrs class with fields whose metadata
        `describe` made.
    """
    return (
        isinstance(cls, type)
        and attrs.has(cls)
        and any(METADATA_KEY in a.metadata for a in attrs.fields(cls))
    )


def is_list_of_models(cls: object) -> bool:
    """Tell whether a type is a list of models (``list[TokenGroup]``).

    Parameters
    ----------
    cls
        Any type.

    Returns
    -------
    bool
        Whether it is ``list`` of a model or a subclass of one.
    """
    args = typing.get_args(cls)
    return (
        typing.get_origin(cls) is list and len(args) == 1 and is_model(args[0])
    )


def is_package_model(cls: object) -> bool:
    """Tell whether a type is one of the package's own model classes.

    Parameters
    ----------
    cls
        Any type.

    Returns
    -------
    bool
        Whether the package defines it: `stored` gave it its storage class
        (a user's subclass of a model is not one: it may have checks of
        its own that only its ``__init__`` runs).
    """
    return isinstance(cls, type) and is_stored(cls) and attrs.has(cls)


def nested_model(attribute: attrs.Attribute[Any]) -> type | None:
    """Return the model class a field holds (alone or in a list), if any.

    Parameters
    ----------
    attribute
        A model's field.

    Returns
    -------
    type or None
        The nested model class; `None` for a field of plain values.
    """
    spec = field_spec(attribute)
    models = () if spec is None else spec.kind.nested_models()
    return models[0] if models else None


def _writes_seconds(cls: type) -> bool:
    """Tell whether a model writes its datetimes as whole epoch seconds.

    Parameters
    ----------
    cls
        A model class.

    Returns
    -------
    bool
        Whether its ``datetimes_written_as`` class attribute says so, as
        the 2024 `TokenData` and the current `TokenBase` do (the current
        `TokenData` takes the latter's fields, kinds and all), whatever
        the converter's format: `install_kinds` then gives its fields
        their kinds written in seconds (`Kind.written_in_seconds`). (The
        2024 `TokenInfo`'s datetimes are of a kind of their own,
        `EpochSeconds`, always written as seconds.)

    Raises
    ------
    TypeError
        The attribute holds anything else.
    """
    return _class_option(cls, "datetimes_written_as", "seconds")


def forbids_extra_keys(cls: type, *, option: bool = False) -> bool:
    """Tell whether a model refuses keys that name none of its fields.

    Parameters
    ----------
    cls
        A model class.
    option
        The converter's ``forbid_extra_keys``.

    Returns
    -------
    bool
        Whether the converter's option says so, or the class's own:
        its ``extra_keys`` class attribute, ``"forbid"`` (as Pydantic's
        ``extra="forbid"``).

    Raises
    ------
    TypeError
        The attribute holds anything else.
    """
    return option or _class_option(cls, "extra_keys", "forbid")


def _class_option(cls: type, name: str, value: str) -> bool:
    """Tell whether a model sets an option of its class to its one value.

    A model leaves the option out, or sets it to that value; anything
    else is a mistake, raised rather than ignored.
    """
    given = getattr(cls, name, None)
    if given is not None and given != value:
        msg = f"{cls.__name__}.{name} is {given!r}: only {value!r} is known"
        raise TypeError(msg)
    return given == value


def plain_default(attribute: attrs.Attribute[Any]) -> object:
    """Return the default a field shows, as Pydantic's ``Field(default)``.

    It is the default the JSON schema gives, and the one that
    ``exclude_defaults`` compares values with (a default made by a
    factory, such as the creation time, is never left out).

    Parameters
    ----------
    attribute
        A model field.

    Returns
    -------
    object
        The constant default, or the `FieldSpec.default_in_schema` of a
        factory default; `attrs.NOTHING` where there is none.
    """
    default = attribute.default
    if default is attrs.NOTHING or not isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default
    spec = field_spec(attribute)
    if spec is None or spec.default_in_schema is None:
        return attrs.NOTHING
    return spec.default_in_schema


def default_factory(
    attribute: attrs.Attribute[Any],
) -> Callable[[], object] | None:
    """Return what gives a field's value when input leaves its key out.

    Parameters
    ----------
    attribute
        An attrs field.

    Returns
    -------
    callable or None
        The field's factory, or a function returning its constant default
        (`MADE_BY_CONSTRUCTOR` for a factory taking the instance); for a
        field with no default, its kind's (see `Kind.missing`); `None` if
        the key is required.
    """
    default = attribute.default
    if default is attrs.NOTHING:
        spec = field_spec(attribute)
        return None if spec is None else spec.kind.missing()
    if getattr(default, "takes_self", False):
        return made_by_constructor  # a user's class (models refuse them)
    factory: Callable[[], object] | None = getattr(default, "factory", None)
    if factory is not None:
        return factory
    return lambda: default


MADE_BY_CONSTRUCTOR: Final = object()
"""The value of a field an input leaves out whose default only the class's
constructor can make (a factory taking the instance, in a user's class):
the argument is then left out."""


def made_by_constructor() -> object:
    """Give the default of a field the class's constructor makes itself.

    Returns
    -------
    object
        `MADE_BY_CONSTRUCTOR`.
    """
    return MADE_BY_CONSTRUCTOR


def install_kinds(
    cls: type, fields: list[attrs.Attribute[Any]]
) -> list[attrs.Attribute[Any]]:
    """Give each model field its kind's behaviour (an attrs transformer).

    A model given another's fields (`stored`'s ``fields_of``) gets them
    first, with their kinds. Each field described by `describe` gets its
    kind (its typed converter's, for a kind that converts), its kind's
    validator, a hidden ``repr`` if it is a credential, and its type
    annotated with a cattrs override reading it with its kind: a converter
    that was never configured (see `configure_converter`) then reads it as
    the package does, or fails; it never iterates a string of scopes into
    characters.

    Parameters
    ----------
    cls
        The class being built.
    fields
        Its fields.

    Returns
    -------
    list of attrs.Attribute
        The fields, completed.

    Raises
    ------
    TypeError
        A field's kind is not given once (see `_with_kind`), or the field
        has a validator of its own, which the package's readers and
        constructors would not run.
    """
    declared = set(cls.__dict__.get("__annotations__", ()))  # noqa: RUF063
    other = fields_taken(cls)
    if other is not None:
        fields = _with_fields_of(cls, fields, other)  # with their kinds
    # The class's own annotations, changed in place (not a copy): typing's
    # and attrs' resolution of the types then keeps the overrides.
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    hints: dict[str, Any] | None = None
    in_seconds = _writes_seconds(cls)  # the class's option, read here alone
    result = []
    for attribute in fields:
        spec = field_spec(attribute)
        if spec is None or attribute.name not in annotations:
            result.append(attribute)  # inherited, or not a model field
            continue
        if attribute.name in declared:
            spec = _with_kind(cls.__name__, attribute, spec)
        if spec.secret and not spec.kind.nested_models():
            # The secret itself (a model holding one has its own field).
            keep_secret_under(attribute.name)
        in_seconds_kind = spec.kind.written_in_seconds()
        if in_seconds and in_seconds_kind is not spec.kind:
            spec = copy.copy(spec)  # the metadata's may be other fields' too
            spec.kind = in_seconds_kind
        annotated: Any
        if not _is_annotated(spec):
            annotated = attribute.type
        else:
            hint = annotations[attribute.name]
            if isinstance(hint, str):
                # A postponed annotation, resolved as typing does. The
                # package's models have none: resolving walks every base's
                # annotations, which their import need not pay for.
                if hints is None:
                    hints = typing.get_type_hints(cls, include_extras=True)
                hint = hints[attribute.name]
            annotated = operator.getitem(Annotated, (hint, _override(spec)))
            annotations[attribute.name] = annotated
        result.append(
            attribute.evolve(
                type=annotated,
                validator=_attrs_validator(spec.kind),
                repr=_hidden if spec.secret else attribute.repr,
                metadata={**attribute.metadata, METADATA_KEY: spec},
            )
        )
    return result


def _with_kind(
    owner: str, attribute: attrs.Attribute[Any], spec: FieldSpec
) -> FieldSpec:
    """Return a field's spec with its kind: its own, or its converter's.

    A kind that converts is given by the field's typed converter alone
    (see `_kind_converted_by`), and `describe` leaves it out; any other by
    `describe`, with no converter.

    Raises
    ------
    TypeError
        The field has a validator (its kind checks it alone), or names a
        kind that converts, or has no kind, or a converter of no kind, or
        a converter beside a kind of its own.
    """
    converted = _kind_converted_by(attribute.converter)
    if attribute.validator is not None:
        problem = "is checked by its kind alone: it takes no validator"
    elif spec.kind is not KIND_OF_CONVERTER:
        if spec.kind.converts:
            problem = "converts: its kind is its converter's"
        elif attribute.converter is not None:
            problem = "converts nothing: it has no converter"
        else:
            return spec
    elif converted is None:
        problem = "has no kind: describe it, or give it a kind's converter"
    else:
        given = copy.copy(spec)  # the metadata's may be other fields' too
        given.kind = converted
        return given
    msg = f"{owner}.{attribute.name} {problem}"
    raise TypeError(msg)


def _with_fields_of(
    cls: type, fields: list[attrs.Attribute[Any]], other: type
) -> list[attrs.Attribute[Any]]:
    """Give a model another's fields, from their one declaration there.

    For a model that is another at heart but cannot inherit from it (see
    `stored`'s ``fields_of``): the class's inherited fields, then the
    other model's fields it does not have yet (in their order, declared
    as the class's own, with their types as declared), then its own.
    """
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    own = [a for a in fields if a.name in annotations]
    inherited = [a for a in fields if a.name not in annotations]
    names = {attribute.name for attribute in fields}
    taken = [a for a in attrs.fields(other) if a.name not in names]
    for attribute in taken:
        annotations[attribute.name] = _declared_type(attribute)
    cls.__annotations__ = annotations
    return [*inherited, *taken, *own]


def _declared_type(attribute: attrs.Attribute[Any]) -> Any:
    """Return a model field's type as declared, without its override."""
    if not _is_annotated(field_spec(attribute)):
        return attribute.type
    # install_kinds added the override last.
    declared, *kept = typing.get_args(attribute.type)[:-1]
    return operator.getitem(Annotated, (declared, *kept)) if kept else declared


def _is_annotated(spec: FieldSpec | None) -> bool:
    """Tell whether `install_kinds` annotates a field with an override.

    Fields whose kind holds models are not: the converter in use reads
    them through its own hooks for their types.
    """
    return spec is not None and not spec.kind.nested_models()


def _override(spec: FieldSpec) -> Any:
    """Return the cattrs override reading and writing a field as its kind."""
    return override(
        unstruct_hook=spec.kind.value_writer(),
        struct_hook=validating_hook(
            spec.kind,
            spec.title,
            hide_input=spec.hide_input,
            note=(
                "gafaelfawr_attrs.configure_converter(converter) reports"
                " every problem of a model in one ValidationError"
            ),
        ),
    )
