"""The library against a server that misbehaves on purpose (issue 21): the key it echoes never
leaves, its waits end, and answers about another job than the one asked for are refused."""

from __future__ import annotations

import json
import pickle
import time
import traceback

import httpx
import pytest
from humebatch import (
    APIConnectionError,
    APITimeoutError,
    AsyncClient,
    Client,
    InvalidInput,
    JobFailed,
    PollSchedule,
    RetryPolicy,
    UnexpectedResponseError,
    WaitAllError,
)
from support.hostile import HostileAPI, Reply, Seen, hostile_server, job_body, new_id

KEY = "sk-hostile-0123456789abcdefKEY"
NO_RETRY = RetryPolicy(max_retries=0)
FAST = PollSchedule(first=0.01, factor=1.0, cap=0.01, jitter=0.0)


def leaks(*values: object) -> list[str]:
    """The shown forms of ``values`` that still hold the key (any of str, repr, pickle)."""
    found = []
    for value in values:
        for shown in (
            str(value),
            repr(value),
            repr(vars(value)) if hasattr(value, "__dict__") else "",
        ):
            if KEY in shown:
                found.append(shown)
        if KEY.encode() in pickle.dumps(value):
            found.append(f"pickle of {type(value).__name__}")
    return found


@pytest.mark.parametrize("suffix", ["", "x", "-and-more"])
def test_a_job_message_echoing_the_key_is_masked_everywhere(suffix: str) -> None:
    api = HostileAPI(status="FAILED", message=f"account key {KEY}{suffix} has no access")
    with (
        hostile_server(api) as (url, _seen),
        Client(KEY, base_url=url, poll_schedule=FAST) as client,
    ):
        job = client.submit(text=["hi"])
        with pytest.raises(JobFailed) as failed:
            job.wait(timeout=10)
        with pytest.raises(WaitAllError) as many:
            client.wait_all([job, client.submit(text=["ho"])], timeout=10)
        details = client.get_job(job.id).details
    assert details is not None
    assert leaks(failed.value, many.value, details.to_dict()) == []
    assert "***" in str(failed.value)


def test_an_error_body_and_header_echoing_the_key_are_masked() -> None:
    def handler(seen: Seen) -> Reply:
        body = f'{{"message": "bad key {KEY}x", "detail": "{KEY}"}}'.encode()
        return Reply(403, body, {"Content-Type": "application/json", "x-request-id": KEY})

    with hostile_server(handler) as (url, _seen):
        client = Client(KEY, base_url=url, retry_policy=NO_RETRY)
        with pytest.raises(Exception) as info:
            client.get_job(new_id())
    error = info.value
    assert leaks(error) == []
    assert KEY not in "".join(traceback.format_exception(error))
    assert KEY not in str(error.response.headers)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", [Client, AsyncClient])
async def test_a_connection_error_chains_no_key(kind: type) -> None:
    client = kind(KEY, base_url="http://127.0.0.1:9", retry_policy=NO_RETRY)
    with pytest.raises(APIConnectionError) as info:
        result = client.get_job(new_id())
        if kind is AsyncClient:
            await result
    cause = info.value.__cause__
    assert isinstance(cause, httpx.TransportError)
    assert KEY not in str(cause.request.headers)
    assert KEY.encode() not in pickle.dumps(info.value)


@pytest.mark.parametrize(
    "url", ["http://user:pw@127.0.0.1:8000", "https://token@api.example.com", "https://:pw@h.io"]
)
def test_a_base_url_with_credentials_is_refused_without_echoing_them(url: str) -> None:
    with pytest.raises(InvalidInput, match="user name or password") as info:
        Client(KEY, base_url=url)
    assert "pw" not in str(info.value) and "token" not in str(info.value)


def test_predictions_echoing_the_key_are_masked() -> None:
    body = f'[{{"source": {{"type": "text", "text": "{KEY}x"}}, "results": null}}]'.encode()
    api = HostileAPI(status="COMPLETED", predictions=lambda _id: body)
    with hostile_server(api) as (url, _seen), Client(KEY, base_url=url) as client:
        job = client.submit(text=["hi"])
        raw = client._transport.run(client._transport.ops.predictions(job.id))
    assert KEY.encode() not in raw and b"***x" in raw


# --------------------------------------------------------------------------- deadlines


def _trickling(seen: Seen) -> Reply:
    body = job_body(seen.path.rsplit("/", 1)[-1], "COMPLETED")
    return Reply(200, json.dumps(body).encode(), trickle=0.2, chunk=1, max_seconds=20)


@pytest.mark.parametrize("kind", [Client, AsyncClient])
async def test_a_trickling_body_ends_in_a_timeout_near_the_timeout(kind: type) -> None:
    with hostile_server(_trickling) as (url, _seen):
        client = kind(KEY, base_url=url, timeout=1.0, retry_policy=NO_RETRY)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            result = client.get_job(new_id())
            if kind is AsyncClient:
                await result
        took = time.monotonic() - started
    assert took < 5, f"a 1 s timeout took {took:.1f} s against a trickling body"


def test_wait_with_a_timeout_ends_against_a_trickling_server() -> None:
    with hostile_server(_trickling) as (url, _seen):
        client = Client(KEY, base_url=url, retry_policy=NO_RETRY, poll_schedule=FAST)
        job = client._job(new_id())
        started = time.monotonic()
        with pytest.raises(Exception) as info:
            job.wait(timeout=1.5)
        took = time.monotonic() - started
    assert took < 8, f"wait(timeout=1.5) took {took:.1f} s"
    assert "1.5" in str(info.value) or isinstance(info.value, APITimeoutError)


# --------------------------------------------------------------------------- wrong ids


@pytest.mark.parametrize("kind", [Client, AsyncClient])
async def test_an_answer_about_another_job_is_a_typed_error(kind: type) -> None:
    other = new_id()
    api = HostileAPI(status="COMPLETED")
    api.tamper = lambda seen, reply: (
        Reply(200, reply.body.replace(seen.path.rsplit("/", 1)[-1].encode(), other.encode()))
        if seen.method == "GET" and seen.path.count("/") == 4
        else reply
    )
    with hostile_server(api) as (url, _seen):
        client = kind(KEY, base_url=url, retry_policy=NO_RETRY)
        asked = new_id()
        with pytest.raises(UnexpectedResponseError, match=other):
            result = client.get_job(asked)
            if kind is AsyncClient:
                await result
