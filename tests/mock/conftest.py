"""Fixtures of the mock-server tests: a fast server, the generated client, a raw HTTP client."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from hume_batch_api import AuthenticatedClient
from humebatch_mock import MockConfig, MockServer
from support.clients import generated_client


@pytest.fixture
def server(hume_mock_factory: Callable[..., MockServer]) -> MockServer:
    """A mock whose jobs finish within ~0.1 s."""
    return hume_mock_factory(queue_seconds=0.02, run_seconds=0.06, seed=5)


@pytest.fixture
def client(server: MockServer) -> AuthenticatedClient:
    return generated_client(server)


@pytest.fixture
def http(server: MockServer) -> Iterator[httpx.Client]:
    """A raw HTTP client with the key, for requests the generated client cannot make."""
    with httpx.Client(
        base_url=server.url, headers={"X-Hume-Api-Key": server.api_key}, timeout=10
    ) as c:
        yield c


@pytest.fixture(scope="module")
def shared_server() -> Iterator[MockServer]:
    """One fast mock for a whole module, for tests that do not depend on a fresh store."""
    with MockServer(MockConfig(queue_seconds=0.02, run_seconds=0.06, seed=5)) as server:
        yield server


@pytest.fixture(scope="module")
def shared_client(shared_server: MockServer) -> AuthenticatedClient:
    return generated_client(shared_server)


@pytest.fixture(scope="module")
def shared_http(shared_server: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=shared_server.url, headers={"X-Hume-Api-Key": shared_server.api_key}, timeout=10
    ) as c:
        yield c
