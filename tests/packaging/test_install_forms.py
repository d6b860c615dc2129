"""The README's install commands, as a user runs them: humebatch is not on PyPI, so it installs
from a clone or a git URL (the wheel and the sdist are `test_install_matrix`'s)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from install_helpers import ROOT, SHIPPED, UV, run

pytestmark = pytest.mark.timeout(600)


def _install_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", section, re.S)[:1]
    return block


def test_the_readme_installs_from_a_clone_a_wheel_or_a_git_url_never_from_pypi() -> None:
    block = _install_block()
    commands = [line.split("#")[0].strip() for line in block.splitlines() if "pip " in line]
    assert not [c for c in commands if re.fullmatch(r"pip install '?humebatch(\[[a-z,]+\])?'?", c)]
    assert "pip install '.[cli,plot,mock]'" in commands
    assert any(c.startswith("pip install 'dist/humebatch-") for c in commands)
    assert any("@ git+" in c for c in commands)
    # the CLI section's first command is mock-server: the extras named here must bring it
    assert all("mock" in c for c in commands if c.startswith("pip install '") and "[" in c)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("clone") / "humebatch"
    cloned = run(["git", "clone", "--quiet", "--no-hardlinks", ROOT, target], cwd=target.parent)
    assert cloned.returncode == 0, cloned.stderr
    return target


@pytest.mark.parametrize("form", ["clone", "git URL"])
def test_installs_from_a_clone_and_a_git_url(clone: Path, tmp_path: Path, form: str) -> None:
    assert UV, "uv is missing: `make` installs it"
    venv = tmp_path / "venv"
    made = run([UV, "venv", "--quiet", "--python", sys.executable, venv], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    requirement = str(clone) if form == "clone" else f"humebatch @ git+{clone.as_uri()}"
    # --no-deps: the dependencies come from the index either way; this checks the package
    installed = run(
        [UV, "pip", "install", "--quiet", "--no-deps", "--python", python, requirement],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    listed = run([UV, "pip", "show", "--files", "--python", python, "humebatch"], cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for package in SHIPPED:
        assert f"{package}/__init__.py" in listed.stdout, package
        assert f"{package}/py.typed" in listed.stdout, package
