"""The retry policy, decided purely: no sockets, no sleeping, a fixed random source."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime

import pytest
from humebatch.retries import Failure, RequestKind, RetryPolicy, parse_retry_after

NOW = 1_800_000_000.0
READ, CREATE = RequestKind.READ, RequestKind.CREATE


def policy(**kwargs: object) -> RetryPolicy:
    return RetryPolicy(rng=lambda: 0.0, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),  # the precise one wins
        (
            {
                "Retry-After": format_datetime(
                    datetime.fromtimestamp(NOW + 7, timezone.utc), usegmt=True
                )
            },
            7.0,
        ),
        ({"Retry-After": "0"}, 0.0),
    ],
)
def test_retry_after_is_read_in_every_form(headers: dict[str, str], expected: float) -> None:
    assert parse_retry_after(headers, now=NOW, limit=60) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value", ["-1", "soon", "86400", "nan", "inf", "Wed, 21 Oct 2015 07:28:00 GMT"]
)
def test_absurd_retry_after_is_ignored(value: str) -> None:
    # A date in the past is negative: as absurd as a day-long wait.
    assert parse_retry_after({"Retry-After": value}, now=NOW, limit=60) is None


def test_backoff_grows_exponentially_and_is_capped() -> None:
    p = policy(initial_delay=0.5, max_delay=3.0, max_retries=10)
    delays = [p.decide(attempt=n, kind=READ, status=503, now=NOW).delay for n in range(1, 6)]
    assert delays == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_jitter_only_shortens_the_backoff() -> None:
    p = RetryPolicy(initial_delay=1.0, jitter=0.25, rng=lambda: 0.999)
    delay = p.decide(attempt=1, kind=READ, status=503).delay
    assert 0.75 <= delay < 1.0


def test_server_hint_beats_backoff() -> None:
    d = policy().decide(attempt=1, kind=READ, status=429, headers={"Retry-After": "4"}, now=NOW)
    assert d.retry and d.delay == 4.0


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_reads_retry_transient_statuses(status: int) -> None:
    assert policy().decide(attempt=1, kind=READ, status=status).retry


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413, 500, 501])
def test_reads_do_not_retry_other_statuses(status: int) -> None:
    d = policy().decide(attempt=1, kind=READ, status=status)
    assert not d.retry and not d.ambiguous


@pytest.mark.parametrize("failure", list(Failure))
def test_reads_retry_every_transport_failure(failure: Failure) -> None:
    assert policy().decide(attempt=1, kind=READ, failure=failure).retry


def test_attempts_are_bounded() -> None:
    p = policy(max_retries=2)
    assert p.decide(attempt=2, kind=READ, status=503).retry
    assert not p.decide(attempt=3, kind=READ, status=503).retry


def test_elapsed_time_is_bounded() -> None:
    p = policy(max_elapsed=10.0)
    assert not p.decide(attempt=1, kind=READ, status=503, elapsed=9.9).retry


def test_create_is_retried_only_when_provably_not_sent() -> None:
    p = policy()
    assert p.decide(attempt=1, kind=CREATE, failure=Failure.CONNECT).retry
    assert p.decide(attempt=1, kind=CREATE, status=429).retry  # rejected before processing


@pytest.mark.parametrize("failure", [Failure.TIMEOUT, Failure.DROPPED])
def test_create_after_it_may_have_arrived_is_ambiguous(failure: Failure) -> None:
    d = policy().decide(attempt=1, kind=CREATE, failure=failure)
    assert not d.retry and d.ambiguous


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_create_5xx_is_ambiguous(status: int) -> None:
    d = policy().decide(attempt=1, kind=CREATE, status=status, headers={"Retry-After": "0"})
    assert not d.retry and d.ambiguous


def test_create_4xx_is_a_plain_error() -> None:
    d = policy().decide(attempt=1, kind=CREATE, status=400)
    assert not d.retry and not d.ambiguous


def test_zero_retries_never_retries() -> None:
    assert not policy(max_retries=0).decide(attempt=1, kind=READ, status=503).retry
