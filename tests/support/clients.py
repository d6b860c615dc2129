"""Clients bound to a mock server."""

from __future__ import annotations

from hume_batch_api import AuthenticatedClient
from humebatch_mock import MockServer


def generated_client(server: MockServer, key: str | None = None) -> AuthenticatedClient:
    """The generated client pointed at ``server`` (``key`` defaults to one it accepts)."""
    return AuthenticatedClient(
        base_url=server.url,
        token=key if key is not None else server.api_key,
        prefix="",
        auth_header_name="X-Hume-Api-Key",
    )
