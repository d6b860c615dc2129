"""The wrapper's error messages in the CLI's terms: commands and flags instead of Python calls.

The library's messages tell a Python user what to call (``client.jobs(...)``,
``Client(api_key=...)``, ``urls=``). A shell user needs the command or flag that does the same,
so every error passes through :func:`cli_message` before it is printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from humebatch.errors import AmbiguousSubmitError, HumeBatchError, JobFailed, JobTimeout

# (library wording, CLI wording); applied in order, so longer phrases come first.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"HUME_API_KEY environment variable or pass Client\(api_key=\.\.\.\)",
         "HUME_API_KEY or pass --api-key"),
        (r"\(HUME_API_KEY or Client\(api_key=\.\.\.\)\)", "(HUME_API_KEY or --api-key)"),
        (r"pass allow_insecure_http=True",
         "pass --allow-insecure-http (or set HUME_ALLOW_INSECURE_HTTP=1)"),
        (r"base_url \(HUME_BASE_URL\)", "--base-url (HUME_BASE_URL)"),
        (r"\bbase_url\b", "--base-url"),
        (r"list jobs with client\.jobs\(\)", "list them with: humebatch jobs"),
        (r"\(see client\.jobs\(\)\)", "(list them with: humebatch jobs)"),
        (r"check for it with client\.jobs\(\)", "check for it with: humebatch jobs"),
        (r"Check the network, or raise Client\(timeout=\.\.\.\)", "Check the network"),
        (r"pass its URL in urls= instead", "pass its URL as an argument instead"),
        (r"pass its URL in urls=", "pass its URL as an argument"),
        (r"files\[\d+\] \(('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\)", r"\1"),
        (r"urls\[\d+\]", "URL"),
        (r"Add one of them to models", "Add one with --model"),
        (r"Narrow the listing with status=\[\.\.\.\]", "Narrow the listing with --status"),
    )
)  # fmt: skip
_TEXT_INDEX = re.compile(r"\btext\[(\d+)\]")


def _flag_names(message: str, flags: Mapping[str, str]) -> str:
    """JSON paths (``models.face.prob_threshold``) named as the flags that set them."""
    for path in sorted(flags, key=len, reverse=True):
        message = re.sub(rf"(?<![\w.]){re.escape(path)}(?![\w.])", flags[path], message)
    return message


def cli_message(error: HumeBatchError, flags: Mapping[str, str] | None = None) -> str:
    """``error``'s message, with what to do said in commands and flags.

    ``flags`` maps the JSON paths of the request settings that flags gave to those flags, so
    that a refused value is named by the flag that gave it (one from ``--config`` keeps its
    path).
    """
    if isinstance(error, JobTimeout):
        status = f" (last status: {error.last_status})" if error.last_status else ""
        return (
            f"job {error.job_id} did not finish within {error.timeout:g} s{status}. It keeps "
            f"running on the server; resume waiting with: humebatch wait {error.job_id}"
        )
    if isinstance(error, JobFailed):
        reason = error.server_message or "no reason given by the server"
        return (
            f"job {error.job_id} failed: {reason}. Fix the inputs or options and submit a new job."
        )
    if isinstance(error, AmbiguousSubmitError):
        head = str(error).split(" It was not retried", 1)[0]
        since = f" --created-after {error.sent_at_ms - 1}" if error.sent_at_ms else ""
        return (
            f"{head} It was not retried, to avoid a duplicate job. Check for it with: "
            f"humebatch jobs{since} (before submitting again)."
        )
    message = _flag_names(str(error) or type(error).__name__, flags or {})
    for pattern, replacement in _PHRASES:
        message = pattern.sub(replacement, message)
    # text[0] is the first --text
    return _TEXT_INDEX.sub(lambda m: f"--text #{int(m.group(1)) + 1}", message)


def interrupted_job(job_id: str) -> str:
    """What Ctrl-C during a wait says: the job is not cancelled, and how to pick it up again."""
    return (
        f"interrupted; job {job_id} keeps running on the server. Resume waiting with: "
        f"humebatch wait {job_id}"
    )
