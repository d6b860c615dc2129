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
import psutil

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


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return float(times.user + times.system)


def run(section: Section, *, quick: bool = False) -> None:
    total = 500 if quick else REQUESTS
    section.header = (
        "requests in flight",
        "requests/s",
        "latency p50",
        "latency p99",
        "server CPU / request",
        "load loop CPU / request",
        "server-bound estimate",
    )
    loop_bound = True
    with mock_process(seed={"n": 100, "statuses": ["QUEUED", "IN_PROGRESS", "COMPLETED"]}) as m:
        asyncio.run(_load(m.url, m.key, m.jobs, 4, 200))  # warm-up
        server, client = psutil.Process(m.pid), psutil.Process()
        for level in LEVELS:
            server_cpu, client_cpu = _cpu(server), _cpu(client)
            start = time.perf_counter()
            latencies = asyncio.run(_load(m.url, m.key, m.jobs, level, total))
            elapsed = time.perf_counter() - start
            server_cpu, client_cpu = _cpu(server) - server_cpu, _cpu(client) - client_cpu
            loop_bound = loop_bound and client_cpu > server_cpu
            ordered = sorted(latencies)
            section.rows.append(
                (
                    str(level),
                    f"{len(latencies) / elapsed:,.0f}",
                    fmt_seconds(statistics.median(ordered)),
                    fmt_seconds(ordered[int(0.99 * (len(ordered) - 1))]),
                    fmt_seconds(server_cpu / len(latencies)),
                    fmt_seconds(client_cpu / len(latencies)),
                    f"{len(latencies) / server_cpu:,.0f} req/s" if server_cpu else "n/a",
                )
            )
    section.notes.append(
        f"Up to {total:,} requests or {SECONDS:g} s per level, over keep-alive connections; no "
        "rate limit or faults. The mock's own bookkeeping (state derived from the clock, JSON "
        "rendering) runs per request, as in tests. Both processes share the 2 cores; the CPU "
        "columns say where the time goes, and the estimate is what one mock process could serve "
        "if its CPU per request were the only cost (one core, no load loop beside it)."
    )
    if loop_bound:
        section.notes.append(
            "Here the load loop (httpx asyncio client) spent more CPU per request than the mock "
            "at every level: the requests/s column is bounded by the load generator, not the mock."
        )
