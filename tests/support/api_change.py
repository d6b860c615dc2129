"""An API change as a maintainer makes it: edit a copy of the spec, run `make generate`.

``regenerate(spec, root)`` writes the spec (a parsed copy of ``spec/hume-batch.yaml``, edited)
to ``root/hume-batch.yaml`` and runs the project's own ``make generate`` on it with the output
folders pointed into ``root/generated`` (the client and the contract, exactly as the Makefile
builds them). ``run_child(generated, code)`` runs Python with that folder first on the import
path, so ``humebatch``, the mock and the CLI read the regenerated client and contract, with no
other file edited. ``typecheck(generated, root)`` runs ``make typecheck``'s mypy on the
project's own code against it, ``project_tests(generated, ...)`` some of the project's tests.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "spec" / "hume-batch.yaml"


@functools.cache
def _spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def spec_copy() -> dict[str, Any]:
    """A fresh, editable copy of the parsed spec."""
    return copy.deepcopy(_spec())


def regenerate(spec: dict[str, Any] | str, root: Path) -> Path:
    """``make generate`` on ``spec`` (parsed, or YAML text), into ``root/generated``; returns
    that folder."""
    path = root / "hume-batch.yaml"
    if not isinstance(spec, str):
        spec = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
    path.write_text(spec, encoding="utf-8")
    out = root / "generated"
    subprocess.run(
        ["make", "-C", str(REPO), "--no-print-directory", "-o", ".venv/bin/.installed",
         "generate", f"SPEC={path}", f"GEN_PKG={out / 'hume_batch_api'}",
         f"CONTRACT_PKG={out / 'hume_batch_contract'}"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out


def _env(generated: Path) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(generated), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "COLUMNS": "200"}


def run_child(generated: Path, code: str, *args: str) -> Any:
    """Run ``code`` with the regenerated packages first on the path; its stdout as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=_env(generated),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def project_tests(generated: Path, *node_ids: str) -> subprocess.CompletedProcess[str]:
    """The project's own tests ``node_ids`` (``tests/...::name``), run on the regenerated code."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *node_ids],
        cwd=REPO,
        env=_env(generated),
        capture_output=True,
        text=True,
        timeout=300,
    )


def typecheck(generated: Path, root: Path) -> subprocess.CompletedProcess[str]:
    """``make typecheck``'s mypy (the project's pyproject) with ``generated/`` replaced."""
    tree = root / "tree"
    tree.mkdir()
    for name in ("wrapper", "mock", "spec"):
        (tree / name).symlink_to(REPO / name, target_is_directory=True)
    (tree / "generated").symlink_to(generated, target_is_directory=True)
    # In the project the generated client is on the path through the venv's .pth, so mypy reads
    # it as an installed package and reports nothing in it; here it is not, so say the same.
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    config += '\n[[tool.mypy.overrides]]\nmodule = ["hume_batch_api.*"]\nignore_errors = true\n'
    (tree / "pyproject.toml").write_text(config, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(root / "mypy-cache")],
        cwd=tree,
        env={k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")},
        capture_output=True,
        text=True,
        timeout=300,
    )
