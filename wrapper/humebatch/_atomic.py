"""Atomic file output: a crash never leaves a half-written file that looks complete."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write_bytes", "atomic_write_text"]


@contextlib.contextmanager
def atomic_write_text(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Open a text file (UTF-8, newline="") that appears at `path` only once fully written.

    >>> with atomic_write_text("out.csv") as f:
    ...     f.write("a,b\\n")
    """
    with _atomic(Path(path), "w", encoding="utf-8", newline="") as handle:
        yield handle


@contextlib.contextmanager
def atomic_write_bytes(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Binary twin of `atomic_write_text`."""
    with _atomic(Path(path), "wb") as handle:
        yield handle


@contextlib.contextmanager
def _atomic(path: Path, mode: str, **open_kwargs: Any) -> Iterator[Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new, exclusive temporary file beside ``path``, with the usual mode (0o666 minus umask).

    Opened with mode 0o666 so that the kernel applies the process umask, unlike
    ``tempfile.mkstemp`` (owner-only); reading the umask would mean setting it, which races
    with other threads creating files. Same directory, so the final rename never crosses a
    filesystem.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
