"""Reading JSON straight into models with msgspec (the ``fast`` extra).

msgspec decodes a document into a generated `msgspec.Struct` whose field
types check what they can (string lengths, enum values, lists of strings);
a generated function finishes each value (datetimes, comma-separated
scopes) and fills a model instance. Anything this path does not accept, it
leaves to the general path (parse, then structure), which names every
problem: a document read here is one that the general path would read the
same way (msgspec skips the values of unknown keys unchecked, where the
general path reads numbers too large for a float as infinities: both
accept them).

Only the package's own models are read this way: every field has a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat
from operator import is_
from typing import Any

import attrs
import msgspec

from ._codegen import built_once, compile_function, indented
from ._errors import FallBack
from ._fields import default_factory, field_spec, forbids_extra_keys
from ._json import UNREAD
from ._kinds import (
    READING_REFUSALS,
    Kind,
)
from ._numbers import too_long_integer_at
from ._storage import filling_lines

__all__ = ["decides_as_stdlib", "make_typed_loaders"]


@built_once
def make_typed_loaders(
    cls: type, *, forbid_extra_keys: bool
) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """Generate functions reading one instance and a list of instances.

    Parameters
    ----------
    cls
        One of the package's model classes.
    forbid_extra_keys
        Whether unknown keys are errors.

    Returns
    -------
    tuple of callable
        Functions of JSON text returning an instance, or a list of
        instances; each returns `UNREAD` for a text the general path must
        read (returned, not raised: the usual bad input is read at once).
        Made once per model and option, decoders included (see
        `built_once`).
    """
    document_type, from_document = document_parts(
        cls, forbid_extra_keys=forbid_extra_keys
    )
    decode_one: Callable[[Any], Any] = msgspec.json.Decoder(
        document_type
    ).decode
    decode_many: Callable[[Any], list[Any]] = msgspec.json.Decoder(
        list[document_type]  # type: ignore[valid-type]
    ).decode

    def load_one(data: Any) -> Any:
        if decides_as_stdlib(data):
            try:
                return from_document(decode_one(data))
            except (ValueError, RecursionError):  # msgspec's refusals
                pass
        return UNREAD

    def load_many(data: Any) -> Any:
        if decides_as_stdlib(data):
            try:
                documents = decode_many(data)
            except (ValueError, RecursionError):
                return UNREAD
            instances = list(map(from_document, documents))
            if not any(map(is_, instances, repeat(UNREAD))):
                return instances
        return UNREAD

    return load_one, load_many


def decides_as_stdlib(data: str | bytes | bytearray) -> bool:
    """Tell whether msgspec may read a text: it would decide as json does.

    msgspec skips the values of unknown keys without checking them, where
    the standard library (the reference, with Pydantic) refuses invalid
    UTF-8 anywhere and numbers of more digits in a row than Python
    converts to an integer (`sys.get_int_max_str_digits`; digits in
    strings are text). Texts that might hold either are left to the
    standard library. Both checks are cheap for the usual record: ASCII,
    and shorter than the digit limit.

    Parameters
    ----------
    data
        JSON text, as a `str`, `bytes` or `bytearray` (not a subclass).

    Returns
    -------
    bool
        Whether msgspec's verdict on the text is the standard library's.
    """
    if type(data) is not str and not data.isascii():
        try:
            data.decode()  # type: ignore[union-attr]
        except UnicodeDecodeError:
            return False
    return too_long_integer_at(data) is None


@built_once
def document_parts(
    cls: type, *, forbid_extra_keys: bool
) -> tuple[type, Callable[[Any], Any]]:
    """Return a model's document type and the function reading it.

    Parameters
    ----------
    cls
        One of the package's model classes.
    forbid_extra_keys
        Whether unknown keys are errors.

    Returns
    -------
    tuple
        The generated `msgspec.Struct` and the function making an instance
        of the model from one, which returns `UNREAD` where the general
        path must decide.
    """
    documents = _Documents(forbid_extra_keys=forbid_extra_keys)
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for attribute in attrs.fields(cls):
        decoded = _kind(attribute).decoded_type(documents)
        if default_factory(attribute) is None:
            fields.append((attribute.name, decoded))
        elif _defaults_to_none(attribute):
            fields.append((attribute.name, decoded, None))  # held as read
        else:
            fields.append((attribute.name, decoded, msgspec.UNSET))
    document_type = msgspec.defstruct(
        f"{cls.__name__}Document",
        fields,
        kw_only=True,
        forbid_unknown_fields=forbids_extra_keys(
            cls, option=forbid_extra_keys
        ),
    )
    return document_type, _make_from_document(cls, forbid_extra_keys)


def _defaults_to_none(attribute: attrs.Attribute[Any]) -> bool:
    """Tell whether a field's default is `None`, which msgspec then fills.

    A missing value and an explicit ``null`` are then the same `None`,
    which the finishing lines of a nullable kind pass through.
    """
    return attribute.default is None


def _kind(attribute: attrs.Attribute[Any]) -> Kind:
    spec = field_spec(attribute)
    if spec is None:  # pragma: no cover - callers pass the package's models
        msg = f"{attribute.name} has no kind"
        raise TypeError(msg)
    return spec.kind


class _Documents:
    """How documents of nested models are read (`Documents`)."""

    __slots__ = ("forbid_extra_keys",)

    def __init__(self, *, forbid_extra_keys: bool) -> None:
        self.forbid_extra_keys = forbid_extra_keys

    def document_type(self, model: type) -> Any:
        """Return the document type of a nested model."""
        return document_parts(model, forbid_extra_keys=self.forbid_extra_keys)[
            0
        ]

    def document_lines(
        self,
        model: type,
        variable: str,
        prefix: str,
        namespace: dict[str, Any],
    ) -> list[str]:
        """Return lines reading a nested model's document inline."""
        return _document_lines(
            model,
            variable,
            variable,
            prefix,
            namespace,
            self.forbid_extra_keys,
        )


