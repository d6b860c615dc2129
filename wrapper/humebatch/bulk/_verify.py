"""What the manifest calls done is on disk: every run checks the outputs of finished inputs first.

Cheaply, per file: it exists, is a regular file and ends as its format ends (JSON ``}``, CSV a
newline, Parquet its ``PAR1`` footer): one ``stat`` and one small read, never a parse. Then:

- a missing or partial CSV or Parquet file is derived again from the stored JSON (no request);
- a missing or partial JSON file (or one that does not decode) is taken from its job's file
  (`JobFiles`) if there is one, else it reopens its input: the next pass fetches the same job's
  predictions again (never a new job);
- in a dataset-only run (JSON per job), a missing or partial job file is rebuilt from its
  inputs' own JSON files if an earlier run wrote them, else it reopens the job's inputs;
- a missing error file is written again from the error the manifest recorded.

Formats a re-run adds are derived in the same pass. Nothing is reported done that is not there.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import orjson

from .._atomic import deferred_durability, temps_owned_by
from ..manifest import InputRecord, Manifest
from ._writers import OutputWriter

__all__ = ["Verified", "verify_outputs"]

_ENDINGS = {".json": b"}", ".error.json": b"}", ".csv": b"\n", ".parquet": b"PAR1"}
_CHUNK = 500  # inputs per sync while deriving


@dataclass(frozen=True)
class Verified:
    derived: int
    """Finished inputs given the formats this run adds (from their stored JSON)."""
    repaired: int
    """Finished inputs whose missing or partial outputs were redone or reopened."""
    reopened: int
    """Of those, inputs whose predictions are fetched again."""


def complete(path: Path) -> bool:
    """Whether `path` is a regular file that ends as its format ends (never parsed)."""
    ending = next((e for s, e in _ENDINGS.items() if path.name.endswith(s)), b"")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size < max(len(ending), 1):
            return False
        return not ending or os.pread(fd, len(ending), info.st_size - len(ending)) == ending
    finally:
        os.close(fd)


def verify_outputs(
    manifest: Manifest,
    writer: OutputWriter,
    added: tuple[str, ...] = (),
    on_event: Callable[[str], None] | None = None,
) -> Verified:
    """Check every finished input's outputs and redo what is missing (module docstring).

    ``added`` are the formats this run asks for that the folder did not have: counted as
    derived, not as repairs.
    """
    derived = repaired = 0
    reopen: list[InputRecord] = []
    errors: list[InputRecord] = []
    jobs: dict[str, bool] = {}  # job id -> whether its job file is (now) in place
    for chunk in _chunks((r, j) for r, j in manifest.index_rows() if r.done):
        with deferred_durability():
            for record, job_id in chunk:
                if record.error is not None:
                    if not any(complete(writer.path(record, s)) for s in (".error.json", ".json")):
                        errors.append(record)
                    continue
                if writer.per_job:
                    if job_id is not None and job_id not in jobs:
                        jobs[job_id] = complete(writer.job_file(job_id))
                        if not jobs[job_id]:
                            rebuilt = _rebuild_job_file(manifest, writer, job_id, record.batch_id)
                            jobs[job_id] = rebuilt > 0
                            derived += rebuilt
                    if job_id is None or not jobs[job_id]:
                        reopen.append(record)
                    continue
                # Parquet: per job, `check_dataset`.
                missing = [
                    f for f in writer.input_formats if not complete(writer.path(record, f".{f}"))
                ]
                if not missing:
                    continue
                raw = None
                if "json" in missing:
                    raw = writer.from_job_file(record, job_id)
                    if raw is None:
                        reopen.append(record)
                        continue
                try:
                    writer.derive(record, missing, raw)
                except orjson.JSONDecodeError:  # it ends well but does not decode: fetch it
                    reopen.append(record)
                    continue
                if set(missing) <= set(added):
                    derived += 1
                else:
                    repaired += 1
    for record in errors:
        assert record.error is not None
        writer.write_errors([record], record.error)
    if errors:
        names = [writer.path(r, ".error.json").name for r in errors]
        _tell(on_event, f"{len(errors)} error file(s) were missing: written again", names)
    if repaired:
        _tell(
            on_event,
            f"{repaired} finished input(s) had missing or partial CSV or Parquet outputs: "
            "derived again from their stored JSON",
            [],
        )
    if reopen:
        manifest.reopen_inputs([r.key for r in reopen])
        _tell(
            on_event,
            f"{len(reopen)} finished input(s) lost their JSON output"
            f"{' (their job file)' if writer.per_job else ''}: their predictions are fetched "
            "again from their job",
            [writer.path(r, ".json").name for r in reopen],
        )
    return Verified(derived, repaired + len(errors) + len(reopen), len(reopen))


def _rebuild_job_file(
    manifest: Manifest, writer: OutputWriter, job_id: str, batch_id: int | None
) -> int:
    """A job's file written from its finished inputs' own JSON files (a folder whose earlier
    runs kept JSON per input); how many inputs it holds, 0 when one of them is missing."""
    if batch_id is None or writer.job_files is None:
        return 0
    held = [r for r in manifest.batch_inputs(batch_id) if r.done and r.error is None]
    paths = [writer.path(r, ".json") for r in held]
    if not all(map(complete, paths)):
        return 0
    with temps_owned_by(writer.owner):  # one input's JSON in memory at a time
        writer.job_files.write(job_id, [r.key for r in held], (p.read_bytes() for p in paths))
    return len(held)


T = TypeVar("T")


def _chunks(records: Iterator[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _tell(on_event: Callable[[str], None] | None, sentence: str, names: list[str]) -> None:
    if on_event is None:
        return
    if names:
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        sentence += f" ({', '.join(names[:5])}{more})"
    on_event(sentence)
