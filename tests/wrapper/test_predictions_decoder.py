"""The struct decoder (`Predictions.from_bytes`) against the dict reader (`from_json`, the old
decoder): equal results on every real and generated body; its memory, GC, file and schema."""

from __future__ import annotations

import functools
import gc
import io
import tempfile
import tracemalloc
import types
import typing
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from humebatch.predictions import Predictions, PredictionsFormatError, _structs
from humebatch.predictions._views import PredictionView

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "payloads"
WIRE = Path(__file__).resolve().parents[1] / "fixtures" / "wire"


def _predictions_bodies() -> list[Path]:
    """Every fixture and wire example that is a predictions body (or one element of one)."""
    found = []
    for folder in (FIXTURES, WIRE):
        for path in sorted(folder.glob("*.json")):
            body = orjson.loads(path.read_bytes())
            first = body[0] if isinstance(body, list) and body else body
            if isinstance(first, dict) and "results" in first and "source" in first:
                found.append(path)
    return found


BODIES = _predictions_bodies()


def _raw(path: Path) -> bytes:
    body = orjson.loads(path.read_bytes())
    return orjson.dumps(body if isinstance(body, list) else [body])


@functools.cache
def _generated() -> list[tuple[str, bytes]]:
    from humebatch_mock import predictions

    cases = [
        ("video", {"models": None, "faces": 2, "speakers": 2}),
        ("audio", {"models": {"prosody": {"granularity": "word"}, "burst": {}}}),
        (
            "text",
            {"models": {"language": {"sentiment": {}, "toxicity": {}}, "ner": {}}},
        ),
        ("image", {"models": {"face": {"facs": {}, "descriptions": {}}, "facemesh": {}}}),
    ]
    return [
        (kind, predictions.dumps(predictions.generate(kind, duration=20, seed=5, **kw)))
        for kind, kw in cases
    ]


def _everything(preds: Predictions) -> dict[str, Any]:
    """What the public readers give, views included (every property of every prediction)."""
    views: list[Any] = []
    for source in preds.sources:
        views.append((source.error, source.source.label, source.source.type))
        results = source.results
        for err in results.errors if results else []:
            views.append((err.file, err.message))
        for file_pred in source.predictions:
            for name, result in file_pred.models.items():
                meta = result.metadata
                views.append(
                    (file_pred.file, name, meta and (meta.confidence, meta.detected_language))
                )
                for group in result.grouped_predictions:
                    for pred in group.predictions:
                        views.append((group.id, pred.path, _properties(pred)))
    return {
        "top": [preds.top_emotions(n) for n in (0, 1, 3, 100)],
        "names": preds.emotion_names(),
        "rows": preds.to_rows(),
        "errors": preds.errors,
        "views": views,
    }


def _properties(pred: PredictionView) -> dict[str, Any]:
    names = [n for n in dir(type(pred)) if isinstance(getattr(type(pred), n), property)]
    return {n: getattr(pred, n) for n in names if n not in ("raw", "path")}


@pytest.mark.parametrize("path", BODIES, ids=lambda p: p.name)
def test_struct_and_dict_decoders_agree_on_real_bodies(path: Path) -> None:
    raw = _raw(path)
    new, old = Predictions.from_bytes(raw), Predictions.from_json(orjson.loads(raw))
    assert isinstance(new._data[0], _structs.SourceResult)  # really the struct decoder
    assert _everything(new) == _everything(old)


