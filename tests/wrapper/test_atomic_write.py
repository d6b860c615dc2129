"""Atomic output files: all or nothing, with the usual file mode."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from humebatch._atomic import atomic_write_bytes, atomic_write_chunks, atomic_write_text


def test_file_appears_complete_with_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.csv"
    with atomic_write_text(target) as handle:
        handle.write("a,b\n")
        assert not target.exists(), "nothing at the target until the write is complete"
    assert target.read_text() == "a,b\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write_bytes(target) as handle:
        handle.write(b"half")
        raise RuntimeError("crash mid-write")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_importing_the_library_leaves_the_umask_alone() -> None:
    # The umask is process-wide; a library that sets it (even to read it) races with other
    # threads creating files. A fresh interpreter records every os.umask call during import.
    code = (
        "import os\n"
        "calls = []\n"
        "real = os.umask\n"
        "os.umask = lambda mask: calls.append(mask) or real(mask)\n"
        "import humebatch, humebatch._atomic, humebatch.bulk, humebatch.manifest\n"
        "print(calls)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_output_mode_follows_the_umask_in_force_at_write_time(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        with atomic_write_bytes(tmp_path / "out.bin") as handle:
            handle.write(b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.bin").stat().st_mode) == 0o666 & ~umask


def test_chunks_large_and_small_are_written_in_order_without_joining_large_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    large = memoryview(bytes(range(256)) * 1024)  # 256 KiB: over the write buffer
    chunks = [b"{", b"a" * 10, large, b",", large[:70_000], b"}" * 3]
    writes: list[int] = []
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: writes.append(len(data)) or real(fd, data))
    target = tmp_path / "out.json"
    atomic_write_chunks(target, iter(chunks))
    assert target.read_bytes() == b"".join(chunks)
    # Small chunks gathered before a large one; each large one written from its own buffer.
    assert writes == [11, len(large), 1, 70_000, 3]
