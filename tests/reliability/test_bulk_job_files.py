"""`--format parquet` alone: a dataset and one JSON per job, no file per input (issue 20).

The job file (``jobs/shard=I/job-<id>.json``) is the run's lossless record: every input's JSON
as a run with per-input files writes it, byte for byte. A re-run checks it, repairs from it and
derives per-input files from it; a folder whose earlier runs kept JSON per input gets its job
files from those, without a request.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import orjson
import pytest
from bulk_helpers import patient_client
from humebatch.bulk import collect_inputs, run_bulk

pytest.importorskip("pyarrow")

URLS = [f"https://media.example.test/jobfile-{i:03d}.jpg" for i in range(6)]
FAIL = "https://media.example.test/fail.jpg"


def _fetches(mock: Any) -> int:
    return int(mock.store.stats["requests.get_job_predictions"])


def _index(out: Path) -> dict[str, dict[str, str]]:
    with (out / "index.csv").open(newline="", encoding="utf-8") as handle:
        return {row["input"]: row for row in csv.DictReader(handle)}


def _job_files(out: Path) -> dict[str, dict[str, Any]]:
    return {p.name: orjson.loads(p.read_bytes()) for p in sorted(out.glob("jobs/*/*.json"))}


def _per_input(out: Path) -> dict[str, bytes]:
    """Each finished input's own JSON by its ``input``."""
    found = {}
    for path in (out / "predictions").glob("*/*.json"):
        if not path.name.endswith(".error.json"):
            found[orjson.loads(path.read_bytes())["input"]] = path.read_bytes()
    return found


def _sources(out: Path) -> dict[str, bytes]:
    """Each input's JSON in the job files, by its ``input`` (bytes as stored)."""
    found = {}
    for data in _job_files(out).values():
        for source in data["sources"]:
            found[source["input"]] = orjson.dumps(source)
    return found


def test_a_dataset_only_run_writes_a_json_per_job_and_no_file_per_input(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs([*URLS, FAIL])
    report = run_bulk(client, inputs, tmp_path / "lean", batch_size=3, formats=["parquet"])
    assert (report.done, report.errors, report.pending) == (6, 1, 0)
    lean = tmp_path / "lean"
    per_input = [p.name for p in (lean / "predictions").rglob("*") if p.is_file()]
    assert len(per_input) == 1 and per_input[0].endswith(".error.json"), per_input
    jobs = _job_files(lean)
    index = _index(lean)
    assert len(jobs) == len(list(lean.glob("dataset/shard=all/*.parquet")))
    for url in URLS:
        row = index[url]
        data = orjson.loads((lean / row["job_file"]).read_bytes())
        assert row["job_file"].startswith("jobs/shard=all/job-") and row["outputs"] == ""
        assert data["job_id"] == row["job_id"]
        position = data["keys"].index(row["key"])
        assert data["sources"][position]["input"] == url
    assert index[FAIL]["job_file"] == "" and index[FAIL]["outputs"].endswith(".error.json")

    # Byte for byte what a run with per-input files writes for the same inputs.
    run_bulk(client, collect_inputs(URLS), tmp_path / "json", batch_size=3, formats=["json"])
    stored = {}
    for path in sorted(lean.glob("jobs/*/*.json")):
        raw = path.read_bytes()
        for source in orjson.loads(raw)["sources"]:
            stored[source["input"]] = source
    assert {k: orjson.loads(v) for k, v in _per_input(tmp_path / "json").items()} == stored


@pytest.mark.parametrize("damage", ["deleted", "cut short"])
def test_a_lost_job_file_is_fetched_again_from_the_same_job(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, damage: str
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    run_bulk(client, inputs, tmp_path, batch_size=3, formats=["parquet"])
    before = {p.name: p.read_bytes() for p in tmp_path.glob("jobs/*/*.json")}
    lost = sorted(tmp_path.glob("jobs/*/*.json"))[0]
    whole = lost.read_bytes()
    lost.unlink()
    if damage == "cut short":
        lost.write_bytes(whole[: len(whole) // 2])
    jobs, fetches = hume_mock.store.stats["jobs_created"], _fetches(hume_mock)
    events: list[str] = []
    report = run_bulk(
        client, inputs, tmp_path, batch_size=3, formats=["parquet"], on_event=events.append
    )
    assert (report.done, report.pending, report.repaired) == (6, 0, 3)
    assert hume_mock.store.stats["jobs_created"] == jobs, "nothing resubmitted"
    assert _fetches(hume_mock) == fetches + 1, "that one job's predictions fetched again"
    assert {p.name: p.read_bytes() for p in tmp_path.glob("jobs/*/*.json")} == before
    assert any("job file" in e and "fetched again" in e for e in events), events


def test_a_lost_dataset_file_is_rebuilt_from_the_job_file(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    run_bulk(client, inputs, tmp_path, batch_size=3, formats=["parquet"])
    import pyarrow.parquet as pq

    lost = sorted(tmp_path.glob("dataset/*/*.parquet"))[0]
    table = pq.read_table(lost)
    lost.unlink()
    fetches = _fetches(hume_mock)
    report = run_bulk(client, inputs, tmp_path, batch_size=3, formats=["parquet"])
    assert (report.done, report.repaired) == (6, 3)
    assert _fetches(hume_mock) == fetches, "rebuilt from the job file: no request"
    assert pq.read_table(lost).equals(table)


def test_per_input_files_asked_later_come_from_the_job_files(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    run_bulk(client, inputs, tmp_path, batch_size=3, formats=["parquet"])
    fetches, jobs = _fetches(hume_mock), hume_mock.store.stats["jobs_created"]
    report = run_bulk(client, inputs, tmp_path, batch_size=3, formats=["json", "csv", "parquet"])
    assert (report.done, report.derived, report.repaired) == (6, 6, 0)
    assert (_fetches(hume_mock), hume_mock.store.stats["jobs_created"]) == (fetches, jobs)
    assert _per_input(tmp_path) == _sources(tmp_path)
    assert len(list((tmp_path / "predictions").glob("*/*.csv"))) == len(URLS)


def test_a_folder_with_json_per_input_gets_its_job_files_without_a_request(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    run_bulk(client, inputs, tmp_path, batch_size=3, formats=["json", "parquet"])
    assert not list(tmp_path.glob("jobs/*/*.json"))
    fetches = _fetches(hume_mock)
    report = run_bulk(client, inputs, tmp_path, batch_size=3, formats=["parquet"])
    assert (report.done, report.derived, report.repaired) == (6, 6, 0)
    assert _fetches(hume_mock) == fetches
    assert _sources(tmp_path) == _per_input(tmp_path)
    assert all(_index(tmp_path)[url]["job_file"] for url in URLS)
