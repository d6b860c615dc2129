"""Helpers of the packaging tests: one build, clean virtualenvs, commands run as a user would.

One build (``uv build``: the sdist, then the wheel from it); each environment is a fresh
``uv venv`` with the package and pytest only (from uv's cache after the first run).
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
PYTEST_PIN = f"pytest=={importlib.metadata.version('pytest')}"
SHIPPED = ("humebatch", "hume_batch_api", "hume_batch_contract", "humebatch_mock")


def clean_env() -> dict[str, str]:
    """The environment a user's shell would have: nothing pointing into this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    for name in ("PYTHONPATH", "UV_PROJECT_ENVIRONMENT"):
        env.pop(name, None)
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))
    )
    return env


def run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command from ``cwd`` in `clean_env`, capturing its output."""
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class Env:
    root: Path

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    def script(self, name: str) -> Path:
        return self.root / "bin" / name
