"""Run the mock in its own process for a benchmark (so server and client do not share a GIL).

    python -m benchmarks._serve '{"config": {...MockConfig fields...}, "seed": {...}}'

Prints one JSON line ``{"url", "key", "jobs": [ids of seeded jobs]}``, then serves until its
standard input closes. ``seed`` is passed to ``MockServer.create_jobs`` (``n`` plus options).
"""

from __future__ import annotations

import json
import sys

from humebatch_mock import MockConfig, MockServer


def main() -> None:
    options = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    config = MockConfig(**options.get("config", {}))
    with MockServer(config) as server:
        jobs = []
        seed = options.get("seed")
        if seed:
            seed = dict(seed)
            jobs = [job.job_id for job in server.create_jobs(seed.pop("n"), **seed)]
        print(json.dumps({"url": server.url, "key": server.api_key, "jobs": jobs}), flush=True)
        sys.stdin.read()  # until the parent closes our stdin (or exits)


if __name__ == "__main__":
    main()
