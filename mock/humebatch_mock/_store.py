"""Jobs and counters, in memory. A job's state is computed from the clock when it is read.

A job is planned completely when it is created (sources, per-file errors, counts, failure), so
reading its state costs a few comparisons; its predictions and artifacts are generated on first
request and cached.
"""

from __future__ import annotations

import math
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hume_batch_contract import ENUMS

from . import predictions as _predictions
from ._artifacts import build_artifacts
from ._config import MockConfig
from ._media import FAIL_TRIGGER, SourcePlan, Upload, plan_texts, plan_upload, plan_url, stable_seed

STATUSES: tuple[str, ...] = ENUMS["Status"]


def now_ms() -> int:
    """Unix time in milliseconds."""
    return time.time_ns() // 1_000_000


@dataclass
class Job:
    """One inference job; ``state_at`` derives its lifecycle from its planned timestamps."""

    job_id: str
    created_ms: int
    started_ms: float
    ended_ms: float
    request: dict[str, Any]
    plans: list[SourcePlan]
    failure: str | None
    num_predictions: int
    num_errors: int
    seed: int
    _predictions: bytes | None = field(default=None, repr=False)
    _artifacts: bytes | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def status_at(self, at_ms: float) -> str:
        if at_ms < self.started_ms:
            return "QUEUED"
        if at_ms < self.ended_ms:
            return "IN_PROGRESS"
        return "FAILED" if self.failure is not None else "COMPLETED"

    def state_at(self, at_ms: float) -> dict[str, Any]:
        """The ``state`` object as the API shows it at ``at_ms``."""
        status = self.status_at(at_ms)
        state: dict[str, Any] = {"status": status, "created_timestamp_ms": self.created_ms}
        if status != "QUEUED":
            state["started_timestamp_ms"] = int(self.started_ms)
        if status == "COMPLETED":
            state["ended_timestamp_ms"] = int(self.ended_ms)
            state["num_predictions"] = self.num_predictions
            state["num_errors"] = self.num_errors
        elif status == "FAILED":
            state["ended_timestamp_ms"] = int(self.ended_ms)
            state["message"] = self.failure
        return state

    def to_json(self, at_ms: float) -> dict[str, Any]:
        """The ``InferenceJob`` body."""
        return {
            "type": "INFERENCE",
            "job_id": self.job_id,
            "request": self.request,
            "state": self.state_at(at_ms),
        }

    def timestamp(self, sort_by: str, at_ms: float) -> float | None:
        """created/started/ended timestamp if reached by ``at_ms``, else ``None``."""
        if sort_by == "created":
            return self.created_ms
        value = self.started_ms if sort_by == "started" else self.ended_ms
        return value if value <= at_ms else None

    @property
    def transcription(self) -> Mapping[str, Any] | None:
        if "transcription" not in self.request:
            return _predictions.TRANSCRIPTION_DEFAULT
        return self.request["transcription"]  # type: ignore[no-any-return]

    def predictions(self) -> list[dict[str, Any]]:
        """The predictions body (generated, not cached: use :meth:`predictions_bytes`)."""
        return _predictions.predict_sources(
            self.plans, self.request["models"], self.transcription, shuffle_seed=self.seed
        )

    def predictions_bytes(self) -> bytes:
        """The serialised predictions, generated once (thread-safe)."""
        with self._lock:
            if self._predictions is None:
                self._predictions = _predictions.dumps(self.predictions())
            return self._predictions

    def artifacts_bytes(self) -> bytes:
        """The artifacts zip, built once (thread-safe)."""
        body = self.predictions_bytes()
        with self._lock:
            if self._artifacts is None:
                self._artifacts = build_artifacts(body)
            return self._artifacts


def _failure(
    request: Mapping[str, Any], uploads: Sequence[Upload], plans: Sequence[SourcePlan], usable: int
) -> str | None:
    for url in request["urls"]:
        if FAIL_TRIGGER.search(url):
            return f"failed on request (mock trigger 'fail' in URL {url})"
    for upload in uploads:
        if upload.filename and FAIL_TRIGGER.search(upload.filename):
            return f"failed on request (mock trigger 'fail' in file {upload.filename})"
    for i, text in enumerate(request["text"], start=1):
        if FAIL_TRIGGER.search(text):
            return f"failed on request (mock trigger 'fail' in text {i})"
    if not request["urls"] and not request["text"] and not uploads:
        return "no media or text provided: send urls, text or files"
    if not request["models"]:
        return "no models selected: leave models out to run all of them"
    if not usable:
        first = next((i.error for p in plans for i in p.items if i.error), None)
        return "no usable input" + (f" ({first})" if first else "")
    return None


