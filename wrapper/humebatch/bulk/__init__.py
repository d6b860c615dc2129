"""Bulk runs that survive anything: many inputs → jobs → predictions on disk, resumable.

`run_bulk(client, inputs, out_dir)` / `arun_bulk` (and `humebatch run`) take URLs, files,
directories, globs and texts; record every input in a SQLite manifest (`manifest.py`); group
them into jobs within the API's limits; submit, wait and write on one event loop with caps on
jobs and requests in flight; and write each input's predictions atomically as its job finishes.
Run the same command again after a crash, a kill or Ctrl-C and it resumes:

- finished inputs are skipped (their outputs were durable before the manifest said "done"),
  once their outputs are checked: missing or partial ones are redone (`_verify`);
- submitted jobs are awaited, never resubmitted;
- a submit that may have reached the server (dropped connection, timeout, 5xx) is resolved by
  looking the job up among recent jobs, matching the request echo, before any resubmission;
- a batch whose job FAILED is resubmitted one input per job, all at once, so one bad input
  costs the others one more job duration, not their predictions (when every input of the run's
  first split fails on its own too, the cause is not one input: later failed batches are not
  split).

One run per folder (a lock, `RunLocked`); the manifest records the models, options, formats,
base URL and a key fingerprint (`SettingsChanged` on other models; added formats are derived
from the stored JSON); a job the server no longer knows stops the run (`JobsForgotten`) instead
of failing its inputs; SIGINT/SIGTERM stop it within moments (`RunInterrupted`).

Outputs, per input, in `<out>/predictions/<ab>/` (`_writers.fan_out`: 256 subfolders by a hash
of the input's key): `<name>.json` (the API's result for that source,
verbatim, and the ``input`` it belongs to) and `<name>.csv` (one row per prediction, one column
per emotion). Inputs whose job failed get `<name>.error.json` instead. With "parquet" and
pyarrow installed, the run's dataset: one Parquet file per job,
`<out>/dataset/shard=<I|all>/job-<id>.parquet` (`_dataset`), which one query reads across
shards. With `formats=("parquet",)` alone, no file per input: each job's inputs' JSON in one
file, `<out>/jobs/shard=<I|all>/job-<id>.json` (`_jobfiles`), beside its dataset file.
`<out>/index.csv` maps every input to its files, status, job and dataset rows.

The package is split by job: `_discovery` (inputs, shards), `_planning` (batches), `_pipeline`
(submit, wait, isolate failures, interrupts), `_split`, `_writers`, `_verify` and `_index`
(outputs), `_settings`, `_lock` and `_limiter`; this module runs them in order.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import os
import re
import sqlite3
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from .._atomic import clear_temps
from .._options import NOT_GIVEN, NotGiven, RequestOptions
from ..errors import InvalidInput
from ..inputs import (
    check_models_read_inputs,
    input_kind,
    validate_callback_url,
    validate_models,
    validate_transcription,
)
from ..jobs import validate_timeout
from ..manifest import InputRecord, Manifest
from ._dataset import Dataset, partition
from ._discovery import MEDIA_SUFFIXES, Shard, collect_inputs, iter_inputs
from ._errors import (
    FolderUnwritable,
    JobsForgotten,
    LookupIncomplete,
    RunInterrupted,
    RunLocked,
    SettingsChanged,
    ShardsDisagree,
    SubmitGaveUp,
)
from ._index import write_index
from ._jobfiles import JobFiles
from ._limiter import LimitedTransport, RequestLimiter
from ._lock import FolderLock
from ._pipeline import Pipeline, PipelineOptions
from ._planning import MAX_PER_JOB, plan
from ._settings import RunSettings, forgotten_hint, reconcile
from ._verify import verify_outputs
from ._waiting import JobWaiter
from ._writers import OutputWriter

if TYPE_CHECKING:
    from .._transport import Settings
    from ..client import AsyncClient, Client
    from ..polling import PollSchedule
    from ..retries import RetryPolicy

__all__ = [
    "DEFAULT_MAX_JOBS",
    "DEFAULT_MAX_REQUESTS",
    "DEFAULT_SUBMIT_ATTEMPTS",
    "MAX_PER_JOB",
    "MEDIA_SUFFIXES",
    "BulkOptions",
    "BulkReport",
    "FolderUnwritable",
    "JobsForgotten",
    "LookupIncomplete",
    "RunInterrupted",
    "RunLocked",
    "SettingsChanged",
    "Shard",
    "ShardsDisagree",
    "SubmitGaveUp",
    "arun_bulk",
    "collect_inputs",
    "iter_inputs",
    "run_bulk",
]

DEFAULT_MAX_JOBS = 500
"""Jobs in flight: high, so that job duration, not the client, bounds throughput."""
DEFAULT_MAX_REQUESTS = 16
"""Requests in flight, all kinds together (submits, polls, predictions, lookups)."""
DEFAULT_SUBMIT_ATTEMPTS = 6
"""POSTs per batch per run at most (see `_pipeline`)."""

T = TypeVar("T")


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
    derived: int = 0
    """Finished inputs given newly requested formats from their stored JSON."""
    forgotten_resubmitted: int = 0
    """Batches resubmitted because the server did not know their job (explicit flag)."""
    repaired: int = 0
    """Finished inputs whose outputs were missing or partial: redone (derived from the stored
    JSON, error files written again) or fetched again from their job."""
    index: Path | None = None
    """The index file (every input → its outputs, status, job id and error)."""
    skipped: tuple[str, ...] = ()
    """Files left out, one sentence each (empty, not a regular file, a name not UTF-8…):
    `Client.run` fills it; they are not in the manifest."""

    @property
    def ok(self) -> bool:
        return self.pending == 0 and self.errors == 0 and not self.skipped


@dataclass(frozen=True)
class BulkOptions:
    """How a bulk run works; every field is checked on creation (`InvalidInput`).

    `run_bulk`, `arun_bulk`, `Client.run` and `AsyncClient.run` take these as keyword arguments.

    Attributes:
        batch_size: Inputs per job (the API allows 100).
        concurrency: Jobs in flight (submitted and not yet written).
        max_requests: HTTP requests in flight, all kinds together.
        models: Models and their options (None: every model, default options).
        transcription: Transcription settings, as `Client.submit` takes them (left out: the
            API's; None disables transcription).
        callback_url: URL the API POSTs to when each job ends.
        notify: E-mail the account when each job ends.
        extra_body: Keys laid over each job's request body (`Client.submit`'s escape hatch).
        formats: Output formats: json and csv per input; parquet: the run's dataset, one
            Parquet file per job under ``<out>/dataset/``. JSON is always kept: per input (added
            to any other format), or with ``("parquet",)`` alone per job under ``<out>/jobs/``.
        timeout: Seconds to wait for one job (the next run resumes it).
        on_progress: Called with the run's counts (`Counts`) when the run starts and each time
            a job is submitted or ends.
        on_event: Called with one sentence per retry round, split of a failed batch,
            systemic failure and give-up, naming its cause.
        rounds: Passes over batches hit by transient errors.
        submit_attempts: Job-creating POSTs per batch per run, at most.
        reprocess: Redo every input when the models or options changed.
        retry_failed: Submit again the inputs whose job failed in an earlier run (only those).
        resubmit_forgotten: Resubmit batches whose jobs the server does not know.
        shard: ``"I/N"`` or a `Shard`: process only that slice of the inputs.
        resume_hint: The sentence that tells how to resume (the CLI names the command).
    """

    batch_size: int = MAX_PER_JOB
    concurrency: int = DEFAULT_MAX_JOBS
    max_requests: int = DEFAULT_MAX_REQUESTS
    models: Mapping[str, Any] | None = None
    transcription: Mapping[str, Any] | NotGiven | None = NOT_GIVEN
    callback_url: str | None = None
    notify: bool = False
    extra_body: Mapping[str, Any] | None = None
    formats: Sequence[str] = ("json", "csv")
    timeout: float | None = None
    on_progress: Callable[[dict[str, int]], None] | None = None
    on_event: Callable[[str], None] | None = None
    rounds: int = 5
    submit_attempts: int = DEFAULT_SUBMIT_ATTEMPTS
    reprocess: bool = False
    retry_failed: bool = False
    resubmit_forgotten: bool = False
    shard: Shard | str | None = None
    resume_hint: str = "Run the same call again to resume."

    def __post_init__(self) -> None:
        batch_size = self.batch_size
        if isinstance(batch_size, bool) or not isinstance(batch_size, int):
            raise InvalidInput(f"batch_size must be an integer, got {batch_size!r}")
        if not 1 <= batch_size <= MAX_PER_JOB:
            raise InvalidInput(f"batch_size must be between 1 and {MAX_PER_JOB}, got {batch_size}")
        for name, value in (
            ("concurrency (jobs in flight)", self.concurrency),
            ("max_requests (requests in flight)", self.max_requests),
            ("rounds", self.rounds),
            ("submit_attempts", self.submit_attempts),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidInput(f"{name} must be a positive integer, got {value!r}")
        # The job settings are checked now, not batch by batch on the server.
        validate_models(self.models)
        if not isinstance(self.transcription, NotGiven):
            validate_transcription(self.transcription)
        validate_callback_url(self.callback_url)
        for flag, flag_value in (
            ("notify", self.notify),
            ("reprocess", self.reprocess),
            ("retry_failed", self.retry_failed),
            ("resubmit_forgotten", self.resubmit_forgotten),
        ):
            if not isinstance(flag_value, bool):
                raise InvalidInput(f"{flag} must be true or false, got {flag_value!r}")
        RequestOptions.of(extra_body=self.extra_body)
        if self.timeout is not None:
            object.__setattr__(self, "timeout", validate_timeout(self.timeout))
        for name, hook in (("on_progress", self.on_progress), ("on_event", self.on_event)):
            if hook is not None and not callable(hook):
                raise InvalidInput(f"{name} must be a function, got {type(hook).__name__}")
        if not isinstance(self.resume_hint, str):
            raise InvalidInput(f"resume_hint must be a string, got {self.resume_hint!r}")
        # One format given as a string is that format, not its letters.
        given = (self.formats,) if isinstance(self.formats, str) else self.formats
        if not isinstance(given, Iterable) or not all(isinstance(f, str) for f in given):
            raise InvalidInput(
                f"formats must be a list of json, csv, parquet, got {self.formats!r}"
            )
        formats = tuple(dict.fromkeys(given))
        unknown = set(formats) - {"json", "csv", "parquet"}
        if unknown:
            raise InvalidInput(
                f"unknown output formats {sorted(unknown)}; use json, csv or parquet"
            )
        if "parquet" in formats and importlib.util.find_spec("pyarrow") is None:
            raise InvalidInput("Parquet output needs pyarrow: pip install 'humebatch[parquet]'")
        if "json" not in formats and formats != ("parquet",):
            # The source of truth every other format derives from: per input when any format
            # is, per job (`_jobfiles`) in a dataset-only run.
            formats = ("json", *formats)
        object.__setattr__(self, "formats", formats)
        if isinstance(self.shard, str):
            object.__setattr__(self, "shard", Shard.parse(self.shard))

    @property
    def request(self) -> dict[str, Any]:
        """`Client.submit`'s keyword arguments for every job, besides its inputs."""
        kwargs: dict[str, Any] = {"notify": self.notify}
        if self.models is not None:
            kwargs["models"] = self.models
        if not isinstance(self.transcription, NotGiven):
            kwargs["transcription"] = self.transcription
        if self.callback_url is not None:
            kwargs["callback_url"] = self.callback_url
        if self.extra_body:
            kwargs["extra_body"] = self.extra_body
        return kwargs

    @property
    def slice(self) -> Shard | None:
        """`shard`, parsed."""
        return self.shard if isinstance(self.shard, Shard) else None


