"""Helpers of the mock-server tests: spec validation of responses, submit, bounded polling."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from hume_batch_api import AuthenticatedClient
from hume_batch_api.api.batch import get_job_details, start_inference_job
from hume_batch_api.models import InferenceBaseRequest
from support.openapi import validate_response

JOB = "/v0/batch/jobs/{id}"
JOBS = "/v0/batch/jobs"
PREDICTIONS = "/v0/batch/jobs/{id}/predictions"
ARTIFACTS = "/v0/batch/jobs/{id}/artifacts"


def check(response: Any, method: str, path: str) -> Any:
    """Validate a generated-client or httpx response against the spec; return the body."""
    return validate_response(
        method,
        path,
        int(response.status_code),
        response.headers.get("content-type"),
        response.content,
        headers=dict(response.headers),
    )


def submit(client: AuthenticatedClient, **fields: Any) -> str:
    """Start a JSON job through the generated client; returns the job id."""
    body = InferenceBaseRequest.from_dict(fields)
    response = start_inference_job.sync_detailed(client=client, body=body)
    assert response.status_code == 200, response.content
    return str(check(response, "POST", JOBS)["job_id"])


def wait_status(client: AuthenticatedClient, job_id: str, *wanted: str, timeout: float = 10) -> Any:
    """Poll job details (bounded) until its status is one of ``wanted``; returns the body."""
    deadline = time.monotonic() + timeout
    for _ in range(2000):
        response = get_job_details.sync_detailed(UUID(job_id), client=client)
        body = check(response, "GET", JOB)
        if body["state"]["status"] in wanted:
            return body
        if time.monotonic() > deadline:
            break
        time.sleep(0.01)
    raise AssertionError(f"job {job_id} never reached {wanted}")
