"""Input discovery: URLs, files, directories, globs and texts → `InputRecord`s with stable keys."""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import InvalidInput
from ..manifest import InputRecord

__all__ = ["MEDIA_SUFFIXES", "collect_inputs"]

MEDIA_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"),
    *(".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".wmv", ".flv"),
    *(".wav", ".mp3", ".m4a", ".flac", ".ogg", ".aac", ".opus", ".wma"),
    *(".txt", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"),
)
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def collect_inputs(
    sources: Iterable[str | os.PathLike[str]] = (),
    *,
    urls_file: str | os.PathLike[str] | None = None,
    text_file: str | os.PathLike[str] | None = None,
    texts: Iterable[str] = (),
) -> list[InputRecord]:
    """Expand URLs, files, directories (recursively, media files only) and globs into inputs.

    Raises InvalidInput for a path that does not exist, a glob that matches nothing, an empty or
    unreadable file, or a line of `urls_file` that is not an http(s) URL.
    """
    records: dict[str, InputRecord] = {}

    def add(record: InputRecord) -> None:
        records.setdefault(record.key, record)

    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            add(_url_record(text))
        elif "://" in text:
            raise InvalidInput(
                f"{text!r} is not an http(s) URL; pass a public http(s) URL or a path"
            )
        elif any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raise InvalidInput(f"the pattern {text!r} matches no file")
            for path in files:
                add(_file_record(path))
        else:
            path = Path(text)
            if path.is_dir():
                found = [p for p in sorted(path.rglob("*")) if p.is_file() and _is_media(p)]
                if not found:
                    raise InvalidInput(f"the directory {text!r} holds no media or text file")
                for child in found:
                    add(_file_record(child))
            elif path.exists():
                if not _is_media(path):
                    raise InvalidInput(
                        f"{text!r} is not a supported media, text or archive file "
                        f"(supported: {' '.join(MEDIA_SUFFIXES)})"
                    )
                add(_file_record(path))
            else:
                raise InvalidInput(f"{text!r} is neither an http(s) URL nor an existing path")
    if urls_file is not None:
        for line in _lines(urls_file):
            if not line.startswith(("http://", "https://")):
                raise InvalidInput(f"{urls_file}: {line!r} is not an http(s) URL")
            add(_url_record(line))
    for line in [*texts, *(_lines(text_file) if text_file is not None else [])]:
        add(_text_record(line))
    if not records:
        raise InvalidInput(
            "no inputs: pass URLs, files, directories, globs, --urls-file or --text-file"
        )
    return list(records.values())


def _lines(path: str | os.PathLike[str]) -> list[str]:
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from None
    return [line.strip() for line in content.splitlines() if line.strip()]


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
