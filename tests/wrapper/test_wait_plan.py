"""The wait plan with a fake clock: intervals, deadline, Retry-After, progress; no wall time."""

from __future__ import annotations

from typing import Any

import pytest
from humebatch import InferenceJob, JobFailed, JobTimeout, RateLimitError
from humebatch.errors import APIConnectionError, NotFoundError
from humebatch.polling import Done, PollSchedule, Raise, Sleep, WaitPlan, wait_one_sync

SCHEDULE = PollSchedule(first=0.5, factor=2.0, cap=4.0, jitter=0.0)


def details(status: str) -> InferenceJob:
    state: dict[str, Any] = {"status": status, "created_timestamp_ms": 1}
    if status != "QUEUED":
        state["started_timestamp_ms"] = 2
    if status in ("COMPLETED", "FAILED"):
        state["ended_timestamp_ms"] = 3
    if status == "COMPLETED":
        state.update(num_predictions=1, num_errors=0)
    if status == "FAILED":
        state["message"] = "unsupported media type"
    return InferenceJob.from_dict(
        {
            "job_id": "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11",
            "type": "INFERENCE",
            "request": {"files": []},
            "state": state,
        }
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def plan(timeout: float | None = None) -> WaitPlan:
    return WaitPlan(job_id="j", timeout=timeout, start=0.0, schedule=SCHEDULE)


def test_schedule_starts_small_grows_and_caps() -> None:
    assert [SCHEDULE.interval(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_schedule_jitter_only_shortens() -> None:
    s = PollSchedule(first=1.0, jitter=0.2)
    assert 0.8 <= s.interval(1, rng=lambda: 0.99) <= 1.0


def test_plan_sleeps_then_finishes() -> None:
    p = plan()
    assert p.on_details(details("QUEUED"), 0.0) == Sleep(0.5)
    assert p.on_details(details("IN_PROGRESS"), 0.5) == Sleep(1.0)
    done = p.on_details(details("COMPLETED"), 1.5)
    assert isinstance(done, Done) and done.details.state.status == "COMPLETED"


def test_failed_job_raises_with_the_server_message() -> None:
    step = plan().on_details(details("FAILED"), 0.0)
    assert isinstance(step, Raise) and isinstance(step.error, JobFailed)
    assert "unsupported media type" in str(step.error)
    assert step.error.server_message == "unsupported media type"


def test_last_sleep_is_cut_at_the_deadline_then_times_out() -> None:
    p = plan(timeout=1.2)
    assert p.on_details(details("QUEUED"), 0.0) == Sleep(0.5)
    assert p.on_details(details("QUEUED"), 0.5) == Sleep(pytest.approx(0.7))  # not 1.0
    step = p.on_details(details("IN_PROGRESS"), 1.2)
    assert isinstance(step, Raise) and isinstance(step.error, JobTimeout)
    assert "client.get_job('j').wait()" in str(step.error)
    assert step.error.last_status == "IN_PROGRESS"


def test_rate_limit_hint_stretches_the_sleep() -> None:
    p = plan()
    err = RateLimitError("slow down", status=429, retry_after=3.0)
    assert p.on_error(err, 0.0) == Sleep(3.0)


def test_transient_errors_are_tolerated_then_raised() -> None:
    p = WaitPlan(job_id="j", timeout=None, start=0, schedule=SCHEDULE, max_consecutive_errors=2)
    err = APIConnectionError("down")
    assert isinstance(p.on_error(err, 0), Sleep)
    assert isinstance(p.on_error(err, 0), Sleep)
    assert p.on_error(err, 0) == Raise(err)


def test_non_transient_error_stops_at_once() -> None:
    err = NotFoundError("gone", status=404)
    assert plan().on_error(err, 0) == Raise(err)


def test_sync_driver_reports_each_status_change_once() -> None:
    clock = FakeClock()
    answers = iter(["QUEUED", "QUEUED", "IN_PROGRESS", "IN_PROGRESS", "COMPLETED"])
    seen: list[str] = []
    final = wait_one_sync(
        plan(timeout=60),
        lambda: details(next(answers)),
        lambda d: seen.append(str(d.state.status)),
        clock=clock,
        sleep=clock.sleep,
    )
    assert final.state.status == "COMPLETED"
    assert seen == ["QUEUED", "IN_PROGRESS", "COMPLETED"]
    # Completion is noticed within one current interval: each sleep is the schedule's interval.
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_sync_driver_times_out_without_overshooting() -> None:
    clock = FakeClock()
    with pytest.raises(JobTimeout):
        wait_one_sync(plan(timeout=5.0), lambda: details("QUEUED"), clock=clock, sleep=clock.sleep)
    assert clock.now == pytest.approx(5.0)
