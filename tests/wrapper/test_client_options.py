"""Client options like openai-python's and httpx's: a client of your own (``http_client=``),
``with_options()``, per-call ``timeout=`` and ``extra_headers=`` on every request-making method,
``timeout=None`` for no timeout, raw responses (``on_response=``), errors that keep the response
and the httpx exception, and sync/async twins with the same methods and signatures."""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_batch_api import (
    API_KEY,
    BASE_URL,
    FAST,
    FAST_RETRY,
    FakeAPI,
    collect,
    raise_fault,
    resolve,
    status_fault,
)
from humebatch import (
    APIConnectionError,
    AsyncClient,
    AsyncJob,
    AuthenticationError,
    Client,
    InvalidInput,
    Job,
    NotFoundError,
    ServerError,
    UnexpectedResponseError,
)

URL = "https://example.com/a.jpg"
MISSING = "00000000-0000-4000-8000-000000000000"
DEFAULT = {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}
NONE = {"connect": None, "read": None, "write": None, "pool": None}


def _make(kind: type, api: FakeAPI, **kwargs: Any) -> Any:
    options: dict[str, Any] = {
        "api_key": API_KEY,
        "base_url": BASE_URL,
        "poll_schedule": FAST,
        "retry_policy": FAST_RETRY,
    }
    if "http_client" not in kwargs:
        options["transport"] = api.transport()
    return kind(**{**options, **kwargs})


@pytest.fixture(params=[Client, AsyncClient], ids=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> type:
    return request.param  # type: ignore[no-any-return]


def _last(api: FakeAPI) -> httpx.Request:
    return api.requests[-1]


# Every request-making call, with per-call options passed through ``**o``.
async def _submit(c: Any, api: FakeAPI, tmp: Path, **o: Any) -> object:
    return await resolve(c.submit(urls=[URL], **o))


async def _get_job(c: Any, api: FakeAPI, tmp: Path, **o: Any) -> object:
    return await resolve(c.get_job(api.add_job(), **o))


async def _jobs(c: Any, api: FakeAPI, tmp: Path, **o: Any) -> object:
    api.add_job()
    return await collect(c.jobs(limit=1, **o))


async def _refresh(c: Any, api: FakeAPI, tmp: Path, **o: Any) -> object:
    job = await resolve(c.get_job(api.add_job()))
    return await resolve(job.refresh(**o))


async def _predictions(c: Any, api: FakeAPI, tmp: Path, **o: Any) -> object:
    job = await resolve(c.get_job(api.add_job(script=["COMPLETED"])))
    return await resolve(job.predictions(**o))


async def _predictions_bytes(c: Any, api: FakeAPI, tmp: Path, **o: Any) -> object:
    job = await resolve(c.get_job(api.add_job(script=["COMPLETED"])))
    return await resolve(job.predictions_bytes(**o))


async def _artifacts(c: Any, api: FakeAPI, tmp: Path, **o: Any) -> object:
    job = await resolve(c.get_job(api.add_job(script=["COMPLETED"])))
    return await resolve(job.download_artifacts(tmp, **o))


CALLS: list[Callable[..., Any]] = [
    _submit,
    _get_job,
    _jobs,
    _refresh,
    _predictions,
    _predictions_bytes,
    _artifacts,
]


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__name__.strip("_"))
async def test_every_call_takes_its_own_timeout_and_headers(
    kind: type, call: Callable[..., Any], tmp_path: Path
) -> None:
    api = FakeAPI()
    client = _make(kind, api)
    await call(client, api, tmp_path, timeout=7.5, extra_headers={"X-Trace": "t-1"})
    sent = _last(api)
    assert sent.extensions["timeout"] == dict.fromkeys(DEFAULT, 7.5)
    assert sent.headers["X-Trace"] == "t-1"
    assert sent.headers["X-Hume-Api-Key"] == API_KEY
    await call(client, api, tmp_path)  # the next call is back to the client's options
    assert _last(api).extensions["timeout"] == DEFAULT
    assert "X-Trace" not in _last(api).headers


