"""Predictions: fast bulk readers agree with naive computations; views agree with the raw JSON."""

from __future__ import annotations

import copy
import csv
import gc
import json
import math
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from humebatch.errors import HumeBatchError
from humebatch.predictions import (
    ID_COLUMNS,
    BoundingBox,
    PositionInterval,
    Predictions,
    PredictionsFormatError,
    Score,
    TimeInterval,
)

PAYLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "payloads"


def _load(name: str) -> list[Any]:
    body = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return body if isinstance(body, list) else [body]  # the twilio file is one element


FACE = "predictions-face.json"
FACE_NULLS_OMITTED = "predictions-ts-wire-nulls-omitted-face-1.json"
LANGUAGE_TEXT = "predictions-item-language-text-twilio-vintel-1.json"
REAL = [FACE, FACE_NULLS_OMITTED, LANGUAGE_TEXT]


def _naive_predictions(body: list[Any]) -> list[tuple[int, str, str, str, int, dict[str, Any]]]:
    """Every prediction with its identity, by plain nested loops over the JSON."""
    out = []
    for s, source in enumerate(body):
        for fp in (source.get("results") or {}).get("predictions") or []:
            for model, result in (fp.get("models") or {}).items():
                if result is None:
                    continue
                for group in result["grouped_predictions"]:
                    for i, pred in enumerate(group["predictions"]):
                        out.append((s, fp["file"], model, group["id"], i, pred))
    return out


def _naive_top(body: list[Any], n: int) -> list[tuple[Any, ...]]:
    out = []
    for s, file, model, gid, i, pred in _naive_predictions(body):
        ranked = sorted(pred["emotions"], key=lambda e: -e["score"])[:n]
        out.append((s, file, model, gid, i, [(e["name"], e["score"]) for e in ranked]))
    return out


@pytest.fixture(params=REAL)
def real_body(request: pytest.FixtureRequest) -> list[Any]:
    return _load(request.param)


def _mixed_body() -> list[Any]:
    """Face image + text source + a failed source, in one body (different emotion sets)."""
    return [
        *_load(FACE),
        *_load(LANGUAGE_TEXT),
        {"source": {"type": "url", "url": "u"}, "error": "x"},
    ]


# ---------------------------------------------------------------- top_emotions


@pytest.mark.parametrize("n", [0, 1, 3, 5, 100])
def test_top_emotions_match_a_naive_sort(real_body: list[Any], n: int) -> None:
    preds = Predictions.from_bytes(orjson.dumps(real_body))
    got = [
        (r.source, r.file, r.model, r.group_id, r.index, r.emotions) for r in preds.top_emotions(n)
    ]
    assert got == _naive_top(real_body, n)
    assert len(got) == len(_naive_predictions(real_body)) > 0


def test_top_emotions_identity_fields() -> None:
    face = Predictions.from_json(_load(FACE)).top_emotions(2)[0]
    assert (face.file, face.model, face.group_id, face.frame, face.text) == (
        "faces/100.jpg",
        "face",
        "unknown",
        0,
        None,
    )
    assert face.time_begin == face.time_end == 0
    assert face.emotions[0] == ("Concentration", 0.44288986921310425)

    body = _load(LANGUAGE_TEXT)
    words = Predictions.from_json(body).top_emotions()
    first = body[0]["results"]["predictions"][0]["models"]["language"]["grouped_predictions"][0]
    assert words[0].text == first["predictions"][0]["text"]
    assert words[0].time_begin is None and words[0].frame is None
    assert all(r.file == r.file.strip() and r.file.isdigit() for r in words)


def test_top_emotions_on_interval_models_reads_begin_and_end() -> None:
    body = [
        {
            "source": {"type": "url", "url": "https://x/a.wav"},
            "results": {
                "predictions": [
                    {
                        "file": "a.wav",
                        "models": {
                            "prosody": {
                                "grouped_predictions": [
                                    {
                                        "id": "spk_0",
                                        "predictions": [
                                            {
                                                "text": "hi",
                                                "time": {"begin": 1.5, "end": 2.25},
                                                "emotions": [
                                                    {"name": "Joy", "score": 0.2},
                                                    {"name": "Calmness", "score": 0.7},
                                                ],
                                            }
                                        ],
                                    }
                                ]
                            }
                        },
                    }
                ],
                "errors": [],
            },
        }
    ]
    (rec,) = Predictions.from_json(body).top_emotions(1)
    assert (rec.group_id, rec.time_begin, rec.time_end, rec.text) == ("spk_0", 1.5, 2.25, "hi")
    assert rec.emotions == [("Calmness", 0.7)]


