"""Results already on disk, read with no server: every form humebatch writes or the API sends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import orjson
import pytest
from cli_helpers import Cli
from humebatch.predictions import Predictions, PredictionsFormatError

# Nothing listens here: a command that tried to reach a server would fail with exit 8.
NO_SERVER = "http://127.0.0.1:9"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _key(row: dict[str, str]) -> tuple[str, ...]:
    columns = ("source_label", "file", "model", "group_id", "index", "time_begin", "text")
    return tuple(row.get(c, "") for c in columns)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory, mock_url: str, media_job: str) -> Path:
    """One job saved in every form: raw body, --format json/jsonl, artifacts zip."""
    folder = tmp_path_factory.mktemp("saved")
    hb = Cli(mock_url)
    for args in (
        ["--raw", "-o", str(folder / "body.json")],
        ["-o", str(folder / "top.json")],
        ["-o", str(folder / "top.jsonl")],
        ["--format", "csv", "-o", str(folder / "online.csv")],
    ):
        result = hb.run("predictions", media_job, *args)
        assert result.exit_code == 0, result.output
    result = hb.run("artifacts", media_job, "-o", str(folder / "artifacts.zip"))
    assert result.exit_code == 0, result.output
    return folder


def test_raw_saves_the_body_as_the_api_sent_it(saved: Path, mock_url: str, media_job: str) -> None:
    from humebatch import Client

    with Client("cli-test-key-7f3a9c2e5b1d", base_url=mock_url, allow_insecure_http=True) as c:
        assert (saved / "body.json").read_bytes() == c.get_job(media_job).predictions_bytes()


def test_every_saved_form_reads_offline_as_the_jobs_rows(saved: Path) -> None:
    offline = Cli(NO_SERVER, key="")
    online = _rows((saved / "online.csv").read_text())
    assert online
    by_key = {_key(r): r for r in online}
    assert len(by_key) == len(online), "the key names one row"
    for name in ("body.json", "artifacts.zip", "top.json", "top.jsonl"):
        result = offline.run("predictions", str(saved / name), "--format", "csv")
        assert result.exit_code == 0, (name, result.output)
        rows = _rows(result.stdout)
        assert sorted(map(_key, rows)) == sorted(by_key), name
        for row in rows:  # every score a form holds is the job's score
            full = by_key[_key(row)]
            scores = {k: v for k, v in row.items() if k not in ("source", "source_label") and v}
            assert all(float(full[k]) == pytest.approx(float(v)) for k, v in scores.items()
                       if k[:1].isupper()), name  # fmt: skip
        if name == "body.json":
            assert rows == online
        if name.startswith("top."):  # the top 3 emotions of each prediction, no more
            assert max(sum(1 for k, v in r.items() if k[:1].isupper() and v) for r in rows) == 3


def test_plot_reads_a_saved_body_offline(saved: Path, tmp_path: Path) -> None:
    result = Cli(NO_SERVER, key="").run("plot", str(saved / "artifacts.zip"), "-o",
                                        str(tmp_path / "p.png"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_run_folder_reads_as_one_table_offline(hb: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    texts = ["What a day!", "I am so tired.", "Lovely weather"]
    args = ["run", "--out", str(out), "--model", "language", "--batch-size", "2"]
    result = hb.run(*args, *(a for t in texts for a in ("--text", t)))
    assert result.exit_code == 0, result.output
    per_input = sorted((out / "predictions").glob("*/*.json"))
    assert len(per_input) == 3
    expected = [orjson.loads(p.read_bytes()) for p in per_input]
    for path in (out, out / "predictions"):
        preds = Predictions.from_path(path)
        assert preds.raw == expected
    assert Predictions.from_file(per_input[0]).raw == [expected[0]]
    offline = Cli(NO_SERVER, key="").run("predictions", str(out), "--format", "csv")
    assert offline.exit_code == 0, offline.output
    assert {r["text"] for r in _rows(offline.stdout)} >= {"What", "tired."}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "an empty file"),
        (b"[]", "an empty list"),
        (b'{"input": "a.png", "error": "boom"}', "input 'a.png' failed: boom"),
        (b'{"jobs": []}', "not predictions"),
        (b"not json at all", "not JSON"),
    ],
)
def test_unreadable_or_empty_sources_are_errors_never_zero_rows(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(PredictionsFormatError, match=problem) as raised:
        Predictions.from_file(path)
    assert raised.value.source == str(path)
    result = Cli(NO_SERVER, key="").run("predictions", str(path))
    assert result.exit_code != 0 and problem in result.stderr


def test_a_folder_that_is_no_run_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "some.json").write_text(json.dumps([{"source": {"type": "text"}}]))
    with pytest.raises(PredictionsFormatError, match="not a run folder"):
        Predictions.from_path(tmp_path)


def test_output_format_follows_the_extension_or_refuses(
    hb: Cli, saved: Path, tmp_path: Path
) -> None:
    offline = Cli(NO_SERVER, key="")
    result = offline.run("predictions", str(saved / "body.json"), "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.csv").read_text().startswith("source,")
    refused = offline.run("predictions", str(saved / "body.json"), "--format", "table", "-o",
                          str(tmp_path / "y.csv"))  # fmt: skip
    assert refused.exit_code == 2 and "extension means csv" in refused.output
    assert not (tmp_path / "y.csv").exists()
