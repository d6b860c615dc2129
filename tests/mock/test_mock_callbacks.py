"""Callbacks: the outcome is POSTed to callback_url (loopback receiver), with bounded retries."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from uuid import UUID

import pytest
from hume_batch_api.api.batch import get_job_predictions
from humebatch_mock import MockServer
from mock_helpers import submit


class Receiver:
    """A loopback HTTP server that records POSTs and fails the first ``fail_first`` of them."""

    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.posts: list[tuple[dict[str, str], Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.posts.append((dict(self.headers), json.loads(raw)))
                failing = len(receiver.posts) <= receiver.fail_first
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook?ref=abc"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver_factory() -> Iterator[Any]:
    receivers: list[Receiver] = []

    def make(fail_first: int = 0) -> Receiver:
        receivers.append(Receiver(fail_first))
        return receivers[-1]

    yield make
    for receiver in receivers:
        receiver.close()


def _wait_records(server: MockServer, n: int, timeout: float = 10) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # bounded by time
        if len(server.store.callbacks) >= n:
            return list(server.store.callbacks)
        time.sleep(0.02)
    raise AssertionError(f"expected {n} callback record(s), got {server.store.callbacks}")


def test_completed_job_posts_its_predictions(server: MockServer, client, receiver_factory) -> None:
    receiver = receiver_factory()
    job_id = submit(client, urls=["https://example.com/a.jpg"], callback_url=receiver.url)
    record = _wait_records(server, 1)[0]
    assert record["delivered"] and record["attempts"] == 1
    headers, payload = receiver.posts[0]
    assert headers["Content-Type"] == "application/json"
    assert payload["job_id"] == job_id and payload["status"] == "COMPLETED"
    expected = get_job_predictions.sync_detailed(UUID(job_id), client=client).content
    assert payload["predictions"] == json.loads(expected)


def test_failed_job_posts_its_message(server: MockServer, client, receiver_factory) -> None:
    receiver = receiver_factory()
    job_id = submit(client, text=["please fail"], callback_url=receiver.url)
    _wait_records(server, 1)
    payload = receiver.posts[0][1]
    assert payload["job_id"] == job_id and payload["status"] == "FAILED"
    assert "fail" in payload["message"] and "predictions" not in payload


def test_delivery_is_retried_with_backoff(hume_mock_factory, receiver_factory) -> None:
    server = hume_mock_factory(run_seconds=0.01, callback_tries=3, callback_backoff=0.01)
    receiver = receiver_factory(fail_first=2)
    from support.clients import generated_client

    submit(generated_client(server), text=["hi"], callback_url=receiver.url)
    record = _wait_records(server, 1)[0]
    assert record["delivered"] and record["attempts"] == 3 and len(receiver.posts) == 3
    assert server.store.stats["callbacks.delivered"] == 1


def test_delivery_gives_up_after_the_last_try(hume_mock_factory, receiver_factory) -> None:
    server = hume_mock_factory(run_seconds=0.01, callback_tries=2, callback_backoff=0.01)
    receiver = receiver_factory(fail_first=100)
    from support.clients import generated_client

    submit(generated_client(server), text=["hi"], callback_url=receiver.url)
    record = _wait_records(server, 1)[0]
    assert not record["delivered"] and record["attempts"] == 2 and len(receiver.posts) == 2
    assert server.store.stats["callbacks.failed"] == 1


def test_non_loopback_callbacks_are_refused_by_default(server: MockServer, client) -> None:
    submit(client, text=["hi"], callback_url="https://example.com/hook")
    record = _wait_records(server, 1)[0]
    assert not record["delivered"] and record["attempts"] == 0
    assert "loopback" in record["error"]


def test_unreachable_callback_does_not_block_the_server(server: MockServer, client) -> None:
    # Port 9 (discard) on loopback: nothing listens; the delivery fails in the background.
    submit(client, text=["hi"], callback_url="http://127.0.0.1:9/hook")
    job_id = submit(client, text=["still serving"])
    assert job_id
    record = _wait_records(server, 1)[0]
    assert not record["delivered"] and record["error"] == "ConnectError"
