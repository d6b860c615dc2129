"""hume_batch_contract: what the spec says about requests, as data, and one walker over it.

Generated from spec/hume-batch.yaml by `make generate` (spec/contract_gen.py); a leaf package
that imports nothing but the standard library, so the wrapper's validation, the mock server and
the CLI read the contract without importing an HTTP client.

The data (every mapping read-only):

* ``SCHEMAS[name]``: each request object schema (``InferenceBaseRequest``, ``Models``, ``Face``,
  ``Window``, ``Transcription``, ``LocalFileJobRequest``, ...) as a `Schema`: ``closed``
  (unknown keys refused), ``required``, ``fields[name]`` → `Field` (``types``, ``nullable``,
  ``ref``, ``enum``, ``minimum``/``maximum``, ``min_items``/``max_items``, ``pattern``,
  ``format``, ``items``, ``default`` (`MISSING` if none), ``description``, ``extensions``: the
  ``x-`` keys).
* ``ENUMS[name]``: the values of each enum the requests use (``Granularity``, ``Bcp47Tag``, ...).
* ``PARAMETERS[operation_id][name]``: each operation's path and query parameters as `Field`s
  (``location`` is ``query`` or ``path``), e.g. ``PARAMETERS["list_jobs"]["limit"]``.
* ``BODIES[operation_id][media_type]``: the schema name of each request body.
* Read from those: ``REQUEST`` and ``UPLOAD`` (the JSON and multipart bodies of a new job),
  ``MODELS`` (the model names), ``MODEL_READS[model]`` (the input kinds it reads, from the spec's
  ``x-hume-reads``), ``INPUT_KINDS``, ``MAX_URLS``, ``MAX_TEXTS``, ``MAX_FILES`` (``maxItems``)
  and ``MAX_FILE_BYTES`` (``x-hume-max-file-bytes``).

The walker:

* ``problems(value, target, path="")`` yields every `Problem` (``path``, ``rule``, ``expected``,
  ``given``, ``known``) of a value against a `Field`, a `Schema` or a schema's name;
  ``check(...)`` raises `ContractError` (a ``ValueError``, ``.problem``) for the first.
* ``with_defaults(obj, schema, every_field=False)``: a copy with the spec's defaults filled in
  (nested objects too; ``every_field`` adds the fields without default as null).

``hume_batch_contract.types`` has a ``TypedDict`` per request object (``ModelsConfig``,
``FaceConfig``, ``TranscriptionConfig``, ...), for type-checking ``models=`` and friends.

Example::

    >>> from hume_batch_contract import check, SCHEMAS
    >>> check({"face": {"fps_pred": 2}}, "Models")
    >>> SCHEMAS["Face"].fields["prob_threshold"].maximum
    1
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._model import MISSING, Field, Schema
from ._spec import BODIES, ENUMS, PARAMETERS, SCHEMAS
from ._walker import (
    ContractError,
    Problem,
    bounds,
    check,
    expected_type,
    problems,
    type_name,
    with_defaults,
)

__all__ = [
    "BODIES",
    "ENUMS",
    "INPUT_KINDS",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_TEXTS",
    "MAX_URLS",
    "MISSING",
    "MODELS",
    "MODEL_READS",
    "PARAMETERS",
    "REQUEST",
    "SCHEMAS",
    "UPLOAD",
    "ContractError",
    "Field",
    "Problem",
    "Schema",
    "bounds",
    "check",
    "expected_type",
    "problems",
    "type_name",
    "with_defaults",
]

REQUEST: str = BODIES["start_inference_job"]["application/json"]
"""The schema of a new job's JSON body (and of the multipart ``json`` part)."""
UPLOAD: str = BODIES["start_inference_job"]["multipart/form-data"]
"""The schema of a new job's multipart body."""

_models = SCHEMAS[REQUEST].fields["models"].ref
MODELS: tuple[str, ...] = tuple(SCHEMAS[_models].fields) if _models else ()
"""The model names, in the spec's order."""
MODEL_READS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        name: frozenset(field.extensions.get("x-hume-reads", ()))
        for name, field in (SCHEMAS[_models].fields.items() if _models else ())
    }
)
"""The kinds of input (``image``, ``audio``, ``video``, ``text``) each model reads."""
INPUT_KINDS: tuple[str, ...] = tuple(sorted(set().union(*MODEL_READS.values())))
"""Every input kind some model reads."""


def _count(value: int | None) -> int:
    if value is None:
        raise RuntimeError("the spec gives no limit where the contract expects one")
    return value


MAX_URLS: int = _count(SCHEMAS[REQUEST].fields["urls"].max_items)
MAX_TEXTS: int = _count(SCHEMAS[REQUEST].fields["text"].max_items)
MAX_FILES: int = _count(SCHEMAS[UPLOAD].fields["file"].max_items)
MAX_FILE_BYTES: int = _count(SCHEMAS[UPLOAD].fields["file"].extensions.get("x-hume-max-file-bytes"))
"""Each uploaded file at most this many bytes (the API answers 413 above)."""
