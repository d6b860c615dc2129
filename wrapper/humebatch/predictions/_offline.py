"""Results already on disk, in every form humebatch writes or the API returns, as one body.

`Predictions.from_path` reads, by what the path holds (never by its name alone):

- a predictions body as the API sends it (``humebatch predictions JOB --raw -o body.json``);
- one input's JSON as ``humebatch run`` writes it (``OUT/predictions/ab/<name>.json``: one source);
- a job file of ``humebatch run --format parquet`` (``OUT/jobs/shard=<I|all>/job-<id>.json``:
  ``{"job_id", "keys", "sources"}``, each source what that input's JSON would hold);
- a run folder (``OUT``, its ``predictions/`` or its ``jobs/`` folder, shards included): every
  input's JSON in file-name order, subfolders included, then the sources of every job file in
  path order; an input in both (same ``input`` and ``line``) is read once, from its own JSON;
  ``.error.json`` files and hidden files are skipped;
- an artifacts zip (``humebatch artifacts JOB -o a.zip``: one CSV per model);
- the top-emotions records of ``humebatch predictions JOB --format json`` or ``jsonl`` (they
  hold the top N emotions of each prediction only, so their rows have only those columns).

Anything else, and a source with no predictions in it, raises `PredictionsFormatError` saying
what was found: never an empty result that looks like a job without predictions.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec
import orjson

from ._records import PredictionsFormatError

__all__ = [
    "JobFile",
    "decode_job",
    "from_decoded",
    "job_files",
    "job_sources",
    "looks_like_body",
    "read_folder",
    "read_lines",
    "read_zip",
    "run_files",
]

# The keys of a SourcePredictResult: one of them in an object means it is one.
_SOURCE_KEYS = frozenset({"source", "results", "error"})
# Artifacts CSV columns that name the row, not a score (`_flatten` of the mock, Hume's layout).
_ROW_KEYS = frozenset({"source", "file", "id"})
_PREFIXED = {
    "facs:": "facs",
    "description:": "descriptions",
    "sentiment:": "sentiment",
    "toxicity:": "toxicity",
}
# Nested objects the artifacts CSVs flatten as `<key>_<field>`.
_NESTED = ("time", "box", "position")
# Prediction fields that are numbers but not scores (a row's other numbers are emotions).
_SCALARS = frozenset({"time", "frame", "prob", "confidence", "speaker_confidence"})


def _fail(where: str, problem: str) -> PredictionsFormatError:
    return PredictionsFormatError("$", problem, source=where)


def _is_source(item: dict[str, Any]) -> bool:
    """A SourcePredictResult: a ``source`` or ``results`` object, or a whole-source error."""
    if isinstance(item.get("source"), dict) or isinstance(item.get("results"), dict):
        return True
    return isinstance(item.get("error"), str) and "model" not in item and "input" not in item


def looks_like_body(sources: Iterable[Any]) -> bool:
    """Whether some decoded source is a SourcePredictResult (structs or dicts)."""
    for source in sources:
        if isinstance(source, dict):
            if _is_source(source):
                return True
        elif any(getattr(source, key, None) is not None for key in _SOURCE_KEYS):
            return True
    return False


# ------------------------------------------------------------------ job files


class JobFile(msgspec.Struct):
    """A job file of ``humebatch run --format parquet``: each source as its bytes."""

    job_id: str
    keys: list[str]
    sources: list[msgspec.Raw]


_JOB = msgspec.json.Decoder(JobFile)
# How the run writes a job file; any other spelling is read by `job_sources` instead.
_JOB_OPENING = b'{"job_id":'


def decode_job(raw: bytes | memoryview) -> JobFile | None:
    """A job file decoded the fast way (sources left as bytes), or None: not one, or not in
    the shape the run writes (`job_sources` then reads it, or names what is wrong)."""
    if not bytes(raw[:32]).lstrip().startswith(_JOB_OPENING):
        return None  # not a job file: no need to scan the whole object
    try:
        job = _JOB.decode(raw)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    return job if len(job.keys) == len(job.sources) else None


def job_sources(data: Any, where: str) -> list[dict[str, Any]] | None:
    """The sources of a decoded job file (maybe none), or None if ``data`` is not one.

    An object with a ``job_id`` or ``sources`` key that is not a whole job file raises
    `PredictionsFormatError` saying what is wrong with it.
    """
    if not isinstance(data, dict) or not {"job_id", "sources"} & data.keys():
        return None
    problem = None
    job_id, keys, sources = data.get("job_id"), data.get("keys"), data.get("sources")
    if not isinstance(job_id, str):
        problem = f"its job_id is {_kind(job_id)}, not a string"
    elif not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        problem = f"its keys are {_kind(keys)}, not a list of strings"
    elif not isinstance(sources, list):
        problem = f"its sources are {_kind(sources)}, not a list"
    elif len(keys) != len(sources):
        problem = f"it has {len(keys)} keys for {len(sources)} sources"
    elif (bad := next((i for i, s in enumerate(sources) if not isinstance(s, dict)), -1)) >= 0:
        problem = f"its source {bad} is {_kind(sources[bad])}, not an object"
    if problem is not None:
        raise _fail(where, f"a malformed job file of a run ({{job_id, keys, sources}}): {problem}")
    return sources


def _kind(value: Any) -> str:
    return "missing" if value is None else f"a JSON {type(value).__name__}"


def from_decoded(data: Any, where: str) -> list[dict[str, Any]]:
    """The body that decoded JSON stands for: a body, one source, a job file, or top-emotions
    records."""
    if isinstance(data, dict):
        if "error" in data and "input" in data and not {"source", "results"} & data.keys():
            failed = f"input {data['input']!r} failed: {data['error']}"
            raise _fail(where, f"an error file of a run: {failed}")
        if _is_source(data):
            return [data]  # one input's JSON, as `humebatch run` writes it
        sources = job_sources(data, where)
        if sources is not None:
            if not sources:
                raise _fail(where, "a job file with no sources: no predictions")
            return sources
        raise _fail(where, f"a JSON object with keys {sorted(data)[:8]}, not predictions")
    if not isinstance(data, list):
        raise _fail(where, f"JSON {type(data).__name__}, not predictions")
    if not data:
        raise _fail(where, "an empty list: no sources, no predictions")
    if all(isinstance(item, dict) for item in data):
        if looks_like_body(data):
            return data
        if all("model" in item and "emotions" in item for item in data):
            return _from_records(data)
    raise _fail(where, "a JSON list of neither sources nor top-emotions records")


def read_lines(raw: bytes, where: str) -> list[dict[str, Any]]:
    """`humebatch predictions --format jsonl`: one top-emotions record per line."""
    try:
        records = [orjson.loads(line) for line in raw.splitlines() if line.strip()]
    except orjson.JSONDecodeError as exc:
        raise _fail(where, f"not JSON, JSON lines nor a zip ({exc})") from None
    if not records:
        raise _fail(where, "empty")
    return from_decoded(records, where)


def _from_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A body rebuilt from top-emotions records (`humebatch predictions --format json`)."""
    sources: dict[Any, dict[str, Any]] = {}
    for record in records:
        label = record.get("source_label")
        key = record.get("source", label)
        source = sources.setdefault(key, {"source": _source_of(label), "files": {}})
        models = source["files"].setdefault(str(record.get("file", "")), {})
        groups = models.setdefault(str(record["model"]), {})
        prediction: dict[str, Any] = {
            "emotions": [
                {"name": e["name"], "score": e["score"]} for e in record.get("emotions") or ()
            ]
        }
        begin, end = record.get("time_begin"), record.get("time_end")
        if begin is not None:
            face = record["model"] == "face" and begin == end
            prediction["time"] = begin if face else {"begin": begin, "end": end}
        for field in ("frame", "text"):
            if record.get(field) is not None:
                prediction[field] = record[field]
        groups.setdefault(str(record.get("group_id", "unknown")), []).append(prediction)
    return [_source_result(s["source"], s["files"]) for s in sources.values()]


