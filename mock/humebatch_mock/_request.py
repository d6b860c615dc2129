"""Job requests: checked and filled with defaults from the spec's contract.

Names, types, bounds, enums, closed objects, limits and defaults come from the generated
``hume_batch_contract`` (one walker over the spec's request schemas), for the JSON body and the
multipart ``json`` part alike. Hand-written here is only what the spec cannot say:

* null is absent: an optional field sent as ``null`` (what the official SDK sends for an explicit
  ``None``) reads as if it were left out; only top-level ``transcription: null`` keeps its
  documented meaning (transcription off);
* the echo's shape: every option of a model present (its default, else null), all models with
  their defaults when ``models`` is absent, ``urls``/``text`` as lists;
* a URL names a server (the spec's pattern lets ``HTTP://`` through to a 400 of its own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from hume_batch_contract import (
    MAX_TEXTS,
    MAX_URLS,
    PARAMETERS,
    REQUEST,
    SCHEMAS,
    Field,
    Problem,
    Schema,
    problems,
    type_name,
    with_defaults,
)


class RequestError(ValueError):
    """A request the API answers with 400 and ``{"message": str(error)}``."""


_REQUEST = SCHEMAS[REQUEST]
_MODELS = SCHEMAS[_REQUEST.fields["models"].ref or ""]
_TRANSCRIPTION = SCHEMAS[_REQUEST.fields["transcription"].ref or ""]
# Checked against the mock's own (configurable) limits, with the spec's example message.
_COUNTED = ("urls", "text")


def _message(problem: Problem, root: str) -> str:
    where = problem.path or root
    if problem.rule == "unknown":
        return f"{where}: unknown field {problem.given!r} (known: {', '.join(problem.known)})"
    if problem.rule == "type":
        return f"{where}: expected {problem.expected}, got {type_name(problem.given)}"
    if problem.rule == "required":
        return f"{where}: required"
    given = repr(problem.given)
    return f"{where}: must be {problem.expected}, got {given if len(given) <= 200 else '...'}"


def check(
    value: Any, target: Field | Schema, path: str = "", *, root: str = "request body"
) -> None:
    """Raise `RequestError` with the first problem of ``value`` (the contract's walker)."""
    for problem in problems(value, target, path):
        if problem.rule == "max_items" and problem.path in _COUNTED:
            continue  # the mock's own limits, checked by parse_job_request
        raise RequestError(_message(problem, root))


def strip_nulls(value: Any, schema: Schema, *, keep: tuple[str, ...] = ()) -> Any:
    """Null is absent: the object without its null fields (nested objects too), except ``keep``.

    An object the schema does not describe field by field (``Unconfigurable``) is kept as sent.
    """
    if not isinstance(value, Mapping):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if item is None and key not in keep:
            continue
        field = schema.fields.get(key)
        nested = SCHEMAS.get(field.ref) if field is not None and field.ref is not None else None
        out[key] = strip_nulls(item, nested) if nested is not None and nested.fields else item
    return out


def _echo_model(config: Mapping[str, Any], name: str) -> dict[str, Any]:
    ref = _MODELS.fields[name].ref
    return with_defaults(config, ref, every_field=True) if ref else dict(config)


def normalize_models(models: Any = None) -> dict[str, dict[str, Any]]:
    """Models to run, defaults filled; ``None`` (absent) means every model with its defaults.

    A model given as ``null`` is off, like an absent key.
    """
    if models is None:
        return {name: _echo_model({}, name) for name in _MODELS.fields}
    models = strip_nulls(models, _MODELS)
    check(models, _MODELS, "models")
    return {name: _echo_model(config, name) for name, config in models.items()}


def _http_url(value: str, where: str) -> str:
    try:
        host = urlsplit(value).hostname
    except ValueError as exc:
        raise RequestError(f"{where}: not a valid URL ({exc})") from None
    if not host:
        raise RequestError(f"{where}: must be an http(s) URL naming a server, got {value[:200]!r}")
    return value


def _counted(body: Mapping[str, Any], name: str, limit: int, hint: str) -> list[Any]:
    items = body.get(name, [])
    if isinstance(items, list) and len(items) > limit:
        raise RequestError(f"too many {name}: {len(items)} (at most {limit} per job{hint})")
    return list(items) if isinstance(items, list) else items


def parse_job_request(
    body: Any, *, max_urls: int = MAX_URLS, max_texts: int = MAX_TEXTS
) -> dict[str, Any]:
    """Validate an ``InferenceBaseRequest`` and return the echo (``InferenceRequest`` minus files).

    Raises:
        RequestError: the body breaks the schema or a limit.
    """
    if not isinstance(body, Mapping):
        raise RequestError(f"request body: expected an object, got {type_name(body)}")
    cfg = strip_nulls(body, _REQUEST, keep=("transcription",))
    urls = _counted(cfg, "urls", max_urls, "; send an archive instead")
    texts = _counted(cfg, "text", max_texts, "")
    check(cfg, _REQUEST)
    echo = with_defaults(cfg, _REQUEST)
    echo["callback_url"] = cfg.get("callback_url")
    if echo["callback_url"] is not None:
        _http_url(echo["callback_url"], "callback_url")
    echo["models"] = normalize_models(cfg.get("models"))
    echo["urls"] = [_http_url(url, f"urls[{i}]") for i, url in enumerate(urls)]
    echo["text"] = texts
    if cfg.get("transcription") is not None:
        echo["transcription"] = with_defaults(cfg["transcription"], _TRANSCRIPTION)
    return echo


def _query_value(raw: str, field: Field) -> Any:
    """A query string as the JSON value its parameter's schema reads."""
    if "integer" in field.types:
        try:
            return int(raw)
        except ValueError:
            return raw  # the walker says what was expected
    if "number" in field.types:
        try:
            return float(raw)
        except ValueError:
            return raw
    if "boolean" in field.types and raw in ("true", "false"):
        return raw == "true"
    return raw


def parse_query(operation: str, query: Any) -> dict[str, Any]:
    """An operation's query parameters, checked by the contract; absent ones get their default.

    ``query`` is a Starlette ``QueryParams`` (``get``/``getlist``); unknown parameters are
    ignored, as servers commonly do.
    """
    out: dict[str, Any] = {}
    for name, field in PARAMETERS[operation].items():
        if field.location != "query":
            continue
        if "array" in field.types:
            raw = query.getlist(name)
            if not raw:
                continue
            item = field.items or field
            value: Any = [_query_value(v, item) for v in raw]
        else:
            text = query.get(name)
            if text is None:
                if field.has_default:
                    out[name] = field.default
                continue
            value = _query_value(text, field)
        check(value, field, name, root=name)
        out[name] = value
    return out


def check_path(operation: str, name: str, value: str) -> None:
    """A path parameter checked by the contract (``id`` is a UUID)."""
    check(value, PARAMETERS[operation][name], name, root=name)
