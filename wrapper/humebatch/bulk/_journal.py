"""The pipeline's way to the manifest: off the event loop, its changes committed in groups.

Every manifest change is committed (``synchronous=FULL``: synced to disk) before the pipeline
acts on it. Made on the loop one by one, each sync would stall every job in flight for its
duration (tens of ms on a busy disk), so a run of many jobs was bounded by syncs, not by the
server. Here the changes asked for while a commit is under way wait for the next one, which
takes them all in one transaction (`Manifest.group`) in a worker thread: one sync per group,
none on the loop. Reads run in a worker thread too (the manifest's lock may be held by a commit).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from ..manifest import Manifest

__all__ = ["Journal"]

T = TypeVar("T")


class Journal:
    """``await journal.change(fn, *args)`` / ``await journal.read(fn, *args)`` on a `Manifest`."""

    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self._pending: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def change(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` in the next group commit; return once it is committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((functools.partial(fn, *args), future))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush())
        # Shielded: a cancelled caller's change still commits (or fails) with its group.
        return await asyncio.shield(future)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(fn, *args)

    async def drain(self) -> None:
        """Wait until every change asked for so far is committed (or has failed)."""
        while self._flusher is not None:
            await asyncio.shield(self._flusher)

    async def _flush(self) -> None:
        try:
            while self._pending:
                group, self._pending = self._pending, []
                outcomes = await asyncio.shield(asyncio.to_thread(self._commit, group))
                for (_, future), (ok, value) in zip(group, outcomes, strict=True):
                    if future.done():
                        continue
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        finally:
            self._flusher = None

    def _commit(self, group: list[tuple[Callable[[], Any], Any]]) -> list[tuple[bool, Any]]:
        outcomes: list[tuple[bool, Any]] = []
        try:
            with self.manifest.group():
                for fn, _ in group:
                    outcomes.append((True, fn()))
        except Exception as exc:  # the group was rolled back: none of its changes holds
            return [(False, exc)] * len(group)
        return outcomes
