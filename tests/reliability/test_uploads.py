"""Files are opened when sent, not when planned, and checked while they are read: a file that
changes during its upload fails alone with a clear message; open descriptors stay bounded
whatever the jobs in flight and files per job (2,000 files under ``ulimit -n 256``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import orjson
import pytest
from bulk_helpers import patient_client
from humebatch import InvalidInput
from humebatch._uploads import SentFile
from humebatch.bulk import collect_inputs, run_bulk


def _sent(path: Path) -> SentFile:
    info = path.stat()
    return SentFile(path, info.st_size, info.st_mtime_ns, repr(str(path)))


def _read_all(sent: SentFile, between: Any = None) -> bytes:
    sent.seek(0)
    chunks = [sent.read(4096)]
    if between is not None:
        between()
    while chunk := sent.read(4096):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_file_is_opened_only_while_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    path.write_bytes(b"x" * 10_000)
    sent = _sent(path)
    assert sent.seek(0, os.SEEK_END) == 10_000 and sent._fd is None, "its length needs no fd"
    sent.seek(0)
    sent.read(100)
    assert sent._fd is not None
    assert len(_read_all(sent)) == 10_000, "a retry reads it again from its start"
    assert sent._fd is None, "closed at its end"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda p: p.open("ab").write(b"more"), "grew past the 10000 bytes"),
        (lambda p: os.truncate(p, 5000), "ended after"),
        (lambda p: p.open("r+b").write(b"y" * 10), "written to while it was read"),
    ],
    ids=["grows", "shrinks", "rewritten"],
)
def test_a_file_that_changes_while_it_is_read_stops_the_upload(
    tmp_path: Path, change: Any, says: str
) -> None:
    path = tmp_path / "a.wav"
    path.write_bytes(b"x" * 10_000)
    sent = _sent(path)
    before = path.stat().st_mtime_ns

    def touch() -> None:
        change(path)
        os.utime(path, ns=(before + 10**9, before + 10**9))  # coarse clocks: a visible change

    with pytest.raises(InvalidInput, match=f"a.wav.*changed while it was being sent.*{says}"):
        _read_all(sent, touch)
    assert sent._fd is None


def test_a_file_replaced_after_its_check_is_not_sent(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.wav"
    path.write_bytes(b"x" * 10_000)
    sent = _sent(path)
    path.unlink()
    path.write_bytes(b"z" * 20_000)
    with pytest.raises(InvalidInput, match="not the file that was checked"):
        sent.read(10)


def _grow_during_upload(monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    """Append to ``victim`` right after the first chunk of its upload was read."""
    read = SentFile.read

    def read_then_grow(self: SentFile, n: int = -1) -> bytes:
        chunk = read(self, n)
        if self.path.name == victim and chunk and self._sent == len(chunk):
            with self.path.open("ab") as handle:
                handle.write(b"appended while uploading")
        return chunk

    monkeypatch.setattr(SentFile, "read", read_then_grow)


def test_submit_stops_an_upload_whose_file_grows(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.wav"
    path.write_bytes(b"RIFF" + b"a" * 200_000)
    _grow_during_upload(monkeypatch, path.name)
    client = patient_client(hume_mock.url, hume_mock.api_key)
    with pytest.raises(InvalidInput, match=r"growing\.wav.*changed while it was being sent"):
        client.submit(files=[path])
    assert hume_mock.store.stats["jobs_created"] == 0


def test_in_a_run_a_file_that_changes_during_upload_fails_alone(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = tmp_path / "media"
    media.mkdir()
    for i in range(4):
        (media / f"f{i}.wav").write_bytes(b"RIFF" + bytes([65 + i]) * 200_000)
    _grow_during_upload(monkeypatch, "f2.wav")
    client = patient_client(hume_mock.url, hume_mock.api_key)
    report = run_bulk(client, collect_inputs([media]), tmp_path / "out")
    assert (report.done, report.errors, report.pending) == (3, 1, 0)
    (error_file,) = (tmp_path / "out" / "predictions").glob("*/*.error.json")
    message = orjson.loads(error_file.read_bytes())["error"]
    assert "f2.wav" in message and "changed while it was being sent" in message, message
    assert "by the server" not in message, "refused here, not by the server"


CHILD = textwrap.dedent(
    """
    import resource, sys
    from humebatch import Client, PollSchedule
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
    client = Client(sys.argv[2], base_url=sys.argv[1],
                    poll_schedule=PollSchedule(first=0.05, factor=1.5, cap=0.3, jitter=0.2))
    report = client.run([sys.argv[3]], sys.argv[4], max_requests=32)
    print(report.done, report.errors, report.pending, report.jobs)
    """
)


def test_two_thousand_files_run_under_a_low_open_file_limit(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("resource")
    media = tmp_path / "media"
    media.mkdir()
    for i in range(2000):
        (media / f"clip-{i:05d}.wav").write_bytes(b"RIFF%05d" % i)
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            hume_mock.url,
            hume_mock.api_key,
            str(media),
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.split() == ["2000", "0", "0", "20"], child.stdout
