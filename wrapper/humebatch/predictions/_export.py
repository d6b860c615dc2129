"""Exports of the flat records: rows (dicts), CSV, a pandas DataFrame built from columns.

One row per prediction: `ID_COLUMNS`, then one column per emotion name (None/NaN where a
prediction has no score for it, e.g. a language emotion on a face row). What names a row's
source and input (its name and line) is a constant of its (source, file): computed once per
pair, not per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from .._atomic import atomic_write_text
from ._flat import NO_FACE, Flat, Reread, Walker
from ._flat import SCORE_TYPES as _SCORE_TYPES
from ._records import ID_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

_ID_SET = frozenset(ID_COLUMNS)
_WIDTH = len(ID_COLUMNS)
_NO_FACE_CELLS = "," * (len(NO_FACE) - 1)


class Sources(NamedTuple):
    """What names each source of a body: its label, its input and line (see `ID_COLUMNS`)."""

    labels: list[str]
    inputs: list[str | None]
    """The input of every file of a source; None for a job's text source (one per file)."""
    lines: list[int | None]
    """A run's text: its line in the text file (or position in its list); else None."""


def input_getter(sources: Sources) -> Callable[[int, str], tuple[str, int | None]]:
    """``(source, file) -> (input, line)``: a job's i-th text (file ``i + 1``) is ``text[i]``,
    with no line. One tuple per source (or text), not per row."""
    named = [None if g is None else (g, n) for g, n in zip(*sources[1:], strict=True)]
    texts: dict[str, tuple[str, None]] = {}

    def get(src: int, file: str) -> tuple[str, int | None]:
        given = named[src]
        if given is not None:
            return given
        found = texts.get(file)
        if found is None:
            text = f"text[{int(file) - 1}]" if file.isdigit() else f"text:{file}"
            found = texts[file] = (text, None)
        return found

    return get


def _with_names(records: Iterable[Flat], walker: Walker) -> Iterator[tuple[Flat, tuple[Any, ...]]]:
    """(record, its emotion names): the names of one model repeat from one record to the next,
    so everything derived from them is computed once per distinct tuple, not per score."""
    name_of = walker.name
    for record in records:
        yield record, tuple(map(name_of, record[-1]))


def emotion_names(records: Iterable[Flat], walker: Walker) -> list[str]:
    """Every emotion name, in first-seen order."""
    seen: dict[str, None] = {}
    done: set[tuple[Any, ...]] = set()
    for _, names in _with_names(records, walker):
        if names not in done:
            done.add(names)
            for name in names:
                if type(name) is not str:
                    raise Reread
                seen.setdefault(name)
    return list(seen)


def columns(names: list[str]) -> list[str]:
    # An emotion called like an identifying column must not overwrite it.
    return [*ID_COLUMNS, *(f"emotion:{n}" if n in _ID_SET else n for n in names)]


def _emotion_lists(
    records: Iterable[Flat], names: list[str], walker: Walker, missing: Any
) -> Iterator[tuple[Flat, list[Any]]]:
    """(record, its scores in ``names`` order, ``missing`` where it has none).

    Each distinct tuple of names gets an `itemgetter` that reorders a record's scores into the
    columns (index ``len(scores)``: the ``missing`` appended at the end), so the per-score work
    runs in C. A name given twice keeps its last score, as a dict would.
    """
    getters: dict[tuple[Any, ...], Callable[[list[Any]], Any]] = {}
    score_of = walker.score
    for record, own in _with_names(records, walker):
        getter = getters.get(own)
        if getter is None:
            getter = getters[own] = _reorder(own, names)
        scores = list(map(score_of, record[-1]))
        if not _SCORE_TYPES.issuperset(map(type, scores)):
            raise Reread
        scores.append(missing)
        yield record, getter(scores)


def _reorder(own: tuple[Any, ...], names: list[str]) -> Callable[[list[Any]], list[Any]]:
    where = {name: i for i, name in enumerate(own)}
    picks = [where.get(name, len(own)) for name in names]
    if len(picks) < 2:  # itemgetter of one index returns the item, not a tuple
        return lambda scores: [scores[i] for i in picks]
    getter = itemgetter(*picks)
    return lambda scores: list(getter(scores))


