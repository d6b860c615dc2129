"""What a job's inputs are, decided from names only: the mock never fetches a URL.

Media kind comes from the file extension (or, for an upload without one, its part Content-Type).
Mock-only URL query parameters describe what a real server would learn by downloading the file:

* ``duration=<seconds>``: length of audio/video (default: 5-60 s, derived from the URL).
* ``faces=<n>``: faces visible in an image/video (default 1-3); ``speakers=<n>``: voices (1-2).
* ``files=<n>``: members of an archive (default 2-10); ``kind=image|video|audio|text``: their
  kind (default image).

Uploaded archives (.zip, .tar*) are really opened and their members listed; uploaded ``.wav`` files
have their real duration read; other uploaded audio/video get a duration from their size.
"""

from __future__ import annotations

import hashlib
import random
import re
import tarfile
import wave
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

IMAGE = "image"
VIDEO = "video"
AUDIO = "audio"
TEXT = "text"
ARCHIVE = "archive"

_EXTENSIONS: dict[str, str] = {
    **dict.fromkeys(("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "heic"), IMAGE),
    **dict.fromkeys(("mp4", "mov", "avi", "mkv", "webm", "m4v", "wmv", "flv", "mpeg"), VIDEO),
    **dict.fromkeys(("wav", "mp3", "m4a", "flac", "ogg", "aac", "wma", "opus", "aiff"), AUDIO),
    **dict.fromkeys(("txt", "text"), TEXT),
    **dict.fromkeys(("zip", "tar", "tgz", "gz", "bz2", "xz"), ARCHIVE),
}
_MEMBER_EXT = {IMAGE: "jpg", VIDEO: "mp4", AUDIO: "wav", TEXT: "txt"}
MAX_MEDIA_SECONDS = 3 * 3600
_TEXT_READ_LIMIT = 1024 * 1024

# The documented failure trigger: the word "fail" in a URL, filename or text, delimited by
# anything but a letter or digit ("fail.mp4", "a-fail-b", "please fail" trigger; "failure" not).
FAIL_TRIGGER = re.compile(r"(?<![a-z0-9])fail(?![a-z0-9])", re.IGNORECASE)


def stable_seed(*parts: object) -> int:
    """A 64-bit seed that depends only on ``parts`` (stable across processes, unlike hash())."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def kind_of(name: str | None, content_type: str | None = None) -> str | None:
    """The media kind of a file name (``None`` when unsupported)."""
    if name:
        suffix = PurePosixPath(name.lower()).suffix.lstrip(".")
        if suffix in _EXTENSIONS:
            return _EXTENSIONS[suffix]
    if content_type:
        major = content_type.split("/", 1)[0].strip().lower()
        if major in (IMAGE, VIDEO, AUDIO, TEXT):
            return major
        if content_type.lower().startswith(("application/zip", "application/x-tar")):
            return ARCHIVE
    return None


@dataclass(frozen=True)
class MediaItem:
    """One file to predict on (or a per-file error), as the predictions' ``file`` names it."""

    file: str
    kind: str | None
    seed: int
    duration: float = 0.0
    text: str | None = None
    faces: int = 1
    speakers: int = 1
    error: str | None = None


@dataclass
class SourcePlan:
    """One element of the predictions body: its ``source`` object and the files inside it."""

    source: dict[str, Any]
    items: list[MediaItem] = field(default_factory=list)
    error: str | None = None


def _int_param(query: dict[str, list[str]], name: str, default: int, lo: int, hi: int) -> int:
    try:
        return max(lo, min(hi, int(query[name][0])))
    except (KeyError, ValueError, IndexError):
        return default


def _default_duration(kind: str, seed: int) -> float:
    if kind == VIDEO:
        return 5.0 + seed % 56
    if kind == AUDIO:
        return 5.0 + seed % 26
    return 0.0


def _media_item(
    file: str, kind: str | None, seed: int, *, duration: float | None = None, **extra: Any
) -> MediaItem:
    if kind is None:
        return MediaItem(file, None, seed, error=f"unsupported file type: {file}")
    length = _default_duration(kind, seed) if duration is None else duration
    if length > MAX_MEDIA_SECONDS:
        return MediaItem(file, kind, seed, error=f"media longer than 3 hours: {file}")
    item = MediaItem(
        file, kind, seed, duration=max(0.0, length), faces=1 + seed % 3, speakers=1 + seed % 2
    )
    return replace(item, **extra)


def plan_url(url: str, job_seed: int) -> SourcePlan:
    """Plan a URL source from its name and mock-only query parameters."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    name = PurePosixPath(unquote(parts.path)).name
    seed = stable_seed(job_seed, "url", url)
    plan = SourcePlan({"type": "url", "url": url})
    kind = kind_of(name)
    extra: dict[str, Any] = {}
    if "faces" in query:
        extra["faces"] = _int_param(query, "faces", 1, 0, 50)
    if "speakers" in query:
        extra["speakers"] = _int_param(query, "speakers", 1, 1, 20)
    duration: float | None = None
    if "duration" in query:
        try:
            duration = float(query["duration"][0])
        except ValueError:
            duration = None
    if kind == ARCHIVE:
        count = _int_param(query, "files", 2 + seed % 9, 0, 10_000)
        member_kind = query.get("kind", [IMAGE])[0]
        if member_kind not in _MEMBER_EXT:
            member_kind = IMAGE
        stem = name.split(".", 1)[0] or "archive"
        for i in range(count):
            file = f"{stem}/{100 + i}.{_MEMBER_EXT[member_kind]}"
            item_seed = stable_seed(seed, file)
            text = synthetic_text(item_seed) if member_kind == TEXT else None
            item = _media_item(file, member_kind, item_seed, duration=duration, text=text, **extra)
            plan.items.append(item)
        if not count:
            plan.items.append(MediaItem(name, None, seed, error=f"empty archive: {name}"))
        return plan
    file = name or url
    text = synthetic_text(seed) if kind == TEXT else None
    plan.items.append(_media_item(file, kind, seed, duration=duration, text=text, **extra))
    return plan


def plan_texts(texts: list[str], job_seed: int) -> SourcePlan:
    """All ``text`` strings of a job form one source; a prediction's file is its 1-based index."""
    plan = SourcePlan({"type": "text"})
    for i, text in enumerate(texts, start=1):
        seed = stable_seed(job_seed, "text", text)
        if not text.strip():
            plan.items.append(MediaItem(str(i), TEXT, seed, error="empty text"))
        else:
            plan.items.append(MediaItem(str(i), TEXT, seed, text=text))
    return plan


@dataclass(frozen=True)
class Upload:
    """An uploaded file part, already on disk."""

    filename: str | None
    content_type: str | None
    path: str
    size: int
    md5: str

    def echo(self) -> dict[str, Any]:
        return {"filename": self.filename, "md5sum": self.md5, "content_type": self.content_type}


def _wav_seconds(path: str) -> float | None:
    try:
        with wave.open(path, "rb") as wav:
            rate = wav.getframerate()
            return wav.getnframes() / rate if rate else None
    except (wave.Error, EOFError, OSError):
        return None


def _read_text(path: str) -> str:
    with open(path, "rb") as fh:
        return fh.read(_TEXT_READ_LIMIT).decode("utf-8", errors="replace")


def _archive_members(path: str) -> list[str] | None:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                return [i.filename for i in zf.infolist() if not i.is_dir()]
        if tarfile.is_tarfile(path):
            with tarfile.open(path) as tf:
                return [m.name for m in tf.getmembers() if m.isfile()]
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError):
        return None
    return None


def plan_upload(upload: Upload, job_seed: int) -> SourcePlan:
    """Plan an uploaded file: its real size, md5, members (archives) and length (.wav)."""
    plan = SourcePlan({"type": "file", **upload.echo()})
    name = upload.filename or "file"
    seed = stable_seed(job_seed, "file", upload.md5, name)
    kind = kind_of(upload.filename, upload.content_type)
    if upload.size == 0:
        plan.items.append(MediaItem(name, kind, seed, error=f"empty file: {name}"))
        return plan
    if kind == ARCHIVE:
        members = _archive_members(upload.path)
        if members is None:
            plan.items.append(MediaItem(name, None, seed, error=f"could not read archive: {name}"))
        elif not members:
            plan.items.append(MediaItem(name, None, seed, error=f"empty archive: {name}"))
        for member in members or ():
            member_kind = kind_of(member)
            member_seed = stable_seed(seed, member)
            member_text = synthetic_text(member_seed) if member_kind == TEXT else None
            plan.items.append(_media_item(member, member_kind, member_seed, text=member_text))
        return plan
    duration: float | None = None
    text: str | None = None
    if kind == AUDIO and name.lower().endswith(".wav"):
        duration = _wav_seconds(upload.path)
    if duration is None and kind in (AUDIO, VIDEO):
        # Typical bitrates: 128 kbit/s audio, 2 Mbit/s video; at least one second.
        duration = max(1.0, upload.size / (16_000 if kind == AUDIO else 250_000))
    if kind == TEXT:
        text = _read_text(upload.path)
        if not text.strip():
            plan.items.append(MediaItem(name, kind, seed, error=f"empty file: {name}"))
            return plan
    plan.items.append(_media_item(name, kind, seed, duration=duration, text=text))
    return plan


_WORDS = [
    "the",
    "a",
    "we",
    "I",
    "you",
    "they",
    "it",
    "this",
    "that",
    "and",
    "but",
    "so",
    "because",
    "when",
    "if",
    "then",
    "really",
    "very",
    "just",
    "think",
    "know",
    "feel",
    "want",
    "need",
    "see",
    "said",
    "going",
    "make",
    "get",
    "got",
    "like",
    "love",
    "hate",
    "hope",
    "wish",
    "today",
    "tomorrow",
    "yesterday",
    "morning",
    "night",
    "week",
    "time",
    "year",
    "people",
    "family",
    "friends",
    "team",
    "work",
    "project",
    "meeting",
    "call",
    "plan",
    "idea",
    "problem",
    "answer",
    "question",
    "story",
    "music",
    "movie",
    "book",
    "good",
    "great",
    "bad",
    "fine",
    "happy",
    "sad",
    "tired",
    "excited",
    "worried",
    "sure",
    "maybe",
    "never",
    "always",
    "again",
    "here",
    "there",
    "home",
    "office",
    "city",
    "country",
    "world",
    "place",
    "thing",
    "way",
    "day",
    "life",
    "house",
    "car",
    "phone",
    "started",
    "finished",
    "tried",
    "helped",
    "asked",
    "told",
    "heard",
    "watched",
    "played",
    "called",
    "moved",
    "changed",
]
ENTITIES: tuple[tuple[str, str], ...] = (
    ("Paris", "https://www.wikidata.org/wiki/Q90"),
    ("London", "https://www.wikidata.org/wiki/Q84"),
    ("New York", "https://www.wikidata.org/wiki/Q60"),
    ("Monday", "https://www.wikidata.org/wiki/Q105"),
    ("Friday", "https://www.wikidata.org/wiki/Q130"),
    ("Alice", "https://www.wikidata.org/wiki/Q1148016"),
    ("Google", "https://www.wikidata.org/wiki/Q95"),
    ("Python", "https://www.wikidata.org/wiki/Q28865"),
    ("Hume", "https://www.wikidata.org/wiki/Q41568"),
    ("Tokyo", "https://www.wikidata.org/wiki/Q1490"),
)


def synthetic_sentence(
    rng: random.Random, words: tuple[int, int] = (4, 16), entity: float = 0.3
) -> str:
    """One English-looking sentence of ``words`` (min, max) words; with probability ``entity``
    it names an entity, so NER has something to find."""
    tokens = [rng.choice(_WORDS) for _ in range(rng.randint(*words))]
    if rng.random() < entity:
        tokens.insert(rng.randint(1, len(tokens)), rng.choice(ENTITIES)[0])
    tokens[0] = tokens[0].capitalize()
    return " ".join(tokens) + rng.choice((".", ".", ".", "?", "!"))


def synthetic_utterance(rng: random.Random) -> str:
    """One spoken sentence: longer than a written one (about 12 words, as in real speech)."""
    return synthetic_sentence(rng, words=(6, 18), entity=0.4)


def synthetic_text(seed: int, sentences: int | None = None) -> str:
    """A deterministic paragraph standing in for a text file the mock does not download."""
    rng = random.Random(seed)
    count = sentences if sentences is not None else rng.randint(2, 6)
    return " ".join(synthetic_sentence(rng) for _ in range(count))
