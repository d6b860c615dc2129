"""The durable record of a bulk run: which inputs exist, which job holds them, what is done.

A SQLite file in the output folder (`manifest.sqlite`). Every state change is committed before the
action it announces, with `synchronous=FULL`, so that a process killed at any instant (SIGKILL
included) leaves a manifest that tells the next run exactly what to do:

- a batch `planned` was never sent: submit it;
- a batch `submitting` may or may not have created a job (the request may have reached the
  server): look the job up before any resubmission;
- a batch `submitted` has a job id: wait for it, never resubmit;
- a batch `split` failed and handed its unfinished inputs to new, smaller batches;
- a batch `superseded` belonged to a run with other models or options (a reprocessing run
  re-planned its inputs); its job id is kept so that lookups never adopt that job;
- an input `done` has its outputs on disk (written atomically before the row changed): skip it.

The `meta` table records what shaped the outputs (models and options, formats, base URL, a
fingerprint of the key). Queries a run makes per batch use indexes: the cost of a run grows with
its inputs, never with inputs times batches.

The API key is never stored here.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal, get_args

from .errors import InvalidInput

__all__ = ["OPEN_STATES", "SCHEMA_VERSION", "Batch", "InputRecord", "Manifest"]

InputKind = Literal["url", "file", "text"]
BatchState = Literal[
    "planned", "submitting", "submitted", "completed", "failed", "split", "superseded"
]
OPEN_STATES: tuple[BatchState, ...] = ("planned", "submitting", "submitted")
_BATCH_STATES = frozenset(get_args(BatchState))
_INPUT_KINDS = frozenset(get_args(InputKind))
_INPUT_COLUMNS_1 = frozenset({"key", "kind", "value", "name", "md5", "batch_id", "done", "error"})
_INPUT_COLUMNS = _INPUT_COLUMNS_1 | {"line"}
SCHEMA_VERSION = 2
"""The manifest's layout (``PRAGMA user_version``); a newer one is refused, never guessed at.