def test_ties_keep_the_api_order() -> None:
    body = _load(FACE)
    emotions = body[0]["results"]["predictions"][0]["models"]["face"]["grouped_predictions"][0][
        "predictions"
    ][0]["emotions"]
    for e in emotions:
        e["score"] = 0.5
    (rec,) = Predictions.from_json(body).top_emotions(3)
    assert [name for name, _ in rec.emotions] == [e["name"] for e in emotions[:3]]


@pytest.mark.parametrize("enabled", [True, False])
def test_bulk_readers_restore_the_garbage_collector_state(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        Predictions.from_json(_load(FACE)).top_emotions()
        assert gc.isenabled() is enabled
        with pytest.raises(PredictionsFormatError):
            Predictions.from_json([{"results": {"predictions": [{"file": 1}]}}]).top_emotions()
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_negative_n_is_rejected() -> None:
    with pytest.raises(ValueError, match="n must be"):
        Predictions.from_json(_load(FACE)).top_emotions(-1)


# ---------------------------------------------------------------- views


def test_face_views_equal_the_raw_values() -> None:
    body = _load(FACE)
    raw_source = body[0]
    raw_pred = raw_source["results"]["predictions"][0]["models"]["face"]["grouped_predictions"][0][
        "predictions"
    ][0]
    preds = Predictions.from_json(body)
    source = preds.sources[0]
    assert source.index == 0 and source.error is None
    assert source.source.type == "url"
    assert source.source.url == raw_source["source"]["url"] == source.source.label
    assert source.source.filename is None
    results = source.results
    assert results is not None and results.errors == []
    file_pred = results.predictions[0]
    assert file_pred.file == "faces/100.jpg"
    assert file_pred.models.names() == ["face"]
    assert file_pred.models.prosody is None and file_pred.models.language is None
    face = file_pred.models.face
    assert face is not None and face.metadata is None
    group = face.grouped_predictions[0]
    assert group.id == "unknown"
    pred = group.predictions[0]
    assert pred.frame == raw_pred["frame"] and pred.time == raw_pred["time"]
    assert pred.prob == raw_pred["prob"]
    assert pred.box == BoundingBox(**raw_pred["box"])
    assert pred.box.x == raw_pred["box"]["x"]
    assert pred.emotions == [Score(e["name"], e["score"]) for e in raw_pred["emotions"]]
    assert pred.facs is None and pred.descriptions is None
    assert pred.top_emotions(2) == [
        Score(e["name"], e["score"])
        for e in sorted(raw_pred["emotions"], key=lambda e: -e["score"])[:2]
    ]
    assert pred.raw is raw_pred
    assert (
        pred.path == "$[0].results.predictions[0].models.face.grouped_predictions[0].predictions[0]"
    )
    assert "FacePredictionView" in repr(pred)
    assert preds[0] == source and len(preds) == 1 and list(preds) == [source]


def test_language_views_tolerate_nulls_and_extra_keys() -> None:
    body = _load(LANGUAGE_TEXT)
    file_raw = body[0]["results"]["predictions"][0]
    assert file_raw["file_type"] == "text"  # in the spec since; typed only on text in Hume's
    raw_pred = file_raw["models"]["language"]["grouped_predictions"][0]["predictions"][0]
    source = Predictions.from_json(body).sources[0]
    assert source.source.type == "text" and source.source.label == "text"
    file_pred = source.predictions[0]
    assert file_pred.file == file_raw["file"]
    assert file_pred.file_type == "text"
    language = file_pred.models.language
    assert language is not None
    pred = language.grouped_predictions[0].predictions[0]
    assert pred.text == raw_pred["text"]
    assert pred.position == PositionInterval(**raw_pred["position"])
    assert pred.time is None and pred.confidence is None and pred.speaker_confidence is None
    assert len(pred.emotions) == len(raw_pred["emotions"]) == 53


def test_nulls_omitted_body_reads_like_the_nulls_present_one() -> None:
    with_nulls = Predictions.from_json(_load(FACE))
    omitted = Predictions.from_json(_load(FACE_NULLS_OMITTED))
    face_a = with_nulls.sources[0].predictions[0].models.face
    face_b = omitted.sources[0].predictions[0].models.face
    assert face_a is not None and face_b is not None
    assert face_b.metadata is None
    pred_a = face_a.grouped_predictions[0].predictions[0]
    pred_b = face_b.grouped_predictions[0].predictions[0]
    assert (pred_b.box, pred_b.frame, pred_b.facs) == (pred_a.box, pred_a.frame, pred_a.facs)
    assert omitted.top_emotions() == with_nulls.top_emotions()


def test_unknown_models_and_failures_are_data() -> None:
    body: list[Any] = [
        {
            "source": {"type": "file", "filename": "a.zip", "md5sum": "abc"},
            "results": {
                "predictions": [
                    {
                        "file": "x.png",
                        "models": {
                            "face": None,
                            "model_version": "2024-05",  # not a model: skipped
                            "vision2": {
                                "grouped_predictions": [
                                    {
                                        "id": "g",
                                        "predictions": [
                                            {"emotions": [{"name": "Zest", "score": 1}], "new": 1}
                                        ],
                                    }
                                ]
                            },
                        },
                    }
                ],
                "errors": [{"message": "unreadable", "file": "y.png"}],
            },
        },
        {"source": {"type": "url", "url": "https://x/b.mp4"}, "results": None, "error": "gone"},
    ]
    preds = Predictions.from_json(body)
    assert preds.errors == [
        (0, "a.zip", "y.png", "unreadable"),
        (1, "https://x/b.mp4", None, "gone"),
    ]
    (rec,) = preds.top_emotions()
    assert (rec.model, rec.emotions) == ("vision2", [("Zest", 1)])
    models = preds.sources[0].predictions[0].models
    assert models.names() == ["vision2"] and models.face is None
    generic = models.get("vision2")
    assert generic is not None
    assert generic.grouped_predictions[0].predictions[0].raw["new"] == 1
    assert [name for name, _ in models.items()] == ["vision2"]
    assert preds.sources[1].results is None and preds.sources[1].predictions == []
    assert preds.validate() is preds


# ---------------------------------------------------------------- to_model (generated models)


def test_source_to_model_round_trips(real_body: list[Any]) -> None:
    from hume_batch_api.models import SourcePredictResult

    source = Predictions.from_json(real_body).sources[0]
    model = source.to_model()
    assert isinstance(model, SourcePredictResult)
    assert model.to_dict() == real_body[0]


def test_part_to_model_is_the_matching_generated_part() -> None:
    from hume_batch_api.models import FacePrediction, LanguagePrediction

    face = Predictions.from_json(_load(FACE)).sources[0].predictions[0].models.face
    assert face is not None
    view = face.grouped_predictions[0].predictions[0]
    model = view.to_model()
    assert isinstance(model, FacePrediction)
    assert (model.box.x, model.frame) == (view.box.x, view.frame)
    assert [e.score for e in model.emotions] == [s.score for s in view.emotions]

    language = Predictions.from_json(_load(LANGUAGE_TEXT)).sources[0].predictions[3].models.language
    assert language is not None
    word = language.grouped_predictions[0].predictions[-1]
    assert isinstance(word.to_model(), LanguagePrediction)
    assert word.to_model().text == word.text


# ---------------------------------------------------------------- rows, CSV, DataFrame


def _expected_rows(body: list[Any]) -> tuple[list[str], list[dict[str, Any]]]:
    names: list[str] = []
    for *_, pred in _naive_predictions(body):
        names.extend(e["name"] for e in pred["emotions"] if e["name"] not in names)
    rows = []
    for s, file, model, gid, i, pred in _naive_predictions(body):
        time = pred.get("time")
        begin = time["begin"] if isinstance(time, dict) else time
        end = time["end"] if isinstance(time, dict) else time
        label = body[s]["source"].get("url") or body[s]["source"]["type"]
        # A job's text source: the input of file "k" is its (k-1)-th string.
        given = f"text[{int(file) - 1}]" if label == "text" else label
        row: dict[str, Any] = dict.fromkeys(names)
        row.update({e["name"]: e["score"] for e in pred["emotions"]})
        box = pred.get("box") or {}
        face = (box.get("x"), box.get("y"), box.get("w"), box.get("h"), pred.get("prob"))
        # A job's body has no lines (only a run's texts do).
        ident = (s, label, given, None, file, model, gid, i, pred.get("frame"), begin, end,
                 pred.get("text"), *face)  # fmt: skip
        rows.append(dict(zip(ID_COLUMNS, ident, strict=True)) | row)
    return names, rows


def test_rows_one_per_prediction_one_column_per_emotion() -> None:
    body = _mixed_body()
    names, expected = _expected_rows(body)
    preds = Predictions.from_json(body)
    assert preds.emotion_names() == names
    assert len(set(names)) == len(names) > 48  # face and language sets differ
    rows = preds.to_rows()
    assert rows == expected
    assert list(rows[0]) == [*ID_COLUMNS, *names]
    assert rows[0]["Annoyance"] is None  # a language-only emotion on the face row


def test_csv_has_the_rows_and_is_written_atomically(tmp_path: Path) -> None:
    body = _mixed_body()
    names, expected = _expected_rows(body)
    target = tmp_path / "out" / "emotions.csv"
    target.parent.mkdir()
    target.write_text("old content", encoding="utf-8")
    assert Predictions.from_json(body).to_csv(target) == target
    with target.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [*ID_COLUMNS, *names]
        got = list(reader)
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        for key, value in want.items():
            if value is None:
                assert row[key] == ""
            elif isinstance(value, float):
                assert float(row[key]) == value  # full precision survives
            else:
                assert row[key] == str(value)
    assert [p.name for p in target.parent.iterdir()] == ["emotions.csv"]  # no temp file left


def test_failed_csv_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "emotions.csv"
    target.write_text("old content", encoding="utf-8")
    bad = _load(FACE)
    bad[0]["results"]["predictions"][0]["models"]["face"]["grouped_predictions"][0]["predictions"][
        0
    ]["emotions"][5]["score"] = "high"
    with pytest.raises(PredictionsFormatError):
        Predictions.from_json(bad).to_csv(target)
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["emotions.csv"]


def test_dataframe_matches_rows() -> None:
    pytest.importorskip("pandas")
    body = _mixed_body()
    names, expected = _expected_rows(body)
    frame = Predictions.from_json(body).to_dataframe()
    assert list(frame.columns) == [*ID_COLUMNS, *names]
    assert len(frame) == len(expected)
    assert frame["file"].tolist() == [r["file"] for r in expected]
    got = frame["Admiration"].tolist()
    assert got == pytest.approx([r["Admiration"] for r in expected])
    assert math.isnan(frame["Annoyance"].iloc[0])  # missing emotion → NaN


def test_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"humebatch\[dataframe\]"):
        Predictions.from_json(_load(FACE)).to_dataframe()


