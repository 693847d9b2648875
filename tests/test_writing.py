"""Tests of writing models out: `unstructure`, `dumps` and round trips."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import example, given

import pydantic_reference as reference
from gafaelfawr_attrs import (
    NotebookQuota,
    Quota,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenUserInfo,
    dumps,
    loads,
    make_converter,
    structure,
    unstructure,
)

from .strategies import token_bases, token_data_records, token_info_records
from .support import (
    JSON_LIBRARIES,
    PAIRS,
    TOKEN_DATA_RECORD,
    TOKEN_INFO_RECORD,
    VALID,
    make_token,
)

SPEC_RECORDS = pytest.mark.parametrize(
    ("model", "text"),
    [(TokenData, TOKEN_DATA_RECORD), (TokenInfo, TOKEN_INFO_RECORD)],
    ids=["TokenData", "TokenInfo"],
)
"""Run a test on each of the spec's example records."""


class TestDatetimeFormats:
    """Datetimes are written as ISO 8601 text or as epoch seconds."""

    def test_iso(self) -> None:
        """Datetimes become ISO strings in UTC, scopes a list."""
        assert unstructure(structure(VALID, TokenBase)) == {
            "username": "someuser",
            "token_type": "session",
            "scopes": ["read:all", "user:token"],
            "created": "2021-03-05T23:15:30Z",
            "expires": "2021-03-29T02:48:50Z",
        }

    def test_epoch(self) -> None:
        """The epoch converter writes integer seconds."""
        epoch = make_converter(datetime_format="epoch")
        data = epoch.unstructure(structure(VALID, TokenBase))
        assert data["created"] == 1614986130
        assert data["expires"] == 1616986130

    def test_unknown_format(self) -> None:
        """An unknown datetime format is refused when the converter is made."""
        with pytest.raises(ValueError, match="'iso' or 'epoch'"):
            make_converter(datetime_format="rfc")  # type: ignore[arg-type]


class TestMatchesPydantic:
    """What is written is what Pydantic writes, byte for byte."""

    @given(token_bases)
    @example(  # the last year of three digits, one microsecond
        make_token(created=datetime(999, 12, 31, 23, 59, 59, 1, tzinfo=UTC))
    )
    @example(
        make_token(created=datetime(1000, 1, 1, tzinfo=UTC), expires=None)
    )
    def test_token_base(self, token: TokenBase) -> None:
        """``unstructure`` and ``dumps`` equal Pydantic's, byte for byte."""
        theirs = reference.TokenBase.model_validate(unstructure(token))
        assert unstructure(token) == theirs.model_dump(mode="json")
        assert dumps(token) == theirs.model_dump_json()

    @SPEC_RECORDS
    def test_spec_records(self, model: Any, text: str) -> None:
        """The JSON text of the spec's records is Pydantic's, byte for byte."""
        theirs = PAIRS[model].model_validate_json(text)
        assert dumps(loads(text, model)) == theirs.model_dump_json()

    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    def test_nested_models(self, json_library: Any) -> None:
        """Nested quotas and groups are written as Pydantic writes them."""
        record = TokenUserInfo(
            username="u",
            groups=(TokenGroup(name="g", id=3),),
            quota=Quota(
                api={"svc": 1}, notebook=NotebookQuota(cpu=1, memory=2)
            ),
        )
        text = make_converter(json_library=json_library).dumps(record)
        theirs = reference.TokenUserInfo.model_validate_json(text)
        assert text == theirs.model_dump_json()


