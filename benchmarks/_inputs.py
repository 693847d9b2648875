"""Inputs of the benchmarks, built before anything is timed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from types import ModuleType
from typing import Any

__all__ = [
    "CREATED",
    "DATETIME_FORMS",
    "EXPIRES",
    "all_invalid_record",
    "current_token_data_record",
    "current_token_data_values",
    "current_token_info_record",
    "current_token_info_values",
    "current_user_info_values",
    "epoch_record",
    "form_record",
    "invalid_record",
    "iso_record",
    "many_json",
    "one_invalid_record",
    "records_json",
    "token_data_record",
    "token_info_record",
    "user_info_record",
]

CREATED = datetime(2021, 3, 5, 23, 15, 30, tzinfo=UTC)
EXPIRES = datetime(2021, 3, 29, 2, 48, 50, tzinfo=UTC)
SCOPES = ["read:all", "user:token"]


def epoch_record(index: int = 0) -> dict[str, Any]:
    """Return a valid record with datetimes as epoch seconds."""
    shift = timedelta(seconds=index)
    return {
        "username": f"someuser{index}",
        "token_type": "session",
        "scopes": list(SCOPES),
        "created": int((CREATED + shift).timestamp()),
        "expires": int((EXPIRES + shift).timestamp()),
    }


def iso_record(index: int = 0) -> dict[str, Any]:
    """Return a valid record with datetimes as ISO 8601 strings."""
    shift = timedelta(seconds=index)
    created = (CREATED + shift).strftime("%Y-%m-%dT%H:%M:%SZ")
    expires = (EXPIRES + shift).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {**epoch_record(index), "created": created, "expires": expires}


def invalid_record() -> dict[str, Any]:
    """Return a record with three problems: too short, missing, wrong type."""
    return {"username": "", "scopes": ["read:all", 5], "created": 1614986130}


def one_invalid_record() -> dict[str, Any]:
    """Return a record with one problem: a username too long."""
    return {**iso_record(), "username": "x" * 65}


def all_invalid_record() -> dict[str, Any]:
    """Return a record whose every field is wrong."""
    return {
        "username": "",
        "token_type": "unknown",
        "scopes": ["read:all", 5],
        "created": None,
        "expires": [],
    }


BAD_VALUES: dict[str, tuple[str, object]] = {
    "bad datetime text": ("created", "2021-02-30T10:00:00Z"),
    "wrong type": ("username", 12),
    "missing field": ("username", None),
    "wrong item in a list": ("scopes", ["read:all", 5]),
    "unknown enum value": ("token_type", "bogus"),
    "too short": ("username", ""),
    "too long": ("username", "x" * 65),
}
"""One kind of bad value each: the field and the value (`None`: the field
is left out)."""


def bad_value_record(kind: str) -> dict[str, Any]:
    """Return a valid record but for one bad value of a kind.

    Parameters
    ----------
    kind
        A key of `BAD_VALUES`.

    Returns
    -------
    dict
        The record.
    """
    field, value = BAD_VALUES[kind]
    record = {
        name: held for name, held in iso_record().items() if name != field
    }
    return record if value is None else {**record, field: value}


DATETIME_FORMS: dict[str, Callable[[datetime], object]] = {
    "epoch float": lambda value: value.timestamp() + 0.25,
    "epoch milliseconds": lambda value: int(value.timestamp()) * 1000 + 123,
    "numeric string": lambda value: str(int(value.timestamp())),
    "fraction": lambda value: value.strftime("%Y-%m-%dT%H:%M:%S.123456Z"),
    "+00:00 (isoformat)": lambda value: value.isoformat(),
    "+02:00": lambda value: value.astimezone(
        timezone(timedelta(hours=2))
    ).isoformat(),
    "space separator": lambda value: value.strftime("%Y-%m-%d %H:%M:%S"),
    "date only": lambda value: value.strftime("%Y-%m-%d"),
    "naive": lambda value: value.strftime("%Y-%m-%dT%H:%M:%S"),
}
"""How each datetime form writes an instant, by the form's name."""


def form_record(form: str) -> dict[str, Any]:
    """Return a valid record with both datetimes in one of `DATETIME_FORMS`."""
    write = DATETIME_FORMS[form]
    return {
        **epoch_record(),
        "created": write(CREATED),
        "expires": write(EXPIRES),
    }


def records_json(count: int) -> bytes:
    """Return a JSON array of distinct records, half of each datetime form."""
    records = [
        iso_record(index) if index % 2 else epoch_record(index)
        for index in range(count)
    ]
    return json.dumps(records).encode()


