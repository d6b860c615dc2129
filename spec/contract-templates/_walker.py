"""The one generic walker: checks a value against a `Field` or `Schema`, fills defaults.

It follows JSON Schema's meaning for what the contract holds: 60.0 is an integer, a boolean is
not a number, ``pattern`` matches anywhere (``re.search``), a closed object refuses keys it does
not list. Python values stand for JSON ones: a list or tuple is an array, any mapping an object,
and a number that JSON cannot carry (NaN, infinity) is no number.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ._model import Field, Schema
from ._spec import SCHEMAS

_TYPE_NAMES = {
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}
# RFC 3986: a URI is ASCII; anything else (spaces, controls, non-ASCII) must be percent-encoded.
_URI_CHARS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_INT_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


@dataclass(frozen=True)
class Problem:
    """Why a value breaks the contract.

    ``path`` is the JSON path (``models.face.fps_pred``, ``urls[3]``; empty for the whole
    value), ``rule`` the broken keyword (``type``, ``enum``, ``minimum``, ``maximum``,
    ``max_items``, ``min_items``, ``pattern``, ``format``, ``unknown``, ``required``),
    ``expected`` what is allowed in words, ``given`` the value given (for ``unknown``, the
    key), ``known`` the keys the object lists (for ``unknown``).
    """

    path: str
    rule: str
    expected: str
    given: Any
    known: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = self.path or "value"
        if self.rule == "unknown":
            known = ", ".join(self.known) or "none"
            return f"{where}: unknown key {self.given!r} (known: {known})"
        if self.rule == "required":
            return f"{where}: required, but missing"
        return f"{where}: must be {self.expected}, got {_shown(self.given)}"


class ContractError(ValueError):
    """A value that breaks the contract; ``problem`` says where and how."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def type_name(value: Any) -> str:
    """The JSON type of a Python value, as messages name it (``null``, ``number``, ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object" if isinstance(value, Mapping) else type(value).__name__


def _is(value: Any, json_type: str) -> bool:
    if json_type == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if json_type == "number":
        return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    if json_type == "integer":
        return isinstance(value, int) or (
            isinstance(value, float) and math.isfinite(value) and value.is_integer()
        )
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "array":
        return isinstance(value, list | tuple)
    if json_type == "object":
        return isinstance(value, Mapping)
    return False


def _g(number: float) -> str:
    return f"{number:g}" if isinstance(number, float) else str(number)


def bounds(field: Field) -> str:
    """A field's numeric bounds in words (``between 0 and 1``, ``at least 0.5``; empty: none)."""
    low, high = field.minimum, field.maximum
    if low is not None and high is not None:
        text = f"between {_g(low)} and {_g(high)}"
    elif low is not None:
        text = f"at least {_g(low)}"
    elif high is not None:
        text = f"at most {_g(high)}"
    else:
        text = ""
    extra = []
    if field.exclusive_minimum is not None:
        extra.append(f"greater than {_g(field.exclusive_minimum)}")
    if field.exclusive_maximum is not None:
        extra.append(f"less than {_g(field.exclusive_maximum)}")
    return " and ".join(part for part in (text, *extra) if part)


def expected_type(field: Field) -> str:
    """What a field takes, in words (``a number or null``, ``one of word, sentence``)."""
    if field.enum is not None:
        text = "one of " + ", ".join(str(v) for v in field.enum)
    else:
        text = " or ".join(_TYPE_NAMES.get(t, t) for t in field.types) or "any value"
    return f"{text} or null" if field.nullable else text


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def problems(value: Any, target: Field | Schema | str, path: str = "") -> Iterator[Problem]:
    """Every way ``value`` breaks ``target`` (a `Field`, a `Schema`, or a schema's name)."""
    if isinstance(target, str):
        target = SCHEMAS[target]
    if isinstance(target, Schema):
        yield from _object_problems(value, target, path)
    else:
        yield from _field_problems(value, target, path)


def check(value: Any, target: Field | Schema | str, path: str = "") -> None:
    """Raise `ContractError` for the first problem of ``value`` (see `problems`)."""
    for problem in problems(value, target, path):
        raise ContractError(problem)


