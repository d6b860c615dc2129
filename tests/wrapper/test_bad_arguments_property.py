"""Every bad argument to the library is an `InvalidInput` before any request (hypothesis).

Wrong types and values are thrown at each argument of every public method and constructor, one
at a time, the others valid. What may come out: the call's normal result, or `InvalidInput`;
anything else (TypeError, ValueError, OverflowError, AttributeError...) fails (`Predictions`
readers may also say `PredictionsFormatError` of a body of the right type that is not one).
The transport records every request and stops it (`Sent`, a BaseException nothing catches): a
call that raised `InvalidInput` must have sent nothing; a call that sent was given a value the
library accepts, which is fine.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from humebatch import (
    AsyncClient,
    Client,
    HumeBatchError,
    InvalidInput,
    PollSchedule,
    Predictions,
    PredictionsFormatError,
    RetryPolicy,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile import Seen, hostile_server, json_reply

KEY = "property-test-key-0123456789"
JOB_ID = str(uuid.UUID(int=1, version=4))
URL = "https://media.example.test/a.jpg"


class Sent(BaseException):
    """A request reached the transport (never caught by the library's `except Exception`)."""


SENT: list[httpx.Request] = []


def _refuse(request: httpx.Request) -> httpx.Response:
    SENT.append(request)
    raise Sent(request.url.path)


async def _arefuse(request: httpx.Request) -> httpx.Response:
    return _refuse(request)


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-1, 0, 10**12, math.inf, -math.inf, math.nan, 1e308]),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "x",
            "\r\nX-Evil: 1",
            "\x00",
            "\udcff",
            "http://[::1",
            "ftp://e.test/a",
            "a" * 300,
        ]
    ),
    st.binary(max_size=8),
    st.lists(st.one_of(st.integers(), st.text(max_size=4), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=4), st.one_of(st.integers(), st.text(max_size=4)), max_size=2),
    st.sampled_from(
        [object(), (), (1, 2, 3), {1, 2}, b"\xff", bytearray(b"x"), Path("/nonexistent")]
    ),
)


def sync_client(**kwargs: Any) -> Client:
    options: dict[str, Any] = {"base_url": "https://api.example.test", "max_retries": 0}
    options.update(kwargs)
    return Client(KEY, transport=httpx.MockTransport(_refuse), **options)


def async_client(**kwargs: Any) -> AsyncClient:
    options: dict[str, Any] = {"base_url": "https://api.example.test", "max_retries": 0}
    options.update(kwargs)
    return AsyncClient(KEY, transport=httpx.MockTransport(_arefuse), **options)


