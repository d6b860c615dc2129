"""Output writers: one input's share of a job's predictions, written atomically to disk."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from .._atomic import atomic_write_bytes, deferred_durability
from ..errors import InvalidInput
from ..manifest import InputKind, InputRecord, Manifest
from ..predictions import Predictions


def split_by_input(
    kind: InputKind, inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Map each input's key to its own source result (text jobs: one synthetic source each)."""
    if kind == "text":
        return _split_text(inputs, sources)
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        info = source.get("source") or {}
        for record in inputs:
            wanted = ("url", record.value) if kind == "url" else ("md5sum", record.md5)
            if info.get(wanted[0]) == wanted[1]:
                out.setdefault(record.key, source)
    return out


def _split_text(
    inputs: list[InputRecord], sources: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    # A text job has one {"type": "text"} source; `file` is the 1-based index of each string.
    out: dict[str, dict[str, Any]] = {}
    for source in sources:
        results = source.get("results") or {}
        for index, record in enumerate(inputs, start=1):
            name = str(index)
            out[record.key] = {
                "source": source.get("source"),
                "results": {
                    "predictions": [
                        p for p in results.get("predictions", []) if p.get("file") == name
                    ],
                    "errors": [e for e in results.get("errors", []) if e.get("file") == name],
                },
                "error": source.get("error"),
            }
    return out


def input_name(record: InputRecord) -> str:
    """What names ``record`` in its rows: the URL, the file's path, or a text's key."""
    return record.key if record.kind == "text" else record.value


def _within(folder: Path, root: Path) -> bool:
    real, top = os.path.realpath(folder), os.path.realpath(root)
    return real == top or real.startswith(top + os.sep)


class OutputWriter:
    """Writes each input's outputs in `<out>/predictions/`, then marks it done in the manifest.

    Names keep their media suffix (``face.jpg-<hash>``), so paths are built by appending. Runs in
    a worker thread (decoding a large predictions body must not stall the event loop); `stop`
    ends a batch between two inputs, so an interrupt never waits for a whole batch. The files of
    one job are made durable by one sync, not one fsync each (`deferred_durability`), then
    renamed into place, then recorded in the manifest.
    """

    def __init__(self, predictions_dir: Path, formats: tuple[str, ...], manifest: Manifest) -> None:
        self.predictions_dir = predictions_dir
        self.formats = formats
        self.manifest = manifest
        self.stop = threading.Event()

    def path(self, record: InputRecord, suffix: str) -> Path:
        """Where an output of ``record`` goes: always inside the predictions folder.

        The name comes from the manifest, which anyone who can write the folder can edit: it
        is checked as a name from the user would be, and the folder it lands in must resolve
        inside ours (no symlinked subfolder, no ``..``).
        """
        name = f"{record.name}{suffix}"
        parts = PurePosixPath(name.replace("\\", "/")).parts
        target = self.predictions_dir / name
        inside = (
            parts
            and not PurePosixPath(name).is_absolute()
            and ".." not in parts
            and "\0" not in name
            and _within(target.parent, self.predictions_dir)
        )
        if not inside:
            raise InvalidInput(
                f"the manifest names an output {name!r} that is not inside "
                f"{str(self.predictions_dir)!r}: the manifest was edited or damaged; remove it "
                "and run again (finished outputs are re-fetched), or use another --out folder"
            )
        return target

    def write_job(
        self,
        kind: InputKind,
        members: list[InputRecord],
        todo: list[InputRecord],
        body: bytes,
        on_written: Callable[[], None] = lambda: None,
    ) -> list[tuple[str, str | None]]:
        """Decode a job's predictions and write each input of `todo`; returns the written ones.

        Fewer than `todo` when stopped early (`stop`).

        `members` are all inputs the job was submitted with (their order numbers the texts).
        The manifest learns about the written inputs in one transaction at the end.
        """
        by_input = split_by_input(kind, members, orjson.loads(body))
        done: list[tuple[str, str | None]] = []
        with deferred_durability():
            for record in todo:
                if self.stop.is_set():
                    break
                done.append(self._write(record, by_input.get(record.key)))
        on_written()  # the files are in place; the manifest does not know yet
        self.manifest.mark_inputs_done(done)
        return done

    def _write(self, record: InputRecord, source: dict[str, Any] | None) -> tuple[str, str | None]:
        if source is None:
            return self._error_file(record, "the job's predictions hold no result for this input")
        source = {"input": input_name(record), **source}  # the API's result, and whose it is
        with atomic_write_bytes(self.path(record, ".json")) as handle:
            handle.write(orjson.dumps(source))
        self._derived(record, Predictions.from_json([source]), self.formats)
        return record.key, source.get("error")

    def _derived(self, record: InputRecord, view: Predictions, formats: Iterable[str]) -> None:
        if "csv" in formats:
            view.to_csv(self.path(record, ".csv"))
        if "parquet" in formats:
            with atomic_write_bytes(self.path(record, ".parquet")) as handle:
                view.to_dataframe().to_parquet(handle)

    def derive(self, record: InputRecord, formats: Iterable[str]) -> None:
        """Write `formats` of a finished input from its stored JSON (no request)."""
        source = orjson.loads(self.path(record, ".json").read_bytes())
        source.setdefault("input", input_name(record))  # written before JSON named its input
        self._derived(record, Predictions.from_json([source]), formats)

    def _error_file(self, record: InputRecord, message: str) -> tuple[str, str | None]:
        with atomic_write_bytes(self.path(record, ".error.json")) as handle:
            handle.write(orjson.dumps({"input": record.value, "error": message}))
        return record.key, message

    def write_errors(self, records: list[InputRecord], message: str) -> None:
        """Error files for inputs whose job failed, then one manifest transaction."""
        self.manifest.mark_inputs_done([self._error_file(r, message) for r in records])

    def outputs_of(self, record: InputRecord) -> list[str]:
        """The names of `record`'s output files (no file-system access for a clean result)."""
        if not record.done:
            return []
        if record.error is None:
            # Every finished input has this run's formats (added ones are derived first).
            return [self.path(record, f".{fmt}").name for fmt in self.formats]
        suffixes = (".json", ".csv", ".parquet", ".error.json")
        return [p.name for s in suffixes if (p := self.path(record, s)).exists()]
