"""Live progress display of job states (rich), shared by `submit --wait`, `wait` and the demo.

On a terminal it redraws a summary bar and a table of jobs in place; elsewhere (CI logs, pipes)
it prints one line per state change, so logs stay readable and diffable.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

# Final rows: the API's terminal states, plus the CLI's own labels for a wait that gave up.
BAD = frozenset({"FAILED", "TIMEOUT", "ERROR"})
TERMINAL = frozenset({"COMPLETED"}) | BAD
STYLES = {
    "QUEUED": "yellow",
    "IN_PROGRESS": "cyan",
    "COMPLETED": "green",
    "FAILED": "bold red",
    "TIMEOUT": "magenta",
    "ERROR": "bold red",
}
_MAX_ROWS = 12


@dataclass
class _Row:
    status: str
    since: float
    message: str | None = None


@dataclass
class JobBoard:
    """Current state of a set of jobs, renderable by rich.

    Feed it with :meth:`update` from a wait loop's progress callback.
    """

    console: Console
    title: str = "Waiting for jobs"
    rows: dict[str, _Row] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    _spinner: Spinner = field(default_factory=lambda: Spinner("dots", style="cyan"))

    def add(self, job_id: str, status: str = "QUEUED") -> None:
        """Register a job before its first poll."""
        self.rows.setdefault(job_id, _Row(status, time.monotonic()))

    def update(self, job_id: str, status: str, message: str | None = None) -> None:
        """Record the latest status of a job; prints a line per change when not on a terminal."""
        row = self.rows.get(job_id)
        if row is not None and row.status == status and row.message == message:
            return
        previous = row.status if row else None
        self.rows[job_id] = _Row(status, time.monotonic(), message)
        if not self.console.is_terminal and previous != status:
            line = Text.assemble(
                f"job {job_id}: ",
                (status, STYLES.get(status, "")),
                f" ({message})" if message else "",
            )
            self.console.print(line, highlight=False)

    def counts(self) -> dict[str, int]:
        """Number of jobs per status."""
        counts: dict[str, int] = {}
        for row in self.rows.values():
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    def __rich__(self) -> RenderableType:
        total = len(self.rows)
        done = sum(1 for r in self.rows.values() if r.status in TERMINAL)
        elapsed = time.monotonic() - self.started
        summary = Text.assemble(
            (f"{self.title} ", "bold"),
            f"{done}/{total} done  ",
            *(
                (f"{status} {n}  ", STYLES.get(status, ""))
                for status, n in sorted(self.counts().items())
            ),
            (f"{elapsed:5.1f}s", "dim"),
        )
        # A grid row ends its line; a bare ProgressBar would run into the table below it.
        header = Table.grid(padding=(0, 1))
        mark: RenderableType = self._spinner
        if done == total:
            bad = any(r.status in BAD for r in self.rows.values())
            mark = Text("✗", "bold red") if bad else Text("✓", "green")
        header.add_row(mark, ProgressBar(total=max(total, 1), completed=done, width=30), summary)
        table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
        table.add_column("job")
        table.add_column("status")
        table.add_column("elapsed", justify="right")
        table.add_column("message", overflow="fold")
        # unfinished jobs first: they are the ones being watched
        ordered = sorted(self.rows.items(), key=lambda kv: (kv[1].status in TERMINAL, kv[0]))
        now = time.monotonic()
        for job_id, row in ordered[:_MAX_ROWS]:
            # finished jobs keep the time they finished at; the others count on
            until = row.since if row.status in TERMINAL else now
            table.add_row(
                job_id,
                Text(row.status, STYLES.get(row.status, "")),
                f"{until - self.started:.1f}s",
                Text(row.message or "", "red"),
            )
        if total > _MAX_ROWS:
            table.add_row(f"… {total - _MAX_ROWS} more", "", "", "")
        return Group(header, table)


@contextmanager
def live_board(
    console: Console, job_ids: list[str], title: str = "Waiting for jobs"
) -> Iterator[JobBoard]:
    """A :class:`JobBoard` shown live on ``console`` for the duration of the block."""
    board = JobBoard(console=console, title=title)
    for job_id in job_ids:
        board.add(job_id)
    if not console.is_terminal:
        yield board
        return
    with Live(
        console=console,
        get_renderable=board.__rich__,
        refresh_per_second=8,
        transient=False,
    ):
        yield board