def _source_of(label: object) -> dict[str, Any]:
    if not isinstance(label, str) or not label or label == "?":
        return {"type": "unknown"}
    if label in ("text", "file", "url"):
        return {"type": label}
    if "://" in label:
        return {"type": "url", "url": label}
    return {"type": "file", "filename": label}


def _source_result(
    source: dict[str, Any], files: Mapping[str, Mapping[str, Mapping[str, list[Any]]]]
) -> dict[str, Any]:
    predictions = [
        {
            "file": file,
            "models": {
                model: {
                    "grouped_predictions": [
                        {"id": group, "predictions": preds} for group, preds in groups.items()
                    ]
                }
                for model, groups in models.items()
            },
        }
        for file, models in files.items()
    ]
    return {"source": source, "results": {"predictions": predictions, "errors": []}}


# ------------------------------------------------------------------ artifacts zip


def read_zip(file: io.BufferedIOBase | Any, where: str) -> list[dict[str, Any]]:
    """The body an artifacts zip stands for: ``<model>.csv`` files, one row per prediction."""
    sources: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(file) as archive:
        members = [m for m in archive.infolist() if not m.is_dir() and m.filename.endswith(".csv")]
        for member in members:
            model = Path(member.filename).stem
            with archive.open(member) as handle:
                rows = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))
                for row in rows:
                    _add_row(sources, model, row)
    if not sources:
        raise _fail(
            where, "a zip without prediction CSVs (the artifacts of a job without predictions?)"
        )
    return [_source_result(s["source"], s["files"]) for s in sources.values()]


