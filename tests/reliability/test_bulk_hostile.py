"""Bulk runs against a hostile server: after an ambiguous submit the lookup of the job is bounded
in jobs listed and in time, says what it searched, and never resubmits when it could not finish
(a duplicate job); one unreadable predictions body does not stop the other batches."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from humebatch import APITimeoutError, Client, PollSchedule, RetryPolicy, UnexpectedResponseError
from humebatch.bulk import LookupIncomplete, collect_inputs, run_bulk
from humebatch.bulk import _pipeline as pipeline
from humebatch.manifest import Manifest
from support.hostile import Reply, Seen, hostile_server, job_body, json_reply, new_id

KEY = "sk-lookup-0123456789abcdef"
FAST = PollSchedule(first=0.01, factor=1.0, cap=0.01, jitter=0.0)


def endless_list(seen: Seen) -> Reply:
    """POST: a 502 after the request arrived (ambiguous); GET list: always one more full page
    of other people's jobs, each newer than the last."""
    if seen.method == "POST":
        return json_reply({"message": "bad gateway"}, 502)
    if seen.path.rstrip("/") == "/v0/batch/jobs":
        start = int(seen.query.get("timestamp_ms", ["0"])[0])
        size = int(seen.query.get("limit", ["100"])[0])
        page = []
        for i in range(size):
            body = job_body(new_id(), urls=[f"https://other.test/{start + i}.jpg"], text=[])
            body["state"]["created_timestamp_ms"] = start + i + 1
            page.append(body)
        return Reply(200, json.dumps(page).encode())
    return json_reply({"message": "not found"}, 404)


@pytest.mark.parametrize("bound", ["jobs", "time"])
def test_an_endless_job_list_ends_the_lookup_without_a_resubmit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: str
) -> None:
    if bound == "jobs":
        monkeypatch.setattr(pipeline, "LOOKUP_MAX_JOBS", 350)
    else:
        monkeypatch.setattr(pipeline, "LOOKUP_SECONDS", 0.5)
    events: list[str] = []
    with hostile_server(endless_list) as (url, requests):
        client = Client(KEY, base_url=url, poll_schedule=FAST, retry_policy=RetryPolicy(0))
        with pytest.raises(LookupIncomplete) as caught:
            run_bulk(
                client,
                collect_inputs(["https://media.test/a.jpg"]),
                tmp_path,
                rounds=1,
                on_event=events.append,
            )
    posts = [r for r in requests if r.method == "POST"]
    lists = [r for r in requests if r.method == "GET"]
    assert len(posts) == 1, "never resubmitted: the job may exist"
    message = str(caught.value)
    assert "looked for its job among" in message and "jobs created since" in message, message
    assert "not resubmitted" in message and "run the same" in message.lower(), message
    if bound == "jobs":
        assert len(lists) <= 4, len(lists)
        assert "350 jobs" in message, message
    else:
        assert "0.5 s" in message or "1 s" in message, message
    with Manifest(tmp_path) as manifest:
        (batch,) = manifest.batches()
    assert batch.state == "submitting", "the next run looks again before any resubmit"


def test_a_lookup_that_finds_nothing_says_what_it_searched(tmp_path: Path) -> None:
    state = {"posts": 0}

    def short_list(seen: Seen) -> Reply:
        if seen.method == "POST":
            state["posts"] += 1
            if state["posts"] == 1:
                return json_reply({"message": "bad gateway"}, 502)
            return json_reply({"job_id": new_id()})
        if seen.path.rstrip("/") == "/v0/batch/jobs":
            return json_reply([job_body(new_id(), urls=["https://other.test/x.jpg"], text=[])])
        return json_reply({"message": "gone"}, 404)

    events: list[str] = []
    with hostile_server(short_list) as (url, _):
        client = Client(KEY, base_url=url, poll_schedule=FAST, retry_policy=RetryPolicy(0))
        with pytest.raises(Exception):  # noqa: B017 - the job then vanishes: not this test's point
            run_bulk(
                client,
                collect_inputs(["https://media.test/a.jpg"]),
                tmp_path,
                rounds=1,
                on_event=events.append,
            )
    assert state["posts"] == 2, "resubmitted once the whole list was searched"
    assert any("none of the 1 jobs created since" in e for e in events), events


def url_jobs(predictions: Callable[[list[str]], Reply]) -> Callable[[Seen], Reply]:
    """A server whose URL jobs are COMPLETED at once, answering each job's predictions with
    ``predictions(its urls)``; the job list is empty (no lookup finds anything)."""
    jobs: dict[str, list[str]] = {}

    def handler(seen: Seen) -> Reply:
        path = seen.path.rstrip("/")
        if seen.method == "POST":
            job_id = new_id()
            jobs[job_id] = json.loads(seen.body)["urls"]
            return json_reply({"job_id": job_id})
        if path == "/v0/batch/jobs":
            return json_reply([])
        job_id = path.removeprefix("/v0/batch/jobs/").removesuffix("/predictions")
        if not path.endswith("/predictions"):
            return json_reply(job_body(job_id, urls=jobs[job_id], text=[]))
        return predictions(jobs[job_id])

    return handler


def test_one_unreadable_predictions_body_does_not_stop_the_others(tmp_path: Path) -> None:
    """A job whose predictions are not JSON: its batch is retried in the next rounds, then the
    run gives up naming it; every other input is done (not 'unexpected JSONDecodeError')."""

    def predictions(urls: list[str]) -> Reply:
        if "bad" in urls[0]:
            return Reply(200, b"<html>not json</html>")
        sources = [
            {"source": {"type": "url", "url": u}, "results": {"predictions": [], "errors": []}}
            for u in urls
        ]
        return Reply(200, json.dumps(sources).encode())

    handler = url_jobs(predictions)

    urls = [f"https://media.test/{name}.jpg" for name in ("a", "b", "bad", "c")]
    with hostile_server(handler) as (url, requests):
        client = Client(KEY, base_url=url, poll_schedule=FAST, retry_policy=RetryPolicy(0))
        with pytest.raises(UnexpectedResponseError) as caught:
            run_bulk(client, collect_inputs(urls), tmp_path, batch_size=1, rounds=2)
    assert "predictions" in str(caught.value) and "not JSON" in str(caught.value), caught.value
    with Manifest(tmp_path) as manifest:
        counts = manifest.counts()
    assert (counts["done"], counts["pending"]) == (3, 1)
    assert sum(r.method == "POST" for r in requests) == 4, "the bad batch is not resubmitted"


def test_run_against_a_trickling_predictions_body_ends_in_a_timeout(tmp_path: Path) -> None:
    """The request's timeout bounds the whole response in a run too: a body sent a byte every
    0.2 s (it would take minutes) ends in APITimeoutError, not a run that hangs."""

    def predictions(urls: list[str]) -> Reply:
        body = json.dumps([{"source": {"type": "url", "url": urls[0]}}]).encode()
        return Reply(200, body + b" " * 2000, trickle=0.2, max_seconds=20)

    handler = url_jobs(predictions)

    with hostile_server(handler) as (url, _):
        client = Client(
            KEY, base_url=url, timeout=1.0, poll_schedule=FAST, retry_policy=RetryPolicy(0)
        )
        with pytest.raises(APITimeoutError):
            run_bulk(client, collect_inputs(["https://media.test/a.jpg"]), tmp_path, rounds=1)
    with Manifest(tmp_path) as manifest:
        assert manifest.counts()["pending"] == 1, "nothing half-written is called done"
