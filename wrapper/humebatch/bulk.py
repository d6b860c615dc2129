"""Bulk runs that survive anything: many inputs → jobs → predictions on disk, resumable.

`run_bulk(client, inputs, out_dir)` (and `humebatch run`) collects URLs, files, directories, globs
and texts; records every input in a SQLite manifest (`manifest.py`); groups them into jobs within
the API's limits; submits with bounded concurrency; waits; and writes each input's predictions
atomically as its job finishes. Run the same command again after a crash and it resumes:

- finished inputs are skipped (their outputs were on disk before the manifest said "done");
- submitted jobs are awaited, never resubmitted;
- a submit that may have reached the server (dropped connection, timeout, 5xx) is resolved by
  looking the job up among recent jobs, matching the request echo, before any resubmission;
- a batch whose job FAILED is split in halves and resubmitted until the inputs that fail are
  isolated, so one bad input does not cost the others their predictions (splitting stops when
  both halves fail: then the cause is not one input).

Outputs, per input, in `<out>/predictions/`: `<name>.json` (the API's result for that source,
verbatim), `<name>.csv` (one row per prediction, one column per emotion) and, with
`formats=("parquet",)` and pyarrow installed, `<name>.parquet`. Inputs whose job failed get
`<name>.error.json` instead.
"""

from __future__ import annotations

