"""Every command documents itself: `--help` works without a key and shows an example."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from humebatch.cli import ExitCode, cli

COMMANDS = [
    "submit",
    "wait",
    "status",
    "jobs",
    "predictions",
    "artifacts",
    "plot",
    "run",
    "mock-server",
]


def test_group_lists_every_command_and_the_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["--help"], env={"HUME_API_KEY": None})
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.stdout
    for code in ExitCode:
        assert f"  {int(code)}  " in result.stdout, code


def test_registered_commands_are_the_documented_ones() -> None:
    assert sorted(cli.list_commands(None)) == sorted(COMMANDS)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"], env={"HUME_API_KEY": None})
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert f"humebatch {command}" in result.stdout
    assert "Exit codes" in result.stdout
