"""Child process of the upload benchmark: submit one big file and report this process's RSS.

    python -m benchmarks._upload_worker BASE_URL KEY PATH [PATH...]

Submits one job with all the files. Prints ``{"baseline", "peak", "seconds", "job_id"}``: RSS
(bytes) just before the upload (after imports and client setup) and the highest RSS seen while
it ran (psutil, sampled every 5 ms, plus the kernel's own high-water mark).
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path

import psutil


def main() -> None:
    from humebatch import Client

    base_url, key, paths = sys.argv[1], sys.argv[2], [Path(p) for p in sys.argv[3:]]
    proc = psutil.Process()
    client = Client(api_key=key, base_url=base_url, timeout=600, max_retries=0)
    baseline = proc.memory_info().rss
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, proc.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.monotonic()
    job = client.submit(files=paths, models={"face": {}})
    seconds = time.monotonic() - start
    done.set()
    sampler.join()
    # ru_maxrss is in KiB on Linux; it also covers spikes between two samples.
    high_water = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    peak = max(peak, high_water if high_water > baseline else peak)
    client.close()
    print(json.dumps({"baseline": baseline, "peak": peak, "seconds": seconds, "job_id": job.id}))


if __name__ == "__main__":
    main()
