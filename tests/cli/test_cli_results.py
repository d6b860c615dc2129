"""predictions (every format), artifacts and plot against a completed mock job."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from cli_helpers import Cli
from humebatch.cli import ExitCode
from humebatch.plotting import figure_size_px
from PIL import Image


def _records(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_predictions_json_holds_the_top_n_sorted(hb: Cli, media_job: str) -> None:
    result = hb.run("predictions", media_job, "--format", "json", "--top", "4")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert {r["file"] for r in records} >= {"face.png", "voice.wav", "clip.mp4", "note.txt"}
    for record in records:
        scores = [e["score"] for e in record["emotions"]]
        assert len(scores) == 4
        assert scores == sorted(scores, reverse=True)


def test_predictions_jsonl_matches_json(hb: Cli, media_job: str) -> None:
    as_json = json.loads(hb.run("predictions", media_job, "--format", "json").stdout)
    as_jsonl = _records(hb.run("predictions", media_job, "--format", "jsonl").stdout)
    assert as_jsonl == as_json
    assert all(len(r["emotions"]) == 3 for r in as_jsonl)  # the default --top


def test_predictions_model_filter(hb: Cli, media_job: str) -> None:
    result = hb.run("predictions", media_job, "--format", "jsonl", "--model", "face")
    records = _records(result.stdout)
    assert records and {r["model"] for r in records} == {"face"}
    assert {r["file"] for r in records} == {"face.png", "clip.mp4"}


def test_predictions_csv_has_a_column_per_emotion(hb: Cli, media_job: str) -> None:
    result = hb.run("predictions", media_job, "--format", "csv", "--model", "prosody")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {row["model"] for row in rows} == {"prosody"}
    assert {"file", "time_begin", "time_end", "Joy", "Sadness", "Calmness"} <= set(rows[0])
    assert 0.0 <= float(rows[0]["Joy"]) <= 1.0


def test_predictions_table_names_files_and_emotions(hb: Cli, media_job: str) -> None:
    top = json.loads(hb.run("predictions", media_job, "--format", "json", "--top", "1").stdout)
    result = hb.run("predictions", media_job, "--top", "1")
    assert result.exit_code == 0, result.output
    for name in ("face.png", "voice.wav", "clip.mp4", "note.txt", "“What a lovely…”"):
        assert name in result.stdout
    best = {r["emotions"][0]["name"] for r in top}
    assert all(name in result.stdout for name in best)


def test_predictions_to_a_file(hb: Cli, media_job: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "p.jsonl"
    result = hb.run("predictions", media_job, "--format", "jsonl", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert _records(target.read_text()) == _records(
        hb.run("predictions", media_job, "--format", "jsonl").stdout
    )


def test_artifacts_writes_a_zip(hb: Cli, media_job: str, tmp_path: Path) -> None:
    target = tmp_path / "a.zip"
    result = hb.run("artifacts", media_job, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert archive.namelist()


def test_plot_writes_a_png_of_the_expected_size(hb: Cli, media_job: str, tmp_path: Path) -> None:
    target = tmp_path / "plot.png"
    result = hb.run("plot", media_job, "-o", str(target), "--model", "face")
    assert result.exit_code == 0, result.output
    with Image.open(target) as image:
        assert image.format == "PNG"
        # face.png and clip.mp4: two panels
        assert image.size == figure_size_px(2)
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50
    assert f"wrote {target} (2 panels)" in " ".join(result.stderr.split())


def test_results_of_an_unfinished_job_say_to_wait(mock_url: str, tmp_path: Path) -> None:
    from cli_helpers import API_KEY
    from humebatch_mock import MockConfig, MockServer

    with MockServer(MockConfig(api_keys={API_KEY}, run_seconds=60.0)) as server:
        hb = Cli(server.url)
        job_id = hb.submit("--text", "slow")
        result = hb.run("predictions", job_id)
    assert result.exit_code == ExitCode.USAGE
    assert f"humebatch wait {job_id}" in result.stderr


def test_plot_needs_a_png_name(hb: Cli, media_job: str, tmp_path: Path) -> None:
    result = hb.run("plot", media_job, "-o", str(tmp_path / "plot.jpg"))
    assert result.exit_code == ExitCode.USAGE
    assert ".png" in result.stderr


@pytest.mark.parametrize("command", ["predictions", "artifacts", "plot"])
def test_results_of_a_failed_job_are_a_clear_error(hb: Cli, command: str, tmp_path: Path) -> None:
    failed = hb.run("submit", "--text", "fail me", "--wait").stdout.strip()
    args = [command, failed]
    if command != "predictions":
        args += ["-o", str(tmp_path / ("x.png" if command == "plot" else "x.zip"))]
    result = hb.run(*args)
    assert result.exit_code == ExitCode.JOB_FAILED, result.output
    assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1
    assert "mock trigger" in result.stderr  # the server's reason
    assert "Traceback" not in result.output


def test_plot_of_a_model_without_predictions_is_a_usage_error(hb: Cli, tmp_path: Path) -> None:
    job_id = hb.completed_job("--text", "only words here", "--model", "language")
    result = hb.run("plot", job_id, "-o", str(tmp_path / "p.png"), "--model", "face")
    assert result.exit_code == ExitCode.USAGE
    assert "no predictions to plot" in result.stderr
    assert not (tmp_path / "p.png").exists()
