"""One run of a job with a very large predictions body, in its own process (for `bench_bulk`).

    python -m benchmarks._bigbody_worker '{"url", "key", "inputs", "out", "formats"}'

Prints one JSON line: the run's seconds, the process's RSS just before the run (its baseline),
and the peaks of anonymous RSS sampled every 5 ms during it (the memory the run holds, beside
the page cache of a memory-mapped file, which the parent's VmHWM counts too).
"""

from __future__ import annotations

import json
import sys
import threading
import time


def _status(*fields: str) -> dict[str, int]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            name = line.split(":", 1)[0]
            if name in fields:
                out[name] = int(line.split()[1]) * 1024
    return out


def main() -> None:
    options = json.loads(sys.argv[1])
    from humebatch import Client
    from humebatch.bulk import collect_inputs, run_bulk

    urls = [f"https://media.example.test/long/talk-{i:02d}.mp4" for i in range(options["inputs"])]
    client = Client(options["key"], base_url=options["url"])
    before = _status("VmRSS")["VmRSS"]
    peak = {"anon": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.005):
            peak["anon"] = max(peak["anon"], _status("RssAnon").get("RssAnon", 0))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    extra = {"formats": options["formats"]} if options.get("formats") else {}
    report = run_bulk(
        client, collect_inputs(urls), options["out"], batch_size=len(urls), timeout=600, **extra
    )
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    print(
        json.dumps(
            {
                "seconds": wall,
                "done": report.done,
                "errors": report.errors,
                "rss_before": before,
                "anon_peak": peak["anon"],
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
