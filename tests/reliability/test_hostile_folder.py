"""Bulk runs in a shared output folder someone else can write to (issue 21): planted symlinks are
never followed, names from the manifest never leave --out, a manifest this humebatch cannot read
is refused with the right advice."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bulk_helpers import patient_client
from click.testing import CliRunner
from humebatch import InvalidInput
from humebatch._atomic import HOST, STALE_AFTER, atomic_write_bytes
from humebatch.bulk import collect_inputs, run_bulk
from humebatch.cli import cli
from humebatch.manifest import Manifest

URLS = [f"https://media.example.test/faces/face-{i}.jpg" for i in range(2)]


def _run(hume_mock, out: Path) -> object:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    return run_bulk(client, collect_inputs(URLS), out, batch_size=2)


def test_a_lock_symlink_is_not_followed(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    victim = tmp_path / "precious.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".humebatch.lock").symlink_to(victim)
    with pytest.raises(InvalidInput, match="symbolic link"):
        _run(hume_mock, out)
    assert victim.read_text() == "precious\n"
    assert hume_mock.store.stats["jobs_created"] == 0


@pytest.mark.parametrize(
    "planted", ["predictions", "manifest.sqlite", "dataset", "jobs", "jobs/shard=all"]
)
def test_a_planted_symlink_in_the_folder_is_refused(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path, planted: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    (out / planted).parent.mkdir(parents=True)
    target = elsewhere / "db.sqlite" if planted == "manifest.sqlite" else elsewhere
    (out / planted).symlink_to(target)
    with pytest.raises(InvalidInput, match="symbolic link"):
        _run(hume_mock, out)
    assert list(elsewhere.iterdir()) == []
    assert hume_mock.store.stats["jobs_created"] == 0


def test_a_planted_symlink_as_a_fan_out_subfolder_is_refused(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The writer checks each subfolder once (then remembers it): a link planted before is met.
    from humebatch.bulk._writers import fan_out

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    (out / "predictions").mkdir(parents=True)
    for record in collect_inputs(URLS):
        link = out / "predictions" / fan_out(record.key)
        if not link.exists():
            link.symlink_to(elsewhere)
    with pytest.raises(InvalidInput, match="not inside"):
        _run(hume_mock, out)
    assert list(elsewhere.iterdir()) == []


def test_names_from_the_manifest_never_leave_the_folder(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "a" / "b" / "out"
    records = list(collect_inputs(URLS))
    with Manifest(out) as manifest:  # as an edited manifest would hold them
        planted = "../../../../PWNED"  # climbs on purpose: the edited manifest's name, never opened
        manifest.add_inputs(dataclasses.replace(r, name=planted) for r in records)
    with pytest.raises(InvalidInput, match="PWNED"):
        _run(hume_mock, out)
    assert not list(tmp_path.rglob("PWNED*"))


def test_a_manifest_of_a_newer_humebatch_is_refused(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    _run(hume_mock, out)
    db = sqlite3.connect(out / "manifest.sqlite")
    db.execute("PRAGMA user_version = 99")
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('written_by', ?)", ('"9.9.9"',))
    db.commit()
    db.close()
    with pytest.raises(InvalidInput, match=r"humebatch 9\.9\.9"):
        _run(hume_mock, out)


def test_an_unknown_batch_state_is_an_error_not_pending(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    _run(hume_mock, out)
    db = sqlite3.connect(out / "manifest.sqlite")
    db.execute("UPDATE batches SET state = 'exploded'")
    db.execute("UPDATE inputs SET done = 0")
    db.commit()
    db.close()
    with pytest.raises(InvalidInput, match="exploded"):
        _run(hume_mock, out)


def test_a_corrupt_manifest_gets_advice_about_the_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.sqlite").write_bytes(b"this is not a database, it is garbage " * 100)
    result = CliRunner().invoke(
        cli,
        ["run", "--text", "hi", "--out", str(out)],
        env={"HUME_API_KEY": "k" * 12, "HUME_BASE_URL": "http://127.0.0.1:9"},
    )
    assert result.exit_code != 0
    assert "writable" not in result.stderr, result.stderr
    assert "damaged" in result.stderr and "manifest.sqlite" in result.stderr


def test_a_shards_start_up_cleanup_leaves_another_writers_temp_file(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path
) -> None:
    """Shards share ``predictions/``: one's start-up cleanup of leftover temp files must not
    remove another's write in progress (its rename would fail, its output be lost)."""
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs([f"https://media.example.test/faces/face-{i}.jpg" for i in range(6)])
    out = tmp_path / "out"
    run_bulk(client, inputs, out, batch_size=2, shard="0/2")
    target = out / "predictions" / "ab" / "another-writer.json"
    # Shard 0 (here: a writer of this process, alive) is writing while shard 1 starts.
    with atomic_write_bytes(target) as handle:
        handle.write(b'{"in": "progress"}')
        (temp,) = target.parent.glob(".*.part")
        report = run_bulk(client, inputs, out, batch_size=2, shard="1/2")
        assert report.done > 0 and report.pending == 0
        assert temp.exists(), "shard 1 removed shard 0's write in progress"
    assert target.read_bytes() == b'{"in": "progress"}'


def test_start_up_cleanup_removes_only_writes_that_are_over(  # type: ignore[no-untyped-def]
    hume_mock, tmp_path: Path
) -> None:
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(URLS)
    out = tmp_path / "out"
    run_bulk(client, inputs, out, batch_size=2, shard="0/2")
    folder = out / "predictions" / "cd"
    folder.mkdir(exist_ok=True)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    alive, dead = os.getpid(), int(gone.stdout)
    planted = {
        "own shard, killed": (f".a.json.shard-0-of-2.{HOST}-{alive}-0.part", False),
        "another shard, running": (f".b.json.shard-1-of-2.{HOST}-{alive}-1.part", True),
        "another shard, process gone": (f".c.json.shard-1-of-2.{HOST}-{dead}-2.part", False),
        "another machine's": (f".d.json.shard-1-of-2.{'0' * 6}-{dead}-3.part", True),
        "an older humebatch's": (".e.json.x1y2.part", False),
        "a day old": (f".f.json.shard-1-of-2.{'0' * 6}-{alive}-4.part", False),
    }
    for name, _ in planted.values():
        (folder / name).write_bytes(b'{"half')
    day = time.time() - STALE_AFTER - 60
    os.utime(folder / planted["a day old"][0], (day, day))
    run_bulk(client, inputs, out, batch_size=2, shard="0/2")
    for what, (name, kept) in planted.items():
        assert (folder / name).exists() == kept, what
