"""Importing the package loads what it needs at once, and no more."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .support import DEFERRED


def _run(script: str) -> str:
    """Run a script in a fresh interpreter and return what it printed."""
    result = subprocess.run(  # noqa: S603 (this interpreter, our script)
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_import_defers_modules() -> None:
    """Only first use loads the JSON libraries, generators and secrets."""
    script = f"""
        import sys
        import gafaelfawr_attrs as g

        assert g.converter.json_library == "msgspec"
        print(sorted(name for name in {DEFERRED!r} if name in sys.modules))
    """
    assert _run(script) == "[]\n"


def test_first_use_after_import() -> None:
    """Reading, writing and making tokens work from a fresh import."""
    script = """
        import gafaelfawr_attrs as g

        text = (
            '{"username": "someuser", "token_type": "session",'
            ' "scopes": "read:all", "created": 1614986130}'
        )
        token = g.loads(text.encode(), g.TokenBase)
        print(g.dumps(token))
        record = g.TokenData.bootstrap_token()
        assert g.loads(g.dumps(record), g.TokenData) == record
        assert g.Token.from_str(str(record.token)) == record.token
        from gafaelfawr_attrs import json_schema

        assert json_schema(g.TokenBase)["title"] == "TokenBase"
        print(g.converter.json_library)
    """
    assert _run(script) == (
        '{"username":"someuser","token_type":"session","scopes":["read:all"],'
        '"created":"2021-03-05T23:15:30Z","expires":null}\n'
        "msgspec\n"
    )


def test_without_msgspec() -> None:
    """Without msgspec, the standard library reads and writes JSON."""
    script = """
        import sys

        sys.modules["msgspec"] = None  # as if it were not installed
        import gafaelfawr_attrs as g

        print(g.converter.json_library)
        token = g.loads('{"username": "u", "token_type": "user",'
                        ' "scopes": [], "created": 0}', g.TokenBase)
        print(g.dumps(token))
        try:
            g.make_converter(json_library="msgspec")
        except ValueError as error:
            print(error)
    """
    assert _run(script) == (
        "json\n"
        '{"username":"u","token_type":"user","scopes":[],'
        '"created":"1970-01-01T00:00:00Z","expires":null}\n'
        "msgspec is not installed (the fast extra installs it)\n"
    )
