"""One bulk run in its own process, for `bench_bulk` (so its peak RSS is the run's own).

    python -m benchmarks._bulk_worker '{"url", "key", "texts", "batch", "out", "concurrency",
                                        "formats"}'

Prints one JSON line: the seconds `run_bulk` took and the report's counts; the parent measures
this process's CPU time and peak RSS (`benchmarks.measure`). It imports whichever `humebatch`
comes first on ``PYTHONPATH``, so the same script measures the baseline commit too.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    options = json.loads(sys.argv[1])
    from humebatch import Client
    from humebatch.bulk import collect_inputs, run_bulk

    texts = [
        f"Bulk benchmark line {i}: what a lovely, surprising day." for i in range(options["texts"])
    ]
    client = Client(options["key"], base_url=options["url"])
    extra = {name: options[name] for name in ("concurrency", "formats") if options.get(name)}
    started = time.perf_counter()
    report = run_bulk(
        client, collect_inputs(texts=texts), options["out"], batch_size=options["batch"], **extra
    )
    wall = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": wall,
                "done": report.done,
                "errors": report.errors,
                "jobs": report.jobs,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
