"""Generate the small sample inputs used by `make demo` (no downloads, deterministic).

Run from the repository root::

    .venv/bin/python samples/make_samples.py

Writes, next to this script:

* ``face.png``    a drawn, smiling face (Pillow), for the face model;
* ``voice.wav``   three seconds of synthetic voiced tones (glottal-pulse harmonics with a moving
  pitch and formant-like resonances), 8 kHz mono, for prosody and vocal bursts;
* ``clip.mp4``    a real, tiny MP4 (ISO BMFF, Motion-JPEG video track, 12 frames at 4 fps of a face
  whose mouth opens); no encoder is needed because JPEG frames are muxed by hand below;
* ``note.txt``    two sentences of text for the language and NER models.

The output is byte-for-byte reproducible, so re-running it leaves ``git status`` clean.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent

NOTE = (
    "I finally got the results back and honestly I am thrilled, this is the best news all year!\n"
    "Still, a small part of me worries that something will go wrong before the launch.\n"
)


def draw_face(size: int, smile: float, eye_open: float = 1.0) -> Image.Image:
    """A cartoon face; ``smile`` in [-1, 1] bends the mouth, ``eye_open`` in (0, 1] opens eyes."""
    img = Image.new("RGB", (size, size), (226, 236, 245))
    d = ImageDraw.Draw(img)
    s = size / 256
    d.ellipse([40 * s, 28 * s, 216 * s, 228 * s], fill=(241, 194, 160), outline=(120, 80, 60))
    d.chord([36 * s, 10 * s, 220 * s, 130 * s], 180, 360, fill=(92, 58, 38))  # hair
    for cx in (96, 160):
        h = 14 * eye_open
        d.ellipse([(cx - 16) * s, (108 - h) * s, (cx + 16) * s, (108 + h) * s], fill="white")
        d.ellipse([(cx - 7) * s, (108 - 7 * eye_open) * s, (cx + 7) * s, (108 + 7) * s], "black")
        d.line([(cx - 20) * s, 84 * s, (cx + 18) * s, 80 * s], fill=(70, 45, 30), width=int(5 * s))
    d.polygon([(128 * s, 120 * s), (116 * s, 156 * s), (136 * s, 156 * s)], fill=(214, 160, 130))
    # mouth: a quadratic curve whose middle moves down (smile) or up (frown)
    pts = []
    for i in range(21):
        t = i / 20
        x = 92 + 72 * t
        y = 182 + smile * 22 * (1 - (2 * t - 1) ** 2)
        pts.append((x * s, y * s))
    d.line(pts, fill=(150, 40, 50), width=max(2, int(6 * s)), joint="curve")
    return img


def make_png(path: Path) -> None:
    buf = io.BytesIO()
    draw_face(256, smile=1.0).save(buf, format="PNG", optimize=True)
    path.write_bytes(buf.getvalue())


def make_wav(path: Path, seconds: float = 3.0, rate: int = 8000) -> None:
    t = np.arange(int(seconds * rate)) / rate
    # pitch glides like an excited sentence: 140 Hz → 220 Hz → 170 Hz, with light vibrato
    f0 = 140 + 80 * np.sin(np.pi * t / seconds) + 4 * np.sin(2 * np.pi * 5.5 * t)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    signal = np.zeros_like(t)
    for k in range(1, 16):  # harmonics shaped by two formant-like bumps (vowel "ah")
        fk = k * f0
        gain = np.exp(-(((fk - 750) / 250) ** 2)) + 0.6 * np.exp(-(((fk - 1200) / 300) ** 2))
        signal += (gain + 0.05) / k * np.sin(k * phase)
    # three "syllables": smooth amplitude envelope with short gaps between them
    syllables = np.clip(np.sin(np.pi * 3 * t / seconds), 0, None) ** 0.6
    fade = np.minimum(1.0, np.minimum(t, seconds - t) / 0.05)
    signal *= syllables * fade
    pcm = (signal / np.max(np.abs(signal)) * 0.8 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def _box(kind: bytes, *payload: bytes) -> bytes:
    body = b"".join(payload)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full_box(kind: bytes, version: int, flags: int, *payload: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *payload)


def mux_mjpeg_mp4(frames: list[bytes], width: int, height: int, fps: int) -> bytes:
    """Mux JPEG frames into an MP4 with one Motion-JPEG video track (sample entry ``jpeg``)."""
    timescale = fps
    duration = len(frames)
    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 512), b"isom", b"iso2", b"mp41")
    mdat_header = 8
    unity = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)

    def moov(chunk_offset: int) -> bytes:
        mvhd = _full_box(
            b"mvhd", 0, 0,
            struct.pack(">IIII", 0, 0, timescale, duration),
            struct.pack(">IH", 0x10000, 0x100), b"\0" * 10, unity, b"\0" * 24,
            struct.pack(">I", 2),
        )  # fmt: skip
        tkhd = _full_box(
            b"tkhd", 0, 3,
            struct.pack(">IIIII", 0, 0, 1, 0, duration), b"\0" * 8,
            struct.pack(">hhhH", 0, 0, 0, 0), unity,
            struct.pack(">II", width << 16, height << 16),
        )  # fmt: skip
        language_und = 0x55C4  # ISO 639-2 "und", packed as three 5-bit letters
        mdhd = _full_box(
            b"mdhd", 0, 0,
            struct.pack(">IIII", 0, 0, timescale, duration), struct.pack(">HH", language_und, 0),
        )  # fmt: skip
        hdlr = _full_box(b"hdlr", 0, 0, b"\0" * 4, b"vide", b"\0" * 12, b"VideoHandler\0")
        vmhd = _full_box(b"vmhd", 0, 1, b"\0" * 8)
        dref = _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1))
        sample_entry = _box(
            b"jpeg",
            b"\0" * 6, struct.pack(">H", 1),  # reserved, data_reference_index
            b"\0" * 16, struct.pack(">HH", width, height),
            struct.pack(">II", 0x480000, 0x480000), b"\0" * 4, struct.pack(">H", 1),
            bytes([10]) + b"Photo-JPEG".ljust(31, b"\0"),
            struct.pack(">Hh", 24, -1),
        )  # fmt: skip
        stsd = _full_box(b"stsd", 0, 0, struct.pack(">I", 1), sample_entry)
        stts = _full_box(b"stts", 0, 0, struct.pack(">III", 1, len(frames), 1))
        stsc = _full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, len(frames), 1))
        stsz = _full_box(
            b"stsz", 0, 0, struct.pack(">II", 0, len(frames)),
            *(struct.pack(">I", len(f)) for f in frames),
        )  # fmt: skip
        stco = _full_box(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset))
        stbl = _box(b"stbl", stsd, stts, stsc, stsz, stco)
        minf = _box(b"minf", vmhd, _box(b"dinf", dref), stbl)
        trak = _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf))
        return _box(b"moov", mvhd, trak)

    # moov goes first ("fast start"); its size does not depend on the offset value it holds
    size_moov = len(moov(0))
    offset = len(ftyp) + size_moov + mdat_header
    return ftyp + moov(offset) + _box(b"mdat", *frames)


def make_mp4(path: Path, n_frames: int = 12, fps: int = 4, size: int = 96) -> None:
    frames = []
    for i in range(n_frames):
        smile = math.cos(2 * math.pi * i / n_frames)  # smile → frown → smile
        eye = 0.35 if i == n_frames // 2 else 1.0  # one blink
        buf = io.BytesIO()
        draw_face(size, smile=smile, eye_open=eye).save(buf, format="JPEG", quality=70)
        frames.append(buf.getvalue())
    path.write_bytes(mux_mjpeg_mp4(frames, size, size, fps))


def main() -> None:
    make_png(HERE / "face.png")
    make_wav(HERE / "voice.wav")
    make_mp4(HERE / "clip.mp4")
    (HERE / "note.txt").write_text(NOTE, encoding="utf-8")
    total = 0
    for name in ("face.png", "voice.wav", "clip.mp4", "note.txt"):
        size = (HERE / name).stat().st_size
        total += size
        print(f"{name:10} {size:>7,} bytes")
    print(f"{'total':10} {total:>7,} bytes")


if __name__ == "__main__":
    main()
