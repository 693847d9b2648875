"""Read, check and write a token record with gafaelfawr-attrs."""

from __future__ import annotations

import attrs

from gafaelfawr_attrs import (
    TokenBase,
    TokenData,
    ValidationError,
    dumps,
    loads,
    make_converter,
)

record = (
    '{"username": "someuser", "token_type": "session",'
    ' "scopes": "read:all,user:token", "created": 1614986130,'
    ' "expires": "2021-03-29T03:48:50+01:00"}'
)
token = loads(record, TokenBase)
print(token)
print(dumps(token))
print(make_converter(datetime_format="epoch").dumps(token))

renewed = attrs.evolve(token, scopes=["read:all"])
print(renewed.scopes)

try:
    loads('{"username": "", "token_type": "admin", "scopes": [1]}', TokenBase)
except ValidationError as error:
    print(error)

redis_value = (
    b'{"token": {"key": "5KVApqcVbSQWtO3VIRgOhQ",'
    b' "secret": "12345678901234567890ab"}, "username": "someuser",'
    b' "token_type": "session", "scopes": ["read:all"], "created": 1614986130,'
    b' "expires": null, "uid": 4123, "groups": [{"name": "g_users", "id": 7}]}'
)
stored = loads(redis_value, TokenData)
print(stored)  # the secret is hidden
print(stored.to_userinfo_dict())
print(dumps(stored))
