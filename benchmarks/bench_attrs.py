"""The benchmarked operations, done by gafaelfawr-attrs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import gafaelfawr_attrs
from gafaelfawr_attrs import (
    Quota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenType,
    ValidationError,
    converter,
    current,
    make_converter,
)

NAME = "gafaelfawr-attrs"
VERSION = gafaelfawr_attrs.__version__
CHECKS = (
    "the models' rules, as Pydantic's: types, lengths, patterns, ranges,"
    " the enum, scopes as a list or a comma-separated string; datetimes in"
    " the forms Pydantic reads, normalised to UTC (naive ones read as UTC)"
)


_stdlib = make_converter(json_library="json")
"""A converter as a default install has it, without the fast extra."""


def from_dict(data: dict[str, Any]) -> TokenBase:
    """Build a token from a dict of JSON values."""
    return converter.structure(data, TokenBase)


def from_json(text: bytes) -> TokenBase:
    """Build a token from JSON text."""
    return converter.loads(text, TokenBase)


def from_json_list(text: bytes) -> list[TokenBase]:
    """Build tokens from a JSON array of records."""
    return converter.loads(text, list[TokenBase])


def from_json_stdlib(text: bytes) -> TokenBase:
    """Build a token from JSON text with the standard library's JSON."""
    return _stdlib.loads(text, TokenBase)


def from_json_list_stdlib(text: bytes) -> list[TokenBase]:
    """Build tokens from a JSON array with the standard library's JSON."""
    return _stdlib.loads(text, list[TokenBase])


def to_json_stdlib(token: TokenBase) -> str:
    """Write a token as JSON text with the standard library's JSON."""
    return _stdlib.dumps(token)


def to_dict(token: TokenBase) -> dict[str, Any]:
    """Turn a token into a dict of JSON values, ISO datetimes."""
    return converter.unstructure(token)  # type: ignore[no-any-return]


def to_json(token: TokenBase) -> str:
    """Write a token as JSON text, ISO datetimes."""
    return converter.dumps(token)


def construct(values: dict[str, Any]) -> TokenBase:
    """Build a token from Python values."""
    return TokenBase(**values)


def error_of(data: dict[str, Any]) -> list[Any]:
    """Return the errors of invalid data."""
    try:
        converter.structure(data, TokenBase)
    except ValidationError as error:
        return error.errors()
    msg = "the input was valid"
    raise AssertionError(msg)


def json_error_of(text: bytes) -> list[Any]:
    """Return the errors of invalid JSON text."""
    try:
        converter.loads(text, TokenBase)
    except ValidationError as error:
        return error.errors()
    msg = "the input was valid"
    raise AssertionError(msg)


def caught_error_of(data: dict[str, Any]) -> list[Any]:
    """Catch the error of invalid data, leaving its details unread."""
    try:
        converter.structure(data, TokenBase)
    except ValidationError:
        return []
    msg = "the input was valid"
    raise AssertionError(msg)


def token_data_error_of(data: dict[str, Any]) -> list[Any]:
    """Return the errors of an invalid TokenData record."""
    try:
        converter.structure(data, TokenData)
    except ValidationError as error:
        return error.errors()
    msg = "the input was valid"
    raise AssertionError(msg)


def python_values(
    username: str, scopes: list[str], created: datetime, expires: datetime
) -> dict[str, Any]:
    """Return constructor arguments of this implementation's types."""
    return {
        "username": username,
        "token_type": TokenType.session,
        "scopes": scopes,
        "created": created,
        "expires": expires,
    }


def canonical(token: TokenBase) -> dict[str, Any]:
    """Return JSON values to compare results across implementations."""
    return {
        "username": token.username,
        "token_type": token.token_type.value,
        "scopes": list(token.scopes),
        "created": token.created.isoformat(),
        "expires": None
        if token.expires is None
        else token.expires.isoformat(),
    }


def token_data_from_json(text: bytes) -> TokenData:
    """Build a Redis record from JSON text."""
    return converter.loads(text, TokenData)


