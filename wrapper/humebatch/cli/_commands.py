"""The API subcommands: submit, wait, status, jobs, predictions, artifacts, plot."""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from humebatch.errors import (
    HumeBatchError,
    InvalidInput,
    JobFailed,
    JobTimeout,
    NotFoundError,
    WaitAllError,
)
from humebatch.inputs import validate_job_id

from .._transport import MODEL_NAMES as MODELS
from .._transport import STATUSES, describe_status
from . import _output
from ._app import AppState, cli
from ._exit import EPILOG, ExitCode, exit_code_for
from ._files import STDOUT, binary_output, output_option, target_of, text_output
from ._messages import cli_message, interrupted_job
from ._progress import live_board
from ._render import job_panel, jobs_table
from ._request import request_from_options, request_options, submit_arguments

if TYPE_CHECKING:
    from humebatch import InferenceJob, Job
    from humebatch.predictions import Predictions


pass_state = click.make_pass_decorator(AppState)


def _command(example: str, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """``@cli.command`` with the example and the exit-code table appended to the help."""

    def decorate(func: Callable[..., Any]) -> click.Command:
        doc = inspect.cleandoc(func.__doc__ or "")
        func.__doc__ = f"{doc}\n\n\b\nExample:\n{example}"
        return cli.command(epilog=EPILOG, **kwargs)(func)

    return decorate


def _status_of(details: InferenceJob) -> str:
    return describe_status(str(details.state.status))


def _message_of(details: InferenceJob) -> str | None:
    message = getattr(details.state, "message", None)
    return message if isinstance(message, str) else None


def _wait_with_board(
    state: AppState,
    jobs: Sequence[Job],
    timeout: float | None,
    title: str,
    concurrency: int = 8,
) -> list[InferenceJob | HumeBatchError]:
    """Wait for ``jobs`` with the live display; one outcome per job (details or the error)."""
    client = state.bounded_client(timeout)
    ids = [job.id for job in jobs]
    with live_board(state.err, ids, title=title) as board:

        def on_progress(details: InferenceJob) -> None:
            board.update(str(details.job_id), _status_of(details), _message_of(details))

        try:
            if len(jobs) == 1:
                outcomes: list[InferenceJob | HumeBatchError] = [
                    jobs[0].wait(timeout=timeout, on_progress=on_progress)
                ]
            else:
                outcomes = list(
                    client.wait_all(
                        list(jobs),
                        timeout=timeout,
                        concurrency=concurrency,
                        on_progress=on_progress,
                        return_exceptions=True,
                    )
                )
        except WaitAllError as exc:
            outcomes = list(exc.results)
        except HumeBatchError as exc:  # e.g. the key was revoked: every job ends with it
            outcomes = [exc] * len(ids)
        for job_id, outcome in zip(ids, outcomes, strict=True):
            if isinstance(outcome, HumeBatchError):
                message = getattr(outcome, "server_message", None)
                board.update(job_id, _final_label(outcome), message)
            else:
                board.update(job_id, _status_of(outcome), _message_of(outcome))
    return outcomes


def _final_label(error: HumeBatchError) -> str:
    """What the board and `wait` show for a job whose wait ended with ``error``."""
    if isinstance(error, JobFailed):
        return "FAILED"
    if isinstance(error, JobTimeout):
        return "TIMEOUT"
    if isinstance(error, NotFoundError):
        return "NOT_FOUND"
    if isinstance(error, InvalidInput):
        return "INVALID"
    return "ERROR"


def _exit_for_outcomes(
    state: AppState, ids: Sequence[str], outcomes: Sequence[InferenceJob | HumeBatchError]
) -> None:
    """Report failures (one line each) and exit with the most telling code, if any failed."""
    errors = {i: o for i, o in zip(ids, outcomes, strict=True) if isinstance(o, HumeBatchError)}
    if not errors:
        return
    for error in errors.values():
        state.error_line(cli_message(error))
    if len(errors) == 1:
        code = exit_code_for(next(iter(errors.values())))
    else:
        code = exit_code_for(WaitAllError(list(outcomes), errors))
    raise click.exceptions.Exit(int(code))


# --------------------------------------------------------------------------- submit


class Seconds(click.ParamType):  # type: ignore[type-arg]
    """A finite, non-negative number of seconds (``nan``, ``inf`` and negatives are refused)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, float):
            number = value
        else:
            try:
                number = float(value)
            except ValueError:
                self.fail(f"{value!r} is not a number of seconds.", param, ctx)
        if not math.isfinite(number) or number < 0:
            self.fail(
                f"{value!r} is not a number of seconds of at least 0 "
                "(leave the option out to wait without a limit).",
                param,
                ctx,
            )
        return number


def timeout_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--timeout S`` (seconds, optional), shared by the commands that wait."""
    return click.option("--timeout", type=Seconds(), default=None, metavar="S", help=help_text)


def _strings(request: dict[str, Any], key: str) -> list[str]:
    """``request[key]`` (``--config``'s urls or text) as a list; the library checks the items."""
    value = request.pop(key, None)
    if value is None:
        return []
    if not isinstance(value, list):
        raise click.BadParameter(f'"{key}" must be a list of strings', param_hint="'--config'")
    return value


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _split_inputs(inputs: Sequence[str]) -> tuple[list[str], list[Path]]:
    """URLs (http/https) and local files; any other ``scheme://`` is a usage error."""
    urls: list[str] = []
    files: list[Path] = []
    for item in inputs:
        scheme = _SCHEME.match(item)
        if scheme is None:
            files.append(Path(item))
        elif scheme.group(1).lower() in ("http", "https"):
            urls.append(item)
        else:
            raise click.UsageError(
                f"{item!r} is not an http(s) URL: the API fetches only http:// and https:// "
                "URLs. Download it and pass the local file instead."
            )
    return urls, files


@_command(
    "  humebatch submit samples/face.png samples/voice.wav --text 'I love it' \\\n"
    "      --model face --model prosody --model language --fps 2 --wait"
)
@click.argument("inputs", nargs=-1, metavar="[URL|FILE]...")
@click.option(
    "--text", "texts", multiple=True, metavar="TEXT", help="Text to analyse (repeatable)."
)
@request_options
@click.option("--wait", "wait_", is_flag=True, help="Block with a live progress display.")
@timeout_option("With --wait: give up after S s.")
@pass_state
def submit(
    state: AppState,
    /,
    inputs: tuple[str, ...],
    texts: tuple[str, ...],
    wait_: bool,
    timeout: float | None,
    **request_args: Any,
) -> None:
    """Start a job on URLs, local files and texts; print its id.

    Arguments starting with http:// or https:// are URLs, the others local files (uploaded).
    The job's settings are the flags below, laid over --config (the API's JSON body; its
    "urls" and "text" are added to the inputs). A model option applies to every selected
    model that has it; for a value per model, use --config. Unset options take the API's
    defaults.
    """
    request, state.flag_paths = request_from_options(request_args)
    urls, files = _split_inputs(inputs)
    urls += _strings(request, "urls")
    texts += tuple(_strings(request, "text"))
    if not (urls or files or texts):
        raise click.UsageError("nothing to analyse: give URLs, files or --text.")
    if timeout is not None and not wait_:
        raise click.UsageError("--timeout applies only with --wait: add --wait, or drop --timeout.")
    job = state.client().submit(
        urls=urls or None,
        text=list(texts) or None,
        files=files or None,
        **submit_arguments(request),
    )
    # The id goes out first: `JOB=$(humebatch submit ... --wait)` keeps it whatever happens next.
    state.emit(job.id)
    if not wait_:
        return
    try:
        outcomes = _wait_with_board(state, [job], timeout, title="Waiting for the job")
    except KeyboardInterrupt:
        state.fail(interrupted_job(job.id), ExitCode.INTERRUPTED)
    _exit_for_outcomes(state, [job.id], outcomes)


# --------------------------------------------------------------------------- wait / status


@_command("  humebatch wait 6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11 --timeout 600")
@click.argument("job_ids", nargs=-1, required=True, metavar="JOB...")
@timeout_option("Give up after S s.")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Status requests in flight at once.",
)
@pass_state
def wait(
    state: AppState, job_ids: tuple[str, ...], timeout: float | None, concurrency: int
) -> None:
    """Wait for one or more jobs with a live progress display.

    Prints one line per job (id, a tab, the final status: COMPLETED, FAILED, TIMEOUT,
    NOT_FOUND, INVALID or ERROR), every job's line even when others fail. Exits with the worst
    outcome: 5 if any job failed, else 6 if any timed out, else the code of the other errors.
    """
    client = state.bounded_client(timeout)
    outcomes: dict[str, InferenceJob | HumeBatchError] = {}
    found: list[Job] = []
    for job_id in dict.fromkeys(job_ids):
        try:
            found.append(client.get_job(job_id))
        except HumeBatchError as exc:  # a bad or unknown id must not hide the others' results
            outcomes[job_id] = exc
    if found:
        title = "Waiting for the job" if len(found) == 1 else f"Waiting for {len(found)} jobs"
        try:
            waited = _wait_with_board(state, found, timeout, title=title, concurrency=concurrency)
        except KeyboardInterrupt:
            state.fail(_interrupted_jobs([job.id for job in found]), ExitCode.INTERRUPTED)
        # keyed by what the user typed, so that lines come out in the order given
        by_id = dict(zip((job.id for job in found), waited, strict=True))
        for job_id in dict.fromkeys(job_ids):
            if job_id not in outcomes:
                outcomes[job_id] = by_id[validate_job_id(job_id)]
    ordered = [(job_id, outcomes[job_id]) for job_id in dict.fromkeys(job_ids)]
    for job_id, outcome in ordered:
        if isinstance(outcome, HumeBatchError):
            state.emit(f"{job_id}\t{_final_label(outcome)}")
        else:
            state.emit(f"{outcome.job_id}\t{_status_of(outcome)}")
    _exit_for_outcomes(state, [i for i, _ in ordered], [o for _, o in ordered])


