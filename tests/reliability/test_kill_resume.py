"""A bulk run killed with SIGKILL at random points and restarted ends like an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from bulk_helpers import assert_complete, outputs, patient_client
from humebatch.bulk import collect_inputs, run_bulk
from humebatch.manifest import Manifest

# `make soak` (HUMEBATCH_SOAK=1): 300 inputs and 10 kills instead of 60 and 4.
SOAK = os.environ.get("HUMEBATCH_SOAK") == "1"
INPUTS = [f"https://media.example.test/kill/face-{i:03d}.jpg" for i in range(300 if SOAK else 60)]
KILLS = 10 if SOAK else 4
BATCH = 5
DRIVER = """
import sys
sys.path.insert(0, {helpers!r})
from bulk_helpers import patient_client
from humebatch.bulk import collect_inputs, run_bulk
client = patient_client({url!r}, {key!r})
run_bulk(client, collect_inputs({inputs!r}), {out!r}, batch_size={batch}, concurrency=2)
"""


def driver(url: str, key: str, out: Path) -> list[str]:
    code = DRIVER.format(
        helpers=str(Path(__file__).parent),
        url=url,
        key=key,
        inputs=INPUTS,
        out=str(out),
        batch=BATCH,
    )
    return [sys.executable, "-c", code]


def test_sigkill_and_resume_matches_uninterrupted_run(hume_mock_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = {"seed": 5, "queue_seconds": 0.1, "run_seconds": 0.4}
    reference_server = hume_mock_factory(**config)
    reference = tmp_path / "reference"
    run_bulk(
        patient_client(reference_server.url, reference_server.api_key),
        collect_inputs(INPUTS),
        reference,
        batch_size=BATCH,
        concurrency=2,
    )
    server = hume_mock_factory(**config)
    out = tmp_path / "killed"
    rng = random.Random(20261125)
    kills = 0
    for _ in range(KILLS):  # bounded: a few kills, each within a few seconds
        process = subprocess.Popen(driver(server.url, server.api_key, out))
        time.sleep(rng.uniform(0.6, 2.0))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait(timeout=30)
    assert kills >= 1, "the run must have been interrupted at least once"
    final = subprocess.run(driver(server.url, server.api_key, out), timeout=120, check=False)
    assert final.returncode == 0

    assert_complete(out, len(INPUTS))
    assert outputs(out) == outputs(reference), "same files, same bytes as the uninterrupted run"
    with Manifest(out) as manifest:
        batches = manifest.batches()
    assert len(batches) == len(INPUTS) // BATCH
    assert server.store.stats["jobs_created"] == len(batches), "no job was ever submitted twice"
    print(
        f"\nkill/resume: inputs={len(INPUTS)} kills={kills} jobs={len(batches)} duplicates=0 lost=0"
    )
