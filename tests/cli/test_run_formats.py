"""`humebatch run --format`: what each choice writes, and --help says why JSON is always kept."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from humebatch.cli import cli


def test_format_csv_writes_csv_and_the_json_help_explains(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    argv = ["run", "--text", "fine", "--out", str(tmp_path), "--format", "csv"]
    argv += ["--model", "language"]
    assert CliRunner().invoke(cli, argv, env=env).exit_code == 0
    suffixes = sorted(p.name.split(".", 1)[1] for p in (tmp_path / "predictions").glob("*/*"))
    assert suffixes == ["csv", "json"]
    shown = " ".join(CliRunner().invoke(cli, ["run", "--help"]).output.split())
    assert "result as sent is always kept as JSON" in shown
    assert "read offline" in shown
