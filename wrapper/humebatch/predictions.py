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
pydantic models 60-100 times (``make bench`` measures both). So the body is decoded once with
orjson and kept as plain dicts and lists; ``top_emotions``, ``to_rows``, ``to_csv`` and
``to_dataframe`` read those directly, and typed *views* (classes with typed properties over one
dict each) are built only for the parts a caller touches. Every view can still produce the
generated model of its part with ``to_model()``, through the wrapper's one seam to the generated
client (``humebatch._transport``), which keeps the generated models for everything else.

Reading is lenient where the API is loose (null vs absent, extra keys such as ``file_type``,
models this version does not know) and strict where it reads: a wrong type raises
`PredictionsFormatError` naming the JSON path of the bad field, e.g. ``$[0].results.predictions[2]
.models.face.grouped_predictions[0].predictions[7].emotions[3].score``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, NoReturn, TypeVar

import orjson

from ._atomic import atomic_write_text
from .errors import HumeBatchError, InvalidInput

if TYPE_CHECKING:
    import pandas as pd

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

KNOWN_MODELS: tuple[str, ...] = ("face", "burst", "prosody", "language", "ner", "facemesh")
"""Models the spec describes; any other key under ``models`` is read as a generic model."""

ID_COLUMNS: tuple[str, ...] = (
    "source",
    "source_label",
    "file",
    "model",
    "group_id",
    "index",
    "frame",
    "time_begin",
    "time_end",
    "text",
)
"""Identifying columns of `Predictions.to_rows` (emotion columns follow, one per name)."""


