"""Operations: the only module importing the generated client ``hume_batch_api``.

Each API call becomes an `Operation`: the generated ``_get_kwargs`` builds the request and the
generated ``_parse_response`` reads a 2xx body. Why not ``sync_detailed``: the generated
``_build_response`` parses error bodies as JSON and would raise a bare ``JSONDecodeError`` on a
proxy's HTML page, losing the status; and it cannot stream. What the generator cannot do is done
here (see spec/openapi-python-client.yaml): the artifacts body is streamed to disk, predictions
come back as raw bytes for the fast parser, and multipart uploads drop the generated fixed
``boundary=+++`` so that httpx picks a random one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID

import attrs
import httpx
from hume_batch_api.api.batch import (
    get_job_artifacts,
    get_job_details,
    get_job_predictions,
    list_jobs,
    start_inference_job,
)
from hume_batch_api.client import AuthenticatedClient
from hume_batch_api.errors import ResponseShapeError
from hume_batch_api.models import (
    Bcp47Tag,
    Direction,
    Face,
    Granularity,
    InferenceBaseRequest,
    InferenceJob,
    InferenceRequest,
    JobId,
    JobRequestUnknown,
    Language,
    LocalFileJobRequest,
    Models,
    Ner,
    Prosody,
    SortBy,
    SourcePredictResult,
    SourceUnknown,
    StateCompleted,
    StateFailed,
    StateInProgress,
    StateQueued,
    StateUnknown,
    Status,
    Transcription,
    Unconfigurable,
    When,
    Window,
)
from hume_batch_api.types import UNSET, File

from .._uploads import SentFile
from ..errors import PredictionsFormatError, describe_status
from ..retries import RequestKind
from .errormap import unexpected
from .settings import API_KEY_HEADER, USER_AGENT, Settings

if TYPE_CHECKING:  # inputs imports the constants below, so only its types are imported here
    from ..inputs import Submission, UploadFile

__all__ = [
    "GRANULARITIES",
    "LANGUAGES",
    "MODEL_NAMES",
    "STATUSES",
    "Bcp47Tag",
    "Face",
    "Granularity",
    "InferenceJob",
    "JobRequestUnknown",
    "Language",
    "Models",
    "Ner",
    "Operation",
    "Operations",
    "Prosody",
    "SourceUnknown",
    "StateCompleted",
    "StateFailed",
    "StateInProgress",
    "StateQueued",
    "StateUnknown",
    "Status",
    "Transcription",
    "Unconfigurable",
    "Window",
    "describe_status",
    "generated_client",
    "source_result_from_dict",
]

T = TypeVar("T")

# The one source of these names: the generated enums and models (that is, the spec).
MODEL_NAMES: tuple[str, ...] = tuple(field.name for field in attrs.fields(Models))
STATUSES: tuple[str, ...] = tuple(status.value for status in Status)
GRANULARITIES: tuple[str, ...] = tuple(granularity.value for granularity in Granularity)
LANGUAGES: tuple[str, ...] = tuple(tag.value for tag in Bcp47Tag)


def generated_client(settings: Settings, transport: object = None) -> AuthenticatedClient:
    """The generated client, configured; ``transport`` is an httpx (async) transport."""
    return AuthenticatedClient(
        base_url=settings.base_url,
        token=settings.api_key,
        prefix="",
        auth_header_name=API_KEY_HEADER,
        timeout=settings.timeout,
        headers={"User-Agent": USER_AGENT, **settings.headers},
        follow_redirects=False,  # never forward the key to wherever a redirect points
        httpx_args={"transport": transport} if transport is not None else {},
    )


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One API call, ready to run (any number of attempts).

    ``prepare`` builds fresh httpx request arguments per attempt (re-opening upload files on the
    given stack); ``parse`` turns a 2xx response into the result. With ``dest`` set, a 2xx body
    is streamed into that file atomically (a temporary file beside it, renamed when complete),
    or into that open binary file (rewound and truncated first, as every attempt starts over).
    """

    name: str
    kind: RequestKind
    prepare: Callable[[ExitStack], dict[str, Any]]
    parse: Callable[[httpx.Response], T]
    dest: Path | IO[bytes] | None = None
    retryable: bool = True


def _parsed(
    name: str, parse: Callable[..., object], client: AuthenticatedClient, expected: type[T]
) -> Callable[[httpx.Response], T]:
    """Read a 2xx body with the generated parser; any malformation becomes our error."""

    def run(response: httpx.Response) -> T:
        try:
            result = parse(client=client, response=response)
        except ResponseShapeError as exc:
            problem = f"a body that does not match the API at {exc.where} ({exc.reason})"
            raise unexpected(name, response, problem) from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problem = f"a body that does not match the API ({type(exc).__name__}: {exc})"
            raise unexpected(name, response, problem) from exc
        if not isinstance(result, expected):
            raise unexpected(name, response, f"an unexpected body ({type(result).__name__})")
        return result

    return run


def _checked_job(job: InferenceJob, *path: str | int) -> InferenceJob:
    """Refuse an inference job whose request echo only read as `JobRequestUnknown`.

    The generated parser cannot look at the job's ``type`` while reading its request, so a broken
    inference echo would land on the catch-all; re-reading it gives the real error and its path.
    """
    if isinstance(job.request, JobRequestUnknown) and job.type_ in (UNSET, "INFERENCE"):
        try:
            InferenceRequest.from_dict(job.request.to_dict())
        except ResponseShapeError as exc:
            raise ResponseShapeError((*path, "request", *exc.path), exc.reason) from None
    return job


