"""Contract-suite fixtures: the target server, and the tally of generated cases in the summary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from contract_support import MOCK_API_KEY, TARGET, CaseTally, Target

_HERE = Path(__file__).resolve().parent


_TALLY_KEY = pytest.StashKey[CaseTally]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_TALLY_KEY] = CaseTally()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if TARGET.skip_reason is None:
        return
    skip = pytest.mark.skip(reason=TARGET.skip_reason)
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    return f"contract suite: {TARGET.description}"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    tally = config.stash.get(_TALLY_KEY, None)
    if TARGET.skip_reason is not None:
        terminalreporter.write_sep("=", "schemathesis contract suite")
        terminalreporter.write_line(f"skipped: {TARGET.skip_reason}")
        return
    if tally is None or not tally.counts:
        return
    terminalreporter.write_sep("=", f"schemathesis contract suite: {TARGET.description}")
    for line in tally.lines():
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def contract_tally(pytestconfig: pytest.Config) -> CaseTally:
    """The session's tally of generated cases (printed in the terminal summary)."""
    return pytestconfig.stash[_TALLY_KEY]


@pytest.fixture(scope="session")
def contract_target() -> Target:
    """The server this run checks (see contract_support.target_from_env)."""
    return TARGET


@pytest.fixture(scope="module")
def contract_http_url(contract_target: Target) -> Iterator[str]:
    """A base URL over real HTTP: the mock on loopback (uvicorn), or the configured server."""
    if not contract_target.is_mock:
        assert contract_target.base_url is not None
        yield contract_target.base_url
        return
    from humebatch_mock import MockConfig, MockServer

    # Queue and run durations of 0: a job is COMPLETED as soon as it exists, so predictions and
    # artifacts (400 until then) answer 200 when a sequence follows a start-job link to them.
    config = MockConfig(api_keys={MOCK_API_KEY}, queue_seconds=0, run_seconds=0)
    with MockServer(config) as server:
        yield server.url
