"""Structural promises of spec/hume-batch.yaml that the linters cannot check for us."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "hume-batch.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
METHODS = {"get", "post", "put", "patch", "delete"}
OPERATIONS = [
    (path, method, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if method in METHODS
]


def resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def schema_validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    # Validate against the whole document so that #/components refs resolve.
    root = {**SPEC, "$ref": "#/__target__", "__target__": schema}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())


def test_spec_is_valid_openapi_31() -> None:
    validate(SPEC)
    assert SPEC["openapi"].startswith("3.1")


def test_every_batch_operation_is_described() -> None:
    assert {(p, m) for p, m, _ in OPERATIONS} == {
        ("/v0/batch/jobs", "get"),
        ("/v0/batch/jobs", "post"),
        ("/v0/batch/jobs/{id}", "get"),
        ("/v0/batch/jobs/{id}/predictions", "get"),
        ("/v0/batch/jobs/{id}/artifacts", "get"),
    }


def test_api_key_header_applies_globally() -> None:
    assert SPEC["security"] == [{"apiKey": []}]
    scheme = SPEC["components"]["securitySchemes"]["apiKey"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-Hume-Api-Key"}
    assert all("security" not in op for _, _, op in OPERATIONS)


def test_start_job_takes_json_and_multipart_in_one_operation() -> None:
    content = SPEC["paths"]["/v0/batch/jobs"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "multipart/form-data"}
    multipart = resolve(content["multipart/form-data"]["schema"])
    assert multipart["required"] == ["file"]
    assert multipart["properties"]["file"]["items"]["format"] == "binary"
    assert resolve(multipart["properties"]["json"]) is resolve(
        content["application/json"]["schema"]
    )


def test_status_filter_is_a_repeated_query_parameter() -> None:
    params = {p["name"]: p for p in SPEC["paths"]["/v0/batch/jobs"]["get"]["parameters"]}
    assert params["status"]["style"] == "form" and params["status"]["explode"] is True
    assert params["limit"]["schema"]["default"] == 50
    assert (
        "default" not in params["timestamp_ms"]["schema"]
    )  # the docs' fixed number is an artefact


def test_state_variants_are_told_apart_by_status() -> None:
    # No `discriminator`: a status it does not map must still read (StateUnknown). Each known
    # variant pins its status with `const`; StateUnknown excludes exactly those.
    variants = [resolve(v) for v in SPEC["components"]["schemas"]["StateInference"]["oneOf"]]
    known = {v["properties"]["status"].get("const"): set(v["required"]) for v in variants}
    unknown = known.pop(None)
    base = {"status", "created_timestamp_ms"}
    ended = base | {"started_timestamp_ms", "ended_timestamp_ms"}
    assert known == {
        "QUEUED": base,
        "IN_PROGRESS": base | {"started_timestamp_ms"},
        "COMPLETED": ended | {"num_predictions", "num_errors"},
        "FAILED": ended | {"message"},
    }
    assert unknown == base
    excluded = SPEC["components"]["schemas"]["StateUnknown"]["properties"]["status"]["not"]["enum"]
    assert set(excluded) == set(known)


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("SourcePredictResult", "results"),
        ("SourcePredictResult", "error"),
        ("FacePrediction", "facs"),
        ("FacePrediction", "descriptions"),
        ("LanguagePrediction", "sentiment"),
        ("LanguagePrediction", "toxicity"),
        ("LanguagePrediction", "time"),
        ("ProsodyPrediction", "text"),
        ("NerPrediction", "time"),
        ("TranscriptionMetadata", "detected_language"),
        ("InferenceRequest", "callback_url"),
        ("File", "filename"),
        ("ModelsPredictions", "face"),
    ],
)
def test_optional_response_fields_accept_null(schema: str, field: str) -> None:
    definition = SPEC["components"]["schemas"][schema]
    assert field not in definition.get("required", [])
    validator = schema_validator(definition["properties"][field])
    assert validator.is_valid(None)


def test_every_response_has_an_example_that_matches_its_schema() -> None:
    for path, method, op in OPERATIONS:
        for status, response in op["responses"].items():
            response = resolve(response)
            for media, body in response.get("content", {}).items():
                examples = body.get("examples")
                assert examples, f"{method.upper()} {path} {status} {media} has no example"
                if "json" not in media:
                    continue
                validator = schema_validator(body["schema"])
                for name, example in examples.items():
                    errors = list(validator.iter_errors(resolve(example)["value"]))
                    assert not errors, f"{method} {path} {status} example {name}: {errors[0]}"


def test_links_chain_start_job_to_the_job_operations() -> None:
    links = SPEC["paths"]["/v0/batch/jobs"]["post"]["responses"]["200"]["links"]
    assert {link["operationId"] for link in links.values()} == {
        "get_job_details",
        "get_job_predictions",
        "get_job_artifacts",
    }
    assert all(link["parameters"] == {"id": "$response.body#/job_id"} for link in links.values())


def test_rate_limit_responses_carry_retry_after() -> None:
    for _, _, op in OPERATIONS:
        assert "Retry-After" in resolve(op["responses"]["429"])["headers"]


def test_request_schemas_are_closed_and_response_schemas_open() -> None:
    schemas = SPEC["components"]["schemas"]
    for name in ("InferenceBaseRequest", "Models", "Face", "Prosody", "Language", "Transcription"):
        assert schemas[name]["additionalProperties"] is False, name
    for name in ("InferenceJob", "InferenceRequest", "InferencePrediction", "SourcePredictResult"):
        assert "additionalProperties" not in schemas[name], name
    # The echoed request and the unknown variants have response schemas of their own, open too.
    for name in (
        "ModelsEcho",
        "FaceEcho",
        "ProsodyEcho",
        "LanguageEcho",
        "NerEcho",
        "WindowEcho",
        "TranscriptionEcho",
        "StateUnknown",
        "SourceUnknown",
    ):
        assert schemas[name].get("additionalProperties", True) is not False, name
    refs = str(schemas["InferenceRequest"])
    assert "Models'" not in refs and "Transcription'" not in refs  # never the closed ones