def _sync_calls() -> dict[str, Callable[[Any], object]]:
    """Each public call with one argument left to the junk value ``v``."""
    c = sync_client

    def take(iterator: Iterator[Any]) -> list[Any]:
        return list(itertools.islice(iterator, 1))

    calls: dict[str, Callable[[Any], object]] = {
        "Client(api_key)": lambda v: Client(v, base_url="https://api.example.test"),
        "Client(base_url)": lambda v: Client(KEY, base_url=v),
        "Client(timeout)": lambda v: c(timeout=v),
        "Client(max_retries)": lambda v: c(max_retries=v),
        "Client(allow_insecure_http)": lambda v: c(allow_insecure_http=v),
        "Client(default_headers)": lambda v: c(default_headers=v),
        "Client(poll_schedule)": lambda v: c(poll_schedule=v),
        "Client(retry_policy)": lambda v: c(retry_policy=v),
        "Client(on_response)": lambda v: c(on_response=v),
        "with_options(timeout)": lambda v: c().with_options(timeout=v),
        "with_options(base_url)": lambda v: c().with_options(base_url=v),
        "with_options(default_headers)": lambda v: c().with_options(default_headers=v),
        "with_options(max_retries)": lambda v: c().with_options(max_retries=v),
        "with_options(api_key)": lambda v: c().with_options(api_key=v),
        "with_options(poll_schedule)": lambda v: c().with_options(poll_schedule=v),
        "with_options(retry_policy)": lambda v: c().with_options(retry_policy=v),
        "with_options(on_response)": lambda v: c().with_options(on_response=v),
        "submit(urls)": lambda v: c().submit(urls=v),
        "submit(text)": lambda v: c().submit(text=v),
        "submit(files)": lambda v: c().submit(files=v),
        "submit(models)": lambda v: c().submit(urls=[URL], models=v),
        "submit(transcription)": lambda v: c().submit(urls=[URL], transcription=v),
        "submit(callback_url)": lambda v: c().submit(urls=[URL], callback_url=v),
        "submit(notify)": lambda v: c().submit(urls=[URL], notify=v),
        "submit(timeout)": lambda v: c().submit(urls=[URL], timeout=v),
        "submit(extra_headers)": lambda v: c().submit(urls=[URL], extra_headers=v),
        "submit(extra_query)": lambda v: c().submit(urls=[URL], extra_query=v),
        "submit(extra_body)": lambda v: c().submit(urls=[URL], extra_body=v),
        "get_job(job_id)": lambda v: c().get_job(v),
        "get_job(timeout)": lambda v: c().get_job(JOB_ID, timeout=v),
        "get_job(extra_headers)": lambda v: c().get_job(JOB_ID, extra_headers=v),
        "get_job(extra_query)": lambda v: c().get_job(JOB_ID, extra_query=v),
        "jobs(status)": lambda v: take(c().jobs(status=v)),
        "jobs(when)": lambda v: take(c().jobs(when=v, timestamp_ms=0)),
        "jobs(timestamp_ms)": lambda v: take(c().jobs(when="created_after", timestamp_ms=v)),
        "jobs(page_size)": lambda v: take(c().jobs(page_size=v)),
        "jobs(limit)": lambda v: take(c().jobs(limit=v)),
        "jobs(timeout)": lambda v: take(c().jobs(timeout=v)),
        "wait_all(jobs)": lambda v: c().wait_all(v),
        "wait_all(concurrency)": lambda v: c().wait_all([JOB_ID], concurrency=v),
        "wait_all(timeout)": lambda v: c().wait_all([JOB_ID], timeout=v),
        "wait_all(on_progress)": lambda v: c().wait_all([JOB_ID], on_progress=v),
        "PollSchedule(first)": lambda v: PollSchedule(first=v),
        "PollSchedule(factor)": lambda v: PollSchedule(factor=v),
        "PollSchedule(cap)": lambda v: PollSchedule(cap=v),
        "PollSchedule(jitter)": lambda v: PollSchedule(jitter=v),
        "RetryPolicy(max_retries)": lambda v: RetryPolicy(max_retries=v),
        "RetryPolicy(initial_delay)": lambda v: RetryPolicy(initial_delay=v),
        "RetryPolicy(max_delay)": lambda v: RetryPolicy(max_delay=v),
        "Predictions.from_json": lambda v: Predictions.from_json(v),
        "Predictions.from_bytes": lambda v: Predictions.from_bytes(v),
    }
    return calls


SYNC = _sync_calls()


def _run_calls(tmp: Path, url: str = "http://127.0.0.1:9") -> dict[str, Callable[[Any], object]]:
    def client() -> Client:
        return Client(KEY, base_url=url, retry_policy=RetryPolicy(max_retries=0))

    def run(inputs: Any = (URL,), out: Any = None, **options: Any) -> object:
        options.setdefault("rounds", 1)
        options.setdefault("submit_attempts", 1)
        return client().run(inputs, tmp / "out" if out is None else out, **options)

    names = ["batch_size", "concurrency", "max_requests", "models", "transcription"]
    names += ["callback_url", "notify", "extra_body", "formats", "timeout", "rounds"]
    names += ["submit_attempts", "reprocess", "resubmit_forgotten", "shard", "on_progress"]
    calls: dict[str, Callable[[Any], object]] = {
        "run(inputs)": lambda v: run(v),
        "run(out_dir)": lambda v: run(out=v),
        "run(texts)": lambda v: client().run(texts=v, out_dir=tmp / "out", rounds=1),
    }
    for name in names:
        calls[f"run({name})"] = lambda v, name=name: run(**{name: v})
    return calls