async def test_timeout_none_means_no_timeout(kind: type) -> None:
    api = FakeAPI()
    await resolve(_make(kind, api, timeout=None).get_job(api.add_job()))
    assert _last(api).extensions["timeout"] == NONE
    await resolve(_make(kind, api).get_job(api.add_job(), timeout=None))
    assert _last(api).extensions["timeout"] == NONE
    await resolve(_make(kind, api, timeout=httpx.Timeout(3.0, connect=1.0)).get_job(api.add_job()))
    assert _last(api).extensions["timeout"] == {**dict.fromkeys(DEFAULT, 3.0), "connect": 1.0}


@pytest.mark.parametrize("bad", [0, -1, "5", True])
def test_a_bad_timeout_is_refused_before_any_request(kind: type, bad: object) -> None:
    api = FakeAPI()
    with pytest.raises(InvalidInput, match="timeout must be"):
        _make(kind, api, timeout=bad)
    client = _make(Client, api)
    with pytest.raises(InvalidInput, match="timeout must be"):
        client.get_job(MISSING, timeout=bad)
    with pytest.raises(InvalidInput, match="extra_headers"):
        client.get_job(MISSING, extra_headers={"X-Number": 5})
    assert api.requests == []


async def test_a_client_of_your_own_is_used_as_is_and_left_open(kind: type) -> None:
    api = FakeAPI()
    seen: list[int] = []

    def hook(response: httpx.Response) -> None:
        seen.append(response.status_code)

    async def async_hook(response: httpx.Response) -> None:
        hook(response)

    if kind is Client:
        own: Any = httpx.Client(
            transport=api.transport(),
            headers={"X-Corp": "yes"},
            timeout=12.0,
            event_hooks={"response": [hook]},
        )
    else:
        own = httpx.AsyncClient(
            transport=api.transport(),
            headers={"X-Corp": "yes"},
            timeout=12.0,
            event_hooks={"response": [async_hook]},
        )
    client = _make(kind, api, http_client=own)
    job = await resolve(client.get_job(api.add_job()))
    sent = _last(api)
    assert str(sent.url) == f"{BASE_URL}/v0/batch/jobs/{job.id}"
    assert sent.headers["X-Hume-Api-Key"] == API_KEY
    assert sent.headers["X-Corp"] == "yes"
    assert sent.headers["User-Agent"].startswith("humebatch/")
    assert sent.extensions["timeout"] == dict.fromkeys(DEFAULT, 12.0)  # the client's own
    assert seen == [200]
    # Nothing of ours was left on the user's client, and closing ours does not close theirs.
    assert API_KEY not in str(own.headers) and own.auth is None and str(own.base_url) == ""
    await resolve(client.close())
    assert not own.is_closed
    await resolve(own.aclose() if kind is AsyncClient else own.close())


def test_http_client_must_match_the_client_and_exclude_transport() -> None:
    api = FakeAPI()
    with pytest.raises(InvalidInput, match=r"httpx\.AsyncClient"):
        AsyncClient(api_key=API_KEY, http_client=httpx.Client())  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="either transport= or http_client="):
        Client(api_key=API_KEY, http_client=httpx.Client(), transport=api.transport())


async def test_with_options_changes_a_copy_that_shares_the_pool(kind: type) -> None:
    api = FakeAPI()
    client = _make(kind, api, default_headers={"X-App": "a"})
    copy = client.with_options(timeout=2.0, default_headers={"X-Extra": "b"}, max_retries=0)
    assert type(copy) is kind
    assert copy._transport._http is client._transport._http
    await resolve(copy.get_job(api.add_job()))
    sent = _last(api)
    assert sent.extensions["timeout"] == dict.fromkeys(DEFAULT, 2.0)
    assert (sent.headers["X-App"], sent.headers["X-Extra"]) == ("a", "b")
    await resolve(client.get_job(api.add_job()))  # the original is unchanged
    assert _last(api).extensions["timeout"] == DEFAULT
    assert "X-Extra" not in _last(api).headers
    api.fail_next(status_fault(503), times=5)
    with pytest.raises(ServerError):
        await resolve(copy.get_job(api.add_job()))
    assert [r.method for r in api.requests[-1:]] == ["GET"]  # max_retries=0: one attempt
    await resolve(copy.close())  # the copy never closes the shared pool
    assert not client._transport._http.is_closed
    await resolve(client.close())
    assert client._transport._http.is_closed


