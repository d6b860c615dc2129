"""The retry policy: a pure decision, no I/O.

`RetryPolicy.decide` answers "retry after how many seconds, or stop?" from the attempt number, the
kind of request, what went wrong (a status or a failure kind), the response headers and the time
spent so far. The sync and async drivers in ``_transport`` only execute its answers
(``time.sleep`` / ``asyncio.sleep``), in the style of tenacity's ``BaseRetrying.iter``.

Example::

    policy = RetryPolicy(max_retries=2)
    d = policy.decide(attempt=1, kind=RequestKind.READ, status=503, headers={"retry-after": "2"})
    assert d.retry and d.delay == 2.0
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

__all__ = [
    "Decision",
    "Failure",
    "RequestKind",
    "RetryPolicy",
    "parse_retry_after",
]

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


class RequestKind(enum.Enum):
    """What a retry could do to the server."""

    READ = "read"
    """Idempotent (GET): safe to repeat."""
    CREATE = "create"
    """Creates a job (POST): repeating it after it reached the server may create a duplicate."""


class Failure(enum.Enum):
    """Why no response arrived."""

    CONNECT = "connect"
    """The connection was never established: the request was provably not sent."""
    TIMEOUT = "timeout"
    """Sending or reading timed out: the server may have received the request."""
    DROPPED = "dropped"
    """The connection broke mid-request or mid-response: the server may have received it."""


@dataclass(frozen=True)
class Decision:
    """Retry after ``delay`` seconds, or stop.

    ``ambiguous`` is set when stopping on a job-creating request that may have reached the server:
    the caller must raise `AmbiguousSubmitError` rather than the plain error.
    """

    retry: bool
    delay: float = 0.0
    ambiguous: bool = False
    reason: str = ""


def parse_retry_after(headers: Mapping[str, str], *, now: float, limit: float) -> float | None:
    """The server's wait hint in seconds, or None if absent or absurd.

    Reads ``retry-after-ms`` (milliseconds), then ``Retry-After`` as seconds (fractional allowed)
    or an HTTP date (relative to ``now``, Unix seconds). Negative, non-finite or values above
    ``limit`` are ignored (a broken proxy must not park a client for a day).
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    value: float | None = None
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms is not None:
        try:
            value = float(raw_ms) / 1000.0
        except ValueError:
            value = None
    if value is None and (raw := lowered.get("retry-after")) is not None:
        try:
            value = float(raw)
        except ValueError:
            try:
                value = parsedate_to_datetime(raw).timestamp() - now
            except (TypeError, ValueError, IndexError, OverflowError):
                value = None
    if value is None or value != value or value < 0 or value > limit:
        return None
    return value


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with jitter, bounded attempts, server hints first.

    Args:
        max_retries: Retries after the first attempt (0 disables retrying).
        initial_delay: Backoff before the first retry, in seconds.
        max_delay: Cap of the computed backoff.
        max_retry_after: Larger ``Retry-After`` hints are ignored as absurd.
        max_elapsed: Stop retrying once this much time (s) has been spent on one request.
        jitter: Fraction of the backoff removed at random (0.25: delay in [0.75, 1] x backoff).
        rng: Source of randomness in [0, 1) (tests pass a constant).
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 120.0
    max_elapsed: float = 300.0
    jitter: float = 0.25
    rng: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def backoff(self, attempt: int) -> float:
        """Jittered backoff after failed attempt number ``attempt`` (1-based)."""
        base = min(self.max_delay, self.initial_delay * 2.0 ** max(0, attempt - 1))
        return base * (1.0 - self.jitter * self.rng())

    def decide(
        self,
        *,
        attempt: int,
        kind: RequestKind,
        status: int | None = None,
        failure: Failure | None = None,
        headers: Mapping[str, str] | None = None,
        elapsed: float = 0.0,
        now: float = 0.0,
    ) -> Decision:
        """Decide what to do after attempt number ``attempt`` (1-based) went wrong.

        Exactly one of ``status`` (a non-success HTTP status) or ``failure`` is given. ``now``
        (Unix seconds) is only used to read a ``Retry-After`` HTTP date.
        """
        if failure is not None:
            if kind is RequestKind.CREATE and failure is not Failure.CONNECT:
                # No idempotency key: the job may exist already, a retry could duplicate it.
                return Decision(False, ambiguous=True, reason=f"{failure.value} on a create")
            retryable = True
        else:
            assert status is not None
            if kind is RequestKind.CREATE and status >= 500:
                return Decision(False, ambiguous=True, reason=f"HTTP {status} on a create")
            # 429 is rejected before processing, so even a create may repeat it.
            retryable = status in RETRYABLE_STATUSES
        if not retryable:
            return Decision(False, reason="not retryable")
        if attempt > self.max_retries:
            return Decision(False, reason=f"gave up after {attempt} attempts")
        hint = parse_retry_after(headers or {}, now=now, limit=self.max_retry_after)
        delay = hint if hint is not None else self.backoff(attempt)
        if elapsed + delay > self.max_elapsed:
            return Decision(False, reason=f"would exceed {self.max_elapsed:g} s of retrying")
        return Decision(True, delay=delay, reason="server hint" if hint is not None else "backoff")
