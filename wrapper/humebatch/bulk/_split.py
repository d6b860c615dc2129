"""A job's predictions body split by input, as the API's own bytes (no tree of objects).

Each input's share is a slice of the body (``msgspec.Raw``, zero-copy: the body may be a
memory-mapped spool), or for a text job the bytes of one source built from the slices of that
text's predictions and errors. It is written as the input's JSON, verbatim, and each other
format is decoded from it, one input at a time, so the run never holds a whole body decoded.

A body that does not have the shape the slicing reads (a wrong type where it looks) is split
the slow way, through ``orjson.loads``, exactly as before; invalid JSON raises as it did.
"""

from __future__ import annotations

import functools
import mmap
from collections.abc import Callable, Mapping
from typing import Any

import msgspec
import orjson

from ..manifest import InputKind, InputRecord

__all__ = ["Piece", "releaser", "split_body", "split_by_input", "with_input"]

Piece = tuple[bytes | msgspec.Raw, Any]
"""One input's JSON (one ``SourcePredictResult``) and its source's ``error``, if any."""


class _Ref(msgspec.Struct):
    url: str | None = None
    md5sum: str | None = None


class _Source(msgspec.Struct):
    source: _Ref | None = None
    error: Any = None


class _Tagged(msgspec.Struct):
    """A prediction or error of a text job: which text (``file``, 1-based) it is of."""

    file: Any = None


class _TextResults(msgspec.Struct):
    predictions: list[msgspec.Raw] | None = None
    errors: list[msgspec.Raw] | None = None


_NULL = msgspec.Raw(b"null")


class _TextSource(msgspec.Struct):
    source: msgspec.Raw = _NULL  # absent reads as null, as it did
    results: _TextResults | None = None
    error: msgspec.Raw = _NULL


_SOURCES = msgspec.json.Decoder(list[msgspec.Raw])
_OPENING = b'{"source":'
_SPACE = b" \t\r\n"
_SOURCE = msgspec.json.Decoder(_Source)
_TAGGED = msgspec.json.Decoder(_Tagged)
_TEXT = msgspec.json.Decoder(list[_TextSource])
_FILE_FIRST = b'{"file":"'
_PLAIN_FILE = 24  # bytes of a leading "file" string read without decoding the object


def _file_of(raw: msgspec.Raw) -> Any:
    """Which text (``file``) a prediction or error is of.

    The API writes ``file`` first (``{"file":"12",...``): read from the object's first bytes,
    not by decoding all of it (a text's prediction is tens of kB); any other form is decoded.
    """
    head = memoryview(raw)[: len(_FILE_FIRST) + _PLAIN_FILE].tobytes()
    if head.startswith(_FILE_FIRST):
        close = head.find(b'"', len(_FILE_FIRST))
        value = head[len(_FILE_FIRST) : close]
        if close > 0 and value.isdigit():
            return value.decode()
    return _TAGGED.decode(raw).file


def split_body(kind: InputKind, inputs: list[InputRecord], body: Any) -> dict[str, Piece]:
    """Each input's key → its `Piece` (inputs the body holds nothing for are left out).

    ``inputs`` are all inputs the job was submitted with (their order numbers the texts).
    """
    try:
        if kind == "text":
            return _split_text(inputs, body)
        return _split_media(kind, inputs, body)
    except msgspec.DecodeError:
        pass  # out of the except block: no traceback holds the slices
    decoded = orjson.loads(body)
    return {
        key: (orjson.dumps(source), source.get("error"))
        for key, source in split_by_input(kind, inputs, decoded).items()
    }


def _split_media(kind: InputKind, inputs: list[InputRecord], body: Any) -> dict[str, Piece]:
    wanted: dict[str | None, list[str]] = {}
    for record in inputs:
        wanted.setdefault(record.value if kind == "url" else record.md5, []).append(record.key)
    out: dict[str, Piece] = {}
    mapped = body.obj if isinstance(body, memoryview) else None
    pieces = _mapped_sources(body, mapped) if isinstance(mapped, mmap.mmap) else None
    if pieces is None:
        pieces = [(raw, _SOURCE.decode(raw)) for raw in _SOURCES.decode(body)]
    for raw, info in pieces:
        ref = info.source
        if ref is None:
            continue
        for key in wanted.get(ref.url if kind == "url" else ref.md5sum, ()):
            out.setdefault(key, (raw, info.error))
    return out


