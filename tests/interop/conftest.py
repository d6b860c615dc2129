"""The interop suite: the official ``hume`` SDK (its own virtualenv) against the mock server.

The SDK's venv is the benchmarks' one (``benchmarks/sdkenv.py``: one place names the version);
``make test`` builds it before pytest runs. The SDK runs in a subprocess (``sdk_driver.py``) so it
never shares an interpreter with humebatch.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from humebatch_mock import MockConfig, MockServer
from support.media import silent_wav

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "sdk_driver.py"


def _sdk_python() -> Path:
    if str(ROOT) not in sys.path:  # `benchmarks` is a top-level package of the repository
        sys.path.insert(0, str(ROOT))
    from benchmarks._common import Skip
    from benchmarks.sdkenv import sdk_python

    try:
        return sdk_python()
    except Skip as exc:  # make test builds the venv first; without it this suite cannot run
        pytest.fail(f"the official SDK's virtualenv is missing and could not be built: {exc}")


@pytest.fixture(scope="package")
def interop_server() -> Iterator[MockServer]:
    with MockServer(
        MockConfig(queue_seconds=0.02, run_seconds=0.06, seed=7, api_keys=["interop-key"])
    ) as server:
        yield server


@pytest.fixture(scope="package")
def sdk_results(
    interop_server: MockServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Every scenario of ``sdk_driver.py``, run once against a fresh mock."""
    workdir = tmp_path_factory.mktemp("sdk-media")
    (workdir / "face.png").write_bytes(b"\x89PNG\r\n\x1a\n fake image bytes")
    (workdir / "voice.wav").write_bytes(silent_wav(2.5))
    done = subprocess.run(
        [str(_sdk_python()), str(DRIVER), interop_server.url, interop_server.api_key, str(workdir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return results
