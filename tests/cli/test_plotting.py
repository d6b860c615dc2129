"""humebatch.plotting without a server: panel grouping, timeline vs bars, the PNG's size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_helpers import REPO
from humebatch.plotting import (
    MAX_PANELS,
    NoPredictions,
    figure_size_px,
    panels_from_rows,
    plot_predictions,
)
from humebatch.predictions import Predictions
from PIL import Image


def _row(src: int, file: str, model: str, begin: float | None, **scores: float) -> dict[str, Any]:
    return {
        "source": src, "source_label": file, "file": file, "model": model,
        "group_id": "unknown", "index": 0, "frame": None,
        "time_begin": begin, "time_end": begin, "text": None, **scores,
    }  # fmt: skip


def test_rows_group_into_one_panel_per_file_and_model() -> None:
    rows = [
        _row(0, "clip.mp4", "face", 0.0, Joy=0.2, Anger=0.9),
        _row(0, "clip.mp4", "face", 0.5, Joy=0.8, Anger=0.7),
        _row(0, "clip.mp4", "burst", 0.1, Joy=0.5, Anger=0.1),
        _row(1, "face.png", "face", 0.0, Joy=0.1, Anger=0.3),
    ]
    panels = panels_from_rows(rows)
    assert [(p.label, p.model) for p in panels] == [
        ("clip.mp4", "face"), ("clip.mp4", "burst"), ("face.png", "face"),
    ]  # fmt: skip
    video, burst, image = panels
    assert video.is_timeline and not burst.is_timeline and not image.is_timeline
    assert video.top(1) == ["Anger"]  # mean 0.8 beats Joy's 0.5
    assert video.mean("Joy") == pytest.approx(0.5)
    assert [p.model for p in panels_from_rows(rows, {"burst"})] == ["burst"]


def test_text_sources_are_labelled_by_their_number() -> None:
    row = _row(2, "3", "language", None, Joy=0.4) | {"source_label": "text"}
    assert panels_from_rows([row])[0].label == "text #3"


def test_figure_size_grows_by_rows_of_two_panels() -> None:
    one, two, three = figure_size_px(1), figure_size_px(2), figure_size_px(3)
    assert one[0] == two[0] == three[0]
    assert one[1] == two[1] < three[1]
    assert figure_size_px(MAX_PANELS)[1] == figure_size_px(MAX_PANELS - 1)[1]


def test_plot_of_the_reference_payload(tmp_path: Path) -> None:
    raw = (REPO / "tests/fixtures/payloads/predictions-face.json").read_bytes()
    preds = Predictions.from_bytes(raw)
    target = tmp_path / "deep" / "face.png"
    assert plot_predictions(preds, target, top=3).pairs == 1
    with Image.open(target) as image:
        assert image.size == figure_size_px(1)
        assert len(image.convert("RGB").getcolors(1 << 20) or []) > 20
    with pytest.raises(NoPredictions):
        plot_predictions(preds, tmp_path / "none.png", models={"prosody"})
    assert not (tmp_path / "none.png").exists()
