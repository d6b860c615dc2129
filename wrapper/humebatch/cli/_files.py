"""``-o PATH`` the same way in every command.

- ``-o -`` writes to stdout (binary output only when stdout is not a terminal);
- missing parent folders are created;
- the file appears only once complete (written beside it, then renamed);
- a symlink is followed: its target is replaced, the link stays;
- errors name the path the user gave, never a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

import click

from humebatch._atomic import atomic_write_text

from ._app import AppState
from ._exit import ExitCode

STDOUT = "-"
T = TypeVar("T")


def output_option(help_text: str, *, required: bool = False) -> Callable[[T], T]:
    """``-o/--output PATH`` (``-`` for stdout)."""
    return click.option(  # type: ignore[return-value]
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True),
        required=required,
        metavar="PATH",
        help=f"{help_text} ('-' for stdout; folders are created).",
    )


def target_of(path: str) -> Path:
    """Where writing ``path`` lands: the final target of a symlink, else ``path`` itself."""
    given = Path(path)
    return Path(os.path.realpath(given)) if given.is_symlink() else given


def _cannot_write(state: AppState, path: str, exc: OSError) -> None:
    reason = exc.strerror or str(exc)
    state.fail(f"cannot write {path}: {reason}", ExitCode.ERROR)


@contextlib.contextmanager
def text_output(state: AppState, path: str | None) -> Iterator[IO[str]]:
    """A text stream for ``-o``: stdout for None or ``-``, else a file written atomically."""
    if path is None or path == STDOUT:
        yield sys.stdout
        # inside the command, so that a closed pipe is handled there, not at interpreter exit
        sys.stdout.flush()
        return
    try:
        with atomic_write_text(target_of(path)) as handle:
            yield handle
    except OSError as exc:
        _cannot_write(state, path, exc)


def binary_output(state: AppState, path: str, write: Callable[[Path], object]) -> None:
    """Run ``write(file_path)`` for ``-o path``; with ``-`` copy what it wrote to stdout.

    ``write`` must write the file atomically itself (the library's writers do).
    """
    if path == STDOUT:
        stdout = sys.stdout.buffer
        if sys.stdout.isatty():
            raise click.UsageError(
                "refusing to write binary data to a terminal: give a file name with -o, "
                "or pipe the output (-o - | ...)."
            )
        with tempfile.TemporaryDirectory(prefix="humebatch-") as folder:
            produced = Path(folder) / "output"
            write(produced)
            with produced.open("rb") as source:
                shutil.copyfileobj(source, stdout)
            stdout.flush()
        return
    target = target_of(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target)
    except OSError as exc:
        _cannot_write(state, path, exc)
