"""cattrs converters for the models: hooks and structuring.

`configure_converter` puts the models' hooks on any cattrs converter, the
way cattrs' ``preconf`` modules configure theirs: every model, every user
subclass of one, lists of models and users' classes holding models are
then structured and unstructured through cattrs' own dispatch.
`ModelConverter` (from `make_converter`) is such a converter that also
reads and writes JSON text (`_text`) and reports every problem, wherever
it is, as one `ValidationError`.

The generators of hooks and the translation of errors are imported where
first needed (a type's hooks are generated when it is first converted),
not with the package.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    Literal,
    Self,
    TypeVar,
    cast,
    get_args,
    get_origin,
)

import attrs
import cattrs
from cattrs.errors import StructureHandlerNotFoundError
from cattrs.gen import make_dict_structure_fn

from ._codegen import Made, is_generated, made
from ._datetime import DatetimeFormat, datetime_writer
from ._errors import (
    ErrorDetails,
    ValidationError,
    container_error,
    may_show,
    title_of,
)
from ._fields import is_list_of_models, is_model
from ._json import (
    JsonLibrary,
    backend,
    check_option,
    library_name,
)
from ._kinds import (
    Kind,
    is_made_from_value,
    kind_of_type,
    validating_hook,
)

if TYPE_CHECKING:
    from ._text import JsonText

__all__ = [
    "DEFAULT_CONVERTER",
    "DatetimeFormat",
    "JsonLibrary",
    "ModelConverter",
    "configure_converter",
    "make_converter",
]

T = TypeVar("T")


def configure_converter(
    converter: cattrs.Converter,
    *,
    datetime_format: DatetimeFormat = "iso",
    forbid_extra_keys: bool | Literal["from_converter"] = False,
) -> None:
    """Put the models' structure and unstructure hooks on a converter.

    Works on any `cattrs.Converter`, including those of
    ``cattrs.preconf`` (``json``, ``orjson``, ``msgspec``...). Afterwards
    the converter reads and writes the models as the package does: the
    models themselves, users' subclasses of them (inherited fields keep
    their behaviour; new fields use the converter's hooks), lists of
    models, and users' attrs classes holding models in any container
    cattrs handles. Errors in models and in classes holding them are one
    `ValidationError` with every problem located.

    Parameters
    ----------
    converter
        The converter to configure.
    datetime_format
        ``"iso"`` writes datetimes as ISO 8601 strings in UTC, as Pydantic
        does; ``"epoch"`` writes numbers of seconds since the epoch.
        Fields that the service writes as whole seconds always write them
        so (`json_schema` in its ``"serialization"`` mode tells which).
        Both formats are read whatever the setting.
    forbid_extra_keys
        Whether keys of a model's input that name no field are errors
        (``extra_forbidden``, one per key) rather than ignored;
        ``"from_converter"``, as the ``forbid_extra_keys`` of the
        converter that makes the hook says (its copies' own), as cattrs'
        ``make_dict_structure_fn`` takes it. For users' own classes, the
        converter's own ``forbid_extra_keys`` applies.

    Raises
    ------
    ValueError
        An unknown datetime format.
    """
    datetime_writer(datetime_format)  # an unknown one raised now
    _configure(
        converter,
        datetime_format=datetime_format,
        forbid_extra_keys=forbid_extra_keys,
    )


def _configure(
    converter: cattrs.Converter,
    *,
    datetime_format: DatetimeFormat | None,
    forbid_extra_keys: bool | Literal["from_converter"],
) -> None:
    """Put the models' hooks on a converter (see `configure_converter`).

    A `datetime_format` of `None`: the converter's own, a `ModelConverter`'s
    (its copies' own too).
    """
    # The factories take the converter that asks them (cattrs passes it):
    # the copies of a converter, which share its factories, make hooks of
    # their own from their own hooks.

    def structure_model(
        cls: type, converter: cattrs.Converter
    ) -> Callable[[object, Any], Any]:
        from ._structure_gen import make_structure_hook  # noqa: PLC0415

        forbid = _forbids(converter, option=forbid_extra_keys)
        return make_structure_hook(cls, converter, forbid_extra_keys=forbid)

    def structure_list(
        list_type: Any, converter: cattrs.Converter
    ) -> Callable[[object, Any], Any]:
        from ._structure_gen import make_list_hook  # noqa: PLC0415

        forbid = _forbids(converter, option=forbid_extra_keys)
        return make_list_hook(list_type, converter, forbid_extra_keys=forbid)

    def structure_holder(
        cls: type, converter: cattrs.Converter
    ) -> Callable[[object, Any], Any]:
        # Detailed whatever the converter's setting: without it, cattrs
        # raises a field's error with no word of the field, and stops at
        # the first; a class holding models reports them all, located.
        structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls, converter, _cattrs_detailed_validation=True
        )
        return _located_errors(structure)

    building = threading.local()
    """Per thread, the containers whose cattrs hook is being made."""

    def is_container_to_wrap(cls: object) -> bool:
        return _is_container_of_models(cls) and cls not in getattr(
            building, "types", ()
        )

    def structure_container(
        cls: Any, converter: cattrs.Converter
    ) -> Callable[[object, Any], Any]:
        # cattrs' own hook for the container, asked for while this
        # factory stands aside for it (in this thread only), of a
        # converter that validates in detail: this one, or a copy of it
        # that does (without, cattrs stops at a container's first problem
        # and names no key or index of it), as for a class holding models.
        reading = (
            converter
            if converter.detailed_validation
            else converter.copy(detailed_validation=True)
        )
        types = getattr(building, "types", ())
        building.types = (*types, cls)
        try:
            structure = reading.get_structure_hook(cls, cache_result=False)
        finally:
            building.types = types
        return _credentials_hidden(structure, noted=True)

    converter.register_structure_hook_factory(
        is_container_to_wrap, structure_container
    )
    converter.register_structure_hook_factory(_holds_models, structure_holder)
    converter.register_structure_hook_factory(is_model, structure_model)
    converter.register_structure_hook_factory(
        is_list_of_models, structure_list
    )

    def unstructure_model(
        cls: type, converter: cattrs.Converter
    ) -> Callable[[Any], Any]:
        from ._unstructure_gen import make_unstructure_hook  # noqa: PLC0415

        written = datetime_format or _written_format(converter)
        hook = make_unstructure_hook(cls, converter, written)
        if not getattr(converter, "omit_if_default", False):
            return hook
        from ._unstructure_gen import without_left_out  # noqa: PLC0415

        def unstructure_without_defaults(_made: Made, instance: Any) -> Any:
            # cattrs' omit_if_default, as exclude_defaults does it.
            return without_left_out(
                converter,
                instance,
                hook(instance),
                exclude_none=False,
                exclude_defaults=True,
            )

        # The package's own: it writes each field under its name.
        return Made(cls, written).hook(unstructure_without_defaults)

    converter.register_unstructure_hook_factory(is_model, unstructure_model)


def _written_format(converter: cattrs.Converter) -> DatetimeFormat:
    """Return how a `ModelConverter` writes datetimes."""
    return cast("ModelConverter", converter).datetime_format


def _forbids(
    converter: cattrs.Converter, *, option: bool | Literal["from_converter"]
) -> bool:
    """Tell whether a model's hooks refuse extra keys, by the option."""
    if option == "from_converter":
        return converter.forbid_extra_keys
    return option


def _holds_models(cls: object) -> bool:
    """Tell whether a type is a user's attrs class holding models."""
    return (
        isinstance(cls, type)
        and attrs.has(cls)
        and not is_model(cls)
        and _mentions_model(cls, set())
    )


def _is_container_of_models(cls: object) -> bool:
    """Tell whether a type holds models in containers that cattrs reads.

    Such as ``dict[str, TokenBase]`` or ``TokenBase | None``: neither a
    class (models and users' classes have hooks of their own) nor a list
    of models.
    """
    return (
        not isinstance(cls, type)
        and not is_list_of_models(cls)
        and _mentions_model(cls, set())
    )


def _mentions_model(annotation: Any, seen: set[int]) -> bool:
    """Tell whether a type refers to a model anywhere inside it."""
    if id(annotation) in seen:
        return False
    seen.add(id(annotation))
    if is_model(annotation):
        return True
    if isinstance(annotation, type) and attrs.has(annotation):
        try:
            attrs.resolve_types(annotation)
        except (NameError, TypeError):  # cattrs will name the problem
            return False
        return any(
            _mentions_model(attribute.type, seen)
            for attribute in attrs.fields(annotation)
        )
    return any(_mentions_model(arg, seen) for arg in get_args(annotation))


_RAISED_AS_IS = (ValidationError, StructureHandlerNotFoundError)
"""What structuring lets through as it is: the package's own error, and
what cattrs raises for a type it cannot handle. Anything else raised while
structuring (cattrs' errors, a user's hook, the methods of a hostile input,
nesting beyond the interpreter's limit) is the input's problem, a
`ValidationError`."""


def _located_errors(
    structure: Callable[[Any, Any], Any],
) -> Callable[[object, Any], Any]:
    """Wrap a hook (a user's, or cattrs') to raise `ValidationError`.

    What it raises is the input's problem (see `_RAISED_AS_IS`), located:
    an error of the class read, or of a container's items.
    """

    def structure_located(data: object, cls: Any) -> Any:
        try:
            return structure(data, cls)
        except ValidationError as error:
            if error.cl is cls:
                raise
            problems = _errors_of_exception(error, data, cls)  # a field's
        except _RAISED_AS_IS:
            raise
        except Exception as error:  # noqa: BLE001 - see _RAISED_AS_IS
            mistake = _mistake_of_package(error)
            if mistake is not None:
                raise mistake from None
            problems = _errors_of_exception(error, data, cls)
        if attrs.has(cls):
            raise ValidationError(problems, title_of(cls), cls)
        raise container_error(problems, title_of(cls), cls)

    return structure_located


def _mistake_of_package(error: BaseException) -> BaseException | None:
    """Return what a hook of the package raised in an error, if anything.

    The package's structuring functions raise nothing but
    `ValidationError` for bad input: anything else that went through one
    (its frame in the traceback), alone or in a group cattrs made, is a
    mistake of the package, raised as it is. `RecursionError` apart:
    nesting beyond the interpreter's limit is the input's.
    """
    pending = [error]
    while pending:
        raised = pending.pop()
        if isinstance(raised, ValidationError | RecursionError):
            continue
        if isinstance(raised, BaseExceptionGroup):
            pending += raised.exceptions
            continue
        frame = raised.__traceback__
        while frame is not None:
            if is_generated(frame.tb_frame.f_code, "structure_"):
                return raised
            frame = frame.tb_next
    return None


def _raises_validation_errors_alone(
    converter: cattrs.Converter, hook: object, cls: Any
) -> bool:
    """Tell whether a hook raises nothing but `ValidationError` for bad input.

    The hooks the package makes for its models, which read what any other
    hook returns or raises for a nested model (`StructurePlan`), and for
    lists of them read by such hooks. Anything else they raise is a
    mistake of the package, not of the input, and is raised as it is.
    """
    if made(hook, cls) is None:
        return False
    if not is_list_of_models(cls):
        return True
    (item,) = get_args(cls)
    return made(converter.get_structure_hook(item), item) is not None


def _credentials_hidden(
    structure: Callable[[Any, Any], Any], *, noted: bool
) -> Callable[[object, Any], Any]:
    """Wrap cattrs' hook of a container so its errors show no credential.

    cattrs notes the key or element of each failed item on its exception
    and quotes inputs in some messages; what may hold a token is hidden
    there before the exception goes on, as cattrs raised it. A converter
    without detailed validation notes nothing: where the input may hold a
    credential anywhere, every input of its errors is hidden.
    """

    def structure_hiding_credentials(data: object, cls: Any) -> Any:
        try:
            return structure(data, cls)
        except Exception as error:
            from ._translate import hide_credentials  # noqa: PLC0415

            hide_credentials(
                error, everything=not noted and not may_show(data)
            )
            raise

    return structure_hiding_credentials


def _errors_of_exception(
    error: Exception, data: object, cls: Any
) -> list[ErrorDetails]:
    """Translate what structuring raised (see `_translate`)."""
    from ._translate import errors_of_exception  # noqa: PLC0415

    return errors_of_exception(error, data, cls)


def _set_writer(
    _: object, converter: cattrs.Converter
) -> Callable[[AbstractSet[Any]], list[Any]]:
    """Return the writer of sets of the converter that asks (a factory)."""

    def write_set(items: AbstractSet[Any]) -> list[Any]:
        return [converter.unstructure(item) for item in items]

    return write_set


def _is_set_type(cls: Any) -> bool:
    origin = get_origin(cls) or cls
    return isinstance(origin, type) and issubclass(origin, AbstractSet)


_BY_CLASS: Final = (str, int, float, bool)
"""The plain types whose hooks cattrs looks up by class, before any
factory (its own for `str`, `int` and `float`; `bool` is an int): their
hooks are registered so, and are called for their subclasses too."""

_SUBCLASSES_REMEMBERED: Final = 256
"""How many subclasses of a plain type each hook keeps the hook of
(`_plain_type_hook`); the converter's own lookup of hooks by type, as
cattrs', keeps every type it was asked for."""


def _has_kind(cls: object) -> bool:
    return kind_of_type(cls) is not None


def _hook_of_kind(cls: type) -> Callable[[object, Any], object]:
    """Return the structure hook reading a type by its kind (`kind_of_type`).

    An enum's values are read as its members; a subclass of `str`, `int`
    or `float` is called with the value its base's kind reads. Only for a
    type that has a kind (`_has_kind`, or a subclass of `_BY_CLASS`).
    """
    kind = cast("Kind", kind_of_type(cls))
    read = validating_hook(kind, cls.__name__)
    if not is_made_from_value(cls):
        return read

    def structure_subclass(value: object, cl: Any) -> object:
        return cl(read(value, cl))

    return structure_subclass


def _plain_type_hook(plain: type) -> Callable[[object, Any], object]:
    """Return the structure hook of a plain type, for its subclasses too.

    cattrs looks a class up among the classes given hooks before it asks
    its factories, so this hook is also called for the type's subclasses
    (an `IntEnum`'s, say): each is read by its own kind's hook.
    """
    read = _hook_of_kind(plain)
    subclass_hook = functools.lru_cache(_SUBCLASSES_REMEMBERED)(_hook_of_kind)

    def structure_plain(value: object, cl: Any) -> object:
        if cl is plain:
            return read(value, cl)
        return subclass_hook(cl)(value, cl)

    return structure_plain


class ModelConverter(cattrs.Converter):
    """A cattrs converter for the token models, with JSON text.

    Configured by `configure_converter`; `structure` and `loads` raise
    `ValidationError` alone for bad input, whatever the type asked for.

    Parameters
    ----------
    *args, **options
        `cattrs.Converter`'s own arguments (``forbid_extra_keys``,
        ``detailed_validation``...). ``forbid_extra_keys`` applies to the
        models as well as to users' classes: keys that name no field are
        reported as errors rather than ignored.
    datetime_format
        ``"iso"`` writes datetimes as ISO 8601 strings in UTC, as Pydantic
        does; ``"epoch"`` writes numbers of seconds since the epoch (see
        "Epoch output" on the docs' page on behaviour). Both formats are
        read whatever the setting.
    json_library
        ``"auto"`` uses msgspec when installed (the ``fast`` extra), else
        the standard library; ``"json"`` and ``"msgspec"`` choose one. The
        text read and written is the same with either.

    Raises
    ------
    ValueError
        An unknown option, or ``"msgspec"`` when it is not installed.
    """

    # Slots, as cattrs' converters have: an attribute, and the method
    # `structure`, are then looked up as fast as Python can (a converter
    # with a __dict__ costs each call of `structure` about 35 ns more).
    __slots__ = (
        "__weakref__",
        "_datetime_format",
        "_json_option",
        "_json_text",
        "_structurers",
        "_unstructure_hooks",
    )

    def __init__(
        self,
        *args: Any,
        datetime_format: DatetimeFormat = "iso",
        json_library: JsonLibrary = "auto",
        **options: Any,
    ) -> None:
        # What the converter knows of its hooks, forgotten whenever one is
        # registered (see `_hooks_changed`); made first, as cattrs
        # registers its own while it is made.
        self._json_text: JsonText | None = None
        """What reads and writes text, made when first used (`_made_text`)."""
        self._structurers: dict[Any, Any] = {}
        """The function structuring each type looked up (`_structurer`): a
        plain dict, whose subscript Python specialises (cattrs' cache is a
        `functools.lru_cache`, whose key is built on every call)."""
        self._unstructure_hooks: dict[Any, Any] = {}
        """The unstructure hook of each type looked up."""
        datetime_writer(datetime_format)  # an unknown one raised now
        self._datetime_format = datetime_format
        super().__init__(*args, **options)
        check_option(json_library)
        self._json_option = json_library
        for plain in _BY_CLASS:
            self.register_structure_hook(plain, _plain_type_hook(plain))
        # The others (datetime, enums): exactly, so that cattrs refuses a
        # type that no kind reads (a subclass of datetime) as any other.
        self.register_structure_hook_factory(_has_kind, _hook_of_kind)
        # The options as the converter that makes a hook has them: a copy
        # (made by cattrs without them) is given its original's.
        _configure(
            self, datetime_format=None, forbid_extra_keys="from_converter"
        )
        self.register_unstructure_hook_factory(
            lambda cls: cls is datetime,
            lambda _, converter: datetime_writer(_written_format(converter)),
        )
        # JSON has no sets: both JSON libraries write them as arrays.
        self.register_unstructure_hook_factory(_is_set_type, _set_writer)
        # As cattrs' converters do at the end of their own: every instance
        # registers these hooks itself, and a copy takes from its original
        # only those registered later.
        self._unstruct_copy_skip = self._unstructure_func.get_num_fns()
        self._struct_copy_skip = self._structure_func.get_num_fns()

    def _hooks_changed(self) -> None:
        """Forget what is known of the hooks: one was registered."""
        self._structurers.clear()
        self._unstructure_hooks.clear()
        text = self._json_text
        if text is not None:
            text.forget()

    def _structurer(self, cl: Any) -> Any:
        """Return the function structuring a type, made once.

        The type's hook, which raises `ValidationError` alone for bad
        input where the package made it for that
        (`_raises_validation_errors_alone`); any other hook wrapped so
        that what it raises is the input's problem (`_located_errors`).
        Making the hook reads the class alone: its mistakes are raised as
        they are.
        """
        try:
            return self._structurers[cl]
        except KeyError:
            hook = self.get_structure_hook(cl)
            if not _raises_validation_errors_alone(self, hook, cl):
                hook = _located_errors(hook)
            self._structurers[cl] = hook
            return hook

    def _unstructure_hook(self, cls: Any) -> Any:
        """Return the unstructure hook of a type, looked up once."""
        try:
            return self._unstructure_hooks[cls]
        except KeyError:
            hook = self.get_unstructure_hook(cls)
            self._unstructure_hooks[cls] = hook
            return hook

    # cattrs' public ways of registering a hook, each followed by
    # `_hooks_changed`; a factory's decorator form registers when applied.

    def _registered(
        self, register: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Any:
        """Register a hook with one of cattrs' methods, then forget."""
        registered = register(*args, **kwargs)
        self._hooks_changed()
        return registered

    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:
        """Register a structure hook, as `cattrs.Converter` does."""
        register = super().register_structure_hook
        return self._registered(register, *args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> None:
        """Register a structure hook by predicate, as cattrs does."""
        register = super().register_structure_hook_func
        self._registered(register, *args, **kwargs)

    def register_structure_hook_factory(
        self, predicate: Any, factory: Any = None
    ) -> Any:
        """Register a structure hook factory, as cattrs does."""
        if factory is None:
            this = self.register_structure_hook_factory
            return functools.partial(this, predicate)
        register = super().register_structure_hook_factory
        return self._registered(register, predicate, factory)

    def register_unstructure_hook(self, *args: Any, **kwargs: Any) -> Any:
        """Register an unstructure hook, as `cattrs.Converter` does."""
        register = super().register_unstructure_hook
        return self._registered(register, *args, **kwargs)

    def register_unstructure_hook_func(
        self, *args: Any, **kwargs: Any
    ) -> None:
        """Register an unstructure hook by predicate, as cattrs does."""
        register = super().register_unstructure_hook_func
        self._registered(register, *args, **kwargs)

    def register_unstructure_hook_factory(
        self, predicate: Any, factory: Any = None
    ) -> Any:
        """Register an unstructure hook factory, as cattrs does."""
        if factory is None:
            this = self.register_unstructure_hook_factory
            return functools.partial(this, predicate)
        register = super().register_unstructure_hook_factory
        return self._registered(register, predicate, factory)

    def copy(self, *args: Any, **options: Any) -> Self:
        """Return a copy with the same hooks, options and JSON library.

        As `cattrs.Converter.copy` (which ``copy.deepcopy`` calls too):
        hooks registered on the copy afterwards are the copy's alone.

        Parameters
        ----------
        *args, **options
            Options of `cattrs.Converter.copy` to change in the copy.

        Returns
        -------
        ModelConverter
            The copy.
        """
        copied = super().copy(*args, **options)
        copied._datetime_format = self._datetime_format  # noqa: SLF001
        copied._json_option = self._json_option  # noqa: SLF001 - same class
        copied._hooks_changed()  # noqa: SLF001 - cattrs copied the hooks in
        return copied

    @property
    def datetime_format(self) -> DatetimeFormat:
        """How the converter writes datetimes: ``"iso"`` or ``"epoch"``.

        Fixed when the converter is made (its hooks are made for it); a
        converter writing the other format is made with
        `make_converter`.
        """
        return self._datetime_format

    @property
    def json_library(self) -> str:
        """The JSON library that `loads` and `dumps` use.

        ``"msgspec"`` (the ``fast`` extra) or ``"json"``. Asking does not
        import it.
        """
        return library_name(self._json_option)

    def _made_text(self) -> JsonText:
        """Make what reads and writes text (`JsonText`), on first use.

        Its JSON library is built then (threads asking at once get the
        same library, see `backend`; each may make a `JsonText` of it, and
        one is kept).
        """
        from ._text import JsonText  # noqa: PLC0415 (with text alone)

        text = self._json_text = JsonText(self, backend(self.json_library))
        return text

    def structure(self, obj: object, cl: type[T]) -> T:
        """Convert data to an instance of a type.

        Parameters
        ----------
        obj
            The data, typically parsed JSON.
        cl
            The type to build, such as ``TokenBase``,
            ``list[TokenBase]``, ``dict[str, TokenData]`` or a class of
            your own holding models.

        Returns
        -------
        T
            The instance.

        Raises
        ------
        ValidationError
            The data is not valid for the type; every problem is named
            with its location.
        """
        # What cattrs' structure does, one frame fewer.
        try:
            structure = self._structurers[cl]
        except KeyError:
            structure = self._structurer(cl)
        return structure(obj, cl)  # type: ignore[no-any-return]

    def unstructure(
        self,
        obj: Any,
        unstructure_as: Any = None,
        *,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
    ) -> Any:
        """Turn an instance into JSON-ready data.

        Parameters
        ----------
        obj
            A model instance, or anything cattrs handles.
        unstructure_as
            The type to treat ``obj`` as, by default its own.
        exclude_none
            Leave out fields that hold `None`, at every depth, as
            Pydantic's ``model_dump(exclude_none=True)``.
        exclude_defaults
            Leave out fields that hold their default, at every depth, as
            Pydantic's ``model_dump(exclude_defaults=True)`` (unlike
            Pydantic, which compares it with one made anew, a default made by
            a factory, such as ``created``, is always kept).

        Returns
        -------
        object
            Dicts, lists, strings, numbers and `None`.
        """
        # What cattrs' unstructure does, one frame fewer.
        cls = obj.__class__ if unstructure_as is None else unstructure_as
        try:
            hook = self._unstructure_hooks[cls]
        except KeyError:
            hook = self._unstructure_hook(cls)
        if not (exclude_none or exclude_defaults):
            return hook(obj)
        from ._unstructure_gen import without_left_out  # noqa: PLC0415

        return without_left_out(
            self,
            obj,
            hook(obj),
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
        )

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
        T
            The instance.

        Raises
        ------
        ValidationError
            The text is not JSON, or the data is not valid for the type.
        """
        text = self._json_text
        if text is None:
            text = self._made_text()
        return text.loads(data, cl)

    def dumps(
        self,
        obj: object,
        *,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
    ) -> str:
        """Write an instance as compact JSON text.

        Parameters
        ----------
        obj
            Anything `unstructure` handles: a model instance, a list or
            dict of them, a class of your own holding them.
        exclude_none
            Leave out fields that hold `None` (see `unstructure`): what
            the service's token-info and user-info routes write.
        exclude_defaults
            Leave out fields that hold their default (see `unstructure`):
            what the service's users routes write.

        Returns
        -------
        str
            Compact JSON with non-ASCII characters kept, byte for byte what
            Pydantic's ``model_dump_json()`` writes for the same values
            (floats that need an exponent apart, which each JSON library
            writes its own way).
        """
        text = self._json_text
        if text is None:
            text = self._made_text()
        return text.dumps(
            obj,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
        )


def make_converter(
    *,
    datetime_format: DatetimeFormat = "iso",
    forbid_extra_keys: bool = False,
    json_library: JsonLibrary = "auto",
    **options: Any,
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
    **options
        `cattrs.Converter`'s own options, such as ``detailed_validation``
        or ``omit_if_default`` (see `ModelConverter`).

    Returns
    -------
    ModelConverter
        A cattrs converter, configured by `configure_converter`, with
        ``structure``, ``unstructure``, ``loads`` and ``dumps``.
    """
    return ModelConverter(
        datetime_format=datetime_format,
        forbid_extra_keys=forbid_extra_keys,
        json_library=json_library,
        **options,
    )


DEFAULT_CONVERTER: Final = make_converter()
"""The default converter: ISO 8601 output, unknown keys ignored."""
