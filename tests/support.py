"""Records, helpers and private names shared by the test modules.

Test modules import what they share from here and from `tests.strategies`,
never from each other. Every private name of the package that the tests
use is imported here and only here, so a renamed module inside the
package changes this one file.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import cattrs
import pydantic
import pytest

import pydantic_reference as reference
from gafaelfawr_attrs import (
    NotebookQuota,
    Quota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenType,
    TokenUserInfo,
    ValidationError,
    structure,
)
from gafaelfawr_attrs import _datetime as datetime_module
from gafaelfawr_attrs._cli import (
    DOCUMENT_CHECK_GROWTH,
    PROGRESS_THRESHOLD,
    Progress,
    main,
    with_unknown_keys,
)
from gafaelfawr_attrs._cli import _records as read_records
from gafaelfawr_attrs._datetime import (
    EXACT_MILLISECONDS,
    MILLISECONDS_THRESHOLD,
    format_epoch,
    format_iso,
    parse_datetime,
    parse_datetime_text,
)
from gafaelfawr_attrs._datetime import _parse_by_grammar as parse_by_grammar
from gafaelfawr_attrs._define import stored
from gafaelfawr_attrs._errors import FieldError
from gafaelfawr_attrs._fields import (
    FieldSpec,
    describe,
    field_spec,
    install_kinds,
    to_utc_datetime,
    to_utc_datetime_from_seconds,
)
from gafaelfawr_attrs._frozendict import FrozenDict
from gafaelfawr_attrs._kinds import (
    TIMESTAMP,
    Integer,
    Kind,
    Model,
    ModelList,
    ModelMapping,
    Nullable,
    Text,
)
from gafaelfawr_attrs._storage import filled_instance, storage_class

__all__ = [
    "CREATED",
    "DEFERRED",
    "DOCUMENT_CHECK_GROWTH",
    "EXACT_MILLISECONDS",
    "ISO_EXTENSIONS",
    "JSON_LIBRARIES",
    "MILLISECONDS_THRESHOLD",
    "ORIGINAL_SCHEMA_FILE",
    "PAIRS",
    "PROGRESS_THRESHOLD",
    "SCHEMA_FILE",
    "SECRET",
    "TIMESTAMP",
    "TOKEN_DATA_RECORD",
    "TOKEN_INFO_RECORD",
    "VALID",
    "FieldError",
    "FieldSpec",
    "FrozenDict",
    "Integer",
    "Kind",
    "Model",
    "ModelList",
    "ModelMapping",
    "Nullable",
    "Progress",
    "Text",
    "as_utc",
    "break_reading_of_rarer_datetimes",
    "describe",
    "documented_differences",
    "examples",
    "field_spec",
    "filled_instance",
    "format_epoch",
    "format_iso",
    "hooks_registered",
    "install_kinds",
    "locations",
    "main",
    "make_token",
    "parse_by_grammar",
    "parse_datetime",
    "parse_datetime_text",
    "pydantic_datetime",
    "read_hour_24_as_later_pythons",
    "read_records",
    "reference_outcome",
    "storage_class",
    "stored",
    "structure_outcome",
    "to_utc_datetime",
    "to_utc_datetime_from_seconds",
    "with_unknown_keys",
]


def hooks_registered(converter: cattrs.Converter) -> tuple[int, int]:
    """Return how many hooks a converter's dispatch holds.

    The tests' one look inside cattrs: hooks piling up in copies of copies
    (each holding its original's again) change nothing else a test can
    see until memory runs out.

    Parameters
    ----------
    converter
        A cattrs converter.

    Returns
    -------
    tuple of int
        Its structure hooks and its unstructure hooks, factories included.
    """
    return (
        converter._structure_func.get_num_fns(),  # noqa: SLF001
        converter._unstructure_func.get_num_fns(),  # noqa: SLF001
    )


SCHEMA_FILE = Path(__file__).parent / "data" / "tokenbase.schema.json"
"""Gafaelfawr's published schema of ``TokenBase``, shipped with the tests."""

ORIGINAL_SCHEMA_FILE = (
    Path(__file__).parents[2] / "shared" / "seed" / "tokenbase.schema.json"
)
"""Where the original of `SCHEMA_FILE` lies in the maintainers' workspace.

The project was created from a document holding Gafaelfawr's ``TokenBase``
model and its schema, kept beside the repository as
``shared/seed/tokenbase.schema.json``; a clone of the repository alone does
not have it.
"""

JSON_LIBRARIES: tuple[Any, ...] = ("json", "msgspec")
"""The JSON libraries a converter can use, both installed for the tests."""

CREATED = datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)
"""The creation time of the example records, ``1614986130``."""

