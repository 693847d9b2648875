"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
from hypothesis import strategies as st

from gafaelfawr_attrs import (
    NotebookQuota,
    Quota,
    Token,
    TokenBase,
    TokenData,
    TokenGroup,
    TokenInfo,
    TokenType,
    current,
)

__all__ = [
    "datetime_inputs",
    "iso_strings",
    "json_values",
    "notebook_quotas",
    "numeric_strings",
    "plain_field_inputs",
    "plain_iso_shapes",
    "quotas",
    "token_bases",
    "token_data_inputs",
    "token_data_records",
    "token_groups",
    "token_info_inputs",
    "token_info_records",
    "token_inputs",
    "utc_datetimes",
    "whole_seconds",
]

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
"""Any value that JSON text can describe."""


def _digits(value: int, width: int) -> str:
    return str(value).zfill(width)


@st.composite
def iso_strings(draw: st.DrawFn) -> str:
    """Date-time strings near the RFC 3339 form, valid or slightly wrong."""
    year = draw(st.integers(0, 9999).map(lambda y: _digits(y, 4)))
    month = _digits(draw(st.integers(0, 13)), 2)
    day = _digits(draw(st.integers(0, 32)), 2)
    text = f"{year}-{month}-{day}"
    if draw(st.booleans()):
        return text
    separator = draw(st.sampled_from(["T", "t", " ", "_", "X", ""]))
    hour = _digits(draw(st.integers(0, 25)), 2)
    minute = _digits(draw(st.integers(0, 61)), 2)
    text += f"{separator}{hour}:{minute}"
    if draw(st.booleans()):
        text += ":" + _digits(draw(st.integers(0, 61)), 2)
        if draw(st.booleans()):
            point = draw(st.sampled_from([".", ","]))
            text += point + draw(st.text("0123456789", max_size=12))
    offset_hour = _digits(draw(st.integers(0, 25)), 2)
    offset_minute = _digits(draw(st.integers(0, 61)), 2)
    sign = draw(st.sampled_from("+-"))
    text += draw(
        st.sampled_from(
            [
                "",
                "Z",
                "z",
                f"{sign}{offset_hour}:{offset_minute}",
                f"{sign}{offset_hour}{offset_minute}",
                f"{sign}{offset_hour}",
                " Z",
            ]
        )
    )
    return text


_ODD_DIGITS = "0123456789 +-a\u0663"
plain_iso_shapes: st.SearchStrategy[str] = st.from_regex(
    rf"\A[{_ODD_DIGITS}]{{4}}-[{_ODD_DIGITS}]{{2}}-[{_ODD_DIGITS}]{{2}}"
    rf"T[{_ODD_DIGITS}]{{2}}:[{_ODD_DIGITS}]{{2}}:[{_ODD_DIGITS}]{{2}}Z\Z"
)
"""Strings of the shape 2021-03-05T23:15:30Z, often with odd characters."""

numeric_strings: st.SearchStrategy[str] = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False).map(repr),
    st.from_regex(r"\A[+-]?[0-9]{0,16}\.?[0-9]{0,8}([eE][+-]?[0-9]{1,3})?\Z"),
)
"""Strings of numbers, in the forms Pydantic reads and some it does not."""

_aware_datetimes = st.datetimes(
    timezones=st.sampled_from(
        [
            UTC,
            timezone(timedelta(hours=5, minutes=30)),
            timezone(-timedelta(hours=8)),
        ]
    )
)

datetime_inputs: st.SearchStrategy[Any] = st.one_of(
    st.integers(-(2**64), 2**64),
    st.integers(-(10**12), 10**12),
    st.floats(),
    st.floats(-3e14, 3e14),
    iso_strings(),
    plain_iso_shapes,
    numeric_strings,
    st.text(max_size=30),
    st.text("0123456789-:T.Z+ ", max_size=30),
    st.none(),
    st.booleans(),
)
"""JSON values for a datetime field, biased towards the tricky ones."""

_usernames = st.one_of(
    st.text(min_size=0, max_size=70),
    st.text(min_size=60, max_size=70),
    json_values,
)
_token_types = st.one_of(
    st.sampled_from([member.value for member in TokenType]),
    st.sampled_from(["Session", "USER", " user", "unknown", ""]),
    json_values,
)
_scopes = st.one_of(
    st.lists(st.text(max_size=10), max_size=5),
    st.text(",ab:", max_size=10),
    st.lists(json_values, max_size=4),
    json_values,
)


@st.composite
def token_inputs(draw: st.DrawFn) -> dict[str, Any]:
    """JSON objects for `TokenBase`, valid or not, some fields left out."""
    candidates = {
        "username": _usernames,
        "token_type": _token_types,
        "scopes": _scopes,
        "created": datetime_inputs,
        "expires": datetime_inputs,
        "other": json_values,
    }
    result = {}
    for key, strategy in candidates.items():
        if draw(st.integers(0, 9)) > 0:
            result[key] = draw(strategy)
    return result


