"""Responses open where the server may grow: unknown statuses, job types and malformed bodies.

A status, job type or source type the spec does not list reads as an "unknown" variant that keeps
its raw fields; listing never fails on it; ``wait`` treats an unknown status as not finished and
says so. A body that matches nothing is a typed error naming the JSON path, never a plain dict.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fake_batch_api import FIXTURES, FakeAPI, collect, resolve, status_fault
from humebatch import (
    JobRequestUnknown,
    JobTimeout,
    SourceUnknown,
    StateUnknown,
    UnexpectedResponseError,
)

EMBEDDING_JOB = {
    "type": "EMBEDDING_GENERATION",
    "job_id": "0f8f3f7e-2f7a-4d36-9d1f-0b4c7b3f6a21",
    "request": {"registry_file_details": [{"file_id": "f", "file_url": "https://x.test/a"}]},
    "state": {"status": "QUEUED", "created_timestamp_ms": 5},
    "user_id": "u",
}


def _completed_job() -> dict[str, Any]:
    job: dict[str, Any] = json.loads((FIXTURES / "job-details-completed.json").read_text())
    job["job_id"] = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"
    return job


async def test_an_unknown_status_reads_with_its_fields(client: Any, api: FakeAPI) -> None:
    job = await resolve(client.get_job(api.add_job(script=["CANCELLED"])))
    assert isinstance(job.details.state, StateUnknown)
    assert job.status == "CANCELLED"
    assert job.details.state.to_dict()["created_timestamp_ms"] > 0


async def test_listing_never_fails_on_an_unknown_status(client: Any, api: FakeAPI) -> None:
    api.add_job(script=["COMPLETED"])
    api.add_job(script=["CANCELLED"])
    statuses = sorted(str(job.status) for job in await collect(client.jobs()))
    assert statuses == ["CANCELLED", "COMPLETED"]


async def test_a_job_of_another_type_lists_with_its_raw_request(client: Any, api: FakeAPI) -> None:
    api.fail_next(status_fault(200, [EMBEDDING_JOB, _completed_job()]))
    jobs = await collect(client.jobs())
    assert [job.details.to_dict() for job in jobs] == [EMBEDDING_JOB, _completed_job()]
    assert jobs[0].details.type_ == "EMBEDDING_GENERATION"
    assert isinstance(jobs[0].details.request, JobRequestUnknown)
    assert type(jobs[1].details.request).__name__ == "InferenceRequest"


async def test_wait_on_an_unknown_status_keeps_waiting_and_says_so(
    client: Any, api: FakeAPI
) -> None:
    job = await resolve(client.get_job(api.add_job(script=["QUEUED", "PAUSED"])))
    seen: list[str] = []
    with pytest.raises(JobTimeout) as caught:
        await resolve(job.wait(timeout=0.05, on_progress=lambda d: seen.append(d.state.status)))
    assert seen == ["PAUSED"]
    assert "last status: PAUSED (a status humebatch does not know; treated as not finished)" in (
        str(caught.value)
    )
    assert caught.value.last_status == "PAUSED"


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda job: job["state"].pop("num_errors"), "$.state.num_errors (missing)"),
        (lambda job: job["request"].pop("files"), "$.request.files (missing)"),
        (
            lambda job: job["request"]["models"].update(face=[]),
            "$.request.models.face (expected FaceEcho, got list)",
        ),
    ],
)
async def test_a_malformed_job_is_an_error_naming_the_path(
    client: Any, api: FakeAPI, break_it: Any, where: str
) -> None:
    body = _completed_job()
    break_it(body)
    api.fail_next(status_fault(200, body))
    with pytest.raises(UnexpectedResponseError) as caught:
        await resolve(client.get_job(body["job_id"]))
    assert f"does not match the API at {where}" in str(caught.value)


async def test_a_malformed_job_in_a_listing_names_its_index(client: Any, api: FakeAPI) -> None:
    broken = copy.deepcopy(_completed_job())
    del broken["state"]["ended_timestamp_ms"]
    api.fail_next(status_fault(200, [_completed_job(), broken]))
    with pytest.raises(UnexpectedResponseError) as caught:
        await collect(client.jobs())
    assert "does not match the API at $[1].state.ended_timestamp_ms (missing)" in str(caught.value)


def test_to_model_of_a_malformed_source_is_a_typed_error_with_the_path() -> None:
    from humebatch import PredictionsFormatError
    from humebatch._transport import source_result_from_dict

    item = json.loads((FIXTURES / "predictions-face.json").read_text())[0]
    face = item["results"]["predictions"][0]["models"]["face"]
    del face["grouped_predictions"][0]["predictions"][0]["box"]
    with pytest.raises(PredictionsFormatError) as caught:
        source_result_from_dict(item)
    assert caught.value.path == (
        "$.results.predictions[0].models.face.grouped_predictions[0].predictions[0].box"
    )


def test_an_unknown_source_type_reads_in_the_views_and_as_source_unknown() -> None:
    from humebatch import Predictions

    body = json.loads((FIXTURES / "predictions-face.json").read_text())
    body[0]["source"] = {"type": "registry", "file_id": "f-1"}
    predictions = Predictions.from_bytes(json.dumps(body).encode())
    assert predictions.top_emotions(1)[0].file == "faces/100.jpg"
    assert isinstance(predictions.sources[0].to_model().source, SourceUnknown)
    # The generated model keeps the unknown source's own fields.
    from humebatch._transport import source_result_from_dict

    model = source_result_from_dict(body[0])
    assert model.source.to_dict() == {"type": "registry", "file_id": "f-1"}


def test_the_cli_progress_marks_an_unknown_status() -> None:
    from humebatch import InferenceJob
    from humebatch.cli._commands import _status_of

    job = _completed_job()
    job["state"] = {"status": "PAUSED", "created_timestamp_ms": 1}
    assert _status_of(InferenceJob.from_dict(job)) == (
        "PAUSED (a status humebatch does not know; treated as not finished)"
    )
    assert _status_of(InferenceJob.from_dict(_completed_job())) == "COMPLETED"
