"""A job's files become durable with one sync and appear only together, after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from humebatch._atomic import atomic_write_bytes, deferred_durability


def test_files_appear_only_when_the_block_ends(tmp_path: Path) -> None:
    with deferred_durability():
        for name in ("a.json", "b.json"):
            with atomic_write_bytes(tmp_path / name) as handle:
                handle.write(name.encode())
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == []
    assert (tmp_path / "a.json").read_bytes() == b"a.json"
    assert (tmp_path / "b.json").read_bytes() == b"b.json"
    assert not list(tmp_path.glob(".*.part"))


def test_a_failing_block_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), deferred_durability():
        with atomic_write_bytes(tmp_path / "a.json") as handle:
            handle.write(b"whole")
        raise RuntimeError("the process dies before the sync")
    assert list(tmp_path.iterdir()) == []


def test_outside_a_block_each_write_lands_at_once(tmp_path: Path) -> None:
    with deferred_durability():
        pass
    with atomic_write_bytes(tmp_path / "c.json") as handle:
        handle.write(b"c")
    assert (tmp_path / "c.json").read_bytes() == b"c"


def test_writers_finishing_together_share_a_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from humebatch import _atomic

    calls: list[float] = []
    real_sync = _atomic.os.sync

    def slow_sync() -> None:
        calls.append(time.monotonic())
        time.sleep(0.2)
        real_sync()

    monkeypatch.setattr(_atomic.os, "sync", slow_sync)
    threads = [threading.Thread(target=_atomic.shared_sync) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The first caller's sync, then one sync shared by the seven that asked meanwhile.
    assert 1 <= len(calls) <= 3, calls
    before = len(calls)
    _atomic.shared_sync()  # alone: a sync of its own, started after the call
    assert len(calls) == before + 1
