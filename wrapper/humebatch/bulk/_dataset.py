"""The run's predictions as one dataset: a Parquet file per job under ``<out>/dataset/``.

``dataset/shard=<I>/job-<id>.parquet`` (``shard=all`` for an unsharded run): hive-style
partitions, so shards sharing a folder write side by side and one glob reads them all. A file
holds every prediction of its job's inputs, input after input (`Predictions.to_arrow` columns,
zstd; a row group per `PART_BYTES` of JSON decoded), and names in its footer the row range of
each input (``index.csv`` shows them). It is written atomically (a temp file renamed into place)
with the job's other files, before the manifest says its inputs are done; a job fetched again
rewrites the same file.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from .._atomic import atomic_write_bytes, clear_temps
from ..manifest import InputRecord
from ..predictions import Predictions
from ..predictions._table import conform, merged_schema
from ._discovery import Shard

__all__ = ["Dataset", "job_file_name", "partition"]

_META_KEY = b"humebatch.inputs"
PART_BYTES = 32 << 20
"""JSON decoded at once for a dataset file (`Dataset.write`): what bounds its memory."""
# No dictionary pages: the score columns hardly repeat a value, and the strings that do (input,
# model) compress as well without; half the time of the default.
_PARQUET: dict[str, Any] = {"compression": "zstd", "use_dictionary": False}
Ranges = dict[str, tuple[int, int]]
"""Each input's ``[start, stop)`` rows in its job's file."""
_CACHED = 64  # footers kept in memory: a run reads them job after job
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _pieces(
    parts: Sequence[tuple[InputRecord, str, Any]], budget: int
) -> list[list[tuple[InputRecord, str, Any]]]:
    """``parts`` in consecutive runs of at most ``budget`` bytes of JSON (or one input)."""
    pieces: list[list[tuple[InputRecord, str, Any]]] = [[]]
    size = 0
    for part in parts:
        length = len(part[2])
        if pieces[-1] and size + length > budget:
            pieces.append([])
            size = 0
        pieces[-1].append(part)
        size += length
    return pieces


def _footer(ranges: Ranges) -> dict[bytes, bytes]:
    return {_META_KEY: orjson.dumps([[key, a, b] for key, (a, b) in ranges.items()])}


def partition(shard: Shard | None) -> str:
    """The hive partition of a run's files (dataset and job files): ``shard=<I|all>``."""
    return f"shard={'all' if shard is None else shard.index}"


def job_file_name(job_id: str, suffix: str) -> str:
    """A job's file name in a partition: ``job-<id><suffix>``, the id made file-safe."""
    return f"job-{_UNSAFE.sub('_', job_id)}{suffix}"


