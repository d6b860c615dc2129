"""Request options: timeout, extra headers, query and body, per client (`with_options`) or call.

Like openai-python and httpx: ``timeout`` is seconds or an ``httpx.Timeout``, and ``None`` means
no timeout at all, so "not given" needs its own value, `NOT_GIVEN`. ``extra_query`` and
``extra_body`` are openai-python's escape hatches for what this version of humebatch does not
know yet: laid over the typed request as given, after a check that they can go on the wire.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeAlias

import httpx

from ._sentinel import NOT_GIVEN, NotGiven
from .errors import InvalidInput

__all__ = [
    "NOT_GIVEN",
    "NO_OPTIONS",
    "Body",
    "NotGiven",
    "Query",
    "RequestOptions",
    "TimeoutInput",
    "capped",
    "check_headers",
    "merge_body",
    "resolve_timeout",
]


TimeoutInput: TypeAlias = "float | httpx.Timeout | None"
"""Seconds for every phase, an ``httpx.Timeout`` for each phase, or ``None`` for no timeout."""

Query: TypeAlias = Mapping[str, Any]
"""Query parameters: strings, numbers or booleans, or lists of them for a repeated parameter."""

Body: TypeAlias = Mapping[str, Any]
"""A JSON object: nested mappings, lists, strings, finite numbers, booleans and None."""


def resolve_timeout(value: TimeoutInput | NotGiven, default: httpx.Timeout) -> httpx.Timeout:
    """``value`` as an ``httpx.Timeout``; ``default`` when not given, no limit for ``None``."""
    return default if isinstance(value, NotGiven) else _timeout(value)


def capped(timeout: httpx.Timeout, seconds: float | None) -> httpx.Timeout:
    """``timeout`` with no phase longer than ``seconds`` (unchanged for None)."""
    if seconds is None:
        return timeout

    def cap(limit: float | None) -> float:
        return seconds if limit is None else min(limit, seconds)

    return httpx.Timeout(
        connect=cap(timeout.connect),
        read=cap(timeout.read),
        write=cap(timeout.write),
        pool=cap(timeout.pool),
    )


MAX_TIMEOUT = 366 * 86_400.0
"""Seconds: longer limits overflow the OS's socket timeouts (OverflowError at the first read)."""


def _usable(value: object) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and 0 < value <= MAX_TIMEOUT  # type: ignore[operator]


def _timeout(value: TimeoutInput) -> httpx.Timeout:
    if value is None:
        return httpx.Timeout(None)
    if isinstance(value, httpx.Timeout):
        phases = (value.connect, value.read, value.write, value.pool)
        if all(phase is None or _usable(phase) for phase in phases):
            return value
    elif _usable(value):
        return httpx.Timeout(float(value))
    raise InvalidInput(
        f"timeout must be a positive number of seconds, an httpx.Timeout or None (no timeout), "
        f"got {value!r}."
    )


_HEADER_BREAK = frozenset("\r\n\0")


def check_headers(extra: Mapping[str, str] | None, what: str = "extra_headers") -> dict[str, str]:
    """Headers as a dict; a line break in a name or value (header injection) is refused."""
    if extra is None:
        return {}
    if not isinstance(extra, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in extra.items()
    ):
        raise InvalidInput(f"{what} must map header names to strings.")
    for name, value in extra.items():
        if not name or _HEADER_BREAK & set(name + value) or not (name + value).isascii():
            raise InvalidInput(
                f"{what}: header {name!r} has a line break, a NUL or non-ASCII characters; "
                "a header is one line of ASCII."
            )
    return dict(extra)


_QUERY_SCALARS = (str, int, float, bool)


