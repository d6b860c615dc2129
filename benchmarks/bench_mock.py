"""5. Mock server throughput: job-detail polling from a bounded asyncio load loop.

The mock (one uvicorn process, h11) serves GET /v0/batch/jobs/{id} for 100 seeded jobs while an
``httpx.AsyncClient`` in this process keeps ``c`` requests in flight until a fixed number has
been answered. Both share the machine's 2 cores, so the figures are what one mock process
sustains next to its load generator, not the server alone.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx

from ._common import Section, fmt_seconds
from .mockproc import mock_process

LEVELS = (1, 8, 32)
REQUESTS = 3000
SECONDS = 8.0  # per level, whichever comes first: the loop is bounded in count and time


async def _load(url: str, key: str, jobs: list[str], in_flight: int, total: int) -> list[float]:
    latencies: list[float] = []
    issued = 0
    deadline = time.monotonic() + SECONDS
    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    async with httpx.AsyncClient(
        base_url=url, headers={"X-Hume-Api-Key": key}, limits=limits, timeout=30
    ) as client:

        async def worker() -> None:
            nonlocal issued
            while issued < total and time.monotonic() < deadline:
                job = jobs[issued % len(jobs)]
                issued += 1
                start = time.perf_counter()
                response = await client.get(f"/v0/batch/jobs/{job}")
                response.raise_for_status()
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(worker() for _ in range(in_flight)))
    return latencies


def run(section: Section, *, quick: bool = False) -> None:
    total = 500 if quick else REQUESTS
    section.header = ("requests in flight", "requests/s", "latency p50", "latency p99")
    with mock_process(seed={"n": 100, "statuses": ["QUEUED", "IN_PROGRESS", "COMPLETED"]}) as m:
        asyncio.run(_load(m.url, m.key, m.jobs, 4, 200))  # warm-up
        for level in LEVELS:
            start = time.perf_counter()
            latencies = asyncio.run(_load(m.url, m.key, m.jobs, level, total))
            elapsed = time.perf_counter() - start
            ordered = sorted(latencies)
            section.rows.append(
                (
                    str(level),
                    f"{len(latencies) / elapsed:,.0f}",
                    fmt_seconds(statistics.median(ordered)),
                    fmt_seconds(ordered[int(0.99 * (len(ordered) - 1))]),
                )
            )
    section.notes.append(
        f"Up to {total:,} requests or {SECONDS:g} s per level, over keep-alive connections; no "
        "rate limit or faults. The mock's own bookkeeping (state derived from the clock, JSON "
        "rendering) runs per request, as in tests. Throughput falling with more requests in "
        "flight is the two processes competing for 2 cores (the httpx asyncio load loop costs "
        "about as much CPU per request as the server), not a server limit on connections."
    )
