"""The predictions body decoded straight into compact msgspec structs (no dict tree).

A one-hour video's predictions hold close to a million ``{name, score}`` objects. As dicts (what
``orjson.loads`` builds) they take ~17 times the size of the body; as ``Score`` structs without
garbage-collector tracking, about 1.5 times (known emotion names, below; 2.6 with a string per
name), and msgspec builds them faster than orjson builds dicts. Each struct mirrors one schema
of the spec; every prediction model shares `Prediction`, the union of their properties (the JSON
carries no tag saying which model a prediction is of), which
`tests/wrapper/test_predictions_decoder.py` checks against the spec.

Lenient like the API: absent and null read the same (fields default to None), unknown keys are
skipped, ``models`` is a dict so models this version does not know are kept, and a non-object
under ``models`` is kept as the scalar or list it is. Anything else of a wrong type makes
`decode` raise `msgspec.ValidationError`; the caller then falls back to plain dicts, whose
readers name the offending JSON path (and read everything that is not wrong).

Emotion names are data, but the API returns a known set (`EMOTION_NAMES`): `decode` first reads
them as a ``Literal`` of it (the `Known*` subclasses), which gives each score the set's own str
object instead of a new string (decoding 10-15% faster, equal names compared by identity).
A body with any other name is decoded again with plain strings, and so is every later one.

Nothing here is tracked by the cycle collector, without pausing it: the structs are
``gc=False`` (decoding creates no cycles) and arrays are tuples, which CPython untracks at their
first collection when they hold only untracked objects. A tree of dicts and lists (or tracked
structs) of a million objects is re-scanned by every full collection, which the readers' own
allocations trigger: that was 40% of `top_emotions`' time over ``orjson.loads``' dicts.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

__all__ = [
    "SOURCES",
    "Box",
    "FilePrediction",
    "Group",
    "Interval",
    "Metadata",
    "ModelResult",
    "Position",
    "Prediction",
    "ResultError",
    "Results",
    "Score",
    "Source",
    "SourceResult",
    "as_builtins",
    "decode",
    "decode_input",
    "decode_source",
]


class _Struct(msgspec.Struct, gc=False, omit_defaults=True):
    """Base: untracked by the cycle collector; null/absent fields left out of `as_builtins`."""


class Score(_Struct):
    """``{name, score}``: an emotion, FACS unit, description, sentiment or toxicity."""

    name: str
    score: float


class Interval(_Struct):
    """``TimeInterval`` (seconds)."""

    begin: float
    end: float


class Position(_Struct):
    """``PositionInterval`` (character offsets)."""

    begin: int
    end: int


class Box(_Struct):
    """``BoundingBox`` (pixels)."""

    x: float | None = None
    y: float | None = None
    w: float | None = None
    h: float | None = None


class Prediction(_Struct):
    """One prediction of any model: the union of the six models' properties.

    ``time`` is a number for the face model (the frame's time) and an interval for the others.
    """

    emotions: tuple[Score, ...] | None = None
    # face
    frame: int | None = None
    time: int | float | Interval | None = None
    prob: float | None = None
    box: Box | None = None
    facs: tuple[Score, ...] | None = None
    descriptions: tuple[Score, ...] | None = None
    # prosody, language, ner
    text: str | None = None
    position: Position | None = None
    confidence: float | None = None
    speaker_confidence: float | None = None
    sentiment: tuple[Score, ...] | None = None
    toxicity: tuple[Score, ...] | None = None
    entity: str | None = None
    entity_confidence: float | None = None
    support: float | None = None
    uri: str | None = None
    link_word: str | None = None


class Group(_Struct):
    """``grouped_predictions[]``: one face identity or speaker (``unknown`` when not grouped)."""

    id: str | None = None
    predictions: tuple[Prediction, ...] | None = None


class Metadata(_Struct):
    """``TranscriptionMetadata`` of the speech and text models."""

    confidence: float | None = None
    detected_language: str | None = None


class ModelResult(_Struct):
    """One model's output for one file."""

    metadata: Metadata | None = None
    grouped_predictions: tuple[Group, ...] | None = None


# A key under ``models``: a model's result, or something this version does not know.
ModelValue = ModelResult | str | int | float | bool | list[Any] | None


class FilePrediction(_Struct):
    """``InferencePrediction``: the models' output for one file of a source."""

    file: str | None = None
    file_type: str | None = None
    models: dict[str, ModelValue] | None = None


class ResultError(_Struct):
    """A file of a source that could not be processed."""

    message: str | None = None
    file: str | None = None


class Results(_Struct):
    """``InferenceResults`` of a source."""

    predictions: tuple[FilePrediction, ...] | None = None
    errors: tuple[ResultError, ...] | None = None


class Source(_Struct):
    """Where a source came from (``url``, ``file`` or ``text``)."""

    type: str | None = None
    url: str | None = None
    filename: str | None = None
    content_type: str | None = None
    md5sum: str | None = None


class SourceResult(_Struct):
    """``SourcePredictResult``: one element of the predictions body."""

    source: Source | None = None
    results: Results | None = None
    error: str | None = None


# ------------------------------------------------------------------ known emotion names

EMOTION_NAMES: tuple[str, ...] = (
    "Admiration", "Adoration", "Aesthetic Appreciation", "Amusement", "Anger", "Annoyance",
    "Anxiety", "Awe", "Awkwardness", "Boredom", "Calmness", "Concentration", "Confusion",
    "Contemplation", "Contempt", "Contentment", "Craving", "Desire", "Determination",
    "Disappointment", "Disapproval", "Disgust", "Distress", "Doubt", "Ecstasy", "Embarrassment",
    "Empathic Pain", "Enthusiasm", "Entrancement", "Envy", "Excitement", "Fear", "Gratitude",
    "Guilt", "Horror", "Interest", "Joy", "Love", "Nostalgia", "Pain", "Pride", "Realization",
    "Relief", "Romance", "Sadness", "Sarcasm", "Satisfaction", "Shame", "Surprise (negative)",
    "Surprise (positive)", "Sympathy", "Tiredness", "Triumph",
)  # fmt: skip
"""The emotion names the API is known to return (the 48 of face, prosody and burst, and the 5
language adds): a speed path of the decoder only, not a closed set (see `decode`)."""


class KnownScore(Score):
    """A `Score` whose name is one of `EMOTION_NAMES`: decoded as that very str object (no new
    string per score, and equal names are the same object, compared and hashed at once)."""

    name: Literal[EMOTION_NAMES]  # type: ignore[valid-type]


class KnownPrediction(Prediction):
    emotions: tuple[KnownScore, ...] | None = None


class KnownGroup(Group):
    predictions: tuple[KnownPrediction, ...] | None = None


class KnownModelResult(ModelResult):
    grouped_predictions: tuple[KnownGroup, ...] | None = None


class KnownFilePrediction(FilePrediction):
    # A dict of a subclass's values: what the base's readers read (dict is invariant to mypy).
    models: dict[str, KnownModelResult | str | int | float | bool | list[Any] | None] | None = None  # type: ignore[assignment]


class KnownResults(Results):
    predictions: tuple[KnownFilePrediction, ...] | None = None


class KnownSourceResult(SourceResult):
    """`SourceResult` of a body whose emotion names are all `EMOTION_NAMES` (a subclass: the
    same fields, read the same way)."""

    results: KnownResults | None = None


OBJECTS = (dict, msgspec.Struct)
"""What a JSON object decodes to: a dict (`Predictions.from_json`) or a struct."""

SOURCES = list[SourceResult]
_decoder = msgspec.json.Decoder(SOURCES)
_source_decoder = msgspec.json.Decoder(SourceResult)
_known_decoder = msgspec.json.Decoder(list[KnownSourceResult])
_known_source_decoder = msgspec.json.Decoder(KnownSourceResult)


class _Names:
    """Whether to try the known emotion names first: a body with another name is decoded
    again with plain strings, and later bodies are decoded with plain strings only."""

    known = True


def _decoded(known: msgspec.json.Decoder[Any], plain: msgspec.json.Decoder[Any], raw: Any) -> Any:
    if _Names.known:
        try:
            return known.decode(raw)
        except msgspec.ValidationError:
            pass
        found = plain.decode(raw)  # a wrong type (not a name) raises here too
        _Names.known = False  # an emotion name this version does not know
        return found
    return plain.decode(raw)


def decode(raw: Any) -> list[SourceResult]:
    """Decode a predictions body (bytes, str or any buffer such as an mmap) into structs.

    Emotion names are read as `EMOTION_NAMES` (`KnownScore`) while every body has only those;
    the first with another name is read with plain strings, as every one after it.

    Raises:
        msgspec.DecodeError: Not JSON (`msgspec.ValidationError`, its subclass: a wrong type).
    """
    found: list[SourceResult] = _decoded(_known_decoder, _decoder, raw)
    return found


class _Input(msgspec.Struct):
    """What a bulk run adds to each input's JSON: which input it is (not the API's)."""

    input: Any = None
    line: Any = None


_input_decoder = msgspec.json.Decoder(_Input)


def decode_input(raw: Any) -> tuple[Any, Any]:
    """The ``input`` and ``line`` keys of one input's JSON (None when absent)."""
    found = _input_decoder.decode(raw)
    return found.input, found.line


def decode_source(raw: Any) -> SourceResult:
    """Decode one ``SourcePredictResult`` (one input's JSON as ``humebatch run`` writes it)."""
    found: SourceResult = _decoded(_known_source_decoder, _source_decoder, raw)
    return found


def as_builtins(node: Any) -> Any:
    """The JSON value of a struct (dicts and lists; null and absent fields left out)."""
    # Through JSON rather than `msgspec.to_builtins`, which would keep the tuples.
    return msgspec.json.decode(msgspec.json.encode(node))
