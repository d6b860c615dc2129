"""Input validation: everything is checked before any request is sent.

Each function returns plain, JSON-ready data (the seam turns it into the generated request
models) or raises `InvalidInput` saying what is wrong and how to fix it. Typed configs (the
generated `Models`, `Transcription`, …) are accepted too: they are turned into dicts first, so
one set of rules checks both spellings.
"""

from __future__ import annotations

import io
import math
import mimetypes
import os
import stat
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeAlias
from urllib.parse import urlsplit

from ._options import NOT_GIVEN  # an argument left out (None means null to the API)
from ._transport import GRANULARITIES, LANGUAGES
from .errors import InvalidInput

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "NOT_GIVEN",
    "FileInput",
    "Submission",
    "UploadFile",
    "check_models_read_inputs",
    "validate_callback_url",
    "validate_files",
    "validate_job_id",
    "validate_models",
    "validate_submission",
    "validate_texts",
    "validate_transcription",
    "validate_urls",
]

MAX_ITEMS = 100
MAX_FILE_BYTES = 100 * 1024 * 1024

FileInput: TypeAlias = "str | os.PathLike[str] | tuple[str, bytes | IO[bytes]]"
"""A path, or ``(filename, bytes)``, or ``(filename, binary file object)``."""


@dataclass(frozen=True)
class UploadFile:
    """A validated upload: either a path on disk (opened per attempt) or in-memory content."""

    filename: str
    content_type: str
    path: Path | None = None
    data: bytes | IO[bytes] | None = None
    start: int | None = None
    """Position of a file object when submitted, to rewind to before a retry (None: can't)."""


# --------------------------------------------------------------------------- scalars


def validate_job_id(job_id: object) -> str:
    """The canonical string form of a job id, or InvalidInput if it is not a UUID."""
    if isinstance(job_id, uuid.UUID):
        return str(job_id)
    if not isinstance(job_id, str):
        raise InvalidInput(f"job_id must be a UUID string, got {type(job_id).__name__}.")
    try:
        return str(uuid.UUID(job_id.strip()))
    except ValueError:
        raise InvalidInput(
            f"{job_id!r} is not a job id: job ids are UUIDs such as "
            "'6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11' (see client.jobs())."
        ) from None


def _check_http_url(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a string, got {type(value).__name__}.")
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            f"{what} {value!r} is not an http(s) URL (e.g. https://example.com/a.mp4)."
        )
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in 0..65535
    except ValueError:
        raise InvalidInput(f"{what} {value!r} has an invalid port (0 to 65535).") from None
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise InvalidInput(f"{what} {value!r} contains spaces or control characters: encode them.")
    if not url.isascii():
        raise InvalidInput(
            f"{what} {value!r} has non-ASCII characters; the API takes URIs, so percent-encode "
            "them (urllib.parse.quote) and use the IDNA form of the host."
        )
    return url


def _as_list(value: object, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | bytes | os.PathLike):
        raise InvalidInput(
            f"{what} must be a list, got a single {type(value).__name__}: wrap it in a list, "
            f"{what}=[{value!r}]."
        )
    if not isinstance(value, Iterable):
        raise InvalidInput(f"{what} must be a list, got {type(value).__name__}.")
    return list(value)


