"""The official ``hume`` SDK 0.13.13 drives every batch method against the mock without a refusal.

Each scenario of ``sdk_driver.py`` is checked here: start jobs from URLs, texts and local files
(paths, bytes, tuples; the ``json`` part as a file part or a form field, or none) with every model
and option, explicit ``None`` included; read details, predictions of every source and model kind,
artifacts; list with every filter; and the SDK's own errors on 401 and 404.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
URL = "https://hume-tutorials.s3.amazonaws.com/faces.zip"
VIDEO_URL = "https://example.com/interview.mp4"
ALL_MODELS = ["burst", "face", "facemesh", "language", "ner", "prosody"]
STARTS = [
    "start_urls_every_option",
    "start_text",
    "start_explicit_none",
    "start_defaults",
    "start_files_paths_with_json",
    "start_files_bytes_without_json",
    "start_files_tuples",
    "start_files_json_as_form_field",
]


def test_the_sdk_is_the_last_release_with_the_batch_client(sdk_results: dict[str, Any]) -> None:
    assert sdk_results["sdk_version"] == "0.13.13"


@pytest.mark.parametrize("name", STARTS)
def test_every_start_is_accepted(sdk_results: dict[str, Any], name: str) -> None:
    assert isinstance(sdk_results[name], str), sdk_results[name]
    assert UUID.match(sdk_results[name])


# Bare bytes go out as a part named "upload" with no media type: the request is accepted and the
# job fails for that file, as the mock cannot tell what the media is.
FINAL = dict.fromkeys(STARTS, ("COMPLETED", "StateInference_Completed", None)) | {
    "start_files_bytes_without_json": (
        "FAILED",
        "StateInference_Failed",
        "no usable input (unsupported file type: upload)",
    )
}


@pytest.mark.parametrize("name", STARTS)
def test_every_job_reads_back_through_the_sdk_models(
    sdk_results: dict[str, Any], name: str
) -> None:
    details = sdk_results[f"details:{name}"]
    assert "error" not in details, details
    assert details["job_id"] == sdk_results[name]
    assert details["class"] == "InferenceJob"
    assert (details["status"], details["state_class"], details["message"]) == FINAL[name]


@pytest.mark.parametrize(
    ("name", "urls", "text", "files", "models"),
    [
        ("start_urls_every_option", [VIDEO_URL], [], [], ALL_MODELS),
        ("start_text", [], ["I am so happy today.", "This is terrible."], [], ["language", "ner"]),
        # `models=None` is sent as null: absent, so every model runs
        ("start_explicit_none", [URL], [], [], ALL_MODELS),
        ("start_defaults", [URL], [], [], ALL_MODELS),
        ("start_files_paths_with_json", [], [], ["face.png", "voice.wav"], ["face", "prosody"]),
        ("start_files_bytes_without_json", [], [], ["upload"], ALL_MODELS),
        ("start_files_tuples", [], [], ["face.png", "voice.wav"], ["face", "prosody"]),
        ("start_files_json_as_form_field", [], [], ["face.png"], ["face", "prosody"]),
    ],
)
def test_the_echo_is_what_the_sdk_sent(
    sdk_results: dict[str, Any],
    name: str,
    urls: list[str],
    text: list[str],
    files: list[str],
    models: list[str],
) -> None:
    details = sdk_results[f"details:{name}"]
    assert (details["urls"], details["text"], details["files"], details["models"]) == (
        urls,
        text,
        files,
        models,
    )


@pytest.mark.parametrize(
    ("name", "source", "models"),
    [
        ("start_urls_every_option", "url", ALL_MODELS),
        ("start_text", "text", ["language", "ner"]),
        ("start_files_paths_with_json", "file", ["face", "prosody"]),
    ],
)
def test_predictions_of_every_source_and_model_kind_parse_in_the_sdk(
    sdk_results: dict[str, Any], name: str, source: str, models: list[str]
) -> None:
    predictions = sdk_results[f"predictions:{name}"]
    assert "error" not in predictions, predictions
    assert set(predictions["sources"]) == {source}
    assert predictions["models"] == models


def test_artifacts_download_as_a_zip(sdk_results: dict[str, Any]) -> None:
    assert sdk_results["artifacts"]["zip"] is True


LISTS = ["list_default", "list_created_before"] + [
    f"list_sort_{by}_{direction}"
    for by in ("created", "started", "ended")
    for direction in ("asc", "desc")
]


@pytest.mark.parametrize("name", LISTS)
def test_listing_with_every_filter_returns_every_job(
    sdk_results: dict[str, Any], name: str
) -> None:
    listed = sdk_results[name]
    assert "error" not in listed, listed
    assert sorted(job["job_id"] for job in listed) == sorted(sdk_results[s] for s in STARTS)


def test_listing_filters_narrow_the_result(sdk_results: dict[str, Any]) -> None:
    assert len(sdk_results["list_limit_2"]) == 2
    assert {job["status"] for job in sdk_results["list_status_one"]} == {"COMPLETED"}
    assert len(sdk_results["list_status_many"]) == len(STARTS)
    assert sdk_results["list_created_after"] == []


def test_sort_direction_reverses_the_order(sdk_results: dict[str, Any]) -> None:
    ascending = [job["job_id"] for job in sdk_results["list_sort_created_asc"]]
    descending = [job["job_id"] for job in sdk_results["list_sort_created_desc"]]
    assert ascending == descending[::-1]
    assert ascending[0] == sdk_results[STARTS[0]]


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("error_401_list", 401),
        ("error_401_details", 401),
        ("error_404_details", 404),
        ("error_404_predictions", 404),
        ("error_404_artifacts", 404),
    ],
)
def test_the_sdk_raises_its_own_errors(sdk_results: dict[str, Any], name: str, status: int) -> None:
    assert sdk_results[name]["error"] == "ApiError"
    assert sdk_results[name]["status"] == status
