"""Mock-only endpoints, in-process access, and the pytest plugin fixtures."""

from __future__ import annotations

import httpx
from hume_batch_api.api.batch import list_jobs
from humebatch_mock import MockConfig, MockServer, create_app
from mock_helpers import JOBS, check, submit


def test_stats_count_jobs_requests_and_faults(server: MockServer, http: httpx.Client) -> None:
    http.post(JOBS, json={"text": ["hi"]})
    http.get(JOBS)
    http.get(JOBS, headers={"X-Mock-Fault": "status=502"})
    stats = http.get("/_mock/stats").json()
    assert stats["jobs"] == 1 and stats["counters"]["jobs_created"] == 1
    assert stats["requests"] == {"start_inference_job": 1, "list_jobs": 2}
    assert stats["faults"] == {"status_502": 1}
    assert sum(stats["jobs_by_status"].values()) == 1


def test_reset_forgets_everything(server: MockServer, client, http: httpx.Client) -> None:
    submit(client, text=["hi"])
    assert http.post("/_mock/reset").json() == {"reset": True}
    assert check(list_jobs.sync_detailed(client=client), "GET", JOBS) == []
    assert server.store.jobs == {}


def test_store_is_reachable_in_process(server: MockServer, client) -> None:
    job_id = submit(client, text=["hi"])
    job = server.store.get(job_id)
    assert job is not None and job.request["text"] == ["hi"]
    assert server.store.list(limit=5)[0].job_id == job_id


def test_plugin_fixtures(hume_mock: MockServer, hume_mock_factory) -> None:
    assert hume_mock.url.startswith("http://127.0.0.1:")
    assert hume_mock.config == MockConfig()
    other = hume_mock_factory(MockConfig(api_keys={"k1"}), run_seconds=1)
    assert other.api_key == "k1" and other.config.run_seconds == 1
    assert other.url != hume_mock.url
    response = httpx.get(hume_mock.url + JOBS, headers={"X-Hume-Api-Key": hume_mock.api_key})
    assert response.status_code == 200


async def test_create_app_serves_in_process_over_asgi() -> None:
    app = create_app(MockConfig(queue_seconds=0, run_seconds=0))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
        headers = {"X-Hume-Api-Key": "k"}
        created = await client.post(JOBS, json={"text": ["hello"]}, headers=headers)
        job_id = check(created, "POST", JOBS)["job_id"]
        details = await client.get(f"{JOBS}/{job_id}", headers=headers)
        assert check(details, "GET", JOBS + "/{id}")["state"]["status"] == "COMPLETED"
    assert app.store.get(job_id) is not None
