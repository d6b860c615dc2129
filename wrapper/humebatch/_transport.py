"""The one seam between humebatch and the generated client ``hume_batch_api``.

Nothing else in the wrapper imports ``hume_batch_api`` or talks HTTP. This module:

* builds the generated ``AuthenticatedClient`` (key in ``X-Hume-Api-Key``, wrapped in `ApiKey`
  so that no repr shows it);
* turns each operation into an `Operation`: the generated ``_get_kwargs`` builds the request and
  the generated ``_parse_response`` reads a 2xx body;
* runs operations under the retry policy, with one shared attempt state machine (`_Attempts`)
  and two thin drivers (`SyncTransport`, `AsyncTransport`) that only send and sleep;
* maps every non-2xx status and every unusable body to our errors.

Why it calls ``_get_kwargs``/``_parse_response`` rather than ``sync_detailed``: the generated
``_build_response`` parses error bodies as JSON and would raise a bare ``JSONDecodeError`` on a
proxy's HTML page, losing the status; and it cannot stream. What the generator cannot do is done
here (see spec/openapi-python-client.yaml): the artifacts body is streamed to disk, predictions
come back as raw bytes for the fast parser, and multipart uploads drop the generated fixed
``boundary=+++`` so that httpx picks a random one.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Generator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit
from uuid import UUID

import httpx
import orjson
from hume_batch_api.api.batch import (
    get_job_artifacts,
    get_job_details,
    get_job_predictions,
    list_jobs,
    start_inference_job,
)
from hume_batch_api.client import AuthenticatedClient
from hume_batch_api.models import (
    Bcp47Tag,
    Direction,
    Face,
    Granularity,
    InferenceBaseRequest,
    InferenceJob,
    JobId,
    Language,
    LocalFileJobRequest,
    Models,
    Ner,
    Prosody,
    SortBy,
    SourcePredictResult,
    StateCompleted,
    StateFailed,
    StateInProgress,
    StateQueued,
    Status,
    Transcription,
    Unconfigurable,
    When,
    Window,
)
from hume_batch_api.types import UNSET, File

from ._atomic import atomic_write_bytes
from ._redact import mask_secret
from .errors import (
    AmbiguousSubmitError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    HumeBatchError,
    InvalidInput,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from .inputs import Submission, UploadFile
from .retries import Decision, Failure, RequestKind, RetryPolicy, parse_retry_after

__all__ = [
    "ApiKey",
    "AsyncTransport",
    "Bcp47Tag",
    "Face",
    "Granularity",
    "InferenceJob",
    "Language",
    "Models",
    "Ner",
    "Operation",
    "Prosody",
    "Settings",
    "StateCompleted",
    "StateFailed",
    "StateInProgress",
    "StateQueued",
    "Status",
    "SyncTransport",
    "Transcription",
    "Unconfigurable",
    "Window",
    "source_result_from_dict",
]

logger = logging.getLogger("humebatch")

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.hume.ai"
API_KEY_HEADER = "X-Hume-Api-Key"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
USER_AGENT = "humebatch/0.1.0"
_CHUNK = 1 << 16


class ApiKey(str):
    """An API key that never shows itself: repr, str and format all print a mask.

    httpx encodes header values with ``str.encode``, which reads the real characters, so the key
    still reaches the server; use `reveal` when the plain value is really needed.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "ApiKey('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def reveal(self) -> str:
        """The key itself."""
        return str.__str__(self)


class _KeyAuth(httpx.Auth):
    """Adds the key to each request as it is sent.

    The generated client stores its token among the httpx client's default headers, whose repr
    (``httpx.Headers``) prints every value but ``Authorization``. The seam moves the key here
    instead (see `_detach_key`), so no long-lived object shows it.
    """

    def __init__(self, key: ApiKey) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[API_KEY_HEADER] = self._key
        yield request

    def __repr__(self) -> str:
        return "_KeyAuth(***)"


