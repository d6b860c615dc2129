"""Every wrapper error: one stderr line, a distinct exit code, no key, no traceback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cli_helpers import API_KEY, Cli
from humebatch import errors
from humebatch.cli import ExitCode
from humebatch.cli._exit import exit_code_for
from humebatch_mock import MockConfig, MockServer


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_wrong_key_exits_3_and_never_echoes_either_key(hb: Cli) -> None:
    wrong = "wrong-key-0123456789abcdef"
    result = hb.run("jobs", key=wrong)
    assert result.exit_code == ExitCode.AUTH, result.output
    line = _one_error_line(result.stderr)
    assert "HTTP 401" in line, line  # the status
    assert "'Invalid ApiKey'" in line, line  # the server's own words
    assert "HUME_API_KEY" in line, line  # what to do
    assert wrong not in result.output and API_KEY not in result.output


def test_wrong_key_in_debug_mode_shows_a_traceback_but_not_the_key(hb: Cli) -> None:
    wrong = "wrong-key-debug-fedcba9876543210"
    result = hb.run("--debug", "status", "00000000-0000-4000-8000-000000000000", key=wrong)
    assert result.exit_code == ExitCode.AUTH
    assert "Traceback" in result.stderr
    assert wrong not in result.output


def test_missing_key_exits_3(hb: Cli) -> None:
    result = hb.run("jobs", key="")
    assert result.exit_code == ExitCode.AUTH
    assert "HUME_API_KEY" in _one_error_line(result.stderr)


def test_key_given_as_option_is_never_printed(hb: Cli, sample_files: list[str]) -> None:
    outputs = []
    job = hb.run("--api-key", API_KEY, "submit", sample_files[0], "--wait", key="")
    assert job.exit_code == 0, job.output
    outputs.append(job.output)
    job_id = job.stdout.strip()
    for args in (
        ["status", job_id],
        ["status", job_id, "--json"],
        ["jobs", "--json"],
        ["predictions", job_id, "--format", "json"],
        ["--debug", "status", "00000000-0000-4000-8000-000000000000"],
        ["--help"],
    ):
        result = hb.run("--api-key", API_KEY, *args, key="")
        outputs.append(result.output)
    assert all(API_KEY not in text for text in outputs)
    assert "00000000-0000-4000-8000-000000000000" in outputs[-2]  # the debug run did run


def test_connection_refused_exits_8() -> None:
    hb = Cli("http://127.0.0.1:9")  # discard port: nothing listens there
    result = hb.run("status", "00000000-0000-4000-8000-000000000000")
    assert result.exit_code == ExitCode.SERVER
    assert "Traceback" not in result.output
    _one_error_line(result.stderr)


@pytest.fixture
def faulty() -> Iterator[Cli]:
    """A mock that answers every request with a 503 (after the client's retries)."""
    config = MockConfig(
        api_keys={API_KEY}, fault_rate=1.0, fault_statuses=(503,), fault_retry_after=0
    )
    with MockServer(config) as server:
        yield Cli(server.url)


def test_server_errors_exit_8(faulty: Cli) -> None:
    result = faulty.run("jobs")
    assert result.exit_code == ExitCode.SERVER, result.output
    assert "503" in _one_error_line(result.stderr)


def test_rate_limited_exits_7() -> None:
    config = MockConfig(
        api_keys={API_KEY}, fault_429_rate=1.0, fault_429_burst=50, fault_retry_after=0
    )
    with MockServer(config) as server:
        result = Cli(server.url).run("jobs")
    assert result.exit_code == ExitCode.RATE_LIMITED, result.output
    assert "429" in _one_error_line(result.stderr)


def test_dropped_submit_is_ambiguous_and_exits_9() -> None:
    config = MockConfig(api_keys={API_KEY}, fault_drop_rate=1.0)
    with MockServer(config) as server:
        result = Cli(server.url).run("submit", "--text", "hello")
    assert result.exit_code == ExitCode.AMBIGUOUS_SUBMIT, result.output
    line = _one_error_line(result.stderr)
    assert "job" in line.lower()


def test_every_error_class_has_a_distinct_meaning() -> None:
    """The table in `humebatch --help`: one code per kind of failure."""
    samples: dict[BaseException, ExitCode] = {
        errors.InvalidInput("bad"): ExitCode.USAGE,
        errors.BadRequestError("bad", status=400): ExitCode.USAGE,
        errors.PayloadTooLargeError("big", status=413): ExitCode.USAGE,
        errors.AuthenticationError("key", status=401): ExitCode.AUTH,
        errors.NotFoundError("gone", status=404): ExitCode.NOT_FOUND,
        errors.JobFailed("j", "broken"): ExitCode.JOB_FAILED,
        errors.JobTimeout("j", 1.0): ExitCode.TIMEOUT,
        errors.RateLimitError("slow down", status=429): ExitCode.RATE_LIMITED,
        errors.ServerError("oops", status=503): ExitCode.SERVER,
        errors.UnexpectedResponseError("html", status=200): ExitCode.SERVER,
        errors.APIConnectionError("refused"): ExitCode.SERVER,
        errors.APITimeoutError("slow"): ExitCode.SERVER,
        errors.AmbiguousSubmitError("maybe"): ExitCode.AMBIGUOUS_SUBMIT,
        errors.HumeBatchError("other"): ExitCode.ERROR,
        RuntimeError("bug"): ExitCode.ERROR,
    }
    for exc, code in samples.items():
        assert exit_code_for(exc) == code, exc
    mixed = errors.WaitAllError(
        [], {"a": errors.JobTimeout("a", 1.0), "b": errors.JobFailed("b", "x")}
    )
    assert exit_code_for(mixed) == ExitCode.JOB_FAILED
    timeouts = errors.WaitAllError([], {"a": errors.JobTimeout("a", 1.0)})
    assert exit_code_for(timeouts) == ExitCode.TIMEOUT
