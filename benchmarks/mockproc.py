"""Start the mock server in a child process for the duration of a benchmark."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ._common import ROOT, Skip


@dataclass(frozen=True)
class MockProcess:
    url: str
    key: str
    jobs: list[str]
    pid: int


@contextlib.contextmanager
def mock_process(
    config: dict[str, Any] | None = None,
    seed: dict[str, Any] | None = None,
    module: str = "benchmarks._serve",
) -> Iterator[MockProcess]:
    """A mock on a free loopback port in a child process; stopped (and waited for) on exit.

    ``module`` serves it (`benchmarks._bigbody_serve`: jobs with very large bodies).
    """
    try:
        import humebatch_mock  # noqa: F401 -- fail early with a clear reason
    except ImportError as exc:
        raise Skip(f"the mock server is not importable ({exc})") from None
    options = json.dumps({"config": config or {}, "seed": seed})
    proc = subprocess.Popen(
        [sys.executable, "-m", module, options],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise Skip(f"the mock server did not start (exit code {proc.wait(10)})")
        info = json.loads(line)
        yield MockProcess(info["url"], info["key"], info["jobs"], proc.pid)
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
