"""Every operation of the spec, fuzzed with positive and negative data, every response checked.

One pytest item per operation. Schemathesis runs three phases for each: the spec's examples,
coverage (boundary values, each enum value, each required part missing, each type broken) and
fuzzing (random data, positive and negative). Against the embedded mock the requests go in-process
(ASGI), which is several times faster than loopback HTTP; over real HTTP these same tests run in
test_contract_targets.py (a `make contract URL=...` run against the mock on loopback), next to the
stateful, job and state tests, which always use HTTP.
"""

from __future__ import annotations

from contract_support import TARGET, CaseTally, load_schema, mock_app
from schemathesis import Case

schema = load_schema(TARGET)
if TARGET.is_mock:
    # In-process: every request, the checks' own probes included, goes straight to this app.
    schema.app = mock_app()
if TARGET.metered:
    # Each generated positive POST would start a job on a real account: there, job creation is
    # covered only by the two explicit jobs of test_contract_jobs.py.
    schema = schema.exclude(method="POST")


@schema.parametrize()
def test_operation_matches_the_spec(case: Case, contract_tally: CaseTally) -> None:
    contract_tally.record("operations", case)
    case.call_and_validate()