class TestRoundTrips:
    """What is written reads back as the same value."""

    @pytest.mark.parametrize("datetime_format", ["iso", "epoch"])
    @given(token=token_bases)
    def test_token_base(self, datetime_format: Any, token: TokenBase) -> None:
        """``loads(dumps(x)) == x`` in both datetime formats."""
        chosen = make_converter(datetime_format=datetime_format)
        assert chosen.loads(chosen.dumps(token), TokenBase) == token
        assert chosen.structure(chosen.unstructure(token), TokenBase) == token

    def test_list(self) -> None:
        """Lists of models round-trip through JSON text."""
        tokens = [structure(VALID, TokenBase)] * 3
        assert loads(dumps(tokens), list[TokenBase]) == tokens

    @SPEC_RECORDS
    @pytest.mark.parametrize("datetime_format", ["iso", "epoch"])
    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    def test_spec_records(
        self, model: Any, text: str, datetime_format: Any, json_library: Any
    ) -> None:
        """Structure, unstructure to the same JSON, dumps and loads back."""
        converter = make_converter(
            datetime_format=datetime_format, json_library=json_library
        )
        record = converter.loads(text, model)
        assert converter.unstructure(record) == json.loads(text)
        assert converter.loads(converter.dumps(record), model) == record

    @given(token_info_records)
    def test_token_info(self, record: TokenInfo) -> None:
        """Records with whole-second datetimes survive dumps and loads."""
        assert loads(dumps(record), TokenInfo) == record

    @pytest.mark.parametrize("json_library", JSON_LIBRARIES)
    @given(record=token_data_records)
    def test_token_data(self, json_library: Any, record: TokenData) -> None:
        """Records survive dumps and loads, and match Pydantic's JSON."""
        converter = make_converter(json_library=json_library)
        text = converter.dumps(record)
        assert converter.loads(text, TokenData) == record
        assert (
            text
            == reference.TokenData.model_validate_json(text).model_dump_json()
        )


class TestValuesJsonCannotHold:
    """What JSON cannot hold is refused or written as JSON has it."""

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_sets_written_as_arrays(self, library: Any) -> None:
        """Sets, which JSON lacks, are arrays whatever the library."""
        text = make_converter(json_library=library).dumps({"a": {1, 2}})
        assert json.loads(text) == {"a": [1, 2]}

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_other_objects_refused(self, library: Any) -> None:
        """Objects that are not JSON are refused, whatever the library."""
        with pytest.raises(TypeError, match="object"):
            make_converter(json_library=library).dumps({"a": object()})

    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_unpaired_surrogate_written(self, library: Any) -> None:
        """Both libraries write a user's unpaired surrogate as is.

        The models refuse such strings (see test_hostile); plain data
        given to ``dumps`` is written as the standard library writes it.
        """
        text = make_converter(json_library=library).dumps({"a": "a\ud800"})
        assert text == '{"a":"a\ud800"}'


class TestTokenDataFarDates:
    """TokenData writes what reads back as the same instant, however far."""

    @pytest.mark.parametrize(
        ("when", "written"),
        [
            (datetime(2021, 3, 5, 23, 15, 30, 999999, tzinfo=UTC), 1614986130),
            (datetime(2603, 10, 11, 11, 33, 20, tzinfo=UTC), 20_000_000_000),
            (datetime(9999, 12, 31, tzinfo=UTC), 253_402_214_400_000),
            (
                datetime(1, 1, 1, 0, 0, 0, 1500, tzinfo=UTC),
                -62_135_596_799_999,
            ),
        ],
        ids=["seconds", "at-2e10", "year-9999-ms", "year-1-ms"],
    )
    @pytest.mark.parametrize("library", JSON_LIBRARIES)
    def test_written_and_read_back(
        self, library: Any, when: datetime, written: int
    ) -> None:
        """Beyond 2e10 seconds, whole milliseconds; both read back alike."""
        converter = make_converter(json_library=library)
        record = attrs.evolve(
            loads(TOKEN_DATA_RECORD, TokenData), expires=when
        )
        text = converter.dumps(record)
        assert json.loads(text)["expires"] == written
        expected = when.replace(microsecond=when.microsecond // 1000 * 1000)
        if abs(written) <= 20_000_000_000:
            expected = when.replace(microsecond=0)
        assert converter.loads(text, TokenData).expires == expected
