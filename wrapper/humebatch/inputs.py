"""Input validation: everything is checked before any request is sent.

Each function returns plain, JSON-ready data (the seam turns it into the generated request
models) or raises `InvalidInput` saying what is wrong and how to fix it. What the spec says
(names, types, bounds, enums, limits, which model reads which input kind) is read from the
generated ``hume_batch_contract`` and checked by its one walker; only the client's own policy
is written here. Typed configs (the generated `Models`, `Transcription`, …) are accepted too:
they are turned into dicts first, so one walk checks both spellings.
"""

from __future__ import annotations

import io
import mimetypes
import os
import stat
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any, TypeAlias
from urllib.parse import urlsplit

from hume_batch_contract import (
    INPUT_KINDS,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TEXTS,
    MAX_URLS,
    MODEL_READS,
    PARAMETERS,
    REQUEST,
    SCHEMAS,
    Field,
    Problem,
    Schema,
    problems,
)

from ._sentinel import NOT_GIVEN  # an argument left out (None means null to the API)
from .errors import InvalidInput

__all__ = [
    "MAX_FILE_BYTES",
    "NOT_GIVEN",
    "FileInput",
    "Submission",
    "UploadFile",
    "check_models_read_inputs",
    "input_kind",
    "validate_callback_url",
    "validate_files",
    "validate_job_id",
    "validate_models",
    "validate_parameter",
    "validate_submission",
    "validate_texts",
    "validate_transcription",
    "validate_urls",
]

_REQUEST = SCHEMAS[REQUEST]
_MODELS = SCHEMAS[_REQUEST.fields["models"].ref or ""]

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
    checked: tuple[int, int] | None = None
    """A path's size and modification time (ns) when checked: it is sent only if unchanged."""


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
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket: http://[::1
        raise InvalidInput(f"{what} {value!r} is not a valid URL ({exc}).") from None
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
    """At most `MAX_URLS` http(s) URLs (send an archive for more)."""
    items = _as_list(urls, "urls")
    if len(items) > MAX_URLS:
        raise InvalidInput(
            f"{len(items)} URLs given; at most {MAX_URLS} per job. Put the media in an archive "
            "(.zip, .tar.gz, .tar.bz2, .tar.xz) and submit its URL, or split into several jobs."
        )
    return [_check_http_url(u, f"urls[{i}]") for i, u in enumerate(items)]


