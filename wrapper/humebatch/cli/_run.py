"""`humebatch run`: many inputs → jobs → predictions on disk, resumable after any crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from humebatch.bulk import collect_inputs

from ._app import AppState
from ._commands import _command, model_options, models_from_options, pass_state, timeout_option
from ._exit import ExitCode


@_command(
    "  humebatch run media/ 'clips/*.mp4' --urls-file urls.txt --text-file lines.txt \\\n"
    "      --out results/ --model face --model prosody"
)
@click.argument("inputs", nargs=-1, metavar="[URL|FILE|DIR|GLOB]...")
@click.option(
    "--out",
    "-o",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (holds the manifest; run the same command again to resume).",
)
@click.option(
    "--urls-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File with one URL per line.",
)
@click.option(
    "--text-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File with one text per line.",
)
@click.option(
    "--text", "texts", multiple=True, metavar="TEXT", help="Text to analyse (repeatable)."
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100),
    default=100,
    show_default=True,
    help="Inputs per job (the API allows 100).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Jobs in flight at once.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["json", "csv", "parquet"]),
    default=("json", "csv"),
    show_default=True,
    help="Output formats per input (repeatable; parquet needs humebatch[parquet]).",
)
@timeout_option("Give up waiting for a job after S s (the next run resumes it).")
@model_options
@pass_state
def run(
    state: AppState,
    /,
    inputs: tuple[str, ...],
    out_dir: Path,
    urls_file: Path | None,
    text_file: Path | None,
    texts: tuple[str, ...],
    batch_size: int,
    concurrency: int,
    formats: tuple[str, ...],
    timeout: float | None,
    **model_args: Any,
) -> None:
    """Process many inputs into an output folder, resumably.

    Inputs are URLs, files, directories, globs and texts. They are split into jobs within the
    API's limits and submitted CONCURRENCY at a time; each input's predictions are written to
    OUT/predictions/ as its job finishes. A SQLite manifest in OUT records every submission
    before and after it is sent: run the same command again after a crash and finished work is
    skipped, submitted jobs are awaited, nothing is submitted twice. Exits 5 if some inputs'
    jobs failed (their .error.json files say why).
    """
    models = models_from_options(model_args)
    records = collect_inputs(inputs, urls_file=urls_file, text_file=text_file, texts=texts)
    client = state.client()
    progress = Progress(
        TextColumn("[bold]Bulk run"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        console=state.err,
        transient=False,
    )
    with progress:
        task = progress.add_task("run", total=len(records), detail="")

        def on_progress(counts: dict[str, int]) -> None:
            detail = f"{counts['errors']} failed, {counts['jobs']} jobs"
            progress.update(task, completed=counts["done"] + counts["errors"], detail=detail)

        report = client.run(
            inputs,
            out_dir,
            urls_file=urls_file,
            text_file=text_file,
            texts=texts,
            batch_size=batch_size,
            concurrency=concurrency,
            models=models,
            formats=formats,
            timeout=timeout,
            on_progress=on_progress,
        )
        progress.update(task, completed=report.done + report.errors)
    state.emit(
        f"{report.done} done, {report.errors} failed, {report.pending} pending "
        f"({len(records)} inputs, {report.jobs} jobs); outputs in {out_dir / 'predictions'}"
    )
    if report.errors:
        raise click.exceptions.Exit(int(ExitCode.JOB_FAILED))
