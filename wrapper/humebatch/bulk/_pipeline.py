"""The pipeline: one event loop takes every open batch from wherever the manifest says it is
to written outputs.

Per batch: (a lookup if a previous attempt may have created a job) → submit → wait → fetch the
predictions → decode and write them in a worker thread (a 50 MB body never stalls the loop).
At most ``max_jobs`` jobs are in flight; the requests in flight and the shared 429 pause are
capped below, in the clients' `LimitedTransport`. A batch whose job FAILED is resubmitted one
input per job, all at once, so one bad input costs the run one more job duration, not one per
halving (the first such split of a run goes alone: when all its inputs fail too, the cause is not
one input, and later failed batches are not split).

What happens is told twice: ``on_progress(counts)`` whenever a job is submitted or ends, and
``on_event(sentence)`` once per retry round, split, systemic failure and give-up, with its cause.

Submits have one budget per batch and run (`submit_attempts` POSTs): the transport never
re-sends a job-creating POST itself here; the pipeline re-sends only when the job provably was
not created (429, connection refused) or a lookup after an ambiguous failure found no job, with
the client's backoff or the server's ``Retry-After``, whichever is longer.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import (
    AmbiguousSubmitError,
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    HumeBatchError,
    InvalidInput,
    JobFailed,
    JobTimeout,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from ..jobs import spooled_body
from ..manifest import Batch, InputKind, InputRecord, Manifest
from ..retries import RetryPolicy
from ._errors import JobsForgotten, LookupIncomplete, RunInterrupted, SubmitGaveUp
from ._journal import Journal
from ._waiting import JobWaiter
from ._writers import OutputWriter

if TYPE_CHECKING:
    from ..client import AsyncClient
    from ..jobs import AsyncJob

__all__ = ["STEPS", "Pipeline", "PipelineOptions", "set_step_hook"]

Counts = dict[str, int]
"""The run's numbers: the manifest's `counts` plus ``running`` (jobs submitted and not yet
ended), ``retries`` (submits sent again and batches retried in a later round) and ``pauses``
(rate-limit pauses of every request)."""

WRITING_JOBS = 2
# Bodies fetched ahead of the writers (each spooled: in memory up to BODY_IN_MEMORY bytes, else
# on disk), so the server's time per body overlaps the writers' work.
FETCHING_JOBS = 4
BODY_IN_MEMORY = 8 << 20
# A lookup after an ambiguous submit looks this far before the first attempt (clock skew).
LOOKUP_SLACK_MS = 10 * 60 * 1000
# ...and through at most this many jobs, for at most this long (then `LookupIncomplete`).
LOOKUP_MAX_JOBS = 10_000
LOOKUP_SECONDS = 120.0

# Errors after which a batch is simply tried again in the next round (its manifest state says
# where to resume); anything else stops the run.
TRANSIENT = (
    APIConnectionError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    JobTimeout,
    SubmitGaveUp,
    LookupIncomplete,
)

STEPS = ("submitting", "submitted", "settled", "written", "finished")
"""Named steps of a batch, in order, where tests can stop a run (see `set_step_hook`)."""

_step_hook: Callable[[str], None] | None = None


def set_step_hook(hook: Callable[[str], None] | None) -> None:
    """Call ``hook(step)`` at each named step (`STEPS`): the seam of the kill/resume tests.

    "written" runs in the writer thread after each input's files; the others on the loop.
    """
    global _step_hook
    _step_hook = hook


def _step(name: str) -> None:
    if _step_hook is not None:
        _step_hook(name)


class BatchFailed(Exception):
    """A batch's job FAILED, or the server rejected its submission."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PipelineOptions:
    max_jobs: int
    submit_attempts: int
    request: Mapping[str, Any]
    """`Client.submit`'s arguments for every job besides its inputs (models, transcription…)."""
    resubmit_forgotten: bool
    forgotten_hint: str
    """Why the server may not know the manifest's jobs (base URL or key changed, or not)."""
    resume_hint: str
    """How to resume, for the interrupt message."""