import concurrent.futures
import glob
import hashlib
import importlib.util
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ._atomic import atomic_write_bytes
from .errors import (
    AmbiguousSubmitError,
    APIConnectionError,
    BadRequestError,
    HumeBatchError,
    InvalidInput,
    JobFailed,
    JobTimeout,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from .manifest import Batch, InputKind, InputRecord, Manifest
from .predictions import Predictions

if TYPE_CHECKING:
    from .client import Client

__all__ = ["BulkReport", "collect_inputs", "run_bulk"]

MAX_PER_JOB = 100  # the API's limit on URLs, texts and files per request
MAX_FILE_BYTES_PER_JOB = 512 * 1024 * 1024
MEDIA_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"),
    *(".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".wmv", ".flv"),
    *(".wav", ".mp3", ".m4a", ".flac", ".ogg", ".aac", ".opus", ".wma"),
    *(".txt", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"),
)
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")
# A lookup after an ambiguous submit looks this far before the first attempt (clock skew).
LOOKUP_SLACK_MS = 10 * 60 * 1000
MAX_SUBMIT_ATTEMPTS = 8


@dataclass(frozen=True)
class BulkReport:
    """What a bulk run did; `lost` and `pending` are 0 when it finished."""

    out_dir: Path
    inputs: int
    done: int
    errors: int
    pending: int
    jobs: int
    submissions: int
    ambiguous_resolved: int

    @property
    def ok(self) -> bool:
        return self.pending == 0 and self.errors == 0


# ---------------------------------------------------------------------- collecting inputs
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


# ---------------------------------------------------------------------- planning
def _plan(manifest: Manifest, batch_size: int) -> None:
    """Group inputs that belong to no batch yet into batches within the API's limits."""
    for kind in ("url", "text", "file"):
        pending = manifest.unassigned(kind)
        group: list[InputRecord] = []
        group_bytes = 0
        for record in pending:
            size = Path(record.value).stat().st_size if kind == "file" else 0
            if group and (len(group) >= batch_size or group_bytes + size > MAX_FILE_BYTES_PER_JOB):
                manifest.create_batch(kind, [r.key for r in group])
                group, group_bytes = [], 0
            group.append(record)
            group_bytes += size
        if group:
            manifest.create_batch(kind, [r.key for r in group])


# ---------------------------------------------------------------------- running
class _BatchFailed(Exception):
    """A batch's job FAILED, or the server rejected its submission."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Runner:
    def __init__(
        self,
        client: Client,
        manifest: Manifest,
        out_dir: Path,
        *,
        models: Mapping[str, Any] | None,
        formats: Sequence[str],
        timeout: float | None,
        on_progress: Callable[[dict[str, int]], None] | None,
    ) -> None:
        self.client = client
        self.manifest = manifest
        self.predictions_dir = out_dir / "predictions"
        self.models = models
        self.formats = tuple(formats)
        self.timeout = timeout
        self.on_progress = on_progress
        self.ambiguous_resolved = 0
        self._lock = threading.Lock()

    def process(self, batch: Batch) -> None:
        try:
            self._run(batch)
        except _BatchFailed as failure:
            self._isolate(batch, failure.message)

    def _run(self, batch: Batch) -> None:
        """Take `batch` from wherever the manifest says it is to written outputs.

        Raises _BatchFailed when its job FAILED or the server rejected it.
        """
        inputs = [r for r in self.manifest.batch_inputs(batch.id) if not r.done]
        if not inputs:
            return
        job_id = batch.job_id
        if batch.state == "submitting":
            # A previous run died (or a submit failed) after the request may have left: find the
            # job before sending the same work again.
            job_id = self._lookup(batch, self.manifest.batch_inputs(batch.id))
            if job_id is None:
                self.manifest.mark_unsent(batch.id)
            else:
                self.manifest.mark_submitted(batch.id, job_id)
        if job_id is None:
            job_id = self._submit(batch, self.manifest.batch_inputs(batch.id))
        self._finish(batch, job_id, inputs)

    def _isolate(self, batch: Batch, message: str) -> None:
        """A batch's job failed: split it in halves to find the inputs that make jobs fail.

        The good inputs still get their predictions. When both halves fail too, the cause is
        probably not one input (quota, account, service), so splitting stops there instead of
        multiplying failing jobs: at most two extra jobs per systemic failure.
        """
        inputs = [r for r in self.manifest.batch_inputs(batch.id) if not r.done]
        if len(inputs) < 2:
            self._fail(batch, inputs, message)
            return
        halves = [self._batch(i) for i in self.manifest.split_batch(batch.id, message)]
        failed: list[tuple[Batch, str]] = []
        for half in halves:
            try:
                self._run(half)
            except _BatchFailed as failure:
                failed.append((self._batch(half.id), failure.message))
        if len(failed) == len(halves):
            for half, reason in failed:
                self._fail(half, [r for r in self.manifest.batch_inputs(half.id) if not r.done],
                           reason)  # fmt: skip
            return
        for half, reason in failed:
            self._isolate(half, reason)

    def _batch(self, batch_id: int) -> Batch:
        return next(b for b in self.manifest.batches() if b.id == batch_id)

    # -------------------------------------------------------------- submit
    def _submit(self, batch: Batch, inputs: list[InputRecord]) -> str:
        kwargs = self._submit_kwargs(batch.kind, inputs)
        delay = 1.0
        for _ in range(MAX_SUBMIT_ATTEMPTS):
            self.manifest.mark_submitting(batch.id)
            try:
                job = self.client.submit(**kwargs)
            except AmbiguousSubmitError:
                found = self._lookup(self._batch(batch.id), inputs)
                if found is not None:
                    with self._lock:
                        self.ambiguous_resolved += 1
                    self.manifest.mark_submitted(batch.id, found)
                    return found
                # Not on the server after the request: it did not create a job; send it again.
                self.manifest.mark_unsent(batch.id)
            except (RateLimitError, APIConnectionError) as exc:
                # The client already retried these; both mean the job was not created.
                self.manifest.mark_unsent(batch.id)
                delay = max(delay, getattr(exc, "retry_after", None) or 0.0)
            except (BadRequestError, InvalidInput) as exc:
                self.manifest.mark_unsent(batch.id)
                raise _BatchFailed(f"rejected by the server: {exc}") from None
            else:
                self.manifest.mark_submitted(batch.id, job.id)
                return job.id
            time.sleep(delay)
            delay = min(delay * 2, 30.0)
        raise ServerError(
            f"could not submit batch {batch.id} after {MAX_SUBMIT_ATTEMPTS} attempts; "
            "run the same command again to resume",
            status=0,
        )

    def _submit_kwargs(self, kind: InputKind, inputs: list[InputRecord]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"models": self.models} if self.models is not None else {}
        if kind == "url":
            kwargs["urls"] = [r.value for r in inputs]
        elif kind == "text":
            kwargs["text"] = [r.value for r in inputs]
        else:
            kwargs["files"] = [Path(r.value) for r in inputs]
        return kwargs

    def _lookup(self, batch: Batch, inputs: list[InputRecord]) -> str | None:
        """The id of a job on the server whose request echo matches this batch, if any."""
        since = (batch.submit_started_ms or 0) - LOOKUP_SLACK_MS
        taken = self.manifest.known_job_ids()
        for job in self.client.jobs(when="created_after", timestamp_ms=max(since, 0)):
            details = job.details
            if str(job.id) in taken or details is None:
                continue
            if _echo_matches(batch.kind, inputs, details.request.to_dict()):
                return str(job.id)
        return None

    # -------------------------------------------------------------- wait and write
    def _finish(self, batch: Batch, job_id: str, inputs: list[InputRecord]) -> None:
        job = self.client.get_job(job_id)
        try:
            job.wait(timeout=self.timeout)
        except JobFailed as exc:
            raise _BatchFailed(f"job {job_id} failed: {exc.server_message or exc}") from None
        predictions = job.predictions()
        by_input = _split_by_input(
            batch.kind, self.manifest.batch_inputs(batch.id), predictions.raw
        )
        for record in inputs:
            self._write(record, by_input.get(record.key))
        self.manifest.mark_finished(batch.id, "completed")
        self._progress()

    def _write(self, record: InputRecord, source: dict[str, Any] | None) -> None:
        # Names keep their media suffix (face.jpg-<hash>), so build paths by appending.
        def path(suffix: str) -> Path:
            return self.predictions_dir / f"{record.name}{suffix}"

        if source is None:
            error = "the job's predictions hold no result for this input"
            self._write_error(record, error)
            return
        with atomic_write_bytes(path(".json")) as handle:
            handle.write(orjson.dumps(source))
        view = Predictions.from_json([source])
        if "csv" in self.formats:
            view.to_csv(path(".csv"))
        if "parquet" in self.formats:
            with atomic_write_bytes(path(".parquet")) as handle:
                view.to_dataframe().to_parquet(handle)
        self.manifest.mark_input_done(record.key, error=source.get("error"))

    def _write_error(self, record: InputRecord, message: str) -> None:
        path = self.predictions_dir / f"{record.name}.error.json"
        with atomic_write_bytes(path) as handle:
            handle.write(orjson.dumps({"input": record.value, "error": message}))
        self.manifest.mark_input_done(record.key, error=message)

    def _fail(self, batch: Batch, inputs: list[InputRecord], message: str) -> None:
        for record in inputs:
            self._write_error(record, message)
        self.manifest.mark_finished(batch.id, "failed", message)
        self._progress()

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.manifest.counts())


def _echo_matches(kind: InputKind, inputs: list[InputRecord], echo: Mapping[str, Any]) -> bool:
    if kind == "url":
        return list(echo.get("urls") or []) == [r.value for r in inputs]
    if kind == "text":
        return list(echo.get("text") or []) == [r.value for r in inputs]
    sent = sorted(str(f.get("md5sum")) for f in echo.get("files") or [])
    return sent == sorted(str(r.md5) for r in inputs)


def _split_by_input(
    kind: InputKind, inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Map each input's key to its own source result (text jobs: one synthetic source each)."""
    if kind == "text":
        return _split_text(inputs, sources)
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        info = source.get("source") or {}
        for record in inputs:
            wanted = ("url", record.value) if kind == "url" else ("md5sum", record.md5)
            if info.get(wanted[0]) == wanted[1]:
                out.setdefault(record.key, source)
    return out


def _split_text(
    inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    # A text job has one {"type": "text"} source; `file` is the 1-based index of each string.
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        results = source.get("results") or {}
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


# Errors after which a batch is simply tried again in the next round (its manifest state says
# where to resume); anything else stops the run.
TRANSIENT = (APIConnectionError, RateLimitError, ServerError, UnexpectedResponseError, JobTimeout)


def _run_round(runner: _Runner, batches: list[Batch], concurrency: int) -> list[BaseException]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(runner.process, batch) for batch in batches]
        return [exc for f in futures if (exc := f.exception()) is not None]


def _as_error(exc: BaseException) -> HumeBatchError:
    if isinstance(exc, HumeBatchError):
        return exc
    return HumeBatchError(f"bulk run stopped: {exc}; run the same command again to resume")


def run_bulk(
    client: Client,
    inputs: Sequence[InputRecord],
    out_dir: str | os.PathLike[str],
    *,
    batch_size: int = MAX_PER_JOB,
    concurrency: int = 4,
    models: Mapping[str, Any] | None = None,
    formats: Sequence[str] = ("json", "csv"),
    timeout: float | None = None,
    on_progress: Callable[[dict[str, int]], None] | None = None,
    rounds: int = 5,
) -> BulkReport:
    """Process `inputs` into `out_dir`, resuming whatever an earlier run left (module docstring).

    Batches hit by transient errors (connection, 429, 5xx, malformed responses, wait timeouts)
    are tried again, up to `rounds` passes; an input whose job FAILED gets an error file.

    >>> report = run_bulk(Client(), collect_inputs(["media/"]), "out")
    >>> report.done, report.errors
    """
    if not 1 <= batch_size <= MAX_PER_JOB:
        raise InvalidInput(f"batch_size must be between 1 and {MAX_PER_JOB}, got {batch_size}")
    if concurrency < 1:
        raise InvalidInput(f"concurrency must be at least 1, got {concurrency}")
    unknown = set(formats) - {"json", "csv", "parquet"}
    if unknown:
        raise InvalidInput(f"unknown output formats {sorted(unknown)}; use json, csv or parquet")
    if "parquet" in formats and importlib.util.find_spec("pyarrow") is None:
        raise InvalidInput("Parquet output needs pyarrow: pip install 'humebatch[parquet]'")
    out = Path(out_dir)
    # Temp files of writes that a killed run left unfinished: never results, safe to drop.
    for stale in (out / "predictions").glob(".*.part"):
        stale.unlink(missing_ok=True)
    with Manifest(out) as manifest:
        manifest.add_inputs(inputs)
        _plan(manifest, batch_size)
        runner = _Runner(
            client,
            manifest,
            out,
            models=models,
            formats=formats,
            timeout=timeout,
            on_progress=on_progress,
        )
        errors: list[BaseException] = []
        for _ in range(rounds):
            open_batches = manifest.batches("planned", "submitting", "submitted")
            if not open_batches:
                break
            errors = _run_round(runner, open_batches, concurrency)
            fatal = [e for e in errors if not isinstance(e, TRANSIENT)]
            if fatal:
                raise _as_error(fatal[0])
        if errors:
            # Still failing after every round: stop; the manifest keeps what is done.
            raise _as_error(errors[0])
        counts = manifest.counts()
    return BulkReport(
        out_dir=out,
        inputs=counts["inputs"],
        done=counts["done"],
        errors=counts["errors"],
        pending=counts["pending"],
        jobs=counts["jobs"],
        submissions=counts["submissions"],
        ambiguous_resolved=runner.ambiguous_resolved,
    )
