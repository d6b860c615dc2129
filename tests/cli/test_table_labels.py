"""`humebatch predictions` tables name each text by its first words: in a run folder every text
is text 1 of its own job, so "text #1" would name them all."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from humebatch.cli import cli

TEXTS = ["I love this so much", "This is awful and I hate it", "A plain sentence"]


def test_texts_of_a_run_folder_are_named_by_their_first_words(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    argv = ["run", "--out", str(tmp_path), "--model", "language", "--batch-size", "1"]
    for text in TEXTS:
        argv += ["--text", text]
    assert CliRunner().invoke(cli, argv, env=env).exit_code == 0
    hume_mock.stop()  # read offline
    result = CliRunner().invoke(cli, ["predictions", str(tmp_path), "--top", "1"], env=env)
    assert result.exit_code == 0, result.output
    shown = result.stdout
    assert "text #" not in shown
    for label in ("“I love this so…”", "“This is awful…”", "“A plain sentence”"):
        assert label in shown, shown
