"""Running the mock: in a background thread (tests) or blocking (``humebatch mock-server``)."""

from __future__ import annotations

import asyncio
import math
import socket
import threading
import time
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

import uvicorn

from ._app import MockApp, create_app
from ._config import MockConfig
from ._request import parse_job_request
from ._store import Job, JobStore, now_ms

_STATE_TIMING = {
    # status -> (queue_seconds, run_seconds) that pin a job in that state
    "QUEUED": (math.inf, math.inf),
    "IN_PROGRESS": (0.0, math.inf),
    "COMPLETED": (0.0, 0.0),
    "FAILED": (0.0, 0.0),
}


def _uvicorn_config(app: MockApp, host: str, port: int, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http="h11",
        loop="asyncio",
        lifespan="on",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=2,
        # Longer than uvicorn's 5 s default, so slow pollers rarely race an idle-close.
        timeout_keep_alive=30,
        backlog=2048,
    )


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit this: without it, Nagle + delayed ACK add ~40 ms per request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


class MockServer:
    """The mock on a free loopback port, served by uvicorn in a background thread.

    Example::

        with MockServer(MockConfig(run_seconds=0.1)) as server:
            httpx.get(f"{server.url}/v0/batch/jobs", headers={"X-Hume-Api-Key": server.api_key})
    """

    def __init__(
        self,
        config: MockConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
    ) -> None:
        self.config = config or MockConfig()
        self.app: MockApp = create_app(self.config)
        self.host = host
        self._port = port
        self._log_level = log_level
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._bound_port: int | None = None

    def __repr__(self) -> str:
        state = "running" if self._thread is not None else "stopped"
        return f"MockServer(url={self.url!r}, {state})" if self._bound_port else "MockServer()"

    # ------------------------------------------------------------ lifecycle

    def start(self, timeout: float = 10.0) -> MockServer:
        """Bind, start serving, and return once requests are accepted."""
        if self._thread is not None:
            return self
        sock = _listen(self.host, self._port)
        self._socket = sock
        self._bound_port = int(sock.getsockname()[1])
        server = uvicorn.Server(_uvicorn_config(self.app, self.host, self.port, self._log_level))
        self._server = server
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve(sockets=[sock])),
            name=f"humebatch-mock:{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("mock server did not start")
            time.sleep(0.005)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------ access

    @property
    def port(self) -> int:
        if self._bound_port is None:
            raise RuntimeError("mock server is not started")
        return self._bound_port

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_key(self) -> str:
        """A key the server accepts."""
        return self.config.default_key

    @property
    def store(self) -> JobStore:
        """The in-process job store (jobs, counters, callback records)."""
        return self.app.store

    def reset(self) -> None:
        """Forget jobs, counters, rate-limit buckets and fault state."""
        self.app.reset_state()

    def create_jobs(
        self,
        n: int,
        *,
        status: str | None = "COMPLETED",
        request: Mapping[str, Any] | None = None,
        spacing_ms: int = 1,
        end_ms: int | None = None,
        statuses: Sequence[str] | None = None,
    ) -> list[Job]:
        """Seed ``n`` jobs quickly, oldest first, ``spacing_ms`` apart, the newest at ``end_ms``.

        ``status`` pins every job in one state (``None``: normal lifecycle from its creation
        time); ``statuses`` cycles through several. ``request`` is a job body (default: one
        image URL). Returns the jobs in creation order.
        """
        body = dict(request) if request is not None else {"urls": ["https://example.com/face.jpg"]}
        echo = parse_job_request(body)
        newest = now_ms() if end_ms is None else end_ms
        cycle = list(statuses) if statuses else [status]
        jobs = []
        for i in range(n):
            created = newest - (n - 1 - i) * spacing_ms
            pinned = cycle[i % len(cycle)]
            if pinned is None:
                jobs.append(self.store.create(echo, created_ms=created))
                continue
            if pinned not in _STATE_TIMING:
                raise ValueError(f"unknown status {pinned!r}")
            queue, run = _STATE_TIMING[pinned]
            failure = "failed on request (seeded job)" if pinned == "FAILED" else None
            jobs.append(
                self.store.create(
                    echo,
                    created_ms=created,
                    queue_seconds=queue,
                    run_seconds=run,
                    failure=failure,
                )
            )
        return jobs


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    config: MockConfig | None = None,
    *,
    log_level: str = "info",
) -> None:
    """Serve the mock until interrupted (blocking); binds loopback unless told otherwise."""
    app = create_app(config)
    sock = _listen(host, port)
    try:
        uvicorn.Server(_uvicorn_config(app, host, port, log_level)).run(sockets=[sock])
    finally:
        sock.close()
