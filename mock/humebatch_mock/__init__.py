"""An embedded mock of Hume's Expression Measurement batch API (``/v0/batch/jobs``).

It answers every operation of ``spec/hume-batch.yaml`` like the real service: stateful jobs that
move QUEUED → IN_PROGRESS → COMPLETED | FAILED in real time, deterministic predictions, an
artifacts zip, list filters, callbacks, rate limiting and faults on demand::

    from humebatch_mock import MockConfig, MockServer

    with MockServer(MockConfig(run_seconds=0.1)) as server:
        ...  # point any client at server.url with the key server.api_key

Failure trigger: a job FAILS when a URL, an uploaded filename or a text contains the word
``fail`` (delimited by non-alphanumerics: ``fail.mp4``, ``my-fail-test.wav``, "please fail"),
when it has no media and no text, or when none of its inputs is usable. See ``mock/README.md``.
"""

from __future__ import annotations

from . import predictions
from ._app import MockApp, create_app
from ._config import MockConfig
from ._server import MockServer, run
from ._store import Job, JobStore

__all__ = [
    "Job",
    "JobStore",
    "MockApp",
    "MockConfig",
    "MockServer",
    "create_app",
    "predictions",
    "run",
]
