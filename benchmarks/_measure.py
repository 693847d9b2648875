"""Timing calls side by side, and reporting progress on standard error."""

from __future__ import annotations

import statistics
import sys
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Result", "progress", "time_side_by_side"]

_MAX_CALLS = 1_000_000
"""Most calls in one measurement."""


@dataclass
class Result:
    """Timings of one operation: per-call seconds by implementation."""

    key: str
    title: str
    target: float | None

    seconds: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        """Return the median per-call time of an implementation."""
        return statistics.median(self.seconds[name])

    def ratios(self, theirs: str, ours: str) -> list[float]:
        """Return one implementation's time over another's, round by round.

        Parameters
        ----------
        theirs
            The implementation whose times are the numerators.
        ours
            The implementation whose times are the denominators.

        Returns
        -------
        list of float
            One ratio per round: above 1 where ``ours`` was faster.
        """
        pairs = zip(self.seconds[theirs], self.seconds[ours], strict=True)
        return [their_time / our_time for their_time, our_time in pairs]


def progress(message: str) -> None:
    """Show progress: one rewritten line on a terminal, else a line each."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
    else:
        sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _calibrate(call: timeit.Timer, budget: float) -> int:
    """Return how many calls take about ``budget`` seconds."""
    number = 1
    while True:
        elapsed = call.timeit(number)
        if elapsed >= budget / 4 or number >= _MAX_CALLS:
            return max(1, int(number * budget / max(elapsed, 1e-9)))
        number *= 4


def time_side_by_side(
    label: str,
    calls: dict[str, Callable[[Any], Any]],
    inputs: dict[str, Any],
    *,
    rounds: int,
    budget: float,
) -> dict[str, list[float]]:
    """Time implementations of one operation, interleaved round by round.

    Parameters
    ----------
    label
        What progress calls the operation.
    calls
        The function to time, by implementation name.
    inputs
        The argument of each call, by implementation name, built already.
    rounds
        Measurements per implementation.
    budget
        Seconds that one measurement lasts, roughly.

    Returns
    -------
    dict
        Per-call seconds of each round, by implementation name. Each round
        starts with the next implementation, so none is always first.
    """
    timers = {
        name: timeit.Timer(
            "call(value)", globals={"call": call, "value": inputs[name]}
        )
        for name, call in calls.items()
    }
    counts = {
        name: _calibrate(timer, budget) for name, timer in timers.items()
    }
    seconds: dict[str, list[float]] = {name: [] for name in timers}
    names = list(timers)
    if not sys.stderr.isatty():
        progress(label)
    for round_number in range(rounds):
        if sys.stderr.isatty():
            progress(f"{label}: round {round_number + 1}/{rounds}")
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed = timers[name].timeit(counts[name])
            seconds[name].append(elapsed / counts[name])
    return seconds
