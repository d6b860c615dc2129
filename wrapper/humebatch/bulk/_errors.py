"""Errors of bulk runs (all in the `HumeBatchError` hierarchy; each message says what to do)."""

from __future__ import annotations

import signal

from ..errors import HumeBatchError, InvalidInput, NotFoundError

__all__ = [
    "FolderUnwritable",
    "JobsForgotten",
    "LookupIncomplete",
    "RunInterrupted",
    "RunLocked",
    "SettingsChanged",
    "ShardsDisagree",
    "SubmitGaveUp",
]


class RunLocked(HumeBatchError):
    """Another run holds the output folder (its holder is named); nothing was submitted."""


class SettingsChanged(InvalidInput):
    """The folder's outputs were made with other models or options; nothing was submitted."""


class ShardsDisagree(InvalidInput):
    """The folder holds the manifests of another split into shards (or of an unsharded run):
    running here would resubmit what those finished. Nothing was submitted."""


class JobsForgotten(NotFoundError):
    """The server does not know a job this folder's manifest submitted (no input marked failed)."""

    def __init__(self, message: str, *, job_id: str) -> None:
        super().__init__(message, status=404)
        self.job_id = job_id


class SubmitGaveUp(HumeBatchError):
    """A batch used its whole POST budget without creating a job (see `run_bulk`)."""


class FolderUnwritable(HumeBatchError):
    """The output folder could not be written (a full disk, say); what is recorded done is on
    disk, and the same run again with space resumes without submitting anything twice."""


class LookupIncomplete(HumeBatchError):
    """After an ambiguous submit, the job list was too long (or too slow) to search to its end
    within the lookup's bounds: the batch is not resubmitted (that could duplicate its job); the
    next run looks again."""


class RunInterrupted(HumeBatchError):
    """SIGINT or SIGTERM stopped the run; the manifest is consistent and the run resumable.

    ``exit_code`` is 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM).
    """

    def __init__(self, message: str, *, signum: int) -> None:
        super().__init__(message)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name
