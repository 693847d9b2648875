"""Tests of tokens and of the read-only mapping records hold."""

from __future__ import annotations

import copy
import hmac
import pickle
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gafaelfawr_attrs import Quota, Token

from .support import FrozenDict

_SLOT = FrozenDict.__slots__[0]
"""Where a `FrozenDict` keeps its items."""

KEY = "5KVApqcVbSQWtO3VIRgOhQ"
"""A well-formed token key."""

SECRET_TEXT = "12345678901234567890ab"
"""A well-formed token secret."""

_halves = st.text(max_size=25)
"""Keys and secrets, of any characters."""

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
        token = Token(key=KEY, secret=SECRET_TEXT)
        assert token == Token(key=KEY, secret=SECRET_TEXT)
        assert calls == [(SECRET_TEXT.encode(), SECRET_TEXT.encode())]

    @pytest.mark.parametrize(
        ("key", "secret", "equal"),
        [
            pytest.param(KEY, SECRET_TEXT, True, id="same"),
            pytest.param(KEY[::-1], SECRET_TEXT, False, id="other-key"),
            pytest.param(KEY, SECRET_TEXT[::-1], False, id="other-secret"),
            pytest.param(KEY, SECRET_TEXT[:-1], False, id="shorter-secret"),
        ],
    )
    def test_equality(self, key: str, secret: str, *, equal: bool) -> None:
        """Tokens are equal only when both key and secret are."""
        token = Token(key=KEY, secret=SECRET_TEXT)
        other = Token(key=key, secret=secret)
        assert (token == other) is equal
        assert (token != other) is not equal

    @pytest.mark.parametrize(
        "secret",
        [
            pytest.param("s\u00e9cret", id="non-ascii"),
            pytest.param("\ud800", id="lone-surrogate"),
        ],
    )
    def test_any_text_compares(self, secret: str) -> None:
        """Secrets that ``compare_digest`` refuses as str still compare."""
        token = Token(key=KEY, secret=secret)
        assert token == Token(key=KEY, secret=secret)
        assert token != Token(key=KEY, secret=SECRET_TEXT)

    def test_not_equal_to_other_types(self) -> None:
        """A token equals no other kind of object, not even its text."""
        token = Token(key=KEY, secret=SECRET_TEXT)
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
