"""Deterministic, realistic predictions shaped exactly like ``GET /v0/batch/jobs/{id}/predictions``.

Everything derives from a seed, so the same input gives the same bytes. The generator is public
so that benchmarks can build big payloads without a server::

    from humebatch_mock import predictions

    body = predictions.generate("video", duration=3600, seed=1)       # list[dict], ~tens of MB
    raw = predictions.dumps(body)                                      # bytes (orjson)

Which models run for each media kind (restricted to the requested ``models``):
image → face, facemesh · video → face, facemesh, burst, prosody, language, ner ·
audio → burst, prosody, language, ner · text → language, ner (the spec's ``x-hume-reads``). A
model the spec adds gets one prediction of emotions per file it reads.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from hume_batch_contract import INPUT_KINDS, MODEL_READS, MODELS

from ._media import (
    AUDIO,
    ENTITIES,
    IMAGE,
    TEXT,
    VIDEO,
    MediaItem,
    SourcePlan,
    stable_seed,
    synthetic_sentence,
    synthetic_utterance,
)
from ._names import (
    BURST_DESCRIPTIONS,
    EMOTIONS_48,
    EMOTIONS_53,
    FACE_DESCRIPTIONS,
    FACS,
    SENTIMENT,
    TOXICITY,
)
from ._request import normalize_models

__all__ = ["MODELS_BY_KIND", "dumps", "generate", "predict_item", "predict_sources"]

# Which models read each kind of input: the spec's x-hume-reads.
MODELS_BY_KIND: dict[str, tuple[str, ...]] = {
    kind: tuple(model for model in MODELS if kind in MODEL_READS[model]) for kind in INPUT_KINDS
}
_NEEDS_TRANSCRIPT = ("language", "ner")
_SPEECH_MODELS = ("prosody", "language", "ner")
VIDEO_FPS = 30.0
LOW_CONFIDENCE = "Transcript confidence below threshold value"

# Marks "transcription absent from the request" (on, auto language) apart from explicit null (off).
TRANSCRIPTION_DEFAULT: Mapping[str, Any] = {"identify_speakers": False, "confidence_threshold": 0.5}


def dumps(body: Any) -> bytes:
    """Serialise a predictions body (fast; floats keep full precision, like the API)."""
    return orjson.dumps(body)


# ---------------------------------------------------------------- scores


class _Scorer:
    """Scores for one subject (a face, a voice) that drift smoothly from one sample to the next."""

    __slots__ = ("_level", "_names", "_rng", "_target")

    def __init__(self, rng: random.Random, names: Sequence[str]) -> None:
        self._rng = rng
        self._names = names
        self._level = self._draw()
        self._target = self._draw()

    def _draw(self) -> list[float]:
        r = self._rng.random
        # Mostly low scores with a few strong ones, like real outputs.
        return [0.01 + 0.55 * r() ** 3 for _ in self._names]

    def next(self) -> list[dict[str, Any]]:
        r = self._rng.random
        if r() < 0.08:
            self._target = self._draw()
        self._level = level = [
            a + (b - a) * 0.2 for a, b in zip(self._level, self._target, strict=True)
        ]
        return [
            {"name": n, "score": v * (0.9 + 0.2 * r())}
            for n, v in zip(self._names, level, strict=True)
        ]


def _flat_scores(rng: random.Random, names: Sequence[str]) -> list[dict[str, Any]]:
    r = rng.random
    return [{"name": n, "score": 0.02 + 0.9 * r() ** 2} for n in names]


def _distribution(rng: random.Random, names: Sequence[str]) -> list[dict[str, Any]]:
    weights = [rng.random() ** 2 + 1e-3 for _ in names]
    total = sum(weights)
    return [{"name": n, "score": w / total} for n, w in zip(names, weights, strict=True)]


# ---------------------------------------------------------------- transcript


@dataclass(frozen=True)
class _Word:
    text: str
    begin: float
    end: float
    pos: int
    speaker: int
    confidence: float


@dataclass
class _Segment:
    """A stretch of speech (utterance, sentence or turn) over some words."""

    words: list[_Word]
    transcript: str

    @property
    def text(self) -> str:
        return self.transcript[self.words[0].pos : self.words[-1].pos + len(self.words[-1].text)]

    @property
    def speaker(self) -> int:
        return self.words[0].speaker


def _transcript(seed: int, duration: float, speakers: int) -> tuple[str, list[_Segment]]:
    rng = random.Random(stable_seed(seed, "transcript"))
    parts: list[str] = []
    segments: list[_Segment] = []
    pos = 0
    t = rng.uniform(0.1, 1.0)
    speaker = 0
    while t < duration - 0.5:
        sentence = synthetic_utterance(rng)
        words: list[_Word] = []
        for token in sentence.split(" "):
            # ~2.5 words/s with short pauses between utterances: an hour of talk is ~700
            # utterances and ~9,000 words, like real transcripts (and real payload sizes).
            length = 0.09 + 0.045 * len(token) * rng.uniform(0.7, 1.3)
            end = min(duration, t + length)
            conf = 0.75 + 0.25 * rng.random()
            words.append(_Word(token, round(t, 3), round(end, 3), pos, speaker, conf))
            pos += len(token) + 1
            t = end + rng.uniform(0.02, 0.1)
            if t >= duration:
                break
        parts.append(" ".join(w.text for w in words))
        segments.append(_Segment(words, ""))
        t += rng.uniform(0.2, 0.9)
        if speakers > 1 and rng.random() < 0.35:
            speaker = (speaker + rng.randint(1, speakers - 1)) % speakers
    transcript = " ".join(parts)
    for segment in segments:
        segment.transcript = transcript
    return transcript, segments


def _text_segments(text: str, granularity: str) -> list[tuple[str, int, int]]:
    """(text, begin, end) character spans of a text input at a granularity (§7.1: for text,
    ``utterance`` means sentence and ``conversational_turn`` the whole passage)."""
    if granularity == "word":
        return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if granularity in ("sentence", "utterance"):
        spans = [
            (m.group(), m.start(), m.end()) for m in re.finditer(r"[^.!?\s][^.!?]*[.!?]*", text)
        ]
        return [(s.rstrip(), b, b + len(s.rstrip())) for s, b, _ in spans]
    stripped = text.strip()
    begin = text.find(stripped[:1]) if stripped else 0
    return [(stripped, begin, begin + len(stripped))]


def _turns(segments: list[_Segment]) -> list[_Segment]:
    turns: list[_Segment] = []
    for segment in segments:
        if turns and turns[-1].speaker == segment.speaker:
            turns[-1] = _Segment(turns[-1].words + segment.words, segment.transcript)
        else:
            turns.append(segment)
    return turns


def _audio_units(segments: list[_Segment], granularity: str) -> list[_Segment]:
    if granularity == "word":
        return [_Segment([w], s.transcript) for s in segments for w in s.words]
    if granularity == "conversational_turn":
        return _turns(segments)
    return segments  # the generator speaks one sentence per utterance


def _group(items: Iterable[tuple[str, dict[str, Any]]], identify: bool) -> list[dict[str, Any]]:
    if not identify:
        return [{"id": "unknown", "predictions": [p for _, p in items]}]
    groups: dict[str, list[dict[str, Any]]] = {}
    for key, prediction in items:
        groups.setdefault(key, []).append(prediction)
    return [{"id": key, "predictions": preds} for key, preds in sorted(groups.items())]


# ---------------------------------------------------------------- per model


def _face_like(item: MediaItem, cfg: Mapping[str, Any], mesh: bool) -> dict[str, Any]:
    rng = random.Random(stable_seed(item.seed, "face"))
    identify = bool(cfg.get("identify_faces")) and not mesh
    threshold = float(cfg.get("prob_threshold", 0.99))
    min_size = float(cfg.get("min_face_size", 60))
    facs = cfg.get("facs") is not None
    descriptions = cfg.get("descriptions") is not None
    width, height = (1920.0, 1080.0) if item.kind == VIDEO else (3024.0, 4032.0)
    if item.kind == VIDEO:
        fps = float(cfg.get("fps_pred", 3))
        step = 1 if fps <= 0 else max(1, round(VIDEO_FPS / fps))
        frames = range(0, max(1, int(item.duration * VIDEO_FPS)), step)
    else:
        frames = range(1)
    faces: list[dict[str, Any]] = []
    for _ in range(item.faces):
        size = min_size + rng.uniform(20, 500)
        faces.append(
            {
                "scorer": _Scorer(random.Random(rng.getrandbits(64)), EMOTIONS_48),
                "x": rng.uniform(0, width - size),
                "y": rng.uniform(0, height - size),
                "w": size,
                "h": size * rng.uniform(1.15, 1.4),
                "prob": 0.995 + 0.0049 * rng.random(),
            }
        )
    r = rng.random
    out: list[tuple[str, dict[str, Any]]] = []
    for frame in frames:
        time = frame / VIDEO_FPS if item.kind == VIDEO else 0
        for k, face in enumerate(faces):
            prob = face["prob"] - 0.05 * r() ** 30
            if prob < threshold or r() < 0.03:
                continue  # not detected confidently in this frame
            scorer: _Scorer = face["scorer"]
            if mesh:
                out.append((f"face_{k}", {"emotions": scorer.next()}))
                continue
            face["x"] += (r() - 0.5) * 6
            face["y"] += (r() - 0.5) * 6
            out.append(
                (
                    f"face_{k}",
                    {
                        "frame": frame,
                        "time": time,
                        "prob": prob,
                        "box": {"x": face["x"], "y": face["y"], "w": face["w"], "h": face["h"]},
                        "emotions": scorer.next(),
                        "facs": _flat_scores(rng, FACS) if facs else None,
                        "descriptions": _flat_scores(rng, FACE_DESCRIPTIONS)
                        if descriptions
                        else None,
                    },
                )
            )
    return {"metadata": None, "grouped_predictions": _group(out, identify)}


def _burst(item: MediaItem) -> dict[str, Any]:
    rng = random.Random(stable_seed(item.seed, "burst"))
    out: list[tuple[str, dict[str, Any]]] = []
    t = rng.uniform(0.0, min(10.0, item.duration * 0.5))
    while t < item.duration:
        end = min(item.duration, t + rng.uniform(0.4, 2.0))
        prediction = {
            "time": {"begin": round(t, 3), "end": round(end, 3)},
            "emotions": _flat_scores(rng, EMOTIONS_48),
            "descriptions": _flat_scores(rng, BURST_DESCRIPTIONS),
        }
        out.append(("unknown", prediction))
        t = end + rng.uniform(8.0, 40.0)
    return {"metadata": None, "grouped_predictions": _group(out, False)}


def _generic(item: MediaItem, model: str) -> dict[str, Any]:
    """A model the spec lists but the mock cannot imitate: one prediction of emotions."""
    rng = random.Random(stable_seed(item.seed, model))
    prediction = {"emotions": _flat_scores(rng, EMOTIONS_48)}
    return {"metadata": None, "grouped_predictions": _group([("unknown", prediction)], False)}


def _speaker_id(speaker: int) -> str:
    return f"speaker_{speaker}"


class _Speech:
    """Transcript and per-speaker scorers of one audio/video item, shared by its models."""

    def __init__(self, item: MediaItem, transcription: Mapping[str, Any] | None) -> None:
        self.item = item
        self.transcribed = transcription is not None
        speakers = max(1, item.speakers)
        self.transcript, self.segments = _transcript(item.seed, item.duration, speakers)
        self.confidence = transcript_confidence(item)
        language = (transcription or {}).get("language") or "en"
        self.metadata = {"confidence": self.confidence, "detected_language": language}

    def prosody(self, cfg: Mapping[str, Any]) -> dict[str, Any]:
        rng = random.Random(stable_seed(self.item.seed, "prosody"))
        scorers: dict[int, _Scorer] = {}
        identify = bool(cfg.get("identify_speakers"))
        out: list[tuple[str, dict[str, Any]]] = []
        window = cfg.get("window")
        if window:
            length, step = float(window["length"]), float(window["step"])
            t = 0.0
            while t < max(self.item.duration, 1e-9):
                scorer = scorers.setdefault(0, _Scorer(rng, EMOTIONS_48))
                end = min(self.item.duration, t + length)
                prediction: dict[str, Any] = {
                    "text": None,
                    "time": {"begin": round(t, 3), "end": round(end, 3)},
                    "confidence": None,
                    "speaker_confidence": None,
                    "emotions": scorer.next(),
                }
                out.append(("unknown", prediction))
                t += step
            return {"metadata": self.metadata, "grouped_predictions": _group(out, False)}
        units = self.segments
        if self.transcribed:
            units = _audio_units(self.segments, str(cfg.get("granularity", "utterance")))
        for unit in units:
            scorer = scorers.setdefault(unit.speaker, _Scorer(rng, EMOTIONS_48))
            prediction = {
                "text": unit.text if self.transcribed else None,
                "time": {"begin": unit.words[0].begin, "end": unit.words[-1].end},
                "confidence": _mean(w.confidence for w in unit.words) if self.transcribed else None,
                "speaker_confidence": 0.6 + 0.4 * rng.random() if identify else None,
                "emotions": scorer.next(),
            }
            out.append((_speaker_id(unit.speaker), prediction))
        metadata = self.metadata if self.transcribed else None
        return {"metadata": metadata, "grouped_predictions": _group(out, identify)}

    def language(self, cfg: Mapping[str, Any]) -> dict[str, Any]:
        rng = random.Random(stable_seed(self.item.seed, "language"))
        identify = bool(cfg.get("identify_speakers"))
        sentiment = cfg.get("sentiment") is not None
        toxicity = cfg.get("toxicity") is not None
        scorers: dict[int, _Scorer] = {}
        out: list[tuple[str, dict[str, Any]]] = []
        for unit in _audio_units(self.segments, str(cfg.get("granularity", "word"))):
            scorer = scorers.setdefault(unit.speaker, _Scorer(rng, EMOTIONS_53))
            begin = unit.words[0].pos
            prediction = {
                "text": unit.text,
                "position": {"begin": begin, "end": begin + len(unit.text)},
                "time": {"begin": unit.words[0].begin, "end": unit.words[-1].end},
                "confidence": _mean(w.confidence for w in unit.words),
                "speaker_confidence": 0.6 + 0.4 * rng.random() if identify else None,
                "emotions": scorer.next(),
                "sentiment": _distribution(rng, SENTIMENT) if sentiment else None,
                "toxicity": _flat_scores(rng, TOXICITY) if toxicity else None,
            }
            out.append((_speaker_id(unit.speaker), prediction))
        return {"metadata": self.metadata, "grouped_predictions": _group(out, identify)}

    def ner(self, cfg: Mapping[str, Any]) -> dict[str, Any]:
        rng = random.Random(stable_seed(self.item.seed, "ner"))
        identify = bool(cfg.get("identify_speakers"))
        out: list[tuple[str, dict[str, Any]]] = []
        words = [w for s in self.segments for w in s.words]
        for found in _entities(self.transcript, rng):
            spoken = [
                w for w in words if found["position"]["begin"] <= w.pos < found["position"]["end"]
            ]
            if spoken:
                found["time"] = {"begin": spoken[0].begin, "end": spoken[-1].end}
                found["confidence"] = _mean(w.confidence for w in spoken)
                speaker = spoken[0].speaker
            else:
                speaker = 0
            found["speaker_confidence"] = 0.6 + 0.4 * rng.random() if identify else None
            found["emotions"] = _flat_scores(rng, EMOTIONS_53)
            out.append((_speaker_id(speaker), found))
        return {"metadata": self.metadata, "grouped_predictions": _group(out, identify)}


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def _entities(text: str, rng: random.Random) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for name, uri in ENTITIES:
        for m in re.finditer(re.escape(name), text):
            after = text[m.end() :].split(maxsplit=1)
            link = after[0].strip(".,!?") if after else name
            found.append(
                {
                    "entity": name,
                    "position": {"begin": m.start(), "end": m.end()},
                    "entity_confidence": 0.8 + 0.2 * rng.random(),
                    "support": round(rng.uniform(1, 60), 2),
                    "uri": uri,
                    "link_word": link or name,
                    "time": None,
                    "confidence": None,
                }
            )
    found.sort(key=lambda f: f["position"]["begin"])
    return found


def _text_language(item: MediaItem, cfg: Mapping[str, Any]) -> dict[str, Any]:
    rng = random.Random(stable_seed(item.seed, "language"))
    scorer = _Scorer(rng, EMOTIONS_53)
    sentiment = cfg.get("sentiment") is not None
    toxicity = cfg.get("toxicity") is not None
    out = []
    for text, begin, end in _text_segments(item.text or "", str(cfg.get("granularity", "word"))):
        prediction = {
            "text": text,
            "position": {"begin": begin, "end": end},
            "time": None,
            "confidence": None,
            "speaker_confidence": None,
            "emotions": scorer.next(),
            "sentiment": _distribution(rng, SENTIMENT) if sentiment else None,
            "toxicity": _flat_scores(rng, TOXICITY) if toxicity else None,
        }
        out.append(("unknown", prediction))
    return {"metadata": None, "grouped_predictions": _group(out, False)}


def _text_ner(item: MediaItem) -> dict[str, Any]:
    rng = random.Random(stable_seed(item.seed, "ner"))
    out = []
    for found in _entities(item.text or "", rng):
        found["speaker_confidence"] = None
        found["emotions"] = _flat_scores(rng, EMOTIONS_53)
        out.append(("unknown", found))
    return {"metadata": None, "grouped_predictions": _group(out, False)}


# ---------------------------------------------------------------- per file / per job


def transcript_confidence(item: MediaItem) -> float:
    """The (deterministic) transcription confidence of an audio/video item."""
    return 0.6 + (item.seed % 3990) / 10_000


def plan_models(
    item: MediaItem, models: Mapping[str, Any], transcription: Mapping[str, Any] | None
) -> tuple[list[str], list[str]]:
    """Models that will run on ``item`` and its per-file error messages (cheap, no scores)."""
    if item.error:
        return [], [item.error]
    kind = item.kind or ""
    run = [m for m in MODELS_BY_KIND.get(kind, ()) if m in models]
    errors: list[str] = []
    if kind in (AUDIO, VIDEO):
        if transcription is None:
            run = [m for m in run if m not in _NEEDS_TRANSCRIPT]
        elif any(m in run for m in _NEEDS_TRANSCRIPT) and transcript_confidence(item) < float(
            transcription.get("confidence_threshold", 0.5)
        ):
            run = [m for m in run if m not in _NEEDS_TRANSCRIPT]
            errors.append(LOW_CONFIDENCE)
    if not run and not errors:
        errors.append(f"no requested model applies to {kind or 'this'} input")
    return run, errors


def predict_item(
    item: MediaItem,
    models: Mapping[str, Any],
    transcription: Mapping[str, Any] | None = TRANSCRIPTION_DEFAULT,
) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """One ``InferencePrediction`` (or ``None``) and the ``errors[]`` entries for one file."""
    run, messages = plan_models(item, models, transcription)
    errors = [{"message": m, "file": item.file} for m in messages]
    if not run:
        return None, errors
    out: dict[str, Any] = {}
    speech = _Speech(item, transcription) if item.kind in (AUDIO, VIDEO) else None
    for model in run:
        cfg = models[model]
        if model in ("face", "facemesh"):
            out[model] = _face_like(item, cfg, mesh=model == "facemesh")
        elif model == "burst":
            out[model] = _burst(item)
        elif speech is not None and model in _SPEECH_MODELS:
            out[model] = getattr(speech, model)(cfg)
        elif model == "language":
            out[model] = _text_language(item, cfg)
        elif model == "ner":
            out[model] = _text_ner(item)
        else:  # a model added to the spec that the mock has no synthesis for
            out[model] = _generic(item, model)
    prediction: dict[str, Any] = {"file": item.file, "models": out}
    if item.kind == TEXT:
        # Undocumented but real (contract.md §8.3): clients must tolerate extra keys.
        prediction = {"file": item.file, "file_type": "text", "models": out}
    return prediction, errors


def count_outcomes(
    plans: Sequence[SourcePlan], models: Mapping[str, Any], transcription: Mapping[str, Any] | None
) -> tuple[int, int]:
    """(num_predictions, num_errors) of a job, without generating scores."""
    predictions = errors = 0
    for plan in plans:
        for item in plan.items:
            run, messages = plan_models(item, models, transcription)
            predictions += bool(run)
            errors += len(messages)
    return predictions, errors


def predict_sources(
    plans: Sequence[SourcePlan],
    models: Mapping[str, Any],
    transcription: Mapping[str, Any] | None = TRANSCRIPTION_DEFAULT,
    *,
    shuffle_seed: int | None = None,
) -> list[dict[str, Any]]:
    """The whole predictions body of a job: one ``SourcePredictResult`` per source."""
    body = []
    for plan in plans:
        predictions: list[dict[str, Any]] = []
        errors: list[dict[str, str]] = []
        for item in plan.items:
            prediction, item_errors = predict_item(item, models, transcription)
            if prediction is not None:
                predictions.append(prediction)
            errors.extend(item_errors)
        if plan.source.get("type") == "text" and shuffle_seed is not None:
            # The real API returns text predictions out of submission order (contract.md §8.3).
            random.Random(shuffle_seed).shuffle(predictions)
        body.append(
            {"source": plan.source, "results": {"predictions": predictions, "errors": errors}}
        )
    return body


def generate(
    kind: str = "video",
    *,
    duration: float = 60.0,
    models: Mapping[str, Any] | None = None,
    seed: int | str = 0,
    file: str | None = None,
    texts: Sequence[str] | None = None,
    faces: int = 1,
    speakers: int = 2,
    transcription: Mapping[str, Any] | None = TRANSCRIPTION_DEFAULT,
) -> list[dict[str, Any]]:
    """A whole predictions body for one synthetic source, without a server.

    Args:
        kind: ``"image"``, ``"video"``, ``"audio"`` or ``"text"``.
        duration: media length in seconds (audio/video).
        models: the request's ``models`` object (``None``: all six with defaults), e.g.
            ``{"face": {"fps_pred": 3}, "prosody": {}, "language": {"granularity": "word"}}``.
        seed: same seed and arguments → same bytes.
        file: the prediction's ``file`` (default ``media.<ext>``); the source is a URL to it.
        texts: for ``kind="text"``: the strings (default: generated sentences); one text source.
        faces / speakers: people in the media.
        transcription: the request's transcription object; ``None`` disables transcription.

    Returns:
        A list with one ``SourcePredictResult`` (JSON-ready; see :func:`dumps`).
    """
    model_cfg = normalize_models(models)
    base = stable_seed("generate", seed)
    if kind == TEXT:
        strings = (
            list(texts)
            if texts is not None
            else [synthetic_sentence(random.Random(base + i)) for i in range(3)]
        )
        items = [
            MediaItem(str(i), TEXT, stable_seed(base, i), text=t) for i, t in enumerate(strings, 1)
        ]
        plan = SourcePlan({"type": "text"}, items)
    else:
        ext = {IMAGE: "jpg", VIDEO: "mp4", AUDIO: "wav"}.get(kind)
        if ext is None:
            raise ValueError(f"kind must be image, video, audio or text, got {kind!r}")
        name = file or f"media.{ext}"
        item = MediaItem(name, kind, base, duration=float(duration), faces=faces, speakers=speakers)
        plan = SourcePlan({"type": "url", "url": f"https://example.com/{name}"}, [item])
    return predict_sources([plan], model_cfg, transcription)
