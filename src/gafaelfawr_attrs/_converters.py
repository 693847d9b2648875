"""cattrs converters for the models: structuring, unstructuring and JSON.

Each model gets one structuring function, generated from its field
metadata: a fast path that parses every field with its kind's parser and
fills a new instance directly (the parsers have already checked what the
attrs validators would check, so nothing is validated twice), and a slow
path, taken only when the fast path meets a problem, that looks at every
field and reports every problem with its location.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, Literal, TypeVar, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
)

from . import _json
from ._datetime import format_epoch, format_iso, parse_datetime
from ._errors import ErrorDetails, FieldError, ValidationError
from ._fields import METADATA_KEY, Choice, FieldSpec, Text, default_factory

__all__ = ["DatetimeFormat", "ModelConverter", "make_converter"]

T = TypeVar("T")

_MISSING = object()
"""Marks a key absent from the input."""

DatetimeFormat = Literal["iso", "epoch"]
"""How a converter writes datetimes: ISO 8601 strings or epoch numbers."""

_DATETIME_WRITERS: dict[str, Callable[[datetime], object]] = {
    "iso": format_iso,
    "epoch": format_epoch,
}


def _is_model(cls: object) -> bool:
    """Tell whether a type is an attrs class whose fields all have kinds."""
    return (
        isinstance(cls, type)
        and attrs.has(cls)
        and all(METADATA_KEY in field.metadata for field in attrs.fields(cls))
    )


def _is_list_of_models(cls: object) -> bool:
    args = get_args(cls)
    return get_origin(cls) is list and len(args) == 1 and _is_model(args[0])


def _relocate(
    errors: list[ErrorDetails], *prefix: str | int
) -> list[ErrorDetails]:
    return [{**error, "loc": (*prefix, *error["loc"])} for error in errors]


def _slot_setter(model: type, name: str) -> Callable[[object, object], None]:
    """Return the slot's ``__set__``, which bypasses the frozen guard."""
    for klass in model.__mro__:
        if name in vars(klass):
            return vars(klass)[name].__set__  # type: ignore[no-any-return]
    msg = f"{model.__name__} has no slot {name}"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


def _missing(name: str, data: object) -> ErrorDetails:
    return {
        "loc": (name,),
        "msg": "Field required",
        "type": "missing",
        "input": data,
    }


def _extra(key: object, value: object) -> ErrorDetails:
    return {
        "loc": (key,),  # type: ignore[typeddict-item]
        "msg": "Extra inputs are not permitted",
        "type": "extra_forbidden",
        "input": value,
    }


@attrs.frozen
class _StructurePlan:
    """How to structure one model: its fields, kinds and slot setters."""

    model: type
    forbid_extra_keys: bool
    fields: tuple[attrs.Attribute[Any], ...]
    specs: tuple[FieldSpec, ...]
    setters: tuple[Callable[[object, object], None], ...]
    names: frozenset[str]

    @classmethod
    def of(cls, model: type, *, forbid_extra_keys: bool) -> _StructurePlan:
        fields = attrs.fields(model)
        return cls(
            model=model,
            forbid_extra_keys=forbid_extra_keys,
            fields=fields,
            specs=tuple(field.metadata[METADATA_KEY] for field in fields),
            setters=tuple(_slot_setter(model, f.name) for f in fields),
            names=frozenset(field.name for field in fields),
        )

    def build(self, values: list[object]) -> Any:
        """Make an instance from held values, in field order."""
        instance: Any = object.__new__(self.model)
        for setter, value in zip(self.setters, values, strict=True):
            setter(instance, value)
        return instance

    def structure_slowly(self, data: object) -> Any:
        """Structure field by field, collecting every problem."""
        title = self.model.__name__
        if isinstance(data, self.model):
            return data
        if not isinstance(data, Mapping):
            msg = f"Input should be a valid dictionary or instance of {title}"
            error: ErrorDetails = {
                "loc": (),
                "msg": msg,
                "type": "model_type",
                "input": data,
            }
            raise ValidationError([error], title)
        values: list[object] = []
        errors: list[ErrorDetails] = []
        for field, spec in zip(self.fields, self.specs, strict=True):
            if field.name in data:
                try:
                    values.append(spec.kind.parse(data[field.name]))
                except FieldError as problem:
                    errors.extend(problem.located(field.name))
            elif (default := default_factory(field)) is None:
                errors.append(_missing(field.name, data))
            else:
                values.append(default())
        if self.forbid_extra_keys:
            errors.extend(
                _extra(key, data[key]) for key in data if key not in self.names
            )
        if errors:
            raise ValidationError(errors, title)
        return self.build(values)

    def fast_source(self, name: str, namespace: dict[str, Any]) -> str:
        """Write the source of the fast path, filling its namespace."""
        namespace.update(
            FieldError=FieldError,
            ValidationError=ValidationError,
            structure_slowly=self.structure_slowly,
            new=object.__new__,
            model=self.model,
            names=self.names,
            MISSING=_MISSING,
        )
        bail = "return structure_slowly(data)"
        lines = [
            f"def {name}(data, _=None):",
            "    if data.__class__ is not dict:",
            f"        {bail}",
            "    try:",
        ]
        fields = zip(self.fields, self.specs, strict=True)
        for index, (field, spec) in enumerate(fields):
            variable = f"value_{index}"
            parse = spec.kind.fast_source(variable, namespace, bail)
            default = default_factory(field)
            if default is None:
                lines.append(f"        {variable} = data[{field.name!r}]")
                lines.extend(f"        {line}" for line in parse)
                continue
            namespace[f"{variable}_default"] = default
            lines += [
                f"        {variable} = data.get({field.name!r}, MISSING)",
                f"        if {variable} is MISSING:",
                f"            {variable} = {variable}_default()",
                "        else:",
                *(f"            {line}" for line in parse),
            ]
        lines += [
            "    except ValidationError:",
            "        raise",  # from a bail-out inside the try block
            "    except (KeyError, TypeError, ValueError, OverflowError,",
            "            FieldError):",
            f"        {bail}",
        ]
        if self.forbid_extra_keys:
            lines.append(f"    if not names.issuperset(data): {bail}")
        lines.append("    instance = new(model)")
        for index, setter in enumerate(self.setters):
            namespace[f"set_{index}"] = setter
            lines.append(f"    set_{index}(instance, value_{index})")
        lines.append("    return instance")
        return "\n".join(lines)


