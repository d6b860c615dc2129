"""The artifacts zip: one CSV per model under ``csv/`` (the layout Hume's maintainers read)."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import orjson

_SCORE_PREFIX = {
    "emotions": "",
    "facs": "facs:",
    "descriptions": "description:",
    "sentiment": "sentiment:",
    "toxicity": "toxicity:",
}


def _flatten(prediction: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in prediction.items():
        if key in _SCORE_PREFIX:
            prefix = _SCORE_PREFIX[key]
            for score in value or ():
                row[prefix + score["name"]] = score["score"]
        elif isinstance(value, dict):
            for sub, sub_value in value.items():
                row[f"{key}_{sub}"] = sub_value
        elif value is not None:
            row[key] = value
    return row


def _source_name(source: dict[str, Any]) -> str:
    return str(source.get("url") or source.get("filename") or source.get("type", ""))


def build_artifacts(predictions_json: bytes) -> bytes:
    """Zip bytes with ``csv/<model>.csv`` for every model present, one row per prediction."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for result in orjson.loads(predictions_json):
        source = _source_name(result["source"])
        for prediction in (result.get("results") or {}).get("predictions", ()):
            for model, output in prediction["models"].items():
                if output is None:
                    continue
                model_rows = rows.setdefault(model, [])  # a model that ran gets a CSV
                for group in output["grouped_predictions"]:
                    for item in group["predictions"]:
                        row = {"source": source, "file": prediction["file"], "id": group["id"]}
                        row.update(_flatten(item))
                        model_rows.append(row)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for model, model_rows in sorted(rows.items()):
            columns = list(dict.fromkeys(k for row in model_rows for k in row))
            columns = columns or ["source", "file", "id"]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(model_rows)
            zf.writestr(f"csv/{model}.csv", text.getvalue())
        if not rows:
            zf.writestr("csv/README.txt", "This job produced no predictions.\n")
    return buffer.getvalue()
