"""Start-time configuration of the mock server."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field

from hume_batch_contract import MAX_FILE_BYTES, MAX_FILES, MAX_TEXTS, MAX_URLS

MB = 1024 * 1024


@dataclass(frozen=True)
class MockConfig:
    """Everything the mock can be told at start; every field has a test-friendly default.

    Example::

        MockConfig(api_keys={"k1"}, queue_seconds=0.5, run_seconds=2, fault_rate=0.1, seed=7)
    """

    # --- auth and accounting
    api_keys: Collection[str] | None = field(default=None, repr=False)
    """Accepted keys; ``None`` accepts any non-empty key."""
    rate_limit: float | None = None
    """Requests per second allowed per key (token bucket); ``None`` disables rate limiting."""
    rate_burst: int | None = None
    """Bucket capacity; defaults to ``max(1, ceil(rate_limit))``."""

    # --- job lifecycle (the state is computed from the clock at read time)
    queue_seconds: float = 0.05
    run_seconds: float = 0.2
    duration_jitter: float = 0.0
    """Each job's queue/run durations are scaled by a factor in ``[1 - j, 1 + j]`` (per job id)."""
    seed: int = 0
    """Seeds job ids, predictions, jitter and faults."""

    # --- input limits: the spec's (maxItems, x-hume-max-file-bytes) unless told otherwise
    max_urls: int = MAX_URLS
    max_texts: int = MAX_TEXTS
    max_files: int = MAX_FILES
    max_file_bytes: int = MAX_FILE_BYTES
    max_json_bytes: int = 64 * MB
    """The mock's own cap on a JSON body or part (the API documents none)."""

    # --- callbacks
    callback_tries: int = 3
    callback_backoff: float = 0.2
    """Seconds before the second try; doubled for each further try."""
    callback_timeout: float = 5.0
    callback_allow_remote: bool = False
    """Deliver callbacks to non-loopback hosts too (off: the mock never reaches out by default)."""

    # --- faults (all off by default; see README "Faults")
    fault_rate: float = 0.0
    """Probability that a request is answered with one of ``fault_statuses`` before it runs."""
    fault_statuses: tuple[int, ...] = (500, 502, 503)
    fault_429_rate: float = 0.0
    """Probability that a request starts a burst of 429 answers."""
    fault_429_burst: int = 3
    """Number of consecutive 429 answers in a burst."""
    fault_retry_after: int = 1
    """Retry-After (seconds) sent with injected 429/503 answers."""
    fault_latency: float = 0.0
    """Seconds added before each answer."""
    fault_drop_rate: float = 0.0
    """Probability that the connection is dropped mid-response, after the operation ran."""
    fault_slow_rate: float = 0.0
    """Probability that the body is trickled over ``fault_slow_seconds``."""
    fault_slow_seconds: float = 1.0
    fault_max: int | None = None
    """Stop injecting configured faults after this many (per-request header faults always apply)."""
    fault_header: bool = True
    """Honour the mock-only ``X-Mock-Fault`` request header."""

    def __post_init__(self) -> None:
        for name in ("fault_rate", "fault_429_rate", "fault_drop_rate", "fault_slow_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
        if self.queue_seconds < 0 or self.run_seconds < 0:
            raise ValueError("queue_seconds and run_seconds must be >= 0")
        if not 0.0 <= self.duration_jitter < 1.0:
            raise ValueError("duration_jitter must be in [0, 1)")
        if self.rate_limit is not None and self.rate_limit <= 0:
            raise ValueError("rate_limit must be > 0 requests per second (or None)")
        if self.api_keys is not None:
            keys = frozenset(self.api_keys)
            if not keys or "" in keys:
                raise ValueError("api_keys must hold at least one non-empty key (or be None)")
            object.__setattr__(self, "api_keys", keys)
        if self.callback_tries < 1:
            raise ValueError("callback_tries must be >= 1")

    def replace(self, **changes: object) -> MockConfig:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def default_key(self) -> str:
        """A key this configuration accepts (the first configured one, or ``test-key``)."""
        if self.api_keys:
            return sorted(self.api_keys)[0]
        return "test-key"
