"""No error shows a secret that was in the input, whatever the path."""

from __future__ import annotations

import functools
import io
import json
import logging
import pickle
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import attrs
import cattrs
import pytest
from cattrs.errors import (
    CattrsError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.preconf.json import make_converter as make_json_converter
from cattrs.preconf.msgspec import make_converter as make_msgspec_converter
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gafaelfawr_attrs import (
    Quota,
    Token,
    TokenBase,
    TokenData,
    TokenInfo,
    TokenUserInfo,
    ValidationError,
    configure_converter,
    loads,
    make_converter,
    structure,
)

from .strategies import json_values
from .support import (
    JSON_LIBRARIES,
    SECRET,
    TOKEN_DATA_RECORD,
    Text,
    describe,
    examples,
    install_kinds,
    stored,
)

KEY = "5KVApqcVbSQWtO3VIRgOhQ"
"""The key of the token in `TOKEN_DATA_RECORD`."""

RECORD: dict[str, Any] = json.loads(TOKEN_DATA_RECORD)
"""A TokenData record holding `SECRET`."""

TOKEN_TEXT = f"gt-{KEY}.{SECRET}"
"""The text form of the record's token."""

BASE: dict[str, Any] = {"username": "u", "token_type": "session", "scopes": []}
"""A valid TokenBase record."""

WITH_SECRET: dict[str, Any] = {**BASE, "secret": SECRET}
"""A TokenBase record with an unknown key ``secret`` holding `SECRET`."""


def everything_shown(error: BaseException) -> str:
    """Return all that an error can show: message, repr, details, chain.

    Parameters
    ----------
    error
        A raised exception.

    Returns
    -------
    str
        Its message, representation, error details, formatted traceback,
        what ``logging.exception`` writes, its pickle, and the same for
        every exception chained to it (with the data a `UnicodeError`
        holds).
    """
    stream = io.StringIO()
    logger = logging.getLogger("test_secrets")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        logger.error("failed", exc_info=error)
    finally:
        logger.removeHandler(handler)
    shown = [
        stream.getvalue(),
        "".join(traceback.format_exception(error)),
        repr(pickle.dumps(error)),
    ]
    if not isinstance(error, ValidationError):
        shown.append(repr(cattrs.transform_error(error)))
    pending: list[BaseException] = [error]
    while pending:
        shown += _shown_by(pending.pop())
    return "\n".join(shown)


def _shown_by(error: BaseException) -> list[str]:
    """Return what one exception shows itself, then its chained ones."""
    shown = []
    chained: BaseException | None = error
    while chained is not None:
        shown += [str(chained), repr(chained), repr(chained.args)]
        shown += [repr(vars(chained)), repr(getattr(chained, "object", ""))]
        if isinstance(chained, ValidationError):
            shown += [repr(chained.errors()), chained.json()]
        if isinstance(chained, BaseExceptionGroup):
            for inner in chained.exceptions:
                shown += _shown_by(inner)
        chained = chained.__context__ or chained.__cause__
    return shown


def raised(call: Callable[[], object]) -> ValidationError:
    """Return the `ValidationError` a call raises.

    Parameters
    ----------
    call
        A function expected to raise.

    Returns
    -------
    ValidationError
        What it raised.
    """
    with pytest.raises(ValidationError) as info:
        call()
    return info.value


def _record_with_key(key: object) -> dict[Any, Any]:
    """Return the record with one more key, of any type."""
    record: dict[Any, Any] = dict(RECORD)
    record[key] = 1
    return record


def _strict(converter: Any) -> Any:
    """Return a converter like another that forbids unknown keys."""
    return make_converter(
        json_library=converter.json_library, forbid_extra_keys=True
    )


class _ClassLiar:
    """A value whose class cannot be read, shown as the secret."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise RuntimeError(SECRET)

    def __repr__(self) -> str:
        return SECRET


@attrs.frozen
class Holder:
    """A user's class holding a model, and a secret of its own."""

    base: TokenBase
    secret: int


PATHS: dict[str, Callable[[Any], object]] = {
    "unreadable-secret": lambda c: c.structure(
        {"key": KEY, "secret": _ClassLiar()}, Token
    ),
    "unreadable-token-data-token": lambda c: c.structure(
        {**RECORD, "token": _ClassLiar()}, TokenData
    ),
    "unreadable-token-info-token": lambda c: c.structure(
        {**RECORD, "token": _ClassLiar()}, TokenInfo
    ),
    "array-for-record": lambda c: c.loads(json.dumps([RECORD]), TokenData),
    "record-for-list": lambda c: c.loads(json.dumps(RECORD), list[TokenData]),
    "token-object-in-token-info": lambda c: c.loads(
        json.dumps({**RECORD, "token": {"key": KEY, "secret": SECRET}}),
        TokenInfo,
    ),
    "invalid-json-token-data": lambda c: c.loads(
        json.dumps(RECORD)[:-1], TokenData
    ),
    "invalid-json-token-base": lambda c: c.loads(
        json.dumps(RECORD)[:-1], TokenBase
    ),
    "invalid-json-dict": lambda c: c.loads(json.dumps(RECORD)[:-1], dict),
    "invalid-utf8": lambda c: c.loads(
        json.dumps(RECORD).encode().replace(b"someuser", b"\xff"), TokenBase
    ),
    "malformed-token-text": lambda c: c.structure(TOKEN_TEXT + "x", Token),
    "token-text-for-int": lambda c: c.structure(TOKEN_TEXT, int),
    "record-for-str": lambda c: c.structure(RECORD, str),
    "dict-of-records": lambda c: c.structure(
        {"a": {**RECORD, "uid": "x"}}, dict[str, TokenData]
    ),
    "optional-record": lambda c: c.structure(
        {**RECORD, "uid": "x"}, TokenData | None
    ),
    "records-for-optional-record": lambda c: c.structure(
        [RECORD], TokenData | None
    ),
    "records-for-dict": lambda c: c.structure([RECORD], dict[str, TokenData]),
    "token-text-as-key": lambda c: c.structure(
        {TOKEN_TEXT: 5}, dict[str, TokenData]
    ),
    "token-text-as-api-name": lambda c: c.structure(
        {**RECORD, "quota": {"api": {TOKEN_TEXT: "x"}}}, TokenData
    ),
    "token-text-as-unknown-key": lambda c: _strict(c).structure(
        _record_with_key(TOKEN_TEXT), TokenData
    ),
    "token-text-in-tuple-key": lambda c: _strict(c).structure(
        _record_with_key((TOKEN_TEXT,)), TokenData
    ),
    "misspelled-secret": lambda c: c.structure(
        {"key": KEY, "secrets": SECRET}, Token
    ),
    "misspelled-secret-in-dict": lambda c: c.structure(
        {"a": {"key": KEY, "secrets": SECRET}}, dict[str, Token]
    ),
    "misspelled-secret-optional": lambda c: c.structure(
        {"key": KEY, "secrets": SECRET}, Token | None
    ),
    "extra-key-beside-secret": lambda c: _strict(c).structure(
        {"key": KEY, "secret": "x", "secret2": SECRET}, Token
    ),
    "key-and-secret-as-token-info-token": lambda c: c.structure(
        {**RECORD, "token": f"{KEY}.{SECRET}"}, TokenInfo
    ),
    "pair-as-token-info-token": lambda c: c.structure(
        {**RECORD, "token": [KEY, SECRET]}, TokenInfo
    ),
    "misspelled-token-info-token": lambda c: c.structure(
        {**RECORD, "token": {"key": KEY, "secrets": SECRET}}, TokenInfo
    ),
    "secret-beside-token-info-token": lambda c: _strict(c).structure(
        {**RECORD, "token": KEY, "secret": SECRET}, TokenInfo
    ),
    "token-info-constructed": lambda _: TokenInfo(
        username="u",
        token_type="session",
        scopes=[],
        created=5,
        token=f"{KEY}.{SECRET}",
    ),
    "secret-as-unknown-key": lambda c: _strict(c).structure(
        WITH_SECRET, TokenBase
    ),
    "secret-as-unknown-key-in-list": lambda c: _strict(c).structure(
        [WITH_SECRET], list[TokenBase]
    ),
    "secret-as-unknown-key-in-dict": lambda c: _strict(c).structure(
        {"a": WITH_SECRET}, dict[str, TokenBase]
    ),
    "secret-as-unknown-key-in-deque": lambda c: _strict(c).structure(
        [WITH_SECRET], deque[TokenBase]
    ),
    "secret-as-unknown-key-in-sequence": lambda c: _strict(c).structure(
        [WITH_SECRET], Sequence[TokenBase]
    ),
    "secret-as-unknown-key-in-set": lambda c: _strict(c).structure(
        [WITH_SECRET], AbstractSet[TokenBase]
    ),
    "secret-as-unknown-key-in-quota": lambda c: _strict(c).structure(
        {"username": "u", "quota": {"secret": SECRET}}, TokenUserInfo
    ),
    "secret-as-mapping-key": lambda _: structure(
        {"secret": SECRET}, dict[str, TokenBase]
    ),
    "secret-as-mapping-key-of-list": lambda c: c.structure(
        {"secret": [SECRET]}, dict[str, list[TokenBase]]
    ),
    "record-missing-fields-under-secret": lambda c: c.structure(
        {"secret": {"username": SECRET}}, dict[str, TokenBase]
    ),
    "secret-field-of-users-class": lambda c: c.structure(
        {"base": BASE, "secret": SECRET}, Holder
    ),
    "secret-as-api-name": lambda c: c.structure(
        {"api": {"secret": SECRET}}, Quota
    ),
    "secret-as-api-name-constructed": lambda _: Quota(
        api={"secret": SECRET}  # type: ignore[dict-item]
    ),
    "secret-as-api-name-read": lambda c: c.loads(
        json.dumps({"api": {"secret": SECRET}}), Quota
    ),
    "secret-as-api-name-read-by-loads": lambda _: loads(
        json.dumps({"api": {"secret": SECRET}}), Quota
    ),
}
"""Ways to give a secret to the package where an error follows."""


@pytest.mark.parametrize("library", JSON_LIBRARIES)
@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_no_secret_shown(path: Callable[[Any], object], library: Any) -> None:
    """The secret is in no message, detail, traceback or chained error."""
    error = raised(lambda: path(make_converter(json_library=library)))
    assert SECRET not in everything_shown(error)


def test_secret_key_named() -> None:
    """A key ``secret`` is named in locations; what is under it is hidden."""
    data = {"secret": {"username": "", "scopes": 5}}
    error = raised(lambda: structure(data, dict[str, TokenBase]))
    assert [(e["loc"], e["input"]) for e in error.errors()] == [
        (("secret", "username"), "<hidden>"),
        (("secret", "token_type"), "<hidden>"),
        (("secret", "scopes"), "<hidden>"),
    ]


@attrs.frozen(kw_only=True, field_transformer=install_kinds)
@stored
class _Vault:
    """A model, as a later release may add, with a credential of its own."""

    passphrase: str = attrs.field(
        metadata=describe(
            Text(), title="Passphrase", description="p", secret=True
        )
    )


@pytest.mark.parametrize("key", ["secret", "passphrase"])
def test_secret_fields_name_hidden_keys(key: str) -> None:
    """What an input holds under a secret field's name is never shown.

    Token's secret, and a field any model declares secret, alike; under
    another key, the same input is shown.
    """
    data = {key: {"username": 5}, "plain": {"username": 5}}
    error = raised(lambda: structure(data, dict[str, TokenBase]))
    shown = {
        e["loc"][0]: e["input"]
        for e in error.errors()
        if e["loc"][1:] == ("username",)
    }
    assert shown == {key: "<hidden>", "plain": 5}
    assert repr(_Vault(passphrase="x")) == "_Vault(passphrase=<hidden>)"


@pytest.mark.parametrize(
    "value",
    [Decimal("1.5"), 2j, date(2021, 3, 5), [Decimal("1.5"), None]],
    ids=["decimal", "complex", "date", "list"],
)
def test_plain_scalars_shown(value: object) -> None:
    """Inputs of numbers and dates, which cannot quote a token, are shown."""
    error = raised(
        lambda: make_converter().structure({"username": value}, TokenBase)
    )
    assert error.errors()[0]["input"] == value


@pytest.mark.parametrize(
    "text",
    ["secret", '{"secret": "x"}', f"gt-{'k' * 22}.{SECRET}", "plain"],
    ids=["word", "json-key", "token", "plain"],
)
def test_texts_judged_alike_as_str_and_bytes(text: str) -> None:
    """A text given as `str` or as `bytes` is shown or hidden alike."""
    shown = []
    values: tuple[object, ...] = (
        text,
        text.encode(),
        bytearray(text.encode()),
    )
    for value in values:
        record = {**BASE, "token_type": value}
        error = raised(functools.partial(structure, record, TokenBase))
        shown.append(error.errors()[0]["input"] != "<hidden>")
    assert shown == [shown[0]] * 3
    assert shown[0] is not text.startswith("gt-")


def test_invalid_json_says_where() -> None:
    """Invalid JSON is located by line, column and offset, not quoted."""
    text = '{"username": "someuser",\n "token": "gt-x.y" "scopes": []}'
    error = raised(lambda: make_converter().loads(text, TokenBase))
    (detail,) = error.errors()
    assert detail == {
        "loc": (),
        "msg": "Invalid JSON: Expecting ',' delimiter: line 2 column 20"
        " (char 44)",
        "type": "json_invalid",
        "input": "<hidden>",
    }


@pytest.mark.parametrize("library", JSON_LIBRARIES)
@pytest.mark.parametrize(
    ("text", "msg"),
    [
        (
            '{"username": "u",\n "x": "\\ud800"}',
            "Unpaired surrogate escape: line 2 column 8 (char 25)",
        ),
        (
            '{"username": "\\\\ud800 \\udc00"}',
            "Unpaired surrogate escape: line 1 column 23 (char 22)",
        ),
        (
            '{"username": "\ud800"}',
            "Unpaired surrogate: line 1 column 15 (char 14)",
        ),
        (
            '{"username": "u",\n "x": ' + "9" * 4301 + "}",
            "Integer of more than 4300 digits: line 2 column 7 (char 24)",
        ),
    ],
    ids=["escaped-surrogate", "escaped-backslash", "surrogate", "integer"],
)
def test_json_problems_located(text: str, msg: str, library: Any) -> None:
    """Every reader's refusal names the line, column and character."""
    converter = make_converter(json_library=library)
    error = raised(lambda: converter.loads(text, TokenBase))
    assert [detail["msg"] for detail in error.errors()] == [
        f"Invalid JSON: {msg}"
    ]


def test_invalid_utf8_has_no_context() -> None:
    """The error for invalid UTF-8 keeps no chained error with the bytes."""
    data = json.dumps(RECORD).encode().replace(b"someuser", b"\xff")
    error = raised(lambda: make_converter().loads(data, TokenData))
    assert error.__context__ is None
    assert error.__cause__ is None
    position = data.index(b"\xff")
    assert error.errors()[0]["msg"] == (
        f"Invalid JSON: not valid UTF-8 at byte {position}"
    )


@given(
    st.recursive(
        json_values,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=8,
    ),
    st.sampled_from(
        [{"key": KEY, "secret": SECRET}, TOKEN_TEXT, f"Bearer {TOKEN_TEXT}"]
    ),
    st.sampled_from(
        [TokenData, TokenInfo, TokenBase, Token, list[TokenData], str, int]
    ),
)
@settings(max_examples=examples(300))
def test_secret_anywhere_in_input(
    data: object, secret: object, model: Any
) -> None:
    """Wherever a token sits in an invalid input, no error shows it."""
    placed = {
        "token": secret,
        "username": "a",
        "more": [data, secret],
        TOKEN_TEXT: {TOKEN_TEXT: data},
    }
    error: BaseException | None = None
    try:
        make_converter().structure(placed, model)
    except ValidationError as raised_error:
        error = raised_error
    assert error is None or SECRET not in everything_shown(error)


USERS_CONVERTERS: dict[str, Callable[[], cattrs.Converter]] = {
    "plain": cattrs.Converter,
    "plain-not-detailed": lambda: cattrs.Converter(detailed_validation=False),
    "plain-forbidding-extra-keys": lambda: cattrs.Converter(
        forbid_extra_keys=True
    ),
    "json": make_json_converter,
    "msgspec": make_msgspec_converter,
}
"""Converters of users' own, configured with `configure_converter`."""


DETAILED_CONVERTERS = {
    name: make
    for name, make in USERS_CONVERTERS.items()
    if name != "plain-not-detailed"
}
"""Users' converters that note where each problem is."""


@attrs.frozen
class Other:
    """A user's class beside the models."""

    a: int


INVALID_RECORDS = [{**RECORD, "username": ""}]
"""A list of one invalid TokenData record holding `SECRET`."""

CONTAINERS: dict[str, tuple[Any, object]] = {
    "mapping-key": (dict[str, TokenBase], {TOKEN_TEXT: {"username": ""}}),
    "nested-mapping-key": (
        dict[str, dict[str, TokenBase]],
        {TOKEN_TEXT: {"a": {"username": ""}}},
    ),
    "mapping-of-lists": (dict[str, list[TokenBase]], {TOKEN_TEXT: [5]}),
    "list-of-mappings": (list[dict[str, TokenBase]], [{TOKEN_TEXT: 5}]),
    "short-tuple": (tuple[TokenBase, int], [{"scopes": TOKEN_TEXT}]),
    "optional-mapping": (dict[str, TokenBase] | None, {TOKEN_TEXT: 1}),
    "frozenset-of-records": (frozenset[TokenData], INVALID_RECORDS),
    "set-of-records": (set[TokenData], INVALID_RECORDS),
    "abstract-set-of-records": (AbstractSet[TokenData], INVALID_RECORDS),
    "long-tuple": (tuple[TokenData, int], [RECORD, 1, 2]),
    "short-tuple-of-record": (tuple[TokenData, int, int], [RECORD]),
    "secret-for-literal": (
        tuple[TokenBase, Literal["a"]],
        [BASE, {"secret": SECRET}],
    ),
    "token-text-for-literal": (
        tuple[TokenBase, Literal["a"]],
        [BASE, TOKEN_TEXT],
    ),
    "token-text-as-users-key": (
        tuple[TokenBase, Other],
        [{"username": ""}, {"a": 1, TOKEN_TEXT: 1}],
    ),
    "object-as-users-key": (
        tuple[TokenBase, Other],
        [{"username": ""}, {"a": 1, _ClassLiar(): 1}],
    ),
}
"""Types holding models, and bad inputs whose keys or values are tokens."""


@pytest.mark.parametrize(
    ("cls", "data"), CONTAINERS.values(), ids=CONTAINERS.keys()
)
@pytest.mark.parametrize(
    "make", USERS_CONVERTERS.values(), ids=USERS_CONVERTERS.keys()
)
def test_no_secret_in_users_converters(
    make: Callable[[], cattrs.Converter], cls: Any, data: object
) -> None:
    """What cattrs adds around the models' errors never shows a token."""
    converter = make()
    configure_converter(converter)
    with pytest.raises(Exception) as info:  # noqa: PT011 - cattrs' own
        converter.structure(data, cls)
    assert SECRET not in everything_shown(info.value)


def test_token_secret_hidden_under_its_name_anywhere() -> None:
    """Input under the name of a token's hidden field is hidden anywhere.

    Where no field of the package reads a token's document (a username
    given one, an unknown key): the errors' key rule is the field's name.
    """
    token = Token(key=KEY, secret=SECRET)
    hidden = [
        field.name
        for field in attrs.fields(Token)
        if f"{field.name}={getattr(token, field.name)!r}" not in repr(token)
    ]
    assert hidden  # the secret's
    for name in hidden:
        record = {**RECORD, "username": {"note": "x", name: "hidden"}}
        with pytest.raises(ValidationError) as info:
            structure(record, TokenBase)
        (problem,) = info.value.errors()
        assert problem["loc"] == ("username",)
        assert problem["input"] == "<hidden>"


UNDER_SECRET_KEY: dict[str, tuple[Any, object]] = {
    "record": (dict[str, TokenBase], {"secret": {"username": SECRET}}),
    "tuple": (dict[str, tuple[TokenBase, int]], {"secret": [BASE, SECRET]}),
    "users-class": (
        dict[str, tuple[TokenBase, Other]],
        {"secret": [BASE, {"a": SECRET, SECRET: 1}]},
    ),
}
"""Types holding models, and bad inputs with the problems under a key
``secret``, where nothing looks like a credential."""


@pytest.mark.parametrize(
    ("cls", "data"), UNDER_SECRET_KEY.values(), ids=UNDER_SECRET_KEY.keys()
)
@pytest.mark.parametrize(
    "make", DETAILED_CONVERTERS.values(), ids=DETAILED_CONVERTERS.keys()
)
def test_nothing_under_secret_key_shown(
    make: Callable[[], cattrs.Converter], cls: Any, data: object
) -> None:
    """No error about what a key ``secret`` holds shows any of it."""
    converter = make()
    configure_converter(converter)
    with pytest.raises(IterableValidationError) as info:
        converter.structure(data, cls)
    assert SECRET not in everything_shown(info.value)


@pytest.mark.parametrize(
    ("cls", "data"), UNDER_SECRET_KEY.values(), ids=UNDER_SECRET_KEY.keys()
)
def test_under_secret_key_not_detailed(cls: Any, data: object) -> None:
    """A converter without detailed validation hides that too."""
    converter = cattrs.Converter(detailed_validation=False)
    configure_converter(converter)
    with pytest.raises(Exception) as info:  # noqa: PT011 - cattrs' own
        converter.structure(data, cls)
    assert SECRET not in everything_shown(info.value)


def test_users_converter_keeps_cattrs_errors() -> None:
    """A configured converter still raises cattrs' groups, keys hidden."""
    converter = cattrs.Converter()
    configure_converter(converter)
    data = {
        TOKEN_TEXT: {"username": ""},
        "plain": {"username": ""},
        "secret": {"username": SECRET},
    }
    with pytest.raises(IterableValidationError) as info:
        converter.structure(data, dict[str, TokenBase])
    # One message per problem, each with its path (the package's errors
    # are cattrs' validation errors too).
    missing = ("token_type", "scopes")
    assert cattrs.transform_error(info.value) == [
        *(
            message
            for key in ("<hidden>", "plain")
            for message in (
                f"invalid value @ $['{key}'].username",
                *(f"required field missing @ $['{key}'].{f}" for f in missing),
            )
        ),
        *(f"required field missing @ $['secret'].{f}" for f in missing),
    ]
    assert SECRET not in everything_shown(info.value)


def test_users_converter_hides_unknown_keys() -> None:
    """The error cattrs raises for unknown keys hides a token's text."""
    data = [BASE, {"a": 1, TOKEN_TEXT: 1, "b": 2}]
    converter = cattrs.Converter(forbid_extra_keys=True)
    configure_converter(converter)
    with pytest.raises(IterableValidationError) as info:
        converter.structure(data, tuple[TokenBase, Other])
    (group,) = info.value.exceptions
    assert isinstance(group, cattrs.ClassValidationError)
    (inner,) = group.exceptions
    assert isinstance(inner, ForbiddenExtraKeysError)
    assert inner.extra_fields == {"<hidden>", "b"}
    assert str(inner) == "Extra fields in constructor for Other: <hidden>, b"
    assert cattrs.transform_error(info.value) == [
        "extra fields found (<hidden>, b) @ $[1]"
    ]
    copy = pickle.loads(pickle.dumps(inner))  # noqa: S301 - made here
    assert (copy.extra_fields, str(copy)) == (inner.extra_fields, str(inner))


@pytest.mark.parametrize(
    "make", DETAILED_CONVERTERS.values(), ids=DETAILED_CONVERTERS.keys()
)
def test_users_converter_hides_set_elements(
    make: Callable[[], cattrs.Converter],
) -> None:
    """A set's note names an element holding a secret as hidden."""
    converter = make()
    configure_converter(converter)
    with pytest.raises(IterableValidationError) as info:
        converter.structure(INVALID_RECORDS, frozenset[TokenData])
    (inner,) = info.value.exceptions
    note = "Structuring frozenset @ element <hidden>"
    assert inner.__notes__[-1] == note
    assert cattrs.transform_error(info.value) == [
        "invalid value @ $[0].username"
    ]


@pytest.mark.parametrize(
    "detailed", [True, False], ids=["detailed", "not-detailed"]
)
def test_users_converter_hides_quoting_messages(detailed: bool) -> None:  # noqa: FBT001
    """A cattrs message quoting a record with a secret says it is hidden.

    A container of models is read in detail whatever the converter's
    option, as a class holding models is: each problem, located.
    """
    converter = cattrs.Converter(detailed_validation=detailed)
    configure_converter(converter)
    with pytest.raises(IterableValidationError) as info:
        converter.structure(
            [BASE, {"secret": SECRET}], tuple[TokenBase, Literal["a"]]
        )
    (inner,) = info.value.exceptions
    assert type(inner) is CattrsError
    assert str(inner) == "<hidden>: the message may quote a credential"
    copy = pickle.loads(pickle.dumps(inner))  # noqa: S301 - made here
    assert str(copy) == str(inner)


class _RecordSubclass(dict[str, Any]):
    """A dict of another class, whose inputs are looked through in full."""


_PLAIN_TEXTS = st.sampled_from(["a", "gt-", f"x gt-{SECRET}", "secret", ""])
"""Texts with and without a token's prefix, and the key ``secret``."""


@given(
    st.dictionaries(
        _PLAIN_TEXTS | st.text(max_size=3),
        _PLAIN_TEXTS
        | st.integers()
        | st.none()
        | st.lists(
            _PLAIN_TEXTS | st.integers() | st.floats() | st.booleans(),
            max_size=3,
        )
        | st.dictionaries(_PLAIN_TEXTS, _PLAIN_TEXTS, max_size=2),
        max_size=4,
    )
)
# Records at the size beyond which no input is looked through (shown
# below it, hidden from it on): each key, value and item counts.
@example({f"k{index}": "v" for index in range(4999)})
@example({f"k{index}": "v" for index in range(5000)})
@example({"scopes": ["x"] * 9996})
@example({"scopes": ["x"] * 9997})
@settings(max_examples=examples(300))
def test_record_judged_as_in_full(record: dict[str, Any]) -> None:
    """A record of plain values is shown or hidden as a full look says."""
    record.pop("username", None)

    def missing_input(data: object) -> object:
        with pytest.raises(ValidationError) as info:
            structure(data, TokenBase)
        (problem,) = [
            error
            for error in info.value.errors()
            if error["loc"] == ("username",)
        ]
        return problem["input"]

    quick = missing_input(record)
    assert (quick == "<hidden>") == (
        missing_input(_RecordSubclass(record)) == "<hidden>"
    )
    if quick != "<hidden>":
        assert SECRET not in repr(quick)


class _Record(dict[str, Any]):
    """A dict of a class of its own: judged by the general walk alone."""


_TOKEN_TEXT = f"gt-{'k' * 22}.{SECRET}"


@settings(max_examples=300)
@given(
    record=st.dictionaries(
        st.sampled_from(["token_type", "scopes", "secret", "note", "gt-k"])
        | st.text(max_size=4),
        json_values
        | st.just(_TOKEN_TEXT)
        | st.lists(st.just(_TOKEN_TEXT) | st.text(max_size=3), max_size=3),
        max_size=6,
    )
)
def test_plain_records_judged_as_any_record(record: dict[str, Any]) -> None:
    """A plain dict is judged as a dict of a class of its own.

    The input of a missing field's error, the record itself, is shown or
    hidden alike whether it is a plain dict (read in place) or a dict of
    another class (read through dict's own methods, as any object).
    """
    record.pop("username", None)
    hidden = []
    for value in (record, _Record(record)):
        error = raised(functools.partial(structure, value, TokenBase))
        missing = [e for e in error.errors() if e["type"] == "missing"]
        hidden.append(missing[0]["input"] == "<hidden>")
    assert hidden[0] == hidden[1]
