"""The index file: every input of a folder mapped to its outputs, status, job and error."""

from __future__ import annotations

import csv
from pathlib import Path

from .._atomic import atomic_write_text
from ..manifest import Manifest
from ._writers import OutputWriter

__all__ = ["INDEX_COLUMNS", "write_index"]

INDEX_COLUMNS = (
    "input",
    "kind",
    "status",
    "outputs",
    "job_id",
    "error",
    "key",
    "dataset",
    "row_start",
    "row_stop",
    "line",
    "job_file",
)


def write_index(manifest: Manifest, writer: OutputWriter, path: Path) -> None:
    """Write `path` (CSV, atomically): one row per input, streamed from the manifest.

    ``input`` is the input as given (URL, absolute file path or text); ``outputs`` the names of
    its files in ``predictions/`` separated by ``;``; ``status`` is done, failed or pending;
    ``key`` the input's stable key (a text's rows name it in their ``input`` column). With
    Parquet, ``dataset`` is its job's file (from the output folder) and its rows there are
    ``row_start`` (inclusive) to ``row_stop`` (exclusive), as a Python slice. ``line``: a
    text's line in its text file (empty for URLs and files), as in its rows. ``job_file``: in a
    dataset-only run (``--format parquet`` alone), the job's JSON file that holds its input JSON
    (from the output folder; ``outputs`` then names only an error file).
    """
    dataset, job_files = writer.dataset, writer.job_files if writer.per_job else None
    with atomic_write_text(path) as handle:
        out = csv.writer(handle)
        out.writerow(INDEX_COLUMNS)
        for record, job_id in manifest.index_rows():
            if not record.done:
                status = "pending"
            elif record.error is not None:
                status = "failed"
            else:
                status = "done"
            outputs = ";".join(writer.outputs_of(record))
            where: list[object] = ["", "", ""]
            job_file = ""
            if job_id is not None and status == "done":
                if dataset is not None:
                    rows = dataset.ranges(job_id).get(record.key)
                    if rows is not None:
                        where = [dataset.relative(job_id), *rows]
                if job_files is not None:
                    job_file = job_files.relative(job_id)
            given = [record.value, record.kind, status, outputs, job_id or "", record.error or ""]
            out.writerow([*given, record.key, *where, record.line, job_file])
