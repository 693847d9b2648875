"""Documents as each Gafaelfawr release wrote them, for the current family.

The differential and round-trip tests of ``gafaelfawr_attrs.current`` read
documents that releases 10.1 to HEAD of the service wrote, in each
release's own form. This module holds what is known of those forms, each
fact once:

- `RELEASES`: every release whose documents differ from its predecessor's,
  each built from the one before it by the changes of that release (the
  release history of ``service-releases.md``, section 3);
- `write`: how a release writes each kind of document (section 2: which
  model, which dump mode, keys in which order);
- `token_facts`, `documents` and `document_texts`: Hypothesis strategies
  for what a release could have written, and `EXAMPLES`, fixed documents
  including the edge cases of section 4.

A document is made in two steps: a `TokenFacts`, what the service knew of a
token and its user, then `write`, which turns it into the dict (JSON-ready,
keys in written order) that a given release wrote for it.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, get_args

from hypothesis import strategies as st

from pydantic_reference import TokenType
from pydantic_reference.current import GROUPNAME_REGEX, USERNAME_REGEX

__all__ = [
    "EXAMPLES",
    "GROUPNAME_REGEX_13_0_1",
    "GROUPNAME_REGEX_2024",
    "HEAD",
    "KINDS",
    "MILLISECONDS_THRESHOLD",
    "RELEASES",
    "GroupFacts",
    "Kind",
    "NotebookFacts",
    "QuotaFacts",
    "Release",
    "TokenFacts",
    "any_documents",
    "document_texts",
    "documents",
    "dump_document",
    "get_release",
    "has_missing_group_id",
    "token_facts",
    "write",
]

Kind = Literal["redis", "token-info", "user-info", "users"]
"""A kind of document: the Redis record or the answer of an API route.

``redis``
    The token's record in Redis: `TokenData`, every field, nulls included.
``token-info``
    `TokenInfo` without its null fields (token-info and token routes).
``user-info``
    The user's metadata without null fields: `TokenUserInfo` in 10.x,
    `UserInfo` from 11.0 (the user-info route).
``users``
    `UserInfo` without fields at their default (users routes, 14.0+).
