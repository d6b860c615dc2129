"""The key is masked in everything we show: wherever it appears when it is a real key's length,
as a whole token only when it is so short that it could be part of ordinary words."""

from __future__ import annotations

import httpx
import pytest
from humebatch import AuthenticationError, Client, RetryPolicy
from humebatch._redact import mask_secret


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("Check the network", "k", "Check the network"),
        ("your key k is invalid", "k", "your key *** is invalid"),
        ("k", "k", "***"),
        ("network", "net", "network"),
        ('{"key": "abc-123"}', "abc-123", '{"key": "***"}'),
        ("key=s3cr3tKEY&x=1", "s3cr3tKEY", "key=***&x=1"),
        ("a s3cr3tKEY b s3cr3tKEY.", "s3cr3tKEY", "a *** b ***."),
        ("nothing here", "", "nothing here"),
        ("nothing here", None, "nothing here"),
        ("key s3cr3tKEYx is not allowed", "s3cr3tKEY", "key ***x is not allowed"),
        ("Xs3cr3tKEY", "s3cr3tKEY", "X***"),
    ],
)
def test_mask_secret(text: str, key: str | None, expected: str) -> None:
    assert mask_secret(text, key) == expected


def test_a_one_letter_key_leaves_the_words_of_an_error_intact() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"message": "key k is not valid"})

    client = Client(
        api_key="k",
        base_url="https://api.example.com",
        transport=httpx.MockTransport(handler),
        retry_policy=RetryPolicy(max_retries=0),
    )
    with pytest.raises(AuthenticationError) as info:
        client.get_job("6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11")
    message = str(info.value)
    assert "'key *** is not valid'" in message
    assert "Check your API key" in message
    assert info.value.server_message == "key *** is not valid"


def test_a_json_body_is_kept_with_the_key_masked_in_it() -> None:
    bodies = iter([{"message": "invalid token", "hint": "check the docs"}, {"echo": "k"}])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json=next(bodies))

    client = Client(
        api_key="k",
        base_url="https://api.example.com",
        transport=httpx.MockTransport(handler),
        retry_policy=RetryPolicy(max_retries=0),
    )
    job_id = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"
    with pytest.raises(AuthenticationError) as kept:
        client.get_job(job_id)
    assert kept.value.body == {"message": "invalid token", "hint": "check the docs"}
    with pytest.raises(AuthenticationError) as masked:
        client.get_job(job_id)
    assert masked.value.body == {"echo": "***"}


def _received(key: str, chunks: list[bytes]) -> list[bytes]:
    from humebatch._transport.drivers import _Receiver

    receiver = _Receiver(key, None, httpx.Request("GET", "https://example.invalid/"))
    return [receiver.feed(chunk) for chunk in chunks] + [receiver.end()]


@pytest.mark.parametrize("key", ["s3cr3t-KEY", "abcabcabcab", "eeeeeeeeeeeeeeeeeeee"])
def test_a_key_split_anywhere_across_chunks_is_masked(key: str) -> None:
    raw = key.encode()
    # Enough of the key's own bytes around it that any anchor byte has many false hits.
    body = b'{"a": "' + raw[:-1] * 20 + raw + b"x" + raw + raw[1:] * 20 + b'"}'
    expected = body.replace(raw, b"***")
    for first in range(0, len(body), 7):
        for second in range(first, len(body), 11):
            chunks = [body[:first], body[first:second], body[second:]]
            assert b"".join(_received(key, chunks)) == expected


def test_a_chunk_that_cannot_begin_the_key_passes_on_uncopied() -> None:
    chunk = b'{"name": "Joy", "score": 0.5}' * 1000
    passed = _received("s3cr3t-KEY", [chunk, chunk])
    assert passed[0] is chunk
    assert passed[1] is chunk
    assert passed[2] == b""
