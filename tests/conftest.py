"""Project-wide test setup.

The mock server fixtures ``hume_mock`` and ``hume_mock_factory`` come from the
``humebatch_mock`` pytest plugin (registered by the package); this file only adds a generated
client bound to ``hume_mock``. Being here also puts ``tests/`` on ``sys.path``, so every layer
can ``from support.openapi import validate_response``.
"""

from __future__ import annotations

import pytest
from hume_batch_api import AuthenticatedClient
from humebatch_mock import MockServer
from support.clients import generated_client


@pytest.fixture
def hume_client(hume_mock: MockServer) -> AuthenticatedClient:
    """The generated client bound to a fresh default mock server."""
    return generated_client(hume_mock)
