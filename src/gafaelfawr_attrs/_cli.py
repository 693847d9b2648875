"""The ``gafaelfawr-attrs`` command: validate, convert and describe records.

Input is JSON Lines (one record per line) or JSON documents (one record, or
an array of records), from files or standard input.

The exit status is 0 when all is well, 1 when a record is invalid and 2 for
a mistake of the user's, an input that cannot be read or an output that
cannot be written (standard output or input closed included). When the
reader of the output goes away (as in ``gafaelfawr-attrs convert ... | head
-1``) the command stops quietly with status 141, as a Unix tool killed by
``SIGPIPE`` does. Standard error only takes messages: closed, or failing,
it loses them, and changes neither standard output nor the status.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.metadata
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any, Final, Literal, NoReturn, get_args

import attrs

from . import _current_models as current
from . import _models as family_2024
from ._converter import ModelConverter, make_converter
from ._datetime import DatetimeFormat
from ._errors import ValidationError, json_invalid_error
from ._fields import (
    field_spec,
    is_package_model,
    nested_model,
)
from ._json import backend
from ._json_stdlib import STDLIB
from ._schema import SchemaMode, json_schema

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["main"]

PROGRAM: Final = "gafaelfawr-attrs"

DEFAULT_MODEL: Final = "TokenData"
"""The model of a record without ``--model``: a token's record in Redis."""


def _models_of(family: ModuleType) -> dict[str, type[attrs.AttrsInstance]]:
    """Return a family's models by name: those its module exports.

    The default model first (the command's menu shows it first), then the
    others by name.
    """
    exported = (getattr(family, name) for name in family.__all__)
    models = {
        model.__name__: model for model in exported if is_package_model(model)
    }
    return {DEFAULT_MODEL: models.pop(DEFAULT_MODEL), **models}


FAMILIES: Final = {
    "current": _models_of(current),
    "2024": _models_of(family_2024),
}
"""The models the command knows, by family and name; the first family and
each family's first model are the defaults. The current family reads what
every release of the service since 2024 wrote; the 2024 family, what
release 10.1 wrote."""

DEFAULT_FAMILY: Final = "current"
"""The family of a model that both families have, without ``--family``."""

MODEL_NAMES: Final = tuple(
    dict.fromkeys(name for models in FAMILIES.values() for name in models)
)
"""Every model name ``--model`` takes, in either family."""


PROGRESS_THRESHOLD: Final = 1_000_000
"""Inputs of at least this many bytes get a progress bar on a terminal."""

_PROGRESS_EVERY: Final = 1000
"""Records between two updates of the progress bar."""

_BAR_WIDTH: Final = 20
"""Characters of the progress bar, leaving room for the rate and time."""

_READER_GONE: Final = 141
"""Exit status when the output's reader has gone: 128 + ``SIGPIPE``."""

_WORDS: Final = ("true", "false", "null")
"""JSON's literal names, which a text may stop in the middle of."""

_BYTE_ORDER_MARK: Final = b"\xef\xbb\xbf"
"""UTF-8's byte-order mark, allowed at the very start of each input."""

_JSON_WHITESPACE: Final = b" \t\r\n"
"""The characters JSON allows between its tokens."""

DOCUMENT_CHECK_GROWTH: Final = 4
"""How many times over a document read grows between two checks of it.

Each check parses all that has been read; a larger factor costs less
parsing on a long document, and holds more of an input that turns out not
to be one: at most this many times the text that could begin one.
"""


class UsageError(Exception):
    """A mistake of the user's, reported in one line with status 2."""


