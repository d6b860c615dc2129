"""2. Request overhead: N sequential job-detail requests against the mock on loopback.

The mock runs in its own process. Contenders, interleaved round by round:
- raw httpx: ``client.get(url).json()`` on one ``httpx.Client`` (keep-alive);
- ours: ``job.refresh()`` on ``humebatch.Client().get_job(id)`` (generated client + typed
  ``InferenceJob`` + retry policy);
- the official SDK: ``HumeClient(base_url=mock).expression_measurement.batch.get_job_details``
  (pydantic), in its own venv, in a subprocess, against the same mock.
"""

from __future__ import annotations

import httpx

from ._common import Section, Skip, Stats, fmt_seconds, interleaved, log, ratio
from .mockproc import mock_process
from .sdkenv import run_worker

N = 200
ROUNDS = 7
GOAL = 1.25


def run(section: Section, *, quick: bool = False) -> None:
    try:
        from humebatch import Client
    except ImportError as exc:
        raise Skip(f"the wrapper is not importable ({exc})") from None
    rounds = 3 if quick else ROUNDS
    with mock_process(seed={"n": 1, "status": "COMPLETED"}) as mock:
        job_id = mock.jobs[0]
        raw = httpx.Client(base_url=mock.url, headers={"X-Hume-Api-Key": mock.key})
        ours = Client(api_key=mock.key, base_url=mock.url)
        job = ours.get_job(job_id)
        path = f"/v0/batch/jobs/{job_id}"

        def raw_n() -> None:
            for _ in range(N):
                response = raw.get(path)
                response.raise_for_status()
                response.json()

        def ours_n() -> None:
            for _ in range(N):
                job.refresh()

        log(f"  requests: {N} x {rounds} rounds per contender")
        stats = interleaved({"httpx": raw_n, "ours": ours_n}, rounds)
        sdk: Stats | None = None
        sdk_note = ""
        try:
            answer = run_worker("requests", mock.url, mock.key, job_id, str(N), str(rounds))
            sdk = Stats(answer["times"])
            sdk_note = f"hume {answer['version']}"
        except Skip as exc:
            sdk_note = f"skipped: {exc}"
        raw.close()
        ours.close()

    per = {name: Stats([t / N for t in s.samples]) for name, s in stats.items()}
    base = per["httpx"].median
    section.header = ("client", f"per request, median (min-max) of {rounds} rounds", "vs httpx")
    section.rows.append(("raw httpx (`get` + `.json()`)", per["httpx"].cell(), "1.00x"))
    section.rows.append(
        ("ours (`job.refresh()`)", per["ours"].cell(), ratio(per["ours"].median, base))
    )
    if sdk is not None:
        sdk_per = Stats([t / N for t in sdk.samples])
        section.rows.append(
            (f"official SDK ({sdk_note}, own process)", sdk_per.cell(), ratio(sdk_per.median, base))
        )
    else:
        section.rows.append(("official SDK", sdk_note, "n/a"))
    measured = per["ours"].median / base
    section.goal(
        f"ours within {GOAL:g}x raw httpx",
        measured <= GOAL,
        f"{measured:.2f}x; ours adds {fmt_seconds(per['ours'].median - base)} per request",
    )
    if sdk is not None:
        section.figure("official SDK per request", f"{ratio(sdk_per.median, base)} raw httpx")
    section.notes.append(
        f"{N} sequential GET /v0/batch/jobs/{{id}} per round over one keep-alive connection; the "
        "mock (uvicorn, h11) runs in a separate process on 127.0.0.1, so most of each request's "
        "time is the server's. The SDK runs in its own process (separate venv) against the same "
        "mock, so its row also shares the machine's 2 cores differently."
    )
