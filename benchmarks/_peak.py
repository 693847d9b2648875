"""Print how far loading TokenData records raises a process's peak memory.

Run by the benchmarks in a fresh interpreter, one per implementation and
input: ``python -m benchmarks._peak benchmarks.bench_attrs PATH`` reads a
JSON array of TokenData records from ``PATH``, loads it with the module's
``token_data_from_json_list`` and prints the growth of the peak resident
size, in bytes.
"""

from __future__ import annotations

import gc
import importlib
import resource
import sys
from pathlib import Path

from ._inputs import many_json, token_data_record

_STATUS = Path("/proc/self/status")

_MAXRSS_BYTES = 1 if sys.platform == "darwin" else 1024
"""Bytes in the unit of ``ru_maxrss``: bytes on macOS, KiB elsewhere."""


def peak_resident_bytes() -> int:
    """Return the peak resident size of the program this process runs.

    Returns
    -------
    int
        On Linux, ``VmHWM`` of ``/proc/self/status``: the high-water mark
        of this program's memory, started afresh when it was executed.
        ``ru_maxrss`` would not do there, as Linux carries it over from the
        process that spawned this one, here the benchmark runner, which is
        larger than a small load. Elsewhere, ``ru_maxrss``.
    """
    if not _STATUS.exists():
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return maxrss * _MAXRSS_BYTES
    for line in _STATUS.read_text().splitlines():
        if line.startswith("VmHWM:"):
            kibibytes = line.split()[1]
            return int(kibibytes) * 1024
    msg = f"no VmHWM in {_STATUS}"
    raise RuntimeError(msg)


def load_growth(module_name: str, path: Path) -> int:
    """Return the growth of the peak resident size while loading records.

    Parameters
    ----------
    module_name
        The benchmark module whose ``token_data_from_json_list`` loads.
    path
        File of the JSON array of TokenData records.

    Returns
    -------
    int
        Bytes: the peak after loading less the peak before, the records
        built and any memory used on the way. The baseline is
        taken after the imports, after a one-record warm-up (which builds
        any code made on first use) and after reading the text in one
        piece, so nothing large was built and freed before it.
    """
    load = importlib.import_module(module_name).token_data_from_json_list
    load(many_json(token_data_record, 1))
    text = path.read_bytes()
    gc.collect()
    before = peak_resident_bytes()
    load(text)
    return peak_resident_bytes() - before


if __name__ == "__main__":
    print(load_growth(sys.argv[1], Path(sys.argv[2])))