@dataclass(frozen=True)
class Record:
    """One record of the input and where it came from."""

    file: str
    """The input's name: the file's as given, or ``<stdin>``."""

    line: int | None
    """The record's line, unless it is an item of a multi-line document."""

    item: int | None
    """The record's place in a JSON array, counted from 1, if it is in one."""

    text: bytes | None
    """The record's JSON text, when it is a line of its own."""

    data: object = None
    """The parsed record, when it came from a JSON document."""

    @property
    def where(self) -> str:
        """``FILE:LINE``, ``FILE: record N`` or ``FILE:LINE: record N``."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return where if self.item is None else f"{where}: record {self.item}"


class Progress:
    """A progress bar on standard error, shown only where it helps.

    It shows the share of the input read, the records, their rate and the
    time left, estimated from the bytes read so far.

    Parameters
    ----------
    total
        Bytes of input, if known.
    stream
        Where to draw it: `None` if standard error is closed. A stream that
        fails to write ends the bar.
    clock
        Seconds from any start, never going back.
    """

    def __init__(
        self,
        total: int | None,
        stream: IO[str] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total or 0
        self.stream = stream
        self.clock = clock
        self.enabled = (
            stream is not None
            and stream.isatty()
            and self.total >= PROGRESS_THRESHOLD
        )
        self.records = 0
        self.done = 0
        self.start = clock()

    def update(self, read: int) -> None:
        """Count one record, redrawing now and then.

        Parameters
        ----------
        read
            Bytes of input read for this record, since the last update.
        """
        self.records += 1
        self.done += read
        if not self.enabled or self.records % _PROGRESS_EVERY:
            return
        share = min(self.done / self.total, 1.0)
        filled = int(share * _BAR_WIDTH)
        bar = "#" * filled + "." * (_BAR_WIDTH - filled)
        line = f"\r[{bar}] {share:4.0%} {self.records:,} records"
        elapsed = self.clock() - self.start
        if elapsed > 0 and self.done:
            rate = self.records / elapsed
            left = elapsed * (self.total - self.done) / self.done
            line += f", {rate:,.0f} records/s, {_duration(left)} left"
        self._draw(line + "\033[K")

    def clear(self) -> None:
        """Clear the bar, before other output; it comes back on update."""
        if self.enabled:
            self._draw("\r\033[K")

    def _draw(self, text: str) -> None:
        """Write on the terminal, or end the bar if it cannot take it."""
        if self.stream is None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False


def _duration(seconds: float) -> str:
    """Write a duration as ``M:SS``, or ``H:MM:SS`` from an hour."""
    minutes, seconds = divmod(max(round(seconds), 0), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02}:{seconds:02}"
    return f"{minutes}:{seconds:02}"


def _check_standard_input(paths: Sequence[str]) -> None:
    """Refuse to read standard input where there is none."""
    if (not paths or "-" in paths) and sys.stdin is None:
        msg = "there is no standard input to read"
        raise UsageError(msg)


class Inputs:
    """The named inputs, each opened when its turn comes and read once.

    An input that cannot be opened is reported on standard error, with the
    others still read; `unreadable` counts them. A named pipe gives its
    contents to one reader once, so nothing is opened before its turn.

    Parameters
    ----------
    paths
        The files named (``-`` or none: standard input).
    progress
        The progress bar, cleared before each report.
    """

    def __init__(self, paths: Sequence[str], progress: Progress) -> None:
        self.paths = paths
        self.progress = progress
        self.unreadable = 0
        """How many inputs could not be read (or not to their end)."""
        self.read = 0
        """How many inputs were read to their end."""

    def records(self) -> Iterator[Record]:
        """Yield the records of every readable input, in order."""
        for path in self.paths or ["-"]:
            if path == "-":
                yield from self._read("<stdin>", sys.stdin.buffer)
                continue
            try:
                handle = Path(path).open("rb")  # noqa: SIM115 (closed below)
            except OSError as error:
                self._unreadable(path, error)
                continue
            with handle:
                yield from self._read(path, handle)

    def _read(self, name: str, handle: IO[bytes]) -> Iterator[Record]:
        """Yield the records of one input, up to an error reading it."""
        try:
            yield from _records(name, handle, self.progress)
        except OSError as error:
            # Reading failed (as on standard input open only for writing);
            # the reader's own errors, writing, are not thrown in here.
            self._unreadable(name, error)
        else:
            self.read += 1

    def _unreadable(self, name: str, error: OSError) -> None:
        self.unreadable += 1
        self.progress.clear()
        _complain(f"cannot read {name}: {error.strerror or error}")


def _records(
    name: str, handle: IO[bytes], progress: Progress
) -> Iterator[Record]:
    """Yield the records of one input, as JSON Lines or as a document.

    The first line that is not blank decides. JSON Lines stream, one line
    at a time, whatever their errors. When that line opens a JSON document
    without closing it, as the first line of a pretty-printed record or
    array does, the input is read whole, unless the lines read stop being
    the start of one document (as JSON Lines after a first line cut short
    do): then they, and the rest, are JSON Lines after all.
    """
    skipped, first = _first_line(handle)
    if not first:
        return
    if _document_state(first) != "open":
        yield from _lines(name, skipped, _chain([first], handle), progress)
        return
    held = _read_document(first, handle)
    if not held.whole:
        lines = _chain(held.lines(), handle)
        yield from _lines(name, skipped, lines, progress)
        return
    try:
        document = STDLIB.read(held.text)
    except (ValueError, RecursionError):
        # Not one document after all: judge each line on its own.
        yield from _lines(name, skipped, held.lines(), progress)
        return
    if isinstance(document, list):
        size, count = held.size, len(document)
        for index, item in enumerate(document):
            # Each item is given its share of the bytes, read all at once.
            progress.update(
                size * (index + 1) // count - size * index // count
            )
            yield Record(name, None, index + 1, None, item)
    else:
        progress.update(held.size)
        yield Record(name, 1, None, None, document)


def _first_line(handle: IO[bytes]) -> tuple[int, bytes]:
    """Read up to the first line that is not blank.

    A byte-order mark at the very start of the input is dropped.

    Returns
    -------
    tuple of int and bytes
        The number of blank lines before that line, and the line (empty
        if the input holds nothing else).
    """
    blank = 0
    line = handle.readline().removeprefix(_BYTE_ORDER_MARK)
    while line and not line.strip():
        blank += 1
        line = handle.readline()
    return blank, line


@dataclass(frozen=True)
class _Blanks:
    """Lines of JSON whitespace alone, in a row: counted, not held."""

    lines: int
    """How many lines."""

    size: int
    """Their bytes."""


@dataclass(frozen=True)
class _Held:
    """The lines read as a JSON document, blank lines only counted."""

    text: bytes
    """The lines that are not JSON whitespace alone: the document's text."""

    blanks: list[tuple[int, _Blanks]]
    """Each run of blank lines left out, after its place in `text`."""

    whole: bool
    """Whether this is all of the input; if not, it cannot be a document."""

    @property
    def size(self) -> int:
        """Bytes read, blank lines included."""
        return len(self.text) + sum(run.size for _, run in self.blanks)

    def lines(self) -> Iterator[bytes | _Blanks]:
        """Yield the lines read, in order, each run of blank lines as one."""
        lines = io.BytesIO(self.text)
        for place, run in self.blanks:
            while lines.tell() < place:
                yield lines.readline()
            yield run
        yield from lines


