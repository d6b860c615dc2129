"""One error hierarchy for everything humebatch raises.

Every message says what went wrong and what to do next. The API key never appears in any of them.
Like httpx's and openai's errors: an `APIError` carries ``status_code``, the ``response`` (its body
already read), ``request_id``; an error caused by an httpx exception has it as ``__cause__``; and
every error survives ``pickle`` (multiprocessing, task queues), attributes included.

    HumeBatchError
    ├── APIError                  the server answered with an error (status, message, body)
    │   ├── BadRequestError       400/422: fix the request
    │   │   └── PayloadTooLargeError  413: a file over the server's limit
    │   ├── AuthenticationError   401/403: check HUME_API_KEY
    │   ├── NotFoundError         404: no such job for this key
    │   ├── RateLimitError        429: wait `retry_after` seconds
    │   ├── ServerError           5xx: retry later
    │   └── UnexpectedResponseError  a status or body the API does not document
    ├── APIConnectionError        no response (DNS, refused, reset)
    │   └── APITimeoutError
    ├── AmbiguousSubmitError      a job-creating POST failed after it may have reached the server
    ├── JobFailed                 the job ended FAILED
    ├── JobTimeout                waiting gave up; the job keeps running
    ├── WaitAllError              some jobs of `wait_all` failed (results of the others included)
    ├── PredictionsFormatError    a predictions body is malformed (names the JSON path)
    └── InvalidInput              rejected before any request was sent (also a ValueError)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hume_batch_contract import ENUMS

if TYPE_CHECKING:
    import httpx

    from ._transport import InferenceJob

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AmbiguousSubmitError",
    "AuthenticationError",
    "BadRequestError",
    "HumeBatchError",
    "InvalidInput",
    "JobFailed",
    "JobTimeout",
    "NotFoundError",
    "PayloadTooLargeError",
    "PredictionsFormatError",
    "RateLimitError",
    "ServerError",
    "UnexpectedResponseError",
    "WaitAllError",
]


def describe_status(status: str) -> str:
    """The status as shown to people: one the spec does not list is marked as such."""
    if status in ENUMS["Status"]:
        return status
    return f"{status} (a status humebatch does not know; treated as not finished)"


class HumeBatchError(Exception):
    """Root of every error humebatch raises: ``except HumeBatchError`` catches them all."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's default pickling calls cls(*args), which breaks on keyword-only and extra
        # required arguments; rebuild from args without __init__, then restore the attributes.
        return (_rebuild, (type(self), self.args), self.__dict__)


def _rebuild(cls: type[HumeBatchError], args: tuple[Any, ...]) -> HumeBatchError:
    error = cls.__new__(cls, *args)
    error.args = args
    return error


class APIError(HumeBatchError):
    """The server answered with a non-success status (or an unusable body).

    Attributes:
        status_code: HTTP status code of the answer.
        response: The ``httpx.Response`` (body already read; None when built by hand).
        message: What went wrong and what to do next.
        server_message: The server's own message, when the body carried one.
        body: The decoded JSON body, or the raw text (truncated) when it was not JSON.
        request_id: The server's request id header, if any (quote it when asking for support).
        method, url: The request that failed (the URL never carries the key).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        response: httpx.Response | None = None,
        server_message: str | None = None,
        body: object = None,
        request_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        code = status_code if status_code is not None else status
        if code is None:
            code = response.status_code if response is not None else 0
        self.status_code = code
        self.response = response
        self.server_message = server_message
        self.body = body
        self.request_id = request_id
        self.method = method
        self.url = url

    @property
    def status(self) -> int:
        """Alias of ``status_code`` (kept for code written against humebatch 0.1)."""
        return self.status_code

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"


class BadRequestError(APIError):
    """400/422: the server rejected the request; fix it before retrying."""


class PayloadTooLargeError(BadRequestError):
    """413: an uploaded file or the whole request is over the server's limit (100 MB per file)."""


class AuthenticationError(APIError):
    """401/403: the API key is missing, invalid or not allowed to do this."""


class NotFoundError(APIError):
    """404: no such job for this API key."""


