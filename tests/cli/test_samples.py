"""The committed samples are small and exactly what samples/make_samples.py generates."""

from __future__ import annotations

import importlib.util
import io
import struct
import wave
from pathlib import Path
from types import ModuleType

from cli_helpers import SAMPLES
from PIL import Image, ImageChops, ImageStat

NAMES = ("face.png", "voice.wav", "clip.mp4", "note.txt")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_samples_are_small() -> None:
    assert sum((SAMPLES / name).stat().st_size for name in NAMES) < 200_000


def _jpeg_frames(mp4: bytes) -> list[Image.Image]:
    """The decoded frames of the Motion-JPEG track (each JPEG starts with an SOI marker)."""
    mdat = mp4[mp4.index(b"mdat") + 4 :]
    starts = [i for i in range(len(mdat)) if mdat.startswith(b"\xff\xd8\xff", i)]
    ends = [*starts[1:], len(mdat)]
    return [
        Image.open(io.BytesIO(mdat[a:b])).convert("RGB") for a, b in zip(starts, ends, strict=True)
    ]


def _mean_abs_difference(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size
    means = ImageStat.Stat(ImageChops.difference(a, b)).mean
    return sum(means) / len(means)


def test_the_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    # Compressed bytes depend on the zlib and libjpeg that Pillow bundles, so the images are
    # compared decoded: PNG (lossless) pixel for pixel, JPEG frames within encoder rounding.
    gen = _generator()
    gen.make_png(tmp_path / "face.png")
    gen.make_wav(tmp_path / "voice.wav")
    gen.make_mp4(tmp_path / "clip.mp4")
    with Image.open(tmp_path / "face.png") as made, Image.open(SAMPLES / "face.png") as kept:
        assert (made.mode, made.size) == (kept.mode, kept.size)
        assert made.tobytes() == kept.tobytes()
    assert (tmp_path / "voice.wav").read_bytes() == (SAMPLES / "voice.wav").read_bytes()
    made_frames = _jpeg_frames((tmp_path / "clip.mp4").read_bytes())
    kept_frames = _jpeg_frames((SAMPLES / "clip.mp4").read_bytes())
    assert len(made_frames) == len(kept_frames) == 12
    for made_frame, kept_frame in zip(made_frames, kept_frames, strict=True):
        assert _mean_abs_difference(made_frame, kept_frame) < 2.0
    assert (SAMPLES / "note.txt").read_text(encoding="utf-8") == gen.NOTE


def test_the_media_are_what_their_names_say() -> None:
    with Image.open(SAMPLES / "face.png") as image:
        assert image.format == "PNG" and image.size == (256, 256)
    with wave.open(str(SAMPLES / "voice.wav")) as audio:
        assert audio.getnchannels() == 1
        assert 2.5 < audio.getnframes() / audio.getframerate() < 3.5
    data = (SAMPLES / "clip.mp4").read_bytes()
    boxes, offset = [], 0
    while offset < len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        boxes.append(kind)
        offset += size
    assert offset == len(data)
    assert boxes == [b"ftyp", b"moov", b"mdat"]
    assert b"jpeg" in data and data.count(b"\xff\xd8\xff") == 12  # 12 JPEG frames
