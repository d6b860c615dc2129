"""openai-python's escape hatches: ``extra_query=`` and ``extra_body=`` on every request-making
method reach the wire, laid over the typed request; bad ones are refused before any request;
nothing the caller passes is dropped on the way to the wire."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_batch_api import API_KEY, BASE_URL, FAST, FAST_RETRY, FakeAPI, collect, resolve
from humebatch import AsyncClient, Client, InvalidInput
from humebatch._transport.operations import Operations, generated_client
from humebatch._transport.settings import Settings
from humebatch.inputs import Submission, validate_files
from test_client_options import CALLS

QUERY = {"beta": "on", "tag": ["a", "b"], "n": 3}
BODY = {"future_field": {"depth": 1, "flags": [True, None]}, "plain": "x"}


def _make(kind: type, api: FakeAPI) -> Any:
    return kind(
        api_key=API_KEY,
        base_url=BASE_URL,
        transport=api.transport(),
        poll_schedule=FAST,
        retry_policy=FAST_RETRY,
    )


@pytest.fixture(params=[Client, AsyncClient], ids=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> type:
    return request.param  # type: ignore[no-any-return]


def _sent_json(request: httpx.Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        boundary = request.headers["content-type"].split("boundary=")[1].encode()
        part = next(p for p in request.content.split(b"--" + boundary) if b'name="json"' in p)
        return json.loads(part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0])  # type: ignore[no-any-return]
    return json.loads(request.content)  # type: ignore[no-any-return]


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__name__.strip("_"))
async def test_every_call_sends_extra_query_and_extra_body(
    kind: type, call: Callable[..., Any], tmp_path: Path
) -> None:
    api = FakeAPI()
    client = _make(kind, api)
    await call(client, api, tmp_path, extra_query=QUERY, extra_body=BODY)
    sent = api.requests[-1]
    assert sent.url.params["beta"] == "on"
    assert sent.url.params.get_list("tag") == ["a", "b"]
    assert sent.url.params["n"] == "3"
    body = _sent_json(sent)
    assert body["future_field"] == {"depth": 1, "flags": [True, None]}
    assert body["plain"] == "x"
    await call(client, api, tmp_path)  # the next call sends only the typed request
    assert "beta" not in api.requests[-1].url.params
    assert api.requests[-1].method == "POST" or api.requests[-1].content == b""


async def test_extra_body_merges_into_the_typed_submit_body_key_by_key(kind: type) -> None:
    api = FakeAPI()
    job = await resolve(
        _make(kind, api).submit(
            urls=["https://example.com/a.wav"],
            models={"prosody": {"granularity": "word"}},
            extra_body={"models": {"prosody": {"new_option": 500}}, "notify": True},
        )
    )
    sent = api.jobs[job.id].request
    assert sent["models"] == {"prosody": {"granularity": "word", "new_option": 500}}
    assert sent["notify"] is True  # a given value replaces the typed one
    assert sent["urls"] == ["https://example.com/a.wav"]


async def test_extra_body_goes_into_the_json_part_of_an_upload(kind: type, tmp_path: Path) -> None:
    media = tmp_path / "a.jpg"
    media.write_bytes(b"\xff\xd8 not really a jpeg")
    api = FakeAPI()
    await resolve(
        _make(kind, api).submit(
            files=[media], models={"face": {}}, extra_body={"models": {"face": {"novel": 1}}}
        )
    )
    assert api.uploads[-1]["files"] == 1
    assert api.uploads[-1]["config"]["models"] == {"face": {"novel": 1}}


async def test_extra_query_is_laid_over_the_typed_query(kind: type) -> None:
    api = FakeAPI()
    api.add_job()
    await collect(_make(kind, api).jobs(limit=1, extra_query={"sort_by": "ended", "x": True}))
    assert api.list_calls[-1]["sort_by"] == "ended"
    assert api.list_calls[-1]["x"] == "true"
    assert api.list_calls[-1]["direction"] == "desc"  # typed parameters not named stay


@pytest.mark.parametrize(
    ("option", "bad", "message"),
    [
        ("extra_body", ["not", "a", "mapping"], "extra_body must be a mapping"),
        ("extra_body", {"when": {1, 2}}, r"extra_body\['when'\] must be JSON"),
        ("extra_body", {"a": {"b": float("nan")}}, r"extra_body\['a'\]\['b'\] is nan"),
        ("extra_body", {"a": {3: "x"}}, "key that is not a string"),
        ("extra_body", {"a": object()}, "must be JSON"),
        ("extra_query", "beta=on", "extra_query must be a mapping"),
        ("extra_query", {"a": {"b": 1}}, r"extra_query\['a'\] must be a string"),
        ("extra_query", {"a": None}, r"extra_query\['a'\] must be a string"),
        ("extra_query", {1: "x"}, "names must be strings"),
    ],
)
@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__name__.strip("_"))
async def test_a_bad_escape_hatch_is_refused_before_any_request(
    kind: type, call: Callable[..., Any], tmp_path: Path, option: str, bad: object, message: str
) -> None:
    api = FakeAPI()
    client = _make(kind, api)
    sent_before = len(api.requests)
    with pytest.raises(InvalidInput, match=message):
        await call(client, api, tmp_path, **{option: bad})
    # The helper's own setup requests (getting a job first) may precede; the call sends nothing.
    setup = 0 if call.__name__ in ("_submit", "_get_job", "_jobs") else 1
    assert len(api.requests) == sent_before + setup


def test_typed_arguments_are_still_checked_beside_extra_body() -> None:
    api = FakeAPI()
    with pytest.raises(InvalidInput, match="fps_pred"):
        _make(Client, api).submit(
            urls=["https://example.com/a.jpg"],
            models={"face": {"fps_pred": "fast"}},
            extra_body={"models": {"face": {"fps_pred": 1}}},
        )
    assert api.requests == []


def test_extra_body_is_taken_as_it_was_at_the_call() -> None:
    api = FakeAPI()
    extra: dict[str, Any] = {"future": {"n": 1}}
    client = _make(Client, api)
    job = client.submit(urls=["https://example.com/a.jpg"], extra_body=extra)
    extra["future"]["n"] = 2
    assert api.jobs[job.id].request["future"] == {"n": 1}


def _prepared(config: dict[str, Any], files: list[Any]) -> dict[str, Any]:
    settings = Settings.resolve(
        api_key=API_KEY,
        base_url=BASE_URL,
        timeout=None,
        max_retries=0,
        allow_insecure_http=False,
        default_headers=None,
    )
    ops = Operations(generated_client(settings))
    with ExitStack() as stack:
        return ops.submit(Submission(config=config, files=validate_files(files))).prepare(stack)


def test_the_seam_sends_the_validated_configuration_whole(tmp_path: Path) -> None:
    # The generated request models are closed: their from_dict drops what they do not know (an
    # option added to the spec after this build, a new top-level field). The seam must not.
    config = {
        "models": {"prosody": {"granularity": "word", "new_option": 5}, "burst": {"x": 1}},
        "future": True,
        "urls": ["https://example.com/a.wav"],
    }
    assert _prepared(config, [])["json"] == config
    media = tmp_path / "a.wav"
    media.write_bytes(b"RIFF")
    upload = {k: v for k, v in config.items() if k != "urls"}
    parts = dict(_prepared(upload, [media])["files"])
    assert json.loads(parts["json"][1]) == upload
