"""Rendering job details and lists for humans (rich) and scripts (JSON).

Everything here works on the JSON form of a job (``InferenceJob.to_dict()``), so it is the same
for a live job, a listed job and a job read from a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from ._progress import STYLES


def format_ms(ms: object, *, seconds: bool = True) -> str:
    """A Unix time in milliseconds as ``YYYY-MM-DD HH:MM:SS UTC`` ('' if absent).

    ``seconds=False`` gives the short ``YYYY-MM-DD HH:MM`` used in tables headed "(UTC)".
    """
    if not isinstance(ms, int | float) or isinstance(ms, bool):
        return ""
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M")


def _seconds(start: object, end: object) -> str:
    if isinstance(start, int | float) and isinstance(end, int | float):
        return f"{(end - start) / 1000:.1f} s"
    return ""


def status_text(status: str) -> Text:
    """A job status, coloured."""
    return Text(status, STYLES.get(status, ""))


def inputs_summary(request: Mapping[str, Any]) -> str:
    """``2 files (a.png, b.wav), 1 URL, 3 texts`` from a job's request echo."""
    parts: list[str] = []
    files = [f.get("filename") or "?" for f in request.get("files") or []]
    if files:
        shown = ", ".join(files[:3]) + (", …" if len(files) > 3 else "")
        parts.append(f"{len(files)} file{'s' * (len(files) != 1)} ({shown})")
    urls = request.get("urls") or []
    if urls:
        parts.append(f"{len(urls)} URL{'s' * (len(urls) != 1)}")
    texts = request.get("text") or []
    if texts:
        parts.append(f"{len(texts)} text{'s' * (len(texts) != 1)}")
    return ", ".join(parts) or "none"


def models_summary(request: Mapping[str, Any]) -> str:
    """The models a job runs (the request echo lists the unselected ones as null or absent)."""
    models = request.get("models")
    if not isinstance(models, Mapping):
        return "all (default)"
    chosen = [name for name, config in models.items() if config is not None]
    return ", ".join(chosen) or "none"


def job_panel(job: Mapping[str, Any]) -> Table:
    """A two-column table describing one job."""
    state: Mapping[str, Any] = job.get("state") or {}
    request: Mapping[str, Any] = job.get("request") or {}
    status = str(state.get("status", "?"))
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    table.add_row("Job", str(job.get("job_id", "")))
    table.add_row("Status", status_text(status))
    created = state.get("created_timestamp_ms")
    started = state.get("started_timestamp_ms")
    ended = state.get("ended_timestamp_ms")
    table.add_row("Created", format_ms(created))
    if started is not None:
        table.add_row("Started", f"{format_ms(started)}  (queued {_seconds(created, started)})")
    if ended is not None:
        table.add_row("Ended", f"{format_ms(ended)}  (ran {_seconds(started, ended)})")
    if "num_predictions" in state:
        table.add_row("Predictions", str(state.get("num_predictions")))
        table.add_row("Errors", str(state.get("num_errors")))
    if state.get("message"):
        table.add_row("Message", Text(str(state["message"]), "red"))
    table.add_row("Inputs", inputs_summary(request))
    table.add_row("Models", models_summary(request))
    if request.get("callback_url"):
        table.add_row("Callback", str(request["callback_url"]))
    return table


def jobs_table(jobs: Iterable[Mapping[str, Any]], width: int = 120) -> Table:
    """One row per job: id, status, created, run time, then inputs and models (which wrap).

    Below ~95 columns (``width``) the inputs/models column is left out: `--json` has it all.
    """
    wide = width >= 95
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    # Ids must stay whole (they are copied into other commands); the last column gives way.
    table.add_column("job id", no_wrap=True, min_width=36)
    table.add_column("status", no_wrap=True, min_width=11)
    table.add_column("created (UTC)", no_wrap=True, min_width=16)
    table.add_column("ran", justify="right", no_wrap=True, min_width=5)
    if wide:
        table.add_column("inputs / models", ratio=1)
    for job in jobs:
        state: Mapping[str, Any] = job.get("state") or {}
        request: Mapping[str, Any] = job.get("request") or {}
        cells: list[str | Text] = [
            str(job.get("job_id", "")),
            status_text(str(state.get("status", "?"))),
            format_ms(state.get("created_timestamp_ms"), seconds=False),
            _seconds(state.get("started_timestamp_ms"), state.get("ended_timestamp_ms")),
        ]
        if wide:
            cells.append(f"{inputs_summary(request)}; {models_summary(request)}")
        table.add_row(*cells)
    return table
