"""Generated writers: model instances to JSON-ready data.

`make_unstructure_hook` writes a model as plain JSON data (datetimes as the
converter's format says, enums as values, tuples as lists).
`native_writer` writes one for a JSON library that writes UTC
datetimes, enums and tuples itself (msgspec), exactly as `format_iso`
does, so those values are passed on as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, cast

import attrs
import cattrs

from ._codegen import Made, built_once, compile_function, made
from ._datetime import DatetimeFormat, datetime_writer
from ._errors import FallBack
from ._exact import type_ids
from ._fields import field_spec, is_package_model, plain_default
from ._frozendict import FrozenDict

__all__ = [
    "make_unstructure_hook",
    "native_writer",
    "without_left_out",
]


def make_unstructure_hook(
    cls: type, converter: cattrs.Converter, datetime_format: DatetimeFormat
) -> Callable[[Any], dict[str, Any]]:
    """Generate the function writing instances of a class as JSON data.

    Parameters
    ----------
    cls
        A model class or a user's subclass of one.
    converter
        The converter that writes nested models (by their own class) and
        the fields that have no kind (by their declared type).
    datetime_format
        How to write datetimes, unless their kind writes them as whole
        seconds (`Kind.written_in_seconds`, `EpochSeconds`).

    Returns
    -------
    callable
        A function of an instance returning a new dict, keyed by field
        name in field order: a method of what it was made for (`Made`).
    """
    namespace: dict[str, Any] = {
        "format_datetime": datetime_writer(datetime_format),
        "unstructure": converter.unstructure,
    }
    attrs.resolve_types(cls)  # a user's fields may be strings yet
    written: dict[str, str] = {}
    for attribute in attrs.fields(cls):
        value = f"instance.{attribute.name}"
        spec = field_spec(attribute)
        if spec is None:
            hook = f"{attribute.name}_unstructure"
            namespace[hook] = converter.get_unstructure_hook(attribute.type)
            written[attribute.name] = f"{hook}({value})"
        else:
            written[attribute.name] = spec.kind.written(
                value, namespace, native=False
            )
    name = f"unstructure_{cls.__name__}"
    writer = _writer(name, cls, written, namespace, "_made, instance")
    return Made(cls, datetime_format).hook(writer)


def _writer(
    name: str,
    cls: type,
    written: dict[str, str],
    namespace: dict[str, Any],
    parameters: str = "instance",
) -> Callable[..., dict[str, Any]]:
    """Compile a writer returning a dict of the written fields, in order.

    Parameters
    ----------
    name
        The function's name.
    cls
        The class whose instances it writes.
    written
        The expression writing each field (of ``instance``), by name.
    namespace
        The function's globals.
    parameters
        The function's parameters, ``instance`` among them.

    Returns
    -------
    callable
        The writer; the key of a field whose kind says it is left out
        (see `Kind.omitted`) is left out.
    """
    omissions = []
    for attribute in attrs.fields(cls):
        spec = field_spec(attribute)
        omitted = (
            None
            if spec is None
            else spec.kind.omitted(f"instance.{attribute.name}", namespace)
        )
        if omitted is not None:
            omissions.append(
                f"    if {omitted}: del result[{attribute.name!r}]"
            )
    items = [f"        {key!r}: {value}," for key, value in written.items()]
    if not omissions:
        lines = [f"def {name}({parameters}):", "    return {", *items, "    }"]
    else:
        lines = [
            f"def {name}({parameters}):",
            "    result = {",
            *items,
            "    }",
            *omissions,
            "    return result",
        ]
    return compile_function(name, lines, namespace, cls)


def native_writer(cls: Any) -> Callable[[Any], dict[str, Any]] | None:
    """Return the function giving a native JSON writer a model's fields.

    Such a writer (msgspec) writes UTC datetimes, enums and tuples itself,
    datetimes exactly as `format_iso` does.

    Parameters
    ----------
    cls
        Any class.

    Returns
    -------
    callable or None
        For the package's own models, a function of an instance returning
        a new dict of what the writer is given (a datetime as it is, for
        the writer to write as an ISO string, unless its kind writes whole
        seconds; it raises `FallBack` for a nested instance of another
        class), for converters writing ISO strings, made once per model;
        `None` for any other class, remembered nowhere (a program may make
        classes without end).
    """
    writer = _NATIVE_WRITERS.get(cls)
    if writer is None and is_package_model(cls):
        writer = _NATIVE_WRITERS[cls] = _native_writer_of(cls)
    return writer


_NATIVE_WRITERS: dict[type, Callable[[Any], dict[str, Any]] | None] = {}
"""`native_writer`'s writers, of the package's models alone (a few): a
nested model's is looked up on each write (a dict's lookup, where telling
a package's model costs a microsecond)."""


@built_once
def _native_writer_of(cls: Any) -> Callable[[Any], dict[str, Any]] | None:
    """Make `native_writer`'s function for one of the package's models."""
    namespace: dict[str, Any] = {"write_nested": _write_nested}
    written = {}
    for attribute in attrs.fields(cls):
        spec = field_spec(attribute)
        if spec is None:  # pragma: no cover - every field of a model has one
            return None
        value = f"instance.{attribute.name}"
        written[attribute.name] = spec.kind.written(
            value, namespace, native=True
        )
    return _writer(f"native_{cls.__name__}", cls, written, namespace)