class Dataset:
    """Where a run's dataset files go, how they are written, and what their footers say."""

    FOLDER = "dataset"

    def __init__(self, out: Path, shard: Shard | None, models: Mapping[str, Any] | None) -> None:
        self.out = out
        self.folder = out / self.FOLDER / partition(shard)
        self._relative = f"{self.FOLDER}/{self.folder.name}/"
        # What each model was asked for: the rows' granularity (None: the API's default).
        self.granularity = {
            str(name): str(options["granularity"])
            for name, options in (models or {}).items()
            if isinstance(options, Mapping) and options.get("granularity") is not None
        }
        self._ranges: dict[str, Ranges] = {}
        self._lock = threading.Lock()  # writer threads and the index share the cache

    def path(self, job_id: str) -> Path:
        return self.folder / job_file_name(job_id, ".parquet")

    def relative(self, job_id: str) -> str:
        """The file's path from the output folder, as ``index.csv`` names it."""
        return self._relative + job_file_name(job_id, ".parquet")

    def write(
        self,
        job_id: str,
        parts: Sequence[tuple[InputRecord, str, Any]],
        release: Callable[[], None] = lambda: None,
    ) -> None:
        """One job's file: (input, its name in the rows, its JSON) of each, in `parts` order.

        Decoded `PART_BYTES` of JSON at a time (a whole input at least), so a job of many long
        videos is not held decoded at once: each part's table is staged in an unnamed temp file
        until every column is known, then the parts are written as the file's row groups.
        ``release`` is called after each part is decoded (`_split.releaser`).
        """
        import pyarrow.parquet as pq

        pieces = _pieces(parts, PART_BYTES)
        ranges: Ranges = {}
        with atomic_write_bytes(self.path(job_id)) as handle:
            if len(pieces) == 1:
                table = self._table(pieces[0], ranges)
                release()
                table = table.replace_schema_metadata(_footer(ranges))
                pq.write_table(table, handle, **_PARQUET)
            else:
                self._write_staged(handle, pieces, ranges, release)
        self._keep(job_id, ranges)

    def _table(self, piece: Sequence[tuple[InputRecord, str, Any]], ranges: Ranges) -> Any:
        """The rows of consecutive inputs; adds their row ranges to ``ranges``."""
        preds = Predictions._from_sources(
            [raw for *_, raw in piece], [n for _, n, _ in piece], [r.line for r, *_ in piece]
        )
        table, counts = preds._table(self.granularity)
        start = next(reversed(ranges.values()))[1] if ranges else 0  # after the last piece
        for (record, *_), count in zip(piece, counts, strict=True):
            ranges[record.key] = (start, start + count)
            start += count
        return table

    def _write_staged(
        self,
        handle: Any,
        pieces: list[list[tuple[InputRecord, str, Any]]],
        ranges: Ranges,
        release: Callable[[], None],
    ) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        with contextlib.ExitStack() as stack:
            staged: list[tuple[Any, Any]] = []  # (temp file, schema) of each piece
            for piece in pieces:
                table = self._table(piece, ranges)
                release()
                # Unnamed where the OS can (O_TMPFILE), else unlinked at once: a killed run
                # leaves nothing behind. Arrow IPC: written and read back with no encoding.
                temp = stack.enter_context(tempfile.TemporaryFile(dir=self.folder))
                with pa.ipc.new_file(temp, table.schema) as ipc:
                    ipc.write_table(table)
                staged.append((temp, table.schema))
                del table
            schema = merged_schema(s for _, s in staged).with_metadata(_footer(ranges))
            with pq.ParquetWriter(handle, schema, **_PARQUET) as writer:
                for temp, _ in staged:
                    temp.seek(0)
                    writer.write_table(conform(pa.ipc.open_file(temp).read_all(), schema))

    def ranges(self, job_id: str) -> Ranges:
        """Each input's ``[start, stop)`` rows in the job's file, from its footer; {} if none."""
        with self._lock:
            found = self._ranges.get(job_id)
        if found is not None:
            return found
        import pyarrow.parquet as pq

        try:
            metadata = pq.read_schema(self.path(job_id)).metadata or {}
            rows = orjson.loads(metadata.get(_META_KEY, b"[]"))
        except (OSError, ValueError):  # missing or damaged: the next run writes it again
            return {}
        found = {str(k): (int(a), int(b)) for k, a, b in rows}
        self._keep(job_id, found)
        return found

    def _keep(self, job_id: str, ranges: Ranges) -> None:
        with self._lock:
            while len(self._ranges) >= _CACHED:
                del self._ranges[next(iter(self._ranges))]
            self._ranges[job_id] = ranges

    def remove(self, job_ids: Sequence[str]) -> None:
        """Drop the files of jobs whose results no longer count (a reprocessed folder)."""
        for job_id in job_ids:
            self.path(job_id).unlink(missing_ok=True)
            with self._lock:
                self._ranges.pop(job_id, None)

    def clear_stale(self, owner: str) -> None:
        """Temp files a killed run left in this run's partition: never results (`clear_temps`:
        none of another writer's writes in progress)."""
        if self.folder.is_dir():
            clear_temps(self.folder, owner)
