"""Atomic file output: a crash never leaves a half-written file that looks complete."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import hashlib
import itertools
import os
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

__all__ = [
    "atomic_write_bytes",
    "atomic_write_chunks",
    "atomic_write_text",
    "clear_temps",
    "deferred_durability",
    "temps_owned_by",
]

HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]
"""This machine, in temp names: a process id only means something on the machine it names."""
_PID = os.getpid()
_COUNTER = itertools.count()
_BUFFER = 1 << 16
STALE_AFTER = 24 * 3600.0
"""Seconds after which any writer's temp file is a leftover (no write takes a day)."""
_TEMP = re.compile(
    r"\.(?P<owner>[A-Za-z0-9_-]+)\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[0-9a-f]+\.part\Z"
)

# Who writes in this thread (and task): a run names its shard (`temps_owned_by`); "any" else.
_OWNER: contextvars.ContextVar[str] = contextvars.ContextVar(
    "humebatch_atomic_owner", default="any"
)


def _forked() -> None:
    global _PID, _COUNTER
    _PID, _COUNTER = os.getpid(), itertools.count()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)

# Set inside `deferred_durability`: the (temp, target) paths waiting for its one sync.
_DEFERRED: contextvars.ContextVar[list[tuple[str, str]] | None] = contextvars.ContextVar(
    "humebatch_atomic_deferred", default=None
)