"""

KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
"""Every kind of document, in the order of `Kind`."""

GROUPNAME_REGEX_2024: Final = r"^[a-zA-Z][a-zA-Z0-9._-]*$"
"""Group names from 10.1 to 13.0.0: a letter first."""

GROUPNAME_REGEX_13_0_1: Final = (
    r"^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z][a-zA-Z0-9._-]*$"
)
"""Group names in 13.0.1 and 14.0.0: a letter somewhere after the first."""

MILLISECONDS_THRESHOLD: Final = 20_000_000_000
"""Epoch numbers beyond this are read as milliseconds by lax readers."""

_LAST_SECOND: Final = 253_402_300_799
"""9999-12-31T23:59:59Z in seconds: no release can write a later instant."""


@dataclass(frozen=True)
class Release:
    """A release of Gafaelfawr and how it writes its documents."""

    name: str
    """The release, as ``10.1`` or ``HEAD``."""

    group_names: str
    """The pattern a group name must match (Rust semantics: ``$`` ends)."""

    redis_quota: bool
    """Redis records carry ``quota``, always null there (10.x)."""

    group_id_optional: bool
    """A group's ``id`` may be null, so absent without nulls (10.x)."""

    user_info_model: Literal["TokenUserInfo", "UserInfo"]
    """The model of user-info; `UserInfo` always writes ``groups``."""

    service_in_base: bool
    """``service`` belongs to `TokenBase` (12.0+).

    Redis records carry it, after ``token_type``; token-info writes it
    after ``token_type`` instead of after ``token_name``.
    """

    scopes_sorted: bool
    """Scopes are written sorted (12.2+); before, in the order held."""

    scopes_unique: bool
    """Scopes are a set, so written without duplicates (12.3+)."""

    quota_spawn: bool
    """Notebook quotas carry ``spawn`` (12.4+)."""

    quota_tap: bool
    """Quotas carry ``tap`` (14.0+)."""

    quota_disk: bool
    """Quotas carry ``disk`` (HEAD)."""

    users_api: bool
    """The users routes exist, writing `UserInfo` without defaults (14.0+)."""

    def __str__(self) -> str:
        """Return the release's name, for test ids."""
        return self.name

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The kinds of document this release writes."""
        return tuple(
            kind for kind in KINDS if kind != "users" or self.users_api
        )

    @property
    def redis_keys(self) -> tuple[str, ...]:
        """The keys of a Redis record, in written order."""
        quota = ("quota",) if self.redis_quota else ()
        service = ("service",) if self.service_in_base else ()
        return (
            *("username", "name", "email", "uid", "gid", "groups"),
            *quota,
            "token_type",
            *service,
            *("scopes", "created", "expires", "token"),
        )

    @property
    def token_info_keys(self) -> tuple[str, ...]:
        """The keys of token-info, in written order, before nulls go."""
        if self.service_in_base:
            return (
                *("username", "token_type", "service", "scopes", "created"),
                *("expires", "token", "token_name", "last_used", "parent"),
            )
        return (
            *("username", "token_type", "scopes", "created", "expires"),
            *("token", "token_name", "service", "last_used", "parent"),
        )

    @property
    def quota_keys(self) -> tuple[str, ...]:
        """The keys of a quota, in written order, before any are dropped."""
        disk = ("disk",) if self.quota_disk else ()
        tap = ("tap",) if self.quota_tap else ()
        return ("api", *disk, "notebook", *tap)

    def allows_group_name(self, name: str) -> bool:
        """Tell whether this release's models accept a group name.

        Parameters
        ----------
        name
            The group name.

        Returns
        -------
        bool
            Whether the whole name matches `group_names`.
        """
        return re.fullmatch(self.group_names, name) is not None


def _history() -> tuple[Release, ...]:
    """Build each release from its predecessor and the changes it made."""
    v10_1 = Release(
        name="10.1",
        group_names=GROUPNAME_REGEX_2024,
        redis_quota=True,
        group_id_optional=True,
        user_info_model="TokenUserInfo",
        service_in_base=False,
        scopes_sorted=False,
        scopes_unique=False,
        quota_spawn=False,
        quota_tap=False,
        quota_disk=False,
        users_api=False,
    )
    # TokenGroup becomes Group with a required id; TokenUserInfo loses its
    # quota; UserInfo (groups always a list) serves user-info.
    v11_0 = replace(
        v10_1,
        name="11.0",
        redis_quota=False,
        group_id_optional=False,
        user_info_model="UserInfo",
    )
    v12_0 = replace(v11_0, name="12.0", service_in_base=True)
    v12_2 = replace(v12_0, name="12.2", scopes_sorted=True)
    v12_3 = replace(v12_2, name="12.3", scopes_unique=True)
    v12_4 = replace(v12_3, name="12.4", quota_spawn=True)
    v13_0_1 = replace(v12_4, name="13.0.1", group_names=GROUPNAME_REGEX_13_0_1)
    v14_0 = replace(v13_0_1, name="14.0", quota_tap=True, users_api=True)
    v14_0_1 = replace(v14_0, name="14.0.1", group_names=GROUPNAME_REGEX)
    head = replace(v14_0_1, name="HEAD", quota_disk=True)
    return (
        v10_1,
        v11_0,
        v12_0,
        v12_2,
        v12_3,
        v12_4,
        v13_0_1,
        v14_0,
        v14_0_1,
        head,
    )


RELEASES: Final = _history()
"""Each release whose documents differ from the one before, oldest first.

