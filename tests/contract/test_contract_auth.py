"""Every operation answers 401 with the documented gateway body to a missing or a wrong key.

`ignored_auth` (on in every run) re-sends requests without the key and with a wrong one and
fails if they succeed; this pins the exact answer, on every target, over real HTTP. None of these
requests carries a valid key, so none starts a job anywhere.
"""

from __future__ import annotations

import pytest
from contract_support import AUTH_HEADER, TARGET, CaseTally, load_schema

schema = load_schema(TARGET)
JOB_ID = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"  # the spec's example id
OPERATIONS = [
    ("/v0/batch/jobs", "GET"),
    ("/v0/batch/jobs", "POST"),
    ("/v0/batch/jobs/{id}", "GET"),
    ("/v0/batch/jobs/{id}/predictions", "GET"),
    ("/v0/batch/jobs/{id}/artifacts", "GET"),
]
KEYS = {"missing key": None, "wrong key": "not-a-key-this-server-knows"}


@pytest.mark.parametrize("key", sorted(KEYS))
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_request_without_a_valid_key_gets_401(
    path: str, method: str, key: str, contract_http_url: str, contract_tally: CaseTally
) -> None:
    operation = schema[path][method]
    if method == "POST":
        case = operation.Case(body={"text": ["no key, no job"]}, media_type="application/json")
    else:
        case = operation.Case(path_parameters={"id": JOB_ID} if "{id}" in path else {})
    value = KEYS[key]
    headers = {AUTH_HEADER: value} if value is not None else None
    contract_tally.record("auth", case)
    response = case.call(base_url=contract_http_url, headers=headers)
    assert response.status_code == 401
    assert "faultstring" in response.json()["fault"]
    case.validate_response(response, headers=headers)  # the 401 body against the spec
