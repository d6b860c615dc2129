"""The GitHub workflow is valid for GitHub and runs only what the repository offers.

It validates against GitHub's workflow schema (check-jsonschema's copy, offline), and every
command a step runs is a Make target of this repository or a command the README shows.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


CHECK = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("check_jsonschema")
    return subprocess.run(
        [*CHECK, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _commands(script: str) -> list[str]:
    """The shell commands of a ``run:`` script: one per line, continuations joined."""
    joined = re.sub(r"\\\n\s*", " ", script)
    lines = (line.strip() for line in joined.splitlines())
    return [" ".join(line.split()) for line in lines if line and not line.startswith("#")]


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w.-]*):(?!=)", text, flags=re.MULTILINE))


def _documented(command: str) -> bool:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    return command in readme


def test_the_workflow_validates_against_githubs_schema() -> None:
    result = _validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path: Path) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = next(iter(workflow["jobs"].values()))
    del job["runs-on"]  # a job without a runner
    job["steps"][0]["run-this"] = "make test"  # a key steps do not have
    broken = tmp_path / "ci.yml"
    broken.write_text(yaml.safe_dump(workflow), encoding="utf-8")
    assert _validate(broken).returncode != 0


def test_every_command_is_a_make_target_or_documented() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    targets = _make_targets()
    commands = [c for step in _steps(workflow) if "run" in step for c in _commands(step["run"])]
    assert commands, "the workflow runs nothing"
    unknown = []
    for command in commands:
        words = shlex.split(command)
        if words[0] == "make":
            named = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
            unknown += [f"make {t}" for t in named or ["(default)"] if t not in targets]
        elif not _documented(command):
            unknown.append(command)
    assert unknown == [], "neither a Make target nor shown in the README"


def test_the_commands_check_sees_an_unknown_target() -> None:
    assert "test" in _make_targets() and "bench-quick" in _make_targets()
    assert "tset" not in _make_targets()
    assert not _documented(".venv/bin/python -m pytest tests/nowhere")
    assert _commands("a \\\n  b\n\n# note\nc  d\n") == ["a b", "c d"]