def _json_blank(line: bytes) -> bool:
    """Tell whether a line holds nothing but JSON's whitespace."""
    return line.isspace() and not line.strip(_JSON_WHITESPACE)


def _read_document(first: bytes, handle: IO[bytes]) -> _Held:
    """Read the lines of a JSON document, while they can still be one.

    The text read is checked each time it has grown `DOCUMENT_CHECK_GROWTH`
    times over since the last check, so that the checks together parse at
    most 4/3 of the text. Lines that cannot go on from those before them (a
    second record of JSON Lines after a first line cut short) stop the
    reading: it holds at most that many times the text that could be the
    start of one JSON document, and a line. Lines of JSON whitespace alone
    change nothing in a document (its strings cannot hold a line break),
    so they are counted, not held.

    Parameters
    ----------
    first
        The first line, which opens a document.
    handle
        The rest of the input.

    Returns
    -------
    _Held
        The lines read; if not all of the input, they cannot be one
        document, and the rest of the input is still to read.
    """
    text = bytearray(first)
    blanks: list[tuple[int, _Blanks]] = []
    run_lines = run_size = 0
    checked = 0
    for line in handle:
        if _json_blank(line):
            run_lines += 1
            run_size += len(line)
            continue
        if run_lines:
            blanks.append((len(text), _Blanks(run_lines, run_size)))
            run_lines = run_size = 0
        text += line
        if len(text) >= DOCUMENT_CHECK_GROWTH * checked:
            if _document_state(text) == "broken":
                return _Held(bytes(text), blanks, whole=False)
            checked = len(text)
    if run_lines:
        blanks.append((len(text), _Blanks(run_lines, run_size)))
    return _Held(bytes(text), blanks, whole=True)