def token_data_record(index: int = 0) -> dict[str, Any]:
    """Return a TokenData record as Gafaelfawr keeps it in Redis."""
    return {
        "token": {
            "key": f"{index:022d}",
            "secret": "12345678901234567890ab",
        },
        **epoch_record(index),
        "name": "Alice Example",
        "email": "alice@example.com",
        "uid": 4123 + index,
        "gid": 4123,
        "groups": [
            {"name": "g_special_users", "id": 123181},
            {"name": "g_users", "id": 123182},
        ],
        "quota": {"api": {"datalinker": 500}, "notebook": None},
    }


def nested_invalid_record() -> dict[str, Any]:
    """Return a TokenData record whose second group's id is not a number."""
    record = token_data_record()
    record["groups"] = [record["groups"][0], {"name": "g_users", "id": "x"}]
    return record


def token_info_record(index: int = 0) -> dict[str, Any]:
    """Return a TokenInfo record as the token-info API returns it."""
    return {
        **epoch_record(index),
        "token": f"{index:022d}",
        "token_name": "laptop token",
        "service": None,
        "last_used": 1614990000 + index,
        "parent": None,
    }


def many_json(make: Callable[[int], dict[str, Any]], count: int) -> bytes:
    """Return a JSON array of distinct records."""
    return json.dumps([make(index) for index in range(count)]).encode()


def current_token_data_record(index: int = 0) -> dict[str, Any]:
    """Return a TokenData record as the current service keeps it in Redis."""
    record = token_data_record(index)
    del record["quota"]
    record["groups"].append({"name": "1astro", "id": 123183})
    return {
        **{key: record[key] for key in _USER_KEYS},
        "token_type": record["token_type"],
        "service": None,
        "scopes": record["scopes"],
        "created": record["created"],
        "expires": record["expires"],
        "token": record["token"],
    }


def current_token_info_record(index: int = 0) -> dict[str, Any]:
    """Return a TokenInfo as the current token-info route writes it."""
    return {
        **epoch_record(index),
        "token": f"{index:022d}",
        "token_name": "laptop token",
        "last_used": 1614990000 + index,
    }


def user_info_record(index: int = 0) -> dict[str, Any]:
    """Return a UserInfo as the current user-info route writes it."""
    record = token_data_record(index)
    return {
        **{key: record[key] for key in _USER_KEYS},
        "quota": {
            "api": {"datalinker": 500},
            "disk": {},
            "notebook": {"cpu": 4.0, "memory": 16.0, "spawn": True},
            "tap": {"qserv": {"concurrent": 5}},
        },
    }


_USER_KEYS = ("username", "name", "email", "uid", "gid", "groups")


def current_token_data_values(
    models: ModuleType, record: dict[str, Any]
) -> dict[str, Any]:
    """Return constructor arguments of a current Redis record.

    ``models`` is an implementation's module of the current models: values
    are of its own types (nested models, the enum's member), datetimes
    aware.
    """
    return {
        **current_user_info_values(models, record),
        "token_type": models.TokenType(record["token_type"]),
        "service": record["service"],
        "scopes": set(record["scopes"]),
        "created": datetime.fromtimestamp(record["created"], UTC),
        "expires": datetime.fromtimestamp(record["expires"], UTC),
        "token": models.Token(**record["token"]),
    }


def current_token_info_values(
    models: ModuleType, record: dict[str, Any]
) -> dict[str, Any]:
    """Return constructor arguments of a current token-info response."""
    return {
        "username": record["username"],
        "token_type": models.TokenType(record["token_type"]),
        "scopes": set(record["scopes"]),
        "created": datetime.fromtimestamp(record["created"], UTC),
        "expires": datetime.fromtimestamp(record["expires"], UTC),
        "token": record["token"],
        "token_name": record["token_name"],
        "last_used": datetime.fromtimestamp(record["last_used"], UTC),
    }


def current_user_info_values(
    models: ModuleType, record: dict[str, Any]
) -> dict[str, Any]:
    """Return constructor arguments of a current user-info response."""
    values = {key: record[key] for key in _USER_KEYS if key != "groups"}
    values["groups"] = [models.Group(**group) for group in record["groups"]]
    quota = record.get("quota")
    if quota is not None:
        values["quota"] = models.Quota(
            api=quota["api"],
            disk=quota["disk"],
            notebook=models.NotebookQuota(**quota["notebook"]),
            tap={
                name: models.TapQuota(**tap)
                for name, tap in quota["tap"].items()
            },
        )
    return values
