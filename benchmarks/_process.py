"""Whole-process measurements: import time, memory, installed size."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

__all__ = [
    "import_profile",
    "import_seconds",
    "installed_bytes",
    "memory_per_instance",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_ENVIRONMENT = {
    name: value
    for name, value in os.environ.items()
    if name != "PYTHONDONTWRITEBYTECODE"
}
"""The environment of the measured interpreters: bytecode is written, so
that a first, untimed import caches it even where the caller's
environment says not to (as some containers do)."""


def _run(code: str) -> float:
    """Run Python code in a fresh interpreter and read the number it prints."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        cwd=PROJECT_ROOT,
        env=_ENVIRONMENT,
        text=True,
    )
    return float(result.stdout.strip())


def import_seconds(modules: dict[str, str], rounds: int) -> dict[str, float]:
    """Return the median time to import each module in a fresh interpreter.

    Parameters
    ----------
    modules
        Module to import, by implementation name.
    rounds
        Fresh interpreters per module, alternated between the modules.

    Returns
    -------
    dict
        Median seconds by implementation name. Bytecode is compiled by a
        first, untimed import, so no side pays for it.
    """
    template = (
        "import time; start = time.perf_counter(); import {module};"
        " print(time.perf_counter() - start)"
    )
    for module in modules.values():
        _run(template.format(module=module))
    times: dict[str, list[float]] = {name: [] for name in modules}
    for _ in range(rounds):
        for name, module in modules.items():
            times[name].append(_run(template.format(module=module)))
    return {name: statistics.median(values) for name, values in times.items()}


def import_profile(
    module: str, watched: tuple[str, ...], rounds: int
) -> dict[str, float]:
    """Return where a fresh interpreter spends the time to import a module.

    Parameters
    ----------
    module
        The module to import.
    watched
        Packages whose whole import (with what they import) to report,
        where they are first imported.
    rounds
        Fresh interpreters to run; medians are reported.

    Returns
    -------
    dict
        Median milliseconds by watched package, plus ``module`` itself
        counted without anything it imports (its own code).
    """
    samples: dict[str, list[float]] = {name: [] for name in (*watched, module)}
    for _ in range(rounds):
        result = subprocess.run(  # noqa: S603 (our own interpreter and code)
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            check=True,
            cwd=PROJECT_ROOT,
            env=_ENVIRONMENT,
            text=True,
        )
        seen: set[str] = set()
        own = 0.0
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            parts = line.removeprefix("import time:").split("|")
            if not parts[0].strip().isdigit():
                continue  # the header line
            own_us, total_us, name = (
                int(parts[0]),
                int(parts[1]),
                parts[2].strip(),
            )
            if name == module or name.startswith(f"{module}."):
                own += own_us / 1000
            elif name in watched and name not in seen:
                seen.add(name)
                samples[name].append(total_us / 1000)
        samples[module].append(own)
    return {
        name: statistics.median(values)
        for name, values in samples.items()
        if values
    }


def memory_per_instance(
    modules: dict[str, str], count: int
) -> dict[str, float]:
    """Return the bytes allocated per instance built from epoch dicts.

    Parameters
    ----------
    modules
        Benchmark module (``benchmarks.bench_*``) by implementation name.
    count
        Instances built under tracemalloc, each from its own input.

    Returns
    -------
    dict
        Bytes per instance by implementation name: everything the
        implementation allocates for an instance (the instance, its held
        values and any bookkeeping), not the list holding them.
    """
    template = f"""
import sys, tracemalloc
import {{module}} as impl
from benchmarks._inputs import epoch_record
records = [epoch_record(index) for index in range({count})]
impl.from_dict(records[0])
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
instances = [impl.from_dict(record) for record in records]
after = tracemalloc.get_traced_memory()[0]
print((after - before - sys.getsizeof(instances)) / {count})
"""
    return {
        name: _run(template.format(module=module))
        for name, module in modules.items()
    }


def _closure(distribution: str) -> set[str]:
    """Return a distribution and all it requires at run time, installed."""
    seen: set[str] = set()
    pending = [distribution]
    while pending:
        name = pending.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(
                {"extra": ""}
            ):
                pending.append(requirement.name)
    return seen


def installed_bytes(distribution: str, *, include_self: bool) -> int:
    """Return the installed size of a distribution's runtime dependencies.

    Parameters
    ----------
    distribution
        The distribution whose dependencies are measured.
    include_self
        Whether to count the distribution's own files too.

    Returns
    -------
    int
        Bytes of the files that the installed distributions record.
    """
    names = _closure(distribution)
    if not include_self:
        names.discard(distribution.lower())
    total = 0
    for name in names:
        for file in metadata.distribution(name).files or []:
            path = Path(str(file.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total