def test_emotion_named_like_an_id_column_does_not_overwrite_it() -> None:
    body = _load(FACE)
    body[0]["results"]["predictions"][0]["models"]["face"]["grouped_predictions"][0]["predictions"][
        0
    ]["emotions"].append({"name": "file", "score": 0.5})
    (row,) = Predictions.from_json(body).to_rows()
    assert row["file"] == "faces/100.jpg" and row["emotion:file"] == 0.5


# ---------------------------------------------------------------- malformed input


def _face_pred(body: list[Any]) -> dict[str, Any]:
    face = body[0]["results"]["predictions"][0]["models"]["face"]
    pred: dict[str, Any] = face["grouped_predictions"][0]["predictions"][0]
    return pred


PRED_PATH = "$[0].results.predictions[0].models.face.grouped_predictions[0].predictions[0]"


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"{not json", "$"),
        (b'{"source": {}}', "$"),
        (b"[1]", "$[0]"),
    ],
)
def test_bad_bodies_raise_with_a_path(raw: bytes, path: str) -> None:
    with pytest.raises(PredictionsFormatError) as info:
        Predictions.from_bytes(raw)
    assert info.value.path == path
    assert isinstance(info.value, HumeBatchError) and isinstance(info.value, ValueError)


def _break(mutate: Any) -> list[Any]:
    body = copy.deepcopy(_load(FACE))
    mutate(body)
    return body


