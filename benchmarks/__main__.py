"""Run the benchmarks.

``python -m benchmarks [--quick | --million] [--json PATH] [--readme PATH]``
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import statistics
import sys
import sysconfig
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from gafaelfawr_attrs import converter

from . import _inputs, _process, bench_attrs, bench_pydantic
from ._measure import Result, progress, time_side_by_side
from ._peers import PEERS, peer_notes, peers_table, run_peers

OURS = bench_attrs
REFERENCE = bench_pydantic
IMPLEMENTATIONS = (OURS, REFERENCE)

IMPORT_TARGET = 0.5
"""Most import time allowed, as a share of Pydantic's."""

IMPORT_WATCHED = ("typing", "attrs", "cattrs", "msgspec", "json", "re")
"""Dependencies whose import time the profile of this package's shows."""

COMMAND = "gafaelfawr-attrs"
"""This package's console script, whose start-up is timed."""

MEMORY_TARGET = 0.25
"""Most memory per instance allowed, as a share of Pydantic's."""

README_START = "<!-- benchmark results: start -->"
README_END = "<!-- benchmark results: end -->"


@dataclass(frozen=True)
class Operation:
    """One timed operation: its name, the call, and its input."""

    key: str
    title: str
    function: str
    make_input: Callable[[ModuleType], Any]
    target: float | None
    ours_suffix: str = ""
    """Suffix of this package's function, for a variant of the operation."""
    most_rounds: int | None = None
    """Most rounds to time, for an operation whose one call takes seconds."""

    def function_of(self, impl: ModuleType) -> Callable[[Any], Any]:
        """Return the implementation's function for this operation."""
        suffix = self.ours_suffix if impl is OURS else ""
        function: Callable[[Any], Any] = getattr(impl, self.function + suffix)
        return function


def _object_of(impl: ModuleType) -> Any:
    return impl.from_dict(_inputs.iso_record())


def _values_of(impl: ModuleType) -> Any:
    return impl.python_values(
        "someuser", list(_inputs.SCOPES), _inputs.CREATED, _inputs.EXPIRES
    )


def _form_input(form: str, _: ModuleType) -> dict[str, Any]:
    return _inputs.form_record(form)


def _json_input(make: Callable[[], dict[str, Any]], _: ModuleType) -> bytes:
    return json.dumps(make()).encode()


def _token_data_json(count: int, _: ModuleType) -> bytes:
    return _inputs.many_json(_inputs.token_data_record, count)


RECORD_COUNT = 10_000
"""Records in the JSON arrays of rows (8) and (12)."""

ARRAY_COUNTS = (1_000, 10_000, 100_000)
"""Records in the JSON arrays of TokenData of row (11), for time and memory."""

QUICK_ARRAY_COUNTS = (1_000, 10_000)
"""The same, in a quick run."""

MILLION = 1_000_000
"""The largest array of row (11), only with ``--million``."""

LARGE_ARRAY_ROUNDS = 5
"""Most rounds for arrays above `RECORD_COUNT`: one call takes seconds."""


def _token_data_arrays(counts: tuple[int, ...]) -> list[Operation]:
    """Return row (11), JSON arrays of TokenData records, once per count."""
    return [
        Operation(
            key=f"token_data_json_list_{count}",
            title=f"(11) JSON array of {count:,} TokenData -> list",
            function="token_data_from_json_list",
            make_input=functools.partial(_token_data_json, count),
            target=0.85,
            most_rounds=None if count <= RECORD_COUNT else LARGE_ARRAY_ROUNDS,
        )
        for count in counts
    ]


