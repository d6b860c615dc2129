"""The constructs the generator could mishandle, proven end to end through the generated client.

Each test sends a real request through the generated operation into an `httpx.MockTransport` and
checks what went over the wire (or what came back).
"""

from __future__ import annotations

import email.parser
import email.policy
import io
import json
import zipfile
from collections.abc import Callable

import httpx
from hume_batch_api import AuthenticatedClient
from hume_batch_api.api.batch import (
    get_job_artifacts,
    list_jobs,
    start_inference_job,
)
from hume_batch_api.models import (
    Face,
    InferenceBaseRequest,
    JobId,
    LocalFileJobRequest,
    Models,
    Status,
    Unconfigurable,
)
from hume_batch_api.types import File

JOB_ID = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"


def client_with(handler: Callable[[httpx.Request], httpx.Response]) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://api.example.test",
        token="k-123",
        prefix="",
        auth_header_name="X-Hume-Api-Key",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )


def parse_multipart(request: httpx.Request) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, filename, content type, payload) of each part, in order."""
    raw = request.read()
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    parts = []
    for part in message.iter_parts():
        disposition = part.get("Content-Disposition", "")
        params = dict(part.get_params(header="content-disposition") or [])
        assert disposition.startswith("form-data")
        payload = part.get_payload(decode=True)
        parts.append((params["name"], params.get("filename"), part.get_content_type(), payload))
    return parts


def test_json_body_is_sent_as_application_json() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"job_id": JOB_ID})

    body = InferenceBaseRequest(
        urls=["https://example.test/a.png"],
        models=Models(face=Face(fps_pred=1.0, facs=Unconfigurable()), burst=None),
        notify=True,
    )
    response = start_inference_job.sync_detailed(client=client_with(handler), body=body)
    assert isinstance(response.parsed, JobId)
    assert str(response.parsed.job_id) == JOB_ID
    (request,) = seen
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-hume-api-key"] == "k-123"
    sent = json.loads(request.read())
    assert sent["urls"] == ["https://example.test/a.png"]
    # The generated models send the spec's documented defaults for fields left unset.
    assert sent["models"] == {
        "face": {
            "fps_pred": 1.0,
            "prob_threshold": 0.99,
            "identify_faces": False,
            "min_face_size": 60,
            "facs": {},
            "save_faces": False,
        },
        "burst": None,
    }
    assert sent["notify"] is True


def test_multipart_body_has_every_file_and_the_json_part() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"job_id": JOB_ID})

    body = LocalFileJobRequest(
        file=[
            File(payload=io.BytesIO(b"\x89PNG one"), file_name="one.png", mime_type="image/png"),
            File(payload=io.BytesIO(b"RIFF two"), file_name="two.wav", mime_type="audio/wav"),
        ],
        json=InferenceBaseRequest(models=Models(face=Face(identify_faces=True))),
    )
    response = start_inference_job.sync_detailed(client=client_with(handler), body=body)
    assert isinstance(response.parsed, JobId)
    (request,) = seen
    assert request.headers["content-type"].startswith("multipart/form-data")
    parts = parse_multipart(request)
    assert [(n, f) for n, f, _, _ in parts] == [
        ("file", "one.png"),
        ("file", "two.wav"),
        ("json", None),
    ]
    assert parts[0][3] == b"\x89PNG one" and parts[1][3] == b"RIFF two"
    assert parts[2][2] == "application/json"
    config = json.loads(parts[2][3])
    assert config["models"]["face"]["identify_faces"] is True
    assert config == body.json.to_dict()  # type: ignore[union-attr]


def test_repeated_status_query_parameter() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    response = list_jobs.sync_detailed(
        client=client_with(handler), status=[Status.QUEUED, Status.FAILED], limit=7
    )
    assert response.parsed == []
    (request,) = seen
    assert request.url.params.get_list("status") == ["QUEUED", "FAILED"]
    assert request.url.params["limit"] == "7"


def test_artifacts_zip_comes_back_as_binary_file() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("csv/face.csv", "file,Joy\na.png,0.5\n")
    zip_bytes = buffer.getvalue()

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == f"/v0/batch/jobs/{JOB_ID}/artifacts"
        return httpx.Response(200, content=zip_bytes, headers={"content-type": "application/zip"})

    response = get_job_artifacts.sync_detailed(JOB_ID, client=client_with(handler))
    assert isinstance(response.parsed, File)
    data = response.parsed.payload.read()
    assert data == zip_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("csv/face.csv").startswith(b"file,Joy")
