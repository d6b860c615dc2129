"""The `humebatch` command group: global options, the shared context, error reporting."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console

from humebatch._redact import mask_secret
from humebatch.errors import HumeBatchError

from ._exit import EPILOG, ExitCode, exit_code_for
from ._messages import cli_message
from ._terminal import SafeConsole, printable

if TYPE_CHECKING:
    from humebatch import Client


_SHORTEST_REQUEST = 1.0
"""Seconds: the request limit under a --timeout shorter than this (a request needs some time)."""


@dataclass
class AppState:
    """What every command shares: settings, consoles, and the client (built on first use)."""

    api_key: str | None
    base_url: str | None
    debug: bool
    out: Console
    err: Console
    allow_insecure_http: bool = False
    flag_paths: dict[str, str] = field(default_factory=dict)
    """The JSON path of each request setting a flag gave, and its flag (to word errors)."""
    _client: Client | None = field(default=None, repr=False)

    def __repr__(self) -> str:  # never show the key, even in --debug tracebacks
        return f"AppState(base_url={self.base_url!r}, debug={self.debug})"

    def client(self) -> Client:
        """The API client, created on first use so that `--help` and `mock-server` need no key."""
        if self._client is None:
            from humebatch import Client

            if not self.api_key:
                self.fail(
                    "no API key: set HUME_API_KEY or pass --api-key "
                    "(any non-empty key works with `humebatch mock-server`)",
                    ExitCode.AUTH,
                )

            self._client = Client(
                api_key=self.api_key,
                base_url=self.base_url,
                allow_insecure_http=self.allow_insecure_http,
            )
        return self._client

    def bounded_client(self, timeout: float | None) -> Client:
        """The client with each request limited to ``timeout`` s (a command's ``--timeout``).

        So the command ends near its --timeout even against a server that stalls mid-answer.
        """
        client = self.client()
        if timeout is None:
            return client
        return client.with_options(timeout=max(timeout, _SHORTEST_REQUEST))

    def emit(self, line: str) -> None:
        """One plain line on stdout, for scripts (no rich markup, wrapping or tab expansion).

        Control characters are shown as escapes: the line may hold what a server sent.
        """
        click.echo(printable(line))

    def redact(self, text: str) -> str:
        """``text`` with the API key masked (defence in depth: messages should never hold it)."""
        return mask_secret(text, self.api_key)

    def error_line(self, message: str) -> None:
        """``error: <message>`` on stderr as ONE line (never wrapped), with the key masked."""
        self.err.print(f"[bold red]error:[/] {_escape(self.redact(message))}", soft_wrap=True)

    def fail(self, message: str, code: ExitCode) -> NoReturn:
        """Print one error line on stderr and exit with ``code``."""
        self.error_line(message)
        raise click.exceptions.Exit(int(code))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


class HumeGroup(click.Group):
    """A group that turns the wrapper's errors into one stderr line and a distinct exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HumeBatchError as exc:
            state = ctx.find_object(AppState)
            flags = state.flag_paths if state is not None else None
            _report(ctx, exc, cli_message(exc, flags), exit_code_for(exc))
        except KeyboardInterrupt as exc:
            _report(ctx, exc, "interrupted", ExitCode.INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            _closed_pipe()
        except OSError as exc:
            _report(ctx, exc, f"{type(exc).__name__}: {exc}", ExitCode.ERROR)
        except sqlite3.Error as exc:  # `run`'s manifest, e.g. in a folder that cannot be written
            message = (
                f"cannot use the manifest database ({exc}): check that the --out folder is "
                "writable and not on a network filesystem, then run the same command again."
            )
            _report(ctx, exc, message, ExitCode.ERROR)
        except Exception as exc:
            message = f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)"
            _report(ctx, exc, message, ExitCode.ERROR)


def _closed_pipe() -> NoReturn:
    """The reader of stdout went away (``| head``): stop quietly, as Unix tools do.

    Exits 141 (128 + SIGPIPE), the status a shell shows for a tool killed by SIGPIPE. Stdout is
    pointed at /dev/null first, so that the interpreter's final flush does not fail again.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    raise click.exceptions.Exit(int(ExitCode.BROKEN_PIPE))


def _report(ctx: click.Context, exc: BaseException, message: str, code: ExitCode) -> NoReturn:
    state = ctx.find_object(AppState)
    if state is None:  # failed before the group callback ran; still never print a traceback
        click.echo(f"error: {printable(message)}", err=True)
        raise click.exceptions.Exit(int(code))
    if state.debug:
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        state.err.print(state.redact(tb), markup=False, highlight=False, soft_wrap=True)
    state.error_line(message)
    raise click.exceptions.Exit(int(code))


CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(
    cls=HumeGroup,
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
)
@click.option(
    "--api-key",
    envvar="HUME_API_KEY",
    show_envvar=True,
    metavar="KEY",
    help="API key (sent as X-Hume-Api-Key; never printed).",
)
@click.option(
    "--base-url",
    envvar="HUME_BASE_URL",
    show_envvar=True,
    metavar="URL",
    help="API base URL, e.g. http://127.0.0.1:8000 for `humebatch mock-server`.",
)
@click.option(
    "--allow-insecure-http",
    is_flag=True,
    envvar="HUME_ALLOW_INSECURE_HTTP",
    show_envvar=True,
    help="Allow sending the key over plain http:// to a host other than this machine.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and HTTP debug logs.")
@click.version_option(package_name="humebatch", prog_name="humebatch")
@click.pass_context
def cli(
    ctx: click.Context,
    api_key: str | None,
    base_url: str | None,
    allow_insecure_http: bool,
    debug: bool,
) -> None:
    """Submit media and text to Hume's Expression Measurement batch API, follow the jobs,
    read predictions.

    \b
    Example (offline, against the embedded mock server):
      humebatch mock-server --port 8000 &
      export HUME_BASE_URL=http://127.0.0.1:8000 HUME_API_KEY=test-key
      JOB=$(humebatch submit samples/face.png --text "What a day!" --wait)
      humebatch predictions $JOB --top 3
    """
    state = AppState(
        api_key=api_key or None,
        base_url=base_url or None,
        debug=debug,
        out=SafeConsole(highlight=False),
        err=SafeConsole(stderr=True, highlight=False),
        allow_insecure_http=allow_insecure_http,
    )
    ctx.obj = state
    if debug:
        _enable_debug_logging(state)


class _RedactingFilter(logging.Filter):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self._state = state

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._state.redact(record.getMessage())
        record.args = None
        return True


def _enable_debug_logging(state: AppState) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(_RedactingFilter(state))
    for name, level in (("humebatch", logging.DEBUG), ("httpx", logging.INFO)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        # one handler per process, even when the CLI runs several times in it (tests)
        for old in [h for h in logger.handlers if getattr(h, "_humebatch_cli", False)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
    handler._humebatch_cli = True  # type: ignore[attr-defined]


def main() -> None:
    """Console-script entry point (``humebatch``)."""
    cli(prog_name="humebatch")
