"""Sequences built from the spec's OpenAPI links, over real HTTP.

Schemathesis turns each link into a transition: start a job (JSON or multipart body) and then read
that job's details, predictions and artifacts; list jobs and then read the first job's details.
The checks run on every step, so a job that the list shows but details cannot find, or a job id
that start-job returns but the other operations reject, fails here even if each operation looks
right on its own. The embedded mock runs on loopback (uvicorn) with queue and run durations of 0:
a job is COMPLETED the moment it exists, so following a start-job link to predictions or artifacts
(400 until completion) gets the 200 answer whose body the spec describes. (The job tests in
test_contract_jobs.py and the state tests in test_contract_states.py cover the other states.)
"""

from __future__ import annotations

import dataclasses

import pytest
from contract_support import (
    STATEFUL_MAX_STEPS,
    TARGET,
    CaseTally,
    load_schema,
    run_workflow,
)
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput

pytestmark = pytest.mark.skipif(
    TARGET.metered,
    reason="stateful runs start jobs freely: never on a metered server (see test_contract_jobs.py)",
)


def test_linked_operations_agree(contract_http_url: str, contract_tally: CaseTally) -> None:
    target = dataclasses.replace(TARGET, base_url=contract_http_url)
    workflow = load_schema(target).as_state_machine()

    class Workflow(workflow):  # type: ignore[misc, valid-type]
        def step(self, input: StepInput) -> StepOutput:
            contract_tally.record("stateful", input.case)
            if input.transition is not None and input.is_applied:
                contract_tally.record_link(input.transition.id)
            return super().step(input)

    contract_tally.restarts += run_workflow(
        Workflow, max_examples=TARGET.stateful_max_examples, max_steps=STATEFUL_MAX_STEPS
    )
    # Without a followed link this would only repeat the per-operation tests.
    assert sum(contract_tally.links.values()) > 0
