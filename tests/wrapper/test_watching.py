"""Waiting by list pages: the pure watch plan with a fake clock, its drivers, and its request cost.

The plan tests feed hand-made pages: server timestamps (ms) are deliberately unrelated to the
plan's clock (s), since the plan must only compare server times with each other.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fake_batch_api import API_KEY, BASE_URL, FAST, FAST_RETRY, FakeAPI
from humebatch import (
    AsyncClient,
    Client,
    InferenceJob,
    JobTimeout,
    NotFoundError,
    PollSchedule,
    RateLimitError,
)
from humebatch.errors import AuthenticationError
from humebatch.polling import Sleep
from humebatch.watching import (
    AsyncJobWatcher,
    FetchDetails,
    Idle,
    JobWatcher,
    ListPage,
    WatchPlan,
)

SCHEDULE = PollSchedule(first=0.5, factor=2.0, cap=4.0, jitter=0.0)
T0 = 1_800_000_000_000  # server milliseconds


def job(n: int, status: str, *, created: int = T0, ended: int | None = None) -> InferenceJob:
    state: dict[str, Any] = {"status": status, "created_timestamp_ms": created}
    if status != "QUEUED":
        state["started_timestamp_ms"] = created + 1
    if status in ("COMPLETED", "FAILED"):
        state["ended_timestamp_ms"] = ended if ended is not None else created + 2
    if status == "COMPLETED":
        state.update(num_predictions=1, num_errors=0)
    if status == "FAILED":
        state["message"] = "bad media"
    return InferenceJob.from_dict(
        {"job_id": jid(n), "type": "INFERENCE", "request": {"files": []}, "state": state}
    )


def jid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def plan(**kwargs: Any) -> WatchPlan:
    options: dict[str, Any] = {"schedule": SCHEDULE, "page_size": 4, "rng": lambda: 0.0}
    return WatchPlan(**{**options, **kwargs})


def list_query(action: object) -> dict[str, Any]:
    assert isinstance(action, ListPage), action
    return dict(action.query)


def settled_ids(p: WatchPlan) -> list[str]:
    return [job_id for job_id, _ in p.take_settled()]


def discover(p: WatchPlan, running: list[InferenceJob], now: float = 0.0) -> None:
    """Run the discovery step of a round with ``running`` as the one page of running jobs."""
    query = list_query(p.next_action(now))
    assert query["status"] == ["QUEUED", "IN_PROGRESS"] and query["sort_by"] == "created"
    p.on_page(running, now)


def scanned_once(margin_ms: int, newest_end: int) -> WatchPlan:
    """A plan watching job 1 (running), after one round whose ended scan saw ``newest_end``."""
    p = plan(margin_ms=margin_ms)
    p.add(jid(1), 0.0)
    discover(p, [job(1, "QUEUED")])
    list_query(p.next_action(0.0))
    p.on_page([job(20, "COMPLETED", ended=newest_end)], 0.0)
    return p


def test_running_jobs_settle_from_the_ended_scan_without_details() -> None:
    p = plan(lateness=10.0)  # the schedule's backoff alone (see the lateness test below)
    p.add(jid(1), 0.0)
    p.add(jid(2), 0.0)
    discover(p, [job(1, "QUEUED"), job(2, "IN_PROGRESS")])
    scan = list_query(p.next_action(0.0))
    assert scan["status"] == ["COMPLETED", "FAILED"]
    assert (scan["sort_by"], scan["direction"]) == ("ended", "desc")
    # Both jobs' creation times are known: older account history is filtered out.
    assert (scan["when"], scan["timestamp_ms"]) == ("created_after", T0 - 1)
    p.on_page([], 0.0)
    assert p.next_action(0.0) == Sleep(0.5)
    list_query(p.next_action(0.5))
    p.on_page([], 0.5)
    assert p.next_action(0.5) == Sleep(1.0)  # nothing settled: the interval grows
    list_query(p.next_action(1.5))
    p.on_page([job(2, "FAILED", ended=T0 + 50), job(1, "COMPLETED", ended=T0 + 40)], 1.0)
    assert settled_ids(p) == [jid(2), jid(1)]
    assert p.next_action(1.0) == Idle()


def test_jobs_of_other_users_are_ignored() -> None:
    p = plan()
    p.add(jid(1), 0.0)
    discover(p, [job(7, "QUEUED"), job(1, "QUEUED"), job(8, "IN_PROGRESS")])
    list_query(p.next_action(0.0))
    p.on_page([job(9, "COMPLETED", ended=T0 + 5)], 0.0)
    assert settled_ids(p) == []
    assert p.watching == 1


def test_a_job_neither_running_nor_recently_ended_gets_one_detail_request() -> None:
    p = plan()
    p.add(jid(1), 0.0)  # listed as running
    p.add(jid(2), 0.0)  # ended long ago: on no page
    discover(p, [job(1, "QUEUED")])
    list_query(p.next_action(0.0))
    p.on_page([job(5, "COMPLETED", ended=T0 + 3)], 0.0)
    action = p.next_action(0.0)
    assert action == FetchDetails((jid(2),))
    p.on_details({jid(2): job(2, "COMPLETED", created=T0 - 10**7)}, 0.0)
    assert settled_ids(p) == [jid(2)]


def test_a_full_page_that_stops_short_of_the_last_scan_is_asked_again_bigger() -> None:
    p = scanned_once(margin_ms=10, newest_end=T0 + 100)  # floor: T0 + 90
    list_query(p.next_action(10.0))
    # Four jobs of others ended since; the page is full and its oldest is still above the floor.
    others = [job(30 + i, "COMPLETED", ended=T0 + 200 - i) for i in range(4)]
    p.on_page(others, 10.0)
    assert list_query(p.next_action(10.0))["limit"] == 8
    p.on_page([*others, job(1, "COMPLETED", ended=T0 + 95)], 10.0)
    assert settled_ids(p) == [jid(1)]


def test_jobs_sharing_the_last_end_time_of_a_full_page_are_not_cut_off() -> None:
    p = scanned_once(margin_ms=0, newest_end=T0 + 100)  # floor: T0 + 100
    list_query(p.next_action(10.0))
    # Full page; its last entry ended at the floor itself, and our job shares that millisecond.
    tied = [job(30 + i, "COMPLETED", ended=T0 + 103 - i) for i in range(3)]
    p.on_page([*tied, job(20, "COMPLETED", ended=T0 + 100)], 10.0)
    assert list_query(p.next_action(10.0))["limit"] == 8
    p.on_page(
        [*tied, job(20, "COMPLETED", ended=T0 + 100), job(1, "COMPLETED", ended=T0 + 100)], 10
    )
    assert settled_ids(p) == [jid(1)]


def test_a_job_that_shows_up_late_just_under_the_last_end_time_is_caught() -> None:
    p = scanned_once(margin_ms=1000, newest_end=T0 + 5000)
    list_query(p.next_action(1.0))
    # Stamped 300 ms before the previous scan's newest end, but listed only now.
    p.on_page([job(1, "COMPLETED", ended=T0 + 4700), job(20, "COMPLETED", ended=T0 + 5000)], 1.0)
    assert settled_ids(p) == [jid(1)]


def test_server_clock_far_from_the_client_changes_nothing() -> None:
    for server_ms in (10**6, T0, 4 * T0):
        p = plan()
        p.add(jid(1), 123.0)
        discover(p, [job(1, "QUEUED", created=server_ms)], 123.0)
        list_query(p.next_action(123.0))
        p.on_page([job(1, "COMPLETED", created=server_ms, ended=server_ms + 9)], 123.0)
        assert settled_ids(p) == [jid(1)]


def test_running_jobs_get_a_detail_check_only_as_a_rare_backstop() -> None:
    recheck = PollSchedule(first=60.0, factor=2.0, cap=600.0, jitter=0.0)
    p = plan(recheck=recheck)
    p.add(jid(1), 0.0)
    discover(p, [job(1, "QUEUED")])
    now = 0.0
    fetched: list[float] = []
    while now < 200.0:
        action = p.next_action(now)
        if isinstance(action, Sleep):
            now += action.seconds
        elif isinstance(action, ListPage):
            p.on_page([], now)
        else:
            assert isinstance(action, FetchDetails)
            fetched.append(now)
            p.on_details({jid(1): job(1, "IN_PROGRESS")}, now)
    assert len(fetched) == 2  # after about 60 s, then 120 s later
    assert 60.0 <= fetched[0] < 64.0 and 180.0 <= fetched[1] < 188.0


def test_a_rate_limited_list_postpones_the_round_by_retry_after() -> None:
    p = plan()
    p.add(jid(1), 0.0)
    list_query(p.next_action(0.0))
    p.on_list_error(RateLimitError("slow down", status=429, retry_after=7.0), 0.0)
    assert p.next_action(0.0) == Sleep(7.0)
    discover(p, [job(1, "QUEUED")], 7.0)  # the round starts over


def test_repeated_transient_list_errors_then_a_hard_one_end_every_wait() -> None:
    p = plan(max_consecutive_errors=1)
    p.add(jid(1), 0.0)
    p.add(jid(2), 0.0)
    list_query(p.next_action(0.0))
    p.on_list_error(RateLimitError("slow down", status=429), 0.0)
    list_query(p.next_action(10.0))
    denied = AuthenticationError("key revoked", status=401)
    p.on_list_error(denied, 10.0)
    assert p.take_settled() == [(jid(1), denied), (jid(2), denied)]


def test_a_job_the_server_does_not_know_settles_with_not_found() -> None:
    p = plan()
    p.add(jid(1), 0.0)
    discover(p, [])
    list_query(p.next_action(0.0))
    p.on_page([], 0.0)
    assert p.next_action(0.0) == FetchDetails((jid(1),))
    missing = NotFoundError("job not found", status=404)
    p.on_details({jid(1): missing}, 0.0)
    assert p.take_settled() == [(jid(1), missing)]


def test_deadline_cuts_the_sleep_and_times_out_after_one_last_look() -> None:
    p = plan(lateness=10.0)
    p.add(jid(1), 0.0, timeout=1.2)
    discover(p, [job(1, "QUEUED")])
    list_query(p.next_action(0.0))
    p.on_page([], 0.0)
    assert p.next_action(0.0) == Sleep(0.5)
    list_query(p.next_action(0.5))
    p.on_page([], 0.5)
    assert p.next_action(0.5) == Sleep(pytest.approx(0.7))  # not 1.0
    list_query(p.next_action(1.2))
    p.on_page([], 1.2)
    [(job_id, error)] = p.take_settled()
    assert job_id == jid(1) and isinstance(error, JobTimeout)
    assert error.last_status == "QUEUED"


def test_jobs_added_during_a_round_wait_for_the_next_discovery() -> None:
    p = plan()
    p.add(jid(1), 0.0)
    discover(p, [job(1, "QUEUED")])
    p.add(jid(2), 0.0)  # mid-round: not looked for yet, so not "unseen" either
    list_query(p.next_action(0.0))
    p.on_page([], 0.0)
    assert isinstance(p.next_action(0.0), Sleep)
    assert list_query(p.next_action(0.5))["status"] == ["QUEUED", "IN_PROGRESS"]


def test_progress_reports_each_status_change_once() -> None:
    seen: list[tuple[str, str]] = []
    p = plan(on_progress=lambda d: seen.append((str(d.job_id)[-1], str(d.state.status))))
    p.add(jid(1), 0.0)
    discover(p, [job(1, "QUEUED")])
    list_query(p.next_action(0.0))
    p.on_page([], 0.0)
    p.next_action(0.5)
    p.on_page([job(1, "COMPLETED")], 0.5)
    assert seen == [("1", "QUEUED"), ("1", "COMPLETED")]


# --------------------------------------------------------------------------- drivers (fake API)


def _client(api: FakeAPI, kind: type[Any]) -> Any:
    return kind(
        api_key=API_KEY,
        base_url=BASE_URL,
        poll_schedule=FAST,
        transport=api.transport(),
        retry_policy=FAST_RETRY,
    )


def test_sync_watcher_yields_each_job_once_in_the_order_they_end() -> None:
    api = FakeAPI()
    slow = api.add_job(script=["QUEUED"] * 6 + ["COMPLETED"])
    fast = api.add_job(script=["QUEUED", "COMPLETED"])
    watcher = JobWatcher(_client(api, Client))
    watcher.add(slow)
    watcher.add(fast)
    watcher.add(fast)
    assert [str(d.job_id) for d in watcher.settled()] == [fast, slow]
    details_requests = [r for r in api.requests if r.url.path.count("/") > 3]
    assert details_requests == []


async def test_async_watcher_takes_jobs_added_while_iterating() -> None:
    api = FakeAPI()
    first = api.add_job(script=["QUEUED", "COMPLETED"])
    watcher = AsyncJobWatcher(_client(api, AsyncClient), keep_open=True)
    watcher.add(first)
    seen: list[str] = []
    second = ""
    async for details in watcher.settled():
        seen.append(str(details.job_id))
        if len(seen) == 1:
            second = api.add_job(script=["QUEUED", "IN_PROGRESS", "COMPLETED"])
            # Added later from another task, while the watcher waits for work.
            asyncio.get_running_loop().call_later(0.01, watcher.add, second)
        else:
            watcher.close()
    assert seen == [first, second]


async def test_async_watcher_raises_what_ended_a_wait() -> None:
    api = FakeAPI()
    watcher = AsyncJobWatcher(_client(api, AsyncClient))
    watcher.add(jid(404))
    with pytest.raises(NotFoundError):
        async for _ in watcher.settled():
            pass


# --------------------------------------------------------------------------- cost (mock server)


@pytest.mark.parametrize("kind", [Client, AsyncClient])
async def test_wait_all_costs_far_less_than_a_request_per_job(kind: type[Any]) -> None:
    """120 jobs of 0.2-1.1 s: per-job polling needs at least 2 requests per job (one sees it
    running, one sees it done); list pages need a few per round, whatever the number of jobs."""
    pytest.importorskip("humebatch_mock")
    from humebatch_mock import MockConfig, MockServer

    config = MockConfig(
        api_keys={API_KEY}, queue_seconds=0.2, run_seconds=0.5, duration_jitter=0.5, seed=3
    )
    with MockServer(config) as server:
        ids = [j.job_id for j in server.create_jobs(120, status=None)]
        server.create_jobs(30, statuses=["QUEUED", "COMPLETED"])  # other users' jobs
        client = kind(
            api_key=API_KEY,
            base_url=server.url,
            poll_schedule=PollSchedule(first=0.1, factor=1.6, cap=0.5),
            retry_policy=FAST_RETRY,
        )
        seen: list[str] = []
        results = client.wait_all(ids, timeout=60, on_progress=lambda d: seen.append(str(d.job_id)))
        if kind is AsyncClient:
            results = await results
        requests = server.store.snapshot()["requests"]
    assert [str(r.job_id) for r in results] == ids
    assert all(str(r.state.status) == "COMPLETED" for r in results)
    assert set(seen) == set(ids)
    polls = requests.get("get_job_details", 0) + requests.get("list_jobs", 0)
    assert polls <= 0.5 * len(ids), requests


def test_detail_requests_are_bounded_by_concurrency() -> None:
    import threading
    import time

    import httpx

    api = FakeAPI()
    ids = [api.add_job(script=["COMPLETED"]) for _ in range(30)]
    in_flight = peak = 0
    lock = threading.Lock()

    def counting(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.005)  # let requests overlap
        try:
            return api.handle(request)
        finally:
            with lock:
                in_flight -= 1

    client = Client(
        api_key=API_KEY,
        base_url=BASE_URL,
        poll_schedule=FAST,
        transport=httpx.MockTransport(counting),
        retry_policy=FAST_RETRY,
    )
    # Pages of 4: the first scan settles 4 jobs; the 26 that ended earlier need their details.
    watcher = JobWatcher(client, concurrency=3, page_size=4)
    for job_id in ids:
        watcher.add(job_id)
    assert sorted(str(d.job_id) for d in watcher.settled()) == sorted(ids)
    details = [r for r in api.requests if r.url.path.count("/") > 3]
    assert len(details) == 26
    assert peak == 3


@pytest.mark.parametrize("bad", [0, -1, True, 2.5])
def test_concurrency_must_be_a_positive_integer(bad: Any) -> None:
    from humebatch import InvalidInput

    with pytest.raises(InvalidInput, match="concurrency"):
        JobWatcher(_client(FakeAPI(), Client), concurrency=bad)


def test_ended_scans_shrink_to_twice_what_the_last_one_needed() -> None:
    p = plan(page_size=100, min_page_size=10, margin_ms=0)
    p.add(jid(1), 0.0)
    discover(p, [job(1, "QUEUED")])  # the floor: T0, the newest time on the discovery page
    assert list_query(p.next_action(0.0))["limit"] == 100
    p.on_page([job(20 + i, "COMPLETED", ended=T0 + 50 - i) for i in range(30)], 0.0)
    assert list_query(p.next_action(1.0))["limit"] == 60  # 30 ended after the floor
    p.on_page([job(50 + i, "COMPLETED", ended=T0 + 52 - i) for i in range(3)], 1.0)
    assert list_query(p.next_action(2.0))["limit"] == 10  # 3 needed; no fewer than the minimum
    recent = [job(60 + i, "COMPLETED", ended=T0 + 90 - i) for i in range(10)]
    p.on_page(recent, 2.0)  # full, and short of the floor (T0 + 52): asked again, bigger
    assert list_query(p.next_action(2.0))["limit"] == 20
    p.on_page([*recent, *(job(80 + i, "COMPLETED", ended=T0 + 60 - i) for i in range(10))], 2.0)
    assert list_query(p.next_action(4.0))["limit"] == 38  # 19 ended at or after T0 + 52


def test_a_server_that_caps_the_page_size_makes_running_jobs_ask_their_details() -> None:
    p = plan(page_size=4, margin_ms=0)
    p.add(jid(1), 0.0)
    discover(p, [job(1, "QUEUED")])  # the floor: T0
    list_query(p.next_action(0.0))
    page = [job(20 + i, "COMPLETED", ended=T0 + 50 - i) for i in range(4)]
    p.on_page(page, 0.0)  # full and above the floor
    assert list_query(p.next_action(0.0))["limit"] == 8
    p.on_page(page, 0.0)  # the same 4 again: the whole list, or a cap?
    oldest = list_query(p.next_action(0.0))
    assert (oldest["limit"], oldest["direction"]) == (1, "asc")
    p.on_page([job(99, "COMPLETED", ended=T0 - 10**6)], 0.0)  # not on the page: a cap
    assert p.next_action(0.0) == FetchDetails((jid(1),))
    p.on_details({jid(1): job(1, "IN_PROGRESS")}, 0.0)
    assert list_query(p.next_action(1.0))["limit"] == 4  # never more than the cap again


def test_a_doubled_page_with_the_same_entries_can_be_the_whole_list() -> None:
    p = plan(page_size=4, margin_ms=0)
    p.add(jid(1), 0.0)
    discover(p, [job(1, "QUEUED")])
    list_query(p.next_action(0.0))
    page = [job(20 + i, "COMPLETED", ended=T0 + 50 - i) for i in range(4)]
    p.on_page(page, 0.0)
    list_query(p.next_action(0.0))
    p.on_page(page, 0.0)
    list_query(p.next_action(0.0))
    p.on_page([page[-1]], 0.0)  # the oldest ended job is on the page: it was the whole list
    assert isinstance(p.next_action(0.0), Sleep)  # no detail requests
    assert list_query(p.next_action(1.0))["limit"] == 8


def test_a_server_rejecting_the_list_queries_is_polled_job_by_job() -> None:
    from humebatch import BadRequestError

    p = plan()
    p.add(jid(1), 0.0)
    p.add(jid(2), 0.0)
    list_query(p.next_action(0.0))
    p.on_list_error(BadRequestError("sort_by: unknown value", status=400), 0.0)
    assert p.next_action(0.0) == FetchDetails((jid(1), jid(2)))
    p.on_details({jid(1): job(1, "COMPLETED"), jid(2): job(2, "QUEUED")}, 0.0)
    assert settled_ids(p) == [jid(1)]
    assert p.next_action(0.0) == Sleep(0.5)
    assert p.next_action(0.5) == FetchDetails((jid(2),))  # no list request again


def test_rounds_come_within_a_tenth_of_the_youngest_jobs_age() -> None:
    """The backoff grows x2 while nothing ends, but a job is seen ended at most a tenth of its
    age late (issue 20: 200 jobs of 5 s were seen ended up to 3 s late)."""
    p = plan(schedule=PollSchedule(first=0.5, factor=2.0, cap=60.0, jitter=0.0))
    p.add(jid(1), 0.0)
    discover(p, [job(1, "IN_PROGRESS")])
    now, waits = 0.0, []
    for _ in range(30):
        list_query(p.next_action(now))
        p.on_page([], now)
        action = p.next_action(now)
        assert isinstance(action, Sleep)
        waits.append(action.seconds)
        now += action.seconds
    assert waits[:2] == [0.5, 0.5]  # not below `first`
    for age, wait in zip([0.0, *_running_sum(waits)], waits, strict=False):
        assert wait <= max(0.5, 0.1 * age) + 1e-9
    assert waits[-1] > waits[-2] > 1.0  # still growing, at a tenth of the age
    p.add(jid(2), now)  # a young job brings the rounds back to `first`
    list_query(p.next_action(now + 0.5))


def _running_sum(values: list[float]) -> list[float]:
    out, total = [], 0.0
    for value in values:
        total += value
        out.append(total)
    return out
