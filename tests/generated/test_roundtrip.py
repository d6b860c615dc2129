"""Real payloads from the docs and SDK test data parse through the generated models, losslessly.

`from_dict(x).to_dict() == x` proves that every field (including explicit `null`s and undocumented
extra keys such as `user_id`, `registry_files` and `file_type`) survives the generated models.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hume_batch_api.errors import ResponseShapeError
from hume_batch_api.models import (
    InferenceJob,
    SourcePredictResult,
    StateCompleted,
    StateFailed,
    StateInProgress,
    StateQueued,
    StateUnknown,
)

PAYLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "payloads"
# The docs examples use the placeholder "job_id" where the API sends a UUID (contract.md §2.2);
# the spec types job_id as a uuid, so the placeholder is swapped for a real one before parsing.
PLACEHOLDER_ID = "job_id"
REAL_ID = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"


def load(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text())


def with_real_ids(job: dict[str, Any]) -> dict[str, Any]:
    job = copy.deepcopy(job)
    if job["job_id"] == PLACEHOLDER_ID:
        job["job_id"] = REAL_ID
    return job


JOB_LISTS = [
    "list-jobs.json",
    "list-jobs-ts-wire-nulls-omitted.json",
    "list-jobs-fern-docs-2024-user-id-registry-files.json",
]
JOB_DETAILS = [
    "job-details-completed.json",
    "job-details-completed-ts-wire-nulls-omitted.json",
    "job-details-completed-fern-docs-2024-user-id.json",
]
PREDICTIONS = [
    "predictions-face.json",
    "predictions-ts-wire-nulls-omitted-face-1.json",
]


@pytest.mark.parametrize("name", JOB_LISTS)
def test_list_jobs_round_trip(name: str) -> None:
    jobs = [with_real_ids(j) for j in load(name)]
    assert jobs, "fixture must not be empty"
    for job in jobs:
        assert InferenceJob.from_dict(job).to_dict() == job


@pytest.mark.parametrize("name", JOB_DETAILS)
def test_job_details_round_trip(name: str) -> None:
    job = with_real_ids(load(name))
    parsed = InferenceJob.from_dict(job)
    assert parsed.to_dict() == job
    assert isinstance(parsed.state, StateCompleted)


def test_extra_keys_are_kept() -> None:
    job = with_real_ids(load("job-details-completed-fern-docs-2024-user-id.json"))
    parsed = InferenceJob.from_dict(job)
    assert parsed.additional_properties["user_id"] == job["user_id"]


@pytest.mark.parametrize("name", PREDICTIONS)
def test_predictions_round_trip(name: str) -> None:
    results = load(name)
    for item in results:
        assert SourcePredictResult.from_dict(item).to_dict() == item


def test_language_text_predictions_round_trip() -> None:
    # One element of a real response for a text job: 53 emotion names, `file_type` extra, nulls.
    item = load("predictions-item-language-text-twilio-vintel-1.json")
    parsed = SourcePredictResult.from_dict(item)
    assert parsed.to_dict() == item
    first = parsed.results.predictions[0]  # type: ignore[union-attr]
    assert first.file_type == "text"
    language = first.models.language  # type: ignore[union-attr]
    assert language is not None and language.metadata is None
    prediction = language.grouped_predictions[0].predictions[0]
    assert prediction.time is None and prediction.confidence is None
    assert len(prediction.emotions) == 53


def test_nulls_survive_round_trip() -> None:
    item = load("predictions-face.json")[0]
    face = item["results"]["predictions"][0]["models"]["face"]
    assert face["metadata"] is None
    assert face["grouped_predictions"][0]["predictions"][0]["facs"] is None
    out = SourcePredictResult.from_dict(item).to_dict()
    out_face = out["results"]["predictions"][0]["models"]["face"]
    assert "metadata" in out_face and out_face["metadata"] is None
    assert out_face["grouped_predictions"][0]["predictions"][0]["facs"] is None


STATES: list[tuple[dict[str, Any], type]] = [
    ({"status": "QUEUED", "created_timestamp_ms": 1712590457884}, StateQueued),
    (
        {
            "status": "IN_PROGRESS",
            "created_timestamp_ms": 1712590457884,
            "started_timestamp_ms": 1712590457995,
        },
        StateInProgress,
    ),
    (
        {
            "status": "COMPLETED",
            "created_timestamp_ms": 1712590457884,
            "started_timestamp_ms": 1712590457995,
            "ended_timestamp_ms": 1712590462252,
            "num_predictions": 10,
            "num_errors": 0,
        },
        StateCompleted,
    ),
    (
        {
            "status": "FAILED",
            "created_timestamp_ms": 1712590457884,
            "started_timestamp_ms": 1712590457995,
            "ended_timestamp_ms": 1712590462252,
            "message": "user 'abcde' has exceeded their usage limit",
        },
        StateFailed,
    ),
]


@pytest.mark.parametrize(("state", "expected"), STATES, ids=[s["status"] for s, _ in STATES])
def test_each_state_parses_to_its_own_type(state: dict[str, Any], expected: type) -> None:
    job = with_real_ids(load("job-details-completed.json"))
    job["state"] = state
    parsed = InferenceJob.from_dict(job)
    assert type(parsed.state) is expected
    assert parsed.to_dict() == job


def test_an_unknown_status_reads_as_state_unknown_with_its_fields() -> None:
    job = with_real_ids(load("job-details-completed.json"))
    job["state"] = {"status": "CANCELLED", "created_timestamp_ms": 1, "cancelled_by": "ops"}
    parsed = InferenceJob.from_dict(job)
    assert isinstance(parsed.state, StateUnknown)
    assert parsed.state.status == "CANCELLED"
    assert parsed.state.additional_properties == {"cancelled_by": "ops"}
    assert parsed.to_dict() == job


def test_a_malformed_known_status_is_an_error_not_an_unknown_state() -> None:
    job = with_real_ids(load("job-details-completed.json"))
    del job["state"]["num_errors"]
    with pytest.raises(ResponseShapeError) as caught:
        InferenceJob.from_dict(job)
    assert caught.value.where == "$.state.num_errors"
    assert caught.value.reason == "missing"


def test_a_prediction_that_does_not_match_names_its_path_instead_of_reading_as_a_dict() -> None:
    item = copy.deepcopy(load("predictions-face.json")[0])
    del item["results"]["predictions"][0]["models"]["face"]["grouped_predictions"][0][
        "predictions"
    ][0]["box"]
    with pytest.raises(ResponseShapeError) as caught:
        SourcePredictResult.from_dict(item)
    assert caught.value.where == (
        "$.results.predictions[0].models.face.grouped_predictions[0].predictions[0].box"
    )


def test_a_wrong_type_under_a_nullable_field_names_the_field() -> None:
    item = copy.deepcopy(load("predictions-face.json")[0])
    item["results"]["predictions"][0]["models"]["face"] = ["not", "an", "object"]
    with pytest.raises(ResponseShapeError) as caught:
        SourcePredictResult.from_dict(item)
    assert caught.value.where == "$.results.predictions[0].models.face"
    assert "expected FaceModelResult, got list" in caught.value.reason


def test_the_2023_answer_without_type_reads() -> None:
    # A real 2023 answer: no `type` (Hume's definition of JobInference has none either), models
    # not run echoed as null, `user_id` extra.
    job = load("job-details-completed-issue48-2023.json")
    parsed = InferenceJob.from_dict(job)
    assert parsed.to_dict() == job
    assert isinstance(parsed.state, StateCompleted)


def test_the_pre_2023_shape_is_not_the_current_contract() -> None:
    # The pre-2023 layout (no job_id). The generated models reject it with the path; the wrapper
    # turns that into a typed error naming the response (tests/wrapper).
    with pytest.raises(ResponseShapeError) as caught:
        InferenceJob.from_dict(load("job-details-completed-obsolete2022-pysdk-v013.json"))
    assert caught.value.where == "$.job_id"