def _mapped_sources(view: memoryview, mapped: mmap.mmap) -> list[tuple[Any, _Source]] | None:
    """The sources of a memory-mapped body (and what names them), without mapping all of it.

    Decoded whole, a body keeps every page of its file in this process's resident memory until
    the end. Here each source is found by the ``,{"source":`` that opens the next one (the
    API's compact form; those bytes cannot occur inside a JSON string, whose quotes are
    escaped) and taken once it decodes as one whole value (a match inside a source ends no
    value: no proper prefix of an object is an object); the pages behind are dropped as it goes
    (they stay in the page cache). None when the body is not in that form: it is decoded whole.
    """
    start, end = 0, len(view)
    while start < end and view[start] in _SPACE:
        start += 1
    while end > start and view[end - 1] in _SPACE:
        end -= 1
    if end - start < 2 or view[start] != ord("[") or view[end - 1] != ord("]"):
        return None
    start += 1
    while start < end and view[start] in _SPACE:
        start += 1
    if bytes(view[start : start + len(_OPENING)]) != _OPENING:
        return None  # not the API's compact form (or no source at all)
    pieces: list[tuple[Any, _Source]] = []
    cut = search = start
    while True:
        following = mapped.find(b"," + _OPENING, search + 1, end)
        stop = end - 1 if following < 0 else following
        piece = view[cut:stop]
        try:
            info = _SOURCE.decode(piece)
        except msgspec.DecodeError:
            if following < 0:
                return None
            search = following  # that opening was inside a source: look further
            continue
        pieces.append((piece, info))
        _drop(mapped, stop)
        if following < 0:
            return pieces
        cut = search = following + 1


def _drop(mapped: mmap.mmap, upto: int | None = None) -> None:
    """Unmap this process's pages of the body before ``upto`` (all: None); the file's data
    stays in the page cache and is read again if needed."""
    length = len(mapped) if upto is None else upto - upto % mmap.PAGESIZE
    if length > 0 and hasattr(mmap, "MADV_DONTNEED"):
        mapped.madvise(mmap.MADV_DONTNEED, 0, length)


def releaser(body: Any) -> Callable[[], None]:
    """What drops this process's pages of a memory-mapped ``body`` (a no-op for bytes).

    Called after each part of a job's inputs is decoded again (as `with_input` does after its
    copy), so a job's resident pages stay those of about one part: views of the body stay
    valid (a page read again comes back from the page cache).
    """
    mapped = body.obj if isinstance(body, memoryview) else None
    if isinstance(mapped, mmap.mmap):
        return functools.partial(_drop, mapped)
    return _nothing


def _nothing() -> None:
    pass


def _split_text(inputs: list[InputRecord], body: Any) -> dict[str, Piece]:
    # A text job has one {"type": "text"} source; `file` is the 1-based index of each string.
    out: dict[str, Piece] = {}
    for source in _TEXT.decode(body):
        results = source.results or _TextResults()
        by_file: dict[Any, tuple[list[msgspec.Raw], list[msgspec.Raw]]] = {}
        for slot, items in ((0, results.predictions), (1, results.errors)):
            for raw in items or ():
                by_file.setdefault(_file_of(raw), ([], []))[slot].append(raw)
        head = b'{"source":' + bytes(source.source) + b',"results":{"predictions":['
        tail = b']},"error":' + bytes(source.error) + b"}"
        error_value = msgspec.json.decode(source.error)
        for index, record in enumerate(inputs, start=1):
            predictions, errors = by_file.get(str(index), ((), ()))
            joined = b",".join(predictions) + b'],"errors":[' + b",".join(errors)
            out[record.key] = (head + joined + tail, error_value)
    return out


def with_input(raw: bytes | msgspec.Raw, name: str, line: int | None = None) -> bytes:
    """An input's JSON object with ``"input": name`` (then a text's ``"line"``) put first (its
    other keys as they were). One copy of ``raw`` (an input may be tens of MB)."""
    view = memoryview(raw)  # msgspec.Raw is a buffer
    if bytes(view[:1]) != b"{":
        found = bytes(view)  # not an object (a body split the slow way): left as it is
    else:
        start = 1
        while start < len(view) and view[start] in _SPACE:
            start += 1
        head = b'{"input":' + orjson.dumps(name) + (b"" if line is None else b',"line":%d' % line)
        found = b"".join(
            (head, b"" if bytes(view[start : start + 1]) == b"}" else b",", view[start:])
        )
    if isinstance(view.obj, mmap.mmap):  # a slice of a mapped body
        _drop(view.obj)  # copied: its pages of the mapped body are not needed any more
    view.release()
    return found


def split_by_input(
    kind: InputKind, inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Map each input's key to its own source result, from an ``orjson.loads``-ed body."""
    if kind == "text":
        return _split_text_dicts(inputs, sources)
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        info = source.get("source") or {}
        for record in inputs:
            wanted = ("url", record.value) if kind == "url" else ("md5sum", record.md5)
            if info.get(wanted[0]) == wanted[1]:
                out.setdefault(record.key, source)
    return out


def _split_text_dicts(
    inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        results: Mapping[str, Any] = source.get("results") or {}
        for index, record in enumerate(inputs, start=1):
            name = str(index)
            out[record.key] = {
                "source": source.get("source"),
                "results": {
                    "predictions": [
                        p for p in results.get("predictions", []) if p.get("file") == name
                    ],
                    "errors": [e for e in results.get("errors", []) if e.get("file") == name],
                },
                "error": source.get("error"),
            }
    return out