def _document_state(
    text: bytes | bytearray,
) -> Literal["whole", "open", "broken"]:
    """Tell whether whole lines are a JSON value, the start of one, or not.

    The JSON of the start of a value is cut short between two tokens, as a
    pretty-printer breaks lines; text with a mistake before its end is
    broken.
    """
    body = text.decode("utf-8", errors="replace").rstrip()
    try:
        json.loads(body)
    except json.JSONDecodeError as error:
        return "open" if error.pos == len(body) else "broken"
    except (ValueError, RecursionError):
        # Too deep, or an integer too long to read: each line is judged on
        # its own.
        return "broken"
    return "whole"


def _lines(
    name: str,
    skipped: int,
    lines: Iterable[bytes | _Blanks],
    progress: Progress,
) -> Iterator[Record]:
    """Yield each non-blank line as a record, numbered from the start.

    ``skipped`` blank lines came before the first of ``lines``, in which a
    run of blank lines may stand for them all. A line holding a JSON array
    gives one record per item.
    """
    number, read = skipped, 0
    for line in lines:
        if isinstance(line, _Blanks):
            number += line.lines
            read += line.size
            continue
        number += 1
        read += len(line)
        if not line.strip():
            continue
        progress.update(read)
        read = 0
        items = _array_items(line)
        if items is None:
            yield Record(name, number, None, line)
            continue
        for index, item in enumerate(items, start=1):
            yield Record(name, number, index, None, item)


def _array_items(line: bytes) -> list[Any] | None:
    """Return the items of a line holding a JSON array, else `None`."""
    if not line.lstrip().startswith(b"["):
        return None
    try:
        parsed = STDLIB.read(line)
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, list) else None


def _chain(
    first: Iterable[bytes | _Blanks], rest: Iterable[bytes]
) -> Iterator[bytes | _Blanks]:
    yield from first
    yield from rest


def _read(converter: ModelConverter, record: Record, model: type) -> Any:
    if record.text is not None:
        return converter.loads(record.text, model)
    return converter.structure(record.data, model)


def _problems(record: Record, error: ValidationError) -> list[dict[str, Any]]:
    """Return the problems of a record: location, message and type.

    Never the input, which may hold a secret. A line whose JSON stops
    before its value ends is said to be cut short, where the parser would
    name whatever it found in place of the rest.
    """
    details = error.errors()
    if record.text is not None and [d["type"] for d in details] == [
        "json_invalid"
    ]:
        end = _end_if_cut_short(record.text)
        if end is not None:
            line, column = end
            where = f"(line {line}, column {column})"
            details = [json_invalid_error(f"unexpected end of data {where}")]
    return [
        {
            "loc": list(detail["loc"]),
            "msg": detail["msg"],
            "type": detail["type"],
        }
        for detail in details
    ]


def _end_if_cut_short(text: bytes) -> tuple[int, int] | None:
    """Tell where a text ends if its JSON value stops before its end.

    The text is cut short when, blanks at its end left out, the parser
    wants more at its very end, is in a string still open there, or wants a
    value where the text stops partway through ``true``, ``false`` or
    ``null``.

    Returns
    -------
    tuple of int and int, or None
        The line and column just past the last character that is not blank,
        or `None` if the text is not cut short (or is not JSON for another
        reason, or not UTF-8).
    """
    try:
        body = text.decode("utf-8").rstrip()
        json.loads(body)
    except json.JSONDecodeError as error:
        rest = body[error.pos :]
        in_word = error.msg == "Expecting value" and any(
            word.startswith(rest) and word != rest for word in _WORDS
        )
        in_string = error.msg == "Unterminated string starting at"
        if rest and not in_word and not in_string:
            return None
    except (ValueError, RecursionError):
        return None  # not UTF-8, an integer too long, too deep
    else:
        return None
    return body.count("\n") + 1, len(body) - body.rfind("\n")


def _report_text(record: Record, problems: list[dict[str, Any]]) -> str:
    """Write a record's problems for a reader: a heading, one line each."""
    count = len(problems)
    lines = [f"{record.where}: {count} {_plural(count, 'error')}\n"]
    for problem in problems:
        where = ".".join(str(part) for part in problem["loc"]) or "(record)"
        lines.append(f"  {where}: {problem['msg']} [{problem['type']}]\n")
    return "".join(lines)


