"""Plot a job's top emotions to a PNG (matplotlib; needs the ``plot`` extra).

Up to `MAX_PANELS` (file, model) pairs: one panel each, emotion scores over time for video and
audio, horizontal bars of mean scores for images and text. More than that (100 texts, 1,000
clips): one overview instead, a heatmap of mean scores (inputs x the strongest emotions overall,
rows grouped by their strongest emotion), above the panels of the inputs that show the first
few emotions most strongly. Rows and panels are named by their input: the file or URL name, or
a text's first words.

It draws on its own `matplotlib.figure.Figure`: no pyplot state, and the caller's backend is
left as it is.

    >>> from humebatch.plotting import plot_predictions
    >>> plot_predictions(job.predictions(), "emotions.png", top=5)
    Plotted(pairs=3, heatmaps=0, panels=3)
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
    "HANDFUL",
    "MAX_PANELS",
    "NoPredictions",
    "Overview",
    "Panel",
    "Plotted",
    "draw_figure",
    "figure_size_px",
    "panels_from_rows",
    "plot_predictions",
    "text_label",
]

DPI = 100
MAX_PANELS = 12
"""Above this many (file, model) pairs the figure is an overview (see the module's docstring)."""
HANDFUL = 4
"""Panels drawn below the overview's heatmap."""
OVERVIEW_EMOTIONS = 12
"""Columns of the overview's heatmap."""
_LABELLED_ROWS = 120  # beyond this, row labels would overlap: the rows are left unlabelled
_HEAT_ROW_IN = 0.11
_HEAT_MAX_IN = 10.0
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
_LABEL_WORDS = 5  # a text is named by its first words
_LABEL_CHARS = 40


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
    # a text's first words, in order (from the rows' ``text``), to name it by
    words: list[str] = field(default_factory=list)
    # the input as a run gave it (the rows' ``input``), to tell same-named files apart
    input: str | None = None

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
        return f"text #{file}"  # until its words are known (see `text_label`)
    if not file or file == source or source.endswith("/" + file):
        return source
    return f"{source} / {file}"


def text_label(words: Sequence[str], chars: int = _LABEL_CHARS) -> str:
    """“What a lovely surprise it…”: a text's first words, quoted, within ``chars``."""
    shown = " ".join(words[:_LABEL_WORDS])
    cut = len(words) > _LABEL_WORDS
    if len(shown) > chars:
        shown, cut = shown[:chars].rsplit(" ", 1)[0] or shown[:chars], True
    return f"“{shown}{'…' * cut}”"


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
            given = row.get("input")
            panel = panels[key] = Panel(
                label=_label(row), model=model, input=given if isinstance(given, str) else None
            )
        text = row.get("text")
        if isinstance(text, str) and len(panel.words) <= _LABEL_WORDS:
            panel.words += text.split()
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
    kept = [p for p in panels.values() if p.scores]
    for panel in kept:
        if panel.words and panel.label.startswith("text #"):
            panel.label = text_label(panel.words)
    _tell_apart(kept)
    return kept


def _tell_apart(panels: Sequence[Panel]) -> None:
    """Files of one name from different folders: name each by the end of its input's path."""
    by_label: dict[str, list[Panel]] = defaultdict(list)
    for panel in panels:
        by_label[panel.label].append(panel)
    for same in by_label.values():
        inputs = {p.input for p in same}
        if len(inputs) < 2 or None in inputs:
            continue
        for depth in range(2, 6):
            tails = {p.input: "/".join(str(p.input).split("/")[-depth:]) for p in same}
            if len(set(tails.values())) == len(inputs) or depth == 5:
                for panel in same:
                    panel.label = tails[panel.input]
                break


def _heatmap_in(n_rows: int) -> float:
    """Height in inches of the overview's heatmap for ``n_rows`` rows."""
    if n_rows > _LABELLED_ROWS:
        return _HEAT_MAX_IN
    return max(3.0, 1.2 + _HEAT_ROW_IN * n_rows)


def figure_size_px(n_panels: int) -> tuple[int, int]:
    """Pixel size of the PNG for ``n_panels`` (file, model) pairs.

    Up to `MAX_PANELS`: one row per two panels. Beyond: the overview (heatmap plus two rows of
    panels), whose height grows with the rows up to a cap.
    """
    if n_panels > MAX_PANELS:
        rows_in = _heatmap_in(n_panels) + _ROW_IN * math.ceil(HANDFUL / 2)
        return round(_WIDTH_IN * DPI), round((_HEADER_IN + rows_in) * DPI)
    shown = max(1, n_panels)
    rows = math.ceil(shown / 2) if shown > 1 else 1
    return round(_WIDTH_IN * DPI), round((_HEADER_IN + _ROW_IN * rows) * DPI)


@dataclass
class Overview:
    """The heatmap's data: rows (panels) in display order, columns (emotions), mean scores."""

    rows: list[Panel]
    emotions: list[str]
    scores: list[list[float]]  # NaN where a row's model has no such emotion
    strongest: list[int]  # per row: the column of its highest score (len(emotions) if none)

    @classmethod
    def of(cls, panels: Sequence[Panel], n_emotions: int = OVERVIEW_EMOTIONS) -> Overview:
        """Columns: the emotions with the highest mean over all panels; rows grouped by their
        strongest column, strongest first within a group."""
        per_emotion: dict[str, list[float]] = defaultdict(list)
        for panel in panels:
            for emotion in panel.scores:
                per_emotion[emotion].append(panel.mean(emotion))
        emotions = sorted(per_emotion, key=lambda e: -sum(per_emotion[e]) / len(panels))
        emotions = emotions[:n_emotions]
        matrix = [
            [panel.mean(e) if e in panel.scores else math.nan for e in emotions] for panel in panels
        ]

        def strongest(row: list[float]) -> int:
            known = [(v, -i) for i, v in enumerate(row) if not math.isnan(v)]
            return -max(known)[1] if known else len(emotions)

        best = [strongest(row) for row in matrix]

        def key(i: int) -> tuple[int, float]:
            column = best[i]
            return column, -(matrix[i][column] if column < len(emotions) else 0.0)

        order = sorted(range(len(panels)), key=key)
        return cls(
            rows=[panels[i] for i in order],
            emotions=emotions,
            scores=[matrix[i] for i in order],
            strongest=[best[i] for i in order],
        )

    def champions(self, n: int = HANDFUL) -> list[tuple[Panel, str]]:
        """For the first emotions in column order, the row showing each most strongly
        (distinct rows): the handful of panels drawn below the heatmap."""
        picked: list[tuple[Panel, str]] = []
        used: set[int] = set()
        for column, emotion in enumerate(self.emotions):
            candidates = [
                (value[column], i)
                for i, value in enumerate(self.scores)
                if i not in used and not math.isnan(value[column])
            ]
            if not candidates:
                continue
            _, row = max(candidates)
            used.add(row)
            picked.append((self.rows[row], emotion))
            if len(picked) == n:
                break
        return picked


def _draw_heatmap(fig: Any, ax: Any, overview: Overview, many_models: bool) -> None:
    import matplotlib as mpl

    # light grey: an emotion the row's model does not have
    cmap = mpl.colormaps["magma_r"].with_extremes(bad="#eeeeee")
    image = ax.imshow(overview.scores, aspect="auto", interpolation="nearest", cmap=cmap, vmin=0.0)
    ax.set_xticks(
        range(len(overview.emotions)), labels=overview.emotions, fontsize=8, rotation=25,
        ha="right", rotation_mode="anchor",
    )  # fmt: skip
    n = len(overview.rows)
    if n <= _LABELLED_ROWS:
        labels = [f"{p.label} · {p.model}" if many_models else p.label for p in overview.rows]
        ax.set_yticks(range(n), labels=labels, fontsize=6.5 if n > 40 else 8)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{n:,} rows (too many to name; see --format csv)")
    # a thin line between groups of rows sharing their strongest emotion
    for i in range(1, n):
        if overview.strongest[i] != overview.strongest[i - 1]:
            ax.axhline(i - 0.5, color="white", linewidth=1.2)
    colorbar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    colorbar.set_label("mean score", fontsize=8)
    what = "file · model" if many_models else "file"
    ax.set_title(
        f"Mean scores: {n:,} rows ({what}) x the {len(overview.emotions)} strongest emotions "
        "overall; rows grouped by their strongest emotion",
        loc="left",
    )


def _draw_panel(
    ax: Any, panel: Panel, emotions: Sequence[str], title: str, highlight: str | None = None
) -> None:
    if panel.is_timeline:
        _draw_timeline(ax, panel, emotions, highlight)
    else:
        _draw_bars(ax, panel, emotions, highlight)
    ax.set_title(title, loc="left")
    ax.grid(axis="x" if not panel.is_timeline else "both", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)


def _draw_timeline(
    ax: Any, panel: Panel, emotions: Sequence[str], highlight: str | None = None
) -> None:
    times = sorted(panel.series)
    for emotion, colour in zip(emotions, _LINE_COLOURS, strict=False):
        ys = []
        for t in times:
            values = panel.series[t].get(emotion)
            ys.append(sum(values) / len(values) if values else math.nan)
        ax.plot(
            times, ys, label=emotion, color=colour, linewidth=3.5 if emotion == highlight else 2,
            marker="o" if len(times) <= 40 else None, markersize=3.5,
        )  # fmt: skip
    ax.set_xlabel("time (s)")
    ax.set_ylabel("score")
    ax.set_xlim(times[0], times[-1])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)


