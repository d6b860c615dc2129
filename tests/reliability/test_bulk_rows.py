"""Every row names its input: per-input CSV, `to_rows` of a run folder and of a job's body.

Texts of different jobs and shards share their `file` numbers (a text's position in its job);
the `input` column tells them apart. Face rows carry the face's box and probability.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from bulk_helpers import patient_client
from humebatch import Predictions
from humebatch.bulk import collect_inputs, run_bulk
from humebatch.bulk._writers import fan_out
from humebatch.manifest import SCHEMA_VERSION

TEXTS = [f"row test sentence number {i}" for i in range(12)]
URLS = [f"https://media.example.test/rows-{i}.jpg?faces=3" for i in range(3)]


def _run_shards(hume_mock, out: Path, texts: Path, shards: int = 2) -> list:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    reports = []
    for i in range(shards):
        inputs = collect_inputs(URLS, text_file=texts)
        reports.append(
            run_bulk(client, inputs, out, shard=f"{i}/{shards}", batch_size=4, formats=["csv"])
        )
    return reports


def test_rows_of_a_sharded_run_name_their_input(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    reports = _run_shards(hume_mock, out, texts)
    assert sum(r.done for r in reports) == len(TEXTS) + len(URLS)
    assert sum(r.jobs for r in reports) >= 4, "texts spread over several jobs"
    records = {r.key: r for r in collect_inputs(URLS, text_file=texts)}
    expected = {r.key if r.kind == "text" else r.value for r in records.values()}

    by_input: Counter[str] = Counter()
    files_of_texts: Counter[str] = Counter()
    for path in sorted((out / "predictions").rglob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, path
        (given,) = {row["input"] for row in rows}  # one input per file, named on every row
        by_input[given] += 1
        if given.startswith("text:"):
            assert given in records and records[given].kind == "text"
            files_of_texts.update({row["file"] for row in rows})
        face = [row for row in rows if row["model"] == "face"]
        if given.startswith("https://"):
            assert face and all(row["box_w"] and row["prob"] for row in face)
            boxes = {(row["frame"], row["box_x"], row["box_y"]) for row in face}
            assert len(boxes) == len(face), "faces of one frame told apart by their box"
        assert all(not row["box_x"] for row in rows if row["model"] != "face")
    assert set(by_input) == expected and set(by_input.values()) == {1}
    assert max(files_of_texts.values()) > 1, "file numbers repeat across jobs: input is needed"

    # The run folder, read offline, gives the same rows with the same inputs.
    rows = Predictions.from_path(out).to_rows()
    assert {row["input"] for row in rows} == expected
    assert all(row["input"] == row["input"].strip() for row in rows)


def test_a_jobs_own_rows_name_its_sources(hume_mock) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    job = client.submit(text=["first text here", "second one", "third"])
    job.wait(timeout=60)
    rows = job.predictions().to_rows()
    assert {row["input"] for row in rows} == {"text[0]", "text[1]", "text[2]"}
    assert all(row["input"] == f"text[{int(row['file']) - 1}]" for row in rows)
    job = client.submit(urls=URLS[:1])
    job.wait(timeout=60)
    rows = job.predictions().to_rows()
    assert {row["input"] for row in rows} == {URLS[0]}
    face = [row for row in rows if row["model"] == "face"]
    assert face and all(isinstance(row["box_x"], float) and row["prob"] for row in face)


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out / "predictions").as_posix(): p.read_bytes()
        for p in sorted((out / "predictions").rglob("*"))
        if p.is_file()
    }


def test_per_input_files_fan_out_into_subfolders_and_old_flat_folders_move(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS, texts=TEXTS)
    out = tmp_path / "out"
    run_bulk(client, inputs, out, batch_size=4, formats=["csv"])
    top = [p for p in (out / "predictions").iterdir() if p.is_file()]
    assert not top, "no file directly in predictions/"
    files = _files(out)
    assert len(files) == 2 * len(inputs)
    for record in inputs:
        for suffix in (".json", ".csv"):
            assert f"{fan_out(record.key)}/{record.name}{suffix}" in files
    assert len({name.split("/")[0] for name in files}) > 1
    with (out / "index.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for name in row["outputs"].split(";"):
                assert (out / "predictions" / name).is_file(), name

    # A folder written before fan-out: every file flat in predictions/, no layout recorded.
    for name in files:
        path = out / "predictions" / name
        path.rename(out / "predictions" / path.name)
    db = sqlite3.connect(out / "manifest.sqlite")
    with db:
        db.execute("DELETE FROM meta WHERE key = 'predictions_layout'")
    db.close()
    jobs, fetched = hume_mock.store.stats["jobs_created"], _predictions_fetched(hume_mock)
    report = run_bulk(client, inputs, out, batch_size=4, formats=["csv"])
    assert report.done == len(inputs) and report.repaired == 0
    assert hume_mock.store.stats["jobs_created"] == jobs
    assert _predictions_fetched(hume_mock) == fetched, "moved, not fetched again"
    assert _files(out) == files
    assert {row["input"] for row in Predictions.from_path(out).to_rows()} == {
        r.key if r.kind == "text" else r.value for r in inputs
    }


def _predictions_fetched(hume_mock) -> int:  # type: ignore[no-untyped-def]
    return int(hume_mock.store.stats["requests.get_job_predictions"])


def test_text_rows_name_their_line_in_the_text_file(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A text's rows join back to its source: ``line`` is its (first) 1-based line in the
    --text-file, blank lines counted; empty for URLs. In the CSVs, the dataset, index.csv and
    the run folder read offline, over shards."""
    pytest.importorskip("pyarrow")
    lines = ["", *TEXTS[:6], "   ", TEXTS[0], *TEXTS[6:]]  # a blank, a duplicate of line 2
    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = {text: lines.index(text) + 1 for text in TEXTS}
    assert first[TEXTS[0]] == 2 and first[TEXTS[6]] == 10
    line_of = {r.key: first[r.value] for r in collect_inputs(text_file=texts)}
    out = tmp_path / "out"
    client = patient_client(hume_mock.url, hume_mock.api_key)
    for i in range(2):
        inputs = collect_inputs(URLS, text_file=texts)
        run_bulk(client, inputs, out, shard=f"{i}/2", batch_size=4, formats=["csv", "parquet"])

    def expected(given: str) -> int | None:
        return line_of.get(given)

    seen = set()
    for path in sorted((out / "predictions").rglob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        (given,) = {row["input"] for row in rows}
        assert {row["line"] for row in rows} == {str(expected(given) or "")}, given
        seen.add(given)
    assert set(line_of) <= seen
    for row in Predictions.from_path(out).to_rows():
        assert row["line"] == expected(row["input"]), row["input"]
    index: dict[str, str] = {}
    for shard in range(2):
        with (out / f"index-shard-{shard}-of-2.csv").open(newline="", encoding="utf-8") as f:
            index |= {row["key"]: row["line"] for row in csv.DictReader(f)}
    assert index == {k: str(line_of.get(k) or "") for k in index} and len(index) == 15
    import pyarrow.parquet as pq

    table = pq.read_table(sorted((out / "dataset").rglob("*.parquet")))
    assert str(table.schema.field("line").type) == "int64"
    for given, line in zip(table["input"].to_pylist(), table["line"].to_pylist(), strict=True):
        assert line == expected(given), given


def test_texts_given_in_python_are_numbered_by_their_position(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    given = [TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[2]]
    client.run([], tmp_path / "out", texts=given, batch_size=2, formats=["csv"])
    rows = Predictions.from_path(tmp_path / "out").to_rows()
    keys = {r.key: r.value for r in collect_inputs(texts=given)}
    assert {(keys[row["input"]], row["line"]) for row in rows} == {
        (TEXTS[0], 1),
        (TEXTS[1], 2),
        (TEXTS[2], 4),
    }
    # A job's own body has no lines: `input` is text[i].
    job = client.submit(text=["one text"])
    job.wait(timeout=60)
    assert {row["line"] for row in job.predictions().to_rows()} == {None}


def test_a_manifest_from_before_lines_is_migrated_and_resumes(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_bulk(client, collect_inputs(URLS, text_file=texts), out, batch_size=4)
    jobs = hume_mock.store.stats["jobs_created"]
    db = sqlite3.connect(out / "manifest.sqlite")  # as humebatch wrote it before: schema 1
    with db:
        # Half of it unfinished: fetched again from the same jobs.
        db.execute("UPDATE inputs SET done = 0 WHERE rowid % 2 = 0")
        db.execute(
            "UPDATE batches SET state = 'submitted' "
            "WHERE id IN (SELECT batch_id FROM inputs WHERE done = 0)"
        )
        db.execute("ALTER TABLE inputs DROP COLUMN line")
        db.execute("PRAGMA user_version = 1")
    db.close()
    report = run_bulk(client, collect_inputs(URLS, text_file=texts), out, batch_size=4)
    assert (report.done, report.pending) == (len(TEXTS) + len(URLS), 0)
    assert hume_mock.store.stats["jobs_created"] == jobs, "resumed: nothing submitted again"
    db = sqlite3.connect(out / "manifest.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
    lines = dict(db.execute("SELECT value, line FROM inputs WHERE kind = 'text'").fetchall())
    db.close()
    assert lines == {text: i + 1 for i, text in enumerate(TEXTS)}, "filled in by the run"
    with (out / "index.csv").open(newline="", encoding="utf-8") as handle:
        index = {row["input"]: row["line"] for row in csv.DictReader(handle)}
    assert index[TEXTS[3]] == "4" and index[URLS[0]] == ""