def _refuse_symlinks(out: Path, names: Iterable[str]) -> None:
    """Refuse a shared folder where someone planted symlinks to redirect our writes."""
    for name in names:
        if (out / name).is_symlink():
            raise InvalidInput(
                f"{str(out / name)!r} is a symbolic link: refusing to follow it (outputs are "
                "only ever written inside --out); remove it or use another --out folder"
            )


def _check_shards(out: Path, shard: Shard | None) -> None:
    """Refuse a folder whose manifests split the inputs otherwise than this run would: running
    there would submit again what those runs hold (`ShardsDisagree`; nothing is created)."""
    if not out.is_dir():
        return
    counts = sorted({
        int(m.group(1))
        for p in out.glob("manifest-shard-*-of-*.sqlite")
        if (m := re.fullmatch(r"manifest-shard-\d+-of-(\d+)\.sqlite", p.name))
    })  # fmt: skip
    others = [n for n in counts if shard is None or n != shard.count]
    if others:
        n = others[0]
        names = sorted(p.name for p in out.glob(f"manifest-shard-*-of-{n}.sqlite"))
        this = "without --shard" if shard is None else f"with --shard {shard.index}/{shard.count}"
        raise ShardsDisagree(
            f"{str(out)!r} holds the manifests of a run split into {n} shards "
            f"({', '.join(names)}); a run {this} there would submit again every input those "
            f"shards hold. Resume or finish them with --shard I/{n} (I = 0..{n - 1}), or use "
            "another --out folder."
        )
    if shard is not None and (out / Manifest.FILENAME).exists():
        raise ShardsDisagree(
            f"{str(out)!r} holds the manifest of a run without --shard ({Manifest.FILENAME}); "
            f"a run with --shard {shard.index}/{shard.count} there would submit again every "
            "input it holds. Resume it without --shard, or use another --out folder."
        )


