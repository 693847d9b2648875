"""Tests of the command, run as a user runs it."""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import select
import subprocess
import sys
import tracemalloc
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from gafaelfawr_attrs import (
    TokenData,
    TokenGroup,
    current,
    json_schema,
    make_converter,
)

from .support import (
    DOCUMENT_CHECK_GROWTH,
    PROGRESS_THRESHOLD,
    SECRET,
    TOKEN_DATA_RECORD,
    TOKEN_INFO_RECORD,
    Integer,
    Kind,
    Model,
    ModelList,
    ModelMapping,
    Nullable,
    Progress,
    describe,
    install_kinds,
    main,
    read_records,
    stored,
    with_unknown_keys,
)

VALID_LINE = json.dumps(json.loads(TOKEN_DATA_RECORD))
INVALID_LINE = json.dumps({"username": "", "token_type": "session"})
BOM = "\ufeff"
BLANK_LINE = " " * 99 + "\n"
BLANKS = 100_000
"""Blank lines after a document's start: 10 MB of them."""
MISSING_FILE_MESSAGE = (
    "gafaelfawr-attrs: cannot read /no/such/file: No such file or directory"
)


EXAMPLES = Path(__file__).parents[1] / "examples"
"""The samples the README's "Try it" runs the command on."""

TIMEOUT = 60
"""Seconds after which a run of the command counts as hung."""


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh interpreter, as a user would."""
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "gafaelfawr_attrs", *args],
        input=stdin,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=TIMEOUT,
    )


def run_redirected(
    redirect: str, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the command with a redirection of the shell's, such as ``2>&-``."""
    command = [sys.executable, "-m", "gafaelfawr_attrs", *args]
    return subprocess.run(  # noqa: S603 (the shell runs our own command)
        ["/bin/sh", "-c", f'exec "$@" {redirect}', "sh", *command],
        input=stdin,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=TIMEOUT,
    )


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """Write a JSON Lines file: valid, blank, invalid, not JSON."""
    path = tmp_path / "records.jsonl"
    path.write_text(f"{VALID_LINE}\n\n{INVALID_LINE}\nnot json\n")
    return path


class TestValidate:
    """``validate`` reports each invalid record by line, then a count."""

    def test_reports_invalid_lines(self, records: Path) -> None:
        """Line numbers count blank lines; exit status 1."""
        result = run("validate", str(records))
        assert result.returncode == 1
        assert f"{records}:3: 3 errors" in result.stdout
        assert "  username: String should have at least 1 character" in (
            result.stdout
        )
        assert f"{records}:4: 1 error" in result.stdout
        assert result.stdout.endswith("3 records: 1 valid, 2 invalid\n")
        assert f"{records}:1:" not in result.stdout

    def test_all_valid_from_standard_input(self) -> None:
        """Standard input is read when no file is named; exit status 0."""
        result = run("validate", stdin=VALID_LINE + "\n" + VALID_LINE)
        assert result.returncode == 0, result.stdout
        assert result.stdout == "2 records: 2 valid, 0 invalid\n"

    @pytest.mark.parametrize(
        "text",
        [
            f"[\n{VALID_LINE},\n{INVALID_LINE}\n]\n",
            f"[{VALID_LINE}, {INVALID_LINE}]",
        ],
        ids=["pretty", "one-line"],
    )
    def test_json_array_document(self, tmp_path: Path, text: str) -> None:
        """A JSON array holds one record per item."""
        path = tmp_path / "records.json"
        path.write_text(text)
        result = run("validate", str(path))
        assert result.returncode == 1
        assert "record 2: 3 errors" in result.stdout
        assert result.stdout.endswith("2 records: 1 valid, 1 invalid\n")

    def test_pretty_printed_record(self, tmp_path: Path) -> None:
        """A record spread over several lines is one document."""
        path = tmp_path / "record.json"
        path.write_text(json.dumps(json.loads(TOKEN_DATA_RECORD), indent=2))
        result = run("validate", str(path))
        assert (result.returncode, result.stdout) == (
            0,
            "1 record: 1 valid, 0 invalid\n",
        )

    def test_other_model(self) -> None:
        """``--model`` chooses the model records are checked against."""
        line = json.dumps({"name": "9x"})
        result = run(
            "validate", "--family", "2024", "--model", "TokenGroup", stdin=line
        )
        assert result.returncode == 1
        assert "name: String should match pattern" in result.stdout

    def test_leading_blank_lines_counted(self, tmp_path: Path) -> None:
        """Line numbers count blank lines before the first record too."""
        path = tmp_path / "groups.jsonl"
        path.write_text('\n\n{"name": "1"}\n{"name": "g"}\n{"name": "2"}\n')
        result = run(
            "validate", "--family", "2024", "--model", "TokenGroup", str(path)
        )
        assert f"{path}:3: 1 error" in result.stdout
        assert f"{path}:5: 1 error" in result.stdout

    def test_strict_reports_unknown_keys(self) -> None:
        """``--strict`` names keys that no field has."""
        line = json.dumps({"name": "g", "nmae": "typo"})
        assert (
            run(
                "validate",
                "--family",
                "2024",
                "--model",
                "TokenGroup",
                stdin=line,
            ).returncode
            == 0
        )
        result = run(
            "validate",
            "--strict",
            "--family",
            "2024",
            "--model",
            "TokenGroup",
            stdin=line,
        )
        assert result.returncode == 1
        assert "nmae: Extra inputs are not permitted" in result.stdout