def token_info_from_json(text: bytes) -> TokenInfo:
    """Build a token-info API response from JSON text."""
    return converter.loads(text, TokenInfo)


def token_data_from_json_list(text: bytes) -> list[TokenData]:
    """Build Redis records from a JSON array."""
    return converter.loads(text, list[TokenData])


def token_info_from_json_list(text: bytes) -> list[TokenInfo]:
    """Build token-info API responses from a JSON array."""
    return converter.loads(text, list[TokenInfo])


def record_json(record: TokenData | TokenInfo) -> object:
    """Return a record's JSON values, to compare implementations."""
    return converter.unstructure(record)


def token_data_from_dict(data: dict[str, Any]) -> TokenData:
    """Build a Redis record from a dict of JSON values."""
    return converter.structure(data, TokenData)


def token_info_from_dict(data: dict[str, Any]) -> TokenInfo:
    """Build a token-info API response from a dict of JSON values."""
    return converter.structure(data, TokenInfo)


def construct_token_data(values: dict[str, Any]) -> TokenData:
    """Build a Redis record from Python values."""
    return TokenData(**values)


def construct_token_info(values: dict[str, Any]) -> TokenInfo:
    """Build a token-info API response from Python values."""
    return TokenInfo(**values)


def token_data_values(record: dict[str, Any]) -> dict[str, Any]:
    """Return constructor arguments of a Redis record, as a caller has them.

    Nested models are instances of this implementation's classes,
    datetimes are aware, the token type is the enumeration's member.
    """
    quota = record["quota"]
    return {
        **_common_values(record),
        "token": Token(**record["token"]),
        "name": record["name"],
        "email": record["email"],
        "uid": record["uid"],
        "gid": record["gid"],
        "groups": [TokenGroup(**group) for group in record["groups"]],
        "quota": Quota(api=quota["api"], notebook=quota["notebook"]),
    }


def token_info_values(record: dict[str, Any]) -> dict[str, Any]:
    """Return constructor arguments of a token-info API response."""
    return {
        **_common_values(record),
        "token": record["token"],
        "token_name": record["token_name"],
        "service": record["service"],
        "last_used": datetime.fromtimestamp(record["last_used"], UTC),
        "parent": record["parent"],
    }


def _common_values(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "username": record["username"],
        "token_type": TokenType(record["token_type"]),
        "scopes": list(record["scopes"]),
        "created": datetime.fromtimestamp(record["created"], UTC),
        "expires": datetime.fromtimestamp(record["expires"], UTC),
    }


def current_token_data_from_dict(data: dict[str, Any]) -> current.TokenData:
    """Build a current TokenData from a dict of JSON values."""
    return converter.structure(data, current.TokenData)


def current_token_data_from_json(text: bytes) -> current.TokenData:
    """Build a current TokenData from JSON text."""
    return converter.loads(text, current.TokenData)


def construct_current_token_data(values: dict[str, Any]) -> current.TokenData:
    """Build a current TokenData from Python values."""
    return current.TokenData(**values)


def current_token_info_from_dict(data: dict[str, Any]) -> current.TokenInfo:
    """Build a current TokenInfo from a dict of JSON values."""
    return converter.structure(data, current.TokenInfo)


def current_token_info_from_json(text: bytes) -> current.TokenInfo:
    """Build a current TokenInfo from JSON text."""
    return converter.loads(text, current.TokenInfo)


def construct_current_token_info(values: dict[str, Any]) -> current.TokenInfo:
    """Build a current TokenInfo from Python values."""
    return current.TokenInfo(**values)


def current_user_info_from_dict(data: dict[str, Any]) -> current.UserInfo:
    """Build a current UserInfo from a dict of JSON values."""
    return converter.structure(data, current.UserInfo)


def current_user_info_from_json(text: bytes) -> current.UserInfo:
    """Build a current UserInfo from JSON text."""
    return converter.loads(text, current.UserInfo)


def construct_current_user_info(values: dict[str, Any]) -> current.UserInfo:
    """Build a current UserInfo from Python values."""
    return current.UserInfo(**values)