def _interrupted_jobs(ids: Sequence[str]) -> str:
    if len(ids) == 1:
        return interrupted_job(ids[0])
    return (
        f"interrupted; the {len(ids)} jobs keep running on the server. Resume waiting with: "
        f"humebatch wait {' '.join(ids)}"
    )


@_command("  humebatch status 6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11 --json")
@click.argument("job_id", metavar="JOB")
@click.option("--json", "as_json", is_flag=True, help="Print the job details as JSON.")
@pass_state
def status(state: AppState, job_id: str, as_json: bool) -> None:
    """Show a job's status, timings, inputs and models."""
    data = _output.details_dict(state.client().get_job(job_id))
    if as_json:
        _output.write_json(state.out.file, data)
    else:
        state.out.print(job_panel(data))


# --------------------------------------------------------------------------- jobs


def _parse_time(value: str) -> int:
    """Milliseconds since the epoch from ``1700000000000`` or an ISO date/time (UTC if naive)."""
    if value.isdigit():
        return int(value)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is neither milliseconds since the epoch nor an ISO date such as "
            "2026-11-25 or 2026-11-25T17:30:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


@_command("  humebatch jobs --status COMPLETED --status FAILED --created-after 2026-11-01 --json")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES, case_sensitive=False),
    help="Only jobs in this status (repeatable).",
)
@click.option("--created-before", metavar="WHEN", help="ISO date/time (UTC if naive) or epoch ms.")
@click.option(
    "--created-after", metavar="WHEN", help="ISO date/time or epoch ms; lists oldest first."
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Jobs to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of job details.")
@pass_state
def jobs(
    state: AppState,
    statuses: tuple[str, ...],
    created_before: str | None,
    created_after: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """List jobs, newest first, as a table or JSON."""
    if created_before and created_after:
        raise click.UsageError("use --created-before or --created-after, not both.")
    filters: dict[str, Any] = {"limit": limit, "page_size": min(limit, 100)}
    if statuses:
        filters["status"] = list(dict.fromkeys(s.upper() for s in statuses))
    if created_before:
        filters["when"], filters["timestamp_ms"] = "created_before", _parse_time(created_before)
    elif created_after:
        filters["when"], filters["timestamp_ms"] = "created_after", _parse_time(created_after)
    listed = [_output.details_dict(job) for job in state.client().jobs(**filters)][:limit]
    if as_json:
        _output.write_json(state.out.file, listed)
    elif not listed:
        state.err.print("no jobs match")
    else:
        state.out.print(jobs_table(listed, width=state.out.width))


# --------------------------------------------------------------------------- results


def _completed_job(state: AppState, job_id: str, timeout: float | None = None) -> Job:
    """The job, if COMPLETED; a failed job raises JobFailed, an unfinished one is a usage error.

    With ``timeout``, each of the job's requests is limited to it.
    """
    job = state.bounded_client(timeout).get_job(job_id)
    details = job.details
    status = _status_of(details) if details is not None else "COMPLETED"
    if details is not None and status == "FAILED":
        raise JobFailed(job.id, _message_of(details), details)
    if status != "COMPLETED":
        state.fail(
            f"job {job.id} is {status}: it has no results yet. "
            f"Wait for it with: humebatch wait {job.id}",
            ExitCode.USAGE,
        )
    return job


def _predictions_of(state: AppState, source: str, timeout: float | None = None) -> Predictions:
    """The predictions a job id, a results or job file, a run folder or an artifacts zip
    holds."""
    from humebatch.predictions import Predictions

    path = Path(source)
    if path.exists():
        return Predictions.from_path(path)  # offline: no key, no server
    try:
        validate_job_id(source)
    except InvalidInput:
        raise click.BadParameter(
            f"{source!r} is neither a job id nor an existing file or folder",
            param_hint="'SOURCE'",
        ) from None
    return _completed_job(state, source, timeout).predictions()


@_command(
    "  humebatch predictions 6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11 --model face --top 5\n"
    "  humebatch predictions 6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11 --raw -o body.json\n"
    "  humebatch predictions results/ -o emotions.csv"
)
@click.argument("source", metavar="SOURCE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_output.FORMATS),
    default=None,
    help="table/json/jsonl: top emotions per prediction; csv: every emotion as a column. "
    "Default: from the -o file's extension (.csv, .json, .jsonl), else table.",
)
@click.option(
    "--raw",
    is_flag=True,
    help="Save the body exactly as the API sent it, streamed to -o (a job id only).",
)
@click.option(
    "--top", type=click.IntRange(min=1), default=3, show_default=True, help="Emotions per row."
)
@click.option(
    "--model", "models", multiple=True, type=click.Choice(MODELS), help="Only this model."
)
@output_option("File to write instead of stdout")
@timeout_option("Give up on a request that takes longer than S s.")
@pass_state
def predictions(
    state: AppState,
    source: str,
    fmt: str | None,
    raw: bool,
    top: int,
    models: tuple[str, ...],
    output: str | None,
    timeout: float | None,
) -> None:
    """Print the predictions of a completed job, or of results already on disk.

    table, json, jsonl: the --top emotions of each prediction; csv: every emotion as a column.

    SOURCE is a job id (its predictions are fetched), or results already on disk, read with no
    server: a body saved with --raw, a run folder (humebatch run --out: its per-input JSON in
    predictions/ and its job files in jobs/), one input's JSON or one job file in it, an
    artifacts zip, or the output of --format json/jsonl.
    """
    if raw:
        _save_raw(state, source, output, fmt, models, timeout)
        return
    fmt = _output.format_for(output, fmt)
    preds = _predictions_of(state, source, timeout)
    with text_output(state, output) as stream:
        _output.write_predictions(preds, fmt, stream, top=top, models=set(models), state=state)
    if output not in (None, STDOUT):
        state.err.print(f"wrote {_output.escape(str(output))}")


def _save_raw(
    state: AppState,
    source: str,
    output: str | None,
    fmt: str | None,
    models: Sequence[str],
    timeout: float | None = None,
) -> None:
    if fmt is not None or models:
        raise click.UsageError("--raw saves the body as sent: no --format or --model with it")
    if output is None:
        raise click.UsageError("--raw needs -o FILE (or -o - for stdout)")
    try:
        job_id = validate_job_id(source)
    except InvalidInput:
        raise click.BadParameter(
            f"--raw needs a job id, got {source!r}", param_hint="'SOURCE'"
        ) from None
    job = _completed_job(state, job_id, timeout)
    binary_output(state, output, job.download_predictions)
    if output != STDOUT:
        size = target_of(output).stat().st_size
        state.err.print(f"wrote {_output.escape(output)} ({size:,} bytes, as the API sent it)")
        state.emit(output)


@_command("  humebatch artifacts 6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11 -o artifacts.zip")
@click.argument("job_id", metavar="JOB")
@output_option("Where to write the zip", required=True)
@pass_state
def artifacts(state: AppState, job_id: str, output: str) -> None:
    """Download a job's artifacts zip (per-model CSVs)."""
    job = _completed_job(state, job_id)
    binary_output(state, output, job.download_artifacts)
    if output != STDOUT:
        size = target_of(output).stat().st_size
        state.err.print(f"wrote {_output.escape(output)} ({size:,} bytes)")
        state.emit(output)


@_command(
    "  humebatch plot 6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11 -o emotions.png --top 5\n"
    "  humebatch plot results/ -o emotions.png"
)
@click.argument("source", metavar="SOURCE")
@output_option("PNG file to write", required=True)
@click.option(
    "--top", type=click.IntRange(1, 10), default=5, show_default=True, help="Emotions per panel."
)
@click.option(
    "--model", "models", multiple=True, type=click.Choice(MODELS), help="Only this model."
)
@click.option("--title", help="Figure title (default: the job id or the path).")
@pass_state
def plot(
    state: AppState,
    source: str,
    output: str,
    top: int,
    models: tuple[str, ...],
    title: str | None,
) -> None:
    """Plot the top emotions of a job, or of results already on disk, to a PNG.

    Scores over time for video and audio, bars of mean scores for images and text. SOURCE is
    what `humebatch predictions` takes: a job id, a saved body, a run folder, one input's JSON
    or job file, an artifacts zip.
    """
    from humebatch.plotting import NoPredictions, Plotted, plot_predictions

    try:
        import matplotlib  # noqa: F401  (the `plot` extra; checked before any request)
    except ImportError:
        state.fail("humebatch plot needs matplotlib: pip install 'humebatch[plot]'", ExitCode.ERROR)
    if output != STDOUT and Path(output).suffix.lower() != ".png":
        raise click.BadParameter(f"{output} must end in .png", param_hint="'-o'")
    preds = _predictions_of(state, source)
    title = title or (source if Path(source).exists() else f"Job {source}")
    drawn: list[Plotted] = []

    def draw(path: Path) -> None:
        drawn.append(
            plot_predictions(preds, path, top=top, models=set(models) or None, title=title)
        )

    try:
        binary_output(state, output, draw)
    except NoPredictions as exc:
        state.fail(str(exc), ExitCode.USAGE)
    if output != STDOUT:
        state.err.print(f"wrote {_output.escape(output)} ({drawn[0]})")
        state.emit(output)