def _document_lines(  # noqa: PLR0913, PLR0917 (what to read, where, and how)
    cls: type,
    source: str,
    target: str,
    prefix: str,
    namespace: dict[str, Any],
    forbid_extra_keys: bool,  # noqa: FBT001
) -> list[str]:
    """Return lines making an instance of a model from its decoded document.

    Parameters
    ----------
    cls
        The model.
    source
        The variable holding the document.
    target
        The variable the lines set to the instance.
    prefix
        Prefix of the lines' variables and of the names they add to the
        namespace: ``""`` for the model being read.
    namespace
        The generated function's globals.
    forbid_extra_keys
        Whether unknown keys are errors.

    Returns
    -------
    list of str
        The lines; they raise (``FallBack``, or whatever a check raises)
        where the general path must decide.
    """
    lines = []
    for attribute in attrs.fields(cls):
        name = f"{prefix}{attribute.name}"
        variable = f"{name}_"
        finish = _kind(attribute).finishing_lines(
            variable,
            name,
            namespace,
            _Documents(forbid_extra_keys=forbid_extra_keys),
        )
        lines.append(f"{variable} = {source}.{attribute.name}")
        default = default_factory(attribute)
        if default is None or _defaults_to_none(attribute):
            lines.extend(finish)
            continue
        namespace[f"{name}_default"] = default
        lines += [
            f"if {variable} is UNSET:",
            f"    {variable} = {name}_default()",
        ]
        if finish:
            lines += ["else:", *indented(finish)]
    values = (
        (attribute, f"{prefix}{attribute}_")
        for attribute in attrs.fields_dict(cls)
    )
    return lines + filling_lines(cls, values, target, namespace, prefix)


def _make_from_document(
    cls: type,
    forbid_extra_keys: bool,  # noqa: FBT001
) -> Callable[[Any], Any]:
    """Generate the function turning a decoded document into an instance."""
    namespace: dict[str, Any] = {
        "FallBack": FallBack,
        "READING_REFUSALS": READING_REFUSALS,
        "UNREAD": UNREAD,
        "UNSET": msgspec.UNSET,
    }
    name = f"{cls.__name__}_from_document"
    lines = [
        f"def {name}(document):",
        "    try:",
        *indented(
            _document_lines(
                cls, "document", "instance", "", namespace, forbid_extra_keys
            ),
            2,
        ),
        # Returned, not raised: the general path reads the text again and
        # names the problem.
        "    except READING_REFUSALS:",
        "        return UNREAD",
        "    return instance",
    ]
    return compile_function(name, lines, namespace, cls)
