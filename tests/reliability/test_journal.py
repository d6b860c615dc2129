"""The pipeline's manifest changes are group-committed off the event loop (issue 20 item 4):
changes asked for together share one transaction (one sync), each is committed before its
caller goes on, and a failing change fails its whole group, never half of it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from humebatch.bulk import collect_inputs
from humebatch.bulk._journal import Journal
from humebatch.bulk._planning import plan
from humebatch.manifest import Manifest


def _manifest(folder: Path, batches: int) -> tuple[Manifest, list[int]]:
    manifest = Manifest(folder)
    manifest.add_inputs(collect_inputs(texts=[f"text {i}" for i in range(batches)]))
    plan(manifest, 1)
    return manifest, manifest.open_batch_ids()


def test_concurrent_changes_share_commits_and_each_is_committed_when_awaited(
    tmp_path: Path,
) -> None:
    manifest, ids = _manifest(tmp_path, 40)
    commits: list[str] = []
    manifest._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    journal = Journal(manifest)
    seen: list[str] = []

    async def submit(batch_id: int) -> None:
        await journal.change(manifest.mark_submitting, batch_id)
        # Committed before the caller goes on: another connection sees it.
        with Manifest(tmp_path) as other:
            seen.append(other.batch(batch_id).state)
        await journal.change(manifest.mark_submitted, batch_id, f"job-{batch_id}")

    async def run() -> None:
        await asyncio.gather(*map(submit, ids))
        await journal.drain()

    asyncio.run(run())
    assert seen == ["submitting"] * len(ids)
    assert {b.state for b in manifest.batches()} == {"submitted"}
    assert len(commits) < len(ids), f"{len(commits)} commits for {2 * len(ids)} changes"
    manifest.close()


def test_a_failing_change_fails_its_group_and_records_none_of_it(tmp_path: Path) -> None:
    manifest, ids = _manifest(tmp_path, 3)
    journal = Journal(manifest)

    def broken(batch_id: int) -> None:
        manifest.mark_submitting(batch_id)
        raise OSError("disk full")

    async def run() -> list[object]:
        return await asyncio.gather(
            journal.change(manifest.mark_submitting, ids[0]),
            journal.change(broken, ids[1]),
            return_exceptions=True,
        )

    outcomes = asyncio.run(run())
    assert all(isinstance(o, OSError) for o in outcomes), outcomes
    assert {b.state for b in manifest.batches()} == {"planned"}
    with pytest.raises(OSError):
        asyncio.run(journal.change(broken, ids[2]))
    manifest.close()
