"""Predictions: right models per media kind, names, frames, options, determinism, spec shape."""

from __future__ import annotations

import math
from uuid import UUID

import pytest
from hume_batch_api.api.batch import get_job_predictions
from hume_batch_api.models import InferenceBaseRequest, SourcePredictResult
from humebatch_mock import predictions
from humebatch_mock._names import EMOTIONS_48, EMOTIONS_53
from mock_helpers import PREDICTIONS, check, submit, wait_status
from support.openapi import validate_response


def _valid(body: list) -> list:
    return validate_response("GET", PREDICTIONS, 200, "application/json", predictions.dumps(body))


def _models(body: list) -> dict:
    return body[0]["results"]["predictions"][0]["models"]


def _items(result: dict) -> list[dict]:
    return [p for g in result["grouped_predictions"] for p in g["predictions"]]


EXPECTED_MODELS = {
    "image": {"face", "facemesh"},
    "video": {"face", "facemesh", "burst", "prosody", "language", "ner"},
    "audio": {"burst", "prosody", "language", "ner"},
    "text": {"language", "ner"},
}


@pytest.mark.parametrize("kind", sorted(EXPECTED_MODELS))
def test_each_media_kind_gets_its_models_with_exact_emotion_names(kind: str) -> None:
    body = _valid(predictions.generate(kind, duration=20, seed=1, texts=["I met Alice in Paris."]))
    models = _models(body)
    assert set(models) == EXPECTED_MODELS[kind]
    for name, result in models.items():
        items = _items(result)
        assert items, name
        expected = EMOTIONS_53 if name in ("language", "ner") else EMOTIONS_48
        for item in items:
            assert tuple(e["name"] for e in item["emotions"]) == expected, name


def test_language_names_are_the_53_of_the_references() -> None:
    assert len(EMOTIONS_48) == 48 and len(EMOTIONS_53) == 53
    assert set(EMOTIONS_53) - set(EMOTIONS_48) == {
        "Annoyance",
        "Disapproval",
        "Enthusiasm",
        "Gratitude",
        "Sarcasm",
    }
    assert list(EMOTIONS_53) == sorted(EMOTIONS_53, key=str.lower)


def test_requested_models_restrict_the_output() -> None:
    body = _valid(predictions.generate("video", duration=10, models={"prosody": {}, "ner": {}}))
    assert set(_models(body)) == {"prosody", "ner"}


@pytest.mark.parametrize(("fps", "frames"), [(3, 30), (1, 10), (0.5, 5), (0, 300)])
def test_face_frames_follow_fps_pred_over_the_duration(fps: float, frames: int) -> None:
    body = predictions.generate(
        "video", duration=10, models={"face": {"fps_pred": fps, "prob_threshold": 0}}, faces=1
    )
    items = _items(_models(body)["face"])
    # Nearly every sampled frame shows the face (a few misses are realistic).
    assert frames * 0.9 <= len(items) <= frames
    step = 1 if fps == 0 else round(30 / fps)
    assert all(item["frame"] % step == 0 for item in items)
    assert all(math.isclose(item["time"], item["frame"] / 30) for item in items)
    assert max(item["time"] for item in items) < 10


def test_face_details_box_prob_facs_and_descriptions() -> None:
    plain = _items(_models(predictions.generate("image", models={"face": {}}, faces=3))["face"])
    assert all(p["facs"] is None and p["descriptions"] is None for p in plain)
    assert all(p["prob"] >= 0.99 and p["frame"] == 0 and p["time"] == 0 for p in plain)
    assert all(p["box"]["w"] >= 60 and p["box"]["h"] >= 60 for p in plain)
    cfg = {"face": {"facs": {}, "descriptions": {}, "min_face_size": 200}}
    rich = _items(_models(_valid(predictions.generate("image", models=cfg, faces=2)))["face"])
    assert rich and all(p["facs"] and p["descriptions"] for p in rich)
    assert all(p["box"]["w"] >= 200 for p in rich)


def test_identify_faces_and_speakers_give_distinct_group_ids() -> None:
    plain = _models(predictions.generate("video", duration=30, faces=2, speakers=2))
    assert {g["id"] for m in plain.values() for g in m["grouped_predictions"]} == {"unknown"}
    cfg = {
        "face": {"identify_faces": True},
        "prosody": {"identify_speakers": True},
        "language": {"identify_speakers": True},
    }
    ids = _models(
        _valid(predictions.generate("video", duration=25, models=cfg, faces=2, speakers=2, seed=4))
    )
    assert [g["id"] for g in ids["face"]["grouped_predictions"]] == ["face_0", "face_1"]
    speakers = {g["id"] for g in ids["prosody"]["grouped_predictions"]}
    assert len(speakers) == 2 and "unknown" not in speakers
    assert all(p["speaker_confidence"] is not None for p in _items(ids["language"]))


