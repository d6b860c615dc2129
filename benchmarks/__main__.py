"""``make bench`` / ``python -m benchmarks``: run every benchmark, print and save the table.

python -m benchmarks                      # all, writes benchmarks/results/latest.md
python -m benchmarks --only predictions   # some (comma-separated names), no file written
python -m benchmarks --quick              # fewer rounds (smoke run), no file written
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import time
import traceback
from collections.abc import Callable

from . import bench_bulk, bench_mock, bench_predictions, bench_requests, bench_upload, bench_wait
from ._common import RESULTS, ROOT, Section, Skip, log, machine

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
        "6. Bulk runs: 100,000 texts, 200 jobs of 5 s, Ctrl-C; against the baseline",
        bench_bulk.run,
    ),
]


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", help="comma-separated: " + ",".join(b[0] for b in BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="fewer rounds (not for the record)")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else {b[0] for b in BENCHMARKS}
    unknown = wanted - {b[0] for b in BENCHMARKS}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    started = time.monotonic()
    where = machine()
    head = [
        "## Benchmarks (latest run)",
        "",
        f"`make bench` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, commit "
        f"`{_commit()}`: {where}.",
        "",
    ]
    print("\n".join(head), flush=True)
    parts = list(head)
    for name, title, run in BENCHMARKS:
        if name not in wanted:
            continue
        section = Section(title)
        log(f"[{name}] running...")
        t0 = time.monotonic()
        try:
            run(section, quick=args.quick)
        except Skip as exc:
            section.skipped = str(exc)
        except Exception as exc:  # a broken benchmark must not hide the others' results
            traceback.print_exc()
            section.skipped = f"failed: {type(exc).__name__}: {exc}"
        section.seconds = time.monotonic() - t0
        section.machine = where
        text = section.markdown()
        print(text, flush=True)
        parts.append(text)
    total = time.monotonic() - started
    tail = f"Whole run: {total:.0f} s. Reproduce with `make bench`."
    print(tail)
    parts.append(tail)
    if not args.only and not args.quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
        log(f"wrote {RESULTS / 'latest.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
