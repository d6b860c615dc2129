"""Fast, typed access to a job's predictions (``GET /v0/batch/jobs/{id}/predictions``).

    >>> preds = Predictions.from_bytes(body)
    >>> for rec in preds.top_emotions(3):
    ...     print(rec.file, rec.model, rec.time_begin, rec.emotions)
    >>> face = preds.sources[0].predictions[0].models.face  # typed views, built on access
    >>> face.grouped_predictions[0].predictions[0].box.x
    >>> preds.to_csv("emotions.csv")

Why the hot path does not use the generated models: a one-hour video's predictions are 40-55 MB
of JSON holding close to a million ``{name, score}`` objects. Building the generated attrs models
for that (``from_dict``) takes 6-10 times as long as decoding the JSON, and the official SDK's
pydantic models 60-100 times; even ``orjson.loads``' dicts take 17 times the body's size in
memory (``make bench`` measures all of them). So the body is decoded once, with msgspec, straight
into compact structs (`_structs`); ``top_emotions``, ``to_rows``, ``to_csv`` and ``to_dataframe``
walk those (`_flat`, `_export`), and typed *views* (`_views`: classes with typed properties over
one object each) are built only for the parts a caller touches. Every view can still produce
the generated model of its part with ``to_model()``, through the wrapper's one seam to the
generated client (``humebatch._transport``), which keeps the generated models for everything
else. `Predictions.from_json` wraps an already decoded body (dicts) with the same readers.

Reading is lenient where the API is loose (null vs absent, extra keys,
models this version does not know) and strict where it reads: a wrong type raises
`PredictionsFormatError` naming the JSON path of the bad field, e.g. ``$[0].results.predictions[2]
.models.face.grouped_predictions[0].predictions[7].emotions[3].score``.
"""

from __future__ import annotations

from ._body import Predictions
from ._records import (
    ID_COLUMNS,
    KNOWN_MODELS,
    BoundingBox,
    PositionInterval,
    PredictionIssue,
    PredictionsFormatError,
    Score,
    TimeInterval,
    TopEmotions,
)
from ._views import (
    BurstPredictionView,
    FacemeshPredictionView,
    FacePredictionView,
    FilePredictionView,
    GenericPredictionView,
    GroupView,
    LanguagePredictionView,
    ModelResultView,
    ModelsView,
    NerPredictionView,
    PredictionErrorView,
    PredictionView,
    ProsodyPredictionView,
    ResultsView,
    SourceResultView,
    SourceView,
    TranscriptionMetadataView,
)

__all__ = [
    "ID_COLUMNS",
    "KNOWN_MODELS",
    "BoundingBox",
    "BurstPredictionView",
    "FacePredictionView",
    "FacemeshPredictionView",
    "FilePredictionView",
    "GenericPredictionView",
    "GroupView",
    "LanguagePredictionView",
    "ModelResultView",
    "ModelsView",
    "NerPredictionView",
    "PositionInterval",
    "PredictionErrorView",
    "PredictionIssue",
    "PredictionView",
    "Predictions",
    "PredictionsFormatError",
    "ProsodyPredictionView",
    "ResultsView",
    "Score",
    "SourceResultView",
    "SourceView",
    "TimeInterval",
    "TopEmotions",
    "TranscriptionMetadataView",
]
