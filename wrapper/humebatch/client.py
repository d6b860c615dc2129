"""`Client` and `AsyncClient`: the entry points (same methods; the async ones are coroutines)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal, TypeVar, overload
from urllib.parse import urlsplit

import httpx
from hume_batch_contract.types import ModelsConfig, TranscriptionConfig, WhenValue

from ._options import (
    NO_OPTIONS,
    NOT_GIVEN,
    Body,
    NotGiven,
    Query,
    RequestOptions,
    TimeoutInput,
    resolve_timeout,
)
from ._transport import (
    DEFAULT_TIMEOUT,
    AsyncTransport,
    InferenceJob,
    Models,
    ResponseHook,
    Settings,
    SyncTransport,
    Transcription,
)
from .bulk import BulkReport, arun_bulk, iter_inputs, run_bulk
from .errors import HumeBatchError, InvalidInput, JobFailed, WaitAllError
from .inputs import FileInput, validate_job_id, validate_submission
from .jobs import AsyncJob, Job, JobPager, ProgressCallback, validate_timeout
from .polling import PollSchedule
from .retries import RetryPolicy
from .watching import AsyncJobWatcher, JobWatcher, Outcome

__all__ = ["AsyncClient", "Client"]

ModelsInput = ModelsConfig | Models | Sequence[str]
"""``{"face": {"fps_pred": 1}, "prosody": {}}`` (a `ModelsConfig`), a typed `Models`, or
model names."""
TranscriptionInput = TranscriptionConfig | Transcription | None


def _check_base_url(base_url: str | None) -> None:
    """A base URL is scheme, host and port only: the client adds ``/v0/batch/jobs`` itself."""
    url = base_url or os.environ.get("HUME_BASE_URL")
    if not url:
        return
    if "://" not in url:
        bare = url.strip().rstrip("/")
        raise InvalidInput(
            f"base_url {url!r} has no scheme: write http://{bare} (a local server such as the "
            f"mock) or https://{bare}."
        )
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - reading it checks it (a port over 65535, not a number)
    except ValueError as exc:
        raise InvalidInput(
            f"base_url {url!r} is not a URL ({exc}): give it as https://host[:port]."
        ) from None
    path = parts.path.rstrip("/")
    if path or parts.query or parts.fragment:
        extra = path or f"?{parts.query}" if not parts.fragment else f"#{parts.fragment}"
        raise InvalidInput(
            f"base_url {url!r} has a path or query ({extra!r}): give only the scheme, host and "
            "port, such as https://api.hume.ai or http://127.0.0.1:8000 (humebatch adds "
            "/v0/batch/jobs itself)."
        )


def _check_type(value: object, name: str, kind: type, expected: str) -> None:
    if value is not None and not isinstance(value, kind):
        raise InvalidInput(f"{name} must be {expected}, got {type(value).__name__}.")


def _settings(
    api_key: str | None,
    base_url: str | None,
    timeout: TimeoutInput | NotGiven,
    max_retries: int,
    allow_insecure_http: bool,
    default_headers: Mapping[str, str] | None,
    http_client: httpx.Client | httpx.AsyncClient | None,
) -> Settings:
    _check_type(api_key, "api_key", str, "a string (or None to read HUME_API_KEY)")
    _check_type(base_url, "base_url", str, "a string such as 'https://api.hume.ai'")
    _check_type(allow_insecure_http, "allow_insecure_http", bool, "True or False")
    _check_type(default_headers, "default_headers", Mapping, "a mapping of header names to values")
    _check_base_url(base_url)
    # A client of the user's own keeps its timeout unless one is given here (as openai does).
    default = http_client.timeout if http_client is not None else DEFAULT_TIMEOUT
    return Settings.resolve(
        api_key=api_key,
        base_url=base_url,
        timeout=resolve_timeout(timeout, default),
        max_retries=max_retries,
        allow_insecure_http=allow_insecure_http,
        default_headers=default_headers,
    )


def _check_http_client(
    http_client: object, expected: type[httpx.Client | httpx.AsyncClient], transport: object
) -> None:
    if http_client is None:
        return
    if not isinstance(http_client, expected):
        raise InvalidInput(
            f"http_client must be an {expected.__module__}.{expected.__name__}, "
            f"got {type(http_client).__name__}."
        )
    if transport is not None:
        raise InvalidInput(
            "Pass either transport= or http_client=, not both: give the transport to your "
            "httpx client."
        )


def _check_when(when: object, timestamp_ms: object) -> None:
    """``timestamp_ms`` needs ``when`` (before or after it?); ``when`` alone means "now"."""
    if when is None and timestamp_ms is not None:
        raise InvalidInput(
            "timestamp_ms needs when: pass both, e.g. client.jobs(when='created_after', "
            "timestamp_ms=1767225600000), or when alone (the server's current time)."
        )


def _skipping(options: Mapping[str, Any]) -> tuple[list[str], Callable[[str], None]]:
    """Where a run's skipped files go: a list for its report, and its ``on_event``."""
    skipped: list[str] = []
    on_event = options.get("on_event")

    def on_skip(sentence: str) -> None:
        skipped.append(sentence)
        if callable(on_event):
            on_event(sentence)

    return skipped, on_skip


