"""Fixtures of the wrapper tests: a fake API over httpx.MockTransport, sync and async clients."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable
from typing import Any, TypeVar

import pytest
from fakeapi import API_KEY, BASE_URL, FakeAPI
from humebatch import AsyncClient, Client, PollSchedule, RetryPolicy

T = TypeVar("T")

# Fast polling for tests: the schedule's shape is unit-tested separately.
FAST = PollSchedule(first=0.001, factor=1.5, cap=0.01, jitter=0.0)
FAST_RETRY = RetryPolicy(max_retries=2, initial_delay=0.001, max_delay=0.002)


async def resolve(value: T | Awaitable[T]) -> T:
    """Await ``value`` if it is awaitable: lets one test body drive Client and AsyncClient."""
    if inspect.isawaitable(value):
        return await value  # type: ignore[no-any-return]
    return value  # type: ignore[return-value]


async def collect(iterable: Any) -> list[Any]:
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


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
