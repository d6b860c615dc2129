"""The documented error answers (429, 500, 502, 503, 504; 413) of the operations match the spec.

Fuzzing never provokes them, so the mock is asked for each one with its `X-Mock-Fault` header
(413: a mock with a tiny upload limit).
The conformance checks judge status, content type, body and headers (`Retry-After` on 429/503);
`not_a_server_error` is left out here, and only here, because these 5xx answers are ordered.
Embedded mock only (in-process): other servers have no fault switch.
"""

from __future__ import annotations

import pytest
from contract_support import AUTH_HEADER, MOCK_API_KEY, TARGET, CaseTally, Target, load_schema
from contract_support import mock_app as make_mock_app
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.skipif(not TARGET.is_mock, reason="only the embedded mock injects faults")

schema = load_schema(Target(kind="mock", base_url=None, api_key=MOCK_API_KEY))
schema.app = make_mock_app()
JOB_ID = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"
OPERATIONS = [
    ("/v0/batch/jobs", "GET"),
    ("/v0/batch/jobs", "POST"),
    ("/v0/batch/jobs/{id}", "GET"),
    ("/v0/batch/jobs/{id}/predictions", "GET"),
    ("/v0/batch/jobs/{id}/artifacts", "GET"),
]
CONFORMANCE = [
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_error_answer_matches_the_spec(
    path: str, method: str, status: int, contract_tally: CaseTally
) -> None:
    operation = schema[path][method]
    if method == "POST":
        case = operation.Case(body={"text": ["a fault, not a job"]}, media_type="application/json")
    else:
        case = operation.Case(path_parameters={"id": JOB_ID} if "{id}" in path else {})
    headers = {AUTH_HEADER: MOCK_API_KEY, "X-Mock-Fault": f"status={status}"}
    contract_tally.record("faults", case)
    response = case.call(headers=headers)
    assert response.status_code == status
    if status in (429, 503):
        (retry_after,) = response.headers["retry-after"]  # schemathesis: lower-case name, list
        assert int(retry_after) >= 0
    case.validate_response(response, checks=CONFORMANCE, headers=headers)


def test_upload_over_the_limit_gets_413_as_documented(contract_tally: CaseTally) -> None:
    small = load_schema(Target(kind="mock", base_url=None, api_key=MOCK_API_KEY))
    small.app = make_mock_app(max_file_bytes=64)
    body = {"file": [b"\x89PNG\r\n\x1a\n" + bytes(128)]}
    case = small["/v0/batch/jobs"]["POST"].Case(body=body, media_type="multipart/form-data")
    headers = {AUTH_HEADER: MOCK_API_KEY}
    contract_tally.record("faults", case)
    response = case.call(headers=headers)
    assert response.status_code == 413
    case.validate_response(response, checks=CONFORMANCE, headers=headers)
