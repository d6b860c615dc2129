"""An in-memory fake of the batch API behind `httpx.MockTransport`, for unit tests.

It needs no server and no sockets: tests hand `FakeAPI.transport()` to `Client(transport=...)`.
Faults are queued per request (`fail_next`), job states are scripted per job (`script`), and
every request is recorded, so tests can assert what was (not) sent.
"""

from __future__ import annotations

import inspect
import itertools
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from humebatch import PollSchedule, RetryPolicy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "payloads"
API_KEY = "test-key-s3cr3t-0123456789abcdef"
BASE_URL = "https://api.example.test"
JOBS_PATH = "/v0/batch/jobs"

Fault = Callable[[httpx.Request], httpx.Response]
T = TypeVar("T")

# Fast polling and retries for tests: the schedule and the policy are unit-tested separately.
FAST = PollSchedule(first=0.001, factor=1.5, cap=0.01, jitter=0.0)
FAST_RETRY = RetryPolicy(max_retries=2, initial_delay=0.001, max_delay=0.002)


async def resolve(value: T | Awaitable[T]) -> T:
    """Await ``value`` if it is awaitable: lets one test body drive Client and AsyncClient."""
    if inspect.isawaitable(value):
        return await value  # type: ignore[no-any-return]
    return value  # type: ignore[return-value]