Releases in between (10.2, 12.1, 14.1 to 15.4, ...) write as the latest
release listed before them.
"""

HEAD: Final = RELEASES[-1]
"""The unreleased commit the current family follows."""


def get_release(name: str) -> Release:
    """Return the release of that name.

    Parameters
    ----------
    name
        A name in `RELEASES`, such as ``12.4``.

    Returns
    -------
    Release
        The release.

    Raises
    ------
    KeyError
        If no release listed has that name.
    """
    for release in RELEASES:
        if release.name == name:
            return release
    raise KeyError(name)


@dataclass(frozen=True)
class GroupFacts:
    """A group of the user."""

    name: str
    id: int | None
    """The GID; None only where the release allows it (10.x)."""


@dataclass(frozen=True)
class NotebookFacts:
    """The user's notebook limits."""

    cpu: float
    memory: float
    spawn: bool = True


@dataclass(frozen=True)
class QuotaFacts:
    """The user's quotas; each mapping as pairs, in written order.

    A release that does not know a part (``disk`` before HEAD, ``tap``
    before 14.0, ``spawn`` before 12.4) does not write it.
    """

    api: tuple[tuple[str, int], ...] = ()
    disk: tuple[tuple[str, int], ...] = ()
    notebook: NotebookFacts | None = None
    tap: tuple[tuple[str, int], ...] = ()
    """TAP service name and its number of concurrent queries."""


@dataclass(frozen=True)
class TokenFacts:
    """What the service knew of a token and its user, in no release's form.

    `write` turns it into a document. Times are whole seconds since the
    epoch, as every release wrote them; scopes are in the order the
    service held them, duplicates included.
    """

    username: str
    token_type: str
    scopes: tuple[str, ...]
    created: int
    key: str
    secret: str
    service: str | None = None
    expires: int | None = None
    token_name: str | None = None
    last_used: int | None = None
    parent: str | None = None
    name: str | None = None
    email: str | None = None
    uid: int | None = None
    gid: int | None = None
    groups: tuple[GroupFacts, ...] | None = None
    quota: QuotaFacts | None = None


def _write_scopes(release: Release, scopes: tuple[str, ...]) -> list[str]:
    """Write scopes: as held, sorted (12.2+), then without repeats (12.3+)."""
    result = (
        list(dict.fromkeys(scopes)) if release.scopes_unique else [*scopes]
    )
    if release.scopes_sorted:
        result.sort()
    return result


def _write_group(
    release: Release, group: GroupFacts, *, nulls: bool
) -> dict[str, Any]:
    """Write a group; without nulls, a null ``id`` is left out."""
    if not release.allows_group_name(group.name):
        msg = f"{release} refuses the group name {group.name!r}"
        raise ValueError(msg)
    if group.id is None and not release.group_id_optional:
        msg = f"{release} requires a group id"
        raise ValueError(msg)
    if group.id is None and not nulls:
        return {"name": group.name}
    return {"name": group.name, "id": group.id}


def _write_groups(
    release: Release, facts: TokenFacts, *, nulls: bool
) -> list[dict[str, Any]] | None:
    """Write the user's groups, or None when the service had none."""
    if facts.groups is None:
        return None
    return [
        _write_group(release, group, nulls=nulls) for group in facts.groups
    ]


def _write_quota(
    release: Release, quota: QuotaFacts, *, defaults: bool
) -> dict[str, Any]:
    """Write a quota with or without the parts at their default.

    With defaults (exclude_none), every mapping the release knows is
    written, even empty, and ``spawn`` always; without (exclude_defaults),
    empty mappings and ``spawn: true`` are left out.
    """
    notebook: dict[str, Any] | None = None
    if quota.notebook is not None:
        notebook = {"cpu": quota.notebook.cpu, "memory": quota.notebook.memory}
        if release.quota_spawn and (defaults or not quota.notebook.spawn):
            notebook["spawn"] = quota.notebook.spawn
    values: dict[str, Any] = {
        "api": dict(quota.api),
        "disk": dict(quota.disk),
        "notebook": notebook,
        "tap": {name: {"concurrent": count} for name, count in quota.tap},
    }
    return {
        key: values[key]
        for key in release.quota_keys
        if values[key] is not None and (defaults or values[key])
    }


