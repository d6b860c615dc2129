"""Every operation over real HTTP with the generated client, each job state, errors; every
response validated against the spec."""

from __future__ import annotations

import io
import time
import zipfile
from uuid import UUID, uuid4

import httpx
from hume_batch_api.api.batch import (
    get_job_artifacts,
    get_job_details,
    get_job_predictions,
    list_jobs,
    start_inference_job,
)
from hume_batch_api.models import InferenceBaseRequest, InferenceJob
from humebatch_mock import MockServer
from humebatch_mock._request import parse_job_request
from mock_helpers import ARTIFACTS, JOB, JOBS, PREDICTIONS, check, submit, wait_status
from support.clients import generated_client

INVALID_KEY = {
    "fault": {"faultstring": "Invalid ApiKey", "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}
}


def test_lifecycle_moves_forward_in_real_time_to_completed(hume_mock_factory) -> None:
    server = hume_mock_factory(queue_seconds=0.2, run_seconds=0.2)
    client = generated_client(server)
    job_id = submit(client, urls=["https://example.com/clip.mp4"])
    order = ["QUEUED", "IN_PROGRESS", "COMPLETED"]
    seen = []
    for _ in range(500):  # bounded: ~5 s at most
        body = check(get_job_details.sync_detailed(UUID(job_id), client=client), "GET", JOB)
        seen.append(body["state"]["status"])
        if seen[-1] == "COMPLETED":
            break
        time.sleep(0.01)
    assert seen[-1] == "COMPLETED"
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)
    state = body["state"]
    assert (
        state["created_timestamp_ms"]
        <= state["started_timestamp_ms"]
        <= state["ended_timestamp_ms"]
    )
    assert state["num_predictions"] == 1 and state["num_errors"] == 0
    assert body["job_id"] == job_id and body["type"] == "INFERENCE"
    parsed = get_job_details.sync_detailed(UUID(job_id), client=client).parsed
    assert isinstance(parsed, InferenceJob)


def test_state_is_computed_from_the_clock(server: MockServer) -> None:
    job = server.store.create(parse_job_request({"urls": ["https://example.com/a.jpg"]}))
    created = job.created_ms
    assert job.state_at(created) == {"status": "QUEUED", "created_timestamp_ms": created}
    started = created + 20
    assert job.state_at(started) == {
        "status": "IN_PROGRESS",
        "created_timestamp_ms": created,
        "started_timestamp_ms": started,
    }
    ended = started + 60
    assert job.state_at(ended) == {
        "status": "COMPLETED",
        "created_timestamp_ms": created,
        "started_timestamp_ms": started,
        "ended_timestamp_ms": ended,
        "num_predictions": 1,
        "num_errors": 0,
    }


def test_duration_jitter_is_deterministic_per_job(hume_mock_factory) -> None:
    runs = []
    for _ in range(2):
        server = hume_mock_factory(queue_seconds=1, run_seconds=1, duration_jitter=0.5, seed=9)
        jobs = server.create_jobs(5, status=None, end_ms=1_000_000)
        runs.append([(j.started_ms - j.created_ms, j.ended_ms - j.started_ms) for j in jobs])
    assert runs[0] == runs[1]
    queue_times = {q for q, _ in runs[0]}
    assert len(queue_times) > 1 and all(500 <= q <= 1500 for q in queue_times)


def test_each_pinned_state_validates_in_details_and_list(server: MockServer, client) -> None:
    jobs = server.create_jobs(4, statuses=["QUEUED", "IN_PROGRESS", "COMPLETED", "FAILED"])
    for job, status in zip(jobs, ["QUEUED", "IN_PROGRESS", "COMPLETED", "FAILED"], strict=True):
        body = check(get_job_details.sync_detailed(UUID(job.job_id), client=client), "GET", JOB)
        assert body["state"]["status"] == status
        assert ("message" in body["state"]) == (status == "FAILED")
        assert ("ended_timestamp_ms" in body["state"]) == (status in ("COMPLETED", "FAILED"))
    listed = check(list_jobs.sync_detailed(client=client), "GET", JOBS)
    assert sorted(j["state"]["status"] for j in listed) == sorted(
        ["QUEUED", "IN_PROGRESS", "COMPLETED", "FAILED"]
    )


def test_request_echo_fills_defaults_like_the_docs_example(server, client) -> None:
    job_id = submit(client, urls=["https://hume-tutorials.s3.amazonaws.com/faces.zip"], notify=True)
    echo = wait_status(client, job_id, "COMPLETED")["request"]
    assert echo == {
        "callback_url": None,
        "files": [],
        "models": {
            "burst": {},
            "face": {
                "descriptions": None,
                "facs": None,
                "fps_pred": 3,
                "identify_faces": False,
                "min_face_size": 60,
                "prob_threshold": 0.99,
                "save_faces": False,
            },
            "facemesh": {},
            "language": {
                "granularity": "word",
                "identify_speakers": False,
                "sentiment": None,
                "toxicity": None,
            },
            "ner": {"identify_speakers": False},
            "prosody": {"granularity": "utterance", "identify_speakers": False, "window": None},
        },
        "notify": True,
        "text": [],
        "urls": ["https://hume-tutorials.s3.amazonaws.com/faces.zip"],
    }