async def collect(iterable: Any) -> list[Any]:
    """Items of a sync or async iterator."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


def predictions_body() -> bytes:
    return (FIXTURES / "predictions-face.json").read_bytes()


def status_fault(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Fault:
    def fault(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes | str):
            return httpx.Response(status, content=body, headers=headers)
        return httpx.Response(status, json=body or {"message": f"fault {status}"}, headers=headers)

    return fault


def raise_fault(exc_type: type[httpx.TransportError], message: str = "injected") -> Fault:
    def fault(request: httpx.Request) -> httpx.Response:
        raise exc_type(message, request=request)

    return fault


def deliver_then(fault: Fault, api: FakeAPI) -> Fault:
    """Process the request for real (e.g. create the job), then fail as ``fault`` says."""

    def wrapped(request: httpx.Request) -> httpx.Response:
        api._handle(request)
        return fault(request)

    return wrapped


@dataclass
class FakeJob:
    """A job whose status follows ``script``, one step per request that observes it.

    Its end time is stamped from the fake's clock when a request first sees it ended.
    """

    job_id: str
    created_ms: int
    request: dict[str, Any]
    script: list[str] = field(default_factory=lambda: ["QUEUED", "IN_PROGRESS", "COMPLETED"])
    polls: int = 0
    message: str = "media could not be decoded"
    clock: Callable[[], int] = field(default=lambda: 0, repr=False)
    ended_ms: int | None = None

    def status(self) -> str:
        return self.script[min(self.polls, len(self.script) - 1)]

    def ended(self) -> int | None:
        if self.status() not in ("COMPLETED", "FAILED"):
            self.ended_ms = None
        elif self.ended_ms is None:
            self.ended_ms = self.clock()
        return self.ended_ms

    def sort_key(self, sort_by: str) -> int:
        ended = self.ended()
        if sort_by == "ended" and ended is not None:
            return ended
        return self.created_ms + (1 if sort_by == "started" else 0)

    def body(self) -> dict[str, Any]:
        status = self.status()
        state: dict[str, Any] = {"status": status, "created_timestamp_ms": self.created_ms}
        if status != "QUEUED":
            state["started_timestamp_ms"] = self.created_ms + 1
        ended = self.ended()
        if ended is not None:
            state["ended_timestamp_ms"] = ended
        if status == "COMPLETED":
            state.update(num_predictions=1, num_errors=0)
        if status == "FAILED":
            state["message"] = self.message
        return {
            "job_id": self.job_id,
            "type": "INFERENCE",
            "user_id": "extra-key-ignored",
            "request": {"files": [], **self.request},
            "state": state,
        }


class FakeAPI:
    """The fake server: jobs, scripted states, queued faults, a request log."""

    def __init__(self, *, default_script: list[str] | None = None) -> None:
        self.jobs: dict[str, FakeJob] = {}
        self.requests: list[httpx.Request] = []
        self.faults: list[tuple[str, Fault]] = []
        self.default_script = default_script or ["QUEUED", "IN_PROGRESS", "COMPLETED"]
        self.clock = itertools.count(1_700_000_000_000)
        self.uploads: list[dict[str, Any]] = []
        self.artifacts = b"PK\x05\x06" + b"\x00" * 18  # an empty zip
        self.list_calls: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ test controls

    def fail_next(self, fault: Fault, *, method: str = "*", times: int = 1) -> None:
        """The next ``times`` requests with ``method`` get ``fault`` instead of an answer."""
        self.faults.extend((method, fault) for _ in range(times))

    def add_job(self, *, created_ms: int | None = None, script: list[str] | None = None) -> str:
        job_id = str(uuid.uuid4())
        self.jobs[job_id] = FakeJob(
            job_id,
            next(self.clock) if created_ms is None else created_ms,
            {"urls": ["https://example.com/a.jpg"]},
            list(script or self.default_script),
            clock=self.tick,
        )
        return job_id

    def tick(self) -> int:
        """The fake's clock: a millisecond later at every call."""
        return next(self.clock)

    @property
    def creates(self) -> int:
        return len(self.jobs)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # ------------------------------------------------------------------ the server

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for i, (method, fault) in enumerate(self.faults):
            if method in ("*", request.method):
                del self.faults[i]
                return fault(request)
        return self._handle(request)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("x-hume-api-key") != API_KEY:
            return httpx.Response(
                401, json={"fault": {"faultstring": "Invalid ApiKey", "detail": {}}}
            )
        path = request.url.path
        if path == JOBS_PATH and request.method == "POST":
            return self._create(request)
        if path == JOBS_PATH and request.method == "GET":
            return self._list(request)
        match = re.fullmatch(rf"{JOBS_PATH}/([^/]+)(/predictions|/artifacts)?", path)
        if not match or request.method != "GET":
            return httpx.Response(404, json={"message": "no such route"})
        job = self.jobs.get(match.group(1))
        if job is None:
            return httpx.Response(404, json={"message": "job not found"})
        if match.group(2) is None:
            response = httpx.Response(200, json=job.body())
            job.polls += 1
            return response
        if job.status() != "COMPLETED":
            return httpx.Response(400, json={"message": f"job is {job.status()}"})
        if match.group(2) == "/predictions":
            return httpx.Response(200, content=predictions_body())
        return httpx.Response(200, content=self.artifacts)

    def _create(self, request: httpx.Request) -> httpx.Response:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            boundary = content_type.split("boundary=")[1].encode()
            parts = request.content.split(b"--" + boundary)
            files = [p for p in parts if b'name="file"' in p]
            config_parts = [p for p in parts if b'name="json"' in p]
            config = json.loads(config_parts[0].split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0])
            self.uploads.append({"boundary": boundary, "files": len(files), "config": config})
        else:
            config = json.loads(request.content)
        job_id = str(uuid.uuid4())
        self.jobs[job_id] = FakeJob(
            job_id, next(self.clock), config, list(self.default_script), clock=self.tick
        )
        return httpx.Response(200, json={"job_id": job_id})

    def _list(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        self.list_calls.append(dict(params))
        limit = int(params.get("limit", 50))
        statuses = params.get_list("status")
        ts = params.get("timestamp_ms")
        asc = params.get("direction") == "asc"
        jobs = list(self.jobs.values())
        if statuses:
            jobs = [j for j in jobs if j.status() in statuses]
        if ts is not None:
            if params.get("when") == "created_after":
                jobs = [j for j in jobs if j.created_ms > int(ts)]
            else:
                jobs = [j for j in jobs if j.created_ms < int(ts)]
        # Ties in arbitrary (insertion-reversed) order, like a real database might.
        sort_by = params.get("sort_by", "created")
        jobs.sort(key=lambda j: j.sort_key(sort_by), reverse=not asc)
        response = httpx.Response(200, json=[j.body() for j in jobs[:limit]])
        # Time passes for every job, listed or not, as it does on a server.
        for job in self.jobs.values():
            job.polls += 1
        return response
