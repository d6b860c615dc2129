"""Child process of the upload benchmark: submit one big file and report this process's RSS.

    python -m benchmarks._upload_worker BASE_URL KEY PATH [PATH...]

Submits one job with all the files. Prints ``{"baseline", "peak", "seconds", "job_id"}``: RSS
(bytes) just before the upload (after imports and client setup) and the highest RSS while it ran:
psutil samples every 5 ms, plus the kernel's exact high-water mark (``VmHWM``, reset just before
the upload) where Linux offers it. Not ``ru_maxrss``: it survives exec, so it would include the
parent's memory at fork time.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from pathlib import Path

import psutil


def _reset_high_water() -> bool:
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    return False


def _high_water() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    from humebatch import Client

    base_url, key, paths = sys.argv[1], sys.argv[2], [Path(p) for p in sys.argv[3:]]
    proc = psutil.Process()
    client = Client(api_key=key, base_url=base_url, timeout=600, max_retries=0)
    exact = _reset_high_water()
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
    if exact:
        peak = max(peak, _high_water())
    client.close()
    print(
        json.dumps(
            {
                "baseline": baseline,
                "peak": peak,
                "exact": exact,
                "seconds": seconds,
                "job_id": job.id,
            }
        )
    )


if __name__ == "__main__":
    main()