def make_structure_function(
    model: type[T], *, forbid_extra_keys: bool
) -> Callable[[object, Any], T]:
    """Generate the function that structures one model from a mapping.

    Parameters
    ----------
    model
        A model class.
    forbid_extra_keys
        Whether keys that name no field are errors.

    Returns
    -------
    callable
        A function of the input data (and an ignored second argument, as
        cattrs passes the type) that returns a model instance or raises
        `ValidationError` naming every problem.
    """
    plan = _StructurePlan.of(model, forbid_extra_keys=forbid_extra_keys)
    name = f"structure_{model.__name__}"
    namespace: dict[str, Any] = {}
    source = plan.fast_source(name, namespace)
    exec(compile(source, f"<{name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]  # type: ignore[no-any-return]


def make_unstructure_function(
    model: type[T], format_datetime: Callable[[datetime], object]
) -> Callable[[T], dict[str, Any]]:
    """Generate the function that turns a model instance into JSON data.

    Parameters
    ----------
    model
        A model class.
    format_datetime
        How to write each datetime.

    Returns
    -------
    callable
        A function of an instance returning a new dict of JSON values,
        keyed by field name in field order.
    """
    items = []
    for field in attrs.fields(cast("type[attrs.AttrsInstance]", model)):
        spec: FieldSpec = field.metadata[METADATA_KEY]
        value = spec.kind.dump_source(f"instance.{field.name}")
        items.append(f"        {field.name!r}: {value},")
    name = f"unstructure_{model.__name__}"
    source = "\n".join(
        [f"def {name}(instance):", "    return {", *items, "    }"]
    )
    namespace: dict[str, Any] = {"format_datetime": format_datetime}
    exec(compile(source, f"<{name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]  # type: ignore[no-any-return]


def _make_list_function(
    model: type, structure_item: Callable[..., Any]
) -> Callable[..., list[Any]]:
    """Return the structuring function of lists of a model."""
    title = f"list[{model.__name__}]"

    def structure_list(data: object, _: object = None) -> list[Any]:
        if data.__class__ is not list and not isinstance(data, list | tuple):
            error: ErrorDetails = {
                "loc": (),
                "msg": "Input should be a valid list",
                "type": "list_type",
                "input": data,
            }
            raise ValidationError([error], title)
        try:
            return [structure_item(item) for item in data]
        except ValidationError:
            pass
        errors: list[ErrorDetails] = []
        for index, item in enumerate(data):
            try:
                structure_item(item)
            except ValidationError as problem:
                errors.extend(_relocate(problem.errors(), index))
        raise ValidationError(errors, title)

    return structure_list


@functools.cache
def _native_function(model: Any) -> Callable[[Any], dict[str, Any]]:
    """Return a function giving a model's fields for a native JSON writer.

    The writer writes enums, tuples and UTC datetimes itself, exactly as
    `format_iso` does, so held values are passed on as they are.
    """
    items = []
    for field in attrs.fields(model):
        spec: FieldSpec = field.metadata[METADATA_KEY]
        value = spec.kind.native_source(f"instance.{field.name}")
        items.append(f"        {field.name!r}: {value},")
    name = f"native_{model.__name__}"
    source = "\n".join(
        [f"def {name}(instance):", "    return {", *items, "    }"]
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<{name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]  # type: ignore[no-any-return]


class ModelConverter(cattrs.Converter):
    """A cattrs converter that structures and writes the token models.

    Parameters
    ----------
    datetime_format
        ``"iso"`` writes datetimes as ISO 8601 strings in UTC, as Pydantic
        does; ``"epoch"`` writes numbers of seconds since the epoch (see
        the README). Both formats are read whatever the setting.
    forbid_extra_keys
        Whether keys that name no field are reported as errors rather than
        ignored.
    """

    def __init__(
        self,
        *,
        datetime_format: DatetimeFormat = "iso",
        forbid_extra_keys: bool = False,
    ) -> None:
        super().__init__()
        if datetime_format not in _DATETIME_WRITERS:
            msg = (
                "datetime_format must be 'iso' or 'epoch',"
                f" not {datetime_format!r}"
            )
            raise ValueError(msg)
        self.datetime_format = datetime_format
        self.forbid_extra_keys = forbid_extra_keys
        self._format_datetime = _DATETIME_WRITERS[datetime_format]
        self._json = _json.DEFAULT
        self._native_output = (
            self._json.writes_datetimes and datetime_format == "iso"
        )
        self._structure_hooks: dict[object, Callable[..., Any]] = {}
        self._unstructure_hooks: dict[type, Callable[..., Any]] = {}
        self._dump_hooks: dict[type, Callable[[Any], object]] = {}
        self.register_structure_hook_factory(_is_model, self._model_hook)
        self.register_structure_hook_factory(
            _is_list_of_models, self._list_hook
        )
        self.register_unstructure_hook_factory(
            _is_model, self._model_unstructure_hook
        )
        self.register_structure_hook(str, _strict_hook(Text(), "str"))
        self.register_structure_hook(
            datetime, _strict_hook_function(parse_datetime, "datetime")
        )
        self.register_structure_hook_factory(
            lambda cls: isinstance(cls, type) and issubclass(cls, Enum),
            lambda cls: _strict_hook(Choice(cls), cls.__name__),
        )
        self.register_unstructure_hook(datetime, self._format_datetime)

    @property
    def json_library(self) -> str:
        """The JSON library that `loads` and `dumps` use.

        ``"orjson"`` when the ``fast`` extra is installed, else ``"json"``.
        """
        return self._json.name

    def _model_hook(self, model: type) -> Callable[..., Any]:
        hook = self._structure_hooks.get(model)
        if hook is None:
            hook = make_structure_function(
                model, forbid_extra_keys=self.forbid_extra_keys
            )
            self._structure_hooks[model] = hook
        return hook

    def _list_hook(self, list_type: Any) -> Callable[..., list[Any]]:
        hook = self._structure_hooks.get(list_type)
        if hook is None:
            (model,) = get_args(list_type)
            hook = _make_list_function(model, self._model_hook(model))
            self._structure_hooks[list_type] = hook
        return hook

    def _model_unstructure_hook(self, model: type) -> Callable[..., Any]:
        hook = self._unstructure_hooks.get(model)
        if hook is None:
            hook = make_unstructure_function(model, self._format_datetime)
            self._unstructure_hooks[model] = hook
        return hook

    def structure(self, obj: object, cl: type[T]) -> T:
        """Convert data to an instance of a type.

        Parameters
        ----------
        obj
            The data, typically parsed JSON.
        cl
            The type to build, such as ``TokenBase`` or
            ``list[TokenBase]``.

        Returns
        -------
        object
            The instance.

        Raises
        ------
        ValidationError
            The data is not valid for the type.
        """
        hook = self._structure_hooks.get(cl)
        if hook is not None:
            return hook(obj)  # type: ignore[no-any-return]
        try:
            return super().structure(obj, cl)
        except ValidationError:
            raise
        except (
            ClassValidationError,
            IterableValidationError,
            KeyError,
            OverflowError,
            TypeError,
            ValueError,
        ) as error:
            title = getattr(cl, "__name__", str(cl))
            raise ValidationError(_flatten(error, ()), title) from None

    def unstructure(self, obj: Any, unstructure_as: Any = None) -> Any:
        """Turn an instance into JSON-ready data.

        Parameters
        ----------
        obj
            A model instance, a list of them, or anything cattrs handles.
        unstructure_as
            The type to treat ``obj`` as, by default its own.

        Returns
        -------
        object
            Dicts, lists, strings, numbers and `None`.
        """
        if unstructure_as is None:
            hook = self._unstructure_hooks.get(obj.__class__)
            if hook is not None:
                return hook(obj)
        return super().unstructure(obj, unstructure_as)

    def loads(self, data: str | bytes | bytearray, cl: type[T]) -> T:
        """Parse JSON text and structure the result.

        Parameters
        ----------
        data
            JSON text, as a string or UTF-8 bytes.
        cl
            The type to build.

        Returns
        -------
        object
            The instance.

        Raises
        ------
        ValidationError
            The text is not JSON, or the data is not valid for the type.
        """
        given: object = data
        if not isinstance(given, str | bytes | bytearray):
            details: ErrorDetails = {
                "loc": (),
                "msg": "JSON input should be str, bytes or bytearray",
                "type": "json_type",
                "input": data,
            }
            raise ValidationError([details], getattr(cl, "__name__", str(cl)))
        try:
            parsed = self._json.read(data)
        except (ValueError, RecursionError) as error:
            details = {
                "loc": (),
                "msg": f"Invalid JSON: {error}",
                "type": "json_invalid",
                "input": data,
            }
            title = getattr(cl, "__name__", str(cl))
            raise ValidationError([details], title) from None
        return self.structure(parsed, cl)

    def dumps(self, obj: object) -> str:
        """Write an instance as compact JSON text.

        Parameters
        ----------
        obj
            A model instance, or a list of them.

        Returns
        -------
        str
            Compact JSON with non-ASCII characters kept, byte for byte what
            Pydantic's ``model_dump_json()`` writes for the same values.
        """
        return self._json.write(self._dump_data(obj))

    def _dump_data(self, obj: object) -> object:
        """Return what the JSON writer is given for a value.

        Models become dicts (holding datetimes, enums and tuples as they
        are when the writer writes those itself); lists, tuples and dicts
        are converted item by item.
        """
        hook = self._dump_hooks.get(obj.__class__)
        if hook is None:
            hook = self._find_dump_hook(obj.__class__)
        return hook(obj)

    def _find_dump_hook(self, cls: type) -> Callable[[Any], object]:
        hook: Callable[[Any], object]
        if _is_model(cls):
            if self._native_output:
                hook = _native_function(cls)
            else:
                hook = self._model_unstructure_hook(cls)
        elif issubclass(cls, list | tuple):
            hook = self._dump_items
        elif issubclass(cls, dict):
            hook = self._dump_values
        elif issubclass(cls, datetime):
            hook = self._format_datetime
        elif issubclass(cls, Enum):
            hook = operator.attrgetter("value")
        else:
            hook = _unchanged
        self._dump_hooks[cls] = hook
        return hook

    def _dump_items(self, items: list[Any] | tuple[Any, ...]) -> list[Any]:
        return [self._dump_data(item) for item in items]

    def _dump_values(self, mapping: dict[Any, Any]) -> dict[Any, Any]:
        return {key: self._dump_data(value) for key, value in mapping.items()}


def _unchanged(value: object) -> object:
    return value


def _strict_hook(
    kind: Text | Choice, title: str
) -> Callable[[object, object], Any]:
    return _strict_hook_function(kind.parse, title)


def _strict_hook_function(
    parse: Callable[[object], T], title: str
) -> Callable[[object, object], T]:
    """Wrap a parser as a cattrs hook raising `ValidationError`."""

    def hook(value: object, _: object) -> T:
        try:
            return parse(value)
        except FieldError as error:
            raise ValidationError(error.located(), title) from None

    return hook


def _flatten(
    error: BaseException, location: tuple[str | int, ...]
) -> list[ErrorDetails]:
    """Turn a cattrs exception group into located error details."""
    if isinstance(error, ValidationError):
        return _relocate(error.errors(), *location)
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without_notes = error.group_exceptions()
        result: list[ErrorDetails] = []
        for inner, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                step: str | int = note.name
            else:
                step = note.index
            result.extend(_flatten(inner, (*location, step)))
        for inner in without_notes:
            result.extend(_flatten(inner, location))
        return result
    return [
        {
            "loc": location,
            "msg": str(error) or type(error).__name__,
            "type": "value_error",
            "input": None,
        }
    ]


def make_converter(
    *,
    datetime_format: DatetimeFormat = "iso",
    forbid_extra_keys: bool = False,
) -> ModelConverter:
    """Return a new converter for the token models.

    Parameters
    ----------
    datetime_format
        ``"iso"`` (the default) writes ISO 8601 strings such as
        ``2021-03-05T23:15:30Z``; ``"epoch"`` writes seconds since the
        epoch. Both are read whatever the setting.
    forbid_extra_keys
        Report unknown keys as errors, each by name, instead of ignoring
        them.

    Returns
    -------
    ModelConverter
        A cattrs converter with ``structure``, ``unstructure``, ``loads``
        and ``dumps``.
    """
    return ModelConverter(
        datetime_format=datetime_format, forbid_extra_keys=forbid_extra_keys
    )