class PredictionsFormatError(HumeBatchError, ValueError):
    """The predictions body is not shaped like a list of ``SourcePredictResult``.

    Attributes:
        path: JSON path of the offending field (``$`` is the whole body).
        problem: What was wrong there.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(
            f"Malformed predictions at {path}: {problem}. The body does not match the API's "
            "predictions schema; if it came from the API, please report it with this path."
        )
        self.path = path
        self.problem = problem


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


# ------------------------------------------------------------------ path-aware reading

_Step = str | int
_NUMBER_TYPES = (int, float)


def _path(src: int, steps: Sequence[_Step]) -> str:
    parts = [f"$[{src}]"]
    parts.extend(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps)
    return "".join(parts)


def _is_number(value: object) -> bool:
    # bool is an int subclass; true/false is never a valid score or time.
    return isinstance(value, _NUMBER_TYPES) and not isinstance(value, bool)


def _describe(value: object) -> str:
    return "null" if value is None else type(value).__name__


class _View:
    """A typed window onto one dict of the decoded body; knows its JSON path."""

    __slots__ = ("_d", "_root", "_src", "_steps")

    def __init__(
        self, d: dict[str, Any], root: dict[str, Any], src: int, steps: tuple[_Step, ...]
    ) -> None:
        self._d = d
        self._root = root
        self._src = src
        self._steps = steps

    @property
    def raw(self) -> dict[str, Any]:
        """The decoded JSON object behind this view (not a copy)."""
        return self._d

    @property
    def path(self) -> str:
        """JSON path of this object inside the predictions body."""
        return _path(self._src, self._steps)

    def to_model(self) -> Any:
        """The generated ``hume_batch_api`` model of this part (built now, not cached).

        The whole source is converted with the generated ``from_dict`` and the model of this
        part is picked from it, so this costs what the generated client costs.
        """
        # Lazy: the generated package is imported only when a model is asked for.
        from ._transport import (
            source_result_from_dict,
        )

        model: Any = source_result_from_dict(self._root)
        for step in self._steps:
            if isinstance(step, int) or isinstance(model, dict):
                model = model[step]
            elif hasattr(type(model), step):
                model = getattr(model, step)
            else:  # a key the spec does not define (e.g. an unknown model): kept raw
                model = model.additional_properties[step]
        return model

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path}>"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._d is other._d

    def __hash__(self) -> int:
        return id(self._d)

    # Typed readers: absent and null read the same; a present value of the wrong type raises.

    def _fail(self, key: _Step, problem: str) -> NoReturn:
        raise PredictionsFormatError(_path(self._src, (*self._steps, key)), problem)

    def _opt_str(self, key: str) -> str | None:
        value = self._d.get(key)
        if value is None or isinstance(value, str):
            return value
        self._fail(key, f"expected a string, got {_describe(value)}")

    def _str(self, key: str) -> str:
        value = self._opt_str(key)
        if value is None:
            self._fail(key, "required string is missing or null")
        return value

    def _opt_float(self, key: str) -> float | None:
        value = self._d.get(key)
        if value is None:
            return None
        if _is_number(value):
            return float(value)
        self._fail(key, f"expected a number, got {_describe(value)}")

    def _float(self, key: str) -> float:
        value = self._opt_float(key)
        if value is None:
            self._fail(key, "required number is missing or null")
        return value

    def _opt_int(self, key: str) -> int | None:
        value = self._d.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self._fail(key, f"expected an integer, got {_describe(value)}")

    def _int(self, key: str) -> int:
        value = self._opt_int(key)
        if value is None:
            self._fail(key, "required integer is missing or null")
        return value

    def _opt_obj(self, key: str) -> dict[str, Any] | None:
        value = self._d.get(key)
        if value is None or isinstance(value, dict):
            return value
        self._fail(key, f"expected an object, got {_describe(value)}")

    def _obj(self, key: str) -> dict[str, Any]:
        value = self._opt_obj(key)
        if value is None:
            self._fail(key, "required object is missing or null")
        return value

    def _list(self, key: str) -> list[Any]:
        """A list; null or absent reads as empty (the API omits empty lists in places)."""
        value = self._d.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self._fail(key, f"expected an array, got {_describe(value)}")

    def _objects(self, key: str) -> Iterator[tuple[tuple[_Step, ...], dict[str, Any]]]:
        """(steps, dict) for each element of a list of objects."""
        for i, item in enumerate(self._list(key)):
            if not isinstance(item, dict):
                raise PredictionsFormatError(
                    _path(self._src, (*self._steps, key, i)),
                    f"expected an object, got {_describe(item)}",
                )
            yield (*self._steps, key, i), item

    def _child(self, cls: type[_V], key: str) -> _V:
        return cls(self._obj(key), self._root, self._src, (*self._steps, key))

    def _opt_child(self, cls: type[_V], key: str) -> _V | None:
        d = self._opt_obj(key)
        return None if d is None else cls(d, self._root, self._src, (*self._steps, key))

    def _children(self, cls: type[_V], key: str) -> list[_V]:
        return [cls(d, self._root, self._src, steps) for steps, d in self._objects(key)]

    def _scores(self, key: str) -> list[Score]:
        out = []
        for steps, d in self._objects(key):
            name, score = d.get("name"), d.get("score")
            if not isinstance(name, str):
                raise PredictionsFormatError(
                    _path(self._src, (*steps, "name")), f"expected a string, got {_describe(name)}"
                )
            if not _is_number(score):
                raise PredictionsFormatError(
                    _path(self._src, (*steps, "score")),
                    f"expected a number, got {_describe(score)}",
                )
            out.append(Score(name, float(score)))  # type: ignore[arg-type]
        return out

    def _opt_scores(self, key: str) -> list[Score] | None:
        return None if self._d.get(key) is None else self._scores(key)

    def _time_interval(self, key: str) -> TimeInterval | None:
        d = self._opt_obj(key)
        if d is None:
            return None
        view = _Plain(d, self._root, self._src, (*self._steps, key))
        return TimeInterval(view._float("begin"), view._float("end"))

    def _position(self, key: str) -> PositionInterval:
        view = _Plain(self._obj(key), self._root, self._src, (*self._steps, key))
        return PositionInterval(view._int("begin"), view._int("end"))


_V = TypeVar("_V", bound=_View)
_P = TypeVar("_P", bound="PredictionView")


class _Plain(_View):
    __slots__ = ()


# ------------------------------------------------------------------ views, top down


class SourceView(_View):
    """Where a source came from: ``type`` is ``url``, ``file`` or ``text``."""

    __slots__ = ()

    @property
    def type(self) -> str:
        return self._str("type")

    @property
    def url(self) -> str | None:
        return self._opt_str("url")

    @property
    def filename(self) -> str | None:
        return self._opt_str("filename")

    @property
    def content_type(self) -> str | None:
        return self._opt_str("content_type")

    @property
    def md5sum(self) -> str | None:
        return self._opt_str("md5sum")

    @property
    def label(self) -> str:
        """A human-readable name: the URL, the file name, the md5sum, or the type."""
        return _source_label(self._d)


def _source_label(d: dict[str, Any]) -> str:
    for key in ("url", "filename", "md5sum", "type"):
        value = d.get(key)
        if isinstance(value, str) and value:
            return value
    return "?"


class SourceResultView(_View):
    """One submitted source (URL, uploaded file or text) and what the models made of it.

    ``to_model()`` returns the generated ``hume_batch_api.models.SourcePredictResult``.
    """

    __slots__ = ()

    @property
    def index(self) -> int:
        """Position of this source in the predictions body."""
        return self._src

    @property
    def source(self) -> SourceView:
        return self._child(SourceView, "source")

    @property
    def results(self) -> ResultsView | None:
        """None when the whole source failed (see ``error``)."""
        return self._opt_child(ResultsView, "results")

    @property
    def error(self) -> str | None:
        """Why the whole source could not be processed, if it could not."""
        return self._opt_str("error")

    @property
    def predictions(self) -> list[FilePredictionView]:
        """Shortcut for ``results.predictions`` (empty when there are no results)."""
        results = self.results
        return [] if results is None else results.predictions


class ResultsView(_View):
    """``results`` of a source: one entry per file inside it, plus per-file errors."""

    __slots__ = ()

    @property
    def predictions(self) -> list[FilePredictionView]:
        return self._children(FilePredictionView, "predictions")

    @property
    def errors(self) -> list[PredictionErrorView]:
        return self._children(PredictionErrorView, "errors")


class PredictionErrorView(_View):
    """A file of the source that could not be processed."""

    __slots__ = ()

    @property
    def message(self) -> str:
        return self._str("message")

    @property
    def file(self) -> str:
        return self._str("file")


class FilePredictionView(_View):
    """Predictions for one file (archive member, upload, or 1-based text index)."""

    __slots__ = ()

    @property
    def file(self) -> str:
        return self._str("file")

    @property
    def models(self) -> ModelsView:
        d = self._opt_obj("models")
        return ModelsView({} if d is None else d, self._root, self._src, (*self._steps, "models"))


class TranscriptionMetadataView(_View):
    """Transcription details of the audio/text models."""

    __slots__ = ()

    @property
    def confidence(self) -> float | None:
        return self._opt_float("confidence")

    @property
    def detected_language(self) -> str | None:
        return self._opt_str("detected_language")


class PredictionView(_View):
    """Fields every model's prediction has: ``emotions``."""

    __slots__ = ()

    @property
    def emotions(self) -> list[Score]:
        """Every emotion score, in the order the API sent them."""
        return self._scores("emotions")

    def top_emotions(self, n: int = 3) -> list[Score]:
        """The ``n`` highest-scoring emotions, highest first (ties keep the API's order)."""
        return sorted(self.emotions, key=_score_of, reverse=True)[:n]


