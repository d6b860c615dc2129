"""A job's dataset file is decoded a part at a time: memory bounded by `PART_BYTES`, not the body.

A job of many long videos would otherwise hold every input's decoded predictions (about 1.5x
its JSON) while its one Parquet file is written. Parts that differ in columns (an image's FACS,
a recording's prosody) are written as row groups of one file, the same file as written at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest
from humebatch import Predictions, PredictionsFormatError
from humebatch.bulk import _dataset
from humebatch.bulk._dataset import Dataset
from humebatch.manifest import InputRecord
from humebatch_mock.predictions import generate

# Media of different models, so the parts' tables differ in columns.
SOURCES: list[tuple[str, dict[str, Any]]] = [
    ("image", {"face": {"facs": {}, "descriptions": {}}}),
    ("audio", {"prosody": {}, "burst": {}}),
    ("video", {"face": {}, "language": {"granularity": "word", "sentiment": {}}}),
    ("image", {"face": {}}),
    ("audio", {"language": {"toxicity": {}}}),
]


def _parts() -> list[tuple[InputRecord, str, bytes]]:
    parts = []
    for i, (kind, models) in enumerate(SOURCES):
        source = generate(kind, duration=4.0, models=models, seed=i)[0]
        record = InputRecord(key=f"key-{i}", kind="url", value=f"https://x.test/{i}", name=str(i))
        parts.append((record, f"https://x.test/{i}", orjson.dumps(source)))
    return parts


def _decoded_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bytes of JSON each decoding call of the dataset writer is given."""
    sizes: list[int] = []
    real = Predictions._from_sources.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Predictions], raws: Any, names: Any, lines: Any) -> Predictions:
        sizes.append(sum(len(raw) for raw in raws))
        return real(cls, raws, names, lines)  # type: ignore[no-any-return]

    monkeypatch.setattr(Predictions, "_from_sources", classmethod(spy))
    return sizes


def test_a_large_job_is_decoded_a_part_at_a_time_into_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = _parts()
    whole = Dataset(tmp_path / "whole", None, None)
    whole.write("job-1", parts)

    budget = max(len(raw) for *_, raw in parts)  # at most one input's JSON per part
    monkeypatch.setattr(_dataset, "PART_BYTES", budget)
    sizes = _decoded_sizes(monkeypatch)
    pieces = Dataset(tmp_path / "pieces", None, None)
    pieces.write("job-1", parts)

    assert len(sizes) >= 3 and max(sizes) <= budget, sizes
    expected, found = pq.read_table(whole.path("job-1")), pq.read_table(pieces.path("job-1"))
    assert found.schema.equals(expected.schema, check_metadata=True)
    assert found.equals(expected)
    assert pq.ParquetFile(pieces.path("job-1")).num_row_groups == len(sizes)
    # The footer (row ranges per input) read back from the file, not the writer's cache.
    assert Dataset(tmp_path / "pieces", None, None).ranges("job-1") == whole.ranges("job-1")
    # The parts differ in columns: the later ones are null where an earlier had values.
    facs = [name for name in found.column_names if name.startswith("facs:")]
    assert facs and found.column(facs[0]).null_count > 0
    assert found.column(facs[0]).null_count < len(found)


def test_a_damaged_input_is_a_typed_error_and_leaves_no_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = _parts()
    parts[3] = (parts[3][0], parts[3][1], b'{"source": {"type": "url", "url": 1}, "results": [')
    monkeypatch.setattr(_dataset, "PART_BYTES", 1)
    dataset = Dataset(tmp_path / "out", None, None)
    with pytest.raises(PredictionsFormatError, match="not valid JSON"):
        dataset.write("job-1", parts)
    assert not dataset.path("job-1").exists()
    assert [p.name for p in dataset.folder.iterdir()] == []
