"""Errors like the SDKs people know: status_code, response, request_id, the cause chained,
every error picklable, and everything the library raises under HumeBatchError."""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import httpx
import humebatch
import pytest
from humebatch import bulk, errors
from humebatch.predictions import Predictions

JOB_ID = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"
REQUEST = httpx.Request("GET", f"https://api.example.com/v0/batch/jobs/{JOB_ID}")
RESPONSE = httpx.Response(
    503, json={"message": "down"}, headers={"x-request-id": "req-7"}, request=REQUEST
)

# One instance of every public error class, with every attribute set.
EXAMPLES: list[errors.HumeBatchError] = [
    errors.HumeBatchError("plain"),
    errors.APIError(
        "api",
        status_code=503,
        response=RESPONSE,
        server_message="down",
        body={"message": "down"},
        request_id="req-7",
        method="GET",
        url="/v0/batch/jobs",
    ),
    errors.BadRequestError("bad", status_code=400, body={"message": "no"}),
    errors.PayloadTooLargeError("big", status_code=413),
    errors.AuthenticationError("key", status_code=401, server_message="Invalid ApiKey"),
    errors.NotFoundError("gone", status_code=404, request_id="r1"),
    errors.RateLimitError("slow", status_code=429, retry_after=2.5),
    errors.ServerError("oops", status_code=502, retry_after=None, response=RESPONSE),
    errors.UnexpectedResponseError("html", status_code=200, body="<html>"),
    errors.APIConnectionError("refused"),
    errors.APITimeoutError("slow network"),
    errors.AmbiguousSubmitError("maybe", status_code=502, sent_at_ms=1_700_000_000_000),
    errors.JobFailed(JOB_ID, "bad media"),
    errors.JobTimeout(JOB_ID, 30.0, last_status="IN_PROGRESS"),
    errors.WaitAllError([], {JOB_ID: errors.JobFailed(JOB_ID, None)}),
    errors.InvalidInput("no inputs"),
    humebatch.PredictionsFormatError("$[0].results", "not an object"),
    bulk.RunLocked("another run holds out/"),
    bulk.SettingsChanged("other models"),
    bulk.JobsForgotten("the server forgot it", job_id=JOB_ID),
    bulk.SubmitGaveUp("no job after 8 attempts"),
    bulk.ShardsDisagree("out/ holds the manifests of 2 shards"),
    bulk.LookupIncomplete("the job list was too long to search"),
    bulk.FolderUnwritable("cannot write to out/: [Errno 28] No space left on device"),
    bulk.RunInterrupted("stopped", signum=2),
]


def _public_error_classes() -> set[type[BaseException]]:
    return {
        obj
        for module in (humebatch, bulk)
        for name in module.__all__
        if inspect.isclass(obj := getattr(module, name)) and issubclass(obj, BaseException)
    }


def test_every_public_error_is_a_hume_batch_error_and_has_an_example() -> None:
    public = _public_error_classes()
    assert all(issubclass(cls, errors.HumeBatchError) for cls in public)
    assert {type(e) for e in EXAMPLES} == public


def _state(error: BaseException) -> dict[str, Any]:
    state = dict(vars(error))
    if state.get("response") is not None:
        response = state.pop("response")
        state["response"] = (response.status_code, response.content, response.request.url)
    if "errors" in state:  # WaitAllError: compare the nested errors by their own state
        state["errors"] = {k: (type(v), str(v), _state(v)) for k, v in state["errors"].items()}
    return state


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_every_error_round_trips_through_pickle(error: errors.HumeBatchError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert _state(copy) == _state(error)


def test_status_code_and_the_old_status_name_agree() -> None:
    error = errors.NotFoundError("gone", status_code=404)
    assert (error.status_code, error.status) == (404, 404)
    legacy = errors.NotFoundError("gone", status=404)
    assert legacy.status_code == 404
    from_response = errors.ServerError("oops", response=RESPONSE)
    assert from_response.status_code == 503


def test_top_emotions_with_a_negative_count_is_invalid_input() -> None:
    with pytest.raises(errors.InvalidInput, match="n must be"):
        Predictions.from_bytes(b"[]").top_emotions(-1)


def test_a_closed_port_says_connection_refused_and_where() -> None:
    import socket

    from humebatch import Client, RetryPolicy

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = Client("k", base_url=f"http://127.0.0.1:{port}", allow_insecure_http=True,
                    retry_policy=RetryPolicy(max_retries=1, initial_delay=0.0))  # fmt: skip
    with client, pytest.raises(errors.APIConnectionError) as raised:
        client.get_job("6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11")
    message = str(raised.value)
    assert f"at http://127.0.0.1:{port} after 2 attempts: connection refused" in message
