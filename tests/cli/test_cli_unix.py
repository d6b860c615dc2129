"""The real console script in subprocesses: closed pipes, mock-server ports, shell completion."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from cli_helpers import API_KEY
from click.testing import CliRunner
from humebatch.cli import ExitCode, cli

HUMEBATCH = Path(sys.executable).parent / "humebatch"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUME_")}
    env.update(COLUMNS="120", **extra)
    return env


def test_a_closed_pipe_ends_quietly_with_141(mock_url: str, media_job: str) -> None:
    proc = subprocess.Popen(
        [str(HUMEBATCH), "predictions", media_job, "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_env(HUME_BASE_URL=mock_url, HUME_API_KEY=API_KEY),
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first byte, as with `| head -0`
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 141 == ExitCode.BROKEN_PIPE
    assert stderr == b""


def test_mock_server_on_port_0_prints_the_port_it_bound() -> None:
    proc = subprocess.Popen(
        [str(HUMEBATCH), "mock-server", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        host, port = url.removeprefix("http://").split(":")
        assert host == "127.0.0.1" and int(port) > 0
        with socket.create_connection((host, int(port)), timeout=5):
            pass
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=15)
    assert f"export HUME_BASE_URL={url}" in stderr
    assert ":0 " not in stderr and ":0\n" not in stderr


def test_mock_server_on_a_busy_port_is_one_error_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run(
            [str(HUMEBATCH), "mock-server", "--port", str(port)],
            capture_output=True, text=True, env=_env(), timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == ExitCode.ERROR
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot listen on 127.0.0.1:{port}")
    assert "Mock Hume batch API" not in result.stderr
    assert result.stdout == ""


def test_shell_completion_uses_clicks_mechanism() -> None:
    runner = CliRunner()
    source = {"_HUMEBATCH_COMPLETE": "bash_source"}
    script = runner.invoke(cli, [], prog_name="humebatch", env=source)
    assert script.exit_code == 0
    assert "_humebatch_completion" in script.output
    env = {
        "_HUMEBATCH_COMPLETE": "bash_complete",
        "COMP_WORDS": "humebatch submit --model fa",
        "COMP_CWORD": "3",
    }
    choices = runner.invoke(cli, [], prog_name="humebatch", env=env)
    assert choices.output.split() == ["plain,face", "plain,facemesh"]
