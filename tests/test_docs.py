"""Tests of the documentation's examples: they are what the code does.

The README's Python example runs as a doctest, and each sample of the
command's output, in the README and in ``docs/*.md``, is what the command
prints today. A sample is a ``text`` code block whose lines starting with
``$ gafaelfawr-attrs`` are commands, each followed by what it prints
(standard output and standard error as a terminal shows them, or one of
them alone after ``2>/dev/null`` or ``>/dev/null``), run from the
repository's root on the files it ships. To write every sample anew from
the command, as ``python -m benchmarks --readme`` writes the benchmark
table, run this module::

    python tests/test_docs.py

The sdist has no ``docs/``: there only the README is checked.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PAGES = [
    page
    for page in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
    if page.is_file()
]
"""The pages whose samples are checked: the README and the docs' pages."""

PROMPT = "$ "
PROGRAM = "gafaelfawr-attrs"
REDIRECTIONS = {
    "2>/dev/null": (subprocess.PIPE, subprocess.DEVNULL),
    ">/dev/null": (subprocess.DEVNULL, subprocess.PIPE),
}
"""A sample's redirections: where they send standard output and error."""

TEXT_BLOCK = re.compile(r"^```text\n(.*?)^```$", re.MULTILINE | re.DOTALL)
PYCON_BLOCK = re.compile(r"^```pycon\n(.*?)^```$", re.MULTILINE | re.DOTALL)
TIMEOUT = 60
"""Seconds after which a run of the command counts as hung."""


@dataclass(frozen=True)
class Sample:
    """A command shown on a page, with the output shown after it."""

    page: Path
    line: int
    """The command's line on the page, counted from 1."""
    command: str
    """The command as shown, without the prompt."""
    shown: str
    """What the page shows the command printing."""

    def __str__(self) -> str:
        """Name the sample by its page, line and command."""
        return f"{self.page.name}:{self.line}: {self.command}"


def samples(page: Path) -> list[Sample]:
    """Return the samples of a page, in order.

    Parameters
    ----------
    page
        A Markdown page.

    Returns
    -------
    list of Sample
        One for each command in the page's samples.
    """
    text = page.read_text(encoding="utf-8")
    found = []
    for block in TEXT_BLOCK.finditer(text):
        if not block.group(1).startswith(f"{PROMPT}{PROGRAM} "):
            continue
        first = text.count("\n", 0, block.start(1)) + 1
        # Each command's output runs to the next command or the block's end.
        commands: list[tuple[int, str, list[str]]] = []
        lines = block.group(1).splitlines(keepends=True)
        for number, line in enumerate(lines, start=first):
            if line.startswith(PROMPT):
                commands.append((number, line[len(PROMPT) :].rstrip(), []))
            else:
                commands[-1][2].append(line)
        found += [
            Sample(page, number, command, "".join(shown))
            for number, command, shown in commands
        ]
    return found


def run_command(command: str) -> str:
    """Run a sample's command from the repository's root.

    Parameters
    ----------
    command
        The command as shown: the program's name, its arguments and at
        most one of the redirections in `REDIRECTIONS`.

    Returns
    -------
    str
        What it prints, standard output and error in the order written.
    """
    program, *arguments = shlex.split(command)
    assert program == PROGRAM, f"not the package's command: {command}"
    stdout, stderr = subprocess.PIPE, subprocess.STDOUT
    if arguments and arguments[-1] in REDIRECTIONS:
        stdout, stderr = REDIRECTIONS[arguments.pop()]
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"FORCE_COLOR", "COLUMNS"}
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        # -u: nothing buffered, so that both streams come in the order
        # written, as on a terminal.
        [sys.executable, "-u", "-m", "gafaelfawr_attrs", *arguments],
        cwd=ROOT,
        stdout=stdout,
        stderr=stderr,
        stdin=subprocess.DEVNULL,
        encoding="utf-8",
        env={**environment, "NO_COLOR": "1"},
        check=False,
        timeout=TIMEOUT,
    )
    return result.stdout if result.stdout is not None else result.stderr


def write_samples(page: Path) -> None:
    """Write each sample of a page anew, from its command's output.

    Parameters
    ----------
    page
        A Markdown page.
    """
    text = page.read_text(encoding="utf-8")

    def written(block: re.Match[str]) -> str:
        if not block.group(1).startswith(f"{PROMPT}{PROGRAM} "):
            return block.group(0)
        commands = [
            line[len(PROMPT) :].rstrip()
            for line in block.group(1).splitlines()
            if line.startswith(PROMPT)
        ]
        outputs = "".join(
            f"{PROMPT}{command}\n{run_command(command)}"
            for command in commands
        )
        return f"```text\n{outputs}```"

    page.write_text(TEXT_BLOCK.sub(written, text), encoding="utf-8")


SAMPLES = [sample for page in PAGES for sample in samples(page)]
README = ROOT / "README.md"
README_TEXT = README.read_text(encoding="utf-8")
README_EXAMPLES = [
    (README_TEXT.count("\n", 0, block.start(1)), block.group(1))
    for block in PYCON_BLOCK.finditer(README_TEXT)
]
"""The README's Python examples, each with the line before it."""


class TestCommandSamples:
    """Every sample of the command's output is what it prints today."""

    def test_found(self) -> None:
        """The README shows the command at work, so samples are found."""
        assert any(sample.page == README for sample in SAMPLES)

    @pytest.mark.parametrize("sample", SAMPLES, ids=str)
    def test_output_is_real(self, sample: Sample) -> None:
        """The output shown is the command's, character for character.

        After a change to the command, ``python tests/test_docs.py``
        writes them anew.
        """
        assert run_command(sample.command) == sample.shown


class TestReadmeExample:
    """The README's Python example runs and prints what it shows."""

    def test_found(self) -> None:
        """The README has a Python example."""
        assert README_EXAMPLES

    @pytest.mark.parametrize(
        ("line", "example"),
        README_EXAMPLES,
        ids=[f"README.md:{line + 1}" for line, _ in README_EXAMPLES],
    )
    def test_runs(self, line: int, example: str) -> None:
        """Each statement prints what the README shows after it."""
        test = doctest.DocTestParser().get_doctest(
            example, {}, "README.md", str(README), line
        )
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        failed, attempted = runner.run(test, out=report.append)
        assert attempted
        assert not failed, "".join(report)


if __name__ == "__main__":
    for page in PAGES:
        write_samples(page)
