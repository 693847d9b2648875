"""The peers table: this package beside the libraries one could use instead.

Each peer is a ``bench_*`` module exporting ``NAME``, ``VERSION``,
``CHECKS`` (what it checks and what it does not, in a line) and the
operations of `PEER_OPERATIONS`. Before timing, every peer must give this
package's values on each input.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import attrs
import msgspec
import pydantic

from . import (
    _inputs,
    bench_attrs,
    bench_cattrs,
    bench_mashumaro,
    bench_msgspec,
    bench_pydantic,
)
from ._measure import Result, time_side_by_side

__all__ = [
    "PEERS",
    "PEER_OPERATIONS",
    "json_values",
    "peer_notes",
    "peers_table",
    "run_peers",
]

PEERS = (
    bench_attrs,
    bench_pydantic,
    bench_msgspec,
    bench_mashumaro,
    bench_cattrs,
)
"""The peers in the table's order, this package first."""


@dataclass(frozen=True)
class PeerOperation:
    """One operation every peer does: its name, function and input."""

    key: str
    title: str
    function: str
    make_input: Callable[[], Any]


PEER_OPERATIONS = (
    PeerOperation(
        key="iso_dict",
        title="TokenBase dict, ISO -> object",
        function="from_dict",
        make_input=_inputs.iso_record,
    ),
    PeerOperation(
        key="json",
        title="TokenBase JSON bytes, ISO -> object",
        function="from_json",
        make_input=lambda: json.dumps(_inputs.iso_record()).encode(),
    ),
    PeerOperation(
        key="token_data_json",
        title="TokenData JSON (Redis record) -> object",
        function="token_data_from_json",
        make_input=lambda: json.dumps(_inputs.token_data_record()).encode(),
    ),
)


def _fields_of(value: object) -> dict[str, Any] | None:
    """Return an instance's fields by name, whatever library made it."""
    if isinstance(value, pydantic.BaseModel):
        return dict(value)
    if isinstance(value, msgspec.Struct):
        return msgspec.structs.asdict(value)
    if attrs.has(type(value)):
        return attrs.asdict(value, recurse=False)  # type: ignore[arg-type]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: getattr(value, field.name)
            for field in dataclasses.fields(value)
        }
    return None


def json_values(value: object) -> object:
    """Return a peer's result as JSON values, to compare peers.

    Parameters
    ----------
    value
        An instance of any peer's class, or a value it holds.

    Returns
    -------
    object
        Dicts for instances and mappings, lists for sequences, enum
        members' values, and datetimes as ISO strings in UTC.
    """
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {key: json_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_values(item) for item in value]
    fields = _fields_of(value)
    if fields is None:
        return value
    return {name: json_values(item) for name, item in fields.items()}


def _check_agree(
    title: str, calls: dict[str, Callable[[Any], Any]], inputs: dict[str, Any]
) -> None:
    """Fail unless every peer gives this package's values."""
    values = {
        name: json_values(call(inputs[name])) for name, call in calls.items()
    }
    expected = values[bench_attrs.NAME]
    for name, value in values.items():
        if value != expected:
            msg = f"{title}: {name} gives {value}, not {expected}"
            raise SystemExit(msg)


def run_peers(*, rounds: int, budget: float) -> list[Result]:
    """Time every peer on each of `PEER_OPERATIONS`, round by round.

    Parameters
    ----------
    rounds
        Measurements per peer and operation.
    budget
        Seconds that one measurement lasts, roughly.

    Returns
    -------
    list of Result
        Per-call seconds of each round, by operation and peer.
    """
    results = []
    for number, operation in enumerate(PEER_OPERATIONS, 1):
        inputs = {peer.NAME: operation.make_input() for peer in PEERS}
        calls = {
            peer.NAME: getattr(peer, operation.function) for peer in PEERS
        }
        _check_agree(operation.title, calls, inputs)
        result = Result(operation.key, operation.title, target=None)
        result.seconds = time_side_by_side(
            f"[peers {number}/{len(PEER_OPERATIONS)}] {operation.title}",
            calls,
            inputs,
            rounds=rounds,
            budget=budget,
        )
        results.append(result)
    return results


def _peer_cell(result: Result, name: str) -> str:
    ours = bench_attrs.NAME
    time = f"{result.median(name) * 1e6:,.2f}"
    if name == ours:
        return time
    return f"{time} ({statistics.median(result.ratios(name, ours)):.2f})"


def peers_table(results: list[Result]) -> list[str]:
    """Format the peers' times as a Markdown table."""
    names = [peer.NAME for peer in PEERS]
    return [
        "| operation | " + " | ".join(f"{name} (µs)" for name in names) + " |",
        "|---|" + "---:|" * len(names),
        *(
            f"| {result.title} | "
            + " | ".join(_peer_cell(result, name) for name in names)
            + " |"
            for result in results
        ),
    ]


def peer_notes() -> list[str]:
    """Say, a line per peer, what it checks and what it does not."""
    return [f"- {peer.NAME} {peer.VERSION}: {peer.CHECKS}." for peer in PEERS]
