"""Helpers of the CLI tests: `Cli` runs humebatch in-process against a mock server."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result
from humebatch.cli import cli

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
# Long and distinctive, so that a leak is found by a plain substring search.
API_KEY = "cli-test-key-7f3a9c2e5b1d"


@dataclass
class Cli:
    """Runs `humebatch` in-process against one mock server."""

    url: str
    key: str = API_KEY

    def run(
        self, *args: str, key: str | None = None, env: dict[str, str | None] | None = None
    ) -> Result:
        """Invoke ``humebatch ARGS`` with the mock's URL and key in the environment."""
        environment: dict[str, str | None] = {
            "HUME_BASE_URL": self.url,
            "HUME_API_KEY": self.key if key is None else key,
            "COLUMNS": "80",  # narrow: error lines must stay one line anyway
        }
        environment.update(env or {})
        return CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)

    def submit(self, *args: str) -> str:
        """Submit a job without waiting; return its id."""
        result = self.run("submit", *args)
        assert result.exit_code == 0, result.output
        return str(uuid.UUID(result.stdout.strip()))

    def completed_job(self, *args: str) -> str:
        """Submit a job, wait until it completes, return its id."""
        result = self.run("submit", *args, "--wait", "--timeout", "30")
        assert result.exit_code == 0, result.output
        return str(uuid.UUID(result.stdout.strip()))
