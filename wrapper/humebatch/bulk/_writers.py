"""Output writers: one input's share of a job's predictions, written atomically to disk."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

import orjson

from .._atomic import atomic_write_chunks, deferred_durability, temps_owned_by
from ..errors import InvalidInput, UnexpectedResponseError
from ..manifest import InputKind, InputRecord, Manifest
from ..predictions import Predictions
from ._dataset import Dataset
from ._jobfiles import JobFiles
from ._split import Piece, releaser, split_body, split_by_input, with_input

__all__ = ["OutputWriter", "input_name", "split_by_input"]


FAN_OUT = 2
"""Hex characters of a hash of an input's key naming the subfolder of its files: 256 folders,
so a million inputs' two files each make about 8,000 files per folder, not two million in one."""
LAYOUT_KEY = "predictions_layout"
"""Manifest meta: how `predictions/` is laid out (absent: one flat folder, before fan-out)."""
LAYOUT = f"fan-out:{FAN_OUT}"


@functools.lru_cache(maxsize=1024)  # an input's files are named one after the other
def fan_out(key: str) -> str:
    """The subfolder of an input's files in ``predictions/``: ``ab`` of ``ab/<name>.json``."""
    return hashlib.sha256(key.encode()).hexdigest()[:FAN_OUT]


def input_name(record: InputRecord) -> str:
    """What names ``record`` in its rows: the URL, the file's path, or a text's key."""
    return record.key if record.kind == "text" else record.value


def _split(
    kind: InputKind, members: list[InputRecord], body: bytes | memoryview
) -> dict[str, Piece]:
    """`split_body`, or `UnexpectedResponseError` (transient: the batch is fetched again next
    round) when the body is not a JSON array of sources."""
    try:
        return split_body(kind, members, body)
    except orjson.JSONDecodeError as exc:
        problem = f"a body that is not JSON ({exc}; it starts {bytes(body[:60])!r})"
    except (AttributeError, TypeError):  # valid JSON, but not an array of objects
        problem = "JSON that is not an array of sources"
    raise UnexpectedResponseError(
        f"job predictions: the server answered with {problem}; the batch is fetched again in "
        "the next round, its other inputs' outputs are kept",
        status_code=200,
    )


def _within(folder: Path, root: Path) -> bool:
    """Whether ``folder`` (``root`` joined with names free of ``..``) stays inside ``root``:
    none of the folders below ``root`` is a symbolic link (``root`` was checked once)."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        return False
    # No lstat at all for a file straight in ``root``.
    return not any(root.joinpath(*parts[:n]).is_symlink() for n in range(1, len(parts) + 1))


_ODD = frozenset("/\\\0")
"""Characters that make a manifest's name more than one plain file name (checked the long way)."""


_NO_RESULT = "the job's predictions hold no result for this input"


