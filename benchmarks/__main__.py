"""``make bench`` / ``python -m benchmarks``: run every benchmark, print and save the table.

python -m benchmarks                      # all (make bench), writes benchmarks/results/latest.md
python -m benchmarks --only predictions   # some (comma-separated names), no file written
python -m benchmarks --quick              # all at reduced size (make bench-quick), no file written

results/latest.md is only ever written whole, by one full run, and names its commit; the same
run then rewrites README.md's benchmark block from it (`python -m benchmarks.readme`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import time
import traceback
from collections.abc import Callable

from . import (
    bench_bulk,
    bench_mock,
    bench_predictions,
    bench_requests,
    bench_upload,
    bench_wait,
    readme,
)
from ._common import RESULTS, ROOT, Section, Skip, log, machine

# Whole-run budgets on 2 cores (issue 19): a full run for the record, a quick developer's loop.
BUDGET_SECONDS = {"make bench": 15 * 60, "make bench-quick": 3 * 60}

BENCHMARKS: list[tuple[str, str, Callable[..., None]]] = [
    (
        "predictions",
        "1. Predictions: bytes → typed predictions → top-3 emotions",
        bench_predictions.run,
    ),
    ("requests", "2. Request overhead: sequential job-detail requests", bench_requests.run),
    ("wait", "3. Waiting at scale: wait_all on 1,000 jobs", bench_wait.run),
    ("upload", "4. Upload memory: 1 GB of sparse files in one request", bench_upload.run),
    ("mock", "5. Mock server throughput: details polling", bench_mock.run),
    (
        "bulk",
        "6. Bulk runs: 100,000 texts, 200 jobs of 5 s, an 820 MB body, Ctrl-C; against baselines",
        bench_bulk.run,
    ),
]


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None


def commit() -> str:
    """``commit `<full hash>` (clean tree)`` or ``(uncommitted changes: N files)``."""
    head = (_git("rev-parse", "HEAD") or "").strip()
    if not head:
        return "commit unknown (not a git checkout)"
    status = _git("status", "--porcelain", "--untracked-files=no")
    if status is None:
        return f"commit `{head}`"
    changed = len(status.splitlines())
    tree = "clean tree" if changed == 0 else f"uncommitted changes in {changed} tracked files"
    return f"commit `{head}` ({tree})"


def cpu_seconds() -> float:
    """User + system seconds of this process and of every child it has waited for so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", help="comma-separated: " + ",".join(b[0] for b in BENCHMARKS))
    parser.add_argument(
        "--quick", action="store_true", help="every section at reduced size (not for the record)"
    )
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else {b[0] for b in BENCHMARKS}
    unknown = wanted - {b[0] for b in BENCHMARKS}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    if args.only:
        command = f"python -m benchmarks --only {args.only}" + (" --quick" if args.quick else "")
    else:
        command = "make bench-quick" if args.quick else "make bench"
    started, started_cpu = time.monotonic(), cpu_seconds()
    where = machine()
    head = [
        "## Benchmarks (latest run)",
        "",
        f"`{command}` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{commit()}: {where}.",
        "",
    ]
    print("\n".join(head), flush=True)
    parts = list(head)
    for name, title, run in BENCHMARKS:
        if name not in wanted:
            continue
        section = Section(title)
        log(f"[{name}] running...")
        t0, cpu0 = time.monotonic(), cpu_seconds()
        try:
            run(section, quick=args.quick)
        except Skip as exc:
            section.skipped = str(exc)
        except Exception as exc:  # a broken benchmark must not hide the others' results
            traceback.print_exc()
            section.skipped = f"failed: {type(exc).__name__}: {exc}"
        section.seconds = time.monotonic() - t0
        section.cpu = cpu_seconds() - cpu0
        section.machine = where
        text = section.markdown()
        print(text, flush=True)
        parts.append(text)
    total, cpu = time.monotonic() - started, cpu_seconds() - started_cpu
    budget = BUDGET_SECONDS.get(command)
    within = ""
    if budget is not None:
        verdict = "within" if total <= budget else "**over**"
        within = f"; budget {budget // 60} min on 2 cores: {verdict}"
    tail = (
        f"Whole run: {total:.0f} s wall, {cpu:.0f} s CPU (this process and its children)"
        f"{within}. Reproduce with `{command}`."
    )
    print(tail)
    parts.append(tail)
    if not args.only and not args.quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        latest = RESULTS / "latest.md"
        latest.write_text("\n".join(parts) + "\n", encoding="utf-8")
        log(f"wrote {latest}")
        try:  # the README's figures, from the file just written (benchmarks/readme.py)
            readme.write(latest=latest)
            log(f"wrote the benchmark block of {readme.README.name}")
        except readme.BlockError as exc:
            log(f"README.md not updated: {exc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
