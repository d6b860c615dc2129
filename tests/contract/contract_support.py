"""Shared pieces of the contract suite: which server it talks to and how schemathesis is set up.

The suite runs against one *target*, chosen from the environment when pytest starts:

* ``mock`` (default): the embedded mock server, in-process (ASGI) and over loopback HTTP.
* ``url``: any server at ``HUME_BASE_URL`` (``make contract URL=...``); key from ``HUME_API_KEY``.
* ``live``: Hume's API (``make contract-live``); ``HUME_BASE_URL`` defaults to https://api.hume.ai.

Only ``HUME_CONTRACT_TARGET`` selects a non-mock target, so a developer who exports
``HUME_API_KEY`` for the demo does not point ``make test`` at a real account by accident.
"""

from __future__ import annotations

import os
import secrets
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import hypothesis
import jsonschema_rs
import schemathesis
from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.value import Binary
from schemathesis.specs.openapi.schemas import OpenApiSchema

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "hume-batch.yaml"
LIVE_BASE_URL = "https://api.hume.ai"
AUTH_HEADER = "X-Hume-Api-Key"
SECURITY_SCHEME = "apiKey"

# Hypothesis examples per operation in the fuzzing phase, and per stateful run. The examples and
# coverage phases add their own (deterministic) cases on top; the README lists measured totals.
MOCK_MAX_EXAMPLES = 100
STATEFUL_MAX_EXAMPLES = 100
STATEFUL_MAX_STEPS = 10
# Against a metered server every operation gets only a few fuzzed cases (GETs only: no job is
# created by generated data there; see EXPLICIT_JOBS).
LIVE_MAX_EXAMPLES = 5
# Jobs the explicit job tests create on any target: one JSON job and one multipart job.
EXPLICIT_JOBS = 2
# Upper bound on the API requests of one live run. Measured against the mock (the test in
# test_contract_targets.py): 277, of which 100 carry no valid key (auth probes and checks);
# polling a slow real job adds one request per 3 s, at most 30 per job.
LIVE_MAX_REQUESTS = 400

# The key the embedded mock accepts in this run (random, so no fixed secret sits in the repo).
MOCK_API_KEY = "contract-" + secrets.token_hex(8)

# schemathesis's default statuses for positive_data_acceptance, plus 400 (see contract_config).
VALID_ID_STATUSES_OF_UNFINISHED_JOB_READS = [
    "2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx",
]  # fmt: skip

# Checks the issue asks for, all on; the config below states them explicitly so that a schemathesis
# upgrade changing its defaults cannot quietly drop one.
REQUIRED_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "ignored_auth",
    "missing_required_header",
)
# Further built-in checks that apply to this API and stay on.
EXTRA_CHECKS = (
    "use_after_free",
    "ensure_resource_availability",
    "unsupported_method",
    "allow_header_conformance",
)


def _lowered(limit: int) -> int:
    wanted = os.environ.get("HUME_CONTRACT_MAX_EXAMPLES")
    return min(limit, int(wanted)) if wanted else limit


@dataclass(frozen=True)
class Target:
    """The server the contract suite talks to."""

    kind: str
    """``mock``, ``url`` or ``live``."""
    base_url: str | None
    """Base URL for ``url``/``live``; ``None`` for the embedded mock."""
    api_key: str | None = field(repr=False)
    skip_reason: str | None = None
    """Set when the target cannot run (e.g. no key): every contract test then skips with it."""

    @property
    def is_mock(self) -> bool:
        return self.kind == "mock"

    @property
    def metered(self) -> bool:
        """Whether jobs created here may cost money: then generated data never creates jobs."""
        if self.kind == "live":
            return True
        host = urlsplit(self.base_url or "").hostname or ""
        return host == "hume.ai" or host.endswith(".hume.ai")

    @property
    def max_examples(self) -> int:
        """Fuzzed examples per operation; ``HUME_CONTRACT_MAX_EXAMPLES`` may only lower it."""
        return _lowered(LIVE_MAX_EXAMPLES if self.metered else MOCK_MAX_EXAMPLES)

    @property
    def stateful_max_examples(self) -> int:
        """Stateful sequences per run; ``HUME_CONTRACT_MAX_EXAMPLES`` may only lower it."""
        return _lowered(STATEFUL_MAX_EXAMPLES)

    @property
    def description(self) -> str:
        where = "the embedded mock server" if self.is_mock else self.base_url
        return f"{self.kind} target ({where})"