class Pipeline:
    def __init__(
        self,
        *,
        reads: AsyncClient,
        submits: AsyncClient,
        policy: RetryPolicy,
        manifest: Manifest,
        writer: OutputWriter,
        waiter: JobWaiter,
        options: PipelineOptions,
        on_progress: Callable[[Counts], None] | None,
        on_event: Callable[[str], None] | None = None,
        pauses: Callable[[], int] = lambda: 0,
    ) -> None:
        self.reads = reads
        self.submits = submits
        self.policy = policy
        self.manifest = manifest
        self.db = Journal(manifest)  # manifest access off the loop, changes group-committed
        self.writer = writer
        self.waiter = waiter
        self.options = options
        self.on_progress = on_progress
        self.on_event = on_event
        self._pauses = pauses
        self.counts: Counts = manifest.counts() | {"running": 0, "retries": 0, "pauses": 0}
        self.ambiguous_resolved = 0
        self.forgotten_resubmitted = 0
        self.posts: Counter[int] = Counter()
        self.interrupted: int | None = None
        # Jobs being written (decoded bodies in memory, tens of MB each) and jobs whose body is
        # fetched or waits for a writer (spooled): both bounded, whatever the jobs in flight.
        self._writing = asyncio.Semaphore(WRITING_JOBS)
        self._fetching = asyncio.Semaphore(FETCHING_JOBS)
        self._tasks: set[asyncio.Task[None]] = set()
        self._writes: set[asyncio.Future[Any]] = set()
        self._resubmitted: set[int] = set()
        self._last_submit_error: dict[int, BaseException] = {}
        self._fatal: BaseException | None = None
        self._transient: list[BaseException] = []
        self._slots = asyncio.Semaphore(options.max_jobs)
        self._running: set[str] = set()
        # Whether failed batches are split: None until the run's first split tells (that split
        # goes alone), False once every input of a split failed on its own (not one input).
        self._split_works: bool | None = None
        self._first_split = asyncio.Lock()

    # -------------------------------------------------------------- the run
    async def run(self, rounds: int) -> None:
        """Run every open batch; batches hit by transient errors get up to `rounds` passes."""
        main = asyncio.current_task()
        assert main is not None
        loop = asyncio.get_running_loop()
        installed: list[int] = []
        if threading.current_thread() is threading.main_thread():
            for signum in (int(signal.SIGINT), int(signal.SIGTERM)):
                try:
                    loop.add_signal_handler(signum, self._on_signal, signum, main)
                except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
                    continue
                installed.append(signum)
        try:
            self._progress()  # the totals are known before the first job is submitted
            for number in range(1, rounds + 1):
                ids = self.manifest.open_batch_ids()
                if not ids:
                    break
                if self._transient:
                    self.counts["retries"] += len(ids)
                    self._progress()
                    self._event(
                        f"round {number} of {rounds}: retrying {len(ids)} unfinished "
                        f"batch{'es' * (len(ids) != 1)} after {len(self._transient)} transient "
                        f"error{'s' * (len(self._transient) != 1)} (last: "
                        f"{_cause(self._transient[-1])})"
                    )
                self._transient = []
                await self._pass(ids)
                if self._fatal is not None:
                    raise self._fatal
                if self._budget_spent():
                    left = len(self.manifest.open_batch_ids())
                    self._event(
                        f"giving up: {left} unfinished batch{'es' * (left != 1)} "
                        f"spent {'its' if left == 1 else 'their'} submit budget "
                        f"({self.options.submit_attempts} POSTs each) "
                        f"without creating a job, so later rounds could send nothing (last: "
                        f"{_cause(self._transient[-1])})"
                    )
                    raise as_error(self._transient[-1])
            if self._transient:
                self._event(
                    f"giving up after {rounds} rounds: {len(self.manifest.open_batch_ids())} "
                    f"batches unfinished (last: {_cause(self._transient[-1])})"
                )
                raise as_error(self._transient[-1])
        except asyncio.CancelledError:
            if self.interrupted is None:
                raise
            counts = self.counts
            raise RunInterrupted(
                f"interrupted by {signal.Signals(self.interrupted).name}: stopped submitting; "
                f"{counts['done'] + counts['errors']} of {counts['inputs']} inputs finished, "
                f"the manifest is consistent. {self.options.resume_hint}",
                signum=self.interrupted,
            ) from None
        finally:
            for signum in installed:
                loop.remove_signal_handler(signum)

    def _budget_spent(self) -> bool:
        """Whether the last pass failed only on submit budgets that no later round refills."""
        if not self._transient or not all(isinstance(e, SubmitGaveUp) for e in self._transient):
            return False
        budget = self.options.submit_attempts
        return all(self.posts[i] >= budget for i in self.manifest.open_batch_ids())

    def _on_signal(self, signum: int, main: asyncio.Task[None]) -> None:
        if self.interrupted is not None:
            # A second signal: the user wants out now. Every manifest change is already
            # committed, so leaving without cleanup loses nothing.
            os.write(2, b"\ninterrupted again: exiting now\n")
            os._exit(128 + signum)
        self.interrupted = signum
        self.writer.stop.set()
        main.cancel()

    async def _pass(self, ids: list[int]) -> None:
        try:
            for batch_id in ids:
                # Taken here, so that tasks are created only as jobs may start; released by the
                # task when its batch's job has ended (the pieces of a split take their own).
                await self._slots.acquire()
                if self._fatal is not None:
                    self._slots.release()
                    break
                task = asyncio.create_task(self._guarded(batch_id))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            while self._tasks:
                await asyncio.wait(set(self._tasks))
        finally:
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            # A writer thread ends at the next input once stopped; its inputs stay consistent.
            await asyncio.gather(*self._writes, return_exceptions=True)
            await self.db.drain()  # changes of cancelled tasks still commit, before we leave

    async def _guarded(self, batch_id: int) -> None:
        try:
            try:
                try:
                    await self._process(await self.db.read(self.manifest.batch, batch_id))
                finally:
                    self._slots.release()
            except BatchFailed as failure:
                await self._isolate(batch_id, failure.message)
        except TRANSIENT as exc:
            self._transient.append(exc)
        except Exception as exc:
            if self._fatal is None:
                self._fatal = exc
            current = asyncio.current_task()
            for task in self._tasks:
                if task is not current:
                    task.cancel()

    # -------------------------------------------------------------- one batch
    async def _process(self, batch: Batch) -> None:
        """Take `batch` from wherever the manifest says it is to written outputs.

        Raises BatchFailed when its job FAILED or the server rejected it.
        """
        members = await self.db.read(self.manifest.batch_inputs, batch.id)
        todo = [r for r in members if not r.done]
        if not todo:
            await self.db.change(self.manifest.mark_finished, batch.id, "completed")
            return
        job_id = batch.job_id
        if batch.state == "submitting":
            # A previous attempt may have created the job (the request may have reached the
            # server before the run died): find it before sending the same work again.
            job_id = await self._lookup(batch, members)
            if job_id is None:
                await self.db.change(self.manifest.mark_unsent, batch.id)
            else:
                await self.db.change(self.manifest.mark_submitted, batch.id, job_id)
        if job_id is None:
            job_id = await self._submit(batch, members)
        await self._finish(batch, job_id, members, todo)

    async def _isolate(self, batch_id: int, message: str) -> None:
        """A batch's job failed: resubmit its inputs one per job, concurrently, to find the
        inputs that make jobs fail; the others still get their predictions.

        The run's first split goes alone (later failed batches wait for it): when every one of
        its inputs fails on its own too, the cause is probably not one input (quota, account,
        service), and later failed batches are failed whole instead of multiplying failing jobs.
        """
        todo = [r for r in await self.db.read(self.manifest.batch_inputs, batch_id) if not r.done]
        if len(todo) < 2:
            await self._fail(batch_id, todo, message)
            return
        if self._split_works is None:
            async with self._first_split:
                if self._split_works is None:
                    self._split_works = await self._split(batch_id, todo, message)
                    return
        if not self._split_works:
            self._event(
                f"batch {batch_id} ({len(todo)} inputs) failed: {message}; not split, since "
                "every input of an earlier split failed on its own (the cause is not one input)"
            )
            await self._fail(batch_id, todo, message)
            return
        await self._split(batch_id, todo, message)

    async def _split(self, batch_id: int, todo: list[InputRecord], message: str) -> bool:
        """Resubmit `todo` one input per job; whether some of them succeeded."""
        self._event(
            f"batch {batch_id} failed ({message}): resubmitting its {len(todo)} inputs one per "
            "job to find the failing ones"
        )
        pieces = await self.db.change(self.manifest.split_batch, batch_id, message)

        async def piece(piece_id: int) -> bool:
            async with self._slots:
                try:
                    await self._process(await self.db.read(self.manifest.batch, piece_id))
                except BatchFailed as failure:
                    members = await self.db.read(self.manifest.batch_inputs, piece_id)
                    await self._fail(piece_id, [r for r in members if not r.done], failure.message)
                    return False
            return True

        outcomes = await asyncio.gather(*map(piece, pieces), return_exceptions=True)
        for outcome in outcomes:  # a transient or fatal error of one piece is the batch's
            if isinstance(outcome, BaseException):
                raise outcome
        failed = outcomes.count(False)
        if failed == len(pieces):
            self._event(
                f"every input of batch {batch_id} failed on its own too ({message}): the cause "
                "is not one input, so later failed batches are not split"
            )
            return False
        self._event(f"batch {batch_id}: {failed} of {len(pieces)} inputs failed on their own")
        return True

    async def _fail(self, batch_id: int, inputs: list[InputRecord], message: str) -> None:
        await asyncio.to_thread(self.writer.write_errors, inputs, message)
        await self.db.change(self.manifest.mark_finished, batch_id, "failed", message)
        self.counts["errors"] += len(inputs)
        self.counts["pending"] -= len(inputs)
        self._progress()

    # -------------------------------------------------------------- submit
    async def _submit(self, batch: Batch, members: list[InputRecord]) -> str:
        kwargs = self._submit_kwargs(batch.kind, members)
        # The budget is per run: a batch retried in a later round may have none left, and its
        # give-up names the error of its last attempt, whichever round that was in.
        last = self._last_submit_error.get(batch.id)
        while self.posts[batch.id] < self.options.submit_attempts:
            self.posts[batch.id] += 1
            self.counts["submissions"] += 1
            await self.db.change(self.manifest.mark_submitting, batch.id)
            _step("submitting")
            hint: float | None = None
            try:
                job = await self.submits.submit(**kwargs)
            except AmbiguousSubmitError as exc:
                found = await self._lookup(
                    await self.db.read(self.manifest.batch, batch.id), members
                )
                if found is not None:
                    self.ambiguous_resolved += 1
                    return await self._submitted(batch, found)
                # Not on the server after the request: it did not create a job; send it again.
                await self.db.change(self.manifest.mark_unsent, batch.id)
                last = self._last_submit_error[batch.id] = exc
            except (RateLimitError, APIConnectionError) as exc:
                # Refused before processing, or never sent: no job was created.
                await self.db.change(self.manifest.mark_unsent, batch.id)
                hint = getattr(exc, "retry_after", None)
                last = self._last_submit_error[batch.id] = exc
            except BadRequestError as exc:
                await self.db.change(self.manifest.mark_unsent, batch.id)
                raise BatchFailed(f"rejected by the server: {exc}") from None
            except InvalidInput as exc:  # refused here (a file changed while sent, say)
                await self.db.change(self.manifest.mark_unsent, batch.id)
                raise BatchFailed(f"not sent: {exc}") from None
            except AuthenticationError:
                await self.db.change(self.manifest.mark_unsent, batch.id)
                raise
            else:
                return await self._submitted(batch, job.id)
            if self.posts[batch.id] < self.options.submit_attempts:
                self.counts["retries"] += 1
                self._progress()  # the display counts each retry as it happens
                delay = self.policy.backoff(self.posts[batch.id])
                await asyncio.sleep(max(delay, hint or 0.0))
        raise SubmitGaveUp(
            f"batch {batch.id}: {self.options.submit_attempts} submit attempts in this run "
            f"created no job (last: {_cause(last)}); {self.options.resume_hint}"
        ) from last  # the cause says which exit code fits (connection, rate limit)

    async def _submitted(self, batch: Batch, job_id: str) -> str:
        await self.db.change(self.manifest.mark_submitted, batch.id, job_id)
        self.counts["jobs"] += 1
        _step("submitted")
        self._progress()
        return job_id

    def _submit_kwargs(self, kind: InputKind, inputs: list[InputRecord]) -> dict[str, Any]:
        kwargs: dict[str, Any] = dict(self.options.request)
        if kind == "url":
            kwargs["urls"] = [r.value for r in inputs]
        elif kind == "text":
            kwargs["text"] = [r.value for r in inputs]
        else:
            kwargs["files"] = [Path(r.value) for r in inputs]
        return kwargs

    async def _lookup(self, batch: Batch, inputs: list[InputRecord]) -> str | None:
        """The id of a job on the server whose request echo matches this batch, if any.

        Bounded: at most `LOOKUP_MAX_JOBS` jobs and `LOOKUP_SECONDS`; a lookup that could not
        reach the end of the list raises `LookupIncomplete` (never None: "not found" would
        resubmit, and the job may be further on).
        """
        since = max((batch.submit_started_ms or 0) - LOOKUP_SLACK_MS, 0)
        taken = await self.db.read(self.manifest.known_job_ids)
        searched = 0
        started = time.monotonic()

        async def search() -> tuple[bool, str | None]:
            """(whether the list was searched to its end, the matching job's id)."""
            nonlocal searched
            jobs = self.reads.jobs(
                when="created_after", timestamp_ms=since, limit=LOOKUP_MAX_JOBS + 1
            )
            try:
                async for job in jobs:
                    searched += 1
                    if searched > LOOKUP_MAX_JOBS:
                        return False, None
                    details = job.details
                    if job.id in taken or details is None:
                        continue
                    if echo_matches(batch.kind, inputs, details.request.to_dict()):
                        return True, job.id
            finally:
                await jobs.aclose()  # type: ignore[attr-defined]
            return True, None

        try:
            complete, found = await asyncio.wait_for(search(), LOOKUP_SECONDS)
        except asyncio.TimeoutError:
            complete, found = False, None
        if complete:
            if found is None:
                self._event(
                    f"batch {batch.id}: none of the {searched} jobs created since "
                    f"{_when(since)} holds its inputs, so its submit created no job"
                )
            return found
        raise LookupIncomplete(
            f"batch {batch.id}: a submit may have created a job, so humebatch looked for its "
            f"job among the jobs created since {_when(since)}: {min(searched, LOOKUP_MAX_JOBS)} "
            f"jobs in {time.monotonic() - started:.1f} s without reaching the end of the list "
            f"(bounds: {LOOKUP_MAX_JOBS} jobs, {LOOKUP_SECONDS:g} s). It was not resubmitted, "
            f"since that could create a duplicate job. {self.options.resume_hint}"
        )

    # -------------------------------------------------------------- wait and write
    async def _finish(
        self, batch: Batch, job_id: str, members: list[InputRecord], todo: list[InputRecord]
    ) -> None:
        self._running.add(job_id)
        self._progress()
        try:
            job = await self.waiter.wait(job_id)
            _step("settled")
        except JobFailed as exc:
            raise BatchFailed(f"job {job_id} failed: {exc.server_message or exc}") from None
        except NotFoundError:
            await self._forgotten(batch, job_id)
            return
        finally:
            self._running.discard(job_id)
        done = await self._write(batch, job, members, todo)
        if done is None:  # the job vanished between its end and its predictions
            await self._forgotten(batch, job_id)
            return
        errors = sum(1 for _, error in done if error is not None)
        self.counts["done"] += len(done) - errors
        self.counts["errors"] += errors
        self.counts["pending"] -= len(done)
        if len(done) == len(todo):
            await self.db.change(self.manifest.mark_finished, batch.id, "completed")
            _step("finished")
        self._progress()

    async def _write(
        self, batch: Batch, job: AsyncJob, members: list[InputRecord], todo: list[InputRecord]
    ) -> list[tuple[str, str | None]] | None:
        """Fetch the predictions and write them in the writer's threads; None on a 404.

        The body is streamed into a spool, as `AsyncJob.predictions` does (memory up to
        `BODY_IN_MEMORY`, a file beyond), and read from there by the writer thread
        (memory-mapped), which closes it. Up to `FETCHING_JOBS` bodies are fetched while
        `WRITING_JOBS` are written: bounded memory, and the server's time per body overlaps the
        writers' work.
        """
        async with self._fetching:
            try:
                spool = await job.predictions_spool(max_memory=BODY_IN_MEMORY)
            except NotFoundError:
                return None
            try:
                await self._writing.acquire()
            except BaseException:
                spool.close()
                raise
        try:

            def write() -> list[tuple[str, str | None]]:
                with spool, spooled_body(spool) as body:
                    return self.writer.write_job(batch.kind, job.id, members, todo, body, _written)

            future = asyncio.get_running_loop().run_in_executor(None, write)
            self._writes.add(future)
            future.add_done_callback(self._writes.discard)
            return await asyncio.shield(future)
        finally:
            self._writing.release()

    async def _forgotten(self, batch: Batch, job_id: str) -> None:
        """The server does not know a job this manifest submitted: never mark inputs failed."""
        if not self.options.resubmit_forgotten or batch.id in self._resubmitted:
            raise JobsForgotten(
                f"job {job_id} (batch {batch.id}), submitted by this folder's manifest, is "
                f"unknown to the server: {self.options.forgotten_hint} No input was marked "
                "failed. To resubmit only the batches whose jobs the server does not know, run "
                "again with --resubmit-forgotten (resubmit_forgotten=True).",
                job_id=job_id,
            )
        self._resubmitted.add(batch.id)
        self.forgotten_resubmitted += 1
        await self.db.change(self.manifest.mark_forgotten, batch.id, job_id)
        await self._process(await self.db.read(self.manifest.batch, batch.id))

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.counts["running"] = len(self._running)
            self.counts["pauses"] = self._pauses()
            self.on_progress(dict(self.counts))

    def _event(self, sentence: str) -> None:
        if self.on_event is not None:
            self.on_event(sentence)


def _written() -> None:
    _step("written")


def echo_matches(kind: InputKind, inputs: list[InputRecord], echo: Mapping[str, Any]) -> bool:
    """Whether a job's request echo holds exactly these inputs."""
    if kind == "url":
        return list(echo.get("urls") or []) == [r.value for r in inputs]
    if kind == "text":
        return list(echo.get("text") or []) == [r.value for r in inputs]
    sent = sorted(str(f.get("md5sum")) for f in echo.get("files") or [])
    return sent == sorted(str(r.md5) for r in inputs)


def _when(ms: int) -> str:
    """A server timestamp (ms) as UTC time."""
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ms / 1000))


def _cause(exc: BaseException | None) -> str:
    """An error as one line: its class and message (``None``: nothing was tried)."""
    if exc is None:
        return "no attempt was made"
    return f"{type(exc).__name__}: {exc}"


def as_error(exc: BaseException) -> HumeBatchError:
    if isinstance(exc, HumeBatchError):
        return exc
    return HumeBatchError(f"bulk run stopped: {exc}; run the same command again to resume")
