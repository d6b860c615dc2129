"""Streaming ``multipart/form-data`` parsing for job uploads.

Uploaded files go straight to a temporary directory while their md5 is computed, so a large
upload never sits in memory. The ``json`` part is accepted as a plain field or as a file part,
with any or no part Content-Type, before or after the files (contract.md §2.3). On a problem the
rest of the body is still read (and discarded) so that the client sees the error response rather
than a reset connection.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import IO, Any

from hume_batch_contract import REQUEST, SCHEMAS, UPLOAD
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from ._media import Upload
from ._request import RequestError

_PARTS = SCHEMAS[UPLOAD].fields
# The spec's parts: the binary files (an array of format binary) and the job configuration.
FILE_PART = next(n for n, f in _PARTS.items() if f.items and f.items.format == "binary")
JSON_PART = next(n for n, f in _PARTS.items() if f.ref == REQUEST)
_MIN_FILES = _PARTS[FILE_PART].min_items or 0


class PayloadTooLarge(RequestError):
    """A part is over its size limit (answered with 413)."""


@dataclass
class _Part:
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    name: str = ""
    filename: str | None = None
    content_type: str | None = None
    sink: IO[bytes] | None = None
    path: str = ""
    md5: Any = None
    size: int = 0
    data: bytearray | None = None


@dataclass
class MultipartResult:
    uploads: list[Upload]
    json_part: bytes | None


_CALLBACKS = (
    "on_part_begin",
    "on_part_data",
    "on_part_end",
    "on_header_field",
    "on_header_value",
    "on_header_end",
    "on_headers_finished",
    "on_end",
)


class _Collector:
    """python-multipart callbacks that write parts to disk; the first error wins."""

    def __init__(self, tmpdir: str, max_files: int, max_file_bytes: int, max_json: int) -> None:
        self.tmpdir = tmpdir
        self.max_files = max_files
        self.max_file_bytes = max_file_bytes
        self.max_json = max_json
        self.part = _Part()
        self.header_name = b""
        self.header_value = b""
        self.uploads: list[Upload] = []
        self.files_seen = 0
        self.json_part: bytes | None = None
        self.error: RequestError | None = None
        self.ended = False

    def fail(self, error: RequestError) -> None:
        if self.error is None:
            self.error = error
        self.close()

    def close(self) -> None:
        """Close the file being written, if any."""
        if self.part.sink is not None:
            self.part.sink.close()
            self.part.sink = None

    # -- callbacks
    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers.append((self.header_name.strip().lower(), self.header_value.strip()))
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        part = self.part
        headers = dict(part.headers)
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        name = options.get(b"name")
        if name is None:
            self.fail(RequestError("multipart part without a name (Content-Disposition)"))
            return
        part.name = name.decode("utf-8", errors="replace")
        if b"filename" in options:
            part.filename = options[b"filename"].decode("utf-8", errors="replace")
        if b"content-type" in headers:
            part.content_type = headers[b"content-type"].decode("latin-1") or None
        if self.error is not None:
            return
        if part.name == FILE_PART and part.filename is None:
            # A part without a filename is a form field, not a file: the spec's `file` items
            # are binary uploads, and every official client sends a filename.
            self.fail(RequestError(f"{FILE_PART!r} part without a filename: send it as a file"))
        elif part.name == FILE_PART:
            self.files_seen += 1
            if self.files_seen > self.max_files:
                return  # counted; reported at the end with the total
            part.path = os.path.join(self.tmpdir, f"upload-{self.files_seen}")
            part.sink = open(part.path, "wb")  # noqa: SIM115 - closed in on_part_end / fail
            part.md5 = hashlib.md5(usedforsecurity=False)
        elif part.name == JSON_PART:
            if self.json_part is not None:
                self.fail(RequestError(f"multipart body has more than one {JSON_PART!r} part"))
            part.data = bytearray()
        else:  # LocalFileJobRequest is closed
            known = " or ".join(repr(name) for name in _PARTS)
            self.fail(RequestError(f"unexpected multipart part {part.name!r} (expected {known})"))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self.part
        chunk = data[start:end]
        part.size += len(chunk)
        if part.sink is not None:
            if part.size > self.max_file_bytes:
                limit = self.max_file_bytes / (1024 * 1024)
                self.fail(
                    PayloadTooLarge(f"file too large: at most {limit:g} MB per uploaded file")
                )
                return
            part.sink.write(chunk)
            part.md5.update(chunk)
        elif part.data is not None:
            if part.size > self.max_json:
                self.fail(PayloadTooLarge("json part too large"))
                part.data = None
                return
            part.data += chunk

    def on_part_end(self) -> None:
        part = self.part
        if self.error is not None:
            return
        if part.sink is not None:
            self.close()
            self.uploads.append(
                Upload(part.filename, part.content_type, part.path, part.size, part.md5.hexdigest())
            )
        elif part.data is not None:
            self.json_part = bytes(part.data)

    def on_end(self) -> None:
        self.ended = True

    def callbacks(self) -> dict[str, Any]:
        """The callback table python-multipart expects."""
        return {name: getattr(self, name) for name in _CALLBACKS}


async def parse_multipart(
    content_type: str,
    stream: AsyncIterator[bytes],
    *,
    tmpdir: str,
    max_files: int,
    max_file_bytes: int,
    max_json_bytes: int,
) -> MultipartResult:
    """Read a multipart job body; files land in ``tmpdir`` (the caller removes it).

    Raises:
        RequestError: malformed body, unknown part, too many files (400).
        PayloadTooLarge: a file over ``max_file_bytes`` (413).
    """
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    collector = _Collector(tmpdir, max_files, max_file_bytes, max_json_bytes)
    parser: MultipartParser | None = None
    if not boundary:
        collector.fail(RequestError("multipart body without a boundary in Content-Type"))
    else:
        try:
            parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
        except (FormParserError, ValueError) as exc:
            collector.fail(RequestError(f"bad multipart boundary: {exc}"))
    async for chunk in stream:
        if parser is None or not chunk:
            continue  # drain so the client can read our answer
        try:
            parser.write(chunk)
        except (FormParserError, ValueError) as exc:
            collector.fail(RequestError(f"malformed multipart body: {exc}"))
            parser = None
    if parser is not None:
        try:
            parser.finalize()
        except (FormParserError, ValueError) as exc:
            collector.fail(RequestError(f"malformed multipart body: {exc}"))
    collector.close()
    if collector.error is None and not collector.ended:
        collector.fail(RequestError("malformed multipart body: missing closing boundary"))
    if collector.error is None and collector.files_seen > max_files:
        collector.fail(
            RequestError(
                f"too many files: {collector.files_seen} (at most {max_files} per job; "
                "send an archive instead)"
            )
        )
    if collector.error is None and len(collector.uploads) < _MIN_FILES:
        collector.fail(
            RequestError(f"multipart body needs at least {_MIN_FILES} {FILE_PART!r} part")
        )
    if collector.error is not None:
        raise collector.error
    return MultipartResult(collector.uploads, collector.json_part)
