"""Every prediction of a body as one typed Arrow table: the rows of a bulk run's dataset.

The `_export` rows plus what they leave out: the text span, the speech models' confidences and
every other ``{name, score}`` list (FACS, descriptions, sentiment, toxicity) as prefixed columns
(``facs:AU1``, as in the artifacts CSVs). Columns are typed the same in every table (an all-null
column keeps its type), so the tables of many jobs read as one. Scores go through the same
per-name-tuple reordering as the emotions: the per-score work runs in C.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

from ._export import Keyed, Sources, input_getter, reorder, score_rows
from ._flat import NO_FACE, SCORE_TYPES, Reread, Walker

__all__ = ["EXTRA_LISTS", "ID_TYPES", "table"]

# (field of a prediction, column prefix): the score lists besides the emotions.
EXTRA_LISTS = (
    ("facs", "facs:"),
    ("descriptions", "description:"),
    ("sentiment", "sentiment:"),
    ("toxicity", "toxicity:"),
)
ID_TYPES: tuple[tuple[str, str], ...] = (
    ("input", "string"),
    ("line", "int64"),
    ("file", "string"),
    ("model", "string"),
    ("granularity", "string"),
    ("group_id", "string"),
    ("index", "int64"),
    ("frame", "int64"),
    ("time_begin", "float64"),
    ("time_end", "float64"),
    ("position_begin", "int64"),
    ("position_end", "int64"),
    ("text", "string"),
    ("box_x", "float64"),
    ("box_y", "float64"),
    ("box_w", "float64"),
    ("box_h", "float64"),
    ("prob", "float64"),
    ("confidence", "float64"),
    ("speaker_confidence", "float64"),
)
"""The identifying columns of a dataset table and their Arrow types; score columns follow."""
_ID_SET = frozenset(name for name, _ in ID_TYPES)


def _scalars(pred: Any, get: Callable[[Any, str], Any]) -> tuple[Any, Any, Any, Any]:
    position = get(pred, "position")
    if position is None:
        begin = end = None
    else:
        begin, end = get(position, "begin"), get(position, "end")
    return begin, end, get(pred, "confidence"), get(pred, "speaker_confidence")


def _score_columns(
    lists: Sequence[Sequence[Any] | None], walker: Walker, prefix: str
) -> Iterator[tuple[str, list[Any]]]:
    """One column per name of ``lists`` (one list, or None, per row), None where absent."""
    names: dict[str, None] = {}
    getters: dict[tuple[Any, ...], Callable[[list[Any]], tuple[Any, ...]]] = {}
    owns: list[tuple[Any, ...]] = []
    name_of, score_of = walker.name, walker.score
    for scores in lists:
        own = () if not scores else tuple(map(name_of, scores))
        owns.append(own)
        if own not in getters:
            getters[own] = tuple  # replaced below, once every name is known
            for name in own:
                if type(name) is not str:
                    raise Reread
                names.setdefault(name)
    if not names:
        return
    ordered = list(names)
    for own in getters:
        getters[own] = reorder(own, ordered)
    rows = []
    for scores, own in zip(lists, owns, strict=True):
        values = list(map(score_of, scores or ()))
        if not SCORE_TYPES.issuperset(map(type, values)):
            raise Reread
        values.append(None)
        rows.append(getters[own](values))
    for name, column in zip(ordered, zip(*rows, strict=True), strict=True):
        yield f"{prefix}{name}", list(column)


def table(
    kd: Keyed, sources: Sources, walker: Walker, granularity: Mapping[str, str]
) -> tuple[Any, list[int]]:
    """(the Arrow table of ``records``, its row count per source). Needs pyarrow.

    ``granularity`` is what the job asked of each model (None: the API's default).
    """
    import numpy as np
    import pyarrow as pa

    input_of, face_of, get = input_getter(sources), walker.face, walker.field
    counts = [0] * len(sources.labels)
    ids: list[tuple[Any, ...]] = []
    matrix: list[tuple[Any, ...]] = []
    names = kd.names
    for record, scores in score_rows(kd, walker, np.nan):
        src, file, model, group_id, index, frame, begin, end, text, pred, _ = record
        counts[src] += 1
        face = face_of(pred) if model == "face" else NO_FACE
        span_begin, span_end, confidence, speaker = _scalars(pred, get)
        ids.append((*input_of(src, file), file, model, granularity.get(model), group_id,
                    index, frame, begin, end, span_begin, span_end, text, *face, confidence,
                    speaker))  # fmt: skip
        matrix.append(scores)
    arrays: dict[str, Any] = {}
    id_columns = zip(*ids, strict=True) if ids else ([] for _ in ID_TYPES)
    try:
        for (name, kind), column in zip(ID_TYPES, id_columns, strict=True):
            arrays[name] = pa.array(list(column), type=getattr(pa, kind)())
        # One float64 matrix (NaN where absent), a column of it per emotion (NaN → null).
        flat = np.fromiter(chain.from_iterable(matrix), np.float64, len(matrix) * len(names))
        by_column = flat.reshape(len(matrix), len(names)).T.copy()
        for name, column in zip(names, by_column, strict=True):
            arrays[f"emotion:{name}" if name in _ID_SET else name] = pa.array(
                column, type=pa.float64(), mask=np.isnan(column)
            )
        preds = [record[9] for record in kd.records]
        for field, prefix in EXTRA_LISTS:
            lists = [get(pred, field) for pred in preds]
            for name, column in _score_columns(lists, walker, prefix):
                arrays[name] = pa.array(column, type=pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:  # a field of a wrong type
        raise Reread from exc
    return pa.table(arrays), counts
