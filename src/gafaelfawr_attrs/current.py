"""The token models of the service's current release.

The same package, for the documents that today's Gafaelfawr writes: the
models are named as the service names them, and read what every release
since 10.1 wrote (see the docs' page on service releases). The functions
and converters are the package's own, which serve both families.
"""

from . import (
    ModelConverter,
    ValidationError,
    configure_converter,
    converter,
    dumps,
    json_schema,
    loads,
    make_converter,
    structure,
    unstructure,
)
from ._current_models import (
    ABSENT,
    SERVICE_VERSION,
    Absent,
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
)

__all__ = [
    "ABSENT",
    "SERVICE_VERSION",
    "Absent",
    "Group",
    "ModelConverter",
    "NotebookQuota",
    "Quota",
    "TapQuota",
    "Token",
    "TokenBase",
    "TokenData",
    "TokenInfo",
    "TokenType",
    "TokenUserInfo",
    "UserInfo",
    "ValidationError",
    "configure_converter",
    "converter",
    "dumps",
    "json_schema",
    "loads",
    "make_converter",
    "structure",
    "unstructure",
]