def _check_utf8(value: str, what: str) -> None:
    """The API takes UTF-8; a lone surrogate (an undecodable byte, via surrogateescape) has none."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(
            f"{what} has a character that is not valid Unicode at position {exc.start} "
            f"({value[exc.start]!r}, often a byte that was not UTF-8): the API takes UTF-8, so "
            "fix the text's encoding."
        ) from None


def validate_urls(urls: object) -> list[str]:
    """At most 100 http(s) URLs (send an archive for more)."""
    items = _as_list(urls, "urls")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(
            f"{len(items)} URLs given; at most {MAX_ITEMS} per job. Put the media in an archive "
            "(.zip, .tar.gz, .tar.bz2, .tar.xz) and submit its URL, or split into several jobs."
        )
    return [_check_http_url(u, f"urls[{i}]") for i, u in enumerate(items)]


def validate_texts(text: object) -> list[str]:
    """At most 100 strings."""
    if isinstance(text, str):
        text = [text]
    items = _as_list(text, "text")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(f"{len(items)} texts given; at most {MAX_ITEMS} per job: split them.")
    for i, t in enumerate(items):
        if not isinstance(t, str):
            raise InvalidInput(f"text[{i}] must be a string, got {type(t).__name__}.")
        if not t.strip():
            raise InvalidInput(f"text[{i}] is empty: nothing to analyse.")
        _check_utf8(t, f"text[{i}]")
    return items


def validate_callback_url(url: object) -> str | None:
    """An http(s) URL, or None."""
    return None if url is None else _check_http_url(url, "callback_url")


# --------------------------------------------------------------------------- files


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _check_size(size: int, what: str) -> None:
    if size == 0:
        raise InvalidInput(f"{what} is empty: nothing to analyse.")
    if size > MAX_FILE_BYTES:
        raise InvalidInput(
            f"{what} is {size / 2**20:.1f} MB; the API accepts at most 100 MB per uploaded file. "
            "Host it and pass its URL in urls=, or split it."
        )


def _validate_path(value: str | os.PathLike[str], i: int) -> UploadFile:
    path = Path(value)
    what = f"files[{i}] ({str(path)!r})"
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InvalidInput(f"{what} does not exist.") from None
    except OSError as exc:
        raise InvalidInput(f"{what} cannot be read: {exc.strerror}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{what} is a directory: pass its files, or upload an archive of it.")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{what} is not a regular file.")
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} has a name that is not valid UTF-8: rename the file.") from None
    _check_size(info.st_size, what)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InvalidInput(f"{what} cannot be read: {exc.strerror}.") from None
    return UploadFile(filename=path.name, content_type=_content_type(path.name), path=path)


def _validate_pair(value: tuple[Any, ...], i: int) -> UploadFile:
    if len(value) != 2 or not isinstance(value[0], str) or not value[0]:
        raise InvalidInput(f"files[{i}] must be a path or a (filename, bytes | binary file) pair.")
    name, content = value
    what = f"files[{i}] ({name!r})"
    _check_utf8(name, f"files[{i}] name")
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
        _check_size(len(data), what)
        return UploadFile(filename=name, content_type=_content_type(name), data=data)
    if not hasattr(content, "read") or isinstance(content, io.TextIOBase):
        raise InvalidInput(f"{what}: content must be bytes or a file opened in binary mode.")
    start: int | None = None
    try:
        if content.seekable():
            start = content.tell()
            size = content.seek(0, os.SEEK_END) - start
            content.seek(start)
            _check_size(size, what)
    except (AttributeError, OSError):
        start = None
    return UploadFile(filename=name, content_type=_content_type(name), data=content, start=start)


def validate_files(files: object) -> list[UploadFile]:
    """At most 100 readable, non-empty regular files of at most 100 MB each."""
    items = _as_list(files, "files")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(
            f"{len(items)} files given; at most {MAX_ITEMS} per job. Upload an archive, or split."
        )
    out: list[UploadFile] = []
    for i, item in enumerate(items):
        if isinstance(item, tuple):
            out.append(_validate_pair(item, i))
        elif isinstance(item, str | os.PathLike):
            out.append(_validate_path(item, i))
        else:
            raise InvalidInput(
                f"files[{i}] must be a path or a (filename, bytes | binary file) pair, "
                f"got {type(item).__name__}."
            )
    return out


# --------------------------------------------------------------------------- model configs


def _to_plain(config: object, what: str) -> object:
    """A typed generated config → its dict; dicts and None pass through."""
    to_dict = getattr(config, "to_dict", None)
    if to_dict is None or isinstance(config, Mapping):
        return config
    try:
        return to_dict()
    except (AttributeError, TypeError, ValueError) as exc:
        raise InvalidInput(f"{what} could not be serialised: {exc}.") from None


def _number(value: object, what: str, *, low: float, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"{what} must be a number, got {value!r}.")
    if not low <= value <= high:
        bound = f"between {low:g} and {high:g}" if math.isfinite(high) else f"at least {low:g}"
        raise InvalidInput(f"{what} must be {bound}, got {value!r}.")
    return value


def _integer(value: object, what: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{what} must be an integer, got {value!r}.")
    if not low <= value <= high:
        raise InvalidInput(f"{what} must be between {low} and {high}, got {value!r}.")
    return value


def _boolean(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{what} must be true or false, got {value!r}.")
    return value


def _choice(value: object, what: str, choices: Sequence[str]) -> str:
    value = getattr(value, "value", value)
    if not isinstance(value, str) or value not in choices:
        raise InvalidInput(f"{what} must be one of {', '.join(choices)}; got {value!r}.")
    return value


def _toggle(value: object, what: str) -> dict[str, Any] | None:
    """An on/off sub-config: `{}` (or True) enables, None (or False) disables."""
    value = _to_plain(value, what)
    if value is None or value is False:
        return None
    if value is True or (isinstance(value, Mapping) and not value):
        return {}
    raise InvalidInput(f"{what} takes {{}} to enable or None to disable; got {value!r}.")


def _window(value: object, what: str) -> dict[str, Any] | None:
    value = _to_plain(value, what)
    if value is None:
        return None
    return _options(value, what, _WINDOW_RULES)


_Rule = Callable[[Any, str], object]
"""Checks one option's value (named ``what`` in messages); returns it as sent to the API."""

