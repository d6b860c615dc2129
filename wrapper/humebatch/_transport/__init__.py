"""The one seam between humebatch and the generated client ``hume_batch_api``.

Nothing else in the wrapper imports ``hume_batch_api`` or talks HTTP. One module per job:

* `settings`: the resolved configuration and the key, wrapped in `ApiKey` so no repr shows it;
* `operations`: each API call as an `Operation` built from the generated modules (the only
  module importing ``hume_batch_api``; it re-exports the generated models the wrapper uses);
* `errormap`: every non-2xx status, unusable body and transport failure as our error;
* `drivers`: the shared attempt state machine and the sync and async drivers.
"""

from .drivers import AsyncTransport, ResponseHook, SyncTransport
from .operations import (
    GRANULARITIES,
    LANGUAGES,
    MODEL_NAMES,
    STATUSES,
    Bcp47Tag,
    Face,
    Granularity,
    InferenceJob,
    JobRequestUnknown,
    Language,
    Models,
    Ner,
    Operation,
    Prosody,
    SourceUnknown,
    StateCompleted,
    StateFailed,
    StateInProgress,
    StateQueued,
    StateUnknown,
    Status,
    Transcription,
    Unconfigurable,
    Window,
    describe_status,
    source_result_from_dict,
)
from .settings import DEFAULT_TIMEOUT, ApiKey, Settings

__all__ = [
    "DEFAULT_TIMEOUT",
    "GRANULARITIES",
    "LANGUAGES",
    "MODEL_NAMES",
    "STATUSES",
    "ApiKey",
    "AsyncTransport",
    "Bcp47Tag",
    "Face",
    "Granularity",
    "InferenceJob",
    "JobRequestUnknown",
    "Language",
    "Models",
    "Ner",
    "Operation",
    "Prosody",
    "ResponseHook",
    "Settings",
    "SourceUnknown",
    "StateCompleted",
    "StateFailed",
    "StateInProgress",
    "StateQueued",
    "StateUnknown",
    "Status",
    "SyncTransport",
    "Transcription",
    "Unconfigurable",
    "Window",
    "describe_status",
    "source_result_from_dict",
]
