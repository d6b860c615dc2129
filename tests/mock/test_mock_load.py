"""Hundreds of concurrent pollers on one server (bounded: 300 pollers, 3 requests each)."""

from __future__ import annotations

import asyncio
import ssl

import httpx
from humebatch_mock import MockServer

POLLERS = 300
REQUESTS_EACH = 3


async def test_300_concurrent_pollers_all_succeed(server: MockServer) -> None:
    jobs = server.create_jobs(POLLERS, statuses=["QUEUED", "IN_PROGRESS", "COMPLETED"])
    headers = {"X-Hume-Api-Key": server.api_key}
    # One client (one connection) per poller, like separate processes polling; they share an
    # SSL context only because building 300 of them would dominate the test.
    context = ssl.create_default_context()

    async def poll(job_id: str) -> list[tuple[int, str]]:
        seen = []
        async with httpx.AsyncClient(
            base_url=server.url, headers=headers, timeout=30, verify=context, trust_env=False
        ) as client:
            for _ in range(REQUESTS_EACH):
                response = await client.get(f"/v0/batch/jobs/{job_id}")
                seen.append((response.status_code, response.json()["job_id"]))
        return seen

    results = await asyncio.wait_for(
        asyncio.gather(*(poll(job.job_id) for job in jobs)), timeout=60
    )
    for job, seen in zip(jobs, results, strict=True):
        assert seen == [(200, job.job_id)] * REQUESTS_EACH
    assert server.store.stats["requests.get_job_details"] == POLLERS * REQUESTS_EACH