def _detach_key(http: httpx.Client | httpx.AsyncClient, key: ApiKey) -> None:
    """Move the key from the httpx client's default headers to a per-request auth hook."""
    del http.headers[API_KEY_HEADER]
    http.auth = _KeyAuth(key)


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    """Resolved client configuration (environment variables already read)."""

    api_key: ApiKey
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    headers: Mapping[str, str]

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        allow_insecure_http: bool,
        default_headers: Mapping[str, str] | None,
    ) -> Settings:
        """Fill in from HUME_API_KEY / HUME_BASE_URL and refuse unsafe settings."""
        key = api_key if api_key is not None else os.environ.get("HUME_API_KEY")
        if not key:
            raise InvalidInput(
                "No API key: set the HUME_API_KEY environment variable or pass Client(api_key=...)."
            )
        if not key.isascii() or not key.isprintable() or key != key.strip():
            # Said without echoing the value: it may be a real key with a stray character.
            raise InvalidInput(
                "The API key has spaces, control or non-ASCII characters; check for a stray "
                "newline or quote around HUME_API_KEY."
            )
        url = (base_url or os.environ.get("HUME_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput(
                f"base_url {url!r} must be an http(s) URL such as {DEFAULT_BASE_URL}."
            )
        if parts.scheme == "http" and not allow_insecure_http and not _is_loopback(parts.hostname):
            raise InvalidInput(
                f"Refusing to send the API key over plain http:// to {parts.hostname}: use "
                "https://, or pass allow_insecure_http=True if you really mean it."
            )
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise InvalidInput(f"max_retries must be a non-negative integer, got {max_retries!r}.")
        if timeout is None:
            resolved = DEFAULT_TIMEOUT
        elif isinstance(timeout, httpx.Timeout):
            resolved = timeout
        elif isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0:
            resolved = httpx.Timeout(float(timeout))
        else:
            raise InvalidInput(f"timeout must be a positive number of seconds, got {timeout!r}.")
        return cls(
            api_key=ApiKey(key),
            base_url=url,
            timeout=resolved,
            max_retries=max_retries,
            headers=dict(default_headers or {}),
        )

    def generated_client(self, transport: object = None) -> AuthenticatedClient:
        """The generated client, configured; ``transport`` is an httpx (async) transport."""
        return AuthenticatedClient(
            base_url=self.base_url,
            token=self.api_key,
            prefix="",
            auth_header_name=API_KEY_HEADER,
            timeout=self.timeout,
            headers={"User-Agent": USER_AGENT, **self.headers},
            follow_redirects=False,  # never forward the key to wherever a redirect points
            httpx_args={"transport": transport} if transport is not None else {},
        )


# --------------------------------------------------------------------------- operations


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One API call, ready to run (any number of attempts).

    ``prepare`` builds fresh httpx request arguments per attempt (re-opening upload files on the
    given stack); ``parse`` turns a 2xx response into the result. With ``dest`` set, a 2xx body
    is streamed into that file atomically (a temporary file beside it, renamed when complete).
    """

    name: str
    kind: RequestKind
    prepare: Callable[[ExitStack], dict[str, Any]]
    parse: Callable[[httpx.Response], T]
    dest: Path | None = None
    retryable: bool = True


def _unexpected(name: str, response: httpx.Response, problem: str) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        f"{name}: the server answered HTTP {response.status_code} with {problem}. This usually "
        "means a proxy or a wrong base_url (HUME_BASE_URL); check it and try again.",
        status=response.status_code,
        body=_snippet(response),
        request_id=_request_id(response),
        method=response.request.method,
        url=response.request.url.path,
    )


def _parsed(
    name: str, parse: Callable[..., object], client: AuthenticatedClient, expected: type[T]
) -> Callable[[httpx.Response], T]:
    """Read a 2xx body with the generated parser; any malformation becomes our error."""

    def run(response: httpx.Response) -> T:
        try:
            result = parse(client=client, response=response)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problem = f"a body that does not match the API ({type(exc).__name__}: {exc})"
            raise _unexpected(name, response, problem) from None
        if not isinstance(result, expected):
            raise _unexpected(name, response, f"an unexpected body ({type(result).__name__})")
        return result

    return run


class Operations:
    """Builds `Operation`s from the generated modules for one generated client."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self.client = client

    def get_job(self, job_id: str) -> Operation[InferenceJob]:
        kwargs = get_job_details._get_kwargs(id=UUID(job_id))
        return Operation(
            name=f"get job {job_id}",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=_parsed("get job", get_job_details._parse_response, self.client, InferenceJob),
        )

    def list_jobs(
        self,
        *,
        limit: int,
        status: list[str] | None,
        when: str | None,
        timestamp_ms: int | None,
        direction: str,
        sort_by: str = "created",
    ) -> Operation[list[InferenceJob]]:
        kwargs = list_jobs._get_kwargs(
            limit=limit,
            status=[Status(s) for s in status] if status else UNSET,
            when=When(when) if when else UNSET,
            timestamp_ms=timestamp_ms if timestamp_ms is not None else UNSET,
            sort_by=SortBy(sort_by),
            direction=Direction(direction),
        )
        return Operation(
            name="list jobs",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=_parsed("list jobs", list_jobs._parse_response, self.client, list),
        )

    def predictions(self, job_id: str) -> Operation[bytes]:
        kwargs = get_job_predictions._get_kwargs(id=UUID(job_id))
        # Raw bytes: the generated from_dict tree is too slow for large results (predictions.py).
        return Operation(
            name=f"get predictions of job {job_id}",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=lambda response: response.content,
        )

    def artifacts(self, job_id: str, dest: Path) -> Operation[Path]:
        kwargs = get_job_artifacts._get_kwargs(id=UUID(job_id))
        return Operation(
            name=f"download artifacts of job {job_id}",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=lambda _response: dest,
            dest=dest,
        )

    def submit(self, submission: Submission) -> Operation[str]:
        config = InferenceBaseRequest.from_dict(submission.config)
        files = submission.files

        def prepare(stack: ExitStack) -> dict[str, Any]:
            if not files:
                return start_inference_job._get_kwargs(body=config)
            body = LocalFileJobRequest(file=[_open(f, stack) for f in files], json=config)
            kwargs = start_inference_job._get_kwargs(body=body)
            # The generated header pins `boundary=+++`, which a file could contain; without the
            # header httpx writes its own random boundary.
            kwargs["headers"].pop("Content-Type", None)
            return kwargs

        def parse(response: httpx.Response) -> str:
            return str(
                _parsed("submit", start_inference_job._parse_response, self.client, JobId)(
                    response
                ).job_id
            )

        return Operation(
            name="submit job",
            kind=RequestKind.CREATE,
            prepare=prepare,
            parse=parse,
            retryable=all(
                f.path is not None or f.start is not None or isinstance(f.data, bytes)
                for f in files
            ),
        )


def source_result_from_dict(data: Mapping[str, Any]) -> SourcePredictResult:
    """One element of a predictions body as the generated model (slow: for ``to_model()``)."""
    return SourcePredictResult.from_dict(data)


def _open(upload: UploadFile, stack: ExitStack) -> File:
    """The upload as a generated `File`, streamed from disk (never read whole into memory)."""
    payload: Any
    if upload.path is not None:
        payload = stack.enter_context(upload.path.open("rb"))
    elif isinstance(upload.data, bytes):
        payload = upload.data
    else:
        payload = upload.data
        if upload.start is not None and payload is not None:
            payload.seek(upload.start)
    return File(payload=payload, file_name=upload.filename, mime_type=upload.content_type)


# --------------------------------------------------------------------------- responses → errors


def _request_id(response: httpx.Response) -> str | None:
    for name in ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-cf-id"):
        if name in response.headers:
            return response.headers[name]
    return None


def _snippet(response: httpx.Response, size: int = 300) -> str:
    try:
        text = response.content[: size * 4].decode("utf-8", errors="replace")
    except httpx.ResponseNotRead:
        return ""
    return " ".join(text.split())[:size]


def _server_message(body: object) -> str | None:
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, str):
            return message
        fault = body.get("fault")
        if isinstance(fault, dict) and isinstance(fault.get("faultstring"), str):
            return str(fault["faultstring"])
        for key in ("detail", "error"):
            if isinstance(body.get(key), str):
                return str(body[key])
    return None


