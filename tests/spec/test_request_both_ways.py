"""Both ways: the wrapper and the mock accept every valid request and refuse every invalid one.

Requests are generated from the spec's own request schemas (read here from the YAML, not from
the contract package under test), then mutated: a number past its bound, a value of the wrong
type, an unknown key in a closed object, a value outside an enum. The spec's JSON Schema,
checked by jsonschema, is the judge; the wrapper must raise `InvalidInput` exactly for what it
refuses, the mock answer 400 with the spec's ``ErrorMessage`` body (JSON body and multipart
``json`` part alike).

The wrapper's own policy beyond the spec is kept out of the way, not tested here: every request
has an input (a URL without a file extension, which no model is refused for), texts are not blank.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from hume_batch_contract import MODEL_READS
from humebatch.errors import InvalidInput
from humebatch.inputs import NOT_GIVEN, validate_submission
from humebatch_mock import MockConfig, MockServer
from support.openapi import SPEC_URI, _registry, spec

pytest.importorskip("hypothesis", reason="hypothesis is installed with schemathesis (3.11+)")
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

SCHEMAS = spec()["components"]["schemas"]
REQUEST = "InferenceBaseRequest"
VALIDATOR = jsonschema.Draft202012Validator(
    {"$ref": f"{SPEC_URI}#/components/schemas/{REQUEST}"}, registry=_registry()
)
# Strings under a pattern (the URLs) come from a pool that the spec's pattern and RFC 3986 both
# take; the wrong values come from the mutations.
URLS = ["https://example.com/media", "http://[::1]:8080/clip?x=1", "HTTPS://EXAMPLE.COM:443/a"]
INPUT = "https://example.com/media"
EXAMPLES = 150


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMAS[node["$ref"].rsplit("/", 1)[1]]
    return node


def _value(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Valid values of a spec schema node (request schemas: no allOf, unions of one $ref + null)."""
    variants = node.get("oneOf") or node.get("anyOf")
    if variants:
        return st.one_of([_value(v) for v in variants])
    node = _resolve(node)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    types = node.get("type", "object")
    types = [types] if isinstance(types, str) else types
    return st.one_of([_typed(t, node) for t in types])


def _typed(kind: str, node: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high = node.get("minimum"), node.get("maximum")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(
            low if low is not None else -(10**6), high if high is not None else 10**6
        )
    if kind == "number":
        floats = st.floats(low if low is not None else -1e6, high if high is not None else 1e6)
        return floats | st.integers(
            int(low) if low is not None and low == int(low) else -10, int(high) if high else 10
        ).filter(lambda n: (low is None or n >= low) and (high is None or n <= high))
    if kind == "string":
        if "pattern" in node:
            return st.sampled_from(URLS)
        return st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=5)
    if kind == "array":
        return st.lists(_value(node["items"]), max_size=min(node.get("maxItems", 3), 3))
    properties = node.get("properties", {})
    if not properties:  # an open object with nothing to configure
        return st.just({}) | st.just({"any": 1})
    return st.fixed_dictionaries({}, optional={k: _value(v) for k, v in properties.items()})


def _leaves(value: Any, node: dict[str, Any], path: tuple[Any, ...] = ()) -> Iterator[Any]:
    """(path, schema node) of every place a mutation can go, the value's own node included."""
    yield path, node
    variants = node.get("oneOf") or node.get("anyOf")
    if variants:
        node = next(_resolve(v) for v in variants if v != {"type": "null"})
    node = _resolve(node)
    if isinstance(value, dict):
        for key, item in value.items():
            sub = node.get("properties", {}).get(key)
            if sub is not None:
                yield from _leaves(item, sub, (*path, key))
    elif isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            yield from _leaves(item, node["items"], (*path, i))


def _wrong(node: dict[str, Any]) -> list[Any]:
    """Values likely to break ``node``: past a bound, another type, outside an enum, unknown key."""
    variants = node.get("oneOf") or node.get("anyOf")
    if variants:
        node = next(_resolve(v) for v in variants if v != {"type": "null"})
    node = _resolve(node)
    out: list[Any] = ["zzz", 7, [1]]
    if "minimum" in node:
        out.append(node["minimum"] - 1)
    if "maximum" in node:
        out.append(node["maximum"] + 0.5)
    if node.get("additionalProperties") is False:
        out.append({"no_such_option": 1})
    return out


