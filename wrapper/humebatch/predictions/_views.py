"""Typed views: one class per schema of the predictions, over a dict or a decoded struct."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any, Generic, NoReturn, TypeVar

from ._records import (
    KNOWN_MODELS,
    BoundingBox,
    PositionInterval,
    PredictionsFormatError,
    Score,
    TimeInterval,
)
from ._structs import OBJECTS, as_builtins

# ------------------------------------------------------------------ path-aware reading

Node = Any
"""One JSON object of the body: a dict (`Predictions.from_json`) or a msgspec struct."""

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


def _get(node: Node, key: str) -> Any:
    """A key of a dict, or a field of a struct; absent reads as None."""
    if type(node) is dict:
        return node.get(key)
    return getattr(node, key, None)


def as_dict(node: Node) -> dict[str, Any]:
    """The JSON object itself (a dict node), or the one a struct stands for (built now)."""
    if isinstance(node, dict):
        return node
    built: dict[str, Any] = as_builtins(node)
    return built


class _View:
    """A typed window onto one object of the decoded body; knows its JSON path."""

    __slots__ = ("_d", "_root", "_src", "_steps")

    def __init__(self, d: Node, root: Node, src: int, steps: tuple[_Step, ...]) -> None:
        self._d = d
        self._root = root
        self._src = src
        self._steps = steps

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON object behind this view.

        From `Predictions.from_json`: the decoded dict itself (not a copy). From
        `Predictions.from_bytes`: a dict built from the decoded struct on each call, with the
        fields the spec names (null and absent ones left out; unknown keys were skipped).
        """
        return as_dict(self._d)

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
        from .._transport import source_result_from_dict

        model: Any = source_result_from_dict(as_dict(self._root))
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
        value = _get(self._d, key)
        if value is None or isinstance(value, str):
            return value
        self._fail(key, f"expected a string, got {_describe(value)}")

    def _str(self, key: str) -> str:
        value = self._opt_str(key)
        if value is None:
            self._fail(key, "required string is missing or null")
        return value

    def _opt_float(self, key: str) -> float | None:
        value = _get(self._d, key)
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
        value = _get(self._d, key)
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

    def _opt_obj(self, key: str) -> Node | None:
        value = _get(self._d, key)
        if value is None or isinstance(value, OBJECTS):
            return value
        self._fail(key, f"expected an object, got {_describe(value)}")

    def _obj(self, key: str) -> Node:
        value = self._opt_obj(key)
        if value is None:
            self._fail(key, "required object is missing or null")
        return value

    def _list(self, key: str) -> Sequence[Any]:
        """An array; null or absent reads as empty (the API omits empty lists in places)."""
        value = _get(self._d, key)
        if value is None:
            return ()
        if isinstance(value, (list, tuple)):  # tuple: a struct's array
            return value
        self._fail(key, f"expected an array, got {_describe(value)}")

    def _objects(self, key: str) -> Iterator[tuple[tuple[_Step, ...], Node]]:
        """(steps, object) for each element of a list of objects."""
        for i, item in enumerate(self._list(key)):
            if not isinstance(item, OBJECTS):
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
            name, score = _get(d, "name"), _get(d, "score")
            if not isinstance(name, str):
                raise PredictionsFormatError(
                    _path(self._src, (*steps, "name")), f"expected a string, got {_describe(name)}"
                )
            if not _is_number(score):
                raise PredictionsFormatError(
                    _path(self._src, (*steps, "score")),
                    f"expected a number, got {_describe(score)}",
                )
            out.append(Score(name, float(score)))
        return out

    def _opt_scores(self, key: str) -> list[Score] | None:
        return None if _get(self._d, key) is None else self._scores(key)

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
        return source_label(self._d)


def source_label(d: Node) -> str:
    """A source's URL, file name, md5sum or type, whichever comes first; "?" if none."""
    for key in ("url", "filename", "md5sum", "type"):
        value = _get(d, key)
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
    def file_type(self) -> str | None:
        """The kind of input, when the API says (``text`` for a text job)."""
        return self._opt_str("file_type")

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
        d: Node,
        root: Node,
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
        d: Node,
        root: Node,
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


_KNOWN = frozenset(KNOWN_MODELS)
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
            if value is not None and (name in _KNOWN or isinstance(value, OBJECTS))
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


def check_row_fields(pred: PredictionView) -> None:
    """Read, with checks, the fields the bulk readers take from every prediction."""
    pred._opt_int("frame")
    pred._opt_str("text")
    if _get(pred._d, "text") is None:
        pred._opt_str("entity")
    if isinstance(_get(pred._d, "time"), OBJECTS):
        pred._time_interval("time")
    else:
        pred._opt_float("time")
    # The face's box and probability (rows), the span, confidences and score lists (datasets).
    for key in ("prob", "confidence", "speaker_confidence"):
        pred._opt_float(key)
    for key, fields, read in (
        ("box", "xywh", _View._opt_float),
        ("position", ("begin", "end"), _View._opt_int),
    ):
        found = pred._opt_obj(key)
        if found is not None:
            view = _Plain(found, pred._root, pred._src, (*pred._steps, key))
            for field in fields:
                read(view, field)
    for key in ("facs", "descriptions", "sentiment", "toxicity"):
        pred._opt_scores(key)
