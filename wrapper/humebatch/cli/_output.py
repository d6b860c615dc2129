"""Writing predictions and job details in the CLI's output formats."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape as _rich_escape
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from humebatch.predictions import Predictions, TopEmotions

    from ._app import AppState

FORMATS = ("table", "csv", "jsonl", "json")


def escape(text: str) -> str:
    """Escape rich markup in text that comes from outside (server messages, file names)."""
    return _rich_escape(text)


def write_json(stream: IO[str], data: object) -> None:
    """Pretty JSON with a trailing newline."""
    json.dump(data, stream, indent=2, ensure_ascii=False, default=str)
    stream.write("\n")


def details_dict(job: object) -> dict[str, Any]:
    """The JSON form of a job, whether given as a ``Job`` or as generated ``InferenceJob``."""
    details = getattr(job, "details", None) if not hasattr(job, "to_dict") else job
    to_dict = getattr(details, "to_dict", None)
    if to_dict is None:
        raise TypeError(f"cannot render {type(job).__name__} as a job")
    data = to_dict()
    if not isinstance(data, dict):
        raise TypeError(f"{type(job).__name__}.to_dict() did not return a mapping")
    return data


def format_when(begin: object, end: object = None, frame: object = None) -> str:
    """A prediction's position: ``1.50 s`` (a frame), ``0.00-2.40 s`` (an interval), or ''."""

    def number(x: object) -> bool:
        return isinstance(x, int | float) and not isinstance(x, bool)

    if number(begin) and number(end) and begin != end:
        return f"{begin:.2f}-{end:.2f} s"
    if number(begin):
        return f"{begin:.2f} s"
    if number(frame):
        return f"frame {frame}"
    return ""


def record_dict(record: TopEmotions) -> dict[str, Any]:
    """A top-emotions record as JSON-ready data (emotions as ``[{"name", "score"}]``)."""
    return {
        "file": record.file,
        "model": record.model,
        "group_id": record.group_id,
        "index": record.index,
        "frame": record.frame,
        "time_begin": record.time_begin,
        "time_end": record.time_end,
        "text": record.text,
        "emotions": [{"name": name, "score": score} for name, score in record.emotions],
    }


def _shorten(text: object, width: int = 40) -> str:
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def top_emotions_table(records: Iterable[TopEmotions], title: str | None = None) -> Table:
    """A rich table: one row per prediction with its top emotions and scores."""
    table = Table(title=title, header_style="bold", title_style="bold")
    table.add_column("file", overflow="fold")
    table.add_column("model")
    table.add_column("group")
    table.add_column("at", no_wrap=True)
    table.add_column("text", overflow="fold")
    table.add_column("top emotions")
    for record in records:
        data = record_dict(record)
        emotions = Text()
        for i, item in enumerate(data["emotions"]):
            if i:
                emotions.append("  ")
            emotions.append(f"{item['name']} ", style="bold" if i == 0 else "")
            emotions.append(f"{item['score']:.2f}", style="cyan")
        table.add_row(
            str(data["file"] or ""),
            str(data["model"] or ""),
            str(data["group_id"] or ""),
            format_when(data["time_begin"], data["time_end"], data["frame"]),
            _shorten(data["text"]),
            emotions,
        )
    return table


def write_predictions(
    preds: Predictions,
    fmt: str,
    stream: IO[str],
    *,
    top: int,
    models: set[str],
    state: AppState,
) -> None:
    """Write ``preds`` to ``stream`` in ``fmt`` (see :data:`FORMATS`)."""
    if fmt == "csv":
        rows = [r for r in preds.to_rows() if not models or r.get("model") in models]
        _write_csv(stream, rows)
        return
    records = [r for r in preds.top_emotions(n=top) if not models or r.model in models]
    if fmt == "table":
        if stream is state.out.file:
            state.out.print(top_emotions_table(records))
        else:
            Console(file=stream, width=160, color_system=None).print(top_emotions_table(records))
        if not records:
            state.err.print("no predictions" + (f" for {', '.join(sorted(models))}" * bool(models)))
    elif fmt == "jsonl":
        for record in records:
            stream.write(json.dumps(record_dict(record), ensure_ascii=False) + "\n")
    elif fmt == "json":
        write_json(stream, [record_dict(r) for r in records])
    else:  # click.Choice prevents this
        raise ValueError(f"unknown format {fmt!r}")


def _write_csv(stream: IO[str], rows: Sequence[Mapping[str, Any]]) -> None:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
