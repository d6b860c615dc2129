"""README's benchmark figures are the ones in ``benchmarks/results/latest.md``, written by one run.

``make bench`` writes latest.md whole and then README's block between ``<!-- bench:begin -->``
and ``<!-- bench:end -->`` from it (``benchmarks/readme.py``). Here: the committed README's block
is exactly what the committed latest.md gives; every goal and figure line of latest.md reaches
it; the rest of the Performance section quotes no measured figure; and a (fake) full run of the
harness writes both files, while ``--quick`` and ``--only`` write neither.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` is a top-level package of the repository
    sys.path.insert(0, str(ROOT))

from benchmarks import __main__ as harness  # noqa: E402
from benchmarks import readme  # noqa: E402
from benchmarks._common import Section  # noqa: E402

README = ROOT / "README.md"
LATEST = ROOT / "benchmarks" / "results" / "latest.md"
# What a measured result looks like: a ratio, a binary size, a sub-second time, a rate.
MEASURED = re.compile(
    r"\d[\d,.]*\s*(?:[x\u00d7](?![\w-])|MiB\b|KiB\b|µs\b|ms\b|inputs/s|req(?:uests)?/s"
    r"|job-durations|requests per job|%)"
)


def _fake_latest() -> str:
    """A latest.md as the harness writes it, from two sections with every kind of line."""
    one = Section("1. Fake predictions")
    one.header = ("payload", "time")
    one.rows.append(("tiny", "12 µs"))
    one.goal("parse ≤ 0.8x `orjson.loads`", False, "video-1h 0.91x | fastest 0.85x")
    one.goal("memory ≤ 3x the body", True, "2.64x")
    one.goal("20 jobs in ≤ 2 job-durations", None, "1.62 job-durations")
    one.figure("official SDK, time over ours", "134.25x (video-1h)")
    one.notes.append("- Goal: a note that only looks like a goal is not one")
    two = Section("2. Fake upload")
    two.skipped = "the mock server is not importable"
    head = (
        "## Benchmarks (latest run)\n\n"
        "`make bench` on 2026-12-03 17:00 UTC, commit `abc` (clean tree): 2 cores.\n"
    )
    tail = (
        "Whole run: 600 s wall, 700 s CPU (this process and its children); "
        "budget 15 min on 2 cores: within."
    )
    return "\n".join([head, one.markdown(), two.markdown(), tail]) + "\n"


def test_the_readme_block_is_what_latest_md_gives() -> None:
    text = README.read_text(encoding="utf-8")
    expected = readme.updated(text, LATEST.read_text(encoding="utf-8"))
    assert text == expected, "README's benchmark block is stale: run python -m benchmarks.readme"


def test_every_goal_and_figure_line_of_latest_md_is_read() -> None:
    latest = LATEST.read_text(encoding="utf-8")
    quoted = [line for line in latest.splitlines() if line.startswith(("- Goal:", "- Figure:"))]
    assert quoted, "latest.md has no goals: not written by the harness?"
    assert len(readme.rows(latest)) >= len(quoted)
    block = readme.block(README.read_text(encoding="utf-8"))
    for line in quoted:
        match = readme.GOAL.match(line) or readme.FIGURE.match(line)
        assert match is not None, f"a line the README would miss: {line}"
        assert readme._cell(match["measured"]) in block


def test_the_summary_has_each_goal_verdict_figure_and_skip() -> None:
    latest = _fake_latest()
    rows = readme.rows(latest)
    assert [(r.section, r.what) for r in rows] == [
        ("1. Fake predictions", "parse ≤ 0.8x `orjson.loads`"),
        ("1. Fake predictions", "memory ≤ 3x the body"),
        ("1. Fake predictions", "20 jobs in ≤ 2 job-durations"),
        ("1. Fake predictions", "official SDK, time over ours"),
        ("2. Fake upload", "(section)"),
    ]
    assert [r.result for r in rows] == [
        "**NOT met**: video-1h 0.91x | fastest 0.85x",
        "met: 2.64x",
        "**not judged**: 1.62 job-durations",
        "134.25x (video-1h)",
        "skipped: the mock server is not importable",
    ]
    text = readme.summary(latest)
    assert "commit `abc` (clean tree)" in text and "budget 15 min on 2 cores: within" in text
    assert "video-1h 0.91x \\| fastest 0.85x" in text  # a pipe cannot split the table's cell
    assert "a note that only looks like a goal" not in text
    assert text.count("| 1. Fake predictions |") == 1  # the section is named on its first row


def test_a_hand_edited_block_is_rewritten_and_nothing_else_changes() -> None:
    latest = _fake_latest()
    readme_text = (
        f"# Title\n\nbefore\n\n{readme.BEGIN}\n| made up | 0.1x |\n{readme.END}\n\nafter\n"
    )
    new = readme.updated(readme_text, latest)
    assert "made up" not in new
    assert new.startswith("# Title\n\nbefore\n\n") and new.endswith("\n\nafter\n")
    assert readme.block(new) == readme.summary(latest)
    assert readme.updated(new, latest) == new  # written once, it stays


@pytest.mark.parametrize(
    "broken",
    [
        "no markers at all",
        f"{readme.END}\nend before begin\n{readme.BEGIN}\n",
        f"{readme.BEGIN}\n{readme.BEGIN}\ntwo begins\n{readme.END}\n",
    ],
)
def test_a_readme_without_one_block_is_refused(broken: str) -> None:
    with pytest.raises(readme.BlockError, match="bench:begin"):
        readme.updated(broken, _fake_latest())


def test_a_latest_md_without_its_run_line_is_refused() -> None:
    with pytest.raises(readme.BlockError, match="run line"):
        readme.summary("### 1. Something\n\n- Goal: x — **met** (1x)\n")


def test_a_figure_name_cannot_hold_the_separator() -> None:
    with pytest.raises(ValueError, match="': '"):
        Section("x").figure("peak: RSS", "1 MiB")


def _performance_prose() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Performance\n", 1)[1].split("\n## ", 1)[0]
    start, end = section.index(readme.BEGIN), section.index(readme.END) + len(readme.END)
    return section[:start] + section[end:]


def test_the_performance_prose_quotes_no_measured_figure() -> None:
    found = MEASURED.findall(_performance_prose())
    assert not found, f"figures outside the generated block (they would drift): {found}"


def test_the_prose_check_sees_a_figure() -> None:
    for planted in (
        "0.66\u00d7 orjson",
        "1.09x raw",
        "1.3 ms",
        "218 MiB",
        "319 inputs/s",
        "2.03 job-durations",
    ):
        assert MEASURED.search(f"the run took {planted} here"), planted
    for size in ("51 MB", "100,000 texts", "1,000 jobs", "2 cores", "15 minutes", "5 s jobs"):
        assert not MEASURED.search(f"scenario of {size}"), size


def _fake_run(section: Section, *, quick: bool = False) -> None:
    section.header = ("measure", "value")
    section.rows.append(("size", "tiny" if quick else "full"))
    section.goal("fake goal", True, "1.00x")
    section.figure("fake figure", "42 MiB")


@pytest.fixture()
def fake_harness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    results, readme_path = tmp_path / "results", tmp_path / "README.md"
    readme_path.write_text(f"# R\n\n{readme.BEGIN}\n{readme.END}\n", encoding="utf-8")
    monkeypatch.setattr(harness, "BENCHMARKS", [("fake", "1. Fake", _fake_run)])
    monkeypatch.setattr(harness, "RESULTS", results)
    monkeypatch.setattr(readme, "README", readme_path)
    return results / "latest.md", readme_path


def test_a_full_run_writes_latest_md_then_the_readme_from_it(
    fake_harness: tuple[Path, Path],
) -> None:
    latest, readme_path = fake_harness
    assert harness.main([]) == 0
    written = latest.read_text(encoding="utf-8")
    assert "`make bench` on " in written and "commit `" in written
    assert "budget 15 min on 2 cores: within" in written
    block = readme.block(readme_path.read_text(encoding="utf-8"))
    assert block == readme.summary(written)
    assert "| 1. Fake | fake goal | met: 1.00x |" in block
    assert "| | fake figure | 42 MiB |" in block.replace("|  |", "| |")


@pytest.mark.parametrize("argv", [["--quick"], ["--only", "fake"]])
def test_a_partial_run_writes_neither_file(
    fake_harness: tuple[Path, Path], argv: list[str]
) -> None:
    latest, readme_path = fake_harness
    before = readme_path.read_text(encoding="utf-8")
    assert harness.main(argv) == 0
    assert not latest.exists()
    assert readme_path.read_text(encoding="utf-8") == before
