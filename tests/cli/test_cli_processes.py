"""The real console script in subprocesses: `humebatch mock-server` and `make demo`'s module."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from cli_helpers import REPO
from humebatch.plotting import figure_size_px
from PIL import Image, ImageStat

HUMEBATCH = Path(sys.executable).parent / "humebatch"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[str], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds} s")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUME_")}
    env.update(COLUMNS="120", **extra)
    return env


def test_mock_server_command_serves_the_cli(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(HUMEBATCH), "mock-server", "--port", str(port), "--job-seconds", "0.2",
         "--queue-seconds", "0", "--key", "proc-key-5e6f7a8b9c"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )  # fmt: skip
    try:
        _wait_for_port(port, server)
        env = _env(HUME_BASE_URL=f"http://127.0.0.1:{port}", HUME_API_KEY="proc-key-5e6f7a8b9c")
        submitted = subprocess.run(
            [str(HUMEBATCH), "submit", "--text", "hello from a subprocess", "--wait"],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
        assert submitted.returncode == 0, submitted.stderr
        wrong = subprocess.run(
            [str(HUMEBATCH), "jobs"], capture_output=True, text=True, timeout=60, check=False,
            env={**env, "HUME_API_KEY": "another-key"},
        )  # fmt: skip
        assert wrong.returncode == 3
        assert "Traceback" not in wrong.stderr
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, stderr = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
    assert f"http://127.0.0.1:{port}" in stderr
    assert "proc-key-5e6f7a8b9c" not in stderr
    assert "Traceback" not in stderr


def test_demo_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo-output"
    result = subprocess.run(
        [sys.executable, "-m", "humebatch.demo", "--output", str(out)],
        capture_output=True, text=True, cwd=REPO, env=_env(), timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "embedded mock server" in result.stdout
    assert "Top emotions per file and model" in result.stdout
    # texts are named by their first words, not by their position in the job
    first_words = ("“We won the grant! I…”", "“The train was cancelled again…”")
    for name in ("face.png", "voice.wav", "clip.mp4", "note.txt", *first_words):
        assert name in result.stdout
    assert "text #" not in result.stdout

    with (out / "predictions.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["file"] for r in rows} >= {"face.png", "voice.wav", "clip.mp4", "note.txt"}
    panels = {(r["source"], r["file"], r["model"]) for r in rows}

    png = out / "emotions.png"
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.size == figure_size_px(len(panels))
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 200  # lines, bars, text: far from blank
        most_common = max(count for count, _ in colours)
        assert most_common < 0.9 * rgb.width * rgb.height  # not one flat background
        assert max(ImageStat.Stat(rgb).stddev) > 20
    assert (out / "artifacts.zip").stat().st_size > 0
    assert str(png) in result.stdout


def test_demo_live_uses_the_given_api_and_says_so(tmp_path: Path) -> None:
    from humebatch_mock import MockConfig, MockServer

    key = "demo-live-key-1a2b3c4d5e"
    with MockServer(MockConfig(api_keys={key}, run_seconds=0.2)) as server:
        url = server.url
        result = subprocess.run(
            [sys.executable, "-m", "humebatch.demo", "--output", str(tmp_path), "--live"],
            capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
            env=_env(HUME_API_KEY=key, HUME_BASE_URL=url),
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Using the LIVE API at {url}" in result.stdout
    assert "Started the embedded mock server" not in result.stdout
    assert key not in result.stdout + result.stderr
    assert (tmp_path / "emotions.png").is_file()


def test_run_with_stderr_in_a_file_logs_progress_while_it_runs(tmp_path: Path) -> None:
    """Slurm, nohup, Kubernetes: stderr is a file; lines must appear during the run."""
    from humebatch_mock import MockConfig, MockServer

    log = tmp_path / "run.log"
    texts = ["a calm morning", "this one will fail", "a sunny afternoon"]
    args = [str(HUMEBATCH), "run", "--out", str(tmp_path / "out"), "--model", "language",
            "--progress-interval", "0.3", *(a for t in texts for a in ("--text", t))]  # fmt: skip
    with MockServer(MockConfig(queue_seconds=0.0, run_seconds=1.5)) as server:
        env = _env(HUME_API_KEY="progress-key-1234", HUME_BASE_URL=server.url)
        with log.open("w") as stderr:
            run = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)
            during: list[str] = []
            try:
                deadline = time.monotonic() + 60
                while run.poll() is None and time.monotonic() < deadline:
                    during = log.read_text().splitlines()
                    time.sleep(0.1)
            finally:
                run.kill() if run.poll() is None else None
                stdout, _ = run.communicate(timeout=15)
    assert run.returncode == 5, stdout + log.read_text()  # the "fail" text failed its job
    progress = [line for line in during if " run: " in line]
    assert len(progress) >= 3, during  # read before the process ended
    assert "0/3 inputs finished" in progress[0] and "jobs submitted" in progress[0]
    assert any("resubmitting its 3 inputs one per job" in line for line in during), during
    final = log.read_text().splitlines()
    assert "3/3 inputs finished (2 done, 1 failed)" in [x for x in final if " run: " in x][-1]
    assert "progress-key-1234" not in log.read_text()
