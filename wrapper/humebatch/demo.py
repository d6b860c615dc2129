"""`make demo`: the whole loop in under a minute, offline.

Starts the embedded mock server, submits one job with the sample files in ``samples/`` plus two
texts, waits with the live progress display, prints the top emotions per file, writes a CSV, a
PNG plot and the artifacts zip into ``demo-output/``, stops the server. Only ``--live``
(``make demo-live``) sends the demo to the real API (``HUME_API_KEY``, ``HUME_BASE_URL``): a key
exported for the mock never sends it anywhere by accident.

    python -m humebatch.demo [--output DIR] [--samples DIR] [--live]
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from . import Client, ModelsConfig
from .cli._exit import EPILOG, ExitCode, exit_code_for
from .cli._progress import live_board
from .errors import HumeBatchError
from .plotting import figure_size_px, panels_from_rows, plot_predictions

SAMPLE_FILES = ("face.png", "voice.wav", "clip.mp4", "note.txt")
TEXTS = (
    "We won the grant! I can't stop smiling, thank you all so much.",
    "The train was cancelled again and nobody told us why. I'm exhausted.",
)
MODELS: ModelsConfig = {
    "face": {"fps_pred": 4},
    "prosody": {"granularity": "word"},  # several predictions per clip: a timeline
    "burst": {},
    "language": {"granularity": "sentence", "sentiment": {}},
}
DEFAULT_BASE_URL = "https://api.hume.ai"


def find_samples(explicit: Path | None) -> Path:
    """The samples folder: ``--samples``, else ./samples, else the repository's samples/."""
    candidates = [explicit] if explicit else [Path.cwd() / "samples"]
    if not explicit:
        candidates.append(Path(__file__).resolve().parents[2] / "samples")
    for folder in candidates:
        if folder is not None and all((folder / name).is_file() for name in SAMPLE_FILES):
            return folder
    tried = ", ".join(str(c) for c in candidates)
    raise click.UsageError(
        f"sample files not found (tried {tried}); run from the repository root, pass --samples, "
        "or create them with: python samples/make_samples.py"
    )


@contextmanager
def backend(console: Console, live: bool = False) -> Iterator[tuple[str | None, str]]:
    """Yield ``(api_key, base_url)``: an embedded mock server, or with ``live`` the real API."""
    if live:
        if not os.environ.get("HUME_API_KEY"):
            raise click.UsageError("--live needs your API key in HUME_API_KEY.")
        url = os.environ.get("HUME_BASE_URL") or DEFAULT_BASE_URL
        console.print(f"[bold yellow]Using the LIVE API at {escape(url)}[/] (--live).")
        yield None, url  # None: the client reads the key from the environment itself
        return
    try:
        from humebatch_mock import MockConfig, MockServer
    except ImportError as exc:
        raise click.ClickException(
            f"the embedded mock server needs the 'mock' extra ({exc}): "
            "pip install 'humebatch[mock]'"
        ) from None
    config = MockConfig(queue_seconds=0.8, run_seconds=2.5, seed=2026)
    with MockServer(config) as server:
        ignored = " (HUME_API_KEY and HUME_BASE_URL are ignored without --live)"
        set_env = bool(os.environ.get("HUME_API_KEY") or os.environ.get("HUME_BASE_URL"))
        console.print(
            f"Started the embedded mock server at [bold]{server.url}[/]"
            f"{ignored if set_env else ''}; `make demo-live` runs against the live API."
        )
        try:
            yield server.api_key, server.url
        finally:
            console.print("Stopped the mock server.")


def _summary_table(rows: list[dict[str, object]], top: int) -> Table:
    """File, model, prediction count, then the ``top`` emotions by mean score, one per column."""
    table = Table(
        title="Top emotions per file and model (mean scores)",
        header_style="bold",
        title_style="bold",
    )
    panels = panels_from_rows(rows)
    # identifying columns keep their width; the emotion cells wrap on narrow terminals
    table.add_column("file", min_width=max((len(p.label) for p in panels), default=4))
    table.add_column("model", min_width=max((len(p.model) for p in panels), default=5))
    table.add_column("n", justify="right", min_width=2)
    for rank in range(1, top + 1):
        table.add_column(f"#{rank}")
    for panel in panels:
        n = len(next(iter(panel.scores.values()), []))
        cells = [
            Text.assemble(
                (emotion, "bold" if i == 0 else ""), " ", (f"{panel.mean(emotion):.2f}", "cyan")
            )
            for i, emotion in enumerate(panel.top(top))
        ]
        table.add_row(panel.label, panel.model, str(n), *cells)
    return table


def run_demo(
    output: Path, samples: Path, timeout: float, console: Console, live: bool = False
) -> Path:
    """Run the demo; return the PNG's path. Raises HumeBatchError on API problems."""
    started = time.monotonic()
    files = [samples / name for name in SAMPLE_FILES]
    with backend(console, live) as (api_key, base_url):
        client = Client(api_key=api_key, base_url=base_url)
        try:
            console.print(
                f"Submitting {len(files)} files ({', '.join(SAMPLE_FILES)}) and "
                f"{len(TEXTS)} texts for models {', '.join(MODELS)}…"
            )
            job = client.submit(files=files, text=list(TEXTS), models=MODELS)
            console.print(f"Job [bold]{job.id}[/] submitted.")
            with live_board(console, [job.id], title="Waiting for the job") as board:
                details = job.wait(
                    timeout=timeout,
                    on_progress=lambda d: board.update(
                        str(d.job_id), str(d.state.status), getattr(d.state, "message", None)
                    ),
                )
                board.update(job.id, str(details.state.status))
            preds = job.predictions()
            rows = preds.to_rows()
            console.print(_summary_table(rows, top=3))
            for issue in preds.errors:
                console.print(f"[yellow]note:[/] {escape(str(issue.message))}")
            output.mkdir(parents=True, exist_ok=True)
            csv_path = preds.to_csv(output / "predictions.csv")
            png_path = output / "emotions.png"
            plotted = plot_predictions(
                preds, png_path, top=5, title=f"humebatch demo - job {job.id}"
            )
            zip_path = output / "artifacts.zip"
            job.download_artifacts(zip_path)
        finally:
            client.close()
    width, height = figure_size_px(plotted.pairs)
    console.print()
    console.print(f"[bold green]Done[/] in {time.monotonic() - started:.1f} s. Outputs:")
    console.print(f"  {csv_path}  ({len(rows)} predictions, one column per emotion)")
    console.print(f"  {png_path}  ({plotted}, {width}x{height} px)")
    console.print(f"  {zip_path}  (the job's artifacts)")
    return png_path


@click.command(epilog=EPILOG)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the CSV, PNG and zip.",
)
@click.option(
    "--samples",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder with face.png, voice.wav, clip.mp4, note.txt (default: ./samples).",
)
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True)
@click.option(
    "--live",
    is_flag=True,
    help="Use the real API (HUME_API_KEY, HUME_BASE_URL) instead of the embedded mock.",
)
def main(output: Path, samples: Path | None, timeout: float, live: bool) -> None:
    """Submit the sample files to the embedded mock (or with --live the real API), show and save
    the results.

    \b
    Example:
      python -m humebatch.demo --output demo-output
    """
    console = Console(highlight=False)
    console.rule("[bold]humebatch demo")
    try:
        run_demo(output, find_samples(samples), timeout, console, live)
    except HumeBatchError as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise SystemExit(int(exit_code_for(exc))) from None
    except KeyboardInterrupt:
        raise SystemExit(int(ExitCode.INTERRUPTED)) from None


if __name__ == "__main__":
    main()
