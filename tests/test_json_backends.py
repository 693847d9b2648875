"""The standard-library and msgspec JSON paths read and write alike."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pydantic
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import pydantic_reference as reference
from gafaelfawr_attrs import (
    ModelConverter,
    TokenBase,
    TokenData,
    TokenInfo,
    ValidationError,
    make_converter,
    structure,
)

from .strategies import json_values, token_bases, token_inputs
from .support import (
    CREATED,
    JSON_LIBRARIES,
    TOKEN_DATA_RECORD,
    TOKEN_INFO_RECORD,
    VALID,
    as_utc,
    examples,
)

CONVERTERS = {
    datetime_format: (
        make_converter(datetime_format=datetime_format, json_library="json"),
        make_converter(
            datetime_format=datetime_format, json_library="msgspec"
        ),
    )
    for datetime_format in ("iso", "epoch")
}
"""Converters on the standard library and on msgspec, by datetime format."""


def _read(converter: ModelConverter, text: str | bytes) -> object:
    """Return what `loads` makes of text, or the kinds of its errors."""
    try:
        return converter.loads(text, TokenBase)
    except ValidationError as error:
        return {detail["type"] for detail in error.errors()}


def _outcome(read: Any) -> object:
    """Return a result, or the details of the error raised instead."""
    try:
        return read()
    except ValidationError as error:
        return error.errors()


def _default_time_set(outcome: object, data: dict[str, Any]) -> object:
    """Return an outcome, the time of reading set where it is a default.

    A record without ``created`` is made at the time it is read: two
    reads a second apart differ there and nowhere else.
    """
    if "created" in data:
        return outcome
    if isinstance(outcome, TokenBase):
        return attrs.evolve(outcome, created=CREATED)
    if isinstance(outcome, list):
        return [_default_time_set(item, data) for item in outcome]
    return outcome


class TestLibraryChoice:
    """Converters use the JSON library asked for, msgspec by default."""

    def test_backends_in_use(self) -> None:
        """The converters under test use the libraries they are meant to."""
        stdlib, fast = CONVERTERS["iso"]
        assert (stdlib.json_library, fast.json_library) == ("json", "msgspec")
        assert make_converter().json_library == "msgspec"  # the test extra

    def test_unknown_library_refused(self) -> None:
        """An unknown JSON library is refused when the converter is made."""
        with pytest.raises(ValueError, match="'auto', 'json' or 'msgspec'"):
            make_converter(json_library="orjson")  # type: ignore[arg-type]


class TestSameWriting:
    """Both libraries write the same text."""

    @pytest.mark.parametrize("datetime_format", ["iso", "epoch"])
    @given(token=token_bases)
    def test_tokens_and_lists(
        self, datetime_format: str, token: TokenBase
    ) -> None:
        """Both paths write the same text, for one token and for a list."""
        stdlib, fast = CONVERTERS[datetime_format]
        assert stdlib.dumps(token) == fast.dumps(token)
        assert stdlib.dumps([token, token]) == fast.dumps([token, token])


class TestSameReading:
    """Both libraries read any text alike."""

    @given(json_values, st.booleans())
    @settings(max_examples=examples(300))
    def test_any_json_document(
        self,
        value: object,
        ascii_only: bool,  # noqa: FBT001
    ) -> None:
        """Any JSON document is read the same way by both paths."""
        stdlib, fast = CONVERTERS["iso"]
        text = json.dumps(value, ensure_ascii=ascii_only)
        assert _read(stdlib, text) == _read(fast, text)
        assert _read(stdlib, text.encode()) == _read(fast, text.encode())

    @pytest.mark.parametrize(
        "text",
        [
            b'{"username": "\\ud800", "token_type": "user", "scopes": []}',
            '{"username": "\ud800", "token_type": "user", "scopes": []}',
            (
                b'{"username": "\xed\xa0\x80", "token_type": "user", '
                b'"scopes": []}'
            ),
            (
                b'{"username": "u", "token_type": "user", "scopes": [], '
                b'"created": 1e999}'
            ),
            b'{"created": NaN}',
            b"\xef\xbb\xbf{}",
            (
                '{"username": "\\ud83d\\ude00", "token_type": "user", '
                '"scopes": []}'
            ),
            b"\xff\xfe{\x00}\x00",
            (
                b'{"username": "u", "token_type": "user", "scopes": [], '
                b'"x": 1e400}'
            ),
            (
                b'{"username": "u", "token_type": "user", "scopes": [], '
                b'"x": "\xff"}'
            ),
            (
                b'{"username": "u", "token_type": "user", "scopes": [], '
                b'"\xc3": 1}'
            ),
            (
                '{"username": "u", "token_type": "user", "scopes": [], '
                '"x": [' + "9" * 4301 + "]}"
            ),
        ],
        ids=[
            "escaped-lone-surrogate",
            "raw-lone-surrogate",
            "surrogate-bytes",
            "overflowing-float",
            "nan",
            "byte-order-mark",
            "surrogate-pair",
            "utf-16",
            "overflow-in-unknown-key",
            "invalid-utf8-in-unknown-value",
            "invalid-utf8-in-unknown-key",
            "long-integer-in-unknown-key",
        ],
    )
    def test_edge_cases(self, text: str | bytes) -> None:
        """Unpaired surrogates, NaN, huge floats and non-UTF-8 alike."""
        stdlib, fast = CONVERTERS["iso"]
        assert _read(stdlib, text) == _read(fast, text)

    @given(st.text(max_size=40) | st.binary(max_size=40))
    @settings(max_examples=examples(300))
    def test_any_text(self, text: str | bytes) -> None:
        """Arbitrary text is valid for both paths or for neither."""
        stdlib, fast = CONVERTERS["iso"]
        assert _read(stdlib, text) == _read(fast, text)


class TestTypedDecoding:
    """msgspec's typed decoding agrees with parsing then structuring."""

    @pytest.mark.parametrize("forbid_extra_keys", [False, True])
    @given(data=token_inputs())
    @settings(max_examples=examples(500))
    def test_matches_general_path(
        self,
        forbid_extra_keys: bool,  # noqa: FBT001
        data: dict[str, Any],
    ) -> None:
        """Typed decoding gives what parsing then structuring gives."""
        converter = make_converter(forbid_extra_keys=forbid_extra_keys)
        assert converter.json_library == "msgspec"
        text = json.dumps(data)
        # NaN and infinities are not JSON (json.dumps writes them anyway).
        assume("NaN" not in text and "Infinity" not in text)
        typed = _outcome(lambda: converter.loads(text, TokenBase))
        general = _outcome(
            lambda: converter.structure(json.loads(text), TokenBase)
        )
        assert _default_time_set(typed, data) == _default_time_set(
            general, data
        )
        records = json.dumps([data, data])
        typed = _outcome(lambda: converter.loads(records, list[TokenBase]))
        general = _outcome(
            lambda: converter.structure(json.loads(records), list[TokenBase])
        )
        assert _default_time_set(typed, data) == _default_time_set(
            general, data
        )


