"""The seed's Pydantic model, reproduced as the oracle for tests.

This is Gafaelfawr's ``TokenBase`` as the seed document describes it:
Pydantic v2, the same fields, constraints, titles, descriptions and
examples, the before-validator that splits comma-separated scopes and the
default creation time. Its JSON schema equals the seed's, which is how the
tests know the reproduction is faithful; the tests compare the package
with it, and the benchmarks time it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field, field_serializer, field_validator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode
from pydantic_core import CoreSchema

__all__ = [
    "NotebookQuota",
    "Quota",
    "Token",
    "TokenBase",
    "TokenData",
    "TokenGroup",
    "TokenInfo",
    "TokenType",
    "TokenUserInfo",
    "seed_json_schema",
]


class TokenType(Enum):
    """The class of token."""

    session = "session"
    user = "user"
    notebook = "notebook"
    internal = "internal"
    service = "service"
    oidc = "oidc"


def _now() -> datetime:
    return datetime.now(tz=UTC).replace(microsecond=0)


class TokenBase(BaseModel):
    """Base information about a token common to several representations.

    This is the information that's common to the Redis and database
    representations of the token.
    """

    username: str = Field(
        ...,
        title="Username",
        description="User to whom the token was issued",
        examples=["someuser"],
        min_length=1,
        max_length=64,
    )

    token_type: TokenType = Field(
        ...,
        title="Token type",
        description=(
            "Class of token, chosen from:\n\n"
            "* `session`: An interactive user web session\n"
            "* `user`: A user-generated token that may be used"
            " programmatically\n"
            "* `notebook`: The token delegated to a Jupyter notebook for"
            " the user\n"
            "* `internal`: A service-to-service token used for internal"
            " sub-calls made as part of processing a user request\n"
            "* `service`: A service-to-service token used for internal"
            " calls initiated by services, unrelated to a user request\n"
            "* `oidc`: Access token for an OpenID Connect client\n"
        ),
        examples=["session"],
    )

    scopes: list[str] = Field(
        ...,
        title="Token scopes",
        description="Scopes of the token",
        examples=[["read:all", "user:token"]],
    )

    created: datetime = Field(
        default_factory=_now,
        title="Creation time",
        description="Creation timestamp of the token in seconds since epoch",
        examples=[1614986130],
    )

    expires: datetime | None = Field(
        None,
        title="Expiration time",
        description="Expiration timestamp of the token in seconds since epoch",
        examples=[1616986130],
    )

    @field_validator("scopes", mode="before")
    @classmethod
    def _normalize_scopes(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [] if not v else v.split(",")
        return v


class Token(BaseModel):
    """An opaque bearer token: a key to find it by and a secret."""

    # Required when a record is read (the spec): the random defaults of
    # the package's Token serve only to make a new token in code.
    key: str
    secret: str


class TokenGroup(BaseModel):
    """A group of which the user is a member."""

    name: str = Field(..., min_length=1, pattern="^[a-zA-Z][a-zA-Z0-9._-]*$")
    id: int | None = None


class NotebookQuota(BaseModel):
    """Limits on the resources of the user's notebook."""

    cpu: float
    memory: float


class Quota(BaseModel):
    """The quotas of a user."""

    api: dict[str, int] = Field({})
    notebook: NotebookQuota | None = None


def _seconds(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


class TokenInfo(TokenBase):
    """A token as the token-info API returns it: the database record."""

    token: str = Field(..., min_length=22, max_length=22)
    token_name: str | None = Field(None, min_length=1, max_length=64)
    service: str | None = Field(None, min_length=1, max_length=64)
    last_used: datetime | None = None
    parent: str | None = Field(None, min_length=22, max_length=22)

    @field_validator("created", "expires", "last_used", mode="before")
    @classmethod
    def _read_seconds(cls, value: Any) -> datetime | None:
        """Read a datetime or whole seconds, as the service's validator did.

        An int (a bool too) is seconds since the epoch however large; a
        datetime is taken as it is, naive ones as UTC; anything else is
        refused with the service's message. Seconds beyond what the
        platform's clock can hold are refused.
        """
        if value is None:
            return None
        if isinstance(value, int):
            try:
                return datetime.fromtimestamp(value, tz=UTC)
            except (OverflowError, OSError) as error:
                # The service let these escape (an internal error); as a
                # verdict, that is a refusal, which the package gives.
                raise ValueError(str(error)) from None
        if not isinstance(value, datetime):
            msg = "Must be a datetime or seconds since epoch"
            raise ValueError(msg)  # noqa: TRY004 (Pydantic reports ValueError)
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value.astimezone(UTC)
        return value.replace(tzinfo=UTC)

    @field_serializer("created", "expires", "last_used")
    def _serialize_datetime(self, value: datetime | None) -> int | None:
        return _seconds(value)


class TokenUserInfo(BaseModel):
    """The identity of a token's user, stored with the token."""

    username: str = Field(..., min_length=1, max_length=64)
    name: str | None = Field(None, min_length=1)
    email: str | None = Field(None, min_length=1)
    uid: int | None = Field(None, ge=1)
    gid: int | None = Field(None, ge=1)
    groups: list[TokenGroup] | None = None
    quota: Quota | None = None


class TokenData(TokenBase, TokenUserInfo):
    """A token's record as kept in Redis: token, information and identity."""

    token: Token

    @field_serializer("created", "expires")
    def _serialize_datetime(self, value: datetime | None) -> int | None:
        return _seconds(value)


class _Pydantic26Schema(GenerateJsonSchema):
    """Wrap a ``$ref`` that has sibling keys in ``allOf``, as Pydantic 2.6.

    Later Pydantic versions write the siblings beside the ``$ref``; the
    seed's schema was generated before that change.
    """

    def generate(
        self, schema: CoreSchema, mode: JsonSchemaMode = "validation"
    ) -> dict[str, Any]:
        result = super().generate(schema, mode)
        for prop in result.get("properties", {}).values():
            if "$ref" in prop and len(prop) > 1:
                prop["allOf"] = [{"$ref": prop.pop("$ref")}]
        return result


def seed_json_schema() -> dict[str, Any]:
    """Return the reproduction's JSON schema as Pydantic 2.6 wrote it.

    Returns
    -------
    dict
        The schema of `TokenBase`.
    """
    return TokenBase.model_json_schema(schema_generator=_Pydantic26Schema)
