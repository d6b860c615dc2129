"""A base URL without a scheme is diagnosed as that, with the URL to use instead."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from humebatch import Client, InvalidInput
from humebatch.cli import cli


@pytest.mark.parametrize("given", ["127.0.0.1:34143", "localhost:8000", "api.hume.ai"])
def test_a_base_url_without_a_scheme_says_to_add_one(given: str) -> None:
    with pytest.raises(InvalidInput, match=rf"has no scheme.*http://{given}") as info:
        Client("key", base_url=given)
    assert "path or query" not in str(info.value)


def test_cli_base_url_without_a_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    job = "6b3bdf5e-31a8-4b5c-9d3f-7e4c2f0f9a11"
    argv = ["--base-url", "127.0.0.1:34143", "status", job]
    result = CliRunner().invoke(cli, argv, env={"HUME_API_KEY": "x"})
    assert result.exit_code == 2
    shown = " ".join(result.stderr.split())
    assert "has no scheme" in shown and "http://127.0.0.1:34143" in shown