VALID = {
    "username": "someuser",
    "token_type": "session",
    "scopes": ["read:all", "user:token"],
    "created": 1614986130,
    "expires": "2021-03-29T02:48:50Z",
}
"""A valid `TokenBase` as JSON data, with both forms of datetime."""

SECRET = "12345678901234567890ab"
"""The secret of the token in `TOKEN_DATA_RECORD`."""

TOKEN_DATA_RECORD = """\
{"token": {"key": "5KVApqcVbSQWtO3VIRgOhQ",
           "secret": "12345678901234567890ab"},
 "username": "someuser", "token_type": "session",
 "scopes": ["read:all", "user:token"],
 "created": 1614986130, "expires": 1616986130, "name": "Alice Example",
 "email": "alice@example.com", "uid": 4123, "gid": 4123,
 "groups": [{"name": "g_special_users", "id": 123181}], "quota": null}
"""
"""The spec's example of a TokenData record."""

TOKEN_INFO_RECORD = """\
{"username": "someuser", "token_type": "user", "scopes": ["read:all"],
 "created": 1614986130, "expires": null, "token": "5KVApqcVbSQWtO3VIRgOhQ",
 "token_name": "laptop token", "service": null, "last_used": 1614990000,
 "parent": null}
"""
"""The spec's example of a TokenInfo record."""

PAIRS: dict[Any, Any] = {
    TokenData: reference.TokenData,
    TokenInfo: reference.TokenInfo,
    TokenUserInfo: reference.TokenUserInfo,
    TokenGroup: reference.TokenGroup,
    Quota: reference.Quota,
    NotebookQuota: reference.NotebookQuota,
    Token: reference.Token,
}
"""Each model of the family beyond `TokenBase` and its Pydantic twin."""

ISO_EXTENSIONS = re.compile(
    r"[0-9]{4}-?W[0-9]{2}.*|[0-9]{4}-[0-9]{3}(T.*)?|[0-9]{8}T.*"
)
"""The ISO 8601 forms this package reads and Pydantic does not (README)."""

_DATETIME = pydantic.TypeAdapter(datetime)


