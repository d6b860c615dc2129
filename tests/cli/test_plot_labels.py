"""What a plot says: rows named by their input, titles that say what each panel shows, and a
count of what was drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from humebatch.plotting import draw_figure, panels_from_rows, plot_predictions

EMOTIONS = ("Joy", "Anger", "Calmness", "Craving", "Surprise", "Sadness")


def _words(src: int, file: str, words: str, **scores: float) -> list[dict[str, Any]]:
    """A text's rows as the language model gives them: one per word."""
    base = {
        "source": src, "source_label": "text", "file": file, "model": "language",
        "group_id": "unknown", "frame": None, "time_begin": None, "time_end": None,
    }  # fmt: skip
    return [base | {"index": i, "text": w, **scores} for i, w in enumerate(words.split())]


class _Rows:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows

    def to_rows(self) -> list[dict[str, Any]]:
        return self._rows


def test_a_text_is_labelled_by_its_first_words_not_its_position() -> None:
    rows = _words(0, "36", "What a lovely surprise it was to see you all", Joy=0.5)
    (panel,) = panels_from_rows(rows)
    assert panel.label == "“What a lovely surprise it…”"
    assert "#" not in panel.label
    short = panels_from_rows(_words(1, "2", "Fine", Joy=0.1))
    assert short[0].label == "“Fine”"


def test_two_texts_at_the_same_position_of_two_jobs_are_told_apart() -> None:
    rows = _words(0, "0", "I love it", Joy=0.9) + _words(1, "0", "I hate it", Anger=0.9)
    labels = [p.label for p in panels_from_rows(rows)]
    assert labels == ["“I love it”", "“I hate it”"]


def test_the_input_column_names_a_file_when_there_is_one() -> None:
    rows = [{
        "source": 0, "source_label": "face.png", "file": "face.png", "model": "face",
        "input": "/data/media/face.png", "group_id": "0", "index": 0, "frame": 0,
        "time_begin": 0.0, "time_end": 0.0, "text": None, "Joy": 0.3,
    }]  # fmt: skip
    assert panels_from_rows(rows)[0].label == "face.png"


def _many_texts(n: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i in range(n):
        # Craving is fourth overall and highest in text 7, where it comes fifth.
        seven = i == 7
        scores = {"Joy": 0.9, "Anger": 0.7, "Calmness": 0.6, "Surprise": 0.65 if seven else 0.05,
                  "Craving": 0.45 if seven else 0.3, "Sadness": 0.01}  # fmt: skip
        rows += _words(i, str(i), f"text number {i} says hello", **scores)
    return rows


def test_overview_panel_titles_say_why_the_panel_was_picked() -> None:
    fig, plotted = draw_figure(_Rows(_many_texts(20)), top=5)  # type: ignore[arg-type]
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert not any("strongest in" in t for t in titles)
    craving = [t for t in titles if "Craving" in t and "number 7" in t]
    assert craving, titles
    assert "highest Craving of the 20 rows" in craving[0]
    assert "top 5" in craving[0]
    (panel,) = [p for p in panels_from_rows(_many_texts(20)) if "number 7" in p.label]
    assert panel.top(5)[-1] == "Craving"  # the title does not claim it is its strongest
    assert (plotted.heatmaps, plotted.panels, plotted.pairs) == (1, 4, 20)
    assert str(plotted) == "1 heatmap and 4 panels of 20 (file, model) pairs"


def test_plot_reports_what_it_drew(tmp_path: Path) -> None:
    few = plot_predictions(_Rows(_words(0, "0", "Hello there", Joy=0.5)), tmp_path / "a.png")  # type: ignore[arg-type]
    assert (few.heatmaps, few.panels, few.pairs) == (0, 1, 1)
    assert str(few) == "1 panel"
    many = plot_predictions(_Rows(_many_texts(50)), tmp_path / "b.png")  # type: ignore[arg-type]
    assert str(many) == "1 heatmap and 4 panels of 50 (file, model) pairs"


def test_two_files_of_one_name_in_two_folders_are_told_apart_by_their_input() -> None:
    def row(src: int, given: str) -> dict[str, Any]:
        return {
            "source": src, "source_label": "face.png", "file": "face.png", "model": "face",
            "input": given, "group_id": "0", "index": 0, "frame": 0, "time_begin": 0.0,
            "time_end": 0.0, "text": None, "Joy": 0.3,
        }  # fmt: skip

    rows = [row(0, "/data/day1/face.png"), row(1, "/data/day2/face.png"), row(2, "/x/clip.png")]
    rows[2] |= {"source_label": "clip.png", "file": "clip.png"}
    labels = [p.label for p in panels_from_rows(rows)]
    assert labels == ["day1/face.png", "day2/face.png", "clip.png"]
