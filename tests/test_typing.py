"""How type checkers see the models; CI runs mypy and pyright on this file.

These functions are checked statically: a TokenData must be accepted
wherever a TokenBase or a TokenUserInfo is annotated, and constructors
must accept what their converters read. The tests run them too.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from gafaelfawr_attrs import (
    Token,
    TokenBase,
    TokenData,
    TokenType,
    TokenUserInfo,
    ValidationError,
    current,
)


def _username(token: TokenBase) -> str:
    return token.username


def _name(info: TokenUserInfo) -> str | None:
    return info.name


def _record() -> TokenData:
    return TokenData(
        username="someuser",
        token_type="session",
        scopes=["read:all"],
        created=1614986130,
        token=Token(),
        name="Alice",
    )


def test_token_data_is_a_token_base_and_user_info() -> None:
    """A TokenData is passed where either base class is annotated."""
    record = _record()
    assert (_username(record), _name(record)) == ("someuser", "Alice")


def test_constructors_take_what_converters_read() -> None:
    """Strings for enums, lists for tuples and epoch numbers type-check."""
    record = _record()
    assert record.token_type is TokenType.session
    assert record.created == datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)


def test_evolve_is_typed() -> None:
    """``attrs.evolve`` accepts the models and returns their type."""
    record: TokenData = attrs.evolve(_record(), username="other")
    assert _username(record) == "other"


def test_constructors_take_instances_of_nested_models() -> None:
    """Type checkers refuse data where a constructor takes instances.

    mypy (strict) reports the ``type: ignore`` below as unused if it
    accepts the call.
    """
    with pytest.raises(ValidationError, match="groups"):
        TokenUserInfo(
            username="u",
            groups=[1],  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
        )


def _current_username(token: current.TokenBase) -> str:
    return token.username


def _current_record() -> current.TokenData:
    return current.TokenData(
        username="someuser",
        token_type="session",
        scopes="read:all,user:token",
        created=1614986130,
        token=Token(),
        groups=[current.Group(name="1astro", id=current.ABSENT)],
    )


def test_current_token_data_is_a_token_base() -> None:
    """The current family's TokenData is a TokenBase to type checkers."""
    record = _current_record()
    assert _current_username(record) == "someuser"
    assert record.scopes == {"read:all", "user:token"}


def test_current_group_id_may_be_absent() -> None:
    """A group's id is an int, None or ABSENT; narrowing works."""
    groups = _current_record().groups
    assert groups is not None
    group_id = groups[0].id
    if group_id is current.ABSENT or group_id is None:
        return
    assert group_id + 1 > 0  # an int here, for type checkers


def test_current_constructor_takes_instances() -> None:
    """A mapping of TAP quotas takes `TapQuota` instances only."""
    with pytest.raises(ValidationError, match="tap"):
        current.Quota(
            tap={"qserv": 5},  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
        )


def test_current_datetimes_typed() -> None:
    """The current family's constructors take what their converters read."""
    base = current.TokenBase(
        username="u", token_type="user", scopes=[], created="1614986130"
    )
    assert base.created == datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)
    with pytest.raises(ValidationError):
        current.TokenBase(
            username="u",
            token_type="user",
            scopes=[],
            created=[1],  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        )


def test_package_names_are_typed() -> None:
    """A misspelt name of the package is an error, json_schema is typed.

    The package finds `json_schema` when first asked for (PEP 562), out of
    type checkers' sight: mypy (strict) reports the ``type: ignore`` below
    as unused if every name of the package is taken for ``Any``.
    """
    import gafaelfawr_attrs  # noqa: PLC0415 (the module object itself)

    with pytest.raises(AttributeError, match="laods"):
        gafaelfawr_attrs.laods  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]  # noqa: B018
    schema: dict[str, object] = gafaelfawr_attrs.json_schema(TokenBase)
    assert schema["title"] == "TokenBase"
    assert "json_schema" in dir(gafaelfawr_attrs)
