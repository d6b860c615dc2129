"""Installed the way users install it: the wheel and the sdist in clean virtualenvs, per extra.

In each: the packages import, ``humebatch --help`` works or says in one line how to get the CLI,
a foreign project's pytest stays green with our plugin registered, and the mock fixtures work
where the mock is installed (`conftest.py` builds the environments).
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from install_helpers import SHIPPED, Dist, Env, run

pytestmark = pytest.mark.timeout(900)


def test_the_wheel_declares_the_extras_and_no_development_tools(dist: Dist) -> None:
    names = set(zipfile.ZipFile(dist.wheel).namelist())
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(dist.wheel).read(metadata).decode()
    assert "python-dateutil" not in text
    extras = set(re.findall(r"^Provides-Extra: (\S+)$", text, re.M))
    assert extras == {"all", "cli", "dataframe", "mock", "parquet", "plot"}
    cli_requires = re.findall(r"^Requires-Dist: (\S+).*extra == 'cli'", text, re.M)
    assert sorted(re.split(r"[<>=!~;]", r)[0] for r in cli_requires) == ["click", "rich"]
    for tool in ("ruff", "mypy", "openapi-python-client", "pytest"):
        assert not re.search(rf"^Requires-Dist: {tool}\b", text, re.M), tool


@pytest.mark.parametrize("name", ["core", "cli", "mock", "all"])
def test_the_packages_import(envs: dict[str, Env], name: str, tmp_path: Path) -> None:
    code = f"import {', '.join(SHIPPED)}; print(humebatch.__version__)"
    result = run([envs[name].python, "-c", code], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == importlib.metadata.version("humebatch")


def test_cli_without_the_extra_says_how_to_install_it(envs: dict[str, Env], tmp_path: Path) -> None:
    result = run([envs["core"].script("humebatch"), "--help"], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "pip install 'humebatch[cli]'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["cli", "all"])
def test_cli_with_the_extra_shows_its_help(envs: dict[str, Env], name: str, tmp_path: Path) -> None:
    result = run([envs[name].script("humebatch"), "--help"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: humebatch")


FOREIGN_TEST = """
def test_their_own_code():
    assert sum([1, 2]) == 3
"""

FIXTURE_TEST = """
import httpx


def test_mock_fixture(hume_mock):
    answer = httpx.get(
        hume_mock.url + "/v0/batch/jobs", headers={"X-Hume-Api-Key": hume_mock.api_key}
    )
    assert answer.status_code == 200
    assert answer.json() == []


def test_factory_fixture(hume_mock_factory):
    server = hume_mock_factory(api_keys=["theirs"])
    answer = httpx.get(server.url + "/v0/batch/jobs", headers={"X-Hume-Api-Key": "nope"})
    assert answer.status_code == 401
"""


def _foreign_pytest(env: Env, project: Path, source: str) -> subprocess.CompletedProcess[str]:
    project.mkdir()
    (project / "test_theirs.py").write_text(source)
    return run([env.python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project)


@pytest.mark.parametrize("name", ["core", "cli", "mock", "all"])
def test_a_foreign_projects_pytest_stays_green(
    envs: dict[str, Env], name: str, tmp_path: Path
) -> None:
    result = _foreign_pytest(envs[name], tmp_path / "theirs", FOREIGN_TEST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^1 passed", result.stdout, re.M), result.stdout


@pytest.mark.parametrize("name", ["mock", "all"])
def test_the_mock_fixtures_work_where_the_mock_is_installed(
    envs: dict[str, Env], name: str, tmp_path: Path
) -> None:
    result = _foreign_pytest(envs[name], tmp_path / "theirs", FIXTURE_TEST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^2 passed", result.stdout, re.M), result.stdout


def test_the_mock_fixture_without_the_extra_says_how_to_install_it(
    envs: dict[str, Env], tmp_path: Path
) -> None:
    result = _foreign_pytest(envs["core"], tmp_path / "theirs", FIXTURE_TEST)
    assert result.returncode == 1
    assert re.search(r"^2 errors", result.stdout, re.M), result.stdout
    assert result.stdout.count("pip install 'humebatch[mock]'") >= 2, result.stdout
    assert "Traceback" not in result.stdout
    assert "During handling" not in result.stdout
