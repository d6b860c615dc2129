"""The `humebatch` command-line interface (click + rich).

Run ``humebatch --help``; every subcommand has ``--help`` with an example. Exit codes are listed
in :class:`ExitCode`.
"""

# Importing the command modules registers their subcommands on the group.
from . import _commands as _commands
from . import _mock as _mock
from . import _run as _run
from ._app import cli, main
from ._exit import ExitCode

__all__ = ["ExitCode", "cli", "main"]