class RateLimitError(APIError):
    """429: too many requests. ``retry_after`` is the server's hint in seconds (None if absent)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the server or a gateway failed. Reads were already retried; try again later."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class UnexpectedResponseError(APIError):
    """The server answered with a status or a body the API does not document.

    Examples: an HTML page from a proxy, a truncated or malformed JSON body on a 200.
    """


class APIConnectionError(HumeBatchError):
    """No usable response: DNS failure, connection refused or reset, TLS error."""


class APITimeoutError(APIConnectionError):
    """The request timed out (raise ``timeout=`` on the client for slow networks)."""


class AmbiguousSubmitError(HumeBatchError):
    """A job-creating POST failed after the request may have reached the server.

    The job may or may not exist. It is never retried automatically, since a retry could create a
    duplicate job (the API has no idempotency key). List recent jobs with ``client.jobs()`` and
    check for it before submitting again.

    Attributes:
        status_code: The HTTP status, if a response arrived (None for a timeout or a dropped
            connection).
        sent_at_ms: Unix time (ms) just before the request was sent: the job, if it exists, was
            created after it (``client.jobs(when="created_after", timestamp_ms=sent_at_ms - 1)``).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        sent_at_ms: int | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code if status_code is not None else status
        self.sent_at_ms = sent_at_ms

    @property
    def status(self) -> int | None:
        """Alias of ``status_code`` (kept for code written against humebatch 0.1)."""
        return self.status_code


class JobFailed(HumeBatchError):
    """The job ended in state FAILED. ``server_message`` is the server's reason."""

    def __init__(
        self, job_id: str, server_message: str | None, details: InferenceJob | None = None
    ) -> None:
        reason = server_message or "no reason given by the server"
        super().__init__(
            f"Job {job_id} failed: {reason}. Fix the inputs or configuration and submit a new job."
        )
        self.job_id = job_id
        self.server_message = server_message
        self.details = details


class JobTimeout(HumeBatchError):
    """Waiting gave up after ``timeout`` seconds; the job itself keeps running on the server."""

    def __init__(
        self,
        job_id: str,
        timeout: float,
        last_status: str | None = None,
        details: InferenceJob | None = None,
    ) -> None:
        status = f" (last status: {describe_status(last_status)})" if last_status else ""
        super().__init__(
            f"Job {job_id} did not finish within {timeout:g} s{status}. The job keeps running on "
            f"the server; resume waiting with client.get_job({job_id!r}).wait()."
        )
        self.job_id = job_id
        self.timeout = timeout
        self.last_status = last_status
        self.details = details


class WaitAllError(HumeBatchError):
    """Some jobs of ``wait_all`` did not complete; the others' results are kept.

    Attributes:
        results: One entry per job, in input order: the final details, or the exception.
        errors: Job id → exception, for the jobs that failed, timed out or could not be polled.
    """

    def __init__(
        self,
        results: Sequence[InferenceJob | HumeBatchError],
        errors: Mapping[str, HumeBatchError],
    ) -> None:
        first = next(iter(errors.items()), None)
        detail = f"; first: {first[0]}: {first[1]}" if first else ""
        super().__init__(
            f"{len(errors)} of {len(results)} jobs did not complete{detail}. "
            "Inspect .errors and .results, or pass return_exceptions=True."
        )
        self.results = list(results)
        self.errors = dict(errors)


class PredictionsFormatError(HumeBatchError, ValueError):
    """The predictions body is not shaped like a list of ``SourcePredictResult``.

    Also raised by `Predictions.from_path` for a file or folder that holds no predictions
    (empty, or something else), named by ``source``.

    Attributes:
        path: JSON path of the offending field (``$`` is the whole body).
        problem: What was wrong there.
        source: The file or folder read, for results read from disk (else None).
    """

    def __init__(self, path: str, problem: str, *, source: str | None = None) -> None:
        if source is None:
            message = (
                f"Malformed predictions at {path}: {problem}. The body does not match the API's "
                "predictions schema; if it came from the API, please report it with this path."
            )
        else:  # results on disk that are not predictions: say what the file holds instead
            message = (
                f"{source} holds no predictions humebatch can read: {problem}. Pass a body "
                "(humebatch predictions JOB --raw), a run folder or one input's JSON in it, an "
                "artifacts zip, or the output of humebatch predictions --format json/jsonl."
            )
        super().__init__(message)
        self.path = path
        self.problem = problem
        self.source = source


class InvalidInput(HumeBatchError, ValueError):
    """The input was rejected before any request was sent; the message says how to fix it."""
