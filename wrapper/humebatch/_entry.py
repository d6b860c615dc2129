"""The ``humebatch`` console script: the CLI, or one line saying how to install it."""

from __future__ import annotations

import sys

# Modules that only the `cli` extra brings.
_CLI_EXTRA = ("click", "rich")


def main() -> None:
    """Run the CLI; without the ``cli`` extra, say how to get it (no traceback)."""
    try:
        from humebatch.cli import main as cli_main
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in _CLI_EXTRA:
            raise
        sys.stderr.write(
            "humebatch: the command line needs the cli extra: pip install 'humebatch[cli]'\n"
        )
        raise SystemExit(1) from None
    cli_main()