_ROWS_BEFORE_ARRAYS = (
    Operation(
        key="epoch_dict",
        title="(1) dict, epoch -> object",
        function="from_dict",
        make_input=lambda _: _inputs.epoch_record(),
        target=1.0,
    ),
    Operation(
        key="iso_dict",
        title="(2) dict, ISO -> object",
        function="from_dict",
        make_input=lambda _: _inputs.iso_record(),
        target=1.0,
    ),
    Operation(
        key="json",
        title="(3) JSON bytes -> object",
        function="from_json",
        make_input=lambda _: json.dumps(_inputs.iso_record()).encode(),
        target=0.9,
    ),
    Operation(
        key="to_dict",
        title="(4) object -> JSON-ready dict",
        function="to_dict",
        make_input=_object_of,
        target=1.0,
    ),
    Operation(
        key="to_json",
        title="(5) object -> JSON text",
        function="to_json",
        make_input=_object_of,
        target=1.5,
    ),
    Operation(
        key="construct",
        title="(6) construction from values",
        function="construct",
        make_input=_values_of,
        target=1.0,
    ),
    Operation(
        key="invalid",
        title="(7) invalid input -> error",
        function="error_of",
        make_input=lambda _: _inputs.invalid_record(),
        target=None,
    ),
    Operation(
        key="json_list",
        title=f"(8) JSON array of {RECORD_COUNT:,} -> list",
        function="from_json_list",
        make_input=lambda _: _inputs.records_json(RECORD_COUNT),
        target=0.85,
    ),
    Operation(
        key="token_data_json",
        title="(9) TokenData JSON (Redis record) -> object",
        function="token_data_from_json",
        make_input=lambda _: json.dumps(_inputs.token_data_record()).encode(),
        target=0.9,
    ),
    Operation(
        key="token_info_json",
        title="(10) TokenInfo JSON (API response) -> object",
        function="token_info_from_json",
        make_input=lambda _: json.dumps(_inputs.token_info_record()).encode(),
        target=0.9,
    ),
)
"""Rows (1) to (10)."""

_CURRENT_RECORDS = (
    ("token_data", "TokenData", _inputs.current_token_data_record),
    ("token_info", "TokenInfo", _inputs.current_token_info_record),
    ("user_info", "UserInfo", _inputs.user_info_record),
)
"""The current family's models: each model, and its record as written."""


def _current_rows(first: int) -> list[Operation]:
    """Return the current family's rows, numbered from ``first``.

    Each model from a dict, from JSON and from values, against the
    reproduction of the current models.
    """
    rows: list[Operation] = []
    for name, model, make in _CURRENT_RECORDS:
        ways = (
            ("dict", "dict -> object", f"current_{name}_from_dict", 1.0),
            ("json", "JSON bytes -> object", f"current_{name}_from_json", 0.9),
            (
                "construct",
                "construction from values",
                f"construct_current_{name}",
                1.0,
            ),
        )
        for way, title, function, target in ways:
            make_input: Callable[[ModuleType], Any]
            if way == "json":
                make_input = functools.partial(_json_input, make)
            elif way == "construct":
                make_input = functools.partial(_current_values, name, make)
            else:
                make_input = functools.partial(_made, make)
            rows.append(
                Operation(
                    key=f"current_{name}_{way}",
                    title=f"({first + len(rows)}) current {model} {title}",
                    function=function,
                    make_input=make_input,
                    target=target,
                )
            )
    return rows


def _made(make: Callable[[], dict[str, Any]], _: ModuleType) -> dict[str, Any]:
    return make()


def _current_values(
    name: str, make: Callable[[], dict[str, Any]], impl: ModuleType
) -> dict[str, Any]:
    values: dict[str, Any] = getattr(_inputs, f"current_{name}_values")(
        impl.current, make()
    )
    return values


