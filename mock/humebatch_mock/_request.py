"""Validation of job requests (closed schemas, as in the spec) and the echo with defaults filled.

The spec's request schemas set ``additionalProperties: false``; the real server rejects unknown
configuration keys with a 400, so this module does too. Validation is hand-written to keep the
mock free of a JSON-Schema dependency; it follows ``InferenceBaseRequest`` and its parts exactly.
Null is absent: an optional field sent as ``null`` (what the official SDK sends for an explicit
``None``) reads as if it were left out; only top-level ``transcription: null`` keeps its documented
meaning (transcription off).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ._names import BCP47_TAGS, GRANULARITIES, MODEL_NAMES

# RFC 3986: a URI is ASCII; anything else (spaces, controls, non-ASCII) must be percent-encoded.
_URI_CHARS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class RequestError(ValueError):
    """A request the API answers with 400 and ``{"message": str(error)}``."""


# Defaults of each model's configuration, as the docs' job echo shows them (contract.md §5).
MODEL_DEFAULTS: dict[str, dict[str, Any]] = {
    "face": {
        "fps_pred": 3,
        "prob_threshold": 0.99,
        "identify_faces": False,
        "min_face_size": 60,
        "facs": None,
        "descriptions": None,
        "save_faces": False,
    },
    "burst": {},
    "prosody": {"granularity": "utterance", "identify_speakers": False, "window": None},
    "language": {
        "granularity": "word",
        "identify_speakers": False,
        "sentiment": None,
        "toxicity": None,
    },
    "ner": {"identify_speakers": False},
    "facemesh": {},
}


# The definition types min_face_size uint64; past it the echo could not be serialised either.
_UINT64_MAX = 2**64 - 1


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def _expect(cond: bool, where: str, want: str, value: Any) -> None:
    if not cond:
        raise RequestError(f"{where}: expected {want}, got {_type_name(value)}")


def _number(value: Any, where: str, *, lo: float | None = None, hi: float | None = None) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    _expect(ok, where, "a number", value)
    if lo is not None and value < lo:
        raise RequestError(f"{where}: must be >= {lo:g}, got {value!r}")
    if hi is not None and value > hi:
        raise RequestError(f"{where}: must be <= {hi:g}, got {value!r}")
    return value  # type: ignore[no-any-return]


def _integer(value: Any, where: str, *, lo: int, hi: int) -> int:
    # JSON Schema counts 60.0 as an integer; old payloads carry such floats.
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    ok = ok and math.isfinite(value) and float(value).is_integer()
    _expect(ok, where, "an integer", value)
    if value < lo:
        raise RequestError(f"{where}: must be >= {lo}, got {value!r}")
    if value > hi:
        raise RequestError(f"{where}: must be <= {hi}, got {value!r}")
    return int(value)


def _boolean(value: Any, where: str) -> bool:
    _expect(isinstance(value, bool), where, "a boolean", value)
    return value  # type: ignore[no-any-return]


def _closed_object(
    value: Any, where: str, allowed: tuple[str, ...], *, keep_null: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The object's fields, those set to ``null`` left out (null is absent) unless kept."""
    _expect(isinstance(value, dict), where, "an object", value)
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise RequestError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")
    return {k: v for k, v in value.items() if v is not None or k in keep_null}