BREAKAGES = [
    (lambda b: _face_pred(b)["emotions"][3].update(score="0.5"), PRED_PATH + ".emotions[3].score"),
    # index 10 is the top score ("Concentration"), so top_emotions reads its name
    (lambda b: _face_pred(b)["emotions"][10].update(name=7), PRED_PATH + ".emotions[10].name"),
    (lambda b: _face_pred(b)["emotions"].__setitem__(2, "x"), PRED_PATH + ".emotions[2]"),
    (lambda b: _face_pred(b).update(emotions={"a": 1}), PRED_PATH + ".emotions"),
    (lambda b: _face_pred(b).update(time="0s"), PRED_PATH + ".time"),
    (lambda b: _face_pred(b).update(frame=1.5), PRED_PATH + ".frame"),
    (
        lambda b: b[0]["results"]["predictions"][0].update(file=3),
        "$[0].results.predictions[0].file",
    ),
    (lambda b: b[0]["results"].update(predictions={"x": 1}), "$[0].results.predictions"),
    (lambda b: b[0].update(results=[]), "$[0].results"),
    (
        lambda b: b[0]["results"]["predictions"][0]["models"].update(face="x"),
        "$[0].results.predictions[0].models.face",
    ),
    (
        lambda b: b[0]["results"]["predictions"][0]["models"]["face"].update(grouped_predictions=3),
        "$[0].results.predictions[0].models.face.grouped_predictions",
    ),
    (
        lambda b: b[0]["results"]["predictions"][0]["models"]["face"]["grouped_predictions"][0].pop(
            "id"
        ),
        "$[0].results.predictions[0].models.face.grouped_predictions[0].id",
    ),
]