def _write_redis(release: Release, facts: TokenFacts) -> dict[str, Any]:
    """Write `TokenData` with every field, as stored in Redis."""
    values: dict[str, Any] = {
        "username": facts.username,
        "name": facts.name,
        "email": facts.email,
        "uid": facts.uid,
        "gid": facts.gid,
        "groups": _write_groups(release, facts, nulls=True),
        "quota": None,
        "token_type": facts.token_type,
        "service": facts.service,
        "scopes": _write_scopes(release, facts.scopes),
        "created": facts.created,
        "expires": facts.expires,
        "token": {"key": facts.key, "secret": facts.secret},
    }
    return {key: values[key] for key in release.redis_keys}


def _write_token_info(release: Release, facts: TokenFacts) -> dict[str, Any]:
    """Write `TokenInfo` without its null fields."""
    values: dict[str, Any] = {
        "username": facts.username,
        "token_type": facts.token_type,
        "service": facts.service,
        "scopes": _write_scopes(release, facts.scopes),
        "created": facts.created,
        "expires": facts.expires,
        "token": facts.key,
        "token_name": facts.token_name,
        "last_used": facts.last_used,
        "parent": facts.parent,
    }
    return {
        key: values[key]
        for key in release.token_info_keys
        if values[key] is not None
    }


def _identity(facts: TokenFacts) -> dict[str, Any]:
    """Return the user's identity fields that are not None, in order."""
    values = {
        "username": facts.username,
        "name": facts.name,
        "email": facts.email,
        "uid": facts.uid,
        "gid": facts.gid,
    }
    return {key: value for key, value in values.items() if value is not None}


def _write_user_info(release: Release, facts: TokenFacts) -> dict[str, Any]:
    """Write user-info without null fields (`UserInfo` always has groups)."""
    result = _identity(facts)
    groups = _write_groups(release, facts, nulls=False)
    if groups is None and release.user_info_model == "UserInfo":
        groups = []
    if groups is not None:
        result["groups"] = groups
    if facts.quota is not None:
        result["quota"] = _write_quota(release, facts.quota, defaults=True)
    return result


def _write_users(release: Release, facts: TokenFacts) -> dict[str, Any]:
    """Write `UserInfo` without the fields at their default."""
    result = _identity(facts)
    groups = _write_groups(release, facts, nulls=False)
    if groups:
        result["groups"] = groups
    if facts.quota is not None:
        result["quota"] = _write_quota(release, facts.quota, defaults=False)
    return result


_WRITERS: Final = {
    "redis": _write_redis,
    "token-info": _write_token_info,
    "user-info": _write_user_info,
    "users": _write_users,
}


def write(release: Release, kind: Kind, facts: TokenFacts) -> dict[str, Any]:
    """Write a token's facts as a release wrote that kind of document.

    Parameters
    ----------
    release
        The release writing.
    kind
        The kind of document.
    facts
        The token and its user. Parts of the quota the release does not
        know are not written; scopes are written in the release's order.

    Returns
    -------
    dict
        The document, JSON-ready, its keys in written order.

    Raises
    ------
    ValueError
        If the release does not write that kind of document, or could not
        have held these facts (a group name it refuses, a null group id
        after 10.x).
    """
    if kind not in release.kinds:
        msg = f"{release} writes no {kind} documents"
        raise ValueError(msg)
    return _WRITERS[kind](release, facts)


def dump_document(document: dict[str, Any]) -> str:
    """Return a document's text as the service wrote it: compact UTF-8 JSON.

    Parameters
    ----------
    document
        A document from `write`.

    Returns
    -------
    str
        Compact JSON, non-ASCII characters as they are.
    """
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def has_missing_group_id(document: dict[str, Any]) -> bool:
    """Tell whether a document has a group whose id is null or absent.

    Such documents (10.x) are the only ones of any release that HEAD
    refuses.

    Parameters
    ----------
    document
        A document from `write` or `EXAMPLES`.

    Returns
    -------
    bool
        Whether some group lacks an id.
    """
    return any(
        group.get("id") is None for group in document.get("groups") or ()
    )


# Values: realistic first, then arbitrary within what the models accept.

