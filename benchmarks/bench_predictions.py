"""1. Predictions: response bytes -> typed predictions -> top-3 emotions of every prediction.

Contenders, timed in the same process and interleaved round by round:
- ``orjson.loads`` and ``json.loads`` of the bytes (untyped decoding only: the floor);
- ours: ``Predictions.from_bytes(raw).top_emotions(3)`` (decode + typed records);
- the generated client's own models (``SourcePredictResult.from_dict`` for each source, via the
  wrapper's seam) + top-3 from those objects: why the wrapper's hot path does not use them;
- the official SDK (``hume`` 0.13.13, pydantic): ``json.loads`` + ``parse_obj_as`` exactly as its
  ``get_job_predictions`` does, + top-3 by attribute access; in its own venv, in a subprocess.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from ._common import Section, Skip, Stats, interleaved, log, ratio
from .payloads import SPECS, describe, payload_path
from .sdkenv import run_worker

GOAL = 2.0
# (rounds, calls per sample) per payload; SDK rounds are separate (it is ~50x slower).
ROUNDS = {"image": (21, 200), "video-5min": (21, 1), "video-1h": (7, 1)}
SDK_ROUNDS = {"image": 15, "video-5min": 5, "video-1h": 2}
GENERATED_ROUNDS = {"image": (5, 50), "video-5min": (3, 1), "video-1h": (1, 1)}


def _ours(raw: bytes) -> tuple[Any, Any]:
    from humebatch.predictions import Predictions

    preds = Predictions.from_bytes(raw)
    return preds, preds.top_emotions(3)  # both kept: a caller keeps `preds` too


def _generated_top3(raw: bytes) -> tuple[list[Any], list[Any]]:
    from humebatch._transport import source_result_from_dict

    sources = [source_result_from_dict(d) for d in orjson.loads(raw)]
    tops = []
    for source in sources:
        results = source.results
        if not results:
            continue
        for file_pred in results.predictions:
            models = file_pred.models
            for name in ("face", "burst", "prosody", "language", "ner", "facemesh"):
                result = getattr(models, name)
                if not result:
                    continue
                for group in result.grouped_predictions:
                    for pred in group.predictions:
                        top = sorted(pred.emotions, key=lambda e: e.score, reverse=True)[:3]
                        tops.append([(e.name, e.score) for e in top])
    return sources, tops


def run(section: Section, *, quick: bool = False) -> None:
    section.header = (
        "payload",
        "size",
        "orjson.loads",
        "json.loads",
        "ours",
        "ours / orjson",
        "generated from_dict",
        "official SDK",
        "SDK / ours",
        "SDK / orjson",
    )
    worst = 0.0
    sdk_note: str | None = None
    warmup = payload_path(SPECS[0])
    for position, spec in enumerate(SPECS):
        path = payload_path(spec)
        raw = path.read_bytes()
        log(f"  predictions: {spec.name} ({len(raw) / 1e6:.1f} MB)")
        rounds, inner = ROUNDS[spec.name]
        if quick:
            rounds = min(rounds, 3)
        stats = interleaved(
            {
                "orjson": lambda raw=raw: orjson.loads(raw),
                "json": lambda raw=raw: json.loads(raw),
                "ours": lambda raw=raw: _ours(raw),
            },
            rounds,
            inner,
            warm_up=position == 0,  # later sizes reuse the warm code paths of the first
        )
        g_rounds, g_inner = GENERATED_ROUNDS[spec.name]
        generated = interleaved(
            {"gen": lambda raw=raw: _generated_top3(raw)}, g_rounds, g_inner, warm_up=position == 0
        )
        ours, floor = stats["ours"].median, stats["orjson"].median
        worst = max(worst, ours / floor)
        sdk_cells = ["n/a", "n/a", "n/a"]
        if sdk_note is None:
            try:
                answer: dict[str, Any] = run_worker(
                    "parse", str(path), str(1 if quick else SDK_ROUNDS[spec.name]), str(warmup)
                )
            except Skip as exc:
                sdk_note = str(exc)
            else:
                sdk = Stats(answer["times"])
                sdk_cells = [sdk.cell(), ratio(sdk.median, ours), ratio(sdk.median, floor)]
                version = f"hume {answer['version']}, pydantic {answer['pydantic']}"
        section.rows.append(
            (
                f"{spec.label} ({describe(raw)})",
                f"{len(raw) / 1e6:.2f} MB" if len(raw) > 1e6 else f"{len(raw) / 1e3:.1f} kB",
                stats["orjson"].cell(),
                stats["json"].cell(),
                stats["ours"].cell(),
                ratio(ours, floor),
                f"{generated['gen'].cell()} ({ratio(generated['gen'].median, floor)} orjson)",
                *sdk_cells,
            )
        )
    section.goal(
        f"ours ≤ {GOAL:g}x orjson.loads at every size",
        worst <= GOAL,
        f"worst ratio {worst:.2f}x",
    )
    section.notes.append(
        "ours = `Predictions.from_bytes(raw).top_emotions(3)`: orjson decode + one typed "
        "`TopEmotions` record per prediction (typed views of every field are built on access)."
    )
    section.notes.append(
        "Cells are median (min-max) per call; every ratio is of medians measured in this run. "
        "Rounds interleave the contenders; the heap is collected before each sample, and each "
        "contender's output (decoded body, models, records) is freed after the clock stops."
    )
    section.notes.append(
        "Payloads: `python -m benchmarks.payloads` builds them with the mock's generator "
        "(`humebatch_mock.predictions.generate`, seed 1), cached in `benchmarks/.cache/`; the "
        "counts in the first column are what its speech and face models produce for those "
        "requests (it speaks fewer utterances and words than the issue's ~60 / ~700 / ~9,000)."
    )
    if sdk_note is not None:
        section.notes.append(f"Official SDK baseline skipped: {sdk_note}.")
    else:
        section.notes.append(
            f"Official SDK: {version}, `json.loads` + `parse_obj_as(List[UnionPredictResult])` "
            "as in its `get_job_predictions`, then top-3 by attribute access; separate venv "
            f"(`benchmarks/.cache/sdk-venv`), subprocess, fewer rounds (1 h: "
            f"{SDK_ROUNDS['video-1h']}) because each takes tens of seconds."
        )