def target_from_env(environ: Mapping[str, str] = os.environ) -> Target:
    """The target named by ``HUME_CONTRACT_TARGET`` (default ``mock``)."""
    kind = environ.get("HUME_CONTRACT_TARGET", "mock").strip().lower() or "mock"
    if kind == "mock":
        return Target(kind="mock", base_url=None, api_key=MOCK_API_KEY)
    api_key = environ.get("HUME_API_KEY") or None
    if kind == "live":
        base_url = environ.get("HUME_BASE_URL") or LIVE_BASE_URL
        reason = None if api_key else "HUME_API_KEY is not set: the live contract suite is skipped"
        return Target(
            kind="live", base_url=base_url.rstrip("/"), api_key=api_key, skip_reason=reason
        )
    if kind == "url":
        base_url = (environ.get("HUME_BASE_URL") or "").rstrip("/")
        if not base_url:
            reason = "HUME_BASE_URL is not set: give the server with `make contract URL=...`"
        elif not api_key:
            reason = "HUME_API_KEY is not set: give a key the server accepts (`KEY=...`)"
        else:
            reason = None
        return Target(kind="url", base_url=base_url or None, api_key=api_key, skip_reason=reason)
    raise ValueError(f"HUME_CONTRACT_TARGET must be mock, url or live, not {kind!r}")


def contract_config(
    target: Target,
    *,
    max_examples: int | None = None,
    seed: int | None = None,
    checks: tuple[str, ...] = REQUIRED_CHECKS + EXTRA_CHECKS,
    mode: str = "all",
) -> schemathesis.Config:
    """Schemathesis settings for ``target``: positive and negative data, every relevant check.

    ``checks`` and ``mode`` narrow a run for the suite's own tests; the contract runs keep the
    defaults.
    """
    data: dict[str, Any] = {
        "generation": {
            "mode": mode,
            "max-examples": max_examples if max_examples is not None else target.max_examples,
            # No .hypothesis/ directory in the work tree, and no replays that differ between runs.
            "database": "none",
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": True, "max-steps": STATEFUL_MAX_STEPS},
        },
        # Everything off that is not named, so the run does exactly what `checks` says.
        "checks": {"enabled": False, **{name: {"enabled": True} for name in checks}},
        "operations": [
            {
                # Predictions and artifacts take a valid id and still answer 400 while the job is
                # not COMPLETED (spec: "A job that is not COMPLETED answers 400"): a state of the
                # job, not a rejected request. Only for these two operations, 400 joins the
                # statuses that valid data may get; test_contract_states.py pins when it is 400.
                "include-operation-id": ["get_job_predictions", "get_job_artifacts"],
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": VALID_ID_STATUSES_OF_UNFINISHED_JOB_READS
                    }
                },
            }
        ],
        "request-timeout": 30,
        # Schemathesis sends the key as configured auth, so `ignored_auth` knows it is real and
        # probes the same request without it and with a wrong one.
        "auth": {"openapi": {SECURITY_SCHEME: {"api_key": target.api_key or "missing-key"}}},
    }
    if target.base_url is not None:
        data["base-url"] = target.base_url
    if seed is None and os.environ.get("HUME_CONTRACT_SEED"):
        seed = int(os.environ["HUME_CONTRACT_SEED"])
    if seed is not None:
        data["seed"] = seed
    return schemathesis.Config.from_dict(data)


def mock_app(**overrides: Any) -> Any:
    """The embedded mock as an ASGI app that accepts only this run's key.

    Queue and run durations default to 0: a job is COMPLETED as soon as it exists, so that
    predictions and artifacts (400 until then) answer 200 when a sequence reaches them.
    """
    from humebatch_mock import MockConfig, create_app

    settings: dict[str, Any] = {"queue_seconds": 0, "run_seconds": 0, **overrides}
    return create_app(MockConfig(api_keys={MOCK_API_KEY}, **settings))