def _object_problems(value: Any, schema: Schema, path: str) -> Iterator[Problem]:
    if not isinstance(value, Mapping):
        yield Problem(path, "type", "an object", value)
        return
    if schema.closed:
        for key in value:
            if key not in schema.fields:
                yield Problem(path, "unknown", "a known key", key, tuple(schema.fields))
    for name in schema.required:
        if name not in value:
            yield Problem(_join(path, name), "required", "present", None)
    for key, item in value.items():
        field = schema.fields.get(key)
        if field is not None:
            yield from _field_problems(item, field, _join(path, key))


def _field_problems(value: Any, field: Field, path: str) -> Iterator[Problem]:
    if value is None:
        if not field.nullable:
            yield Problem(path, "type", expected_type(field), value)
        return
    if field.types and not any(_is(value, t) for t in field.types):
        yield Problem(path, "type", expected_type(field), value)
        return
    if field.enum is not None and value not in field.enum:
        yield Problem(path, "enum", expected_type(field), value)
        return
    if _is(value, "number"):
        yield from _number_problems(value, field, path)
    elif isinstance(value, str):
        yield from _string_problems(value, field, path)
    elif isinstance(value, list | tuple):
        yield from _array_problems(value, field, path)
    elif isinstance(value, Mapping) and field.ref is not None and field.ref in SCHEMAS:
        yield from _object_problems(value, SCHEMAS[field.ref], path)


def _number_problems(value: float, field: Field, path: str) -> Iterator[Problem]:
    low, high = _INT_FORMATS.get(field.format or "", (None, None))
    ok = (
        (field.minimum is None or value >= field.minimum)
        and (field.maximum is None or value <= field.maximum)
        and (field.exclusive_minimum is None or value > field.exclusive_minimum)
        and (field.exclusive_maximum is None or value < field.exclusive_maximum)
    )
    if not ok:
        rule = "minimum" if field.minimum is not None and value < field.minimum else "maximum"
        yield Problem(path, rule, bounds(field), value)
    elif low is not None and high is not None and not low <= value <= high:
        yield Problem(path, "format", f"a {field.format} ({low} to {high})", value)


def _string_problems(value: str, field: Field, path: str) -> Iterator[Problem]:
    if field.min_length is not None and len(value) < field.min_length:
        yield Problem(path, "min_length", f"at least {field.min_length} characters", value)
    if field.max_length is not None and len(value) > field.max_length:
        yield Problem(path, "max_length", f"at most {field.max_length} characters", value)
    if field.format == "uri" and (
        any(ch not in _URI_CHARS for ch in value) or _BAD_PERCENT.search(value)
    ):
        yield Problem(path, "format", "a URI (ASCII only, with valid percent-encoding)", value)
    elif field.format == "uuid" and not _UUID.match(value):
        yield Problem(path, "format", "a UUID", value)
    elif field.pattern is not None and not _compiled(field.pattern).search(value):
        # The spec's x-hume-pattern-hint says in words what the pattern means.
        hint = field.extensions.get("x-hume-pattern-hint")
        yield Problem(path, "pattern", hint or f"a string matching {field.pattern}", value)


def _array_problems(
    value: list[Any] | tuple[Any, ...], field: Field, path: str
) -> Iterator[Problem]:
    if field.max_items is not None and len(value) > field.max_items:
        yield Problem(path, "max_items", f"at most {field.max_items} items", len(value))
        return
    if field.min_items is not None and len(value) < field.min_items:
        yield Problem(path, "min_items", f"at least {field.min_items} items", len(value))
        return
    if field.items is not None:
        for i, item in enumerate(value):
            yield from _field_problems(item, field.items, f"{path}[{i}]")


def with_defaults(
    value: Mapping[str, Any], target: Schema | str, *, every_field: bool = False
) -> dict[str, Any]:
    """A copy of the object ``value`` with the spec's defaults filled in where a key is absent.

    Nested objects given (a field naming an object schema) are filled too. ``every_field``
    also adds the fields with no default, as null (what a server's echo shows). Keys the
    schema does not list are kept. ``value`` should be valid (see `check`).
    """
    schema = SCHEMAS[target] if isinstance(target, str) else target
    out: dict[str, Any] = {}
    for name, field in schema.fields.items():  # in the spec's order, then the keys it lacks
        if name in value:
            item = value[name]
            if isinstance(item, Mapping) and field.ref is not None and field.ref in SCHEMAS:
                item = with_defaults(item, SCHEMAS[field.ref], every_field=every_field)
            out[name] = item
        elif field.has_default:
            out[name] = field.default
        elif every_field:
            out[name] = None
    out.update((key, item) for key, item in value.items() if key not in schema.fields)
    return out