_ROWS_AFTER_ARRAYS = (
    Operation(
        key="token_info_json_list",
        title=f"(12) JSON array of {RECORD_COUNT:,} TokenInfo -> list",
        function="token_info_from_json_list",
        make_input=lambda _: _inputs.many_json(
            _inputs.token_info_record, RECORD_COUNT
        ),
        target=0.85,
    ),
    *(
        Operation(
            key=f"form_{number}",
            title=f"({number}) dict, {form} -> object",
            function="from_dict",
            make_input=functools.partial(_form_input, form),
            # Numeric strings: parity, decided (a rare form; no pure-Python
            # path reads one as cheaply as Pydantic's core does).
            target=0.9 if form == "numeric string" else 1.0,
        )
        for number, form in enumerate(_inputs.DATETIME_FORMS, 13)
    ),
    *(
        Operation(
            key=f"json_{key}",
            title=f"({number}) JSON bytes, {name} -> object",
            function="from_json",
            make_input=functools.partial(_json_input, make),
            target=0.9,
        )
        for number, (key, name, make) in enumerate(
            [
                ("epoch", "epoch seconds", _inputs.epoch_record),
                (
                    "isoformat",
                    "+00:00 (isoformat)",
                    lambda: _inputs.form_record("+00:00 (isoformat)"),
                ),
                (
                    "fraction",
                    "fraction",
                    lambda: _inputs.form_record("fraction"),
                ),
            ],
            13 + len(_inputs.DATETIME_FORMS),
        )
    ),
    Operation(
        key="invalid_one",
        title="(25) invalid input, one bad field -> error",
        function="error_of",
        make_input=lambda _: _inputs.one_invalid_record(),
        target=0.6,
    ),
    Operation(
        key="invalid_all",
        title="(26) invalid input, every field bad -> error",
        function="error_of",
        make_input=lambda _: _inputs.all_invalid_record(),
        target=0.6,
    ),
    Operation(
        key="token_data_dict",
        title="(27) TokenData dict -> object",
        function="token_data_from_dict",
        make_input=lambda _: _inputs.token_data_record(),
        target=1.0,
    ),
    Operation(
        key="token_info_dict",
        title="(28) TokenInfo dict -> object",
        function="token_info_from_dict",
        make_input=lambda _: _inputs.token_info_record(),
        target=1.0,
    ),
    Operation(
        key="token_data_construct",
        title="(29) TokenData construction from values",
        function="construct_token_data",
        make_input=lambda impl: impl.token_data_values(
            _inputs.token_data_record()
        ),
        target=1.0,
    ),
    Operation(
        key="token_info_construct",
        title="(30) TokenInfo construction from values",
        function="construct_token_info",
        make_input=lambda impl: impl.token_info_values(
            _inputs.token_info_record()
        ),
        target=1.0,
    ),
    *(
        Operation(
            key=f"invalid_{number}",
            title=f"({number}) invalid input, {kind} -> error",
            function="error_of",
            make_input=functools.partial(
                lambda kind, _: _inputs.bad_value_record(kind), kind
            ),
            target=0.6,
        )
        for number, kind in enumerate(_inputs.BAD_VALUES, 31)
    ),
    *_current_rows(38),
    Operation(
        key="invalid_nested",
        title="(47) invalid input, a bad value in a nested model -> error",
        function="token_data_error_of",
        make_input=lambda _: _inputs.nested_invalid_record(),
        target=0.6,
    ),
    # The same kind of bad value read from JSON text, and caught without
    # its details read: reported, with no target.
    Operation(
        key="invalid_json",
        title="(48) invalid JSON bytes, bad datetime text -> error",
        function="json_error_of",
        make_input=lambda _: json.dumps(
            _inputs.bad_value_record("bad datetime text")
        ).encode(),
        target=None,
    ),
    Operation(
        key="invalid_caught",
        title=(
            "(49) invalid input, bad datetime text -> error caught,"
            " details unread"
        ),
        function="caught_error_of",
        make_input=lambda _: _inputs.bad_value_record("bad datetime text"),
        target=None,
    ),
    Operation(
        key="json_stdlib",
        title="(3) without the fast extra",
        function="from_json",
        make_input=lambda _: json.dumps(_inputs.iso_record()).encode(),
        target=None,
        ours_suffix="_stdlib",
    ),
    Operation(
        key="to_json_stdlib",
        title="(5) without the fast extra",
        function="to_json",
        make_input=_object_of,
        target=None,
        ours_suffix="_stdlib",
    ),
    Operation(
        key="json_list_stdlib",
        title="(8) without the fast extra",
        function="from_json_list",
        make_input=lambda _: _inputs.records_json(RECORD_COUNT),
        target=None,
        ours_suffix="_stdlib",
    ),
)
"""Rows (12) on."""


def operations(array_counts: tuple[int, ...]) -> tuple[Operation, ...]:
    """Return the timed operations, in the table's order.

    Parameters
    ----------
    array_counts
        Sizes of the JSON arrays of TokenData records of row (11).

    Returns
    -------
    tuple of Operation
        Every operation, each a row of the table.
    """
    return (
        *_ROWS_BEFORE_ARRAYS,
        *_token_data_arrays(array_counts),
        *_ROWS_AFTER_ARRAYS,
    )


_ERROR_TYPE_ALIASES = {"datetime_from_date_parsing": "datetime_parsing"}
"""Pydantic's name of an error type where this package's differs, as the
README's table of differences says: compared as the same."""