def _unconfigurable(value: Any, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    _expect(isinstance(value, dict), where, "an object or null", value)
    return dict(value)


def _granularity(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in GRANULARITIES:
        raise RequestError(f"{where}: must be one of {', '.join(sorted(GRANULARITIES))}")
    return value


def _http_url(value: Any, where: str) -> str:
    _expect(isinstance(value, str), where, "a string", value)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise RequestError(f"{where}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise RequestError(f"{where}: must be an http(s) URL, got {value[:200]!r}")
    bad = next((ch for ch in value if ch not in _URI_CHARS), None)
    if bad is not None:
        raise RequestError(f"{where}: not a URI (character {bad!r} must be percent-encoded)")
    if _BAD_PERCENT.search(value):
        raise RequestError(f"{where}: not a URI (malformed percent-encoding)")
    return value  # type: ignore[no-any-return]


def _face(value: Any, where: str) -> dict[str, Any]:
    cfg = _closed_object(value, where, tuple(MODEL_DEFAULTS["face"]))
    out = dict(MODEL_DEFAULTS["face"])
    if "fps_pred" in cfg:
        out["fps_pred"] = _number(cfg["fps_pred"], f"{where}.fps_pred")  # no minimum (definition)
    if "prob_threshold" in cfg:
        out["prob_threshold"] = _number(
            cfg["prob_threshold"], f"{where}.prob_threshold", lo=0, hi=1
        )
    if "identify_faces" in cfg:
        out["identify_faces"] = _boolean(cfg["identify_faces"], f"{where}.identify_faces")
    if "min_face_size" in cfg:
        out["min_face_size"] = _integer(
            cfg["min_face_size"], f"{where}.min_face_size", lo=0, hi=_UINT64_MAX
        )
    for name in ("facs", "descriptions"):
        if name in cfg:
            out[name] = _unconfigurable(cfg[name], f"{where}.{name}")
    if "save_faces" in cfg:
        out["save_faces"] = _boolean(cfg["save_faces"], f"{where}.save_faces")
    return out


def _window(value: Any, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    cfg = _closed_object(value, where, ("length", "step"))
    return {
        "length": _number(cfg.get("length", 4), f"{where}.length", lo=0.5),
        "step": _number(cfg.get("step", 1), f"{where}.step", lo=0.5),
    }


def _prosody(value: Any, where: str) -> dict[str, Any]:
    cfg = _closed_object(value, where, ("granularity", "window", "identify_speakers"))
    out = dict(MODEL_DEFAULTS["prosody"])
    if "granularity" in cfg:
        out["granularity"] = _granularity(cfg["granularity"], f"{where}.granularity")
    if "window" in cfg:
        out["window"] = _window(cfg["window"], f"{where}.window")
    if "identify_speakers" in cfg:
        out["identify_speakers"] = _boolean(cfg["identify_speakers"], f"{where}.identify_speakers")
    return out


def _language(value: Any, where: str) -> dict[str, Any]:
    cfg = _closed_object(value, where, tuple(MODEL_DEFAULTS["language"]))
    out = dict(MODEL_DEFAULTS["language"])
    if "granularity" in cfg:
        out["granularity"] = _granularity(cfg["granularity"], f"{where}.granularity")
    for name in ("sentiment", "toxicity"):
        if name in cfg:
            out[name] = _unconfigurable(cfg[name], f"{where}.{name}")
    if "identify_speakers" in cfg:
        out["identify_speakers"] = _boolean(cfg["identify_speakers"], f"{where}.identify_speakers")
    return out


def _ner(value: Any, where: str) -> dict[str, Any]:
    cfg = _closed_object(value, where, ("identify_speakers",))
    out = dict(MODEL_DEFAULTS["ner"])
    if "identify_speakers" in cfg:
        out["identify_speakers"] = _boolean(cfg["identify_speakers"], f"{where}.identify_speakers")
    return out


def _unconfigurable_required(value: Any, where: str) -> dict[str, Any]:
    _expect(isinstance(value, dict), where, "an object", value)
    return dict(value)


_MODEL_PARSERS: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "face": _face,
    "burst": _unconfigurable_required,
    "prosody": _prosody,
    "language": _language,
    "ner": _ner,
    "facemesh": _unconfigurable_required,
}


def normalize_models(models: Any = None) -> dict[str, dict[str, Any]]:
    """Models to run, defaults filled; ``None`` (absent) means all six with defaults.

    A model given as ``null`` is off, like an absent key.
    """
    if models is None:
        return {name: dict(cfg) for name, cfg in MODEL_DEFAULTS.items()}
    cfg = _closed_object(models, "models", MODEL_NAMES)
    out: dict[str, dict[str, Any]] = {}
    for name in MODEL_NAMES:
        value = cfg.get(name)
        if value is not None:
            out[name] = _MODEL_PARSERS[name](value, f"models.{name}")
    return out


def _transcription(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    where = "transcription"
    cfg = _closed_object(value, where, ("language", "identify_speakers", "confidence_threshold"))
    out: dict[str, Any] = {}
    if "language" in cfg:
        lang = cfg["language"]
        if not isinstance(lang, str) or lang not in BCP47_TAGS:
            raise RequestError(f"{where}.language: unsupported language {lang!r}")
        out["language"] = lang
    out["identify_speakers"] = _boolean(
        cfg.get("identify_speakers", False), f"{where}.identify_speakers"
    )
    out["confidence_threshold"] = _number(
        cfg.get("confidence_threshold", 0.5), f"{where}.confidence_threshold", lo=0, hi=1
    )
    return out


def _string_list(value: Any, where: str, limit: int, hint: str) -> list[str]:
    _expect(isinstance(value, list), where, "an array", value)
    if len(value) > limit:
        raise RequestError(f"too many {where}: {len(value)} (at most {limit} per job{hint})")
    for i, item in enumerate(value):
        _expect(isinstance(item, str), f"{where}[{i}]", "a string", item)
    return list(value)


def parse_job_request(body: Any, *, max_urls: int = 100, max_texts: int = 100) -> dict[str, Any]:
    """Validate an ``InferenceBaseRequest`` and return the echo (``InferenceRequest`` minus files).

    Raises:
        RequestError: the body breaks the schema or a limit.
    """
    fields = ("models", "transcription", "urls", "text", "callback_url", "notify")
    cfg = _closed_object(body, "request body", fields, keep_null=("transcription",))
    echo: dict[str, Any] = {}
    callback = cfg.get("callback_url")
    echo["callback_url"] = None if callback is None else _http_url(callback, "callback_url")
    echo["models"] = normalize_models(cfg.get("models"))
    echo["notify"] = _boolean(cfg.get("notify", False), "notify")
    echo["text"] = _string_list(cfg.get("text", []), "text", max_texts, "")
    urls = _string_list(cfg.get("urls", []), "urls", max_urls, "; send an archive instead")
    echo["urls"] = [_http_url(u, f"urls[{i}]") for i, u in enumerate(urls)]
    if "transcription" in cfg:
        echo["transcription"] = _transcription(cfg["transcription"])
    return echo
