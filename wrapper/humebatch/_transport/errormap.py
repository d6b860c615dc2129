"""Error mapping: every non-2xx answer, unusable body and transport failure becomes our error."""

from __future__ import annotations

import copy
import socket
import time
from typing import Any

import httpx
import orjson
from hume_batch_contract import MAX_FILE_BYTES

from .._redact import MASK, mask_secret
from ..errors import (
    AmbiguousSubmitError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    HumeBatchError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from ..retries import Failure, parse_retry_after
from .settings import API_KEY_HEADER, ApiKey


def request_id(response: httpx.Response) -> str | None:
    """The server's request id, under whichever header the gateway uses."""
    for name in ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-cf-id"):
        if name in response.headers:
            return response.headers[name]
    return None


def snippet(response: httpx.Response, size: int = 300) -> str:
    """The start of the body on one line (empty when it was streamed, not read)."""
    try:
        text = response.content[: size * 4].decode("utf-8", errors="replace")
    except httpx.ResponseNotRead:
        return ""
    return " ".join(text.split())[:size]


def unexpected(name: str, response: httpx.Response, problem: str) -> UnexpectedResponseError:
    """A 2xx answer whose body we cannot use."""
    return UnexpectedResponseError(
        f"{name}: the server answered HTTP {response.status_code} with {problem}. This usually "
        "means a proxy or a wrong base_url (HUME_BASE_URL); check it and try again.",
        status_code=response.status_code,
        response=response,
        body=snippet(response),
        request_id=request_id(response),
        method=response.request.method,
        url=response.request.url.path,
    )


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
    PayloadTooLargeError: f"Each uploaded file must be at most {MAX_FILE_BYTES / 2**20:g} MB; "
    "host large media and pass its URL in urls= instead.",
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
        body = snippet(response)
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        server_message = None
        described = f"a non-JSON body ({kind})" + (f": {body[:120]!r}" if body else "")
    if server_message is not None:
        described = repr(server_message)
    elif isinstance(body, dict | list):
        described = "a JSON body without a message"
    tried = f" (after {_attempts(attempts)})" if attempts > 1 else ""
    message = f"{name} failed with HTTP {status}{tried}: {described}. {_ADVICE[cls]}"
    extra: dict[str, Any] = {}
    if cls in (RateLimitError, ServerError):
        extra["retry_after"] = parse_retry_after(response.headers, now=time.time(), limit=3600.0)
    return cls(
        message,
        status_code=status,
        response=response,
        server_message=server_message,
        body=body,
        request_id=request_id(response),
        method=response.request.method,
        url=response.request.url.path,
        **extra,
    )


def classify(exc: httpx.TransportError) -> Failure:
    """The retry policy's name for a transport failure."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.CONNECT
    if isinstance(exc, httpx.TimeoutException):
        return Failure.TIMEOUT
    return Failure.DROPPED


def _attempts(count: int) -> str:
    """`3 attempts`: errors of retried requests say how many were sent, the same way."""
    return f"{count} attempt{'s' * (count != 1)}"


def _origin(exc: httpx.TransportError) -> str:
    """`` at http://host:port`` of the failed request ('' when httpx does not know it)."""
    try:
        url = exc.request.url
    except RuntimeError:  # raised by httpx when the error has no request
        return ""
    port = f":{url.port}" if url.port is not None else ""
    return f" at {url.scheme}://{url.host}{port}"  # never userinfo


def _reason(exc: httpx.TransportError) -> str:
    """What went wrong in words: "connection refused" rather than httpx's "All connection
    attempts failed" (the OS error is further down the chain of causes)."""
    text = f"{type(exc).__name__}: {exc or 'no details'}"
    seen: BaseException | None = exc
    for _ in range(8):  # bounded: a chain of causes is short
        seen = seen.__cause__ or seen.__context__ if seen is not None else None
        if isinstance(seen, ConnectionRefusedError):
            return f"connection refused (nothing listens there; {text})"
        if isinstance(seen, socket.gaierror):
            return f"the host name does not resolve ({text})"
    return text


def connection_error(name: str, exc: httpx.TransportError, attempts: int) -> HumeBatchError:
    """Our error for a transport failure that is not retried (any more); ``exc`` is its cause."""
    tried = f" after {_attempts(attempts)}" if attempts > 1 else ""
    where = _origin(exc)
    error: HumeBatchError
    if isinstance(exc, httpx.TimeoutException):
        error = APITimeoutError(
            f"{name} timed out{where}{tried} ({type(exc).__name__}). Check the network, or "
            "raise Client(timeout=...)."
        )
    else:
        error = APIConnectionError(
            f"{name} could not reach the server{where}{tried}: {_reason(exc)}. Check the "
            "network and base_url (HUME_BASE_URL)."
        )
    # Raised later, outside the except block: chain the httpx exception by hand.
    error.__cause__ = exc
    return error


def ambiguous(
    name: str, cause: str, sent_at_ms: int, status: int | None = None
) -> AmbiguousSubmitError:
    """A submit that may or may not have created a job."""
    return AmbiguousSubmitError(
        f"{name}: {cause} after the request may have reached the server, so the job may or may "
        "not have been created. It was not retried, to avoid a duplicate job. Check for it with "
        f"client.jobs(when='created_after', timestamp_ms={sent_at_ms - 1}) before submitting "
        "again.",
        status_code=status,
        sent_at_ms=sent_at_ms,
    )


def _masked_request(sent: httpx.Request) -> httpx.Request:
    """A copy of ``sent`` whose headers carry no key (its body is not kept)."""
    headers = httpx.Headers(sent.headers)
    if API_KEY_HEADER in headers:
        headers[API_KEY_HEADER] = MASK
    return httpx.Request(sent.method, sent.url, headers=headers, extensions=sent.extensions)


def _without_key(response: httpx.Response, secret: str) -> httpx.Response:
    """A copy of a (read) response whose request carries no key, nor its headers.

    The error outlives the call (logs, pickles, task queues); the original response, which
    hooks may hold, is left as it is.
    """
    kept = copy.copy(response)  # shares the read body (and its decoding) with the original
    kept.request = _masked_request(response.request)
    kept.headers = httpx.Headers(
        [(name, mask_secret(value, secret)) for name, value in response.headers.items()]
    )
    return kept


def _scrub_causes(error: BaseException) -> None:
    """Mask the key in the httpx requests of chained exceptions (``err.__cause__.request``)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, httpx.RequestError):
            try:
                sent = cause.request
            except RuntimeError:  # raised without a request
                sent = None
            if sent is not None:
                cause.request = _masked_request(sent)
        cause = cause.__cause__ or cause.__context__


def redact(error: HumeBatchError, key: ApiKey) -> HumeBatchError:
    """Mask the key wherever it could still be in an error: texts, causes, a kept response.

    Bodies were masked as they arrived (`drivers._Receiver`); this covers what is not a body.
    """
    secret = key.reveal()

    def scrub(value: object) -> object:
        return mask_secret(value, secret) if isinstance(value, str) else value

    error.message = str(scrub(error.message))
    error.args = tuple(scrub(a) for a in error.args)
    _scrub_causes(error)
    if isinstance(error, APIError):
        if error.response is not None:
            error.response = _without_key(error.response, secret)
        error.server_message = scrub(error.server_message)  # type: ignore[assignment]
        error.request_id = scrub(error.request_id)  # type: ignore[assignment]
        if isinstance(error.body, str):
            error.body = scrub(error.body)
        elif error.body is not None and mask_secret(repr(error.body), secret) != repr(error.body):
            error.body = "<body withheld: it contained the API key>"
    return error