def _add_row(sources: dict[str, dict[str, Any]], model: str, row: Mapping[str, str]) -> None:
    label = row.get("source") or ""
    source = sources.setdefault(label, {"source": _source_of(label), "files": {}})
    models = source["files"].setdefault(row.get("file") or "", {})
    groups = models.setdefault(model, {})
    prediction: dict[str, Any] = {"emotions": []}
    nested: dict[str, dict[str, Any]] = {}
    for column, text in row.items():
        if column in _ROW_KEYS or column is None or text in (None, ""):
            continue
        value = _number(text)
        prefix = next((p for p in _PREFIXED if column.startswith(p)), None)
        if prefix is not None:
            prediction.setdefault(_PREFIXED[prefix], []).append(
                {"name": column[len(prefix) :], "score": value}
            )
        elif (head := column.partition("_")[0]) in _NESTED and "_" in column:
            nested.setdefault(head, {})[column.partition("_")[2]] = value
        elif column in _SCALARS or not isinstance(value, int | float):
            prediction[column] = value
        else:
            prediction["emotions"].append({"name": column, "score": value})
    prediction.update(nested)
    groups.setdefault(row.get("id") or "unknown", []).append(prediction)


def _number(text: str) -> Any:
    """A CSV cell as the JSON value it was written from (0 stays an int, 0.5 a float)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


# ------------------------------------------------------------------ run folders


def _is_run_folder(folder: Path) -> bool:
    return any(folder.glob("manifest*.sqlite")) or any(folder.glob("index*.csv"))


def _roots(folder: Path) -> tuple[Path | None, Path | None]:
    """The ``predictions/`` and ``jobs/`` folders to read for ``folder`` (either may be None).

    Only a run folder (it has ``predictions/``, ``jobs/``, a manifest or an index) or one of
    those two folders of it is read: never every JSON file under some other folder.
    """
    predictions, jobs = folder / "predictions", folder / "jobs"
    if predictions.is_dir() or jobs.is_dir():
        return (predictions if predictions.is_dir() else None), (jobs if jobs.is_dir() else None)
    if folder.name == "jobs":
        return None, folder
    if folder.name == "predictions" or _is_run_folder(folder.parent):
        return folder, None
    if _is_run_folder(folder):
        return None, None  # a run without outputs yet: read_folder says so
    raise _fail(
        str(folder),
        "a folder that is not a run folder (no predictions/ or jobs/ folder, manifest or index "
        "in it)",
    )


def _visible(root: Path, pattern: str) -> Iterator[Path]:
    """The files under ``root`` matching ``pattern``, in path order, none in a hidden folder."""
    for path in sorted(root.rglob(pattern)):
        if not any(part.startswith(".") for part in path.relative_to(root).parts) and (
            path.is_file()
        ):
            yield path


def run_files(folder: Path) -> Iterator[Path]:
    """Every input's JSON of a run folder (or of its ``predictions/``), in name order."""
    root = _roots(folder)[0]
    if root is not None:
        yield from (p for p in _visible(root, "*.json") if not p.name.endswith(".error.json"))


def job_files(folder: Path) -> Iterator[Path]:
    """Every job file (``jobs/**/job-*.json``) of a run folder (or of its ``jobs/``), in path
    order."""
    root = _roots(folder)[1]
    if root is not None:
        yield from _visible(root, "job-*.json")


def _loaded(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise _fail(str(path), f"not valid JSON ({exc})") from None


def _input_of(source: dict[str, Any]) -> tuple[str, Any] | None:
    """Which input of the run a source is (its ``input`` and ``line``), if it says."""
    given = source.get("input")
    return (given, source.get("line")) if isinstance(given, str) else None


def read_folder(folder: Path) -> list[dict[str, Any]]:
    """The sources of every input of a run folder, as one body.

    Every input's JSON, then the sources of every job file; a source whose input (``input``,
    ``line``) was already read is left out: a folder whose runs wrote both has it twice.
    """
    sources: list[dict[str, Any]] = []
    for path in run_files(folder):
        sources.extend(from_decoded(_loaded(path), str(path)))
    seen = {found for source in sources if (found := _input_of(source)) is not None}
    for path in job_files(folder):
        found_sources = job_sources(_loaded(path), str(path))
        if found_sources is None:
            raise _fail(str(path), "a JSON file named like a job file that is not one")
        for source in found_sources:
            found = _input_of(source)
            if found is None or found not in seen:
                sources.append(source)
                if found is not None:
                    seen.add(found)
    if not sources:
        failed = sum(1 for _ in folder.rglob("*.error.json"))
        detail = f" ({failed} .error.json files: those inputs failed)" if failed else ""
        raise _fail(
            str(folder),
            f"a folder without predictions JSON files or job files (jobs/){detail}; pass a run "
            "folder (humebatch run --out), its predictions/ or jobs/ folder, or a file",
        )
    return sources
