"""The live job board: state-change lines off a terminal, a summary and marks on one."""

from __future__ import annotations

import io

from humebatch.cli._progress import JobBoard, live_board
from rich.console import Console


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, width=120, color_system=None), buffer


def test_off_a_terminal_each_change_is_one_line() -> None:
    console, buffer = _console(terminal=False)
    with live_board(console, ["a", "b"]) as board:
        board.update("a", "IN_PROGRESS")
        board.update("a", "IN_PROGRESS")  # no change, no line
        board.update("a", "COMPLETED")
        board.update("b", "FAILED", "bad input")
    assert buffer.getvalue().splitlines() == [
        "job a: IN_PROGRESS",
        "job a: COMPLETED",
        "job b: FAILED (bad input)",
    ]
    assert board.counts() == {"COMPLETED": 1, "FAILED": 1}


def test_render_shows_counts_and_a_final_mark() -> None:
    console, buffer = _console(terminal=True)
    board = JobBoard(console=console, title="Waiting")
    board.add("job-1")
    board.add("job-2")
    board.update("job-1", "COMPLETED")
    console.print(board)
    running = buffer.getvalue()
    assert "1/2 done" in running and "QUEUED 1" in running and "✓" not in running
    board.update("job-2", "TIMEOUT")
    console.print(board)
    assert "2/2 done" in buffer.getvalue() and "✗" in buffer.getvalue()