async def test_with_options_can_change_the_key_and_refuses_what_the_constructor_refuses(
    kind: type,
) -> None:
    api = FakeAPI()
    client = _make(kind, api)
    with pytest.raises(AuthenticationError):  # the fake accepts only API_KEY
        await resolve(client.with_options(api_key="other-key").get_job(api.add_job()))
    assert _last(api).headers["X-Hume-Api-Key"] == "other-key"
    await resolve(client.get_job(api.add_job()))
    assert _last(api).headers["X-Hume-Api-Key"] == API_KEY
    with pytest.raises(InvalidInput, match="plain http"):
        client.with_options(base_url="http://api.example.com")


async def test_on_response_sees_every_raw_response(kind: type) -> None:
    api = FakeAPI()
    responses: list[httpx.Response] = []
    client = _make(kind, api, on_response=responses.append)
    api.fail_next(status_fault(503, headers={"Retry-After": "0"}))
    job = await resolve(client.get_job(api.add_job()))
    assert [r.status_code for r in responses] == [503, 200]
    assert responses[-1].json()["job_id"] == job.id
    assert responses[-1].request.url.path == f"/v0/batch/jobs/{job.id}"
    # Per call: a copy with a hook of its own.
    mine: list[httpx.Response] = []
    await resolve(client.with_options(on_response=mine.append).get_job(job.id))
    assert [r.status_code for r in mine] == [200]
    assert len(responses) == 2  # the original's hook did not see the copy's call
    quiet = client.with_options(on_response=None)
    await resolve(quiet.get_job(job.id))
    assert len(responses) == 2


async def test_an_api_error_keeps_the_response_and_its_request_id(kind: type) -> None:
    api = FakeAPI()
    api.fail_next(status_fault(404, {"message": "no such job"}, headers={"x-request-id": "r-9"}))
    with pytest.raises(NotFoundError) as info:
        await resolve(_make(kind, api).get_job(MISSING))
    error = info.value
    assert (error.status_code, error.request_id) == (404, "r-9")
    assert error.response is not None
    assert error.response.status_code == 404
    assert error.response.json() == {"message": "no such job"}
    # The error outlives the call: its copy of the request has no key, the wire had it.
    assert error.response.request.headers["X-Hume-Api-Key"] == "***"
    assert _last(api).headers["X-Hume-Api-Key"] == API_KEY
    assert API_KEY.encode() not in pickle.dumps(error)


async def test_a_connection_error_chains_the_httpx_exception(kind: type) -> None:
    api = FakeAPI()
    api.fail_next(raise_fault(httpx.ConnectError, "refused"), times=5)
    with pytest.raises(APIConnectionError) as info:
        await resolve(_make(kind, api).get_job(MISSING))
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert str(info.value.__cause__) == "refused"


async def test_a_malformed_body_chains_the_parse_error(kind: type) -> None:
    api = FakeAPI()
    api.fail_next(status_fault(200, b"<html>login</html>"))
    with pytest.raises(UnexpectedResponseError) as info:
        await resolve(_make(kind, api).get_job(MISSING))
    assert isinstance(info.value.__cause__, ValueError)
    assert info.value.response is not None and info.value.response.status_code == 200


# --------------------------------------------------------------------------- twins


def _public(cls: type) -> dict[str, Any]:
    return {name: getattr(cls, name) for name in dir(cls) if not name.startswith("_")}


def _shape(member: Any) -> object:
    """What must match between twins: parameter names, kinds and defaults (not annotations)."""
    if isinstance(member, property):
        return "property"
    return [(p.name, p.kind, p.default) for p in inspect.signature(member).parameters.values()]


# Sync methods whose async twin is not a coroutine function (it returns an async iterator, or
# it does no I/O).
NOT_COROUTINES = {"jobs", "with_options"}


@pytest.mark.parametrize(("sync", "async_"), [(Client, AsyncClient), (Job, AsyncJob)])
def test_twins_expose_the_same_public_methods_with_the_same_signatures(
    sync: type, async_: type
) -> None:
    sync_members, async_members = _public(sync), _public(async_)
    assert sorted(sync_members) == sorted(async_members)
    for name, member in sync_members.items():
        twin = async_members[name]
        assert _shape(member) == _shape(twin), name
        if isinstance(member, property):
            continue
        assert not inspect.iscoroutinefunction(member), name
        assert inspect.iscoroutinefunction(twin) == (name not in NOT_COROUTINES), name
