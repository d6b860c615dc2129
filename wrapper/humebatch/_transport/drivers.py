"""The drivers: run an `Operation` under the retry policy, blocking or with asyncio.

One attempt state machine (`_Attempts`) makes every decision; the two drivers (`SyncTransport`,
`AsyncTransport`) only send and sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

import httpx

from .._atomic import atomic_write_bytes
from .._options import NO_OPTIONS, NOT_GIVEN, NotGiven, RequestOptions
from .._redact import BodyMasker
from ..errors import HumeBatchError
from ..retries import Decision, RequestKind, RetryPolicy
from .errormap import (
    ambiguous,
    classify,
    connection_error,
    error_from_response,
    redact,
    snippet,
)
from .operations import Operation, Operations, generated_client
from .settings import USER_AGENT, KeyAuth, Settings

logger = logging.getLogger("humebatch")

T = TypeVar("T")


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
            cause = f"HTTP {response.status_code} ({snippet(response, 120)!r})"
            return _Fail(ambiguous(self.op.name, cause, self.sent_at_ms, response.status_code))
        return _Fail(error_from_response(self.op.name, response, attempts=self.attempt))

    def after_exception(self, exc: httpx.TransportError) -> _Wait | _Fail:
        failure = classify(exc)
        logger.debug("%s: %s (attempt %d)", self.op.name, type(exc).__name__, self.attempt)
        decision = self._decide(failure=failure)
        if decision.retry:
            logger.info(
                "%s: %s, retrying in %.2f s", self.op.name, type(exc).__name__, decision.delay
            )
            return _Wait(decision.delay)
        if decision.ambiguous:
            cause = f"{type(exc).__name__} ({failure.value})"
            error = ambiguous(self.op.name, cause, self.sent_at_ms)
            error.__cause__ = exc  # raised later, outside the except block
            return _Fail(error)
        return _Fail(connection_error(self.op.name, exc, self.attempt))


# --------------------------------------------------------------------------- drivers


@contextlib.contextmanager
def _sink(dest: Path | IO[bytes]) -> Iterator[IO[bytes]]:
    """Where a streamed body goes: a file written atomically, or an open file from its start."""
    if isinstance(dest, Path):
        with atomic_write_bytes(dest) as out:
            yield out
    else:
        dest.seek(0)
        dest.truncate()
        yield dest


def whole_request_limit(timeout: httpx.Timeout) -> float | None:
    """How long one request may take as a whole: its longest phase limit (None: no limit).

    httpx's limits apply per phase and per read, so a body trickling a byte at a time would
    never end; this one bounds the whole answer.
    """
    if timeout.read is None:
        return None
    phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    return max(limit for limit in phases if limit is not None)


class _Receiver:
    """The body of one response as it arrives: the key masked, the whole-request limit kept.

    The key is masked here, once, so that no server string (job records, messages, error
    bodies, predictions) holds it anywhere after: not in errors, files, manifests or output.
    A chunk's tail that may begin the key is held back until the next chunk, so that a key
    split across two chunks is masked too; a chunk without one passes on uncopied.
    """

    def __init__(self, secret: str, deadline: float | None, request: httpx.Request) -> None:
        self._masker = BodyMasker(secret)
        self._carry = b""
        self._deadline = deadline
        self._request = request

    def feed(self, chunk: bytes) -> bytes:
        self.check()
        data = self._masker.mask(self._carry + chunk if self._carry else chunk)
        cut = self._masker.held_from(data)
        if cut == len(data):
            self._carry = b""
            return data
        self._carry = data[cut:]
        return data[:cut]

    def end(self) -> bytes:
        rest, self._carry = self._carry, b""
        return rest

    def check(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise httpx.ReadTimeout(
                "the whole response took longer than the timeout", request=self._request
            )

    def read_all(self, chunks: Iterator[bytes]) -> bytes:
        return b"".join([*(self.feed(chunk) for chunk in chunks), self.end()])


ResponseHook = Callable[[httpx.Response], object]
"""Called with every raw ``httpx.Response`` (each attempt), e.g. to read status and headers."""

HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)
_D = TypeVar("_D", bound="_Driver[Any]")


class _Driver(Generic[HttpClient]):
    """What both drivers share: settings, the pool, and each request's arguments.

    The pool carries no configuration of ours: the URL, headers, key, timeout and redirect rule
    go on each request, so a client of the user's own (``http_client=``) is used unmodified and
    `derive` copies can share one pool with other settings.
    """

    def __init__(
        self,
        settings: Settings,
        http: HttpClient,
        *,
        owns_http: bool,
        policy: RetryPolicy | None,
        on_response: ResponseHook | None,
    ) -> None:
        self._http: HttpClient = http
        self._owns_http = owns_http
        self._configure(settings, policy, on_response)

    def _configure(
        self, settings: Settings, policy: RetryPolicy | None, on_response: ResponseHook | None
    ) -> None:
        self.settings = settings
        self.client = generated_client(settings)  # parses 2xx bodies; never sends
        self.ops = Operations(self.client)
        self.policy = policy or RetryPolicy(max_retries=settings.max_retries)
        self.on_response = on_response
        self._auth = KeyAuth(settings.api_key)
        self._headers = {"User-Agent": USER_AGENT, **settings.headers}

    def _arguments(self, kwargs: dict[str, Any], options: RequestOptions) -> dict[str, Any]:
        arguments = {
            **kwargs,
            "url": self.settings.base_url + kwargs["url"],
            "headers": {**self._headers, **kwargs.get("headers", {})},
            "timeout": self.settings.timeout,
            "auth": self._auth,
            "follow_redirects": False,  # never forward the key to wherever a redirect points
        }
        return options.apply(arguments)

    def _receiver(
        self, op: Operation[Any], kwargs: dict[str, Any], started: float
    ) -> Callable[[httpx.Response], _Receiver]:
        """A `_Receiver` factory for this request (called once its headers have arrived).

        An upload's time is not counted: its limit starts at the answer's headers.
        """
        limit = whole_request_limit(kwargs["timeout"])

        def make(response: httpx.Response) -> _Receiver:
            begin = time.monotonic() if op.kind is RequestKind.CREATE else started
            deadline = None if limit is None else begin + limit
            receiver = _Receiver(self.settings.api_key.reveal(), deadline, response.request)
            receiver.check()
            return receiver

        return make

    def _seen(self, response: httpx.Response) -> None:
        if self.on_response is not None:
            self.on_response(response)

    def derive(
        self: _D,
        settings: Settings,
        policy: RetryPolicy | None = None,
        on_response: ResponseHook | NotGiven | None = NOT_GIVEN,
    ) -> _D:
        """A transport with other settings on the same pool (which it never closes)."""
        if policy is None and settings.max_retries == self.settings.max_retries:
            policy = self.policy
        hook = self.on_response if isinstance(on_response, NotGiven) else on_response
        clone = copy.copy(self)
        clone._configure(settings, policy, hook)
        clone._owns_http = False
        return clone


class SyncTransport(_Driver[httpx.Client]):
    """Runs operations with blocking I/O (one httpx.Client, thread-safe)."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        *,
        http_client: httpx.Client | None = None,
        on_response: ResponseHook | None = None,
        owns_http: bool | None = None,
    ) -> None:
        http = http_client if http_client is not None else httpx.Client(transport=transport)
        super().__init__(
            settings,
            http,
            owns_http=http_client is None if owns_http is None else owns_http,
            policy=policy,
            on_response=on_response,
        )

    def run(self, op: Operation[T], options: RequestOptions = NO_OPTIONS) -> T:
        """Send ``op``, retrying per the policy; return its result or raise our error."""
        attempts: _Attempts[T] = _Attempts(op, self.policy)
        while True:
            attempts.begin()
            step: _Wait | _Return[T] | _Fail
            with ExitStack() as stack:
                try:
                    response = self._send(op, self._arguments(op.prepare(stack), options))
                except httpx.TransportError as exc:
                    step = attempts.after_exception(exc)
                else:
                    self._seen(response)
                    step = attempts.after_response(response)
            if isinstance(step, _Return):
                return step.value
            if isinstance(step, _Fail):
                raise redact(step.error, self.settings.api_key)
            time.sleep(step.seconds)

    def _send(self, op: Operation[T], kwargs: dict[str, Any]) -> httpx.Response:
        receiver = self._receiver(op, kwargs, time.monotonic())
        with self._http.stream(**kwargs) as response:
            body = receiver(response)
            if op.dest is None or not response.is_success:
                response._content = body.read_all(response.iter_bytes())
                return response
            with _sink(op.dest) as out:
                for chunk in response.iter_bytes():
                    out.write(body.feed(chunk))
                out.write(body.end())
            return response

    def close(self) -> None:
        """Close the connection pool, unless it is the user's own or shared from another."""
        if self._owns_http:
            self._http.close()


