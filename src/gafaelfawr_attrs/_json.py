"""JSON text: msgspec when installed (the ``fast`` extra), else the stdlib.

Both backends read the same documents and write the same text (see
`_json_stdlib` and `_json_msgspec`). Neither is built, nor its library
imported, until a converter first reads or writes text with it: whether
msgspec is installed is found without importing it, so that importing the
package does not pay for a library that a process may never use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Literal, get_args

from ._codegen import built_once

__all__ = [
    "UNREAD",
    "JsonBackend",
    "JsonLibrary",
    "TypedLoaderFactory",
    "TypedLoaders",
    "backend",
    "check_option",
    "library_name",
]

TypedLoaders = tuple[Callable[[Any], Any], Callable[[Any], Any]]
"""Functions reading JSON text into a model, and into a list of them (or
`UNREAD`)."""

TypedLoaderFactory = Callable[..., TypedLoaders]
"""Makes the typed loaders of a model class (``forbid_extra_keys`` given
by keyword)."""


class JsonBackend:
    """A JSON library, wrapped to read and write as this package needs.

    Parameters
    ----------
    name
        The library's name.
    read
        Parses JSON text; raises `ValueError` (or `RecursionError`) if it
        is invalid.
    write
        Writes compact JSON text, non-ASCII characters kept.
    writes_datetimes
        Whether ``write`` writes UTC datetimes, enums and tuples itself,
        exactly as `format_iso` writes datetimes.
    make_typed_loaders
        Makes functions reading JSON straight into a model and into a list
        of models (see `_msgspec_gen`), for libraries that decode typed
        documents.
    """

    __slots__ = (
        "make_typed_loaders",
        "name",
        "read",
        "write",
        "writes_datetimes",
    )

    def __init__(
        self,
        name: str,
        read: Callable[[str | bytes | bytearray], Any],
        write: Callable[[object], str],
        *,
        writes_datetimes: bool,
        make_typed_loaders: TypedLoaderFactory | None = None,
    ) -> None:
        self.name = name
        self.read = read
        self.write = write
        self.writes_datetimes = writes_datetimes
        self.make_typed_loaders = make_typed_loaders


UNREAD: Final[Any] = object()
"""What a typed loader returns for a text the general path must read."""

JsonLibrary = Literal["auto", "json", "msgspec"]
"""Which JSON library a converter uses for text."""

_OPTIONS: Final = get_args(JsonLibrary)
"""The values of a converter's ``json_library`` option."""


def check_option(option: str) -> None:
    """Refuse a ``json_library`` option that no backend answers.

    Parameters
    ----------
    option
        ``"auto"``, ``"json"`` or ``"msgspec"``.

    Raises
    ------
    ValueError
        An unknown option, or ``"msgspec"`` when it is not installed.
    """
    if option not in _OPTIONS:
        *others, last = map(repr, _OPTIONS)
        named = f"{', '.join(others)} or {last}"
        msg = f"json_library must be {named}, not {option!r}"
        raise ValueError(msg)
    if option == "msgspec" and not _msgspec_installed():
        msg = "msgspec is not installed (the fast extra installs it)"
        raise ValueError(msg)


def library_name(option: str) -> str:
    """Return the library that a valid ``json_library`` option names.

    Parameters
    ----------
    option
        An option that `check_option` accepts.

    Returns
    -------
    str
        ``"msgspec"`` or ``"json"``; ``"auto"`` names msgspec when it is
        installed.
    """
    if option == "auto":
        return "msgspec" if _msgspec_installed() else "json"
    return option


@built_once
def _msgspec_installed() -> bool:
    """Tell whether msgspec can be imported, without importing it."""
    from importlib.util import find_spec  # noqa: PLC0415 (rarely needed)

    return find_spec("msgspec") is not None


@built_once
def backend(name: str) -> JsonBackend:
    """Return the backend of a library, built the first time it is asked.

    Parameters
    ----------
    name
        ``"json"`` or ``"msgspec"``, as `library_name` gives.

    Returns
    -------
    JsonBackend
        The backend: the same object for every converter, built once (see
        `built_once`).
    """
    # Imported here: the libraries load only once a converter uses one.
    if name == "msgspec":
        from ._json_msgspec import MSGSPEC  # noqa: PLC0415

        return MSGSPEC
    from ._json_stdlib import STDLIB  # noqa: PLC0415

    return STDLIB