def _check_same_results(operation: Operation, inputs: dict[str, Any]) -> None:
    """Fail unless every implementation gives the same result."""
    results = {}
    for impl in IMPLEMENTATIONS:
        result = operation.function_of(impl)(inputs[impl.NAME])
        if operation.function in {"from_dict", "from_json", "construct"}:
            result = impl.canonical(result)
        elif operation.function == "from_json_list":
            result = [impl.canonical(item) for item in result]
        elif operation.function.endswith("error_of"):
            result = sorted(
                (e["loc"], _ERROR_TYPE_ALIASES.get(e["type"], e["type"]))
                for e in result
            )
        elif operation.function.startswith(
            ("token_", "construct_token_", "current_", "construct_current_")
        ):
            items = result if isinstance(result, list) else [result]
            result = [impl.record_json(item) for item in items]
        results[impl.NAME] = result
    first, *others = results.values()
    for other in others:
        if other != first:
            msg = f"{operation.title}: implementations disagree: {results}"
            raise SystemExit(msg)


def _reference_ratios(result: Result) -> list[float]:
    """Return Pydantic's time over this package's, round by round."""
    return result.ratios(REFERENCE.NAME, OURS.NAME)


def run_operations(
    array_counts: tuple[int, ...], *, rounds: int, budget: float
) -> list[Result]:
    """Time every operation, implementations interleaved round by round.

    Parameters
    ----------
    array_counts
        Sizes of the JSON arrays of TokenData records of row (11).
    rounds
        Measurements per implementation and operation.
    budget
        Seconds that one measurement lasts, roughly.

    Returns
    -------
    list of Result
        Per-call seconds of each round, by operation and implementation.
    """
    timed = operations(array_counts)
    results = []
    for number, operation in enumerate(timed, 1):
        inputs = {
            impl.NAME: operation.make_input(impl) for impl in IMPLEMENTATIONS
        }
        _check_same_results(operation, inputs)
        result = Result(operation.key, operation.title, operation.target)
        result.seconds = time_side_by_side(
            f"[{number}/{len(timed)}] {operation.title}",
            {
                impl.NAME: operation.function_of(impl)
                for impl in IMPLEMENTATIONS
            },
            inputs,
            rounds=min(rounds, operation.most_rounds or rounds),
            budget=budget,
        )
        results.append(result)
    return results


def _installed_command(name: str) -> str:
    """Return the path of a console script installed for this interpreter."""
    path = shutil.which(name, path=sysconfig.get_path("scripts"))
    if path is None:
        msg = f"{name} is not installed beside {sys.executable}: pip install ."
        raise SystemExit(msg)
    return path


def _array_peaks(counts: tuple[int, ...]) -> dict[int, dict[str, float]]:
    """Measure the peak memory of loading each JSON array of TokenData."""
    peaks = {}
    for count in counts:
        progress(f"whole-process: peak memory, {count:,} TokenData")
        text = _inputs.many_json(_inputs.token_data_record, count)
        peaks[count] = _process.token_data_peak_bytes(
            {impl.NAME: impl.__name__ for impl in IMPLEMENTATIONS}, text
        )
    return peaks


def run_process(
    *, quick: bool, array_counts: tuple[int, ...]
) -> dict[str, Any]:
    """Measure import and start-up time, memory and installed size."""
    progress("whole-process: import time")
    modules = {
        OURS.NAME: "gafaelfawr_attrs",
        REFERENCE.NAME: "pydantic_reference",
    }
    imports = _process.import_seconds(modules, rounds=3 if quick else 15)
    profile = _process.import_profile(
        "gafaelfawr_attrs", IMPORT_WATCHED, rounds=3 if quick else 9
    )
    progress("whole-process: command start-up")
    startup = _process.command_seconds(
        {
            OURS.NAME: [_installed_command(COMMAND), "--help"],
            REFERENCE.NAME: [
                sys.executable,
                "-c",
                "import pydantic_reference",
            ],
        },
        rounds=3 if quick else 15,
    )
    progress("whole-process: memory per instance")
    count = 20_000 if quick else 100_000
    memory = _process.memory_per_instance(
        {impl.NAME: impl.__name__ for impl in IMPLEMENTATIONS}, count
    )
    sizes = {
        OURS.NAME: _process.installed_bytes(
            "gafaelfawr-attrs", include_self=False
        ),
        REFERENCE.NAME: _process.installed_bytes(
            "pydantic", include_self=True
        ),
    }
    return {
        "import_seconds": imports,
        "import_profile_ms": profile,
        "command_startup_seconds": startup,
        "memory_instances": count,
        "memory_bytes_per_instance": memory,
        "array_peak_bytes": _array_peaks(array_counts),
        "installed_bytes": sizes,
    }


