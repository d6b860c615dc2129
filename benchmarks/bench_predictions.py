"""1. Predictions: response bytes -> typed predictions -> top-3 emotions of every prediction.

Contenders, timed in the same process and interleaved round by round:
- ``orjson.loads`` and ``json.loads`` of the bytes (untyped decoding only: the baseline);
- ours: ``Predictions.from_bytes(raw).top_emotions(3)`` (msgspec structs + typed records);
- ours over dicts: ``Predictions.from_json(orjson.loads(raw)).top_emotions(3)`` (the previous
  decoder, still what `from_json` does);
- the generated client's own models (``SourcePredictResult.from_dict`` for each source, via the
  wrapper's seam) + top-3 from those objects: why the wrapper's hot path does not use them;
- the official SDK (``hume`` 0.13.13, pydantic): ``json.loads`` + ``parse_obj_as`` exactly as its
  ``get_job_predictions`` does, + top-3 by attribute access; in its own venv, in a subprocess.
"""

from __future__ import annotations

import gc
import json
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from ._common import Section, Skip, Stats, interleaved, log, ratio
from .payloads import SPECS, describe, payload_path
from .sdkenv import run_worker

GOAL = 0.8  # bytes -> top_emotions(3) vs orjson.loads, at the 5-minute and 1-hour sizes
GOAL_SIZES = ("video-5min", "video-1h")
MEMORY_GOAL = 3.0  # peak traced memory of bytes -> top_emotions(3), times the body size
EXPORT_GOAL = 1.5  # bytes -> to_rows / to_csv / to_dataframe vs orjson.loads, 1-hour payload
TABLE_GOAL = 1.2  # issue 20: bytes -> to_csv and to_dataframe, 1-hour payload
# (rounds, calls per sample) per payload; SDK rounds are separate (it is ~50x slower).
ROUNDS = {"image": (21, 200), "video-5min": (21, 1), "video-1h": (7, 1)}
EXPORT_ROUNDS = 5
# One 1-hour SDK parse takes over a minute; its ~100x ratio needs no second sample.
SDK_ROUNDS = {"image": 15, "video-5min": 5, "video-1h": 1}
GENERATED_ROUNDS = {"image": (5, 50), "video-5min": (3, 1), "video-1h": (1, 1)}


def _ours(raw: bytes) -> tuple[Any, Any]:
    from humebatch.predictions import Predictions

    preds = Predictions.from_bytes(raw)
    return preds, preds.top_emotions(3)  # both kept: a caller keeps `preds` too


def _decode_only(raw: bytes) -> Any:
    from humebatch.predictions import Predictions

    return Predictions.from_bytes(raw)