utc_datetimes: st.SearchStrategy[datetime] = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)
).map(lambda value: value.replace(tzinfo=UTC))
"""Every datetime in UTC, to the microsecond, from year 1 to year 9999."""

token_bases: st.SearchStrategy[TokenBase] = st.builds(
    TokenBase,
    username=st.text(min_size=1, max_size=64),
    token_type=st.sampled_from(TokenType),
    scopes=st.lists(st.text(max_size=20), max_size=5),
    created=utc_datetimes,
    expires=st.none() | utc_datetimes,
)
"""Every kind of valid `TokenBase`."""


_optional_text = st.none() | st.text(max_size=70) | json_values
_integers_ish = st.one_of(
    st.integers(-5, 10**6),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        ["5", " 7 ", "1_000", "5.0", "5.5", "0x1", "", "٣", "\x1c5", "5\u3000"]
    ),
    st.booleans(),
    json_values,
)
_numbers_ish = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(),
    st.sampled_from(
        ["1.5", " 2 ", "1_0.5", "abc", "", "1e3", "8e_1", " 1_0", "\x1c2"]
    ),
    st.booleans(),
    json_values,
)
_group_inputs = st.one_of(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(["g_users", "a", "9x", "", "a b", "ok\n"])
            | st.text(max_size=10),
        },
        optional={"id": st.none() | _integers_ish},
    ),
    json_values,
)
_quota_inputs = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "api": st.dictionaries(
                st.text(max_size=5), _integers_ish, max_size=3
            )
            | json_values,
            "notebook": st.none()
            | st.fixed_dictionaries(
                {"cpu": _numbers_ish, "memory": _numbers_ish}
            )
            | json_values,
        },
    ),
    st.none(),
    json_values,
)
_key_inputs = st.one_of(
    st.text(min_size=20, max_size=24),
    st.none(),
    json_values,
)


@st.composite
def token_info_inputs(draw: st.DrawFn) -> dict[str, Any]:
    """JSON objects for `TokenInfo`, valid or not."""
    result = draw(token_inputs())
    extra = {
        "token": _key_inputs,
        "token_name": _optional_text,
        "service": _optional_text,
        "last_used": st.none() | datetime_inputs,
        "parent": st.none() | _key_inputs,
    }
    for key, strategy in extra.items():
        if draw(st.integers(0, 9)) > 0:
            result[key] = draw(strategy)
    return result


@st.composite
def token_data_inputs(draw: st.DrawFn) -> dict[str, Any]:
    """JSON objects for `TokenData`, valid or not."""
    result = draw(token_inputs())
    extra = {
        "token": st.fixed_dictionaries(
            {}, optional={"key": _key_inputs, "secret": _key_inputs}
        )
        | json_values,
        "name": _optional_text,
        "email": _optional_text,
        "uid": st.none() | _integers_ish,
        "gid": st.none() | _integers_ish,
        "groups": st.none()
        | st.lists(_group_inputs, max_size=3)
        | json_values,
        "quota": _quota_inputs,
    }
    for key, strategy in extra.items():
        if draw(st.integers(0, 9)) > 0:
            result[key] = draw(strategy)
    return result


whole_seconds: st.SearchStrategy[datetime] = st.integers(-(2**31), 2**33).map(
    lambda seconds: datetime.fromtimestamp(seconds, UTC)
)
"""Datetimes in UTC, in whole seconds, from 1901 to 2242."""

token_info_records: st.SearchStrategy[TokenInfo] = st.builds(
    TokenInfo,
    username=st.text(min_size=1, max_size=64),
    token_type=st.sampled_from(TokenType),
    scopes=st.lists(st.text(max_size=5), max_size=3),
    created=whole_seconds,
    token=st.text(min_size=22, max_size=22),
    token_name=st.none() | st.text(min_size=1, max_size=64),
)
"""Valid `TokenInfo` records with whole-second datetimes."""

token_groups: st.SearchStrategy[TokenGroup] = st.builds(
    TokenGroup,
    name=st.from_regex(r"\A[a-zA-Z][a-zA-Z0-9._-]{0,10}\Z"),
    id=st.none() | st.integers(0, 2**40),
)
"""Valid `TokenGroup` instances."""

notebook_quotas: st.SearchStrategy[NotebookQuota] = st.builds(
    NotebookQuota,
    # Floats that need an exponent are written differently by each JSON
    # library (see docs/behaviour.md); quotas are not such numbers.
    cpu=st.just(0.0) | st.floats(0.001, 64),
    memory=st.just(0.0) | st.floats(0.001, 1024),
)
"""Valid `NotebookQuota` instances."""

quotas: st.SearchStrategy[Quota] = st.builds(
    Quota,
    api=st.dictionaries(
        st.text(max_size=8), st.integers(0, 10**6), max_size=3
    ),
    notebook=st.none() | notebook_quotas,
)
"""Valid `Quota` instances."""