def test_prosody_and_burst_have_time_ranges_inside_the_media() -> None:
    models = _models(predictions.generate("audio", duration=45, seed=2))
    for name in ("prosody", "burst"):
        items = _items(models[name])
        assert items, name
        assert all(0 <= p["time"]["begin"] <= p["time"]["end"] <= 45 for p in items)
    assert all(p["descriptions"] for p in _items(models["burst"]))
    assert models["prosody"]["metadata"]["confidence"] > 0


def test_prosody_window_slides_over_the_media() -> None:
    cfg = {"prosody": {"window": {"length": 4, "step": 2}}}
    items = _items(_models(predictions.generate("audio", duration=10, models=cfg))["prosody"])
    assert [p["time"]["begin"] for p in items] == [0, 2, 4, 6, 8]
    assert all(p["text"] is None for p in items)


def test_language_on_audio_has_position_time_and_text_consistent_with_granularity() -> None:
    words = _items(
        _models(predictions.generate("audio", duration=30, models={"language": {}}))["language"]
    )
    cfg = {"language": {"granularity": "utterance"}}
    sentences = _items(_models(predictions.generate("audio", duration=30, models=cfg))["language"])
    assert len(words) > len(sentences) > 0
    assert all(" " not in w["text"] for w in words)
    for item in words + sentences:
        assert item["position"]["end"] - item["position"]["begin"] == len(item["text"])
        assert item["time"]["begin"] <= item["time"]["end"]


@pytest.mark.parametrize(
    ("granularity", "expected"),
    [
        ("word", ["I", "love", "Paris.", "Rain", "again!"]),
        ("sentence", ["I love Paris.", "Rain again!"]),
        ("utterance", ["I love Paris.", "Rain again!"]),
        ("conversational_turn", ["I love Paris. Rain again!"]),
    ],
)
def test_text_granularity(granularity: str, expected: list[str]) -> None:
    text = "I love Paris. Rain again!"
    cfg = {"language": {"granularity": granularity}}
    body = _valid(predictions.generate("text", texts=[text], models=cfg))
    items = _items(_models(body)["language"])
    assert [i["text"] for i in items] == expected
    for item in items:
        assert text[item["position"]["begin"] : item["position"]["end"]] == item["text"]
        assert item["time"] is None and item["sentiment"] is None and item["toxicity"] is None


def test_sentiment_and_toxicity_only_when_requested() -> None:
    cfg = {"language": {"sentiment": {}, "toxicity": {}}}
    items = _items(
        _models(_valid(predictions.generate("text", texts=["ok"], models=cfg)))["language"]
    )
    assert [s["name"] for s in items[0]["sentiment"]] == [str(i) for i in range(1, 10)]
    assert math.isclose(sum(s["score"] for s in items[0]["sentiment"]), 1.0)
    assert [t["name"] for t in items[0]["toxicity"]] == [
        "toxic",
        "severe_toxic",
        "obscene",
        "threat",
        "insult",
        "identity_hate",
    ]


def test_ner_finds_entities_with_positions_in_the_text() -> None:
    text = "Yesterday Alice flew from London to Tokyo."
    items = _items(_models(predictions.generate("text", texts=[text], models={"ner": {}}))["ner"])
    assert [i["entity"] for i in items] == ["Alice", "London", "Tokyo"]
    for item in items:
        assert text[item["position"]["begin"] : item["position"]["end"]] == item["entity"]
        assert item["uri"].startswith("https://") and item["link_word"]


def test_generator_is_deterministic_and_seed_sensitive() -> None:
    one = predictions.dumps(predictions.generate("video", duration=15, seed=7))
    assert one == predictions.dumps(predictions.generate("video", duration=15, seed=7))
    assert one != predictions.dumps(predictions.generate("video", duration=15, seed=8))


def test_generator_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        predictions.generate("hologram")


def test_generator_scales_to_long_media() -> None:
    body = predictions.generate("video", duration=600, seed=1)
    models = _models(body)
    assert len(_items(models["face"])) > 1500  # ~3 fps over 10 minutes
    assert len(predictions.dumps(body)) > 5_000_000


def test_an_hour_of_speech_is_as_dense_as_real_speech() -> None:
    # Real hour-long transcripts hold ~700 utterances and ~9,000 words (issue 15).
    cfg = {"prosody": {}, "language": {"granularity": "word"}}
    models = _models(predictions.generate("audio", duration=3600, models=cfg, seed=1))
    utterances, words = len(_items(models["prosody"])), len(_items(models["language"]))
    assert 630 <= utterances <= 770
    assert 8_300 <= words <= 9_700


