"""Input discovery: URLs, files, directories, globs and texts → `InputRecord`s with stable keys."""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput
from ..manifest import InputRecord

__all__ = ["MEDIA_SUFFIXES", "Shard", "collect_inputs", "iter_inputs"]

MEDIA_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"),
    *(".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".wmv", ".flv"),
    *(".wav", ".mp3", ".m4a", ".flac", ".ogg", ".aac", ".opus", ".wma"),
    *(".txt", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"),
)
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
    streaming form (what runs use); this one also drops duplicates.
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
) -> Iterator[InputRecord]:
    """`collect_inputs` as a stream (files and text lines read lazily; duplicates possible).

    Errors are raised when the stream reaches the bad input; a run records its inputs in one
    transaction, so a late error records nothing and submits nothing.
    """
    count = 0
    for record in _iter_all(sources, urls_file, text_file, texts):
        count += 1
        yield record
    if not count:
        raise InvalidInput(
            "no inputs: pass URLs, files, directories, globs, --urls-file or --text-file"
        )


def _iter_all(
    sources: Iterable[str | os.PathLike[str]],
    urls_file: str | os.PathLike[str] | None,
    text_file: str | os.PathLike[str] | None,
    texts: Iterable[str],
) -> Iterator[InputRecord]:
    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            yield _url_record(text)
        elif "://" in text:
            raise InvalidInput(
                f"{text!r} is not an http(s) URL; pass a public http(s) URL or a path"
            )
        elif any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raise InvalidInput(f"the pattern {text!r} matches no file")
            yield from (_file_record(path) for path in files)
        else:
            path = Path(text)
            if path.is_dir():
                found = [p for p in sorted(path.rglob("*")) if p.is_file() and _is_media(p)]
                if not found:
                    raise InvalidInput(f"the directory {text!r} holds no media or text file")
                yield from (_file_record(child) for child in found)
            elif path.exists():
                if not _is_media(path):
                    raise InvalidInput(
                        f"{text!r} is not a supported media, text or archive file "
                        f"(supported: {' '.join(MEDIA_SUFFIXES)})"
                    )
                yield _file_record(path)
            else:
                raise InvalidInput(f"{text!r} is neither an http(s) URL nor an existing path")
    if urls_file is not None:
        for line in _lines(urls_file):
            if not line.startswith(("http://", "https://")):
                raise InvalidInput(f"{urls_file}: {line!r} is not an http(s) URL")
            yield _url_record(line)
    yield from (_text_record(line) for line in texts)
    if text_file is not None:
        yield from (_text_record(line) for line in _lines(text_file))


def _lines(path: str | os.PathLike[str]) -> Iterator[str]:
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield line.strip()
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
    resolved = path.resolve()
    try:
        size = resolved.stat().st_size
        digest = hashlib.md5(usedforsecurity=False)
        with resolved.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    if size == 0:
        raise InvalidInput(f"{path} is empty; remove it from the inputs")
    md5 = digest.hexdigest()
    key = f"file:{md5}:{resolved.name}"
    return InputRecord(
        key=key, kind="file", value=str(resolved), name=_slug(resolved.name, key), md5=md5
    )


def _text_record(text: str) -> InputRecord:
    key = f"text:{hashlib.sha256(text.encode()).hexdigest()}"
    return InputRecord(key=key, kind="text", value=text, name=_slug("text", key))
