"""One run per output folder: an exclusive lock file in the folder.

The lock is an OS file lock (``fcntl.flock``) on ``<out>/.humebatch.lock``, held for the whole
run. The OS drops it when the holding process dies, however it dies (SIGKILL included), so a lock
left by a killed run is taken over by the next run without any guessing about stale pids; the
file's content (pid, host, start time) only serves to name the holder in the error message.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import IO

from ..errors import InvalidInput
from ._errors import RunLocked

try:  # POSIX; elsewhere the folder is not locked (documented in run_bulk)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["FolderLock", "RunLocked"]

LOCK_NAME = ".humebatch.lock"


class FolderLock:
    """``with FolderLock(out):`` holds the folder's lock, or raises `RunLocked` at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def __enter__(self) -> FolderLock:
        try:
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(
                f"cannot write in the output folder {str(self.path.parent)!r}: "
                f"{exc.strerror or exc}; pass a writable folder with --out"
            ) from None
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                handle.close()
                raise RunLocked(
                    f"another run is using {str(self.path.parent)!r} ({holder}); nothing was "
                    "submitted. Wait for it to finish, or use another --out folder"
                ) from None
        # The lock is ours (a killed holder's lock is released by the OS): name ourselves.
        handle.seek(0)
        handle.truncate()
        started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}, started {started}\n")
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            # Closing releases the flock; the file stays (removing it would race a new holder).
            self._handle.close()
            self._handle = None
