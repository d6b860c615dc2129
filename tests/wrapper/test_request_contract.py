"""The wrapper checks requests with the spec's contract: what the spec allows goes out as given.

Each of these was refused by the hand-written tables the contract replaced (issue 18's drifts):
the spec wins. And the checks are clear (path, what is allowed, what was given), and read the
contract without importing an HTTP client.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_batch_api import FakeAPI, collect, resolve
from humebatch import InvalidInput

WAV = "https://example.com/a.wav"
JPG = "https://example.com/a.jpg"
WRAPPER = Path(__file__).resolve().parents[2] / "wrapper" / "humebatch"


@pytest.mark.parametrize(
    ("kwargs", "sent_models"),
    [
        # No minimum in the spec or Hume's definition (optional<double>).
        ({"urls": [JPG], "models": {"face": {"fps_pred": -1}}}, {"face": {"fps_pred": -1}}),
        # Unconfigurable is an open object.
        ({"urls": [WAV], "models": {"burst": {"x": 1}}}, {"burst": {"x": 1}}),
        ({"urls": [JPG], "models": {"face": {"facs": {"x": 1}}}}, {"face": {"facs": {"x": 1}}}),
        # Null is absent: an option sent as null reads as left out.
        (
            {"urls": [JPG], "models": {"face": {"prob_threshold": None}}},
            {"face": {"prob_threshold": None}},
        ),
        # JSON Schema's integer: 60.0 is one.
        (
            {"urls": [JPG], "models": {"face": {"min_face_size": 60.0}}},
            {"face": {"min_face_size": 60}},
        ),
    ],
)
async def test_what_the_spec_allows_is_sent(
    client: Any, api: FakeAPI, kwargs: dict[str, Any], sent_models: dict[str, Any]
) -> None:
    await resolve(client.submit(**kwargs))
    assert json.loads(api.requests[0].content)["models"] == sent_models


async def test_notify_none_is_null(client: Any, api: FakeAPI) -> None:
    await resolve(client.submit(urls=[JPG], notify=None))
    assert json.loads(api.requests[0].content)["notify"] is None


async def test_when_alone_asks_relative_to_now(client: Any, api: FakeAPI) -> None:
    await collect(client.jobs(when="created_after"))
    query = api.requests[0].url.params
    assert query["when"] == "created_after"
    assert "timestamp_ms" not in query


@pytest.mark.parametrize(
    ("models", "message"),
    [
        (
            {"face": {"prob_threshold": 1.5}},
            "models.face.prob_threshold must be between 0 and 1, got 1.5.",
        ),
        (
            {"prosody": {"window": {"step": 0.1}}},
            "models.prosody.window.step must be at least 0.5, got 0.1.",
        ),
        (
            {"language": {"granularity": "para"}},
            "models.language.granularity must be one of word, sentence, utterance, "
            "conversational_turn or null, got 'para'.",
        ),
        (
            {"face": {"fps": 3}},
            "models.face has no option 'fps' (known options: fps_pred, prob_threshold, "
            "identify_faces, min_face_size, facs, descriptions, save_faces).",
        ),
        (
            {"smile": {}},
            "Unknown model 'smile'; the models are: face, burst, prosody, language, ner, facemesh.",
        ),
        ({"face": {"save_faces": "yes"}}, "models.face.save_faces must be true or false or null"),
    ],
)
def test_a_refusal_names_the_path_what_is_allowed_and_what_was_given(
    models: dict[str, Any], message: str
) -> None:
    from humebatch.inputs import validate_submission

    with pytest.raises(InvalidInput) as info:
        validate_submission(urls=[JPG], models=models)
    assert str(info.value).startswith(message)


# The package's __init__ imports the client; a stand-in package object lets the child import
# only the modules named, so that what they import themselves shows.
ISOLATED_CHILD = """
import sys, types
pkg = types.ModuleType("humebatch")
pkg.__path__ = [sys.argv[1]]
sys.modules["humebatch"] = pkg
import humebatch.inputs, humebatch.predictions
banned = ("httpx", "hume_batch_api", "humebatch._transport", "humebatch.client")
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in banned or m in banned)))
"""


def test_validation_and_predictions_import_no_http_client_and_no_seam() -> None:
    child = subprocess.run(
        [sys.executable, "-c", ISOLATED_CHILD, str(WRAPPER)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == ""
