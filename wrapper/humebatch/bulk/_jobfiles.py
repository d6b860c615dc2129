"""The lossless record of a dataset-only run: one JSON file per job, not one per input.

``jobs/shard=<I>/job-<id>.json`` (``shard=all`` unsharded), beside the dataset's
``dataset/shard=<I>/job-<id>.parquet``, holds what the API returned for every input of the job:

    {"job_id": "<id>", "keys": ["<key>", ...], "sources": [<input JSON>, ...]}

``sources[i]`` is, byte for byte, the file ``predictions/<ab>/<name>.json`` a run with per-input
files writes for the input whose manifest key is ``keys[i]`` (its ``input`` first, a text's
``line``). So one file per job is what the dataset is derived from, what a re-run checks and
repairs from, what per-input files are derived from when a later run asks for them, and what
``humebatch predictions OUT`` reads offline. Written atomically with the job's dataset file,
before the manifest says its inputs are done; a job fetched again rewrites the same file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import orjson

from .._atomic import atomic_write_chunks, clear_temps
from ..predictions._offline import decode_job
from ._dataset import job_file_name, partition
from ._discovery import Shard

__all__ = ["JobFiles"]


class JobFiles:
    """Where a run's job files go, how they are written and read back."""

    FOLDER = "jobs"

    def __init__(self, out: Path, shard: Shard | None) -> None:
        self.out = out
        self.folder = out / self.FOLDER / partition(shard)
        self._relative = f"{self.FOLDER}/{self.folder.name}/"

    def path(self, job_id: str) -> Path:
        return self.folder / job_file_name(job_id, ".json")

    def relative(self, job_id: str) -> str:
        """The file's path from the output folder, as ``index.csv`` names it."""
        return self._relative + job_file_name(job_id, ".json")

    def write(self, job_id: str, keys: Sequence[str], sources: Iterable[bytes]) -> None:
        """The job's file: ``sources[i]`` is the input JSON of the input keyed ``keys[i]``."""
        head = b'{"job_id":' + orjson.dumps(job_id) + b',"keys":' + orjson.dumps(list(keys))
        atomic_write_chunks(self.path(job_id), _chunks(head, sources))

    def read(self, job_id: str) -> dict[str, bytes] | None:
        """Each input's JSON by its key; None when the file is missing or does not decode."""
        try:
            found = decode_job(self.path(job_id).read_bytes())  # the offline readers' decoder
        except OSError:  # lost: the caller fetches again
            return None
        if found is None or found.job_id != job_id:  # damaged, or another job's
            return None
        return {key: bytes(source) for key, source in zip(found.keys, found.sources, strict=True)}

    def remove(self, job_ids: Sequence[str]) -> None:
        """Drop the files of jobs whose results no longer count (a reprocessed folder)."""
        for job_id in job_ids:
            self.path(job_id).unlink(missing_ok=True)

    def clear_stale(self, owner: str) -> None:
        """Temp files a killed run left in this run's partition (`clear_temps`)."""
        if self.folder.is_dir():
            clear_temps(self.folder, owner)


def _chunks(head: bytes, sources: Iterable[bytes]) -> Iterator[bytes]:
    yield head + b',"sources":['
    for n, source in enumerate(sources):
        if n:
            yield b","  # apart: a source may be tens of MB, not copied to join a comma
        yield source
    yield b"]}"
