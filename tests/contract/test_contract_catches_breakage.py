"""The suite can fail: deliberately broken variants of the mock must be caught by its checks.

Each variant wraps the real mock app in a small ASGI middleware (the mock itself is untouched):
one rewrites the job-details body (a field of the wrong type, a required field removed), one lets
every request through whatever its key. The same schema, configuration and checks as the rest of
the suite must then report the matching failure; the unbroken app is the control.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import pytest
from contract_support import (
    AUTH_HEADER,
    MOCK_API_KEY,
    Target,
    load_schema,
    mock_app,
    run_workflow,
)
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.openapi.checks import IgnoredAuth, JsonSchemaError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MOCK = Target(kind="mock", base_url=None, api_key=MOCK_API_KEY)
DETAILS_PATH = re.compile(r"/v0/batch/jobs/[^/]+")
JOB_BODY = {"text": ["broken on purpose"]}


class RewriteJobDetails:
    """Passes ``mutate`` every 200 job-details body before it leaves the app."""

    def __init__(self, app: ASGIApp, mutate: Callable[[dict[str, Any]], None]) -> None:
        self.app = app
        self.mutate = mutate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not DETAILS_PATH.fullmatch(scope["path"]):
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            if start["status"] == 200:
                document = json.loads(body)
                self.mutate(document)
                body = json.dumps(document).encode()
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)


class IgnoreApiKey:
    """Replaces whatever key a request carries (or none) by a valid one: auth is not enforced."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            name = AUTH_HEADER.lower().encode()
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != name]
            scope = {**scope, "headers": [*headers, (name, MOCK_API_KEY.encode())]}
        await self.app(scope, receive, send)


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda job: job.__setitem__(key, value)


def _set_state(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda job: job["state"].__setitem__(key, value)


BREAKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "job_id is a number": _set("job_id", 12345),
    "required state removed": lambda job: job.pop("state"),
    "created_timestamp_ms is a string": _set_state("created_timestamp_ms", "yesterday"),
    # A status the spec does not list is valid (StateUnknown); one that is not a string is not.
    "status is a number": _set_state("status", 7),
    "known status without its fields": lambda job: job.__setitem__("state", {"status": "FAILED"}),
}


def _failures(mutate: Callable[[dict[str, Any]], None] | None) -> list[Failure]:
    """Start a job, read its details with ``mutate`` applied to them; the failures reported."""
    inner = mock_app()
    schema = load_schema(MOCK)
    schema.app = inner if mutate is None else RewriteJobDetails(inner, mutate)
    headers = {AUTH_HEADER: MOCK_API_KEY}
    started = schema["/v0/batch/jobs"]["POST"].Case(body=JOB_BODY, media_type="application/json")
    job_id = started.call_and_validate(headers=headers).json()["job_id"]
    details = schema["/v0/batch/jobs/{id}"]["GET"].Case(path_parameters={"id": job_id})
    try:
        details.call_and_validate(headers=headers)
    except FailureGroup as group:
        return list(group.exceptions)
    return []


def test_unbroken_mock_passes_the_same_checks() -> None:
    assert _failures(None) == []


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_job_details_fail_response_schema_conformance(name: str) -> None:
    failures = _failures(BREAKS[name])
    assert failures, f"{name}: no check failed"
    assert all("response_schema_conformance" in f.checks for f in failures), failures
    assert any(isinstance(f, JsonSchemaError) for f in failures), failures


def test_stateful_run_catches_a_broken_details_body() -> None:
    # Only the check under test: the run must fail because of the broken body, nothing else.
    schema = load_schema(MOCK, checks=("response_schema_conformance",), mode="positive")
    schema.app = RewriteJobDetails(mock_app(), BREAKS["job_id is a number"])
    with pytest.raises(FailureGroup) as caught:
        run_workflow(schema.as_state_machine(), max_examples=30, max_steps=4)
    assert any(isinstance(f, JsonSchemaError) for f in caught.value.exceptions)


def test_ignored_auth_is_reported() -> None:
    schema = load_schema(MOCK)
    schema.app = IgnoreApiKey(mock_app())
    case = schema["/v0/batch/jobs"]["GET"].Case()
    with pytest.raises(FailureGroup) as caught:
        case.call_and_validate(headers={AUTH_HEADER: MOCK_API_KEY})
    assert any(isinstance(f, IgnoredAuth) for f in caught.value.exceptions)