async def _fed(body: _Receiver, response: httpx.Response) -> AsyncIterator[bytes]:
    async for chunk in response.aiter_bytes():
        yield body.feed(chunk)


class AsyncTransport(_Driver[httpx.AsyncClient]):
    """Runs operations with asyncio (one httpx.AsyncClient)."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        on_response: ResponseHook | None = None,
        owns_http: bool | None = None,
    ) -> None:
        http = http_client if http_client is not None else httpx.AsyncClient(transport=transport)
        super().__init__(
            settings,
            http,
            owns_http=http_client is None if owns_http is None else owns_http,
            policy=policy,
            on_response=on_response,
        )

    async def run(self, op: Operation[T], options: RequestOptions = NO_OPTIONS) -> T:
        """Send ``op``, retrying per the policy; return its result or raise our error."""
        attempts: _Attempts[T] = _Attempts(op, self.policy)
        while True:
            attempts.begin()
            step: _Wait | _Return[T] | _Fail
            with ExitStack() as stack:
                try:
                    response = await self._send(op, self._arguments(op.prepare(stack), options))
                except httpx.TransportError as exc:
                    step = attempts.after_exception(exc)
                else:
                    self._seen(response)
                    step = attempts.after_response(response)
            if isinstance(step, _Return):
                return step.value
            if isinstance(step, _Fail):
                raise redact(step.error, self.settings.api_key)
            await asyncio.sleep(step.seconds)

    async def _send(self, op: Operation[T], kwargs: dict[str, Any]) -> httpx.Response:
        receiver = self._receiver(op, kwargs, time.monotonic())
        async with self._http.stream(**kwargs) as response:
            body = receiver(response)
            if op.dest is None or not response.is_success:
                response._content = b"".join([c async for c in _fed(body, response)] + [body.end()])
                return response
            with _sink(op.dest) as out:
                async for chunk in _fed(body, response):
                    out.write(chunk)
                out.write(body.end())
            return response

    async def close(self) -> None:
        """Close the connection pool, unless it is the user's own or shared from another."""
        if self._owns_http:
            with contextlib.suppress(RuntimeError):
                await self._http.aclose()
