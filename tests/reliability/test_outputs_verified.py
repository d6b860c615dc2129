"""What the index names exists: a re-run checks the outputs the manifest claims and redoes the
missing or partial ones (from the stored JSON where it exists, by fetching the predictions of the
same job again otherwise); a step is recorded done only once its files are durable."""

from __future__ import annotations

import csv
import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from bulk_helpers import outputs, patient_client
from humebatch.bulk import collect_inputs, run_bulk
from humebatch.bulk._writers import OutputWriter
from humebatch.manifest import Manifest

URLS = [f"https://media.example.test/face-{i:03d}.jpg" for i in range(6)]
FAIL = "https://media.example.test/fail.jpg"


def _fetches(mock: Any) -> int:
    return int(mock.store.stats["requests.get_job_predictions"])


def assert_index_true(out: Path) -> dict[str, dict[str, str]]:
    """Every file the index names exists and is not empty; returns the rows by input."""
    with (out / "index.csv").open(newline="") as handle:
        rows = {row["input"]: row for row in csv.DictReader(handle)}
    for row in rows.values():
        for name in filter(None, row["outputs"].split(";")):
            path = out / "predictions" / name
            assert path.is_file() and path.stat().st_size > 0, f"the index names {name}"
        if row["status"] == "done":
            assert row["outputs"], row
    return rows


def _first(out: Path, suffix: str) -> Path:
    return sorted((out / "predictions").glob(f"*/face-000*{suffix}"))[0]


def test_a_derived_output_deleted_by_hand_is_derived_again(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    run_bulk(client, inputs, tmp_path)
    before, fetches = outputs(tmp_path), _fetches(hume_mock)
    lost = _first(tmp_path, ".csv")
    lost.unlink()
    report = run_bulk(client, inputs, tmp_path)
    assert (report.done, report.pending, report.repaired) == (6, 0, 1)
    assert outputs(tmp_path) == before, "the CSV is back, the same as before"
    assert _fetches(hume_mock) == fetches, "derived from the stored JSON: no request"
    assert_index_true(tmp_path)


@pytest.mark.parametrize("damage", ["deleted", "emptied", "cut short"])
def test_a_missing_json_is_fetched_again_from_the_same_job(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, damage: str
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    run_bulk(client, inputs, tmp_path, batch_size=3)
    before, fetches = outputs(tmp_path), _fetches(hume_mock)
    jobs = hume_mock.store.stats["jobs_created"]
    lost = _first(tmp_path, ".json")
    whole = lost.read_bytes()
    lost.unlink()
    if damage == "emptied":
        lost.write_bytes(b"")
    elif damage == "cut short":
        lost.write_bytes(whole[: len(whole) // 2])
    events: list[str] = []
    report = run_bulk(client, inputs, tmp_path, on_event=events.append)
    assert (report.done, report.pending, report.repaired) == (6, 0, 1)
    assert hume_mock.store.stats["jobs_created"] == jobs, "nothing resubmitted"
    assert _fetches(hume_mock) == fetches + 1, "one job's predictions fetched again"
    assert outputs(tmp_path) == before
    assert any("fetched again" in e and lost.name in e for e in events), events
    assert_index_true(tmp_path)


def test_a_deleted_error_file_is_written_again(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs([*URLS[:2], FAIL])
    run_bulk(client, inputs, tmp_path, batch_size=3)
    before = outputs(tmp_path)
    (error_file,) = (tmp_path / "predictions").glob("*/*.error.json")
    error_file.unlink()
    jobs = hume_mock.store.stats["jobs_created"]
    report = run_bulk(client, inputs, tmp_path, batch_size=3)
    assert (report.done, report.errors, report.repaired) == (2, 1, 1)
    assert hume_mock.store.stats["jobs_created"] == jobs
    assert outputs(tmp_path) == before
    assert_index_true(tmp_path)


def test_reprocess_with_the_same_models_fetches_a_deleted_output(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS[:2])
    run_bulk(client, inputs, tmp_path)
    before = outputs(tmp_path)
    _first(tmp_path, ".json").unlink()
    _first(tmp_path, ".csv").unlink()
    report = run_bulk(client, inputs, tmp_path, reprocess=True)
    assert (report.done, report.pending) == (2, 0)
    assert outputs(tmp_path) == before
    assert_index_true(tmp_path)


def test_adding_a_format_that_dies_midway_is_finished_by_the_next_run(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    run_bulk(client, inputs, tmp_path, formats=["json"])
    derive = OutputWriter.derive
    calls = {"n": 0}

    def dies_after_two(self: OutputWriter, record: Any, formats: Any, raw: Any = None) -> None:
        calls["n"] += 1
        if calls["n"] > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        derive(self, record, formats, raw)

    monkeypatch.setattr(OutputWriter, "derive", dies_after_two)
    with pytest.raises(Exception, match="No space left on device"):
        run_bulk(client, inputs, tmp_path, formats=["json", "csv", "parquet"])
    monkeypatch.undo()
    # Whatever the failed run left, the index it left names no missing file.
    assert_index_true(tmp_path)
    # It died deriving CSV, before the dataset (one Parquet file per job) was written.
    reached = len(list(tmp_path.glob("dataset/**/*.parquet")))
    assert reached == 0
    jobs = hume_mock.store.stats["jobs_created"]
    report = run_bulk(client, inputs, tmp_path, formats=["json", "csv", "parquet"])
    assert (report.done, report.pending) == (6, 0)
    assert report.derived + report.repaired == 6, "the inputs the failed run missed"
    assert hume_mock.store.stats["jobs_created"] == jobs
    files = outputs(tmp_path)
    for record in inputs:
        for suffix in (".json", ".csv"):
            assert f"{record.name}{suffix}" in files
    rows = assert_index_true(tmp_path)
    assert all(len(row["outputs"].split(";")) == 2 for row in rows.values())
    assert all(row["dataset"] and (tmp_path / row["dataset"]).is_file() for row in rows.values())


def test_outputs_are_durable_before_the_manifest_says_done(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files (one sync), then their folder's entries (an fsync of the folder), then the row."""
    log: list[str] = []
    real_fsync, real_sync = os.fsync, getattr(os, "sync", None)

    def fsync(fd: int) -> None:
        log.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def sync() -> None:
        log.append("sync")
        if real_sync is not None:
            real_sync()

    mark = Manifest.mark_inputs_done

    def marked(self: Manifest, done: Any) -> None:
        log.append("manifest")
        mark(self, done)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", sync, raising=False)
    monkeypatch.setattr(Manifest, "mark_inputs_done", marked)
    client = patient_client(hume_mock.url, hume_mock.api_key)
    run_bulk(client, collect_inputs(URLS[:2]), tmp_path)
    first = log.index("manifest")
    before = log[:first]
    assert "fsync dir" in before, log
    assert before.index("fsync dir") > max(
        i for i, e in enumerate(before) if e in ("sync", "fsync file")
    ), f"the folder is synced after the files are renamed into it: {log}"


def test_adding_a_format_after_a_json_was_deleted_fetches_it_instead_of_crashing(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS[:3])
    run_bulk(client, inputs, tmp_path, formats=["json"])
    _first(tmp_path, ".json").unlink()
    jobs = hume_mock.store.stats["jobs_created"]
    report = run_bulk(client, inputs, tmp_path, formats=["json", "csv"])
    assert (report.done, report.pending) == (3, 0)
    assert hume_mock.store.stats["jobs_created"] == jobs
    files = outputs(tmp_path)
    assert sum(name.endswith(".csv") for name in files) == 3, sorted(files)
    assert_index_true(tmp_path)