PIECES = [
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"9" * 4301,
    b'"\\ud800"',
    b"NaN",
    b"1e400",
    b"\x00",
    b"\\",
    b'"',
    b"{",
    b"]",
    b",",
    b'"x":',
    b"\xef\xbb\xbf",
    "\u00e9".encode(),
    b"0",
    b"-",
]
"""Bytes that JSON readers are known to treat differently."""


@pytest.mark.parametrize(
    ("model", "record"),
    [
        (TokenData, TOKEN_DATA_RECORD),
        (TokenInfo, TOKEN_INFO_RECORD),
        (TokenBase, TOKEN_DATA_RECORD),
    ],
    ids=["token-data", "token-info", "token-base"],
)
@given(data=st.data())
@settings(max_examples=examples(200))
def test_damaged_records_same_verdict(
    model: Any, record: str, data: st.DataObject
) -> None:
    """Records with bytes inserted or cut get the same outcome from both."""
    damaged = bytearray(record.encode())
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(damaged)))
        if data.draw(st.booleans()):
            del damaged[position : position + data.draw(st.integers(1, 5))]
        else:
            damaged[position:position] = data.draw(st.sampled_from(PIECES))
    for text in (bytes(damaged), b"[" + damaged + b"]"):
        many = text.startswith(b"[") and not damaged.startswith(b"[")
        target = list[model] if many else model
        for form in (text, text.decode(errors="surrogateescape")):
            stdlib, fast = CONVERTERS["epoch"]
            assert _rewritten(stdlib, form, target) == _rewritten(
                fast, form, target
            )


def _rewritten(
    converter: ModelConverter, text: str | bytes, cls: Any
) -> object:
    """Return what reading then writing a text gives, or the errors."""
    return _outcome(lambda: converter.dumps(converter.loads(text, cls)))


def test_long_digit_runs_checked_in_linear_time() -> None:
    """Long runs of digits do not make the check quadratic.

    A search restarting at every digit of a 4,300-digit run took 16 s on
    this text; linear, it takes milliseconds. Run apart, so that a
    regression fails at the generous timeout instead of hanging the suite.
    """
    script = (
        "import gafaelfawr_attrs as g\n"
        "text = '[' + ','.join(['9' * 4300] * 400) + ']'\n"
        "for library in ('json', 'msgspec'):\n"
        "    converter = g.make_converter(json_library=library)\n"
        "    try:\n"
        "        converter.loads(text, list[g.TokenData])\n"
        "    except g.ValidationError as error:\n"
        "        print(error.error_count())\n"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, our script)
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout == "400\n400\n"


