"""The library changes nothing process-wide: no garbage-collector switching (other threads run
meanwhile), no umask change (see test_atomic_write.py)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from fake_batch_api import predictions_body
from humebatch import Predictions


def test_reading_predictions_never_switches_the_garbage_collector(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    preds = Predictions.from_bytes(predictions_body())
    assert len(preds.top_emotions(3)) == 1
    assert len(preds.to_rows()) > 0
    preds.to_csv(tmp_path / "out.csv")
    assert calls == []
