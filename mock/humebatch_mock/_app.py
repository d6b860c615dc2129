"""The ASGI application: the five operations of the spec plus mock-only ``/_mock/*`` endpoints."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ._callbacks import deliver
from ._config import MockConfig
from ._faults import (
    DroppedConnection,
    FaultMiddleware,
    FaultPolicy,
    silence_dropped_connection_logs,
)
from ._multipart import PayloadTooLarge, parse_multipart
from ._ratelimit import RateLimiter
from ._request import RequestError, check_path, parse_job_request, parse_query
from ._store import JobStore, now_ms

log = logging.getLogger("humebatch_mock")

API_KEY_HEADER = "x-hume-api-key"
INVALID_KEY = {
    "fault": {"faultstring": "Invalid ApiKey", "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}
}
_OPERATIONS = (
    ("GET", re.compile(r"^/v0/batch/jobs/?$"), "list_jobs"),
    ("POST", re.compile(r"^/v0/batch/jobs/?$"), "start_inference_job"),
    ("GET", re.compile(r"^/v0/batch/jobs/[^/]+/predictions/?$"), "get_job_predictions"),
    ("GET", re.compile(r"^/v0/batch/jobs/[^/]+/artifacts/?$"), "get_job_artifacts"),
    ("GET", re.compile(r"^/v0/batch/jobs/[^/]+/?$"), "get_job_details"),
)


def operation_of(method: str, path: str) -> str:
    """The spec's operationId for a request (``other`` when none matches)."""
    for op_method, pattern, name in _OPERATIONS:
        if method == op_method and pattern.match(path):
            return name
    return "other"


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(data), status, headers, media_type="application/json")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"message": message}, status, headers)


Handler = Callable[[Request], Awaitable[Response]]


