"""One limiter under every request of a bulk run: requests in flight, and a shared pause.

`LimitedTransport` wraps the httpx transport of each client the pipeline uses. All wrappers
share one `RequestLimiter`: at most ``max_requests`` requests are in flight, and when any
response is a 429 (or a 503 with ``Retry-After``) every sender waits until the server's hint has
passed, rather than only the request that got it: the next requests would be refused too.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from ..retries import parse_retry_after

__all__ = ["LimitedTransport", "RequestLimiter"]

# Without a hint, a 429 pauses everyone this long (then the per-request backoff applies).
DEFAULT_429_PAUSE = 1.0
MAX_PAUSE = 120.0


class RequestLimiter:
    """Shared state: a cap on requests in flight and the time until which everyone waits."""

    def __init__(self, max_requests: int) -> None:
        self.max_requests = max_requests
        self.slots = asyncio.Semaphore(max_requests)
        self.resume_at = 0.0  # time.monotonic()
        self.pauses = 0

    async def wait_turn(self) -> None:
        while (delay := self.resume_at - time.monotonic()) > 0:
            await asyncio.sleep(delay)

    def observe(self, response: httpx.Response) -> None:
        status = response.status_code
        if status not in (429, 503):
            return
        hint = parse_retry_after(response.headers, now=time.time(), limit=MAX_PAUSE)
        if hint is None and status == 429:
            hint = DEFAULT_429_PAUSE
        if hint:
            self.resume_at = max(self.resume_at, time.monotonic() + hint)
            self.pauses += 1


class LimitedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that sends through ``inner`` under a shared `RequestLimiter`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: RequestLimiter) -> None:
        self._inner = inner
        self._limiter = limiter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._limiter.wait_turn()
        async with self._limiter.slots:
            # Paused while waiting for a slot: wait again, then send.
            await self._limiter.wait_turn()
            response = await self._inner.handle_async_request(request)
        self._limiter.observe(response)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
