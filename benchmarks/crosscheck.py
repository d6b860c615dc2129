"""One bulk scenario on its own: the harness's peak RSS against ``/usr/bin/time -v``'s.

    python -m benchmarks.crosscheck [--texts 10000] [--batch 100]

Starts the mock (its own process, jobs that finish at once), then runs the bulk benchmark's
throughput scenario (``benchmarks._bulk_worker``: ``run_bulk`` over N texts) once, with
``measure.run_checked``: the peak the bulk table shows (the program's own ``VmHWM``, read by
``_peak.py``) and, of the same process, GNU time's "Maximum resident set size" (or
``_maxrss.py``'s ``wait4`` where GNU time is missing). Prints both, their difference and the
command line (REPORT stands for the harness's temporary file; the JSON names the mock's port).
``make bench`` records the same check on its 10,000-text run, as a goal of the bulk section.
``--separate`` also runs the worker bare under ``/usr/bin/time -v`` (no harness code in that
process; another run, so the scenario's own run-to-run spread, a few percent, is in the figure).
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .measure import GNU_TIME, MAXRSS_LINE, ChildRun, Outside, run_checked
from .mockproc import MockProcess, mock_process

TOLERANCE = 0.10  # the "within 10%" of the outside measurement
WORKER = "benchmarks._bulk_worker"


@dataclass(frozen=True)
class PeakCheck:
    texts: int
    harness: ChildRun
    outside: Outside

    @property
    def difference(self) -> float:
        """(harness - outside) / outside."""
        return (self.harness.peak_rss - self.outside.peak_rss) / self.outside.peak_rss

    @property
    def agrees(self) -> bool:
        return abs(self.difference) <= TOLERANCE

    def summary(self) -> str:
        return (
            f"harness (own VmHWM) {self.harness.peak_rss_mib:.1f} MiB, {self.outside.tool} "
            f"{self.outside.peak_rss_mib:.1f} MiB ({self.difference:+.1%}), "
            f"{self.texts:,} texts"
        )


def worker_args(mock: MockProcess, texts: int, batch: int, out: Path) -> list[str]:
    options = {"url": mock.url, "key": mock.key, "texts": texts, "batch": batch, "out": str(out)}
    return ["-m", WORKER, json.dumps(options)]


def check_peak(mock: MockProcess, texts: int, folder: Path, *, batch: int = 100) -> PeakCheck:
    """One throughput run, its peak measured by the harness and by the outside tool."""
    harness, outside = run_checked(worker_args(mock, texts, batch, folder / "out"))
    if harness.returncode != 0:
        raise RuntimeError(f"bulk worker exited {harness.returncode}: {harness.stderr[-2000:]}")
    return PeakCheck(texts, harness, outside)


def bare_run(mock: MockProcess, texts: int, folder: Path, *, batch: int = 100) -> tuple[str, float]:
    """The worker alone under ``/usr/bin/time -v``: the command line and its peak in MiB."""
    command = [GNU_TIME, "-v", sys.executable, *worker_args(mock, texts, batch, folder / "bare")]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    found = MAXRSS_LINE.findall(proc.stderr)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"{shlex.join(command)} failed: {proc.stderr[-2000:]}")
    return shlex.join(command), int(found[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crosscheck", description=__doc__)
    parser.add_argument("--texts", type=int, default=10_000, help="inputs (default 10,000)")
    parser.add_argument("--batch", type=int, default=100, help="texts per job (default 100)")
    parser.add_argument(
        "--separate", action="store_true", help="also run the worker bare under /usr/bin/time -v"
    )
    args = parser.parse_args(argv)
    bare: tuple[str, float] | None = None
    config = {"queue_seconds": 0.0, "run_seconds": 0.0, "seed": 3}
    with tempfile.TemporaryDirectory(prefix="bench-peak-") as tmp, mock_process(config) as mock:
        check = check_peak(mock, args.texts, Path(tmp), batch=args.batch)
        if args.separate:
            bare = bare_run(mock, args.texts, Path(tmp), batch=args.batch)
    print(f"command: {shlex.join(check.outside.command)}")
    print(f"harness: {check.harness.wall:.1f} s wall, {check.harness.cpu:.1f} s CPU")
    print(check.summary())
    if bare is not None:
        command, mib = bare
        spread = (check.harness.peak_rss_mib - mib) / mib
        print(f"separate run: {command}")
        print(f"separate run: /usr/bin/time -v {mib:.1f} MiB (harness figure {spread:+.1%})")
    verdict = "within" if check.agrees else "NOT within"
    print(f"{verdict} {TOLERANCE:.0%} of {check.outside.tool}")
    return 0 if check.agrees else 1


if __name__ == "__main__":
    raise SystemExit(main())
