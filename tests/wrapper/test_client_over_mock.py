"""Client and AsyncClient against the embedded mock server, over real HTTP on 127.0.0.1.

Covers every method end to end, each terminal state, the timeout, wait_all over 200+ jobs,
paging over 1,000+ jobs, and faults injected by the server (``X-Mock-Fault`` and random fault
rates) with the mock's own counters proving that no job was ever created twice.
"""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fake_batch_api import FAST, FAST_RETRY, collect, resolve
from humebatch import (
    AmbiguousSubmitError,
    APIConnectionError,
    AsyncClient,
    AuthenticationError,
    Client,
    HumeBatchError,
    JobFailed,
    JobTimeout,
    NotFoundError,
    RateLimitError,
)

pytest.importorskip("humebatch_mock")

from humebatch_mock import MockConfig, MockServer

KEY = "mock-key-Zx9-never-print-me"
URL = "https://example.com/face.jpg"
MODES = ["sync", "async"]


def connect(server: MockServer, mode: str, **kwargs: Any) -> Any:
    kind = Client if mode == "sync" else AsyncClient
    options: dict[str, Any] = {
        "api_key": KEY,
        "base_url": server.url,
        "poll_schedule": FAST,
        "retry_policy": FAST_RETRY,
    }
    return kind(**{**options, **kwargs})


@pytest.fixture(scope="module")
def server() -> Any:
    with MockServer(MockConfig(api_keys={KEY}, queue_seconds=0.02, run_seconds=0.05)) as s:
        yield s


@pytest.fixture
def fresh(server: MockServer) -> MockServer:
    server.reset()
    return server


def created(server: MockServer) -> int:
    return int(server.store.stats["jobs_created"])


@pytest.mark.parametrize("mode", MODES)
async def test_full_flow(fresh: MockServer, mode: str, tmp_path: Path) -> None:
    media = tmp_path / "voice.wav"
    media.write_bytes(b"RIFF" + b"\0" * 4000)
    client = connect(fresh, mode)
    job = await resolve(
        client.submit(
            urls=[URL],
            text=["What a wonderful day"],
            files=[media],
            models={"face": {}, "prosody": {}, "language": {"granularity": "word"}},
        )
    )
    seen: list[str] = []
    final = await resolve(job.wait(timeout=30, on_progress=lambda d: seen.append(d.state.status)))
    assert str(final.state.status) == "COMPLETED" and seen[-1] == "COMPLETED"
    assert [f.filename for f in final.request.files] == ["voice.wav"]
    again = await resolve(client.get_job(job.id))
    assert again == job and str(again.status) == "COMPLETED"
    preds = await resolve(job.predictions())
    raw = json.loads(await resolve(job.predictions_bytes()))
    scored = [  # every prediction that carries emotions, counted from the raw body
        p
        for source in raw
        for file in source["results"]["predictions"]
        for model in file["models"].values()
        for group in model["grouped_predictions"]
        for p in group["predictions"]
        if p.get("emotions")
    ]
    top = preds.top_emotions(3)
    assert len(scored) > 0
    assert len(top) == len(scored)
    for record in top:
        scores = [score for _, score in record.emotions]
        assert len(scores) == 3 and scores == sorted(scores, reverse=True)
    path = await resolve(job.download_artifacts(tmp_path))
    assert zipfile.is_zipfile(path)
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert created(fresh) == 1
    await resolve(client.close())


@pytest.mark.parametrize("mode", MODES)
async def test_failed_job(fresh: MockServer, mode: str) -> None:
    client = connect(fresh, mode)
    job = await resolve(client.submit(urls=["https://example.com/fail.mp4"]))
    with pytest.raises(JobFailed) as info:
        await resolve(job.wait(timeout=30))
    assert info.value.server_message and info.value.job_id == job.id


@pytest.mark.parametrize("mode", MODES)
async def test_timeout_then_resume(mode: str) -> None:
    config = MockConfig(api_keys={KEY}, queue_seconds=0.3, run_seconds=0.05)
    with MockServer(config) as slow:
        client = connect(slow, mode)
        job = await resolve(client.submit(text=["hello"]))
        with pytest.raises(JobTimeout, match="get_job"):
            await resolve(job.wait(timeout=0.05))
        resumed = await resolve(client.get_job(job.id))
        final = await resolve(resumed.wait(timeout=30))
        assert str(final.state.status) == "COMPLETED"


@pytest.mark.parametrize("mode", MODES)
async def test_not_found_and_bad_key(fresh: MockServer, mode: str) -> None:
    client = connect(fresh, mode)
    with pytest.raises(NotFoundError):
        await resolve(client.get_job("6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"))
    with pytest.raises(AuthenticationError):
        await resolve(
            connect(fresh, mode, api_key="wrong").get_job("6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11")
        )


