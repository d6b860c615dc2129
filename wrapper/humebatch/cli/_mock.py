"""`humebatch mock-server`: run the embedded mock of the batch API (the optional `mock` extra)."""

from __future__ import annotations

import time
from typing import Any

import click

from ._app import AppState, cli
from ._exit import EPILOG, ExitCode


@cli.command(
    "mock-server",
    epilog=EPILOG,
    short_help="Run the embedded mock of the batch API.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to bind; 0 for any free one (the URL printed says which).",
)
@click.option(
    "--job-seconds",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="How long each job stays IN_PROGRESS.",
)
@click.option(
    "--queue-seconds",
    type=click.FloatRange(min=0),
    default=0.5,
    show_default=True,
    help="How long each job stays QUEUED.",
)
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="KEY",
    help="Accept only this API key (repeatable); default: any non-empty key.",
)
@click.option(
    "--fault-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Probability of answering 500/502/503 instead.",
)
@click.option(
    "--fault-429-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Probability of starting a burst of 429 answers.",
)
@click.option(
    "--drop-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Probability of dropping the connection mid-response.",
)
@click.option(
    "--latency", type=click.FloatRange(min=0), default=0.0, help="Seconds added to each answer."
)
@click.option(
    "--rate-limit", type=click.FloatRange(min=0, min_open=True), help="Requests/s allowed per key."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seeds ids and scores.")
@click.pass_obj
def mock_server(
    state: AppState,
    host: str,
    port: int,
    job_seconds: float,
    queue_seconds: float,
    keys: tuple[str, ...],
    fault_rate: float,
    fault_429_rate: float,
    drop_rate: float,
    latency: float,
    rate_limit: float | None,
    seed: int,
) -> None:
    """Run a local, stateful mock of the batch API (until Ctrl-C); print its URL on stdout.

    Jobs go QUEUED → IN_PROGRESS → COMPLETED in real time with deterministic predictions; an
    input whose URL, file name or text contains "fail" makes its job FAILED.

    \b
    Example:
      humebatch mock-server --port 8000 --job-seconds 5 --fault-rate 0.1
      # in another shell:
      export HUME_BASE_URL=http://127.0.0.1:8000 HUME_API_KEY=test-key
      humebatch submit --text "hello" --wait
    """
    try:  # an optional extra: import it only here
        from humebatch_mock import MockConfig, MockServer
    except ImportError as exc:
        state.fail(
            f"the mock server needs the 'mock' extra ({exc.name or exc}): "
            "pip install 'humebatch[mock]'",
            ExitCode.ERROR,
        )
    options: dict[str, Any] = {
        "queue_seconds": queue_seconds,
        "run_seconds": job_seconds,
        "fault_rate": fault_rate,
        "fault_429_rate": fault_429_rate,
        "fault_drop_rate": drop_rate,
        "fault_latency": latency,
        "rate_limit": rate_limit,
        "seed": seed,
    }
    if keys:
        options["api_keys"] = set(keys)
    try:
        config = MockConfig(**options)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        state.err.print(f"[yellow]warning:[/] binding {host}: the mock is reachable from outside")
    server = MockServer(config, host=host, port=port)
    try:
        server.start()  # binds first: the banner below shows the port actually bound
    except OSError as exc:
        state.fail(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}. Is another server using "
            "it? Pick another --port, or --port 0 for any free one.",
            ExitCode.ERROR,
        )
    hint = "one of the --key values" if keys else "any non-empty key, e.g. test-key"
    state.err.print(
        f"[bold]Mock Hume batch API[/] on {server.url}  (Ctrl-C to stop)\n"
        f"  export HUME_BASE_URL={server.url}\n"
        f"  HUME_API_KEY: {hint}",
        highlight=False,
    )
    state.emit(server.url)  # for scripts: `--port 0` and read the first line of stdout
    try:
        while True:  # the server runs in its own thread; Ctrl-C is the normal way to stop it
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
