"""Fixtures of the CLI tests: a mock server with a fixed key, and a runner bound to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cli_helpers import API_KEY, SAMPLES, Cli
from humebatch_mock import MockConfig, MockServer


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """A mock server on a free loopback port accepting only `API_KEY`; short job durations."""
    config = MockConfig(api_keys={API_KEY}, queue_seconds=0.05, run_seconds=0.3, seed=11)
    with MockServer(config) as server:
        yield server.url


@pytest.fixture
def hb(mock_url: str) -> Cli:
    """The CLI bound to the shared mock server."""
    return Cli(mock_url)


@pytest.fixture(scope="session")
def sample_files() -> list[str]:
    """Paths of the committed sample files (image, audio, video, text)."""
    return [str(SAMPLES / name) for name in ("face.png", "voice.wav", "clip.mp4", "note.txt")]


@pytest.fixture(scope="session")
def media_job(mock_url: str, sample_files: list[str]) -> str:
    """One completed job over every sample file plus a text (shared by read-only tests)."""
    return Cli(mock_url).completed_job(*sample_files, "--text", "What a lovely surprise!")
