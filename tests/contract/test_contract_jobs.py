"""The sequence every client makes, once per request body: start a job, then follow its links.

Runs on every target, over real HTTP. These are the only jobs the suite starts on a metered
server (``make contract-live``): EXPLICIT_JOBS = 2, one JSON job over text and one multipart job
over a 1.8 KB PNG. Each step is checked by schemathesis against the spec, and the job id comes
from the start-job response through the links the spec declares, exactly as the stateful runs
use them.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest
from contract_support import AUTH_HEADER, EXPLICIT_JOBS, TARGET, CaseTally, load_schema
from schemathesis import Case, Response

REPO = Path(__file__).resolve().parents[2]
FACE_PNG = REPO / "samples" / "face.png"
JOBS_PATH = "/v0/batch/jobs"
TERMINAL = {"COMPLETED", "FAILED"}
# A metered server takes seconds to minutes per job; the mock finishes at once (durations of 0).
WAIT_SECONDS = 90.0 if TARGET.metered else 5.0
POLL_SECONDS = 3.0 if TARGET.metered else 0.05

schema = load_schema(TARGET)

BODIES: dict[str, Any] = {
    "application/json": {
        "text": ["The contract holds, and I am glad of it."],
        "models": {"language": {"granularity": "sentence"}},
    },
    "multipart/form-data": {
        "file": [FACE_PNG.read_bytes()],
        "json": {"models": {"face": {}}},
    },
}
assert len(BODIES) == EXPLICIT_JOBS


def _send(case: Case, base_url: str, tally: CaseTally) -> Response:
    assert TARGET.api_key is not None
    tally.record("jobs", case)
    return case.call_and_validate(base_url=base_url, headers={AUTH_HEADER: TARGET.api_key})


def _follow(link: dict[str, Any], response: Response) -> dict[str, Any]:
    """Path parameters of ``link`` evaluated on ``response`` (``$response.body#/pointer`` only)."""
    params: dict[str, Any] = {}
    for name, expression in link["parameters"].items():
        prefix = "$response.body#"
        assert expression.startswith(prefix), f"unsupported link expression {expression!r}"
        value: Any = response.json()
        for token in filter(None, expression.removeprefix(prefix).split("/")):
            value = value[int(token)] if isinstance(value, list) else value[token]
        params[name] = value
    return params


def _operation_by_id(operation_id: str) -> Any:
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.definition.raw.get("operationId") == operation_id:
            return operation
    raise LookupError(operation_id)


@pytest.mark.parametrize("media_type", sorted(BODIES))
def test_started_job_answers_on_every_link(
    media_type: str, contract_http_url: str, contract_tally: CaseTally
) -> None:
    start = schema[JOBS_PATH]["POST"]
    start_case = start.Case(body=BODIES[media_type], media_type=media_type)
    started = _send(start_case, contract_http_url, contract_tally)
    assert started.status_code == 200

    links = start.definition.raw["responses"]["200"]["links"]
    assert set(links) == {"GetJobDetails", "GetJobPredictions", "GetJobArtifacts"}
    cases = {
        name: _operation_by_id(link["operationId"]).Case(path_parameters=_follow(link, started))
        for name, link in links.items()
    }

    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        details = _send(cases["GetJobDetails"], contract_http_url, contract_tally)
        assert details.status_code == 200
        status = details.json()["state"]["status"]
        if status in TERMINAL or time.monotonic() > deadline:
            break
        time.sleep(POLL_SECONDS)
    assert status == "COMPLETED", f"job ended {status} (or did not end within {WAIT_SECONDS} s)"

    echo = details.json()["request"]
    if media_type == "multipart/form-data":
        uploaded = hashlib.md5(FACE_PNG.read_bytes()).hexdigest()
        assert [f["md5sum"] for f in echo["files"]] == [uploaded]
    else:
        assert echo["text"] == BODIES[media_type]["text"]

    predictions = _send(cases["GetJobPredictions"], contract_http_url, contract_tally)
    assert predictions.status_code == 200
    assert len(predictions.json()) == 1  # one source: the text strings, or the one file

    artifacts = _send(cases["GetJobArtifacts"], contract_http_url, contract_tally)
    assert artifacts.status_code == 200
    assert artifacts.content.startswith(b"PK")  # a ZIP archive