def _draw_bars(
    ax: Any, panel: Panel, emotions: Sequence[str], highlight: str | None = None
) -> None:
    means = [panel.mean(e) for e in emotions]
    positions = list(range(len(emotions)))[::-1]  # highest at the top
    colour = _MODEL_COLOURS.get(panel.model, _OTHER_COLOUR)
    alphas = [1.0 - 0.5 * i / max(1, len(emotions) - 1) for i in range(len(emotions))]
    for y, value, alpha, emotion in zip(positions, means, alphas, emotions, strict=True):
        edge = {"edgecolor": "#222222", "linewidth": 1.5} if emotion == highlight else {}
        ax.barh(y, value, color=colour, alpha=alpha, height=0.65, **edge)
    ax.set_yticks(positions, labels=list(emotions), fontsize=9)
    for tick, emotion in zip(ax.get_yticklabels(), emotions, strict=True):
        if emotion == highlight:  # the emotion the panel was picked for
            tick.set_fontweight("bold")
    for y, value in zip(positions, means, strict=True):
        ax.text(value, y, f" {value:.2f}", va="center", fontsize=8, color="#333333")
    n = len(next(iter(panel.scores.values()), []))
    ax.set_xlabel("mean score" + (f" over {n} predictions" if n > 1 else ""))
    ax.set_xlim(0, max([*means, 0.0]) * 1.22 or 1.0)


