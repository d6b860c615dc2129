"""`humebatch run`: many inputs → jobs → predictions on disk, resumable after any crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from humebatch.bulk import DEFAULT_MAX_JOBS, DEFAULT_MAX_REQUESTS, MAX_PER_JOB, RunInterrupted

from ._app import AppState
from ._commands import _command, pass_state, timeout_option
from ._exit import ExitCode
from ._progress import RunDisplay
from ._request import request_from_options, request_options, submit_arguments


@_command(
    "  humebatch run media/ 'clips/*.mp4' --urls-file urls.txt --text-file lines.txt \\\n"
    "      --out results/ --model face --model prosody --model language"
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
    type=click.IntRange(1, MAX_PER_JOB),
    default=MAX_PER_JOB,
    show_default=True,
    help=f"Inputs per job (the API allows {MAX_PER_JOB}).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_JOBS,
    show_default=True,
    help="Jobs in flight at once (submitted and not yet written).",
)
@click.option(
    "--max-requests",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_REQUESTS,
    show_default=True,
    help="HTTP requests in flight at once, all kinds together; a 429 pauses them all.",
)
@click.option(
    "--shard",
    metavar="I/N",
    help="Process only slice I of N (0 <= I < N) of the inputs, by a stable hash of each "
    "input: run I = 0..N-1 on N machines (same inputs, same --out or not) for every input "
    "exactly once.",
)
@click.option(
    "--reprocess",
    is_flag=True,
    help="Redo every input when the models, options or transcription differ from the folder's "
    "earlier runs.",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Submit again only the inputs whose job failed in an earlier run (their .error.json "
    "files go); without it, a re-run leaves failed inputs failed.",
)
@click.option(
    "--resubmit-forgotten",
    is_flag=True,
    help="Resubmit the batches whose jobs the server no longer knows (other base URL or "
    "account, or lost by the server).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["json", "csv", "parquet"]),
    default=("json", "csv"),
    show_default=True,
    help="Output formats (repeatable): json and csv per input in OUT/predictions/; parquet: "
    "one file per job in OUT/dataset/shard=I/, read as one table (needs humebatch[parquet]). "
    "The API's result as sent is always kept as JSON: per input with json or csv, per job "
    "(OUT/jobs/shard=I/, no file per input) with parquet alone. That JSON is what a later "
    "--format derives from, what a re-run checks and repairs from, and what `humebatch "
    "predictions OUT` and `humebatch plot OUT` read offline.",
)
@click.option(
    "--progress-interval",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    metavar="S",
    help="Off a terminal (a log file, Slurm, nohup): print a progress line every S s.",
)
@timeout_option("Give up waiting for a job after S s (the next run resumes it).")
@request_options
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
    max_requests: int,
    shard: str | None,
    reprocess: bool,
    retry_failed: bool,
    resubmit_forgotten: bool,
    formats: tuple[str, ...],
    progress_interval: float,
    timeout: float | None,
    **request_args: Any,
) -> None:
    """Process many inputs into an output folder, resumably.

    Inputs are URLs, files, directories, globs and texts. They are split into jobs within the
    API's limits, with up to CONCURRENCY jobs in flight; each input's predictions are written
    to OUT/predictions/ as its job finishes, and OUT/index.csv maps every input to its files.
    A SQLite manifest in OUT records every submission before and after it is sent: run the
    same command again after a crash or Ctrl-C and finished work is skipped, submitted jobs
    are awaited, nothing is submitted twice. One run per OUT at a time. Progress goes to
    stderr: a bar on a terminal, else a line every --progress-interval s; retries, splits of
    failed batches and give-ups are one line each. A file that cannot be an input (empty, a FIFO
    or device, a name not UTF-8) is skipped with a line naming it. Exits 5 if some inputs' jobs
    failed (their .error.json files say why; --retry-failed submits those again) or files were
    skipped, 130/143 when interrupted.
    With --shard, every run on OUT must use the same N (and none run without it): another
    split is refused, never resubmitted.

    Every job gets the settings of the flags below, laid over --config (the API's JSON body;
    its "urls" and "text" are added to the inputs), as in `humebatch submit`. The folder
    records the models and transcription: a run with others needs --reprocess.
    """
    request, state.flag_paths = request_from_options(request_args)
    urls = request.pop("urls", None) or []
    texts += tuple(request.pop("text", None) or [])
    if not isinstance(urls, list) or not isinstance(texts, tuple):
        raise click.BadParameter('"urls" and "text" must be lists', param_hint="'--config'")
    inputs += tuple(urls)
    client = state.client()
    display = RunDisplay(state.err, progress_interval)
    try:
        report = client.run(
            inputs,
            out_dir,
            urls_file=urls_file,
            text_file=text_file,
            texts=texts,
            batch_size=batch_size,
            concurrency=concurrency,
            max_requests=max_requests,
            shard=shard,
            reprocess=reprocess,
            retry_failed=retry_failed,
            resubmit_forgotten=resubmit_forgotten,
            formats=formats,
            timeout=timeout,
            on_progress=display.progress,
            on_event=display.event,
            resume_hint=f"Run the same command again to resume (same inputs, --out {out_dir}).",
            **submit_arguments(request),
        )
    except RunInterrupted as exc:
        display.stop()
        state.error_line(str(exc))
        raise click.exceptions.Exit(exc.exit_code) from None
    finally:
        display.stop()
    skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
    where = out_dir / ("dataset" if set(formats) == {"parquet"} else "predictions")
    state.emit(
        f"{report.done} done, {report.errors} failed, {report.pending} pending{skipped} "
        f"({report.inputs} inputs, {report.jobs} jobs); outputs in {where}, "
        f"index in {report.index}"
    )
    if report.errors or report.skipped:
        raise click.exceptions.Exit(int(ExitCode.JOB_FAILED))
