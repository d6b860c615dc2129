"""The generated contract package: a leaf (standard library only) that says what the spec says."""

from __future__ import annotations

import subprocess
import sys

import hume_batch_contract as contract
from support.openapi import spec

SCHEMAS = spec()["components"]["schemas"]

LEAF_CHILD = """
import sys
before = set(sys.modules)
import hume_batch_contract, hume_batch_contract.types
new = {m.split(".")[0] for m in set(sys.modules) - before}
third_party = sorted(m for m in new - {"hume_batch_contract"} if m not in sys.stdlib_module_names)
print(",".join(third_party))
"""


def test_the_contract_imports_only_the_standard_library() -> None:
    child = subprocess.run(
        [sys.executable, "-c", LEAF_CHILD], capture_output=True, text=True, timeout=60, check=True
    )
    assert child.stdout.strip() == ""


def test_limits_and_reads_come_from_the_spec_extensions() -> None:
    upload = SCHEMAS["LocalFileJobRequest"]["properties"]["file"]
    assert contract.MAX_FILE_BYTES == upload["x-hume-max-file-bytes"] == 100 * 1024 * 1024
    assert upload["maxItems"] == contract.MAX_FILES
    request = SCHEMAS["InferenceBaseRequest"]["properties"]
    assert (
        request["urls"]["maxItems"],
        request["text"]["maxItems"],
    ) == (contract.MAX_URLS, contract.MAX_TEXTS)
    models = SCHEMAS["Models"]["properties"]
    assert tuple(models) == contract.MODELS
    assert {m: set(k) for m, k in contract.MODEL_READS.items()} == {
        m: set(p["x-hume-reads"]) for m, p in models.items()
    }


def test_every_request_field_keeps_its_bounds_enum_and_default() -> None:
    for name, schema in contract.SCHEMAS.items():
        source = SCHEMAS[name]
        assert schema.closed is (source.get("additionalProperties", True) is False), name
        assert list(schema.fields) == list(source.get("properties", {})), name
        for field_name, field in schema.fields.items():
            prop = source["properties"][field_name]
            for key, attr in (
                ("minimum", "minimum"),
                ("maximum", "maximum"),
                ("maxItems", "max_items"),
            ):
                assert getattr(field, attr) == prop.get(key), (name, field_name, key)
            assert field.default == prop.get("default", contract.MISSING), (name, field_name)
            ref = next((v["$ref"] for v in prop.get("oneOf", []) if "$ref" in v), None)
            if ref is not None and "enum" in SCHEMAS[ref.rsplit("/", 1)[1]]:
                assert field.enum == tuple(SCHEMAS[ref.rsplit("/", 1)[1]]["enum"])


def test_a_problem_names_the_path_what_is_allowed_and_what_was_given() -> None:
    problem = next(contract.problems({"face": {"prob_threshold": 2}}, "Models", "models"))
    assert (problem.path, problem.rule, problem.given) == (
        "models.face.prob_threshold",
        "maximum",
        2,
    )
    assert str(problem) == "models.face.prob_threshold: must be between 0 and 1, got 2"
    unknown = next(contract.problems({"smile": {}}, "Models", "models"))
    assert (unknown.rule, unknown.given, unknown.known) == ("unknown", "smile", contract.MODELS)


def test_defaults_are_filled_from_the_spec() -> None:
    filled = contract.with_defaults({"prosody": {"window": {}}}, "Models")
    assert filled == {
        "prosody": {
            "granularity": "utterance",
            "window": {"length": 4, "step": 1},
            "identify_speakers": False,
        }
    }
