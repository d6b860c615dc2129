"""The pipeline: take each batch from wherever the manifest says it is to written outputs.

Submits (resolving ambiguous submits by lookup), waits, writes, and isolates failing inputs by
splitting failed batches in halves.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import (
    AmbiguousSubmitError,
    APIConnectionError,
    BadRequestError,
    HumeBatchError,
    InvalidInput,
    JobFailed,
    JobTimeout,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from ..manifest import Batch, InputKind, InputRecord, Manifest
from ._writers import OutputWriter, split_by_input

if TYPE_CHECKING:
    from ..client import Client

# A lookup after an ambiguous submit looks this far before the first attempt (clock skew).
LOOKUP_SLACK_MS = 10 * 60 * 1000
MAX_SUBMIT_ATTEMPTS = 8


class _BatchFailed(Exception):
    """A batch's job FAILED, or the server rejected its submission."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Runner:
    def __init__(
        self,
        client: Client,
        manifest: Manifest,
        out_dir: Path,
        *,
        models: Mapping[str, Any] | None,
        formats: Sequence[str],
        timeout: float | None,
        on_progress: Callable[[dict[str, int]], None] | None,
    ) -> None:
        self.client = client
        self.manifest = manifest
        self.writer = OutputWriter(out_dir / "predictions", tuple(formats), manifest)
        self.models = models
        self.timeout = timeout
        self.on_progress = on_progress
        self.ambiguous_resolved = 0
        self._lock = threading.Lock()

    def process(self, batch: Batch) -> None:
        try:
            self._run(batch)
        except _BatchFailed as failure:
            self._isolate(batch, failure.message)

    def _run(self, batch: Batch) -> None:
        """Take `batch` from wherever the manifest says it is to written outputs.

        Raises _BatchFailed when its job FAILED or the server rejected it.
        """
        inputs = [r for r in self.manifest.batch_inputs(batch.id) if not r.done]
        if not inputs:
            return
        job_id = batch.job_id
        if batch.state == "submitting":
            # A previous run died (or a submit failed) after the request may have left: find the
            # job before sending the same work again.
            job_id = self._lookup(batch, self.manifest.batch_inputs(batch.id))
            if job_id is None:
                self.manifest.mark_unsent(batch.id)
            else:
                self.manifest.mark_submitted(batch.id, job_id)
        if job_id is None:
            job_id = self._submit(batch, self.manifest.batch_inputs(batch.id))
        self._finish(batch, job_id, inputs)

    def _isolate(self, batch: Batch, message: str) -> None:
        """A batch's job failed: split it in halves to find the inputs that make jobs fail.

        The good inputs still get their predictions. When both halves fail too, the cause is
        probably not one input (quota, account, service), so splitting stops there instead of
        multiplying failing jobs: at most two extra jobs per systemic failure.
        """
        inputs = [r for r in self.manifest.batch_inputs(batch.id) if not r.done]
        if len(inputs) < 2:
            self._fail(batch, inputs, message)
            return
        halves = [self._batch(i) for i in self.manifest.split_batch(batch.id, message)]
        failed: list[tuple[Batch, str]] = []
        for half in halves:
            try:
                self._run(half)
            except _BatchFailed as failure:
                failed.append((self._batch(half.id), failure.message))
        if len(failed) == len(halves):
            for half, reason in failed:
                self._fail(half, [r for r in self.manifest.batch_inputs(half.id) if not r.done],
                           reason)  # fmt: skip
            return
        for half, reason in failed:
            self._isolate(half, reason)

    def _batch(self, batch_id: int) -> Batch:
        return next(b for b in self.manifest.batches() if b.id == batch_id)

    # -------------------------------------------------------------- submit
    def _submit(self, batch: Batch, inputs: list[InputRecord]) -> str:
        kwargs = self._submit_kwargs(batch.kind, inputs)
        delay = 1.0
        for _ in range(MAX_SUBMIT_ATTEMPTS):
            self.manifest.mark_submitting(batch.id)
            try:
                job = self.client.submit(**kwargs)
            except AmbiguousSubmitError:
                found = self._lookup(self._batch(batch.id), inputs)
                if found is not None:
                    with self._lock:
                        self.ambiguous_resolved += 1
                    self.manifest.mark_submitted(batch.id, found)
                    return found
                # Not on the server after the request: it did not create a job; send it again.
                self.manifest.mark_unsent(batch.id)
            except (RateLimitError, APIConnectionError) as exc:
                # The client already retried these; both mean the job was not created.
                self.manifest.mark_unsent(batch.id)
                delay = max(delay, getattr(exc, "retry_after", None) or 0.0)
            except (BadRequestError, InvalidInput) as exc:
                self.manifest.mark_unsent(batch.id)
                raise _BatchFailed(f"rejected by the server: {exc}") from None
            else:
                self.manifest.mark_submitted(batch.id, job.id)
                return job.id
            time.sleep(delay)
            delay = min(delay * 2, 30.0)
        raise ServerError(
            f"could not submit batch {batch.id} after {MAX_SUBMIT_ATTEMPTS} attempts; "
            "run the same command again to resume",
            status=0,
        )

    def _submit_kwargs(self, kind: InputKind, inputs: list[InputRecord]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"models": self.models} if self.models is not None else {}
        if kind == "url":
            kwargs["urls"] = [r.value for r in inputs]
        elif kind == "text":
            kwargs["text"] = [r.value for r in inputs]
        else:
            kwargs["files"] = [Path(r.value) for r in inputs]
        return kwargs

    def _lookup(self, batch: Batch, inputs: list[InputRecord]) -> str | None:
        """The id of a job on the server whose request echo matches this batch, if any."""
        since = (batch.submit_started_ms or 0) - LOOKUP_SLACK_MS
        taken = self.manifest.known_job_ids()
        for job in self.client.jobs(when="created_after", timestamp_ms=max(since, 0)):
            details = job.details
            if str(job.id) in taken or details is None:
                continue
            if _echo_matches(batch.kind, inputs, details.request.to_dict()):
                return str(job.id)
        return None

    # -------------------------------------------------------------- wait and write
    def _finish(self, batch: Batch, job_id: str, inputs: list[InputRecord]) -> None:
        job = self.client.get_job(job_id)
        try:
            job.wait(timeout=self.timeout)
        except JobFailed as exc:
            raise _BatchFailed(f"job {job_id} failed: {exc.server_message or exc}") from None
        predictions = job.predictions()
        by_input = split_by_input(batch.kind, self.manifest.batch_inputs(batch.id), predictions.raw)
        for record in inputs:
            self.writer.write(record, by_input.get(record.key))
        self.manifest.mark_finished(batch.id, "completed")
        self._progress()

    def _fail(self, batch: Batch, inputs: list[InputRecord], message: str) -> None:
        for record in inputs:
            self.writer.write_error(record, message)
        self.manifest.mark_finished(batch.id, "failed", message)
        self._progress()

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.manifest.counts())


def _echo_matches(kind: InputKind, inputs: list[InputRecord], echo: Mapping[str, Any]) -> bool:
    if kind == "url":
        return list(echo.get("urls") or []) == [r.value for r in inputs]
    if kind == "text":
        return list(echo.get("text") or []) == [r.value for r in inputs]
    sent = sorted(str(f.get("md5sum")) for f in echo.get("files") or [])
    return sent == sorted(str(r.md5) for r in inputs)


# Errors after which a batch is simply tried again in the next round (its manifest state says
# where to resume); anything else stops the run.
TRANSIENT = (APIConnectionError, RateLimitError, ServerError, UnexpectedResponseError, JobTimeout)


def run_round(runner: Runner, batches: list[Batch], concurrency: int) -> list[BaseException]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(runner.process, batch) for batch in batches]
        return [exc for f in futures if (exc := f.exception()) is not None]


def as_error(exc: BaseException) -> HumeBatchError:
    if isinstance(exc, HumeBatchError):
        return exc
    return HumeBatchError(f"bulk run stopped: {exc}; run the same command again to resume")