def _text_for_binary(value: Any) -> Any:
    """``value`` with file contents as strings, which the spec's ``format: binary`` accepts."""
    if isinstance(value, dict):
        return {key: _text_for_binary(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_text_for_binary(item) for item in value]
    if isinstance(value, (bytes, Binary)):
        return ""
    return value


def is_really_negative(_context: Any, case: Case) -> bool:
    """``filter_case`` hook: drop "negative" cases whose only negative part, the body, is valid.

    schemathesis 4.32.5 can mutate one ``oneOf`` branch into a value that another branch accepts
    (e.g. ``sentiment``: the ``null`` branch mutated into an object, which ``Unconfigurable``
    takes) and still label the case negative; it re-validates bodies itself, but not bodies with
    files in them (multipart). Such a case is valid data, so ``negative_data_rejection`` must not
    judge it; every case that does break the spec still runs.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return True
    negative = [loc for loc, info in meta.components.items() if info.mode.is_negative]
    if negative != [ParameterLocation.BODY] or case.media_type is None:
        return True
    alternative = case.operation.get_body_for_media_type(case.media_type)
    if alternative is None:
        return True
    validator = jsonschema_rs.validator_for(alternative.validation_schema, validate_formats=True)
    return not validator.is_valid(_text_for_binary(case.body))


def load_schema(target: Target, **config_options: Any) -> OpenApiSchema:
    """The spec, loaded with the contract configuration for ``target``."""
    config = contract_config(target, **config_options)
    schema = schemathesis.openapi.from_path(SPEC_PATH, config=config)
    schema.hook("filter_case")(is_really_negative)
    return schema


# Fresh stateful sessions to try when the server's state makes Hypothesis see a flaky strategy.
STATEFUL_SESSIONS = 5


def run_workflow(workflow: Any, *, max_examples: int, max_steps: int) -> int:
    """Run a schemathesis state machine like schemathesis's own runner does.

    Each step draws from the responses of the server, whose state grows during the run, so
    Hypothesis can find a replayed prefix drawing differently (``FlakyStrategyDefinition``).
    schemathesis's CLI engine then starts a fresh session; so does this, a bounded number of
    times. Failures of checks (``FailureGroup``) are raised at once. Returns the restarts.
    """
    settings = hypothesis.settings(
        max_examples=max_examples,
        stateful_step_count=max_steps,
        deadline=None,
        database=None,
        # No shrinking (schemathesis's default for stateful runs): a failure is reported as found.
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    for restarts in range(STATEFUL_SESSIONS):
        try:
            workflow.run(settings=settings)
        except hypothesis.errors.FlakyStrategyDefinition:
            continue
        return restarts
    raise RuntimeError(f"{STATEFUL_SESSIONS} stateful sessions in a row drew inconsistently")


# Tally families whose cases schemathesis generates (the others send hand-built cases).
GENERATED_FAMILIES = frozenset({"operations", "stateful"})


class CaseTally:
    """Counts the cases schemathesis generated and sent, per test family and operation."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.links: Counter[str] = Counter()
        self.restarts = 0
        """Stateful sessions restarted after a FlakyStrategyDefinition (see run_workflow)."""

    def record(self, family: str, case: Case) -> None:
        """Count one case sent by ``family`` (``operations``, ``stateful``, ...)."""
        label = case.operation.label
        if case.media_type:
            label = f"{label} [{case.media_type}]"  # JSON and multipart bodies, counted apart
        if case.method.upper() != case.operation.method.upper():
            # The coverage phase sends undeclared methods to check for 405 + Allow.
            label = f"{label}, sent with other methods (unsupported-method probes)"
        self.counts[(family, label)] += 1

    def record_link(self, link: str) -> None:
        """Count one stateful step that followed ``link`` (an OpenAPI link or an inferred one)."""
        self.links[link] += 1

    def total(self, family: str | None = None) -> int:
        return sum(n for (fam, _), n in self.counts.items() if family in (None, fam))

    def lines(self) -> list[str]:
        families = sorted({fam for fam, _ in self.counts})
        generated = sum(self.total(fam) for fam in families if fam in GENERATED_FAMILIES)
        lines = [f"{generated} cases generated by schemathesis; {self.total()} cases sent in all"]
        for family in families:
            kind = "generated" if family in GENERATED_FAMILIES else "hand-built"
            lines.append(f"  {family} ({kind}): {self.total(family)}")
            per_op = sorted((op, n) for (fam, op), n in self.counts.items() if fam == family)
            lines.extend(f"    {n:5d}  {op}" for op, n in per_op)
        if self.links:
            lines.append(f"  stateful steps that followed a link: {sum(self.links.values())}")
            lines.extend(f"    {n:5d}  {link}" for link, n in sorted(self.links.items()))
        if self.restarts:
            lines.append(f"  stateful sessions restarted (flaky replay): {self.restarts}")
        return lines


TARGET = target_from_env()
"""The target of this pytest run."""
