"""Every prediction of a body as one typed Arrow table: the rows of a bulk run's dataset.

The `_export` rows plus what they leave out: the text span, the speech models' confidences and
every other ``{name, score}`` list (FACS, descriptions, sentiment, toxicity) as prefixed columns
(``facs:AU1``, as in the artifacts CSVs). Columns are typed the same in every table (an all-null
column keeps its type), so the tables of many jobs read as one. Scores go through the same
per-name-tuple reordering as the emotions: the per-score work runs in C.

Arrays are built from their buffers (`_column`), not with ``pa.array``: that call imports pandas
the first time it runs (to ask whether its argument is a pandas object), ~1.5 s of CPU and
~100 MB of memory in a bulk run that never uses pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from ._export import Keyed, Sources, input_getter, reorder, score_matrix
from ._flat import NO_FACE, SCORE_TYPES, Reread, Walker

__all__ = ["EXTRA_LISTS", "ID_TYPES", "conform", "merged_schema", "table"]

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
_NUMBERS = {"int64": frozenset({int}), "float64": frozenset({int, float})}


def _column(values: Sequence[Any], kind: str) -> Any:
    """An Arrow array of ``kind`` (``ID_TYPES``) from Python values and None, built from its
    buffers. `Reread` when a value is of another type (a field the API sent otherwise)."""
    import numpy as np
    import pyarrow as pa

    present = [v is not None for v in values]
    missing = len(values) - sum(present)
    if kind == "string":
        if not {str, type(None)}.issuperset(map(type, values)):
            raise Reread
        encoded = [v.encode() if v is not None else b"" for v in values]
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        data = [pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))]
        if offsets[-1] > np.iinfo(np.int32).max:  # over 2 GiB: pyarrow splits it in chunks
            return pa.array(values, type=pa.string())
    else:
        if not _NUMBERS[kind].union({type(None)}).issuperset(map(type, values)):
            raise Reread
        try:
            numbers = np.array([0 if v is None else v for v in values], dtype=kind)
        except OverflowError:
            raise Reread from None
        data = [pa.py_buffer(numbers)]
    validity = None
    if missing:
        validity = pa.py_buffer(np.packbits(np.array(present), bitorder="little"))
    return pa.Array.from_buffers(
        getattr(pa, kind)(), len(values), [validity, *data], null_count=missing
    )


def _floats(values: Any) -> Any:
    """A float64 Arrow array of a numpy array, null where NaN (no copy of the values)."""
    import numpy as np
    import pyarrow as pa

    absent = np.isnan(values)
    missing = int(absent.sum())
    validity = pa.py_buffer(np.packbits(~absent, bitorder="little")) if missing else None
    values = np.ascontiguousarray(values, dtype=np.float64)
    return pa.Array.from_buffers(
        pa.float64(), len(values), [validity, pa.py_buffer(values)], null_count=missing
    )


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
    import pyarrow as pa

    input_of, face_of, get = input_getter(sources), walker.face, walker.field
    records, names = kd.records, kd.names
    counts = [0] * len(sources.labels)
    for record in records:
        counts[record[0]] += 1
    named = [input_of(r[0], r[1]) for r in records]
    models = [r[2] for r in records]
    faces = [face_of(r[9]) if r[2] == "face" else NO_FACE for r in records]
    preds = [r[9] for r in records]
    spans = [get(pred, "position") for pred in preds]
    # Column by column, in `ID_TYPES` order.
    id_columns: list[list[Any]] = [
        [n[0] for n in named],
        [n[1] for n in named],
        [r[1] for r in records],
        models,
        [granularity.get(model) for model in models],
        [r[3] for r in records],
        [r[4] for r in records],
        [r[5] for r in records],
        [r[6] for r in records],
        [r[7] for r in records],
        [None if span is None else get(span, "begin") for span in spans],
        [None if span is None else get(span, "end") for span in spans],
        [r[8] for r in records],
        *([face[i] for face in faces] for i in range(len(NO_FACE))),
        [get(pred, "confidence") for pred in preds],
        [get(pred, "speaker_confidence") for pred in preds],
    ]
    arrays: dict[str, Any] = {}
    try:
        for (name, kind), column in zip(ID_TYPES, id_columns, strict=True):
            arrays[name] = _column(column, kind)
        # One float64 matrix (NaN where absent), a column of it per emotion (NaN → null): one
        # array of them all, column after column, sliced.
        by_column = score_matrix(kd, walker).T.ravel()
        emotions = _floats(by_column)
        for i, name in enumerate(names):
            key = f"emotion:{name}" if name in _ID_SET else name
            arrays[key] = emotions.slice(i * len(records), len(records))
        for field, prefix in EXTRA_LISTS:
            lists = [get(pred, field) for pred in preds]
            for name, column in _score_columns(lists, walker, prefix):
                arrays[name] = _column(column, "float64")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:  # a field of a wrong type
        raise Reread from exc
    return pa.Table.from_arrays(list(arrays.values()), names=list(arrays)), counts


def _group(name: str) -> int:
    """Where `table` puts a column: identifying, emotions, then each `EXTRA_LISTS` prefix."""
    if name in _ID_SET:
        return 0
    for group, (_, prefix) in enumerate(EXTRA_LISTS, start=2):
        if name.startswith(prefix):
            return group
    return 1


def merged_schema(schemas: Iterable[Any]) -> Any:
    """The columns of tables of consecutive sources, as `table` would give them all at once.

    Every column of any of ``schemas``, in `table`'s groups, each in order of first
    appearance. Raises ``pyarrow.ArrowTypeError`` if a column has two types.
    """
    import pyarrow as pa

    fields: dict[str, Any] = {}
    for schema in schemas:
        for field in schema:
            known = fields.setdefault(field.name, field)
            if not known.type.equals(field.type):
                raise pa.ArrowTypeError(f"column {field.name!r}: {known.type} and {field.type}")
    return pa.schema(sorted(fields.values(), key=lambda field: _group(field.name)))


def conform(table: Any, schema: Any) -> Any:
    """``table`` with the columns of `schema` (from `merged_schema`): null where it has none."""
    import pyarrow as pa

    present = set(table.column_names)
    columns = [
        table.column(field.name) if field.name in present else pa.nulls(len(table), field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)
