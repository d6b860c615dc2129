"""Run one benchmark scenario in a child process and measure that child alone.

`run_python` returns the child's wall time, CPU time (user + system, from ``wait4``) and peak
RSS. The peak is the child's own ``VmHWM`` (its address space's high-water mark), written by
``_peak.py`` as the program ends and sampled from ``/proc/PID/status`` meanwhile (the fallback if
the child dies without running its ``finally``). Not ``ru_maxrss``: Linux carries the address
space exec replaced into it, so a child spawned by a big parent reports the parent's peak.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._common import ROOT

PEAK_SCRIPT = Path(__file__).resolve().parent / "_peak.py"
POLL_SECONDS = 0.01


@dataclass(frozen=True)
class ChildRun:
    """What one child process did: its output, exit code and its own resource figures."""

    returncode: int
    stdout: str
    stderr: str
    wall: float  # seconds from spawn to exit
    cpu: float  # user + system seconds of the child (and of any children it waited for)
    peak_rss: int  # bytes: the child's own high-water mark

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss / 2**20


def _sampled_high_water(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_python(
    args: Sequence[str],
    *,
    python: str = sys.executable,
    env: Mapping[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: float = 1800.0,
) -> ChildRun:
    """Run ``python ARGS`` (``["-m", module, ...]``, ``["-c", code, ...]`` or ``[script, ...]``).

    Raises ``TimeoutError`` (after killing the child) if it runs longer than ``timeout``.
    """
    with tempfile.TemporaryDirectory(prefix="bench-child-") as tmp:
        report = Path(tmp) / "peak"
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(
                [python, str(PEAK_SCRIPT), str(report), *args],
                cwd=cwd,
                env=None if env is None else dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )
            sampled = 0
            while True:
                # wait4 here, not Popen.wait: only it returns the child's rusage.
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                sampled = max(sampled, _sampled_high_water(proc.pid))
                if time.perf_counter() - started > timeout:
                    proc.kill()
                    os.wait4(proc.pid, 0)
                    proc.returncode = -9
                    raise TimeoutError(f"{args[:2]} ran longer than {timeout:g} s")
                time.sleep(POLL_SECONDS)
            wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        exact = int(report.read_text() or 0) * 1024 if report.exists() else 0
        return ChildRun(
            returncode=proc.returncode,
            stdout=out_path.read_text(encoding="utf-8", errors="replace"),
            stderr=err_path.read_text(encoding="utf-8", errors="replace"),
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            peak_rss=max(exact, sampled),
        )
