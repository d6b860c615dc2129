"""Inputs checked before anything is sent: only regular files (a FIFO or a device is refused with
its path, never read), bounded text lines, models that cannot read an input refused up front;
one bad file (empty, not regular, a name that is not UTF-8) is reported and skipped, never
blocks the others."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bulk_helpers import patient_client
from click.testing import CliRunner
from humebatch import InvalidInput
from humebatch.bulk import collect_inputs, iter_inputs
from humebatch.cli import cli
from humebatch.manifest import Manifest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")


def _cli(mock, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    """`humebatch` in a child process: a read that never ends fails the test, not the suite."""
    env = {**os.environ, "HUME_BASE_URL": mock.url, "HUME_API_KEY": mock.api_key}
    return subprocess.run(
        [sys.executable, "-c", "from humebatch._entry import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.parametrize("kind", ["fifo", "symlink to /dev/zero"])
def test_run_refuses_a_file_that_is_not_regular_without_reading_it(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "stream.wav"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = _cli(hume_mock, "run", str(path), "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    assert str(path) in done.stderr and "not a regular file" in done.stderr, done.stderr
    assert hume_mock.store.stats["jobs_created"] == 0


def test_a_text_file_with_an_endless_line_is_a_clear_error(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = _cli(hume_mock, "run", "--text-file", "/dev/zero", "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    assert "/dev/zero" in done.stderr and "line 1 is longer than" in done.stderr, done.stderr
    long = tmp_path / "long.txt"
    long.write_text("fine\n" + "x" * (2 << 20) + "\n")
    with pytest.raises(InvalidInput, match=r"long\.txt: line 2 is longer than 1 MiB"):
        collect_inputs(text_file=long)


def _bad_folder(tmp_path: Path) -> tuple[Path, list[str]]:
    """A folder of 3 good files and 3 bad ones; returns it and what each bad one must say."""
    media = tmp_path / "media"
    media.mkdir()
    for i in range(3):
        (media / f"good-{i}.wav").write_bytes(b"RIFF good %d" % i)
    (media / "empty.wav").write_bytes(b"")
    os.mkfifo(media / "pipe.wav")
    fd = os.open(os.fsencode(media) + b"/bad-\xff-name.wav", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"RIFF bad name")
    os.close(fd)
    return media, ["bad-", "empty.wav", "pipe.wav"]


def test_bad_files_in_a_folder_are_reported_and_skipped(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    media, says = _bad_folder(tmp_path)
    events: list[str] = []
    client = patient_client(hume_mock.url, hume_mock.api_key)
    report = client.run([media], tmp_path / "out", on_event=events.append)
    assert (report.inputs, report.done, report.errors, report.pending) == (3, 3, 0, 0)
    assert len(report.skipped) == 3 and not report.ok, report.skipped
    for fragment, sentence in zip(says, sorted(report.skipped), strict=True):
        assert fragment in sentence and "skipped" in sentence, sentence
    assert sorted(report.skipped) == sorted(e for e in events if "skipped" in e)
    with Manifest(tmp_path / "out") as manifest:
        assert manifest.counts()["inputs"] == 3, "nothing bad recorded"


def test_the_cli_names_each_skipped_file_and_exits_5(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    media, _ = _bad_folder(tmp_path)
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    result = CliRunner().invoke(cli, ["run", str(media), "--out", str(tmp_path / "out")], env=env)
    assert result.exit_code == 5, result.output
    assert "3 done" in result.stdout and "3 skipped" in result.stdout, result.stdout
    for name in ("empty.wav", "pipe.wav", "name.wav"):
        assert name in result.stderr, result.stderr


def test_the_library_stream_still_raises_without_a_skip_callback(tmp_path: Path) -> None:
    media, _ = _bad_folder(tmp_path)
    with pytest.raises(InvalidInput, match="not valid UTF-8"):
        collect_inputs([media])
    skipped: list[str] = []
    records = list(iter_inputs([media], on_skip=skipped.append))
    assert len(records) == 3 and len(skipped) == 3


def test_only_bad_inputs_is_a_usage_error_naming_them(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty.wav").write_bytes(b"")
    done = _cli(hume_mock, "run", str(tmp_path / "empty.wav"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    assert "empty.wav" in done.stderr and "no inputs" in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("sources", "models", "says"),
    [
        ({"texts": ["I am thrilled."]}, {"face": {}}, "text"),
        ({"inputs": ["https://e.test/a.mp3"]}, {"face": {}}, "audio"),
    ],
)
def test_models_that_cannot_read_an_input_are_refused_before_anything_is_sent(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, sources: dict[str, list[str]], models: dict[str, object], says: str
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    with pytest.raises(InvalidInput, match=f"is {says}, which the selected models \\(face\\)"):
        client.run(out_dir=tmp_path / "out", models=models, **sources)  # type: ignore[arg-type]
    assert hume_mock.store.stats["jobs_created"] == 0
    with Manifest(tmp_path / "out") as manifest:
        assert manifest.counts()["inputs"] == 0