_groups = st.lists(token_groups, max_size=3).map(tuple)
_quotas = quotas

token_data_records: st.SearchStrategy[TokenData] = st.builds(
    TokenData,
    username=st.text(min_size=1, max_size=64),
    token_type=st.sampled_from(TokenType),
    scopes=st.lists(st.text(max_size=5), max_size=3),
    created=whole_seconds,
    expires=st.none() | whole_seconds,
    token=st.builds(Token),
    name=st.none() | st.text(min_size=1, max_size=10),
    uid=st.none() | st.integers(1, 2**31),
    groups=st.none() | _groups,
    quota=st.none() | _quotas,
)
"""Valid `TokenData` records with whole-second datetimes."""


_current_usernames = st.text(max_size=3) | st.text(min_size=60, max_size=70)
_current_texts = st.none() | st.text(max_size=5) | json_values
_current_integers = st.one_of(
    st.integers(-5, 10**6),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["5", " 7 ", "1_000", "5.0", "5.5", "", "٣", "\x1c5"]),
    st.booleans(),
    json_values,
)
_current_numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(),
    st.sampled_from(["1.5", " 2 ", "abc", "", "1e3", "8e_1", "1_0 ", "2\x1f"]),
    st.booleans(),
    json_values,
)
_current_booleans = st.one_of(
    st.booleans(),
    st.sampled_from(
        ["yes", "OFF", "t", "2", "", " true", 0, 1, 2, 0.0, 1.5, -(2.0**63)]
    ),
    json_values,
)
_current_group_names = st.sampled_from(
    ["g_users", "a", "9x", "19numbers", "1-g", "g1", "123", "", "a b", "ok\n"]
) | st.text(max_size=6)
_current_groups = (
    st.fixed_dictionaries(
        {"name": _current_group_names},
        optional={"id": st.none() | _current_integers},
    )
    | json_values
)
_current_notebooks = (
    st.fixed_dictionaries(
        {"cpu": _current_numbers, "memory": _current_numbers},
        optional={"spawn": _current_booleans, "gpu": st.integers()},
    )
    | json_values
)
_current_mappings = st.dictionaries(
    st.text(max_size=4), _current_integers, max_size=3
)
_current_quotas = st.none() | st.fixed_dictionaries(
    {},
    optional={
        "api": _current_mappings | json_values,
        "disk": _current_mappings | json_values,
        "notebook": st.none() | _current_notebooks,
        "tap": st.dictionaries(
            st.text(max_size=4),
            st.fixed_dictionaries(
                {"concurrent": _current_integers},
                optional={"x": st.integers()},
            )
            | json_values,
            max_size=2,
        )
        | json_values,
        "extra": st.integers(),
    },
)
_current_scopes = st.one_of(
    st.lists(st.text(max_size=5), max_size=4),
    st.text(max_size=10),
    st.lists(json_values, max_size=2),
)
_current_keys = st.text(min_size=21, max_size=23) | st.none() | json_values

_CURRENT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "username": _current_usernames,
    "token_type": st.sampled_from([*(t.value for t in TokenType), "x", 1]),
    "service": _current_texts,
    "scopes": _current_scopes,
    "created": datetime_inputs,
    "expires": st.none() | datetime_inputs,
    "token": _current_keys,
    "token_name": _current_texts,
    "last_used": st.none() | datetime_inputs,
    "parent": st.none() | _current_keys,
    "name": _current_texts,
    "email": _current_texts,
    "uid": st.none() | _current_integers,
    "gid": st.none() | _current_integers,
    "groups": st.none() | st.lists(_current_groups, max_size=3) | json_values,
    "quota": _current_quotas,
    "other": json_values,
}


@st.composite
def current_inputs(draw: st.DrawFn, model: Any) -> dict[str, Any]:
    """JSON objects for a model of the current family, valid or not.

    Some fields are left out, and an unknown key may be added.
    """
    if model is current.Quota:
        quota: Any = draw(_current_quotas.filter(bool))
        return dict(quota)
    names = [a.name for a in attrs.fields(model)] + ["other"]
    result = {}
    for name in names:
        if draw(st.integers(0, 9)) == 0:
            continue
        if model is current.TokenData and name == "token":
            result[name] = draw(
                st.fixed_dictionaries(
                    {"key": st.text(max_size=3), "secret": st.text(max_size=3)}
                )
                | json_values
            )
        else:
            result[name] = draw(_CURRENT_FIELDS[name])
    return result


plain_field_inputs: st.SearchStrategy[Any] = st.one_of(
    _integers_ish,
    _numbers_ish,
    _current_booleans,
    st.sampled_from(["red", "Red", 1, 2, 1.0, 1.5, "1", True]),
)
"""Values for fields of plain types and enums: numbers, numeric strings,
words of truth, enum values and their look-alikes, any JSON value."""
