"""The folder-scanning rules the README states: what a directory, a glob and a named file give."""

from __future__ import annotations

from pathlib import Path

import pytest
from humebatch.bulk import MEDIA_SUFFIXES, collect_inputs
from humebatch.errors import InvalidInput


def _tree(root: Path) -> Path:
    scan, other = root / "scan", root / "other"
    for folder in (scan / "a" / "b", scan / ".hidden", other):
        folder.mkdir(parents=True)
    for path in (
        scan / "a" / "b" / "deep.JPG",  # any depth, suffix in any case
        scan / ".hidden" / "h.png",  # hidden folders and files are scanned too
        scan / ".dot.wav",
        scan / "notes.md",  # not a supported suffix: skipped
        scan / "a" / "empty.txt",
        other / "linked.png",
    ):
        path.write_bytes(b"x")
    (scan / "a" / "empty.txt").write_bytes(b"hi")
    (scan / "link").symlink_to(other, target_is_directory=True)  # a linked folder: not followed
    (scan / "f.png").symlink_to(other / "linked.png")  # a linked file: read, by its target
    return scan


def test_a_directory_is_scanned_recursively_for_supported_suffixes(tmp_path: Path) -> None:
    scan = _tree(tmp_path)
    found = sorted(Path(r.value).relative_to(tmp_path).as_posix() for r in collect_inputs([scan]))
    assert found == [
        "other/linked.png",  # through the file link scan/f.png, once
        "scan/.dot.wav",
        "scan/.hidden/h.png",
        "scan/a/b/deep.JPG",
        "scan/a/empty.txt",
    ]
    assert ".txt" in MEDIA_SUFFIXES and ".md" not in MEDIA_SUFFIXES


def test_a_glob_takes_every_file_it_matches_and_a_named_file_needs_a_suffix(
    tmp_path: Path,
) -> None:
    scan = _tree(tmp_path)
    # glob semantics: '*' skips dot files; what matches is taken whatever its suffix.
    matched = sorted(Path(r.value).name for r in collect_inputs([f"{scan}/*"]))
    assert matched == ["linked.png", "notes.md"]
    deep = sorted(Path(r.value).name for r in collect_inputs([f"{scan}/**/*.JPG"]))
    assert deep == ["deep.JPG"]
    with pytest.raises(InvalidInput, match="not a supported media"):
        collect_inputs([scan / "notes.md"])