_score_of: Callable[[Score], float] = itemgetter(1)


class GroupView(_View, Generic[_P]):
    """Predictions of one group (a face identity when ``identify_faces`` is on, else one)."""

    __slots__ = ("_cls",)

    def __init__(
        self,
        d: dict[str, Any],
        root: dict[str, Any],
        src: int,
        steps: tuple[_Step, ...],
        cls: type[_P],
    ) -> None:
        super().__init__(d, root, src, steps)
        self._cls = cls

    @property
    def id(self) -> str:
        return self._str("id")

    @property
    def predictions(self) -> list[_P]:
        return self._children(self._cls, "predictions")


class ModelResultView(_View, Generic[_P]):
    """One model's output for a file: ``grouped_predictions`` and optional ``metadata``."""

    __slots__ = ("_cls",)

    def __init__(
        self,
        d: dict[str, Any],
        root: dict[str, Any],
        src: int,
        steps: tuple[_Step, ...],
        cls: type[_P],
    ) -> None:
        super().__init__(d, root, src, steps)
        self._cls = cls

    @property
    def metadata(self) -> TranscriptionMetadataView | None:
        return self._opt_child(TranscriptionMetadataView, "metadata")

    @property
    def grouped_predictions(self) -> list[GroupView[_P]]:
        return [
            GroupView(d, self._root, self._src, steps, self._cls)
            for steps, d in self._objects("grouped_predictions")
        ]


