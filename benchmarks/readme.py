"""The README's benchmark figures, written from ``benchmarks/results/latest.md`` and nowhere else.

    python -m benchmarks.readme            # rewrite README.md's block from results/latest.md
    python -m benchmarks.readme --check    # exit 1 if the block is not what latest.md gives

README.md holds the block between ``<!-- bench:begin -->`` and ``<!-- bench:end -->``. A full
``make bench`` run rewrites it right after latest.md, so the two cannot drift; the block is a table
of every section's goals (``- Goal:`` lines: verdict and measured figures) and reported figures
(``- Figure:`` lines), under the run's own heading line (command, date, commit, machine) and
followed by its whole-run line. ``tests/tooling/test_bench_readme.py`` checks the block against
latest.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ._common import RESULTS, ROOT

README = ROOT / "README.md"
LATEST = RESULTS / "latest.md"
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
NOTICE = (
    "<!-- Written by `make bench` (`python -m benchmarks.readme`) from "
    "benchmarks/results/latest.md: edit neither by hand. -->"
)
GOAL = re.compile(
    r"^- Goal: (?P<what>.+) — \*\*(?P<verdict>met|NOT met|not judged)\*\* \((?P<measured>.*)\)$"
)
FIGURE = re.compile(r"^- Figure: (?P<what>.+?): (?P<measured>.+)$")
SKIPPED = re.compile(r"^skipped: (?P<why>.+)$")


class BlockError(ValueError):
    """README.md has no well-formed benchmark block (say where the markers must go)."""


@dataclass(frozen=True)
class Row:
    section: str
    what: str
    result: str


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rows(latest: str) -> list[Row]:
    """Every goal, figure and skip of every section, in order."""
    found: list[Row] = []
    section = ""
    for line in latest.splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
        elif match := GOAL.match(line):
            verdict = match["verdict"]
            result = f"**{verdict}**" if verdict != "met" else "met"
            found.append(Row(section, match["what"], f"{result}: {match['measured']}"))
        elif match := FIGURE.match(line):
            found.append(Row(section, match["what"], match["measured"]))
        elif section and (match := SKIPPED.match(line)):
            found.append(Row(section, "(section)", f"skipped: {match['why']}"))
    return found


def summary(latest: str) -> str:
    """The block's body: where the figures come from, then one table row per goal or figure."""
    lines = latest.splitlines()
    run = next((line for line in lines if line.startswith("`")), None)
    whole = next((line for line in lines if line.startswith("Whole run:")), None)
    if run is None:
        raise BlockError("latest.md has no run line (`make bench` on ..., commit ...)")
    body = [
        NOTICE,
        f"From [benchmarks/results/latest.md](benchmarks/results/latest.md), one run: {run}",
        "",
        "| section | goal or figure | result |",
        "|---|---|---|",
    ]
    previous = None
    for row in rows(latest):
        name = row.section if row.section != previous else ""
        previous = row.section
        body.append(f"| {_cell(name)} | {_cell(row.what)} | {_cell(row.result)} |")
    if whole is not None:
        body += ["", whole]
    return "\n".join(body)


def block(readme: str) -> str:
    """The text between the markers (without them)."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start or readme.count(BEGIN) != 1 or readme.count(END) != 1:
        raise BlockError(f"README.md needs one {BEGIN} line and, after it, one {END} line")
    return readme[start + len(BEGIN) : end].strip("\n")


def updated(readme: str, latest: str) -> str:
    """README text with its block replaced by ``summary(latest)``."""
    block(readme)  # the markers are there
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return f"{readme[:start]}\n{summary(latest)}\n{readme[end:]}"


def write(readme: Path | None = None, latest: Path | None = None) -> bool:
    """Rewrite ``readme``'s block (README.md) from ``latest`` (latest.md); True if it changed."""
    readme, latest = readme or README, latest or LATEST
    old = readme.read_text(encoding="utf-8")
    new = updated(old, latest.read_text(encoding="utf-8"))
    if new != old:
        readme.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readme", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only say whether the block is stale")
    args = parser.parse_args(argv)
    if args.check:
        text = README.read_text(encoding="utf-8")
        if updated(text, LATEST.read_text(encoding="utf-8")) != text:
            print("README.md's benchmark block differs from results/latest.md", file=sys.stderr)
            print("run: python -m benchmarks.readme", file=sys.stderr)
            return 1
        return 0
    changed = write()
    print(f"{README.name}: {'rewritten' if changed else 'already'} from {LATEST.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
