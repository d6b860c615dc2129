"""6. Bulk runs: `run_bulk` throughput, memory and wall time, against the baseline in one run.

Every run is a child process of its own (`benchmarks.measure.run_python`: wall, user + system
CPU and peak RSS of that child alone). Two scenarios against the mock (own process), each run by
the current code and by the
baseline commit (the last one before the bulk pipeline moved onto the event loop; checked out
with ``git archive`` into a temporary folder and put first on ``PYTHONPATH``), both with their
default options:

- **throughput**: text inputs whose jobs finish at once (100 per job): inputs/s, CPU and the
  run's peak RSS, at full size and at a tenth of it (how memory grows with the inputs). The
  baseline runs the tenth only (its rate is what is compared; at full size it would take many
  minutes).
- **long jobs**: 200 jobs of 5 s each (10 texts per job): wall time in job-durations (goal
  ≤ 2). The baseline runs 20 jobs (its 4 jobs in flight make 200 take ~50 job-durations).
- **interrupt**: SIGINT 2.5 s into ``humebatch run`` over 3,000 texts (5.5 s jobs): seconds
  from the signal to the exit (goal ≤ 2 s), exit code, jobs created after the signal. Current
  code only (the issue measured the baseline: it went on for 58 s, submitting every batch).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

from ._common import ROOT, Section, Skip, log
from .crosscheck import TOLERANCE
from .measure import run_checked, run_python
from .mockproc import mock_process

BASELINE = "6599abf"  # main before issue 11: a thread per job, 4 in flight
INPUTS = 100_000
JOB_SECONDS = 5.0
LONG_JOBS = 200
BASELINE_LONG_JOBS = 20


def _baseline_tree(folder: Path) -> Path:
    """The baseline's wrapper and generated client, extracted from git into ``folder``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BASELINE, "wrapper", "generated"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise Skip(f"cannot read the baseline commit {BASELINE} ({archive.stderr.decode()[:200]})")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _run(options: dict[str, Any], pythonpath: str | None, checked: bool = False) -> dict[str, Any]:
    """One bulk run in a child: the worker's report plus that child's CPU and peak RSS.

    ``checked``: under ``/usr/bin/time -v`` too (`measure.run_checked`), its peak of the same
    process in ``outside_peak_mib`` (and the tool's name in ``outside``).
    """
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    args = ["-m", "benchmarks._bulk_worker", json.dumps(options)]
    outside: dict[str, Any] = {}
    if checked:
        child, tool = run_checked(args, env=env)
        outside = {"outside": tool.tool, "outside_peak_mib": tool.peak_rss_mib}
    else:
        child = run_python(args, env=env)
    if child.returncode != 0:
        raise RuntimeError(f"bulk worker failed: {child.stderr[-2000:]}")
    result = dict(json.loads(child.stdout.strip().splitlines()[-1]))
    return {**result, **outside, "cpu": child.cpu, "peak_rss_mib": child.peak_rss_mib}


INTERRUPT_CLI = "from humebatch.cli import cli; cli(prog_name='humebatch')"