1: the first; 2: ``inputs.line`` (a text's line), added to an older manifest when opened."""
try:
    _VERSION = metadata.version("humebatch")
except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
    _VERSION = "(unknown version)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    key        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    name       TEXT NOT NULL,
    md5        TEXT,
    batch_id   INTEGER,
    done       INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    line       INTEGER
);
CREATE TABLE IF NOT EXISTS batches (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    state           TEXT NOT NULL,
    job_id          TEXT UNIQUE,
    submit_started_ms INTEGER,
    submissions     INTEGER NOT NULL DEFAULT 0,
    message         TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS inputs_by_batch ON inputs (batch_id);
CREATE INDEX IF NOT EXISTS inputs_unassigned ON inputs (kind) WHERE batch_id IS NULL;
CREATE INDEX IF NOT EXISTS batches_by_state ON batches (state);
"""


@dataclass(frozen=True)
class InputRecord:
    """One input of a run: a URL, a local file or a text string.

    ``line``: a text's 1-based line in its text file (or position in the list it was given
    in); None for URLs and files.
    """

    key: str
    kind: InputKind
    value: str
    name: str
    md5: str | None = None
    batch_id: int | None = None
    done: bool = False
    error: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Batch:
    """A group of inputs sent as one job."""

    id: int
    kind: InputKind
    state: BatchState
    job_id: str | None
    submit_started_ms: int | None
    submissions: int
    message: str | None


class Manifest:
    """SQLite-backed, thread-safe record of a bulk run (see the module docstring)."""

    FILENAME = "manifest.sqlite"

    def __init__(self, out_dir: str | Path, filename: str = FILENAME) -> None:
        self.path = Path(out_dir) / filename
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # re-entered by the changes of a `group`
        self._grouped = False
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed transition survives power loss, not only a process kill.
            self._db.execute("PRAGMA synchronous=FULL")
            self._open_schema()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if isinstance(exc, sqlite3.OperationalError):  # cannot open or write: not damage
                raise
            raise InvalidInput(
                f"{str(self.path)!r} is damaged or not a humebatch manifest ({exc}): move it "
                "away and run the same command again (outputs already written are kept, "
                "finished jobs are fetched again), or use another --out folder"
            ) from None
        except InvalidInput:
            self._db.close()
            raise

    def _open_schema(self) -> None:
        """Create or check the schema: a manifest this humebatch cannot read is refused.

        ``PRAGMA user_version`` numbers the schema (0: made before it was numbered, the same
        layout as 1); ``meta.written_by`` names the humebatch that last wrote the file. An
        older schema is migrated in place (1 → 2: ``inputs.line`` added, NULL until a run
        records the inputs again), so its folder still resumes.
        """
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise InvalidInput(
                f"{str(self.path)!r} was written by {self._written_by()} (manifest schema "
                f"{version}); this humebatch {_VERSION} reads schema {SCHEMA_VERSION} at "
                "most: run a newer humebatch, or use another --out folder"
            )
        known = frozenset(row[1] for row in self._db.execute("PRAGMA table_info(inputs)"))
        if known == _INPUT_COLUMNS_1 and version < 2:
            self._db.execute("ALTER TABLE inputs ADD COLUMN line INTEGER")
            known = _INPUT_COLUMNS
        if known and known != _INPUT_COLUMNS:
            raise InvalidInput(
                f"{str(self.path)!r} has a layout this humebatch {_VERSION} does not know "
                f"(written by {self._written_by()}): use the humebatch that made it, or "
                "another --out folder"
            )
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._check_values()
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES ('written_by', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps(_VERSION),),
        )

    def _written_by(self) -> str:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'written_by'").fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is None:
            return "an unknown version of humebatch"
        try:
            value = json.loads(row[0])
        except ValueError:
            value = row[0]
        return f"humebatch {value}"

    def _check_values(self) -> None:
        """Refuse states and kinds this version does not know (not count them as pending)."""
        for table, column, allowed in (
            ("batches", "state", _BATCH_STATES),
            ("inputs", "kind", _INPUT_KINDS),
        ):
            found = {row[0] for row in self._db.execute(f"SELECT DISTINCT {column} FROM {table}")}
            unknown = sorted(str(v) for v in found - allowed)
            if unknown:
                raise InvalidInput(
                    f"{str(self.path)!r} holds {table} in {column} {', '.join(unknown)}, which "
                    f"this humebatch {_VERSION} does not know (written by "
                    f"{self._written_by()}): use the humebatch that made it, or another --out "
                    "folder"
                )

    def __repr__(self) -> str:
        return f"Manifest({str(self.path)!r})"

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ planning
    def add_inputs(self, records: Iterable[InputRecord]) -> int:
        """Record inputs not seen before; returns how many were new.

        ``records`` is consumed as a stream in one transaction: if it raises (a bad input found
        late), nothing of it is recorded. An input seen before keeps its record; only a line
        it lacks (a manifest from before lines) is filled in.
        """
        with self._lock, self._tx():
            before = self._count("SELECT COUNT(*) FROM inputs")
            self._db.executemany(
                "INSERT INTO inputs (key, kind, value, name, md5, line) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET line = excluded.line "
                "WHERE inputs.line IS NULL AND excluded.line IS NOT NULL",
                ((r.key, r.kind, r.value, r.name, r.md5, r.line) for r in records),
            )
            return self._count("SELECT COUNT(*) FROM inputs") - before

    def plan_batches(
        self, kind: InputKind, groups: Callable[[Iterator[InputRecord]], Iterator[list[str]]]
    ) -> int:
        """Group the unassigned inputs of `kind` into `planned` batches in one transaction.

        ``groups`` turns the inputs (insertion order) into lists of keys, one per batch. Returns
        the number of batches created.
        """
        with self._lock, self._tx():
            rows = self._db.execute(
                "SELECT * FROM inputs WHERE batch_id IS NULL AND kind = ? ORDER BY rowid", (kind,)
            ).fetchall()
            created = 0
            for keys in groups(self._input(r) for r in rows):
                cursor = self._db.execute(
                    "INSERT INTO batches (kind, state) VALUES (?, 'planned')", (kind,)
                )
                self._db.executemany(
                    "UPDATE inputs SET batch_id = ? WHERE key = ?",
                    [(cursor.lastrowid, key) for key in keys],
                )
                created += 1
            return created

    def unassigned(self, kind: InputKind) -> list[InputRecord]:
        """Inputs of `kind` that belong to no batch yet, in insertion order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM inputs WHERE batch_id IS NULL AND kind = ? ORDER BY rowid", (kind,)
            ).fetchall()
        return [self._input(r) for r in rows]

    def create_batch(self, kind: InputKind, keys: Sequence[str]) -> int:
        """Group inputs into a new `planned` batch, atomically."""
        if not keys:
            raise ValueError("a batch needs at least one input")
        with self._lock, self._tx():
            cursor = self._db.execute(
                "INSERT INTO batches (kind, state) VALUES (?, 'planned')", (kind,)
            )
            batch_id = int(cursor.lastrowid or 0)
            self._db.executemany(
                "UPDATE inputs SET batch_id = ? WHERE key = ? AND batch_id IS NULL",
                [(batch_id, key) for key in keys],
            )
            return batch_id

    def split_batch(self, batch_id: int, message: str, size: int = 1) -> list[int]:
        """Close a failed batch as `split` and move its unfinished inputs into new batches of
        `size` inputs (the last one may be smaller); returns the new batches' ids."""
        if size < 1:
            raise ValueError("a split needs pieces of at least one input")
        with self._lock, self._tx():
            keys = [
                str(row[0])
                for row in self._db.execute(
                    "SELECT key FROM inputs WHERE batch_id = ? AND done = 0 ORDER BY rowid",
                    (batch_id,),
                )
            ]
            if len(keys) < 2:
                raise ValueError("a batch needs at least two unfinished inputs to be split")
            kind = self._db.execute("SELECT kind FROM batches WHERE id = ?", (batch_id,)).fetchone()
            self._db.execute(
                "UPDATE batches SET state = 'split', message = ? WHERE id = ?", (message, batch_id)
            )
            children = []
            for start in range(0, len(keys), size):
                cursor = self._db.execute(
                    "INSERT INTO batches (kind, state) VALUES (?, 'planned')", (kind[0],)
                )
                child = int(cursor.lastrowid or 0)
                self._db.executemany(
                    "UPDATE inputs SET batch_id = ? WHERE key = ?",
                    [(child, k) for k in keys[start : start + size]],
                )
                children.append(child)
            return children

    # ------------------------------------------------------------------ submission
    def mark_submitting(self, batch_id: int) -> None:
        """Announce a submit request: from now on a job may exist for this batch."""
        now_ms = int(time.time() * 1000)
        self._exec(
            # Keep the first attempt's time: a lookup must cover every attempt that may have
            # created a job.
            "UPDATE batches SET state = 'submitting', "
            "submit_started_ms = COALESCE(submit_started_ms, ?), "
            "submissions = submissions + 1 WHERE id = ?",
            (now_ms, batch_id),
        )

    def mark_submitted(self, batch_id: int, job_id: str) -> None:
        self._exec(
            "UPDATE batches SET state = 'submitted', job_id = ? WHERE id = ?", (job_id, batch_id)
        )

    def mark_unsent(self, batch_id: int) -> None:
        """The submit provably did not create a job (rejected before processing)."""
        self._exec("UPDATE batches SET state = 'planned' WHERE id = ?", (batch_id,))

    def mark_finished(
        self, batch_id: int, state: Literal["completed", "failed"], message: str | None = None
    ) -> None:
        self._exec(
            "UPDATE batches SET state = ?, message = ? WHERE id = ?", (state, message, batch_id)
        )

    def mark_input_done(self, key: str, error: str | None = None) -> None:
        """Record that `key`'s outputs are on disk (call only after writing them)."""
        self.mark_inputs_done([(key, error)])

    def mark_inputs_done(self, done: Sequence[tuple[str, str | None]]) -> None:
        """`mark_input_done` for many ``(key, error)`` pairs in one transaction."""
        with self._lock, self._tx():
            self._db.executemany(
                "UPDATE inputs SET done = 1, error = ? WHERE key = ?",
                [(error, key) for key, error in done],
            )

    def mark_forgotten(self, batch_id: int, job_id: str) -> None:
        """The server does not know the batch's job: plan the batch again (explicit resubmit)."""
        self._exec(
            "UPDATE batches SET state = 'planned', job_id = NULL, submit_started_ms = NULL, "
            "message = ? WHERE id = ?",
            (f"job {job_id} was unknown to the server; resubmitted", batch_id),
        )

    def reopen_inputs(self, keys: Sequence[str]) -> None:
        """Finished inputs whose outputs are gone: not done again, in one transaction.

        Their batches go back to `submitted` (the next pass fetches the same job's predictions
        again, never resubmits); an input of a batch without a job is planned again.
        """
        with self._lock, self._tx():
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                self._db.execute(
                    "UPDATE batches SET state = 'submitted' WHERE job_id IS NOT NULL AND id IN "
                    f"(SELECT batch_id FROM inputs WHERE key IN ({marks}))",
                    chunk,
                )
                self._db.execute(
                    "UPDATE inputs SET done = 0, error = NULL, batch_id = CASE WHEN batch_id IN "
                    "(SELECT id FROM batches WHERE job_id IS NOT NULL) THEN batch_id END "
                    f"WHERE key IN ({marks})",
                    chunk,
                )

    def reset_for_reprocess(self) -> None:
        """Forget every result: all inputs are planned again (old jobs stay known, superseded)."""
        with self._lock, self._tx():
            self._db.execute("UPDATE batches SET state = 'superseded'")
            self._db.execute("UPDATE inputs SET batch_id = NULL, done = 0, error = NULL")

    def reset_failed(self) -> list[InputRecord]:
        """Plan the inputs whose job failed again (their failed batches stay closed); returns
        them as they were, error included."""
        with self._lock, self._tx():
            rows = self._db.execute(
                "SELECT * FROM inputs WHERE done = 1 AND error IS NOT NULL ORDER BY rowid"
            ).fetchall()
            self._db.execute(
                "UPDATE inputs SET batch_id = NULL, done = 0, error = NULL "
                "WHERE done = 1 AND error IS NOT NULL"
            )
        return [self._input(r) for r in rows]

    # ------------------------------------------------------------------ queries
    def batches(self, *states: BatchState) -> list[Batch]:
        query = "SELECT * FROM batches"
        params: tuple[str, ...] = ()
        if states:
            query += f" WHERE state IN ({','.join('?' * len(states))})"
            params = states
        with self._lock:
            rows = self._db.execute(query + " ORDER BY id", params).fetchall()
        return [self._batch(r) for r in rows]

    def batch(self, batch_id: int) -> Batch:
        with self._lock:
            row = self._db.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        if row is None:
            raise KeyError(batch_id)
        return self._batch(row)

    def open_batch_ids(self) -> list[int]:
        """Batches not finished yet (planned, submitting, submitted), in planning order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM batches WHERE state IN (?, ?, ?) ORDER BY id", OPEN_STATES
            ).fetchall()
        return [int(r[0]) for r in rows]

    def index_rows(self, chunk: int = 5000) -> Iterator[tuple[InputRecord, str | None]]:
        """Every input with the id of the job that holds it (if any), streamed in chunks."""
        last = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT inputs.rowid, inputs.*, batches.job_id FROM inputs "
                    "LEFT JOIN batches ON batches.id = inputs.batch_id "
                    "WHERE inputs.rowid > ? ORDER BY inputs.rowid LIMIT ?",
                    (last, chunk),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                job_id = row[-1]
                yield self._input(row[1:-1]), None if job_id is None else str(job_id)
            last = int(rows[-1][0])

    def batch_inputs(self, batch_id: int) -> list[InputRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM inputs WHERE batch_id = ? ORDER BY rowid", (batch_id,)
            ).fetchall()
        return [self._input(r) for r in rows]

    def inputs(self) -> Iterator[InputRecord]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM inputs ORDER BY rowid").fetchall()
        return (self._input(r) for r in rows)

    def known_job_ids(self) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT job_id FROM batches WHERE job_id IS NOT NULL")
            return {str(r[0]) for r in rows}

    def counts(self) -> dict[str, int]:
        """Summary numbers for progress displays and reports."""
        with self._lock:
            total = self._count("SELECT COUNT(*) FROM inputs")
            done = self._count("SELECT COUNT(*) FROM inputs WHERE done = 1 AND error IS NULL")
            errors = self._count("SELECT COUNT(*) FROM inputs WHERE done = 1 AND error IS NOT NULL")
            jobs = self._count("SELECT COUNT(*) FROM batches WHERE job_id IS NOT NULL")
            submissions = self._count("SELECT COALESCE(SUM(submissions), 0) FROM batches")
        return {
            "inputs": total,
            "done": done,
            "errors": errors,
            "pending": total - done - errors,
            "jobs": jobs,
            "submissions": submissions,
        }

    def set_meta(self, key: str, value: object) -> None:
        self._exec(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def get_meta(self, key: str) -> object:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    # ------------------------------------------------------------------ internals
    def _exec(self, sql: str, params: Sequence[object]) -> None:
        with self._lock, self._tx():
            self._db.execute(sql, params)

    def _count(self, sql: str) -> int:
        return int(self._db.execute(sql).fetchone()[0])

    class _Tx:
        def __init__(self, db: sqlite3.Connection, inner: bool) -> None:
            self._db = db
            self._inner = inner

        def __enter__(self) -> None:
            if not self._inner:
                self._db.execute("BEGIN IMMEDIATE")

        def __exit__(self, exc_type: object, *rest: object) -> None:
            if not self._inner:
                self._db.execute("ROLLBACK" if exc_type else "COMMIT")

    def _tx(self) -> Manifest._Tx:
        return Manifest._Tx(self._db, self._grouped)

    @contextlib.contextmanager
    def group(self) -> Iterator[None]:
        """Make the changes inside one transaction: one commit (one sync) for all of them.

        Each change is still committed before the caller acts on it, only together with the
        others of the group (a group commit). If one raises, none of them is recorded.
        """
        with self._lock:
            if self._grouped:
                yield
                return
            with self._tx():
                self._grouped = True
                try:
                    yield
                finally:
                    self._grouped = False

    @staticmethod
    def _input(row: tuple[object, ...]) -> InputRecord:
        key, kind, value, name, md5, batch_id, done, error, line = row
        return InputRecord(
            key=str(key),
            kind=kind,  # type: ignore[arg-type]
            value=str(value),
            name=str(name),
            md5=None if md5 is None else str(md5),
            batch_id=None if batch_id is None else int(batch_id),  # type: ignore[call-overload]
            done=bool(done),
            error=None if error is None else str(error),
            line=None if line is None else int(line),  # type: ignore[call-overload]
        )

    @staticmethod
    def _batch(row: tuple[object, ...]) -> Batch:
        batch_id, kind, state, job_id, started, submissions, message = row
        return Batch(
            id=int(batch_id),  # type: ignore[call-overload]
            kind=kind,  # type: ignore[arg-type]
            state=state,  # type: ignore[arg-type]
            job_id=None if job_id is None else str(job_id),
            submit_started_ms=None if started is None else int(started),  # type: ignore[call-overload]
            submissions=int(submissions),  # type: ignore[call-overload]
            message=None if message is None else str(message),
        )
