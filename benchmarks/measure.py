"""Run one benchmark scenario in a child process and measure that child alone.

`run_python` returns the child's wall time, CPU time (user + system, from ``wait4``) and peak
RSS. The peak is the child's own ``VmHWM`` (its address space's high-water mark), written by
``_peak.py`` as the program ends and sampled from ``/proc/PID/status`` meanwhile (the fallback if
the child dies without running its ``finally``). Not ``ru_maxrss``: Linux carries the address
space exec replaced into it, so a child spawned by a big parent reports the parent's peak.

`run_checked` runs it under ``/usr/bin/time -v`` as well (or, without GNU time, ``_maxrss.py``):
one run, its peak measured twice, by ``VmHWM`` and by the outside tool's ``wait4``, to check the
first against.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._common import ROOT

PEAK_SCRIPT = Path(__file__).resolve().parent / "_peak.py"
MAXRSS_SCRIPT = Path(__file__).resolve().parent / "_maxrss.py"
GNU_TIME = "/usr/bin/time"
MAXRSS_LINE = re.compile(r"^\s*Maximum resident set size \(kbytes\): (\d+)\s*$", re.MULTILINE)
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
    prefix: Sequence[str] = (),
) -> ChildRun:
    """Run ``python ARGS`` (``["-m", module, ...]``, ``["-c", code, ...]`` or ``[script, ...]``).

    ``prefix`` goes before ``python`` (a tool that runs it, e.g. ``/usr/bin/time -v``); the peak
    is still the Python program's own, and CPU includes the tool's. Raises ``TimeoutError``
    (after killing the child) if it runs longer than ``timeout``.
    """
    with tempfile.TemporaryDirectory(prefix="bench-child-") as tmp:
        report = Path(tmp) / "peak"
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(
                [*prefix, python, str(PEAK_SCRIPT), str(report), *args],
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


@dataclass(frozen=True)
class Outside:
    """An outside tool's measurement of the same run."""

    tool: str  # "/usr/bin/time -v", or "wait4 (_maxrss.py)" where GNU time is missing
    command: list[str]  # the run's whole command line, tool first
    peak_rss: int  # bytes: the tool's "Maximum resident set size"

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss / 2**20


def run_checked(
    args: Sequence[str],
    *,
    python: str = sys.executable,
    env: Mapping[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: float = 1800.0,
    gnu_time: str = GNU_TIME,
) -> tuple[ChildRun, Outside]:
    """`run_python` under ``/usr/bin/time -v`` (else ``_maxrss.py``): one run, two peaks.

    GNU time forks the program from itself, a small process, and reports ``wait4``'s
    ``ru_maxrss``: none of this module's ``VmHWM`` reading is involved. Raises
    ``RuntimeError`` if the tool printed no peak (not GNU time, say).
    """
    if os.access(gnu_time, os.X_OK):
        tool, prefix = f"{gnu_time} -v", [gnu_time, "-v"]
    else:
        tool, prefix = "wait4 (_maxrss.py)", [sys.executable, str(MAXRSS_SCRIPT)]
    run = run_python(args, python=python, env=env, cwd=cwd, timeout=timeout, prefix=prefix)
    found = MAXRSS_LINE.findall(run.stderr)
    if not found:
        raise RuntimeError(f"{tool} printed no maximum resident set size: {run.stderr[-500:]}")
    command = [*prefix, python, str(PEAK_SCRIPT), "REPORT", *args]
    return run, Outside(tool=tool, command=command, peak_rss=int(found[-1]) * 1024)
