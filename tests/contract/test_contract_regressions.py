"""Plain regression tests for each disagreement the contract suite found between spec and mock.

Each test names the schemathesis finding it pins; tests/contract/README.md lists them with the fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema_rs
import pytest
import yaml
from contract_support import AUTH_HEADER, MOCK_API_KEY, SPEC_PATH
from humebatch_mock import MockConfig, MockServer

SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
HEADERS = {AUTH_HEADER: MOCK_API_KEY}
INT64_MAX = 2**63 - 1


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """The embedded mock, over loopback HTTP."""
    with (
        MockServer(MockConfig(api_keys={MOCK_API_KEY})) as server,
        httpx.Client(base_url=server.url, headers=HEADERS, timeout=10) as http,
    ):
        yield http


def _valid_per_spec(schema_name: str, instance: dict[str, Any]) -> bool:
    """What schemathesis decides (it validates with jsonschema-rs, formats included)."""
    root = {**SPEC, "$ref": f"#/components/schemas/{schema_name}"}
    validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
    return bool(validator.is_valid(instance))


def test_multipart_part_other_than_file_and_json_is_outside_the_spec(client: httpx.Client) -> None:
    """ST202 on POST multipart: the spec left LocalFileJobRequest open; fixed in the spec."""
    assert not _valid_per_spec("LocalFileJobRequest", {"file": ["x"], "extra": "1"})
    response = client.post(
        "/v0/batch/jobs", files=[("file", ("a.png", b"\x89PNG\r\n\x1a\n")), ("extra", (None, b"1"))]
    )
    assert response.status_code == 400
    assert "message" in response.json()


@pytest.mark.parametrize("value", [INT64_MAX, 0])
def test_list_accepts_timestamp_ms_within_int64(client: httpx.Client, value: int) -> None:
    response = client.get("/v0/batch/jobs", params={"timestamp_ms": value})
    assert response.status_code == 200


def test_list_rejects_timestamp_ms_beyond_int64(client: httpx.Client) -> None:
    """ST201 on GET /v0/batch/jobs: the spec says int64; the mock answered 200 to 2**63."""
    response = client.get("/v0/batch/jobs", params={"timestamp_ms": INT64_MAX + 1})
    assert response.status_code == 400
    assert "timestamp_ms" in response.json()["message"]


NOT_URIS = {
    "space": "https://example.com/a b.mp4",
    "control character": "https://\x0fexample.com/a.mp4",
    "non-ASCII character (an IRI, not a URI)": "https://\u00a9example.com/a.mp4",
}


@pytest.mark.parametrize("field", ["callback_url", "urls"])
@pytest.mark.parametrize("kind", sorted(NOT_URIS))
def test_job_url_that_is_not_a_uri_is_rejected(client: httpx.Client, field: str, kind: str) -> None:
    """ST201 on POST: `format: uri` in the spec; the mock accepted these and started a job."""
    url = NOT_URIS[kind]
    body: dict[str, Any] = {"text": ["hello"]}
    body[field] = [url] if field == "urls" else url
    assert not _valid_per_spec("InferenceBaseRequest", body)
    response = client.post("/v0/batch/jobs", json=body)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("field", ["callback_url", "urls"])
@pytest.mark.parametrize("url", ["HTTP://", "https://user@:8080/x", "http://example.com:65536/"])
def test_job_url_without_a_usable_server_is_outside_the_spec(
    client: httpx.Client, field: str, url: str
) -> None:
    """ST202 on POST: the spec's pattern took "HTTP://" (no host); fixed in the spec."""
    body: dict[str, Any] = {"text": ["hello"], field: [url] if field == "urls" else url}
    assert not _valid_per_spec("InferenceBaseRequest", body)
    assert client.post("/v0/batch/jobs", json=body).status_code == 400


@pytest.mark.parametrize(
    "url",
    ["https://user@example.com:8443/a.mp4?x=1#t", "http://[::1]:8080/cb", "HTTPS://EXAMPLE.COM"],
)
def test_job_url_the_spec_allows_is_accepted(client: httpx.Client, url: str) -> None:
    body: dict[str, Any] = {"urls": [url], "callback_url": url}
    assert _valid_per_spec("InferenceBaseRequest", body)
    assert client.post("/v0/batch/jobs", json=body).status_code == 200


@pytest.mark.parametrize(
    ("path", "documented"),
    [("/v0/batch/jobs", {"GET", "POST"}), ("/v0/batch/jobs/" + "0" * 32, {"GET"})],
)
def test_unsupported_method_answers_405_with_every_documented_method(
    client: httpx.Client, path: str, documented: set[str]
) -> None:
    """ST205 (allow_header_conformance): DELETE /v0/batch/jobs answered `Allow: GET, HEAD`."""
    response = client.request("DELETE", path)
    assert response.status_code == 405
    allowed = {method.strip().upper() for method in response.headers["allow"].split(",")}
    assert documented <= allowed


@pytest.mark.parametrize(
    "models",
    [{"language": {"granularity": {}}}, {"prosody": {"granularity": []}}],
    ids=["language granularity object", "prosody granularity array"],
)
def test_wrongly_typed_granularity_is_a_400_not_a_crash(
    client: httpx.Client, models: dict[str, Any]
) -> None:
    """not_a_server_error on POST: an unhashable granularity raised TypeError in the mock."""
    body = {"text": ["hello"], "models": models}
    assert not _valid_per_spec("InferenceBaseRequest", body)
    response = client.post("/v0/batch/jobs", json=body)
    assert response.status_code == 400
    assert "granularity" in response.json()["message"]
