"""Per-key token buckets: a request spends one token; an empty bucket answers 429."""

from __future__ import annotations

import math
import threading
import time


class RateLimiter:
    """``rate`` tokens per second, up to ``burst`` saved; ``check`` says how long to wait."""

    def __init__(self, rate: float, burst: int | None = None) -> None:
        self.rate = rate
        self.burst = float(burst if burst is not None else max(1, math.ceil(rate)))
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str, now: float | None = None) -> int:
        """Spend a token for ``key``: 0 if allowed, else the whole seconds until one is free."""
        at = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, at))
            tokens = min(self.burst, tokens + (at - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, at)
                return 0
            self._buckets[key] = (tokens, at)
            return max(1, math.ceil((1.0 - tokens) / self.rate))

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