class FacePredictionView(PredictionView):
    """One face in one frame."""

    __slots__ = ()

    @property
    def frame(self) -> int:
        return self._int("frame")

    @property
    def time(self) -> float:
        """Seconds from the start of the media."""
        return self._float("time")

    @property
    def prob(self) -> float:
        """Probability that this is a face."""
        return self._float("prob")

    @property
    def box(self) -> BoundingBox:
        view = self._child(_Plain, "box")
        return BoundingBox(view._float("x"), view._float("y"), view._float("w"), view._float("h"))

    @property
    def facs(self) -> list[Score] | None:
        return self._opt_scores("facs")

    @property
    def descriptions(self) -> list[Score] | None:
        return self._opt_scores("descriptions")


class BurstPredictionView(PredictionView):
    """One vocal burst."""

    __slots__ = ()

    @property
    def time(self) -> TimeInterval:
        interval = self._time_interval("time")
        if interval is None:
            self._fail("time", "required object is missing or null")
        return interval

    @property
    def descriptions(self) -> list[Score]:
        return self._scores("descriptions")


class ProsodyPredictionView(PredictionView):
    """One utterance (or word/sentence, depending on granularity) of speech."""

    __slots__ = ()

    @property
    def text(self) -> str | None:
        return self._opt_str("text")

    @property
    def time(self) -> TimeInterval:
        interval = self._time_interval("time")
        if interval is None:
            self._fail("time", "required object is missing or null")
        return interval

    @property
    def confidence(self) -> float | None:
        return self._opt_float("confidence")

    @property
    def speaker_confidence(self) -> float | None:
        return self._opt_float("speaker_confidence")


class LanguagePredictionView(PredictionView):
    """One word, sentence, utterance or passage of text."""

    __slots__ = ()

    @property
    def text(self) -> str:
        return self._str("text")

    @property
    def position(self) -> PositionInterval:
        return self._position("position")

    @property
    def time(self) -> TimeInterval | None:
        """None for text sources (no time axis)."""
        return self._time_interval("time")

    @property
    def confidence(self) -> float | None:
        return self._opt_float("confidence")

    @property
    def speaker_confidence(self) -> float | None:
        return self._opt_float("speaker_confidence")

    @property
    def sentiment(self) -> list[Score] | None:
        return self._opt_scores("sentiment")

    @property
    def toxicity(self) -> list[Score] | None:
        return self._opt_scores("toxicity")


class NerPredictionView(PredictionView):
    """One named entity mention."""

    __slots__ = ()

    @property
    def entity(self) -> str:
        return self._str("entity")

    @property
    def position(self) -> PositionInterval:
        return self._position("position")

    @property
    def entity_confidence(self) -> float:
        return self._float("entity_confidence")

    @property
    def support(self) -> float:
        return self._float("support")

    @property
    def uri(self) -> str:
        return self._str("uri")

    @property
    def link_word(self) -> str:
        return self._str("link_word")

    @property
    def time(self) -> TimeInterval | None:
        return self._time_interval("time")

    @property
    def confidence(self) -> float | None:
        return self._opt_float("confidence")

    @property
    def speaker_confidence(self) -> float | None:
        return self._opt_float("speaker_confidence")


class FacemeshPredictionView(PredictionView):
    """Emotions from one face mesh."""

    __slots__ = ()


class GenericPredictionView(PredictionView):
    """A prediction of a model this version does not know: ``emotions`` plus ``raw``."""

    __slots__ = ()


_PREDICTION_VIEWS: dict[str, type[PredictionView]] = {
    "face": FacePredictionView,
    "burst": BurstPredictionView,
    "prosody": ProsodyPredictionView,
    "language": LanguagePredictionView,
    "ner": NerPredictionView,
    "facemesh": FacemeshPredictionView,
}