def _check_out(out_dir: object) -> None:
    if not isinstance(out_dir, str | os.PathLike) or "\0" in str(os.fspath(out_dir)):
        raise InvalidInput(f"the output folder must be a path, got {out_dir!r}")
    if not str(os.fspath(out_dir)).strip():
        raise InvalidInput("the output folder is empty: pass a folder with --out (out_dir=)")
    try:
        os.stat(out_dir)
    except (FileNotFoundError, NotADirectoryError):
        pass  # created later, or said when it is created
    except OSError as exc:  # a name too long, a file where a folder should be...
        raise InvalidInput(
            f"cannot use the output folder {str(out_dir)[:200]!r}: {exc.strerror or exc}; "
            "pass another --out"
        ) from None


def _prepare_folder(
    out_dir: str | os.PathLike[str], manifest: str = Manifest.FILENAME, shard: Shard | None = None
) -> Path:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"the output folder {str(out)!r} is a file; pass a folder with --out")
    partitions = [f"{folder}/{partition(shard)}" for folder in (Dataset.FOLDER, JobFiles.FOLDER)]
    sqlite = [manifest, f"{manifest}-wal", f"{manifest}-shm"]
    _refuse_symlinks(out, ["predictions", Dataset.FOLDER, JobFiles.FOLDER, *partitions, *sqlite])
    try:
        (out / "predictions").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"cannot create the output folder {str(out)!r}: {exc.strerror or exc}; "
            "pass a writable folder with --out"
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InvalidInput(f"the output folder {str(out)!r} is not writable; pass another --out")
    return out