@pytest.mark.parametrize(("mutate", "path"), BREAKAGES)
@pytest.mark.parametrize("reader", ["top_emotions", "to_rows", "validate"])
def test_wrong_types_raise_naming_the_field(mutate: Any, path: str, reader: str) -> None:
    preds = Predictions.from_json(_break(mutate))
    with pytest.raises(PredictionsFormatError) as info:
        getattr(preds, reader)()
    assert info.value.path == path
    assert path in str(info.value)


def test_emotion_names_checks_the_names_it_reads() -> None:
    preds = Predictions.from_json(_break(lambda b: _face_pred(b)["emotions"][1].update(name=None)))
    with pytest.raises(PredictionsFormatError) as info:
        preds.emotion_names()
    assert info.value.path == PRED_PATH + ".emotions[1].name"


def test_views_raise_naming_the_field() -> None:
    def mutate(b: list[Any]) -> None:
        _face_pred(b)["box"]["w"] = None

    face = Predictions.from_json(_break(mutate)).sources[0].predictions[0].models.face
    assert face is not None
    pred = face.grouped_predictions[0].predictions[0]
    with pytest.raises(PredictionsFormatError, match=r"predictions\[0\]\.box\.w: required"):
        _ = pred.box
    assert pred.frame == 0  # other fields still read


# ---------------------------------------------------------------- generated payloads (mock)


def test_every_model_of_a_generated_video_reads() -> None:
    mock_predictions = pytest.importorskip("humebatch_mock.predictions")
    body = mock_predictions.generate("video", duration=20, seed=3)
    preds = Predictions.from_bytes(mock_predictions.dumps(body)).validate()
    got = [
        (r.source, r.file, r.model, r.group_id, r.index, r.emotions) for r in preds.top_emotions()
    ]
    assert got == _naive_top(body, 3)
    models = {r.model for r in preds.top_emotions()}
    assert models >= {"face", "prosody", "language"}
    file_models = preds.sources[0].predictions[0].models
    for name, result in file_models.items():
        for group in result.grouped_predictions:
            for pred in group.predictions[:5]:
                assert pred.to_model().to_dict() == pred.raw, name
    ner = file_models.ner
    if ner is not None and ner.grouped_predictions and ner.grouped_predictions[0].predictions:
        mention = ner.grouped_predictions[0].predictions[0]
        assert mention.entity == mention.raw["entity"]
        assert mention.position == PositionInterval(**mention.raw["position"])
    burst = file_models.burst
    if burst is not None and burst.grouped_predictions and burst.grouped_predictions[0].predictions:
        b = burst.grouped_predictions[0].predictions[0]
        assert b.time == TimeInterval(**b.raw["time"])


def test_arrow_table_has_the_rows_columns_typed_and_the_extras() -> None:
    pytest.importorskip("pyarrow")
    body = _mixed_body()
    names, expected = _expected_rows(body)
    for preds in (Predictions.from_json(body), Predictions.from_bytes(orjson.dumps(body))):
        table = preds.to_arrow()
        assert table.num_rows == len(expected)
        got = table.to_pylist()
        for column in ("input", "line", "file", "model", "group_id", "index", "frame", "time_begin",
                       "text", "box_x", "box_h", "prob", *names):  # fmt: skip
            assert [r[column] for r in got] == [r[column] for r in expected], column
        assert str(table.schema.field("Admiration").type) == "double"
        assert str(table.schema.field("frame").type) == "int64"
        language = [r for r in got if r["model"] == "language"]
        assert language and all(r["position_end"] is not None for r in language)


def test_arrow_table_of_a_bad_field_names_it() -> None:
    pytest.importorskip("pyarrow")
    bad = _load(FACE)
    _face_pred(bad)["box"]["x"] = "left"
    with pytest.raises(PredictionsFormatError, match=r"box"):
        Predictions.from_json(bad).to_arrow()
