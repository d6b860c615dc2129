"""submit, wait, status and jobs against the mock server, over real HTTP."""

from __future__ import annotations

import json
import uuid

from cli_helpers import API_KEY, Cli
from humebatch.cli import ExitCode


def test_submit_prints_only_the_job_id(hb: Cli, sample_files: list[str]) -> None:
    result = hb.run(
        "submit", sample_files[0], "--text", "hello there", "--model", "face", "--model", "language"
    )
    assert result.exit_code == 0, result.output
    assert str(uuid.UUID(result.stdout.strip())) == result.stdout.strip()


def test_submit_wait_reports_progress_and_the_final_state(hb: Cli, sample_files: list[str]) -> None:
    images_and_video = [sample_files[0], sample_files[2]]  # what the face model reads
    result = hb.run("submit", *images_and_video, "--fps", "2", "--model", "face", "--wait")
    assert result.exit_code == 0, result.output
    job_id = result.stdout.strip()
    assert f"job {job_id}: COMPLETED" in result.stderr  # one line per state change off a TTY


def test_submit_sends_the_model_options(hb: Cli) -> None:
    job_id = hb.submit(
        "--text", "Fine words.", "--model", "language", "--model", "prosody",
        "--granularity", "sentence", "--sentiment",
    )  # fmt: skip
    details = json.loads(hb.run("status", job_id, "--json").stdout)
    models = details["request"]["models"]
    assert models["language"]["granularity"] == "sentence"
    assert models["language"]["sentiment"] == {}
    assert models["prosody"]["granularity"] == "sentence"
    assert not models.get("face")


def test_submit_option_for_an_unselected_model_is_a_usage_error(hb: Cli) -> None:
    result = hb.run("submit", "--text", "x", "--model", "language", "--fps", "2")
    assert result.exit_code == ExitCode.USAGE
    assert "--fps" in result.stderr


def test_submit_without_inputs_is_a_usage_error(hb: Cli) -> None:
    result = hb.run("submit")
    assert result.exit_code == ExitCode.USAGE
    assert "nothing to analyse" in result.stderr


def test_submit_missing_file_is_invalid_input(hb: Cli, tmp_path: object) -> None:
    result = hb.run("submit", "/nonexistent/face.png")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_failed_job_exits_5_with_one_line(hb: Cli) -> None:
    result = hb.run("submit", "--text", "please fail this one", "--wait", "--timeout", "30")
    assert result.exit_code == ExitCode.JOB_FAILED, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "failed" in errors[0]
    assert "Traceback" not in result.output
    assert uuid.UUID(result.stdout.strip())  # the id is still printed for follow-up commands


def test_wait_many_jobs_prints_each_status(hb: Cli) -> None:
    ids = [hb.submit("--text", f"text number {i}") for i in range(3)]
    result = hb.run("wait", *ids, "--timeout", "30", "--concurrency", "2")
    assert result.exit_code == 0, result.output
    lines = dict(line.split("\t") for line in result.stdout.splitlines())
    assert lines == dict.fromkeys(ids, "COMPLETED")


def test_wait_exits_non_zero_if_any_job_failed(hb: Cli) -> None:
    good = hb.submit("--text", "all good")
    bad = hb.submit("--text", "this will fail")
    result = hb.run("wait", good, bad, "--timeout", "30")
    assert result.exit_code == ExitCode.JOB_FAILED
    lines = dict(line.split("\t") for line in result.stdout.splitlines())
    assert lines == {good: "COMPLETED", bad: "FAILED"}
    assert bad in result.stderr


def test_wait_timeout_exits_6(mock_url: str) -> None:
    from humebatch_mock import MockConfig, MockServer

    slow = MockConfig(api_keys={API_KEY}, queue_seconds=0.0, run_seconds=60.0)
    with MockServer(slow) as server:
        hb = Cli(server.url)
        job_id = hb.submit("--text", "slow")
        result = hb.run("wait", job_id, "--timeout", "0.3")
    assert result.exit_code == ExitCode.TIMEOUT, result.output
    assert f"{job_id}\tTIMEOUT" in result.stdout
    assert "did not finish" in result.stderr


def test_status_table_and_json(hb: Cli, media_job: str) -> None:
    table = hb.run("status", media_job)
    assert table.exit_code == 0, table.output
    assert media_job in table.stdout and "COMPLETED" in table.stdout
    assert "face.png" in table.stdout  # the inputs summary
    data = json.loads(hb.run("status", media_job, "--json").stdout)
    assert data["job_id"] == media_job
    assert data["state"]["status"] == "COMPLETED"
    assert data["state"]["num_predictions"] > 0


def test_unknown_job_exits_4(hb: Cli) -> None:
    for command in ("status", "wait", "predictions", "plot"):
        args = [command, "00000000-0000-4000-8000-000000000000"]
        if command == "plot":
            args += ["-o", "x.png"]
        result = hb.run(*args)
        assert result.exit_code == ExitCode.NOT_FOUND, (command, result.output)
        assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1


def test_invalid_job_id_is_a_usage_error(hb: Cli) -> None:
    result = hb.run("status", "not-a-job")
    assert result.exit_code == ExitCode.USAGE
    assert "not a job id" in result.stderr


def test_jobs_json_filters_by_status(hb: Cli) -> None:
    done = hb.completed_job("--text", "listed and done")
    failed = hb.run("submit", "--text", "listed and fail", "--wait")
    assert failed.exit_code == ExitCode.JOB_FAILED
    failed_id = failed.stdout.strip()
    listed = json.loads(hb.run("jobs", "--json", "--limit", "500").stdout)
    ids = {job["job_id"] for job in listed}
    assert {done, failed_id} <= ids
    only_failed = json.loads(
        hb.run("jobs", "--json", "--status", "FAILED", "--limit", "500").stdout
    )
    assert {job["state"]["status"] for job in only_failed} == {"FAILED"}
    assert failed_id in {job["job_id"] for job in only_failed}


def test_jobs_limit_and_table(hb: Cli) -> None:
    for i in range(3):
        hb.submit("--text", f"for the table {i}")
    limited = json.loads(hb.run("jobs", "--json", "--limit", "2").stdout)
    assert len(limited) == 2
    created = [job["state"]["created_timestamp_ms"] for job in limited]
    assert created == sorted(created, reverse=True)  # newest first
    table = hb.run("jobs", "--limit", "2")
    assert table.exit_code == 0
    assert all(job["job_id"] in table.stdout for job in limited)


def test_jobs_created_after_the_future_is_empty(hb: Cli) -> None:
    result = hb.run("jobs", "--json", "--created-after", "2999-01-01")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_jobs_bad_date_is_a_usage_error(hb: Cli) -> None:
    result = hb.run("jobs", "--created-after", "yesterday-ish")
    assert result.exit_code == ExitCode.USAGE
