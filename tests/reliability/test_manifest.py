"""The manifest's state machine survives a crash between any two of its commits."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from humebatch.manifest import InputRecord, Manifest


def records(n: int) -> list[InputRecord]:
    return [
        InputRecord(
            key=f"url:https://e.test/{i}.png",
            kind="url",
            value=f"https://e.test/{i}.png",
            name=f"{i}",
        )
        for i in range(n)
    ]


def test_inputs_are_recorded_once(tmp_path: Path) -> None:
    with Manifest(tmp_path) as manifest:
        assert manifest.add_inputs(records(5)) == 5
        assert manifest.add_inputs(records(7)) == 2
        assert [r.name for r in manifest.inputs()] == [str(i) for i in range(7)]
        assert manifest.counts()["pending"] == 7


def test_batch_lifecycle_and_counts(tmp_path: Path) -> None:
    with Manifest(tmp_path) as manifest:
        manifest.add_inputs(records(4))
        batch_id = manifest.create_batch("url", [r.key for r in manifest.unassigned("url")[:3]])
        assert [r.name for r in manifest.unassigned("url")] == ["3"]
        manifest.mark_submitting(batch_id)
        (batch,) = manifest.batches("submitting")
        first_attempt = batch.submit_started_ms
        manifest.mark_unsent(batch_id)
        manifest.mark_submitting(batch_id)
        (batch,) = manifest.batches("submitting")
        assert batch.submissions == 2
        assert batch.submit_started_ms == first_attempt  # lookups must cover the first attempt
        manifest.mark_submitted(batch_id, "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11")
        assert manifest.known_job_ids() == {"6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"}
        for record in manifest.batch_inputs(batch_id)[:2]:
            manifest.mark_input_done(record.key)
        manifest.mark_input_done(manifest.batch_inputs(batch_id)[2].key, error="boom")
        assert manifest.counts() == {
            "inputs": 4,
            "done": 2,
            "errors": 1,
            "pending": 1,
            "jobs": 1,
            "submissions": 2,
        }


def _hammer(out_dir: str) -> None:
    manifest = Manifest(out_dir)
    manifest.add_inputs(records(200))
    while pending := manifest.unassigned("url")[:1]:  # killed by the parent, usually mid-way
        batch = manifest.create_batch("url", [r.key for r in pending])
        manifest.mark_submitting(batch)
        manifest.mark_submitted(batch, f"job-{batch}")
    time.sleep(30)


def test_sigkill_leaves_a_consistent_manifest(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    process = ctx.Process(target=_hammer, args=(str(tmp_path),))
    process.start()
    try:
        deadline_checks = 0
        while deadline_checks < 200:  # bounded: at most ~10 s
            deadline_checks += 1
            process.join(0.05)
            if (tmp_path / Manifest.FILENAME).exists():
                with Manifest(tmp_path) as probe:
                    if len(probe.batches()) >= 5:
                        break
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.join(5)
    with Manifest(tmp_path) as manifest:
        batches = manifest.batches()
        assert len(batches) >= 5
        for batch in batches:
            inputs = manifest.batch_inputs(batch.id)
            assert len(inputs) == 1, "a batch never exists without its inputs"
            if batch.state == "submitted":
                assert batch.job_id == f"job-{batch.id}"
        assert manifest.counts()["inputs"] == 200


def test_split_moves_unfinished_inputs_into_smaller_batches(tmp_path: Path) -> None:
    with Manifest(tmp_path) as manifest:
        manifest.add_inputs(records(5))
        parent = manifest.create_batch("url", [r.key for r in manifest.unassigned("url")])
        manifest.mark_input_done(manifest.batch_inputs(parent)[0].key)
        left, right = manifest.split_batch(parent, "job failed", size=2)
        (split,) = manifest.batches("split")
        assert (split.id, split.message) == (parent, "job failed")
        assert [r.name for r in manifest.batch_inputs(left)] == ["1", "2"]
        assert [r.name for r in manifest.batch_inputs(right)] == ["3", "4"]
        assert [r.name for r in manifest.batch_inputs(parent)] == ["0"]  # done stays put
        manifest.mark_input_done(manifest.batch_inputs(left)[0].key)
        with pytest.raises(ValueError, match="two"):
            manifest.split_batch(left, "one unfinished input cannot be split")
        singles = manifest.split_batch(right, "job failed")  # one input per batch by default
        assert [[r.name for r in manifest.batch_inputs(b)] for b in singles] == [["3"], ["4"]]
