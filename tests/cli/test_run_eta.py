"""The ETA of `humebatch run`'s progress lines follows the pace at which inputs finish between
two moments, not elapsed time over a first burst (which promised minutes for seconds' work)."""

from __future__ import annotations

import io

from humebatch.cli._progress import RunDisplay
from rich.console import Console


def _counts(done: int, inputs: int = 55) -> dict[str, int]:
    return {"inputs": inputs, "done": done, "errors": 0, "pending": inputs - done, "jobs": 2,
            "submissions": 2, "running": 1, "retries": 0, "pauses": 0}  # fmt: skip


def test_no_eta_from_a_single_burst_then_the_pace_between_bursts() -> None:
    clock = [100.0]
    display = RunDisplay(
        Console(file=io.StringIO(), force_terminal=False), 60.0, clock=lambda: clock[0]
    )
    display.progress(_counts(0))
    clock[0] = 105.0
    display.progress(_counts(4))  # one job of 4 inputs ended: a burst tells no pace yet
    clock[0] = 109.0
    assert display.eta() is None
    clock[0] = 110.0
    display.progress(_counts(24))  # 20 more in 5 s: 4 inputs/s, 31 left
    assert display.eta() == 31 / 4
    clock[0] = 112.0
    assert display.eta() == 31 / 4 - 2
    clock[0] = 200.0
    assert display.eta() == 0.0
    display.stop()
