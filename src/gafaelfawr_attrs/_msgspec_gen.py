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
from sys import get_int_max_str_digits
from typing import Annotated, Any

import attrs
import msgspec

from ._codegen import built_once, compile_function, indented
from ._errors import NotDecided
from ._fields import default_factory, field_spec
from ._frozendict import frozen_taking
from ._kinds import (
    Choice,
    CommaSeparatedList,
    IntegerMapping,
    Kind,
    Model,
    ModelList,
    Nullable,
    Text,
    end_of_text_anchored,
)
from ._numbers import too_long_integer_at
from ._storage import filling_lines
from ._structure_gen import fast_kind_lines

__all__ = ["decides_as_stdlib", "make_typed_loaders"]


@built_once
def make_typed_loaders(
    cls: type, *, forbid_extra_keys: bool
) -> tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]:
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
        instances; each raises `NotDecided` when the general path must
        read the document. Made once per model and option, decoders
        included (see `built_once`).
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
        # What decides_as_stdlib finds at once for the usual record.
        if (
            (type(data) is str or data.isascii())
            and len(data) <= get_int_max_str_digits()
        ) or decides_as_stdlib(data):
            try:
                document = decode_one(data)
            except (ValueError, RecursionError):
                pass
            else:
                return from_document(document)
        raise NotDecided

    def load_many(data: Any) -> list[Any]:
        if decides_as_stdlib(data):
            try:
                documents = decode_many(data)
            except (ValueError, RecursionError):
                pass
            else:
                return [from_document(document) for document in documents]
        raise NotDecided

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
        of the model from one, which raises `NotDecided` where the general
        path must decide.
    """
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for attribute in attrs.fields(cls):
        decoded = _decoded_type(_kind(attribute), forbid_extra_keys)
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
        forbid_unknown_fields=forbid_extra_keys,
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


def _decoded_type(kind: Kind, forbid_extra_keys: bool) -> Any:  # noqa: FBT001
    """Return the type msgspec decodes a value of a kind as.

    msgspec checks what that type says; `_finishing_lines` do the rest.
    `Any` leaves everything to them.
    """
    match kind:
        case Nullable():
            inner = _decoded_type(kind.inner, forbid_extra_keys)
            return Any if inner is Any else inner | None
        case Text():
            meta = msgspec.Meta(
                min_length=kind.min_length,
                max_length=kind.max_length,
                pattern=(
                    None
                    if kind.pattern is None
                    else end_of_text_anchored(kind.pattern)
                ),
            )
            return Annotated[str, meta]
        case Choice():
            return kind.enum
        case CommaSeparatedList():
            return list[str] | str
        case IntegerMapping():
            return dict[str, int]
        case Model():
            return document_parts(
                kind.model, forbid_extra_keys=forbid_extra_keys
            )[0]
        case ModelList():
            item = document_parts(
                kind.item.model, forbid_extra_keys=forbid_extra_keys
            )[0]
            return list[item]  # type: ignore[valid-type]
        case _:
            return Any


def _finishing_lines(
    kind: Kind,
    variable: str,
    prefix: str,
    namespace: dict[str, Any],
    forbid_extra_keys: bool,  # noqa: FBT001
) -> list[str]:
    """Return lines finishing a value decoded as `_decoded_type` says.

    Nested models are read inline, into instances built in place.
    """
    match kind:
        case Nullable() if _decoded_type(kind.inner, forbid_extra_keys) is Any:
            return fast_kind_lines(kind, None, variable, prefix, namespace)
        case Nullable():
            inner = _finishing_lines(
                kind.inner, variable, prefix, namespace, forbid_extra_keys
            )
            if not inner:
                return []
            return [f"if {variable} is not None:", *indented(inner)]
        case Text() | Choice():
            return []  # msgspec has checked the type, length and pattern
        case CommaSeparatedList():
            return [
                f"if {variable}.__class__ is str:",
                (
                    f"    {variable} = tuple({variable}.split(','))"
                    f" if {variable} else ()"
                ),
                "else:",
                f"    {variable} = tuple({variable})",
            ]
        case IntegerMapping():
            # The dict msgspec made for this document, held by nothing else.
            namespace["frozen_taking"] = frozen_taking
            return [f"{variable} = frozen_taking({variable})"]
        case Model():
            return _document_lines(
                kind.model,
                variable,
                variable,
                f"{prefix}__",
                namespace,
                forbid_extra_keys,
            )
        case ModelList():
            item = f"{prefix}_item"
            read_item = _document_lines(
                kind.item.model,
                item,
                item,
                f"{prefix}__",
                namespace,
                forbid_extra_keys,
            )
            return [
                f"{prefix}_items = []",
                f"for {item} in {variable}:",
                *indented(read_item),
                f"    {prefix}_items.append({item})",
                f"{variable} = tuple({prefix}_items)",
            ]
        case _:
            return fast_kind_lines(kind, None, variable, prefix, namespace)


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
        The lines; they raise (``NotDecided``, or whatever a check raises)
        where the general path must decide.
    """
    lines = []
    for attribute in attrs.fields(cls):
        name = f"{prefix}{attribute.name}"
        variable = f"{name}_"
        finish = _finishing_lines(
            _kind(attribute), variable, name, namespace, forbid_extra_keys
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
        "NotDecided": NotDecided,
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
        # Whatever a check raises, the general path reads the document
        # again and names the problem; raised outside, with no context.
        "    except Exception:",
        "        pass",
        "    else:",
        "        return instance",
        "    raise NotDecided",
    ]
    return compile_function(name, lines, namespace)
