"""JSON text read into, and written from, the types of one converter.

A `ModelConverter`'s ``loads`` and ``dumps``: what the converter's own
hooks decide, read from text or written to it. Where the hooks of a model
and of every model it nests are the package's own, msgspec reads the text
straight into instances (`_msgspec_gen`) and writes them natively
(`_unstructure_gen.native_writer`); any other text is parsed and given to
the converter's ``structure``, any other object unstructured and written.
What is learnt of the hooks is kept by hook, so that a hook registered
later is honoured (the converter forgets it all when one is).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast, get_args

import attrs
import cattrs

from ._codegen import made
from ._errors import (
    FallBack,
    ValidationError,
    error_details,
    json_invalid_error,
    title_of,
)
from ._exact import exact_bytes, type_ids
from ._fields import is_list_of_models, is_package_model, nested_model
from ._json import UNREAD, JsonBackend

if TYPE_CHECKING:
    from ._converter import ModelConverter

__all__ = ["JsonText"]

T = TypeVar("T")

_TEXT_TYPES = type_ids(str, bytes, bytearray)
"""The exact types of JSON text that msgspec and json read as they are
(their identities)."""

_UNKNOWN: Any = object()
"""Marks a hook whose reader or writer has not been looked up yet."""


class JsonText:
    """Reads and writes JSON text as one converter's hooks decide.

    Parameters
    ----------
    converter
        The converter whose hooks read and write.
    backend
        The JSON library (see `_json.backend`).
    """

    __slots__ = ("_backend", "_converter", "_readers", "_writers")

    def __init__(
        self, converter: ModelConverter, backend: JsonBackend
    ) -> None:
        self._converter = converter
        self._backend = backend
        self._readers: dict[object, Any] = {}
        """msgspec's reader of a type (or `None`), by the structuring
        function of the type it was found for (the package makes a hook
        for one type)."""
        self._writers: dict[object, Any] = {}
        """The native writer of a class (or `None`), by its hook."""

    def forget(self) -> None:
        """Forget what is known of the converter's hooks: one changed."""
        self._readers.clear()
        self._writers.clear()

    def loads(self, data: str | bytes | bytearray, cl: type[T]) -> T:
        """Read JSON text into a type (see `ModelConverter.loads`)."""
        given: object = data
        kind = type(given)  # what `__class__` cannot disguise
        if id(kind) not in _TEXT_TYPES:
            # Subclasses, for msgspec: the text they hold, read through
            # the base type, so that no method of theirs runs.
            if issubclass(kind, str):
                data = str.__str__(cast("str", given))
            elif issubclass(kind, bytes | bytearray):
                data = exact_bytes(cast("bytes", given))
            else:
                msg = "JSON input should be str, bytes or bytearray"
                error = error_details(msg, "json_type", data)
                raise ValidationError([error], title_of(cl), cl)
        structure = self._converter._structurer(cl)  # noqa: SLF001 (its own)
        # msgspec's reader of the type, kept by what it was found for.
        loader = self._readers.get(structure, _UNKNOWN)
        if loader is _UNKNOWN:
            loader = self._readers[structure] = self._typed_loader(
                cl, structure
            )
        if loader is not None:
            loaded = loader(data)
            if loaded is not UNREAD:
                return loaded  # type: ignore[no-any-return]
            # The general path below reads it, or names why not.
        try:
            parsed = self._backend.read(data)
        except (ValueError, RecursionError) as error:
            problem = _json_problem(error)
        else:
            return structure(parsed, cl)  # type: ignore[no-any-return]
        # Raised here, with no context: the text may hold a secret, so it
        # is neither shown nor chained (a UnicodeError holds the bytes).
        raise ValidationError([json_invalid_error(problem)], title_of(cl), cl)

    def _typed_loader(
        self, cl: object, hook: object
    ) -> Callable[[Any], Any] | None:
        """Return msgspec's reader of a type, where it has one.

        Only for the package's models and lists of them, and only while
        the converter reads them, and every model they nest, with the
        package's own hooks.
        """
        make_loaders = self._backend.make_typed_loaders
        if make_loaders is None:
            return None
        owner = made(hook, cl)
        if owner is None:
            return None
        many = is_list_of_models(cl)
        model: Any = get_args(cl)[0] if many else cl
        from ._plan import reads_own_models  # noqa: PLC0415

        if not is_package_model(model) or not reads_own_models(
            self._converter, model
        ):
            return None  # a user's hook reads the model or a nested one
        loaders = make_loaders(model, forbid_extra_keys=owner.option)
        return loaders[1] if many else loaders[0]

    def dumps(
        self,
        obj: object,
        *,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
    ) -> str:
        """Write an instance as JSON text (see `ModelConverter.dumps`)."""
        converter = self._converter
        if exclude_none or exclude_defaults:
            return self._backend.write(
                converter.unstructure(
                    obj,
                    exclude_none=exclude_none,
                    exclude_defaults=exclude_defaults,
                )
            )
        if self._backend.writes_datetimes:
            cls = type(obj)
            hook = converter._unstructure_hook(cls)  # noqa: SLF001 (its own)
            # The native writer, kept by the hook it was found for.
            writer = self._writers.get(hook, _UNKNOWN)
            if writer is _UNKNOWN:
                from ._unstructure_gen import native_writer  # noqa: PLC0415

                ours = _writes_own_models(converter, cls)
                writer = native_writer(cls) if ours else None
                self._writers[hook] = writer
            if writer is not None:
                try:
                    return self._backend.write(writer(obj))
                except FallBack:
                    pass  # a nested instance of a user's class
        return self._backend.write(converter.unstructure(obj))


def _writes_own_models(converter: cattrs.Converter, cls: Any) -> bool:
    """Tell whether a converter writes a model as a native writer would.

    Parameters
    ----------
    converter
        A converter.
    cls
        A class.

    Returns
    -------
    bool
        Whether the converter's hooks for the class and for every model
        nested in it, at any depth, are those the package made to write
        datetimes as ISO strings: a native writer (`native_writer`, which
        writes nested models itself) then writes what they would.
    """
    if getattr(converter, "omit_if_default", False):
        return False  # its hooks leave defaults out; native writers do not
    owner = made(converter.get_unstructure_hook(cls), cls)
    if owner is None or owner.option != "iso":
        return False
    nested = (nested_model(attribute) for attribute in attrs.fields(cls))
    return all(
        _writes_own_models(converter, model)
        for model in nested
        if model is not None
    )


def _json_problem(error: ValueError | RecursionError) -> str:
    """Say what is wrong with a JSON text, and where, without quoting it."""
    if isinstance(error, UnicodeDecodeError):
        return f"not valid UTF-8 at byte {error.start}"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)  # the reader's messages give the position
