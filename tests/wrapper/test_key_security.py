"""The API key never shows: not in reprs, logs (even DEBUG, httpx included) or error messages;
and it is never sent over plain http:// to a remote host unless explicitly allowed."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import httpx
import pytest
from fake_batch_api import API_KEY, BASE_URL, FakeAPI, raise_fault, resolve, status_fault
from humebatch import AsyncClient, Client, HumeBatchError, InvalidInput, RetryPolicy
from humebatch._transport import ApiKey

URL = "https://example.com/a.jpg"


def test_api_key_type_masks_itself_but_sends_the_real_value() -> None:
    key = ApiKey(API_KEY)
    for shown in (repr(key), str(key), f"{key}", f"{key}", repr([key]), repr({"k": key})):
        assert API_KEY not in shown
    assert key.reveal() == API_KEY
    assert httpx.Headers({"X-Hume-Api-Key": key}).raw[0][1] == API_KEY.encode()


@pytest.mark.parametrize("kind", [Client, AsyncClient])
def test_reprs_never_show_the_key(kind: type) -> None:
    client = kind(api_key=API_KEY, base_url=BASE_URL)
    transport = client._transport
    shown = [
        repr(client),
        repr(transport.settings),
        repr(transport.client),  # the generated AuthenticatedClient (attrs repr)
        repr(vars(transport.client)) if hasattr(transport.client, "__dict__") else "",
        str(transport._http.headers),
        repr(transport._http.headers),
    ]
    for text in shown:
        assert API_KEY not in text, text


async def test_no_key_in_logs_errors_or_tracebacks(
    client: Any, api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx, httpcore
    job = await resolve(client.submit(urls=[URL]))
    await resolve(job.wait(timeout=30))
    api.fail_next(status_fault(401, {"fault": {"faultstring": f"bad key {API_KEY}"}}))
    api.fail_next(raise_fault(httpx.ConnectError, "refused"), times=5)
    failures: list[HumeBatchError] = []
    for _ in range(2):
        try:
            await resolve(client.get_job(job.id))
        except HumeBatchError as exc:
            failures.append(exc)
    assert len(failures) == 2
    assert any(r.name == "humebatch" for r in caplog.records)  # we do log requests
    texts = [caplog.text, repr(job)]
    for exc in failures:
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    for text in texts:
        assert API_KEY not in text


def test_a_key_echoed_by_the_server_is_masked_in_our_errors() -> None:
    api = FakeAPI()
    page = b"<html>your key " + API_KEY.encode() + b" is not welcome</html>"
    api.fail_next(status_fault(500, page), times=9)
    client = Client(
        api_key=API_KEY,
        base_url=BASE_URL,
        transport=api.transport(),
        retry_policy=RetryPolicy(max_retries=0),
    )
    with pytest.raises(HumeBatchError) as info:
        client.get_job(api.add_job())
    assert "your key *** is not welcome" in str(info.value)
    assert API_KEY not in repr(vars(info.value))


@pytest.mark.parametrize(
    "url", ["http://api.example.com", "http://10.0.0.5:8000", "http://[2001:db8::1]"]
)
@pytest.mark.parametrize("kind", [Client, AsyncClient])
def test_plain_http_to_a_remote_host_is_refused(kind: type, url: str) -> None:
    with pytest.raises(InvalidInput, match="allow_insecure_http=True") as info:
        kind(api_key=API_KEY, base_url=url)
    assert API_KEY not in str(info.value)
    assert kind(api_key=API_KEY, base_url=url, allow_insecure_http=True).base_url == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:9", "http://[::1]:80", "http://127.1.2.3"]
)
def test_plain_http_to_loopback_is_fine(url: str) -> None:
    assert Client(api_key=API_KEY, base_url=url).base_url == url


@pytest.mark.parametrize("url", ["ftp://api.example.com", "api.hume.ai", "https://"])
def test_bad_base_url_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput, match="base_url"):
        Client(api_key=API_KEY, base_url=url)


def test_environment_supplies_key_and_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUME_API_KEY", API_KEY)
    monkeypatch.setenv("HUME_BASE_URL", "https://example.test/")
    assert Client().base_url == "https://example.test"
    monkeypatch.delenv("HUME_BASE_URL")
    assert Client().base_url == "https://api.hume.ai"
    monkeypatch.delenv("HUME_API_KEY")
    with pytest.raises(InvalidInput, match="HUME_API_KEY"):
        Client()


def test_redirects_are_not_followed_so_the_key_stays_put() -> None:
    api = FakeAPI()
    api.fail_next(status_fault(307, b"", {"location": "https://evil.example/steal"}))
    client = Client(api_key=API_KEY, base_url=BASE_URL, transport=api.transport())
    with pytest.raises(HumeBatchError, match="307"):
        client.get_job(api.add_job())
    assert [r.url.host for r in api.requests] == ["api.example.test"]


@pytest.mark.parametrize(
    "key", [API_KEY + "\n", " " + API_KEY, API_KEY + "\u00e9", API_KEY + "\x00"]
)
def test_malformed_key_is_refused_without_echoing_it(key: str) -> None:
    with pytest.raises(InvalidInput, match="stray") as info:
        Client(api_key=key, base_url=BASE_URL)
    assert API_KEY not in str(info.value)
