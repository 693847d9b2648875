"""cattrs converters for the models: structuring, unstructuring and JSON.

Each model gets one structuring function, generated from its field
metadata: a fast path that parses every field with its kind's parser and
fills a new instance directly (the parsers have already checked what the
attrs validators would check, so nothing is validated twice), and a slow
path, taken only when the fast path meets a problem, that looks at every
field and reports every problem with its location.
"""

from __future__ import annotations

import json
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

from ._datetime import format_epoch, format_iso, parse_datetime
from ._errors import ErrorDetails, FieldError, ValidationError
from ._fields import METADATA_KEY, Choice, FieldSpec, Text, default_factory

__all__ = ["DatetimeFormat", "ModelConverter", "make_converter"]

T = TypeVar("T")

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
            structure_slowly=self.structure_slowly,
            new=object.__new__,
            model=self.model,
            names=self.names,
        )
        lines = [
            f"def {name}(data, _=None):",
            "    if data.__class__ is not dict:",
            "        return structure_slowly(data)",
            "    try:",
        ]
        for index, (field, spec) in enumerate(
            zip(self.fields, self.specs, strict=True)
        ):
            namespace[f"parse_{index}"] = spec.kind.parse
            parse = f"parse_{index}(data[{field.name!r}])"
            default = default_factory(field)
            if default is None:
                lines.append(f"        value_{index} = {parse}")
                continue
            namespace[f"default_{index}"] = default
            lines.append(
                f"        value_{index} = {parse} if {field.name!r} in data"
                f" else default_{index}()"
            )
        lines += [
            "    except (KeyError, FieldError):",
            "        return structure_slowly(data)",
        ]
        if self.forbid_extra_keys:
            lines += [
                "    if not names.issuperset(data):",
                "        return structure_slowly(data)",
            ]
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


def _reject_constant(name: str) -> object:
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


class ModelConverter(cattrs.Converter):
    """A cattrs converter that structures and writes the token models.

    Parameters
    ----------
    datetime_format
        ``"iso"`` writes datetimes as ISO 8601 strings in UTC, as Pydantic
        does; ``"epoch"`` writes numbers of seconds since the epoch (see
        `format_epoch`). Both formats are read whatever the setting.
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
        format_datetime = _DATETIME_WRITERS[datetime_format]
        self.register_structure_hook_factory(
            _is_model,
            lambda model: make_structure_function(
                model, forbid_extra_keys=forbid_extra_keys
            ),
        )
        self.register_structure_hook_factory(
            _is_list_of_models, self._make_list_hook
        )
        self.register_unstructure_hook_factory(
            _is_model,
            lambda model: make_unstructure_function(model, format_datetime),
        )
        self.register_structure_hook(str, _strict_hook(Text(), "str"))
        self.register_structure_hook(
            datetime, _strict_hook_function(parse_datetime, "datetime")
        )
        self.register_structure_hook_factory(
            lambda cls: isinstance(cls, type) and issubclass(cls, Enum),
            lambda cls: _strict_hook(Choice(cls), cls.__name__),
        )
        self.register_unstructure_hook(datetime, format_datetime)

    def _make_list_hook(
        self, list_type: Any
    ) -> Callable[[object, object], list[Any]]:
        (model,) = get_args(list_type)
        structure_item = self.get_structure_hook(model)
        title = f"list[{model.__name__}]"

        def structure_list(data: object, _: object = None) -> list[Any]:
            if not isinstance(data, list | tuple):
                error: ErrorDetails = {
                    "loc": (),
                    "msg": "Input should be a valid list",
                    "type": "list_type",
                    "input": data,
                }
                raise ValidationError([error], title)
            try:
                return [structure_item(item, model) for item in data]
            except ValidationError:
                pass
            errors: list[ErrorDetails] = []
            for index, item in enumerate(data):
                try:
                    structure_item(item, model)
                except ValidationError as problem:
                    errors.extend(_relocate(problem.errors(), index))
            raise ValidationError(errors, title)

        return structure_list

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
        try:
            parsed = json.loads(data, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            title = getattr(cl, "__name__", str(cl))
            details: ErrorDetails = {
                "loc": (),
                "msg": f"Invalid JSON: {error}",
                "type": "json_invalid",
                "input": data,
            }
            raise ValidationError([details], title) from None
        except TypeError:
            title = getattr(cl, "__name__", str(cl))
            details = {
                "loc": (),
                "msg": "JSON input should be str, bytes or bytearray",
                "type": "json_type",
                "input": data,
            }
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
        return json.dumps(
            self.unstructure(obj),
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
        )


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
