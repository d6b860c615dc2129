"""What the manifest calls done is on disk: every run checks the outputs of finished inputs first.

Cheaply, per file: it exists, is a regular file and ends as its format ends (JSON ``}``, CSV a
newline, Parquet its ``PAR1`` footer): one ``stat`` and one small read, never a parse. Then:

- a missing or partial CSV or Parquet file is derived again from the stored JSON (no request);
- a missing or partial JSON file (or one that does not decode) reopens its input: the next pass
  fetches the same job's predictions again (never a new job);
- a missing error file is written again from the error the manifest recorded.

Formats a re-run adds are derived in the same pass. Nothing is reported done that is not there.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from .._atomic import deferred_durability
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
    for chunk in _chunks(r for r, _ in manifest.index_rows() if r.done):
        with deferred_durability():
            for record in chunk:
                if record.error is not None:
                    if not any(complete(writer.path(record, s)) for s in (".error.json", ".json")):
                        errors.append(record)
                    continue
                if not complete(writer.path(record, ".json")):
                    reopen.append(record)
                    continue
                missing = [
                    f
                    for f in writer.input_formats  # Parquet: per job, `check_dataset`
                    if f != "json" and not complete(writer.path(record, f".{f}"))
                ]
                if not missing:
                    continue
                try:
                    writer.derive(record, missing)
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
            f"{len(reopen)} finished input(s) lost their JSON output: their predictions are "
            "fetched again from their job",
            [writer.path(r, ".json").name for r in reopen],
        )
    return Verified(derived, repaired + len(errors) + len(reopen), len(reopen))


def _chunks(records: Iterator[InputRecord]) -> Iterator[list[InputRecord]]:
    chunk: list[InputRecord] = []
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