_GROUP_NAMES: Final = (
    "g_special_users",
    "lsst-dev",
    "rubin.staff",
    "Admins",
    "a",
    "g1",
    "x-1",
    "19numbers",
    "1-g",
    "2024_interns",
    "0a",
)
"""Group names, some accepted only by some releases."""

_SCOPES: Final = (
    "admin:jupyterlab",
    "admin:oidc",
    "admin:provision",
    "admin:token",
    "exec:admin",
    "exec:notebook",
    "exec:portal",
    "read:all",
    "read:image",
    "read:tap",
    "user:token",
    "write:sasquatch",
)
_SERVICES: Final = ("datalinker", "hips", "mobu", "nublado", "portal", "tap")
_TAP_SERVICES: Final = ("live", "qserv", "ssotap", "tap")
_MOUNTS: Final = ("/home", "/project", "/scratch")
_PEOPLE: Final = (
    "Alice Example",
    "Zoë Ångström",
    "Jürgen Müller-Lüdenscheidt",
    "李小龙",
    "Ὀδυσσεύς",
    "Siobhán O'Brien, PhD",
    "🦊 Fox",
)
_DOMAINS: Final = ("example.com", "lsst.org", "例え.jp", "mail.münchen.de")

_service_names = st.sampled_from(_SERVICES) | st.from_regex(
    r"[a-z][a-z0-9-]{0,30}", fullmatch=True
)
_free_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc"]),
    min_size=1,
    max_size=40,
)
_names = st.sampled_from(_PEOPLE) | _free_text
_emails = st.builds(
    "{}@{}".format,
    st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,15}", fullmatch=True),
    st.sampled_from(_DOMAINS),
)
_usernames = st.sampled_from(("someuser", "rra", "adam-7")) | st.from_regex(
    USERNAME_REGEX, fullmatch=True
).filter(lambda name: len(name) <= 64)
_ids = st.integers(1, 2**31 - 1)
_token_halves = st.binary(min_size=16, max_size=16).map(
    lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")
)
"""128 random bits in URL-safe base64, 22 characters, as tokens are made."""

_scopes = st.lists(
    st.sampled_from(_SCOPES)
    | st.from_regex(r"[a-z]{1,8}:[a-z0-9_-]{1,12}", fullmatch=True),
    max_size=6,
).map(tuple)
# Values whose JSON text is the same from Python and from Pydantic (no
# exponent, shortest digits).
_cpus = st.sampled_from((0.5, 1.0, 4.0)) | st.floats(0.01, 64.0)
_memories = st.sampled_from((1.0, 16.0)) | st.floats(0.25, 512.0)


@st.composite
def _instants(draw: st.DrawFn, *, after: int, within: int) -> int:
    """Draw whole seconds after an instant, now and then beyond 2e10."""
    if draw(st.integers(0, 19)) == 19:
        start = max(after, MILLISECONDS_THRESHOLD + 1)
        return draw(st.integers(start, min(start + 10**11, _LAST_SECOND)))
    return draw(st.integers(after, after + within))


def _group_facts(release: Release) -> st.SearchStrategy[GroupFacts]:
    """Draw groups a release accepts, null ids only where it allows them."""
    names = st.sampled_from(
        [name for name in _GROUP_NAMES if release.allows_group_name(name)]
    ) | st.from_regex(release.group_names, fullmatch=True).filter(
        lambda name: len(name) <= 32
    )
    ids: st.SearchStrategy[int | None] = st.integers(0, 2**31 - 1)
    if release.group_id_optional:
        ids = st.none() | ids
    return st.builds(GroupFacts, name=names, id=ids)


