"""The pipeline's wait stage: one `AsyncJobWatcher` for every job of the run.

Finished jobs are detected from pages of the list endpoint (`humebatch.watching`), so waiting
costs far less than one request per job per poll, whatever the number of jobs in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from ..errors import HumeBatchError, JobFailed
from ..watching import AsyncJobWatcher

if TYPE_CHECKING:
    from .._transport import InferenceJob
    from ..client import AsyncClient
    from ..jobs import AsyncJob

__all__ = ["JobWaiter"]


class JobWaiter:
    """``await waiter.wait(job_id)`` returns the job once it has ended COMPLETED.

    Raises `JobFailed` (FAILED), `JobTimeout` (``timeout`` s passed) or `NotFoundError` (the
    server does not know the job). Jobs can be added while others are awaited; call `close`
    when the run ends.
    """

    def __init__(self, client: AsyncClient, timeout: float | None) -> None:
        self._client = client
        self._timeout = timeout
        self._watcher = AsyncJobWatcher(client, keep_open=True)
        self._waiting: dict[str, asyncio.Future[InferenceJob | HumeBatchError]] = {}
        self._driver: asyncio.Task[None] | None = None
        self._settled: set[str] = set()

    async def wait(self, job_id: str) -> AsyncJob:
        if job_id in self._settled:
            # The watcher settles an id once; a server that reuses ids (a restarted mock, or a
            # job resubmitted after it was forgotten) gets the same id again: poll that one.
            job = self._client._job(job_id)
            await job.wait(timeout=self._timeout)
            return job
        future = self._waiting.get(job_id)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._waiting[job_id] = future
            self._watcher.add(job_id, timeout=self._timeout)
        if self._driver is None:
            self._driver = asyncio.create_task(self._drive())
        # Shielded: a cancelled waiter must not cancel the outcome another round will await.
        outcome = await asyncio.shield(future)
        if isinstance(outcome, HumeBatchError):
            raise outcome
        if str(outcome.state.status) == "FAILED":
            raise JobFailed(job_id, getattr(outcome.state, "message", None), outcome)
        return self._client._job(job_id)  # a handle for the predictions request

    async def _drive(self) -> None:
        try:
            async for job_id, outcome in self._watcher.outcomes():
                self._settled.add(job_id)
                future = self._waiting.pop(job_id, None)
                if future is not None and not future.done():
                    future.set_result(outcome)
        except HumeBatchError as exc:  # the watcher gave up (list errors in a row)
            for future in self._waiting.values():
                if not future.done():
                    future.set_result(exc)
            self._waiting.clear()
            self._driver = None

    async def close(self) -> None:
        self._watcher.close()
        if self._driver is not None:
            self._driver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._driver
