"""`--format parquet`: the run's predictions as one dataset, a Parquet file per job, all shards.

Reduced size here (`make bench` runs the full one). The reads are the README's own: DuckDB over
``OUT/dataset/**/*.parquet`` with hive partitions, polars and pandas; one row per prediction,
every input exactly once, each input's rows where ``index.csv`` says.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bulk_helpers import patient_client
from humebatch import Predictions
from humebatch.bulk import collect_inputs, run_bulk

TEXTS = [f"dataset sentence {i}. It has two sentences." for i in range(30)]
URLS = [f"https://media.example.test/ds-{i}.jpg?faces=2" for i in range(5)]
MODELS = {
    "face": {"facs": {}, "descriptions": {}},
    "language": {"granularity": "sentence", "sentiment": {}, "toxicity": {}},
}
SHARDS = 3
REPO = Path(__file__).resolve().parents[2]
# The README's query, verbatim but for the folder (checked below).
QUERY = (
    "SELECT * FROM read_parquet('{out}/dataset/**/*.parquet', hive_partitioning=true, "
    "union_by_name=true)"
)


def test_the_readme_shows_this_query() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f'duckdb.sql("{QUERY.format(out="results")}")' in readme
    assert 'glob.glob("results/dataset/**/*.parquet", recursive=True)' in readme


def _expected(out: Path) -> tuple[set[str], int]:
    """Every input's name in the rows, and how many predictions the run's JSON holds."""
    rows = Predictions.from_path(out).to_rows()
    return {row["input"] for row in rows}, len(rows)


def _index(out: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(out.glob("index*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def _run(hume_mock, out: Path, texts: Path, shards: int = SHARDS, **options: Any) -> list[Any]:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    reports = []
    for i in range(shards):
        inputs = collect_inputs(URLS, text_file=texts)
        shard = {} if shards == 1 else {"shard": f"{i}/{shards}"}
        reports.append(
            run_bulk(client, inputs, out, batch_size=4, models=MODELS, **shard, **options)
        )
    return reports


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    path = tmp_path / "texts.txt"
    path.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    return path


def test_shards_write_one_dataset_the_readme_query_reads(
    hume_mock, tmp_path: Path, texts: Path
) -> None:  # type: ignore[no-untyped-def]
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    reports = _run(hume_mock, out, texts, formats=["parquet"])
    assert sum(r.done for r in reports) == len(TEXTS) + len(URLS)
    jobs = sum(r.jobs for r in reports)
    files = sorted(out.glob("dataset/shard=*/job-*.parquet"))
    assert len(files) == jobs, "one file per job, not per input"
    assert {f.parent.name for f in files} == {f"shard={i}" for i in range(SHARDS)}
    assert not list(out.glob("predictions/**/*.parquet")), "no Parquet file per input"

    table = duckdb.sql(QUERY.format(out=out)).df()
    inputs, predictions = _expected(out)
    assert len(table) == predictions, "one row per prediction"
    assert set(table["input"]) == inputs and len(inputs) == len(TEXTS) + len(URLS)
    # Every input exactly once: all its rows in one file of one shard.
    per_input = duckdb.sql(
        f"SELECT input, count(DISTINCT shard) AS shards, count(DISTINCT filename) AS files "
        f"FROM read_parquet('{out}/dataset/**/*.parquet', hive_partitioning=true, "
        "union_by_name=true, filename=true) GROUP BY input"
    ).fetchall()
    assert len(per_input) == len(inputs)
    assert all(shards == files == 1 for _, shards, files in per_input)

    # Typed columns, the extras, and the granularity asked for.
    described = duckdb.sql(f"DESCRIBE {QUERY.format(out=out)}").fetchall()
    kinds = {name: kind for name, kind, *_ in described}
    assert kinds["Admiration"] == kinds["box_x"] == kinds["time_begin"] == "DOUBLE"
    assert kinds["frame"] == kinds["position_begin"] == "BIGINT"
    assert kinds["input"] == kinds["text"] == "VARCHAR"
    assert any(c.startswith("facs:") for c in table.columns)
    assert any(c.startswith("description:") for c in table.columns)
    assert any(c.startswith("sentiment:") for c in table.columns)
    assert any(c.startswith("toxicity:") for c in table.columns)
    language = table[table["model"] == "language"]
    assert set(language["granularity"]) == {"sentence"}
    assert language["position_end"].notna().all()
    face = table[table["model"] == "face"]
    assert face["box_w"].notna().all() and face["prob"].notna().all()

    # index.csv: each input's file and row range, which hold exactly its rows.
    pandas = pytest.importorskip("pandas")
    index = _index(out)
    assert len(index) == len(inputs)
    frames = {f: pandas.read_parquet(out / f) for f in {row["dataset"] for row in index}}
    for row in index:
        assert row["status"] == "done" and row["dataset"].startswith("dataset/shard=")
        rows = frames[row["dataset"]].iloc[int(row["row_start"]) : int(row["row_stop"])]
        name = row["key"] if row["kind"] == "text" else row["input"]
        assert len(rows) > 0 and set(rows["input"]) == {name}
        assert not row["outputs"].endswith(".parquet")


def test_pandas_and_polars_read_the_dataset_as_one_table(
    hume_mock, tmp_path: Path, texts: Path
) -> None:  # type: ignore[no-untyped-def]
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "out"
    _run(hume_mock, out, texts, shards=2, formats=["parquet"])
    inputs, predictions = _expected(out)
    # The README's one-liners.
    import glob

    frame = pandas.concat(
        map(pandas.read_parquet, glob.glob(f"{out}/dataset/**/*.parquet", recursive=True))
    )
    assert len(frame) == predictions and set(frame["input"]) == inputs
    polars = pytest.importorskip("polars")
    table = polars.concat(
        map(polars.read_parquet, glob.glob(f"{out}/dataset/**/*.parquet", recursive=True)),
        how="diagonal_relaxed",
    )
    assert table.height == predictions and set(table["input"]) == inputs
    assert Counter(table["model"]) == Counter(frame["model"])


def test_a_parquet_format_added_later_or_a_lost_file_is_written_from_the_stored_json(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, texts: Path
) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    _run(hume_mock, out, texts, shards=1)
    jobs = hume_mock.store.stats["jobs_created"]
    assert not (out / "dataset").exists() or not list((out / "dataset").rglob("*.parquet"))
    report = _run(hume_mock, out, texts, shards=1, formats=["csv", "parquet"])[0]
    assert report.derived == len(TEXTS) + len(URLS)
    assert hume_mock.store.stats["jobs_created"] == jobs, "no request: from the stored JSON"
    files = sorted(out.glob("dataset/shard=all/job-*.parquet"))
    assert len(files) == jobs
    inputs, predictions = _expected(out)
    (count,) = duckdb.sql(f"SELECT count(*) FROM ({QUERY.format(out=out)})").fetchall()
    assert count == (predictions,)

    files[0].unlink()
    report = _run(hume_mock, out, texts, shards=1, formats=["csv", "parquet"])[0]
    assert report.repaired > 0 and hume_mock.store.stats["jobs_created"] == jobs
    table = duckdb.sql(QUERY.format(out=out)).df()
    assert len(table) == predictions and set(table["input"]) == inputs
    assert all(row["dataset"] for row in _index(out))