# ---------------------------------------------------------------- through the server


def test_text_job_has_one_text_source_indexed_from_one(shared_client) -> None:
    texts = ["I love Paris.", "Monday again.", "What a day!"]
    job_id = submit(shared_client, text=texts, models={"language": {"granularity": "sentence"}})
    wait_status(shared_client, job_id, "COMPLETED")
    response = get_job_predictions.sync_detailed(UUID(job_id), client=shared_client)
    body = check(response, "GET", PREDICTIONS)
    assert len(body) == 1 and body[0]["source"] == {"type": "text"}
    by_file = {p["file"]: p for p in body[0]["results"]["predictions"]}
    assert sorted(by_file) == ["1", "2", "3"]
    for index, text in enumerate(texts, start=1):
        language = by_file[str(index)]["models"]["language"]
        assert [p["text"] for p in _items(language)] == [text]
    assert all(isinstance(r, SourcePredictResult) for r in response.parsed)


def test_same_request_gives_the_same_scores(shared_client) -> None:
    request = {"urls": ["https://example.com/talk.mp4?duration=12"], "text": ["Fine."]}
    bodies = []
    for _ in range(2):
        job_id = submit(shared_client, **request)
        wait_status(shared_client, job_id, "COMPLETED")
        bodies.append(get_job_predictions.sync_detailed(UUID(job_id), client=shared_client).content)
    assert bodies[0] == bodies[1]


def test_url_query_conventions_set_duration_faces_and_archive_members(shared_client) -> None:
    urls = [
        "https://example.com/long.mp4?duration=20&faces=2",
        "https://example.com/set.zip?files=4&kind=audio",
    ]
    job_id = submit(
        shared_client, urls=urls, models={"face": {"identify_faces": True}, "burst": {}}
    )
    assert wait_status(shared_client, job_id, "COMPLETED")["state"]["num_predictions"] == 5
    response = get_job_predictions.sync_detailed(UUID(job_id), client=shared_client)
    video, archive = check(response, "GET", PREDICTIONS)
    face = video["results"]["predictions"][0]["models"]["face"]
    assert len(face["grouped_predictions"]) == 2
    assert max(p["time"] for p in _items(face)) < 20
    files = [p["file"] for p in archive["results"]["predictions"]]
    assert files == ["set/100.wav", "set/101.wav", "set/102.wav", "set/103.wav"]
    assert all(set(p["models"]) == {"burst"} for p in archive["results"]["predictions"])


def test_transcription_null_drops_language_and_ner_for_audio(shared_client) -> None:
    body = InferenceBaseRequest.from_dict({"urls": ["https://example.com/a.mp3"]}).to_dict()
    body["transcription"] = None
    job_id = submit(shared_client, **body)
    wait_status(shared_client, job_id, "COMPLETED")
    response = get_job_predictions.sync_detailed(UUID(job_id), client=shared_client)
    models = check(response, "GET", PREDICTIONS)[0]["results"]["predictions"][0]["models"]
    assert set(models) == {"burst", "prosody"}
    assert all(p["text"] is None for p in _items(models["prosody"]))


def test_low_transcript_confidence_is_a_per_file_error(shared_client) -> None:
    job_id = submit(
        shared_client,
        urls=["https://example.com/a.mp3"],
        transcription={"confidence_threshold": 1.0},
    )
    state = wait_status(shared_client, job_id, "COMPLETED")["state"]
    assert state["num_errors"] == 1 and state["num_predictions"] == 1
    response = get_job_predictions.sync_detailed(UUID(job_id), client=shared_client)
    results = check(response, "GET", PREDICTIONS)[0]["results"]
    assert results["errors"] == [
        {"message": "Transcript confidence below threshold value", "file": "a.mp3"}
    ]
    assert set(results["predictions"][0]["models"]) == {"burst", "prosody"}


def test_video_job_returns_every_model_through_the_generated_client(shared_client) -> None:
    job_id = submit(shared_client, urls=["https://example.com/meeting.mp4?duration=30&speakers=2"])
    wait_status(shared_client, job_id, "COMPLETED")
    response = get_job_predictions.sync_detailed(UUID(job_id), client=shared_client)
    body = check(response, "GET", PREDICTIONS)
    models = body[0]["results"]["predictions"][0]["models"]
    assert set(models) == EXPECTED_MODELS["video"]
    parsed = response.parsed[0].results.predictions[0].models
    for name in EXPECTED_MODELS["video"]:
        result = getattr(parsed, name)
        assert result.grouped_predictions, name
        assert len(result.grouped_predictions[0].predictions) == len(
            models[name]["grouped_predictions"][0]["predictions"]
        )
