"""Output writers: one input's share of a job's predictions, written atomically to disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .._atomic import atomic_write_bytes
from ..manifest import InputKind, InputRecord, Manifest
from ..predictions import Predictions


def split_by_input(
    kind: InputKind, inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Map each input's key to its own source result (text jobs: one synthetic source each)."""
    if kind == "text":
        return _split_text(inputs, sources)
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        info = source.get("source") or {}
        for record in inputs:
            wanted = ("url", record.value) if kind == "url" else ("md5sum", record.md5)
            if info.get(wanted[0]) == wanted[1]:
                out.setdefault(record.key, source)
    return out


def _split_text(
    inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    # A text job has one {"type": "text"} source; `file` is the 1-based index of each string.
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        results = source.get("results") or {}
        for index, record in enumerate(inputs, start=1):
            name = str(index)
            out[record.key] = {
                "source": source.get("source"),
                "results": {
                    "predictions": [
                        p for p in results.get("predictions", []) if p.get("file") == name
                    ],
                    "errors": [e for e in results.get("errors", []) if e.get("file") == name],
                },
                "error": source.get("error"),
            }
    return out


class OutputWriter:
    """Writes each input's outputs in `<out>/predictions/`, then marks it done in the manifest.

    Names keep their media suffix (``face.jpg-<hash>``), so paths are built by appending.
    """

    def __init__(self, predictions_dir: Path, formats: tuple[str, ...], manifest: Manifest) -> None:
        self.predictions_dir = predictions_dir
        self.formats = formats
        self.manifest = manifest

    def path(self, record: InputRecord, suffix: str) -> Path:
        return self.predictions_dir / f"{record.name}{suffix}"

    def write(self, record: InputRecord, source: dict[str, Any] | None) -> None:
        if source is None:
            self.write_error(record, "the job's predictions hold no result for this input")
            return
        with atomic_write_bytes(self.path(record, ".json")) as handle:
            handle.write(orjson.dumps(source))
        view = Predictions.from_json([source])
        if "csv" in self.formats:
            view.to_csv(self.path(record, ".csv"))
        if "parquet" in self.formats:
            with atomic_write_bytes(self.path(record, ".parquet")) as handle:
                view.to_dataframe().to_parquet(handle)
        self.manifest.mark_input_done(record.key, error=source.get("error"))

    def write_error(self, record: InputRecord, message: str) -> None:
        with atomic_write_bytes(self.path(record, ".error.json")) as handle:
            handle.write(orjson.dumps({"input": record.value, "error": message}))
        self.manifest.mark_input_done(record.key, error=message)
