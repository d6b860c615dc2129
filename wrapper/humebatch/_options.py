"""Request options: timeouts and extra headers, per client (`with_options`) or per call.

Like openai-python and httpx: ``timeout`` is seconds or an ``httpx.Timeout``, and ``None`` means
no timeout at all, so "not given" needs its own value, `NOT_GIVEN`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, TypeAlias

import httpx

from .errors import InvalidInput

__all__ = [
    "NOT_GIVEN",
    "NO_OPTIONS",
    "NotGiven",
    "RequestOptions",
    "TimeoutInput",
    "resolve_timeout",
]


class NotGiven:
    """The type of `NOT_GIVEN`: an argument left out (unlike ``None``, which means "none")."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

TimeoutInput: TypeAlias = "float | httpx.Timeout | None"
"""Seconds for every phase, an ``httpx.Timeout`` for each phase, or ``None`` for no timeout."""


def resolve_timeout(value: TimeoutInput | NotGiven, default: httpx.Timeout) -> httpx.Timeout:
    """``value`` as an ``httpx.Timeout``; ``default`` when not given, no limit for ``None``."""
    return default if isinstance(value, NotGiven) else _timeout(value)


def _timeout(value: TimeoutInput) -> httpx.Timeout:
    if value is None:
        return httpx.Timeout(None)
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return httpx.Timeout(float(value))
    raise InvalidInput(
        f"timeout must be a positive number of seconds, an httpx.Timeout or None (no timeout), "
        f"got {value!r}."
    )


def _headers(extra: Mapping[str, str] | None) -> dict[str, str]:
    if extra is None:
        return {}
    if not isinstance(extra, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in extra.items()
    ):
        raise InvalidInput("extra_headers must map header names to strings.")
    return dict(extra)


@dataclass(frozen=True)
class RequestOptions:
    """What one call changes in its requests: the timeout (None: the client's) and headers."""

    timeout: httpx.Timeout | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
    ) -> RequestOptions:
        """Validated options of one call (`InvalidInput` before any request if malformed)."""
        resolved = None if isinstance(timeout, NotGiven) else _timeout(timeout)
        return cls(timeout=resolved, headers=_headers(extra_headers))

    def apply(self, request: dict[str, object]) -> dict[str, object]:
        """httpx request arguments with these options laid over them."""
        merged = dict(request)
        if self.headers:
            base = request.get("headers")
            merged["headers"] = {**(base if isinstance(base, Mapping) else {}), **self.headers}
        if self.timeout is not None:
            merged["timeout"] = self.timeout
        return merged


NO_OPTIONS: Final = RequestOptions()
