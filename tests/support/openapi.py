"""Validate HTTP responses against ``spec/hume-batch.yaml`` (JSON Schema Draft 2020-12).

Example::

    body = validate_response("GET", "/v0/batch/jobs/{id}", 200, "application/json", raw)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "hume-batch.yaml"
SPEC_URI = "urn:humebatch:spec"


class ResponseMismatch(AssertionError):
    """A response that the spec does not allow."""


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed spec (loaded once)."""
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def _registry() -> Registry:
    resource: Resource[Any] = Resource.from_contents(spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


def _pointer(*parts: str) -> str:
    escaped = (p.replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(escaped)


def _resolve(node: Any) -> tuple[Any, str | None]:
    """Follow local ``$ref``s; returns the node and the JSON pointer of where it lives."""
    pointer = None
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"]
        node = spec()
        for part in pointer.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, pointer


@functools.cache
def _validator(schema_pointer: str) -> jsonschema.Draft202012Validator:
    # A $ref into the registered spec: inner "#/components/..." refs resolve against the spec.
    return jsonschema.Draft202012Validator(
        {"$ref": SPEC_URI + schema_pointer},
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def validate_response(
    method: str,
    path_template: str,
    status_code: int,
    content_type: str | None,
    body_bytes: bytes,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """Check a response against the spec; return the parsed JSON body (or the raw bytes).

    Checks that the operation declares ``status_code``, that ``content_type`` is one it lists,
    that a JSON body validates against the schema, and (when ``headers`` is given) that declared
    headers such as ``Retry-After`` have the declared type.

    Raises:
        ResponseMismatch: anything the spec does not allow.
    """
    operation = spec()["paths"].get(path_template, {}).get(method.lower())
    if operation is None:
        raise ResponseMismatch(f"no operation {method.upper()} {path_template} in the spec")
    responses = operation["responses"]
    key = str(status_code)
    if key not in responses:
        raise ResponseMismatch(
            f"{method.upper()} {path_template}: status {status_code} not declared "
            f"(declared: {', '.join(sorted(responses))})"
        )
    response, ref = _resolve(responses[key])
    base = ref or _pointer("paths", path_template, method.lower(), "responses", key)
    media = (content_type or "").split(";", 1)[0].strip().lower()
    content = response.get("content", {})
    if media not in content:
        raise ResponseMismatch(
            f"{method.upper()} {path_template} {status_code}: content type {media!r} not declared "
            f"(declared: {', '.join(content) or 'none'})"
        )
    if headers is not None:
        _check_headers(response.get("headers", {}), headers, f"{method} {path_template}")
    schema = content[media].get("schema", {})
    if schema.get("format") == "binary":
        if media == "application/zip" and not body_bytes.startswith(b"PK"):
            raise ResponseMismatch("application/zip body is not a zip archive")
        return body_bytes
    try:
        body = orjson.loads(body_bytes)
    except orjson.JSONDecodeError as exc:
        raise ResponseMismatch(f"body is not JSON: {exc}") from None
    pointer = (
        base.rstrip("/")
        + "/"
        + "/".join(p.replace("~", "~0").replace("/", "~1") for p in ("content", media, "schema"))
    )
    errors = sorted(_validator(pointer).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(map(str, first.absolute_path)) or "<root>"
        raise ResponseMismatch(
            f"{method.upper()} {path_template} {status_code}: {len(errors)} schema error(s); "
            f"first at {where}: {first.message[:300]}"
        )
    return body


def _check_headers(declared: Mapping[str, Any], headers: Mapping[str, str], where: str) -> None:
    lowered = {k.lower(): v for k, v in headers.items()}
    for name, header in declared.items():
        value = lowered.get(name.lower())
        if value is None:
            continue
        schema = _resolve(header)[0].get("schema", {})
        if schema.get("type") == "integer":
            if not value.strip().isdigit():
                raise ResponseMismatch(f"{where}: header {name}={value!r} is not an integer")
            minimum = schema.get("minimum")
            if minimum is not None and int(value) < minimum:
                raise ResponseMismatch(f"{where}: header {name}={value!r} < {minimum}")


def validate_httpx(response: Any, path_template: str) -> Any:
    """:func:`validate_response` for an ``httpx.Response`` (method taken from its request)."""
    return validate_response(
        response.request.method,
        path_template,
        response.status_code,
        response.headers.get("content-type"),
        response.content,
        headers=response.headers,
    )