def _quota_facts(release: Release) -> st.SearchStrategy[QuotaFacts]:
    """Draw quotas with the parts a release knows."""

    def pairs(
        keys: st.SearchStrategy[str], values: st.SearchStrategy[int]
    ) -> st.SearchStrategy[tuple[tuple[str, int], ...]]:
        mapping = st.dictionaries(keys, values, max_size=3)
        return mapping.map(lambda items: tuple(items.items()))

    nothing: st.SearchStrategy[tuple[tuple[str, int], ...]] = st.just(())
    spawn = st.booleans() if release.quota_spawn else st.just(value=True)
    notebook = st.builds(
        NotebookFacts, cpu=_cpus, memory=_memories, spawn=spawn
    )
    return st.builds(
        QuotaFacts,
        api=pairs(_service_names, st.integers(0, 100_000)),
        disk=pairs(st.sampled_from(_MOUNTS), st.integers(0, 2**45))
        if release.quota_disk
        else nothing,
        notebook=st.none() | notebook,
        tap=pairs(st.sampled_from(_TAP_SERVICES), st.integers(0, 64))
        if release.quota_tap
        else nothing,
    )


def _optional(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any | None:
    """Draw from a strategy, or None one time in four."""
    return None if draw(st.integers(0, 3)) == 0 else draw(strategy)


@st.composite
def _token_facts(draw: st.DrawFn, release: Release) -> TokenFacts:
    """Draw a token a release could have held (see `token_facts`)."""
    token_type = draw(st.sampled_from([member.value for member in TokenType]))
    if token_type == "service":
        username = "bot-" + draw(_service_names)
    else:
        username = draw(_usernames)
    created = draw(_instants(after=1_500_000_000, within=400_000_000))
    expires = _optional(draw, _instants(after=created + 60, within=10**8))
    used = _optional(draw, _instants(after=created, within=10**7))
    child = token_type in {"internal", "notebook"}
    groups = st.lists(
        _group_facts(release), max_size=4, unique_by=lambda group: group.name
    )
    return TokenFacts(
        username=username,
        token_type=token_type,
        scopes=draw(_scopes),
        created=created,
        key=draw(_token_halves),
        secret=draw(_token_halves),
        service=draw(_service_names) if token_type == "internal" else None,
        expires=expires,
        token_name=draw(st.text(min_size=1, max_size=64))
        if token_type == "user"
        else None,
        last_used=used,
        parent=_optional(draw, _token_halves) if child else None,
        name=_optional(draw, _names),
        email=_optional(draw, _emails),
        uid=_optional(draw, _ids),
        gid=_optional(draw, _ids),
        groups=_optional(draw, groups.map(tuple)),
        quota=_optional(draw, _quota_facts(release)),
    )


def token_facts(release: Release) -> st.SearchStrategy[TokenFacts]:
    """Draw tokens that a release could have held.

    Parameters
    ----------
    release
        The release.

    Returns
    -------
    SearchStrategy
        Facts fitting the release: group names it accepts, null group ids
        only in 10.x, quota parts it knows, times as whole seconds (now and
        then beyond 2e10), keys and secrets of 22 URL-safe characters,
        scopes in any order with repeats.
    """
    return _token_facts(release)


def documents(
    release: Release, kind: Kind
) -> st.SearchStrategy[dict[str, Any]]:
    """Draw documents of a kind that a release could have written.

    Parameters
    ----------
    release
        The release.
    kind
        The kind of document; one of ``release.kinds``.

    Returns
    -------
    SearchStrategy
        Dicts, JSON-ready, keys in the release's written order.
    """
    if kind not in release.kinds:
        msg = f"{release} writes no {kind} documents"
        raise ValueError(msg)
    return token_facts(release).map(functools.partial(write, release, kind))


def document_texts(release: Release, kind: Kind) -> st.SearchStrategy[str]:
    """Draw the JSON text of documents a release could have written.

    Parameters
    ----------
    release
        The release.
    kind
        The kind of document; one of ``release.kinds``.

    Returns
    -------
    SearchStrategy
        Compact JSON, non-ASCII as raw characters (see `dump_document`).
    """
    return documents(release, kind).map(dump_document)


def any_documents() -> st.SearchStrategy[tuple[Release, Kind, dict[str, Any]]]:
    """Draw a release, a kind it writes, and a document it wrote.

    Returns
    -------
    SearchStrategy
        Triples of release, kind and document.
    """
    pairs = [(release, kind) for release in RELEASES for kind in release.kinds]
    return st.sampled_from(pairs).flatmap(
        lambda pair: documents(*pair).map(lambda doc: (*pair, doc))
    )


# Fixed examples: a few tokens written by every release, then the edge
# cases of the spec as literal documents.

_KEY: Final = "5KVApqcVbSQWtO3VIRgOhQ"
_SECRET: Final = "12345678901234567890ab"
_ALICE_GROUPS: Final = (GroupFacts("g_special_users", 123181),)

_EXAMPLE_FACTS: Final = (
    # The spec's example record (token-models.md).
    TokenFacts(
        username="someuser",
        token_type="session",
        scopes=("read:all", "user:token"),
        created=1614986130,
        expires=1616986130,
        key=_KEY,
        secret=_SECRET,
        name="Alice Example",
        email="alice@example.com",
        uid=4123,
        gid=4123,
        groups=_ALICE_GROUPS,
        quota=QuotaFacts(
            api=(("datalinker", 500),),
            disk=(("/home", 10 * 2**30),),
            notebook=NotebookFacts(cpu=4.0, memory=16.0, spawn=False),
            tap=(("qserv", 5),),
        ),
    ),
    # An internal token: a service, a parent, scopes unsorted and repeated.
    TokenFacts(
        username="rra",
        token_type="internal",
        scopes=("read:tap", "exec:notebook", "read:tap"),
        created=1700000000,
        expires=1700086400,
        key="AbCdEfGhIjKlMnOpQrStUw",
        secret="-_0123456789abcdefghiA",
        service="portal",
        last_used=1700000500,
        parent=_KEY,
        name="Zoë Ångström",
        uid=70001,
        groups=(),
    ),
    # A user token with no identity beyond its name and no expiry.
    TokenFacts(
        username="adam-7",
        token_type="user",
        scopes=(),
        created=1614986130,
        key="zzzzzzzzzzzzzzzzzzzzzw",
        secret="AAAAAAAAAAAAAAAAAAAAAA",
        token_name="laptop token ✓",
        quota=QuotaFacts(),
    ),
)

_EDGE_CASES: Final[dict[tuple[str, Kind], list[dict[str, Any]]]] = {
    ("10.1", "redis"): [
        # quota always null; a group whose id is null.
        {
            "username": "someuser",
            "name": "Alice Example",
            "email": "alice@example.com",
            "uid": 4123,
            "gid": 4123,
            "groups": [
                {"name": "g_special_users", "id": 123181},
                {"name": "g_legacy", "id": None},
            ],
            "quota": None,
            "token_type": "session",
            "scopes": ["user:token", "read:all", "user:token"],
            "created": 1614986130,
            "expires": 1616986130,
            "token": {"key": _KEY, "secret": _SECRET},
        },
    ],
    ("10.1", "token-info"): [
        # The spec's example, without its nulls.
        {
            "username": "someuser",
            "token_type": "user",
            "scopes": ["read:all"],
            "created": 1614986130,
            "token": _KEY,
            "token_name": "laptop token",
            "last_used": 1614990000,
        },
        # service after token_name before 12.0.
        {
            "username": "someuser",
            "token_type": "internal",
            "scopes": ["read:all"],
            "created": 1614986130,
            "expires": 1616986130,
            "token": _KEY,
            "service": "portal",
            "parent": "AbCdEfGhIjKlMnOpQrStUw",
        },
    ],
    ("10.1", "user-info"): [
        # No groups at all, then a group written without its null id.
        {"username": "someuser", "quota": {"api": {}}},
        {
            "username": "someuser",
            "name": "Alice Example",
            "uid": 4123,
            "groups": [
                {"name": "g_special_users", "id": 123181},
                {"name": "g_legacy"},
            ],
            "quota": {
                "api": {"datalinker": 500},
                "notebook": {"cpu": 4.0, "memory": 16.0},
            },
        },
    ],
    ("12.0", "redis"): [
        # Instants at and beyond the millisecond threshold.
        {
            "username": "someuser",
            "name": None,
            "email": None,
            "uid": None,
            "gid": None,
            "groups": None,
            "token_type": "service",
            "service": None,
            "scopes": ["admin:token"],
            "created": MILLISECONDS_THRESHOLD,
            "expires": 32503680000,
            "token": {"key": _KEY, "secret": _SECRET},
        },
    ],
    ("12.2", "redis"): [
        # Sorted, repeats kept.
        {
            "username": "someuser",
            "name": "李小龙",
            "email": None,
            "uid": 4123,
            "gid": None,
            "groups": [],
            "token_type": "notebook",
            "service": None,
            "scopes": ["exec:notebook", "read:all", "read:all"],
            "created": 1733000000,
            "expires": None,
            "token": {"key": _KEY, "secret": _SECRET},
        },
    ],
    ("12.4", "user-info"): [
        {
            "username": "someuser",
            "groups": [],
            "quota": {
                "api": {},
                "notebook": {"cpu": 0.5, "memory": 1.0, "spawn": False},
            },
        },
    ],
    ("13.0.1", "redis"): [
        # A digit-first group name.
        {
            "username": "someuser",
            "name": None,
            "email": None,
            "uid": 4123,
            "gid": 4123,
            "groups": [{"name": "19numbers", "id": 19}],
            "token_type": "session",
            "service": None,
            "scopes": ["read:all"],
            "created": 1751328000,
            "expires": 1753920000,
            "token": {"key": _KEY, "secret": _SECRET},
        },
    ],
    ("14.0", "user-info"): [
        # tap is always written, here with a service.
        {
            "username": "someuser",
            "name": "Alice Example",
            "email": "alice@example.com",
            "uid": 4123,
            "gid": 4123,
            "groups": [{"name": "g_special_users", "id": 123181}],
            "quota": {
                "api": {"datalinker": 500},
                "notebook": {"cpu": 2.0, "memory": 8.0, "spawn": True},
                "tap": {"qserv": {"concurrent": 5}},
            },
        },
    ],
    ("14.0", "users"): [
        {
            "username": "someuser",
            "groups": [{"name": "g_special_users", "id": 123181}],
            "quota": {"tap": {"qserv": {"concurrent": 5}}},
        },
    ],
    ("HEAD", "user-info"): [
        # disk is always written, here with a mount point.
        {
            "username": "someuser",
            "groups": [{"name": "1-g", "id": 0}, {"name": "a", "id": 1}],
            "quota": {
                "api": {},
                "disk": {"/home": 10737418240},
                "notebook": {"cpu": 4.0, "memory": 16.0, "spawn": True},
                "tap": {},
            },
        },
    ],
    ("HEAD", "users"): [
        # Without defaults: no nulls, empty lists or dicts, or spawn: true.
        {"username": "bot-mobu"},
        {
            "username": "someuser",
            "name": "Zoë Ångström",
            "uid": 4123,
            "quota": {
                "disk": {"/home": 1073741824},
                "notebook": {"cpu": 1.0, "memory": 4.0},
            },
        },
        {"username": "someuser", "quota": {}},
    ],
}


def _examples() -> dict[tuple[str, Kind], list[dict[str, Any]]]:
    """Write each example token with each release, then add edge cases."""
    result: dict[tuple[str, Kind], list[dict[str, Any]]] = {}
    for release in RELEASES:
        for kind in release.kinds:
            written = [write(release, kind, facts) for facts in _EXAMPLE_FACTS]
            extra = _EDGE_CASES.get((release.name, kind), [])
            result[release.name, kind] = written + extra
    return result


EXAMPLES: Final = _examples()
"""Fixed documents for each release name and kind it writes.

Each holds the example tokens of this module as that release wrote them,
then the edge cases of the spec for that release and kind, if any: 10.x
records with ``quota: null`` and a null group id, user-info with a group
without ``id``, far instants, repeated scopes, a digit-first group name,
quotas with ``spawn: false``, ``tap`` and ``disk``, users documents
without defaults.
"""
