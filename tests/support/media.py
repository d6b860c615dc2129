"""Small media bodies for upload tests."""

from __future__ import annotations

import io
import wave


def silent_wav(seconds: float, rate: int = 8000) -> bytes:
    """A mono 16-bit WAV of ``seconds`` of silence."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()
