"""Planning: group inputs that belong to no batch yet into jobs within the API's limits."""

from __future__ import annotations

from pathlib import Path

from ..manifest import InputRecord, Manifest

MAX_PER_JOB = 100  # the API's limit on URLs, texts and files per request
MAX_FILE_BYTES_PER_JOB = 512 * 1024 * 1024


def plan(manifest: Manifest, batch_size: int) -> None:
    """Group inputs that belong to no batch yet into batches within the API's limits."""
    for kind in ("url", "text", "file"):
        pending = manifest.unassigned(kind)
        group: list[InputRecord] = []
        group_bytes = 0
        for record in pending:
            size = Path(record.value).stat().st_size if kind == "file" else 0
            if group and (len(group) >= batch_size or group_bytes + size > MAX_FILE_BYTES_PER_JOB):
                manifest.create_batch(kind, [r.key for r in group])
                group, group_bytes = [], 0
            group.append(record)
            group_bytes += size
        if group:
            manifest.create_batch(kind, [r.key for r in group])
