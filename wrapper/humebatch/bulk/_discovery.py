"""Input discovery: URLs, files, directories, globs and texts → `InputRecord`s with stable keys."""

from __future__ import annotations

import glob
import hashlib
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ..inputs import MAX_FILE_BYTES
from ..manifest import InputRecord

__all__ = ["MEDIA_SUFFIXES", "Shard", "collect_inputs", "iter_inputs"]

MEDIA_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"),
    *(".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".wmv", ".flv"),
    *(".wav", ".mp3", ".m4a", ".flac", ".ogg", ".aac", ".opus", ".wma"),
    *(".txt", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"),
)
MAX_LINE_CHARS = 1 << 20
"""The longest line of a --text-file or --urls-file (an endless "line" is a clear error)."""
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Shard:
    """Slice `index` of `count` (0 <= index < count) of an input set, by a stable hash of each
    input's key: the slices are disjoint and together hold every input exactly once."""

    index: int
    count: int

    def __post_init__(self) -> None:
        valid = all(
            isinstance(v, int) and not isinstance(v, bool) for v in (self.index, self.count)
        )
        if not valid or self.count < 1 or not 0 <= self.index < self.count:
            raise InvalidInput(
                "shard must be I/N with 0 <= I < N (e.g. 0/4 ... 3/4), "
                f"got {self.index}/{self.count}"
            )

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"I/N"`` → Shard(I, N); InvalidInput for anything else."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if match is None:
            raise InvalidInput(f"shard must be I/N with 0 <= I < N (e.g. 0/4), got {text!r}")
        return cls(int(match[1]), int(match[2]))

    def holds(self, record: InputRecord) -> bool:
        digest = hashlib.sha256(record.key.encode()).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index

    @property
    def suffix(self) -> str:
        """Distinguishes this shard's manifest, lock and index in a shared output folder."""
        return f"-shard-{self.index}-of-{self.count}"


def collect_inputs(
    sources: Iterable[str | os.PathLike[str]] = (),
    *,
    urls_file: str | os.PathLike[str] | None = None,
    text_file: str | os.PathLike[str] | None = None,
    texts: Iterable[str] = (),
) -> list[InputRecord]:
    """Expand URLs, files, directories (recursively, media files only) and globs into inputs.

    Raises InvalidInput for a path that does not exist, a glob that matches nothing, an empty or
    unreadable file, or a line of `urls_file` that is not an http(s) URL. `iter_inputs` is the
    streaming form (what runs use); this one also drops duplicates (the first is kept, with
    its ``line``: a text's 1-based line in ``text_file`` or position in ``texts``).
    """
    records: dict[str, InputRecord] = {}
    for record in iter_inputs(sources, urls_file=urls_file, text_file=text_file, texts=texts):
        records.setdefault(record.key, record)
    return list(records.values())


def iter_inputs(
    sources: Iterable[str | os.PathLike[str]] = (),
    *,
    urls_file: str | os.PathLike[str] | None = None,
    text_file: str | os.PathLike[str] | None = None,
    texts: Iterable[str] = (),
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[InputRecord]:
    """`collect_inputs` as a stream (files and text lines read lazily; duplicates possible).

    Errors are raised when the stream reaches the bad input; a run records its inputs in one
    transaction, so a late error records nothing and submits nothing. With ``on_skip``, a file
    that exists but cannot be an input (empty, not a regular file such as a FIFO or a device,
    unreadable, too large, a name that is not UTF-8) is left out and ``on_skip`` gets one
    sentence naming it, instead: one bad file never blocks the others.
    """
    count = 0
    skipped: list[str] = []

    def skip(sentence: str) -> None:
        if on_skip is None:
            raise InvalidInput(sentence)
        skipped.append(sentence)
        on_skip(f"skipped {sentence}")

    for record in _iter_all(sources, urls_file, text_file, texts, skip):
        count += 1
        yield record
    if not count:
        left = f" ({len(skipped)} skipped: {'; '.join(skipped[:3])})" if skipped else ""
        raise InvalidInput(
            f"no inputs{left}: pass URLs, files, directories, globs, --urls-file or --text-file"
        )


def _iter_all(
    sources: Iterable[str | os.PathLike[str]],
    urls_file: str | os.PathLike[str] | None,
    text_file: str | os.PathLike[str] | None,
    texts: Iterable[str],
    skip: Callable[[str], None],
) -> Iterator[InputRecord]:
    def files(paths: Iterable[Path]) -> Iterator[InputRecord]:
        for path in paths:
            try:
                yield _file_record(path)
            except InvalidInput as exc:
                skip(str(exc))

    for source in _checked(sources, "inputs", (str, os.PathLike)):
        text = os.fspath(source)
        if text.startswith(("http://", "https://")):
            yield _url_record(text)
        elif "://" in text:
            raise InvalidInput(
                f"{text!r} is not an http(s) URL; pass a public http(s) URL or a path"
            )
        elif any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            found = [Path(m) for m in matches if not Path(m).is_dir()]
            if not found:
                raise InvalidInput(f"the pattern {text!r} matches no file")
            yield from files(found)
        else:
            path = Path(text)
            if path.is_dir():
                # Not only regular files: a FIFO or a device among them is reported, not hidden.
                found = [p for p in sorted(path.rglob("*")) if not p.is_dir() and _is_media(p)]
                if not found:
                    raise InvalidInput(f"the directory {text!r} holds no media or text file")
                yield from files(found)
            elif path.exists() or path.is_symlink():
                if not _is_media(path):
                    raise InvalidInput(
                        f"{text!r} is not a supported media, text or archive file "
                        f"(supported: {' '.join(MEDIA_SUFFIXES)})"
                    )
                yield from files([path])
            else:
                raise InvalidInput(f"{text!r} is neither an http(s) URL nor an existing path")
    if urls_file is not None:
        for _, line in _lines(urls_file):
            if not line.startswith(("http://", "https://")):
                raise InvalidInput(f"{urls_file}: {line!r} is not an http(s) URL")
            yield _url_record(line)
    # A text's line: its 1-based position in the list, or its line in the file.
    yield from (_text_record(t, n) for n, t in enumerate(_checked(texts, "texts", (str,)), 1))
    if text_file is not None:
        yield from (_text_record(text, number) for number, text in _lines(text_file))


def _checked(items: object, what: str, kinds: tuple[type, ...]) -> Iterator[Any]:
    """The items of a list argument, each of `kinds` and valid Unicode (else `InvalidInput`)."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidInput(f"{what} must be a list, got {type(items).__name__}")
    for i, item in enumerate(items):
        if not isinstance(item, kinds) or isinstance(item, bytes):
            expected = "a string" if kinds == (str,) else "a URL, a path or a glob (a string)"
            raise InvalidInput(f"{what}[{i}] must be {expected}, got {type(item).__name__}")
        text = os.fspath(item) if isinstance(item, os.PathLike) else item
        if not isinstance(text, str) or "\0" in text:
            raise InvalidInput(f"{what}[{i}] must be text without NUL characters: {item!r}")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(
                f"{what}[{i}] {item!r} is not valid Unicode (a byte that was not UTF-8?)"
            ) from None
        if what == "texts" and not text.strip():
            raise InvalidInput(f"{what}[{i}] is empty: nothing to analyse")
        yield item


def _lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, str]]:
    """(1-based number, stripped text) of each non-blank line of a text file, each at most
    `MAX_LINE_CHARS` (a pipe works too)."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for number in itertools.count(1):
                line = handle.readline(MAX_LINE_CHARS + 1)
                if not line:
                    return
                if len(line) > MAX_LINE_CHARS and line[-1] != "\n":
                    raise InvalidInput(
                        f"{path}: line {number} is longer than {MAX_LINE_CHARS >> 20} MiB "
                        "characters (is it a text file, one input per line?); split it"
                    )
                if line.strip():
                    yield number, line.strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from None


def _is_media(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(MEDIA_SUFFIXES)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _slug(stem: str, key: str) -> str:
    cleaned = _SLUG.sub("_", stem).strip("._")[:60] or "input"
    return f"{cleaned}-{_short_hash(key)}"


def _url_record(url: str) -> InputRecord:
    key = f"url:{url}"
    return InputRecord(key=key, kind="url", value=url, name=_slug(url.rsplit("/", 1)[-1], key))


def _file_record(path: Path) -> InputRecord:
    """A file as an input: checked (a regular, non-empty file, its name UTF-8), then hashed.

    Its type is checked before it is opened and again on the open file (opened without
    blocking), so a FIFO or a device is never read: a read that would never end.
    """
    resolved = path.resolve()
    try:
        str(resolved).encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"{str(path)!r}: its name is not valid UTF-8 (the API takes UTF-8 names); rename it"
        ) from None
    try:
        info = resolved.stat()
        _check_regular(path, info)
        if info.st_size == 0:
            raise InvalidInput(f"{str(path)!r}: the file is empty; remove it from the inputs")
        if info.st_size > MAX_FILE_BYTES:
            raise InvalidInput(
                f"{str(path)!r}: {info.st_size / 2**20:.1f} MB, over the API's "
                f"{MAX_FILE_BYTES / 2**20:g} MB per uploaded file; host it and pass its URL"
            )
        digest = hashlib.md5(usedforsecurity=False)
        fd = os.open(
            resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
        with os.fdopen(fd, "rb") as handle:
            _check_regular(path, os.fstat(handle.fileno()))
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InvalidInput(f"{str(path)!r}: cannot read it ({exc.strerror or exc})") from None
    md5 = digest.hexdigest()
    key = f"file:{md5}:{resolved.name}"
    return InputRecord(
        key=key, kind="file", value=str(resolved), name=_slug(resolved.name, key), md5=md5
    )


def _check_regular(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        what = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "special file")
        raise InvalidInput(
            f"{str(path)!r} is not a regular file (a {what}): refusing to read it; pass "
            "regular files only"
        )


_NOT_REGULAR = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


def _text_record(text: str, line: int) -> InputRecord:
    key = f"text:{hashlib.sha256(text.encode()).hexdigest()}"
    return InputRecord(key=key, kind="text", value=text, name=_slug("text", key), line=line)
