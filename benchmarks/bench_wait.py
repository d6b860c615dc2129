"""3. Waiting at scale: ``client.wait_all`` on 1,000 jobs with randomised durations.

The mock (own process) seeds 1,000 jobs whose queue + run time is 12 s scaled per job by a
factor in [0.2, 1.8] (2.4-21.6 s). We wait for all of them with the default poll schedule and
record, for each job, when ``on_progress`` first saw it COMPLETED. Detection latency = that
moment minus the server's ``ended_timestamp_ms`` (both wall clocks of this machine). Every request
is counted by a counting httpx transport under the client.
"""

from __future__ import annotations

import statistics
import threading
import time
from typing import Any

import httpx

from ._common import Section, Skip
from .mockproc import mock_process

JOBS = 1000
QUEUE_SECONDS = 2.0
RUN_SECONDS = 10.0
JITTER = 0.8
CONCURRENCY = 16


class _Counting(httpx.HTTPTransport):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.count = 0
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.count += 1
        return super().handle_request(request)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(section: Section, *, quick: bool = False) -> None:
    try:
        from humebatch import Client, PollSchedule
    except ImportError as exc:
        raise Skip(f"the wrapper is not importable ({exc})") from None
    jobs = 200 if quick else JOBS
    schedule = PollSchedule()
    config = {
        "queue_seconds": QUEUE_SECONDS,
        "run_seconds": RUN_SECONDS,
        "duration_jitter": JITTER,
        "seed": 7,
    }
    with mock_process(config, seed={"n": jobs, "status": None}) as mock:
        transport = _Counting(limits=httpx.Limits(max_connections=CONCURRENCY * 2))
        client = Client(
            api_key=mock.key, base_url=mock.url, transport=transport, poll_schedule=schedule
        )
        noticed: dict[str, float] = {}

        def on_progress(details: Any) -> None:
            if str(details.state.status) == "COMPLETED":
                noticed.setdefault(str(details.job_id), time.time() * 1000)

        started_wall = time.time() * 1000
        started = time.monotonic()
        finals = client.wait_all(
            mock.jobs, concurrency=CONCURRENCY, timeout=120, on_progress=on_progress
        )
        wall = time.monotonic() - started
        client.close()
    ended = {str(d.job_id): d.state.ended_timestamp_ms for d in finals}
    completed = [str(d.job_id) for d in finals if str(d.state.status) == "COMPLETED"]
    if len(completed) != jobs:
        raise Skip(f"only {len(completed)} of {jobs} jobs completed on the mock")
    # A job that ended before we started waiting can only be noticed at our first poll.
    latency = [(noticed[j] - max(ended[j], started_wall)) / 1000 for j in completed]
    durations = [(ended[j] - started_wall) / 1000 for j in completed]
    p50, p95 = statistics.median(latency), _percentile(latency, 0.95)
    per_job = transport.count / jobs

    section.header = ("measure", "value")
    section.rows += [
        ("jobs (all COMPLETED)", f"{jobs:,}"),
        ("job durations from the start of waiting", f"{min(durations):.1f}-{max(durations):.1f} s"),
        ("wall time of wait_all", f"{wall:.1f} s"),
        ("requests", f"{transport.count:,} ({per_job:.1f} per job)"),
        ("detection latency p50 / p95 / max", f"{p50:.2f} s / {p95:.2f} s / {max(latency):.2f} s"),
        ("poll schedule", f"first {schedule.first} s, x{schedule.factor}, cap {schedule.cap} s"),
        ("requests in flight (concurrency)", f"at most {CONCURRENCY}"),
    ]
    section.goal(
        f"p95 detection latency ≤ the poll interval cap ({schedule.cap:g} s)",
        p95 <= schedule.cap,
        f"p95 {p95:.2f} s",
    )
    section.notes.append(
        "Requests per job: each job is polled at about 0, 0.5, 1.3, 2.6, 4.6, 7.9, 13, 21.5 s "
        "(x1.6 per poll, capped, up to 20% jitter so waiters do not poll in step), so a job "
        "lasting D seconds costs about 2 + log1.6(D / 0.5) requests while D is under a minute, "
        "then one per cap interval. Latency is at most the current interval by construction; "
        "a shorter cap trades more requests for lower latency."
    )