_ADVICE = {
    BadRequestError: "Fix the request and try again.",
    PayloadTooLargeError: "Each uploaded file must be at most 100 MB; host large media and pass "
    "its URL in urls= instead.",
    AuthenticationError: "Check your API key (HUME_API_KEY or Client(api_key=...)).",
    NotFoundError: "No job with this id exists for this API key; list jobs with client.jobs().",
    RateLimitError: "You are rate limited; wait and try again, or lower concurrency.",
    ServerError: "The server failed; humebatch already retried where safe. Try again later.",
    UnexpectedResponseError: "The API does not document this answer; check base_url "
    "(HUME_BASE_URL) and any proxy in between.",
}


def _error_class(status: int) -> type[APIError]:
    if status == 413:
        return PayloadTooLargeError
    if status in (400, 409, 422):
        return BadRequestError
    if status in (401, 403):
        return AuthenticationError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return UnexpectedResponseError


def error_from_response(name: str, response: httpx.Response, *, attempts: int = 1) -> APIError:
    """Our error for a non-2xx response, whatever its body (JSON, HTML, nothing)."""
    status = response.status_code
    cls = _error_class(status)
    body: object
    try:
        body = orjson.loads(response.content)
        server_message = _server_message(body)
    except (orjson.JSONDecodeError, httpx.ResponseNotRead):
        body = _snippet(response)
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        server_message = None
        described = f"a non-JSON body ({kind})" + (f": {body[:120]!r}" if body else "")
    if server_message is not None:
        described = repr(server_message)
    elif isinstance(body, dict | list):
        described = "a JSON body without a message"
    tried = f" (after {attempts} attempts)" if attempts > 1 else ""
    message = f"{name} failed with HTTP {status}{tried}: {described}. {_ADVICE[cls]}"
    extra: dict[str, Any] = {}
    if cls in (RateLimitError, ServerError):
        extra["retry_after"] = parse_retry_after(response.headers, now=time.time(), limit=3600.0)
    return cls(
        message,
        status=status,
        server_message=server_message,
        body=body,
        request_id=_request_id(response),
        method=response.request.method,
        url=response.request.url.path,
        **extra,
    )


