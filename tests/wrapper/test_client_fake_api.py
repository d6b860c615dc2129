"""Client and AsyncClient over the in-memory fake API: every method, each terminal state, errors.

Each test runs twice, once per client (the ``client`` fixture); ``resolve`` awaits when needed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_batch_api import (
    API_KEY,
    BASE_URL,
    FAST,
    FAST_RETRY,
    FakeAPI,
    collect,
    deliver_then,
    predictions_body,
    raise_fault,
    resolve,
    status_fault,
)
from humebatch import (
    AmbiguousSubmitError,
    APIConnectionError,
    APITimeoutError,
    AsyncClient,
    AuthenticationError,
    BadRequestError,
    Client,
    Face,
    HumeBatchError,
    JobFailed,
    JobTimeout,
    Models,
    NotFoundError,
    PayloadTooLargeError,
    Predictions,
    RateLimitError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    WaitAllError,
)

URL = "https://example.com/a.jpg"


def make(api: FakeAPI, kind: type, **kwargs: Any) -> Any:
    options: dict[str, Any] = {
        "api_key": API_KEY,
        "base_url": BASE_URL,
        "poll_schedule": FAST,
        "transport": api.transport(),
        "retry_policy": FAST_RETRY,
    }
    return kind(**{**options, **kwargs})


@pytest.fixture(params=[Client, AsyncClient], ids=["sync", "async"])
def fast_client(request: pytest.FixtureRequest, api: FakeAPI) -> Any:
    """Like ``client``, with millisecond retry backoff."""
    return make(api, request.param)


# --------------------------------------------------------------------------- happy paths


async def test_submit_urls_sends_the_config_as_json(client: Any, api: FakeAPI) -> None:
    job = await resolve(
        client.submit(urls=[URL], models={"face": {"fps_pred": 1}}, transcription=None)
    )
    assert str(job.status) == "QUEUED"
    sent = json.loads(api.requests[0].content)
    assert sent == {
        "urls": [URL],
        "models": {"face": {"fps_pred": 1}},
        "transcription": None,
        "notify": False,
    }
    assert api.requests[0].headers["x-hume-api-key"] == API_KEY
    assert job.id in api.jobs


async def test_submit_accepts_typed_models(client: Any, api: FakeAPI) -> None:
    face = Models(face=Face(min_face_size=20))
    await resolve(client.submit(urls=["https://example.com/a.jpg"], models=face))
    sent = json.loads(api.requests[0].content)
    assert sent["models"]["face"]["min_face_size"] == 20
    assert sent["urls"] == ["https://example.com/a.jpg"]


async def test_submit_files_as_multipart_with_a_random_boundary(
    client: Any, api: FakeAPI, tmp_path: Path
) -> None:
    media = tmp_path / "face.jpg"
    media.write_bytes(b"\xff\xd8\xff" + b"+++" * 50)
    await resolve(
        client.submit(files=[media, ("b.wav", b"RIFF...."), ("c.txt", io.BytesIO(b"hi"))])
    )
    await resolve(client.submit(files=[media]))
    first, second = api.uploads
    assert first["files"] == 3 and first["config"] == {"notify": False}
    assert first["boundary"] != b"+++" and first["boundary"] != second["boundary"]
    assert b"+++" * 50 in api.requests[0].content  # the file went through intact


async def test_get_job_refresh_and_status(client: Any, api: FakeAPI) -> None:
    job_id = api.add_job(script=["IN_PROGRESS", "COMPLETED"])
    job = await resolve(client.get_job(job_id.upper()))  # any UUID spelling
    assert job.id == job_id
    assert str(job.status) == "IN_PROGRESS"
    details = await resolve(job.refresh())
    assert str(details.state.status) == "COMPLETED" and job.details is details
    assert details.additional_properties["user_id"] == "extra-key-ignored"


async def test_wait_completed_reports_progress(client: Any, api: FakeAPI) -> None:
    job = await resolve(client.submit(urls=[URL]))
    seen: list[str] = []
    final = await resolve(job.wait(timeout=30, on_progress=lambda d: seen.append(d.state.status)))
    assert str(final.state.status) == "COMPLETED"
    assert seen == ["QUEUED", "IN_PROGRESS", "COMPLETED"]


async def test_wait_failed_raises_with_the_server_message(client: Any, api: FakeAPI) -> None:
    job_id = api.add_job(script=["QUEUED", "FAILED"])
    job = await resolve(client.get_job(job_id))
    with pytest.raises(JobFailed, match="media could not be decoded") as info:
        await resolve(job.wait(timeout=30))
    assert info.value.job_id == job_id


async def test_wait_timeout_says_how_to_resume(client: Any, api: FakeAPI) -> None:
    job_id = api.add_job(script=["QUEUED"])
    job = await resolve(client.get_job(job_id))
    with pytest.raises(JobTimeout) as info:
        await resolve(job.wait(timeout=0.05))
    assert f"client.get_job('{job_id}').wait()" in str(info.value)
    assert info.value.job_id == job_id


async def test_predictions(client: Any, api: FakeAPI) -> None:
    job_id = api.add_job(script=["COMPLETED"])
    job = await resolve(client.get_job(job_id))
    preds = await resolve(job.predictions())
    assert isinstance(preds, Predictions)
    # The expected answer, computed independently from the same body with the json module.
    expected = [
        [(e["name"], e["score"]) for e in sorted(p["emotions"], key=lambda e: -e["score"])[:2]]
        for source in json.loads(predictions_body())
        for file in source["results"]["predictions"]
        for group in file["models"]["face"]["grouped_predictions"]
        for p in group["predictions"]
    ]
    assert len(expected) == 1  # the fixture has one face prediction: never vacuous
    assert [list(t.emotions) for t in preds.top_emotions(2)] == expected


async def test_truncated_predictions_body_is_a_typed_error(client: Any, api: FakeAPI) -> None:
    job = await resolve(client.get_job(api.add_job(script=["COMPLETED"])))
    api.fail_next(status_fault(200, b'[{"source": {"type": "url", "url": "https://exa'))
    with pytest.raises(HumeBatchError, match="predictions"):
        await resolve(job.predictions())
    raw = await resolve(job.predictions_bytes())
    assert raw == predictions_body()


async def test_job_handles_compare_by_id(client: Any, api: FakeAPI) -> None:
    job_id = api.add_job()
    a, b = await resolve(client.get_job(job_id)), await resolve(client.get_job(job_id))
    assert (
        a == b
        and len({a, b}) == 1
        and repr(a) == f"{type(a).__name__}(id={job_id!r}, status='QUEUED')"
    )


async def test_predictions_of_an_unfinished_job_is_a_bad_request(client: Any, api: FakeAPI) -> None:
    job = await resolve(client.get_job(api.add_job(script=["QUEUED"])))
    with pytest.raises(BadRequestError, match="job is QUEUED"):
        await resolve(job.predictions())


async def test_download_artifacts_to_a_file_or_folder(
    client: Any, api: FakeAPI, tmp_path: Path
) -> None:
    job = await resolve(client.get_job(api.add_job(script=["COMPLETED"])))
    path = await resolve(job.download_artifacts(tmp_path / "out.zip"))
    assert path == tmp_path / "out.zip" and path.read_bytes() == api.artifacts
    in_folder = await resolve(job.download_artifacts(tmp_path))
    assert in_folder == tmp_path / f"{job.id}-artifacts.zip"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.zip", in_folder.name])


async def test_download_failure_leaves_no_file(client: Any, api: FakeAPI, tmp_path: Path) -> None:
    job = await resolve(client.get_job(api.add_job(script=["QUEUED"])))
    with pytest.raises(BadRequestError):
        await resolve(job.download_artifacts(tmp_path / "out.zip"))
    assert list(tmp_path.iterdir()) == []


async def test_download_dropped_mid_stream_leaves_no_partial_file(
    api: FakeAPI, tmp_path: Path
) -> None:
    class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Any:
            yield b"PK partial"
            raise httpx.ReadError("connection reset")

        async def __aiter__(self) -> Any:
            yield b"PK partial"
            raise httpx.ReadError("connection reset")

    job_id = api.add_job(script=["COMPLETED"])
    api.fail_next(lambda r: httpx.Response(200, stream=Broken()), times=10)
    client = make(api, Client, retry_policy=RetryPolicy(max_retries=1, initial_delay=0.001))
    with pytest.raises(APIConnectionError):
        client._job(job_id).download_artifacts(tmp_path / "a.zip")
    assert list(tmp_path.iterdir()) == []


async def test_jobs_yields_every_job_once(client: Any, api: FakeAPI) -> None:
    ids = {api.add_job() for _ in range(25)}
    jobs = await collect(client.jobs(page_size=7))
    assert [j.id for j in jobs] == sorted(ids, key=lambda i: -api.jobs[i].created_ms)
    assert all(j.details is not None for j in jobs)


async def test_jobs_limit_and_status_filter(client: Any, api: FakeAPI) -> None:
    for _ in range(5):
        api.add_job(script=["COMPLETED"])
    failed = {api.add_job(script=["FAILED"]) for _ in range(3)}
    assert len(await collect(client.jobs(limit=4, page_size=2))) == 4
    got = await collect(client.jobs(status=["FAILED"]))
    assert {j.id for j in got} == failed
    assert api.list_calls[-1]["status"] == "FAILED"


async def test_jobs_created_after_walks_forward(client: Any, api: FakeAPI) -> None:
    ids = [api.add_job(created_ms=1000 + i) for i in range(10)]
    got = await collect(client.jobs(when="created_after", timestamp_ms=1003, page_size=3))
    assert [j.id for j in got] == ids[4:]


async def test_jobs_survive_a_page_of_ties(client: Any, api: FakeAPI) -> None:
    tied = {api.add_job(created_ms=5000) for _ in range(9)}
    older = {api.add_job(created_ms=4000 + i) for i in range(4)}
    jobs = await collect(client.jobs(page_size=3))
    assert sorted(j.id for j in jobs) == sorted(tied | older)
    assert len(jobs) == len(tied | older)


async def test_jobs_fail_clearly_when_ties_exceed_the_largest_page(api: FakeAPI) -> None:
    for _ in range(5):
        api.add_job(created_ms=5000)
    from humebatch.jobs import JobPager

    client = make(api, Client)
    pager = JobPager(page_size=2, max_page_size=4)
    with pytest.raises(HumeBatchError, match="share the creation time 5000") as info:
        list(client._iter_jobs(pager))
    assert type(info.value) is HumeBatchError


async def test_wait_all_in_input_order(client: Any, api: FakeAPI) -> None:
    jobs = [await resolve(client.submit(urls=[URL])) for _ in range(5)]
    ids = [j.id for j in jobs[:3]] + jobs[3:]  # ids and handles mixed
    results = await resolve(client.wait_all(ids, concurrency=2, timeout=30))
    assert [str(r.job_id) for r in results] == [j.id for j in jobs]
    assert all(str(r.state.status) == "COMPLETED" for r in results)


async def test_wait_all_keeps_results_when_some_fail(client: Any, api: FakeAPI) -> None:
    ok = api.add_job(script=["QUEUED", "COMPLETED"])
    bad = api.add_job(script=["FAILED"])
    stuck = api.add_job(script=["QUEUED"])
    with pytest.raises(WaitAllError) as info:
        await resolve(client.wait_all([ok, bad, stuck], timeout=0.2))
    assert set(info.value.errors) == {bad, stuck}
    assert isinstance(info.value.errors[bad], JobFailed)
    assert isinstance(info.value.errors[stuck], JobTimeout)
    assert str(info.value.results[0].state.status) == "COMPLETED"
    mixed = await resolve(client.wait_all([ok, bad], return_exceptions=True))
    assert str(mixed[0].state.status) == "COMPLETED" and isinstance(mixed[1], JobFailed)


async def test_wait_all_hundreds_of_jobs_bounded_in_flight(api: FakeAPI) -> None:
    import asyncio
    import threading

    ids = [api.add_job() for _ in range(220)]
    in_flight = peak = 0
    lock = threading.Lock()
    inner = api.handle

    def counting(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            return inner(request)
        finally:
            with lock:
                in_flight -= 1

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0)
        try:
            return inner(request)
        finally:
            in_flight -= 1

    sync_client = make(api, Client, transport=httpx.MockTransport(counting))
    results = sync_client.wait_all(ids, concurrency=6, timeout=60)
    assert len(results) == 220 and all(str(r.state.status) == "COMPLETED" for r in results)
    assert 1 <= peak <= 6
    for job in api.jobs.values():
        job.polls = 0
    peak = 0
    async_client = make(api, AsyncClient, transport=httpx.MockTransport(slow))
    results = await async_client.wait_all(ids, concurrency=6, timeout=60)
    assert len(results) == 220 and all(str(r.state.status) == "COMPLETED" for r in results)
    assert 1 <= peak <= 6


async def test_context_managers_close() -> None:
    api = FakeAPI()
    with make(api, Client) as c:
        assert not c._transport._http.is_closed
    assert c._transport._http.is_closed
    async with make(api, AsyncClient) as ac:
        assert not ac._transport._http.is_closed
    assert ac._transport._http.is_closed


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("status", "body", "error", "text"),
    [
        (400, {"message": "too many urls"}, BadRequestError, "too many urls"),
        (401, {"fault": {"faultstring": "Invalid ApiKey"}}, AuthenticationError, "Invalid ApiKey"),
        (404, {"message": "job not found"}, NotFoundError, "job not found"),
        (413, {"message": "file too large"}, PayloadTooLargeError, "file too large"),
        (429, {"message": "rate limit exceeded"}, RateLimitError, "rate limit exceeded"),
        (500, {"message": "internal server error"}, ServerError, "internal server error"),
        (503, b"<html><body>Bad gateway</body></html>", ServerError, "non-JSON body"),
        (418, {"message": "teapot"}, UnexpectedResponseError, "teapot"),
        (302, b"", UnexpectedResponseError, "HTTP 302"),
    ],
)
async def test_statuses_map_to_typed_errors(
    fast_client: Any, api: FakeAPI, status: int, body: Any, error: type, text: str
) -> None:
    job_id = api.add_job()
    api.fail_next(status_fault(status, body), times=5)
    with pytest.raises(error, match=text) as info:
        await resolve(fast_client.get_job(job_id))
    assert info.value.status == status


async def test_html_proxy_page_is_a_clear_error(fast_client: Any, api: FakeAPI) -> None:
    page = b"<!DOCTYPE html><html><title>502 Bad Gateway</title></html>"
    api.fail_next(status_fault(502, page, {"content-type": "text/html"}), times=5)
    with pytest.raises(ServerError) as info:
        await resolve(fast_client.get_job(api.add_job()))
    assert "text/html" in str(info.value) and "502 Bad Gateway" in str(info.value)


@pytest.mark.parametrize(
    "body", [b"{", b'{"job_id": "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"}', b"[]", b"null", b""]
)
async def test_malformed_200_is_unexpected_response(
    fast_client: Any, api: FakeAPI, body: bytes
) -> None:
    api.fail_next(status_fault(200, body))
    with pytest.raises(UnexpectedResponseError, match=r"does not match|unexpected body"):
        await resolve(fast_client.get_job(api.add_job()))


async def test_malformed_list_page_is_unexpected_response(fast_client: Any, api: FakeAPI) -> None:
    api.fail_next(status_fault(200, b'[{"job_id": 1}]'))
    with pytest.raises(UnexpectedResponseError):
        await collect(fast_client.jobs())


async def test_wrong_key_is_an_authentication_error(api: FakeAPI) -> None:
    client = make(api, Client, api_key="wrong")
    with pytest.raises(AuthenticationError, match="HUME_API_KEY"):
        client.get_job(api.add_job())


# --------------------------------------------------------------------------- retries


async def test_reads_retry_transient_faults(fast_client: Any, api: FakeAPI) -> None:
    job_id = api.add_job()
    api.fail_next(status_fault(503, headers={"Retry-After": "0"}))
    api.fail_next(raise_fault(httpx.ReadTimeout))
    job = await resolve(fast_client.get_job(job_id))
    assert job.id == job_id and len(api.requests) == 3


async def test_reads_give_up_after_max_retries(fast_client: Any, api: FakeAPI) -> None:
    api.fail_next(raise_fault(httpx.ConnectError), times=10)
    with pytest.raises(APIConnectionError, match="after 3 attempts"):
        await resolve(fast_client.get_job(api.add_job()))
    assert len(api.requests) == 3


async def test_read_timeouts_become_api_timeout_error(fast_client: Any, api: FakeAPI) -> None:
    api.fail_next(raise_fault(httpx.ReadTimeout), times=10)
    with pytest.raises(APITimeoutError):
        await resolve(fast_client.get_job(api.add_job()))


@pytest.mark.parametrize(
    "fault",
    [raise_fault(httpx.ConnectError), raise_fault(httpx.ConnectTimeout), status_fault(429)],
    ids=["connect-error", "connect-timeout", "429"],
)
async def test_submit_retries_when_provably_not_processed(
    fast_client: Any, api: FakeAPI, fault: Any
) -> None:
    api.fail_next(fault, method="POST", times=2)
    job = await resolve(fast_client.submit(urls=[URL]))
    assert api.creates == 1 and job.id in api.jobs
    assert sum(r.method == "POST" for r in api.requests) == 3


async def test_submit_upload_retry_resends_the_whole_file(
    fast_client: Any, api: FakeAPI, tmp_path: Path
) -> None:
    media = tmp_path / "a.jpg"
    media.write_bytes(b"0123456789" * 1000)
    stream = io.BytesIO(b"abcdef" * 100)
    api.fail_next(status_fault(429, headers={"Retry-After": "0"}), method="POST")
    await resolve(fast_client.submit(files=[media, ("b.bin", stream)]))
    assert api.creates == 1
    first, second = (r.content for r in api.requests if r.method == "POST")
    for body in (first, second):  # each attempt carried both files whole, from their start
        assert body.count(b"0123456789" * 1000) == 1
        assert body.count(b"abcdef" * 100) == 1
    assert len(first) == len(second)


@pytest.mark.parametrize(
    "fault",
    [
        raise_fault(httpx.ReadTimeout),
        raise_fault(httpx.RemoteProtocolError, "Server disconnected"),
        raise_fault(httpx.WriteError),
        status_fault(502),
        status_fault(503, headers={"Retry-After": "0"}),
        status_fault(500),
    ],
    ids=["read-timeout", "dropped", "write-error", "502", "503", "500"],
)
async def test_submit_never_retried_once_it_may_have_arrived(
    fast_client: Any, api: FakeAPI, fault: Any
) -> None:
    api.fail_next(deliver_then(fault, api), method="POST", times=3)
    with pytest.raises(AmbiguousSubmitError, match=r"client\.jobs\(when='created_after'"):
        await resolve(fast_client.submit(urls=[URL]))
    assert sum(r.method == "POST" for r in api.requests) == 1
    assert api.creates == 1  # the server did create it: a retry would have made two


async def test_wait_rides_out_rate_limits(fast_client: Any, api: FakeAPI) -> None:
    job = await resolve(fast_client.get_job(api.add_job(script=["QUEUED", "COMPLETED"])))
    api.fail_next(status_fault(429, headers={"Retry-After": "0"}), times=4)
    final = await resolve(job.wait(timeout=30))
    assert str(final.state.status) == "COMPLETED"


async def test_drivers_sleep_exactly_the_server_hint(
    fast_client: Any, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import humebatch._transport.drivers as seam

    slept: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(seam.time, "sleep", slept.append)
    monkeypatch.setattr(seam.asyncio, "sleep", fake_async_sleep)
    job_id = api.add_job()
    api.fail_next(status_fault(429, headers={"retry-after-ms": "1250"}))
    api.fail_next(status_fault(503, headers={"Retry-After": "0.75"}))
    await resolve(fast_client.get_job(job_id))
    assert slept == [1.25, 0.75]
