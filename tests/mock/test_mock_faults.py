"""Faults on demand (per-request header and start-time config) and rate limiting."""

from __future__ import annotations

from uuid import UUID

import httpx
import pytest
from hume_batch_api.api.batch import get_job_details, list_jobs, start_inference_job
from hume_batch_api.models import InferenceBaseRequest
from humebatch_mock import MockServer
from mock_helpers import JOB, JOBS, check
from support.clients import generated_client

BODY = {"urls": ["https://example.com/a.jpg"]}


def _http(server: MockServer, key: str | None = None) -> httpx.Client:
    headers = {"X-Hume-Api-Key": key or server.api_key}
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


# ---------------------------------------------------------------- per-request header


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_header_status_answers_before_the_operation(server: MockServer, status: int) -> None:
    client = generated_client(server).with_headers({"X-Mock-Fault": f"status={status}"})
    body = InferenceBaseRequest.from_dict(BODY)
    response = start_inference_job.sync_detailed(client=client, body=body)
    assert response.status_code == status
    assert check(response, "POST", JOBS)["message"]
    assert ("retry-after" in response.headers) == (status in (429, 503))
    assert server.store.jobs == {}
    assert server.store.stats[f"faults.status_{status}"] == 1


def test_header_retry_after_is_sent_as_given(server: MockServer) -> None:
    with _http(server) as http:
        response = http.get(JOBS, headers={"X-Mock-Fault": "status=429; retry_after=7"})
    assert response.status_code == 429 and response.headers["retry-after"] == "7"
    check(response, "GET", JOBS)


def test_drop_mid_response_is_a_protocol_error_and_the_server_keeps_serving(server) -> None:
    job = server.create_jobs(1)[0]
    client = generated_client(server).with_headers({"X-Mock-Fault": "drop"})
    with pytest.raises(httpx.RemoteProtocolError):
        get_job_details.sync_detailed(UUID(job.job_id), client=client)
    ok = get_job_details.sync_detailed(UUID(job.job_id), client=generated_client(server))
    assert check(ok, "GET", JOB)["job_id"] == job.job_id


def test_submit_dropped_after_creation_is_ambiguous_the_job_exists(server: MockServer) -> None:
    client = generated_client(server).with_headers({"X-Mock-Fault": "drop"})
    with pytest.raises(httpx.RemoteProtocolError):
        start_inference_job.sync_detailed(client=client, body=InferenceBaseRequest.from_dict(BODY))
    assert len(server.store.jobs) == 1


def test_submit_dropped_before_creation_creates_nothing(server: MockServer) -> None:
    # Closed before any answer: a clean close reads as RemoteProtocolError, but when the request
    # body is still unread the kernel may reset the connection instead (ReadError). Both are
    # "no response" to a client.
    with _http(server) as http, pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        http.post(JOBS, json=BODY, headers={"X-Mock-Fault": "drop=before"})
    assert server.store.jobs == {}


def test_after_status_runs_the_operation_then_answers_an_error(server: MockServer) -> None:
    with _http(server) as http:
        response = http.post(JOBS, json=BODY, headers={"X-Mock-Fault": "after_status=502"})
    assert response.status_code == 502
    check(response, "POST", JOBS)
    assert len(server.store.jobs) == 1


def test_latency_and_slow_body_keep_the_body_intact(server: MockServer) -> None:
    server.create_jobs(20)
    with _http(server) as http:
        plain = http.get(JOBS).content
        delayed = http.get(JOBS, headers={"X-Mock-Fault": "latency=0.05"})
        chunks = []
        with http.stream("GET", JOBS, headers={"X-Mock-Fault": "slow=0.2"}) as slow:
            chunks = list(slow.iter_raw())
    assert delayed.content == plain and b"".join(chunks) == plain
    assert len(chunks) > 1  # trickled, not sent at once
    assert server.store.stats["faults.latency"] == 1 and server.store.stats["faults.slow"] == 1


