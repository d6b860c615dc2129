"""Live progress displays: job states (rich), shared by `submit --wait`, `wait` and the demo,
and the progress of a bulk run (`RunDisplay`, for `humebatch run`).

On a terminal they redraw in place; elsewhere (CI logs, pipes, files) they print lines: one per
job state change, and for a run one summary line at a steady interval, so logs stay readable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
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


# --------------------------------------------------------------------------- bulk runs


def _seconds(value: float) -> str:
    value = max(0.0, value)
    if value < 90:
        return f"{value:.0f} s"
    minutes, seconds = divmod(int(value), 60)
    if minutes < 90:
        return f"{minutes} min {seconds:02d} s"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def run_summary(counts: Mapping[str, int], elapsed: float, eta: float | None = None) -> str:
    """One line of a bulk run's counts, with the ETA when one is known (`RunDisplay.eta`)."""
    finished = counts.get("done", 0) + counts.get("errors", 0)
    total = counts.get("inputs", 0)
    shown = f", ETA {_seconds(eta)}" if eta is not None and finished < total else ""
    return (
        f"{finished}/{total} inputs finished ({counts.get('done', 0)} done, "
        f"{counts.get('errors', 0)} failed), {counts.get('jobs', 0)} jobs submitted, "
        f"{counts.get('running', 0)} running, {counts.get('retries', 0)} retries, "
        f"{counts.get('pauses', 0)} rate-limit pauses, {_seconds(elapsed)} elapsed{shown}"
    )


class RunDisplay:
    """What a bulk run shows on stderr while it runs.

    On a terminal: a bar of finished inputs with the jobs submitted and running (from the
    start, before any job ends). Elsewhere (Slurm, Kubernetes, nohup, a file): one summary line
    every ``interval`` seconds, and a last one at the end. Either way each event of the run
    (retry round, split, give-up) is one line, printed when it happens.
    """

    def __init__(
        self, console: Console, interval: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._console = console
        self._interval = interval
        self._clock = clock
        self._started = clock()
        # (time, inputs finished) when inputs first finished in this run, and most recently
        self._first_finish: tuple[float, int] | None = None
        self._last_finish: tuple[float, int] | None = None
        self._counts: dict[str, int] | None = None
        self._before = 0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        if console.is_terminal:
            self._bar = Progress(
                TextColumn("[bold]Bulk run"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )

    def progress(self, counts: Mapping[str, int]) -> None:
        """``on_progress`` of the run."""
        first = self._counts is None
        if first:
            # Inputs finished by earlier runs do not tell how fast this one goes.
            self._before = counts["done"] + counts["errors"]
        self._counts = dict(counts) | {"finished_before": self._before}
        finished = counts["done"] + counts["errors"]
        if finished > (self._last_finish or (0.0, self._before))[1]:
            self._last_finish = (self._clock(), finished)
            self._first_finish = self._first_finish or self._last_finish
        if first:
            self._start()
        if self._bar is not None and self._task is not None:
            detail = (
                f"{counts['errors']} failed, {counts['jobs']} jobs submitted, "
                f"{counts.get('running', 0)} running"
            )
            finished = counts["done"] + counts["errors"]
            self._bar.update(self._task, total=counts["inputs"], completed=finished, detail=detail)

    def eta(self) -> float | None:
        """Seconds left at the pace inputs finished between the first and the latest moment
        some did (jobs end in bursts: one burst alone tells no pace); None until then."""
        if self._counts is None or self._first_finish is None or self._last_finish is None:
            return None
        (t0, n0), (t1, n1) = self._first_finish, self._last_finish
        if t1 <= t0 or n1 <= n0:
            return None
        left = self._counts["inputs"] - n1
        return max(0.0, left / ((n1 - n0) / (t1 - t0)) - (self._clock() - t1))

    def event(self, sentence: str) -> None:
        """``on_event`` of the run: one line, now."""
        self._console.print(Text(sentence, "yellow"), soft_wrap=True, highlight=False)

    def _start(self) -> None:
        assert self._counts is not None
        if self._bar is not None:
            self._task = self._bar.add_task("run", total=self._counts["inputs"], detail="")
            self._bar.start()
            return
        self._line()
        self._ticker = threading.Thread(target=self._tick, name="humebatch-progress", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(self._interval):
            self._line()

    def _line(self) -> None:
        if self._counts is not None:
            stamp = time.strftime("%H:%M:%S")
            summary = run_summary(self._counts, self._clock() - self._started, self.eta())
            self._console.print(f"{stamp} run: {summary}", soft_wrap=True, highlight=False)

    def stop(self) -> None:
        """End the display (the last line off a terminal); safe to call twice."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._bar is not None:
            self._bar.stop()
        elif self._ticker is not None:
            self._ticker.join()
            self._line()
