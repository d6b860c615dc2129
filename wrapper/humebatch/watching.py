"""Waiting on many jobs by list pages: one pure plan, executed by sync and async drivers.

Polling each job costs one request per job per poll. `WatchPlan` instead detects finished jobs
from the list endpoint, a page at a time, and asks for one job's details only when the list
cannot settle it. Each *round* is:

1. **Discovery** (only for jobs added since the last round): page through the account's
   QUEUED/IN_PROGRESS jobs, newest first, until every new job is found. Found jobs are known to
   be running; the others either ended before (step 3 settles them) or are not listed yet.
2. **Ended scan**: list COMPLETED+FAILED jobs sorted by ``ended_timestamp_ms``, newest first. The
   page must reach back to the *floor*: the newest end time seen by the previous scan, minus
   ``margin_ms`` (a job stamped just before that scan may only have become visible after it). If
   a full page stops short of the floor, the same query is asked with a doubled ``limit`` (the
   API has no cursor for end times). A full page only counts as covering end times strictly
   after its last entry, so jobs sharing that millisecond are never cut off.
3. **Details** for the jobs the list did not settle: ids that neither discovery nor the ended
   scan found, and, as a backstop, running jobs not settled for a long time (``recheck``: after
   60 s, then doubling up to 10 min).
4. Jobs whose deadline has passed time out; the next round comes ``schedule`` later: 0.5 s after
   a round that settled something, growing x1.6 up to 10 s while nothing ends, but never more
   than a tenth of the youngest job's age (``lateness``): a 5 s job is seen ended within 0.5 s,
   not up to 3 s late as the backoff alone would allow.

A page shorter than ``limit`` is taken as the whole list, unless a doubled ``limit`` returned
exactly as many entries as the full page before: then one entry, the oldest, is asked to tell a
whole list from a server that caps ``limit``. A cap becomes the largest page, and running jobs
that a capped page cannot cover get detail requests instead.

Only the server's own timestamps are compared with each other, so the client's clock may be off
by any amount. Jobs of other users of the account appear in the pages and are ignored. A 429 or
5xx on a list request (after the transport's retries) postpones the round by at least its
``Retry-After``; ``max_consecutive_errors`` in a row end the wait with that error. A server that
rejects the list queries (400/422) is polled job by job instead, on the same round schedule.

`JobWatcher` / `AsyncJobWatcher` execute the plan::

    watcher = AsyncJobWatcher(client)
    for job_id in ids:
        watcher.add(job_id)
    async for details in watcher.settled():  # COMPLETED or FAILED, in the order they end
        ...
"""

from __future__ import annotations

import asyncio
import enum
import math
import random
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from ._transport import Status
from .errors import (
    APIConnectionError,
    BadRequestError,
    HumeBatchError,
    InvalidInput,
    JobTimeout,
    RateLimitError,
    ServerError,
)
from .jobs import JobPager
from .polling import TERMINAL, PollSchedule, Sleep

if TYPE_CHECKING:
    from ._transport import InferenceJob
    from .client import AsyncClient, Client

__all__ = [
    "AsyncJobWatcher",
    "FetchDetails",
    "Idle",
    "JobWatcher",
    "ListPage",
    "Outcome",
    "WatchPlan",
]

PENDING = (Status.QUEUED.value, Status.IN_PROGRESS.value)
ENDED = (Status.COMPLETED.value, Status.FAILED.value)
LATENESS = 0.1
"""`WatchPlan.lateness`: rounds cost a list page or two whatever the number of jobs, so they
can afford to notice every job's end within a tenth of its duration."""

Outcome: TypeAlias = "tuple[str, InferenceJob | HumeBatchError]"
"""A settled job: its id and its final details (COMPLETED or FAILED), or why watching it ended."""

ProgressCallback: TypeAlias = "Callable[[InferenceJob], object]"


@dataclass(frozen=True)
class ListPage:
    """Request one list page with these `Operations.list_jobs` arguments."""

    query: Mapping[str, Any]


@dataclass(frozen=True)
class FetchDetails:
    """Request the details of these jobs (at most ``concurrency`` at a time)."""

    job_ids: tuple[str, ...]


