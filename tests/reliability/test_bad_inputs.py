"""The bad-input table: every bad input or bad response gives one clear, typed error.

Library rows check the exception type and that its message names the problem; CLI rows check
one error line on stderr and the documented exit code; every row checks that no job was created
for input rejected locally and that work already done survives.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_server import bad_server
from click.testing import CliRunner
from humebatch import (
    AuthenticationError,
    Client,
    HumeBatchError,
    InvalidInput,
    NotFoundError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
)
from humebatch.bulk import collect_inputs, run_bulk
from humebatch.cli import cli
from humebatch.manifest import Manifest

KEY = "bad-input-table-key-4e1f0c9d"
UNKNOWN_JOB = str(uuid.UUID(int=7, version=4))


@dataclass
class Env:
    url: str
    tmp: Path
    server: Any

    def client(self, key: str = KEY, url: str | None = None) -> Client:
        return Client(key, base_url=url or self.url, retry_policy=RetryPolicy(max_retries=0))

    def file(self, name: str, data: bytes = b"some bytes") -> Path:
        path = self.tmp / name
        path.write_bytes(data)
        return path

    def unreadable(self) -> Path:
        # A Unix socket: open() fails even for root (ENXIO), unlike a chmod 000 file.
        path = self.tmp / "socket.wav"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
        return path


@pytest.fixture
def env(hume_mock_factory: Any, tmp_path: Path) -> Iterator[Env]:
    server = hume_mock_factory(api_keys={KEY})
    yield Env(server.url, tmp_path, server)


URLS_101 = [f"https://e.test/{i}.png" for i in range(101)]
LIBRARY: list[tuple[str, Callable[[Env], object], type[HumeBatchError], str]] = [
    ("no inputs", lambda e: e.client().submit(), InvalidInput, "nothing to analyse"),
    ("101 urls", lambda e: e.client().submit(urls=URLS_101), InvalidInput, "100"),
    ("ftp url", lambda e: e.client().submit(urls=["ftp://e.test/a.png"]), InvalidInput, "http"),
    ("not a url", lambda e: e.client().submit(urls=["not a url"]), InvalidInput, "url"),
    (
        "url with spaces",
        lambda e: e.client().submit(urls=["https://e.test/a b.png"]),
        InvalidInput,
        "url",
    ),
    ("empty text", lambda e: e.client().submit(text=[""]), InvalidInput, "text"),
    ("101 texts", lambda e: e.client().submit(text=["t"] * 101), InvalidInput, "100"),
    (
        "missing file",
        lambda e: e.client().submit(files=[e.tmp / "nope.png"]),
        InvalidInput,
        "nope.png",
    ),
    (
        "empty file",
        lambda e: e.client().submit(files=[e.file("empty.png", b"")]),
        InvalidInput,
        "empty",
    ),
    (
        "unreadable file",
        lambda e: e.client().submit(files=[e.unreadable()]),
        InvalidInput,
        "socket.wav",
    ),
    ("directory", lambda e: e.client().submit(files=[e.tmp]), InvalidInput, "director"),
    ("101 files", lambda e: e.client().submit(files=[e.file("a.png")] * 101), InvalidInput, "100"),
    (
        "unknown model",
        lambda e: e.client().submit(urls=["https://e.test/a.png"], models={"faces": {}}),
        InvalidInput,
        "faces",
    ),
    (
        "unknown option",
        lambda e: e.client().submit(urls=["https://e.test/a.png"], models={"face": {"fps": 3}}),
        InvalidInput,
        "fps",
    ),
    (
        "prob_threshold 2",
        lambda e: e.client().submit(
            urls=["https://e.test/a.png"], models={"face": {"prob_threshold": 2}}
        ),
        InvalidInput,
        "prob_threshold",
    ),
    (
        "negative min_face_size",
        lambda e: e.client().submit(
            urls=["https://e.test/a.png"], models={"face": {"min_face_size": -1}}
        ),
        InvalidInput,
        "min_face_size",
    ),
    (
        "bad granularity",
        lambda e: e.client().submit(
            urls=["https://e.test/a.mp3"], models={"prosody": {"granularity": "paragraph"}}
        ),
        InvalidInput,
        "granularity",
    ),
    (
        "bad language",
        lambda e: e.client().submit(
            urls=["https://e.test/a.mp3"], transcription={"language": "xx"}
        ),
        InvalidInput,
        "language",
    ),
    (
        "bad callback",
        lambda e: e.client().submit(
            urls=["https://e.test/a.png"], callback_url="ftp://e.test/hook"
        ),
        InvalidInput,
        "callback",
    ),
    ("invalid job id", lambda e: e.client().get_job("not-a-uuid"), InvalidInput, "not-a-uuid"),
    ("unknown job", lambda e: e.client().get_job(UNKNOWN_JOB), NotFoundError, UNKNOWN_JOB),
    (
        "wrong key",
        lambda e: e.client(key="wrong-key-123").get_job(UNKNOWN_JOB),
        AuthenticationError,
        "key",
    ),
    (
        "bulk: glob matches nothing",
        lambda e: collect_inputs([str(e.tmp / "*.mp4")]),
        InvalidInput,
        "matches no file",
    ),
    (
        "bulk: unsupported type",
        lambda e: collect_inputs([e.file("setup.exe")]),
        InvalidInput,
        "setup.exe",
    ),
    (
        "bulk: bad urls file line",
        lambda e: collect_inputs(urls_file=e.file("u.txt", b"https://ok.test/a.png\nftp://x\n")),
        InvalidInput,
        "ftp://x",
    ),
    (
        "bulk: batch size 0",
        lambda e: run_bulk(
            e.client(), collect_inputs(["https://e.test/a.png"]), e.tmp / "o", batch_size=0
        ),
        InvalidInput,
        "batch_size",
    ),
]

# (name, status, body, content type, call, expected error, what its message must say)
RESPONSES: list[
    tuple[str, int, bytes, str, Callable[[Client], object], type[HumeBatchError], str]
] = [
    (
        "HTML error page from a proxy",
        502,
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html",
        lambda c: c.get_job(UNKNOWN_JOB),
        ServerError,
        "HTTP 502: a non-JSON body (text/html): '<html><body><h1>502 Bad Gateway",
    ),
    (
        "HTML page with 200",
        200,
        b"<html>login</html>",
        "text/html",
        lambda c: c.get_job(UNKNOWN_JOB),
        UnexpectedResponseError,
        "answered HTTP 200 with a body that does not match the API (JSONDecodeError",
    ),
    (
        "truncated JSON",
        200,
        b'{"job_id": "' + UNKNOWN_JOB.encode() + b'", "type": "INF',
        "application/json",
        lambda c: c.get_job(UNKNOWN_JOB),
        UnexpectedResponseError,
        "answered HTTP 200 with a body that does not match the API (JSONDecodeError",
    ),
    (
        "wrong shape",
        200,
        b'{"jobs": []}',
        "application/json",
        lambda c: c.get_job(UNKNOWN_JOB),
        UnexpectedResponseError,
        "answered HTTP 200 with a body that does not match the API at $.job_id (missing)",
    ),
    (
        "list not an array",
        200,
        b'{"message": "ok"}',
        "application/json",
        lambda c: list(c.jobs(limit=5)),
        UnexpectedResponseError,
        "list jobs: the server answered HTTP 200 with a body that does not match the API",
    ),
    (
        "huge junk body",
        200,
        b"x" * (24 * 1024 * 1024),
        "application/json",
        lambda c: c.get_job(UNKNOWN_JOB),
        UnexpectedResponseError,
        "answered HTTP 200 with a body that does not match the API (JSONDecodeError",
    ),
    (
        "undocumented status",
        418,
        b"{}",
        "application/json",
        lambda c: c.get_job(UNKNOWN_JOB),
        UnexpectedResponseError,
        "failed with HTTP 418: a JSON body without a message",
    ),
]

CLI: list[tuple[str, list[str], int]] = [
    ("no inputs", ["submit"], 2),
    ("ftp url", ["submit", "ftp://e.test/a.png"], 2),
    ("missing file", ["submit", "/definitely/missing.png"], 2),
    ("invalid job id", ["status", "not-a-uuid"], 2),
    ("unknown job", ["status", UNKNOWN_JOB], 4),
    ("bad model option", ["submit", "https://e.test/a.png", "--model", "faces"], 2),
    ("fps without face", ["submit", "https://e.test/a.mp3", "--model", "prosody", "--fps", "2"], 2),
    ("run: nothing matches", ["run", "/definitely/*.mp4", "--out", "{tmp}/out"], 2),
    (
        "run: batch size 0",
        ["run", "https://e.test/a.png", "--out", "{tmp}/out", "--batch-size", "0"],
        2,
    ),
]


def _assert_clear(exc: HumeBatchError, fragment: str) -> None:
    text = str(exc)
    assert fragment.lower() in text.lower(), text
    assert KEY not in text and KEY not in repr(exc)
    assert len(text) < 2000, "messages stay readable, bodies are truncated"


@pytest.mark.parametrize(
    ("name", "call", "error", "fragment"), LIBRARY, ids=[r[0] for r in LIBRARY]
)
def test_library_bad_input(
    env: Env, name: str, call: Callable[[Env], object], error: type[HumeBatchError], fragment: str
) -> None:
    with pytest.raises(error) as caught:
        call(env)
    assert type(caught.value) is error, "exactly this class, not a subclass or a sibling"
    _assert_clear(caught.value, fragment)
    assert env.server.store.stats["jobs_created"] == 0


@pytest.mark.parametrize(
    ("name", "status", "body", "content_type", "call", "error", "fragment"),
    RESPONSES,
    ids=[r[0] for r in RESPONSES],
)
def test_bad_server_response(
    name: str,
    status: int,
    body: bytes,
    content_type: str,
    call: Callable[[Client], object],
    error: type[HumeBatchError],
    fragment: str,
) -> None:
    with bad_server(status, body, content_type) as url:
        client = Client(KEY, base_url=url, retry_policy=RetryPolicy(max_retries=0))
        with pytest.raises(error) as caught:
            call(client)
    assert type(caught.value) is error, "exactly this class, not a subclass or a sibling"
    _assert_clear(caught.value, fragment)


@pytest.mark.parametrize(("name", "args", "code"), CLI, ids=[r[0] for r in CLI])
def test_cli_bad_input(env: Env, name: str, args: list[str], code: int) -> None:
    argv = [a.replace("{tmp}", str(env.tmp)) for a in args]
    result = CliRunner().invoke(cli, argv, env={"HUME_BASE_URL": env.url, "HUME_API_KEY": KEY})
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 or (result.exit_code == 2 and "Usage" in result.stderr), result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert KEY not in result.output + result.stderr
    assert env.server.store.stats["jobs_created"] == 0


@pytest.mark.parametrize(
    ("name", "status", "body", "code"),
    [
        ("proxy HTML page", 502, b"<html><h1>Bad Gateway</h1></html>", 8),
        ("truncated JSON", 200, b'{"job_id": "x', 8),
        ("gateway says invalid key", 401, b'{"fault": {"faultstring": "Invalid ApiKey"}}', 3),
    ],
)
def test_cli_bad_response(name: str, status: int, body: bytes, code: int) -> None:
    with bad_server(
        status, body, "text/html" if body.startswith(b"<") else "application/json"
    ) as url:
        result = CliRunner().invoke(
            cli, ["status", UNKNOWN_JOB], env={"HUME_BASE_URL": url, "HUME_API_KEY": KEY}
        )
    assert result.exit_code == code, result.output
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1, result.stderr


def test_bad_input_loses_nothing_already_done(env: Env) -> None:
    out = env.tmp / "out"
    good = [f"https://e.test/done-{i}.png" for i in range(3)]
    report = run_bulk(env.client(), collect_inputs(good), out, batch_size=3)
    assert report.done == 3
    before = {p.name: p.read_bytes() for p in (out / "predictions").glob("*/*")}
    with pytest.raises(InvalidInput):
        run_bulk(env.client(), collect_inputs([*good, "ftp://bad.test/x.png"]), out)
    with pytest.raises(InvalidInput):
        run_bulk(env.client(), collect_inputs(good), out, formats=["xml"])
    assert {p.name: p.read_bytes() for p in (out / "predictions").glob("*/*")} == before
    with Manifest(out) as manifest:
        assert manifest.counts()["done"] == 3
    assert env.server.store.stats["jobs_created"] == 1


def test_table_is_big_enough() -> None:
    assert len(LIBRARY) + len(RESPONSES) + len(CLI) + 3 >= 30
    assert os.environ.get("HUME_API_KEY") != KEY
