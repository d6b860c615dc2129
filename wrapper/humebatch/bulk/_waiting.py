"""The pipeline's wait stage: one place that decides how finished jobs are detected."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..client import AsyncClient
    from ..jobs import AsyncJob

__all__ = ["JobWaiter"]


class JobWaiter:
    """``await waiter.wait(job_id)`` returns the job once it has ended.

    Raises `JobFailed` (FAILED), `JobTimeout` (``timeout`` s passed) or `NotFoundError` (the
    server does not know the job). Each job is polled on the client's schedule; every request
    goes through the run's shared limiter.
    """

    def __init__(self, client: AsyncClient, timeout: float | None) -> None:
        self._client = client
        self._timeout = timeout

    async def wait(self, job_id: str) -> AsyncJob:
        job = self._client._job(job_id)  # a handle, no request
        await job.wait(timeout=self._timeout)
        return job
