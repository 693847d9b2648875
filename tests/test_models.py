"""Tests of the model classes: construction, evolve, immutability."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given

from gafaelfawr_attrs import TokenBase, TokenType, ValidationError

from .strategies import token_bases
from .support import (
    CREATED,
    TIMESTAMP,
    add_validators,
    describe,
    make_token,
)


class TestConstruction:
    """Direct construction validates and normalises every field."""

    def test_holds_normalised_values(self) -> None:
        """Lists become tuples, value strings become members, UTC stays."""
        token = make_token(token_type="user", scopes=["a", "b"])
        assert token.token_type is TokenType.user
        assert token.scopes == ("a", "b")
        assert token.created == CREATED
        assert token.created.tzinfo is UTC
        assert token.expires is None

    def test_default_created_is_now_to_the_second(self) -> None:
        """Without ``created``, the token is created now, in whole seconds."""
        before = datetime.now(UTC).replace(microsecond=0)
        token = TokenBase(username="u", token_type="user", scopes=[])
        after = datetime.now(UTC)
        assert before <= token.created <= after
        assert token.created.microsecond == 0
        assert token.created.tzinfo is UTC

    @pytest.mark.parametrize(
        ("given_value", "expected"),
        [
            (datetime(2021, 3, 5, 23, 15, 30), CREATED),
            (
                datetime(
                    2021, 3, 6, 1, 15, 30, tzinfo=timezone(timedelta(hours=2))
                ),
                CREATED,
            ),
            (1614986130, CREATED),
            ("2021-03-05T23:15:30Z", CREATED),
        ],
        ids=["naive", "offset", "epoch", "iso"],
    )
    def test_datetimes_are_held_in_utc(
        self, given_value: object, expected: datetime
    ) -> None:
        """Naive datetimes are read as UTC and offsets are converted."""
        token = make_token(created=given_value, expires=given_value)
        assert token.created == expected
        assert token.created.tzinfo is UTC
        assert token.expires is not None
        assert token.expires.tzinfo is UTC

    @pytest.mark.parametrize(
        ("changes", "locations"),
        [
            ({"username": ""}, [("username",)]),
            ({"username": "x" * 65}, [("username",)]),
            ({"username": 5}, [("username",)]),
            ({"token_type": "Session"}, [("token_type",)]),
            ({"scopes": None}, [("scopes",)]),
            ({"scopes": ["a", 1, "b", None]}, [("scopes", 1), ("scopes", 3)]),
            ({"created": None}, [("created",)]),
            ({"expires": "soon"}, [("expires",)]),
            (
                {"username": "", "token_type": "x", "expires": True},
                [("username",), ("token_type",), ("expires",)],
            ),
        ],
        ids=[
            "empty-username",
            "long-username",
            "int-username",
            "wrong-case-type",
            "null-scopes",
            "non-string-scopes",
            "null-created",
            "bad-expires",
            "three-at-once",
        ],
    )
    def test_rejects_invalid_values(
        self, changes: dict[str, Any], locations: list[tuple[object, ...]]
    ) -> None:
        """Every invalid field is reported, with its location."""
        with pytest.raises(ValidationError, match="for TokenBase") as info:
            make_token(**changes)
        assert [error["loc"] for error in info.value.errors()] == locations

    def test_rejects_instant_that_utc_cannot_hold(self) -> None:
        """Year 1 at a positive offset is before the first UTC instant."""
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
        with pytest.raises(ValidationError, match="outside years 1 to 9999"):
            make_token(created=early)

    def test_missing_required_field_is_a_type_error(self) -> None:
        """A missing argument is a programming error, as for any class."""
        with pytest.raises(TypeError, match="username"):
            TokenBase(token_type="user", scopes=[])  # type: ignore[call-arg]


class TestEvolve:
    """``attrs.evolve`` makes validated copies."""

    def test_copies_with_change(self) -> None:
        """The copy has the change and the original is untouched."""
        token = make_token()
        copy = attrs.evolve(token, scopes=["admin:token"])
        assert copy.scopes == ("admin:token",)
        assert token.scopes == ("read:all", "user:token")

    def test_validates_the_change(self) -> None:
        """An invalid change raises, naming the field."""
        with pytest.raises(ValidationError, match="username"):
            attrs.evolve(make_token(), username="")


class TestValueSemantics:
    """Instances are immutable values."""

    def test_frozen(self) -> None:
        """Assigning to a field raises."""
        token = make_token()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            token.username = "other"  # type: ignore[misc]

    def test_slotted(self) -> None:
        """Instances have no ``__dict__`` and take no new attributes."""
        token = make_token()
        assert not hasattr(token, "__dict__")
        with pytest.raises(AttributeError):
            token.other = 1  # type: ignore[attr-defined]

    def test_keyword_only(self) -> None:
        """Positional arguments are refused."""
        with pytest.raises(TypeError, match="positional"):
            TokenBase("u", "user", [])  # type: ignore[call-arg]

    @given(token_bases)
    def test_equal_hashable_and_picklable(self, token: TokenBase) -> None:
        """Copies are equal, hash alike and survive pickling."""
        copy = attrs.evolve(token)
        assert copy == token
        assert hash(copy) == hash(token)
        assert pickle.loads(pickle.dumps(token)) == token  # noqa: S301

    def test_differs_by_value(self) -> None:
        """Tokens with different fields are not equal."""
        assert make_token() != make_token(username="other")


def test_converted_kinds_need_converters() -> None:
    """A model field whose kind relies on a converter must declare one."""
    with pytest.raises(TypeError, match=r"Broken\.when needs its kind"):

        @attrs.frozen(field_transformer=add_validators)
        class Broken:
            when: datetime = attrs.field(
                metadata=describe(
                    TIMESTAMP, title="When", description="", examples=[]
                )
            )
