"""Job inputs: multipart uploads, JSON bodies, limits and bad input (never a 500)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from uuid import UUID

import httpx
import pytest
from hume_batch_api.api.batch import get_job_predictions, start_inference_job
from hume_batch_api.models import InferenceBaseRequest, LocalFileJobRequest
from hume_batch_api.types import File
from humebatch_mock import MockServer
from mock_helpers import JOBS, PREDICTIONS, check, wait_status
from support.media import silent_wav


def _start(client, body) -> str:
    response = start_inference_job.sync_detailed(client=client, body=body)
    assert response.status_code == 200, response.content
    return str(check(response, "POST", JOBS)["job_id"])


def _predictions(client, job_id: str) -> list:
    wait_status(client, job_id, "COMPLETED")
    response = get_job_predictions.sync_detailed(UUID(job_id), client=client)
    return check(response, "GET", PREDICTIONS)


# ---------------------------------------------------------------- multipart


def test_multipart_upload_with_the_generated_client(client) -> None:
    image, audio = b"\x89PNG fake image bytes", silent_wav(2.5)
    body = LocalFileJobRequest(
        file=[
            File(payload=io.BytesIO(image), file_name="face.png", mime_type="image/png"),
            File(payload=io.BytesIO(audio), file_name="voice.wav", mime_type="audio/wav"),
        ],
        json=InferenceBaseRequest.from_dict({"models": {"face": {}, "prosody": {}}}),
    )
    job_id = _start(client, body)
    details = wait_status(client, job_id, "COMPLETED")
    assert details["request"]["files"] == [
        {
            "filename": "face.png",
            "md5sum": hashlib.md5(image).hexdigest(),
            "content_type": "image/png",
        },
        {
            "filename": "voice.wav",
            "md5sum": hashlib.md5(audio).hexdigest(),
            "content_type": "audio/wav",
        },
    ]
    assert set(details["request"]["models"]) == {"face", "prosody"}
    body = _predictions(client, job_id)
    assert [s["source"]["type"] for s in body] == ["file", "file"]
    assert body[0]["source"]["md5sum"] == hashlib.md5(image).hexdigest()
    face_file, voice_file = (s["results"]["predictions"][0] for s in body)
    assert face_file["file"] == "face.png" and set(face_file["models"]) == {"face"}
    assert voice_file["file"] == "voice.wav" and set(voice_file["models"]) == {"prosody"}
    # The real .wav length bounds every prosody time range.
    times = [
        p["time"]
        for g in voice_file["models"]["prosody"]["grouped_predictions"]
        for p in g["predictions"]
    ]
    assert times and max(t["end"] for t in times) <= 2.5


@pytest.mark.parametrize(
    "layout",
    [
        "field-before",
        "field-after",
        "file-part-before-json-type",
        "file-part-after",
        "file-part-no-type",
        "no-json",
    ],
)
def test_json_part_in_every_layout_official_clients_use(
    shared_http: httpx.Client, layout: str
) -> None:
    config = json.dumps({"models": {"face": {"fps_pred": 1}}, "notify": True}).encode()
    files: list = [("file", ("a.jpg", b"jpeg", "image/jpeg"))]
    data = None
    if layout == "field-before":
        files.insert(0, ("json", (None, config)))
    elif layout == "field-after":
        data = {"json": config.decode()}
    elif layout == "file-part-before-json-type":
        files.insert(0, ("json", ("config.json", config, "application/json")))
    elif layout == "file-part-after":
        files.append(("json", ("upload", config, "application/octet-stream")))
    elif layout == "file-part-no-type":
        files.append(("json", ("upload", config, "")))
    response = shared_http.post(JOBS, files=files, data=data)
    assert response.status_code == 200, response.text
    job = shared_http.get(f"{JOBS}/{response.json()['job_id']}").json()
    if layout == "no-json":
        assert len(job["request"]["models"]) == 6 and job["request"]["notify"] is False
    else:
        assert job["request"]["models"]["face"]["fps_pred"] == 1
        assert job["request"]["notify"] is True


def test_files_and_urls_in_one_multipart_job(shared_http: httpx.Client, shared_client) -> None:
    config = json.dumps({"urls": ["https://example.com/b.mp3"]})
    response = shared_http.post(
        JOBS, files=[("file", ("a.txt", b"I love Paris."))], data={"json": config}
    )
    body = _predictions(shared_client, response.json()["job_id"])
    assert [s["source"]["type"] for s in body] == ["file", "url"]


def test_uploaded_zip_is_opened_and_its_members_predicted(
    shared_http: httpx.Client, shared_client
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("faces/1.jpg", b"x")
        zf.writestr("faces/2.png", b"y")
        zf.writestr("notes/readme.doc", b"z")
    response = shared_http.post(JOBS, files=[("file", ("faces.zip", archive.getvalue()))])
    job_id = response.json()["job_id"]
    details = wait_status(shared_client, job_id, "COMPLETED")
    assert details["state"]["num_predictions"] == 2 and details["state"]["num_errors"] == 1
    results = _predictions(shared_client, job_id)[0]["results"]
    assert [p["file"] for p in results["predictions"]] == ["faces/1.jpg", "faces/2.png"]
    assert results["errors"] == [
        {"message": "unsupported file type: notes/readme.doc", "file": "notes/readme.doc"}
    ]


def test_per_file_problems_go_to_errors_of_a_completed_job(
    shared_http: httpx.Client, shared_client
) -> None:
    files = [
        ("file", ("ok.jpg", b"jpeg")),
        ("file", ("empty.png", b"")),
        ("file", ("slides.pptx", b"pptx")),
    ]
    job_id = shared_http.post(JOBS, files=files).json()["job_id"]
    details = wait_status(shared_client, job_id, "COMPLETED")
    assert details["state"]["num_predictions"] == 1 and details["state"]["num_errors"] == 2
    errors = [e for s in _predictions(shared_client, job_id) for e in s["results"]["errors"]]
    assert errors == [
        {"message": "empty file: empty.png", "file": "empty.png"},
        {"message": "unsupported file type: slides.pptx", "file": "slides.pptx"},
    ]


def test_file_over_the_size_limit_is_413(hume_mock_factory) -> None:
    server = hume_mock_factory(max_file_bytes=1024)
    with httpx.Client(base_url=server.url, headers={"X-Hume-Api-Key": server.api_key}) as http:
        response = http.post(JOBS, files=[("file", ("big.mp4", b"v" * 4096))])
        assert response.status_code == 413
        assert "file too large" in check(response, "POST", JOBS)["message"]
        assert server.store.jobs == {}
        small = http.post(JOBS, files=[("file", ("small.mp4", b"v" * 1024))])
        assert small.status_code == 200  # the server keeps serving


def test_more_than_100_files_is_400(http: httpx.Client, server: MockServer) -> None:
    files = [("file", (f"{i}.jpg", b"x")) for i in range(101)]
    response = http.post(JOBS, files=files)
    assert response.status_code == 400
    assert check(response, "POST", JOBS)["message"].startswith("too many files: 101")
    assert server.store.jobs == {}


# ---------------------------------------------------------------- failing jobs


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({}, "no media or text"),
        ({"urls": ["https://example.com/please-fail.mp4"]}, "trigger"),
        ({"text": ["this job should fail"]}, "trigger"),
        ({"urls": ["https://example.com/a.docx"]}, "no usable input"),
        ({"text": ["hi"], "models": {"face": {}}}, "no usable input"),
        ({"urls": ["https://example.com/a.jpg"], "models": {}}, "no models"),
    ],
)
def test_jobs_that_must_fail_end_failed_with_a_message(shared_client, body, reason) -> None:
    job_id = _start(shared_client, InferenceBaseRequest.from_dict(body))
    state = wait_status(shared_client, job_id, "FAILED", "COMPLETED")["state"]
    assert state["status"] == "FAILED"
    assert reason in state["message"]


def test_fail_in_an_uploaded_filename_fails_the_job(
    shared_http: httpx.Client, shared_client
) -> None:
    job_id = shared_http.post(JOBS, files=[("file", ("fail.wav", silent_wav(1)))]).json()["job_id"]
    assert wait_status(shared_client, job_id, "FAILED", "COMPLETED")["state"]["status"] == "FAILED"


def test_words_merely_containing_fail_do_not_trigger(shared_client) -> None:
    job_id = _start(
        shared_client, InferenceBaseRequest.from_dict({"text": ["a failure, but failed"]})
    )
    assert (
        wait_status(shared_client, job_id, "FAILED", "COMPLETED")["state"]["status"] == "COMPLETED"
    )


def test_min_face_size_up_to_uint64_is_echoed_and_listed(shared_http: httpx.Client) -> None:
    # Found by schemathesis: a larger integer was stored as given, and every later answer that
    # echoed the request (details, the list) failed to serialise with a 500. The definition types
    # it uint64, so 2**64 - 1 is the largest accepted value (2**64 is in BAD_JSON_BODIES).
    body = {"text": ["hi"], "models": {"face": {"min_face_size": 2**64 - 1}, "language": {}}}
    response = shared_http.post(JOBS, json=body)
    assert response.status_code == 200, response.text
    job_id = response.json()["job_id"]
    details = shared_http.get(f"{JOBS}/{job_id}")
    assert details.status_code == 200, details.text
    echo = check(details, "GET", "/v0/batch/jobs/{id}")["request"]["models"]["face"]
    assert echo["min_face_size"] == 2**64 - 1
    listing = shared_http.get(JOBS, params={"limit": 1000})
    assert listing.status_code == 200, listing.text
    assert job_id in {job["job_id"] for job in listing.json()}


# ---------------------------------------------------------------- bad input → 400


BAD_JSON_BODIES = [
    ({"urls": [f"https://example.com/{i}.jpg" for i in range(101)]}, "too many urls: 101"),
    ({"text": ["x"] * 101}, "too many text: 101"),
    ({"urls": ["ftp://example.com/a.jpg"]}, "http(s)"),
    ({"urls": ["not a url"]}, "urls[0]"),
    ({"urls": ["https://example.com/a b.mp4"]}, "a URI"),
    ({"urls": ["https://\u00a9example.com/a.mp4"]}, "a URI"),
    ({"urls": ["https://example.com/%zz.mp4"]}, "percent-encoding"),
    ({"urls": ["http://example.com:65536/a.mp4"]}, "urls[0]"),
    ({"urls": ["HTTP://"]}, "http(s) URL"),
    ({"models": {"language": {"granularity": {}}}}, "granularity"),
    ({"models": {"prosody": {"granularity": []}}}, "granularity"),
    ({"transcription": {"language": ["en"]}}, "transcription.language"),
    ({"urls": "https://example.com/a.jpg"}, "urls: expected an array"),
    ({"text": [1]}, "text[0]"),
    ({"surprise": 1}, "unknown field"),
    ({"models": {"face": {"unknown": 1}}}, "models.face"),
    ({"models": {"face": {"prob_threshold": 1.5}}}, "prob_threshold"),
    ({"models": {"face": {"min_face_size": -1}}}, "min_face_size"),
    ({"models": {"face": {"min_face_size": 60.5}}}, "min_face_size"),
    ({"models": {"face": {"min_face_size": 10**30}}}, "min_face_size"),
    ({"models": {"face": {"identify_faces": "yes"}}}, "identify_faces"),
    ({"models": {"prosody": {"granularity": "paragraph"}}}, "granularity"),
    ({"models": {"prosody": {"window": {"length": 0.1}}}}, "window.length"),
    ({"models": {"language": {"sentiment": True}}}, "sentiment"),
    ({"models": {"burst": 1}}, "models.burst"),
    ({"models": {"video": {}}}, "unknown field"),
    ({"transcription": {"language": "xx"}}, "transcription.language"),
    ({"transcription": {"confidence_threshold": 2}}, "confidence_threshold"),
    ({"notify": "true"}, "notify"),
    ({"callback_url": "mailto:a@b.c"}, "callback_url"),
    ([], "request body"),
    ("text", "request body"),
]


@pytest.mark.parametrize(("body", "fragment"), BAD_JSON_BODIES)
def test_bad_json_bodies_are_400_with_a_clear_message(
    shared_http: httpx.Client, body, fragment
) -> None:
    response = shared_http.post(JOBS, json=body)
    assert response.status_code == 400, response.text
    assert fragment in check(response, "POST", JOBS)["message"]


RAW_BAD_REQUESTS = [
    ("application/json", b"{not json"),
    ("application/json", b""),
    ("application/json", b"\xff\xfe"),
    ("text/plain", b"urls=https://example.com/a.jpg"),
    ("", b"{}"),
    ("multipart/form-data", b"--x\r\n"),
    ("multipart/form-data; boundary=abc", b"garbage without boundary"),
    (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="file"\r\n\r\n{}\r\n--abc--\r\n',
    ),
    (
        "multipart/form-data; boundary=abc",
        b"--abc\r\nContent-Disposition: form-data\r\n\r\nx\r\n--abc--\r\n",
    ),
    (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--abc--\r\n',
    ),
    (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="json"\r\n\r\n{}\r\n--abc--\r\n',
    ),
    (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nxx',
    ),
    (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nx\r\n'
        b'--abc\r\nContent-Disposition: form-data; name="json"\r\n\r\n{oops\r\n--abc--\r\n',
    ),
]


@pytest.mark.parametrize(("content_type", "raw"), RAW_BAD_REQUESTS)
def test_malformed_bodies_are_400_and_the_server_keeps_serving(
    shared_http, content_type, raw
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = shared_http.post(JOBS, content=raw, headers=headers)
    assert response.status_code == 400, response.text
    assert check(response, "POST", JOBS)["message"]
    assert shared_http.get(JOBS).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "-1"},
        {"limit": "ten"},
        {"status": "DONE"},
        {"when": "yesterday"},
        {"timestamp_ms": "-5"},
        {"sort_by": "size"},
        {"direction": "up"},
    ],
)
def test_bad_list_parameters_are_400(shared_http: httpx.Client, query) -> None:
    response = shared_http.get(JOBS, params=query)
    assert response.status_code == 400
    assert next(iter(query)) in check(response, "GET", JOBS)["message"]


def test_json_body_over_the_limit_is_413(hume_mock_factory) -> None:
    server = hume_mock_factory(max_json_bytes=100)
    body = {"text": ["x" * 200]}
    response = httpx.post(server.url + JOBS, json=body, headers={"X-Hume-Api-Key": "k"})
    assert response.status_code == 413 and check(response, "POST", JOBS)["message"]


def test_large_upload_streams_to_disk_and_leaves_nothing_behind(
    http: httpx.Client, client, tmp_path, monkeypatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the mock spools uploads
    payload = bytes(range(256)) * (12 * 4096)  # 12 MiB
    response = http.post(JOBS, files=[("file", ("long.mp4", payload, "video/mp4"))])
    assert response.status_code == 200
    job = wait_status(client, response.json()["job_id"], "COMPLETED")
    assert job["request"]["files"][0]["md5sum"] == hashlib.md5(payload).hexdigest()
    assert list(tmp_path.iterdir()) == []


def test_client_vanishing_mid_upload_leaves_the_server_serving(
    server: MockServer, http: httpx.Client
) -> None:
    import socket

    head = (
        b"POST /v0/batch/jobs HTTP/1.1\r\nHost: x\r\nX-Hume-Api-Key: k\r\n"
        b"Content-Type: multipart/form-data; boundary=abc\r\nContent-Length: 100000\r\n\r\n"
        b'--abc\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nxxxx'
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(head)
    assert http.get(JOBS).status_code == 200
    assert server.store.jobs == {}
