"""How the suite picks its server, bounds its work on a metered one, and skips without a key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from contract_support import (
    EXPLICIT_JOBS,
    LIVE_BASE_URL,
    LIVE_MAX_EXAMPLES,
    LIVE_MAX_REQUESTS,
    MOCK_MAX_EXAMPLES,
    contract_config,
    target_from_env,
)

REPO = Path(__file__).resolve().parents[2]
SECRET = "sk-contract-secret-value"


def test_default_target_is_the_embedded_mock() -> None:
    target = target_from_env({"HUME_API_KEY": SECRET, "HUME_BASE_URL": "https://api.hume.ai"})
    # A key exported for the demo must not point `make test` at a real account.
    assert target.is_mock and target.base_url is None and not target.metered
    assert target.skip_reason is None


def test_live_without_key_skips_with_the_reason() -> None:
    target = target_from_env({"HUME_CONTRACT_TARGET": "live"})
    assert target.base_url == LIVE_BASE_URL and target.metered
    assert target.skip_reason is not None and "HUME_API_KEY" in target.skip_reason


def test_live_with_key_runs_bounded_against_the_given_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUME_CONTRACT_MAX_EXAMPLES", raising=False)
    env = {"HUME_CONTRACT_TARGET": "live", "HUME_API_KEY": SECRET, "HUME_BASE_URL": "https://x/"}
    target = target_from_env(env)
    assert target.skip_reason is None and target.base_url == "https://x" and target.metered
    config = contract_config(target).projects.get_default()
    assert config.generation.max_examples == LIVE_MAX_EXAMPLES


@pytest.mark.parametrize(
    ("url", "metered"),
    [("http://127.0.0.1:8000", False), ("https://api.hume.ai", True), ("https://x.hume.ai", True)],
)
def test_url_target_is_metered_on_hume_hosts(
    url: str, metered: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUME_CONTRACT_MAX_EXAMPLES", raising=False)
    target = target_from_env(
        {"HUME_CONTRACT_TARGET": "url", "HUME_BASE_URL": url, "HUME_API_KEY": "k"}
    )
    assert target.skip_reason is None and target.metered is metered
    expected = LIVE_MAX_EXAMPLES if metered else MOCK_MAX_EXAMPLES
    assert contract_config(target).projects.get_default().generation.max_examples == expected


@pytest.mark.parametrize(
    ("env", "needs"),
    [({"HUME_API_KEY": "k"}, "HUME_BASE_URL"), ({"HUME_BASE_URL": "http://h"}, "HUME_API_KEY")],
)
def test_url_target_without_url_or_key_skips(env: dict[str, str], needs: str) -> None:
    reason = target_from_env({"HUME_CONTRACT_TARGET": "url", **env}).skip_reason
    assert reason is not None and needs in reason


def test_max_examples_can_only_be_lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    target = target_from_env({})
    monkeypatch.setenv("HUME_CONTRACT_MAX_EXAMPLES", "7")
    assert target.max_examples == 7 and target.stateful_max_examples == 7
    monkeypatch.setenv("HUME_CONTRACT_MAX_EXAMPLES", "100000")
    assert target.max_examples == MOCK_MAX_EXAMPLES


def test_unknown_target_is_an_error() -> None:
    with pytest.raises(ValueError, match="HUME_CONTRACT_TARGET"):
        target_from_env({"HUME_CONTRACT_TARGET": "staging"})


def test_key_stays_out_of_repr() -> None:
    target = target_from_env({"HUME_CONTRACT_TARGET": "live", "HUME_API_KEY": SECRET})
    assert SECRET not in repr(target) and SECRET not in target.description


def _run_suite(env: dict[str, str], *paths: str) -> tuple[int, str]:
    """Run (part of) the contract suite in a child pytest with ``env`` as its HUME_* settings."""
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("HUME_")} | env
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *paths, "-p", "no:cacheprovider", "-q", "-rs"],
        cwd=REPO,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_live_run_without_key_skips_cleanly() -> None:
    """What `make contract-live` does without HUME_API_KEY: every test skips, exit status 0."""
    returncode, output = _run_suite({"HUME_CONTRACT_TARGET": "live"}, "tests/contract")
    assert returncode == 0, output
    outcome = output.strip().splitlines()[-1]  # e.g. "103 skipped in 0.66s"
    assert re.fullmatch(r"\d+ skipped in [\d.]+s", outcome), outcome
    assert "skipped: HUME_API_KEY is not set: the live contract suite is skipped" in output


def test_url_run_checks_a_server_over_http(hume_mock_factory: Callable[..., Any]) -> None:
    """What `make contract URL=...` does: the operation and job tests against a server's URL.

    Here the server is the mock on loopback with a key of its own, so this is also the
    per-operation fuzzing over real HTTP (fewer examples: the in-process run has the full count).
    """
    key = "sk-url-mode-key"
    server = hume_mock_factory(api_keys={key})
    env = {
        "HUME_CONTRACT_TARGET": "url",
        "HUME_BASE_URL": server.url,
        "HUME_API_KEY": key,
        "HUME_CONTRACT_MAX_EXAMPLES": "10",
    }
    files = ("test_contract_operations.py", "test_contract_jobs.py")
    returncode, output = _run_suite(env, *(f"tests/contract/{name}" for name in files))
    assert returncode == 0, output
    assert f"url target ({server.url})" in output
    assert "7 passed" in output  # five operations, two jobs
    assert key not in output


# Files that talk to the target (the others test the suite itself, some in child runs like this).
TARGET_FILES = [
    f"tests/contract/test_contract_{name}.py"
    for name in ("operations", "jobs", "auth", "stateful", "states")
]


def test_live_run_is_bounded_to_two_jobs(hume_mock_factory: Callable[..., Any]) -> None:
    """What `make contract-live` does with a key, pointed at the mock: 2 jobs, few requests."""
    key = "sk-live-mode-key"
    server = hume_mock_factory(api_keys={key}, queue_seconds=0, run_seconds=0)
    env = {"HUME_CONTRACT_TARGET": "live", "HUME_BASE_URL": server.url, "HUME_API_KEY": key}
    returncode, output = _run_suite(env, *TARGET_FILES)
    stats = server.store.snapshot()
    assert returncode == 0, output
    assert f"live target ({server.url})" in output
    assert stats["jobs"] == EXPLICIT_JOBS, stats
    requests = sum(stats["requests"].values())
    assert requests <= LIVE_MAX_REQUESTS, stats["requests"]
    assert key not in output