def _ours_dicts(raw: bytes) -> tuple[Any, Any]:
    from humebatch.predictions import Predictions

    preds = Predictions.from_json(orjson.loads(raw))
    return preds, preds.top_emotions(3)


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes traced while ``fn`` runs and its result is alive (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


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
        "ours over dicts (previous)",
        "peak memory: orjson.loads / ours",
        "generated from_dict",
        "official SDK",
        "SDK / ours",
    )
    ratios: dict[str, float] = {}
    decoding: dict[str, float] = {}  # bytes -> Predictions alone (no top-k), over orjson
    fastest: dict[str, float] = {}  # ratio of the fastest samples: less noise on a busy machine
    memory: dict[str, float] = {}
    sdk_note: str | None = None
    sdk_over_ours: dict[str, str] = {}  # for the README's figure
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
                "decode": lambda raw=raw: _decode_only(raw),
                "dicts": lambda raw=raw: _ours_dicts(raw),
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
        ratios[spec.name] = ours / floor
        decoding[spec.name] = stats["decode"].median / floor
        fastest[spec.name] = stats["ours"].low / stats["orjson"].low
        peak_orjson = peak_memory(lambda raw=raw: orjson.loads(raw))
        peak_ours = peak_memory(lambda raw=raw: _ours(raw))
        memory[spec.name] = peak_ours / len(raw)
        sdk_cells = ["n/a", "n/a"]
        if quick and spec is SPECS[-1]:
            sdk_cells = ["not run (--quick)", "-"]  # over a minute per parse at this size
        elif sdk_note is None:
            try:
                answer: dict[str, Any] = run_worker(
                    "parse", str(path), str(1 if quick else SDK_ROUNDS[spec.name]), str(warmup)
                )
            except Skip as exc:
                sdk_note = str(exc)
            else:
                sdk = Stats(answer["times"])
                sdk_cells = [
                    f"{sdk.cell()} ({ratio(sdk.median, floor)} orjson)",
                    ratio(sdk.median, ours),
                ]
                sdk_over_ours[spec.name] = ratio(sdk.median, ours)
                version = f"hume {answer['version']}, pydantic {answer['pydantic']}"
        section.rows.append(
            (
                f"{spec.label} ({describe(raw)})",
                _size(len(raw)),
                stats["orjson"].cell(),
                stats["json"].cell(),
                stats["ours"].cell(),
                f"**{ratio(ours, floor)}**",
                f"{stats['dicts'].cell()} ({ratio(stats['dicts'].median, floor)} orjson)",
                f"{_size(peak_orjson)} ({peak_orjson / len(raw):.1f}x body) / "
                f"**{_size(peak_ours)} ({peak_ours / len(raw):.1f}x body)**",
                f"{generated['gen'].cell()} ({ratio(generated['gen'].median, floor)} orjson)",
                *sdk_cells,
            )
        )
    worst = max(ratios[name] for name in GOAL_SIZES)
    section.goal(
        f"bytes → `top_emotions(3)` ≤ {GOAL:g}x `orjson.loads` at the 5-minute and 1-hour sizes",
        worst <= GOAL,
        ", ".join(
            f"{name} {ratios[name]:.2f}x (fastest samples: {fastest[name]:.2f}x)"
            for name in GOAL_SIZES
        ),
    )
    section.figure(
        "bytes → `Predictions.from_bytes` alone (no top-k), over `orjson.loads`",
        ", ".join(f"{name} {decoding[name]:.2f}x" for name in GOAL_SIZES),
    )
    worst_memory = max(memory[name] for name in GOAL_SIZES)
    section.goal(
        f"peak traced memory of bytes → `top_emotions(3)` ≤ {MEMORY_GOAL:g}x the body",
        worst_memory <= MEMORY_GOAL,
        ", ".join(f"{name} {memory[name]:.2f}x" for name in GOAL_SIZES),
    )
    _exports(section, payload_path(SPECS[-1]).read_bytes(), quick)
    if sdk_over_ours:
        name, times = list(sdk_over_ours.items())[-1]  # the largest payload it parsed
        section.figure("official SDK parse + top-3, time over ours", f"{times} ({name})")
    section.notes.append(
        "ours = `Predictions.from_bytes(raw).top_emotions(3)`: msgspec decodes the bytes straight "
        "into compact structs (no dict tree), then one typed `TopEmotions` record per prediction "
        "(typed views of every field are built on access). ours over dicts = "
        "`Predictions.from_json(orjson.loads(raw)).top_emotions(3)`, the previous design."
    )
    section.notes.append(
        "`Predictions.from_bytes` alone (the figure) is the decoder's share of ours, timed in the "
        "same rounds; the rest (ours less that) is the top-3 of each prediction: reading its ~50 "
        "`Score` structs, keeping in C those at or above a floor taken from an earlier "
        "prediction, and sorting those by score (all of them when too few reach it)."
    )
    section.notes.append(
        "Peak memory: tracemalloc's peak while the call runs and its result is alive (the body's "
        "bytes, read before, not counted); measured in separate runs, not in the timed ones."
    )
    section.notes.append(
        "Cells are median (min-max) per call; every ratio is of medians measured in this run. "
        "Rounds interleave the contenders; the heap is collected before each sample, and each "
        "contender's output (decoded body, models, records) is freed after the clock stops."
    )
    section.notes.append(
        "Payloads: `python -m benchmarks.payloads` builds them with the mock's generator "
        "(`humebatch_mock.predictions.generate`, seed 1), cached in `benchmarks/.cache/`; the "
        "counts in the first column are what its face and speech models produce (an hour of "
        "speech: ~700 utterances, ~9,000 words, as in real transcripts)."
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


def _exports(section: Section, raw: bytes, quick: bool) -> None:
    """Bytes → rows / CSV / DataFrame of the 1-hour payload, against orjson.loads."""
    from humebatch.predictions import Predictions

    log(f"  predictions: exports of the 1-hour payload ({len(raw) / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "rows.csv"
        contenders: dict[str, Callable[[], Any]] = {
            "orjson": lambda: orjson.loads(raw),
            "to_rows": lambda: Predictions.from_bytes(raw).to_rows(),
            "to_csv": lambda: Predictions.from_bytes(raw).to_csv(target),
        }
        try:
            import pandas  # noqa: F401
        except ImportError:
            section.notes.append("to_dataframe not measured: pandas is not installed.")
        else:
            contenders["to_dataframe"] = lambda: Predictions.from_bytes(raw).to_dataframe()
        stats = interleaved(contenders, 2 if quick else EXPORT_ROUNDS)
    floor = stats["orjson"].median
    cells = ", ".join(
        f"`{name}` {stats[name].cell()} ({ratio(stats[name].median, floor)})"
        for name in contenders
        if name != "orjson"
    )
    worst = max(stats[name].median / floor for name in contenders if name != "orjson")
    section.goal(
        f"bytes → `to_rows` / `to_csv` / `to_dataframe` of the 1-hour payload ≤ {EXPORT_GOAL:g}x "
        "`orjson.loads`",
        worst <= EXPORT_GOAL,
        f"orjson.loads {stats['orjson'].cell()}; {cells}",
    )
    tables = {n: stats[n].median / floor for n in ("to_csv", "to_dataframe") if n in stats}
    section.goal(
        f"bytes → `to_csv` and `to_dataframe` of the 1-hour payload ≤ {TABLE_GOAL:g}x "
        "`orjson.loads` (issue 20)",
        max(tables.values()) <= TABLE_GOAL if len(tables) == 2 else None,
        ", ".join(f"`{n}` {r:.2f}x" for n, r in tables.items()) or "pandas not installed",
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n > 1e6 else f"{n / 1e3:.1f} kB"
