"""The current family, against the Pydantic reproduction of HEAD's models.

Documents of every release are read and written back as the current
release would write them; generated input gets HEAD's verdicts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import cattrs
import pydantic
import pytest
from cattrs.preconf.json import make_converter as make_json_converter
from cattrs.preconf.msgspec import make_converter as make_msgspec_converter
from cattrs.preconf.orjson import make_converter as make_orjson_converter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pydantic_reference.current as head
from gafaelfawr_attrs import TokenBase as OldBase
from gafaelfawr_attrs import current, make_converter
from gafaelfawr_attrs.current import (
    ABSENT,
    Group,
    NotebookQuota,
    Quota,
    TapQuota,
    Token,
    TokenBase,
    TokenData,
    TokenInfo,
    TokenType,
    TokenUserInfo,
    UserInfo,
    ValidationError,
)

from .releases import (
    EXAMPLES,
    HEAD,
    RELEASES,
    Kind,
    Release,
    any_documents,
    dump_document,
    has_missing_group_id,
)
from .strategies import current_inputs
from .support import documented_differences, examples

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]

MODELS: dict[Kind, Any] = {
    "redis": TokenData,
    "token-info": TokenInfo,
    "user-info": UserInfo,
    "users": UserInfo,
}
"""The current model reading each kind of document."""

DUMP_OPTIONS: dict[Kind, dict[str, bool]] = {
    "redis": {},
    "token-info": {"exclude_none": True},
    "user-info": {"exclude_none": True},
    "users": {"exclude_defaults": True},
}
"""How the service writes each kind of document (Pydantic's options)."""

TWINS: dict[Any, Any] = {
    TokenBase: head.TokenBase,
    TokenData: head.TokenData,
    TokenInfo: head.TokenInfo,
    TokenUserInfo: head.TokenUserInfo,
    UserInfo: head.UserInfo,
    Group: head.Group,
    Quota: head.Quota,
    NotebookQuota: head.NotebookQuota,
    TapQuota: head.TapQuota,
}
"""Each current model and its Pydantic twin."""

MILLISECONDS_FROM = 20_000_000_000
"""Epoch numbers beyond which readers take them as milliseconds."""

CONVERTERS = {
    library: make_converter(json_library=library)
    for library in ("json", "msgspec")
}


def _read_everyhow(model: Any, document: dict[str, Any]) -> Any:
    """Read a document by structure and by loads with each JSON library.

    Every way gives an equal instance, or the same error locations.
    """
    text = dump_document(document)
    outcomes: list[Any] = []
    for converter in CONVERTERS.values():
        for data in (document, text):
            try:
                if isinstance(data, str):
                    outcomes.append(converter.loads(data, model))
                else:
                    outcomes.append(converter.structure(data, model))
            except ValidationError as error:
                outcomes.append(error)
    first = outcomes[0]
    for other in outcomes[1:]:
        if isinstance(first, ValidationError):
            assert isinstance(other, ValidationError)
            assert [e["loc"] for e in other.errors()] == [
                e["loc"] for e in first.errors()
            ]
        else:
            assert other == first
    return first


def _written(instance: Any, kind: Kind) -> dict[str, Any]:
    """Write an instance as the service writes that kind; parse it again.

    Both JSON libraries write the same text.
    """
    texts = {
        converter.dumps(instance, **DUMP_OPTIONS[kind])
        for converter in CONVERTERS.values()
    }
    assert len(texts) == 1
    result: dict[str, Any] = json.loads(texts.pop())
    return result


def _has_far_instant(document: dict[str, Any]) -> bool:
    """Tell whether a document holds an epoch number read as milliseconds."""
    return any(
        isinstance(document.get(key), int)
        and abs(document[key]) > MILLISECONDS_FROM
        for key in ("created", "expires", "last_used")
    )


def _known(document: dict[str, Any], kind: Kind) -> dict[str, Any]:
    """Return what the current models know of a document, as they write it.

    Scopes sorted without repeats; 10.x's ``quota`` of Redis records left
    out (decision (b) of the spec).
    """
    result = dict(document)
    if kind == "redis":
        result.pop("quota", None)
    if isinstance(result.get("scopes"), list):
        result["scopes"] = sorted(set(result["scopes"]))
    return result


def _keeps(written: object, given: object) -> bool:
    """Tell whether written data holds every key and value of the given.

    Dicts may gain keys: defaults the document's release did not write.
    """
    if isinstance(given, dict):
        return isinstance(written, dict) and all(
            key in written and _keeps(written[key], value)
            for key, value in given.items()
        )
    if isinstance(given, list):
        return (
            isinstance(written, list)
            and len(written) == len(given)
            and all(map(_keeps, written, given))
        )
    return type(written) is type(given) and written == given


def _check_document(
    release: Release, kind: Kind, document: dict[str, Any]
) -> None:
    """Read a release's document and write it back as the service would."""
    model = MODELS[kind]
    ours = _read_everyhow(model, document)
    assert not isinstance(ours, ValidationError), ours.errors()
    written = _written(ours, kind)
    try:
        twin = TWINS[model].model_validate_json(dump_document(document))
    except pydantic.ValidationError:
        # Only 10.x's groups without ids, which the package keeps.
        assert has_missing_group_id(document), release
    else:
        expected = json.loads(twin.model_dump_json(**DUMP_OPTIONS[kind]))
        assert list(written.items()) == list(expected.items())
    if not _has_far_instant(document):
        # Nothing lost: every key and value the current models know.
        assert _keeps(written, _known(document, kind))


class TestDocumentsOfEveryRelease:
    """Documents of every release are read, and written back as HEAD does."""

    @pytest.mark.parametrize(
        ("release", "kind", "document"),
        [
            pytest.param(release, kind, document, id=f"{release}-{kind}-{n}")
            for (name, kind), documents in EXAMPLES.items()
            for release in RELEASES
            if release.name == name
            for n, document in enumerate(documents)
        ],
    )
    def test_examples(
        self, release: Release, kind: Kind, document: dict[str, Any]
    ) -> None:
        """Each fixed example is read and written back, nothing lost."""
        _check_document(release, kind, document)

    @given(any_documents())
    @settings(max_examples=examples(1000), suppress_health_check=_SLOW)
    def test_generated(
        self, drawn: tuple[Release, Kind, dict[str, Any]]
    ) -> None:
        """Generated documents of every release and kind round-trip."""
        _check_document(*drawn)

    def test_examples_cover_every_release_and_kind(self) -> None:
        """The fixed examples hold a document of each release and kind."""
        covered = {(name, kind) for name, kind in EXAMPLES}
        assert covered == {
            (release.name, kind)
            for release in RELEASES
            for kind in release.kinds
        }


class TestOldRecords:
    """What older releases wrote and HEAD refuses is read and kept."""

    def test_null_and_absent_group_ids_kept(self) -> None:
        """A null id stays null, an absent one absent, in every mode."""
        data = {
            "username": "u",
            "groups": [{"name": "a", "id": None}, {"name": "b"}],
        }
        info = current.structure(data, UserInfo)
        assert info.groups[0].id is None
        assert info.groups[1].id is ABSENT
        for options in DUMP_OPTIONS.values():
            written = json.loads(current.dumps(info, **options))
            assert written["groups"] == data["groups"]
        assert info.to_userinfo_dict() == {"groups": data["groups"]}

    def test_constructor_requires_id(self) -> None:
        """Code must give an id (ABSENT too); documents may leave it out.

        The schema describes what is read: the id is not required there
        (HEAD's requires it).
        """
        with pytest.raises(TypeError, match="id"):
            Group(name="g")  # type: ignore[call-arg]
        assert Group(name="g", id=ABSENT) == current.structure(
            {"name": "g"}, Group
        )
        assert current.json_schema(Group)["required"] == ["name"]

    def test_quota_key_of_10x_not_kept(self) -> None:
        """10.x's null ``quota`` of a Redis record is dropped, as HEAD does."""
        (document, *_) = EXAMPLES["10.1", "redis"]
        assert "quota" in document
        record = current.structure(document, TokenData)
        assert "quota" not in json.loads(current.dumps(record))


def _differences(model: Any, data: dict[str, Any]) -> set[str]:
    """Return the fields where the package departs from HEAD, by design.

    A scopes value of non-strings, null or not iterable (decision (d));
    a group without an id (decision 2); a token without key or secret
    (decision (c)); and the instants of docs/behaviour.md's differences.
    """
    names = {a.name for a in attrs.fields(model)}
    # The ISO 8601 extensions of the 2024 family are not read here.
    _, result = documented_differences(
        data,
        tuple(n for n in ("created", "expires", "last_used") if n in names),
    )
    scopes = data.get("scopes")
    if (
        "scopes" in data
        and not isinstance(scopes, str)
        and not (
            isinstance(scopes, list)
            and all(isinstance(s, str) for s in scopes)
        )
    ):
        result.add("scopes")
    groups = data.get("groups")
    if isinstance(groups, list) and any(
        isinstance(g, dict) and g.get("id") is None for g in groups
    ):
        result.add("groups")
    token = data.get("token")
    if model is TokenData and isinstance(token, dict):
        result.add("token")
    return result


def _assert_same_dump(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Compare what both wrote; far instants in milliseconds (spec 5.5)."""
    for field in ("created", "expires", "last_used"):
        written = theirs.get(field)
        if isinstance(written, int) and abs(written) > MILLISECONDS_FROM:
            assert abs(ours.pop(field) / 1000 - theirs.pop(field)) < 1
    assert ours == theirs


def _check_against_head(model: Any, data: dict[str, Any]) -> None:
    """Both accept with the same dump, or both refuse at the same fields."""
    try:
        ours: Any = current.structure(data, model)
    except ValidationError as error:
        ours = error
    try:
        theirs: Any = TWINS[model].model_validate(data)
    except (pydantic.ValidationError, TypeError) as error:
        theirs = error
    differences = _differences(model, data)
    if isinstance(theirs, pydantic.BaseModel):
        if isinstance(ours, ValidationError):
            assert {e["loc"][0] for e in ours.errors()} <= differences
        elif "created" in data and not (
            {"token", "groups", "scopes"} & differences
        ):
            expected = json.loads(theirs.model_dump_json())
            _assert_same_dump(_written(ours, "redis"), expected)
        return
    if isinstance(theirs, TypeError):  # HEAD's scopes of None or 5
        assert "scopes" in differences
        return
    named = {e["loc"][0] for e in theirs.errors() if e["loc"]}
    if isinstance(ours, ValidationError):
        ours_named = {e["loc"][0] for e in ours.errors() if e["loc"]}
        assert ours_named - differences == named - differences
    else:
        assert named <= differences


class TestAgainstHead:
    """Each model accepts and refuses what HEAD's Pydantic model does."""

    @pytest.mark.parametrize(
        "model",
        [TokenBase, TokenData, TokenInfo, TokenUserInfo, UserInfo],
        ids=lambda model: model.__name__,
    )
    @given(data=st.data())
    @settings(max_examples=examples(600), suppress_health_check=_SLOW)
    def test_generated_input(self, model: Any, data: st.DataObject) -> None:
        """Generated input, valid or not, gets the same verdict."""
        _check_against_head(model, data.draw(current_inputs(model)))

    @given(current_inputs(Quota))
    @settings(max_examples=examples(800), suppress_health_check=_SLOW)
    def test_quotas(self, data: dict[str, Any]) -> None:
        """Quotas, their unknown keys refused, as HEAD does."""
        _check_against_head(Quota, data)

    @pytest.mark.parametrize(
        "name",
        [
            "g",
            "a",
            "g1",
            "1-g",
            "19numbers",
            "1a1",
            "1",
            "123",
            "1.2",
            "",
            "-g",
            "g\n",
            "a b",
            "ä",
            "_x",
        ],
    )
    def test_group_names(self, name: str) -> None:
        """Group names follow HEAD's rule: a letter somewhere."""
        _check_against_head(Group, {"name": name, "id": 5})

    @pytest.mark.parametrize(
        "spawn",
        [
            True,
            False,
            0,
            1,
            2,
            0.0,
            1.0,
            1.5,
            "yes",
            "OFF",
            "t",
            "",
            "2",
            None,
        ],
        ids=repr,
    )
    def test_spawn(self, spawn: object) -> None:
        """``spawn`` reads booleans as Pydantic's lax mode does."""
        _check_against_head(
            NotebookQuota, {"cpu": 1, "memory": 2, "spawn": spawn}
        )


class TestWriting:
    """Each document is written as the service writes it."""

    def test_users_output_drops_defaults(self) -> None:
        """exclude_defaults drops nulls, empty lists and dicts, spawn true."""
        info = UserInfo(
            username="u",
            quota=Quota(notebook=NotebookQuota(cpu=1, memory=2)),
        )
        assert json.loads(current.dumps(info, exclude_defaults=True)) == {
            "username": "u",
            "quota": {"notebook": {"cpu": 1.0, "memory": 2.0}},
        }

    def test_user_info_keeps_empty_quota_parts(self) -> None:
        """exclude_none keeps groups, api, disk, tap and spawn."""
        info = UserInfo(username="u", quota=Quota())
        assert json.loads(current.dumps(info, exclude_none=True)) == {
            "username": "u",
            "groups": [],
            "quota": {"api": {}, "disk": {}, "tap": {}},
        }

    def test_factory_default_kept(self) -> None:
        """A creation time made now is not a default exclude_defaults drops."""
        base = TokenBase(username="u", token_type="user", scopes=["a"])
        written = current.unstructure(base, exclude_defaults=True)
        assert written == {
            "username": "u",
            "token_type": "user",
            "scopes": ["a"],
            "created": int(base.created.timestamp()),
        }

    def test_options_on_any_converter(self) -> None:
        """make_converter's converters take the options too."""
        info = TokenInfo(
            username="u", token_type="user", scopes="b,a", token="k" * 22
        )
        text = make_converter().dumps(info, exclude_none=True)
        assert "null" not in text
        assert json.loads(text)["scopes"] == ["a", "b"]

    def test_far_instants_as_milliseconds(self) -> None:
        """Instants beyond 2e10 s are written in ms and read back alike."""
        far = datetime(3000, 1, 1, tzinfo=UTC)
        info = TokenInfo(
            username="u",
            token_type="user",
            scopes=[],
            token="k" * 22,
            created=far,
            last_used=far,
        )
        written = json.loads(current.dumps(info))
        assert written["created"] == written["last_used"] == 32503680000000
        assert current.loads(current.dumps(info), TokenInfo) == info


class TestModels:
    """The models' own behaviour, beyond reading and writing."""

    @pytest.mark.parametrize(
        "text",
        ["2021-W09-5", "2021W095", "2021-064", "20210305T231530Z"],
    )
    @pytest.mark.parametrize("library", ["json", "msgspec"])
    def test_no_iso_extensions(self, text: str, library: Any) -> None:
        """ISO 8601 forms HEAD refuses are refused, every way.

        The 2024 family reads them.
        """
        data: dict[str, Any] = {
            "username": "u",
            "token_type": "user",
            "scopes": [],
        }
        converter = make_converter(json_library=library)
        with pytest.raises(ValidationError):
            converter.structure({**data, "created": text}, TokenBase)
        with pytest.raises(ValidationError):
            converter.loads(json.dumps({**data, "expires": text}), TokenBase)
        with pytest.raises(ValidationError):
            TokenBase(**data, created=text)
        assert converter.structure({**data, "created": text}, OldBase)

    def test_scopes_refuse_non_strings(self) -> None:
        """An item that is not a string is refused, at its index."""
        with pytest.raises(ValidationError) as caught:
            current.structure(
                {"username": "u", "token_type": "user", "scopes": ["a", 1]},
                TokenBase,
            )
        assert [e["loc"] for e in caught.value.errors()] == [("scopes", 1)]

    @pytest.mark.parametrize("scopes", [None, 5], ids=repr)
    def test_scopes_null_or_not_iterable(self, scopes: object) -> None:
        """A null or non-iterable scopes is a ValidationError.

        HEAD raises a bare TypeError (decision (d) of the spec).
        """
        with pytest.raises(ValidationError):
            current.structure(
                {"username": "u", "token_type": "user", "scopes": scopes},
                TokenBase,
            )

    def test_token_key_and_secret_required(self) -> None:
        """A record's token needs its key and secret (decision (c))."""
        (document, *_) = EXAMPLES["HEAD", "redis"]
        data = {**document, "token": {"key": "k" * 22}}
        with pytest.raises(ValidationError) as caught:
            current.structure(data, TokenData)
        assert [e["loc"] for e in caught.value.errors()] == [
            ("token", "secret")
        ]

    def test_quota_helpers(self) -> None:
        """The quotas' add and is_empty, as the service's."""
        one = NotebookQuota(cpu=1, memory=2)
        other = NotebookQuota(cpu=0.5, memory=1, spawn=False)
        assert one.add(None) is one
        assert one.add(other) == NotebookQuota(cpu=1.5, memory=3, spawn=False)
        assert TapQuota(concurrent=2).add(TapQuota(concurrent=3)) == TapQuota(
            concurrent=5
        )
        assert Quota().is_empty()
        assert not Quota(tap={"qserv": TapQuota(concurrent=1)}).is_empty()

    def test_service_records(self) -> None:
        """The bootstrap and internal tokens' scopes, as HEAD's."""
        bootstrap = TokenData.bootstrap_token()
        assert bootstrap.scopes == {"admin:oidc", "admin:token"}
        assert bootstrap.token_type is TokenType.service
        assert TokenData.internal_token().scopes == {"admin:token"}

    def test_secret_hidden(self) -> None:
        """The token's secret is in no repr and no error."""
        token = Token()
        record = TokenData(
            username="u", token_type="user", scopes=[], token=token
        )
        assert token.secret not in repr(record)
        with pytest.raises(ValidationError) as caught:
            current.structure(
                {
                    "username": "",
                    "token_type": "user",
                    "scopes": [],
                    "token": {"key": 5, "secret": token.secret},
                },
                TokenData,
            )
        assert token.secret not in str(caught.value)
        assert token.secret not in json.dumps(
            caught.value.errors(), default=str
        )

    def test_constructor_evolve_agree(self) -> None:
        """The constructor, structure and attrs.evolve hold the same values."""
        data = {
            "username": "u",
            "groups": [{"name": "1astro", "id": 1}],
            "quota": {"tap": {"qserv": {"concurrent": 2}}},
        }
        read = current.structure(data, UserInfo)
        made = UserInfo(
            username="u",
            groups=[Group(name="1astro", id=1)],
            quota=Quota(tap={"qserv": TapQuota(concurrent=2)}),
        )
        assert read == made
        assert attrs.evolve(made, username="v").groups == made.groups

    def test_version_named(self) -> None:
        """SERVICE_VERSION names the release followed."""
        assert "9084e408" in current.SERVICE_VERSION
        assert HEAD.name == "HEAD"


@attrs.frozen
class Directory:
    """A user's class holding current models."""

    users: dict[str, UserInfo]
    records: list[TokenData]


_PRECONF: dict[str, Callable[[], cattrs.Converter]] = {
    "plain": cattrs.Converter,
    "json": make_json_converter,
    "orjson": make_orjson_converter,
    "msgspec": make_msgspec_converter,
}


@pytest.mark.parametrize("name", list(_PRECONF), ids=list(_PRECONF))
def test_in_users_converters(name: str) -> None:
    """A configured converter reads, writes and refuses as the package."""
    converter = _PRECONF[name]()
    current.configure_converter(converter)
    (record, *_) = EXAMPLES["HEAD", "redis"]
    (user, *_) = EXAMPLES["HEAD", "user-info"]
    data = {"users": {"alice": user}, "records": [record]}
    directory = converter.structure(data, Directory)
    assert directory.records == [current.structure(record, TokenData)]
    written = converter.unstructure(directory)
    assert written["records"] == [current.unstructure(directory.records[0])]
    assert converter.structure(written, Directory) == directory
    bad = {**data, "users": {"alice": {**user, "quota": {"extra": 1}}}}
    with pytest.raises(ValidationError) as caught:
        converter.structure(bad, Directory)
    assert [e["loc"] for e in caught.value.errors()] == [
        ("users", "alice", "quota", "extra")
    ]
    assert record["token"]["secret"] not in str(caught.value)


@pytest.mark.parametrize(
    ("ours", "theirs"), list(TWINS.items()), ids=lambda m: m.__name__
)
def test_schema_fields_as_head(ours: Any, theirs: Any) -> None:
    """The schema of what is read names HEAD's fields, in its order.

    The same fields are required, and unknown keys allowed or not alike.
    """
    schema = current.json_schema(ours)
    expected = theirs.model_json_schema()
    assert list(schema["properties"]) == list(expected["properties"])
    leniency = {"id"} if ours is Group else set()  # old records' groups
    assert set(schema.get("required", ())) == (
        set(expected.get("required", ())) - leniency
    )
    assert schema.get("additionalProperties") == expected.get(
        "additionalProperties"
    )
