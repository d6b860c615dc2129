"""The three deterministic predictions payloads of the predictions benchmark.

Built with the mock server's public generator (``humebatch_mock.predictions.generate``), the same
code that answers ``GET /v0/batch/jobs/{id}/predictions`` in tests, and cached under
``benchmarks/.cache/`` (keyed by the generator's source, so a generator change rebuilds them).

    python -m benchmarks.payloads      # build (or reuse) them and print their sizes
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._common import CACHE


@dataclass(frozen=True)
class PayloadSpec:
    """One payload: a media kind and the request's ``models`` object."""

    name: str
    label: str
    kind: str
    duration: float
    models: dict[str, Any]
    seed: int = 1


SPECS: tuple[PayloadSpec, ...] = (
    PayloadSpec("image", "one image, one face", "image", 0.0, {"face": {}}),
    PayloadSpec(
        "video-5min",
        "5-min video, face at 3 fps + prosody",
        "video",
        300.0,
        {"face": {"fps_pred": 3}, "prosody": {}},
    ),
    PayloadSpec(
        "video-1h",
        "1-hour video, face at 3 fps + prosody + word-level language",
        "video",
        3600.0,
        {"face": {"fps_pred": 3}, "prosody": {}, "language": {"granularity": "word"}},
    ),
)


def _generator_fingerprint() -> str:
    import humebatch_mock

    package = Path(humebatch_mock.__file__).parent
    digest = hashlib.sha256()
    for name in ("predictions.py", "_media.py", "_names.py", "_request.py"):
        path = package / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def payload_path(spec: PayloadSpec) -> Path:
    """Build the payload if its cached copy is missing or stale; return the file."""
    from humebatch_mock import predictions

    params = json.dumps(
        [spec.kind, spec.duration, spec.models, spec.seed, _generator_fingerprint()],
        sort_keys=True,
    )
    key = hashlib.sha256(params.encode()).hexdigest()[:16]
    path = CACHE / "payloads" / f"{spec.name}-{key}.json"
    if not path.exists():
        body = predictions.generate(
            spec.kind, duration=spec.duration or 60.0, models=spec.models, seed=spec.seed
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(predictions.dumps(body))
        tmp.replace(path)
    return path


def describe(raw: bytes) -> str:
    """Counts that say what a payload holds: predictions per model, emotion scores."""
    import orjson

    counts: dict[str, int] = {}
    scores = 0
    for source in orjson.loads(raw):
        for file_pred in (source.get("results") or {}).get("predictions") or []:
            for model, result in (file_pred.get("models") or {}).items():
                for group in (result or {}).get("grouped_predictions") or []:
                    counts[model] = counts.get(model, 0) + len(group["predictions"])
                    scores += sum(len(p["emotions"]) for p in group["predictions"])
    parts = ", ".join(f"{n:,} {model}" for model, n in counts.items())
    return f"{parts}; {scores:,} emotion scores"


def main() -> None:
    for spec in SPECS:
        path = payload_path(spec)
        raw = path.read_bytes()
        print(f"{spec.name}: {len(raw) / 1e6:.1f} MB ({describe(raw)}) -> {path}")


if __name__ == "__main__":
    main()
