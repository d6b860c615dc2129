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

from .._atomic import atomic_write_chunks
from ._flat import NO_FACE, Flat, Reread, Walker
from ._flat import SCORE_TYPES as _SCORE_TYPES
from ._records import ID_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

_ID_SET = frozenset(ID_COLUMNS)
_WIDTH = len(ID_COLUMNS)


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
            if names not in _ALL_STR:
                if not all(type(name) is str for name in names):
                    raise Reread
                _keep(_ALL_STR, names, None)
            seen.update(dict.fromkeys(names))
    return list(seen)


_KEPT = 64
"""Entries kept in each cache of this module (tuples of names, their headers and getters):
a body's models give a few distinct tuples, the same from one input's file to the next."""
_ALL_STR: dict[tuple[Any, ...], None] = {}
"""Tuples of emotion names found to be all strings."""


def _keep(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _KEPT:
        cache.clear()
    cache[key] = value


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
    columns_key = tuple(names)
    for record, own in _with_names(records, walker):
        getter = getters.get(own)
        if getter is None:
            getter = _REORDERS.get((own, columns_key))
            if getter is None:
                getter = _reorder(own, names)
                _keep(_REORDERS, (own, columns_key), getter)
            getters[own] = getter
        scores = list(map(score_of, record[-1]))
        if not _SCORE_TYPES.issuperset(map(type, scores)):
            raise Reread
        scores.append(missing)
        yield record, getter(scores)


_REORDERS: dict[tuple[tuple[Any, ...], tuple[str, ...]], Callable[[list[Any]], Any]] = {}
"""(a record's names, the columns' names) -> its getter (`_reorder`)."""


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
    """The rows as CSV, as `csv.writer` writes them (minimal quoting, ``\r\n`` line ends)."""
    pieces = csv_text(records, names, sources, walker)
    atomic_write_chunks(target, (text.encode() for text in pieces))


CSV_ROWS = 2048
"""Rows formatted together: their numbers in one ``orjson.dumps`` (memory stays flat)."""


def csv_text(
    records: Iterable[Flat], names: list[str], sources: Sources, walker: Walker
) -> Iterator[str]:
    """The CSV file's text in pieces: the header, then `CSV_ROWS` rows at a time.

    The numbers, most of the file, are formatted by orjson: the shortest text that reads back
    as the same float (as ``repr``), about five times as fast as the csv module's ``str``, and
    a piece's numbers in one call (a matrix, cut at its row boundaries). The cells naming a
    group (source, input, line, file, model, group id) are formatted once per group, the
    header once per set of emotion names.
    """
    yield _header(names)
    heads: dict[tuple[Any, ...], str] = {}
    labels, input_of, face_of = sources.labels, input_getter(sources), walker.face
    quote = _QUOTE_IF.search
    rows: list[str] = []  # per row: its group's cells
    texts: list[str] = []
    wheres: list[list[Any]] = []  # index, frame, time_begin, time_end
    numbers: list[list[Any]] = []  # the face's box and prob, then the emotion scores
    for record, scores in _emotion_lists(records, names, walker, None):
        src, file, model, group_id, index, frame, begin, end, text, pred, _ = record
        head = heads.get(record[:4])
        if head is None:
            cells = (src, labels[src], *input_of(src, file), file, model, group_id)
            head = heads[record[:4]] = ",".join(map(_csv_cell, cells))
        rows.append(head)
        texts.append(text if type(text) is str and not quote(text) else _csv_cell(text))
        wheres.append([index, frame, begin, end])
        numbers.append([*(face_of(pred) if model == "face" else NO_FACE), *scores])
        if len(rows) == CSV_ROWS:
            yield _csv_rows(rows, texts, wheres, numbers)
            rows, texts, wheres, numbers = [], [], [], []
    if rows:
        yield _csv_rows(rows, texts, wheres, numbers)


def _csv_rows(
    heads: list[str], texts: list[str], wheres: list[list[Any]], numbers: list[list[Any]]
) -> str:
    where = _csv_matrix(wheres)
    rest = _csv_matrix(numbers)
    return "".join([
        f"{h},{w},{t},{r}\r\n" for h, w, t, r in zip(heads, where, texts, rest, strict=True)
    ])  # fmt: skip


def _csv_matrix(rows: list[list[Any]]) -> list[str]:
    """Rows of numbers (or None: an empty cell) as comma-separated CSV cells, one str each.

    A row is never empty, and the rows' text holds no bracket, so ``],[`` cuts between rows.
    """
    return orjson.dumps(rows)[2:-2].replace(b"null", b"").decode().split("],[")


_HEADERS: dict[tuple[str, ...], str] = {}


def _header(names: list[str]) -> str:
    """The header line of rows with these emotion names (kept for the next file)."""
    key = tuple(names)
    line = _HEADERS.get(key)
    if line is None:
        line = ",".join(map(_csv_cell, columns(names))) + "\r\n"
        _keep(_HEADERS, key, line)
    return line


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
