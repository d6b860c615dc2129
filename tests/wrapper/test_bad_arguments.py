"""Every bad argument is an `InvalidInput` before any request (issue 21): not a ValueError,
OverflowError or TypeError from deep inside, and never after a job was submitted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fake_batch_api import API_KEY, BASE_URL, FakeAPI
from humebatch import Client, InvalidInput, PollSchedule


def _client(api: FakeAPI, **kwargs: Any) -> Client:
    return Client(api_key=API_KEY, base_url=BASE_URL, transport=api.transport(), **kwargs)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c, tmp: c.submit(urls=["http://[::1"]), id="url-bad-ipv6"),
        pytest.param(
            lambda c, tmp: c.submit(text=["hi"], extra_headers={"X-A": "a\r\nX-B: b"}),
            id="header-crlf",
        ),
        pytest.param(
            lambda c, tmp: c.run(texts=["hi"], out_dir=tmp, timeout="10"), id="run-timeout-str"
        ),
        pytest.param(
            lambda c, tmp: c.run(texts=["hi"], out_dir=tmp, formats="xml"), id="run-formats-str"
        ),
        pytest.param(
            lambda c, tmp: c.run(texts=["hi"], out_dir=tmp, concurrency="8"),
            id="run-concurrency-str",
        ),
    ],
)
def test_a_bad_argument_is_invalid_input_and_sends_nothing(call: Any, tmp_path: Path) -> None:
    api = FakeAPI()
    with pytest.raises(InvalidInput):
        call(_client(api), tmp_path / "out")
    assert api.requests == []


@pytest.mark.parametrize("timeout", [float("inf"), float("nan"), 1e300])
def test_an_unusable_client_timeout_is_invalid_input(timeout: float) -> None:
    with pytest.raises(InvalidInput, match="timeout"):
        Client(api_key=API_KEY, base_url=BASE_URL, timeout=timeout)


def test_a_header_with_a_line_break_is_refused_on_the_client() -> None:
    with pytest.raises(InvalidInput, match="header"):
        Client(api_key=API_KEY, base_url=BASE_URL, default_headers={"X-A": "a\nb"})


@pytest.mark.parametrize(
    "kwargs", [{"first": 0}, {"first": -1}, {"factor": 0.5}, {"cap": 0}, {"jitter": 1.5}]
)
def test_a_poll_schedule_that_would_spin_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        PollSchedule(**kwargs)


def test_one_format_given_as_a_string_is_that_format_not_its_letters() -> None:
    from humebatch.bulk import BulkOptions

    assert BulkOptions(formats="csv").formats == ("json", "csv")
    with pytest.raises(InvalidInput, match="'xml'"):
        BulkOptions(formats="xml")
