"""humebatch: a Python client for Hume AI's Expression Measurement batch API.

    >>> from humebatch import Client
    >>> client = Client()  # HUME_API_KEY; HUME_BASE_URL (default https://api.hume.ai)
    >>> job = client.submit(urls=["https://example.com/face.jpg"], models={"face": {}})
    >>> job.wait(timeout=600)
    >>> job.predictions().top_emotions(3)

`AsyncClient` has the same methods as coroutines. Typed model configs (`Face`, `Prosody`, …) are
the generated ``hume_batch_api`` models, re-exported; dicts work as well, typed by the
TypedDicts generated from the spec (`ModelsConfig`, `FaceConfig`, `TranscriptionConfig`, …), so
that a type checker catches a misspelt option.
"""

from hume_batch_contract.types import (
    FaceConfig,
    LanguageConfig,
    ModelsConfig,
    NerConfig,
    ProsodyConfig,
    TranscriptionConfig,
    UnconfigurableConfig,
    WindowConfig,
)

from ._transport import (
    Face,
    InferenceJob,
    JobRequestUnknown,
    Language,
    Models,
    Ner,
    Prosody,
    SourceUnknown,
    StateUnknown,
    Status,
    Transcription,
    Unconfigurable,
    Window,
)
from .client import AsyncClient, Client
from .errors import (
    AmbiguousSubmitError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    HumeBatchError,
    InvalidInput,
    JobFailed,
    JobTimeout,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    WaitAllError,
)
from .jobs import AsyncJob, Job
from .polling import PollSchedule
from .predictions import Predictions, PredictionsFormatError, TopEmotions
from .retries import RetryPolicy
from .watching import AsyncJobWatcher, JobWatcher

__version__ = "0.1.0"

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AmbiguousSubmitError",
    "AsyncClient",
    "AsyncJob",
    "AsyncJobWatcher",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "Face",
    "FaceConfig",
    "HumeBatchError",
    "InferenceJob",
    "InvalidInput",
    "Job",
    "JobFailed",
    "JobRequestUnknown",
    "JobTimeout",
    "JobWatcher",
    "Language",
    "LanguageConfig",
    "Models",
    "ModelsConfig",
    "Ner",
    "NerConfig",
    "NotFoundError",
    "PayloadTooLargeError",
    "PollSchedule",
    "Predictions",
    "PredictionsFormatError",
    "Prosody",
    "ProsodyConfig",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "SourceUnknown",
    "StateUnknown",
    "Status",
    "TopEmotions",
    "Transcription",
    "TranscriptionConfig",
    "Unconfigurable",
    "UnconfigurableConfig",
    "UnexpectedResponseError",
    "WaitAllError",
    "Window",
    "WindowConfig",
    "__version__",
]
