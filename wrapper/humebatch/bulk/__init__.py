"""Bulk runs that survive anything: many inputs → jobs → predictions on disk, resumable.

`run_bulk(client, inputs, out_dir)` (and `humebatch run`) collects URLs, files, directories, globs
and texts; records every input in a SQLite manifest (`manifest.py`); groups them into jobs within
the API's limits; submits with bounded concurrency; waits; and writes each input's predictions
atomically as its job finishes. Run the same command again after a crash and it resumes:

- finished inputs are skipped (their outputs were on disk before the manifest said "done");
- submitted jobs are awaited, never resubmitted;
- a submit that may have reached the server (dropped connection, timeout, 5xx) is resolved by
  looking the job up among recent jobs, matching the request echo, before any resubmission;
- a batch whose job FAILED is split in halves and resubmitted until the inputs that fail are
  isolated, so one bad input does not cost the others their predictions (splitting stops when
  both halves fail: then the cause is not one input).

Outputs, per input, in `<out>/predictions/`: `<name>.json` (the API's result for that source,
verbatim), `<name>.csv` (one row per prediction, one column per emotion) and, with
`formats=("parquet",)` and pyarrow installed, `<name>.parquet`. Inputs whose job failed get
`<name>.error.json` instead.

The package is split by job: `_discovery` (inputs), `_planning` (batches), `_pipeline` (submit,
wait, isolate failures) and `_writers` (outputs); this module runs them in order.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..manifest import InputRecord, Manifest
from ._discovery import MEDIA_SUFFIXES, collect_inputs
from ._pipeline import TRANSIENT, Runner, as_error, run_round
from ._planning import MAX_PER_JOB, plan

if TYPE_CHECKING:
    from ..client import Client

__all__ = ["MAX_PER_JOB", "MEDIA_SUFFIXES", "BulkReport", "collect_inputs", "run_bulk"]


@dataclass(frozen=True)
class BulkReport:
    """What a bulk run did; `lost` and `pending` are 0 when it finished."""

    out_dir: Path
    inputs: int
    done: int
    errors: int
    pending: int
    jobs: int
    submissions: int
    ambiguous_resolved: int

    @property
    def ok(self) -> bool:
        return self.pending == 0 and self.errors == 0


def run_bulk(
    client: Client,
    inputs: Sequence[InputRecord],
    out_dir: str | os.PathLike[str],
    *,
    batch_size: int = MAX_PER_JOB,
    concurrency: int = 4,
    models: Mapping[str, Any] | None = None,
    formats: Sequence[str] = ("json", "csv"),
    timeout: float | None = None,
    on_progress: Callable[[dict[str, int]], None] | None = None,
    rounds: int = 5,
) -> BulkReport:
    """Process `inputs` into `out_dir`, resuming whatever an earlier run left (module docstring).

    Batches hit by transient errors (connection, 429, 5xx, malformed responses, wait timeouts)
    are tried again, up to `rounds` passes; an input whose job FAILED gets an error file.

    >>> report = run_bulk(Client(), collect_inputs(["media/"]), "out")
    >>> report.done, report.errors
    """
    if not 1 <= batch_size <= MAX_PER_JOB:
        raise InvalidInput(f"batch_size must be between 1 and {MAX_PER_JOB}, got {batch_size}")
    if concurrency < 1:
        raise InvalidInput(f"concurrency must be at least 1, got {concurrency}")
    unknown = set(formats) - {"json", "csv", "parquet"}
    if unknown:
        raise InvalidInput(f"unknown output formats {sorted(unknown)}; use json, csv or parquet")
    if "parquet" in formats and importlib.util.find_spec("pyarrow") is None:
        raise InvalidInput("Parquet output needs pyarrow: pip install 'humebatch[parquet]'")
    out = Path(out_dir)
    # Temp files of writes that a killed run left unfinished: never results, safe to drop.
    for stale in (out / "predictions").glob(".*.part"):
        stale.unlink(missing_ok=True)
    with Manifest(out) as manifest:
        manifest.add_inputs(inputs)
        plan(manifest, batch_size)
        runner = Runner(
            client,
            manifest,
            out,
            models=models,
            formats=formats,
            timeout=timeout,
            on_progress=on_progress,
        )
        errors: list[BaseException] = []
        for _ in range(rounds):
            open_batches = manifest.batches("planned", "submitting", "submitted")
            if not open_batches:
                break
            errors = run_round(runner, open_batches, concurrency)
            fatal = [e for e in errors if not isinstance(e, TRANSIENT)]
            if fatal:
                raise as_error(fatal[0])
        if errors:
            # Still failing after every round: stop; the manifest keeps what is done.
            raise as_error(errors[0])
        counts = manifest.counts()
    return BulkReport(
        out_dir=out,
        inputs=counts["inputs"],
        done=counts["done"],
        errors=counts["errors"],
        pending=counts["pending"],
        jobs=counts["jobs"],
        submissions=counts["submissions"],
        ambiguous_resolved=runner.ambiguous_resolved,
    )
