"""The benchmark command's refusals, made before any timing."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.__main__ import main


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--quick", "--json", "{missing}/results.json"],
            "--json: no directory",
        ),
        (["--readme", "{missing}/README.md"], "--readme: cannot read"),
        (["--readme", "{plain}"], "has no results section"),
        (["--quick", "--readme", "{plain}"], "needs a full run"),
    ],
    ids=[
        "json-directory",
        "readme-missing",
        "readme-unmarked",
        "readme-quick",
    ],
)
def test_refused_at_once(
    arguments: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A mistake in the options is one line and status 2, before timing."""
    plain = tmp_path / "README.md"
    plain.write_text("# A README without the results section\n")
    missing = tmp_path / "missing"
    given = [
        argument.format(missing=missing, plain=plain) for argument in arguments
    ]
    with pytest.raises(SystemExit) as exited:
        main(given)
    assert exited.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert message in error[-1]
    assert not any(line.startswith("[") for line in error)  # no progress
