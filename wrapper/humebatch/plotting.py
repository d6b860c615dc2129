"""Plot a job's top emotions to a PNG (matplotlib, Agg backend; needs the ``cli`` extra).

One panel per (source file, model): emotion scores over time for video and audio, horizontal
bars of mean scores for images and text (and for audio/video with a single prediction).

    >>> from humebatch.plotting import plot_predictions
    >>> plot_predictions(job.predictions(), "emotions.png", top=5)
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._atomic import atomic_write_bytes
from .predictions import ID_COLUMNS

if TYPE_CHECKING:
    from .predictions import Predictions

__all__ = [
    "DPI",
    "MAX_PANELS",
    "NoPredictions",
    "Panel",
    "figure_size_px",
    "panels_from_rows",
    "plot_predictions",
]

DPI = 100
MAX_PANELS = 12
_WIDTH_IN = 13.0
_ROW_IN = 3.3
_HEADER_IN = 0.45
_ID_SET = frozenset(ID_COLUMNS)
# Lines within a panel must be told apart; bars share their model's colour.
_LINE_COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3",
                 "#8C8C8C", "#CCB974", "#64B5CD")  # fmt: skip
_MODEL_COLOURS = {
    "face": "#4C72B0",
    "prosody": "#DD8452",
    "burst": "#55A868",
    "language": "#8172B3",
    "ner": "#937860",
    "facemesh": "#64B5CD",
}
_OTHER_COLOUR = "#8C8C8C"


class NoPredictions(ValueError):
    """Nothing to plot: the job (or the selected models) produced no predictions."""


@dataclass
class Panel:
    """The predictions of one (source, file, model), reduced to what a panel draws."""

    label: str
    model: str
    # time (s) → emotion → scores at that time (several faces or speakers may share a time)
    series: dict[float, dict[str, list[float]]] = field(default_factory=dict)
    # every prediction's scores, for the ranking and for bars
    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def is_timeline(self) -> bool:
        """True when the predictions spread over at least two points in time."""
        return len(self.series) >= 2

    def mean(self, emotion: str) -> float:
        """Mean score of ``emotion`` over the panel's predictions."""
        values = self.scores.get(emotion) or [0.0]
        return sum(values) / len(values)

    def top(self, n: int) -> list[str]:
        """The ``n`` emotions with the highest mean score."""
        return sorted(self.scores, key=self.mean, reverse=True)[:n]


def _label(row: Mapping[str, Any]) -> str:
    source = str(row.get("source_label") or "?")
    file = str(row.get("file") or "")
    if source == "text" and file:
        return f"text #{file}"
    if not file or file == source or source.endswith("/" + file):
        return source
    return f"{source} / {file}"


def panels_from_rows(
    rows: Iterable[Mapping[str, Any]], models: set[str] | None = None
) -> list[Panel]:
    """Group `Predictions.to_rows` output into panels, in the order the API listed them."""
    panels: dict[tuple[Any, Any, Any], Panel] = {}
    for row in rows:
        model = str(row.get("model") or "?")
        if models and model not in models:
            continue
        key = (row.get("source"), row.get("file"), model)
        panel = panels.get(key)
        if panel is None:
            panel = panels[key] = Panel(label=_label(row), model=model)
        begin, end = row.get("time_begin"), row.get("time_end")
        at: float | None = None
        if isinstance(begin, int | float):
            at = (begin + end) / 2 if isinstance(end, int | float) else float(begin)
        for name, value in row.items():
            if name in _ID_SET or not isinstance(value, int | float) or isinstance(value, bool):
                continue
            emotion = name.removeprefix("emotion:")
            panel.scores[emotion].append(float(value))
            if at is not None:
                panel.series.setdefault(at, {}).setdefault(emotion, []).append(float(value))
    return [p for p in panels.values() if p.scores]


def figure_size_px(n_panels: int) -> tuple[int, int]:
    """Pixel size of the PNG for ``n_panels`` panels (two columns once there are several)."""
    shown = max(1, min(n_panels, MAX_PANELS))
    rows = math.ceil(shown / 2) if shown > 1 else 1
    return round(_WIDTH_IN * DPI), round((_HEADER_IN + _ROW_IN * rows) * DPI)


