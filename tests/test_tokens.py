"""Tests of tokens and of the read-only mapping records hold."""

from __future__ import annotations

import copy
import hmac
import json
import pickle
import re
import traceback
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gafaelfawr_attrs import (
    Quota,
    Token,
    TokenData,
    ValidationError,
    structure,
)

from .support import SECRET, TOKEN_DATA_RECORD, FrozenDict

_SLOT = FrozenDict.__slots__[0]
"""Where a `FrozenDict` keeps its items."""

KEY = "5KVApqcVbSQWtO3VIRgOhQ"
"""A well-formed token key."""

_TOKEN_FORM = re.compile(r"gt-[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}")
"""The text form of a token, written independently of the package."""

_halves = st.one_of(
    st.from_regex(r"[A-Za-z0-9_-]{22}", fullmatch=True),
    st.text(min_size=22, max_size=22),
    st.text(max_size=25),
)
"""Keys and secrets: well-formed, of the right length, or any text."""

_integer_mappings = st.dictionaries(st.text(max_size=5), st.integers())
"""Mappings like the API quotas."""


def _set_item(mapping: FrozenDict[str, int]) -> None:
    getattr(mapping, _SLOT)["svc"] = 6


def _replace_slot(mapping: FrozenDict[str, int]) -> None:
    object.__setattr__(mapping, _SLOT, {"svc": 6})


def _assign_slot(mapping: FrozenDict[str, int]) -> None:
    setattr(mapping, _SLOT, {"svc": 6})


def _delete_slot(mapping: FrozenDict[str, int]) -> None:
    delattr(mapping, _SLOT)


def _dict_set_item(mapping: FrozenDict[str, int]) -> None:
    dict.__setitem__(mapping, "svc", 6)  # type: ignore[index]


class TestFrozenDict:
    """A `FrozenDict` cannot be changed, and compares like a mapping."""

    @pytest.mark.parametrize(
        ("write", "message"),
        [
            pytest.param(_set_item, "item assignment", id="item-of-slot"),
            pytest.param(_replace_slot, "no setter", id="object-setattr"),
            pytest.param(_assign_slot, "no setter", id="setattr"),
            pytest.param(_delete_slot, "no deleter", id="delattr"),
            pytest.param(_dict_set_item, "requires a 'dict'", id="dict-set"),
        ],
    )
    def test_writes_refused(
        self, write: Callable[[FrozenDict[str, int]], None], message: str
    ) -> None:
        """Each way of writing to the items raises and changes nothing."""
        mapping = FrozenDict({"svc": 5})
        before = hash(mapping)
        with pytest.raises((TypeError, AttributeError), match=message):
            write(mapping)
        assert mapping == {"svc": 5}
        assert hash(mapping) == before

    def test_init_again_changes_nothing(self) -> None:
        """Calling ``__init__`` on a built mapping leaves its items alone."""
        mapping = FrozenDict({"svc": 5})
        mapping.__init__({"other": 1})  # type: ignore[misc]
        assert dict(mapping) == {"svc": 5}

    def test_reduce_gives_a_copy(self) -> None:
        """Changing the arguments ``__reduce__`` returns changes nothing."""
        mapping = FrozenDict({"svc": 5})
        mapping.__reduce__()[1][0]["svc"] = 6
        assert dict(mapping) == {"svc": 5}

    def test_quota_hash_cannot_change(self) -> None:
        """The mapping of a frozen ``Quota`` cannot be written through."""
        quota = Quota(api={"svc": 5})
        before = hash(quota)
        with pytest.raises(TypeError, match="item assignment"):
            getattr(quota.api, _SLOT)["svc"] = 6
        assert quota == Quota(api={"svc": 5})
        assert hash(quota) == before

    @given(_integer_mappings)
    def test_equal_to_same_items(self, items: dict[str, int]) -> None:
        """It equals dicts and views of the same items, either way round."""
        mapping = FrozenDict(items)
        view = MappingProxyType(items)
        assert mapping == items
        assert items == mapping
        assert mapping == view
        assert view == mapping
        assert mapping != {**items, "extra": 1}

    @given(_integer_mappings, _integer_mappings)
    def test_equal_means_equal_hash(
        self, first: dict[str, int], second: dict[str, int]
    ) -> None:
        """Mappings are equal when their items are, then hash the same."""
        one, other = FrozenDict(first), FrozenDict(second)
        assert (one == other) is (first == second)
        if one == other:
            assert hash(one) == hash(other)
            assert hash(Quota(api=one)) == hash(Quota(api=other))

    @pytest.mark.parametrize(
        "round_trip",
        [
            pytest.param(copy.copy, id="copy"),
            pytest.param(copy.deepcopy, id="deepcopy"),
            pytest.param(
                lambda value: pickle.loads(pickle.dumps(value)),  # noqa: S301
                id="pickle",
            ),
        ],
    )
    @given(items=_integer_mappings)
    def test_round_trips(
        self, round_trip: Callable[[Any], Any], items: dict[str, int]
    ) -> None:
        """Copies and pickles are equal mappings, hashing the same."""
        mapping = FrozenDict(items)
        result = round_trip(mapping)
        assert type(result) is FrozenDict
        assert result == mapping
        assert list(result) == list(mapping)
        assert hash(result) == hash(mapping)


