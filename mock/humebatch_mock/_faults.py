"""Faults on demand: a pure policy that decides, and an ASGI middleware that executes.

Grammar of the mock-only request header (items separated by ``;`` or ``,``)::

    X-Mock-Fault: status=503                 answer 503 before the operation runs (no job created)
    X-Mock-Fault: status=429; retry_after=2  answer 429 with Retry-After: 2
    X-Mock-Fault: latency=0.3                wait 0.3 s before handling (at most 30)
    X-Mock-Fault: drop                       run the operation, then drop the connection
                                             mid-response (a POST creates its job: ambiguous)
    X-Mock-Fault: drop=before                drop the connection without running the operation
    X-Mock-Fault: slow=2                     trickle the body over 2 s (at most 60)
    X-Mock-Fault: after_status=502           run the operation, then answer 502 instead

Items combine (``latency=0.2; status=500``). Faults apply to ``/v0/`` paths only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
from dataclasses import dataclass
from typing import Any

from ._config import MockConfig
from ._store import JobStore

HEADER = "x-mock-fault"
_MAX_LATENCY = 30.0
_MAX_SLOW = 60.0
_RETRY_AFTER_STATUSES = (429, 503)


class DroppedConnection(Exception):
    """Raised to make the server close the connection mid-response (uvicorn then closes it)."""


class _DropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnection)


_filter_lock = threading.Lock()


def silence_dropped_connection_logs() -> None:
    """Keep uvicorn from logging our deliberate drops as application errors (idempotent)."""
    logger = logging.getLogger("uvicorn.error")
    with _filter_lock:
        if not any(isinstance(f, _DropFilter) for f in logger.filters):
            logger.addFilter(_DropFilter())


@dataclass(frozen=True)
class Fault:
    """What to do to one request; the default does nothing."""

    status: int | None = None
    retry_after: int | None = None
    latency: float = 0.0
    drop: str | None = None  # "before" | "after"
    slow: float = 0.0
    after_status: int | None = None
    source: str = "config"

    @property
    def active(self) -> bool:
        return bool(self.status or self.latency or self.drop or self.slow or self.after_status)

    def kinds(self) -> list[str]:
        out = []
        if self.latency:
            out.append("latency")
        if self.status:
            out.append(f"status_{self.status}")
        if self.drop:
            out.append(f"drop_{self.drop}")
        if self.slow:
            out.append("slow")
        if self.after_status:
            out.append(f"after_status_{self.after_status}")
        return out


def _status(value: str) -> int:
    code = int(value)
    if not 400 <= code <= 599:
        raise ValueError(f"status must be 400-599, got {code}")
    return code


def _seconds(value: str, cap: float) -> float:
    seconds = float(value)
    if not 0 <= seconds <= cap:
        raise ValueError(f"seconds must be in [0, {cap:g}], got {value}")
    return seconds


def parse_fault_header(value: str) -> Fault:
    """Parse ``X-Mock-Fault``; raises ``ValueError`` with a readable reason."""
    fields: dict[str, Any] = {"source": "header"}
    for raw in value.replace(",", ";").split(";"):
        item = raw.strip()
        if not item:
            continue
        key, _, arg = (s.strip() for s in item.partition("="))
        key = key.lower()
        try:
            if key == "status":
                fields["status"] = _status(arg)
            elif key == "after_status":
                fields["after_status"] = _status(arg)
            elif key == "retry_after":
                fields["retry_after"] = max(0, int(arg))
            elif key == "latency":
                fields["latency"] = _seconds(arg, _MAX_LATENCY)
            elif key == "slow":
                fields["slow"] = _seconds(arg, _MAX_SLOW)
            elif key == "drop":
                if arg not in ("", "after", "before"):
                    raise ValueError("drop takes no value, 'before' or 'after'")
                fields["drop"] = arg or "after"
            else:
                raise ValueError(f"unknown item {key!r}")
        except ValueError as exc:
            raise ValueError(f"{item!r}: {exc}") from None
    return Fault(**fields)


class FaultPolicy:
    """Decides the fault of each request from the header or the configured probabilities."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self._rng = random.Random(config.seed)
        self._burst_left = 0
        self._injected = 0
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._rng = random.Random(self.config.seed)
            self._burst_left = 0
            self._injected = 0

    def decide(self, header: str | None) -> Fault:
        """The fault for one request. Raises ``ValueError`` for a malformed header."""
        cfg = self.config
        if header is not None and cfg.fault_header:
            return parse_fault_header(header)
        with self._lock:
            if cfg.fault_max is not None and self._injected >= cfg.fault_max:
                return Fault()
            r = self._rng.random
            fault = Fault(latency=cfg.fault_latency)
            if self._burst_left > 0:
                self._burst_left -= 1
                fault = Fault(
                    status=429, retry_after=cfg.fault_retry_after, latency=cfg.fault_latency
                )
            elif cfg.fault_429_rate and r() < cfg.fault_429_rate:
                self._burst_left = max(0, cfg.fault_429_burst - 1)
                fault = Fault(
                    status=429, retry_after=cfg.fault_retry_after, latency=cfg.fault_latency
                )
            elif cfg.fault_rate and r() < cfg.fault_rate:
                status = self._rng.choice(cfg.fault_statuses)
                fault = Fault(
                    status=status, retry_after=cfg.fault_retry_after, latency=cfg.fault_latency
                )
            elif cfg.fault_drop_rate and r() < cfg.fault_drop_rate:
                fault = Fault(drop="after", latency=cfg.fault_latency)
            elif cfg.fault_slow_rate and r() < cfg.fault_slow_rate:
                fault = Fault(slow=cfg.fault_slow_seconds, latency=cfg.fault_latency)
            if fault.status or fault.drop or fault.slow:
                self._injected += 1
            return fault


