"""Test configuration: Hypothesis settings for this suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Examples vary widely in size (a million-item list is fine input) and the
# machines are shared, so neither a per-example deadline nor the check on
# slow generation would tell anything but how busy the machine was.
settings.register_profile(
    "dev",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=40,
)
settings.register_profile(
    "ci", settings.get_profile("dev"), derandomize=True, print_blob=True
)
# The deep profile runs every property test's full count of examples (see
# `tests.support.examples`); CI runs it after the README's test command.
settings.register_profile("deep", settings.get_profile("ci"), max_examples=100)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI") else "dev")
)
