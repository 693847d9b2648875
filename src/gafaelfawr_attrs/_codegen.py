"""The one place where generated functions are compiled, and built once.

Every generated function gets a file name of its own, and its source is
registered with `linecache`: tracebacks through it show the generated
lines, and ``inspect.getsource`` returns its source, as for the functions
that attrs and cattrs generate.

Everything the package builds lazily (generated functions, msgspec types
and decoders, compiled grammars) is built through `built_once`, under one
lock: threads using a model for the first time at the same moment get the
same objects, built by one of them, and never see one half built.
"""

from __future__ import annotations

import functools
import itertools
import linecache
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any, ParamSpec, TypeVar

__all__ = ["built_once", "compile_function", "indented"]

P = ParamSpec("P")
R = TypeVar("R")

_BUILDING = threading.RLock()
"""Held while anything lazily built is being built (reentrant: builders
call one another, for nested models)."""

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


def built_once(build: Callable[P, R]) -> Callable[P, R]:
    """Cache a builder's results, each built once even under threads.

    A result already built is returned without locking; otherwise the
    builder runs under the package's building lock, so that two threads
    never build the same thing (msgspec, for one, crashes when decoders of
    a new type are made while another thread decodes with one).

    Parameters
    ----------
    build
        A function of hashable arguments, called at most once for each.

    Returns
    -------
    callable
        The cached builder.
    """
    built: dict[Hashable, R] = {}

    @functools.wraps(build)
    def build_once(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            return built[key]
        except KeyError:
            pass
        with _BUILDING:
            if key not in built:
                built[key] = build(*args, **kwargs)
            return built[key]

    return build_once
