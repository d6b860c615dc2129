"""A user's ``mypy --strict`` on the README quickstart, against the installed wheel, sees
concrete types: no ``Any`` from the client."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from install_helpers import ROOT, SHIPPED, Dist, Env, run

pytestmark = pytest.mark.timeout(900)


def test_the_wheel_ships_every_package_typed(dist: Dist) -> None:
    names = set(zipfile.ZipFile(dist.wheel).namelist())
    for package in SHIPPED:
        assert f"{package}/__init__.py" in names
        assert f"{package}/py.typed" in names, f"{package} ships no py.typed"


def _readme_quickstart() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Library quickstart", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


# Every name the quickstart binds, and the class a user's mypy must see in it (by name, so
# that moving a class between private modules does not matter).
REVEALS = {
    "client": "Client",
    "job": "Job",
    "details": "InferenceJob",
    "details.state": "StateCompleted",
    "preds": "Predictions",
    "top": "TopEmotions",
    "j": "Job",
    "pending": "list[humebatch.jobs.Job]",
    "client.wait_all(pending)": "InferenceJob]",
    "Face(fps_pred=2)": "Face",
}


def test_a_users_mypy_strict_sees_concrete_types(envs: dict[str, Env], tmp_path: Path) -> None:
    source = "from humebatch import Face\n" + _readme_quickstart()
    source += "".join(f"reveal_type({e})\n" for e in REVEALS)
    (tmp_path / "quickstart.py").write_text(source)
    result = run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file=",
            "--no-incremental",
            "--python-executable",
            envs["core"].python,
            "quickstart.py",
        ],
        cwd=tmp_path,
    )
    revealed = re.findall(r'Revealed type is "(.*)"', result.stdout)
    assert len(revealed) == len(REVEALS), result.stdout
    for (expr, expected), seen in zip(REVEALS.items(), revealed, strict=True):
        assert "Any" not in seen, f"{expr}: {seen}"
        assert expected in seen, f"{expr}: {seen}"
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == []


TYPO = """
from humebatch import Client, FaceConfig

client = Client(api_key="k", base_url="http://127.0.0.1:9")
client.submit(urls=["https://example.com/a.jpg"], models={"face": {"fps_prd": 2}})
client.submit(urls=["https://example.com/a.jpg"], models={"face": {"fps_pred": "2"}})
client.submit(urls=["https://example.com/a.jpg"], transcription={"langauge": "en"})
ok: FaceConfig = {"fps_pred": 2, "prob_threshold": 0.5}
client.submit(urls=["https://example.com/a.jpg"], models={"face": ok, "prosody": {}})
client.submit(urls=["https://example.com/a.jpg"], models=["face", "prosody"])
"""


def test_a_users_mypy_catches_a_misspelt_or_mistyped_option(
    envs: dict[str, Env], tmp_path: Path
) -> None:
    (tmp_path / "typo.py").write_text(TYPO)
    result = run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file=",
            "--no-incremental",
            "--python-executable",
            envs["core"].python,
            "typo.py",
        ],
        cwd=tmp_path,
    )
    lines = sorted({int(m) for m in re.findall(r"typo\.py:(\d+): error", result.stdout)})
    assert lines == [5, 6, 7], result.stdout  # the typo, the wrong type, the other typo