@dataclass(frozen=True)
class Plotted:
    """What a figure shows: ``pairs`` (file, model) pairs, as ``heatmaps`` and ``panels``.

    ``str()`` says it in words: ``1 heatmap and 4 panels of 50 (file, model) pairs``.
    """

    pairs: int
    heatmaps: int
    panels: int

    def __str__(self) -> str:
        drawn = f"{self.panels} panel{'s' * (self.panels != 1)}"
        if not self.heatmaps:
            return drawn
        return f"{self.heatmaps} heatmap and {drawn} of {self.pairs:,} (file, model) pairs"


def draw_figure(
    preds: Predictions,
    *,
    top: int = 5,
    models: set[str] | None = None,
    title: str | None = None,
) -> tuple[Any, Plotted]:
    """The `matplotlib.figure.Figure` that `plot_predictions` saves, and what it shows."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    panels = panels_from_rows(preds.to_rows(), models)
    if not panels:
        which = f" for model(s) {', '.join(sorted(models))}" if models else ""
        raise NoPredictions(f"no predictions to plot{which}")
    width, height = figure_size_px(len(panels))
    fig_height = height / DPI
    with rc_context({"font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold"}):
        fig = Figure(figsize=(width / DPI, fig_height), dpi=DPI)
        if len(panels) > MAX_PANELS:
            drawn = Plotted(len(panels), 1, _draw_overview(fig, panels, top))
        else:
            _draw_grid(fig, panels, top)
            drawn = Plotted(len(panels), 0, len(panels))
        fig.suptitle(
            title or "Top emotions", fontsize=13, fontweight="bold", x=0.01, ha="left",
            y=1 - 0.12 / fig_height, va="top",
        )  # fmt: skip
        fig.tight_layout(rect=(0, 0, 1, 1 - _HEADER_IN / fig_height))
    return fig, drawn


def plot_predictions(
    preds: Predictions,
    path: str | os.PathLike[str],
    *,
    top: int = 5,
    models: set[str] | None = None,
    title: str | None = None,
) -> Plotted:
    """Write a PNG of the top ``top`` emotions of each (file, model); return what it shows.

    The image is ``figure_size_px(pairs)`` pixels: a panel per pair up to `MAX_PANELS`, else
    the overview. The file appears only once complete.
    """
    fig, drawn = draw_figure(preds, top=top, models=models, title=title)
    with atomic_write_bytes(path) as out:
        fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return drawn


def _draw_grid(fig: Any, panels: Sequence[Panel], top: int) -> None:
    ncols = 2 if len(panels) > 1 else 1
    axes = fig.subplots(math.ceil(len(panels) / ncols), ncols, squeeze=False)
    for ax, panel in zip(axes.flat, panels, strict=False):
        emotions = panel.top(top)
        kind = "over time" if panel.is_timeline else "mean scores"
        title = f"{panel.label} · {panel.model} · top {len(emotions)} emotions, {kind}"
        _draw_panel(ax, panel, emotions, title)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)


def _draw_overview(fig: Any, panels: Sequence[Panel], top: int) -> int:
    """The heatmap and the handful of panels below it; how many panels."""
    overview = Overview.of(panels)
    rows = math.ceil(HANDFUL / 2)
    grid = fig.add_gridspec(
        1 + rows, 2, height_ratios=[_heatmap_in(len(panels)), *([_ROW_IN] * rows)]
    )
    many_models = len({p.model for p in panels}) > 1
    _draw_heatmap(fig, fig.add_subplot(grid[0, :]), overview, many_models)
    champions = overview.champions()
    for i, (panel, emotion) in enumerate(champions):
        ax = fig.add_subplot(grid[1 + i // 2, i % 2])
        emotions = panel.top(top)
        if emotion not in emotions:  # keep the emotion it was picked for, in rank order
            emotions = sorted([*emotions[:-1], emotion], key=panel.mean, reverse=True)
        name = f"{panel.label} · {panel.model}" if many_models else panel.label
        # Picked for one emotion, which need not be its own strongest: the title says both.
        title = (
            f"{name}\nhighest {emotion} of the {len(panels):,} rows "
            f"({panel.mean(emotion):.2f}); its top {len(emotions)} emotions"
        )
        _draw_panel(ax, panel, emotions, title, highlight=emotion)
    return len(champions)