def _parse_job(client: AuthenticatedClient, response: httpx.Response) -> object:
    job = get_job_details._parse_response(client=client, response=response)
    return _checked_job(job) if isinstance(job, InferenceJob) else job


def _parse_jobs(client: AuthenticatedClient, response: httpx.Response) -> object:
    jobs = list_jobs._parse_response(client=client, response=response)
    if isinstance(jobs, list):
        return [_checked_job(job, i) for i, job in enumerate(jobs)]
    return jobs


class Operations:
    """Builds `Operation`s from the generated modules for one generated client."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self.client = client

    def get_job(self, job_id: str) -> Operation[InferenceJob]:
        kwargs = get_job_details._get_kwargs(id=UUID(job_id))
        parse = _parsed("get job", _parse_job, self.client, InferenceJob)

        def checked(response: httpx.Response) -> InferenceJob:
            job = parse(response)
            if job.job_id != UUID(job_id):
                # Shown as done, another job's state would pass for this one's.
                answered = f"the details of job {job.job_id} instead of {job_id}"
                raise unexpected(f"get job {job_id}", response, answered)
            return job

        return Operation(
            name=f"get job {job_id}",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=checked,
        )

    def list_jobs(
        self,
        *,
        limit: int,
        status: list[str] | None,
        when: str | None,
        timestamp_ms: int | None,
        direction: str,
        sort_by: str = "created",
    ) -> Operation[list[InferenceJob]]:
        kwargs = list_jobs._get_kwargs(
            limit=limit,
            status=[Status(s) for s in status] if status else UNSET,
            when=When(when) if when else UNSET,
            timestamp_ms=timestamp_ms if timestamp_ms is not None else UNSET,
            sort_by=SortBy(sort_by),
            direction=Direction(direction),
        )
        return Operation(
            name="list jobs",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=_parsed("list jobs", _parse_jobs, self.client, list),
        )

    def predictions(self, job_id: str) -> Operation[bytes]:
        kwargs = get_job_predictions._get_kwargs(id=UUID(job_id))
        # Raw bytes: the generated from_dict tree is too slow for large results (predictions.py).
        return Operation(
            name=f"get predictions of job {job_id}",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=lambda response: response.content,
        )

    def predictions_into(self, job_id: str, sink: IO[bytes]) -> Operation[IO[bytes]]:
        """The predictions body streamed into ``sink`` (never held whole in memory)."""
        kwargs = get_job_predictions._get_kwargs(id=UUID(job_id))
        return Operation(
            name=f"get predictions of job {job_id}",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=lambda _response: sink,
            dest=sink,
        )

    def artifacts(self, job_id: str, dest: Path) -> Operation[Path]:
        kwargs = get_job_artifacts._get_kwargs(id=UUID(job_id))
        return Operation(
            name=f"download artifacts of job {job_id}",
            kind=RequestKind.READ,
            prepare=lambda _: kwargs,
            parse=lambda _response: dest,
            dest=dest,
        )

    def submit(self, submission: Submission) -> Operation[str]:
        # The generated model checks the configuration's shape but keeps only the fields it
        # knows; the validated configuration itself goes on the wire, so nothing is dropped.
        config = InferenceBaseRequest.from_dict(submission.config)
        body_json = submission.config
        files = submission.files

        def prepare(stack: ExitStack) -> dict[str, Any]:
            if not files:
                kwargs = start_inference_job._get_kwargs(body=config)
                kwargs["json"] = body_json
                return kwargs
            body = LocalFileJobRequest(file=[_open(f, stack) for f in files])
            kwargs = start_inference_job._get_kwargs(body=body)
            kwargs["files"].append(
                ("json", (None, json.dumps(body_json).encode(), "application/json"))
            )
            # The generated header pins `boundary=+++`, which a file could contain; without the
            # header httpx writes its own random boundary.
            kwargs["headers"].pop("Content-Type", None)
            return kwargs

        def parse(response: httpx.Response) -> str:
            return str(
                _parsed("submit", start_inference_job._parse_response, self.client, JobId)(
                    response
                ).job_id
            )

        return Operation(
            name="submit job",
            kind=RequestKind.CREATE,
            prepare=prepare,
            parse=parse,
            retryable=all(
                f.path is not None or f.start is not None or isinstance(f.data, bytes)
                for f in files
            ),
        )


def source_result_from_dict(data: Mapping[str, Any]) -> SourcePredictResult:
    """One element of a predictions body as the generated model (slow: for ``to_model()``).

    Raises:
        PredictionsFormatError: the element does not match the spec (``path`` is within it).
    """
    try:
        return SourcePredictResult.from_dict(data)
    except ResponseShapeError as exc:
        raise PredictionsFormatError(exc.where, exc.reason) from None


def _open(upload: UploadFile, stack: ExitStack) -> File:
    """The upload as a generated `File`, streamed from disk (never read whole into memory)."""
    payload: Any
    if upload.path is not None and upload.checked is not None:
        # Opened when its bytes go out, closed at their end (`SentFile`), not now.
        size, mtime_ns = upload.checked
        payload = SentFile(upload.path, size, mtime_ns, repr(str(upload.path)))
        stack.callback(payload.close)
    elif upload.path is not None:
        payload = stack.enter_context(upload.path.open("rb"))
    elif isinstance(upload.data, bytes):
        payload = upload.data
    else:
        payload = upload.data
        if upload.start is not None and payload is not None:
            payload.seek(upload.start)
    return File(payload=payload, file_name=upload.filename, mime_type=upload.content_type)
