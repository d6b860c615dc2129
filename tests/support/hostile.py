"""A loopback server of the batch API that misbehaves on purpose (issue 21's attacker).

Each test hands `hostile_server` a handler: it sees every request (`Seen`) and answers with a
`Reply`, which may trickle its body one chunk at a time. Nothing here is well-behaved by default:
the helpers build the bodies a hostile server would send (a job echoing the key, ANSI sequences,
another job's id, an endless job list).
"""

from __future__ import annotations

import http.server
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

PREDICTIONS_PATH_END = "/predictions"


@dataclass(frozen=True)
class Seen:
    """A request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    """An answer; with ``trickle`` set, the body goes out ``chunk`` bytes every ``trickle`` s."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    trickle: float | None = None
    chunk: int = 1
    max_seconds: float = 30.0  # every trickle ends, whatever the client does


def json_reply(data: object, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data).encode())


def job_body(
    job_id: str, status: str = "COMPLETED", message: str | None = None, **request: Any
) -> dict[str, Any]:
    """A job's details in the API's shape."""
    state: dict[str, Any] = {
        "status": status,
        "created_timestamp_ms": 1_700_000_000_000,
    }
    if status != "QUEUED":
        state["started_timestamp_ms"] = 1_700_000_000_100
    if status in ("COMPLETED", "FAILED"):
        state["ended_timestamp_ms"] = 1_700_000_000_900
    if status == "COMPLETED":
        state.update(num_predictions=1, num_errors=0)
    if message is not None:
        state["message"] = message
    return {
        "job_id": job_id,
        "type": "INFERENCE",
        "request": {"files": [], "urls": [], "text": ["hi"], **request},
        "state": state,
    }


def new_id() -> str:
    return str(uuid.uuid4())


Handler = Callable[[Seen], Reply]


@contextmanager
def hostile_server(handler: Handler) -> Iterator[tuple[str, list[Seen]]]:
    """Serve ``handler`` on 127.0.0.1; yields the base URL and the log of requests seen."""
    seen: list[Seen] = []

    class _Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            request = Seen(
                self.command,
                parts.path,
                parse_qs(parts.query),
                {k.lower(): v for k, v in self.headers.items()},
                body,
            )
            seen.append(request)
            reply = handler(request)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.trickle is None:
                self.wfile.write(reply.body)
                return
            ends = time.monotonic() + reply.max_seconds
            try:
                for start in range(0, len(reply.body), reply.chunk):
                    self.wfile.write(reply.body[start : start + reply.chunk])
                    self.wfile.flush()
                    if time.monotonic() > ends:
                        break
                    time.sleep(reply.trickle)
            except OSError:  # the client gave up: that is the point
                pass

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class HostileAPI:
    """A small stateful batch API: jobs are created, end as ``status`` with ``message``.

    The job list is always empty (so watchers fall back to each job's details), predictions
    are ``predictions`` (a function of the job id), and ``tamper`` may rewrite any reply.
    """

    status: str = "FAILED"
    message: str = "media could not be decoded"
    predictions: Callable[[str], bytes] = lambda job_id: b"[]"
    tamper: Callable[[Seen, Reply], Reply] = lambda seen, reply: reply
    jobs: list[str] = field(default_factory=list)

    def __call__(self, seen: Seen) -> Reply:
        return self.tamper(seen, self._answer(seen))

    def _answer(self, seen: Seen) -> Reply:
        path = seen.path.rstrip("/")
        if path == "/v0/batch/jobs" and seen.method == "POST":
            job_id = new_id()
            self.jobs.append(job_id)
            return json_reply({"job_id": job_id})
        if path == "/v0/batch/jobs":
            return json_reply([])
        job_id = path.removeprefix("/v0/batch/jobs/").removesuffix(PREDICTIONS_PATH_END)
        if path.endswith(PREDICTIONS_PATH_END):
            return Reply(200, self.predictions(job_id))
        message = self.message if self.status == "FAILED" else None
        return json_reply(job_body(job_id, self.status, message))
