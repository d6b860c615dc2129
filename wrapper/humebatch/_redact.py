"""Masking the API key in text and in bytes from the server, whatever the key's length.

A key of `SUBSTRING_MIN` characters or more is masked wherever it appears, also inside a longer
token (``sk-KEYx``): a server that glues a letter to it must not unmask it. A shorter key (only
ever a test's) is masked as a whole token, so that ``k`` leaves ``Check the network`` alone.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "SUBSTRING_MIN", "mask_bytes", "mask_secret"]

MASK = "***"
SUBSTRING_MIN = 8


def _pattern(secret: str) -> str:
    if len(secret) >= SUBSTRING_MIN:
        return re.escape(secret)
    return rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])"


def mask_secret(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` replaced by ``***`` (see the module doc).

    >>> mask_secret("bad key k1 (check the key)", "k1")
    'bad key *** (check the key)'
    >>> mask_secret("key sk-0123456789x is not allowed", "sk-0123456789")
    'key ***x is not allowed'
    """
    if not secret or secret not in text:
        return text
    return re.sub(_pattern(secret), MASK, text)


def mask_bytes(data: bytes, secret: str | None) -> bytes:
    """`mask_secret` for bytes (a body as it arrives)."""
    if not secret:
        return data
    raw = secret.encode()
    if raw not in data:
        return data
    return re.sub(_pattern(secret).encode(), MASK.encode(), data)
