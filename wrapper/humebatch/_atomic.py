"""Atomic file output: a crash never leaves a half-written file that looks complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write_bytes", "atomic_write_text"]

# mkstemp creates files readable by the owner only; outputs should get the usual mode
# (0o666 minus the umask). Read once at import, since os.umask can only be read by setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


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
    # Same directory as the target, so that the final rename never crosses a filesystem.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
