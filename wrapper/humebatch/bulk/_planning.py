"""Planning: group inputs that belong to no batch yet into jobs within the API's limits."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from hume_batch_contract import MAX_FILES, MAX_TEXTS, MAX_URLS

from ..manifest import InputKind, InputRecord, Manifest

MAX_PER_JOB = min(MAX_URLS, MAX_TEXTS, MAX_FILES)  # the spec's limit on inputs per request
MAX_FILE_BYTES_PER_JOB = 512 * 1024 * 1024


def plan(manifest: Manifest, batch_size: int) -> int:
    """Plan every unassigned input into batches (one transaction per kind); returns the count."""
    created = 0
    kinds: tuple[InputKind, ...] = ("url", "text", "file")
    for kind in kinds:
        created += manifest.plan_batches(kind, partial(_groups, kind=kind, batch_size=batch_size))
    return created


def _groups(
    records: Iterator[InputRecord], kind: InputKind, batch_size: int
) -> Iterator[list[str]]:
    group: list[str] = []
    group_bytes = 0
    for record in records:
        size = Path(record.value).stat().st_size if kind == "file" else 0
        if group and (len(group) >= batch_size or group_bytes + size > MAX_FILE_BYTES_PER_JOB):
            yield group
            group, group_bytes = [], 0
        group.append(record.key)
        group_bytes += size
    if group:
        yield group