class OutputWriter:
    """Writes each job's outputs, then marks its inputs done in the manifest.

    Per input, in `<out>/predictions/`: JSON and CSV; with ``parquet``, the job's file of the
    run's `Dataset`. With ``parquet`` alone (no ``json``: `per_job`), no file per input: the
    job's JSON (`JobFiles`, every input's JSON in one file) and its dataset file. Names keep
    their media suffix (``face.jpg-<hash>``), so paths are built by appending. Runs in
    a worker thread (decoding a large predictions body must not stall the event loop); `stop`
    ends a batch between two inputs, so an interrupt never waits for a whole batch. The files of
    one job are made durable by one sync, not one fsync each (`deferred_durability`), then
    renamed into place, then recorded in the manifest.
    """

    def __init__(
        self,
        predictions_dir: Path,
        formats: tuple[str, ...],
        manifest: Manifest,
        dataset: Dataset | None = None,
        owner: str = "all",
        job_files: JobFiles | None = None,
    ) -> None:
        self.predictions_dir = predictions_dir
        self.owner = owner
        """Named in this writer's temp files (`clear_temps`): the run's shard, or ``all``."""
        self.formats = formats
        self.input_formats = tuple(f for f in formats if f != "parquet")
        """The formats written per input (Parquet is written per job, in the dataset)."""
        self.manifest = manifest
        self.dataset = dataset if "parquet" in formats else None
        self.job_files = job_files
        """Job files: written when `per_job` (then required), read whenever an input's own
        JSON is missing."""
        self.per_job = "json" not in formats
        """Whether the inputs' JSON is kept per job (a dataset-only run), not per input."""
        self.stop = threading.Event()
        self.root = os.fspath(predictions_dir)
        self._checked: set[str] = set()
        """Fan-out subfolders found to be real folders (no symbolic link), by `relative`."""
        self._last_job: tuple[str, dict[str, bytes]] | None = None
        """The job file `from_job_file` read last, by key (finished inputs come job by job)."""

    def path(self, record: InputRecord, suffix: str) -> Path:
        """Where an output of ``record`` goes: always inside the predictions folder, in the
        subfolder of its key (`fan_out`): ``predictions/ab/face.jpg-<hash>.json``.

        The name comes from the manifest, which anyone who can write the folder can edit: it
        is checked as a name from the user would be, and the folder it lands in must resolve
        inside ours (no symlinked subfolder, no ``..``).
        """
        return Path(self.file(record, suffix))

    def file(self, record: InputRecord, suffix: str) -> str:
        """`path` as a string (no `Path` per file on the hot path).

        A plain name (no separator) lands in its fan-out subfolder, which must not be a
        symbolic link: checked with one ``lstat`` the first time this writer meets it as a
        folder, then remembered (a run makes ~256 such checks, not two per input).
        """
        return os.path.join(self.root, self.relative(record, suffix))

    def relative(self, record: InputRecord, suffix: str) -> str:
        """An output's name inside ``predictions/`` (``ab/face.jpg-<hash>.json``), checked."""
        folder, name = fan_out(record.key), record.name + suffix
        if folder in self._checked and name not in ("", ".", "..") and _ODD.isdisjoint(name):
            return f"{folder}/{name}"
        rel = f"{folder}/{name}"
        parts = PurePosixPath(rel.replace("\\", "/")).parts
        target = self.predictions_dir / rel
        inside = (
            parts
            and not PurePosixPath(rel).is_absolute()
            and ".." not in parts
            and "\0" not in rel
            and _within(target.parent, self.predictions_dir)
        )
        if not inside:
            raise InvalidInput(
                f"the manifest names an output {rel!r} that is not inside "
                f"{str(self.predictions_dir)!r}: the manifest was edited or damaged; remove it "
                "and run again (finished outputs are re-fetched), or use another --out folder"
            )
        if len(parts) == 2:  # a plain name: its folder is remembered once it is a real one
            with contextlib.suppress(OSError):
                if stat.S_ISDIR(os.lstat(target.parent).st_mode):
                    self._checked.add(folder)
        return rel

    def write_job(
        self,
        kind: InputKind,
        job_id: str,
        members: list[InputRecord],
        todo: list[InputRecord],
        body: bytes | memoryview,
        on_written: Callable[[], None] = lambda: None,
    ) -> list[tuple[str, str | None]]:
        """Split job `job_id`'s predictions by input and write each input of `todo`; returns
        the written ones (fewer than `todo` when stopped early: `stop`).

        `members` are all inputs the job was submitted with (their order numbers the texts).
        Each input's JSON is its slice of the body, verbatim (its input named first); its other
        formats are decoded from that slice alone (`humebatch.bulk._split`). The job's files
        (dataset, job file) hold every member the body holds, done before or now: the same file
        every time. The manifest learns about the written inputs in one transaction at the end.
        """
        by_input = _split(kind, members, body)
        release = releaser(body)
        done: list[tuple[str, str | None]] = []
        with temps_owned_by(self.owner), deferred_durability():
            if self.per_job:
                done = self._write_per_job(job_id, members, todo, by_input, release)
            else:
                for record in todo:
                    if self.stop.is_set():
                        break
                    done.append(self._write(record, by_input.get(record.key)))
                if self.dataset is not None and not self.stop.is_set():
                    parts = [(r, by_input[r.key][0]) for r in members if r.key in by_input]
                    if parts:
                        held = [(r, input_name(r), raw) for r, raw in parts]
                        self.dataset.write(job_id, held, release)
        on_written()  # the files are in place; the manifest does not know yet
        self.manifest.mark_inputs_done(done)
        return done

    def _write_per_job(
        self,
        job_id: str,
        members: list[InputRecord],
        todo: list[InputRecord],
        by_input: dict[str, Piece],
        release: Callable[[], None],
    ) -> list[tuple[str, str | None]]:
        """A dataset-only run's job: its job file and dataset file, no file per input."""
        assert self.job_files is not None
        held = [(r, input_name(r), by_input[r.key][0]) for r in members if r.key in by_input]
        if held:
            # One input's JSON in memory at a time (a job of long videos: hundreds of MB);
            # `with_input` drops the pages of the body it copied.
            sources = (with_input(raw, name, r.line) for r, name, raw in held)
            self.job_files.write(job_id, [r.key for r, *_ in held], sources)
            if self.dataset is not None:
                self.dataset.write(job_id, held, release)
        return [
            (r.key, by_input[r.key][1]) if r.key in by_input else self._error_file(r, _NO_RESULT)
            for r in todo
        ]

    def _write(self, record: InputRecord, piece: Piece | None) -> tuple[str, str | None]:
        if piece is None:
            return self._error_file(record, _NO_RESULT)
        name = input_name(record)
        raw = with_input(piece[0], name, record.line)  # the API's result, and whose it is
        atomic_write_chunks(self.file(record, ".json"), (raw,))
        if len(self.input_formats) > 1:
            view = Predictions._from_source(raw, name, record.line)
            self._derived(record, view, self.input_formats)
        return record.key, piece[1]

    def _derived(self, record: InputRecord, view: Predictions, formats: Iterable[str]) -> None:
        if "csv" in formats:
            view.to_csv(self.file(record, ".csv"))

    def derive(self, record: InputRecord, formats: Iterable[str], raw: bytes | None = None) -> None:
        """Write `formats` of a finished input from its stored JSON (no request): its own
        file, or ``raw`` (its JSON from its job's file: then ``json`` may be among them)."""
        if raw is None:
            with open(self.file(record, ".json"), "rb") as handle:
                raw = handle.read()
        # The record names the input, also in JSON written before JSON named its input.
        with temps_owned_by(self.owner):
            if "json" in formats:
                atomic_write_chunks(self.file(record, ".json"), (raw,))
            view = Predictions._from_source(raw, input_name(record), record.line)
            self._derived(record, view, formats)

    def from_job_file(self, record: InputRecord, job_id: str | None) -> bytes | None:
        """``record``'s JSON from its job's file (`JobFiles`), if there is one that holds it."""
        if self.job_files is None or job_id is None:
            return None
        if self._last_job is None or self._last_job[0] != job_id:  # read job after job
            self._last_job = (job_id, self.job_files.read(job_id) or {})
        return self._last_job[1].get(record.key)

    def stored(self, record: InputRecord, job_id: str | None) -> bytes | None:
        """A finished input's JSON as this folder keeps it: per job or in its own file."""
        if self.per_job and (raw := self.from_job_file(record, job_id)) is not None:
            return raw
        try:
            with open(self.file(record, ".json"), "rb") as handle:
                return handle.read()
        except OSError:  # lost: the verification fetches it again
            return None if self.per_job else self.from_job_file(record, job_id)

    def check_dataset(self) -> int:
        """Rebuild, from the stored JSON, each dataset file that lacks a finished input's rows.

        A run stopped midway, a format added by a re-run, a file lost or damaged: the job's
        finished inputs are written again, without a request. Returns how many inputs.
        """
        if self.dataset is None:
            return 0
        stale: dict[str, int] = {}  # job id -> its batch
        for record, job_id in self.manifest.index_rows():
            if not (record.done and record.error is None and job_id) or job_id in stale:
                continue
            if record.batch_id is not None and record.key not in self.dataset.ranges(job_id):
                stale[job_id] = record.batch_id
        rebuilt = 0
        for job_id, batch_id in stale.items():
            parts = []
            for record in self.manifest.batch_inputs(batch_id):
                if record.done and record.error is None:
                    raw = self.stored(record, job_id)
                    if raw is not None:
                        parts.append((record, input_name(record), raw))
            if parts:
                with temps_owned_by(self.owner), deferred_durability():
                    self.dataset.write(job_id, parts)
                rebuilt += len(parts)
        return rebuilt

    def _error_file(self, record: InputRecord, message: str) -> tuple[str, str | None]:
        error = orjson.dumps({"input": record.value, "error": message})
        atomic_write_chunks(self.file(record, ".error.json"), (error,))
        return record.key, message

    def write_errors(self, records: list[InputRecord], message: str) -> None:
        """Error files for inputs whose job failed, then one manifest transaction."""
        with temps_owned_by(self.owner):
            done = [self._error_file(r, message) for r in records]
        self.manifest.mark_inputs_done(done)

    def job_file(self, job_id: str) -> Path:
        """Where a dataset-only run keeps job `job_id`'s JSON (`JobFiles`)."""
        assert self.job_files is not None
        return self.job_files.path(job_id)

    def outputs_of(self, record: InputRecord) -> list[str]:
        """`record`'s output files, from ``predictions/`` (``ab/face.jpg-<hash>.json``); no
        file-system access for a clean result."""
        if not record.done:
            return []
        if record.error is None:
            # Every finished input has this run's formats (added ones are derived first).
            return [self.relative(record, f".{fmt}") for fmt in self.input_formats]
        suffixes = (".json", ".csv", ".error.json")
        names = [self.relative(record, s) for s in suffixes]
        return [n for n in names if os.path.exists(os.path.join(self.root, n))]

    def fan_out_flat(self) -> int:
        """Move the files of a folder written before fan-out into their subfolders, once.

        Per finished input of this manifest (shards sharing the folder move their own); then
        one sync, then the manifest records the layout. Returns how many files moved.
        """
        if self.manifest.get_meta(LAYOUT_KEY) == LAYOUT:
            return 0
        moved = 0
        for record, _ in self.manifest.index_rows():
            if not record.done:
                continue
            for suffix in (".json", ".csv", ".error.json"):
                flat = self.predictions_dir / f"{record.name}{suffix}"
                if flat.is_file() and not flat.is_symlink():
                    target = self.path(record, suffix)
                    target.parent.mkdir(exist_ok=True)
                    os.replace(flat, target)
                    moved += 1
        if moved and hasattr(os, "sync"):
            os.sync()
        self.manifest.set_meta(LAYOUT_KEY, LAYOUT)
        return moved
