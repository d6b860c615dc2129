"""Shared pieces of the reliability tests: a fast client and output checks."""

from __future__ import annotations

from pathlib import Path

import orjson
from humebatch import Client, PollSchedule, RetryPolicy
from humebatch.manifest import Manifest

FAST_POLLS = PollSchedule(first=0.05, factor=1.5, cap=0.3, jitter=0.2)


def patient_client(url: str, key: str, retries: int = 8) -> Client:
    """A client that rides out the fault rates of these tests (quick backoff, many retries)."""
    policy = RetryPolicy(max_retries=retries, initial_delay=0.02, max_delay=0.2, max_retry_after=2)
    return Client(key, base_url=url, poll_schedule=FAST_POLLS, retry_policy=policy)


def outputs(out_dir: Path) -> dict[str, bytes]:
    """Every finished output file by name (in any fan-out subfolder of ``predictions/``); fails
    on leftovers of interrupted writes."""
    folder = out_dir / "predictions"
    leftovers = [p.name for p in folder.rglob(".*.part")]
    assert not leftovers, f"half-written files left behind: {leftovers}"
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    return {p.name: p.read_bytes() for p in files if not p.name.startswith(".")}


def assert_complete(out_dir: Path, expected_inputs: int) -> None:
    with Manifest(out_dir) as manifest:
        counts = manifest.counts()
        records = list(manifest.inputs())
    assert counts["inputs"] == expected_inputs
    assert counts["pending"] == 0 and counts["errors"] == 0, counts
    files = outputs(out_dir)
    for record in records:
        source = orjson.loads(files[f"{record.name}.json"])
        assert source["results"]["predictions"], record.value
        assert f"{record.name}.csv" in files
