"""Uploads stream from disk: sending a large file must not load it into memory.

A throwaway loopback server reads and discards the body while a sampler thread tracks this
process's RSS; the file (sparse, just under the API's 100 MB limit) would raise RSS by its whole
size if it were read at once. (The 1 GB figure lives in ``make bench``.)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from humebatch import Client
from humebatch.inputs import MAX_FILE_BYTES

psutil = pytest.importorskip("psutil")

LIMIT = 64 * 1024 * 1024


class _Sink(BaseHTTPRequestHandler):
    received = 0

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        left = length
        while left:
            left -= len(self.rfile.read(min(left, 1 << 20)))
        type(self).received = length
        body = json.dumps({"job_id": "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sink() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_large_upload_streams_from_disk(sink: str, tmp_path: Path) -> None:
    media = tmp_path / "big.mp4"
    with media.open("wb") as f:
        f.truncate(MAX_FILE_BYTES - 1024)  # sparse: costs no disk and no page cache in RSS
    proc = psutil.Process()
    baseline = proc.memory_info().rss
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, proc.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        with Client(api_key="k", base_url=sink, timeout=60) as client:
            job = client.submit(files=[media], models={"face": {}})
    finally:
        done.set()
        sampler.join()
    assert job.id == "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"
    assert _Sink.received > media.stat().st_size  # the whole file went out, with Content-Length
    assert peak - baseline < LIMIT, f"RSS grew by {(peak - baseline) / 2**20:.0f} MB"