def _classify(exc: httpx.TransportError) -> Failure:
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.CONNECT
    if isinstance(exc, httpx.TimeoutException):
        return Failure.TIMEOUT
    return Failure.DROPPED


def _connection_error(name: str, exc: httpx.TransportError, attempts: int) -> HumeBatchError:
    tried = f" after {attempts} attempts" if attempts > 1 else ""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"{name} timed out{tried} ({type(exc).__name__}). Check the network, or raise "
            "Client(timeout=...)."
        )
    return APIConnectionError(
        f"{name} could not reach the server{tried}: {type(exc).__name__}: {exc}. Check the "
        "network and base_url (HUME_BASE_URL)."
    )


def _ambiguous(
    name: str, cause: str, sent_at_ms: int, status: int | None = None
) -> AmbiguousSubmitError:
    return AmbiguousSubmitError(
        f"{name}: {cause} after the request may have reached the server, so the job may or may "
        "not have been created. It was not retried, to avoid a duplicate job. Check for it with "
        f"client.jobs(when='created_after', timestamp_ms={sent_at_ms - 1}) before submitting "
        "again.",
        status=status,
        sent_at_ms=sent_at_ms,
    )


def _redact(error: HumeBatchError, key: ApiKey) -> HumeBatchError:
    """Mask the key wherever a server echoed it back into an error (message, body)."""
    secret = key.reveal()

    def scrub(value: object) -> object:
        return mask_secret(value, secret) if isinstance(value, str) else value

    error.message = str(scrub(error.message))
    error.args = tuple(scrub(a) for a in error.args)
    if isinstance(error, APIError):
        error.server_message = scrub(error.server_message)  # type: ignore[assignment]
        if isinstance(error.body, str):
            error.body = scrub(error.body)
        elif error.body is not None and mask_secret(repr(error.body), secret) != repr(error.body):
            error.body = "<body withheld: it contained the API key>"
    return error


# --------------------------------------------------------------------------- attempts


@dataclass(frozen=True)
class _Wait:
    seconds: float


@dataclass(frozen=True)
class _Return(Generic[T]):
    value: T


@dataclass(frozen=True)
class _Fail:
    error: HumeBatchError


