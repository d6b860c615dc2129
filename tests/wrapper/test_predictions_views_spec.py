"""The typed predictions views and records are checked against the spec, field by field.

Starting from `SourceResultView` ↔ ``SourcePredictResult`` and following each property's
return annotation, every object schema of a predictions body is paired with the view (or
record) that reads it, and for each pair:

* every property the spec lists is a view property of the same name, and every view property
  is one the spec lists (save the few derived ones named in `DERIVED`);
* where the spec lets a value be absent or null, the view returns ``... | None`` (or a list,
  read empty): a valid body never makes a view raise;
* the types agree: integer → ``int``, number → ``float``, string → ``str``, an object → its
  view or record, an array → ``list[...]`` of what its items read as;
* a record (`Score`, `BoundingBox`, `TimeInterval`, `PositionInterval`) has exactly the
  schema's properties, in order, of those types;
* ``ModelsView`` has a typed property per model of ``ModelsPredictions``, and ``get(name)``
  picks the same prediction view as the property.

So a change to a predictions schema in the spec fails here until the views follow (the
second half of this file changes a copy of the spec to show it).
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Mapping
from typing import Any, get_args, get_origin, get_type_hints

import pytest
from humebatch.predictions import _records, _views
from support.openapi import spec

DERIVED = {
    "SourceView": {"label"},  # the URL, file name or md5sum, whichever the source has
    "SourceResultView": {"index", "predictions"},  # its position; results.predictions
}
"""View properties that read no field of their schema, by view class."""

SCALARS = {"integer": int, "number": float, "string": str, "boolean": bool}
RECORDS = (_records.Score, _records.BoundingBox, _records.TimeInterval, _records.PositionInterval)


class Checker:
    """Pairs views with schemas from the root down and lists every disagreement."""

    def __init__(self, schemas: Mapping[str, Any]) -> None:
        self.schemas = schemas
        self.problems: list[str] = []
        self.paired: dict[str, set[str]] = {}  # view or record name -> schema names
        self._seen: set[tuple[str, str]] = set()

    # -- the spec side

    def resolve(self, node: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], bool, str]:
        """The non-null variants of ``node`` (refs followed), whether null is allowed, a name."""
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            variants, nullable, _ = self.resolve(self.schemas[name])
            return variants, nullable, name
        options = node.get("oneOf") or node.get("anyOf")
        if options:
            out: list[Mapping[str, Any]] = []
            nullable = False
            names = []
            for option in options:
                variants, null, name = self.resolve(option)
                out += variants
                nullable = nullable or null
                names.append(name)
            return out, nullable, "|".join(n for n in names if n)
        kinds = node.get("type")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
        if kinds == ["null"]:
            return [], True, ""
        if "null" in kinds:
            rest = {**node, "type": [k for k in kinds if k != "null"]}
            return [rest], True, ""
        return [node], False, ""

    @staticmethod
    def kind(variant: Mapping[str, Any]) -> str:
        kinds = variant.get("type")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
        if not kinds and "properties" in variant:
            return "object"
        return kinds[0] if len(kinds) == 1 else "|".join(kinds)

    def properties(
        self, variants: list[Mapping[str, Any]]
    ) -> dict[str, tuple[Mapping[str, Any], bool]]:
        """Every property of the object variants: its schema and whether it may be absent."""
        out: dict[str, tuple[Mapping[str, Any], bool]] = {}
        for variant in variants:
            for prop, sub in variant.get("properties", {}).items():
                optional = prop not in variant.get("required", ())
                if prop in out:
                    optional = optional or out[prop][1]
                out[prop] = (out.get(prop, (sub, False))[0], optional)
        for prop, (sub, _) in list(out.items()):
            if any(prop not in v.get("properties", {}) for v in variants):
                out[prop] = (sub, True)  # a property of some variants only
        return out

    # -- the Python side

    @staticmethod
    def options(annotation: Any) -> tuple[list[Any], bool]:
        if isinstance(annotation, types.UnionType) or get_origin(annotation) is typing.Union:
            args = list(get_args(annotation))
        else:
            args = [annotation]
        nullable = type(None) in args
        return [a for a in args if a is not type(None)], nullable

    @staticmethod
    def view_properties(cls: type) -> dict[str, property]:
        out: dict[str, property] = {}
        for klass in reversed(cls.__mro__):
            if klass is _views._View or not issubclass(klass, _views._View):
                continue
            out.update((k, v) for k, v in vars(klass).items() if isinstance(v, property))
        return out

    # -- the pairing

    def check(self, node: Mapping[str, Any], annotation: Any, where: str, bind: Any) -> None:
        variants, nullable, name = self.resolve(node)
        options, optional = self.options(annotation)
        if nullable and not optional and not self._is_list(options):
            self.problems.append(f"{where}: the spec allows null, the view returns {annotation}")
        if not variants:
            return
        if len(options) != 1:
            self.problems.append(f"{where}: expected one type besides None, got {annotation}")
            return
        (target,) = options
        kinds = {self.kind(v) for v in variants}
        if kinds <= set(SCALARS):
            wanted = {SCALARS[k] for k in kinds}
            if target not in wanted:
                self.problems.append(f"{where}: {'/'.join(sorted(kinds))} read as {target}")
        elif kinds == {"array"}:
            if get_origin(target) is not list:
                self.problems.append(f"{where}: an array read as {target}")
                return
            (item,) = get_args(target)
            self.check(variants[0].get("items", {}), item, f"{where}[]", bind)
        elif kinds == {"object"}:
            self.check_object(variants, name, target, where, bind)
        else:
            self.problems.append(f"{where}: {kinds} not read by {annotation}")

    @staticmethod
    def _is_list(options: list[Any]) -> bool:
        return len(options) == 1 and get_origin(options[0]) is list

    def check_object(
        self, variants: list[Mapping[str, Any]], name: str, target: Any, where: str, bind: Any
    ) -> None:
        if isinstance(target, typing.TypeVar):
            target = bind
        cls = get_origin(target) or target
        params = get_args(target)
        if params and not isinstance(params[0], typing.TypeVar):
            bind = params[0]  # GroupView[_P] inside ModelResultView[FacePredictionView]: kept
        if not isinstance(cls, type):
            self.problems.append(f"{where}: an object read as {target}")
            return
        props = self.properties(variants)
        if not props and all(v.get("additionalProperties", True) is not False for v in variants):
            return  # an open object with nothing named (NullMetadata): any view reads it
        self.paired.setdefault(cls.__name__, set()).add(name)
        key = (f"{cls.__name__}[{getattr(bind, '__name__', '')}]", name)
        if key in self._seen:
            return
        self._seen.add(key)
        if issubclass(cls, tuple) and hasattr(cls, "_fields"):
            self.check_record(cls, props, where)
            return
        if not issubclass(cls, _views._View):
            self.problems.append(f"{where}: an object read as {cls.__name__}")
            return
        have = self.view_properties(cls)
        extra = set(have) - set(props) - DERIVED.get(cls.__name__, set())
        for prop in sorted(extra):
            self.problems.append(f"{where}: {cls.__name__}.{prop} is not in the spec's {name}")
        for prop, (sub, absent) in props.items():
            at = f"{where}.{prop}"
            if prop not in have:
                self.problems.append(f"{at}: in the spec's {name}, no {cls.__name__}.{prop}")
                continue
            returned = get_type_hints(have[prop].fget, vars(_views))["return"]
            options, optional = self.options(returned)
            if absent and not optional and not self._is_list(options):
                self.problems.append(
                    f"{at}: optional in the spec's {name}, {cls.__name__}.{prop} returns {returned}"
                )
            self.check(sub, returned, at, bind)

    def check_record(
        self, cls: type, props: Mapping[str, tuple[Mapping[str, Any], bool]], where: str
    ) -> None:
        fields = tuple(cls._fields)  # type: ignore[attr-defined]
        if fields != tuple(props):
            self.problems.append(f"{where}: {cls.__name__}{fields} != the spec's {tuple(props)}")
            return
        hints = get_type_hints(cls, vars(_records))
        for prop, (sub, absent) in props.items():
            if absent:
                self.problems.append(f"{where}.{prop}: optional in the spec, a plain field")
            self.check(sub, hints[prop], f"{where}.{prop}", None)


def problems_of(schemas: Mapping[str, Any]) -> tuple[list[str], dict[str, set[str]]]:
    checker = Checker(schemas)
    checker.check({"$ref": "#/components/schemas/SourcePredictResult"}, _views.SourceResultView,
                  "$[]", None)  # fmt: skip
    models = schemas["ModelsPredictions"]["properties"]
    views = _views._PREDICTION_VIEWS
    if set(views) != set(models):
        checker.problems.append(f"get(): views for {sorted(views)}, models {sorted(models)}")
    hints = get_type_hints(_views.ModelsView.__dict__["face"].fget, vars(_views))
    assert get_origin(Checker.options(hints["return"])[0][0]) is _views.ModelResultView
    for name in set(views) & set(models):
        prop = _views.ModelsView.__dict__.get(name)
        if isinstance(prop, property):
            returned = get_type_hints(prop.fget, vars(_views))["return"]
            (result,), _ = Checker.options(returned)
            if get_args(result) != (views[name],):
                checker.problems.append(f"models.{name}: get() reads {views[name].__name__}")
    return checker.problems, checker.paired


def test_views_and_records_read_what_the_spec_says() -> None:
    problems, paired = problems_of(spec()["components"]["schemas"])
    assert problems == []
    # The walk reached every view with a schema and every record.
    assert {
        "SourceResultView",
        "SourceView",
        "ResultsView",
        "PredictionErrorView",
        "FilePredictionView",
        "ModelsView",
        "ModelResultView",
        "TranscriptionMetadataView",
        "GroupView",
        *(v.__name__ for v in _views._PREDICTION_VIEWS.values()),
        *(r.__name__ for r in RECORDS),
    } <= set(paired)
    assert paired["Score"] == {"EmotionScore", "Score"}
    assert paired["FacePredictionView"] == {"FacePrediction"}


def _schemas() -> dict[str, Any]:
    return copy.deepcopy(spec()["components"]["schemas"])


def _add_property(s: dict[str, Any]) -> None:
    s["FacePrediction"]["properties"]["pose"] = {"type": "number"}


def _make_optional(s: dict[str, Any]) -> None:
    s["NerPrediction"]["required"].remove("uri")


def _make_nullable(s: dict[str, Any]) -> None:
    s["FacePrediction"]["properties"]["prob"] = {"type": ["number", "null"]}


def _retype(s: dict[str, Any]) -> None:
    s["PositionInterval"]["properties"]["begin"] = {"type": "string"}


def _rename(s: dict[str, Any]) -> None:
    props = s["BoundingBox"]["properties"]
    props["width"] = props.pop("w")
    s["BoundingBox"]["required"] = ["x", "y", "width", "h"]


def _new_model(s: dict[str, Any]) -> None:
    s["ModelsPredictions"]["properties"]["gaze"] = copy.deepcopy(
        s["ModelsPredictions"]["properties"]["facemesh"]
    )


def _drop_field(s: dict[str, Any]) -> None:
    del s["ProsodyPrediction"]["properties"]["speaker_confidence"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_add_property, "FacePrediction, no FacePredictionView.pose"),
        (_make_optional, "optional in the spec's NerPrediction, NerPredictionView.uri returns"),
        (_make_nullable, ".prob: the spec allows null"),
        (_retype, "string read as <class 'int'>"),
        (_rename, "BoundingBox('x', 'y', 'w', 'h') != the spec's ('x', 'y', 'h', 'width')"),
        (_new_model, "get(): views for"),
        (_drop_field, "ProsodyPredictionView.speaker_confidence is not in the spec's"),
    ],
)
def test_a_predictions_schema_change_fails_until_the_views_follow(change: Any, says: str) -> None:
    schemas = _schemas()
    change(schemas)
    problems, _ = problems_of(schemas)
    assert any(says in p for p in problems), problems
