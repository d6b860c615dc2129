"""Writing predictions and job details in the CLI's output formats."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from rich.markup import escape as _rich_escape
from rich.table import Table
from rich.text import Text

from humebatch.predictions import PredictionsFormatError

from ._terminal import SafeConsole

if TYPE_CHECKING:
    from humebatch.predictions import Predictions, TopEmotions

    from ._app import AppState

FORMATS = ("table", "csv", "jsonl", "json")
# What a file name says it holds; a table (box drawing) is for terminals, never guessed.
_BY_SUFFIX = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_for(output: str | None, fmt: str | None) -> str:
    """The format to write: ``fmt`` if given (refused if the -o extension says another), else
    the one the -o file's extension names, else ``table``."""
    suffix = "" if output in (None, "-") else Path(str(output)).suffix.lower()
    implied = _BY_SUFFIX.get(suffix)
    if fmt is None:
        return implied or "table"
    if implied is not None and implied != fmt:
        raise click.UsageError(
            f"--format {fmt} does not match -o {output}: its extension means {implied}. "
            f"Use --format {implied}, or another file name."
        )
    if fmt == "table" and suffix in (".parquet", ".xlsx", ".png"):
        raise click.UsageError(f"-o {output}: the table format writes text, not {suffix}")
    return fmt


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


def record_dict(record: TopEmotions, source_label: str | None = None) -> dict[str, Any]:
    """A top-emotions record as JSON-ready data (emotions as ``[{"name", "score"}]``).

    ``source`` and ``source_label`` let `Predictions.from_file` read the records back.
    """
    return {
        "source": record.source,
        "source_label": source_label,
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


def source_labels(preds: Predictions) -> list[str]:
    """Per source index, its URL, file name or type ("?" when the body does not say)."""
    labels = []
    for source in preds.sources:
        try:
            labels.append(source.source.label)
        except PredictionsFormatError:  # no source object: still readable, just unnamed
            labels.append("?")
    return labels


def file_labels(preds: Predictions) -> list[str]:
    """Per source index, how to name its files: "{}" for media, "text #{}" for texts."""
    return ["text #{}" if s.source.type == "text" else "{}" for s in preds.sources]


_TEXT_NAME_CHARS = 16  # a table's file column stays narrow; the text column has the words


def text_names(preds: Predictions, records: Sequence[TopEmotions]) -> dict[tuple[int, str], str]:
    """Each text's first words, quoted, by (source, file): in a run folder every text is text 1
    of its own job, so "text #1" cannot tell them apart. Media (a transcript) keep their name."""
    from humebatch.plotting import text_label

    texts = {i for i, s in enumerate(preds.sources) if s.source.type == "text"}
    words: dict[tuple[int, str], list[str]] = {}
    for record in records:
        if record.text and record.source in texts:
            seen = words.setdefault((record.source, record.file), [])
            if len(seen) <= 5:
                seen += record.text.split()
    return {key: text_label(w, chars=_TEXT_NAME_CHARS) for key, w in words.items()}


def top_emotions_table(
    records: Sequence[TopEmotions],
    labels: Sequence[str] = (),
    title: str | None = None,
    names: Mapping[tuple[int, str], str] | None = None,
) -> Table:
    """A rich table: one row per prediction with its top emotions and scores.

    ``labels`` (from `file_labels`) names the files of text sources, unless ``names`` (from
    `text_names`) has a name for the (source, file). The group and text columns
    appear only when some record has a group id other than
    "unknown" (identify_faces / identify_speakers) or a text.
    """
    show_group = any(r.group_id not in ("", "unknown") for r in records)
    show_text = any(r.text for r in records)
    table = Table(title=title, header_style="bold", title_style="bold")
    names = names or {}
    files = [
        names.get((r.source, r.file))
        or (labels[r.source] if r.source < len(labels) else "{}").format(r.file)
        for r in records
    ]
    whens = [format_when(r.time_begin, r.time_end, r.frame) for r in records]

    def fit(values: Iterable[str], cap: int = 30) -> int:
        return min(cap, max((len(v) for v in values), default=0))

    # Identifying columns keep their width; text and emotions wrap on narrow terminals.
    table.add_column("file", min_width=fit(files), overflow="fold")
    table.add_column("model", min_width=fit(r.model for r in records))
    if show_group:
        table.add_column("group", min_width=fit(r.group_id for r in records))
    table.add_column("at", min_width=fit(whens), no_wrap=True)
    if show_text:
        table.add_column("text", overflow="fold")
    table.add_column("top emotions")
    for record, file, when in zip(records, files, whens, strict=True):
        emotions = Text()
        for i, (name, score) in enumerate(record.emotions):
            if i:
                emotions.append("  ")
            emotions.append(f"{name} ", style="bold" if i == 0 else "")
            emotions.append(f"{score:.2f}", style="cyan")
        cells: list[str | Text] = [file, record.model]
        if show_group:
            cells.append(record.group_id)
        cells.append(when)
        if show_text:
            cells.append(_shorten(record.text))
        cells.append(emotions)
        table.add_row(*cells)
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
        table = top_emotions_table(records, file_labels(preds), names=text_names(preds, records))
        if stream is state.out.file:
            state.out.print(table)
        else:
            SafeConsole(file=stream, width=160, color_system=None).print(table)
        if not records:
            state.err.print("no predictions" + (f" for {', '.join(sorted(models))}" * bool(models)))
        for issue in preds.errors:
            where = f"{issue.source_label}: {issue.file}" if issue.file else issue.source_label
            state.err.print(
                f"[yellow]warning:[/] {escape(where)}: {escape(issue.message)}", soft_wrap=True
            )
    elif fmt in ("json", "jsonl"):
        labels = source_labels(preds)
        dicts = (record_dict(r, labels[r.source]) for r in records)
        if fmt == "json":
            write_json(stream, list(dicts))
        else:
            for data in dicts:
                stream.write(json.dumps(data, ensure_ascii=False) + "\n")
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