class ModelsView(_View):
    """The models that ran on a file; a model that did not run (absent or null) reads as None."""

    __slots__ = ()

    def _model(self, name: str, cls: type[_P]) -> ModelResultView[_P] | None:
        d = self._opt_obj(name)
        return (
            None
            if d is None
            else ModelResultView(d, self._root, self._src, (*self._steps, name), cls)
        )

    @property
    def face(self) -> ModelResultView[FacePredictionView] | None:
        return self._model("face", FacePredictionView)

    @property
    def burst(self) -> ModelResultView[BurstPredictionView] | None:
        return self._model("burst", BurstPredictionView)

    @property
    def prosody(self) -> ModelResultView[ProsodyPredictionView] | None:
        return self._model("prosody", ProsodyPredictionView)

    @property
    def language(self) -> ModelResultView[LanguagePredictionView] | None:
        return self._model("language", LanguagePredictionView)

    @property
    def ner(self) -> ModelResultView[NerPredictionView] | None:
        return self._model("ner", NerPredictionView)

    @property
    def facemesh(self) -> ModelResultView[FacemeshPredictionView] | None:
        return self._model("facemesh", FacemeshPredictionView)

    def names(self) -> list[str]:
        """Models with results here, including ones this version does not know.

        An unknown key whose value is not an object is not a model and is left out.
        """
        return [
            name
            for name, value in self._d.items()
            if value is not None and (name in _KNOWN or isinstance(value, dict))
        ]

    def get(self, name: str) -> ModelResultView[PredictionView] | None:
        """Any model by name; unknown models get `GenericPredictionView` predictions."""
        return self._model(name, _PREDICTION_VIEWS.get(name, GenericPredictionView))

    def items(self) -> list[tuple[str, ModelResultView[PredictionView]]]:
        """(name, result) for every model with results, in the API's order."""
        out = []
        for name in self.names():
            result = self.get(name)
            if result is not None:
                out.append((name, result))
        return out


# ------------------------------------------------------------------ the whole body


class _Reread(Exception):
    """Internal: the fast path met something it cannot read; the checked path will say what."""


# One flat record per prediction: (source, file, model, group_id, index, prediction dict).
_Flat = tuple[int, str, str, str, int, dict[str, Any]]


