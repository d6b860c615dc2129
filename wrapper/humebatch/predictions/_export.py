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


class Keyed(NamedTuple):
    """A body's records, each with the tuple of emotion names it has (read once, in one walk).

    The names of one model repeat from one record to the next, so everything derived from
    them (the columns, a getter that reorders a record's scores into them) is computed once
    per distinct tuple, not per record or per score.
    """

    records: list[Flat]
    keys: list[int]
    """Per record: the index of its names in `owns`."""
    owns: list[tuple[Any, ...]]
    """The distinct tuples of names, in first-seen order."""
    names: list[str]
    """Every emotion name, in first-seen order (the rows' emotion columns)."""


def keyed(records: Iterable[Flat], walker: Walker) -> Keyed:
    """Walk ``records`` once; a record's names are compared with the previous record's (the
    usual case: equal), and looked up among the distinct tuples only when they differ."""
    kept: list[Flat] = []
    keys: list[int] = []
    owns: list[tuple[Any, ...]] = []
    where: dict[tuple[Any, ...], int] = {}
    seen: dict[str, None] = {}
    names_of, typed = walker.names, walker.typed
    previous: list[Any] | None = None
    key = -1
    for record in records:
        own = names_of(record[-1])
        if own != previous:
            names = tuple(own)
            found = where.get(names)
            if found is None:
                if not typed and names not in _ALL_STR:
                    if not all(type(name) is str for name in names):
                        raise Reread
                    _keep(_ALL_STR, names, None)
                found = where[names] = len(owns)
                owns.append(names)
                seen.update(dict.fromkeys(names))
            previous, key = own, found
        kept.append(record)
        keys.append(key)
    return Keyed(kept, keys, owns, list(seen))


_KEPT = 64
"""Entries kept in each cache of this module (tuples of names, their headers and getters):
a body's models give a few distinct tuples, the same from one input's file to the next."""
_ALL_STR: dict[tuple[Any, ...], None] = {}
"""Tuples of emotion names found to be all strings (a `Walker` that is not ``typed``)."""