def environment() -> dict[str, str]:
    """Describe the versions, Python and machine of this run."""
    processor = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                processor = line.split(":", 1)[1].strip()
                break
    python = f"{platform.python_implementation()} {platform.python_version()}"
    machine = (
        f"{platform.machine()}, {processor or 'unknown CPU'},"
        f" {os.cpu_count()} cores, {platform.system()}"
    )
    return {
        "python": python,
        "machine": machine,
        OURS.NAME: OURS.VERSION,
        REFERENCE.NAME: REFERENCE.VERSION,
        "JSON library": converter.json_library,
    }


def _ratio_text(ratios: list[float]) -> tuple[str, str]:
    return (
        f"{statistics.median(ratios):.2f}",
        f"{min(ratios):.2f}-{max(ratios):.2f}",
    )


def _verdict(met: bool) -> str:  # noqa: FBT001 (a yes/no to print)
    return "met" if met else "**not met**"


def _operation_row(result: Result) -> str:
    ours, theirs = OURS.NAME, REFERENCE.NAME
    ratio, spread = _ratio_text(_reference_ratios(result))
    target = "-"
    if result.target is not None:
        met = statistics.median(_reference_ratios(result)) >= result.target
        target = f">= {result.target} {_verdict(met)}"
    return (
        f"| {result.title} | {result.median(ours) * 1e6:,.2f}"
        f" | {result.median(theirs) * 1e6:,.2f} | {ratio} | {spread}"
        f" | {target} |"
    )


def _share_row(
    title: str,
    values: dict[str, float],
    number_format: str,
    target: str = "-",
    of: str = "Pydantic's",
) -> str:
    """Format a whole-process row: both values and this package's share."""
    ours, theirs = values[OURS.NAME], values[REFERENCE.NAME]
    return (
        f"| {title} | {ours:{number_format}} | {theirs:{number_format}}"
        f" | {ours / theirs:.2f} of {of} | - | {target} |"
    )


def _at_most(share: float, target: float) -> str:
    return f"<= {target} {_verdict(share <= target)}"


def _process_rows(process: dict[str, Any]) -> list[str]:
    """Format the whole-process rows: import, start-up, memory, size."""
    ours, theirs = OURS.NAME, REFERENCE.NAME
    imports = process["import_seconds"]
    startup = process["command_startup_seconds"]
    memory = process["memory_bytes_per_instance"]
    sizes = process["installed_bytes"]
    return [
        _share_row(
            "import time, fresh interpreter (ms)",
            {name: seconds * 1e3 for name, seconds in imports.items()},
            ".1f",
            _at_most(imports[ours] / imports[theirs], IMPORT_TARGET),
        ),
        _share_row(
            f"CLI start-up, whole process (ms): `{COMMAND} --help`;"
            " Pydantic has no CLI, its column is"
            ' `python -c "import pydantic_reference"`',
            {name: seconds * 1e3 for name, seconds in startup.items()},
            ".1f",
            of="Pydantic's import",
        ),
        _share_row(
            f"memory per instance (bytes, {process['memory_instances']:,}"
            " instances)",
            memory,
            ",.0f",
            _at_most(memory[ours] / memory[theirs], MEMORY_TARGET),
        ),
        *(
            _share_row(
                f"(11) peak memory, JSON array of {count:,} TokenData -> list"
                " (MB, fresh process)",
                {name: peak / 1e6 for name, peak in peaks.items()},
                ",.1f",
            )
            for count, peaks in process["array_peak_bytes"].items()
        ),
        _share_row(
            "installed size of runtime dependencies (MB)",
            {name: size / 1e6 for name, size in sizes.items()},
            ".2f",
        ),
    ]


def table(results: list[Result], process: dict[str, Any]) -> list[str]:
    """Format the results as a Markdown table."""
    return [
        (
            f"| operation | {OURS.NAME} (µs) | {REFERENCE.NAME} (µs) | ratio"
            " | spread | target |"
        ),
        "|---|---:|---:|---:|---:|---|",
        *(_operation_row(result) for result in results),
        *_process_rows(process),
    ]


def import_table(process: dict[str, Any]) -> list[str]:
    """Format where this package's import time goes."""
    lines = [
        "| imported (with what it imports) | ms |",
        "|---|---:|",
    ]
    for name, milliseconds in process["import_profile_ms"].items():
        label = (
            f"{name}: its own modules only"
            if name == "gafaelfawr_attrs"
            else name
        )
        lines.append(f"| {label} | {milliseconds:.1f} |")
    return lines


