"""Threads using the models for the first time, all at once, are safe."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

FIRST_USE = textwrap.dedent(
    """
    import json, sys, threading

    import attrs

    sys.setswitchinterval(1e-6)

    import gafaelfawr_attrs as g

    converter = (
        g.converter
        if sys.argv[1] == "default"
        else g.make_converter(
            json_library=sys.argv[1], datetime_format=sys.argv[2]
        )
    )
    record = json.loads(sys.argv[3])
    jobs = [
        (json.dumps(record), g.TokenData),
        (json.dumps([record, record]), list[g.TokenData]),
        (json.dumps(record["groups"][0]), g.TokenGroup),
        (json.dumps([record["groups"][0]]), list[g.TokenGroup]),
        (json.dumps(record["quota"]), g.Quota),
        (json.dumps(record["quota"]["notebook"]), g.NotebookQuota),
        (json.dumps(record["token"]), g.Token),
        (json.dumps({**record, "created": "2021-03-05 23:15:30"}),
         g.TokenBase),
    ]
    threads = 32
    barrier = threading.Barrier(threads)
    results = [None] * threads

    def use(index):
        text, cls = jobs[index % len(jobs)]
        barrier.wait()
        value = converter.loads(text, cls)
        written = converter.dumps(value)
        # Rebuilding the value by its constructor, from many threads at
        # once, gives an equal one.
        rebuilt = (
            [attrs.evolve(item) for item in value]
            if isinstance(value, list)
            else attrs.evolve(value)
        )
        results[index] = (
            written,
            converter.loads(written, cls) == value,
            rebuilt == value,
        )

    workers = [
        threading.Thread(target=use, args=(index,))
        for index in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for index, result in enumerate(results):
        text, cls = jobs[index % len(jobs)]
        alone = converter.dumps(converter.loads(text, cls))
        assert result == (alone, True, True), (index, result)
    print("same as one thread")
    """
)
"""Many threads read and write every model at once, in a fresh process,
then compare with what one thread gets."""

RECORD = """\
{"token": {"key": "5KVApqcVbSQWtO3VIRgOhQ",
           "secret": "12345678901234567890ab"},
 "username": "someuser", "token_type": "session", "scopes": ["read:all"],
 "created": 1614986130, "expires": 1616986130, "name": "Alice",
 "email": "alice@example.com", "uid": 4123, "gid": 4123,
 "groups": [{"name": "g_special_users", "id": 123181}],
 "quota": {"api": {"datalinker": 1000},
           "notebook": {"cpu": 4.0, "memory": 16.0}}}
"""

PROCESSES = 12
"""Fresh interpreters per case: before building was locked, a third of
them crashed with msgspec's decoders, so all twelve passing by luck was
under one chance in a hundred."""


@pytest.mark.parametrize(
    ("json_library", "datetime_format"),
    [("default", "iso"), ("msgspec", "epoch"), ("json", "iso")],
    ids=["default-converter", "msgspec-epoch", "json-iso"],
)
def test_first_use_from_many_threads(
    json_library: str, datetime_format: str
) -> None:
    """No crash, and every thread gets what a single thread gets."""
    command = [
        sys.executable,
        "-c",
        FIRST_USE,
        json_library,
        datetime_format,
        RECORD,
    ]
    processes = [
        subprocess.Popen(  # noqa: S603 (this interpreter, our script)
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outcomes = [process.communicate(timeout=120) for process in processes]
    statuses = [process.returncode for process in processes]
    assert statuses == [0] * PROCESSES, [err for _, err in outcomes]
    assert all(out == "same as one thread\n" for out, _ in outcomes)
