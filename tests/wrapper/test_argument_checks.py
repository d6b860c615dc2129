"""Library argument checks: wrong types and shapes raise InvalidInput, in Python terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from humebatch import AsyncClient, Client, InvalidInput

KEY = "argument-check-key"


def test_api_key_of_the_wrong_type_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="api_key must be a string"):
        Client(api_key=123)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "value"),
    [("base_url", 8000), ("allow_insecure_http", "yes"), ("default_headers", ["a"])],
)
def test_other_options_of_the_wrong_type_are_invalid_input(name: str, value: object) -> None:
    with pytest.raises(InvalidInput, match=name):
        Client(KEY, **{name: value})


@pytest.mark.parametrize("cls", [Client, AsyncClient])
@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/v0", "https://api.hume.ai/v0/batch/jobs", "https://h?x=1"]
)
def test_base_url_with_a_path_says_what_a_base_url_is(cls: type[Any], url: str) -> None:
    with pytest.raises(InvalidInput, match=r"give only the scheme, host and port.*api\.hume\.ai"):
        cls(KEY, base_url=url)


def test_base_url_from_the_environment_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUME_BASE_URL", "http://127.0.0.1:8000/v0/")
    with pytest.raises(InvalidInput, match="/v0"):
        Client(KEY)


def test_base_url_with_a_trailing_slash_is_fine() -> None:
    assert Client(KEY, base_url="http://127.0.0.1:8000/").base_url == "http://127.0.0.1:8000"


def test_lone_surrogate_in_a_text_is_invalid_input() -> None:
    client = Client(KEY, base_url="http://127.0.0.1:9")  # never reached
    with pytest.raises(InvalidInput, match=r"text\[1\].*not valid Unicode"):
        client.submit(text=["fine", "caf\udce9"], models={"language": {}})


def test_file_name_that_is_not_utf8_is_invalid_input(tmp_path: Path) -> None:
    client = Client(KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(InvalidInput, match="not valid Unicode"):
        client.submit(files=[("caf\udce9.png", b"\x89PNG")])


@pytest.mark.parametrize("argument", ["urls", "files"])
def test_a_string_where_a_list_is_expected_says_to_wrap_it(argument: str) -> None:
    client = Client(KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(InvalidInput, match=rf"wrap it in a list, {argument}=\['a.png'\]"):
        client.submit(**{argument: "a.png"})


def test_run_with_a_single_string_is_invalid_input(tmp_path: Path) -> None:
    client = Client(KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(InvalidInput, match=r"wrap it in a list.*\['face\.png'\]"):
        client.run("face.png", tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing started


def test_a_timestamp_needs_when() -> None:
    # `when` alone is valid (the spec: the server uses the current time); a bare timestamp
    # does not say before or after.
    client = Client(KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(InvalidInput, match="pass both"):
        client.jobs(timestamp_ms=1_700_000_000_000)
    with pytest.raises(InvalidInput, match="pass both"):
        AsyncClient(KEY, base_url="http://127.0.0.1:9").jobs(timestamp_ms=1_700_000_000_000)


@pytest.mark.parametrize(
    ("inputs", "models", "named"),
    [
        ({"text": ["hello"]}, {"face": {}, "prosody": {}}, r"text\[0\] is text"),
        ({"urls": ["https://example.com/a.jpg"]}, ["prosody"], r"urls\[0\].* is image"),
        ({"files": [("a.wav", b"RIFF")]}, {"face": {}}, r"files\[0\].* is audio"),
    ],
)
def test_models_that_cannot_read_an_input_are_invalid_input(
    inputs: dict[str, Any], models: Any, named: str
) -> None:
    client = Client(KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(InvalidInput, match=named):
        client.submit(models=models, **inputs)


def test_inputs_of_unknown_kind_are_not_refused() -> None:
    from humebatch.inputs import validate_submission

    sub = validate_submission(urls=["https://example.com/media.zip"], models={"face": {}})
    assert sub.config["urls"] == ["https://example.com/media.zip"]


def test_nan_timeout_is_invalid_input() -> None:
    client = Client(KEY, base_url="http://127.0.0.1:9")
    job = client.wait_all  # the same check guards Job.wait
    with pytest.raises(InvalidInput, match="timeout"):
        job(["00000000-0000-4000-8000-000000000000"], timeout=float("nan"))
