"""Atomic output files: all or nothing, with the usual file mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from humebatch._atomic import atomic_write_bytes, atomic_write_text


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
