"""`make demo` runs against the embedded mock unless asked for the live API (`--live`)."""

from __future__ import annotations

import io

import click
import pytest
from humebatch.demo import backend
from rich.console import Console


def test_an_exported_key_does_not_send_the_demo_to_the_live_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUME_API_KEY", "test-key")  # as the README's mock instructions export
    monkeypatch.delenv("HUME_BASE_URL", raising=False)
    out = io.StringIO()
    with backend(Console(file=out, width=200)) as (key, url):
        assert url.startswith("http://127.0.0.1:")
        assert key
    assert "ignored without --live" in out.getvalue()


def test_live_without_a_key_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUME_API_KEY", raising=False)
    with pytest.raises(click.UsageError, match="HUME_API_KEY"), backend(Console(), live=True):
        pass
