"""One run per output folder: an exclusive lock file in the folder.

The lock is an OS file lock (``fcntl.flock``) on ``<out>/.humebatch.lock``, held for the whole
run. The OS drops it when the holding process dies, however it dies (SIGKILL included), so a lock
left by a killed run is taken over by the next run without any guessing about stale pids; the
file's content (pid, host, start time) only serves to name the holder in the error message.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
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


def _open_lock(path: Path) -> IO[str]:
    """The lock file, never through a symlink, and only if it is a plain file."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o666)  # a FIFO must not block
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InvalidInput(
            f"{str(path)!r} is not a regular file; remove it or use another --out folder"
        )
    return os.fdopen(fd, "r+", encoding="utf-8")


class FolderLock:
    """``with FolderLock(out):`` holds the folder's lock, or raises `RunLocked` at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def __enter__(self) -> FolderLock:
        try:
            handle = _open_lock(self.path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InvalidInput(
                    f"{str(self.path)!r} is a symbolic link: refusing to follow it (someone may "
                    "have planted it to make this run overwrite another file); remove it or use "
                    "another --out folder"
                ) from None
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