class JobStore:
    """All jobs of the mock (one account) plus the request counters behind ``/_mock/stats``."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.jobs: dict[str, Job] = {}
        self.stats: Counter[str] = Counter()
        self.callbacks: list[dict[str, Any]] = []
        self._order: list[Job] = []
        self._lock = threading.Lock()
        self._ids = random.Random(config.seed)

    # ------------------------------------------------------------ create

    def _new_id(self) -> str:
        with self._lock:
            return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def create(
        self,
        request: dict[str, Any],
        uploads: Sequence[Upload] = (),
        *,
        created_ms: int | None = None,
        queue_seconds: float | None = None,
        run_seconds: float | None = None,
        failure: str | None = None,
    ) -> Job:
        """Plan and store a job from a validated request echo (see ``_request.parse_job_request``).

        ``request`` lacks ``files``; it is filled from ``uploads``. The lifecycle timing comes
        from the config unless given (``math.inf`` keeps a job in its state forever).
        """
        cfg = self.config
        job_id = self._new_id()
        seed = stable_seed(cfg.seed, job_id)  # per job: duration jitter
        content_seed = stable_seed(cfg.seed)
        plans: list[SourcePlan] = [plan_upload(u, content_seed) for u in uploads]
        plans += [plan_url(url, content_seed) for url in request["urls"]]
        if request["text"]:
            plans.append(plan_texts(request["text"], content_seed))
        echo = {"callback_url": request["callback_url"], "files": [u.echo() for u in uploads]}
        echo.update((k, v) for k, v in request.items() if k not in echo)
        transcription = echo.get("transcription", _predictions.TRANSCRIPTION_DEFAULT)
        usable, errors = _predictions.count_outcomes(plans, echo["models"], transcription)
        failure = failure or _failure(echo, uploads, plans, usable)
        jitter = 1.0
        if cfg.duration_jitter:
            jitter += cfg.duration_jitter * (2 * random.Random(seed).random() - 1)
        queue = cfg.queue_seconds * jitter if queue_seconds is None else queue_seconds
        run = cfg.run_seconds * jitter if run_seconds is None else run_seconds
        created = now_ms() if created_ms is None else created_ms
        started = created + queue * 1000
        ended = started + run * 1000
        # Whole milliseconds, like the API (inf stays inf: "never").
        started = math.floor(started) if math.isfinite(started) else started
        ended = math.floor(ended) if math.isfinite(ended) else ended
        job = Job(
            job_id=job_id,
            created_ms=created,
            started_ms=started,
            ended_ms=ended,
            request=echo,
            plans=plans,
            failure=failure,
            num_predictions=0 if failure else usable,
            num_errors=0 if failure else errors,
            # Content-derived, so the same request gives the same bytes.
            seed=stable_seed(cfg.seed, "order", *request["text"]),
        )
        with self._lock:
            self.jobs[job_id] = job
            self._order.append(job)
            self.stats["jobs_created"] += 1
        return job

    # ------------------------------------------------------------ read

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def list(
        self,
        *,
        limit: int = 50,
        statuses: Iterable[str] = (),
        when: str | None = None,
        timestamp_ms: int | None = None,
        sort_by: str = "created",
        direction: str = "desc",
        at_ms: int | None = None,
    ) -> list[Job]:
        """Jobs as ``GET /v0/batch/jobs`` selects them (bounds are exclusive).

        Jobs lacking the sort timestamp (not started / not ended yet) come last either way.
        """
        at = now_ms() if at_ms is None else at_ms
        wanted = set(statuses)
        bound = at if timestamp_ms is None else timestamp_ms
        with self._lock:
            jobs = list(self._order)
        selected = []
        for job in jobs:
            if when == "created_before" and not job.created_ms < bound:
                continue
            if when == "created_after" and not job.created_ms > bound:
                continue
            if wanted and job.status_at(at) not in wanted:
                continue
            selected.append(job)
        keyed = [(job.timestamp(sort_by, at), i, job) for i, job in enumerate(selected)]
        present = [k for k in keyed if k[0] is not None]
        missing = [k for k in keyed if k[0] is None]
        present.sort(key=lambda k: (k[0], k[1]), reverse=direction == "desc")
        return [job for _, _, job in (present + missing)[:limit]]

    def reset(self) -> None:
        """Forget every job and counter."""
        with self._lock:
            self.jobs.clear()
            self._order.clear()
            self.stats.clear()
            self.callbacks.clear()

    def snapshot(self) -> dict[str, Any]:
        """Counters for ``GET /_mock/stats``."""
        at = now_ms()
        with self._lock:
            jobs = list(self._order)
            stats = dict(self.stats)
        by_status = Counter(job.status_at(at) for job in jobs)
        return {
            "jobs": len(jobs),
            "jobs_by_status": {s: by_status.get(s, 0) for s in STATUSES},
            "counters": stats,
            "requests": {
                k[len("requests.") :]: v for k, v in stats.items() if k.startswith("requests.")
            },
            "faults": {k[len("faults.") :]: v for k, v in stats.items() if k.startswith("faults.")},
            "callbacks": list(self.callbacks),
        }

    def count(self, key: str, amount: int = 1) -> None:
        with self._lock:
            self.stats[key] += amount