class TestValidateJson:
    """``validate --format json`` reports one JSON object per bad record."""

    def test_one_object_per_invalid_record(self, tmp_path: Path) -> None:
        """Objects give file, line and errors; the count is on stderr."""
        record = json.loads(TOKEN_DATA_RECORD)
        record["username"] = ""
        record["token"] = f"gt-{record['token']['key']}.{SECRET}"
        path = tmp_path / "records.jsonl"
        path.write_text(f"{VALID_LINE}\n{json.dumps(record)}\nnot json\n")
        result = run("validate", "--format", "json", str(path))
        assert result.returncode == 1
        reports = [json.loads(line) for line in result.stdout.splitlines()]
        assert reports == [
            {
                "file": str(path),
                "line": 2,
                "errors": [
                    {
                        "loc": ["username"],
                        "msg": "String should have at least 1 character",
                        "type": "string_too_short",
                    },
                    {
                        "loc": ["token"],
                        "msg": "Input should be a valid dictionary or"
                        " instance of Token",
                        "type": "model_type",
                    },
                ],
            },
            {
                "file": str(path),
                "line": 3,
                "errors": [
                    {
                        "loc": [],
                        "msg": "Invalid JSON: Expecting value: line 1"
                        " column 1 (char 0)",
                        "type": "json_invalid",
                    }
                ],
            },
        ]
        assert result.stderr == "3 records: 1 valid, 2 invalid\n"

    @pytest.mark.parametrize(
        ("text", "line"),
        [
            (f"[{VALID_LINE}, {INVALID_LINE}]\n", 1),
            (f"[\n{VALID_LINE},\n{INVALID_LINE}\n]\n", None),
        ],
        ids=["one-line", "pretty"],
    )
    def test_array_item_numbered(self, text: str, line: int | None) -> None:
        """An item of an array is numbered, on its line if it has one."""
        result = run("validate", "--format", "json", stdin=text)
        assert result.returncode == 1
        (report,) = [json.loads(line) for line in result.stdout.splitlines()]
        assert (report["file"], report["line"], report["record"]) == (
            "<stdin>",
            line,
            2,
        )

    def test_all_valid_writes_nothing(self) -> None:
        """With every record valid, standard output stays empty."""
        result = run("validate", "--format", "json", stdin=VALID_LINE)
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            "",
            "1 record: 1 valid, 0 invalid\n",
        )