def iter_lists(
    records: Iterable[Flat], names: list[str], sources: Sources, walker: Walker
) -> Iterator[list[Any]]:
    """Rows as lists in `columns` order; missing emotions are None."""
    labels, input_of, face_of = sources.labels, input_getter(sources), walker.face
    for record, scores in _emotion_lists(records, names, walker, None):
        src, file, model, group_id, index, frame, begin, end, text, pred, _ = record
        face = face_of(pred) if model == "face" else NO_FACE
        yield [src, labels[src], *input_of(src, file), file, model, group_id, index, frame,
               begin, end, text, *face, *scores]  # fmt: skip


def to_rows(
    records: Iterable[Flat], names: list[str], sources: Sources, walker: Walker
) -> list[dict[str, Any]]:
    keys = columns(names)
    return [
        dict(zip(keys, row, strict=True)) for row in iter_lists(records, names, sources, walker)
    ]


def write_csv(
    target: Path, records: Iterable[Flat], names: list[str], sources: Sources, walker: Walker
) -> None:
    """The rows as CSV, as `csv.writer` writes them (minimal quoting, ``\r\n`` line ends).

    The numbers, most of the file, are formatted by orjson: the shortest text that reads back
    as the same float (as ``repr``), about five times as fast as the csv module's ``str``. The
    cells naming a group (source, input, line, file, model, group id) are formatted once per
    group.
    """
    heads: dict[tuple[Any, ...], str] = {}
    labels, input_of, face_of = sources.labels, input_getter(sources), walker.face
    with atomic_write_text(target) as handle:
        write = handle.write
        write(",".join(map(_csv_cell, columns(names))) + "\r\n")
        for record, scores in _emotion_lists(records, names, walker, None):
            src, file, model, group_id, index, frame, begin, end, text, pred, _ = record
            head = heads.get(record[:4])
            if head is None:
                cells = (src, labels[src], *input_of(src, file), file, model, group_id)
                head = heads[record[:4]] = ",".join(map(_csv_cell, cells))
            where = _csv_numbers([index, frame, begin, end])
            face = _csv_numbers(list(face_of(pred))) if model == "face" else _NO_FACE_CELLS
            row = f"{head},{where},{_csv_cell(text)},{face}"
            write(f"{row},{_csv_numbers(scores)}\r\n" if names else f"{row}\r\n")


def _csv_numbers(values: list[Any]) -> str:
    """Numbers (or None: an empty cell) as comma-separated CSV cells."""
    return orjson.dumps(values)[1:-1].replace(b"null", b"").decode()


_QUOTE_IF = re.compile(r'[",\r\n]')


def _csv_cell(value: Any) -> str:
    """One cell as `csv.writer` writes it (``QUOTE_MINIMAL``); None is empty."""
    if value is None:
        return ""
    if type(value) is str:
        return f'"{value.replace(chr(34), chr(34) * 2)}"' if _QUOTE_IF.search(value) else value
    return repr(value) if type(value) is float else str(value)


def import_pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(
            "Predictions.to_dataframe() needs pandas: pip install 'humebatch[dataframe]'"
        ) from exc
    return pd


def dataframe(
    records: Iterable[Flat], names: list[str], sources: Sources, walker: Walker
) -> pd.DataFrame:
    """Identifying columns from lists; the emotions as one float64 matrix (NaN when absent)."""
    import numpy as np

    pd = import_pandas()
    ids: list[tuple[Any, ...]] = []
    matrix: list[list[Any]] = []
    labels, input_of, face_of = sources.labels, input_getter(sources), walker.face
    for record, scores in _emotion_lists(records, names, walker, np.nan):
        src, file, model, group_id, index, frame, begin, end, text, pred, _ = record
        face = face_of(pred) if model == "face" else NO_FACE
        ids.append((src, labels[src], *input_of(src, file), file, model, group_id, index,
                    frame, begin, end, text, *face))  # fmt: skip
        matrix.append(scores)
    id_columns = zip(*ids, strict=True) if ids else ([] for _ in ID_COLUMNS)
    frame = pd.DataFrame(dict(zip(ID_COLUMNS, map(list, id_columns), strict=True)))
    flat = np.fromiter(chain.from_iterable(matrix), np.float64, len(matrix) * len(names))
    emotions = pd.DataFrame(
        flat.reshape(len(matrix), len(names)),
        columns=columns(names)[_WIDTH:],
    )
    return pd.concat([frame, emotions], axis=1)
