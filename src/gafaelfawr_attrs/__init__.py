"""Gafaelfawr's token models on attrs and cattrs, without Pydantic.

Frozen attrs classes whose validators enforce the constraints of
Gafaelfawr's Pydantic models, cattrs converters that read datetimes given as
seconds since the epoch or as ISO 8601 strings, and JSON schemas derived
from the fields' metadata.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeVar

from ._converter import (
    DEFAULT_CONVERTER,
    DatetimeFormat,
    JsonLibrary,
    ModelConverter,
    configure_converter,
    make_converter,
)
from ._errors import ErrorDetails, ValidationError
from ._models import (
    NotebookQuota,
    Quota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenType,
    TokenUserInfo,
)

if TYPE_CHECKING:
    from ._schema import json_schema

__version__ = "0.1.0"

__all__ = [
    "DatetimeFormat",
    "ErrorDetails",
    "JsonLibrary",
    "ModelConverter",
    "NotebookQuota",
    "Quota",
    "Token",
    "TokenBase",
    "TokenData",
    "TokenGroup",
    "TokenInfo",
    "TokenType",
    "TokenUserInfo",
    "ValidationError",
    "__version__",
    "configure_converter",
    "converter",
    "dumps",
    "json_schema",
    "loads",
    "make_converter",
    "structure",
    "unstructure",
]

T = TypeVar("T")

converter = DEFAULT_CONVERTER
"""The default converter: ISO 8601 output, unknown keys ignored."""


def structure(data: object, cls: type[T]) -> T:
    """Build an instance of a model (or a list of them) from data.

    Parameters
    ----------
    data
        Parsed JSON, such as a dict.
    cls
        The type to build, such as ``TokenBase`` or ``list[TokenBase]``.

    Returns
    -------
    T
        The instance.

    Raises
    ------
    ValidationError
        The data is not valid; every problem is named with its location.
    """
    return converter.structure(data, cls)


def unstructure(
    obj: object, *, exclude_none: bool = False, exclude_defaults: bool = False
) -> Any:
    """Turn a model instance (or a list of them) into JSON-ready data.

    Parameters
    ----------
    obj
        The instance.
    exclude_none
        Leave out fields that hold `None`, at every depth, as Pydantic's
        ``model_dump(exclude_none=True)``.
    exclude_defaults
        Leave out fields that hold their default, at every depth, as
        Pydantic's ``model_dump(exclude_defaults=True)`` (unlike Pydantic,
        which compares it with one made anew, a default made by a factory,
        such as ``created``, is always kept).

    Returns
    -------
    object
        Dicts, lists, strings, numbers and `None`; datetimes as ISO 8601
        strings in UTC, but for the fields that the service writes as
        whole seconds since the epoch, written so (`json_schema` in its
        ``"serialization"`` mode tells which).
    """
    return converter.unstructure(
        obj, exclude_none=exclude_none, exclude_defaults=exclude_defaults
    )


def loads(data: str | bytes | bytearray, cls: type[T]) -> T:
    """Parse JSON text into an instance of a model (or a list of them).

    Parameters
    ----------
    data
        JSON text.
    cls
        The type to build.

    Returns
    -------
    T
        The instance.

    Raises
    ------
    ValidationError
        The text is not JSON or the data is not valid.
    """
    return converter.loads(data, cls)


def dumps(
    obj: object, *, exclude_none: bool = False, exclude_defaults: bool = False
) -> str:
    """Write a model instance (or a list of them) as compact JSON text.

    Parameters
    ----------
    obj
        The instance.
    exclude_none
        Leave out fields that hold `None` (see `unstructure`): what the
        service's token-info and user-info routes write.
    exclude_defaults
        Leave out fields that hold their default (see `unstructure`):
        what the service's users routes write.

    Returns
    -------
    str
        The JSON text, as Pydantic's ``model_dump_json()`` writes it.
    """
    return converter.dumps(
        obj, exclude_none=exclude_none, exclude_defaults=exclude_defaults
    )


if not TYPE_CHECKING:  # type checkers see the import above, and no more

    def __getattr__(name: str) -> Any:
        """Import `json_schema` when first asked for (PEP 562).

        Its module is needed by few programs: importing the package does
        not pay for it.
        """
        if name == "json_schema":
            from ._schema import json_schema  # noqa: PLC0415 (when asked for)

            return json_schema
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg, name=name, obj=sys.modules[__name__])

    def __dir__() -> list[str]:
        """List the package's names, `json_schema` among them."""
        return sorted({*globals(), "json_schema"})
