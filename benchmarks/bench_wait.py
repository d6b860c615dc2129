"""3. Waiting at scale: 1,000 jobs with randomised durations, per-job polling vs list pages.

For each strategy a fresh mock (own process) seeds 1,000 jobs whose queue + run time is 12 s
scaled per job by a factor in [0.2, 1.8] (2.4-21.6 s), and we wait for all of them with the
default poll schedule, recording for each job when ``on_progress`` first saw it COMPLETED.
Detection latency = that moment minus the server's ``ended_timestamp_ms`` (both wall clocks of
this machine). Every request is counted by a counting httpx transport under the client.

- *per-job polling* is what ``wait_all`` did before (each job polled on its own schedule, 16
  requests in flight: `humebatch.polling.wait_many_sync`);
- *list pages* is ``wait_all`` now (`humebatch.watching`).
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from ._common import Section, Skip, log
from .mockproc import mock_process

JOBS = 1000
QUEUE_SECONDS = 2.0
RUN_SECONDS = 10.0
JITTER = 0.8
CONCURRENCY = 16
TIMEOUT = 120.0


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


@dataclass
class _Result:
    requests: int
    per_job: float
    wall: float
    p50: float
    p95: float
    worst: float
    durations: tuple[float, float]


def _per_job_polling(client: Any, ids: list[str], on_progress: Any) -> list[Any]:
    from humebatch.polling import WaitPlan, wait_many_sync

    handles = [client._job(j) for j in ids]
    plans = [
        WaitPlan(job_id=j.id, timeout=TIMEOUT, start=time.monotonic(), schedule=client._schedule)
        for j in handles
    ]
    fetchers = [j.refresh for j in handles]
    return wait_many_sync(plans, fetchers, concurrency=CONCURRENCY, on_progress=on_progress)


def _list_pages(client: Any, ids: list[str], on_progress: Any) -> list[Any]:
    return list(
        client.wait_all(ids, concurrency=CONCURRENCY, timeout=TIMEOUT, on_progress=on_progress)
    )


def _measure(strategy: Any, jobs: int, scale: float) -> _Result:
    """Wait for ``jobs`` jobs whose durations are the defaults' times ``scale``."""
    from humebatch import Client, PollSchedule

    config = {
        "queue_seconds": QUEUE_SECONDS * scale,
        "run_seconds": RUN_SECONDS * scale,
        "duration_jitter": JITTER,
        "seed": 7,
    }
    with mock_process(config, seed={"n": jobs, "status": None}) as mock:
        transport = _Counting(limits=httpx.Limits(max_connections=CONCURRENCY * 2))
        client = Client(
            api_key=mock.key, base_url=mock.url, transport=transport, poll_schedule=PollSchedule()
        )
        noticed: dict[str, float] = {}

        def on_progress(details: Any) -> None:
            if str(details.state.status) == "COMPLETED":
                noticed.setdefault(str(details.job_id), time.time() * 1000)

        started_wall = time.time() * 1000
        started = time.monotonic()
        finals = strategy(client, mock.jobs, on_progress)
        wall = time.monotonic() - started
        client.close()
    done = [d for d in finals if not isinstance(d, Exception)]
    ended = {str(d.job_id): d.state.ended_timestamp_ms for d in done}
    completed = [str(d.job_id) for d in done if str(d.state.status) == "COMPLETED"]
    if len(completed) != jobs:
        raise Skip(f"only {len(completed)} of {jobs} jobs completed on the mock")
    # A job that ended before we started waiting can only be noticed at our first request.
    latency = [(noticed[j] - max(ended[j], started_wall)) / 1000 for j in completed]
    durations = [(ended[j] - started_wall) / 1000 for j in completed]
    return _Result(
        requests=transport.count,
        per_job=transport.count / jobs,
        wall=wall,
        p50=statistics.median(latency),
        p95=_percentile(latency, 0.95),
        worst=max(latency),
        durations=(min(durations), max(durations)),
    )


def run(section: Section, *, quick: bool = False) -> None:
    try:
        from humebatch import PollSchedule
    except ImportError as exc:
        raise Skip(f"the wrapper is not importable ({exc})") from None
    jobs, scale = (200, 0.25) if quick else (JOBS, 1.0)  # quick: jobs a quarter as long
    log("  [wait] per-job polling (before)...")
    before = _measure(_per_job_polling, jobs, scale)
    log("  [wait] list pages (wait_all now)...")
    now = _measure(_list_pages, jobs, scale)
    schedule = PollSchedule()

    def both(cell: Any) -> tuple[str, str]:
        return cell(before), cell(now)

    section.header = ("measure", "per-job polling (before)", "list pages (`wait_all` now)")
    section.rows += [
        ("jobs (all COMPLETED)", f"{jobs:,}", f"{jobs:,}"),
        (
            "job durations from the start of waiting",
            *both(lambda r: f"{r.durations[0]:.1f}-{r.durations[1]:.1f} s"),
        ),
        ("wall time of the wait", *both(lambda r: f"{r.wall:.1f} s")),
        ("requests", *both(lambda r: f"{r.requests:,} ({r.per_job:.2f} per job)")),
        (
            "detection latency p50 / p95 / max",
            *both(lambda r: f"{r.p50:.2f} s / {r.p95:.2f} s / {r.worst:.2f} s"),
        ),
    ]
    section.goal(
        "list pages: ≤ 0.5 requests per job", now.per_job <= 0.5, f"{now.per_job:.2f} per job"
    )
    section.goal("list pages: p95 detection latency ≤ 3 s", now.p95 <= 3.0, f"p95 {now.p95:.2f} s")
    section.figure(
        "per-job polling (before), same jobs",
        f"{before.per_job:.2f} requests per job, p95 detection latency {before.p95:.2f} s",
    )
    section.notes.append(
        f"Both use the default poll schedule (first {schedule.first} s, x{schedule.factor}, cap "
        f"{schedule.cap} s) and at most {CONCURRENCY} requests in flight. Per-job polling costs "
        "about 2 + log1.6(D / 0.5) requests per job lasting D seconds. List pages cost a few "
        "requests per round whatever the number of jobs: discovery pages of the running jobs, "
        "then one page of the jobs that ended since the last round (sorted by end time, newest "
        "first); rounds come 0.5 s after a round that settled a job."
    )
