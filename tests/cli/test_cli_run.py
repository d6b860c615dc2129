"""`humebatch run` against the mock: outputs per input, resume, failures, errors."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import API_KEY, SAMPLES, Cli


def test_run_writes_every_input_and_resumes_without_new_jobs(hb: Cli, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://media.example.test/a.jpg\nhttps://media.example.test/b.mp4\n")
    texts = tmp_path / "texts.txt"
    texts.write_text("What a day!\nI am so tired.\n")
    out = tmp_path / "out"
    args = ["run", str(SAMPLES / "face.png"), str(SAMPLES / "note.txt"), "--urls-file", str(urls),
            "--text-file", str(texts), "--out", str(out), "--batch-size", "2", "--model", "face",
            "--model", "language"]  # fmt: skip
    result = hb.run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("6 done, 0 failed, 0 pending (6 inputs, 3 jobs)")
    jsons = sorted((out / "predictions").glob("*/*.json"))  # in fan-out subfolders
    assert len(jsons) == 6
    csvs = list((out / "predictions").glob("*/*.csv"))
    assert len(csvs) == 6
    first = json.loads(jsons[0].read_text())
    assert first["results"]["predictions"]
    again = hb.run(*args)
    assert again.exit_code == 0, again.output
    assert "(6 inputs, 3 jobs)" in again.stdout  # the same three jobs, none resubmitted
    assert API_KEY not in result.output + again.output
    assert API_KEY.encode() not in (out / "manifest.sqlite").read_bytes()


def test_run_reports_failed_inputs_with_exit_5(hb: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = hb.run("run", "https://media.example.test/fail.jpg", "--out", str(out))
    assert result.exit_code == 5, result.output
    assert "0 done, 1 failed" in result.stdout
    (error,) = (out / "predictions").glob("*/*.error.json")
    assert "failed" in json.loads(error.read_text())["error"]


def test_run_rejects_bad_inputs_in_one_line(hb: Cli, tmp_path: Path) -> None:
    result = hb.run("run", str(tmp_path / "missing.png"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "missing.png" in result.stderr
