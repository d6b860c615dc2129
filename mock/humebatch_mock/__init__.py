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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Loaded on first use, so that importing the package (the pytest plugin does, in every project
# where humebatch is installed) needs none of the `mock` extra's dependencies.
_WHERE = {
    "Job": "._store",
    "JobStore": "._store",
    "MockApp": "._app",
    "MockConfig": "._config",
    "MockServer": "._server",
    "create_app": "._app",
    "run": "._server",
}


def __getattr__(name: str) -> Any:
    if name == "predictions":
        return importlib.import_module(".predictions", __name__)
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(_WHERE[name], __name__)
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"The humebatch mock server needs {exc.name}: pip install 'humebatch[mock]'.",
            name=exc.name,
        ) from exc
    value = getattr(module, name)
    globals()[name] = value
    return value