_WINDOW_RULES: dict[str, _Rule] = {
    "length": lambda v, w: _number(v, w, low=0.5),
    "step": lambda v, w: _number(v, w, low=0.5),
}

_MODEL_RULES: dict[str, dict[str, _Rule]] = {
    "face": {
        "fps_pred": lambda v, w: _number(v, w, low=0),
        "prob_threshold": lambda v, w: _number(v, w, low=0, high=1),
        "identify_faces": _boolean,
        # uint64 in Hume's definition, with no other bound.
        "min_face_size": lambda v, w: _integer(v, w, low=0, high=2**64 - 1),
        "facs": _toggle,
        "descriptions": _toggle,
        "save_faces": _boolean,
    },
    "burst": {},
    "facemesh": {},
    "prosody": {
        "granularity": lambda v, w: _choice(v, w, GRANULARITIES),
        "window": _window,
        "identify_speakers": _boolean,
    },
    "language": {
        "granularity": lambda v, w: _choice(v, w, GRANULARITIES),
        "sentiment": _toggle,
        "toxicity": _toggle,
        "identify_speakers": _boolean,
    },
    "ner": {"identify_speakers": _boolean},
}

_TRANSCRIPTION_RULES: dict[str, _Rule] = {
    "language": lambda v, w: _choice(v, w, LANGUAGES),
    "identify_speakers": _boolean,
    "confidence_threshold": lambda v, w: _number(v, w, low=0, high=1),
}


def _options(config: object, what: str, rules: Mapping[str, _Rule]) -> dict[str, Any]:
    if not isinstance(config, Mapping):
        raise InvalidInput(f"{what} must be a mapping of options, got {type(config).__name__}.")
    out: dict[str, Any] = {}
    for key, value in config.items():
        if key not in rules:
            known = ", ".join(rules) or "none"
            raise InvalidInput(f"{what} has no option {key!r} (known options: {known}).")
        out[key] = rules[key](value, f"{what}.{key}")
    return out


def validate_models(models: object) -> dict[str, Any] | None:
    """Models to run, as the API's JSON; None runs every model.

    Accepts a mapping (``{"face": {"fps_pred": 1}, "prosody": {}}``), the generated typed
    ``Models``, or a list of model names (each with default options).
    """
    if models is None:
        return None
    models = _to_plain(models, "models")
    if isinstance(models, Iterable) and not isinstance(models, Mapping | str | bytes):
        models = {name: {} for name in models}
    if not isinstance(models, Mapping):
        raise InvalidInput(
            f"models must be a mapping such as {{'face': {{}}, 'prosody': {{}}}}, "
            f"got {type(models).__name__}."
        )
    if not models:
        raise InvalidInput("models is empty: name at least one model, or omit it to run all.")
    out: dict[str, Any] = {}
    for name, config in models.items():
        if name not in _MODEL_RULES:
            raise InvalidInput(
                f"Unknown model {name!r}; the models are: {', '.join(_MODEL_RULES)}."
            )
        config = _to_plain(config, f"models.{name}")
        if config is None or config is False:
            out[name] = None
        elif config is True:
            out[name] = {}
        else:
            out[name] = _options(config, f"models.{name}", _MODEL_RULES[name])
    return out