def _report_json(record: Record, problems: list[dict[str, Any]]) -> str:
    """Write a record's problems as one JSON object on a line of its own."""
    report: dict[str, Any] = {"file": record.file, "line": record.line}
    if record.item is not None:
        report["record"] = record.item
    report["errors"] = problems
    return json.dumps(report, ensure_ascii=False) + "\n"


def _total_size(paths: Sequence[str]) -> int | None:
    if not paths or "-" in paths:
        try:
            size = os.fstat(sys.stdin.fileno()).st_size
        except (OSError, ValueError):
            return None
        return size or None
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):  # reported when its turn comes
            total += Path(path).stat().st_size
    return total


def _model(args: argparse.Namespace) -> type[attrs.AttrsInstance]:
    """Return the model that ``--family`` and ``--model`` name.

    Without ``--family``, a model that only one family has (such as
    ``TokenGroup`` or ``UserInfo``) is that family's; any other, the
    current family's.
    """
    family = args.family
    if family is None:
        having = [
            name for name, models in FAMILIES.items() if args.model in models
        ]
        family = having[0] if len(having) == 1 else DEFAULT_FAMILY
    models = FAMILIES[family]
    if args.model is None:
        return next(iter(models.values()))
    if args.model not in models:
        msg = (
            f"{args.command}: {args.model} is not a model of the"
            f" {family} family (--family), which has"
            f" {', '.join(models)}"
        )
        raise UsageError(msg)
    return models[args.model]


def _progress(args: argparse.Namespace) -> Progress:
    """Return the progress bar, unless ``--no-progress`` or ``--quiet``."""
    shown = not (args.quiet or args.no_progress)
    return Progress(_total_size(args.files), sys.stderr if shown else None)


def _validate(args: argparse.Namespace) -> int:
    model = _model(args)
    _check_standard_input(args.files)
    converter = make_converter(forbid_extra_keys=args.strict)
    progress = _progress(args)
    inputs = Inputs(args.files, progress)
    report = _report_json if args.format == "json" else _report_text
    valid = invalid = 0
    for record in inputs.records():
        try:
            _read(converter, record, model)
        except ValidationError as error:
            invalid += 1
            progress.clear()
            if not args.quiet:
                sys.stdout.write(report(record, _problems(record, error)))
        else:
            valid += 1
    progress.clear()
    total = valid + invalid
    summary = (
        f"{total:,} {_plural(total, 'record')}: {valid:,} valid,"
        f" {invalid:,} invalid\n"
    )
    if args.quiet or not (inputs.read or total):
        return _status(inputs, invalid)  # nothing was read: no count
    if args.format == "json":
        _message(summary)
    else:
        sys.stdout.write(summary)
    return _status(inputs, invalid)


def _written_by_format(model: type[attrs.AttrsInstance]) -> bool:
    """Tell whether the datetime format changes what is written of a model.

    Not for a model without datetimes, or one that always writes them as
    whole seconds (as the service does): its schema of what is written is
    the same with either format.
    """
    return json_schema(
        model, "serialization", datetime_format="iso"
    ) != json_schema(model, "serialization", datetime_format="epoch")


def _convert(args: argparse.Namespace) -> int:
    model = _model(args)
    if args.to == "iso" and not _written_by_format(model):
        msg = (
            f"convert: --to iso does not apply to {model.__name__}, which"
            " writes no datetime as ISO 8601 (it has none, or writes them"
            " as whole seconds since the epoch, as the service does)"
        )
        raise UsageError(msg)
    _check_standard_input(args.files)
    converter = make_converter(
        datetime_format=args.to or "iso", forbid_extra_keys=args.strict
    )
    progress = _progress(args)
    inputs = Inputs(args.files, progress)
    json_backend = backend(converter.json_library)
    read, write = json_backend.read, json_backend.write
    invalid = 0
    for record in inputs.records():
        try:
            instance = _read(converter, record, model)
        except ValidationError as error:
            invalid += 1
            progress.clear()
            if not args.quiet:
                _message(_report_text(record, _problems(record, error)))
            continue
        # Read again for its unknown keys (valid: it was just read).
        data = record.data if record.text is None else read(record.text)
        written = with_unknown_keys(
            converter.unstructure(instance), data, model
        )
        sys.stdout.write(write(written) + "\n")  # JSON data: as dumps would
    progress.clear()
    if invalid and not args.quiet:
        noun = _plural(invalid, "record")
        _message(f"{invalid:,} invalid {noun} not converted\n")
    return _status(inputs, invalid)