def validate_texts(text: object) -> list[str]:
    """At most `MAX_TEXTS` strings."""
    if isinstance(text, str):
        text = [text]
    items = _as_list(text, "text")
    if len(items) > MAX_TEXTS:
        raise InvalidInput(f"{len(items)} texts given; at most {MAX_TEXTS} per job: split them.")
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
            f"{what} is {size / 2**20:.1f} MB; the API accepts at most "
            f"{MAX_FILE_BYTES / 2**20:g} MB per uploaded file. "
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
    return UploadFile(
        filename=path.name,
        content_type=_content_type(path.name),
        path=path,
        checked=(info.st_size, info.st_mtime_ns),
    )


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
    """At most `MAX_FILES` readable, non-empty regular files of `MAX_FILE_BYTES` each."""
    items = _as_list(files, "files")
    if len(items) > MAX_FILES:
        raise InvalidInput(
            f"{len(items)} files given; at most {MAX_FILES} per job. Upload an archive, or split."
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


# --------------------------------------------------------------------------- the contract


def _to_plain(config: object, what: str) -> object:
    """A typed generated config → its dict, an enum → its value; anything else as it is."""
    if isinstance(config, Enum):
        return config.value
    to_dict = getattr(config, "to_dict", None)
    if to_dict is None or isinstance(config, Mapping):
        return config
    try:
        return to_dict()
    except (AttributeError, TypeError, ValueError) as exc:
        raise InvalidInput(f"{what} could not be serialised: {exc}.") from None


def _is_switch(field: Field | None) -> bool:
    """An object that is only switched on or off: an open object with no options of its own."""
    if field is None or field.ref is None or field.ref not in SCHEMAS:
        return False
    schema = SCHEMAS[field.ref]
    return not schema.closed and not schema.fields


def _plain(value: object, field: Field | None, what: str, *, toggle: bool = False) -> object:
    """``value`` as the API's JSON, read with the contract's ``field`` (None: unknown key).

    Typed configs become dicts. True and False also switch an object on (``{}``, its
    defaults) or off (null) where that is all it can be: a model (``toggle``), or an on/off
    object such as ``facs``. Everything else is left for the walker to judge.
    """
    value = _to_plain(value, what)
    if isinstance(value, bool) and (toggle or _is_switch(field)):
        return {} if value else None
    schema = SCHEMAS.get(field.ref) if field is not None and field.ref is not None else None
    if schema is not None and isinstance(value, Mapping):
        return {
            key: _plain(item, schema.fields.get(key), f"{what}.{key}", toggle=schema is _MODELS)
            for key, item in value.items()
        }
    return value


def _invalid(problem: Problem) -> InvalidInput:
    """The contract's problem in our words: the JSON path, what is allowed, what was given."""
    path, given = problem.path, problem.given
    if problem.rule == "unknown":
        known = ", ".join(problem.known) or "none"
        if path == "models":
            return InvalidInput(f"Unknown model {given!r}; the models are: {known}.")
        return InvalidInput(f"{path} has no option {given!r} (known options: {known}).")
    if problem.rule == "max_items":
        return InvalidInput(f"{path} has {given} items; {problem.expected} per job.")
    if problem.rule == "required":
        return InvalidInput(f"{path} is required.")
    return InvalidInput(f"{path} must be {problem.expected}, got {given!r}.")


def _check(value: object, target: Field | Schema, path: str) -> None:
    for problem in problems(value, target, path):
        raise _invalid(problem)


def validate_parameter(operation: str, name: str, value: object) -> None:
    """InvalidInput unless ``value`` is what the spec allows for the query or path parameter
    ``name`` of ``operation`` (its type, enum, bounds); None is a parameter left out."""
    if value is not None:
        _check(value, PARAMETERS[operation][name], name)


def validate_models(models: object) -> dict[str, Any] | None:
    """Models to run, as the API's JSON; None runs every model.

    Accepts a mapping (``{"face": {"fps_pred": 1}, "prosody": {}}``), the generated typed
    ``Models``, or a list of model names (each with default options). Checked against the
    spec's ``Models`` (names, options, types, bounds, enums).
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
    config = _plain(models, _REQUEST.fields["models"], "models")
    _check(config, _REQUEST.fields["models"], "models")
    assert isinstance(config, dict)
    return config


def validate_transcription(transcription: object) -> dict[str, Any] | None:
    """Transcription settings as the API's JSON; None disables transcription."""
    field = _REQUEST.fields["transcription"]
    config = _plain(transcription, field, "transcription")
    _check(config, field, "transcription")
    assert config is None or isinstance(config, dict)
    return config


def input_kind(name: str) -> str | None:
    """The input kind (image, audio, video, text) of a file name or URL path; None if unknown."""
    major = mimetypes.guess_type(urlsplit(name).path if "://" in name else name)[0] or "/"
    kind = major.split("/")[0]
    return kind if kind in INPUT_KINDS else None


def check_models_read_inputs(
    models: Mapping[str, Any] | None, labelled: Iterable[tuple[str, str | None]]
) -> None:
    """InvalidInput if an input's kind is read by none of the selected models.

    ``labelled`` holds ``(label, kind)`` pairs; a None kind (an archive, a URL without an
    extension) is never refused. ``models`` None selects every model. Which model reads what
    is the spec's ``x-hume-reads``.
    """
    if models is None:
        return
    selected = [name for name, config in models.items() if config is not None]
    for label, kind in labelled:
        if kind is None or any(kind in MODEL_READS.get(name, ()) for name in selected):
            continue
        readers = ", ".join(name for name, kinds in MODEL_READS.items() if kind in kinds)
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
    """Check a whole job against the spec's request schema, plus what it cannot say.

    The spec (through ``hume_batch_contract``) judges names, types, bounds, enums and limits;
    the client's own policy adds: files exist, are regular, readable and not empty, texts are
    valid Unicode and not blank, URLs name a server, there is something to analyse, and each
    input is read by a selected model. ``transcription`` left out is not sent; None sends null
    (transcription off). ``notify`` None is null, which the API reads as absent.
    """
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
    labelled += [(f"urls[{i}] {u!r}", input_kind(u)) for i, u in enumerate(url_list)]
    labelled += [
        (f"files[{i}] ({f.filename!r})", input_kind(f.filename)) for i, f in enumerate(file_list)
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
    config["notify"] = _to_plain(notify, "notify")
    # The one walk over the whole request: whatever the checks above let through, the spec judges.
    _check(config, _REQUEST, "")
    return Submission(config=config, files=file_list)
