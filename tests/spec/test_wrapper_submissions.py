"""Every submission the wrapper accepts validates against the spec's request schema.

A property test: hypothesis builds ``submit()`` arguments from the spec's own field names and a
mix of valid, borderline and wrong values; whatever `validate_submission` lets through must be a
valid ``InferenceBaseRequest``. And the wrapper's names (models, statuses, granularities,
languages) are the generated enums', not copies.
"""

from __future__ import annotations

from typing import Any

import humebatch._transport as seam
import humebatch.cli._commands as cli_commands
import humebatch.cli._request as cli_request
import humebatch.jobs as jobs
import jsonschema
import pytest
from humebatch.errors import InvalidInput
from humebatch.inputs import NOT_GIVEN, validate_submission
from support.openapi import SPEC_URI, _registry, spec

# hypothesis comes with schemathesis, which the test group installs on Python 3.11+ only.
pytest.importorskip("hypothesis", reason="hypothesis is installed with schemathesis (3.11+)")
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

SCHEMAS = spec()["components"]["schemas"]
VALIDATOR = jsonschema.Draft202012Validator(
    {"$ref": SPEC_URI + "#/components/schemas/InferenceBaseRequest"},
    registry=_registry(),
    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
)
CONFIG_SCHEMAS = {"face": "Face", "prosody": "Prosody", "language": "Language", "ner": "Ner"}

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 200),
    st.floats(-1, 2) | st.sampled_from([float("nan"), float("inf"), 0.5, 4.0]),
    st.sampled_from([*seam.GRANULARITIES, *seam.LANGUAGES[:4], "xx", "", "paragraph"]),
    st.just({}),
    st.fixed_dictionaries({}, optional={"length": st.floats(0, 6), "step": st.floats(0, 6)}),
    st.lists(st.text(max_size=3), max_size=2),
)


def _model_config(name: str) -> st.SearchStrategy[Any]:
    fields = list(SCHEMAS.get(CONFIG_SCHEMAS.get(name, ""), {}).get("properties", {}))
    keys = st.sampled_from([*fields, "bogus"])
    # Mostly objects of one or two fields, so that a fair share of the configs is accepted.
    return st.one_of(st.just({}), st.dictionaries(keys, values, max_size=2), values)


models = st.one_of(
    st.none(),
    st.lists(st.sampled_from([*seam.MODEL_NAMES, "video"]), max_size=3),
    st.dictionaries(st.sampled_from([*seam.MODEL_NAMES, "video"]), st.none(), max_size=2).flatmap(
        lambda chosen: st.fixed_dictionaries({name: _model_config(name) for name in chosen})
    ),
)
transcription = st.one_of(
    st.just(NOT_GIVEN),
    st.none(),
    st.just({}),
    st.dictionaries(
        st.sampled_from([*SCHEMAS["Transcription"]["properties"], "bogus"]), values, max_size=3
    ),
)
url = st.sampled_from(
    [
        "https://example.com/a.mp4",
        "http://[::1]:8080/x.wav",
        "HTTP://EXAMPLE.COM/a",
        "ftp://example.com/a",
        "https://exa mple.com/a",
        "https://example.com:99999/a",
        "https://例え.jp/a.mp4",
        "HTTP://",
        "https://example.com/%zz",
    ]
)


# Found by this test: the wrapper let a port above 65535 through, which the spec refuses.
@example(
    urls=["https://example.com:99999/a"],
    text=None,
    models=None,
    transcription=NOT_GIVEN,
    callback_url=None,
    notify=False,
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    urls=st.one_of(st.none(), st.lists(url, max_size=2)),
    text=st.one_of(st.none(), st.lists(st.text("ab ", max_size=4), max_size=3)),
    models=models,
    transcription=transcription,
    callback_url=st.one_of(st.none(), st.none(), url),
    notify=st.one_of(st.booleans(), st.booleans(), st.booleans(), values),
)
def test_every_accepted_submission_validates_against_the_spec(**arguments: Any) -> None:
    try:
        submission = validate_submission(**arguments)
    except InvalidInput:
        return
    errors = [e.message for e in VALIDATOR.iter_errors(submission.config)]
    assert errors == [], (arguments, submission.config)


def test_the_names_come_from_the_generated_enums() -> None:
    assert seam.MODEL_NAMES == ("face", "burst", "prosody", "language", "ner", "facemesh")
    assert tuple(SCHEMAS["Status"]["enum"]) == seam.STATUSES
    assert tuple(SCHEMAS["Granularity"]["enum"]) == seam.GRANULARITIES
    assert tuple(SCHEMAS["Bcp47Tag"]["enum"]) == seam.LANGUAGES
    assert jobs.STATUSES is seam.STATUSES
    assert cli_commands.MODELS is seam.MODEL_NAMES
    assert cli_commands.STATUSES is seam.STATUSES
    (granularity,) = [f for f in cli_request.FLAGS if f.name == "--granularity"]
    assert granularity.field.enum == seam.GRANULARITIES
