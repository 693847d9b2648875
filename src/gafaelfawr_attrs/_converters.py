"""cattrs converters for the models: structuring, unstructuring and JSON."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
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
from ._datetime import format_epoch, format_iso, format_seconds, parse_datetime
from ._errors import ErrorDetails, FieldError, NotDecided, ValidationError
from ._fields import HIDDEN, METADATA_KEY, Choice, FieldSpec, Text
from ._structuring import (
    StructurePlan,
    make_list_function,
    make_structure_function,
    relocate,
)

__all__ = ["DatetimeFormat", "JsonLibrary", "ModelConverter", "make_converter"]

T = TypeVar("T")


DatetimeFormat = Literal["iso", "epoch"]
"""How a converter writes datetimes: ISO 8601 strings or epoch numbers."""

JsonLibrary = Literal["auto", "json", "msgspec"]
"""Which JSON library a converter uses for text."""

_TEXT_TYPES = (str, bytes, bytearray)

_UNKNOWN: Any = object()
"""Marks a type not yet looked up in a cache."""

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


def make_unstructure_function(
    model: type[T],
    format_datetime: Callable[[datetime], object],
    unstructure_nested: Callable[[Any], Any],
) -> Callable[[T], dict[str, Any]]:
    """Generate the function that turns a model instance into JSON data.

    Parameters
    ----------
    model
        A model class.
    format_datetime
        How to write each datetime, unless the model writes whole seconds
        (see `writes_seconds`).
    unstructure_nested
        How to write nested model instances.

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
    namespace: dict[str, Any] = {
        "format_datetime": (
            format_seconds if writes_seconds(model) else format_datetime
        ),
        "unstructure_nested": unstructure_nested,
    }
    exec(compile(source, f"<{name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]  # type: ignore[no-any-return]


def writes_seconds(model: type) -> bool:
    """Tell whether a model writes its datetimes as whole epoch seconds.

    Parameters
    ----------
    model
        A model class.

    Returns
    -------
    bool
        Whether its ``datetimes_written_as`` class attribute says so, as
        `TokenInfo` and `TokenData` do, whatever the converter's format.
    """
    return getattr(model, "datetimes_written_as", None) == "seconds"


def _holds_credentials(cl: object) -> bool:
    """Tell whether a type's values may hold a credential, to hide it."""
    if _is_list_of_models(cl):
        cl = get_args(cl)[0]
    if not _is_model(cl):
        return False
    return any(
        spec.secret
        or any(_holds_credentials(m) for m in spec.kind.nested_models())
        for spec in (
            field.metadata[METADATA_KEY]
            for field in attrs.fields(cast("type", cl))
        )
    )


def _writes_seconds_anywhere(model: type) -> bool:
    """Tell whether a model, or a model nested in it, writes seconds."""
    if writes_seconds(model):
        return True
    return any(
        _writes_seconds_anywhere(nested)
        for field in attrs.fields(model)
        for nested in field.metadata[METADATA_KEY].kind.nested_models()
    )


def _native_nested(instance: Any) -> dict[str, Any]:
    return _native_function(instance.__class__)(instance)


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
    namespace: dict[str, Any] = {"native_nested": _native_nested}
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
    json_library
        ``"auto"`` uses msgspec when installed (the ``fast`` extra), else
        the standard library; ``"json"`` and ``"msgspec"`` choose one. The
        text read and written is the same with either.

    Raises
    ------
    ValueError
        An unknown option, or ``"msgspec"`` when it is not installed.
    """

    def __init__(
        self,
        *,
        datetime_format: DatetimeFormat = "iso",
        forbid_extra_keys: bool = False,
        json_library: JsonLibrary = "auto",
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
        self._json = _json.backend(json_library)
        self._native_output = (
            self._json.writes_datetimes and datetime_format == "iso"
        )
        self._structure_hooks: dict[object, Callable[..., Any]] = {}
        self._unstructure_hooks: dict[type, Callable[..., Any]] = {}
        self._dump_hooks: dict[type, Callable[[Any], object]] = {}
        self._typed_loaders: dict[object, Callable[[Any], Any] | None] = {}
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

        ``"msgspec"`` (the ``fast`` extra) or ``"json"``.
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
            hook = make_list_function(model, self._model_hook(model))
            self._structure_hooks[list_type] = hook
        return hook

    def _model_unstructure_hook(self, model: type) -> Callable[..., Any]:
        hook = self._unstructure_hooks.get(model)
        if hook is None:
            hook = make_unstructure_function(
                model, self._format_datetime, self.unstructure
            )
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
            AttributeError,
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
        if type(given) not in _TEXT_TYPES:  # subclasses, for msgspec
            data = str.__str__(data) if isinstance(data, str) else bytes(data)
        loader = self._typed_loaders.get(cl, _UNKNOWN)
        if loader is _UNKNOWN:
            loader = self._find_typed_loader(cl)
        if loader is not None:
            try:
                return loader(data)  # type: ignore[no-any-return]
            except NotDecided:
                pass  # the general path below reads it, or names why not
        try:
            parsed = self._json.read(data)
        except (ValueError, RecursionError) as error:
            details = {
                "loc": (),
                "msg": f"Invalid JSON: {error}",
                "type": "json_invalid",
                "input": HIDDEN if _holds_credentials(cl) else data,
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

    def _find_typed_loader(self, cl: object) -> Callable[[Any], Any] | None:
        """Return (and remember) the typed loader of a type, if it has one."""
        loader = None
        make_loaders = self._json.make_typed_loaders
        list_of_models = _is_list_of_models(cl)
        if make_loaders is not None and (_is_model(cl) or list_of_models):
            model = get_args(cl)[0] if list_of_models else cl
            plan = StructurePlan.of(
                cast("type", model), forbid_extra_keys=self.forbid_extra_keys
            )
            load_one, load_many = make_loaders(plan)
            self._typed_loaders[model] = load_one
            self._typed_loaders[list[model]] = load_many  # type: ignore[valid-type]
            loader = load_many if list_of_models else load_one
        self._typed_loaders[cl] = loader
        return loader

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
            if self._native_output and not _writes_seconds_anywhere(cls):
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
        elif issubclass(cls, str | int | float | type(None)):
            hook = _unchanged
        else:
            msg = f"Object of type {cls.__name__} is not JSON serializable"
            raise TypeError(msg)
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
        return relocate(error.errors(), *location)
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
    json_library: JsonLibrary = "auto",
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
    json_library
        ``"auto"`` (msgspec when installed), ``"json"`` or ``"msgspec"``.

    Returns
    -------
    ModelConverter
        A cattrs converter with ``structure``, ``unstructure``, ``loads``
        and ``dumps``.
    """
    return ModelConverter(
        datetime_format=datetime_format,
        forbid_extra_keys=forbid_extra_keys,
        json_library=json_library,
    )
