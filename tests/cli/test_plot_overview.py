"""Plots of many inputs: one overview that stays readable; drawn without touching pyplot."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from humebatch.plotting import (
    MAX_PANELS,
    Overview,
    figure_size_px,
    panels_from_rows,
    plot_predictions,
)
from PIL import Image

EMOTIONS = ("Joy", "Anger", "Calmness", "Tiredness", "Surprise", "Sadness")


def _text_rows(n: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        scores = {f"emotion:{e}": rng.random() * 0.3 for e in EMOTIONS}
        scores[f"emotion:{EMOTIONS[i % len(EMOTIONS)]}"] = 0.5 + rng.random() * 0.5
        rows.append({
            "source": i, "source_label": "text", "file": str(i + 1), "model": "language",
            "group_id": "unknown", "index": 0, "frame": None, "time_begin": None,
            "time_end": None, "text": f"text {i}", **scores,
        })  # fmt: skip
    return rows


class _Rows:
    """Stands in for `Predictions` where only ``to_rows`` is used."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows

    def to_rows(self) -> list[dict[str, Any]]:
        return self._rows


def test_overview_groups_rows_by_their_strongest_emotion() -> None:
    overview = Overview.of(panels_from_rows(_text_rows(100)))
    assert len(overview.rows) == 100
    assert set(overview.emotions) == set(EMOTIONS)
    assert overview.strongest == sorted(overview.strongest)  # grouped, groups in column order
    for row, best in zip(overview.scores, overview.strongest, strict=True):
        assert row[best] == max(row)
    champions = overview.champions(4)
    assert [emotion for _, emotion in champions] == overview.emotions[:4]
    assert len({id(panel) for panel, _ in champions}) == 4


@pytest.mark.parametrize("n", [100, 1000])
def test_many_inputs_give_one_overview_of_bounded_size(tmp_path: Path, n: int) -> None:
    target = tmp_path / f"{n}.png"
    assert plot_predictions(_Rows(_text_rows(n)), target, top=3).pairs == n  # type: ignore[arg-type]
    with Image.open(target) as image:
        assert image.size == figure_size_px(n)
        assert image.size[1] <= 2000
    assert figure_size_px(MAX_PANELS + 1)[1] < figure_size_px(100)[1]
    assert figure_size_px(1000) == figure_size_px(10_000)  # capped


def test_plotting_leaves_the_callers_backend_alone(tmp_path: Path) -> None:
    previous = matplotlib.get_backend()
    matplotlib.use("svg")
    try:
        plot_predictions(_Rows(_text_rows(3)), tmp_path / "a.png")  # type: ignore[arg-type]
        assert matplotlib.get_backend() == "svg"
    finally:
        matplotlib.use(previous)
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