def _json_response_parts(
    status: int, message: str, retry_after: int | None
) -> tuple[dict[str, Any], bytes]:
    body = json.dumps({"message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    return {"type": "http.response.start", "status": status, "headers": headers}, body


_MESSAGES = {
    429: "rate limit exceeded",
    500: "internal server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


async def send_error(send: Any, status: int, message: str, retry_after: int | None = None) -> None:
    start, body = _json_response_parts(status, message, retry_after)
    await send(start)
    await send({"type": "http.response.body", "body": body})


class FaultMiddleware:
    """ASGI middleware that executes :class:`FaultPolicy` decisions on ``/v0/`` requests."""

    def __init__(self, app: Any, policy: FaultPolicy, store: JobStore) -> None:
        self.app = app
        self.policy = policy
        self.store = store

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v0/"):
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope["headers"]:
            if name == b"x-mock-fault":
                header = value.decode("latin-1")
        try:
            fault = self.policy.decide(header)
        except ValueError as exc:
            await send_error(send, 400, f"bad X-Mock-Fault header: {exc}")
            return
        if not fault.active:
            await self.app(scope, receive, send)
            return
        for kind in fault.kinds():
            self.store.count(f"faults.{kind}")
        if fault.latency:
            await asyncio.sleep(fault.latency)
        if fault.status:
            retry = fault.retry_after
            if retry is None and fault.status in _RETRY_AFTER_STATUSES:
                retry = self.policy.config.fault_retry_after
            message = _MESSAGES.get(fault.status, f"injected fault {fault.status}")
            await send_error(send, fault.status, message, retry)
            return
        if fault.drop == "before":
            start, _ = _json_response_parts(200, "", None)
            start["headers"] = [(b"content-type", b"application/json"), (b"content-length", b"64")]
            await send(start)
            raise DroppedConnection("dropped before the operation (mock fault)")
        await self.app(scope, receive, _FaultySend(send, fault))


class _FaultySend:
    """Wraps ``send`` to drop, slow down, or replace the response the app produces."""

    def __init__(self, send: Any, fault: Fault) -> None:
        self._send = send
        self._fault = fault
        self._start: dict[str, Any] | None = None

    async def __call__(self, message: dict[str, Any]) -> None:
        fault = self._fault
        if message["type"] == "http.response.start":
            self._start = message
            if fault.after_status is None:
                await self._send(message)
            return
        if message["type"] != "http.response.body":
            await self._send(message)
            return
        if fault.after_status is not None:
            if not message.get("more_body"):
                status = fault.after_status
                await send_error(
                    self._send, status, _MESSAGES.get(status, f"injected fault {status}")
                )
            return
        body: bytes = message.get("body", b"")
        if fault.drop == "after":
            await self._send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            raise DroppedConnection("dropped mid-response (mock fault)")
        if fault.slow and body:
            pieces = min(20, len(body))
            size = -(-len(body) // pieces)
            pause = fault.slow / pieces
            for i in range(0, len(body), size):
                await self._send(
                    {"type": "http.response.body", "body": body[i : i + size], "more_body": True}
                )
                await asyncio.sleep(pause)
            await self._send(
                {
                    "type": "http.response.body",
                    "body": b"",
                    "more_body": bool(message.get("more_body")),
                }
            )
            return
        await self._send(message)
