"""Null is absent: every optional request field accepts JSON ``null``, in the spec and the mock.

The official ``hume`` SDK 0.13 sends an explicitly passed ``None`` as ``null``
(``callback_url=None``, ``Face(fps_pred=None)``); Hume's API definition marks these fields
``optional<...>`` (absent or null). The one field where null means something else is
``transcription``: the docs say an explicit ``null`` disables transcription.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from support.openapi import SPEC_URI, _registry, spec

# Every optional field of the start-job body, as (path, the smallest body that holds it).
_MODELS = {"face": {}, "prosody": {}, "language": {}, "ner": {}}
NULLABLE_FIELDS: list[tuple[str, ...]] = [
    ("models",),
    ("urls",),
    ("text",),
    ("callback_url",),
    ("notify",),
    *[
        ("models", "face", name)
        for name in (
            "fps_pred",
            "prob_threshold",
            "identify_faces",
            "min_face_size",
            "facs",
            "descriptions",
            "save_faces",
        )
    ],
    *[("models", name) for name in ("face", "burst", "prosody", "language", "ner", "facemesh")],
    ("models", "prosody", "granularity"),
    ("models", "prosody", "window"),
    ("models", "prosody", "identify_speakers"),
    ("models", "prosody", "window", "length"),
    ("models", "prosody", "window", "step"),
    ("models", "language", "granularity"),
    ("models", "language", "sentiment"),
    ("models", "language", "toxicity"),
    ("models", "language", "identify_speakers"),
    ("models", "ner", "identify_speakers"),
    ("transcription", "language"),
    ("transcription", "identify_speakers"),
    ("transcription", "confidence_threshold"),
]


def _body(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A text job with ``path`` set to ``value`` (parents created as empty objects)."""
    body: dict[str, Any] = {"text": ["hi"], "models": {k: {} for k in _MODELS}}
    if path[0] == "transcription":
        body["transcription"] = {}
    node = body
    for key in path[:-1]:
        node = node.setdefault(key, {})
        if node is None:
            node = {}
    node[path[-1]] = value
    return body


def _without(path: tuple[str, ...]) -> dict[str, Any]:
    body = _body(path, None)
    node = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return body


def _request_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": SPEC_URI + "#/components/schemas/InferenceBaseRequest"},
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_the_list_covers_every_optional_request_field() -> None:
    schemas = spec()["components"]["schemas"]

    def walk(name: str, prefix: tuple[str, ...]) -> set[tuple[str, ...]]:
        found: set[tuple[str, ...]] = set()
        for field, node in schemas[name].get("properties", {}).items():
            path = (*prefix, field)
            found.add(path)
            refs = [node.get("$ref", "")] + [o.get("$ref", "") for o in node.get("oneOf", [])]
            for ref in refs:
                target = ref.rsplit("/", 1)[-1]
                if target and schemas[target].get("type") == "object" and path != ("json",):
                    found |= walk(target, path)
        return found

    assert walk("InferenceBaseRequest", ()) == set(NULLABLE_FIELDS) | {("transcription",)}


@pytest.mark.parametrize("path", NULLABLE_FIELDS, ids=".".join)
def test_the_spec_accepts_null(path: tuple[str, ...]) -> None:
    errors = list(_request_validator().iter_errors(_body(path, None)))
    assert errors == []


@pytest.mark.parametrize("path", NULLABLE_FIELDS, ids=".".join)
def test_the_mock_reads_null_as_absent(shared_http, path: tuple[str, ...]) -> None:
    with_null = shared_http.post("/v0/batch/jobs", json=_body(path, None))
    assert with_null.status_code == 200, with_null.text
    absent = shared_http.post("/v0/batch/jobs", json=_without(path))
    assert absent.status_code == 200, absent.text

    def echo(response: Any) -> dict[str, Any]:
        request = shared_http.get(f"/v0/batch/jobs/{response.json()['job_id']}").json()["request"]
        return dict(request)

    assert echo(with_null) == echo(absent)


def test_null_transcription_still_disables_it(shared_http) -> None:
    started = shared_http.post("/v0/batch/jobs", json={"text": ["hi"], "transcription": None})
    assert started.status_code == 200, started.text
    job = shared_http.get(f"/v0/batch/jobs/{started.json()['job_id']}").json()
    assert job["request"]["transcription"] is None


# ---------------------------------------------------------------- no stricter than the evidence


@pytest.mark.parametrize(
    "face",
    [{"fps_pred": -1}, {"fps_pred": 0}, {"min_face_size": 0}, {"min_face_size": 5}],
    ids=["fps_pred=-1", "fps_pred=0", "min_face_size=0", "min_face_size=5"],
)
def test_face_options_are_as_loose_as_the_definition(shared_http, face: dict[str, Any]) -> None:
    # Hume's definition: fps_pred optional<double>, min_face_size optional<uint64>, no minimums.
    body = {"urls": ["https://example.com/a.mp4"], "models": {"face": face}}
    assert list(_request_validator().iter_errors(body)) == []
    started = shared_http.post("/v0/batch/jobs", json=body)
    assert started.status_code == 200, started.text


def test_limit_zero_is_an_empty_page(shared_http) -> None:
    shared_http.post("/v0/batch/jobs", json={"text": ["hi"]})
    listed = shared_http.get("/v0/batch/jobs", params={"limit": 0})
    assert (listed.status_code, listed.json()) == (200, [])


def test_null_is_absent_in_the_multipart_json_part_too(shared_http) -> None:
    config = {"models": {"face": {"fps_pred": None, "min_face_size": None}}, "callback_url": None}
    files = [
        ("file", ("a.jpg", b"jpeg", "image/jpeg")),
        ("json", ("upload", json.dumps(config).encode(), "application/octet-stream")),
    ]
    started = shared_http.post("/v0/batch/jobs", files=files)
    assert started.status_code == 200, started.text
    job = shared_http.get(f"/v0/batch/jobs/{started.json()['job_id']}").json()
    request = job["request"]
    face = request["models"]["face"]
    assert (face["fps_pred"], face["min_face_size"], request["callback_url"]) == (3, 60, None)