@contextlib.contextmanager
def atomic_write_text(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Open a text file (UTF-8, newline="") that appears at `path` only once fully written.

    >>> with atomic_write_text("out.csv") as f:
    ...     f.write("a,b\\n")
    """
    with _atomic(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


@contextlib.contextmanager
def atomic_write_bytes(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Binary twin of `atomic_write_text`."""
    with _atomic(path, "wb") as handle:
        yield handle


def atomic_write_chunks(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to a file that appears at `path` only once fully written.

    `atomic_write_bytes` without a file object: written with ``os.write`` in pieces of about
    `_BUFFER` bytes (a small file in one system call), for the many small files of a run. If
    ``chunks`` raises, nothing appears and the temp file is removed.
    """
    target = os.fspath(path)
    fd, tmp = _open_temp(target)
    deferred = _DEFERRED.get()
    try:
        try:
            pending: list[bytes] = []
            size = 0
            for chunk in chunks:
                if len(chunk) >= _BUFFER:  # large: written as it is, not copied into a join
                    if pending:
                        _write_all(fd, b"".join(pending))
                        pending, size = [], 0
                    _write_all(fd, chunk)
                    continue
                pending.append(chunk)
                size += len(chunk)
                if size >= _BUFFER:
                    _write_all(fd, b"".join(pending))
                    pending, size = [], 0
            if pending:
                _write_all(fd, pending[0] if len(pending) == 1 else b"".join(pending))
            if deferred is None:
                os.fsync(fd)
        finally:
            os.close(fd)
        _landed(tmp, target, deferred)
    except BaseException:
        _unlink(tmp)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@contextlib.contextmanager
def _atomic(path: str | os.PathLike[str], mode: str, **open_kwargs: Any) -> Iterator[Any]:
    target = os.fspath(path)
    fd, tmp = _open_temp(target)
    deferred = _DEFERRED.get()
    try:
        # An explicit buffer size: no isatty() or fstat() per file.
        with os.fdopen(fd, mode, _BUFFER, **open_kwargs) as handle:
            yield handle
            handle.flush()
            if deferred is None:
                os.fsync(handle.fileno())
        _landed(tmp, target, deferred)
    except BaseException:
        _unlink(tmp)
        raise


def _landed(tmp: str, target: str, deferred: list[tuple[str, str]] | None) -> None:
    """A complete temp file: renamed into place now (durable), or at the block's end."""
    if deferred is None:
        os.replace(tmp, target)
        _sync_folders([_folder(target)])
    else:
        deferred.append((tmp, target))


def _folder(path: str) -> str:
    return os.path.dirname(path) or "."


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _open_temp(target: str) -> tuple[int, str]:
    try:
        return _create_temp(target)
    except FileNotFoundError:  # its folder does not exist yet (one mkdir, not one per file)
        os.makedirs(_folder(target), exist_ok=True)
        return _create_temp(target)


def _create_temp(path: str) -> tuple[int, str]:
    """A new, exclusive temporary file beside ``path``, with the usual mode (0o666 minus umask).

    Opened with mode 0o666 so that the kernel applies the process umask, unlike
    ``tempfile.mkstemp`` (owner-only); reading the umask would mean setting it, which races
    with other threads creating files. Same directory, so the final rename never crosses a
    filesystem.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    # Whose it is (`clear_temps` reads it): owner, machine, process, then a counter: unique
    # without a random draw per file (O_EXCL makes a clash, a reused process id's, a retry).
    folder, name = os.path.split(path)
    mark = f"{_OWNER.get()}.{HOST}-{_PID}-"
    while True:
        tmp = os.path.join(folder, f".{name}.{mark}{next(_COUNTER):x}.part")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


@contextlib.contextmanager
def temps_owned_by(owner: str) -> Iterator[None]:
    """Name ``owner`` (letters, digits, ``_`` and ``-``) in the temp files of atomic writes in
    this block: `clear_temps` of the same owner may remove them (its writes are over)."""
    token = _OWNER.set(owner)
    try:
        yield
    finally:
        _OWNER.reset(token)


def clear_temps(folder: Path, owner: str, *, recursive: bool = False) -> int:
    """Remove the temp files a killed writer left in ``folder`` (below it with ``recursive``):
    never results. Returns how many.

    Only the leftovers of writes that are over: those of ``owner`` (a run's shard: the caller
    holds its lock, so none of its writes is in progress), of a process of this machine that
    is gone, of a humebatch whose names carry no owner, or older than `STALE_AFTER`. Another
    shard's write in progress in a shared folder is left alone.
    """
    removed = 0
    now = time.time()
    for temp in folder.rglob(".*.part") if recursive else folder.glob(".*.part"):
        found = _TEMP.search(temp.name)
        try:
            over = (
                found is None
                or found["owner"] == owner
                or (found["host"] == HOST and not _alive(int(found["pid"])))
                or now - temp.lstat().st_mtime > STALE_AFTER
            )
            if over:
                temp.unlink()
                removed += 1
        except FileNotFoundError:  # renamed into place or removed meanwhile
            continue
    return removed


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine runs (yes when it cannot be told)."""
    if os.name != "posix":  # pragma: no cover - os.kill(pid, 0) would end it on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):  # another user's, or not a pid
        return pid > 0
    return True


@contextlib.contextmanager
def deferred_durability() -> Iterator[None]:
    """Atomic writes in this block skip their own fsync; at its end one sync makes them durable.

    Then each file is renamed into place and each folder fsynced once, so a crash still never
    shows a partial file: many small files cost one ``os.sync()`` instead of one fsync each. If
    the block raises, none of its files appears. Per thread (and task): a context variable.
    """
    pending: list[tuple[str, str]] = []
    token = _DEFERRED.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            _unlink(tmp)
        raise
    finally:
        _DEFERRED.reset(token)
    if not pending:
        return
    if hasattr(os, "sync"):
        shared_sync()
    else:  # pragma: no cover - Windows has no sync(): fsync each file instead
        for tmp, _ in pending:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
    for tmp, path in pending:
        os.replace(tmp, path)
    _sync_folders(_folder(path) for _, path in pending)


_SYNC = threading.Condition()
_syncs_started = 0
_syncs_done = 0  # the number of the last sync that ended (they end in order: one at a time)
_syncing = False


def shared_sync() -> None:
    """``os.sync()``, shared by the threads that ask for one at the same time.

    Returns once a sync that *started* after the call has ended (it covers every write made
    before the call); threads that ask while one runs wait for it, then share the next one, so
    writers finishing together cost one sync, not one each.
    """
    global _syncs_started, _syncs_done, _syncing
    with _SYNC:
        needed = _syncs_started + 1
        while _syncs_done < needed:
            if _syncing:
                _SYNC.wait()
                continue
            _syncing = True
            _syncs_started += 1
            mine = _syncs_started
            _SYNC.release()
            try:
                os.sync()
            finally:
                _SYNC.acquire()
                _syncing = False
                _syncs_done = mine
                _SYNC.notify_all()


_FEW_FOLDERS = 4
"""Beyond this many folders, one ``sync()`` makes the renames durable: each folder fsync costs
about what one sync does (milliseconds), and a job's files span many fan-out folders."""


def _sync_folders(folders: Iterable[str]) -> None:
    """Make renames into `folders` durable: fsync each folder once (POSIX; a no-op elsewhere),
    or one ``sync()`` for more than a few folders.

    Without it a power loss after the rename may bring back the folder without the new entry,
    while the manifest, committed next, says the file is there.
    """
    if not hasattr(os, "O_DIRECTORY"):  # pragma: no cover - Windows cannot open a folder
        return
    unique = list(dict.fromkeys(folders))
    if len(unique) > _FEW_FOLDERS and hasattr(os, "sync"):
        shared_sync()
        return
    for folder in unique:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        except OSError as exc:  # some filesystems cannot sync a folder: nothing more to do
            if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
                raise
        finally:
            os.close(fd)