def run_bulk(
    client: Client,
    inputs: Iterable[InputRecord],
    out_dir: str | os.PathLike[str],
    **options: Any,
) -> BulkReport:
    """Process `inputs` into `out_dir`, resuming whatever an earlier run left (module docstring).

    ``options`` are the fields of `BulkOptions`. ``concurrency`` caps jobs in flight,
    ``max_requests`` requests in flight. Each batch sends at most ``submit_attempts``
    job-creating POSTs per run (the client's ``max_retries`` does not multiply it); batches hit
    by transient errors (connection, 429, 5xx, malformed responses, wait timeouts) get up to
    ``rounds`` passes. An input whose job FAILED gets an error file. ``shard="I/N"`` processes
    only slice I of N (its own manifest, lock and index in the folder).

    Runs an event loop of its own (in a helper thread if the caller already runs one). Sent
    through the client's settings, retry policy and poll schedule, not a custom ``transport=``.

    >>> report = run_bulk(Client(), iter_inputs(["media/"]), "out", concurrency=200)
    >>> report.done, report.errors
    """
    checked = BulkOptions(**options)
    settings, policy = client._transport.settings, client._transport.policy
    return _run_sync(lambda: _run(settings, policy, client._schedule, inputs, out_dir, checked))


async def arun_bulk(
    client: AsyncClient,
    inputs: Iterable[InputRecord],
    out_dir: str | os.PathLike[str],
    **options: Any,
) -> BulkReport:
    """`run_bulk` on the caller's event loop (the same arguments)."""
    checked = BulkOptions(**options)
    transport = client._transport
    return await _run(
        transport.settings, transport.policy, client._schedule, inputs, out_dir, checked
    )


