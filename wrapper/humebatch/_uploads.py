"""A file on disk as an upload body: opened when its bytes are sent, checked while it is read.

httpx asks a file-like object for its length (``seek``/``tell``) when it builds a multipart
request, and reads it only when the body goes out. `SentFile` answers the length from the stat
made when the file was checked, opens the file at its first read and closes it at its end, so a
job of 100 files holds at most one descriptor at a time, and jobs waiting for a connection
hold none. A file that changes between that stat and its last byte (grows, shrinks, is
rewritten or replaced) stops the request with `InvalidInput` naming it: no job is created from
a half-old, half-new file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InvalidInput

__all__ = ["SentFile"]


class SentFile:
    """The read side of one upload (see the module docstring); one reading at a time."""

    def __init__(self, path: Path, size: int, mtime_ns: int, label: str) -> None:
        self.path = path
        self.size = size
        self.mtime_ns = mtime_ns
        self.label = label
        self._fd: int | None = None
        self._sent = 0
        self._position = 0

    # The length httpx peeks at: answered from the checked size, without opening the file.
    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_END:
            self._position = self.size + offset
        elif whence == os.SEEK_CUR:
            self._position += offset
        else:
            self._position = offset
        if self._position == 0:
            self.close()  # a new reading (a retry) starts from the file again
        return self._position

    def read(self, n: int = -1) -> bytes:
        if self._fd is None:
            if self._sent:  # read to its end already: nothing more
                return b""
            self._fd = self._open()
        chunk = os.read(self._fd, n if n >= 0 else max(self.size, 1) + 1)
        self._sent += len(chunk)
        if self._sent > self.size:
            self._changed(f"it grew past the {self.size} bytes it had when checked")
        if not chunk:
            self._finish()
        return chunk

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._sent = 0

    def _open(self) -> int:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.path, flags)
        except OSError as exc:
            raise InvalidInput(
                f"{self.label} cannot be read any more: {exc.strerror or exc}; no job was created"
            ) from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (info.st_size, info.st_mtime_ns) != (
            self.size,
            self.mtime_ns,
        ):
            os.close(fd)
            self._changed("it is not the file that was checked (size, time or type differ)")
        return fd

    def _finish(self) -> None:
        assert self._fd is not None
        info = os.fstat(self._fd)
        os.close(self._fd)
        self._fd = None
        if self._sent != self.size:
            self._changed(f"it ended after {self._sent} of its {self.size} bytes")
        if info.st_mtime_ns != self.mtime_ns:
            self._changed("it was written to while it was read")

    def _changed(self, how: str) -> None:
        self.close()
        raise InvalidInput(
            f"{self.label} changed while it was being sent ({how}): the upload was stopped and "
            "no job was created from it; send it again once nothing writes to it"
        )
