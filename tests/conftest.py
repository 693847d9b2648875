"""Test configuration: Hypothesis settings for this suite."""

from __future__ import annotations

from hypothesis import settings

# Examples vary widely in size (a million-item list is fine input), so a
# per-example deadline would only make the suite flaky on a busy machine.
settings.register_profile("default", deadline=None)
settings.load_profile("default")
