"""A separate virtualenv with the official ``hume`` SDK, for baselines only.

The SDK never enters the project's own environment: it lives in ``benchmarks/.cache/sdk-venv``
and runs in a subprocess (``_sdk_worker.py``, which imports only the SDK and the stdlib).
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from ._common import CACHE, Skip, log

SDK_REQUIREMENT = "hume==0.13.13"  # the last release line whose client still has the batch API
VENV = CACHE / "sdk-venv"
WORKER = Path(__file__).resolve().parent / "_sdk_worker.py"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


@cache
def sdk_python() -> Path:
    """The SDK venv's interpreter, created on first use; raises `Skip` if that is impossible."""
    marker = VENV / f".installed-{SDK_REQUIREMENT}"
    if marker.exists() and _python().exists():
        return _python()
    log(f"creating {VENV} with {SDK_REQUIREMENT} (once)...")
    try:
        if not _python().exists():
            subprocess.run(
                [sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True
            )
        subprocess.run(
            [str(_python()), "-m", "pip", "install", "--quiet", SDK_REQUIREMENT],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or exc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        raise Skip(f"could not install {SDK_REQUIREMENT}: {tail[0]}") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Skip(f"could not install {SDK_REQUIREMENT}: {exc}") from None
    marker.touch()
    return _python()


def run_worker(*args: str, timeout: float = 300) -> dict[str, Any]:
    """Run one ``_sdk_worker.py`` command in the SDK venv; return its JSON answer."""
    python = sdk_python()
    try:
        done = subprocess.run(
            [str(python), str(WORKER), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise Skip(f"the SDK worker did not finish within {timeout:.0f} s") from None
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise Skip(f"the SDK worker failed: {tail[0]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


if __name__ == "__main__":
    # `python -m benchmarks.sdkenv`: build the venv now (the Makefile does, for tests/interop).
    try:
        print(sdk_python())
    except Skip as exc:
        sys.exit(f"error: {exc}")
