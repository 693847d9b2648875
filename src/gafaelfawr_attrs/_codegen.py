"""The one place where generated functions are compiled, and built once.

Every generated source gets a file name naming the function and the class
it serves, and is registered with `linecache`: tracebacks through it show
the generated lines, and ``inspect.getsource`` returns its source, as for
the functions that attrs and cattrs generate. A source is compiled once:
every converter generating it shares its code.

Each hook the package makes for a converter is a method of what it was
made for (`Made`), as cattrs' generated functions carry their
``overrides``: the package tells its own hooks by that (`made`).

Everything the package builds lazily (generated functions, msgspec types
and decoders, compiled grammars) is built through `built_once`, under one
lock: threads using a model for the first time at the same moment get the
same objects, built by one of them, and never see one half built.
"""

from __future__ import annotations

import functools
import linecache
import threading
from collections.abc import Callable, Hashable, Iterable
from types import CodeType, MethodType, ModuleType
from typing import Any, Final, ParamSpec, TypeVar

__all__ = [
    "Made",
    "built_once",
    "compile_function",
    "indented",
    "is_generated",
    "made",
]

P = ParamSpec("P")
R = TypeVar("R")

_BUILDING = threading.RLock()
"""Held while anything lazily built is being built (reentrant: builders
call one another, for nested models)."""

_GENERATED: Final = "<gafaelfawr_attrs generated "
"""How the file name of every function the package generates begins."""

_COMPILED: dict[tuple[str, str], tuple[str, CodeType]] = {}
"""Each generated source compiled so far, by its name and text, with its
file name: converters that generate the same source share its code and
its one `linecache` entry, so that making converters grows neither."""

_NAMES_TAKEN: dict[str, int] = {}
"""How many distinct sources have each file name (each after the first
is named with a number)."""

_COMPILING = threading.Lock()
"""Held while a source is compiled and named."""


def compile_function(
    name: str,
    lines: Iterable[str],
    namespace: dict[str, Any],
    owner: type | ModuleType,
) -> Callable[..., Any]:
    """Compile the source of one function and return the function.

    Parameters
    ----------
    name
        The function's name, as its source defines it.
    lines
        The function's source, line by line.
    namespace
        Its globals: the helpers and values its source refers to.
    owner
        The class it serves, named in its file name, as attrs and cattrs
        name theirs: ``<gafaelfawr_attrs generated NAME MODULE.QUALNAME>``
        (with ``-2``, ``-3``... for other sources of the same name); or
        the module whose function it is (``MODULE``).

    Returns
    -------
    callable
        The function. ``inspect.getsource`` gives its source.
    """
    source = "\n".join(lines) + "\n"
    if isinstance(owner, ModuleType):
        module, qualname = owner.__name__, name
        serves = module
    else:
        module, qualname = owner.__module__, f"{owner.__qualname__}.{name}"
        serves = f"{module}.{owner.__qualname__}"
    base = f"{_GENERATED}{name} {serves}"
    with _COMPILING:
        compiled = _COMPILED.get((base, source))
        if compiled is None:
            taken = _NAMES_TAKEN.get(base, 0) + 1
            _NAMES_TAKEN[base] = taken
            filename = f"{base}>" if taken == 1 else f"{base}-{taken}>"
            compiled = filename, compile(source, filename, "exec")
            _COMPILED[base, source] = compiled
            linecache.cache[filename] = (
                len(source),
                None,
                source.splitlines(keepends=True),
                filename,
            )
    exec(compiled[1], namespace)  # noqa: S102 (source built by this package)
    function: Callable[..., Any] = namespace[name]
    # Named as attrs names the methods it makes.
    function.__module__ = module
    function.__qualname__ = qualname
    return function


def is_generated(code: CodeType, name: str) -> bool:
    """Tell whether code is of a function the package generated.

    Parameters
    ----------
    code
        A code object (a frame's).
    name
        The start of the generated function's name, such as
        ``"structure_"``.

    Returns
    -------
    bool
        Whether `compile_function` compiled it, for a name so starting.
    """
    return code.co_filename.startswith(_GENERATED + name)


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


class Made:
    """What the package made one of a converter's hooks for.

    The hook is a method of it (`hook`): a user's wrapper of the hook
    (``functools.wraps`` copies a function's attributes, not the object
    a method is bound to), or any other hook, is never taken for the
    package's own (`made`).

    Parameters
    ----------
    made_for
        The type the hook reads or writes.
    option
        The converter's option that shaped it: ``forbid_extra_keys`` for a
        structure hook, ``datetime_format`` for an unstructure hook.
    """

    def __init__(self, made_for: object, option: object) -> None:
        self.made_for = made_for
        self.option = option

    def hook(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Return a function, whose first parameter takes this, as a hook.

        Parameters
        ----------
        function
            A function of this object and the hook's own arguments.

        Returns
        -------
        callable
            The function bound to this object: a method, called as the
            hook is (with no more cost than a function).
        """
        return MethodType(function, self)


def made(hook: object, made_for: object) -> Made | None:
    """Return what the package made a hook for, if it made it for a type.

    Parameters
    ----------
    hook
        A converter's hook.
    made_for
        The type the converter gave the hook for.

    Returns
    -------
    Made or None
        `None` for a hook the package did not make for that type: a
        user's, or a wrapper of the package's.
    """
    owner = getattr(hook, "__self__", None)
    if isinstance(owner, Made) and owner.made_for == made_for:
        return owner
    return None