class TestTokenEquality:
    """Tokens compare by key and, in constant time, by secret."""

    def test_secret_compared_with_compare_digest(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The secrets are compared by ``hmac.compare_digest`` as bytes."""
        calls: list[tuple[object, object]] = []
        compare = hmac.compare_digest

        def spy(first: bytes, second: bytes) -> bool:
            calls.append((first, second))
            return compare(first, second)

        monkeypatch.setattr(hmac, "compare_digest", spy)
        token = Token(key=KEY, secret=SECRET)
        assert token == Token(key=KEY, secret=SECRET)
        assert calls == [(SECRET.encode(), SECRET.encode())]

    @pytest.mark.parametrize(
        ("key", "secret", "equal"),
        [
            pytest.param(KEY, SECRET, True, id="same"),
            pytest.param(KEY[::-1], SECRET, False, id="other-key"),
            pytest.param(KEY, SECRET[::-1], False, id="other-secret"),
            pytest.param(KEY, SECRET[:-1], False, id="shorter-secret"),
        ],
    )
    def test_equality(self, key: str, secret: str, *, equal: bool) -> None:
        """Tokens are equal only when both key and secret are."""
        token = Token(key=KEY, secret=SECRET)
        other = Token(key=key, secret=secret)
        assert (token == other) is equal
        assert (token != other) is not equal

    @pytest.mark.parametrize(
        "secret",
        [pytest.param("s\u00e9cret", id="non-ascii")],
    )
    def test_any_text_compares(self, secret: str) -> None:
        """Secrets that ``compare_digest`` refuses as str still compare."""
        token = Token(key=KEY, secret=secret)
        assert token == Token(key=KEY, secret=secret)
        assert token != Token(key=KEY, secret=SECRET)

    def test_not_equal_to_other_types(self) -> None:
        """A token equals no other kind of object, not even its text."""
        token = Token(key=KEY, secret=SECRET)
        assert token.__eq__(str(token)) is NotImplemented
        assert token != str(token)

    @given(_halves, _halves, _halves, _halves)
    def test_equal_means_equal_hash(
        self, key: str, secret: str, other_key: str, other_secret: str
    ) -> None:
        """Tokens are equal when their parts are, then hash the same."""
        token = Token(key=key, secret=secret)
        other = Token(key=other_key, secret=other_secret)
        assert (token == other) is ((key, secret) == (other_key, other_secret))
        assert token == Token(key=key, secret=secret)
        assert hash(token) == hash(Token(key=key, secret=secret))
        assert len({token, Token(key=key, secret=secret)}) == 1


def _with_secret(secret: str) -> str:
    return f"gt-{KEY}.{secret}"


def _with_key(key: str) -> str:
    return f"gt-{key}.{SECRET}"


_MALFORMED_HALVES = [
    pytest.param(_with_secret(SECRET[:-1] + "\n"), id="newline-end"),
    pytest.param(_with_secret("\n" + SECRET[1:]), id="newline-start"),
    pytest.param(_with_key(KEY[:-1] + "\n"), id="newline-in-key"),
    pytest.param(_with_secret(SECRET[:-1] + " "), id="space"),
    pytest.param(_with_secret(SECRET[:-1] + "+"), id="standard-plus"),
    pytest.param(_with_secret(SECRET[:-1] + "/"), id="standard-slash"),
    pytest.param(_with_secret(SECRET[:-1] + "="), id="padding"),
    pytest.param(_with_secret(SECRET[:-1] + "."), id="second-dot"),
    pytest.param(_with_secret(SECRET[:-1] + "\u00e9"), id="non-ascii"),
    pytest.param(_with_secret(SECRET[:-1] + "\u0663"), id="arabic-digit"),
    pytest.param(_with_secret(SECRET[:-1] + "\x00"), id="nul"),
    pytest.param(_with_secret(SECRET[:-1] + "\ud800"), id="surrogate"),
]


class TestTokenText:
    """The text form ``gt-<key>.<secret>`` holds only URL-safe base64."""

    @pytest.mark.parametrize("text", _MALFORMED_HALVES)
    def test_other_characters_rejected(self, text: str) -> None:
        """A 22-character half with another character is refused."""
        with pytest.raises(ValidationError, match="URL-safe base64") as info:
            Token.from_str(text)
        [error] = info.value.errors()
        assert error["type"] == "token_format"
        assert error["loc"] == ()
        assert error["input"] == "<hidden>"

    @pytest.mark.parametrize("text", _MALFORMED_HALVES)
    def test_is_token_agrees(self, text: str) -> None:
        """``is_token`` says no to what ``from_str`` refuses."""
        assert not Token.is_token(text)

    def test_new_tokens_read_back(self) -> None:
        """The text of a new random token is read back as that token."""
        token = Token()
        assert Token.is_token(str(token))
        assert Token.from_str(str(token)) == token

    @given(_halves, _halves)
    def test_accepted_exactly_when_well_formed(
        self, key: str, secret: str
    ) -> None:
        """``from_str`` and ``is_token`` accept just the token form."""
        text = f"gt-{key}.{secret}"
        well_formed = _TOKEN_FORM.fullmatch(text) is not None
        assert Token.is_token(text) is well_formed
        if well_formed:
            assert Token.from_str(text) == Token(key=key, secret=secret)
        else:
            with pytest.raises(ValidationError, match="token_format"):
                Token.from_str(text)


_MARKER = "SeCrEtMaRk"
"""Letters every generated secret holds, to look for in errors."""

_secret_pieces = st.text(
    alphabet=st.sampled_from("AZaz09-_") | st.characters(), max_size=12
)
"""Text around the marker: base64 characters and any others."""


@st.composite
def _malformed_token_texts(draw: st.DrawFn) -> str:
    """Text near the token form whose secret part holds `_MARKER`."""
    prefix = draw(st.sampled_from(["gt-", "", "gt_", "GT-"]))
    key = draw(_halves.filter(lambda key: "." not in key))
    secret = draw(_secret_pieces) + _MARKER + draw(_secret_pieces)
    text = f"{prefix}{key}.{secret}"
    assume(_TOKEN_FORM.fullmatch(text) is None)
    return text


def _read_as_record(text: str) -> object:
    return structure(
        {**json.loads(TOKEN_DATA_RECORD), "token": text}, TokenData
    )


def _error_texts(error: BaseException) -> dict[str, str]:
    """Everything an error shows of itself, by where it shows it."""
    shown = {
        "str": str(error),
        "repr": repr(error),
        "context": repr(error.__context__),
        "cause": repr(error.__cause__),
        "traceback": "".join(traceback.format_exception(error)),
    }
    if isinstance(error, ValidationError):
        shown["errors"] = repr(error.errors())
    return shown


class TestSecretsHidden:
    """No error made while reading a token shows its secret."""

    @pytest.mark.parametrize(
        "read",
        [
            pytest.param(Token.from_str, id="from-str"),
            pytest.param(lambda text: structure(text, Token), id="structure"),
            pytest.param(_read_as_record, id="record"),
            pytest.param(
                lambda text: structure({"key": KEY, "secret": [text]}, Token),
                id="secret-not-str",
            ),
            pytest.param(
                lambda text: Token(key=KEY, secret=[text]),  # type: ignore[arg-type]
                id="constructor",
            ),
        ],
    )
    @given(text=_malformed_token_texts())
    def test_secret_not_in_error(
        self, read: Callable[[str], object], text: str
    ) -> None:
        """The secret is in no part of the error, nor of its chain."""
        with pytest.raises(ValidationError, match="validation error") as info:
            read(text)
        shown = _error_texts(info.value)
        assert [
            where for where, part in shown.items() if _MARKER in part
        ] == []
