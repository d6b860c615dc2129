"""`Predictions`: the whole body, its decoding, and the bulk readers over every prediction."""

from __future__ import annotations

import mmap
import os
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import msgspec
import orjson

from ..errors import InvalidInput
from . import _export, _offline, _table
from ._flat import DICTS, STRUCTS, Flat, Reread, Walker, check_pair, struct_tops
from ._records import PredictionIssue, PredictionsFormatError, TopEmotions
from ._structs import decode, decode_input, decode_source
from ._views import SourceResultView, _describe, as_dict, check_row_fields, source_label

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

_T = TypeVar("_T")


class Predictions:
    """The decoded predictions of a job: a list of sources, each with per-file model results.

    Build it with `from_bytes` (the response body), `from_file` / `from_path` (results on
    disk: a saved body, a run's files or folder, an artifacts zip) or `from_json` (already
    decoded). Bulk helpers (`top_emotions`, `to_rows`, `to_csv`,
    `to_dataframe`) walk the decoded body directly; `sources` gives typed views of every field,
    built on access.

        >>> preds = Predictions.from_bytes(response_body)
        >>> preds.top_emotions(3)[0].emotions
        [('Calmness', 0.61), ('Interest', 0.42), ('Boredom', 0.33)]
    """

    __slots__ = ("_data", "_inputs", "_walker")

    def __init__(self, data: list[Any]) -> None:
        """Wrap an already checked list; prefer `from_bytes` or `from_json`, which check it."""
        self._data = data
        # The run's (input, line) of each source (`_from_source`, `_from_sources`); None: from
        # the body.
        self._inputs: list[tuple[str | None, int | None]] | None = None
        self._walker: Walker = DICTS if data and type(data[0]) is dict else STRUCTS

    @classmethod
    def from_bytes(cls, raw: bytes | bytearray | memoryview | str) -> Predictions:
        """Decode a predictions response body (JSON) straight into compact structs.

        A body with a field of the wrong type is read as plain dicts instead (as `from_json`),
        so that everything else still reads and the readers name the bad field's JSON path.
        """
        if not isinstance(raw, bytes | bytearray | memoryview | str):
            raise InvalidInput(
                f"Predictions.from_bytes takes the body as bytes or str, got "
                f"{type(raw).__name__}; for decoded JSON use Predictions.from_json"
            )
        if isinstance(raw, str):
            try:
                raw = raw.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise PredictionsFormatError("$", f"not valid Unicode ({exc.reason})") from None
        try:
            return cls(decode(raw))
        except msgspec.ValidationError:
            pass  # out of the except block, so the dicts are not built with a traceback held
        except msgspec.DecodeError as exc:
            raise PredictionsFormatError("$", f"not valid JSON ({exc})") from None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:  # a wrong type met before the bad syntax
            raise PredictionsFormatError("$", f"not valid JSON ({exc})") from None
        return cls.from_json(data)

    @classmethod
    def from_file(cls, file: str | os.PathLike[str] | IO[bytes]) -> Predictions:
        """Decode predictions from a file (a path, or a binary file open for reading).

        Reads a body as the API sends it, one input's JSON as ``humebatch run`` writes it, a
        job file of ``humebatch run --format parquet`` (``OUT/jobs/shard=<I|all>/job-<id>.json``:
        every source of the job, each naming its input as that input's JSON would), an
        artifacts zip and the records of ``humebatch predictions --format json/jsonl``
        (`from_path` also reads run folders). An empty file, or one that holds no predictions,
        raises `PredictionsFormatError` saying what it holds.

        A body is memory-mapped, not read into a bytes object: the decoder reads the page
        cache, so the process never holds a private copy of it.
        """
        if isinstance(file, (str, os.PathLike)):
            if Path(file).is_dir():
                return cls.from_path(file)
            with Path(file).open("rb") as handle:
                return cls._from_handle(handle, str(file))
        return cls._from_handle(file, getattr(file, "name", None) or "the file")

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Predictions:
        """Predictions from anything humebatch writes or the API returns, read offline.

        A file (see `from_file`), or a run folder (``humebatch run --out``: every input's
        JSON in file-name order, then the sources of every job file in ``jobs/`` in path order,
        shards included, as one body; an input found in both is read once, from its own JSON).
        """
        target = Path(path)
        if not target.exists():
            raise InvalidInput(f"{str(target)!r} does not exist")
        if target.is_dir():
            return cls.from_json(_offline.read_folder(target))
        return cls.from_file(target)

    @classmethod
    def _from_handle(cls, file: IO[bytes], where: str) -> Predictions:
        file.seek(0)
        if zipfile.is_zipfile(file):
            file.seek(0)
            return cls.from_json(_offline.read_zip(file, where))
        return cls._mapped(file, lambda raw: cls._sniffed(raw, where))

    @classmethod
    def _mapped(
        cls, file: IO[bytes], read: Callable[[bytes | memoryview], Predictions]
    ) -> Predictions:
        """``read`` the file's bytes, memory-mapped when it has a descriptor."""
        file.seek(0)
        try:
            fd = file.fileno()
        except (AttributeError, OSError):  # io.BytesIO and the like: already in memory
            return read(file.read())
        if os.fstat(fd).st_size == 0:
            return read(b"")  # an empty file cannot be mapped
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped, memoryview(mapped) as view:
            return read(view)

    @classmethod
    def _from_source(
        cls, raw: Any, input_name: str | None = None, line: int | None = None
    ) -> Predictions:
        """One source's JSON (an input's file of ``humebatch run``), read as `from_bytes` does.

        Its rows name ``input_name`` and ``line``, else the input and line its JSON gives.
        """
        try:
            preds = cls([decode_source(raw)])
            found = decode_input(raw) if input_name is None else (input_name, line)
        except msgspec.ValidationError:
            preds = cls.from_json([orjson.loads(memoryview(raw))])
            data = preds._data[0]
            found = (
                (data.get("input"), data.get("line")) if input_name is None else (input_name, line)
            )
        except msgspec.DecodeError as exc:
            raise PredictionsFormatError("$", f"not valid JSON ({exc})") from None
        preds._inputs = [_named(*found)]
        return preds

    @classmethod
    def _from_sources(
        cls, raws: Sequence[Any], names: Sequence[str], lines: Sequence[int | None]
    ) -> Predictions:
        """Many inputs' JSON (`_from_source`) as one body, each source naming its input and
        line."""
        preds: Predictions | None = None
        try:
            preds = cls([decode_source(raw) for raw in raws])
        except msgspec.ValidationError:
            pass  # out of the except block, as in `from_bytes`
        except msgspec.DecodeError as exc:
            raise PredictionsFormatError("$", f"not valid JSON ({exc})") from None
        if preds is None:
            try:  # a wrong type met before bad syntax: the syntax is checked here
                preds = cls.from_json([orjson.loads(memoryview(raw)) for raw in raws])
            except orjson.JSONDecodeError as exc:
                raise PredictionsFormatError("$", f"not valid JSON ({exc})") from None
        preds._inputs = list(zip(names, lines, strict=True))
        return preds

    @classmethod
    def _sniffed(cls, raw: bytes | memoryview, where: str) -> Predictions:
        """A body the fast way; other JSON (one source, records, JSON lines) the slow way."""
        if not raw:
            raise PredictionsFormatError("$", "an empty file", source=where)
        try:
            data = decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError):
            pass
        else:
            if _offline.looks_like_body(data):
                return cls(data)
        job = cls._from_job(raw, where)
        if job is not None:
            return job
        try:
            loaded = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return cls.from_json(_offline.read_lines(bytes(raw), where))
        if isinstance(loaded, list) and _offline.looks_like_body(loaded):
            return cls.from_json(loaded)  # a body with a bad field: the readers name it
        return cls.from_json(_offline.from_decoded(loaded, where))

    @classmethod
    def _from_job(cls, raw: bytes | memoryview, where: str) -> Predictions | None:
        """A job file of a run the fast way: its sources as structs, each naming its input and
        line as its JSON does. None if it is not one, or a field has the wrong type (the slow
        way then reads it, and the readers name the bad field)."""
        job = _offline.decode_job(raw)
        if job is None:
            return None
        raws = job.sources
        del job
        data: list[Any] | None
        try:
            data = [decode_source(one) for one in raws]
            inputs = [_named(*decode_input(one)) for one in raws]
        except msgspec.ValidationError:
            data = None  # out of the except block: no traceback holds the slices of the file
        del raws  # slices of a memory-mapped file: gone before it is unmapped
        if data is None:
            return None
        if not data:
            raise PredictionsFormatError(
                "$", "a job file with no sources: no predictions", source=where
            )
        preds = cls(data)
        preds._inputs = inputs
        return preds

    @classmethod
    def from_json(cls, obj: list[Any]) -> Predictions:
        """Wrap an already decoded body (a list of ``SourcePredictResult`` objects)."""
        if not isinstance(obj, list):
            raise PredictionsFormatError("$", f"expected an array of sources, got {_describe(obj)}")
        for i, item in enumerate(obj):
            if not isinstance(item, dict):
                raise PredictionsFormatError(
                    f"$[{i}]", f"expected an object, got {_describe(item)}"
                )
        return cls(obj)

    @property
    def raw(self) -> list[dict[str, Any]]:
        """The body as JSON: the decoded list itself (`from_json`) or one built from the structs.

        Built from the structs (`from_bytes`), it holds the fields the spec names, without
        nulls, and costs what decoding with orjson costs; the bulk readers do not need it.
        """
        return [as_dict(d) for d in self._data]

    @property
    def sources(self) -> list[SourceResultView]:
        """Typed views of each source, in the API's order."""
        return [SourceResultView(d, d, i, ()) for i, d in enumerate(self._data)]

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[SourceResultView]:
        return iter(self.sources)

    def __getitem__(self, index: int) -> SourceResultView:
        d = self._data[index]
        return SourceResultView(d, d, index % len(self._data), ())

    def __repr__(self) -> str:
        return f"<Predictions sources={len(self._data)}>"

    @property
    def errors(self) -> list[PredictionIssue]:
        """Failures reported in the body: whole sources (``source.error``) and single files."""
        issues = []
        for view in self.sources:
            label = source_label(view._opt_obj("source") or {})
            if view.error is not None:
                issues.append(PredictionIssue(view.index, label, None, view.error))
            results = view.results
            if results is not None:
                issues.extend(
                    PredictionIssue(view.index, label, e.file, e.message) for e in results.errors
                )
        return issues

    def validate(self) -> Predictions:
        """Read every field the bulk helpers use through the typed views; return self.

        Raises `PredictionsFormatError` (with the JSON path) at the first bad field.
        """
        for source in self.sources:
            _ = source.error
            if source._opt_obj("source") is not None:
                _ = source.source.type
            for file_pred in source.predictions:
                _ = file_pred.file
                for _name, result in file_pred.models.items():
                    _ = result.metadata
                    for group in result.grouped_predictions:
                        _ = group.id
                        for pred in group.predictions:
                            _ = pred.emotions
                            check_row_fields(pred)
        return self

    # -------------------------------------------------------------- fast bulk access

    def _records(self) -> Iterator[Flat]:
        """Every prediction as a flat record; raises `Reread` on anything unexpected."""
        return self._walker.records(self._data)

    def _guarded(self, fn: Callable[[], _T]) -> _T:
        """Run a fast reader; on a surprise, find and report the bad field via `validate`."""
        try:
            return fn()
        except (Reread, KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, PredictionsFormatError):
                raise
            self.validate()
            raise PredictionsFormatError("$", f"unreadable predictions ({exc!r})") from exc

    def top_emotions(self, n: int = 3) -> list[TopEmotions]:
        """The ``n`` highest-scoring emotions of every prediction, highest first.

        One record per (source, file, model, group, prediction), in the API's order. Ties keep
        the API's order (same result as a stable sort by descending score).
        """
        if n < 0:
            raise InvalidInput(f"n must be >= 0, got {n!r}.")
        return self._guarded(lambda: self._top_emotions(n))

    def _top_emotions(self, n: int) -> list[TopEmotions]:
        if self._walker is STRUCTS:  # the decoder made every name a str, score a float
            return struct_tops(self._data, n)
        out: list[TopEmotions] = []
        append = out.append
        by_score, pair = self._walker.score, self._walker.pair
        make = tuple.__new__  # TopEmotions(...) without its Python-level __new__
        for record in self._records():
            pairs = list(map(pair, sorted(record[-1], key=by_score, reverse=True)[:n]))
            for name, score in pairs:
                check_pair(name, score)
            append(make(TopEmotions, (*record[:9], pairs)))
        return out

    def emotion_names(self) -> list[str]:
        """Every emotion name in the body, in first-seen order (the rows' emotion columns)."""
        return self._guarded(lambda: _export.keyed(self._records(), self._walker).names)

    def _sources(self) -> _export.Sources:
        labels, inputs, lines = [], [], []
        for i, s in enumerate(self._data):
            info = _get_source(s)
            label = source_label(info)
            # A bulk run's input and line
            given, line = (None, None) if self._inputs is None else self._inputs[i]
            if given is None and type(s) is dict:
                given, line = _named(s.get("input"), s.get("line"))
            if not isinstance(given, str):
                text = (info.get("type") if type(info) is dict else info.type) == "text"
                given, line = None if text else label, None
            labels.append(label)
            inputs.append(given)
            lines.append(line)
        return _export.Sources(labels, inputs, lines)

    def _export(self, fn: Callable[[_export.Keyed, _export.Sources, Walker], _T]) -> _T:
        def run() -> _T:
            return fn(_export.keyed(self._records(), self._walker), self._sources(), self._walker)

        return self._guarded(run)

    def to_rows(self) -> list[dict[str, Any]]:
        """One dict per prediction: `ID_COLUMNS`, then one key per emotion name (None if absent).

        ``source`` is the source's index, ``source_label`` its URL or file name, ``input`` the
        input the row belongs to (the same in every job and shard of a run: see `ID_COLUMNS`).
        """
        return self._export(_export.to_rows)

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write `to_rows` as CSV (UTF-8, header row) atomically: temp file, then rename.

        Rows are formatted a few thousand at a time, so memory stays near the decoded body's
        (plus one small tuple per prediction).
        """
        target = Path(path)
        self._export(lambda *args: _export.write_csv(target, *args))
        return target

    def to_arrow(self) -> pa.Table:
        """Every prediction with every field as a typed pyarrow Table (the ``parquet`` extra).

        The columns of a bulk run's dataset (README, "The dataset"): ``input``, ``file``,
        ``model``, ``granularity``, ``group_id``, the time and text span, the face's box and
        probability, the speech models' confidences, one float64 column per emotion, then
        ``facs:``, ``description:``, ``sentiment:`` and ``toxicity:`` columns.
        """
        return self._table({})[0]

    def _table(self, granularity: Mapping[str, str]) -> tuple[pa.Table, list[int]]:
        """`to_arrow` with each model's granularity, and the row count of each source."""
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise ImportError(
                "Predictions.to_arrow() needs pyarrow: pip install 'humebatch[parquet]'"
            ) from exc

        def run() -> tuple[pa.Table, list[int]]:
            kd = _export.keyed(self._records(), self._walker)
            return _table.table(kd, self._sources(), self._walker, granularity)

        return self._guarded(run)

    def to_dataframe(self) -> pd.DataFrame:
        """A pandas DataFrame with the `to_rows` columns (needs the ``dataframe`` extra).

        Built from columns: the emotions are one float64 matrix (NaN where a prediction has
        no score for an emotion), never a dict per row.
        """
        _export.import_pandas()  # fail before any work without pandas
        frame: pd.DataFrame = self._export(_export.dataframe)
        return frame


def _named(given: Any, line: Any) -> tuple[str | None, int | None]:
    """An input's name and line as a run wrote them (anything else: None)."""
    return (
        given if isinstance(given, str) else None,
        line if type(line) is int and isinstance(given, str) else None,
    )


def _get_source(source: Any) -> Any:
    value = source.get("source") if type(source) is dict else source.source
    return value if value is not None else {}