def _write_readme(path: Path, text: str) -> None:
    content = path.read_text()
    start = content.index(README_START) + len(README_START)
    end = content.index(README_END)
    path.write_text(content[:start] + "\n" + text + "\n" + content[end:])


def _report(
    about: dict[str, str],
    results: list[Result],
    process: dict[str, Any],
    peers: list[Result],
) -> str:
    """Return the report in Markdown: what the README shows."""
    ratio_note = (
        "Times are medians per call; ratio is Pydantic's time over this"
        " package's (above 1: this package is faster), its spread the"
        " lowest and highest ratio across rounds."
    )
    profile_note = (
        "Where this package's import time goes (`-X importtime`, medians;"
        " dependencies where first imported):"
    )
    peers_note = (
        "**Peers**: the same inputs parsed by libraries one could use"
        " instead, each with the models' fields and types (`created`"
        " required, where the models default it to now), in the same"
        " process, rounds interleaved, after checking that each gives this"
        " package's values. Times are medians per call in µs; in brackets,"
        " the peer's time over this package's (above 1: this package is"
        " faster)."
    )
    checks_note = "What each checks, and what it does not:"
    return "\n".join(
        [
            *(f"- {name}: {value}" for name, value in about.items()),
            "",
            ratio_note,
            "",
            *table(results, process),
            "",
            profile_note,
            "",
            *import_table(process),
            "",
            peers_note,
            "",
            *peers_table(peers),
            "",
            checks_note,
            "",
            *peer_notes(),
        ]
    )


def _payload(
    about: dict[str, str],
    results: list[Result],
    process: dict[str, Any],
    peers: list[Result],
) -> dict[str, Any]:
    """Return the results as JSON values, with every round's times."""
    return {
        "environment": about,
        "operations": [
            {**asdict(result), "ratios": _reference_ratios(result)}
            for result in results
        ],
        "process": process,
        "peers": [
            {
                **asdict(result),
                "ratios": {
                    peer.NAME: result.ratios(peer.NAME, OURS.NAME)
                    for peer in PEERS
                    if peer is not OURS
                },
            }
            for result in peers
        ],
    }


def _array_counts(*, quick: bool, million: bool) -> tuple[int, ...]:
    """Return the sizes of the JSON arrays of TokenData to time and measure."""
    if quick:
        return QUICK_ARRAY_COUNTS
    return (*ARRAY_COUNTS, MILLION) if million else ARRAY_COUNTS


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and report."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time gafaelfawr-attrs against the Pydantic model.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run of a few seconds"
    )
    parser.add_argument(
        "--million",
        action="store_true",
        help=f"also load a JSON array of {MILLION:,} TokenData (minutes)",
    )
    parser.add_argument(
        "--json", type=Path, metavar="PATH", help="also write results as JSON"
    )
    parser.add_argument(
        "--readme",
        type=Path,
        metavar="PATH",
        help="replace the results section of this README",
    )
    args = parser.parse_args(argv)
    if args.readme is not None and args.quick:
        parser.error("--readme needs a full run, not --quick")
    if args.million and args.quick:
        parser.error("--million needs a full run, not --quick")
    # Where the results go, checked before minutes of timing.
    if args.readme is not None:
        try:
            content = args.readme.read_text()
        except OSError as error:
            parser.error(f"--readme: cannot read {args.readme}: {error}")
        if README_START not in content or README_END not in content:
            parser.error(
                f"--readme: {args.readme} has no results section"
                f" ({README_START} ... {README_END})"
            )
    if args.json is not None and not args.json.parent.is_dir():
        parser.error(f"--json: no directory {args.json.parent}")
    array_counts = _array_counts(quick=args.quick, million=args.million)

    about = environment()
    results = run_operations(
        array_counts,
        rounds=3 if args.quick else 21,
        budget=0.005 if args.quick else 0.05,
    )
    peers = run_peers(
        rounds=3 if args.quick else 21,
        budget=0.005 if args.quick else 0.05,
    )
    process = run_process(quick=args.quick, array_counts=array_counts)
    progress("done")
    sys.stderr.write("\n")

    report = _report(about, results, process, peers)
    print(report)
    try:
        if args.json is not None:
            payload = _payload(about, results, process, peers)
            args.json.write_text(json.dumps(payload, indent=2) + "\n")
        if args.readme is not None:
            _write_readme(args.readme, report)
    except OSError as error:
        sys.stderr.write(f"python -m benchmarks: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
