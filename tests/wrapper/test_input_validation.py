"""Every invalid input raises InvalidInput before any request is sent (Client and AsyncClient)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_batch_api import FakeAPI, resolve
from humebatch import Face, InvalidInput, Models, Prosody, Transcription, Window
from humebatch.inputs import MAX_FILE_BYTES, validate_models

URL = "https://example.com/a.jpg"


@pytest.fixture
def media(tmp_path: Path) -> Path:
    path = tmp_path / "face.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"x" * 100)
    return path


def invalid_submissions(tmp_path: Path) -> list[tuple[str, dict[str, Any]]]:
    empty = tmp_path / "empty.jpg"
    big = tmp_path / "big.mp4"
    if tmp_path.is_dir():
        empty.write_bytes(b"")
        with big.open("wb") as f:  # sparse: no real disk use
            f.truncate(MAX_FILE_BYTES + 1)
    return [
        ("no inputs", {}),
        ("empty lists", {"urls": [], "text": [], "files": []}),
        ("101 urls", {"urls": [URL] * 101}),
        ("101 texts", {"text": ["hi"] * 101}),
        ("101 files", {"files": [("a.txt", b"x")] * 101}),
        ("ftp url", {"urls": ["ftp://example.com/a.jpg"]}),
        ("relative url", {"urls": ["/a.jpg"]}),
        ("url with a space", {"urls": ["https://example.com/a b.mp4"]}),
        ("url with a control character", {"urls": ["https://\x0fexample.com/a.mp4"]}),
        ("IRI, not a URI", {"urls": ["https://\u00a9example.com/a.mp4"]}),
        ("callback with a space", {"urls": [URL], "callback_url": "https://example.com/a b"}),
        ("url not a string", {"urls": [42]}),
        ("urls a string", {"urls": URL}),
        ("missing file", {"files": [tmp_path / "nope.jpg"]}),
        ("empty file", {"files": [empty]}),
        ("directory", {"files": [tmp_path]}),
        ("file over 100 MB", {"files": [big]}),
        ("empty bytes", {"files": [("a.jpg", b"")]}),
        ("bad file item", {"files": [123]}),
        ("text-mode file", {"files": [("a.txt", io.StringIO("hi"))]}),
        ("pair without name", {"files": [("", b"data")]}),
        ("empty text", {"text": ["  "]}),
        ("text not a string", {"text": [b"bytes"]}),
        ("unknown model", {"urls": [URL], "models": {"smile": {}}}),
        ("unknown option", {"urls": [URL], "models": {"face": {"fps": 3}}}),
        ("empty models", {"urls": [URL], "models": {}}),
        ("prob_threshold > 1", {"urls": [URL], "models": {"face": {"prob_threshold": 1.5}}}),
        ("prob_threshold < 0", {"urls": [URL], "models": {"face": {"prob_threshold": -0.1}}}),
        ("min_face_size < 0", {"urls": [URL], "models": {"face": {"min_face_size": -1}}}),
        ("min_face_size > uint64", {"urls": [URL], "models": {"face": {"min_face_size": 2**64}}}),
        ("min_face_size float", {"urls": [URL], "models": {"face": {"min_face_size": 12.5}}}),
        ("bool as number", {"urls": [URL], "models": {"face": {"fps_pred": True}}}),
        ("window length", {"urls": [URL], "models": {"prosody": {"window": {"length": 0.4}}}}),
        ("window step", {"urls": [URL], "models": {"prosody": {"window": {"step": 0.1}}}}),
        ("granularity", {"urls": [URL], "models": {"language": {"granularity": "para"}}}),
        ("language", {"urls": [URL], "transcription": {"language": "xx"}}),
        ("confidence", {"urls": [URL], "transcription": {"confidence_threshold": 2}}),
        ("transcription option", {"urls": [URL], "transcription": {"diarize": True}}),
        ("callback", {"urls": [URL], "callback_url": "file:///etc/passwd"}),
        ("notify", {"urls": [URL], "notify": "yes"}),
        ("facs not an object", {"urls": [URL], "models": {"face": {"facs": 1}}}),
        ("model not an object", {"urls": [URL], "models": {"face": "on"}}),
        ("typed threshold", {"urls": [URL], "models": Models(face=Face(prob_threshold=3))}),
        ("typed window", {"urls": [URL], "models": Models(prosody=Prosody(window=Window(step=0)))}),
        (
            "typed transcription",
            {"urls": [URL], "transcription": Transcription(confidence_threshold=5)},
        ),
    ]


def _ids() -> list[str]:
    return [name for name, _ in invalid_submissions(Path("/nonexistent"))]


@pytest.mark.parametrize("case", _ids())
async def test_invalid_submission_sends_nothing(
    client: Any, api: FakeAPI, tmp_path: Path, case: str
) -> None:
    kwargs = dict(invalid_submissions(tmp_path))[case]
    with pytest.raises(InvalidInput) as info:
        await resolve(client.submit(**kwargs))
    assert str(info.value)  # says what is wrong
    assert api.requests == []


# Run in a child process that first gives up the capabilities that let root read any file
# (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so the case runs as root too (CI runs as root).
UNREADABLE_CHILD = """
import asyncio, ctypes, sys
from humebatch import AsyncClient, Client, InvalidInput

class Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

class Data(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint32) for n in ("effective", "permitted", "inheritable")]

libc = ctypes.CDLL(None, use_errno=True)
header, data = Header(0x20080522, 0), (Data * 2)()
assert libc.capget(ctypes.byref(header), data) == 0, ctypes.get_errno()
data[0].effective &= ~0b110
data[0].permitted &= ~0b110
assert libc.capset(ctypes.byref(header), data) == 0, ctypes.get_errno()

kind, path = sys.argv[1], sys.argv[2]
try:
    open(path, "rb")
except PermissionError:
    pass
else:
    sys.exit("the file is readable: the test would prove nothing")
try:
    if kind == "sync":
        Client(api_key="k", base_url="http://127.0.0.1:9").submit(files=[path])
    else:
        asyncio.run(AsyncClient(api_key="k", base_url="http://127.0.0.1:9").submit(files=[path]))
except InvalidInput as exc:
    print(exc)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="capabilities are Linux's")
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_unreadable_file(media: Path, kind: str) -> None:
    media.chmod(0)
    child = subprocess.run(
        [sys.executable, "-c", UNREADABLE_CHILD, kind, str(media)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr
    assert "cannot be read: Permission denied." in child.stdout, child.stdout + child.stderr


@pytest.mark.parametrize("job_id", ["", "job_id", "123", "6b3bdf5e-31a8-4b5c-9d3f", 42, None])
async def test_bad_job_id_sends_nothing(client: Any, api: FakeAPI, job_id: Any) -> None:
    with pytest.raises(InvalidInput):
        await resolve(client.get_job(job_id))
    assert api.requests == []


async def test_bad_listing_arguments_send_nothing(client: Any, api: FakeAPI) -> None:
    for kwargs in ({"status": ["DONE"]}, {"when": "yesterday"}, {"page_size": 0}, {"limit": -1}):
        with pytest.raises(InvalidInput):
            client.jobs(**kwargs)
    assert api.requests == []


async def test_wait_all_rejects_bad_ids_and_concurrency(client: Any, api: FakeAPI) -> None:
    with pytest.raises(InvalidInput):
        await resolve(client.wait_all(["not-a-uuid"]))
    with pytest.raises(InvalidInput):
        await resolve(client.wait_all([], concurrency=0))
    assert api.requests == []


def test_valid_configs_pass_in_every_spelling() -> None:
    as_dict = {
        "face": {"fps_pred": 0, "prob_threshold": 0.5, "min_face_size": 10, "facs": {}},
        "prosody": {"granularity": "word", "window": {"length": 0.5, "step": 0.5}},
        "language": {"sentiment": {}, "toxicity": None},
        "burst": {},
    }
    assert validate_models(as_dict) == as_dict
    typed = Models(face=Face(fps_pred=1), prosody=Prosody(window=Window(length=2, step=1)))
    assert validate_models(typed)["prosody"]["window"] == {"length": 2, "step": 1}  # type: ignore[index]
    assert validate_models(["face", "ner"]) == {"face": {}, "ner": {}}
