"""Client settings and authentication: resolving the configuration, and keeping the key hidden."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .._options import check_headers, resolve_timeout
from ..errors import InvalidInput

DEFAULT_BASE_URL = "https://api.hume.ai"
API_KEY_HEADER = "X-Hume-Api-Key"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
USER_AGENT = "humebatch/0.1.0"


class ApiKey(str):
    """An API key that never shows itself: repr, str and format all print a mask.

    httpx encodes header values with ``str.encode``, which reads the real characters, so the key
    still reaches the server; use `reveal` when the plain value is really needed.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "ApiKey('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def reveal(self) -> str:
        """The key itself."""
        return str.__str__(self)


class KeyAuth(httpx.Auth):
    """Adds the key to each request as it is sent (the drivers pass it per request).

    So no long-lived object holds the key where a repr would show it: not the httpx client's
    default headers (``httpx.Headers`` prints every value but ``Authorization``), and not a
    client of the user's own (``http_client=``), which is never modified.
    """

    def __init__(self, key: ApiKey) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[API_KEY_HEADER] = self._key
        yield request

    def __repr__(self) -> str:
        return "KeyAuth(***)"


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    """Resolved client configuration (environment variables already read)."""

    api_key: ApiKey
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    headers: Mapping[str, str]

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        allow_insecure_http: bool,
        default_headers: Mapping[str, str] | None,
    ) -> Settings:
        """Fill in from HUME_API_KEY / HUME_BASE_URL and refuse unsafe settings."""
        key = api_key if api_key is not None else os.environ.get("HUME_API_KEY")
        if not key:
            raise InvalidInput(
                "No API key: set the HUME_API_KEY environment variable or pass Client(api_key=...)."
            )
        if not key.isascii() or not key.isprintable() or key != key.strip():
            # Said without echoing the value: it may be a real key with a stray character.
            raise InvalidInput(
                "The API key has spaces, control or non-ASCII characters; check for a stray "
                "newline or quote around HUME_API_KEY."
            )
        url = (base_url or os.environ.get("HUME_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        parts = urlsplit(url)
        if "@" in parts.netloc:
            # Said without echoing the URL: it holds a password or a token.
            raise InvalidInput(
                "base_url must not carry a user name or password (user:password@host): the "
                "API key authenticates; give the URL as https://host[:port]."
            )
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput(
                f"base_url {url!r} must be an http(s) URL such as {DEFAULT_BASE_URL}."
            )
        if parts.scheme == "http" and not allow_insecure_http and not _is_loopback(parts.hostname):
            raise InvalidInput(
                f"Refusing to send the API key over plain http:// to {parts.hostname}: use "
                "https://, or pass allow_insecure_http=True if you really mean it."
            )
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise InvalidInput(f"max_retries must be a non-negative integer, got {max_retries!r}.")
        resolved = DEFAULT_TIMEOUT if timeout is None else resolve_timeout(timeout, DEFAULT_TIMEOUT)
        return cls(
            api_key=ApiKey(key),
            base_url=url,
            timeout=resolved,
            max_retries=max_retries,
            headers=check_headers(default_headers, "default_headers"),
        )
