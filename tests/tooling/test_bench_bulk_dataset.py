"""The bulk benchmark's dataset scenario reads and reports what a run's output holds.

`benchmarks.bulk_dataset` reads a ``--format parquet`` run with DuckDB (the README's query for
this commit's ``OUT/dataset/``, the same ``read_parquet`` over today's per-input files) and
reports the goal "every input once" and a figure per run, which the README's bench block quotes.
Here over small hand-written outputs; ``make bench`` runs it over 100,000 texts.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` is a top-level package of the repository
    sys.path.insert(0, str(ROOT))

from benchmarks import bulk_dataset, readme  # noqa: E402
from benchmarks._common import Section  # noqa: E402

pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _table(inputs: list[str], per_input: int) -> Any:
    names = [name for name in inputs for _ in range(per_input)]
    return pa.table({"input": names, "joy": [0.5] * len(names)})


def _dataset(out: Path, shards: dict[str, list[str]], per_input: int = 3) -> None:
    """One file per shard under ``dataset/shard=I/`` and index.csv's row ranges."""
    with (out / "index.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["input", "dataset", "row_start", "row_stop"])
        for shard, inputs in shards.items():
            folder = out / "dataset" / f"shard={shard}"
            folder.mkdir(parents=True)
            pq.write_table(_table(inputs, per_input), folder / f"job-{shard}.parquet")
            for i, name in enumerate(inputs):
                writer.writerow([name, f"job-{shard}", i * per_input, (i + 1) * per_input])


def test_the_readme_shows_the_query_the_benchmark_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f'duckdb.sql("{bulk_dataset.README_QUERY.format(out="results")}")' in text


def test_a_sharded_dataset_reads_as_one_table(tmp_path: Path) -> None:
    _dataset(tmp_path, {"0": ["a", "b"], "1": ["c", "d", "e"]})
    found = bulk_dataset.read(tmp_path, bulk_dataset.README_QUERY)
    assert (found.rows, found.inputs, found.files, found.index_rows) == (15, 5, 2, 15)


def test_todays_per_input_files_are_read_without_ranges(tmp_path: Path) -> None:
    (tmp_path / "predictions").mkdir()
    for name in ("a", "b", "c"):
        pq.write_table(_table([name], 2), tmp_path / "predictions" / f"{name}.parquet")
    (tmp_path / "index.csv").write_text("input,outputs\na,a.json\nb,b.json\nc,c.json\n")
    found = bulk_dataset.read(tmp_path, bulk_dataset.TODAY_QUERY)
    assert (found.rows, found.inputs, found.files, found.index_rows) == (6, 3, 3, None)


def _run(texts: int, inputs: int, files: int, seconds: float, cpu: float) -> bulk_dataset.Run:
    result = {"done": texts, "errors": 0, "seconds": seconds, "cpu": cpu, "peak_rss_mib": 300.0}
    found = bulk_dataset.Read(inputs * 9, inputs, files, 1.5, inputs * 9)
    return bulk_dataset.Run(texts, result, found)


@pytest.mark.parametrize(("inputs", "verdict"), [(100_000, "met"), (99_999, "**NOT met**")])
def test_the_report_reaches_the_readme_block(inputs: int, verdict: str) -> None:
    section = Section("6. Bulk runs")
    new = _run(100_000, inputs, 1_000, seconds=200.0, cpu=100.0)
    today = _run(5_000, 5_000, 5_000, seconds=100.0, cpu=55.0)
    bulk_dataset.report(section, new, today, "before issue 20 0062842")
    found = {row.what: row.result for row in readme.rows(section.markdown())}
    goal = found[
        "DuckDB reads the 100,000-text run's dataset (README's query) as one table of every "
        "prediction, every input once (issue 20)"
    ]
    assert goal.startswith(f"{verdict}: {inputs * 9:,} rows")
    assert "500 inputs/s and 1.00 ms client CPU per input" in goal
    assert "50 inputs/s (10.0x) and 11.00 ms (0.09x)" in goal
    assert found["dataset, this commit, 100,000 texts"] == (
        "500 inputs/s, 1.00 ms client CPU per input, peak RSS 300 MiB; DuckDB: "
        f"{inputs * 9:,} rows, {inputs:,} inputs in 1,000 files (1.5 s)"
    )
    assert found["dataset, before issue 20 0062842, 5,000 texts"].startswith("50 inputs/s")
