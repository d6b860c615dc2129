"""pytest fixtures for the mock server (registered as the ``humebatch_mock`` pytest11 plugin).

``hume_mock`` is a running :class:`~humebatch_mock.MockServer` with the default configuration;
``hume_mock_factory`` starts more, each stopped at the end of the test::

    def test_client(hume_mock):
        client = MyClient(base_url=hume_mock.url, api_key=hume_mock.api_key)

    def test_faults(hume_mock_factory):
        server = hume_mock_factory(fault_rate=0.5, seed=3)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ._config import MockConfig
from ._server import MockServer

MockFactory = Callable[..., MockServer]


@pytest.fixture
def hume_mock_factory() -> Iterator[MockFactory]:
    """Call with a ``MockConfig`` and/or ``MockConfig`` fields to get a started server."""
    servers: list[MockServer] = []

    def start(config: MockConfig | None = None, **fields: Any) -> MockServer:
        cfg = (config or MockConfig()).replace(**fields) if fields else (config or MockConfig())
        server = MockServer(cfg).start()
        servers.append(server)
        return server

    yield start
    for server in reversed(servers):
        server.stop()


@pytest.fixture
def hume_mock(hume_mock_factory: MockFactory) -> MockServer:
    """A running mock server with the default (fast, fault-free) configuration."""
    return hume_mock_factory()
