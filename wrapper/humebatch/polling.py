"""Waiting for jobs: one pure plan, executed by sync and async drivers.

`WaitPlan` is a small state machine with no I/O: fed each poll's outcome (the job details or an
error) and the current time, it answers `Sleep`, `Done` or `Raise`. The drivers below only fetch,
sleep and report progress. The interval starts small (0.5 s) and grows x1.6 with jitter up to a cap
(10 s), so a job that finishes is noticed at most one current interval later; the last sleep is
cut short at the deadline, and a final poll happens exactly then. ``Retry-After`` from a
`RateLimitError` stretches the next sleep.

``on_progress(details)`` is called on every status change (including the first poll), not on
every poll.

`wait_many_sync` / `wait_many_async` drive hundreds of plans at once with at most ``concurrency``
requests in flight: a heap of due times and a small thread pool (sync), or one task per job under
a semaphore (async). That costs one request per job per poll; ``wait_all`` waits on many jobs
with list pages instead (`humebatch.watching`), and `make bench` compares the two.
"""

from __future__ import annotations

import asyncio
import heapq
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias, cast

from ._transport import Status
from .errors import (
    APIConnectionError,
    HumeBatchError,
    InvalidInput,
    JobFailed,
    JobTimeout,
    RateLimitError,
    ServerError,
)

if TYPE_CHECKING:
    from ._transport import InferenceJob

__all__ = [
    "Done",
    "PollSchedule",
    "Raise",
    "Sleep",
    "WaitPlan",
    "wait_many_async",
    "wait_many_sync",
    "wait_one_async",
    "wait_one_sync",
]

TERMINAL = frozenset({Status.COMPLETED.value, Status.FAILED.value})
_LAST_CHANCE = 0.5
"""The shortest request limit of a poll at (or past) the deadline."""

ProgressCallback: TypeAlias = "Callable[[InferenceJob], object]"


_MIN_INTERVAL = 0.001
_MAX_INTERVAL = 86_400.0


def _number_in(value: object, low: float, high: float) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return low <= value <= high  # NaN compares false


@dataclass(frozen=True)
class PollSchedule:
    """Polling intervals: ``first`` seconds, then x``factor`` per poll up to ``cap``.

    ``jitter`` removes up to that fraction at random, so that many waiters do not poll in step.
    """

    first: float = 0.5
    factor: float = 1.6
    cap: float = 10.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        # A zero first interval or a shrinking factor would poll with no sleep at all.
        for name, value, low, high in (
            ("first", self.first, _MIN_INTERVAL, _MAX_INTERVAL),
            ("factor", self.factor, 1.0, 100.0),
            ("cap", self.cap, _MIN_INTERVAL, _MAX_INTERVAL),
        ):
            if not _number_in(value, low, high):
                raise InvalidInput(
                    f"PollSchedule {name} must be a number from {low:g} to {high:g}, got {value!r}."
                )
        if not _number_in(self.jitter, 0.0, 0.99):
            raise InvalidInput(f"PollSchedule jitter must be from 0 to 0.99, got {self.jitter!r}.")
        if self.cap < self.first:
            raise InvalidInput(f"PollSchedule cap ({self.cap}) is below first ({self.first}).")

    def interval(self, polls: int, rng: Callable[[], float] = random.random) -> float:
        """Sleep after poll number ``polls`` (1-based)."""
        base = min(self.cap, self.first * self.factor ** max(0, polls - 1))
        return base * (1.0 - self.jitter * rng())


@dataclass(frozen=True)
class Sleep:
    """Poll again after ``seconds``."""

    seconds: float


@dataclass(frozen=True)
class Done:
    """The job completed; ``details`` are its final details."""

    details: InferenceJob


@dataclass(frozen=True)
class Raise:
    """Stop waiting with ``error`` (JobFailed, JobTimeout, or a request error)."""

    error: HumeBatchError


Step: TypeAlias = "Sleep | Done | Raise"


@dataclass
class WaitPlan:
    """The decisions of one wait, with no I/O (see the module docstring).

    Args:
        job_id: For error messages.
        timeout: Give up (JobTimeout) this many seconds after ``start``; None waits forever.
        start: The time the wait started, on the same clock as the ``now`` passed later.
        max_consecutive_errors: Transient errors (429, 5xx, connection) tolerated in a row.
    """

    job_id: str
    timeout: float | None
    start: float
    schedule: PollSchedule = field(default_factory=PollSchedule)
    max_consecutive_errors: int = 3
    rng: Callable[[], float] = random.random
    polls: int = 0
    errors_in_row: int = 0
    last_status: str | None = None
    last_details: InferenceJob | None = None

    def is_new_status(self, details: InferenceJob) -> bool:
        """True if ``details`` carry a status not seen on the previous poll (progress to report)."""
        return str(details.state.status) != self.last_status

    def remaining(self, now: float) -> float | None:
        """Seconds left until the deadline (at least a short last chance); None: no deadline.

        Each poll's request is bounded by it, so a server that stalls cannot stretch the wait.
        """
        if self.timeout is None:
            return None
        return max(self.start + self.timeout - now, _LAST_CHANCE)

    def on_details(self, details: InferenceJob, now: float) -> Step:
        """A poll returned ``details``."""
        self.polls += 1
        self.errors_in_row = 0
        self.last_status = str(details.state.status)
        self.last_details = details
        if self.last_status == "COMPLETED":
            return Done(details)
        if self.last_status == "FAILED":
            message = getattr(details.state, "message", None)
            return Raise(JobFailed(self.job_id, message, details))
        return self._sleep(self.schedule.interval(self.polls, self.rng), now)

    def on_error(self, error: HumeBatchError, now: float) -> Step:
        """A poll failed with ``error`` (after the transport's own retries)."""
        transient = isinstance(error, RateLimitError | ServerError | APIConnectionError)
        self.polls += 1
        self.errors_in_row += 1
        if not transient or self.errors_in_row > self.max_consecutive_errors:
            return Raise(error)
        delay = self.schedule.interval(self.polls, self.rng)
        hint = getattr(error, "retry_after", None)
        if isinstance(hint, int | float):
            delay = max(delay, float(hint))
        return self._sleep(delay, now)

    def _sleep(self, delay: float, now: float) -> Step:
        if self.timeout is None:
            return Sleep(delay)
        remaining = self.start + self.timeout - now
        if remaining <= 0:
            return Raise(JobTimeout(self.job_id, self.timeout, self.last_status, self.last_details))
        # Wake at the deadline for one last poll rather than overshooting it.
        return Sleep(min(delay, remaining))


