"""Jobs: `Job` / `AsyncJob` handles, and the pure pager behind ``client.jobs()``."""

from __future__ import annotations

import contextlib
import mmap
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import httpx

from ._atomic import atomic_write_bytes
from ._options import NOT_GIVEN, Body, NotGiven, Query, RequestOptions, TimeoutInput, capped
from ._transport import STATUSES, InferenceJob, Status
from .errors import HumeBatchError, InvalidInput
from .inputs import validate_parameter
from .polling import PollSchedule, WaitPlan, wait_one_async, wait_one_sync
from .predictions import Predictions

if TYPE_CHECKING:
    from ._transport import AsyncTransport, SyncTransport

__all__ = ["AsyncJob", "Job", "JobPager", "ProgressCallback"]

ProgressCallback = Callable[[InferenceJob], object]
"""Called with the job's details each time its status changes while waiting."""


def _check_count(value: object, name: str, *, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidInput(f"{name} must be an integer of at least {low}, got {value!r}.")


def validate_timeout(timeout: float | None) -> float | None:
    if timeout is None:
        return None
    # `not timeout >= 0` also refuses NaN, which would otherwise mean "no limit"
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout >= 0:
        raise InvalidInput(f"timeout must be a non-negative number of seconds, got {timeout!r}.")
    return float(timeout)


def artifacts_path(job_id: str, path: str | os.PathLike[str]) -> Path:
    """Where artifacts go: ``path`` itself, or ``<path>/<job id>-artifacts.zip`` for a directory."""
    target = Path(path)
    if target.is_dir():
        return target / f"{job_id}-artifacts.zip"
    if not target.parent.is_dir():
        raise InvalidInput(f"Cannot write {str(target)!r}: its folder does not exist.")
    return target


class _JobBase:
    """What sync and async jobs share: identity, cached details, wait plans."""

    __slots__ = ("_details", "_id", "_schedule")

    def __init__(
        self, job_id: str, details: InferenceJob | None, schedule: PollSchedule | None
    ) -> None:
        self._id = job_id
        self._details = details
        self._schedule = schedule or PollSchedule()

    @property
    def id(self) -> str:
        """The job id (a UUID string)."""
        return self._id

    @property
    def details(self) -> InferenceJob | None:
        """Details from the last refresh (the generated `InferenceJob`); None if never fetched."""
        return self._details

    @property
    def status(self) -> Status | str:
        """The status as of the last refresh, without a request (QUEUED for a job just submitted).

        A status the API added after this version of humebatch stays a plain string. Call
        ``refresh()`` (or ``wait()``) to update it.
        """
        if self._details is None:
            return Status("QUEUED")
        status = str(self._details.state.status)
        return Status(status) if status in STATUSES else status

    def _plan(self, timeout: float | None) -> WaitPlan:
        return WaitPlan(
            job_id=self._id,
            timeout=validate_timeout(timeout),
            start=time.monotonic(),
            schedule=self._schedule,
        )

    @staticmethod
    def _poll_timeout(plan: WaitPlan, base: httpx.Timeout) -> httpx.Timeout:
        """The request limit of a poll: the client's, cut to what is left of the wait."""
        return capped(base, plan.remaining(time.monotonic()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self._id!r}, status={str(self.status)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _JobBase) and other._id == self._id

    def __hash__(self) -> int:
        return hash(self._id)


class Job(_JobBase):
    """A batch job, from ``client.submit(...)``, ``client.get_job(id)`` or ``client.jobs()``.

    >>> job = client.submit(urls=["https://example.com/face.jpg"], models={"face": {}})
    >>> job.wait(timeout=600)
    >>> job.predictions().top_emotions(3)
    """

    __slots__ = ("_transport",)

    def __init__(
        self,
        transport: SyncTransport,
        job_id: str,
        details: InferenceJob | None = None,
        schedule: PollSchedule | None = None,
    ) -> None:
        super().__init__(job_id, details, schedule)
        self._transport = transport

    def refresh(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> InferenceJob:
        """Fetch the job's details now (and remember them).

        ``timeout`` (seconds, ``httpx.Timeout``, or None for none), ``extra_headers``,
        ``extra_query`` and ``extra_body`` apply to this call's request only, as on every
        request-making method (see `Client`).
        """
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        self._details = self._transport.run(self._transport.ops.get_job(self._id), options)
        return self._details

    def wait(
        self, timeout: float | None = None, on_progress: ProgressCallback | None = None
    ) -> InferenceJob:
        """Poll until the job ends; return its final details.

        Polls at 0.5 s, then backs off x1.6 (with jitter) up to every 10 s, so completion is
        noticed at most one interval late. ``on_progress(details)`` runs on every status change.

        Raises:
            JobFailed: The job ended FAILED (the server's message included).
            JobTimeout: ``timeout`` seconds passed; the job keeps running on the server.
        """
        plan = self._plan(timeout)

        def poll() -> InferenceJob:
            limit = self._poll_timeout(plan, self._transport.settings.timeout)
            return self.refresh(timeout=limit)

        return wait_one_sync(plan, poll, on_progress)

    def predictions(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Predictions:
        """The job's predictions (the job must be COMPLETED), decoded into compact structs.

        The body is streamed into a spooled temporary file (on disk beyond 1 MiB) and decoded
        from there, so a large body is never held in memory as bytes besides its decoded form.
        """
        with self.predictions_spool(
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        ) as spool:
            return decode_spool(spool)

    def predictions_spool(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        max_memory: int | None = None,
    ) -> IO[bytes]:
        """The predictions body streamed into a spooled temporary file, which the caller closes.

        What `predictions` decodes: in memory up to ``max_memory`` bytes (default 1 MiB), on disk
        beyond, so a body of any size costs bounded memory until it is read.
        """
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        spool = new_spool(max_memory)
        try:
            self._transport.run(self._transport.ops.predictions_into(self._id, spool), options)
        except BaseException:
            spool.close()
            raise
        return spool

    def predictions_bytes(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> bytes:
        """The raw predictions body (JSON), e.g. to save it as is."""
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        return self._transport.run(self._transport.ops.predictions(self._id), options)

    def download_predictions(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Path:
        """Stream the predictions body to the file ``path``, byte for byte as the API sent it.

        The file appears only once complete; `Predictions.from_file` reads it back offline.
        """
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        target = Path(path)
        with atomic_write_bytes(target) as sink:
            self._transport.run(self._transport.ops.predictions_into(self._id, sink), options)
        return target

    def download_artifacts(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Path:
        """Stream the artifacts zip to ``path`` (a file, or a folder to put it in).

        The file appears only once complete (written beside it, then renamed). Returns its path.
        """
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        dest = artifacts_path(self._id, path)
        return self._transport.run(self._transport.ops.artifacts(self._id, dest), options)


class AsyncJob(_JobBase):
    """The asyncio twin of `Job`: the same methods, as coroutines."""

    __slots__ = ("_transport",)

    def __init__(
        self,
        transport: AsyncTransport,
        job_id: str,
        details: InferenceJob | None = None,
        schedule: PollSchedule | None = None,
    ) -> None:
        super().__init__(job_id, details, schedule)
        self._transport = transport

    async def refresh(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> InferenceJob:
        """Fetch the job's details now (and remember them); see `Job.refresh`."""
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        self._details = await self._transport.run(self._transport.ops.get_job(self._id), options)
        return self._details

    async def wait(
        self, timeout: float | None = None, on_progress: ProgressCallback | None = None
    ) -> InferenceJob:
        """Poll until the job ends; return its final details (see `Job.wait`)."""
        plan = self._plan(timeout)

        async def poll() -> InferenceJob:
            return await self.refresh(
                timeout=self._poll_timeout(plan, self._transport.settings.timeout)
            )

        return await wait_one_async(plan, poll, on_progress)

    async def predictions(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Predictions:
        """The job's predictions (the job must be COMPLETED); see `Job.predictions`."""
        with await self.predictions_spool(
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        ) as spool:
            return decode_spool(spool)

    async def predictions_spool(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        max_memory: int | None = None,
    ) -> IO[bytes]:
        """The predictions body streamed into a spooled temporary file, which the caller closes.

        What `predictions` decodes (`spooled_body` gives its bytes, memory-mapped when the body
        went to disk); the bulk runner decodes it in a worker thread instead of on the loop.
        Bodies up to ``max_memory`` bytes (default 1 MiB) stay in memory.
        """
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        spool = new_spool(max_memory)
        try:
            await self._transport.run(
                self._transport.ops.predictions_into(self._id, spool), options
            )
        except BaseException:
            spool.close()
            raise
        return spool

    async def predictions_bytes(
        self,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> bytes:
        """The raw predictions body (JSON)."""
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        return await self._transport.run(self._transport.ops.predictions(self._id), options)

    async def download_predictions(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Path:
        """Stream the predictions body to the file ``path`` (see `Job.download_predictions`)."""
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        target = Path(path)
        with atomic_write_bytes(target) as sink:
            op = self._transport.ops.predictions_into(self._id, sink)
            await self._transport.run(op, options)
        return target

    async def download_artifacts(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Path:
        """Stream the artifacts zip to ``path`` (a file, or a folder to put it in)."""
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        dest = artifacts_path(self._id, path)
        return await self._transport.run(self._transport.ops.artifacts(self._id, dest), options)


_SPOOL_MAX = 1 << 20
"""Predictions bodies up to this size are spooled in memory; larger ones go to a temp file."""


class _Spool(tempfile.SpooledTemporaryFile[bytes]):
    """A spooled temporary file that says how much of it stays in memory."""

    def __init__(self, max_memory: int) -> None:
        super().__init__(max_memory)
        self.max_memory = max_memory


def new_spool(max_memory: int | None = None) -> IO[bytes]:
    """Where a predictions body is streamed: memory up to ``max_memory`` bytes (default
    `_SPOOL_MAX`), then a temp file. `InvalidInput` unless it is an int of at least 1 (a
    SpooledTemporaryFile of 0 would never go to disk)."""
    if max_memory is None:
        return _Spool(_SPOOL_MAX)
    _check_count(max_memory, "max_memory", low=1)
    return _Spool(max_memory)


def spool_on_disk(spool: IO[bytes]) -> bool:
    """Whether a spooled body went to its temp file (asking its fileno would write it out)."""
    return spool.tell() > getattr(spool, "max_memory", _SPOOL_MAX)


@contextlib.contextmanager
def spooled_body(spool: IO[bytes]) -> Iterator[bytes | memoryview]:
    """A spooled body's bytes: read from memory when small, else memory-mapped from its file.

    Mapped, the process holds no private copy of the body (the decoder reads the page cache).
    Views into it (``msgspec.Raw``) must be dropped before the block ends; a mapping still
    exported then is left to the garbage collector instead of raising.
    """
    if not spool_on_disk(spool):
        spool.seek(0)
        yield spool.read()
        return
    spool.seek(0)
    fd = spool.fileno()
    mapped = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    try:
        yield view
    finally:
        try:
            view.release()
            mapped.close()
        except BufferError:  # pragma: no cover - an exception's traceback still holds a view
            pass


def decode_spool(spool: IO[bytes]) -> Predictions:
    """Decode a spooled body (`spooled_body`) into compact structs."""
    with spooled_body(spool) as raw:
        return Predictions.from_bytes(raw)


class JobPager:
    """Decides the list-jobs requests that walk through every job, with no I/O.

    The API has no cursor: pages are windows in creation time. Newest first (the default, or
    ``when="created_before"``), each next page asks for jobs created before the oldest one seen
    plus 1 ms, so jobs sharing that millisecond are fetched again and dropped as duplicates
    rather than skipped. With ``when="created_after"`` it walks forward the same way. If a whole
    page shares one millisecond, the next page is made larger (up to ``max_page_size``, then
    `HumeBatchError`): the pager never loops forever and never skips a job.
    """

    def __init__(
        self,
        *,
        status: Iterable[str] | None = None,
        when: str | None = None,
        timestamp_ms: int | None = None,
        page_size: int = 100,
        limit: int | None = None,
        max_page_size: int = 10_000,
    ) -> None:
        # The API's parameters, as the spec says (names, enums, bounds); the rest is the pager's.
        validate_parameter("list_jobs", "when", when)
        if timestamp_ms is not None:
            _check_count(timestamp_ms, "timestamp_ms", low=0)  # a Python int: sent as written
            validate_parameter("list_jobs", "timestamp_ms", timestamp_ms)
        _check_count(page_size, "page_size", low=1)
        if limit is not None:
            _check_count(limit, "limit", low=0)
        if isinstance(status, str | bytes):
            status = [status]
        elif status is not None and not isinstance(status, Iterable):
            raise InvalidInput(f"status must be a status or a list of them, got {status!r}")
        statuses = [getattr(s, "value", s) for s in (status or [])]
        validate_parameter("list_jobs", "status", statuses)
        self.status = statuses or None
        self.ascending = when == "created_after"
        self.cursor = timestamp_ms
        self.page_size = page_size
        self.max_page_size = max(max_page_size, page_size)
        self.remaining = limit
        self.seen: set[str] = set()
        self.done = limit == 0

    def query(self) -> dict[str, Any]:
        """Arguments of the next list-jobs request."""
        return {
            "limit": self.page_size,
            "status": self.status,
            "when": "created_after" if self.ascending else "created_before",
            "timestamp_ms": self.cursor,
            "direction": "asc" if self.ascending else "desc",
        }

    def feed(self, page: list[InferenceJob]) -> list[InferenceJob]:
        """Take one page's jobs; return the ones not yielded before, and plan the next page."""
        fresh = [job for job in page if str(job.job_id) not in self.seen]
        if self.remaining is not None:
            fresh = fresh[: self.remaining]
            self.remaining -= len(fresh)
        self.seen.update(str(job.job_id) for job in fresh)
        if len(page) < self.page_size or self.remaining == 0:
            self.done = True
            return fresh
        stamps = [int(job.state.created_timestamp_ms) for job in page]
        edge = max(stamps) if self.ascending else min(stamps)
        next_cursor = edge - 1 if self.ascending else edge + 1
        if next_cursor == self.cursor:
            # The whole page sits in one millisecond: only a bigger page can get past it.
            if self.page_size >= self.max_page_size:
                raise HumeBatchError(
                    f"More than {self.max_page_size} jobs share the creation time {edge} ms; "
                    "the API cannot page past them. Narrow the listing with status=[...]."
                )
            self.page_size = min(self.max_page_size, self.page_size * 2)
        self.cursor = next_cursor
        return fresh