@pytest.mark.parametrize(
    ("kind", "raw"), _generated(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_struct_and_dict_decoders_agree_on_generated_bodies(kind: str, raw: bytes) -> None:
    new, old = Predictions.from_bytes(raw), Predictions.from_json(orjson.loads(raw))
    assert isinstance(new._data[0], _structs.SourceResult)
    assert _everything(new) == _everything(old)
    assert len(new.top_emotions()) > 0


def test_real_bodies_were_found() -> None:
    names = {p.name for p in BODIES}
    assert {
        "predictions-face.json",
        "predictions-ts-wire-nulls-omitted-face-1.json",
        "py-wiremock-predictions.json",
        "ts-wire-get-job-predictions-response.json",
        "fern-def-2024-get-job-predictions-0-default-response.json",
        "twilio-vintel-real-predictions-item-text.json",
    } <= names


def test_csv_and_dataframe_agree_with_the_dict_decoder(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    raw = _generated()[0][1]
    new, old = Predictions.from_bytes(raw), Predictions.from_json(orjson.loads(raw))
    assert (
        new.to_csv(tmp_path / "a.csv").read_bytes() == old.to_csv(tmp_path / "b.csv").read_bytes()
    )
    frame_new, frame_old = new.to_dataframe(), old.to_dataframe()
    assert frame_new.equals(frame_old)
    assert list(frame_new.columns) == list(frame_old.columns)


def test_unknown_keys_models_and_values_decode_without_error() -> None:
    raw = orjson.dumps(
        [
            {
                "source": {"type": "podcast", "url": "u", "new_field": {"a": [1]}},
                "results": {
                    "predictions": [
                        {
                            "file": "a",
                            "file_type": "text",
                            "models": {
                                "model_version": "2",
                                "flags": [1, "x"],
                                "vision2": {
                                    "grouped_predictions": [
                                        {
                                            "id": "g",
                                            "predictions": [
                                                {"emotions": [{"name": "Zest", "score": 1}], "x": 1}
                                            ],
                                        }
                                    ],
                                    "extra": True,
                                },
                            },
                        }
                    ],
                    "errors": [],
                },
                "future": 1,
            }
        ]
    )
    preds = Predictions.from_bytes(raw)
    assert isinstance(preds._data[0], _structs.SourceResult)  # no fallback to dicts needed
    (rec,) = preds.top_emotions()
    assert (rec.model, rec.emotions) == ("vision2", [("Zest", 1.0)])
    assert preds.sources[0].source.type == "podcast"
    assert preds.sources[0].predictions[0].models.names() == ["vision2"]


def test_a_wrong_type_is_read_as_dicts_and_named_by_path() -> None:
    body = orjson.loads(_raw(FIXTURES / "predictions-face.json"))
    pred = body[0]["results"]["predictions"][0]["models"]["face"]["grouped_predictions"][0]
    pred["predictions"][0]["prob"] = "high"
    preds = Predictions.from_bytes(orjson.dumps(body))
    assert len(preds.top_emotions()) == 1  # a field the readers do not use does not stop them
    face = preds.sources[0].predictions[0].models.face
    assert face is not None
    with pytest.raises(PredictionsFormatError) as info:
        _ = face.grouped_predictions[0].predictions[0].prob
    assert info.value.path.endswith("grouped_predictions[0].predictions[0].prob")


def test_struct_views_build_the_generated_models() -> None:
    from hume_batch_api.models import FacePrediction

    raw = _generated()[3][1]
    preds = Predictions.from_bytes(raw)
    face = preds.sources[0].predictions[0].models.face
    assert face is not None
    view = face.grouped_predictions[0].predictions[0]
    model = view.to_model()
    assert isinstance(model, FacePrediction)
    assert model.to_dict() == view.raw
    assert (
        view.raw
        == orjson.loads(raw)[0]["results"]["predictions"][0]["models"]["face"][
            "grouped_predictions"
        ][0]["predictions"][0]
    )


def test_from_file_reads_a_path_and_an_open_file(tmp_path: Path) -> None:
    raw = _generated()[1][1]
    path = tmp_path / "p.json"
    path.write_bytes(raw)
    want = Predictions.from_bytes(raw).top_emotions()
    assert Predictions.from_file(path).top_emotions() == want
    with path.open("rb") as handle:
        handle.read(10)  # from_file rewinds
        assert Predictions.from_file(handle).top_emotions() == want
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(PredictionsFormatError):
        Predictions.from_file(empty)


def test_from_file_takes_files_without_a_descriptor() -> None:
    raw = _generated()[1][1]
    want = Predictions.from_bytes(raw).top_emotions()
    with tempfile.SpooledTemporaryFile(max_size=len(raw) * 2) as spool:  # still in memory
        spool.write(raw)
        assert Predictions.from_file(spool).top_emotions() == want
    assert Predictions.from_file(io.BytesIO(raw)).top_emotions() == want


def test_decoded_body_takes_a_few_times_its_size_in_memory() -> None:
    """Issue 15: dicts took ~17x the body; the structs take at most 3x (4x here for margin)."""
    from humebatch_mock import predictions

    body = predictions.generate("video", duration=120, seed=2, models={"face": {}, "prosody": {}})
    raw = predictions.dumps(body)
    del body
    gc.collect()
    tracemalloc.start()
    try:
        preds = Predictions.from_bytes(raw)
        tops = preds.top_emotions(3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(tops) > 300
    assert peak < 4 * len(raw), f"peak {peak / len(raw):.1f}x the body"


def test_readers_leave_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13 point 5: no process-wide gc.disable() in a reader, even for a moment."""

    def forbidden() -> None:
        raise AssertionError("gc.disable() called")

    monkeypatch.setattr(gc, "disable", forbidden)
    raw = _generated()[0][1]
    for preds in (Predictions.from_bytes(raw), Predictions.from_json(orjson.loads(raw))):
        preds.top_emotions()
        preds.emotion_names()
        preds.to_rows()


def test_decoded_tree_is_not_tracked_by_the_cycle_collector() -> None:
    preds = Predictions.from_bytes(_generated()[0][1])
    gc.collect()  # tuples of untracked objects are untracked at their first collection
    tracked = [type(o).__name__ for o in _walk(preds._data) if gc.is_tracked(o)]
    assert set(tracked) <= {"list", "dict"} and len(tracked) < 20


def _walk(node: Any) -> typing.Iterator[Any]:
    yield node
    if isinstance(node, msgspec.Struct):
        for field in node.__struct_fields__:
            yield from _walk(getattr(node, field))
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _walk(item)


# ---------------------------------------------------------------- the spec is the schema of record


@functools.cache
def _spec_schemas() -> dict[str, Any]:
    import yaml

    spec_path = Path(__file__).resolve().parents[2] / "spec" / "hume-batch.yaml"
    schemas: dict[str, Any] = yaml.safe_load(spec_path.read_text())["components"]["schemas"]
    return schemas


def _options(annotation: Any) -> tuple[Any, ...]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return (annotation,)


def _check(schema: dict[str, Any], annotation: Any, where: str, seen: set[str]) -> list[str]:
    """Where a struct field typed ``annotation`` would reject a value ``schema`` allows."""
    schemas = _spec_schemas()
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        key = f"{name}:{annotation}"
        if key in seen:
            return []
        seen.add(key)
        schema = schemas[name]
    variants = schema.get("oneOf") or schema.get("anyOf")
    if variants:
        return [p for v in variants for p in _check(v, annotation, where, seen)]
    options = _options(annotation)
    if Any in options:
        return []
    kinds = schema.get("type")
    problems = []
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if kind == "null" and type(None) not in options:
            problems.append(f"{where}: null not accepted by {annotation}")
        elif kind in ("number", "integer", "string", "boolean"):
            wanted = {"number": float, "integer": int, "string": str, "boolean": bool}[kind]
            if wanted not in options:
                problems.append(f"{where}: {kind} not accepted by {annotation}")
        elif kind == "array":
            arrays = [o for o in options if typing.get_origin(o) in (list, tuple)]
            if not arrays:
                problems.append(f"{where}: array not accepted by {annotation}")
            else:
                item = typing.get_args(arrays[0])[0]
                problems += _check(schema.get("items", {}), item, f"{where}[]", seen)
        elif kind == "object" or (kind is None and "properties" in schema):
            problems += _check_object(schema, options, where, seen)
    return problems


def _check_object(
    schema: dict[str, Any], options: tuple[Any, ...], where: str, seen: set[str]
) -> list[str]:
    structs = [o for o in options if isinstance(o, type) and issubclass(o, msgspec.Struct)]
    mappings = [o for o in options if typing.get_origin(o) is dict]
    problems = []
    for prop, prop_schema in schema.get("properties", {}).items():
        at = f"{where}.{prop}"
        if structs:
            fields = {f.name: f for f in msgspec.structs.fields(structs[0])}
            if prop not in fields:
                problems.append(f"{at}: no such field in {structs[0].__name__}")
                continue
            if fields[prop].required and prop not in schema.get("required", []):
                problems.append(f"{at}: optional in the spec, required by the struct")
            problems += _check(prop_schema, fields[prop].type, at, seen)
        elif mappings:
            problems += _check(prop_schema, typing.get_args(mappings[0])[1], at, seen)
        else:
            problems.append(f"{at}: an object is not accepted by {options}")
    return problems


def test_structs_accept_everything_the_spec_allows_in_a_predictions_body() -> None:
    """The generated models (from the spec) stay the schema of record: every property the spec
    names, from `SourcePredictResult` down to a score, is a struct field of a compatible type,
    nullable where the spec allows null, optional where the spec does not require it."""
    seen: set[str] = set()
    root = {"$ref": "#/components/schemas/SourcePredictResult"}
    assert _check(root, _structs.SourceResult, "$[]", seen) == []
    checked = {key.split(":")[0] for key in seen}
    assert {"FacePrediction", "NerPrediction", "BurstPrediction", "EmotionScore"} <= checked
