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

from pydantic import BaseModel, Field, field_validator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode
from pydantic_core import CoreSchema

__all__ = ["TokenBase", "TokenType", "seed_json_schema"]


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
