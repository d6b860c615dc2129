"""4. Upload memory: peak RSS growth while ``client.submit(files=[...])`` uploads 1 GB.

The API takes at most 100 MB per file, and the client refuses bigger files before sending, so
the gigabyte is ten sparse files of 100 MiB (made with ``truncate``: no disk space, read as
zeros) in one job: one multipart body of 1,000 MiB. The mock runs in its own process (it spools
uploads to a temporary directory); the client runs in a fresh child process whose RSS is sampled
during the upload.
"""

from __future__ import annotations

import json
import subprocess
import sys

from ._common import CACHE, ROOT, Section, Skip
from .mockproc import mock_process

MB = 1024 * 1024
FILES = 10
FILE_SIZE = 100 * MB  # the API's (and the client's) per-file limit
GOAL_MB = 64


def run(section: Section, *, quick: bool = False) -> None:
    count = 2 if quick else FILES
    size = count * FILE_SIZE
    folder = CACHE / "upload"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"sparse-{i}.jpg" for i in range(count)]
    for path in paths:
        with path.open("wb") as handle:
            handle.truncate(FILE_SIZE)
    config = {"queue_seconds": 0.0, "run_seconds": 0.0}
    try:
        with mock_process(config) as mock:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks._upload_worker",
                    mock.url,
                    mock.key,
                    *map(str, paths),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
            )
    finally:
        for path in paths:
            path.unlink(missing_ok=True)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise Skip(f"the upload failed: {tail[0]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    growth = (answer["peak"] - answer["baseline"]) / MB
    rate = size / MB / answer["seconds"]
    section.header = ("measure", "value")
    section.rows += [
        ("upload", f"{count} sparse files x 100 MiB = {size / MB:,.0f} MiB in one request"),
        ("RSS before the upload", f"{answer['baseline'] / MB:.1f} MiB"),
        (
            "peak RSS during the upload",
            f"{answer['peak'] / MB:.1f} MiB "
            + ("(kernel VmHWM + 5 ms samples)" if answer["exact"] else "(5 ms samples)"),
        ),
        ("peak RSS growth", f"**{growth:.1f} MiB**"),
        ("upload time", f"{answer['seconds']:.1f} s ({rate:,.0f} MiB/s over loopback)"),
    ]
    section.goal(f"peak RSS growth < {GOAL_MB} MB", growth < GOAL_MB, f"{growth:.1f} MiB")
    section.notes.append(
        "Each file goes to httpx as an open file object inside the multipart body, which httpx "
        "reads and sends in 64 KiB chunks; nothing holds the whole file."
    )
