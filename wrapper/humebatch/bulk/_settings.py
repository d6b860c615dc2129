"""What shaped a folder's outputs, recorded in its manifest and checked by every re-run.

Recorded: the models and their options, the output formats, the base URL and a fingerprint of
the API key (a salted hash prefix: it tells keys apart, it never reveals one). A re-run that only
adds formats derives them from the stored JSON; one with other models or options is refused
unless it asks to reprocess.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .._options import NOT_GIVEN, NotGiven
from ..manifest import Manifest
from ._errors import SettingsChanged

__all__ = ["RunSettings", "key_fingerprint", "reconcile"]

META_KEY = "settings"
# What a folder made before settings were recorded wrote (the defaults of that time).
LEGACY_FORMATS = ("json", "csv")


def key_fingerprint(api_key: str) -> str:
    digest = hashlib.sha256(b"humebatch key fingerprint\0" + api_key.encode()).hexdigest()
    return f"sha256:{digest[:12]}"


def _plain(models: Mapping[str, Any] | None) -> Any:
    """Models and options as plain JSON (typed model objects included), keys sorted."""
    if models is None:
        return None
    return _plain_value(dict(models))


def _plain_value(value: Any) -> Any:
    """A setting as plain JSON (typed generated objects included), keys sorted."""

    def plain(value: Any) -> Any:
        if hasattr(value, "to_dict"):
            return plain(value.to_dict())
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return json.loads(json.dumps(plain(value), sort_keys=True, default=str))


API_TRANSCRIPTION = "the API's default"
"""The recorded transcription of runs that left it out (a real one is an object or null)."""


@dataclass(frozen=True)
class RunSettings:
    models: Any
    formats: tuple[str, ...]
    base_url: str
    key_fingerprint: str
    transcription: Any = API_TRANSCRIPTION

    @classmethod
    def of(
        cls,
        models: Mapping[str, Any] | None,
        formats: tuple[str, ...],
        base_url: str,
        key: str,
        transcription: Mapping[str, Any] | NotGiven | None = NOT_GIVEN,
    ) -> RunSettings:
        shown = API_TRANSCRIPTION if isinstance(transcription, NotGiven) else transcription
        return cls(_plain(models), formats, base_url, key_fingerprint(key), _plain_value(shown))

    def shapes_outputs(self) -> tuple[Any, Any]:
        """What, when it changes, makes earlier outputs disagree with new ones."""
        return self.models, self.transcription

    def describe_models(self) -> str:
        models = "all models (default options)" if self.models is None else json.dumps(self.models)
        if self.transcription == API_TRANSCRIPTION:
            return models
        return f"{models} and transcription {json.dumps(self.transcription)}"


@dataclass(frozen=True)
class Reconciled:
    derive: tuple[str, ...]
    """Formats to write for finished inputs from their stored JSON."""
    previous: RunSettings | None
    """The settings of the run before this one (None for a new folder)."""


def reconcile(
    manifest: Manifest, current: RunSettings, out_dir: Path, *, reprocess: bool
) -> Reconciled:
    """Check `current` against what the folder recorded, then record `current`.

    Raises `SettingsChanged` (nothing recorded, nothing submitted) when the models or options
    differ and `reprocess` is false; with `reprocess`, every input is planned again.
    """
    stored = manifest.get_meta(META_KEY)
    previous = None
    if isinstance(stored, dict):
        previous = RunSettings(
            models=stored.get("models"),
            formats=tuple(stored.get("formats") or LEGACY_FORMATS),
            base_url=str(stored.get("base_url")),
            key_fingerprint=str(stored.get("key_fingerprint")),
            transcription=stored.get("transcription", API_TRANSCRIPTION),
        )
    has_results = manifest.counts()["inputs"] > manifest.counts()["pending"]
    derive: tuple[str, ...] = ()
    if previous is not None and previous.shapes_outputs() != current.shapes_outputs():
        if not reprocess:
            raise SettingsChanged(
                f"{str(out_dir)!r} holds outputs made with {previous.describe_models()}; this "
                f"run asks for {current.describe_models()}. Mixing both in one folder would "
                "make its outputs disagree: pass --reprocess (reprocess=True) to redo every "
                "input with the new models and options, or use another --out folder."
            )
        manifest.reset_for_reprocess()
    elif has_results:
        before = previous.formats if previous is not None else LEGACY_FORMATS
        derive = tuple(f for f in current.formats if f not in before)
    manifest.set_meta(META_KEY, asdict(current) | {"formats": list(current.formats)})
    return Reconciled(derive=derive, previous=previous)


def forgotten_hint(previous: RunSettings | None, current: RunSettings) -> str:
    """Why the server may not know jobs an earlier run submitted."""
    if previous is not None and previous.base_url != current.base_url:
        return (
            f"an earlier run submitted them to {previous.base_url}, this run talks to "
            f"{current.base_url}: run with --base-url {previous.base_url} to collect them."
        )
    if previous is not None and previous.key_fingerprint != current.key_fingerprint:
        return (
            "an earlier run submitted them with another API key (another account?): run with "
            "that key to collect them."
        )
    return (
        "the same base URL and API key submitted it, so the server has lost it (restarted, "
        "expired or deleted)."
    )