class TestConvert:
    """``convert`` rewrites records as JSON Lines."""

    def test_epoch(self, tmp_path: Path) -> None:
        """Datetimes become epoch seconds; every record is kept."""
        path = tmp_path / "base.jsonl"
        base = {
            "username": "u",
            "token_type": "user",
            "scopes": "a,b",
            "created": "2021-03-05T23:15:30Z",
        }
        path.write_text(json.dumps(base) + "\n" + json.dumps(base) + "\n")
        result = run(
            "convert", "--to", "epoch", "--model", "TokenBase", str(path)
        )
        assert result.returncode == 0
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(lines) == 2
        assert lines[0]["created"] == 1614986130
        assert lines[0]["scopes"] == ["a", "b"]

    def test_unknown_keys_kept(self, tmp_path: Path) -> None:
        """Keys of later versions stay, after the known fields, nested too."""
        record = json.loads(TOKEN_DATA_RECORD)
        record["service"] = "portal"
        record["token"]["kind"] = "new"
        record["groups"][0]["gecos"] = 5
        path = tmp_path / "data.jsonl"
        path.write_text(json.dumps(record) + "\n")
        result = run("convert", "--family", "2024", str(path))
        assert result.returncode == 0, result.stderr
        (line,) = result.stdout.splitlines()
        written = json.loads(line)
        assert list(written)[-1] == "service"
        assert written["service"] == "portal"
        assert written["token"]["kind"] == "new"
        assert written["groups"][0] == {
            "name": "g_special_users",
            "id": 123181,
            "gecos": 5,
        }

    def test_unknown_keys_kept_current(self, tmp_path: Path) -> None:
        """The current family keeps 10.x's ``quota`` key, which it lacks."""
        record = json.loads(TOKEN_DATA_RECORD)
        record["quota"] = None
        record["scopes"] = ["b", "a", "b"]
        path = tmp_path / "data.jsonl"
        path.write_text(json.dumps(record) + "\n")
        result = run("convert", str(path))
        assert result.returncode == 0, result.stderr
        written = json.loads(result.stdout)
        assert list(written)[-1] == "quota"
        assert written["quota"] is None
        assert written["scopes"] == ["a", "b"]
        assert written["service"] is None

    def test_invalid_records_reported(self, records: Path) -> None:
        """Invalid records go to standard error, and the status says so."""
        result = run("convert", str(records))
        assert result.returncode == 1
        assert len(result.stdout.splitlines()) == 1
        assert f"{records}:3: 3 errors" in result.stderr
        assert "2 invalid records not converted" in result.stderr

    def test_iso_by_default(self) -> None:
        """Without ``--to``, datetimes are written as ISO 8601."""
        line = json.dumps(
            {
                "username": "u",
                "token_type": "user",
                "scopes": "",
                "created": 1614986130,
            }
        )
        result = run(
            "convert", "--family", "2024", "--model", "TokenBase", stdin=line
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["created"] == "2021-03-05T23:15:30Z"

    @pytest.mark.parametrize(
        "to", [[], ["--to", "epoch"]], ids=["default", "epoch"]
    )
    @pytest.mark.parametrize(
        ("model", "record"),
        [("TokenData", TOKEN_DATA_RECORD), ("TokenInfo", TOKEN_INFO_RECORD)],
        ids=["TokenData", "TokenInfo"],
    )
    def test_whole_seconds_models(
        self, to: list[str], model: str, record: str
    ) -> None:
        """TokenData and TokenInfo write whole seconds, as the service does."""
        line = json.dumps(json.loads(record))
        result = run("convert", *to, "--model", model, stdin=line)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["created"] == 1614986130

    @pytest.mark.parametrize(
        ("family", "model"),
        [
            ("2024", "TokenData"),
            ("2024", "TokenInfo"),
            ("current", "TokenBase"),
            ("current", "UserInfo"),
        ],
    )
    def test_whole_seconds_models_refuse_iso(
        self, family: str, model: str
    ) -> None:
        """``--to iso`` cannot apply to them: a one-line mistake, status 2."""
        result = run(
            "convert",
            *("--to", "iso", "--family", family, "--model", model),
            stdin="{}",
        )
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == (
            f"gafaelfawr-attrs: convert: --to iso does not apply to {model},"
            " which writes no datetime as ISO 8601 (it has none, or writes"
            " them as whole seconds since the epoch, as the service does)\n"
        )


class TestInputs:
    """Each input is read once, from its start to its end."""

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
    def test_named_pipe(self, tmp_path: Path) -> None:
        """A named pipe is read once, as its writer wrote it."""
        fifo = tmp_path / "records.jsonl"
        os.mkfifo(fifo)
        script = "import sys; open(sys.argv[1], 'w').write(sys.argv[2])"
        writer = subprocess.Popen(  # noqa: S603 (our own interpreter)
            [
                sys.executable,
                "-c",
                script,
                fifo,
                f"{VALID_LINE}\n{INVALID_LINE}\n",
            ]
        )
        try:
            result = run("validate", str(fifo))
        finally:
            writer.kill()
            writer.wait()
        assert result.returncode == 1
        assert f"{fifo}:2: 3 errors" in result.stdout
        assert result.stdout.endswith("2 records: 1 valid, 1 invalid\n")

    @pytest.mark.parametrize(
        "first",
        ["not json", '{"username": "cut', "{}}", '{"username": tru}'],
        ids=["not-json", "cut-in-string", "extra-data", "bad-token"],
    )
    def test_json_lines_streamed(self, first: str) -> None:
        """An invalid first line does not make the reader read it all."""
        text = f"{first}\n{VALID_LINE}\n\n{INVALID_LINE}\n".encode()
        stream = WholeReadCounter(text)
        progress = Progress(None, io.StringIO())
        found = [
            record.where for record in read_records("in", stream, progress)
        ]
        assert found == ["in:1", "in:2", "in:4"]
        assert stream.whole_reads == 0

    @pytest.mark.parametrize(
        "start",
        [
            '{"username": ',
            "[",
            '{"username": "x",',
            '{"a": [\n\n{"b": ',
            '{"a": {"b": ' * 100,
        ],
        ids=["cut-at-value", "open-array", "cut-at-key", "two-lines", "deep"],
    )
    def test_streamed_after_an_open_start(self, start: str) -> None:
        """Lines that cannot be one document stream after one's start."""
        line = f"{VALID_LINE}\n".encode()
        stream = io.BytesIO(f"{start}\n".encode() + line * 10_000)
        records = read_records("in", stream, Progress(None, io.StringIO()))
        valid = f"in:{len(start.splitlines()) + 1}"  # the first valid line
        found = next(record for record in records if record.where == valid)
        assert found.text == line
        # Held: the start and a record, which could begin a document, grown
        # until checked, and the record that ends it.
        could_be = len(start) + 1 + len(line)
        assert stream.tell() <= DOCUMENT_CHECK_GROWTH * could_be + len(line)

    @pytest.mark.parametrize(
        ("middle", "end", "expected"),
        [
            ("", f"{VALID_LINE}\n" * 10, [1, *range(BLANKS + 2, BLANKS + 12)]),
            ("", f"{VALID_LINE}\n", [1, BLANKS + 2]),
            (
                f"{VALID_LINE},\n" + BLANK_LINE * 3,
                f"{VALID_LINE}\n]\n",
                ["record 1", "record 2"],
            ),
        ],
        ids=["json-lines", "never-closed", "document"],
    )
    def test_blank_lines_after_an_open_start(
        self, middle: str, end: str, expected: list[int | str]
    ) -> None:
        """Blank lines after a document's start are counted, not held."""
        text = f"[\n{BLANK_LINE * BLANKS}{middle}{end}".encode()
        stream = io.BytesIO(text)
        progress = Progress(None, io.StringIO())
        tracemalloc.start()
        try:
            found = [r.where for r in read_records("in", stream, progress)]
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert found == [
            f"in:{where}" if isinstance(where, int) else f"in: {where}"
            for where in expected
        ]
        assert progress.done == len(text)
        # Held: a few records at most, not the blank lines (10 MB).
        assert peak < len(BLANK_LINE) * BLANKS // 10

    def test_form_feed_is_not_json_blank(self) -> None:
        """A line of blanks JSON does not allow still spoils a document."""
        text = f"[\n{VALID_LINE}\n\f\n]\n".encode()
        records = read_records("in", io.BytesIO(text), Progress(None, None))
        assert [record.where for record in records] == ["in:1", "in:2", "in:4"]

    @pytest.mark.skipif(
        sys.platform == "win32", reason="select needs a socket on Windows"
    )
    def test_standard_input_streamed(self) -> None:
        """Reports come as standard input is read, after a first line cut."""
        command = ["-m", "gafaelfawr_attrs", "validate", "--format", "json"]
        with subprocess.Popen(  # noqa: S603 (our own interpreter)
            [sys.executable, "-u", *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as process:
            assert process.stdin is not None
            assert process.stdout is not None
            try:
                process.stdin.write(
                    f'{{"username": \n{VALID_LINE}\n{INVALID_LINE}\n'.encode()
                    + f"{VALID_LINE}\n".encode() * 100
                )
                process.stdin.flush()
                output = b""
                while output.count(b"\n") < 2:
                    ready, _, _ = select.select([process.stdout], [], [], 20)
                    assert ready, f"no report while input is open: {output!r}"
                    chunk = os.read(process.stdout.fileno(), 65536)
                    assert chunk, f"output ended early: {output!r}"
                    output += chunk
                process.stdin.close()
                assert process.wait(TIMEOUT) == 1
            finally:
                process.kill()
        reports = [json.loads(line) for line in output.splitlines()]
        assert [report["line"] for report in reports] == [1, 3]

    @pytest.mark.parametrize(
        ("text", "invalid", "counts"),
        [
            (f"not json\n{VALID_LINE}\n{INVALID_LINE}\n", [1, 3], (3, 1, 2)),
            (f'{{"username": "x",\n{VALID_LINE}\n', [1], (2, 1, 1)),
            (f'{{"x": {"9" * 5000}}}\n{VALID_LINE}\n', [1], (2, 1, 1)),
            (f"{'[' * 100_000}\n{VALID_LINE}\n", [1], (2, 1, 1)),
        ],
        ids=[
            "invalid-first-line",
            "unclosed-document",
            "long-integer",
            "too-deep",
        ],
    )
    def test_lines_after_an_invalid_first(
        self,
        tmp_path: Path,
        text: str,
        invalid: list[int],
        counts: tuple[int, int, int],
    ) -> None:
        """Each line after an invalid first line is judged on its own."""
        path = tmp_path / "records.jsonl"
        path.write_text(text)
        result = run("validate", str(path))
        assert result.returncode == 1
        reported = [
            int(line.removeprefix(f"{path}:").split(":")[0])
            for line in result.stdout.splitlines()
            if line.startswith(f"{path}:")
        ]
        assert reported == invalid
        total, valid, bad = counts
        assert result.stdout.endswith(
            f"{total} records: {valid} valid, {bad} invalid\n"
        )

    @pytest.mark.parametrize(
        "text",
        [
            f"{BOM}{VALID_LINE}\n{VALID_LINE}\n",
            f"{BOM}\n{VALID_LINE}\n",
            f"{BOM}{json.dumps(json.loads(TOKEN_DATA_RECORD), indent=2)}\n",
        ],
        ids=["json-lines", "blank-first-line", "document"],
    )
    @pytest.mark.parametrize(
        "source", ["file", "stdin"], ids=["file", "stdin"]
    )
    def test_byte_order_mark(
        self, tmp_path: Path, text: str, source: str
    ) -> None:
        """A byte-order mark at the start of an input is not a record's."""
        path = tmp_path / "records.jsonl"
        path.write_text(text, encoding="utf-8")
        if source == "file":
            result = run("validate", str(path))
        else:
            result = run("validate", "-", stdin=text)
        assert result.returncode == 0, result.stdout
        assert result.stdout.endswith(" 0 invalid\n")

    def test_byte_order_mark_only_at_start(self, tmp_path: Path) -> None:
        """A byte-order mark after the start of an input is an error."""
        path = tmp_path / "records.jsonl"
        path.write_text(f"{BOM}{VALID_LINE}\n{BOM}{VALID_LINE}\n")
        result = run("validate", str(path))
        assert result.returncode == 1
        assert f"{path}:2: 1 error" in result.stdout
        assert result.stdout.endswith("2 records: 1 valid, 1 invalid\n")


class TestCutShort:
    """A line whose JSON stops before its value ends is said to be cut."""

    @pytest.mark.parametrize(
        ("text", "column"),
        [
            ('{"username": "x", "tok', 23),
            (f'{{"token": {{"secret": "{SECRET[:5]}', 28),
            ('{"username": "x"', 17),
            ('{"username": "x",  ', 18),
            ('{"username": tr', 16),
            ("[", 2),
        ],
        ids=[
            "in-key",
            "in-secret",
            "after-value",
            "after-comma",
            "in-literal",
            "open-array",
        ],
    )
    @pytest.mark.parametrize(
        "after", ["", "\n", f"\n{VALID_LINE}\n"], ids=["eof", "eol", "more"]
    )
    def test_reported_as_cut(self, text: str, column: int, after: str) -> None:
        """A cut line is reported as such, without its text."""
        result = run("validate", "--format", "json", stdin=text + after)
        (report,) = [json.loads(line) for line in result.stdout.splitlines()]
        assert report == {
            "file": "<stdin>",
            "line": 1,
            "errors": [
                {
                    "loc": [],
                    "msg": "Invalid JSON: unexpected end of data"
                    f" (line 1, column {column})",
                    "type": "json_invalid",
                }
            ],
        }

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('{"username": tru}', "Expecting value: line 1 column 14"),
            ("{}}", "Extra data: line 1 column 3"),
            ('[1 "ab', "Expecting ',' delimiter: line 1 column 4"),
            ("[1 tr", "Expecting ',' delimiter: line 1 column 4"),
            ("not json", "Expecting value: line 1 column 1"),
        ],
        ids=[
            "bad-word",
            "extra-data",
            "string-in-place",
            "word-in-place",
            "text",
        ],
    )
    def test_other_mistakes_named(self, text: str, message: str) -> None:
        """JSON wrong before its end keeps the parser's description."""
        result = run("validate", stdin=f"{text}\n{VALID_LINE}\n")
        assert f"(record): Invalid JSON: {message} " in result.stdout
        assert "unexpected end" not in result.stdout

    def test_convert_reports_cut(self) -> None:
        """``convert`` names a cut line the same way, on standard error."""
        result = run("convert", stdin=f"{VALID_LINE}\n{VALID_LINE[:40]}")
        assert result.returncode == 1
        assert len(result.stdout.splitlines()) == 1
        assert (
            "<stdin>:2: 1 error\n  (record): Invalid JSON: unexpected end of"
            " data (line 1, column 41) [json_invalid]\n"
        ) in result.stderr


class WholeReadCounter(io.BytesIO):
    """A stream that counts the reads asking for all that is left."""

    whole_reads = 0

    def read(self, size: int | None = -1, /) -> bytes:
        """Read, counting the reads without a size."""
        if size is None or size < 0:
            self.whole_reads += 1
        return super().read(size)


class TestSamples:
    """The shipped samples do what the README's "Try it" says."""

    def test_records_validated(self) -> None:
        """Three TokenData records are valid, two invalid, one cut short."""
        path = EXAMPLES / "records.jsonl"
        result = run("validate", "--format", "json", str(path))
        assert (result.returncode, result.stderr) == (
            1,
            "5 records: 3 valid, 2 invalid\n",
        )
        reports = [json.loads(line) for line in result.stdout.splitlines()]
        assert [report["line"] for report in reports] == [3, 5]
        assert reports[1]["errors"][0]["msg"].startswith(
            "Invalid JSON: unexpected end of data"
        )

    @pytest.mark.parametrize(
        ("family", "written"),
        [
            ([], [1614986130, 1615021200, 1614990000]),
            (
                ["--family", "2024"],
                [
                    "2021-03-05T23:15:30Z",
                    "2021-03-06T09:00:00Z",
                    "2021-03-06T00:20:00Z",
                ],
            ),
        ],
        ids=["current", "2024"],
    )
    def test_tokens_converted(
        self, family: list[str], written: list[object]
    ) -> None:
        """Every TokenBase sample is converted, its datetimes to one form.

        The current family writes whole seconds, as the service does; the
        2024 family, ISO 8601.
        """
        path = EXAMPLES / "tokens.jsonl"
        result = run("convert", *family, "--model", "TokenBase", str(path))
        assert (result.returncode, result.stderr) == (0, "")
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert [record["created"] for record in records] == written


class TestVersion:
    """``--version`` names the installed version."""

    def test_prints_version(self) -> None:
        """The version comes from the installed package's metadata."""
        result = run("--version")
        version = importlib.metadata.version("gafaelfawr-attrs")
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            f"gafaelfawr-attrs {version}\n",
            "",
        )

    def test_not_installed(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Without metadata there is no version to give: status 2."""

        def not_found(name: str) -> str:
            raise importlib.metadata.PackageNotFoundError(name)

        monkeypatch.setattr(importlib.metadata, "version", not_found)
        with pytest.raises(SystemExit) as exit_info:
            main(["--version"])
        assert exit_info.value.code == 2
        assert capsys.readouterr().err == (
            "gafaelfawr-attrs: not installed, so no version\n"
        )


class TestSchemaCommand:
    """``schema`` prints a model's JSON schema."""

    def test_prints_schema(self) -> None:
        """With no model named, ``schema`` prints TokenData's schema."""
        result = run("schema")
        assert result.returncode == 0
        assert json.loads(result.stdout) == json_schema(current.TokenData)

    def test_prints_schema_of_2024(self) -> None:
        """``--family 2024`` describes the 2024 family's models."""
        result = run("schema", "--family", "2024")
        assert result.returncode == 0
        assert json.loads(result.stdout) == json_schema(TokenData)

    def test_model_of_the_other_family(self) -> None:
        """A model of the other family only is a one-line usage mistake."""
        result = run("schema", "--family", "current", "--model", "TokenGroup")
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert "TokenGroup is not a model of the current family" in (
            result.stderr
        )

    @pytest.mark.parametrize(
        ("model", "family_model"),
        [
            ("TokenGroup", TokenGroup),
            ("UserInfo", current.UserInfo),
            ("TokenData", current.TokenData),
        ],
        ids=["2024-only", "current-only", "both"],
    )
    def test_family_of_the_model(self, model: str, family_model: Any) -> None:
        """Without --family, a model only one family has is that one's."""
        result = run("schema", "--model", model)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == json_schema(family_model)


class TestMistakes:
    """Mistakes end the command with status 2 and a message, no traceback."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["validate", "/no/such/file"], "cannot read /no/such/file"),
            (["frobnicate"], "invalid choice"),
            (["convert", "--to", "rfc"], "invalid choice"),
            (["validate", "--model", "Nope"], "invalid choice"),
            ([], "required"),
        ],
        ids=["missing-file", "command", "format", "model", "nothing"],
    )
    def test_user_mistakes(self, args: list[str], message: str) -> None:
        """Mistakes get a short message and status 2, never a traceback."""
        result = run(*args)
        assert result.returncode == 2
        assert message in result.stderr
        assert "Traceback" not in result.stderr

    def test_directory_is_unreadable(self, tmp_path: Path) -> None:
        """A directory named as a file is a mistake too."""
        result = run("validate", str(tmp_path))
        assert result.returncode == 2
        assert "cannot read" in result.stderr
        assert "Traceback" not in result.stderr

    @pytest.mark.parametrize(
        "missing_first", [True, False], ids=["missing-first", "missing-last"]
    )
    def test_every_readable_file_checked(
        self,
        tmp_path: Path,
        records: Path,
        missing_first: bool,  # noqa: FBT001
    ) -> None:
        """Each unreadable file is one line; the others are still checked."""
        unreadable = ["/no/such/file", str(tmp_path)]
        files = [*unreadable, str(records)]
        if not missing_first:
            files.reverse()
        result = run("validate", *files)
        assert result.returncode == 2
        assert f"{records}:3: 3 errors" in result.stdout
        assert result.stdout.endswith("3 records: 1 valid, 2 invalid\n")
        assert sorted(result.stderr.splitlines()) == [
            MISSING_FILE_MESSAGE,
            f"gafaelfawr-attrs: cannot read {tmp_path}: Is a directory",
        ]

    def test_convert_past_an_unreadable_file(self, tmp_path: Path) -> None:
        """Records of readable files are converted; the status is still 2."""
        path = tmp_path / "records.jsonl"
        path.write_text(VALID_LINE + "\n")
        result = run("convert", "--to", "epoch", "/no/such/file", str(path))
        assert result.returncode == 2
        assert len(result.stdout.splitlines()) == 1
        assert result.stderr == MISSING_FILE_MESSAGE + "\n"

    @pytest.mark.skipif(
        not Path("/dev/full").exists(), reason="needs /dev/full"
    )
    @pytest.mark.parametrize(
        "args",
        [["schema"], ["--version"], ["--help"], ["validate", "--help"]],
        ids=["schema", "version", "help", "command-help"],
    )
    def test_output_that_cannot_be_written(self, args: list[str]) -> None:
        """A full disk is a one-line complaint, not a traceback."""
        with Path("/dev/full").open("w") as full:
            result = subprocess.run(  # noqa: S603 (our own interpreter)
                [sys.executable, "-m", "gafaelfawr_attrs", *args],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        assert result.returncode == 2
        assert "cannot write the output" in result.stderr
        assert "Traceback" not in result.stderr

    @pytest.mark.parametrize(
        ("command", "line"),
        [
            (["validate"], INVALID_LINE),
            (["convert"], VALID_LINE),
        ],
        ids=["validate", "convert"],
    )
    def test_reader_goes_away(
        self, tmp_path: Path, command: list[str], line: str
    ) -> None:
        """When the output's reader goes, the command stops quietly: 141."""
        path = tmp_path / "records.jsonl"
        path.write_text(f"{line}\n" * 20_000)
        process = subprocess.Popen(  # noqa: S603 (our own interpreter)
            [sys.executable, "-m", "gafaelfawr_attrs", *command, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert process.stdout is not None
            process.stdout.readline()
            process.stdout.close()
            _, errors = process.communicate(timeout=TIMEOUT)
        finally:
            process.kill()
            process.wait()
        assert (process.returncode, errors) == (141, b"")

    @pytest.mark.parametrize(
        "args",
        [["schema"], ["--version"], ["--help"], ["validate", "--help"]],
        ids=["schema", "version", "help", "command-help"],
    )
    def test_reader_gone_before_start(self, args: list[str]) -> None:
        """Output that only the last flush writes stops quietly too: 141."""
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            result = subprocess.run(  # noqa: S603 (our own interpreter)
                [sys.executable, "-m", "gafaelfawr_attrs", *args],
                stdout=write_end,
                stderr=subprocess.PIPE,
                check=False,
                timeout=TIMEOUT,
            )
        finally:
            os.close(write_end)
        assert (result.returncode, result.stderr) == (141, b"")


STDOUT_CLOSED_MESSAGE = (
    "gafaelfawr-attrs: cannot write the output: standard output is closed\n"
)


class TestClosedStreams:
    """A standard stream closed, or that fails, is never a silent mistake."""

    @pytest.mark.parametrize(
        "redirect",
        [
            "2>&-",
            pytest.param(
                "2>/dev/full",
                marks=pytest.mark.skipif(
                    not Path("/dev/full").exists(), reason="needs /dev/full"
                ),
            ),
        ],
        ids=["closed", "full"],
    )
    @pytest.mark.parametrize(
        "args",
        [["validate", "--format", "json"], ["validate"], ["convert"]],
        ids=["validate-json", "validate-text", "convert"],
    )
    @pytest.mark.parametrize(
        "text",
        [f"{VALID_LINE}\n", f"{VALID_LINE}\n{INVALID_LINE}\n"],
        ids=["valid", "invalid"],
    )
    def test_standard_error_not_needed(
        self, redirect: str, args: list[str], text: str
    ) -> None:
        """Standard output and the status do not depend on standard error."""
        expected = run(*args, stdin=text)
        result = run_redirected(redirect, *args, stdin=text)
        assert (result.returncode, result.stdout) == (
            expected.returncode,
            expected.stdout,
        )

    @pytest.mark.parametrize(
        "args",
        [["validate"], ["convert"], ["schema"], ["--version"], ["--help"]],
        ids=["validate", "convert", "schema", "version", "help"],
    )
    def test_standard_output_closed(self, args: list[str]) -> None:
        """With standard output closed, one line says so: status 2."""
        result = run_redirected(">&-", *args, stdin=VALID_LINE)
        assert (result.returncode, result.stderr) == (2, STDOUT_CLOSED_MESSAGE)

    @pytest.mark.parametrize(
        "args",
        [
            ["validate", "--bogus"],
            ["schema", "--model", "X"],
            ["frobnicate"],
            [],
        ],
        ids=["option", "choice", "command", "nothing"],
    )
    @pytest.mark.parametrize("redirect", ["", "2>&-"], ids=["open", "closed"])
    def test_usage_mistake_on_standard_error_alone(
        self, args: list[str], redirect: str
    ) -> None:
        """A usage mistake writes nothing on standard output: status 2."""
        result = run_redirected(redirect, *args)
        assert (result.returncode, result.stdout) == (2, "")
        if not redirect:
            assert result.stderr.startswith("usage: gafaelfawr-attrs")
            assert "error: " in result.stderr.splitlines()[-1]

    def test_every_output_closed(self) -> None:
        """With nowhere to write anything, the status still says it: 2."""
        result = run_redirected(">&- 2>&-", "validate", stdin=VALID_LINE)
        assert result.returncode == 2

    @pytest.mark.parametrize(
        "args",
        [["validate"], ["convert"], ["validate", "-"]],
        ids=["validate", "convert", "dash"],
    )
    def test_standard_input_closed(self, args: list[str]) -> None:
        """With standard input closed, reading it is a mistake: status 2."""
        result = run_redirected("<&-", *args)
        assert (result.returncode, result.stdout, result.stderr) == (
            2,
            "",
            "gafaelfawr-attrs: there is no standard input to read\n",
        )

    def test_standard_input_unreadable(self) -> None:
        """Standard input open only for writing is an unreadable input."""
        result = run_redirected("0>/dev/null", "validate")
        assert (result.returncode, result.stdout, result.stderr) == (
            2,
            "",  # no count: nothing was read
            "gafaelfawr-attrs: cannot read <stdin>: Bad file descriptor\n",
        )

    def test_standard_input_not_needed(self, records: Path) -> None:
        """With files named, a closed standard input changes nothing."""
        expected = run("validate", str(records))
        result = run_redirected("<&-", "validate", str(records))
        assert (result.returncode, result.stdout, result.stderr) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        )


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Claim to be a terminal."""
        return True


class TestProgress:
    """A progress bar shows on a terminal for large inputs."""

    @pytest.mark.parametrize(
        ("size", "terminal", "shown"),
        [
            (PROGRESS_THRESHOLD, True, True),
            (PROGRESS_THRESHOLD - 1, True, False),
            (PROGRESS_THRESHOLD, False, False),
            (None, True, False),
        ],
        ids=["large-terminal", "small", "not-terminal", "unknown-size"],
    )
    def test_shown_when_useful(
        self,
        size: int | None,
        terminal: bool,  # noqa: FBT001
        shown: bool,  # noqa: FBT001
    ) -> None:
        """The bar shows on a terminal for large inputs only."""
        stream = FakeTerminal() if terminal else io.StringIO()
        progress = Progress(size, stream)
        for record in range(2000):
            progress.update(record * 100)
        progress.clear()
        assert ("records" in stream.getvalue()) is shown

    @pytest.mark.parametrize(
        ("elapsed", "expected"),
        [
            (1.0, "1,000 records, 1,000 records/s, 0:09 left"),
            (400.0, "1,000 records, 2 records/s, 1:00:00 left"),
        ],
        ids=["seconds", "hours"],
    )
    def test_rate_and_time_left(self, elapsed: float, expected: str) -> None:
        """The bar shows records per second and the time left."""
        clock = FakeClock()
        stream = FakeTerminal()
        progress = Progress(1_000_000, stream, clock)
        for _ in range(999):
            progress.update(100)
        clock.now = elapsed
        progress.update(100)
        assert stream.getvalue() == (
            f"\r[##..................]  10% {expected}\033[K"
        )

    def test_counts_every_input(self) -> None:
        """The share read runs on from one input to the next."""
        line = f"{VALID_LINE:<599}\n".encode()  # 2,000 of them: 1.2 MB
        stream = FakeTerminal()
        progress = Progress(2000 * len(line), stream)
        for name in ("a", "b"):
            records = read_records(name, io.BytesIO(line * 1000), progress)
            assert len(list(records)) == 1000
        assert stream.getvalue().startswith("\r[##########..........]  50%")
        assert "[####################] 100% 2,000 records" in (
            stream.getvalue()
        )

    def test_no_standard_error(self) -> None:
        """With standard error closed, there is nothing to draw on."""
        progress = Progress(PROGRESS_THRESHOLD, None)
        for _ in range(2000):
            progress.update(100)
        progress.clear()
        assert not progress.enabled

    def test_terminal_gone(self) -> None:
        """A terminal that stops taking the bar ends it, quietly."""
        stream = BrokenTerminal()
        progress = Progress(PROGRESS_THRESHOLD, stream)
        for _ in range(2000):
            progress.update(100)
        progress.clear()
        assert (stream.writes, progress.enabled) == (1, False)

    def test_nothing_drawn_off_a_terminal(self, tmp_path: Path) -> None:
        """With standard error not a terminal, a large input draws nothing."""
        path = tmp_path / "records.jsonl"
        count = PROGRESS_THRESHOLD // len(VALID_LINE) + 1
        path.write_text(f"{VALID_LINE}\n" * count)
        result = run("validate", str(path))
        assert (result.returncode, result.stderr) == (0, "")


class BrokenTerminal(FakeTerminal):
    """A terminal that has gone: every write fails."""

    writes = 0

    def write(self, text: str, /) -> int:  # noqa: ARG002 (StringIO's)
        """Fail, as a terminal hung up does, counting the tries."""
        self.writes += 1
        raise OSError(5, "Input/output error")


class FakeClock:
    """A clock that moves only when a test moves it."""

    now = 0.0

    def __call__(self) -> float:
        """Tell the time the test set."""
        return self.now


class TestConventions:
    """Options and messages as check-jsonschema's and jq's users expect."""

    @pytest.mark.parametrize("flag", ["-V", "--version"])
    def test_version_flags(self, flag: str) -> None:
        """``-V`` is ``--version``."""
        result = run(flag)
        assert result.returncode == 0
        assert result.stdout.startswith("gafaelfawr-attrs ")

    @pytest.mark.parametrize("command", ["validate", "convert", "schema"])
    def test_bad_flag_shows_the_command_usage(self, command: str) -> None:
        """A flag the command does not take gets that command's usage."""
        result = run(command, "--bogus", stdin="")
        assert result.returncode == 2
        assert result.stderr.startswith(f"usage: gafaelfawr-attrs {command}")
        assert result.stderr.endswith(
            f"gafaelfawr-attrs {command}: error: unrecognized arguments:"
            " --bogus\n"
        )

    def test_missing_file_no_count(self) -> None:
        """A file that cannot be read gets its message, and no count."""
        result = run("validate", "/no/such/file")
        assert (result.returncode, result.stdout) == (2, "")

    @pytest.mark.parametrize(
        ("command", "status"), [("validate", 1), ("convert", 1)]
    )
    def test_quiet(self, records: Path, command: str, status: int) -> None:
        """``-q`` prints no report: the exit status says."""
        result = run(command, "-q", str(records))
        assert result.returncode == status
        assert result.stderr == ""
        if command == "validate":
            assert result.stdout == ""
        else:  # the valid records are still converted
            assert len(result.stdout.splitlines()) == 1

    @pytest.mark.parametrize(
        ("options", "drawn"),
        [([], True), (["--no-progress"], False), (["-q"], False)],
        ids=["default", "no-progress", "quiet"],
    )
    def test_progress_on_a_terminal(
        self,
        tmp_path: Path,
        options: list[str],
        drawn: bool,  # noqa: FBT001
    ) -> None:
        """A large input on a terminal gets a bar, unless told not to."""
        lines = (VALID_LINE + "\n") * (PROGRESS_THRESHOLD // len(VALID_LINE))
        path = tmp_path / "big.jsonl"
        path.write_text(lines)
        # The command as `python -m gafaelfawr_attrs` runs it, its
        # standard error a terminal.
        script = (
            "import contextlib, io, runpy, sys\n"
            "class Tty(io.StringIO):\n"
            "    def isatty(self): return True\n"
            "sys.stderr = Tty()\n"
            f"sys.argv = ['gafaelfawr-attrs', 'validate', *{options!r},"
            f" {str(path)!r}]\n"
            "with contextlib.suppress(SystemExit):\n"
            "    runpy.run_module('gafaelfawr_attrs', run_name='__main__')\n"
            "sys.__stdout__.write(repr(sys.stderr.getvalue()))\n"
        )
        result = subprocess.run(  # noqa: S603 (our own interpreter)
            [sys.executable, "-c", script],
            capture_output=True,
            encoding="utf-8",
            check=False,
            timeout=TIMEOUT,
        )
        assert result.stdout.endswith("''") is not drawn, result.stdout[-99:]

    @pytest.mark.parametrize(
        ("args", "field", "expected"),
        [
            ([], "created", "date-time"),
            (["--mode", "serialization"], "created", '"integer"'),
            (
                [
                    "--family",
                    "2024",
                    "--model",
                    "TokenBase",
                    "--mode",
                    "serialization",
                    "--to",
                    "epoch",
                ],
                "created",
                '"number"',
            ),
        ],
        ids=["validation", "serialization", "epoch"],
    )
    def test_schema_modes(
        self, args: list[str], field: str, expected: str
    ) -> None:
        """``schema --mode serialization`` describes what is written."""
        result = run("schema", *args)
        assert result.returncode == 0, result.stderr
        written = json.loads(result.stdout)["properties"][field]
        assert expected in json.dumps(written)


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class _Limit:
    """A nested model that takes unknown keys (a later release's)."""

    concurrent: int = attrs.field(
        metadata=describe(Integer(), title="Concurrent", description="c")
    )


_LIMIT = Model(_Limit)
_LIMITS = ModelMapping(_LIMIT)
_LIMIT_LIST = ModelList(_LIMIT)
_MAYBE_LIMIT = Nullable(_LIMIT)


def _to_limits(
    value: Mapping[str, _Limit], *, kind: Kind = _LIMITS
) -> Mapping[str, _Limit]:
    return kind.convert(value)  # type: ignore[return-value]


def _to_limit_list(
    value: Iterable[_Limit], *, kind: Kind = _LIMIT_LIST
) -> tuple[_Limit, ...]:
    return kind.convert(value)  # type: ignore[return-value]


def _to_maybe_limit(
    value: _Limit | None, *, kind: Kind = _MAYBE_LIMIT
) -> _Limit | None:
    return kind.convert(value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class _Limits:
    """A record holding nested models in each shape a field may hold them."""

    by_name: Mapping[str, _Limit] = attrs.field(
        converter=_to_limits,
        metadata=describe(title="By name", description="b"),
    )
    listed: tuple[_Limit, ...] = attrs.field(
        converter=_to_limit_list,
        metadata=describe(title="Listed", description="l"),
    )
    maybe: _Limit | None = attrs.field(
        default=None,
        converter=_to_maybe_limit,
        metadata=describe(title="Maybe", description="m"),
    )


def test_unknown_keys_kept_in_every_shape_of_nested_models() -> None:
    """Convert keeps a nested document's unknown keys, whatever holds it.

    In a mapping of models, a list of them and a nullable one, beside the
    values as written (a numeric string read as a number stays one).
    """
    later = {"concurrent": "5", "later_field": 1}
    data = {
        "by_name": {"svc": later},
        "listed": [later, {"concurrent": 2}],
        "maybe": later,
        "later_top": True,
    }
    converter = make_converter()
    written = converter.unstructure(converter.structure(data, _Limits))
    kept = {"concurrent": 5, "later_field": 1}
    assert with_unknown_keys(written, data, _Limits) == {
        "by_name": {"svc": kept},
        "listed": [kept, {"concurrent": 2}],
        "maybe": kept,
        "later_top": True,
    }