def validate_transcription(transcription: object) -> dict[str, Any] | None:
    """Transcription settings as the API's JSON; None disables transcription."""
    transcription = _to_plain(transcription, "transcription")
    if transcription is None:
        return None
    return _options(transcription, "transcription", _TRANSCRIPTION_RULES)


# What each model reads; a kind not listed for any selected model gets no predictions.
_READS: dict[str, frozenset[str]] = {
    "face": frozenset({"image", "video"}),
    "facemesh": frozenset({"image", "video"}),
    "burst": frozenset({"audio", "video"}),
    "prosody": frozenset({"audio", "video"}),
    "language": frozenset({"text", "audio", "video"}),
    "ner": frozenset({"text", "audio", "video"}),
}


def _kind(name: str) -> str | None:
    """image, audio, video or text from a file name or URL path; None when it cannot be told."""
    major = mimetypes.guess_type(urlsplit(name).path if "://" in name else name)[0] or "/"
    kind = major.split("/")[0]
    return kind if kind in ("image", "audio", "video", "text") else None


def check_models_read_inputs(
    models: Mapping[str, Any] | None, labelled: Iterable[tuple[str, str | None]]
) -> None:
    """InvalidInput if an input's kind is read by none of the selected models.

    ``labelled`` holds ``(label, kind)`` pairs; a None kind (an archive, a URL without an
    extension) is never refused. ``models`` None selects every model.
    """
    if models is None:
        return
    selected = [name for name, config in models.items() if config is not None]
    for label, kind in labelled:
        if kind is None or any(kind in _READS.get(name, ()) for name in selected):
            continue
        readers = ", ".join(name for name, kinds in _READS.items() if kind in kinds)
        raise InvalidInput(
            f"{label} is {kind}, which the selected models ({', '.join(selected) or 'none'}) "
            f"cannot read; {kind} is read by {readers}. Add one of them to models, or leave "
            "the input out."
        )


@dataclass(frozen=True)
class Submission:
    """A validated job: the JSON configuration plus the files to upload (if any)."""

    config: dict[str, Any]
    files: list[UploadFile]


def validate_submission(
    *,
    urls: object = None,
    text: object = None,
    files: object = None,
    models: object = None,
    transcription: object = NOT_GIVEN,
    callback_url: object = None,
    notify: object = False,
) -> Submission:
    """Check a whole job; ``transcription`` left out is not sent, None sends null (disables)."""
    url_list = validate_urls(urls)
    text_list = validate_texts(text)
    file_list = validate_files(files)
    if not (url_list or text_list or file_list):
        raise InvalidInput(
            "Nothing to analyse: pass urls=[...], text=[...] or files=[...] (at least one)."
        )
    config: dict[str, Any] = {}
    model_config = validate_models(models)
    labelled: list[tuple[str, str | None]] = [(f"text[{i}]", "text") for i in range(len(text_list))]
    labelled += [(f"urls[{i}] {u!r}", _kind(u)) for i, u in enumerate(url_list)]
    labelled += [
        (f"files[{i}] ({f.filename!r})", _kind(f.filename)) for i, f in enumerate(file_list)
    ]
    check_models_read_inputs(model_config, labelled)
    if model_config is not None:
        config["models"] = model_config
    if transcription is not NOT_GIVEN:
        config["transcription"] = validate_transcription(transcription)
    if url_list:
        config["urls"] = url_list
    if text_list:
        config["text"] = text_list
    callback = validate_callback_url(callback_url)
    if callback is not None:
        config["callback_url"] = callback
    config["notify"] = _boolean(notify, "notify")
    return Submission(config=config, files=file_list)