def _write_nested(instance: object) -> dict[str, Any]:
    writer = native_writer(type(instance))
    if writer is None:
        raise FallBack
    return writer(instance)


_PLAIN_MAPPINGS: Final = type_ids(dict, FrozenDict)
"""Mappings whose items are read by no method of a subclass."""


def without_left_out(
    converter: cattrs.Converter,
    instance: object,
    data: Any,
    *,
    exclude_none: bool,
    exclude_defaults: bool,
) -> Any:
    """Leave out of written data what Pydantic's dump options leave out.

    Parameters
    ----------
    converter
        The converter that wrote it, whose hooks say under which key each
        field of an attrs class is written (see `_fields_by_key`).
    instance
        What was written: an attrs instance (a model, or a user's class),
        or a list, tuple or mapping holding them, or any other value.
    data
        What the converter wrote of it.
    exclude_none
        Leave out every field of an attrs instance that holds `None`
        (not those of kinds that write values as read: see
        `Kind.as_written`).
    exclude_defaults
        Leave out every field written as its default (see
        `plain_default`: a default made by a factory, such as a creation
        time, is never left out).

    Returns
    -------
    object
        The data with those fields left out, at every depth (new dicts and
        lists; ``data`` is not changed). What a hook wrote under keys that
        cannot be told to be its fields' is left as written.
    """
    if attrs.has(type(instance)) and type(data) is dict:
        fields = _fields_by_key(converter, type(instance), data)
        if fields is None:
            return data
        return _fields_kept(
            converter,
            instance,
            data,
            fields,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
        )
    items = _written_items(converter, instance, data)
    if items is None:
        return data
    left = (
        without_left_out(
            converter,
            item,
            written,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
        )
        for item, written in items
    )
    if type(data) is list:
        return list(left)
    return dict(zip(data, left, strict=False))


def _fields_by_key(
    converter: cattrs.Converter, cls: Any, data: dict[Any, Any]
) -> dict[object, attrs.Attribute[Any]] | None:
    """Return an attrs class's fields by the key the converter writes each.

    The package's hooks write each field under its name; the functions
    cattrs generates (``make_dict_unstructure_fn``), under the name their
    ``overrides`` give it (a rename, or its alias where they use aliases),
    else under its name.

    Returns
    -------
    dict or None
        The fields by key; `None` for a hook of another kind (a user's
        function), whose keys cannot be told, or where two fields would
        have one key, or a key written is none of them.
    """
    hook = converter.get_unstructure_hook(cls)
    fields = attrs.fields(cls)
    if made(hook, cls) is not None:
        keyed: dict[object, attrs.Attribute[Any]] = {
            attribute.name: attribute for attribute in fields
        }
    else:
        overrides = getattr(hook, "overrides", None)
        if type(overrides) is not dict:
            return None
        keyed = {}
        for attribute in fields:
            rename = getattr(overrides.get(attribute.name), "rename", None)
            keyed[attribute.name if rename is None else rename] = attribute
        if len(keyed) != len(fields):
            return None
    return keyed if keyed.keys() >= data.keys() else None


def _fields_kept(  # noqa: PLR0913 (those of without_left_out, and the fields)
    converter: cattrs.Converter,
    instance: object,
    data: dict[Any, Any],
    fields: dict[object, attrs.Attribute[Any]],
    *,
    exclude_none: bool,
    exclude_defaults: bool,
) -> dict[Any, Any]:
    """Leave out of an attrs instance's written dict what the options say.

    ``fields`` gives the field written under each key (`_fields_by_key`).
    """
    kept = {}
    for key, written in data.items():
        attribute = fields[key]
        value = getattr(instance, attribute.name)
        spec = field_spec(attribute)
        if spec is not None and spec.kind.as_written:
            kept[key] = written
            continue
        if exclude_none and value is None:
            continue
        if exclude_defaults:
            default = plain_default(attribute)
            # A kind's default is given as written (a list for a tuple
            # held); any other field's, as held, as Pydantic compares.
            compared = value if spec is None else written
            if default is not attrs.NOTHING and compared == default:
                continue
        kept[key] = without_left_out(
            converter,
            value,
            written,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
        )
    return kept


def _written_items(
    converter: cattrs.Converter, instance: object, data: object
) -> Iterable[tuple[object, object]] | None:
    """Pair a container's items with what was written of each.

    A list's or a tuple's items by position (their order is theirs); a
    dict's or a `FrozenDict`'s values by the key each is written under
    (the converter's writing of its key: an enum's value), whatever order
    a hook wrote them in. Anything else, a set among them (whose order a
    hook may change) or a container of a subclass (whose methods may give
    other items than those written), is left as written.

    Returns
    -------
    iterable of tuple or None
        Each item and what was written of it; `None` where none can be
        told.
    """
    kind = type(instance)
    if kind is list or kind is tuple:
        items = cast("list[object] | tuple[object, ...]", instance)
        if type(data) is not list or len(data) != len(items):
            return None
        return zip(items, data, strict=True)
    if id(kind) not in _PLAIN_MAPPINGS or type(data) is not dict:
        return None
    mapping = cast("Mapping[Any, Any]", instance)
    try:
        values = {
            converter.unstructure(key): value for key, value in mapping.items()
        }
    except TypeError:  # a key written as no dict key can be (a list)
        return None
    if len(values) != len(mapping):  # keys written alike
        return None
    return ((values.get(key), written) for key, written in data.items())
