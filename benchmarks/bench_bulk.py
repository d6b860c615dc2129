"""6. Bulk runs: `run_bulk` throughput, memory and wall time, against the baseline in one run.

Every run is a child process of its own (`benchmarks.measure.run_python`: wall, user + system
CPU and peak RSS of that child alone). Scenarios against the mock (own process), each run by
the current code and by the
baseline commit (the last one before the bulk pipeline moved onto the event loop; checked out
with ``git archive`` into a temporary folder and put first on ``PYTHONPATH``), both with their
default options:

- **throughput**: text inputs whose jobs finish at once (100 per job), JSON + CSV per input:
  inputs/s, CPU and the run's peak RSS, at 10,000 and 20,000 texts (the CPU goal's run), and
  20,000 texts with ``--format parquet`` alone (the dataset and one JSON per job, no file per
  input: the CPU goal's other run); the baseline runs 10,000 (its rate is what is compared).
- **dataset** (issue 20): the full size, 100,000 texts whose jobs finish at once, with
  ``--format parquet`` alone (the dataset under ``OUT/dataset/``, one JSON per job), read back by
  DuckDB with the README's query (`bulk_dataset`): rows, distinct inputs (every input once),
  Parquet files, inputs/s, client CPU per input and peak RSS, beside today's code (`TODAY`),
  which writes a Parquet file per input, run at 5,000 texts (its ~11 ms of CPU per input would
  take ~18 minutes at full size; its rate and CPU per input are what is compared).
- **long jobs**: 200 jobs of 5 s each (10 texts per job): wall time in job-durations (goal
  ≤ 2). The baseline runs 20 jobs (its 4 jobs in flight make 200 take ~50 job-durations).
- **interrupt**: SIGINT 2.5 s into ``humebatch run`` over 3,000 texts (5.5 s jobs): seconds
  from the signal to the exit (goal ≤ 2 s), exit code, jobs created after the signal. Current
  code only (the issue measured the baseline: it went on for 58 s, submitting every batch).

Issue 20's figures are measured beside "today", main before its items 3-6 (`TODAY`), in the
same run: client CPU per text input over 20,000 texts (goal ≤ 0.3 ms), 200 jobs of 5 s (goal
≤ 1.5 job-durations), and a **large body**: one job of 16 one-hour videos whose predictions body
is ~820 MB (`_bigbody_serve`), peak RSS above the run's start (goal ≤ 300 MB), with JSON + CSV
per input and with ``--format parquet`` alone (the dataset file written a part at a time);
today's code runs 2 of them (~100 MB: at 820 MB its tree of dicts would need ~14 GB).
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

from . import bulk_dataset
from ._common import ROOT, Section, Skip, log
from .crosscheck import TOLERANCE
from .measure import run_checked, run_python
from .mockproc import mock_process

BASELINE = "6599abf"  # main before issue 11: a thread per job, 4 in flight
TODAY = "0062842"  # main before issue 20 items 3-6 (client CPU, long jobs, large bodies)
INPUTS = 100_000
TODAY_DATASET_TEXTS = 5_000
CPU_TEXTS = 20_000
CPU_GOAL_MS = 0.3
JOB_SECONDS = 5.0
LONG_JOBS = 200
LONG_GOAL = 1.5
BASELINE_LONG_JOBS = 20
BIG_INPUTS = 16  # one-hour videos of ~51 MB of predictions each: a ~820 MB body
TODAY_BIG_INPUTS = 2
BIG_GOAL_MB = 300


def _baseline_tree(folder: Path, commit: str = BASELINE) -> Path:
    """A commit's wrapper and generated client, extracted from git into ``folder``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "wrapper", "generated"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise Skip(f"cannot read the baseline commit {commit} ({archive.stderr.decode()[:200]})")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _big(
    url: str,
    key: str,
    videos: int,
    out: Path,
    pythonpath: str | None,
    formats: list[str] | None = None,
) -> dict[str, Any]:
    """One job of ``videos`` one-hour videos (`_bigbody_worker`): its memory above its start."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    options = {"url": url, "key": key, "inputs": videos, "out": str(out), "formats": formats}
    child = run_python(["-m", "benchmarks._bigbody_worker", json.dumps(options)], env=env)
    if child.returncode != 0:
        raise RuntimeError(f"large-body worker failed: {child.stderr[-2000:]}")
    result = dict(json.loads(child.stdout.strip().splitlines()[-1]))
    body = sum(p.stat().st_size for p in out.rglob("*.json") if not p.name.startswith("index"))
    return {
        **result,
        "cpu": child.cpu,
        "peak_rss_mib": child.peak_rss_mib,
        "above_start_mib": (child.peak_rss - result["rss_before"]) / 2**20,
        "anon_above_mib": (result["anon_peak"] - result["rss_before"]) / 2**20,
        "body_mb": body / 1e6,
        "formats": formats,
        "size": f"1 job, {videos} x 1 h video (~{body / 1e6:,.0f} MB body)"
        + (", --format parquet" if formats else ""),
    }


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
    _settle()
    result = dict(json.loads(child.stdout.strip().splitlines()[-1]))
    return {**result, **outside, "cpu": child.cpu, "peak_rss_mib": child.peak_rss_mib}


def _settle() -> None:
    """After a run, untimed: its outputs flushed, so the next run's syncs do not write them.

    Outputs stay until the section ends, never removed between runs: after a mass deletion,
    ext4 without a journal (this machine's disk) checks each new inode against the recently
    deleted ones for a minute or more, which made the next run's file creations cost 2-3x.
    """
    if hasattr(os, "sync"):
        os.sync()


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
    today_dataset = TODAY_DATASET_TEXTS // 5 if quick else TODAY_DATASET_TEXTS
    long_jobs = LONG_JOBS // 10 if quick else LONG_JOBS
    old_long_jobs = 8 if quick else BASELINE_LONG_JOBS
    cpu_texts = CPU_TEXTS // 10 if quick else CPU_TEXTS
    today = f"before issue 20 {TODAY}"
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
        root = Path(tmp)
        old = _baseline_tree(root / "baseline")
        old_path = f"{old / 'wrapper'}{os.pathsep}{old / 'generated'}"
        now = _baseline_tree(root / "today", TODAY)
        today_path = f"{now / 'wrapper'}{os.pathsep}{now / 'generated'}"
        rows: list[tuple[str, str, str, dict[str, Any]]] = []
        datasets: dict[str, bulk_dataset.Run] = {}
        removed = 0.0  # seconds removing the runs' outputs
        with mock_process({"queue_seconds": 0.0, "run_seconds": 0.0, "seed": 3}) as mock:
            sizes: list[tuple[str, str | None, int, list[str] | None]] = [
                ("this commit", None, n, None) for n in dict.fromkeys((inputs // 10, cpu_texts))
            ]
            sizes += [
                ("this commit", None, cpu_texts, ["parquet"]),
                (today, today_path, cpu_texts, None),
                (f"baseline {BASELINE}", old_path, inputs // 10, None),
            ]
            for label, path, count, formats in sizes:
                log(f"[bulk] throughput: {label}, {count} inputs, formats {formats}...")
                result = _run(
                    {
                        "url": mock.url,
                        "key": mock.key,
                        "texts": count,
                        "batch": 100,
                        "out": str(root / f"fast-{len(rows)}"),
                        **({"formats": formats} if formats else {}),
                    },
                    path,
                    checked=path is None and count == inputs // 10,  # /usr/bin/time -v as well
                )
                size = f"{count:,} texts" + (", --format parquet" if formats else "")
                rows.append(("throughput", label, size, {**result, "formats": formats}))
            for label, path, count, query in (
                ("this commit", None, inputs, bulk_dataset.README_QUERY),
                (today, today_path, today_dataset, bulk_dataset.TODAY_QUERY),
            ):
                log(f"[bulk] dataset: {label}, {count} inputs, --format parquet...")
                out = root / f"dataset-{len(rows)}"
                options = {"url": mock.url, "key": mock.key, "texts": count, "batch": 100}
                result = _run({**options, "out": str(out), "formats": ["parquet"]}, path)
                datasets[label] = bulk_dataset.Run(count, result, bulk_dataset.read(out, query))
                rows.append(("dataset", label, bulk_dataset.size(datasets[label]), result))
        config = {"queue_seconds": 0.0, "run_seconds": JOB_SECONDS, "seed": 4}
        with mock_process(config) as mock:
            for label, path, jobs in (
                ("this commit", None, long_jobs),
                (today, today_path, long_jobs),
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
        big = {"queue_seconds": 0.0, "run_seconds": 0.0}
        with mock_process(big, module="benchmarks._bigbody_serve") as mock:
            big_inputs = TODAY_BIG_INPUTS if quick else BIG_INPUTS
            for label, path, videos, formats in (
                ("this commit", None, big_inputs, None),
                ("this commit", None, big_inputs, ["parquet"]),
                (today, today_path, TODAY_BIG_INPUTS, None),
            ):
                log(
                    f"[bulk] large body: {label}, one job of {videos} one-hour videos, "
                    f"formats {formats}..."
                )
                out = root / f"big-{len(rows)}"
                result = _big(mock.url, mock.key, videos, out, path, formats)
                rows.append(("large body", label, result["size"], result))
        log("[bulk] interrupt: SIGINT 2.5 s into 3,000 texts...")
        stop_seconds, stop_code, jobs_after = _interrupt(root)
        removing = time.monotonic()  # every run's outputs
        for folder in root.iterdir():
            shutil.rmtree(folder, ignore_errors=True)
        removed += time.monotonic() - removing
    section.header = (
        "scenario",
        "code",
        "size",
        "wall",
        "inputs/s",
        "job-durations",
        "CPU (user+sys)",
        "CPU per input",
        "peak RSS",
        "peak above the run's start",
    )
    figures: dict[tuple[str, str], dict[str, Any]] = {}
    for scenario, label, size, r in rows:
        texts = r["done"] + r["errors"]
        figures.setdefault((scenario, label), r)  # the first (full-size) run of each
        if scenario == "throughput" and texts == cpu_texts:
            figures[("cpu-dataset" if r.get("formats") else "cpu", label)] = r
        if scenario == "large body" and r.get("formats"):
            figures[("large body, dataset", label)] = r
        durations = f"{r['seconds'] / JOB_SECONDS:.2f}" if scenario == "long jobs" else "-"
        above = r.get("above_start_mib")
        section.rows.append(
            (
                scenario,
                label,
                size,
                f"{r['seconds']:.1f} s",
                f"{texts / r['seconds']:,.0f}",
                durations,
                f"{r['cpu']:.1f} s",
                f"{r['cpu'] / texts * 1000:.2f} ms"
                if scenario in ("throughput", "dataset")
                else "-",
                f"{r['peak_rss_mib']:.0f} MiB",
                "-" if above is None else f"{above:.0f} MiB (anonymous {r['anon_above_mib']:.0f})",
            )
        )
    new_fast = figures[("cpu", "this commit")]  # its larger JSON + CSV run
    old_fast = figures[("throughput", f"baseline {BASELINE}")]
    rate_new = (new_fast["done"] + new_fast["errors"]) / new_fast["seconds"]
    rate_old = (old_fast["done"] + old_fast["errors"]) / old_fast["seconds"]
    section.goal(
        "throughput above the baseline's",
        rate_new > rate_old,
        f"{rate_new:,.0f} vs {rate_old:,.0f} inputs/s ({rate_new / rate_old:.1f}x) over "
        f"{cpu_texts:,} and {inputs // 10:,} texts",
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
    bulk_dataset.report(section, datasets["this commit"], datasets[today], today)
    long_new = figures[("long jobs", "this commit")]["seconds"] / JOB_SECONDS
    long_today = figures[("long jobs", today)]["seconds"] / JOB_SECONDS
    section.goal(
        f"{long_jobs} jobs of {JOB_SECONDS:g} s in ≤ {LONG_GOAL:g} job-durations (issue 20)",
        long_new <= LONG_GOAL if not quick else None,
        f"{long_new:.2f} job-durations; today ({TODAY}) {long_today:.2f} in the same run "
        f"({long_new / long_today:.2f}x)",
    )
    per_input = {
        label: figures[("cpu", label)]["cpu"] / cpu_texts * 1000 for label in ("this commit", today)
    }
    dataset_only = figures[("cpu-dataset", "this commit")]["cpu"] / cpu_texts * 1000
    for what, ms in (
        ("JSON + CSV per input", per_input["this commit"]),
        ("--format parquet alone: the dataset and a JSON per job", dataset_only),
    ):
        section.goal(
            f"client CPU per text input ≤ {CPU_GOAL_MS:g} ms over {cpu_texts:,} texts whose jobs "
            f"finish at once, {what} (the client process's own CPU, start to exit; issue 20)",
            ms <= CPU_GOAL_MS if not quick else None,
            f"{ms:.2f} ms; today ({TODAY}, JSON + CSV per input) {per_input[today]:.2f} ms in "
            f"the same run ({ms / per_input[today]:.2f}x)",
        )
    big_new, big_today = figures[("large body", "this commit")], figures[("large body", today)]
    section.goal(
        f"peak RSS with a ~{big_new['body_mb']:.0f} MB predictions body ≤ {BIG_GOAL_MB} MB above "
        "the run's start (issue 20)",
        big_new["above_start_mib"] * 2**20 / 1e6 <= BIG_GOAL_MB,
        f"{big_new['above_start_mib']:.0f} MiB above the start ({big_new['anon_above_mib']:.0f} "
        f"MiB anonymous); today ({TODAY}) {big_today['above_start_mib']:.0f} MiB with a "
        f"{big_today['body_mb']:.0f} MB body in the same run",
    )
    from humebatch.bulk._dataset import PART_BYTES

    big_dataset = figures[("large body, dataset", "this commit")]
    section.goal(
        f"peak RSS with a ~{big_dataset['body_mb']:.0f} MB predictions body, --format parquet "
        f"alone (its dataset file decoded {PART_BYTES >> 20} MiB of JSON at a time), "
        f"≤ {BIG_GOAL_MB} MB above the run's start",
        big_dataset["above_start_mib"] * 2**20 / 1e6 <= BIG_GOAL_MB,
        f"{big_dataset['above_start_mib']:.0f} MiB above the start "
        f"({big_dataset['anon_above_mib']:.0f} MiB anonymous)",
    )
    section.goal(
        "SIGINT 2.5 s into 3,000 texts exits 130 within 2 s (baseline: went on for 58 s)",
        stop_code == 130 and stop_seconds <= 2,
        f"exit {stop_code} after {stop_seconds:.2f} s; {jobs_after} jobs created after the signal",
    )
    section.notes.append(
        "Wall time is `run_bulk`'s: collecting the inputs and writing every output (JSON + CSV "
        "per input; the dataset and one JSON per job with --format parquet alone; today's code "
        "writes JSON and Parquet per input with it). The dataset runs are "
        "read after the run, in the benchmark's process: DuckDB over this commit's "
        "`OUT/dataset/**/*.parquet` with the README's query, over today's per-input files "
        f"(`OUT/predictions/*.parquet`) without hive partitions; today runs {today_dataset:,} "
        f"texts, not {inputs:,} (a Parquet file per input: {datasets[today].cpu_ms:.1f} ms of "
        "CPU each). CPU and peak RSS are the worker process's own, from start to exit "
        "(interpreter and imports included): CPU from `wait4`, peak from its `VmHWM` (the mock "
        "runs in another process); CPU per input is that CPU over the texts. The large body's "
        "peak above the run's start is VmHWM minus the RSS just before `run_bulk` (anonymous: "
        "RssAnon sampled every 5 ms, without the page cache of the memory-mapped body). This "
        "commit's smaller run is measured under "
        "`/usr/bin/time -v` as well: its peak read a second way (`wait4`'s `ru_maxrss` of the "
        "same process). "
        "`python -m benchmarks.crosscheck --texts N [--separate]` checks one run on its own."
    )
    section.notes.append(
        "Each run's outputs are flushed (`os.sync`, untimed) after it and kept until the section "
        "ends: a mass deletion makes the next minute or more of file creations on ext4 without "
        "a journal (this disk) check every new inode against the recently deleted ones, 2-3x "
        f"the CPU per file. Removing every run's outputs at the end took {removed:.0f} s (in "
        "this section's time)."
    )
