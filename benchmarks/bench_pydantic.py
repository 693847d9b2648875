"""The benchmarked operations, done by the Pydantic reproduction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pydantic

from pydantic_reference import (
    Quota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenType,
    current,
)

NAME = "pydantic"
VERSION = pydantic.VERSION
CHECKS = (
    "the models' rules (this is the reproduction of the service's models):"
    " types (lax, so numeric strings read as numbers), lengths, patterns,"
    " ranges, the enum, scopes as a list or a comma-separated string;"
    " datetimes in many forms, offsets kept and naive datetimes left naive"
)

_list_adapter = pydantic.TypeAdapter(list[TokenBase])
_token_data_list = pydantic.TypeAdapter(list[TokenData])
_token_info_list = pydantic.TypeAdapter(list[TokenInfo])


def from_dict(data: dict[str, Any]) -> TokenBase:
    """Build a token from a dict of JSON values."""
    return TokenBase.model_validate(data)


def from_json(text: bytes) -> TokenBase:
    """Build a token from JSON text."""
    return TokenBase.model_validate_json(text)


def from_json_list(text: bytes) -> list[TokenBase]:
    """Build tokens from a JSON array of records."""
    return _list_adapter.validate_json(text)


def to_dict(token: TokenBase) -> dict[str, Any]:
    """Turn a token into a dict of JSON values, ISO datetimes."""
    return token.model_dump(mode="json")


def to_json(token: TokenBase) -> str:
    """Write a token as JSON text, ISO datetimes."""
    return token.model_dump_json()


def construct(values: dict[str, Any]) -> TokenBase:
    """Build a token from Python values."""
    return TokenBase(**values)


def error_of(data: dict[str, Any]) -> list[Any]:
    """Return the errors of invalid data."""
    try:
        TokenBase.model_validate(data)
    except pydantic.ValidationError as error:
        return error.errors()
    msg = "the input was valid"
    raise AssertionError(msg)


def json_error_of(text: bytes) -> list[Any]:
    """Return the errors of invalid JSON text."""
    try:
        TokenBase.model_validate_json(text)
    except pydantic.ValidationError as error:
        return error.errors()
    msg = "the input was valid"
    raise AssertionError(msg)


def caught_error_of(data: dict[str, Any]) -> list[Any]:
    """Catch the error of invalid data, leaving its details unread."""
    try:
        TokenBase.model_validate(data)
    except pydantic.ValidationError:
        return []
    msg = "the input was valid"
    raise AssertionError(msg)


def token_data_error_of(data: dict[str, Any]) -> list[Any]:
    """Return the errors of an invalid TokenData record."""
    try:
        TokenData.model_validate(data)
    except pydantic.ValidationError as error:
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
        "scopes": token.scopes,
        "created": _in_utc(token.created).isoformat(),
        "expires": (
            None
            if token.expires is None
            else _in_utc(token.expires).isoformat()
        ),
    }


def _in_utc(value: datetime) -> datetime:
    """Return a datetime in UTC; naive ones, as the package reads them, are."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def token_data_from_json(text: bytes) -> TokenData:
    """Build a Redis record from JSON text."""
    return TokenData.model_validate_json(text)


def token_info_from_json(text: bytes) -> TokenInfo:
    """Build a token-info API response from JSON text."""
    return TokenInfo.model_validate_json(text)


def token_data_from_json_list(text: bytes) -> list[TokenData]:
    """Build Redis records from a JSON array."""
    return _token_data_list.validate_json(text)


def token_info_from_json_list(text: bytes) -> list[TokenInfo]:
    """Build token-info API responses from a JSON array."""
    return _token_info_list.validate_json(text)


def record_json(record: TokenData | TokenInfo) -> object:
    """Return a record's JSON values, to compare implementations."""
    return record.model_dump(mode="json")


def token_data_from_dict(data: dict[str, Any]) -> TokenData:
    """Build a Redis record from a dict of JSON values."""
    return TokenData.model_validate(data)


def token_info_from_dict(data: dict[str, Any]) -> TokenInfo:
    """Build a token-info API response from a dict of JSON values."""
    return TokenInfo.model_validate(data)


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
    return current.TokenData.model_validate(data)


def current_token_data_from_json(text: bytes) -> current.TokenData:
    """Build a current TokenData from JSON text."""
    return current.TokenData.model_validate_json(text)


def construct_current_token_data(values: dict[str, Any]) -> current.TokenData:
    """Build a current TokenData from Python values."""
    return current.TokenData(**values)


def current_token_info_from_dict(data: dict[str, Any]) -> current.TokenInfo:
    """Build a current TokenInfo from a dict of JSON values."""
    return current.TokenInfo.model_validate(data)


def current_token_info_from_json(text: bytes) -> current.TokenInfo:
    """Build a current TokenInfo from JSON text."""
    return current.TokenInfo.model_validate_json(text)


def construct_current_token_info(values: dict[str, Any]) -> current.TokenInfo:
    """Build a current TokenInfo from Python values."""
    return current.TokenInfo(**values)


def current_user_info_from_dict(data: dict[str, Any]) -> current.UserInfo:
    """Build a current UserInfo from a dict of JSON values."""
    return current.UserInfo.model_validate(data)


def current_user_info_from_json(text: bytes) -> current.UserInfo:
    """Build a current UserInfo from JSON text."""
    return current.UserInfo.model_validate_json(text)


def construct_current_user_info(values: dict[str, Any]) -> current.UserInfo:
    """Build a current UserInfo from Python values."""
    return current.UserInfo(**values)
