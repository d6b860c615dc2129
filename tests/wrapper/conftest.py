"""Fixtures of the wrapper tests: a fake API over httpx.MockTransport, sync and async clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_batch_api import API_KEY, BASE_URL, FAST, FAST_RETRY, FakeAPI
from humebatch import AsyncClient, Client


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture(params=["sync", "async"])
async def client(request: pytest.FixtureRequest, api: FakeAPI) -> AsyncIterator[Any]:
    """A Client or an AsyncClient on the fake API (fast polling, millisecond retry backoff)."""
    kwargs: dict[str, Any] = {
        "api_key": API_KEY,
        "base_url": BASE_URL,
        "poll_schedule": FAST,
        "transport": api.transport(),
        "retry_policy": FAST_RETRY,
    }
    if request.param == "sync":
        c = Client(**kwargs)
        yield c
        c.close()
    else:
        ac = AsyncClient(**kwargs)
        yield ac
        await ac.close()
