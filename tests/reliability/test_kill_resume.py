"""Runs stopped at named steps (SIGKILL, SIGINT, SIGTERM, a second Ctrl-C) resume to the end.

Each stop is placed by a step hook (`humebatch.bulk._pipeline.set_step_hook`) at the n-th
occurrence of a named step, never after a random sleep; each test checks in the manifest that
the stop landed mid-work, and that the resumed run ends like an uninterrupted one, with no job
ever submitted twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bulk_helpers import assert_complete, outputs, patient_client
from humebatch.bulk import collect_inputs, run_bulk
from humebatch.bulk._pipeline import STEPS
from humebatch.bulk._writers import fan_out
from humebatch.manifest import Manifest

# `make soak` (HUMEBATCH_SOAK=1): 300 inputs and two stops per step instead of 60 and one.
SOAK = os.environ.get("HUMEBATCH_SOAK") == "1"
INPUTS = [f"https://media.example.test/kill/face-{i:03d}.jpg" for i in range(300 if SOAK else 60)]
BATCH = 5
BATCHES = len(INPUTS) // BATCH
MOCK = {"seed": 5, "queue_seconds": 0.1, "run_seconds": 0.4}

# Runs `humebatch run` with a hook that sends `signal` (`times` times) to its own process at the
# `nth` occurrence of `step`.
DRIVER = """
import os, sys
from humebatch.bulk._pipeline import set_step_hook
from humebatch.cli import cli

step, nth, signum, times = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
seen = 0

def hook(name):
    global seen
    if name == step:
        seen += 1
        if seen == nth:
            for _ in range(times):
                os.kill(os.getpid(), signum)

set_step_hook(hook)
cli.main(sys.argv[5:], prog_name="humebatch")
"""


def humebatch_run(
    server, out: Path, *, stop: tuple[str, int, int, int] | None = None
) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    step, nth, signum, times = stop or ("none", 0, 0, 0)
    urls = out.parent / "urls.txt"
    urls.write_text("\n".join(INPUTS) + "\n")
    args = ["run", "--urls-file", str(urls), "--out", str(out), "--batch-size", str(BATCH),
            "--concurrency", "3", "--max-requests", "1"]  # fmt: skip
    env = {**os.environ, "HUME_BASE_URL": server.url, "HUME_API_KEY": server.api_key}
    return subprocess.run(
        [sys.executable, "-c", DRIVER, step, str(nth), str(signum), str(times), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def reference(hume_mock_factory, tmp_path: Path) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    server = hume_mock_factory(**MOCK)
    out = tmp_path / "reference"
    run_bulk(
        patient_client(server.url, server.api_key), collect_inputs(INPUTS), out, batch_size=BATCH
    )
    return outputs(out)


def landed_mid_work(out: Path, step: str) -> None:
    """The stop left work half done, in the state the step implies."""
    with Manifest(out) as manifest:
        counts = manifest.counts()
        states = [b.state for b in manifest.batches()]
    assert counts["pending"] > 0, counts
    assert any(state != "planned" for state in states), "work had started"
    if step == "submitting":
        assert "submitting" in states, states  # the POST may or may not have left: a lookup
    if step in ("submitted", "settled"):
        assert "submitted" in states, states
    if step == "written":
        # Files on disk whose input the manifest does not count as done yet.
        with Manifest(out) as manifest:
            pending = [r for r in manifest.inputs() if not r.done]
        folder = out / "predictions"
        assert any((folder / fan_out(r.key) / f"{r.name}.json").exists() for r in pending)
    if step == "finished":
        assert "completed" in states and "planned" in states, states


def assert_resumed(server, out: Path, expected: dict[str, bytes]) -> None:  # type: ignore[no-untyped-def]
    final = humebatch_run(server, out)
    assert final.returncode == 0, final.stderr
    assert_complete(out, len(INPUTS))
    assert outputs(out) == expected, "same files, same bytes as the uninterrupted run"
    assert server.store.stats["jobs_created"] == BATCHES, "no job was ever submitted twice"


def test_sigkill_at_every_named_step_then_resume(hume_mock_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    expected = reference(hume_mock_factory, tmp_path)
    server = hume_mock_factory(**MOCK)
    out = tmp_path / "killed"
    kills = 0
    for round_ in range(2 if SOAK else 1):
        for step in STEPS:
            nth = 2 + round_  # a step that has happened before in this process: mid-work
            result = humebatch_run(server, out, stop=(step, nth, signal.SIGKILL, 1))
            assert result.returncode == -signal.SIGKILL, (step, result.stderr)
            landed_mid_work(out, step)
            kills += 1
    assert_resumed(server, out, expected)
    print(f"\nkill/resume: inputs={len(INPUTS)} kills={kills} jobs={BATCHES} duplicates=0 lost=0")


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_interrupt_stops_submitting_and_says_how_to_resume(
    hume_mock_factory, tmp_path: Path, signum: int, code: int
) -> None:  # type: ignore[no-untyped-def]
    expected = reference(hume_mock_factory, tmp_path)
    server = hume_mock_factory(**MOCK)
    out = tmp_path / "interrupted"
    result = humebatch_run(server, out, stop=("submitted", 2, signum, 1))
    assert result.returncode == code, result.stderr
    assert f"interrupted by {signal.Signals(signum).name}" in result.stderr
    assert "Run the same command again to resume" in result.stderr
    assert "Traceback" not in result.stderr
    # One request in flight at a time: at most the POST already sent when the signal came.
    assert server.store.stats["jobs_created"] <= 3
    landed_mid_work(out, "submitted")
    assert_resumed(server, out, expected)


def test_a_second_ctrl_c_exits_at_once(hume_mock_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    expected = reference(hume_mock_factory, tmp_path)
    server = hume_mock_factory(**MOCK)
    out = tmp_path / "twice"
    result = humebatch_run(server, out, stop=("settled", 2, signal.SIGINT, 2))
    assert result.returncode == 130, result.stderr
    assert "interrupted again: exiting now" in result.stderr
    landed_mid_work(out, "settled")
    assert_resumed(server, out, expected)
