"""The bulk readers' fast paths against naive readers of the JSON: CSV bytes as `csv.writer`
writes them, rows, and the top emotions, on bodies made to take every path (emotion names
that differ between predictions, texts that need quoting, ties, scores of the wrong type)."""

from __future__ import annotations

import csv
import io
import math
import random
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from humebatch.predictions import (
    ID_COLUMNS,
    Predictions,
    PredictionsFormatError,
    _export,
    _structs,
    _table,
)


@pytest.fixture(autouse=True, params=[True, False], ids=["known-names-first", "plain-names"])
def names_decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Every test with the decoder trying the known emotion names first, and without."""
    monkeypatch.setattr(_structs._Names, "known", request.param)
    known: bool = request.param
    return known


NAMES = ["Joy", "Anger", "Calmness", "Awe", "Pride", "Relief"]
TEXTS = [
    "plain",
    "",
    "annulled",  # holds "null"
    "null",
    'say "hi"',
    "a, b",
    "two\nlines",
    "cr\rhere",
    "[a],[b]",
    "back\\slash",
    "tab\there",
    "\u00e9t\u00e9 \u2028",
    "  spaced  ",
]
URL = "https://example.com/media.mp4"


def _emotions(rng: random.Random, case: int) -> list[dict[str, Any]]:
    """Scores for one prediction; ``case`` picks how its names differ from the usual."""
    names = list(NAMES)
    if case == 1:
        rng.shuffle(names)
    elif case == 2:
        names.pop(rng.randrange(len(names)))
    elif case == 3:
        names.append(names[0])  # a name given twice: its last score counts
    elif case == 4:
        names.append("source")  # an emotion called like an identifying column
    scores = [rng.choice([0.25, 0.5, 0.125, 1.0, 0.0, rng.random()]) for _ in names]
    return [{"name": n, "score": s} for n, s in zip(names, scores, strict=True)]


def _body(seed: int, count: int = 60, *, uniform: bool = False) -> list[Any]:
    """One URL source whose file has face and language predictions of every kind (``uniform``:
    every prediction with the same emotion names, in the same order)."""
    rng = random.Random(seed)
    faces = []
    words = []
    for i in range(count):
        box = {"x": rng.random() * 100, "y": 2.0, "w": 30.5, "h": 40}
        if i % 7 == 3:
            box = {"x": 1.5, "y": None, "w": 2.0, "h": 3.0}
        faces.append({"frame": i, "time": i / 3, "prob": 0.99, "box": box,
                      "emotions": _emotions(rng, 0 if uniform else i % 6)})  # fmt: skip
        text = rng.choice(TEXTS) if i % 3 else "word"
        time = None if i % 5 == 0 else {"begin": i * 0.5, "end": i * 0.5 + 0.25}
        words.append({"text": text, "position": {"begin": i, "end": i + 1}, "time": time,
                      "emotions": _emotions(rng, 0 if uniform else (i + 3) % 6)})  # fmt: skip
    models = {
        "face": {"grouped_predictions": [{"id": "face_0", "predictions": faces}]},
        "language": {"grouped_predictions": [{"id": "unknown", "predictions": words}]},
    }
    return [
        {
            "source": {"type": "url", "url": URL},
            "results": {"predictions": [{"file": "media.mp4", "models": models}], "errors": []},
        }
    ]


def _naive(body: list[Any]) -> tuple[list[str], list[list[Any]]]:
    """(emotion names in first-seen order, rows in `ID_COLUMNS` + names order), by plain loops."""
    preds = []
    for s, source in enumerate(body):
        for fp in source["results"]["predictions"]:
            for model, result in fp["models"].items():
                for group in result["grouped_predictions"]:
                    for i, pred in enumerate(group["predictions"]):
                        preds.append((s, fp["file"], model, group["id"], i, pred))
    names: list[str] = []
    for *_, pred in preds:
        names.extend(e["name"] for e in pred["emotions"] if e["name"] not in names)
    rows = []
    for s, file, model, gid, i, pred in preds:
        scores = {e["name"]: e["score"] for e in pred["emotions"]}
        time = pred.get("time")
        begin, end = (time["begin"], time["end"]) if isinstance(time, dict) else (time, time)
        box = pred.get("box") or {}
        face = [box.get(k) for k in "xywh"] + [pred.get("prob")]
        row = [s, URL, URL, None, file, model, gid, i, pred.get("frame"), begin, end,
               pred.get("text"), *face]  # fmt: skip
        rows.append(row + [scores.get(n) for n in names])
    return names, rows


def _naive_csv(names: list[str], rows: list[list[Any]]) -> bytes:
    """As `csv.writer` writes them; numbers as orjson writes them (what the CSV promises)."""

    def cell(value: Any) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else orjson.dumps(value).decode()

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    ids = set(ID_COLUMNS)
    writer.writerow([*ID_COLUMNS, *(f"emotion:{n}" if n in ids else n for n in names)])
    writer.writerows([[cell(v) for v in row] for row in rows])
    return out.getvalue().encode()


def _scores_as_floats(body: list[Any]) -> list[Any]:
    """The body as the struct decoder reads it: every score a float."""
    for pred in _all_predictions(body):
        for e in pred["emotions"]:
            e["score"] = float(e["score"])
        for key in "xywh":
            if isinstance((pred.get("box") or {}).get(key), int):
                pred["box"][key] = float(pred["box"][key])
    return body


def _all_predictions(body: list[Any]) -> list[dict[str, Any]]:
    return [
        pred
        for source in body
        for fp in source["results"]["predictions"]
        for result in fp["models"].values()
        for group in result["grouped_predictions"]
        for pred in group["predictions"]
    ]


@pytest.mark.parametrize("chunk", [3, 7, _export.CSV_ROWS])
@pytest.mark.parametrize("how", ["bytes", "json"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_csv_bytes_are_what_csv_writer_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, how: str, chunk: int
) -> None:
    # Small chunks: some have only plain texts (formatted among the numbers), some do not.
    monkeypatch.setattr(_export, "CSV_ROWS", chunk)
    body = _scores_as_floats(_body(seed))
    raw = orjson.dumps(body)
    preds = Predictions.from_bytes(raw) if how == "bytes" else Predictions.from_json(body)
    names, rows = _naive(body)
    got = preds.to_csv(tmp_path / "out.csv").read_bytes()
    assert got == _naive_csv(names, rows)
    assert preds.emotion_names() == names
    assert [list(r.values()) for r in preds.to_rows()] == rows


@pytest.mark.parametrize("uniform", [False, True])
@pytest.mark.parametrize("how", ["bytes", "json"])
@pytest.mark.parametrize("seed", [1, 2])
def test_dataframe_and_arrow_emotions_are_the_naive_rows(
    seed: int, how: str, uniform: bool
) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    body = _scores_as_floats(_body(seed, uniform=uniform))
    preds = (
        Predictions.from_bytes(orjson.dumps(body))
        if how == "bytes"
        else Predictions.from_json(body)
    )
    names, rows = _naive(body)
    assert (len(names) == len(NAMES)) is uniform
    frame, table = preds.to_dataframe(), preds.to_arrow()
    ids, dataset_ids = set(ID_COLUMNS), set(_table._ID_SET)
    for j, name in enumerate(names):
        want = [row[len(ID_COLUMNS) + j] for row in rows]
        got = frame[f"emotion:{name}" if name in ids else name].tolist()
        assert str(frame[f"emotion:{name}" if name in ids else name].dtype) == "float64"
        assert [None if math.isnan(v) else v for v in got] == want
        column = table.column(f"emotion:{name}" if name in dataset_ids else name)
        assert column.type == "double" and column.to_pylist() == want
    assert frame[list(ID_COLUMNS)].astype(object).where(
        frame[list(ID_COLUMNS)].notna(), None
    ).values.tolist() == [row[: len(ID_COLUMNS)] for row in rows]


def test_plain_texts_and_texts_that_need_quoting_both_occur() -> None:
    body = _body(1)
    texts = [p.get("text") for p in _all_predictions(body) if "text" in p]
    plain = [t for t in texts if t is not None and not _export._PLAIN.search(t)]
    assert len(plain) > 3 and len(texts) - len(plain) > 3


@pytest.mark.parametrize("chunk", [2, _export.CSV_ROWS])  # one group per piece, or two
def test_a_number_orjson_cannot_write_is_an_empty_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(_export, "CSV_ROWS", chunk)
    body = _scores_as_floats(_body(4, count=4))
    preds_json = _all_predictions(body)
    preds_json[0]["emotions"][0]["score"] = float("inf")
    preds_json[1]["emotions"][1]["score"] = float("nan")
    got = Predictions.from_json(body).to_csv(tmp_path / "out.csv").read_bytes()
    names, rows = _naive(body)
    rows = [[None if isinstance(v, float) and not math.isfinite(v) else v for v in r] for r in rows]
    assert got == _naive_csv(names, rows)
    assert got.split(b"\r\n")[1].split(b",")[len(ID_COLUMNS)] == b""  # the first emotion


def test_a_score_of_a_wrong_type_is_reported_by_path(tmp_path: Path) -> None:
    body = _body(5, count=4)
    _all_predictions(body)[2]["emotions"][1]["score"] = "0.5"
    for preds in (Predictions.from_bytes(orjson.dumps(body)), Predictions.from_json(body)):
        with pytest.raises(PredictionsFormatError, match=r"emotions\[1\]\.score"):
            preds.to_csv(tmp_path / "out.csv")
        with pytest.raises(PredictionsFormatError, match=r"emotions\[1\]\.score"):
            preds.to_rows()


def test_a_name_of_a_wrong_type_is_reported_by_path() -> None:
    body = _body(6, count=4)
    _all_predictions(body)[3]["emotions"][2]["name"] = 7
    for preds in (Predictions.from_bytes(orjson.dumps(body)), Predictions.from_json(body)):
        with pytest.raises(PredictionsFormatError, match=r"emotions\[2\]\.name"):
            preds.emotion_names()


def test_known_names_are_decoded_as_the_same_str_objects() -> None:
    body = _body(7, count=5, uniform=True)
    preds = Predictions.from_bytes(orjson.dumps(body))
    names = [e.name for p in _struct_predictions(preds) for e in p.emotions]
    if _structs._Names.known:
        assert all(any(n is k for k in _structs.EMOTION_NAMES) for n in names)
        assert isinstance(preds._data[0], _structs.KnownSourceResult)
    else:
        assert type(preds._data[0]) is _structs.SourceResult
    assert names == [e["name"] for p in _all_predictions(body) for e in p["emotions"]]


def test_an_unknown_name_is_read_with_plain_strings_from_then_on() -> None:
    known_first = _structs._Names.known
    body = _body(8, count=5, uniform=True)
    _all_predictions(body)[-1]["emotions"][2]["name"] = "Zeal"  # the last score of the body
    raw = orjson.dumps(body)
    preds = Predictions.from_bytes(raw)
    assert type(preds._data[0]) is _structs.SourceResult  # the structs, not dicts
    assert preds.to_rows() == Predictions.from_json(orjson.loads(raw)).to_rows()
    assert "Zeal" in preds.emotion_names()
    assert _structs._Names.known is False
    again = Predictions.from_bytes(orjson.dumps(_body(9, count=5, uniform=True)))
    assert type(again._data[0]) is _structs.SourceResult
    assert known_first or not _structs._Names.known


def test_a_wrong_type_does_not_stop_the_known_names() -> None:
    before = _structs._Names.known
    body = _body(10, count=5, uniform=True)
    _all_predictions(body)[1]["frame"] = "one"
    with pytest.raises(PredictionsFormatError, match=r"\.frame"):
        Predictions.from_bytes(orjson.dumps(body)).to_rows()
    assert _structs._Names.known is before  # read as dicts, the names were not the cause
    if _structs._Names.known:
        good = Predictions.from_bytes(orjson.dumps(_body(11, count=5, uniform=True)))
        assert isinstance(good._data[0], _structs.KnownSourceResult)


def test_known_emotion_names_are_the_documented_ones() -> None:
    from humebatch_mock._names import EMOTIONS_48, EMOTIONS_53

    assert _structs.EMOTION_NAMES == EMOTIONS_53
    assert set(EMOTIONS_48) < set(_structs.EMOTION_NAMES)


@pytest.mark.parametrize(
    ("known", "plain"),
    [
        (_structs.KnownScore, _structs.Score),
        (_structs.KnownPrediction, _structs.Prediction),
        (_structs.KnownGroup, _structs.Group),
        (_structs.KnownModelResult, _structs.ModelResult),
        (_structs.KnownFilePrediction, _structs.FilePrediction),
        (_structs.KnownResults, _structs.Results),
        (_structs.KnownSourceResult, _structs.SourceResult),
    ],
    ids=lambda c: c.__name__,
)
def test_known_structs_have_the_fields_of_the_plain_ones(known: type, plain: type) -> None:
    assert issubclass(known, plain)
    mine = msgspec.structs.fields(known)
    theirs = msgspec.structs.fields(plain)
    assert [(f.name, f.default, f.required) for f in mine] == [
        (f.name, f.default, f.required) for f in theirs
    ]
    changed = [f.name for f, g in zip(mine, theirs, strict=True) if f.type != g.type]
    assert len(changed) <= 1  # the one field that leads to the known names


def _struct_predictions(preds: Predictions) -> list[Any]:
    return [
        pred
        for source in preds._data
        for fp in source.results.predictions
        for result in fp.models.values()
        for group in result.grouped_predictions
        for pred in group.predictions
    ]


def _scored_body(scores: list[list[float]]) -> list[Any]:
    """One face group whose i-th prediction has the scores ``scores[i]`` (names from a cycle)."""
    names = [*NAMES, "Fear", "Guilt", "Horror", "Interest", "Love", "Pain"]
    preds = [
        {
            "frame": i,
            "time": float(i),
            "emotions": [{"name": names[j % len(names)], "score": s} for j, s in enumerate(row)],
        }
        for i, row in enumerate(scores)
    ]
    group = {"id": "face_0", "predictions": preds}
    models = {"face": {"grouped_predictions": [group]}}
    return [{"source": {"type": "url", "url": URL}, "results": {"predictions": [
        {"file": "media.mp4", "models": models}]}}]  # fmt: skip


def _score_patterns() -> dict[str, list[list[float]]]:
    rng = random.Random(12)
    width = 48  # above 4n: the floor is raised from one prediction to the next
    return {
        "random": [[rng.random() for _ in range(width)] for _ in range(300)],
        # Each prediction below the last: none reaches a floor taken from an earlier one.
        "falling": [[1.0 - i / 400 - j / 10_000 for j in range(width)] for i in range(300)],
        "rising": [[i / 400 + rng.random() / 100 for _ in range(width)] for i in range(300)],
        "ties": [
            [rng.choice([0.5, 0.25, 0.0, -0.0, 1.0]) for _ in range(width)] for _ in range(300)
        ],
        "short": [[rng.random() for _ in range(rng.randrange(0, 5))] for _ in range(300)],
        "mixed": [
            [rng.random() * (0.01 if i % 50 < 25 else 1.0) for _ in range(rng.choice([3, 12, 40]))]
            for i in range(300)
        ],
    }


@pytest.mark.parametrize("pattern", list(_score_patterns()))
@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 6, 20])
def test_top_emotions_are_a_stable_sort_whatever_the_scores(pattern: str, n: int) -> None:
    body = _scored_body(_score_patterns()[pattern])
    want = [
        [(e["name"], e["score"]) for e in sorted(p["emotions"], key=lambda e: -e["score"])[:n]]
        for p in _all_predictions(body)
    ]
    for preds in (Predictions.from_bytes(orjson.dumps(body)), Predictions.from_json(body)):
        got = [r.emotions for r in preds.top_emotions(n)]
        assert got == want
        assert [[math.copysign(1, s) for _, s in r] for r in got] == [
            [math.copysign(1, s) for _, s in r] for r in want
        ]  # -0.0 and 0.0 tie: each keeps its own