LONG_RUN = "1" * (sys.get_int_max_str_digits() + 1)
"""More digits than Python reads as one integer."""

DIGITS_IN_STRINGS: dict[str, dict[str, Any]] = {
    "scope": {**VALID, "scopes": [LONG_RUN]},
    "ignored-key": {**VALID, "note": "7" * 5000},
    "key": {**VALID, LONG_RUN: 1},
    "after-escaped-quote": {**VALID, "scopes": ['"' + LONG_RUN]},
    "after-escaped-backslash": {**VALID, "scopes": ["\\", LONG_RUN]},
    "between-escapes": {**VALID, "note": '\\"\\' + LONG_RUN + '\\"'},
    "non-ascii": {**VALID, "note": "\u00e9" + LONG_RUN},
}
"""Valid records with more digits in a row than Python reads, in strings."""


class TestDigitsInStrings:
    """Digits in strings are text, however many: only numbers are limited."""

    @pytest.mark.parametrize("form", [str, str.encode], ids=["str", "bytes"])
    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        "data", DIGITS_IN_STRINGS.values(), ids=DIGITS_IN_STRINGS
    )
    def test_records_read_back(
        self, data: dict[str, Any], library: Any, form: Any
    ) -> None:
        """A record written with long digit runs in strings reads back."""
        converter = make_converter(json_library=library)
        token = structure(data, TokenBase)
        written = converter.dumps(token)
        assert converter.loads(form(written), TokenBase) == token
        assert converter.loads(form(f"[{written}]"), list[TokenBase]) == [
            token
        ]
        text = json.dumps(data, ensure_ascii=False)
        assert converter.loads(form(text), TokenBase) == token
        reference.TokenBase.model_validate_json(text)  # Pydantic reads it

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        "text",
        [
            '{"note": "\\\\", "x": ' + LONG_RUN + "}",
            '{"note": "\\"' + LONG_RUN + '", "x": [1, -' + LONG_RUN + "]}",
            '{"' + LONG_RUN + '": ' + LONG_RUN + "}",
            '["' + LONG_RUN + '",\n' + LONG_RUN + "]",
        ],
        ids=[
            "after-escaped-backslash",
            "after-escaped-quote",
            "after-key",
            "next-line",
        ],
    )
    def test_long_numbers_still_refused(self, text: str, library: Any) -> None:
        """A number of more digits than Python reads is refused, located."""
        converter = make_converter(json_library=library)
        start = text.rindex(LONG_RUN)
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        limit = sys.get_int_max_str_digits()
        message = (
            f"Invalid JSON: Integer of more than {limit} digits:"
            f" line {line} column {column} (char {start})"
        )
        for form in (text, text.encode()):
            with pytest.raises(ValidationError) as info:
                converter.loads(form, TokenBase)
            assert [detail["msg"] for detail in info.value.errors()] == [
                message
            ]
        with pytest.raises(pydantic.ValidationError):  # so does Pydantic
            reference.TokenBase.model_validate_json(text)

    def test_command_finds_records_valid(self, tmp_path: Path) -> None:
        """The command finds records with long digit runs in strings valid."""
        path = tmp_path / "records.jsonl"
        lines = [json.dumps(data) for data in DIGITS_IN_STRINGS.values()]
        path.write_text("\n".join(lines) + "\n")
        command = ["validate", "--model", "TokenBase", str(path)]
        result = subprocess.run(  # noqa: S603 (this interpreter, our module)
            [sys.executable, "-m", "gafaelfawr_attrs", *command],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        count = len(lines)
        assert result.stdout == f"{count} records: {count} valid, 0 invalid\n"
        assert result.returncode == 0


LONG_DIGITS = sys.get_int_max_str_digits() + 1
"""More digits than Python reads as one integer, in fractions and exponents."""

LONG_FRACTIONS_AND_EXPONENTS: dict[str, tuple[str, str]] = {
    "created-fraction": ("created", "1614986130." + "0" * LONG_DIGITS),
    "created-exponent": ("created", "1.614986130e" + "0" * LONG_DIGITS + "9"),
    "zero-point": ("x", "0." + "5" * LONG_DIGITS),
    "exponent": ("x", "1e" + "0" * LONG_DIGITS + "1"),
    "negative-exponent": ("x", "1E-" + "9" * LONG_DIGITS),
    "signed-exponent": ("x", "-1.5e+" + "0" * LONG_DIGITS + "1"),
    "fraction-and-exponent": (
        "x",
        "1." + "0" * LONG_DIGITS + "e" + "0" * LONG_DIGITS,
    ),
    "in-list-after-number": ("x", "[1, 0." + "1" * LONG_DIGITS + "]"),
    "whole-part-at-limit": ("x", "1" * (LONG_DIGITS - 1) + ".5"),
}
"""Valid number literals with long runs of digits after a point or an
exponent's letter, and the key they are given at (``x`` is ignored)."""

LONG_WHOLE_PARTS: dict[str, str] = {
    "integer": "1" * LONG_DIGITS,
    "negative-integer": "-" + "1" * LONG_DIGITS,
    "with-fraction": "1" * LONG_DIGITS + ".5",
    "with-exponent": "1" * LONG_DIGITS + "e5",
    "negative-with-both": "-" + "1" * LONG_DIGITS + ".0e-9",
    "after-exponent": "[1e5, " + "1" * LONG_DIGITS + "]",
    "after-fraction": "[0.5, -" + "1" * LONG_DIGITS + ".5]",
}
"""Number literals whose whole part has more digits than Python reads."""


def _record_text(key: str, literal: str) -> str:
    """Return a valid record's text with a number literal at a key."""
    created = "" if key == "created" else '"created": 1614986130, '
    return (
        '{"username": "u", "token_type": "session", "scopes": [], '
        f'{created}"{key}": {literal}}}'
    )


@st.composite
def _number_literals(draw: st.DrawFn) -> str:
    """Draw a number literal with parts of a few digits or of many."""
    lengths = st.sampled_from([1, LONG_DIGITS - 1, LONG_DIGITS])
    literal = (
        draw(st.sampled_from(["", "-"])) + "1" + "0" * (draw(lengths) - 1)
    )
    if draw(st.booleans()):
        literal += "." + "5" * draw(lengths)
    if draw(st.booleans()):
        literal += "e" + draw(st.sampled_from(["", "+", "-"]))
        literal += "0" * draw(lengths)
    return literal


class TestLongFractionsAndExponents:
    """Only a number's whole part is limited to the digits Python reads."""

    @pytest.mark.parametrize("form", [str, str.encode], ids=["str", "bytes"])
    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        ("key", "literal"),
        LONG_FRACTIONS_AND_EXPONENTS.values(),
        ids=LONG_FRACTIONS_AND_EXPONENTS,
    )
    def test_read_as_json_and_pydantic_read_them(
        self, key: str, literal: str, library: Any, form: Any
    ) -> None:
        """A long fraction or exponent is read, as json and Pydantic do."""
        text = _record_text(key, literal)
        converter = make_converter(json_library=library)
        token = converter.loads(form(text), TokenBase)
        assert token == structure(json.loads(text), TokenBase)
        theirs = reference.TokenBase.model_validate_json(text)
        assert token.created == as_utc(theirs.created)

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    @pytest.mark.parametrize(
        "literal", LONG_WHOLE_PARTS.values(), ids=LONG_WHOLE_PARTS
    )
    def test_long_whole_parts_refused(
        self, literal: str, library: Any
    ) -> None:
        """A whole part of more digits than Python reads is refused there."""
        text = _record_text("x", literal)
        start = text.index("1" * LONG_DIGITS)
        limit = sys.get_int_max_str_digits()
        message = (
            f"Invalid JSON: Integer of more than {limit} digits:"
            f" line 1 column {start + 1} (char {start})"
        )
        converter = make_converter(json_library=library)
        for form in (text, text.encode()):
            with pytest.raises(ValidationError) as info:
                converter.loads(form, TokenBase)
            assert [detail["msg"] for detail in info.value.errors()] == [
                message
            ]
        with pytest.raises(pydantic.ValidationError):  # so does Pydantic
            reference.TokenBase.model_validate_json(text)

    @given(literal=_number_literals(), key=st.sampled_from(["x", "created"]))
    @settings(max_examples=examples(60))
    def test_verdicts_are_pydantic(self, literal: str, key: str) -> None:
        """Both libraries accept a number literal where Pydantic does."""
        text = _record_text(key, literal)
        try:
            theirs: object = reference.TokenBase.model_validate_json(text)
        except pydantic.ValidationError:
            theirs = None
        for library in JSON_LIBRARIES:
            converter = make_converter(json_library=library)
            try:
                ours: object = converter.loads(text, TokenBase)
            except ValidationError:
                ours = None
            assert (ours is None) == (theirs is None)