@pytest.mark.parametrize(
    "header", ["status=200", "status=abc", "latency=999", "drop=maybe", "boom"]
)
def test_malformed_fault_header_is_400(server: MockServer, header: str) -> None:
    with _http(server) as http:
        response = http.get(JOBS, headers={"X-Mock-Fault": header})
    assert response.status_code == 400
    assert "X-Mock-Fault" in check(response, "GET", JOBS)["message"]


def test_header_is_ignored_when_disabled(hume_mock_factory) -> None:
    server = hume_mock_factory(fault_header=False)
    with _http(server) as http:
        assert http.get(JOBS, headers={"X-Mock-Fault": "status=503"}).status_code == 200


def test_faults_spare_the_admin_endpoints(hume_mock_factory) -> None:
    server = hume_mock_factory(fault_rate=1.0)
    with _http(server) as http:
        assert http.get("/_mock/stats").status_code == 200
        assert http.get(JOBS).status_code in (500, 502, 503)


# ---------------------------------------------------------------- configured at start


def _statuses(server: MockServer, n: int) -> list[int]:
    with _http(server) as http:
        return [http.get(JOBS).status_code for _ in range(n)]


def test_configured_error_rate_is_seeded_and_reproducible(hume_mock_factory) -> None:
    runs = [_statuses(hume_mock_factory(fault_rate=0.5, seed=3), 40) for _ in range(2)]
    assert runs[0] == runs[1]
    assert {200} < set(runs[0]) <= {200, 500, 502, 503}
    other = _statuses(hume_mock_factory(fault_rate=0.5, seed=4), 40)
    assert other != runs[0]


def test_configured_429_bursts_come_in_runs_with_retry_after(hume_mock_factory) -> None:
    server = hume_mock_factory(fault_429_rate=0.2, fault_429_burst=3, fault_retry_after=2, seed=1)
    with _http(server) as http:
        responses = [http.get(JOBS) for _ in range(60)]
    codes = [r.status_code for r in responses]
    first = codes.index(429)
    assert codes[first : first + 3] == [429, 429, 429]
    limited = [r for r in responses if r.status_code == 429]
    assert all(r.headers["retry-after"] == "2" for r in limited)
    check(limited[0], "GET", JOBS)


def test_configured_faults_stop_after_fault_max(hume_mock_factory) -> None:
    server = hume_mock_factory(fault_drop_rate=1.0, fault_max=2)
    with _http(server) as http:
        for _ in range(2):
            with pytest.raises(httpx.RemoteProtocolError):
                http.get(JOBS)
        assert [http.get(JOBS).status_code for _ in range(3)] == [200, 200, 200]
    assert server.store.stats["faults.drop_after"] == 2


def test_configured_slow_bodies_and_latency(hume_mock_factory) -> None:
    server = hume_mock_factory(fault_slow_rate=1.0, fault_slow_seconds=0.05, fault_latency=0.01)
    assert _statuses(server, 3) == [200, 200, 200]
    assert server.store.stats["faults.slow"] == 3 and server.store.stats["faults.latency"] == 3


def test_fault_probabilities_are_validated() -> None:
    from humebatch_mock import MockConfig

    with pytest.raises(ValueError, match="fault_rate"):
        MockConfig(fault_rate=1.5)


# ---------------------------------------------------------------- rate limiting


def test_rate_limit_per_key_answers_429_with_integer_retry_after(hume_mock_factory) -> None:
    server = hume_mock_factory(rate_limit=0.5, rate_burst=2)
    client = generated_client(server)
    codes = [list_jobs.sync_detailed(client=client).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = list_jobs.sync_detailed(client=client)
    body = check(limited, "GET", JOBS)
    assert body == {"message": "rate limit exceeded"}
    assert int(limited.headers["retry-after"]) >= 1
    other = list_jobs.sync_detailed(client=generated_client(server, "another-key"))
    assert other.status_code == 200  # buckets are per key
    assert server.store.stats["rate_limited"] == 2