@pytest.mark.parametrize("mode", MODES)
async def test_paging_over_a_thousand_jobs_with_ties(fresh: MockServer, mode: str) -> None:
    fresh.create_jobs(1100, spacing_ms=1, end_ms=1_700_000_001_000)
    fresh.create_jobs(130, spacing_ms=0, end_ms=1_700_000_000_500)  # 130 jobs in one ms
    client = connect(fresh, mode)
    jobs = await collect(client.jobs(page_size=100))
    ids = [j.id for j in jobs]
    assert len(ids) == len(set(ids)) == 1230 == len(fresh.store.jobs)
    stamps = [j.details.state.created_timestamp_ms for j in jobs]
    assert stamps == sorted(stamps, reverse=True)
    failed = await collect(client.jobs(status=["FAILED"]))
    assert failed == []


@pytest.mark.parametrize("mode", MODES)
async def test_wait_all_over_two_hundred_jobs(fresh: MockServer, mode: str) -> None:
    jobs = fresh.create_jobs(210, status=None, statuses=None)
    fresh.create_jobs(5, status="FAILED")
    ids = [j.job_id for j in jobs]
    client = connect(fresh, mode)
    results = await resolve(client.wait_all(ids, concurrency=16, timeout=60))
    assert [str(r.job_id) for r in results] == ids
    assert all(str(r.state.status) == "COMPLETED" for r in results)


# --------------------------------------------------------------------------- faults


@pytest.mark.parametrize("mode", MODES)
async def test_dropped_submit_is_ambiguous_and_never_duplicated(
    fresh: MockServer, mode: str
) -> None:
    client = connect(fresh, mode, default_headers={"X-Mock-Fault": "drop"})
    with pytest.raises(AmbiguousSubmitError, match=r"client\.jobs\(when='created_after'") as info:
        await resolve(client.submit(urls=[URL]))
    assert created(fresh) == 1  # the server made it; we did not make a second
    assert info.value.sent_at_ms is not None
    since = info.value.sent_at_ms - 1
    found = await collect(connect(fresh, mode).jobs(when="created_after", timestamp_ms=since))
    assert [j.id for j in found] == list(fresh.store.jobs)  # the hint finds the job


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", ["after_status=502", "status=503; retry_after=0"])
async def test_submit_5xx_is_ambiguous_not_retried(
    fresh: MockServer, mode: str, fault: str
) -> None:
    client = connect(fresh, mode, default_headers={"X-Mock-Fault": fault})
    with pytest.raises(AmbiguousSubmitError):
        await resolve(client.submit(urls=[URL]))
    assert fresh.store.snapshot()["requests"]["start_inference_job"] == 1  # sent once, no retry
    assert created(fresh) == (1 if fault.startswith("after") else 0)


@pytest.mark.parametrize("mode", MODES)
async def test_submit_429_is_retried_then_reported(fresh: MockServer, mode: str) -> None:
    client = connect(fresh, mode, default_headers={"X-Mock-Fault": "status=429; retry_after=0"})
    with pytest.raises(RateLimitError):
        await resolve(client.submit(urls=[URL]))
    assert created(fresh) == 0


@pytest.mark.parametrize("mode", MODES)
async def test_random_faults_never_duplicate_jobs(mode: str) -> None:
    config = MockConfig(
        api_keys={KEY},
        queue_seconds=0.01,
        run_seconds=0.02,
        fault_rate=0.2,
        fault_statuses=(502, 503),
        fault_429_rate=0.1,
        fault_429_burst=2,
        fault_retry_after=0,
        fault_drop_rate=0.1,
        seed=11,
    )
    with MockServer(config) as flaky:
        client = connect(
            flaky,
            mode,
            retry_policy=FAST_RETRY.__class__(max_retries=6, initial_delay=0.001, max_delay=0.004),
        )
        ok: list[Any] = []
        ambiguous = 0
        for i in range(40):
            try:
                ok.append(await resolve(client.submit(text=[f"text {i}"])))
            except AmbiguousSubmitError:
                ambiguous += 1
            except (RateLimitError, APIConnectionError):
                # Faults beyond the retry budget that provably created nothing (a connection
                # refused, a 429 before the server acted); any other error fails the test.
                continue
        assert ok, "some submissions must get through"
        assert len({j.id for j in ok}) == len(ok)
        # Every created job is one we got back, or one we were told might exist: no duplicates.
        assert len(ok) <= created(flaky) <= len(ok) + ambiguous
        results = await resolve(client.wait_all(ok, timeout=60, return_exceptions=True))
        assert sum(not isinstance(r, HumeBatchError) for r in results) >= len(ok) * 0.8
        listed = await collect(client.jobs())
        assert {j.id for j in ok} <= {j.id for j in listed}


@pytest.mark.parametrize("mode", MODES)
async def test_key_never_logged_over_real_http(
    fresh: MockServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = connect(fresh, mode)
    job = await resolve(client.submit(urls=[URL]))
    await resolve(job.wait(timeout=30))
    with pytest.raises(AuthenticationError) as info:
        await resolve(connect(fresh, mode, api_key=KEY + "-x").get_job(job.id))
    # Logging was really on, down to httpx and httpcore, so a key there would have shown.
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    assert any(r.name == "httpx" and "HTTP Request" in r.getMessage() for r in caplog.records)
    for text in (caplog.text, repr(client), repr(job), str(info.value), repr(info.value)):
        assert KEY not in text
