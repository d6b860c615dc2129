"""Bulk runs: inputs split into jobs, predictions written once per input, faults survived."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import orjson
import pytest
from bulk_helpers import assert_complete, outputs, patient_client
from humebatch import InvalidInput
from humebatch.bulk import collect_inputs, run_bulk
from humebatch.manifest import Manifest

# `make soak` sets HUMEBATCH_SOAK=1: the full-size fault run (600 inputs) instead of 120.
SOAK = os.environ.get("HUMEBATCH_SOAK") == "1"


def url_inputs(n: int) -> list[str]:
    return [f"https://media.example.test/faces/face-{i:04d}.jpg" for i in range(n)]


def test_mixed_inputs_end_to_end(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.png").write_bytes(b"\x89PNG fake image a")
    (media / "b.wav").write_bytes(b"RIFF fake audio b")
    (media / "notes.md").write_text("not a media file: skipped by the directory walk")
    texts = tmp_path / "texts.txt"
    texts.write_text("I am thrilled.\n\nThis is awful.\n")
    inputs = collect_inputs([*url_inputs(3), media], text_file=texts)
    assert len(inputs) == 3 + 2 + 2
    client = patient_client(hume_mock.url, hume_mock.api_key)
    report = run_bulk(client, inputs, tmp_path / "out", batch_size=2, concurrency=3)
    assert (report.inputs, report.done, report.errors, report.pending) == (7, 7, 0, 0)
    # url: 3 → 2 jobs, text: 2 → 1 job, file: 2 → 1 job
    assert report.jobs == 4 == hume_mock.store.stats["jobs_created"]
    assert_complete(tmp_path / "out", 7)
    text_outputs = [
        orjson.loads(v)
        for k, v in outputs(tmp_path / "out").items()
        if k.startswith("text-") and k.endswith(".json")
    ]
    files = sorted(p["file"] for o in text_outputs for p in o["results"]["predictions"])
    assert files == ["1", "2"], "each text gets only its own predictions"


def test_rerun_does_no_work_twice(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(url_inputs(12))
    run_bulk(client, inputs, tmp_path, batch_size=5)
    first = outputs(tmp_path)
    # What a write killed mid-way leaves behind; the next run clears it.
    (tmp_path / "predictions" / "ab").mkdir(exist_ok=True)
    (tmp_path / "predictions" / "ab" / ".face-0000.jpg-0.json.x1y2.part").write_bytes(b'{"half')
    created = hume_mock.store.stats["jobs_created"]
    report = run_bulk(client, inputs, tmp_path, batch_size=5)
    assert report.done == 12
    assert hume_mock.store.stats["jobs_created"] == created == 3
    assert outputs(tmp_path) == first


def test_failed_job_is_recorded_not_lost(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    # The mock fails any job with an input containing "fail".
    inputs = collect_inputs([*url_inputs(2), "https://media.example.test/fail-me.jpg"])
    report = run_bulk(client, inputs, tmp_path, batch_size=2)
    assert (report.done, report.errors, report.pending) == (2, 1, 0)
    errors = [k for k in outputs(tmp_path) if k.endswith(".error.json")]
    assert len(errors) == 1
    with Manifest(tmp_path) as manifest:
        (failed,) = manifest.batches("failed")
        assert failed.message and "failed" in failed.message


def test_one_bad_input_does_not_sink_its_batch(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    urls = url_inputs(3)
    inputs = collect_inputs([urls[0], urls[1], "https://media.example.test/fail.jpg", urls[2]])
    events: list[str] = []
    report = run_bulk(client, inputs, tmp_path, batch_size=4, on_event=events.append)
    assert (report.done, report.errors, report.pending) == (3, 1, 0)
    # [g0 g1 f g2] failed -> [g0] [g1] [f] [g2], all at once: [f] failed, the others ok
    assert hume_mock.store.stats["jobs_created"] == report.jobs == 5
    (error,) = [k for k in outputs(tmp_path) if k.endswith(".error.json")]
    assert error.startswith("fail.jpg")
    with Manifest(tmp_path) as manifest:
        assert len(manifest.batches("split")) == 1
    (split, verdict) = events
    assert "resubmitting its 4 inputs one per job" in split and "mock trigger 'fail'" in split
    assert verdict.endswith("1 of 4 inputs failed on their own")


def test_a_failing_input_costs_one_more_round(hume_mock_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """55 inputs, one failing: two sequential rounds of jobs, the second all in flight at once.

    (Halving one half after the other took 14 jobs in 12 rounds; `make bench` times it.)
    """
    server = hume_mock_factory(queue_seconds=0.0, run_seconds=1.0)
    client = patient_client(server.url, server.api_key)
    urls = url_inputs(54)
    inputs = collect_inputs([*urls[:20], "https://media.example.test/fail.jpg", *urls[20:]])
    seen: list[dict[str, int]] = []
    report = run_bulk(client, inputs, tmp_path, on_progress=seen.append)
    assert (report.done, report.errors, report.pending) == (54, 1, 0)
    with Manifest(tmp_path) as manifest:
        (split,) = manifest.batches("split")  # one split: no piece was split again
        assert manifest.counts()["jobs"] == 1 + 55
    first, *pieces = sorted(server.store.jobs.values(), key=lambda job: job.created_ms)
    assert len(pieces) == 55 and first.job_id == split.job_id
    assert first.ended_ms <= min(p.created_ms for p in pieces)

    def in_flight(at: float) -> int:
        return sum(p.created_ms <= at < p.ended_ms for p in pieces)

    assert max(in_flight(p.created_ms) for p in pieces) >= 16, "the pieces ran concurrently"
    # The failure is counted as soon as its job ended, not at the end of the run.
    assert any(c["errors"] == 1 and c["pending"] > 0 for c in seen)


def test_systemic_failure_stops_splitting(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs([f"https://media.example.test/fail-{i}.jpg" for i in range(12)])
    events: list[str] = []
    report = run_bulk(client, inputs, tmp_path, batch_size=4, on_event=events.append)
    assert (report.done, report.errors, report.pending) == (0, 12, 0)
    # Three batches fail; the first is split (4 jobs) and every input fails alone: the other
    # two are failed whole, not split.
    assert hume_mock.store.stats["jobs_created"] == 3 + 4, events
    assert sum("one per job" in e for e in events) == 1
    assert sum("not split, since" in e for e in events) == 2


def test_bulk_survives_faults_without_duplicates(hume_mock_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Reduced size for `make test`; `make soak` runs 600 inputs with the same fault rates."""
    size = 600 if SOAK else 120
    server = hume_mock_factory(
        seed=11,
        fault_rate=0.10,
        fault_statuses=(500, 502, 503),
        fault_429_rate=0.05,
        fault_429_burst=1,
        fault_retry_after=1,
        fault_drop_rate=0.02,
        fault_slow_rate=0.02,
        fault_slow_seconds=0.2,
    )
    inputs = collect_inputs(url_inputs(size))
    client = patient_client(server.url, server.api_key)
    report = run_bulk(client, inputs, tmp_path, batch_size=10, concurrency=4)
    assert (report.done, report.errors, report.pending) == (size, 0, 0)
    assert server.store.stats["jobs_created"] == report.jobs == size // 10, "no duplicate job"
    assert_complete(tmp_path, size)
    faults = {k: v for k, v in server.store.stats.items() if k.startswith("faults.")}
    assert sum(faults.values()) > 0, "the run must actually have met faults"
    print(  # the figures README quotes (pytest -s, or make soak)
        f"\nsoak: inputs={size} jobs={report.jobs} submissions={report.submissions} "
        f"ambiguous_resolved={report.ambiguous_resolved} faults={sum(faults.values())} {faults} "
        f"duplicates={server.store.stats['jobs_created'] - report.jobs} lost={report.pending}"
    )


