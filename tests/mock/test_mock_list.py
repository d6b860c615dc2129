"""List jobs: limit, status filter, created_before/after bounds, sorting, and paging by time."""

from __future__ import annotations

from hume_batch_api.api.batch import list_jobs
from hume_batch_api.models import Direction, SortBy, Status, When
from hume_batch_api.types import UNSET
from humebatch_mock import MockServer
from mock_helpers import JOBS, check

BASE_MS = 1_700_000_000_000


def _ids(response) -> list[str]:
    return [job["job_id"] for job in check(response, "GET", JOBS)]


def test_default_is_newest_first_limited_to_50(server: MockServer, client) -> None:
    jobs = server.create_jobs(60, end_ms=BASE_MS)
    got = _ids(list_jobs.sync_detailed(client=client, limit=UNSET))
    assert got == [j.job_id for j in reversed(jobs)][:50]


def test_limit_direction_and_exclusive_time_bounds(server: MockServer, client) -> None:
    jobs = server.create_jobs(10, end_ms=BASE_MS, spacing_ms=10)  # created BASE-90 ... BASE
    ids = [j.job_id for j in jobs]
    asc = _ids(list_jobs.sync_detailed(client=client, limit=3, direction=Direction.ASC))
    assert asc == ids[:3]
    before = list_jobs.sync_detailed(
        client=client, when=When.CREATED_BEFORE, timestamp_ms=jobs[5].created_ms
    )
    assert _ids(before) == ids[:5][::-1]  # strictly before: job 5 itself is excluded
    after = list_jobs.sync_detailed(
        client=client,
        when=When.CREATED_AFTER,
        timestamp_ms=jobs[5].created_ms,
        direction=Direction.ASC,
    )
    assert _ids(after) == ids[6:]


def test_created_after_without_timestamp_means_now(server: MockServer, client) -> None:
    server.create_jobs(3, end_ms=BASE_MS)
    assert _ids(list_jobs.sync_detailed(client=client, when=When.CREATED_AFTER)) == []
    before = list_jobs.sync_detailed(client=client, when=When.CREATED_BEFORE)
    assert len(_ids(before)) == 3


def test_status_filter_is_repeatable(server: MockServer, client) -> None:
    statuses = ["QUEUED", "IN_PROGRESS", "COMPLETED", "FAILED"]
    jobs = server.create_jobs(8, statuses=statuses, end_ms=BASE_MS)
    want = [Status.QUEUED, Status.FAILED]
    listed = check(list_jobs.sync_detailed(client=client, status=want), "GET", JOBS)
    assert sorted(j["state"]["status"] for j in listed) == ["FAILED"] * 2 + ["QUEUED"] * 2
    assert {j["job_id"] for j in listed} == {
        j.job_id for j in jobs if j.status_at(BASE_MS + 10**9) in ("QUEUED", "FAILED")
    }


def test_sort_by_started_and_ended(server: MockServer, client) -> None:
    jobs = server.create_jobs(3, statuses=["COMPLETED", "QUEUED", "COMPLETED"], end_ms=BASE_MS)
    by_ended = _ids(list_jobs.sync_detailed(client=client, sort_by=SortBy.ENDED))
    # Jobs without the timestamp (the queued one) come last.
    assert by_ended == [jobs[2].job_id, jobs[0].job_id, jobs[1].job_id]
    by_started = _ids(
        list_jobs.sync_detailed(client=client, sort_by=SortBy.STARTED, direction=Direction.ASC)
    )
    assert by_started == [jobs[0].job_id, jobs[2].job_id, jobs[1].job_id]


def test_paging_by_time_walks_through_thousands_of_jobs(server: MockServer, client) -> None:
    jobs = server.create_jobs(1500, end_ms=BASE_MS, spacing_ms=1)
    seen: list[str] = []
    cursor = None
    for page_number in range(20):  # bounded: 1500 / 100 = 15 pages
        response = list_jobs.sync_detailed(
            client=client,
            limit=100,
            when=When.CREATED_BEFORE if cursor else UNSET,
            timestamp_ms=cursor if cursor else UNSET,
        )
        # Schema-check the first page only: validating 1,500 jobs would dominate the run.
        page = check(response, "GET", JOBS) if page_number == 0 else response.parsed
        if not page:
            break
        seen += [str(j["job_id"] if isinstance(j, dict) else j.job_id) for j in page]
        last = page[-1]
        cursor = (
            last["state"]["created_timestamp_ms"]
            if isinstance(last, dict)
            else last.state.created_timestamp_ms
        )
    assert seen == [j.job_id for j in reversed(jobs)]


def test_ties_at_millisecond_resolution_are_allowed(server: MockServer, client) -> None:
    jobs = server.create_jobs(4, end_ms=BASE_MS, spacing_ms=0)
    assert len({j.created_ms for j in jobs}) == 1
    assert len(_ids(list_jobs.sync_detailed(client=client))) == 4