def _async_calls() -> dict[str, Callable[[Any], object]]:
    a = async_client

    async def first(iterator: Any) -> list[Any]:
        async for item in iterator:
            return [item]
        return []

    calls: dict[str, Callable[[Any], Any]] = {
        "AsyncClient(timeout)": lambda v: a(timeout=v),
        "AsyncClient(default_headers)": lambda v: a(default_headers=v),
        "async submit(urls)": lambda v: a().submit(urls=v),
        "async submit(models)": lambda v: a().submit(urls=[URL], models=v),
        "async submit(timeout)": lambda v: a().submit(urls=[URL], timeout=v),
        "async get_job(job_id)": lambda v: a().get_job(v),
        "async jobs(limit)": lambda v: first(a().jobs(limit=v)),
        "async wait_all(jobs)": lambda v: a().wait_all(v),
        "async wait_all(timeout)": lambda v: a().wait_all([JOB_ID], timeout=v),
    }
    return calls


ASYNC = _async_calls()


@contextmanager
def _no_request_unless_accepted(name: str, value: Any) -> Iterator[None]:
    SENT.clear()
    try:
        yield
    except Sent:
        return  # a value the library accepts: it went on to send
    except InvalidInput as exc:
        assert not SENT, f"{name}={value!r}: InvalidInput after a request was sent: {exc}"
        assert str(exc), f"{name}={value!r}: InvalidInput without a message"
    except PredictionsFormatError:
        # Content that is not predictions (the right type, the wrong body) is said so.
        assert name.startswith("Predictions."), name


def _call(name: str, call: Callable[[Any], object], value: Any) -> None:
    with _no_request_unless_accepted(name, value):
        result = call(value)
        if asyncio.iscoroutine(result):
            asyncio.run(result)


PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("name", sorted(SYNC))
@PROPERTY
@given(value=JUNK)
def test_a_bad_argument_is_invalid_input_and_sends_nothing(name: str, value: Any) -> None:
    _call(name, SYNC[name], value)


@pytest.mark.parametrize("name", sorted(ASYNC))
@PROPERTY
@given(value=JUNK)
def test_async_a_bad_argument_is_invalid_input_and_sends_nothing(name: str, value: Any) -> None:
    _call(name, ASYNC[name], value)


RUN_NAMES = sorted(_run_calls(Path("/unused")))


@pytest.fixture(scope="module")
def refusing_server() -> Iterator[tuple[str, list[Seen]]]:
    """`run` sends through transports of its own: a loopback server answers each request 400
    (the run then ends quickly) and records it."""
    with hostile_server(lambda seen: json_reply({"message": "refused"}, 400)) as served:
        yield served


@pytest.mark.parametrize("name", RUN_NAMES)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=JUNK)
def test_run_a_bad_argument_is_invalid_input_before_any_request(
    name: str,
    value: Any,
    tmp_path_factory: pytest.TempPathFactory,
    refusing_server: tuple[str, list[Seen]],
) -> None:
    url, seen = refusing_server
    seen.clear()
    tmp = tmp_path_factory.mktemp("run")
    call = _run_calls(tmp, url)[name]
    # An accepted out_dir such as "x" is relative: it must land in a temporary folder.
    before = os.getcwd()
    os.chdir(tmp)
    try:
        call(value)
    except InvalidInput as exc:
        assert not seen, f"{name}={value!r}: InvalidInput after a request was sent: {exc}"
    except HumeBatchError:
        pass  # accepted, sent, refused by the server
    except Exception as exc:
        pytest.fail(f"{name}={value!r}: {type(exc).__name__} escaped: {exc}")
    finally:
        os.chdir(before)