def _check_inputs(inputs: object, texts: object) -> None:
    """``run`` takes a list of inputs; a lone string would be read character by character."""
    if isinstance(inputs, str | bytes | os.PathLike):
        shown = os.fsdecode(inputs)
        raise InvalidInput(
            f"inputs must be a list of URLs, files, folders or globs, got the single "
            f"{type(inputs).__name__} {shown!r}: wrap it in a list, "
            f"e.g. client.run([{shown!r}], ...)."
        )
    if isinstance(texts, str | bytes):
        raise InvalidInput(
            f"texts must be a list of strings, got a single string: wrap it, texts=[{texts!r}]."
        )


def _check_jobs(jobs: object) -> Iterable[Any]:
    """``wait_all`` takes jobs or ids in a list; a lone one would be read character by character."""
    if isinstance(jobs, str | bytes | Job | AsyncJob) or not isinstance(jobs, Iterable):
        raise InvalidInput(
            f"jobs must be a list of jobs or job ids, got {type(jobs).__name__}: wrap one in a "
            "list, e.g. wait_all([job])."
        )
    return jobs


def _concurrency(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"concurrency must be a positive integer, got {value!r}.")
    return value


def _finish(
    handles: list[Job] | list[AsyncJob], settled: dict[str, Outcome], return_exceptions: bool
) -> list[Any]:
    ids = [j.id for j in handles]
    outcomes: list[InferenceJob | HumeBatchError] = []
    for job in handles:
        _, outcome = settled[job.id]
        if isinstance(outcome, HumeBatchError):
            outcomes.append(outcome)
            continue
        job._details = outcome
        if str(outcome.state.status) == "FAILED":
            message = getattr(outcome.state, "message", None)
            outcomes.append(JobFailed(job.id, message, outcome))
        else:
            outcomes.append(outcome)
    if not return_exceptions:
        errors = {i: o for i, o in zip(ids, outcomes, strict=True) if isinstance(o, HumeBatchError)}
        if errors:
            raise WaitAllError(outcomes, errors)
    return outcomes


_Self = TypeVar("_Self", bound="_ClientBase")