def _draw_timeline(ax: Any, panel: Panel, emotions: Sequence[str]) -> None:
    times = sorted(panel.series)
    for emotion, colour in zip(emotions, _LINE_COLOURS, strict=False):
        ys = []
        for t in times:
            values = panel.series[t].get(emotion)
            ys.append(sum(values) / len(values) if values else math.nan)
        ax.plot(
            times, ys, label=emotion, color=colour, linewidth=2,
            marker="o" if len(times) <= 40 else None, markersize=3.5,
        )  # fmt: skip
    ax.set_xlabel("time (s)")
    ax.set_ylabel("score")
    ax.set_xlim(times[0], times[-1])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)


def _draw_bars(ax: Any, panel: Panel, emotions: Sequence[str]) -> None:
    means = [panel.mean(e) for e in emotions]
    positions = list(range(len(emotions)))[::-1]  # highest at the top
    colour = _MODEL_COLOURS.get(panel.model, _OTHER_COLOUR)
    alphas = [1.0 - 0.5 * i / max(1, len(emotions) - 1) for i in range(len(emotions))]
    for y, value, alpha in zip(positions, means, alphas, strict=True):
        ax.barh(y, value, color=colour, alpha=alpha, height=0.65)
    ax.set_yticks(positions, labels=list(emotions), fontsize=9)
    for y, value in zip(positions, means, strict=True):
        ax.text(value, y, f" {value:.2f}", va="center", fontsize=8, color="#333333")
    n = len(next(iter(panel.scores.values()), []))
    ax.set_xlabel("mean score" + (f" over {n} predictions" if n > 1 else ""))
    ax.set_xlim(0, max([*means, 0.0]) * 1.22 or 1.0)


def plot_predictions(
    preds: Predictions,
    path: str | os.PathLike[str],
    *,
    top: int = 5,
    models: set[str] | None = None,
    title: str | None = None,
) -> int:
    """Write a PNG of the top ``top`` emotions of each (file, model); return the panel count.

    The image is ``figure_size_px(panels)`` pixels. At most `MAX_PANELS` panels are drawn; the
    title says how many were left out.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display needed; must precede pyplot
    import matplotlib.pyplot as plt

    panels = panels_from_rows(preds.to_rows(), models)
    if not panels:
        which = f" for model(s) {', '.join(sorted(models))}" if models else ""
        raise NoPredictions(f"no predictions to plot{which}")
    shown = panels[:MAX_PANELS]
    width, height = figure_size_px(len(shown))
    ncols = 2 if len(shown) > 1 else 1
    nrows = math.ceil(len(shown) / ncols)
    with plt.rc_context({"font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold"}):
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(width / DPI, height / DPI), dpi=DPI, squeeze=False
        )
        try:
            for ax, panel in zip(axes.flat, shown, strict=False):
                emotions = panel.top(top)
                if panel.is_timeline:
                    _draw_timeline(ax, panel, emotions)
                else:
                    _draw_bars(ax, panel, emotions)
                kind = "over time" if panel.is_timeline else "top emotions"
                ax.set_title(f"{panel.label} · {panel.model} · {kind}", loc="left")
                ax.grid(axis="x" if not panel.is_timeline else "both", alpha=0.3)
                ax.spines[["top", "right"]].set_visible(False)
            for ax in list(axes.flat)[len(shown) :]:
                ax.set_visible(False)
            heading = title or "Top emotions"
            if len(panels) > len(shown):
                heading += f"  ({len(panels) - len(shown)} more panels not shown)"
            fig_height = height / DPI
            fig.suptitle(
                heading, fontsize=13, fontweight="bold", x=0.01, ha="left",
                y=1 - 0.12 / fig_height, va="top",
            )  # fmt: skip
            fig.tight_layout(rect=(0, 0, 1, 1 - _HEADER_IN / fig_height))
            with atomic_write_bytes(path) as out:
                fig.savefig(out, format="png", dpi=DPI, facecolor="white")
        finally:
            plt.close(fig)
    return len(shown)