def _report(plan: WaitPlan, details: InferenceJob, on_progress: ProgressCallback | None) -> None:
    if on_progress is not None and plan.is_new_status(details):
        on_progress(details)


def wait_one_sync(
    plan: WaitPlan,
    fetch: Callable[[], InferenceJob],
    on_progress: ProgressCallback | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], object] = time.sleep,
) -> InferenceJob:
    """Execute ``plan`` with blocking calls; return the final details or raise."""
    while True:
        try:
            details = fetch()
        except HumeBatchError as exc:
            step = plan.on_error(exc, clock())
        else:
            _report(plan, details, on_progress)
            step = plan.on_details(details, clock())
        if isinstance(step, Sleep):
            sleep(step.seconds)
        elif isinstance(step, Done):
            return step.details
        else:
            raise step.error


async def wait_one_async(
    plan: WaitPlan,
    fetch: Callable[[], Awaitable[InferenceJob]],
    on_progress: ProgressCallback | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> InferenceJob:
    """Execute ``plan`` with coroutines; return the final details or raise."""
    while True:
        try:
            details = await fetch()
        except HumeBatchError as exc:
            step = plan.on_error(exc, clock())
        else:
            _report(plan, details, on_progress)
            step = plan.on_details(details, clock())
        if isinstance(step, Sleep):
            await asyncio.sleep(step.seconds)
        elif isinstance(step, Done):
            return step.details
        else:
            raise step.error


Outcome: TypeAlias = "InferenceJob | HumeBatchError"


def wait_many_sync(
    plans: Sequence[WaitPlan],
    fetchers: Sequence[Callable[[], InferenceJob]],
    *,
    concurrency: int,
    on_progress: ProgressCallback | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[Outcome]:
    """Drive many plans with at most ``concurrency`` fetches in flight (a small thread pool).

    ``fetchers[i]`` polls the job of ``plans[i]``. Returns one outcome per plan, in order: the
    final details or the error that ended that wait.
    """
    outcomes: list[Outcome | None] = [None] * len(plans)
    due: list[tuple[float, int]] = [(clock(), i) for i in range(len(plans))]
    heapq.heapify(due)
    in_flight: dict[Future[InferenceJob], int] = {}
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="humebatch-wait") as pool:
        while due or in_flight:
            now = clock()
            while due and due[0][0] <= now and len(in_flight) < concurrency:
                _, i = heapq.heappop(due)
                in_flight[pool.submit(fetchers[i])] = i
            if not in_flight:
                time.sleep(max(0.0, due[0][0] - now))
                continue
            until_next = None
            if due and len(in_flight) < concurrency:
                until_next = max(0.0, due[0][0] - now)
            done, _ = wait_futures(list(in_flight), timeout=until_next, return_when=FIRST_COMPLETED)
            for future in done:
                i = in_flight.pop(future)
                plan = plans[i]
                error = future.exception()
                if error is None:
                    details = future.result()
                    _report(plan, details, on_progress)
                    step = plan.on_details(details, clock())
                elif isinstance(error, HumeBatchError):
                    step = plan.on_error(error, clock())
                else:
                    raise error
                if isinstance(step, Sleep):
                    heapq.heappush(due, (clock() + step.seconds, i))
                else:
                    outcomes[i] = step.details if isinstance(step, Done) else step.error
    assert all(o is not None for o in outcomes)
    return cast("list[Outcome]", outcomes)


async def wait_many_async(
    plans: Sequence[WaitPlan],
    fetchers: Sequence[Callable[[], Awaitable[InferenceJob]]],
    *,
    concurrency: int,
    on_progress: ProgressCallback | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[Outcome]:
    """Drive many plans, one task each, with at most ``concurrency`` fetches in flight."""
    gate = asyncio.Semaphore(concurrency)

    async def one(plan: WaitPlan, fetch: Callable[[], Awaitable[InferenceJob]]) -> Outcome:
        async def gated() -> InferenceJob:
            async with gate:
                return await fetch()

        try:
            return await wait_one_async(plan, gated, on_progress, clock=clock)
        except HumeBatchError as exc:
            return exc

    pairs = zip(plans, fetchers, strict=True)
    return list(await asyncio.gather(*(one(plan, fetch) for plan, fetch in pairs)))
