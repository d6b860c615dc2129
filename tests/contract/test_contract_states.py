"""Every job state and kind of input, read through every job operation, checked by schemathesis.

Fuzzed job ids almost never exist, so the per-operation tests mostly see 404s. Here the mock is
seeded (``MockServer.create_jobs``) with jobs pinned in each state and with inputs that make every
model answer, so the 200 bodies of details, predictions (each model's result schema) and
artifacts, the 400 of an unfinished job, and the status filter of list are all checked against
the spec. Embedded mock only: a real server cannot be told to hold a job in a state.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from contract_support import AUTH_HEADER, MOCK_API_KEY, TARGET, CaseTally, Target, load_schema
from schemathesis import Response

pytestmark = pytest.mark.skipif(not TARGET.is_mock, reason="seeds jobs into the embedded mock")

STATUSES = ("QUEUED", "IN_PROGRESS", "COMPLETED", "FAILED")
# Inputs of COMPLETED jobs, chosen so that every model's prediction schema gets a body to check.
COMPLETED_INPUTS: dict[str, dict[str, Any]] = {
    "image, face with FACS and descriptions": {
        "urls": ["https://example.com/faces/group.jpg"],
        "models": {"face": {"facs": {}, "descriptions": {}, "identify_faces": True}},
    },
    "video, all models": {"urls": ["https://example.com/talk.mp4"]},
    "audio, speech models": {
        "urls": ["https://example.com/voice.wav"],
        "models": {
            "prosody": {"granularity": "word", "identify_speakers": True},
            "burst": {},
            "language": {"sentiment": {}, "toxicity": {}},
            "ner": {},
        },
    },
    "audio, transcription off": {"urls": ["https://example.com/voice.mp3"], "transcription": None},
    "text, language and NER": {
        "text": ["I love this. I do not like that at all, Paris."],
        "models": {"language": {"granularity": "sentence", "sentiment": {}}, "ner": {}},
    },
    "archive": {"urls": ["https://example.com/batch.zip"]},
    "one usable and one unusable input": {
        "urls": ["https://example.com/face.png", "https://example.com/notes.pdf"]
    },
}
MOCK = Target(kind="mock", base_url=None, api_key=MOCK_API_KEY)
HEADERS = {AUTH_HEADER: MOCK_API_KEY}
schema = load_schema(MOCK)


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[str, dict[str, str]]]:
    """The mock over loopback HTTP, and job ids by label (a status, or a COMPLETED input)."""
    from humebatch_mock import MockConfig, MockServer

    with MockServer(MockConfig(api_keys={MOCK_API_KEY})) as server:
        jobs = {status: server.create_jobs(1, status=status)[0].job_id for status in STATUSES}
        for label, body in COMPLETED_INPUTS.items():
            jobs[label] = server.create_jobs(1, status="COMPLETED", request=body)[0].job_id
        yield server.url, jobs


def _read(path: str, job_id: str, base_url: str, tally: CaseTally) -> Response:
    case = schema[path]["GET"].Case(path_parameters={"id": job_id})
    tally.record("states", case)
    return case.call_and_validate(base_url=base_url, headers=HEADERS)


@pytest.mark.parametrize("label", [*STATUSES, *COMPLETED_INPUTS])
def test_job_reads_match_the_spec(
    label: str, seeded: tuple[str, dict[str, str]], contract_tally: CaseTally
) -> None:
    base_url, jobs = seeded
    status = label if label in STATUSES else "COMPLETED"
    details = _read("/v0/batch/jobs/{id}", jobs[label], base_url, contract_tally)
    assert details.status_code == 200
    assert details.json()["state"]["status"] == status

    for path in ("/v0/batch/jobs/{id}/predictions", "/v0/batch/jobs/{id}/artifacts"):
        response = _read(path, jobs[label], base_url, contract_tally)
        # The spec: "A job that is not COMPLETED answers 400."
        assert response.status_code == (200 if status == "COMPLETED" else 400), path


@pytest.mark.parametrize("status", STATUSES)
def test_list_filtered_by_status_matches_the_spec(
    status: str, seeded: tuple[str, dict[str, str]], contract_tally: CaseTally
) -> None:
    base_url, jobs = seeded
    case = schema["/v0/batch/jobs"]["GET"].Case(query={"status": [status], "limit": 100})
    contract_tally.record("states", case)
    listed = case.call_and_validate(base_url=base_url, headers=HEADERS).json()
    assert jobs[status] in {job["job_id"] for job in listed}
    assert {job["state"]["status"] for job in listed} == {status}
