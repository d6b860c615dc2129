"""pytest fixtures for the mock server (registered as the ``humebatch_mock`` pytest11 plugin).

``hume_mock`` is a running :class:`~humebatch_mock.MockServer` with the default configuration;
``hume_mock_factory`` starts more, each stopped at the end of the test::

    def test_client(hume_mock):
        client = MyClient(base_url=hume_mock.url, api_key=hume_mock.api_key)

    def test_faults(hume_mock_factory):
        server = hume_mock_factory(fault_rate=0.5, seed=3)

The plugin is registered wherever humebatch is installed, so it imports nothing from the `mock`
extra until a fixture is used: a project without it keeps a working pytest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from ._config import MockConfig

if TYPE_CHECKING:
    from ._server import MockServer

MockFactory = Callable[..., "MockServer"]


def _server_class() -> type[MockServer]:
    """`MockServer`, or a one-line test error saying how to install the mock extra."""
    try:
        from ._server import MockServer
    except ModuleNotFoundError as exc:
        missing = exc.name
    else:
        return MockServer
    pytest.fail(
        f"hume_mock needs the mock extra ({missing} is missing): pip install 'humebatch[mock]'",
        pytrace=False,
    )


@pytest.fixture
def hume_mock_factory() -> Iterator[MockFactory]:
    """Call with a ``MockConfig`` and/or ``MockConfig`` fields to get a started server."""
    server_class = _server_class()
    servers: list[MockServer] = []

    def start(config: MockConfig | None = None, **fields: Any) -> MockServer:
        cfg = (config or MockConfig()).replace(**fields) if fields else (config or MockConfig())
        server = server_class(cfg).start()
        servers.append(server)
        return server

    yield start
    for server in reversed(servers):
        server.stop()


@pytest.fixture
def hume_mock(hume_mock_factory: MockFactory) -> MockServer:
    """A running mock server with the default (fast, fault-free) configuration."""
    return hume_mock_factory()
