"""Exit codes of the `humebatch` CLI and the mapping from the wrapper's errors to them.

Scripts branch on these numbers, so they are part of the CLI's public contract: add new codes,
never renumber.
"""

from __future__ import annotations

import enum

from humebatch import errors
from humebatch.bulk import SubmitGaveUp


class ExitCode(enum.IntEnum):
    """Process exit status of every `humebatch` command."""

    OK = 0
    ERROR = 1  # anything not listed below
    USAGE = 2  # bad options or arguments, invalid input (checked locally or rejected by a 400)
    AUTH = 3  # missing or wrong API key
    NOT_FOUND = 4  # unknown job id
    JOB_FAILED = 5  # the job ended FAILED
    TIMEOUT = 6  # waiting for a job took longer than --timeout
    RATE_LIMITED = 7  # still rate limited after the retries
    SERVER = 8  # server error or connection failure after the retries
    AMBIGUOUS_SUBMIT = 9  # a submit may or may not have created a job
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    TERMINATED = 143  # SIGTERM (128 + SIGTERM): `humebatch run` stops cleanly on it
    BROKEN_PIPE = 141  # stdout's reader went away, e.g. `| head` (128 + SIGPIPE), said nothing


# Order matters: subclasses before their bases (AmbiguousSubmitError may derive from a
# connection error, InvalidInput from a bad-request error, depending on the hierarchy).
_MAPPING: tuple[tuple[type[BaseException], ExitCode], ...] = (
    (errors.AmbiguousSubmitError, ExitCode.AMBIGUOUS_SUBMIT),
    (errors.InvalidInput, ExitCode.USAGE),
    (errors.BadRequestError, ExitCode.USAGE),
    (errors.AuthenticationError, ExitCode.AUTH),
    (errors.NotFoundError, ExitCode.NOT_FOUND),
    (errors.JobFailed, ExitCode.JOB_FAILED),
    (errors.JobTimeout, ExitCode.TIMEOUT),
    (errors.RateLimitError, ExitCode.RATE_LIMITED),
    (errors.ServerError, ExitCode.SERVER),
    (errors.UnexpectedResponseError, ExitCode.SERVER),
    (errors.APIConnectionError, ExitCode.SERVER),
)


def exit_code_for(exc: BaseException) -> ExitCode:
    """The exit code for an exception raised by a command.

    For several jobs (``WaitAllError``) a failed job wins over a timeout, which wins over the rest:
    a script learns first whether any result is lost for good.
    """
    if isinstance(exc, errors.WaitAllError):
        codes = {exit_code_for(e) for e in exc.errors.values()}
        for preferred in (ExitCode.JOB_FAILED, ExitCode.TIMEOUT):
            if preferred in codes:
                return preferred
        return min(codes, default=ExitCode.ERROR)
    if isinstance(exc, SubmitGaveUp) and isinstance(
        exc.__cause__, errors.APIConnectionError | errors.RateLimitError
    ):
        return exit_code_for(exc.__cause__)  # a run that never reached the server: 8; 429s: 7
    for cls, code in _MAPPING:
        if isinstance(exc, cls):
            return code
    return ExitCode.ERROR


EPILOG = """\b
Exit codes:
  0  success
  1  other error
  2  usage error or invalid input (local check or HTTP 400)
  3  authentication failed (missing or wrong API key)
  4  job not found
  5  a job FAILED
  6  timed out waiting for a job
  7  rate limited (after retries)
  8  server error or connection failure (after retries; also a run whose submits never
     reached the server)
  9  submit outcome unknown: a job may have been created (check `humebatch jobs`)
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM; `humebatch run` stops cleanly and says how to resume)
  141  the reader of stdout went away (e.g. | head); nothing is printed
"""
