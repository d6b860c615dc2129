"""Plain typed records of predictions: scores, intervals, top-emotion rows, issues.

`PredictionsFormatError` lives in `humebatch.errors` (the seam raises it too) and is
re-exported here.
"""

from __future__ import annotations

from typing import NamedTuple

from hume_batch_contract import MODELS

from ..errors import PredictionsFormatError

__all__ = [
    "ID_COLUMNS",
    "KNOWN_MODELS",
    "BoundingBox",
    "PositionInterval",
    "PredictionIssue",
    "PredictionsFormatError",
    "Score",
    "TimeInterval",
    "TopEmotions",
]

KNOWN_MODELS: tuple[str, ...] = MODELS
"""Models the spec describes; any other key under ``models`` is read as a generic model."""

ID_COLUMNS: tuple[str, ...] = (
    "source",
    "source_label",
    "input",
    "line",
    "file",
    "model",
    "group_id",
    "index",
    "frame",
    "time_begin",
    "time_end",
    "text",
    "box_x",
    "box_y",
    "box_w",
    "box_h",
    "prob",
)
"""Identifying columns of `Predictions.to_rows` (emotion columns follow, one per name).

``input`` names the input a row belongs to, the same in every job and shard: in a bulk run's
outputs the input as given (the URL, the file's path, or a text's key ``text:<sha256>``); in a
job's own body the source's URL or file name, and ``text[i]`` for the i-th string (from 0) of
the job's ``text`` list. ``line`` is a run's text's 1-based line in its text file (or position in
the ``texts`` list; a text given twice: its first), None otherwise. ``box_*`` (pixels, top-left
corner) and ``prob`` are the face model's; empty on other rows.
"""


# ------------------------------------------------------------------ small typed records


class Score(NamedTuple):
    """One ``{name, score}`` pair: an emotion, FACS unit, description, sentiment or toxicity."""

    name: str
    score: float


class BoundingBox(NamedTuple):
    """Face box in pixels; (x, y) is the top-left corner."""

    x: float
    y: float
    w: float
    h: float


class TimeInterval(NamedTuple):
    """Seconds from the start of the media."""

    begin: float
    end: float


class PositionInterval(NamedTuple):
    """Character offsets in the text, begin inclusive, end exclusive."""

    begin: int
    end: int


class TopEmotions(NamedTuple):
    """The highest-scoring emotions of one prediction (one face/frame, utterance, word...).

    ``time_begin``/``time_end`` are the prediction's interval in seconds (both the frame time for
    the face model) and None when the media has no time axis (text).

    A named tuple because one is built per prediction (tens of thousands for an hour of video)
    and tuples are the cheapest immutable records; ``index`` shadows ``tuple.index`` on purpose.
    """

    source: int
    file: str
    model: str
    group_id: str
    index: int  # type: ignore[assignment]  # the prediction's position in its group
    frame: int | None
    time_begin: float | None
    time_end: float | None
    text: str | None
    emotions: list[tuple[str, float]]


class PredictionIssue(NamedTuple):
    """A failure reported inside the predictions: a whole source (``file`` None) or one file."""

    source: int
    source_label: str
    file: str | None
    message: str