class Predictions:
    """The decoded predictions of a job: a list of sources, each with per-file model results.

    Build it with `from_bytes` (the response body) or `from_json` (already decoded). Bulk
    helpers (`top_emotions`, `to_rows`, `to_csv`, `to_dataframe`) read the decoded JSON directly;
    `sources` gives typed views of every field, built on access.

        >>> preds = Predictions.from_bytes(response_body)
        >>> preds.top_emotions(3)[0].emotions
        [('Calmness', 0.61), ('Interest', 0.42), ('Boredom', 0.33)]
    """

    __slots__ = ("_data",)

    def __init__(self, data: list[dict[str, Any]]) -> None:
        """Wrap an already checked list; prefer `from_json`, which checks it."""
        self._data = data

    @classmethod
    def from_bytes(cls, raw: bytes | bytearray | memoryview | str) -> Predictions:
        """Decode a predictions response body (JSON) once, with orjson."""
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise PredictionsFormatError("$", f"not valid JSON ({exc})") from None
        return cls.from_json(data)

    @classmethod
    def from_json(cls, obj: list[Any]) -> Predictions:
        """Wrap an already decoded body (a list of ``SourcePredictResult`` objects)."""
        if not isinstance(obj, list):
            raise PredictionsFormatError("$", f"expected an array of sources, got {_describe(obj)}")
        for i, item in enumerate(obj):
            if not isinstance(item, dict):
                raise PredictionsFormatError(
                    f"$[{i}]", f"expected an object, got {_describe(item)}"
                )
        return cls(obj)

    @property
    def raw(self) -> list[dict[str, Any]]:
        """The decoded JSON (not a copy)."""
        return self._data

    @property
    def sources(self) -> list[SourceResultView]:
        """Typed views of each source, in the API's order."""
        return [SourceResultView(d, d, i, ()) for i, d in enumerate(self._data)]

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[SourceResultView]:
        return iter(self.sources)

    def __getitem__(self, index: int) -> SourceResultView:
        d = self._data[index]
        return SourceResultView(d, d, index % len(self._data), ())

    def __repr__(self) -> str:
        return f"<Predictions sources={len(self._data)}>"

    @property
    def errors(self) -> list[PredictionIssue]:
        """Failures reported in the body: whole sources (``source.error``) and single files."""
        issues = []
        for view in self.sources:
            label = _source_label(view._opt_obj("source") or {})
            if view.error is not None:
                issues.append(PredictionIssue(view.index, label, None, view.error))
            results = view.results
            if results is not None:
                issues.extend(
                    PredictionIssue(view.index, label, e.file, e.message) for e in results.errors
                )
        return issues

    def validate(self) -> Predictions:
        """Read every field the bulk helpers use through the typed views; return self.

        Raises `PredictionsFormatError` (with the JSON path) at the first bad field.
        """
        for source in self.sources:
            _ = source.error
            if source.raw.get("source") is not None:
                _ = source.source.type
            for file_pred in source.predictions:
                _ = file_pred.file
                for _name, result in file_pred.models.items():
                    _ = result.metadata
                    for group in result.grouped_predictions:
                        _ = group.id
                        for pred in group.predictions:
                            _ = pred.emotions
                            _check_row_fields(pred)
        return self

    # -------------------------------------------------------------- fast bulk access

    def _flat(self) -> Iterator[_Flat]:
        """Every prediction as a flat record; raises `_Reread` on anything unexpected."""
        for src, source in enumerate(self._data):
            results = source.get("results")
            if results is None:
                continue
            file_preds = results.get("predictions")
            if not file_preds:
                continue
            for file_pred in file_preds:
                file = file_pred["file"]
                models = file_pred.get("models")
                if type(file) is not str:
                    raise _Reread
                if not models:
                    continue
                for model, result in models.items():
                    if type(result) is not dict and (result is None or model not in _KNOWN):
                        continue  # a model that did not run, or a non-model key we do not know
                    for group in result.get("grouped_predictions") or ():
                        group_id = group["id"]
                        if type(group_id) is not str:
                            raise _Reread
                        for index, pred in enumerate(group.get("predictions") or ()):
                            yield src, file, model, group_id, index, pred

    def _guarded(self, fn: Callable[[], _T]) -> _T:
        """Run a fast reader; on a surprise, find and report the bad field via `validate`.

        The cyclic garbage collector is paused meanwhile. A decoded one-hour body holds over a
        million dicts and lists; the readers allocate a few small objects per prediction, which
        triggers collections that each re-scan that whole (acyclic) body: about 40% of
        `top_emotions`' time. Nothing here creates cycles, so pausing only defers collection.
        It is re-enabled even on error, and left alone if it was already off. (Inline rather
        than a context manager, whose cost shows on a one-image body.)
        """
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return fn()
        except (_Reread, KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, PredictionsFormatError):
                raise
            self.validate()
            raise PredictionsFormatError("$", f"unreadable predictions ({exc!r})") from exc
        finally:
            if paused:
                gc.enable()

    def top_emotions(self, n: int = 3) -> list[TopEmotions]:
        """The ``n`` highest-scoring emotions of every prediction, highest first.

        One record per (source, file, model, group, prediction), in the API's order. Ties keep
        the API's order (same result as a stable sort by descending score).
        """
        if n < 0:
            raise InvalidInput(f"n must be >= 0, got {n!r}.")
        return self._guarded(lambda: self._top_emotions(n))

    def _top_emotions(self, n: int) -> list[TopEmotions]:
        out: list[TopEmotions] = []
        append = out.append
        by_score = _by_score
        for src, file, model, group_id, index, pred in self._flat():
            # C-level sort of ~50 items beats heapq.nlargest's Python loop here.
            top = sorted(pred["emotions"], key=by_score, reverse=True)[:n]
            pairs = [(e["name"], e["score"]) for e in top]
            for name, score in pairs:
                if type(name) is not str or type(score) not in _SCORE_TYPES:
                    raise _Reread
            frame, begin, end, text = _row_fields(pred)
            append(TopEmotions(src, file, model, group_id, index, frame, begin, end, text, pairs))
        return out

    def emotion_names(self) -> list[str]:
        """Every emotion name in the body, in first-seen order (the rows' emotion columns)."""
        return self._guarded(self._emotion_names)

    def _emotion_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for *_, pred in self._flat():
            for e in pred["emotions"]:
                name = e["name"]
                if name not in seen:
                    if type(name) is not str:
                        raise _Reread
                    seen[name] = None
        return list(seen)

    def _columns(self, names: list[str]) -> list[str]:
        # An emotion called like an identifying column must not overwrite it.
        return [*ID_COLUMNS, *(f"emotion:{n}" if n in _ID_SET else n for n in names)]

    def _iter_lists(self, names: list[str]) -> Iterator[list[Any]]:
        """Rows as lists in `_columns` order; missing emotions are None."""
        width = len(ID_COLUMNS)
        slot = {name: width + i for i, name in enumerate(names)}
        blank: list[Any] = [None] * (width + len(names))
        labels = [_source_label(s.get("source") or {}) for s in self._data]
        for src, file, model, group_id, index, pred in self._flat():
            row = blank.copy()
            frame, begin, end, text = _row_fields(pred)
            row[:width] = (src, labels[src], file, model, group_id, index, frame, begin, end, text)
            for e in pred["emotions"]:
                score = e["score"]
                if type(score) not in _SCORE_TYPES:
                    raise _Reread
                row[slot[e["name"]]] = score
            yield row

    def to_rows(self) -> list[dict[str, Any]]:
        """One dict per prediction: `ID_COLUMNS`, then one key per emotion name (None if absent).

        ``source`` is the source's index and ``source_label`` its URL or file name.
        """

        def build() -> list[dict[str, Any]]:
            names = self._emotion_names()
            columns = self._columns(names)
            return [dict(zip(columns, row, strict=True)) for row in self._iter_lists(names)]

        return self._guarded(build)

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write `to_rows` as CSV (UTF-8, header row) atomically: temp file, then rename.

        Rows are streamed, so memory stays flat beyond the decoded body.
        """
        import csv

        target = Path(path)

        def write() -> None:
            names = self._emotion_names()
            with atomic_write_text(target) as handle:
                writer = csv.writer(handle)
                writer.writerow(self._columns(names))
                writer.writerows(self._iter_lists(names))

        self._guarded(write)
        return target

    def to_dataframe(self) -> pd.DataFrame:
        """A pandas DataFrame with the `to_rows` columns (needs the ``dataframe`` extra)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError(
                "Predictions.to_dataframe() needs pandas: pip install 'humebatch[dataframe]'"
            ) from exc

        def build() -> dict[str, list[Any]]:
            names = self._emotion_names()
            columns = self._columns(names)
            data: list[list[Any]] = [[] for _ in columns]
            appends = [col.append for col in data]
            for row in self._iter_lists(names):
                for append, value in zip(appends, row, strict=True):
                    append(value)
            return dict(zip(columns, data, strict=True))

        columns = self._guarded(build)
        return pd.DataFrame(columns, columns=list(columns))


