"""Masking the API key in text: as a whole token, whatever the key's length."""

from __future__ import annotations

import re

__all__ = ["MASK", "mask_secret"]

MASK = "***"


def mask_secret(text: str, secret: str | None) -> str:
    """``text`` with every whole-token occurrence of ``secret`` replaced by ``***``.

    A token ends where a letter or digit is not adjacent, so a one-letter key masks
    ``key k`` but leaves ``Check the network`` alone (a plain ``replace`` would print
    ``Chec*** the networ***``).

    >>> mask_secret("bad key k1 (check the key)", "k1")
    'bad key *** (check the key)'
    """
    if not secret or secret not in text:
        return text
    return re.sub(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", MASK, text)