def _query(extra: Query | None) -> dict[str, Any]:
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise InvalidInput(
            f"extra_query must be a mapping of parameter names to values, "
            f"got {type(extra).__name__}."
        )
    out: dict[str, Any] = {}
    for key, value in extra.items():
        if not isinstance(key, str):
            raise InvalidInput(f"extra_query names must be strings, got {key!r}.")
        values = value if isinstance(value, list | tuple) else [value]
        if not all(isinstance(v, _QUERY_SCALARS) for v in values):
            raise InvalidInput(
                f"extra_query[{key!r}] must be a string, number or boolean, or a list of them; "
                f"got {value!r}."
            )
        out[key] = list(value) if isinstance(value, list | tuple) else value
    return out


def _json(value: object, where: str) -> object:
    """A copy of ``value`` that is sure to serialise as JSON; InvalidInput names what is not."""
    if isinstance(value, Mapping):
        copy: dict[str, object] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(f"{where} has a key that is not a string: {key!r}.")
            copy[key] = _json(item, f"{where}[{key!r}]")
        return copy
    if isinstance(value, list | tuple):
        return [_json(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{where} is {value!r}, which JSON cannot carry.")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise InvalidInput(
        f"{where} must be JSON (mappings, lists, strings, numbers, booleans, None), "
        f"got {type(value).__name__}."
    )


def _body(extra: Body | None) -> dict[str, Any] | None:
    if extra is None or (isinstance(extra, Mapping) and not extra):
        return None
    if not isinstance(extra, Mapping):
        raise InvalidInput(
            f"extra_body must be a mapping (a JSON object), got {type(extra).__name__}."
        )
    checked = _json(extra, "extra_body")
    assert isinstance(checked, dict)
    return checked


def merge_body(base: object, extra: Mapping[str, Any]) -> dict[str, Any]:
    """``extra`` laid over the JSON object ``base``: nested objects merge key by key, any other
    value (None included) replaces what the typed body had."""
    merged = dict(base) if isinstance(base, Mapping) else {}
    for key, value in extra.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = merge_body(current, value)
        else:
            merged[key] = value
    return merged


def _merge_json_part(files: object, extra: Mapping[str, Any]) -> list[Any]:
    """Multipart parts with ``extra`` merged into the JSON part (the one sent as JSON)."""
    parts = list(files) if isinstance(files, list | tuple) else []
    for i, (name, part) in enumerate(parts):
        if isinstance(part, tuple) and len(part) >= 3 and part[2] == "application/json":
            body = merge_body(json.loads(part[1]), extra)
            parts[i] = (name, (part[0], json.dumps(body).encode(), *part[2:]))
            return parts
    raise InvalidInput("extra_body needs a JSON body or part to merge into; this request has none.")


@dataclass(frozen=True)
class RequestOptions:
    """What one call changes in its requests: the timeout (None: the client's), headers, and
    query parameters and body keys laid over the typed ones."""

    timeout: httpx.Timeout | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    body: Mapping[str, Any] | None = None

    @classmethod
    def of(
        cls,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> RequestOptions:
        """Validated options of one call (`InvalidInput` before any request if malformed)."""
        resolved = None if isinstance(timeout, NotGiven) else _timeout(timeout)
        return cls(
            timeout=resolved,
            headers=check_headers(extra_headers),
            query=_query(extra_query),
            body=_body(extra_body),
        )

    def apply(self, request: dict[str, object]) -> dict[str, object]:
        """httpx request arguments with these options laid over them.

        ``extra_body`` goes into the JSON body (a request without one gets it as its body), or
        into the JSON part of a multipart body, such as the ``json`` part of an upload.
        """
        merged = dict(request)
        if self.headers:
            base = request.get("headers")
            merged["headers"] = {**(base if isinstance(base, Mapping) else {}), **self.headers}
        if self.query:
            params = request.get("params")
            merged["params"] = {**(params if isinstance(params, Mapping) else {}), **self.query}
        if self.body is not None:
            if "files" in request:
                merged["files"] = _merge_json_part(request["files"], self.body)
            else:
                merged["json"] = merge_body(request.get("json"), self.body)
        if self.timeout is not None:
            merged["timeout"] = self.timeout
        return merged


NO_OPTIONS: Final = RequestOptions()
