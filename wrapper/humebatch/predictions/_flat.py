"""Every prediction of a body as one flat record: the walk the bulk readers share.

Two walkers, one per kind of decoded body: structs (`Predictions.from_bytes`, already
type-checked by the decoder) and plain dicts (`Predictions.from_json`, checked here on the fly).
Both raise `Reread` on anything unexpected; the caller then runs the checked views, which name
the JSON path of the bad field.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from ._records import KNOWN_MODELS, TopEmotions
from ._structs import Interval, ModelResult, SourceResult


class Reread(Exception):
    """The fast path met something it cannot read; the checked path will say what."""


# (source, file, model, group_id, index, frame, time_begin, time_end, text, prediction,
# emotions): the prediction and its emotions are the body's own objects (dicts or structs),
# read with a `Walker` (the prediction only where a column needs more of it: `Walker.face`).
Flat = tuple[int, str, str, str, int, Any, Any, Any, Any, Any, Sequence[Any]]

_KNOWN = frozenset(KNOWN_MODELS)
SCORE_TYPES = frozenset({float, int})


@dataclass(frozen=True)
class Walker:
    """How to walk one kind of decoded body and read its ``{name, score}`` objects."""

    records: Callable[[list[Any]], Iterator[Flat]]
    score: Callable[[Any], Any]
    name: Callable[[Any], Any]
    pair: Callable[[Any], tuple[Any, Any]]
    face: Callable[[Any], tuple[Any, Any, Any, Any, Any]]
    """(box x, y, w, h, prob) of a face prediction; `Reread` if one is of a wrong type."""
    field: Callable[[Any, str], Any]
    """``field(obj, name)``: a field of an object of the body, None if absent (unchecked)."""
    names: Callable[[Iterable[Any]], list[Any]]
    """The names of a list of ``{name, score}`` objects (unchecked)."""
    scores: Callable[[Iterable[Any]], list[Any]]
    """Their scores (unchecked)."""
    typed: bool
    """Whether the decoder already made every name a str and every score a float."""


NO_FACE: tuple[None, None, None, None, None] = (None, None, None, None, None)


def check_pair(name: object, score: object) -> None:
    """A name and score as the readers hand them out; `Reread` if either is of a wrong type."""
    if type(name) is not str or type(score) not in SCORE_TYPES:
        raise Reread


def _struct_groups(data: list[SourceResult]) -> Iterator[tuple[int, str, str, str, Sequence[Any]]]:
    """(source, file, model, group id, its predictions) of every group of a struct body."""
    for src, source in enumerate(data):
        results = source.results
        if results is None or not results.predictions:
            continue
        for file_pred in results.predictions:
            file, models = file_pred.file, file_pred.models
            if file is None:
                raise Reread
            if not models:
                continue
            for model, result in models.items():
                if not isinstance(result, ModelResult):  # or its known-names subclass
                    if result is None or model not in _KNOWN:
                        continue  # a model that did not run, or a non-model key we do not know
                    raise Reread
                for group in result.grouped_predictions or ():
                    if group.id is None:
                        raise Reread
                    yield src, file, model, group.id, group.predictions or ()


def _struct_span(pred: Any) -> tuple[Any, Any, Any, Any]:
    """(emotions, time_begin, time_end, text) of a struct prediction; `Reread` if no emotions."""
    emotions, time = pred.emotions, pred.time
    if emotions is None:
        raise Reread
    if time is None:
        begin = end = None
    elif type(time) is Interval:
        begin, end = time.begin, time.end
    else:  # face: the frame's time
        begin = end = time
    text = pred.text
    return emotions, begin, end, pred.entity if text is None else text  # entity: ner


def _struct_records(data: list[SourceResult]) -> Iterator[Flat]:
    for src, file, model, group_id, preds in _struct_groups(data):
        for index, pred in enumerate(preds):
            emotions, begin, end, text = _struct_span(pred)
            yield (src, file, model, group_id, index, pred.frame, begin, end, text, pred,
                   emotions)  # fmt: skip


_by_score = attrgetter("score")


def struct_tops(data: list[SourceResult], n: int) -> list[TopEmotions]:
    """`Predictions.top_emotions` of a struct body: `_struct_records`' walk, each record built
    as the `TopEmotions` it gives (no record in between).

    A stable sort by descending score, of a prediction's scores that reach a floor (the
    ``2n``-th highest of an earlier prediction) when at least ``n`` do: its first ``n`` are
    those of sorting them all (every score above the ``n``-th highest is there, ties in the
    API's order), and the C-level filter costs less than sorting ~50 items by a key. Too few
    (or all) reaching it: all are sorted; when that is common, the floor is given up.
    """
    out: list[TopEmotions] = []
    append = out.append
    make = tuple.__new__  # TopEmotions(...) without its Python-level __new__
    floor, seen, missed, guess = -math.inf, 0, 0, 0 < n <= _GUESS_UP_TO
    for src, file, model, group_id, preds in _struct_groups(data):
        for index, pred in enumerate(preds):
            emotions, begin, end, text = _struct_span(pred)
            if guess:
                seen += 1
                top = [s for s in emotions if s.score >= floor]
                if len(top) >= n:
                    top.sort(key=_by_score, reverse=True)
                    if len(top) > 4 * n:
                        floor = top[2 * n - 1].score
                    missed += len(top) == len(emotions)
                else:
                    top = sorted(emotions, key=_by_score, reverse=True)
                    floor = top[min(2 * n, len(top)) - 1].score if top else floor
                    missed += 1
                if missed * 4 > seen + 64:
                    guess = False  # scores this body does not order that way: sort them all
                top = top[:n]
            else:
                top = sorted(emotions, key=_by_score, reverse=True)[:n]
            append(make(TopEmotions, (src, file, model, group_id, index, pred.frame, begin, end,
                                      text, [(s.name, s.score) for s in top])))  # fmt: skip
    return out


_GUESS_UP_TO = 5
"""The largest ``n`` of `struct_tops` that filters by a floor (a few of ~50 scores)."""


def _dict_records(data: list[dict[str, Any]]) -> Iterator[Flat]:
    for src, source in enumerate(data):
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
                raise Reread
            if not models:
                continue
            for model, result in models.items():
                if type(result) is not dict and (result is None or model not in _KNOWN):
                    continue  # a model that did not run, or a non-model key we do not know
                for group in result.get("grouped_predictions") or ():
                    group_id = group["id"]
                    if type(group_id) is not str:
                        raise Reread
                    for index, pred in enumerate(group.get("predictions") or ()):
                        frame, begin, end, text = _dict_fields(pred)
                        emotions = pred["emotions"]
                        if type(emotions) is not list:
                            raise Reread
                        yield (src, file, model, group_id, index, frame, begin, end, text, pred,
                               emotions)  # fmt: skip


def _dict_fields(pred: dict[str, Any]) -> tuple[int | None, Any, Any, str | None]:
    """(frame, time_begin, time_end, text) of any model's prediction; `Reread` if odd."""
    time = pred.get("time")
    if time is None:
        begin = end = None
    elif type(time) is dict:
        begin = time["begin"]
        end = time["end"]
        if type(begin) not in SCORE_TYPES or type(end) not in SCORE_TYPES:
            raise Reread
    elif type(time) in SCORE_TYPES:  # face: the frame's time
        begin = end = time
    else:
        raise Reread
    frame = pred.get("frame")
    text = pred.get("text")
    if text is None:
        text = pred.get("entity")  # ner
    if (frame is not None and type(frame) is not int) or (
        text is not None and type(text) is not str
    ):
        raise Reread
    return frame, begin, end, text


def _struct_face(pred: Any) -> tuple[Any, Any, Any, Any, Any]:
    box = pred.box  # the decoder checked the types
    if box is None:
        return None, None, None, None, pred.prob
    return box.x, box.y, box.w, box.h, pred.prob


def _dict_face(pred: dict[str, Any]) -> tuple[Any, Any, Any, Any, Any]:
    box, prob = pred.get("box"), pred.get("prob")
    if box is None:
        values: tuple[Any, ...] = (None, None, None, None, prob)
    elif type(box) is dict:
        values = (box.get("x"), box.get("y"), box.get("w"), box.get("h"), prob)
    else:
        raise Reread
    for value in values:
        if value is not None and type(value) not in SCORE_TYPES:
            raise Reread
    return values


def _struct_names(scores: Iterable[Any]) -> list[Any]:
    return [score.name for score in scores]  # an attribute read the interpreter specializes


def _struct_scores(scores: Iterable[Any]) -> list[Any]:
    return [score.score for score in scores]


_dict_name = itemgetter("name")
_dict_score = itemgetter("score")


def _dict_names(scores: Iterable[Any]) -> list[Any]:
    return list(map(_dict_name, scores))


def _dict_scores(scores: Iterable[Any]) -> list[Any]:
    return list(map(_dict_score, scores))


STRUCTS = Walker(
    _struct_records,
    attrgetter("score"),
    attrgetter("name"),
    attrgetter("name", "score"),
    _struct_face,
    getattr,
    _struct_names,
    _struct_scores,
    True,
)
DICTS = Walker(
    _dict_records,
    _dict_score,
    _dict_name,
    itemgetter("name", "score"),
    _dict_face,
    dict.get,
    _dict_names,
    _dict_scores,
    False,
)