def _status(inputs: Inputs, invalid: int) -> int:
    """Return the exit status: an unreadable input outranks invalid records."""
    if inputs.unreadable:
        return 2
    return 1 if invalid else 0


def with_unknown_keys(written: Any, data: object, model: type) -> Any:
    """Return a written record with the input's unknown keys kept.

    Keys that name no field (such as fields of later versions of the
    service) follow the known fields, with their values as given, in the
    record and in each nested record.

    Parameters
    ----------
    written
        The record as the converter writes it.
    data
        The input record.
    model
        The record's model.

    Returns
    -------
    object
        ``written``, or a copy holding the unknown keys too.
    """
    if type(written) is not dict or type(data) is not dict:
        return written
    result = written
    for attribute in _nested_fields(model):
        name = attribute.name
        held = written.get(name)
        given = data.get(name)
        spec = field_spec(attribute)
        if held is None or given is None or spec is None:
            continue
        # The field's kind pairs its nested documents with what was given.
        kept = spec.kind.with_documents(held, given, with_unknown_keys)
        if kept is not held:
            result = {**result, name: kept}
    names = _field_names(model)
    if names.issuperset(data):
        return result
    unknown = {key: value for key, value in data.items() if key not in names}
    return {**result, **unknown}


@functools.cache
def _field_names(model: type) -> frozenset[str]:
    """Return the names of a model's fields."""
    return frozenset(attribute.name for attribute in attrs.fields(model))


@functools.cache
def _nested_fields(model: type) -> tuple[attrs.Attribute[Any], ...]:
    """Return a model's fields that hold nested models."""
    return tuple(
        attribute
        for attribute in attrs.fields(model)
        if nested_model(attribute) is not None
    )


def _schema(args: argparse.Namespace) -> int:
    schema = json_schema(_model(args), args.mode, datetime_format=args.to)
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    return 0


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