@dataclass(frozen=True)
class Idle:
    """Nothing is left to watch."""


Action: TypeAlias = "ListPage | FetchDetails | Sleep | Idle"


class _State(enum.Enum):
    NEW = "new"  # added; not yet looked for
    RUNNING = "running"  # seen QUEUED/IN_PROGRESS; the ended scans will see it end
    UNSEEN = "unseen"  # not among the running jobs: ended earlier, or not listed yet
    CHECK = "check"  # the list cannot settle it: ask its details


@dataclass
class _Watched:
    job_id: str
    deadline: float | None
    timeout: float | None
    round: int
    state: _State = _State.NEW
    status: str | None = None
    details: InferenceJob | None = None
    created_ms: int | None = None
    added: float = 0.0  # when it was added, on the plan's clock
    next_check: float = math.inf
    checks: int = 0
    errors: int = 0


def _ms(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _transient(error: HumeBatchError) -> bool:
    return isinstance(error, RateLimitError | ServerError | APIConnectionError)


def _hint(error: HumeBatchError) -> float:
    hint = getattr(error, "retry_after", None)
    return float(hint) if isinstance(hint, int | float) else 0.0


@dataclass
class WatchPlan:
    """The decisions of watching many jobs, with no I/O (see the module docstring).

    Drivers loop: ``action = plan.next_action(now)``; execute it; feed the result back with
    `on_page`, `on_details` or `on_list_error`; hand out `take_settled` outcomes. ``now`` is any
    monotonic clock in seconds.

    Args:
        schedule: Intervals between rounds (reset to ``first`` when a round settles a job).
        page_size: ``limit`` of discovery pages and of the first ended scan.
        min_page_size: Ended scans then ask twice as many jobs as the previous one needed, but
            not fewer than this (list entries carry each job's request: small pages stay cheap).
        max_page_size: The largest ``limit`` asked; beyond it, uncovered jobs get detail checks.
        margin_ms: How far before the previous scan's newest end time the next scan reaches.
        recheck: Backstop intervals for details of a running job the list has not settled.
        lateness: A round comes at most this fraction of the youngest watched job's age after
            the previous one (but not sooner than ``schedule.first``), so a job is seen ended
            at most that fraction of its duration late, whatever the schedule's backoff.
        max_consecutive_errors: Transient list errors tolerated in a row.
        on_progress: Called with a job's details whenever its known status changes.
    """

    schedule: PollSchedule = field(default_factory=PollSchedule)
    page_size: int = 100
    min_page_size: int = 20
    max_page_size: int = 1000
    margin_ms: int = 1000
    recheck: PollSchedule = field(
        default_factory=lambda: PollSchedule(first=60.0, factor=2.0, cap=600.0)
    )
    max_consecutive_errors: int = 5
    on_progress: ProgressCallback | None = None
    lateness: float = LATENESS
    rng: Callable[[], float] = random.random
    _jobs: dict[str, _Watched] = field(default_factory=dict, init=False)
    _done: set[str] = field(default_factory=set, init=False)
    _settled: list[Outcome] = field(default_factory=list, init=False)
    _phase: str = field(default="between", init=False)
    _round: int = field(default=0, init=False)
    _round_start: float = field(default=0.0, init=False)
    _next_round: float = field(default=-math.inf, init=False)
    _idle: int = field(default=0, init=False)
    _errors: int = field(default=0, init=False)
    _settled_in_round: int = field(default=0, init=False)
    _floor: int | None = field(default=None, init=False)
    _limit: int = field(default=0, init=False)
    _pager: JobPager | None = field(default=None, init=False)
    _pages: int = field(default=0, init=False)
    _anchor: int | None = field(default=None, init=False)
    _due: tuple[str, ...] = field(default=(), init=False)
    _grown_from: int = field(default=0, init=False)
    _held: list[InferenceJob] = field(default_factory=list, init=False)
    _polling: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self._limit = self.page_size
        self.min_page_size = min(self.min_page_size, self.page_size)

    # ------------------------------------------------------------------ inputs

    def add(self, job_id: str, now: float, timeout: float | None = None) -> None:
        """Watch ``job_id`` from ``now`` (for at most ``timeout`` seconds). Repeats are ignored."""
        if job_id in self._jobs or job_id in self._done:
            return
        deadline = None if timeout is None else now + timeout
        self._jobs[job_id] = _Watched(job_id, deadline, timeout, self._round, added=now)
        # New work: the next round should not wait out a long idle interval.
        self._idle = 0
        self._next_round = min(self._next_round, now + self.schedule.first)

    @property
    def watching(self) -> int:
        """Jobs added and not yet settled."""
        return len(self._jobs)

    def take_settled(self) -> list[Outcome]:
        """The outcomes settled since the last call, in the order they settled."""
        out, self._settled = self._settled, []
        return out

    # ------------------------------------------------------------------ decisions

    def next_action(self, now: float) -> Action:
        """What the driver should do next."""
        if self._phase == "between":
            if not self._jobs:
                return Idle()
            if now < self._next_round:
                return Sleep(self._next_round - now)
            self._start_round(now)
        if self._phase == "pending":
            assert self._pager is not None
            return ListPage({**self._pager.query(), "sort_by": "created"})
        if self._phase == "ended":
            return ListPage(self._ended_query())
        if self._phase == "verify":
            return ListPage({**self._ended_query(), "limit": 1, "direction": "asc"})
        return FetchDetails(self._due)

    def _start_round(self, now: float) -> None:
        self._round += 1
        self._round_start = now
        self._settled_in_round = 0
        self._anchor = None
        self._grown_from, self._held = 0, []
        new = sum(1 for w in self._jobs.values() if w.state is _State.NEW)
        if self._polling:
            self._due = tuple(self._jobs)
            self._phase = "details"
        elif new:
            self._phase = "pending"
            self._pages = 0
            self._pager = JobPager(status=PENDING, page_size=self.page_size)
        else:
            self._phase = "ended"

    def _ended_query(self) -> dict[str, Any]:
        query: dict[str, Any] = {
            "limit": self._limit,
            "status": list(ENDED),
            "when": None,
            "timestamp_ms": None,
            "direction": "desc",
            "sort_by": "ended",
        }
        created = [w.created_ms for w in self._jobs.values()]
        if created and all(c is not None for c in created):
            # Skip the account's older history: only jobs created since ours can be ours.
            query["when"] = "created_after"
            query["timestamp_ms"] = max(0, min(c for c in created if c is not None) - 1)
        return query

    # ------------------------------------------------------------------ results

    def on_page(self, page: list[InferenceJob], now: float) -> None:
        """The list request of the last `ListPage` returned ``page``."""
        self._errors = 0
        if self._phase == "pending":
            self._on_pending_page(page, now)
        elif self._phase == "verify":
            self._on_verify_page(page, now)
        else:
            self._on_ended_page(page, now)

    def _on_pending_page(self, page: list[InferenceJob], now: float) -> None:
        assert self._pager is not None
        self._pages += 1
        looking = self._looking_for()
        try:
            fresh = self._pager.feed(page)
        except HumeBatchError:
            fresh, self._pager.done = page, True  # cannot page further: details settle the rest
        for details in fresh:
            state = details.state
            for stamp in (
                _ms(state.created_timestamp_ms),
                _ms(getattr(state, "started_timestamp_ms", None)),
            ):
                if stamp is not None:
                    self._anchor = stamp if self._anchor is None else max(self._anchor, stamp)
            watched = self._jobs.get(str(details.job_id))
            if watched is not None and watched.state is not _State.RUNNING:
                self._running(watched, details, now)
        # Enough pages for the new jobs; any not found by then are looked for by the other steps.
        cap = 2 + 2 * math.ceil(looking / self.page_size)
        if self._pager.done or not self._looking_for() or self._pages >= cap:
            for w in self._jobs.values():
                if w.state is _State.NEW and w.round < self._round:
                    w.state = _State.UNSEEN
            if self._floor is None and self._anchor is not None:
                # Running jobs end after the newest time on these pages: scan back to it.
                self._floor = self._anchor - self.margin_ms
            self._phase = "ended"

    def _looking_for(self) -> int:
        return sum(
            1 for w in self._jobs.values() if w.state is _State.NEW and w.round < self._round
        )

    def _on_ended_page(self, page: list[InferenceJob], now: float) -> None:
        ends = self._ends(page)
        full = len(page) >= self._limit
        if self._grown_from and len(page) == self._grown_from < self._limit:
            # Asked for more, got exactly as many as the last full page: either that was the
            # whole list, or the server caps ``limit``. The oldest entry tells (`_on_verify_page`).
            self._held = page
            self._phase = "verify"
            return
        self._grown_from = 0
        self._finish_scan(ends, full, now)

    def _on_verify_page(self, page: list[InferenceJob], now: float) -> None:
        held, self._held, self._grown_from = self._held, [], 0
        whole = not page or str(page[0].job_id) in {str(d.job_id) for d in held}
        if not whole:
            self.max_page_size = len(held)
            self._limit = min(self._limit, self.max_page_size)
        self._finish_scan(self._ends(held), not whole, now)

    def _ends(self, page: list[InferenceJob]) -> list[int]:
        """End times on an ended-scan page; settles the watched jobs on it."""
        ends: list[int] = []
        for details in page:
            ended = _ms(getattr(details.state, "ended_timestamp_ms", None))
            if ended is not None:
                ends.append(ended)
            watched = self._jobs.get(str(details.job_id))
            if watched is not None and str(details.state.status) in TERMINAL:
                self._settle(watched, details)
        return ends

    def _finish_scan(self, ends: list[int], full: bool, now: float) -> None:
        # A full page covers end times strictly after its last one (ties may continue beyond).
        covered_from = (min(ends) + 1) if (full and ends) else None
        reached = (
            not full
            or self._floor is None
            or (covered_from is not None and covered_from <= self._floor)
        )
        if not reached and self._limit < self.max_page_size:
            self._grown_from = self._limit
            self._limit = min(self.max_page_size, self._limit * 2)
            return  # the same scan again, with a bigger page
        if not reached:
            # Too many endings to cover: ask the running jobs themselves this round.
            for w in self._jobs.values():
                if w.state is _State.RUNNING:
                    w.state = _State.CHECK
        elif self._floor is not None:
            # Next time, start with room for twice as many endings as this scan needed.
            wanted = sum(1 for e in ends if e >= self._floor)
            self._limit = max(self.min_page_size, min(self.max_page_size, 2 * wanted))
        if ends:
            floor = max(ends) - self.margin_ms
            self._floor = floor if self._floor is None else max(self._floor, floor)
        for w in self._jobs.values():
            if w.state is _State.UNSEEN and w.round < self._round:
                w.state = _State.CHECK
        self._due = tuple(
            w.job_id
            for w in self._jobs.values()
            if w.state is _State.CHECK
            or (w.state is _State.RUNNING and w.next_check <= self._round_start)
        )
        if self._due:
            self._phase = "details"
        else:
            self._end_round(now)

    def on_details(self, results: Mapping[str, InferenceJob | HumeBatchError], now: float) -> None:
        """The `FetchDetails` requests returned these (an error in place of failed ones)."""
        for job_id, result in results.items():
            watched = self._jobs.get(job_id)
            if watched is None:
                continue
            if isinstance(result, HumeBatchError):
                watched.errors += 1
                if not _transient(result) or watched.errors > self.max_consecutive_errors:
                    self._settle(watched, result)
                else:
                    watched.next_check = now + max(_hint(result), self.schedule.first)
                continue
            watched.errors = 0
            if str(result.state.status) in TERMINAL:
                self._settle(watched, result)
            else:
                watched.checks += 1
                self._running(watched, result, now)
        self._end_round(now)

    def on_list_error(self, error: HumeBatchError, now: float) -> None:
        """The list request of the last `ListPage` failed with ``error`` (after retries)."""
        self._errors += 1
        if isinstance(error, BadRequestError) and not self._polling:
            # A server that rejects these list queries: poll each job's details instead.
            self._polling = True
            self._errors = 0
            self._end_round(now)
            self._next_round = now
            return
        if not _transient(error) or self._errors > self.max_consecutive_errors:
            for watched in list(self._jobs.values()):
                self._settle(watched, error)
            self._phase = "between"
            return
        self._end_round(now, at_least=_hint(error))

    # ------------------------------------------------------------------ bookkeeping

    def _running(self, watched: _Watched, details: InferenceJob, now: float) -> None:
        self._report(watched, details)
        watched.state = _State.RUNNING
        watched.created_ms = _ms(details.state.created_timestamp_ms)
        watched.next_check = now + self.recheck.interval(watched.checks + 1, self.rng)

    def _report(self, watched: _Watched, details: InferenceJob) -> None:
        status = str(details.state.status)
        if status != watched.status and self.on_progress is not None:
            self.on_progress(details)
        watched.status = status
        watched.details = details

    def _settle(self, watched: _Watched, outcome: InferenceJob | HumeBatchError) -> None:
        if not isinstance(outcome, HumeBatchError):
            self._report(watched, outcome)
        del self._jobs[watched.job_id]
        self._done.add(watched.job_id)
        self._settled.append((watched.job_id, outcome))
        self._settled_in_round += 1

    def _end_round(self, now: float, at_least: float = 0.0) -> None:
        for watched in list(self._jobs.values()):
            if watched.deadline is not None and watched.deadline <= self._round_start:
                assert watched.timeout is not None
                error = JobTimeout(watched.job_id, watched.timeout, watched.status, watched.details)
                self._settle(watched, error)
        self._idle = 0 if self._settled_in_round else self._idle + 1
        delay = self.schedule.interval(max(1, self._idle), self.rng)
        if self._jobs:  # never later than `lateness` of the youngest job's age
            age = now - max(w.added for w in self._jobs.values())
            delay = min(delay, max(self.schedule.first, self.lateness * age))
        delay = max(at_least, delay)
        deadlines = [w.deadline for w in self._jobs.values() if w.deadline is not None]
        # Wake at the first deadline for one last look rather than overshooting it.
        self._next_round = min([now + delay, *(max(d, now) for d in deadlines)])
        self._phase = "between"


# ---------------------------------------------------------------------- drivers


def _plan_for(
    client: Client | AsyncClient,
    concurrency: int,
    on_progress: ProgressCallback | None,
    options: dict[str, Any],
) -> WatchPlan:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidInput(f"concurrency must be a positive integer, got {concurrency!r}.")
    return WatchPlan(schedule=client._schedule, on_progress=on_progress, **options)


class JobWatcher:
    """Waits on many jobs with list pages (see the module docstring); blocking.

    >>> watcher = JobWatcher(client)
    >>> watcher.add(job.id)
    >>> for details in watcher.settled():
    ...     print(details.job_id, details.state.status)

    Args:
        client: The `Client` whose connection and poll schedule are used.
        concurrency: Detail requests in flight at most (list requests go one at a time).
        on_progress: Called with a job's details whenever its known status changes: when it
            is first found (QUEUED or IN_PROGRESS) and when it ends. A running job is not
            listed again, so its QUEUED → IN_PROGRESS change may go unreported.
        **options: `WatchPlan` settings (``page_size``, ``margin_ms``, ``recheck``, …).

    Not thread-safe: call `add` from the thread that iterates (e.g. from ``on_progress``) or
    before iterating.
    """

    def __init__(
        self,
        client: Client,
        *,
        concurrency: int = 8,
        on_progress: ProgressCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        **options: Any,
    ) -> None:
        self._transport = client._transport
        self._plan = _plan_for(client, concurrency, on_progress, options)
        self._concurrency = concurrency
        self._clock = clock
        self._sleep = sleep

    def add(self, job_id: str, *, timeout: float | None = None) -> None:
        """Watch ``job_id`` (also while iterating); stop after ``timeout`` s with `JobTimeout`."""
        self._plan.add(job_id, self._clock(), timeout)

    def outcomes(self) -> Iterator[Outcome]:
        """``(job_id, details or error)`` for each added job as it settles; ends when none is left.

        Details are COMPLETED or FAILED; an error (`JobTimeout`, `NotFoundError`, …) says why a
        job could not be watched to its end.
        """
        ops = self._transport.ops
        with ThreadPoolExecutor(self._concurrency, thread_name_prefix="humebatch-watch") as pool:
            while True:
                yield from self._plan.take_settled()
                action = self._plan.next_action(self._clock())
                if isinstance(action, Idle):
                    yield from self._plan.take_settled()  # deciding may settle (time-outs)
                    return
                if isinstance(action, Sleep):
                    self._sleep(action.seconds)
                elif isinstance(action, ListPage):
                    try:
                        page = self._transport.run(ops.list_jobs(**action.query))
                    except HumeBatchError as exc:
                        self._plan.on_list_error(exc, self._clock())
                    else:
                        self._plan.on_page(page, self._clock())
                else:
                    fetched = zip(
                        action.job_ids, pool.map(self._fetch, action.job_ids), strict=True
                    )
                    self._plan.on_details(dict(fetched), self._clock())

    def _fetch(self, job_id: str) -> InferenceJob | HumeBatchError:
        try:
            return self._transport.run(self._transport.ops.get_job(job_id))
        except HumeBatchError as exc:
            return exc

    def settled(self) -> Iterator[InferenceJob]:
        """The details of each added job once it is COMPLETED or FAILED, as they end.

        Raises the first error that ended watching a job (see `outcomes`).
        """
        for _, outcome in self.outcomes():
            if isinstance(outcome, HumeBatchError):
                raise outcome
            yield outcome


class AsyncJobWatcher:
    """The asyncio twin of `JobWatcher`.

    >>> watcher = AsyncJobWatcher(client)
    >>> watcher.add(job.id)
    >>> async for details in watcher.settled():
    ...     ...

    With ``keep_open=True`` the iteration waits for more `add` calls when every job has settled,
    until `close` is called (for a producer that submits while waiting).
    """

    def __init__(
        self,
        client: AsyncClient,
        *,
        concurrency: int = 8,
        on_progress: ProgressCallback | None = None,
        keep_open: bool = False,
        clock: Callable[[], float] = time.monotonic,
        **options: Any,
    ) -> None:
        self._transport = client._transport
        self._plan = _plan_for(client, concurrency, on_progress, options)
        self._gate = asyncio.Semaphore(concurrency)
        self._clock = clock
        self._open = keep_open
        self._added: asyncio.Event | None = None

    def add(self, job_id: str, *, timeout: float | None = None) -> None:
        """Watch ``job_id`` (also while iterating); stop after ``timeout`` s with `JobTimeout`."""
        self._plan.add(job_id, self._clock(), timeout)
        if self._added is not None:
            self._added.set()

    def close(self) -> None:
        """No more jobs will be added: iteration ends once every added job has settled."""
        self._open = False
        if self._added is not None:
            self._added.set()

    async def outcomes(self) -> AsyncIterator[Outcome]:
        """``(job_id, details or error)`` for each added job as it settles (see `JobWatcher`)."""
        ops = self._transport.ops
        self._added = asyncio.Event()
        while True:
            for outcome in self._plan.take_settled():
                yield outcome
            action = self._plan.next_action(self._clock())
            if isinstance(action, Idle):
                for outcome in self._plan.take_settled():  # deciding may settle (time-outs)
                    yield outcome
                if not self._open:
                    return
                self._added.clear()
                await self._added.wait()
            elif isinstance(action, Sleep):
                await asyncio.sleep(action.seconds)
            elif isinstance(action, ListPage):
                try:
                    page = await self._transport.run(ops.list_jobs(**action.query))
                except HumeBatchError as exc:
                    self._plan.on_list_error(exc, self._clock())
                else:
                    self._plan.on_page(page, self._clock())
            else:
                results = await asyncio.gather(*(self._fetch(j) for j in action.job_ids))
                self._plan.on_details(
                    dict(zip(action.job_ids, results, strict=True)), self._clock()
                )

    async def _fetch(self, job_id: str) -> InferenceJob | HumeBatchError:
        async with self._gate:
            try:
                return await self._transport.run(self._transport.ops.get_job(job_id))
            except HumeBatchError as exc:
                return exc

    async def settled(self) -> AsyncIterator[InferenceJob]:
        """The details of each added job once it is COMPLETED or FAILED (see `JobWatcher`)."""
        async for _, outcome in self.outcomes():
            if isinstance(outcome, HumeBatchError):
                raise outcome
            yield outcome
