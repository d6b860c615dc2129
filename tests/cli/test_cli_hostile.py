"""The command against a server that misbehaves on purpose (issue 21): the key it echoes is
never printed or written, its escape sequences never reach the terminal, its stalls end."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from cli_helpers import REPO, Cli
from support.hostile import HostileAPI, Reply, Seen, hostile_server, job_body, new_id

KEY = "sk-hostile-cli-0123456789abcdef"
ANSI = "\x1b]0;pwned\x07\x1b[2J\x1b[H"
PREDICTIONS = REPO / "tests" / "fixtures" / "payloads" / "predictions-face.json"


def output_of(result: object) -> str:
    return str(result.stdout) + str(result.stderr)  # type: ignore[attr-defined]


def assert_clean(text: str) -> None:
    assert KEY not in text
    assert "\x1b" not in text and "\x07" not in text, repr(text)


def test_submit_wait_masks_an_echoed_key_and_escapes_the_message() -> None:
    api = HostileAPI(status="FAILED", message=f"account key {KEY}x has no access {ANSI}")
    with hostile_server(api) as (url, _seen):
        result = Cli(url, key=KEY).run("submit", "--text", "hi", "--wait", "--timeout", "20")
    assert result.exit_code == 5, output_of(result)
    text = output_of(result)
    assert_clean(text)
    assert "***x has no access" in text and "\\x1b]0;pwned" in text


@pytest.mark.parametrize("command", ["status", "wait"])
def test_status_and_wait_escape_server_text(command: str) -> None:
    api = HostileAPI(status="FAILED", message=f"bad media {ANSI}")
    with hostile_server(api) as (url, _seen):
        result = Cli(url, key=KEY).run(command, new_id())
    text = output_of(result)
    assert_clean(text)
    assert "bad media" in text


def test_an_unknown_status_with_escapes_is_escaped_in_wait() -> None:
    api = HostileAPI(status=f"DONE{ANSI}")
    with hostile_server(api) as (url, _seen):
        result = Cli(url, key=KEY).run("wait", new_id(), "--timeout", "1")
    assert_clean(output_of(result))


def test_predictions_escape_server_text() -> None:
    body = PREDICTIONS.read_bytes().replace(b"faces/100.jpg", b"faces/\\u001b]0;pwned\\u0007.jpg")
    api = HostileAPI(status="COMPLETED", predictions=lambda _id: body)
    with hostile_server(api) as (url, _seen):
        result = Cli(url, key=KEY).run("predictions", new_id())
    assert result.exit_code == 0, output_of(result)
    text = output_of(result)
    assert_clean(text)
    assert "pwned" in text


def test_run_writes_no_echoed_key_in_any_file(tmp_path: Path) -> None:
    api = HostileAPI(status="FAILED", message=f"account key {KEY}x has no access")
    out = tmp_path / "out"
    with hostile_server(api) as (url, _seen):
        result = Cli(url, key=KEY).run(
            "run", "--text", "hello", "--text", "bye", "--out", str(out), "--model", "language"
        )
    assert result.exit_code == 5, output_of(result)
    assert KEY not in output_of(result)
    written = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".error.json") for p in written)
    for path in written:
        assert KEY.encode() not in path.read_bytes(), path


def test_wait_with_a_timeout_ends_against_a_trickling_server() -> None:
    def trickle(seen: Seen) -> Reply:
        body = json.dumps(job_body(seen.path.rsplit("/", 1)[-1], "IN_PROGRESS")).encode()
        return Reply(200, body, trickle=0.25, max_seconds=30)

    with hostile_server(trickle) as (url, _seen):
        started = time.monotonic()
        result = Cli(url, key=KEY).run("wait", new_id(), "--timeout", "2")
        took = time.monotonic() - started
    assert result.exit_code != 0
    assert took < 12, f"wait --timeout 2 took {took:.1f} s"


def test_predictions_with_a_timeout_ends_against_a_trickling_body() -> None:
    body = PREDICTIONS.read_bytes()
    api = HostileAPI(status="COMPLETED", predictions=lambda _id: body)
    api.tamper = lambda seen, reply: (
        Reply(200, reply.body, trickle=0.05, chunk=64, max_seconds=60)
        if seen.path.endswith("/predictions")
        else reply
    )
    with hostile_server(api) as (url, _seen):
        started = time.monotonic()
        result = Cli(url, key=KEY).run("predictions", new_id(), "--timeout", "2")
        took = time.monotonic() - started
    assert result.exit_code != 0, output_of(result)
    assert "timed out" in output_of(result)
    assert took < 15, f"predictions --timeout 2 took {took:.1f} s"
