"""Issue 20's dataset scenario of `bench_bulk`: a ``--format parquet`` run read back by DuckDB.

After the run (a child of its own, the mock in another process), this process reads its
output with DuckDB: this commit's dataset through the README's query (`README_QUERY`, verbatim
but for the folder), today's per-input Parquet files (``OUT/predictions/*.parquet``, where
0062842 writes them) through the same ``read_parquet`` without the hive partitions. `report`
puts the figures beside each other: rows, distinct inputs, Parquet files, inputs/s, client CPU
per input, peak RSS, and the goal that the table holds every input once.
"""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._common import Section

# README's bulk section, verbatim but for the folder (tests/tooling/test_bench_bulk_dataset.py).
README_QUERY = (
    "SELECT * FROM read_parquet('{out}/dataset/**/*.parquet', hive_partitioning=true, "
    "union_by_name=true)"
)
# Today's code writes one Parquet file per input, flat in predictions/.
TODAY_QUERY = "SELECT * FROM read_parquet('{out}/predictions/*.parquet', union_by_name=true)"
_GLOB = re.compile(r"read_parquet\('([^']+)'")


@dataclass(frozen=True)
class Read:
    """What DuckDB found in one run's output."""

    rows: int  # one per prediction
    inputs: int  # distinct values of the `input` column
    files: int  # Parquet files the query's glob matches
    seconds: float  # the query's wall time, in this process
    index_rows: int | None  # the rows index.csv's row ranges add up to (None: it has none)


@dataclass(frozen=True)
class Run:
    """One dataset run: its size, the worker's result (`bench_bulk._run`) and DuckDB's read."""

    texts: int
    result: dict[str, Any]
    found: Read

    @property
    def rate(self) -> float:
        return (self.result["done"] + self.result["errors"]) / self.result["seconds"]

    @property
    def cpu_ms(self) -> float:
        """Client CPU per input, in milliseconds."""
        return float(self.result["cpu"]) / self.texts * 1000


def read(out: Path, query: str) -> Read:
    """Rows and distinct inputs of ``query`` (`README_QUERY`, `TODAY_QUERY`) over ``out``."""
    import duckdb

    table = query.format(out=out.as_posix())
    pattern = _GLOB.search(table)
    assert pattern is not None, table
    started = time.perf_counter()
    with duckdb.connect() as db:
        [(rows, inputs)] = db.execute(
            f"SELECT count(*), count(DISTINCT input) FROM ({table})"
        ).fetchall()
        [(files,)] = db.execute("SELECT count(*) FROM glob(?)", [pattern[1]]).fetchall()
    seconds = time.perf_counter() - started
    return Read(int(rows), int(inputs), int(files), seconds, _index_rows(out))


def _index_rows(out: Path) -> int | None:
    total, ranged = 0, False
    with (out / "index.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("row_start"):
                total += int(row["row_stop"]) - int(row["row_start"])
                ranged = True
    return total if ranged else None


def size(run: Run) -> str:
    """The bulk table's size cell of a dataset run."""
    return f"{run.texts:,} texts, --format parquet: {run.found.files:,} Parquet files"


def report(section: Section, new: Run, today: Run, today_label: str) -> None:
    """The goal (one table, every input once) and a headline figure per run."""
    found = new.found
    every = found.inputs == new.texts and found.index_rows in (None, found.rows)
    ranges = "none" if found.index_rows is None else f"{found.index_rows:,}"
    section.goal(
        f"DuckDB reads the {new.texts:,}-text run's dataset (README's query) as one table of "
        "every prediction, every input once (issue 20)",
        every,
        f"{found.rows:,} rows (index.csv's ranges: {ranges}), {found.inputs:,} distinct "
        f"inputs, {found.files:,} files; {new.rate:,.0f} inputs/s and {new.cpu_ms:.2f} ms client "
        f"CPU per input; today ({today_label}, {today.texts:,} texts, {today.found.files:,} "
        f"files) {today.rate:,.0f} inputs/s ({new.rate / today.rate:.1f}x) and "
        f"{today.cpu_ms:.2f} ms ({new.cpu_ms / today.cpu_ms:.2f}x) in the same run",
    )
    for label, run in (("this commit", new), (today_label, today)):
        got = run.found
        section.figure(
            f"dataset, {label}, {run.texts:,} texts",
            f"{run.rate:,.0f} inputs/s, {run.cpu_ms:.2f} ms client CPU per input, peak RSS "
            f"{run.result['peak_rss_mib']:.0f} MiB; DuckDB: {got.rows:,} rows, {got.inputs:,} "
            f"inputs in {got.files:,} files ({got.seconds:.1f} s)",
        )