def _interrupt(root: Path) -> tuple[float, int, int]:
    """Seconds from SIGINT to exit, the exit code, and jobs created after the signal."""
    texts = root / "interrupt.txt"
    texts.write_text("".join(f"interrupted line {i}, calm and happy\n" for i in range(3000)))
    with mock_process({"queue_seconds": 0.0, "run_seconds": 5.5, "seed": 5}) as mock:
        env = {**os.environ, "HUME_BASE_URL": mock.url, "HUME_API_KEY": mock.key}
        args = ["run", "--text-file", str(texts), "--out", str(root / "interrupt")]
        proc = subprocess.Popen(
            [sys.executable, "-c", INTERRUPT_CLI, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(2.5)
        jobs = _jobs_created(mock.url)
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(120)
        took = time.monotonic() - signalled
        return took, code, _jobs_created(mock.url) - jobs


def _jobs_created(url: str) -> int:
    import httpx

    stats = httpx.get(f"{url}/_mock/stats", timeout=10).json()
    return int(stats["counters"].get("jobs_created", 0))


def run(section: Section, *, quick: bool = False) -> None:
    # Quick: a fiftieth of the inputs, a tenth of the long jobs (the baseline's: 2 rounds of 4).
    inputs = INPUTS // 50 if quick else INPUTS
    long_jobs = LONG_JOBS // 10 if quick else LONG_JOBS
    old_long_jobs = 8 if quick else BASELINE_LONG_JOBS
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
        root = Path(tmp)
        old = _baseline_tree(root / "baseline")
        old_path = f"{old / 'wrapper'}{os.pathsep}{old / 'generated'}"
        rows: list[tuple[str, str, str, dict[str, Any]]] = []
        with mock_process({"queue_seconds": 0.0, "run_seconds": 0.0, "seed": 3}) as mock:
            for label, path, count in (
                ("this commit", None, inputs),
                ("this commit", None, inputs // 10),
                (f"baseline {BASELINE}", old_path, inputs // 10),
            ):
                log(f"[bulk] throughput: {label}, {count} inputs...")
                result = _run(
                    {
                        "url": mock.url,
                        "key": mock.key,
                        "texts": count,
                        "batch": 100,
                        "out": str(root / f"fast-{len(rows)}"),
                    },
                    path,
                    checked=path is None and count == inputs // 10,  # /usr/bin/time -v as well
                )
                rows.append(("throughput", label, f"{count:,} texts", result))
        config = {"queue_seconds": 0.0, "run_seconds": JOB_SECONDS, "seed": 4}
        with mock_process(config) as mock:
            for label, path, jobs in (
                ("this commit", None, long_jobs),
                (f"baseline {BASELINE}", old_path, old_long_jobs),
            ):
                log(f"[bulk] long jobs: {label}, {jobs} jobs of {JOB_SECONDS:g} s...")
                result = _run(
                    {
                        "url": mock.url,
                        "key": mock.key,
                        "texts": jobs * 10,
                        "batch": 10,
                        "out": str(root / f"long-{len(rows)}"),
                    },
                    path,
                )
                rows.append(("long jobs", label, f"{jobs} jobs x {JOB_SECONDS:g} s", result))
        log("[bulk] interrupt: SIGINT 2.5 s into 3,000 texts...")
        stop_seconds, stop_code, jobs_after = _interrupt(root)
        removing = time.monotonic()  # every run's outputs
        for folder in root.iterdir():
            shutil.rmtree(folder, ignore_errors=True)
        removed = time.monotonic() - removing
    section.header = (
        "scenario",
        "code",
        "size",
        "wall",
        "inputs/s",
        "job-durations",
        "CPU (user+sys)",
        "peak RSS",
    )
    figures: dict[tuple[str, str], dict[str, Any]] = {}
    for scenario, label, size, r in rows:
        texts = r["done"] + r["errors"]
        figures.setdefault((scenario, label), r)  # the first (full-size) run of each
        durations = f"{r['seconds'] / JOB_SECONDS:.2f}" if scenario == "long jobs" else "-"
        section.rows.append(
            (
                scenario,
                label,
                size,
                f"{r['seconds']:.1f} s",
                f"{texts / r['seconds']:,.0f}",
                durations,
                f"{r['cpu']:.1f} s",
                f"{r['peak_rss_mib']:.0f} MiB",
            )
        )
    new_fast = figures[("throughput", "this commit")]
    old_fast = figures[("throughput", f"baseline {BASELINE}")]
    rate_new = (new_fast["done"] + new_fast["errors"]) / new_fast["seconds"]
    rate_old = (old_fast["done"] + old_fast["errors"]) / old_fast["seconds"]
    section.goal(
        "throughput above the baseline's",
        rate_new > rate_old,
        f"{rate_new:,.0f} vs {rate_old:,.0f} inputs/s ({rate_new / rate_old:.1f}x)",
    )
    checked = next(r for _, _, _, r in rows if "outside" in r)
    spread = (checked["peak_rss_mib"] - checked["outside_peak_mib"]) / checked["outside_peak_mib"]
    section.goal(
        f"peak RSS of the {inputs // 10:,}-text run matches `{checked['outside']}` of the same "
        f"process within {TOLERANCE:.0%}",
        abs(spread) <= TOLERANCE,
        f"{checked['peak_rss_mib']:.1f} MiB vs {checked['outside_peak_mib']:.1f} MiB "
        f"({spread:+.1%})",
    )
    for scenario, label, size, r in rows:
        if scenario == "throughput":
            rate = (r["done"] + r["errors"]) / r["seconds"]
            section.figure(
                f"throughput, {label}, {size}",
                f"{rate:,.0f} inputs/s, peak RSS {r['peak_rss_mib']:.0f} MiB",
            )
    long_new = figures[("long jobs", "this commit")]["seconds"] / JOB_SECONDS
    section.goal(
        f"{long_jobs} jobs of {JOB_SECONDS:g} s in ≤ 2 job-durations",
        long_new <= 2 if not quick else None,
        f"{long_new:.2f} job-durations",
    )
    section.goal(
        "SIGINT 2.5 s into 3,000 texts exits 130 within 2 s (baseline: went on for 58 s)",
        stop_code == 130 and stop_seconds <= 2,
        f"exit {stop_code} after {stop_seconds:.2f} s; {jobs_after} jobs created after the signal",
    )
    section.notes.append(
        "Wall time is `run_bulk`'s: collecting the inputs and writing every output (JSON + CSV "
        "per input). CPU and peak RSS are the worker process's own, from start to exit "
        "(interpreter and imports included): CPU from `wait4`, peak from its `VmHWM` (the mock "
        "runs in another process). This commit's smaller run is measured under "
        "`/usr/bin/time -v` as well: its peak read a second way (`wait4`'s `ru_maxrss` of the "
        "same process). "
        "`python -m benchmarks.crosscheck --texts N [--separate]` checks one run on its own."
    )
    section.notes.append(
        f"Removing the runs' outputs afterwards took {removed:.0f} s (in this section's time)."
    )