def _run_sync(start: Callable[[], Coroutine[Any, Any, T]]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(start())
    # Called from async code (a notebook, say): a loop of our own in a helper thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(start())).result()


def _clients(
    settings: Settings, policy: RetryPolicy, schedule: PollSchedule, limiter: RequestLimiter
) -> tuple[AsyncClient, AsyncClient]:
    """Two clients over one shared limiter: reads (retried per policy) and submits (not)."""
    from ..client import AsyncClient

    max_requests = limiter.max_requests
    limits = httpx.Limits(max_connections=max_requests, max_keepalive_connections=max_requests)

    def client(retry_policy: RetryPolicy) -> AsyncClient:
        return AsyncClient(
            settings.api_key.reveal(),
            base_url=settings.base_url,
            timeout=settings.timeout,
            allow_insecure_http=True,  # the caller's client already checked this base URL
            default_headers=settings.headers,
            transport=LimitedTransport(httpx.AsyncHTTPTransport(limits=limits), limiter),
            poll_schedule=schedule,
            retry_policy=retry_policy,
        )

    # The pipeline owns the submit budget: a job-creating POST is never re-sent below it.
    return client(policy), client(replace(policy, max_retries=0))


async def _run(
    settings: Settings,
    policy: RetryPolicy,
    schedule: PollSchedule,
    inputs: Iterable[InputRecord],
    out_dir: str | os.PathLike[str],
    options: BulkOptions,
) -> BulkReport:
    try:
        return await _run_folder(settings, policy, schedule, inputs, out_dir, options)
    except (OSError, sqlite3.OperationalError) as exc:
        if isinstance(exc, ConnectionError | TimeoutError):  # not the folder's
            raise
        raise FolderUnwritable(
            f"cannot write to the output folder {str(out_dir)!r}: {exc}. Free space on its "
            "disk (or fix its permissions), then run again: every input recorded as done is "
            f"on disk and nothing is submitted twice. {options.resume_hint}"
        ) from exc


async def _run_folder(
    settings: Settings,
    policy: RetryPolicy,
    schedule: PollSchedule,
    inputs: Iterable[InputRecord],
    out_dir: str | os.PathLike[str],
    options: BulkOptions,
) -> BulkReport:
    shard = options.slice
    suffix = shard.suffix if shard is not None else ""
    _check_out(out_dir)
    _check_shards(Path(out_dir), shard)
    out = _prepare_folder(out_dir, f"manifest{suffix}.sqlite", shard)
    with (
        FolderLock(out / f".humebatch{suffix}.lock"),
        Manifest(out, f"manifest{suffix}.sqlite") as manifest,
    ):
        models = validate_models(options.models)
        manifest.add_inputs(_readable(models, r) for r in inputs if shard is None or shard.holds(r))
        current = RunSettings.of(
            options.models,
            tuple(options.formats),
            settings.base_url,
            settings.api_key.reveal(),
            options.transcription,
        )
        reconciled = reconcile(manifest, current, out, reprocess=options.reprocess)
        dataset = Dataset(out, shard, current.models)
        job_files = JobFiles(out, shard)
        owner = suffix.lstrip("-") or "all"  # in this run's temp files: its shard
        writer = OutputWriter(
            out / "predictions",
            tuple(options.formats),
            manifest,
            dataset,
            owner=owner,
            job_files=job_files,
        )
        # Jobs of a reprocessed folder's earlier settings: their rows no longer count.
        superseded = [b.job_id for b in manifest.batches("superseded") if b.job_id]
        dataset.remove(superseded)
        job_files.remove(superseded)
        dataset.clear_stale(owner)
        job_files.clear_stale(owner)
        writer.fan_out_flat()  # a folder written before per-input files had subfolders
        if options.retry_failed:
            _retry_failed(manifest, writer, options.on_event)
        # Temp files of writes that a killed run left unfinished: never results. Only those of
        # this shard or of writers gone: another shard sharing the folder may be writing.
        clear_temps(out / "predictions", owner, recursive=True)
        verified = verify_outputs(manifest, writer, reconciled.derive, options.on_event)
        derived, repaired = verified.derived, verified.repaired
        # Every finished input in its job's dataset file; the inputs counted above are among
        # those rebuilt (a format added or lost is missing for every input), so not added twice.
        rebuilt = writer.check_dataset()
        if "parquet" in reconciled.derive:
            derived = max(derived, rebuilt)
        else:
            repaired = max(repaired, rebuilt)
        plan(manifest, options.batch_size)
        limiter = RequestLimiter(options.max_requests)
        reads, submits = _clients(settings, policy, schedule, limiter)
        waiter = JobWaiter(reads, options.timeout)
        pipeline = Pipeline(
            reads=reads,
            submits=submits,
            policy=policy,
            manifest=manifest,
            writer=writer,
            waiter=waiter,
            options=PipelineOptions(
                max_jobs=options.concurrency,
                submit_attempts=options.submit_attempts,
                request=options.request,
                resubmit_forgotten=options.resubmit_forgotten,
                forgotten_hint=forgotten_hint(reconciled.previous, current),
                resume_hint=options.resume_hint,
            ),
            on_progress=options.on_progress,
            on_event=options.on_event,
            pauses=lambda: limiter.pauses,
        )
        index = out / f"index{suffix}.csv"
        stopped = True
        try:
            await pipeline.run(options.rounds)
            stopped = False
        finally:
            await waiter.close()
            await reads.close()
            await submits.close()
            try:
                write_index(manifest, writer, index)
            except (OSError, sqlite3.Error):
                if not stopped:
                    raise  # else the run's own error says more (the previous index stays)
        counts = manifest.counts()
    return BulkReport(
        out_dir=out,
        inputs=counts["inputs"],
        done=counts["done"],
        errors=counts["errors"],
        pending=counts["pending"],
        jobs=counts["jobs"],
        submissions=counts["submissions"],
        ambiguous_resolved=pipeline.ambiguous_resolved,
        derived=derived,
        repaired=repaired,
        forgotten_resubmitted=pipeline.forgotten_resubmitted,
        index=index,
    )


def _retry_failed(
    manifest: Manifest, writer: OutputWriter, on_event: Callable[[str], None] | None
) -> None:
    """Plan the inputs whose job failed again, and drop their error files."""
    failed = manifest.reset_failed()
    for record in failed:
        writer.path(record, ".error.json").unlink(missing_ok=True)
    if on_event is None:
        return
    if not failed:
        on_event("retry_failed: no input of this folder failed, nothing to retry")
        return
    on_event(
        f"retrying {len(failed)} failed input{'s' * (len(failed) != 1)} of earlier runs "
        f"(last error: {failed[-1].error})"
    )


def _readable(models: Mapping[str, Any] | None, record: InputRecord) -> InputRecord:
    """`record`, once the selected models can read its kind (`InvalidInput` before any job)."""
    kind = "text" if record.kind == "text" else input_kind(record.value)
    check_models_read_inputs(models, [(repr(record.value[:200]), kind)])
    return record