class MockApp:
    """The mock's ASGI callable; ``store``, ``config`` and ``policy`` are open for tests."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.config = config or MockConfig()
        self.store = JobStore(self.config)
        self.policy = FaultPolicy(self.config)
        self.limiter = (
            RateLimiter(self.config.rate_limit, self.config.rate_burst)
            if self.config.rate_limit
            else None
        )
        self._tasks: set[asyncio.Task[None]] = set()
        routes = [
            # One route for both methods, so that a 405 lists both in Allow.
            Route("/v0/batch/jobs", self._api(self._jobs), methods=["GET", "POST"]),
            Route("/v0/batch/jobs/{id}", self._api(self.job_details), methods=["GET"]),
            Route("/v0/batch/jobs/{id}/predictions", self._api(self.predictions), methods=["GET"]),
            Route("/v0/batch/jobs/{id}/artifacts", self._api(self.artifacts), methods=["GET"]),
            Route("/_mock/stats", self.stats, methods=["GET"]),
            Route("/_mock/reset", self.reset, methods=["POST"]),
            Route("/_mock/health", self.health, methods=["GET"]),
        ]
        starlette = Starlette(
            routes=routes,
            exception_handlers={HTTPException: self._http_error, Exception: self._crash},
            lifespan=self._lifespan,
        )
        self._asgi = FaultMiddleware(starlette, self.policy, self.store)
        silence_dropped_connection_logs()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/v0/"):
            self.store.count(f"requests.{operation_of(scope['method'], scope['path'])}")
        await self._asgi(scope, receive, send)

    # ------------------------------------------------------------ plumbing

    @contextlib.asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        yield
        for task in list(self._tasks):
            task.cancel()

    async def _http_error(self, _request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error(exc.status_code, str(exc.detail).lower(), dict(exc.headers or {}))

    async def _crash(self, _request: Request, exc: Exception) -> Response:
        if not isinstance(exc, DroppedConnection):  # a drop is deliberate, not a crash
            log.error("mock server error", exc_info=exc)
        return error(500, "internal server error")

    def _api(self, handler: Handler) -> Handler:
        """Auth, rate limit and error mapping shared by every ``/v0/`` operation."""

        async def endpoint(request: Request) -> Response:
            key = request.headers.get(API_KEY_HEADER, "")
            keys = self.config.api_keys
            if not key or (keys is not None and key not in keys):
                self.store.count("unauthorized")
                return json_response(INVALID_KEY, 401)
            if self.limiter is not None:
                wait = self.limiter.check(key)
                if wait:
                    self.store.count("rate_limited")
                    return error(429, "rate limit exceeded", {"Retry-After": str(wait)})
            try:
                return await handler(request)
            except ClientDisconnect:
                # Nobody will read this; answering keeps the disconnect out of the error log.
                return error(400, "client disconnected before the request body was complete")
            except PayloadTooLarge as exc:
                return error(413, str(exc))
            except RequestError as exc:
                return error(400, str(exc))

        return endpoint

    def _job_or_error(self, request: Request) -> Any:
        job_id = request.path_params["id"]
        try:
            check_path("get_job_details", "id", job_id)
        except RequestError:
            return error(400, f"invalid job id {job_id[:64]!r}: expected a UUID")
        job = self.store.get(job_id.lower())
        return job if job is not None else error(404, "job not found")

    # ------------------------------------------------------------ operations

    async def _jobs(self, request: Request) -> Response:
        if request.method == "POST":
            return await self.start_job(request)
        return await self.list_jobs(request)

    async def list_jobs(self, request: Request) -> Response:
        query = parse_query("list_jobs", request.query_params)
        at = now_ms()
        jobs = self.store.list(
            limit=query["limit"],
            statuses=query.get("status", []),
            when=query.get("when"),
            timestamp_ms=query.get("timestamp_ms"),
            # The spec's descriptions: sorted by creation, descending, when absent.
            sort_by=query.get("sort_by", "created"),
            direction=query.get("direction", "desc"),
            at_ms=at,
        )
        return json_response([job.to_json(at) for job in jobs])

    async def start_job(self, request: Request) -> Response:
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";", 1)[0].strip().lower()
        cfg = self.config
        if media == "multipart/form-data":
            tmpdir = tempfile.mkdtemp(prefix="humebatch-mock-")
            try:
                form = await parse_multipart(
                    content_type,
                    request.stream(),
                    tmpdir=tmpdir,
                    max_files=cfg.max_files,
                    max_file_bytes=cfg.max_file_bytes,
                    max_json_bytes=cfg.max_json_bytes,
                )
                config = {} if form.json_part is None else _loads(form.json_part, "json part")
                echo = parse_job_request(config, max_urls=cfg.max_urls, max_texts=cfg.max_texts)
                # Planning reads the files (wav length, archive members); then they can go.
                job = await asyncio.to_thread(self.store.create, echo, form.uploads)
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)
        elif media == "application/json" or media.endswith("+json"):
            body = await _read_limited(request, cfg.max_json_bytes)
            echo = parse_job_request(
                _loads(body, "request body"), max_urls=cfg.max_urls, max_texts=cfg.max_texts
            )
            job = self.store.create(echo)
        else:
            await _drain(request)
            shown = media or "none"
            raise RequestError(
                f"unsupported Content-Type {shown!r}: send application/json or multipart/form-data"
            )
        if job.request["callback_url"]:
            task = asyncio.create_task(deliver(job, self.store, cfg))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return json_response({"job_id": job.job_id})

    async def job_details(self, request: Request) -> Response:
        job = self._job_or_error(request)
        if isinstance(job, Response):
            return job
        return json_response(job.to_json(now_ms()))

    async def _completed(self, request: Request) -> Any:
        job = self._job_or_error(request)
        if isinstance(job, Response):
            return job
        status = job.status_at(now_ms())
        if status != "COMPLETED":
            return error(400, f"job {job.job_id} is not completed (status: {status})")
        return job

    async def predictions(self, request: Request) -> Response:
        job = await self._completed(request)
        if isinstance(job, Response):
            return job
        # Generated once per job, off the event loop: big bodies must not stall other pollers.
        body = await asyncio.to_thread(job.predictions_bytes)
        return Response(body, media_type="application/json")

    async def artifacts(self, request: Request) -> Response:
        job = await self._completed(request)
        if isinstance(job, Response):
            return job
        body = await asyncio.to_thread(job.artifacts_bytes)
        headers = {"Content-Disposition": 'attachment; filename="artifacts.zip"'}
        return Response(body, media_type="application/zip", headers=headers)

    # ------------------------------------------------------------ mock-only

    async def stats(self, _request: Request) -> Response:
        return json_response(self.store.snapshot())

    async def reset(self, _request: Request) -> Response:
        self.reset_state()
        return json_response({"reset": True})

    async def health(self, _request: Request) -> Response:
        return json_response({"ok": True})

    def reset_state(self) -> None:
        """Forget jobs, counters, rate-limit buckets and fault state."""
        self.store.reset()
        self.policy.reset()
        if self.limiter is not None:
            self.limiter.reset()


def _loads(raw: bytes, where: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RequestError(f"{where}: malformed JSON ({exc})") from None


async def _read_limited(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    too_large = False
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            too_large = True  # keep reading so the client gets our answer
            continue
        chunks.append(chunk)
    if too_large:
        raise PayloadTooLarge(f"request body too large: at most {limit // (1024 * 1024)} MB")
    return b"".join(chunks)


async def _drain(request: Request) -> None:
    async for _ in request.stream():
        pass


def create_app(config: MockConfig | None = None) -> MockApp:
    """The mock as an ASGI app (for uvicorn, or in-process use such as schemathesis)."""
    return MockApp(config)
