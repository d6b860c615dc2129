"""The CLI speaks CLI: messages in commands and flags, Unix output conventions, input checks."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import API_KEY, Cli
from humebatch.cli import ExitCode
from humebatch_mock import MockConfig, MockServer

# What a Python call looks like in a message: `name(`, `name=`, `.attr(`, `files[0]`.
PYTHONISM = re.compile(r"\w\(|\b[a-z_]+=|\bclient\.|\w\[\d+\]|\bTrue\b")
UNKNOWN_JOB = "00000000-0000-4000-8000-000000000000"


def _error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture(scope="module")
def slow() -> Iterator[Cli]:
    """A mock whose jobs stay IN_PROGRESS for a minute."""
    config = MockConfig(api_keys={API_KEY}, queue_seconds=0.0, run_seconds=60.0)
    with MockServer(config) as server:
        yield Cli(server.url)


# --------------------------------------------------------------------------- messages


def test_timeout_says_how_to_resume_with_the_cli(slow: Cli) -> None:
    job_id = slow.submit("--text", "slow")
    result = slow.run("wait", job_id, "--timeout", "0")
    assert result.exit_code == ExitCode.TIMEOUT
    line = _error_line(result.stderr)
    assert f"humebatch wait {job_id}" in line
    assert not PYTHONISM.search(line), line


def test_unknown_job_says_how_to_list_jobs_with_the_cli(hb: Cli) -> None:
    line = _error_line(hb.run("status", UNKNOWN_JOB).stderr)
    assert "humebatch jobs" in line
    assert not PYTHONISM.search(line), line


def test_wrong_key_names_the_option(hb: Cli) -> None:
    line = _error_line(hb.run("jobs", key="wrong-key-0123456789").stderr)
    assert "--api-key" in line
    assert not PYTHONISM.search(line), line


def test_bad_job_id_names_the_command_that_lists_jobs(hb: Cli) -> None:
    line = _error_line(hb.run("status", "not-a-job").stderr)
    assert "humebatch jobs" in line
    assert not PYTHONISM.search(line), line


def test_missing_file_is_named_as_given(hb: Cli) -> None:
    line = _error_line(hb.run("submit", "/nonexistent/face.png").stderr)
    assert "'/nonexistent/face.png' does not exist" in line
    assert not PYTHONISM.search(line), line


def test_empty_text_is_named_as_the_option(hb: Cli) -> None:
    line = _error_line(hb.run("submit", "--text", "fine", "--text", "  ").stderr)
    assert "--text #2" in line
    assert not PYTHONISM.search(line), line


def test_ambiguous_submit_says_which_jobs_command_finds_the_job() -> None:
    config = MockConfig(api_keys={API_KEY}, fault_drop_rate=1.0)
    with MockServer(config) as server:
        result = Cli(server.url).run("submit", "--text", "dropped")
    assert result.exit_code == ExitCode.AMBIGUOUS_SUBMIT, result.output
    line = _error_line(result.stderr)
    assert re.search(r"humebatch jobs --created-after \d+", line), line
    assert not PYTHONISM.search(line), line


def test_plain_http_to_another_host_names_the_flag() -> None:
    hb = Cli("http://0.0.0.0:9")  # not loopback; nothing listens on port 9
    refused = hb.run("status", UNKNOWN_JOB)
    assert refused.exit_code == ExitCode.USAGE
    line = _error_line(refused.stderr)
    assert "--allow-insecure-http" in line
    assert not PYTHONISM.search(line), line
    for args, env in (
        (["--allow-insecure-http"], {}),
        ([], {"HUME_ALLOW_INSECURE_HTTP": "1"}),
    ):
        allowed = hb.run(*args, "status", UNKNOWN_JOB, env=env)
        assert allowed.exit_code == ExitCode.SERVER, allowed.output  # sent, then refused
        assert "insecure" not in allowed.stderr


# --------------------------------------------------------------------------- submit --wait


def test_interrupted_submit_wait_has_printed_the_id_and_says_how_to_resume(
    hb: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from humebatch.jobs import Job

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Job, "wait", interrupt)
    result = hb.run("submit", "--text", "interrupted", "--wait")
    assert result.exit_code == ExitCode.INTERRUPTED
    job_id = str(uuid.UUID(result.stdout.strip()))
    assert f"humebatch wait {job_id}" in _error_line(result.stderr)


# --------------------------------------------------------------------------- wait


def test_wait_reports_every_id_and_exits_with_the_worst(hb: Cli) -> None:
    good = hb.submit("--text", "all good")
    result = hb.run("wait", good, UNKNOWN_JOB, "--timeout", "30")
    assert result.exit_code == ExitCode.NOT_FOUND, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines == [[good, "COMPLETED"], [UNKNOWN_JOB, "NOT_FOUND"]]
    typo = hb.run("wait", "not-an-id", good)
    assert typo.exit_code == ExitCode.USAGE
    assert typo.stdout.splitlines() == ["not-an-id\tINVALID", f"{good}\tCOMPLETED"]
    failed = hb.submit("--text", "this will fail")
    worst = hb.run("wait", UNKNOWN_JOB, failed, "--timeout", "30")
    assert worst.exit_code == ExitCode.JOB_FAILED
    assert f"{failed}\tFAILED" in worst.stdout


# --------------------------------------------------------------------------- input checks


def test_non_http_scheme_is_not_taken_for_a_file(hb: Cli) -> None:
    result = hb.run("submit", "ftp://h/a.mp4")
    assert result.exit_code == ExitCode.USAGE
    assert "'ftp://h/a.mp4' is not an http(s) URL" in result.stderr
    assert "does not exist" not in result.stderr


def test_base_url_with_a_path_says_what_a_base_url_is(hb: Cli) -> None:
    result = hb.run("status", UNKNOWN_JOB, env={"HUME_BASE_URL": hb.url + "/v0"})
    assert result.exit_code == ExitCode.USAGE, result.output
    line = _error_line(result.stderr)
    assert "/v0" in line and "https://api.hume.ai" in line and "--base-url" in line
    assert not PYTHONISM.search(line), line


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "soon"])
def test_timeout_must_be_a_finite_number(hb: Cli, value: str) -> None:
    result = hb.run("wait", UNKNOWN_JOB, "--timeout", value)
    assert result.exit_code == ExitCode.USAGE
    assert "--timeout" in result.stderr


def test_timeout_without_wait_is_a_usage_error(hb: Cli) -> None:
    result = hb.run("submit", "--text", "hello", "--timeout", "5")
    assert result.exit_code == ExitCode.USAGE
    assert "--wait" in result.stderr
    assert result.stdout == ""  # nothing submitted


def test_text_that_is_not_valid_unicode_is_refused_before_sending(hb: Cli) -> None:
    # a byte that is not UTF-8 on the command line arrives as a lone surrogate
    result = hb.run("submit", "--text", "caf\udce9")
    assert result.exit_code == ExitCode.USAGE, result.output
    line = _error_line(result.stderr)
    assert "--text #1" in line and "UTF-8" in line


def test_text_with_only_media_models_is_refused(hb: Cli) -> None:
    result = hb.run("submit", "--text", "hello", "--model", "face", "--model", "prosody")
    assert result.exit_code == ExitCode.USAGE, result.output
    line = _error_line(result.stderr)
    assert "language" in line and "--model" in line


# --------------------------------------------------------------------------- -o


def test_o_dash_writes_to_stdout_and_creates_no_file(
    hb: Cli, media_job: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = hb.run("predictions", media_job, "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("source,")
    assert list(tmp_path.iterdir()) == []


def test_every_command_creates_missing_folders(hb: Cli, media_job: str, tmp_path: Path) -> None:
    for args in (
        ["artifacts", media_job, "-o", str(tmp_path / "a" / "b" / "artifacts.zip")],
        ["predictions", media_job, "--format", "json", "-o", str(tmp_path / "c" / "p.json")],
    ):
        result = hb.run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert Path(args[-1]).stat().st_size > 0


def test_o_follows_a_symlink_to_its_target(hb: Cli, media_job: str, tmp_path: Path) -> None:
    for command, name, magic in (
        ("artifacts", "a.zip", b"PK"),
        ("plot", "e.png", b"\x89PNG"),
        ("predictions", "p.csv", b"source,"),  # the format of the extension
    ):
        real = tmp_path / "real" / name
        real.parent.mkdir(exist_ok=True)
        real.write_bytes(b"old")
        link = tmp_path / f"link-{name}"
        link.symlink_to(real)
        result = hb.run(command, media_job, "-o", str(link))
        assert result.exit_code == 0, result.output
        assert link.is_symlink(), command
        assert real.read_bytes().startswith(magic), command


def test_o_into_a_folder_that_refuses_names_the_users_path(
    hb: Cli, media_job: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def read_only(path: Any, *args: Any, **kwargs: Any) -> int:
        # what a read-only folder does to the temporary file beside the target (even for root)
        if str(path).endswith(".part"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    for command, name in (("artifacts", "a.zip"), ("predictions", "p.csv"), ("plot", "e.png")):
        target = str(tmp_path / name)
        result = hb.run(command, media_job, "-o", target)
        assert result.exit_code == ExitCode.ERROR, (command, result.output)
        line = _error_line(result.stderr)
        assert f"cannot write {target}: Permission denied" in line, line
        assert ".part" not in line


def test_run_whose_manifest_cannot_be_opened_says_what_to_do(
    hb: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")  # a read-only folder

    monkeypatch.setattr(sqlite3, "connect", refuse)
    result = hb.run("run", "--text", "hello", "--out", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.ERROR, result.output
    line = _error_line(result.stderr)
    assert f"cannot write to the output folder '{tmp_path / 'out'}'" in line
    assert "fix its permissions), then run again" in line
    assert "unexpected" not in line


def test_plot_without_the_plot_extra_says_how_to_install_it(
    hb: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # what a missing package looks like
    result = hb.run("plot", UNKNOWN_JOB, "-o", "x.png")
    assert result.exit_code == ExitCode.ERROR, result.output
    assert "pip install 'humebatch[plot]'" in _error_line(result.stderr)