class _ClientBase:
    """What `Client` and `AsyncClient` share: settings, `with_options`, ``base_url``."""

    _transport: SyncTransport | AsyncTransport
    _schedule: PollSchedule
    _allow_insecure_http: bool

    @property
    def base_url(self) -> str:
        """The API's base URL."""
        return self._transport.settings.base_url

    def with_options(
        self: _Self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        on_response: ResponseHook | NotGiven | None = NOT_GIVEN,
        poll_schedule: PollSchedule | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> _Self:
        """A copy with some options changed, sharing this client's connection pool.

        Cheap, so it also serves one call: ``client.with_options(timeout=None).get_job(id)``.
        ``default_headers`` are added to the current ones. The copy never closes the shared
        pool; close the original when done.
        """
        current = self._transport.settings
        _check_type(api_key, "api_key", str, "a string")
        _check_type(base_url, "base_url", str, "a string such as 'https://api.hume.ai'")
        _check_type(
            default_headers, "default_headers", Mapping, "a mapping of header names to values"
        )
        _check_base_url(base_url)
        settings = Settings.resolve(
            api_key=api_key if api_key is not None else current.api_key.reveal(),
            base_url=base_url if base_url is not None else current.base_url,
            timeout=resolve_timeout(timeout, current.timeout),
            max_retries=max_retries if max_retries is not None else current.max_retries,
            allow_insecure_http=self._allow_insecure_http,
            default_headers={**current.headers, **(default_headers or {})},
        )
        copy = type(self).__new__(type(self))
        copy._transport = self._transport.derive(settings, retry_policy, on_response)
        copy._schedule = poll_schedule or self._schedule
        copy._allow_insecure_http = self._allow_insecure_http
        return copy


class Client(_ClientBase):
    """Blocking client for the batch API.

    >>> from humebatch import Client
    >>> client = Client()  # HUME_API_KEY, and HUME_BASE_URL (default https://api.hume.ai)
    >>> job = client.submit(urls=["https://example.com/face.jpg"], models={"face": {}})
    >>> job.wait(timeout=600)
    >>> job.predictions().top_emotions(3)

    Args:
        api_key: Defaults to the HUME_API_KEY environment variable.
        base_url: Defaults to HUME_BASE_URL, then https://api.hume.ai.
        timeout: Seconds per request, an ``httpx.Timeout``, or ``None`` for no timeout;
            default 60 s, 10 s to connect (or the ``http_client``'s own timeout).
        max_retries: Retries of a failed request (connection errors, 429, 502/503/504). A
            job-creating POST is only retried when it provably did not reach the server.
        allow_insecure_http: Allow sending the key over plain ``http://`` to a non-loopback host.
        default_headers: Extra headers on every request.
        transport: An ``httpx.BaseTransport`` to send through (tests, proxies).
        http_client: An ``httpx.Client`` of your own (proxies, TLS, limits, event hooks). It is
            used as is (the key, URL and headers go on each request) and never closed by us.
        on_response: Called with every ``httpx.Response`` (each attempt, body read except a
            streamed artifacts download): the raw status and headers of any call.
        poll_schedule: Polling intervals of ``wait``/``wait_all``.
        retry_policy: Full control of retries (overrides ``max_retries``).

    Every request-making method also takes, for that call alone, ``timeout=``,
    ``extra_headers=``, and the escape hatches ``extra_query=`` and ``extra_body=`` for what
    this version does not know yet: query parameters and JSON keys sent as given, after the
    typed ones (nested objects merge key by key; into the ``json`` part of an upload).
    ``wait``, ``wait_all`` and ``run``, whose ``timeout`` is how long to wait, take request
    options from the client: ``client.with_options(timeout=5).wait_all(jobs)``.
    """

    _transport: SyncTransport

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        allow_insecure_http: bool = False,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        on_response: ResponseHook | None = None,
        poll_schedule: PollSchedule | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        _check_http_client(http_client, httpx.Client, transport)
        settings = _settings(
            api_key,
            base_url,
            timeout,
            max_retries,
            allow_insecure_http,
            default_headers,
            http_client,
        )
        self._transport = SyncTransport(
            settings, transport, retry_policy, http_client=http_client, on_response=on_response
        )
        self._schedule = poll_schedule or PollSchedule()
        self._allow_insecure_http = allow_insecure_http

    def submit(
        self,
        *,
        urls: Iterable[str] | None = None,
        text: Iterable[str] | str | None = None,
        files: Iterable[FileInput] | None = None,
        models: ModelsInput | None = None,
        transcription: TranscriptionInput | NotGiven = NOT_GIVEN,
        callback_url: str | None = None,
        notify: bool = False,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Job:
        """Start a job over URLs, texts and/or local files; return its `Job` at once.

        Everything is validated before any request (`InvalidInput`). Files are streamed from
        disk. ``models`` omitted runs every model; ``transcription=None`` disables
        transcription. If the POST fails after it may have reached the server,
        `AmbiguousSubmitError` is raised instead of a retry (check ``client.jobs()``).
        ``extra_body`` adds what the typed arguments cannot say yet, e.g. a new option:
        ``extra_body={"models": {"prosody": {"new_option": 1}}}`` (it must be JSON).
        """
        submission = validate_submission(
            urls=urls,
            text=text,
            files=files,
            models=models,
            transcription=transcription,
            callback_url=callback_url,
            notify=notify,
        )
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        job_id = self._transport.run(self._transport.ops.submit(submission), options)
        return Job(self._transport, job_id, schedule=self._schedule)

    def get_job(
        self,
        job_id: str,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Job:
        """The job with this id, with its current details (`NotFoundError` if there is none)."""
        job = Job(self._transport, validate_job_id(job_id), schedule=self._schedule)
        job.refresh(
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
        return job

    def jobs(
        self,
        *,
        status: Iterable[str] | None = None,
        when: WhenValue | None = None,
        timestamp_ms: int | None = None,
        page_size: int = 100,
        limit: int | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> Iterator[Job]:
        """Every job of the account (newest first), fetched lazily page by page.

        ``status`` filters by status; ``when``/``timestamp_ms`` bound the creation time
        (``created_after`` walks oldest first); ``limit`` caps the number of jobs yielded.
        """
        _check_when(when, timestamp_ms)
        pager = JobPager(
            status=status,
            when=when,
            timestamp_ms=timestamp_ms,
            page_size=page_size,
            limit=limit,
        )
        return self._iter_jobs(
            pager, RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        )

    def _iter_jobs(self, pager: JobPager, options: RequestOptions = NO_OPTIONS) -> Iterator[Job]:
        while not pager.done:
            page = self._transport.run(self._transport.ops.list_jobs(**pager.query()), options)
            for details in pager.feed(page):
                yield Job(self._transport, str(details.job_id), details, self._schedule)

    @overload
    def wait_all(
        self,
        jobs: Iterable[Job | str],
        *,
        concurrency: int = ...,
        timeout: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[InferenceJob]: ...

    @overload
    def wait_all(
        self,
        jobs: Iterable[Job | str],
        *,
        concurrency: int = ...,
        timeout: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        return_exceptions: Literal[True],
    ) -> list[InferenceJob | HumeBatchError]: ...

    def wait_all(
        self,
        jobs: Iterable[Job | str],
        *,
        concurrency: int = 8,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        """Wait for many jobs at once, detecting finished ones from pages of the job list.

        A few list requests per round cover every job (see `humebatch.watching`); details are
        asked only for jobs the list does not settle, at most ``concurrency`` at a time.
        ``timeout`` applies to each job. ``on_progress(details)`` runs when a job is first found
        and when it ends (a QUEUED → IN_PROGRESS change in between may go unreported).
        Returns the final details in input order. If some jobs fail or time out, the others are
        still awaited, then `WaitAllError` is raised carrying every result (or, with
        ``return_exceptions=True``, the errors take their jobs' places in the returned list).
        """
        handles = [self._job(j) for j in _check_jobs(jobs)]
        watcher = JobWatcher(self, concurrency=_concurrency(concurrency), on_progress=on_progress)
        limit = validate_timeout(timeout)
        for job in handles:
            watcher.add(job.id, timeout=limit)
        settled = {o[0]: o for o in watcher.outcomes()}
        return _finish(handles, settled, return_exceptions)

    def _job(self, job: Job | str) -> Job:
        if isinstance(job, Job):
            return job
        return Job(self._transport, validate_job_id(job), schedule=self._schedule)

    def run(
        self,
        inputs: Iterable[str | os.PathLike[str]] = (),
        out_dir: str | os.PathLike[str] = "humebatch-output",
        *,
        urls_file: str | os.PathLike[str] | None = None,
        text_file: str | os.PathLike[str] | None = None,
        texts: Iterable[str] = (),
        **options: Any,
    ) -> BulkReport:
        """Process many URLs, files, directories, globs and texts into ``out_dir``, resumably.

        Inputs are streamed into a SQLite manifest in ``out_dir``, split into jobs within the
        API's limits, and run on one event loop (``concurrency`` jobs and ``max_requests``
        requests in flight); each input's predictions are written atomically as its job
        finishes. The same call run again after a crash or Ctrl-C resumes without redoing or
        resubmitting anything. ``options`` are the fields of `humebatch.bulk.BulkOptions`
        (``batch_size``, ``concurrency``, ``max_requests``, ``models``, ``transcription``,
        ``callback_url``, ``notify``, ``extra_body``, ``formats``, ``timeout``,
        ``on_progress``, ``on_event``, ``submit_attempts``, ``reprocess``, ``retry_failed``,
        ``resubmit_forgotten``, ``shard``).

        >>> report = client.run(["media/", "https://example.com/a.mp4"], "results")
        >>> report.done, report.errors
        """
        _check_inputs(inputs, texts)
        skipped, on_skip = _skipping(options)
        records = iter_inputs(
            inputs, urls_file=urls_file, text_file=text_file, texts=texts, on_skip=on_skip
        )
        return replace(run_bulk(self, records, out_dir, **options), skipped=tuple(skipped))

    def close(self) -> None:
        """Close the connection pool (also done by ``with Client() as client:``)."""
        self._transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r})"


class AsyncClient(_ClientBase):
    """The asyncio twin of `Client`: the same arguments and methods, as coroutines.

    >>> async with AsyncClient() as client:
    ...     job = await client.submit(text=["I love this!"], models={"language": {}})
    ...     await job.wait()
    ...     preds = await job.predictions()
    """

    _transport: AsyncTransport

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        allow_insecure_http: bool = False,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        on_response: ResponseHook | None = None,
        poll_schedule: PollSchedule | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        _check_http_client(http_client, httpx.AsyncClient, transport)
        settings = _settings(
            api_key,
            base_url,
            timeout,
            max_retries,
            allow_insecure_http,
            default_headers,
            http_client,
        )
        self._transport = AsyncTransport(
            settings, transport, retry_policy, http_client=http_client, on_response=on_response
        )
        self._schedule = poll_schedule or PollSchedule()
        self._allow_insecure_http = allow_insecure_http

    async def submit(
        self,
        *,
        urls: Iterable[str] | None = None,
        text: Iterable[str] | str | None = None,
        files: Iterable[FileInput] | None = None,
        models: ModelsInput | None = None,
        transcription: TranscriptionInput | NotGiven = NOT_GIVEN,
        callback_url: str | None = None,
        notify: bool = False,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> AsyncJob:
        """Start a job; see `Client.submit`."""
        submission = validate_submission(
            urls=urls,
            text=text,
            files=files,
            models=models,
            transcription=transcription,
            callback_url=callback_url,
            notify=notify,
        )
        options = RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        job_id = await self._transport.run(self._transport.ops.submit(submission), options)
        return AsyncJob(self._transport, job_id, schedule=self._schedule)

    async def get_job(
        self,
        job_id: str,
        *,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> AsyncJob:
        """The job with this id, with its current details (`NotFoundError` if there is none)."""
        job = AsyncJob(self._transport, validate_job_id(job_id), schedule=self._schedule)
        await job.refresh(
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
        return job

    def jobs(
        self,
        *,
        status: Iterable[str] | None = None,
        when: WhenValue | None = None,
        timestamp_ms: int | None = None,
        page_size: int = 100,
        limit: int | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> AsyncIterator[AsyncJob]:
        """Every job of the account, lazily: ``async for job in client.jobs(): ...``."""
        _check_when(when, timestamp_ms)
        pager = JobPager(
            status=status,
            when=when,
            timestamp_ms=timestamp_ms,
            page_size=page_size,
            limit=limit,
        )
        return self._iter_jobs(
            pager, RequestOptions.of(timeout, extra_headers, extra_query, extra_body)
        )

    async def _iter_jobs(
        self, pager: JobPager, options: RequestOptions = NO_OPTIONS
    ) -> AsyncIterator[AsyncJob]:
        while not pager.done:
            page = await self._transport.run(
                self._transport.ops.list_jobs(**pager.query()), options
            )
            for details in pager.feed(page):
                yield AsyncJob(self._transport, str(details.job_id), details, self._schedule)

    @overload
    async def wait_all(
        self,
        jobs: Iterable[AsyncJob | str],
        *,
        concurrency: int = ...,
        timeout: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[InferenceJob]: ...

    @overload
    async def wait_all(
        self,
        jobs: Iterable[AsyncJob | str],
        *,
        concurrency: int = ...,
        timeout: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        return_exceptions: Literal[True],
    ) -> list[InferenceJob | HumeBatchError]: ...

    async def wait_all(
        self,
        jobs: Iterable[AsyncJob | str],
        *,
        concurrency: int = 8,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
        return_exceptions: bool = False,
    ) -> list[Any]:
        """Wait for many jobs at once; see `Client.wait_all`."""
        handles = [self._job(j) for j in _check_jobs(jobs)]
        watcher = AsyncJobWatcher(
            self, concurrency=_concurrency(concurrency), on_progress=on_progress
        )
        limit = validate_timeout(timeout)
        for job in handles:
            watcher.add(job.id, timeout=limit)
        settled = {o[0]: o async for o in watcher.outcomes()}
        return _finish(handles, settled, return_exceptions)

    def _job(self, job: AsyncJob | str) -> AsyncJob:
        if isinstance(job, AsyncJob):
            return job
        return AsyncJob(self._transport, validate_job_id(job), schedule=self._schedule)

    async def run(
        self,
        inputs: Iterable[str | os.PathLike[str]] = (),
        out_dir: str | os.PathLike[str] = "humebatch-output",
        *,
        urls_file: str | os.PathLike[str] | None = None,
        text_file: str | os.PathLike[str] | None = None,
        texts: Iterable[str] = (),
        **options: Any,
    ) -> BulkReport:
        """Process many inputs into ``out_dir``, resumably; see `Client.run`."""
        _check_inputs(inputs, texts)
        skipped, on_skip = _skipping(options)
        records = iter_inputs(
            inputs, urls_file=urls_file, text_file=text_file, texts=texts, on_skip=on_skip
        )
        report = await arun_bulk(self, records, out_dir, **options)
        return replace(report, skipped=tuple(skipped))

    async def close(self) -> None:
        """Close the connection pool (also done by ``async with AsyncClient() as client:``)."""
        await self._transport.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncClient(base_url={self.base_url!r})"
