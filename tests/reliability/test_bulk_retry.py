"""Failed inputs retried on request; shards and the unsharded run share one truth; a failing
predictions fetch is retried, not fatal."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import humebatch_mock._store
import pytest
from bulk_helpers import assert_complete, patient_client
from click.testing import CliRunner
from humebatch.bulk import ShardsDisagree, collect_inputs, run_bulk
from humebatch.cli import cli
from humebatch_mock import MockConfig, MockServer

TEXTS = [f"retry test sentence {i}" for i in range(6)] + ["please fail this one"]
LANGUAGE = {"language": {}}


def _requests(server: MockServer) -> list[list[str]]:
    return [list(job.request["text"]) for job in server.store.jobs.values()]


def test_retry_failed_resubmits_only_the_inputs_whose_job_failed(
    hume_mock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(texts=TEXTS)
    first = run_bulk(client, inputs, tmp_path, batch_size=10, models=LANGUAGE)
    assert (first.done, first.errors) == (6, 1)
    assert (tmp_path / "predictions").glob("*/*.error.json")
    sent = len(_requests(hume_mock))
    again = run_bulk(client, inputs, tmp_path, batch_size=10, models=LANGUAGE)
    assert (again.errors, len(_requests(hume_mock))) == (1, sent), "a plain re-run sends nothing"

    # The server's trouble is over: the retry sends the failed input alone, and it succeeds.
    monkeypatch.setattr(humebatch_mock._store, "FAIL_TRIGGER", re.compile(r"(?!x)x"))
    events: list[str] = []
    retried = run_bulk(
        client, inputs, tmp_path, batch_size=10, models=LANGUAGE, retry_failed=True,
        on_event=events.append,
    )  # fmt: skip
    assert (retried.done, retried.errors, retried.pending) == (7, 0, 0)
    assert _requests(hume_mock)[sent:] == [["please fail this one"]]
    assert any("retrying 1 failed input" in e for e in events), events
    assert not list((tmp_path / "predictions").glob("*/*.error.json")), "stale error files gone"
    assert_complete(tmp_path, 7)
    events.clear()
    run_bulk(client, inputs, tmp_path, models=LANGUAGE, retry_failed=True, on_event=events.append)
    assert events == ["retry_failed: no input of this folder failed, nothing to retry"]


def test_cli_retry_failed(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    argv = ["run", "--text", "all good here", "--text", "please fail", "--out", str(tmp_path),
            "--model", "language"]  # fmt: skip
    assert CliRunner().invoke(cli, argv, env=env).exit_code == 5
    sent = len(_requests(hume_mock))
    result = CliRunner().invoke(cli, [*argv, "--retry-failed"], env=env)
    assert result.exit_code == 5, result.output  # the mock fails it again: still failed
    assert _requests(hume_mock)[sent:] == [["please fail"]]
    assert "retrying 1 failed input" in result.stderr
    assert "--retry-failed" in CliRunner().invoke(cli, ["run", "--help"]).output


# ---------------------------------------------------------------------- shards vs unsharded
def test_an_unsharded_run_on_a_sharded_folder_refuses_and_says_why(
    hume_mock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(texts=TEXTS[:6])
    for i in range(2):
        run_bulk(client, inputs, tmp_path, shard=f"{i}/2", batch_size=10, models=LANGUAGE)
    created = hume_mock.store.stats["jobs_created"]
    with pytest.raises(ShardsDisagree, match=r"manifest-shard-0-of-2\.sqlite.*--shard I/2"):
        run_bulk(client, inputs, tmp_path, batch_size=10, models=LANGUAGE)
    with pytest.raises(ShardsDisagree, match=r"--shard I/2"):
        run_bulk(client, inputs, tmp_path, shard="0/3", batch_size=10, models=LANGUAGE)
    assert hume_mock.store.stats["jobs_created"] == created, "nothing resubmitted"
    assert not (tmp_path / "manifest.sqlite").exists()
    assert not (tmp_path / "manifest-shard-0-of-3.sqlite").exists()
    # The shards themselves still resume.
    again = run_bulk(client, inputs, tmp_path, shard="1/2", batch_size=10, models=LANGUAGE)
    assert again.pending == 0 and hume_mock.store.stats["jobs_created"] == created


def test_a_sharded_run_on_an_unsharded_folder_refuses(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(texts=TEXTS[:4])
    run_bulk(client, inputs, tmp_path, batch_size=10, models=LANGUAGE)
    with pytest.raises(ShardsDisagree, match=r"manifest\.sqlite.*without --shard"):
        run_bulk(client, inputs, tmp_path, shard="0/2", batch_size=10, models=LANGUAGE)
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    argv = ["run", "--text", "x", "--out", str(tmp_path), "--shard", "1/2"]
    result = CliRunner().invoke(cli, argv, env=env)
    assert result.exit_code == 2, result.output
    assert "without --shard" in result.stderr


# ---------------------------------------------------------------------- predictions fetch
class _FailPredictions:
    """ASGI wrapper: the first ``count`` predictions GETs answer 500 (not retried by the
    transport: only 429 and 502-504 are)."""

    def __init__(self, app: Any, count: int) -> None:
        self.app, self.left, self.failed = app, count, 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.endswith("/predictions") and self.left > 0:
            self.left -= 1
            self.failed += 1
            body = b'{"message": "internal server error"}'
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def test_a_failing_predictions_fetch_is_retried_not_fatal(tmp_path: Path) -> None:
    server = MockServer(MockConfig(queue_seconds=0.0, run_seconds=0.1))
    faults = server.app = _FailPredictions(server.app, 3)  # type: ignore[assignment]
    with server:
        client = patient_client(server.url, server.api_key)
        events: list[str] = []
        report = run_bulk(
            client, collect_inputs(texts=TEXTS[:4]), tmp_path, batch_size=2, models=LANGUAGE,
            on_event=events.append,
        )  # fmt: skip
    assert faults.failed == 3
    assert (report.done, report.errors, report.pending) == (4, 0, 0)
    assert report.jobs == 2, "the jobs were fetched again, not resubmitted"
    assert any("get predictions" in e for e in events), events


# ---------------------------------------------------------------------- a closed port
def test_a_closed_port_says_connection_refused_where_and_counts_the_retries(
    tmp_path: Path,
) -> None:
    import socket

    from humebatch import Client, RetryPolicy
    from humebatch.bulk import SubmitGaveUp

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    policy = RetryPolicy(max_retries=1, initial_delay=0.01, max_delay=0.02)
    client = Client("key", base_url=url, retry_policy=policy)
    seen: list[dict[str, int]] = []
    events: list[str] = []
    with pytest.raises(SubmitGaveUp) as info:
        run_bulk(
            client, collect_inputs(texts=["x"]), tmp_path, submit_attempts=3, rounds=5,
            on_progress=seen.append, on_event=events.append,
        )  # fmt: skip
    # No later round can send anything (the budget is spent): no "round 2 of 5" lines.
    assert not [e for e in events if e.startswith("round")], events
    assert len(events) == 1 and "1 unfinished batch spent its submit budget" in events[0], events
    message = str(info.value)
    assert "connection refused" in message and f"at {url}" in message
    assert "last: None" not in message and "3 submit attempts" in message
    assert seen[-1]["retries"] == 2, "the display learns of each retry as it happens"
    from humebatch import APIConnectionError
    from humebatch.cli._exit import ExitCode, exit_code_for

    assert isinstance(info.value.__cause__, APIConnectionError)
    assert exit_code_for(info.value) == ExitCode.SERVER, "8: connection failure, as documented"
