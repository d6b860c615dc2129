"""The mock, answering every job of URL inputs with one 1-hour payload per URL (for `bench_bulk`).

    python -m benchmarks._bigbody_serve '{"config": {...MockConfig fields...}}'

Like `_serve`, but a job's predictions body is built from the cached 1-hour payload
(`benchmarks.payloads`, 51 MB: face at 3 fps + prosody + word-level language), once per input
URL with that URL as its source: 16 URLs make an ~820 MB body, as bytes only. The mock's own
generator would build it as a tree of dicts (~17x the body) before serialising it.
"""

from __future__ import annotations

import json
import re
import sys

import orjson
from humebatch_mock import MockConfig, MockServer, _store

from .payloads import SPECS, payload_path


def main() -> None:
    options = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    template = payload_path(next(s for s in SPECS if s.name == "video-1h")).read_bytes()
    source = template.strip()[1:-1]  # the payload's one source, as bytes
    found = re.search(rb'"url":("(?:[^"\\]|\\.)*")', source)
    assert found is not None, "the 1-hour payload names no source URL"
    own_url = found.group(0)

    def big_body(job: _store.Job) -> bytes:
        with job._lock:
            if job._predictions is None:
                urls = job.request.get("urls") or []
                parts = [source.replace(own_url, b'"url":' + orjson.dumps(u), 1) for u in urls]
                job._predictions = b"[" + b",".join(parts) + b"]"
            return job._predictions

    _store.Job.predictions_bytes = big_body  # type: ignore[method-assign]
    with MockServer(MockConfig(**options.get("config", {}))) as server:
        print(json.dumps({"url": server.url, "key": server.api_key, "jobs": []}), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