def _set(body: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(body))
    if not path:
        return body
    target = body
    for step in path[:-1]:
        target = target[step]
    if value == {"no_such_option": 1} and isinstance(target[path[-1]], dict):
        target[path[-1]]["no_such_option"] = 1
    else:
        target[path[-1]] = value
    return body


def _with_input(body: dict[str, Any]) -> dict[str, Any]:
    body = dict(body)
    body["urls"] = [INPUT, *(body.get("urls") or [])][:100]
    return body


valid_requests = _value(SCHEMAS[REQUEST]).map(_with_input)


@st.composite
def mutated_requests(draw: st.DrawFn) -> dict[str, Any]:
    body = draw(valid_requests)
    # Anywhere but the one input every request keeps (urls[0]).
    places = [
        (p, n)
        for p, n in _leaves(body, SCHEMAS[REQUEST])
        if p and p[:2] not in (("urls",), ("urls", 0))
    ]
    if not places:
        return body
    path, node = draw(st.sampled_from(places))
    return _set(body, path, draw(st.sampled_from(_wrong(node))))


def _wrapper_accepts(body: dict[str, Any]) -> bool:
    try:
        validate_submission(
            urls=body.get("urls"),
            text=body.get("text"),
            models=body.get("models"),
            transcription=body.get("transcription", NOT_GIVEN),
            callback_url=body.get("callback_url"),
            notify=body.get("notify", False),
        )
    except InvalidInput:
        return False
    return True


@pytest.fixture(scope="module")
def mock_http() -> Iterator[httpx.Client]:
    with (
        MockServer(MockConfig(queue_seconds=60, run_seconds=60)) as server,
        httpx.Client(
            base_url=server.url, headers={"X-Hume-Api-Key": server.api_key}, timeout=10
        ) as http,
    ):
        yield http


def _mock_accepts(http: httpx.Client, body: dict[str, Any], multipart: bool) -> bool:
    if multipart:
        files = [("file", ("a.txt", b"hello")), ("json", (None, json.dumps(body).encode()))]
        response = http.post("/v0/batch/jobs", files=files)
    else:
        response = http.post("/v0/batch/jobs", json=body)
    if response.status_code == 400:
        answer = response.json()
        assert isinstance(answer.get("message"), str) and answer["message"], answer
        return False
    assert response.status_code == 200, response.text
    return True


def _is_valid(body: dict[str, Any]) -> bool:
    valid = not any(True for _ in VALIDATOR.iter_errors(body))
    event("valid per the spec" if valid else "invalid per the spec")
    return valid


def _wrapper_judged(body: dict[str, Any]) -> bool:
    """False where the wrapper's own spelling or policy decides, not the spec.

    ``text="one string"`` is the wrapper's spelling of a one-text list; empty models and texts
    that no selected model reads are refused by policy.
    """
    models, texts = body.get("models"), body.get("text")
    if models == {} or isinstance(texts, str):
        return False
    if isinstance(texts, list) and texts and isinstance(models, dict):
        selected = [name for name, config in models.items() if config is not None]
        return any("text" in MODEL_READS.get(name, ()) for name in selected)
    return True


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(valid_requests, mutated_requests(), mutated_requests()))
def test_the_wrapper_accepts_exactly_what_the_spec_accepts(body: dict[str, Any]) -> None:
    if not _wrapper_judged(body):
        return
    assert _wrapper_accepts(body) == _is_valid(body), (body, _is_valid(body))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.one_of(valid_requests, mutated_requests(), mutated_requests()), multipart=st.booleans()
)
def test_the_mock_accepts_exactly_what_the_spec_accepts(
    mock_http: httpx.Client, body: dict[str, Any], multipart: bool
) -> None:
    assert _mock_accepts(mock_http, body, multipart) == _is_valid(body), (body, multipart)
