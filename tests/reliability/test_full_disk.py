"""A disk that fills up mid-run: the run stops with a clear error, records nothing as done that is
not on disk, and the next run, with space again, finishes the rest exactly once.

The disk is a small tmpfs mounted for the test, so it runs only as root where mounting is
allowed (a container without the capability, or a user, skips it).
"""

from __future__ import annotations

import csv
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from bulk_helpers import patient_client
from humebatch.bulk import FolderUnwritable, collect_inputs, run_bulk
from humebatch.bulk._verify import complete
from humebatch.manifest import Manifest


def _mount(point: Path, size: str) -> bool:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
        capture_output=True,
        timeout=30,
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    point = tmp_path / f"disk-{uuid.uuid4().hex[:8]}"
    point.mkdir()
    if not _mount(point, "640k"):
        pytest.skip("mount -t tmpfs is not allowed here")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, timeout=30)


def _grow(point: Path) -> None:
    done = subprocess.run(
        ["mount", "-o", "remount,size=64m", str(point)], capture_output=True, timeout=30
    )
    assert done.returncode == 0, done.stderr


def _claims_hold(out: Path) -> int:
    """Every input the manifest calls done has complete outputs; returns how many are done."""
    with Manifest(out) as manifest:
        done = [r for r in manifest.inputs() if r.done]
    predictions = out / "predictions"
    for record in done:
        names = [f"{record.name}.json", f"{record.name}.csv"]
        if record.error is not None:
            names = [f"{record.name}.error.json"]
        for name in names:
            hits = list(predictions.rglob(name))
            assert hits and all(complete(p) for p in hits), f"done but not on disk: {name}"
    index = out / "index.csv"
    if index.exists():
        with index.open(newline="") as handle:
            for row in csv.DictReader(handle):
                for name in filter(None, row["outputs"].split(";")):
                    assert list(predictions.rglob(Path(name).name)), f"the index names {name}"
    return len(done)


def test_a_full_disk_stops_the_run_clearly_and_the_next_run_finishes_once(  # type: ignore[no-untyped-def]
    hume_mock, small_disk: Path
) -> None:
    urls = [f"https://media.example.test/face-{i:03d}.jpg" for i in range(60)]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    out = small_disk / "out"
    with pytest.raises(FolderUnwritable) as caught:
        run_bulk(client, collect_inputs(urls), out, batch_size=5, concurrency=4)
    message = str(caught.value)
    assert "No space left on device" in message or "full" in message, message
    assert "again" in message, f"says what to do: {message}"
    jobs = hume_mock.store.stats["jobs_created"]
    _grow(small_disk)  # first: opening the manifest to check it needs a little space too
    partial = _claims_hold(out)
    assert 0 < partial < 60, f"the disk filled mid-run: {partial} of 60 done"
    report = run_bulk(client, collect_inputs(urls), out, batch_size=5, concurrency=4)
    assert (report.done, report.errors, report.pending) == (60, 0, 0)
    assert _claims_hold(out) == 60
    assert hume_mock.store.stats["jobs_created"] == 12, "12 batches, none submitted twice"
    assert jobs <= 12
    leftovers = [p.name for p in (out / "predictions").rglob(".*.part")]
    assert not leftovers, leftovers