class _Attempts(Generic[T]):
    """The attempt loop's decisions for one operation, shared by the sync and async drivers."""

    def __init__(self, op: Operation[T], policy: RetryPolicy) -> None:
        self.op = op
        self.policy = policy if op.retryable else replace(policy, max_retries=0)
        self.attempt = 0
        self.started = time.monotonic()
        self.sent_at_ms = 0

    def begin(self) -> None:
        self.attempt += 1
        self.sent_at_ms = int(time.time() * 1000)

    def _decide(self, **outcome: Any) -> Decision:
        return self.policy.decide(
            attempt=self.attempt,
            kind=self.op.kind,
            elapsed=time.monotonic() - self.started,
            now=time.time(),
            **outcome,
        )

    def after_response(self, response: httpx.Response) -> _Wait | _Return[T] | _Fail:
        method, path = response.request.method, response.request.url.path
        logger.debug("%s %s -> %d (attempt %d)", method, path, response.status_code, self.attempt)
        if response.is_success:
            try:
                return _Return(self.op.parse(response))
            except HumeBatchError as exc:
                return _Fail(exc)
        decision = self._decide(status=response.status_code, headers=response.headers)
        if decision.retry:
            status, delay = response.status_code, decision.delay
            logger.info("%s: HTTP %d, retrying in %.2f s", self.op.name, status, delay)
            return _Wait(decision.delay)
        if decision.ambiguous:
            cause = f"HTTP {response.status_code} ({_snippet(response, 120)!r})"
            return _Fail(_ambiguous(self.op.name, cause, self.sent_at_ms, response.status_code))
        return _Fail(error_from_response(self.op.name, response, attempts=self.attempt))

    def after_exception(self, exc: httpx.TransportError) -> _Wait | _Fail:
        failure = _classify(exc)
        logger.debug("%s: %s (attempt %d)", self.op.name, type(exc).__name__, self.attempt)
        decision = self._decide(failure=failure)
        if decision.retry:
            logger.info(
                "%s: %s, retrying in %.2f s", self.op.name, type(exc).__name__, decision.delay
            )
            return _Wait(decision.delay)
        if decision.ambiguous:
            cause = f"{type(exc).__name__} ({failure.value})"
            return _Fail(_ambiguous(self.op.name, cause, self.sent_at_ms))
        return _Fail(_connection_error(self.op.name, exc, self.attempt))


# --------------------------------------------------------------------------- drivers


class SyncTransport:
    """Runs operations with blocking I/O (one httpx.Client, thread-safe)."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.client = settings.generated_client(transport)
        self.ops = Operations(self.client)
        self.policy = policy or RetryPolicy(max_retries=settings.max_retries)
        self._http = self.client.get_httpx_client()
        _detach_key(self._http, settings.api_key)

    def run(self, op: Operation[T]) -> T:
        """Send ``op``, retrying per the policy; return its result or raise our error."""
        attempts: _Attempts[T] = _Attempts(op, self.policy)
        while True:
            attempts.begin()
            step: _Wait | _Return[T] | _Fail
            with ExitStack() as stack:
                try:
                    response = self._send(op, op.prepare(stack))
                except httpx.TransportError as exc:
                    step = attempts.after_exception(exc)
                else:
                    step = attempts.after_response(response)
            if isinstance(step, _Return):
                return step.value
            if isinstance(step, _Fail):
                raise _redact(step.error, self.settings.api_key)
            time.sleep(step.seconds)

    def _send(self, op: Operation[T], kwargs: dict[str, Any]) -> httpx.Response:
        if op.dest is None:
            return self._http.request(**kwargs)
        with self._http.stream(**kwargs) as response:
            if not response.is_success:
                response.read()
                return response
            with atomic_write_bytes(op.dest) as out:
                for chunk in response.iter_bytes(_CHUNK):
                    out.write(chunk)
            return response

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()


class AsyncTransport:
    """Runs operations with asyncio (one httpx.AsyncClient)."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.client = settings.generated_client(transport)
        self.ops = Operations(self.client)
        self.policy = policy or RetryPolicy(max_retries=settings.max_retries)
        self._http = self.client.get_async_httpx_client()
        _detach_key(self._http, settings.api_key)

    async def run(self, op: Operation[T]) -> T:
        """Send ``op``, retrying per the policy; return its result or raise our error."""
        attempts: _Attempts[T] = _Attempts(op, self.policy)
        while True:
            attempts.begin()
            step: _Wait | _Return[T] | _Fail
            with ExitStack() as stack:
                try:
                    response = await self._send(op, op.prepare(stack))
                except httpx.TransportError as exc:
                    step = attempts.after_exception(exc)
                else:
                    step = attempts.after_response(response)
            if isinstance(step, _Return):
                return step.value
            if isinstance(step, _Fail):
                raise _redact(step.error, self.settings.api_key)
            await asyncio.sleep(step.seconds)

    async def _send(self, op: Operation[T], kwargs: dict[str, Any]) -> httpx.Response:
        if op.dest is None:
            return await self._http.request(**kwargs)
        async with self._http.stream(**kwargs) as response:
            if not response.is_success:
                await response.aread()
                return response
            with atomic_write_bytes(op.dest) as out:
                async for chunk in response.aiter_bytes(_CHUNK):
                    out.write(chunk)
            return response

    async def close(self) -> None:
        """Close the connection pool."""
        with contextlib.suppress(RuntimeError):
            await self._http.aclose()