def _keep(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _KEPT:
        cache.clear()
    cache[key] = value


def columns(names: list[str]) -> list[str]:
    # An emotion called like an identifying column must not overwrite it.
    return [*ID_COLUMNS, *(f"emotion:{n}" if n in _ID_SET else n for n in names)]


Getter = Callable[[list[Any]], tuple[Any, ...]]


def getters(owns: list[tuple[Any, ...]], names: list[str]) -> list[Getter]:
    """For each tuple of `owns`, its `reorder` into ``names`` (kept for the next body)."""
    columns_key = tuple(names)
    out = []
    for own in owns:
        getter = _REORDERS.get((own, columns_key))
        if getter is None:
            getter = reorder(own, names)
            _keep(_REORDERS, (own, columns_key), getter)
        out.append(getter)
    return out


_REORDERS: dict[tuple[tuple[Any, ...], tuple[str, ...]], Getter] = {}
"""(a record's names, the columns' names) -> its getter (`reorder`)."""


def reorder(own: tuple[Any, ...], names: list[str]) -> Getter:
    """An `itemgetter` that reorders a record's scores, with the missing value appended at
    index ``len(own)``, into ``names`` order: the per-score work runs in C. A name given twice
    keeps its last score, as a dict would."""
    where = {name: i for i, name in enumerate(own)}
    picks = [where.get(name, len(own)) for name in names]
    if len(picks) < 2:  # itemgetter of one index returns the item, not a tuple
        return lambda scores: tuple([scores[i] for i in picks])
    return itemgetter(*picks)


def score_rows(kd: Keyed, walker: Walker, missing: Any) -> Iterator[tuple[Flat, tuple[Any, ...]]]:
    """(record, its scores in ``kd.names`` order, ``missing`` where it has none)."""
    pick = getters(kd.owns, kd.names)
    scores_of, typed = walker.scores, walker.typed
    for record, key in zip(kd.records, kd.keys, strict=True):
        scores = scores_of(record[-1])
        if not typed and not _SCORE_TYPES.issuperset(map(type, scores)):
            raise Reread
        scores.append(missing)
        yield record, pick[key](scores)


def score_matrix(kd: Keyed, walker: Walker) -> Any:
    """The scores as one float64 numpy matrix, a row per record, a column per name of
    ``kd.names``, NaN where a record has none: the records of each tuple of names read in one
    pass into one block, put into its columns at once. A name given twice keeps its last score."""
    import numpy as np

    records, width = kd.records, len(kd.names)
    matrix = np.full((len(records), width), np.nan)
    column = {name: i for i, name in enumerate(kd.names)}
    rows: list[list[int]] = [[] for _ in kd.owns]
    if len(rows) == 1:
        rows[0] = list(range(len(records)))
    else:
        for i, key in enumerate(kd.keys):
            rows[key].append(i)
    scores_of, typed = walker.scores, walker.typed
    for own, at in zip(kd.owns, rows, strict=True):
        if not own:
            continue
        scores = scores_of(chain.from_iterable(records[i][-1] for i in at))
        if not typed and not _SCORE_TYPES.issuperset(map(type, scores)):
            raise Reread
        block = np.array(scores, dtype=np.float64).reshape(len(at), len(own))
        last = {name: j for j, name in enumerate(own)}  # a name given twice: its last score
        picks, targets = list(last.values()), [column[name] for name in last]
        if len(at) == len(records) and picks == targets == list(range(width)):
            return block  # every record has these names, in this order
        matrix[np.asarray(at)[:, None], targets] = block[:, picks]
    return matrix


def iter_lists(kd: Keyed, sources: Sources, walker: Walker) -> Iterator[list[Any]]:
    """Rows as lists in `columns` order; missing emotions are None."""
    labels, input_of, face_of = sources.labels, input_getter(sources), walker.face
    for record, scores in score_rows(kd, walker, None):
        src, file, model, group_id, index, frame, begin, end, text, pred, _ = record
        face = face_of(pred) if model == "face" else NO_FACE
        yield [src, labels[src], *input_of(src, file), file, model, group_id, index, frame,
               begin, end, text, *face, *scores]  # fmt: skip


def to_rows(kd: Keyed, sources: Sources, walker: Walker) -> list[dict[str, Any]]:
    keys = columns(kd.names)
    return [dict(zip(keys, row, strict=True)) for row in iter_lists(kd, sources, walker)]


def write_csv(target: Path, kd: Keyed, sources: Sources, walker: Walker) -> None:
    """The rows as CSV, as `csv.writer` writes them (minimal quoting, ``\r\n`` line ends)."""
    atomic_write_chunks(target, (text.encode() for text in csv_text(kd, sources, walker)))


CSV_ROWS = 2048
"""Rows formatted together: their numbers in one ``orjson.dumps`` (memory stays flat)."""


def csv_text(kd: Keyed, sources: Sources, walker: Walker) -> Iterator[str]:
    """The CSV file's text in pieces: the header, then `CSV_ROWS` rows at a time.

    The numbers, most of the file, are formatted by orjson: the shortest text that reads back
    as the same float (as ``repr``), about five times as fast as the csv module's ``str``, and
    a piece's cells from ``index`` on in one call (a matrix, cut at its row boundaries), its
    texts too when none needs quoting or escaping (`_PLAIN`). An empty cell is an empty
    string there (``""``, its quotes dropped with the texts'). The cells naming a group
    (source, input, line, file, model, group id) are formatted once per group, the header
    once per set of emotion names.
    """
    yield _header(kd.names)
    heads: dict[tuple[Any, ...], str] = {}
    labels, input_of, face_of = sources.labels, input_getter(sources), walker.face
    pick = getters(kd.owns, kd.names)
    scores_of, typed = walker.scores, walker.typed
    rows: list[str] = []  # per row: its group's cells
    cells: list[tuple[Any, ...]] = []  # per row: index, frame, time, text, box, prob, scores
    for record, key in zip(kd.records, kd.keys, strict=True):
        src, file, model, group_id, index, frame, begin, end, text, pred, emotions = record
        head = heads.get(record[:4])
        if head is None:
            named = (src, labels[src], *input_of(src, file), file, model, group_id)
            head = heads[record[:4]] = ",".join(map(_csv_cell, named))
        scores = scores_of(emotions)
        if not typed and not _SCORE_TYPES.issuperset(map(type, scores)):
            raise Reread
        scores.append("")
        face = _NO_FACE
        if model == "face":
            face = face_of(pred)
            if None in face:
                face = tuple(["" if value is None else value for value in face])
        rows.append(head)
        cells.append((index, "" if frame is None else frame, "" if begin is None else begin,
                      "" if end is None else end, "" if text is None else text, *face,
                      *pick[key](scores)))  # fmt: skip
        if len(rows) == CSV_ROWS:
            yield _csv_rows(rows, cells, typed)
            rows, cells = [], []
    if rows:
        yield _csv_rows(rows, cells, typed)


_NO_FACE = ("",) * len(NO_FACE)
_TEXT = 4
"""Where a row's text is in its cells (`csv_text`)."""
_PLAIN = re.compile(r'[",\\\[\]\x00-\x1f]|null')
"""What a text must not hold to be formatted as a JSON string among the numbers: a character
CSV quotes, JSON escapes or that could cut a row (``],[``), or a ``null``."""


def _csv_rows(heads: list[str], cells: list[tuple[Any, ...]], typed: bool) -> str:
    texts = [row[_TEXT] for row in cells]
    if not _PLAIN.search(" ".join(texts)):
        if heads.count(heads[0]) == len(heads):  # one group: each "],[" becomes a line break
            return f"{heads[0]},{_csv_lines(cells, typed, heads[0])}\r\n"
        rest = _csv_matrix(cells, typed)
        return "".join([f"{h},{r[2:]}\r\n" for h, r in zip(heads, rest, strict=True)])
    where = _csv_matrix([row[:_TEXT] for row in cells], typed)
    rest = _csv_matrix([row[_TEXT + 1 :] for row in cells], typed)
    quoted = [_csv_cell(text) for text in texts]
    return "".join([
        f"{h},{w[2:]},{t},{r[2:]}\r\n"
        for h, w, t, r in zip(heads, where, quoted, rest, strict=True)
    ])  # fmt: skip


def _csv_lines(rows: list[tuple[Any, ...]], typed: bool, head: str) -> str:
    """`_csv_matrix`'s rows as one text, each after the first led by ``head``: every cut made
    by replacing one character (``[`` dropped, ``]`` the line break), a fast search."""
    text = orjson.dumps(rows)[2:-2].replace(b'"', b"").replace(b"[", b"")
    if not typed and b"null" in text:
        text = text.replace(b"null", b"")
    return text.decode().replace("]", f"\r\n{head}")


def _csv_matrix(rows: list[tuple[Any, ...]], typed: bool) -> list[str]:
    """Rows of cells (numbers, ``""`` for an empty cell, plain texts) as comma-separated CSV
    cells: one str per row, each after a ``,[`` to skip (cutting at single ``]`` is faster).

    A row is never empty and no cell holds a quote or bracket, so the quotes dropped leave the
    cells' text, and every ``]`` ends a row.
    """
    text = orjson.dumps(rows).replace(b'"', b"")
    if not typed and b"null" in text:  # a number orjson cannot write (inf, nan): empty
        text = text.replace(b"null", b"")
    return f",{text[1:-2].decode()}".split("]")


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


def dataframe(kd: Keyed, sources: Sources, walker: Walker) -> pd.DataFrame:
    """Identifying columns from lists; the emotions as one float64 matrix (NaN when absent)."""
    pd = import_pandas()
    records, labels, input_of, face_of = (
        kd.records,
        sources.labels,
        input_getter(sources),
        walker.face,
    )
    named = [input_of(r[0], r[1]) for r in records]
    faces = [face_of(r[9]) if r[2] == "face" else NO_FACE for r in records]
    ids = [
        [r[0] for r in records],
        [labels[r[0]] for r in records],
        [n[0] for n in named],
        [n[1] for n in named],
        *([r[i] for r in records] for i in range(1, 9)),  # file ... text
        *([face[i] for face in faces] for i in range(len(NO_FACE))),
    ]
    frame = pd.DataFrame(dict(zip(ID_COLUMNS, ids, strict=True)))
    emotions = pd.DataFrame(score_matrix(kd, walker), columns=columns(kd.names)[_WIDTH:])
    return pd.concat([frame, emotions], axis=1)
