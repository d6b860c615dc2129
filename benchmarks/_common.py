"""Shared helpers: machine facts, repeatable timing, result tables, skips."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(__file__).resolve().parent
CACHE = BENCH_DIR / ".cache"
RESULTS = BENCH_DIR / "results"


def machine() -> str:
    """One line: cores, CPU, Python, OS (every table states where it was measured)."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cores} cores ({cpu}), Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.release()}"
    )


@dataclass
class Stats:
    """Timings of one contender, in seconds."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def cell(self) -> str:
        """``median (min-max)`` in a readable unit."""
        return f"{fmt_seconds(self.median)} ({fmt_seconds(self.low)}-{fmt_seconds(self.high)})"


def fmt_seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def timed(fn: Callable[[], Any], inner: int = 1) -> float:
    """Seconds per call (mean of ``inner`` back-to-back calls), starting from a collected heap.

    Results are kept until the clock stops and freed after, so their teardown is not timed.
    """
    gc.collect()
    results = []
    start = time.perf_counter()
    for _ in range(inner):
        results.append(fn())
    elapsed = time.perf_counter() - start
    del results
    return elapsed / inner


def interleaved(
    contenders: dict[str, Callable[[], Any]], rounds: int, inner: int = 1, *, warm_up: bool = True
) -> dict[str, Stats]:
    """Time each contender once per round, in turn, so drift on a noisy machine hits all alike.

    ``warm_up`` first calls each once untimed (imports, caches, first-call costs).
    """
    if warm_up:
        for fn in contenders.values():
            timed(fn)
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            samples[name].append(timed(fn, inner))
    return {name: Stats(values) for name, values in samples.items()}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "n/a"


@dataclass
class Section:
    """One benchmark's output: a title, a markdown table, notes, a verdict per goal."""

    title: str
    header: Sequence[str] = ()
    rows: list[Sequence[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    goals: list[tuple[str, bool | None, str]] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    skipped: str | None = None
    seconds: float = 0.0
    cpu: float = 0.0
    machine: str = ""

    def goal(self, text: str, met: bool | None, measured: str) -> None:
        """Record a goal; ``met`` None means it could not be judged (say why in ``measured``)."""
        self.goals.append((text, met, measured))

    def figure(self, text: str, measured: str) -> None:
        """Record a headline figure with no goal (``text`` without ": "); the README quotes it."""
        if ": " in text:
            raise ValueError(f"a figure's name cannot hold ': ' ({text!r})")
        self.figures.append((text, measured))

    def markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        if self.skipped is not None:
            lines += [f"skipped: {self.skipped}", ""]
            return "\n".join(lines)
        if self.header:
            lines.append("| " + " | ".join(self.header) + " |")
            lines.append("|" + "|".join("---" for _ in self.header) + "|")
            lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in self.rows]
            lines.append("")
        for text, met, measured in self.goals:
            mark = {True: "met", False: "NOT met", None: "not judged"}[met]
            lines.append(f"- Goal: {text} — **{mark}** ({measured})")
        lines += [f"- Figure: {text}: {measured}" for text, measured in self.figures]
        lines += [f"- {note}" for note in self.notes]
        lines.append(
            f"- Took {self.seconds:.0f} s ({self.cpu:.0f} s CPU) on {self.machine or machine()}."
        )
        lines.append("")
        return "\n".join(lines)


class Skip(Exception):
    """A benchmark cannot run here; the message says why (printed as ``skipped: ...``)."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
