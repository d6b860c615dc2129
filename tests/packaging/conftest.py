"""Fixtures of the packaging tests: the wheel and sdist, built once; one virtualenv per extra."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from install_helpers import PYTEST_PIN, ROOT, UV, Dist, Env, run


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    assert UV, "uv is missing: `make` installs it (dependency group dev)"
    out = tmp_path_factory.mktemp("dist")
    built = run([UV, "build", "--out-dir", out, ROOT], cwd=out)
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("humebatch-*.whl")
    (sdist,) = out.glob("humebatch-*.tar.gz")
    return Dist(wheel, sdist)


@pytest.fixture(scope="module")
def envs(tmp_path_factory: pytest.TempPathFactory, dist: Dist) -> Iterator[dict[str, Env]]:
    """core, cli, mock from the wheel; all (every extra) from the sdist."""
    base = tmp_path_factory.mktemp("envs")
    plan = {
        "core": f"humebatch @ {dist.wheel.as_uri()}",
        "cli": f"humebatch[cli] @ {dist.wheel.as_uri()}",
        "mock": f"humebatch[mock] @ {dist.wheel.as_uri()}",
        "all": f"humebatch[all] @ {dist.sdist.as_uri()}",
    }
    made: dict[str, Env] = {}
    for name, requirement in plan.items():
        env = Env(base / name)
        created = run([UV, "venv", "--quiet", "--python", sys.executable, env.root], cwd=base)
        assert created.returncode == 0, created.stderr
        installed = run(
            [UV, "pip", "install", "--quiet", "--python", env.python, requirement, PYTEST_PIN],
            cwd=base,
        )
        assert installed.returncode == 0, installed.stderr
        made[name] = env
    yield made