class _VersionAction(argparse.Action):
    """Print the installed version and exit, looking it up only then."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,  # noqa: ARG002 (argparse's signature)
        values: object,  # noqa: ARG002
        option_string: str | None = None,  # noqa: ARG002
    ) -> None:
        try:
            version = importlib.metadata.version(PROGRAM)
        except importlib.metadata.PackageNotFoundError:
            parser.exit(2, f"{PROGRAM}: not installed, so no version\n")
        sys.stdout.write(f"{PROGRAM} {version}\n")
        sys.stdout.flush()  # failing here, where `main` reports it
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse's parser, with its streams held to the command's rules.

    Help goes to standard output and is flushed there, so that failing to
    write it is reported as any other output is; usage mistakes go to
    standard error alone, lost if it is closed (argparse itself would fall
    back on standard output).
    """

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """Write the help, on standard output unless told otherwise."""
        if file is not None:
            super().print_help(file)
            return
        sys.stdout.write(self.format_help())
        sys.stdout.flush()  # failing here, where `main` reports it

    def error(self, message: str) -> NoReturn:
        """Report a usage mistake on standard error, and exit with 2."""
        _message(self.format_usage())
        self.exit(2, f"{self.prog}: error: {message}\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        """Exit, with a message on standard error if it takes it."""
        if message:
            _message(message)
        sys.exit(status)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROGRAM,
        description="Validate, convert and describe Gafaelfawr token records.",
    )
    parser.add_argument(
        "-V",
        "--version",
        action=_VersionAction,
        nargs=0,
        help="print the installed version and exit",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    model_help = (
        "the record's model, in the chosen family (default: its record of a"
        f" token in Redis, {DEFAULT_MODEL})"
    )
    family_help = (
        "current reads what any release of the service since 2024 wrote;"
        " 2024 follows release 10.1 alone (default: the family of a model"
        " only one family has, else current)"
    )
    files_help = "JSON Lines or JSON files (default: standard input)"
    strict_help = (
        "report keys that name no field as errors (by default validate"
        " ignores them, and convert keeps them after the known fields)"
    )

    validate = commands.add_parser(
        "validate", help="report invalid records; exit 1 if any"
    )
    validate.add_argument("--model", choices=MODEL_NAMES, help=model_help)
    validate.add_argument("--family", choices=FAMILIES, help=family_help)
    validate.add_argument("--strict", action="store_true", help=strict_help)
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="how to report invalid records: text for a reader, or json:"
        " one object per record on a line of its own, with the count on"
        " standard error (default: %(default)s)",
    )
    _add_output_options(validate, "print nothing: the exit status says")
    validate.add_argument("files", nargs="*", metavar="FILE", help=files_help)
    validate.set_defaults(run=_validate, parser=validate)

    convert = commands.add_parser(
        "convert", help="rewrite records as JSON Lines on standard output"
    )
    convert.add_argument(
        "--to",
        choices=get_args(DatetimeFormat),
        help="how to write datetimes (default: iso); models that the"
        " service writes with whole seconds since the epoch always write"
        " them so, and refuse iso",
    )
    convert.add_argument("--model", choices=MODEL_NAMES, help=model_help)
    convert.add_argument("--family", choices=FAMILIES, help=family_help)
    convert.add_argument("--strict", action="store_true", help=strict_help)
    _add_output_options(
        convert, "report nothing on standard error: the exit status says"
    )
    convert.add_argument("files", nargs="*", metavar="FILE", help=files_help)
    convert.set_defaults(run=_convert, parser=convert)

    schema = commands.add_parser("schema", help="print a model's JSON schema")
    schema.add_argument("--model", choices=MODEL_NAMES, help=model_help)
    schema.add_argument("--family", choices=FAMILIES, help=family_help)
    schema.add_argument(
        "--mode",
        choices=get_args(SchemaMode),
        default="validation",
        help="validation describes what is read (to check input);"
        " serialization what convert and the library write (to check"
        " output, such as the service's own records: datetimes as numbers)"
        " (default: %(default)s)",
    )
    schema.add_argument(
        "--to",
        choices=get_args(DatetimeFormat),
        default="iso",
        help="with --mode serialization: the datetime format written, as"
        " convert's --to (default: %(default)s)",
    )
    schema.set_defaults(run=_schema, parser=schema)
    return parser


def _add_output_options(
    command: argparse.ArgumentParser, quiet_help: str
) -> None:
    """Add the options on what a command prints beyond its output."""
    command.add_argument("-q", "--quiet", action="store_true", help=quiet_help)
    command.add_argument(
        "--no-progress",
        action="store_true",
        help="never draw a progress bar (by default one is drawn on a"
        " terminal for inputs of a megabyte or more)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command.

    Parameters
    ----------
    argv
        The arguments, by default those of the process.

    Returns
    -------
    int
        The exit status: 0 when all is well, 1 when a record is invalid, 2
        for a usage mistake such as an unreadable file, or an output that
        cannot be written (standard output closed included), 141 when the
        output's reader has gone.
    """
    if sys.stdout is None:
        _complain("cannot write the output: standard output is closed")
        return 2
    try:
        args = _arguments(argv)
        status: int = args.run(args)
        sys.stdout.flush()
    except UsageError as error:
        _complain(str(error))
        return 2
    except KeyboardInterrupt:
        _complain("interrupted")
        return 130
    except BrokenPipeError:
        _discard_output()
        return _READER_GONE
    except OSError as error:
        _complain(f"cannot write the output: {error.strerror or error}")
        return 2
    return status


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the arguments; a mistake after a command gets its usage."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        command: argparse.ArgumentParser = args.parser
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def _complain(message: str) -> None:
    _message(f"{PROGRAM}: {message}\n")


def _message(text: str) -> None:
    """Write on standard error, unless it is closed or fails to write.

    Standard error only takes messages, which are then lost: standard
    output and the exit status never depend on it.
    """
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(text)
        sys.stderr.flush()


def _discard_output() -> None:
    """Send what is left of standard output to the null device.

    Python flushes standard output on exit; into a pipe whose reader has
    gone, that can print a complaint about a broken pipe.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
