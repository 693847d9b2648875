"""The one place where generated functions are compiled.

Every generated function gets a file name of its own, and its source is
registered with `linecache`: tracebacks through it show the generated
lines, and ``inspect.getsource`` returns its source, as for the functions
that attrs and cattrs generate.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["compile_function", "indented"]

_serial_numbers = itertools.count(1)
"""Makes every generated file name unique (`next` is atomic in CPython)."""


def compile_function(
    name: str, lines: Iterable[str], namespace: dict[str, Any]
) -> Callable[..., Any]:
    """Compile the source of one function and return the function.

    Parameters
    ----------
    name
        The function's name, as its source defines it; also part of its
        file name, ``<gafaelfawr_attrs generated NAME N>``.
    lines
        The function's source, line by line.
    namespace
        Its globals: the helpers and values its source refers to.

    Returns
    -------
    callable
        The function. ``inspect.getsource`` gives its source.
    """
    source = "\n".join(lines) + "\n"
    filename = f"<gafaelfawr_attrs generated {name} {next(_serial_numbers)}>"
    code = compile(source, filename, "exec")
    linecache.cache[filename] = (
        len(source),
        None,
        source.splitlines(keepends=True),
        filename,
    )
    exec(code, namespace)  # noqa: S102 (source built by this package)
    return namespace[name]  # type: ignore[no-any-return]


def indented(lines: Iterable[str], depth: int = 1) -> list[str]:
    """Return source lines indented by four spaces per level.

    Parameters
    ----------
    lines
        Source lines.
    depth
        Levels of indentation to add.

    Returns
    -------
    list of str
        The indented lines.
    """
    prefix = "    " * depth
    return [prefix + line for line in lines]