def test_key_never_reaches_logs_manifest_or_outputs(
    hume_mock_factory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    key = "sk-very-secret-0123456789abcdef"
    server = hume_mock_factory(api_keys={key}, fault_rate=0.2, seed=3)
    caplog.set_level(logging.DEBUG)
    report = run_bulk(
        patient_client(server.url, key), collect_inputs(url_inputs(6)), tmp_path, batch_size=3
    )
    assert report.done == 6
    assert caplog.records, "DEBUG logging must have been captured"
    assert key not in caplog.text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path
    assert key not in repr(report)


@pytest.mark.parametrize(
    ("sources", "kwargs", "match"),
    [
        ([], {}, "no inputs"),
        (["ftp://example.test/a.png"], {}, "not an http"),
        (["/definitely/not/here.png"], {}, "neither an http"),
        (["/definitely/not/*.png"], {}, "matches no file"),
    ],
)
def test_bad_inputs_are_rejected_before_any_request(
    sources: list[str], kwargs: dict[str, object], match: str
) -> None:
    with pytest.raises(InvalidInput, match=match):
        collect_inputs(sources, **kwargs)  # type: ignore[arg-type]


def test_empty_file_and_bad_urls_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        collect_inputs([empty])
    urls = tmp_path / "urls.txt"
    urls.write_text("https://ok.test/a.png\nnot-a-url\n")
    with pytest.raises(InvalidInput, match="not-a-url"):
        collect_inputs(urls_file=urls)


def test_run_options_are_validated(tmp_path: Path) -> None:
    client = patient_client("http://127.0.0.1:9", "k")
    inputs = collect_inputs(url_inputs(1))
    for kwargs in (
        {"batch_size": 0},
        {"batch_size": 101},
        {"concurrency": 0},
        {"formats": ["xml"]},
    ):
        with pytest.raises(InvalidInput):
            run_bulk(client, inputs, tmp_path, **kwargs)  # type: ignore[arg-type]


def test_parquet_rows_match_each_inputs_csv(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(url_inputs(2))
    report = run_bulk(client, inputs, tmp_path, formats=["json", "csv", "parquet"])
    assert report.done == 2
    index = pandas.read_csv(tmp_path / "index.csv").set_index("input")
    for record in inputs:
        row = index.loc[record.value]
        dataset = pandas.read_parquet(tmp_path / row["dataset"])
        frame = dataset.iloc[row["row_start"] : row["row_stop"]].reset_index(drop=True)
        (path,) = tmp_path.glob(f"predictions/*/{record.name}.csv")  # its fan-out subfolder
        csv = pandas.read_csv(path)
        assert len(frame) == len(csv) > 0
        shared = [c for c in csv.columns if c in frame.columns]
        assert {"input", "file", "model", "group_id", "box_x", "prob", "Joy"} <= set(shared)
        pandas.testing.assert_frame_equal(frame[shared], csv[shared], check_dtype=False)