_T = TypeVar("_T")


_ID_SET = frozenset(ID_COLUMNS)
_KNOWN = frozenset(KNOWN_MODELS)
_SCORE_TYPES = frozenset({float, int})
_by_score = itemgetter("score")


def _row_fields(pred: dict[str, Any]) -> tuple[int | None, Any, Any, str | None]:
    """(frame, time_begin, time_end, text) of any model's prediction; raises `_Reread` if odd."""
    time = pred.get("time")
    if time is None:
        begin = end = None
    elif type(time) is dict:
        begin = time["begin"]
        end = time["end"]
        if type(begin) not in _SCORE_TYPES or type(end) not in _SCORE_TYPES:
            raise _Reread
    elif type(time) in _SCORE_TYPES:  # face: the frame's time
        begin = end = time
    else:
        raise _Reread
    frame = pred.get("frame")
    text = pred.get("text")
    if text is None:
        text = pred.get("entity")  # ner
    if (frame is not None and type(frame) is not int) or (
        text is not None and type(text) is not str
    ):
        raise _Reread
    return frame, begin, end, text


def _check_row_fields(pred: PredictionView) -> None:
    """Checked twin of `_row_fields` for `Predictions.validate`."""
    pred._opt_int("frame")
    pred._opt_str("text")
    if pred._d.get("text") is None:
        pred._opt_str("entity")
    if isinstance(pred._d.get("time"), dict):
        pred._time_interval("time")
    else:
        pred._opt_float("time")