def test_echo_lists_only_requested_models_with_defaults(server, client) -> None:
    job_id = submit(client, text=["hi"], models={"language": {"sentiment": {}}, "ner": {}})
    echo = wait_status(client, job_id, "COMPLETED")["request"]
    assert echo["models"] == {
        "language": {
            "granularity": "word",
            "identify_speakers": False,
            "sentiment": {},
            "toxicity": None,
        },
        "ner": {"identify_speakers": False},
    }


def test_predictions_and_artifacts_of_a_completed_job(server, client) -> None:
    job_id = submit(client, urls=["https://example.com/a.jpg", "https://example.com/b.wav"])
    wait_status(client, job_id, "COMPLETED")
    response = get_job_predictions.sync_detailed(UUID(job_id), client=client)
    body = check(response, "GET", PREDICTIONS)
    assert [s["source"]["url"] for s in body] == [
        "https://example.com/a.jpg",
        "https://example.com/b.wav",
    ]
    artifacts = get_job_artifacts.sync_detailed(UUID(job_id), client=client)
    assert artifacts.headers["content-type"] == "application/zip"
    check(artifacts, "GET", ARTIFACTS)
    names = zipfile.ZipFile(io.BytesIO(artifacts.content)).namelist()
    assert "csv/face.csv" in names and "csv/prosody.csv" in names


def test_predictions_and_artifacts_before_completion_answer_400(server: MockServer, client) -> None:
    queued, running, failed = server.create_jobs(3, statuses=["QUEUED", "IN_PROGRESS", "FAILED"])
    for job, status in ((queued, "QUEUED"), (running, "IN_PROGRESS"), (failed, "FAILED")):
        for op, path in ((get_job_predictions, PREDICTIONS), (get_job_artifacts, ARTIFACTS)):
            response = op.sync_detailed(UUID(job.job_id), client=client)
            assert response.status_code == 400
            body = check(response, "GET", path)
            assert body == {"message": f"job {job.job_id} is not completed (status: {status})"}


def test_unknown_job_is_404_everywhere(client) -> None:
    missing = uuid4()
    for op, path in (
        (get_job_details, JOB),
        (get_job_predictions, PREDICTIONS),
        (get_job_artifacts, ARTIFACTS),
    ):
        response = op.sync_detailed(missing, client=client)
        assert response.status_code == 404
        assert check(response, "GET", path) == {"message": "job not found"}


def test_malformed_job_id_is_400(http: httpx.Client) -> None:
    for suffix in ("", "/predictions", "/artifacts"):
        response = http.get(f"/v0/batch/jobs/not-a-uuid{suffix}")
        assert response.status_code == 400
        assert "UUID" in check(response, "GET", JOB + suffix)["message"]


def test_missing_or_wrong_key_is_401_with_the_gateway_fault(hume_mock_factory) -> None:
    server = hume_mock_factory(api_keys={"right-key"})
    assert server.api_key == "right-key"
    wrong = generated_client(server, key="wrong-key")
    response = list_jobs.sync_detailed(client=wrong)
    assert response.status_code == 401
    assert check(response, "GET", JOBS) == INVALID_KEY
    body = InferenceBaseRequest.from_dict({"urls": ["https://example.com/a.jpg"]})
    response = start_inference_job.sync_detailed(client=wrong, body=body)
    assert response.status_code == 401 and check(response, "POST", JOBS) == INVALID_KEY
    assert server.store.jobs == {}
    for path in (JOB, PREDICTIONS, ARTIFACTS):
        raw = httpx.get(server.url + path.format(id=uuid4()))  # no key at all
        assert raw.status_code == 401 and check(raw, "GET", path) == INVALID_KEY
    ok = list_jobs.sync_detailed(client=generated_client(server))
    assert ok.status_code == 200


def test_any_non_empty_key_is_accepted_by_default(server: MockServer) -> None:
    for key in ("a", "another-key"):
        assert list_jobs.sync_detailed(client=generated_client(server, key)).status_code == 200
    assert httpx.get(server.url + JOBS, headers={"X-Hume-Api-Key": ""}).status_code == 401


def test_key_never_appears_in_reprs(hume_mock_factory) -> None:
    server = hume_mock_factory(api_keys={"s3cret-key-value"})
    assert "s3cret" not in repr(server.config)
    assert "s3cret" not in repr(server)


def test_unknown_routes_and_methods_answer_json(http: httpx.Client) -> None:
    missing = http.get("/v0/batch/nothing")
    assert missing.status_code == 404 and "message" in missing.json()
    wrong = http.delete(f"/v0/batch/jobs/{uuid4()}")
    assert wrong.status_code == 405 and "GET" in wrong.headers["allow"]
    collection = http.delete("/v0/batch/jobs")
    allowed = {m.strip() for m in collection.headers["allow"].split(",")}
    assert collection.status_code == 405 and {"GET", "POST"} <= allowed