def break_reading_of_rarer_datetimes(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make the package's reading of some datetimes raise a `TypeError`.

    As a mistake of the package's own code would; undone with the test.

    Returns
    -------
    str
        A datetime text whose reading then raises.
    """

    def mistaken(*_: str) -> datetime:
        msg = "a mistake of the package"
        raise TypeError(msg)

    # What the reading of numeric strings with a point calls (the common
    # forms' lines hold their own reference to the reader of JSON floats).
    monkeypatch.setattr(datetime_module, "from_epoch_float", mistaken)
    return "1614986130.5"


class _ReadsHour24(datetime):
    """A `datetime` whose `fromisoformat` reads hour 24, as later Pythons."""

    @classmethod
    def fromisoformat(cls, text: str) -> Any:
        if text[11:13] == "24":
            text = text[:11] + "00" + text[13:]
            return datetime.fromisoformat(text) + timedelta(days=1)
        return datetime.fromisoformat(text)


def read_hour_24_as_later_pythons(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the package see a `fromisoformat` that reads hour 24 (3.13's).

    On the Python running the tests, for the converters the test makes
    from now on (which die with it); undone with the test. The readers
    built once for the whole process are built first, as they are, so
    that none keeps the stand-in.
    """
    for extensions in (True, False):
        parse_datetime_text("2021-03-05T23:15:30Z", extensions=extensions)
    monkeypatch.setattr(datetime_module, "datetime", _ReadsHour24)
    monkeypatch.setattr(datetime_module, "FROMISOFORMAT_READS_HOUR_24", True)


_Model = TypeVar("_Model")


def make_token(**changes: Any) -> TokenBase:
    """Build a valid token, with some fields changed.

    Parameters
    ----------
    **changes
        Constructor arguments replacing those of the valid token.

    Returns
    -------
    TokenBase
        The token.
    """
    values: dict[str, Any] = {
        "username": "someuser",
        "token_type": TokenType.session,
        "scopes": ["read:all", "user:token"],
        "created": CREATED,
    }
    values.update(changes)
    return TokenBase(**values)


def locations(error: ValidationError) -> list[tuple[str | int, ...]]:
    """Return the location of each problem an error reports, in order.

    Parameters
    ----------
    error
        The error.

    Returns
    -------
    list of tuple
        The ``loc`` of each of its details.
    """
    return [detail["loc"] for detail in error.errors()]


def structure_outcome(
    model: type[_Model], data: object
) -> _Model | ValidationError:
    """Return what `structure` makes of data: an instance, or the error.

    Parameters
    ----------
    model
        The model to structure into.
    data
        The JSON data.

    Returns
    -------
    object
        The instance of ``model``, or the `ValidationError` raised.
    """
    try:
        return structure(data, model)
    except ValidationError as error:
        return error


def reference_outcome(model: Any, data: object) -> object:
    """Return what Pydantic makes of data for the twin of a family model.

    Parameters
    ----------
    model
        A model of `PAIRS`.
    data
        The JSON data.

    Returns
    -------
    object
        The instance of the Pydantic twin, or Pydantic's error.
    """
    try:
        return PAIRS[model].model_validate(data)
    except pydantic.ValidationError as error:
        return error


def pydantic_datetime(value: object) -> datetime | pydantic.ValidationError:
    """Return what Pydantic makes of a value for a datetime field.

    Parameters
    ----------
    value
        The JSON value.

    Returns
    -------
    datetime or pydantic.ValidationError
        The datetime, as Pydantic holds it, or Pydantic's error.
    """
    try:
        return _DATETIME.validate_python(value)
    except pydantic.ValidationError as error:
        return error


def as_utc(value: datetime) -> datetime | None:
    """Return the UTC instant of a Pydantic datetime, None if UTC cannot.

    Parameters
    ----------
    value
        A datetime as Pydantic holds it, naive meaning UTC.

    Returns
    -------
    datetime or None
        The same instant in UTC, or None outside UTC's years 1 to 9999.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return None


def documented_differences(
    data: dict[str, Any], keys: tuple[str, ...] = ("created", "expires")
) -> tuple[set[str], set[str]]:
    """Return the fields under the differences of docs/behaviour.md.

    Parameters
    ----------
    data
        The JSON object given to both implementations.
    keys
        The datetime fields of the model.

    Returns
    -------
    tuple of set
        The fields holding ISO 8601 forms that only this package reads, and
        the fields holding instants that UTC cannot hold.
    """
    extensions = set()
    out_of_utc = set()
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and ISO_EXTENSIONS.fullmatch(value):
            extensions.add(key)
        result = pydantic_datetime(value)
        if isinstance(result, datetime) and as_utc(result) is None:
            out_of_utc.add(key)
    return extensions, out_of_utc


DEEP: bool = os.environ.get("HYPOTHESIS_PROFILE") == "deep"
"""Whether the deep Hypothesis profile runs (CI's second pass)."""


def examples(count: int) -> int:
    """Return how many examples a property test runs.

    Parameters
    ----------
    count
        The examples under the deep profile.

    Returns
    -------
    int
        ``count`` under the deep profile; an eighth of it (at least 20)
        otherwise, so that the README's test command stays short.
    """
    return count if DEEP else max(count // 8, 20)


DEFERRED = (
    "dateutil",
    "decimal",
    "gafaelfawr_attrs._json_msgspec",
    "gafaelfawr_attrs._json_stdlib",
    "gafaelfawr_attrs._msgspec_gen",
    "gafaelfawr_attrs._schema",
    "gafaelfawr_attrs._structure_gen",
    "gafaelfawr_attrs._translate",
    "gafaelfawr_attrs._unstructure_gen",
    "hmac",
    "json",
    "msgspec",
    "secrets",
)
"""Modules that importing the package (and asking a converter's JSON
library) must not load: each is loaded where it is first needed."""
