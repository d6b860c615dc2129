"""A bulk run against a server that forgets jobs, rate limits, or takes its time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from bulk_helpers import FAST_POLLS, assert_complete, patient_client
from humebatch import AsyncClient, RetryPolicy
from humebatch.bulk import JobsForgotten, SubmitGaveUp, collect_inputs, run_bulk
from humebatch.bulk._limiter import LimitedTransport, RequestLimiter
from humebatch.bulk._pipeline import set_step_hook
from humebatch.manifest import Manifest


def url_inputs(n: int) -> list[str]:
    return [f"https://media.example.test/srv-{i:03d}.jpg" for i in range(n)]


class Stop(Exception):
    """Raised by a step hook: the run stops there, as if the process had died."""


@pytest.fixture
def step_hook() -> Iterator[Callable[[Callable[[str], None] | None], None]]:
    yield set_step_hook
    set_step_hook(None)


def stop_after_submits(count: int) -> Callable[[str], None]:
    seen = {"submitted": 0}

    def hook(step: str) -> None:
        if step == "submitted":
            seen["submitted"] += 1
            if seen["submitted"] == count:
                raise Stop(f"stopped after {count} submits")

    return hook


# ---------------------------------------------------------------------- forgotten jobs (7)
def test_jobs_unknown_to_another_server_stop_the_run_without_failing_inputs(
    hume_mock_factory, tmp_path: Path, step_hook
) -> None:  # type: ignore[no-untyped-def]
    first = hume_mock_factory(run_seconds=30)  # the jobs are still running when it stops
    step_hook(stop_after_submits(2))
    inputs = collect_inputs(url_inputs(4))
    with pytest.raises(Stop):
        run_bulk(patient_client(first.url, first.api_key), inputs, tmp_path, batch_size=2)
    step_hook(None)
    with Manifest(tmp_path) as manifest:
        assert len(manifest.batches("submitted")) == 2, "the stop landed with jobs in flight"

    other = hume_mock_factory()  # another base URL: it never saw those jobs
    client = patient_client(other.url, other.api_key)
    with pytest.raises(
        JobsForgotten, match=rf"submitted them to {first.url}.*--resubmit-forgotten"
    ):
        run_bulk(client, inputs, tmp_path, batch_size=2)
    with Manifest(tmp_path) as manifest:
        counts = manifest.counts()
    assert (counts["errors"], counts["done"]) == (0, 0), "no input marked failed"
    assert other.store.stats["jobs_created"] == 0

    report = run_bulk(client, inputs, tmp_path, batch_size=2, resubmit_forgotten=True)
    assert (report.done, report.errors, report.forgotten_resubmitted) == (4, 0, 2)
    assert other.store.stats["jobs_created"] == 2, "only the forgotten batches, once each"
    assert_complete(tmp_path, 4)


def test_jobs_lost_by_the_same_server_say_so(hume_mock_factory, tmp_path: Path, step_hook) -> None:  # type: ignore[no-untyped-def]
    server = hume_mock_factory(run_seconds=30)
    client = patient_client(server.url, server.api_key)
    step_hook(stop_after_submits(1))
    inputs = collect_inputs(url_inputs(2))
    with pytest.raises(Stop):
        run_bulk(client, inputs, tmp_path)
    step_hook(None)
    server.store.reset()  # a restarted server: every job gone
    with pytest.raises(JobsForgotten, match="the server has lost it"):
        run_bulk(client, inputs, tmp_path)
    with Manifest(tmp_path) as manifest:
        assert manifest.counts()["errors"] == 0


# ---------------------------------------------------------------------- the retry bound (3)
def test_a_batch_that_keeps_getting_429_sends_a_bounded_number_of_posts(
    hume_mock_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    server = hume_mock_factory()
    # max_retries=8 for reads; it must not multiply the submits of the bulk run.
    policy = RetryPolicy(max_retries=8, initial_delay=0.01, max_delay=0.05)
    client = patient_client(server.url, server.api_key)
    client = type(client)(
        server.api_key,
        base_url=server.url,
        retry_policy=policy,
        poll_schedule=FAST_POLLS,
        default_headers={"X-Mock-Fault": "status=429; retry_after=0"},
    )
    with pytest.raises(SubmitGaveUp, match="3 submit attempts"):
        run_bulk(client, collect_inputs(url_inputs(4)), tmp_path, batch_size=2, submit_attempts=3)
    posts = server.store.stats["requests.start_inference_job"]
    assert posts == 2 * 3, "3 POSTs per batch in this run, rounds and transport retries included"
    assert server.store.stats["jobs_created"] == 0
    with Manifest(tmp_path) as manifest:
        assert [b.state for b in manifest.batches()] == ["planned", "planned"]


# ---------------------------------------------------------------------- one shared limiter (1)
async def test_a_429_pauses_every_sender() -> None:
    sent: list[tuple[str, float]] = []
    first = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, time.monotonic()))
        if request.url.path == "/limited":
            first.set()
            return httpx.Response(429, headers={"Retry-After": "0.3"})
        return httpx.Response(200)

    limiter = RequestLimiter(max_requests=4)
    transport = LimitedTransport(httpx.MockTransport(handler), limiter)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        limited = await http.get("/limited")
        assert limited.status_code == 429
        answered = time.monotonic()
        await asyncio.gather(*(http.get(f"/other-{i}") for i in range(3)))
    assert limiter.pauses == 1
    others = [t for path, t in sent if path.startswith("/other")]
    assert len(others) == 3
    assert min(others) >= answered + 0.3 - 0.01, "nobody sent during the server's pause"


async def test_requests_in_flight_are_capped() -> None:
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200)

    transport = LimitedTransport(httpx.MockTransport(handler), RequestLimiter(max_requests=3))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        await asyncio.gather(*(http.get(f"/r{i}") for i in range(20)))
    assert peak == 3


# ---------------------------------------------------------------------- jobs in flight (1)
def test_every_job_in_flight_before_the_first_ends(hume_mock_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The old runner kept 4 jobs in flight: 12 jobs took 3 job-durations at least."""
    server = hume_mock_factory(queue_seconds=0.0, run_seconds=2.0)
    client = patient_client(server.url, server.api_key)
    texts = [f"sentence number {i}" for i in range(12)]
    report = run_bulk(client, collect_inputs(texts=texts), tmp_path, batch_size=1)
    assert report.done == 12
    jobs = list(client.jobs())
    assert len(jobs) == 12
    created = [int(j.details.state.created_timestamp_ms) for j in jobs if j.details]
    ended = [int(j.details.state.ended_timestamp_ms) for j in jobs if j.details]  # type: ignore[union-attr]
    assert max(created) < min(ended), "all 12 submitted before the first finished"


async def test_async_client_runs_on_the_callers_loop(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async with AsyncClient(
        hume_mock.api_key, base_url=hume_mock.url, poll_schedule=FAST_POLLS
    ) as client:
        report = await client.run(url_inputs(3), tmp_path, batch_size=2)
    assert (report.done, report.jobs) == (3, 2)
    assert_complete(tmp_path, 3)
