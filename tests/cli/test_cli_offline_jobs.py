"""Job files of a run (``OUT/jobs/shard=<I|all>/job-<id>.json``) read offline, alone or beside
the per-input JSON of ``OUT/predictions/``: the same rows as those per-input files."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_helpers import Cli
from humebatch.predictions import Predictions, PredictionsFormatError

NO_SERVER = "http://127.0.0.1:9"  # nothing listens: a command that reached out would fail
TEXTS = ["What a day!", "I am so tired.", "Lovely weather", "Not again...", "Fine, thanks."]


def _job_file(job_id: str, files: list[Path]) -> bytes:
    """A job file as the run writes it, from its inputs' per-input JSON (bytes as they are)."""
    sources = [p.read_bytes().strip() for p in files]
    keys = [orjson.loads(raw)["input"] for raw in sources]  # a text's key is its input
    return b'{"job_id":%s,"keys":%s,"sources":[%s]}' % (
        orjson.dumps(job_id),
        orjson.dumps(keys),
        b",".join(sources),
    )


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory, mock_url: str) -> Path:
    """A real run folder of five texts in three jobs (per-input JSON and a dataset)."""
    out = tmp_path_factory.mktemp("run") / "out"
    args = ["run", "--out", str(out), "--model", "language", "--batch-size", "2"]
    result = Cli(mock_url).run(
        *args, "--format", "json", "--format", "parquet", *(a for t in TEXTS for a in ("--text", t))
    )
    assert result.exit_code == 0, result.output
    assert len(_per_input(out)) == len(TEXTS)
    return out


def test_a_dataset_only_run_reads_offline_as_the_per_input_run(
    run_out: Path, tmp_path: Path, mock_url: str
) -> None:
    """The writer's own job files (``--format parquet`` alone): the same rows, offline."""
    out = tmp_path / "lean"
    args = ["run", "--out", str(out), "--model", "language", "--batch-size", "2"]
    result = Cli(mock_url).run(
        *args, "--format", "parquet", *(a for t in TEXTS for a in ("--text", t))
    )
    assert result.exit_code == 0, result.output
    assert _per_input(out) == [] and len(list(out.glob("jobs/shard=all/job-*.json"))) == 3
    lean = _scored(Predictions.from_path(out).to_rows())
    per_input = _scored(Predictions.from_path(run_out).to_rows())
    assert len(lean) == len(per_input) > 0
    assert sorted(lean, key=repr) == sorted(per_input, key=repr)  # files in another order


def _per_input(out: Path) -> list[Path]:
    return sorted((out / "predictions").rglob("*.json"))


def _copy(run_out: Path, into: Path) -> Path:
    """A copy of the run folder: its manifest, index, dataset and per-input JSON."""
    out = into / "out"
    for path in run_out.rglob("*"):
        if path.is_file():
            target = out / path.relative_to(run_out)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return out


def _with_jobs(out: Path, *, keep: int | None = 0) -> list[Path]:
    """Write the per-input JSON as two sharded job files; keep the first ``keep`` per-input
    files (None: all). Returns the job files."""
    files = _per_input(out)
    groups = {"shard=0/job-a.json": files[:3], "shard=1/job-b.json": files[3:]}
    written = []
    for name, members in groups.items():
        path = out / "jobs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_job_file(name[-10:-5], members))
        written.append(path)
    for path in files[keep:] if keep is not None else ():
        path.unlink()
    return written


def _scored(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each row without ``source`` (the source's index in the body it was read from)."""
    return [tuple((k, v) for k, v in row.items() if k != "source") for row in rows]


def test_a_job_file_reads_as_the_per_input_files_it_holds(run_out: Path, tmp_path: Path) -> None:
    out = _copy(run_out, tmp_path)
    files = _per_input(out)
    want = [row for path in files for row in Predictions.from_file(path).to_rows()]
    assert want and {row["line"] for row in want} >= {1}
    jobs = _with_jobs(out, keep=None)
    got = [row for job in jobs for row in Predictions.from_path(job).to_rows()]
    assert _scored(got) == _scored(want)  # every row: input, line, every score
    assert [row["input"] for row in got] == [row["input"] for row in want]
    assert len({row["input"] for row in got}) == len(TEXTS)
    # The slow way (a job file that is not laid out as the run writes it): the same rows.
    spaced = tmp_path / "spaced.json"
    spaced.write_bytes(orjson.dumps(orjson.loads(jobs[0].read_bytes()), option=orjson.OPT_INDENT_2))
    fast, slow = Predictions.from_path(jobs[0]), Predictions.from_file(spaced)
    assert type(fast._data[0]) is not dict and type(slow._data[0]) is dict  # structs: msgspec
    assert slow.to_rows() == fast.to_rows()


def test_a_bad_field_in_a_job_file_is_named_by_its_json_path(tmp_path: Path) -> None:
    source = {"input": "x", "line": 1, "source": {"type": "text"}, "results": {"errors": [],
              "predictions": [{"file": "1", "models": {"language": {"grouped_predictions": [
                  {"id": "u", "predictions": [{"emotions": [{"name": "Joy", "score": "high"}]}]}
              ]}}}]}}  # fmt: skip
    path = tmp_path / "job-a.json"
    path.write_bytes(b'{"job_id":"a","keys":["x"],"sources":[%s]}' % orjson.dumps(source))
    preds = Predictions.from_file(path)  # memory-mapped: read the slow way, nothing held
    with pytest.raises(PredictionsFormatError, match=r"\$\[0\]\.results.*score: expected a"):
        preds.to_rows()


def test_a_run_folder_with_only_job_files_reads_as_with_per_input_files(
    run_out: Path, tmp_path: Path
) -> None:
    out = _copy(run_out, tmp_path)
    want = Predictions.from_path(out).to_rows()
    _with_jobs(out)
    assert not _per_input(out)
    hidden = out / "jobs" / ".partial" / "job-c.json"  # hidden: skipped, as in predictions/
    hidden.parent.mkdir()
    hidden.write_bytes(b"not json")
    for path in (out, out / "jobs"):
        assert Predictions.from_path(path).to_rows() == want


def test_an_input_in_both_a_per_input_file_and_a_job_file_counts_once(
    run_out: Path, tmp_path: Path
) -> None:
    out = _copy(run_out, tmp_path)
    want = Predictions.from_path(out).to_rows()
    _with_jobs(out, keep=2)  # inputs 1-2 in both forms, 3-5 in the job files only
    got = Predictions.from_path(out).to_rows()
    assert sorted(_scored(got)) == sorted(_scored(want))
    assert len(Predictions.from_path(out)) == len(TEXTS)
    # Per-input files first (name order), then the job files' sources not already read.
    per_input = [orjson.loads(p.read_bytes())["input"] for p in _per_input(out)]
    assert [s.get("input") for s in Predictions.from_path(out).raw][:2] == per_input


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"job_id": "a", "keys": ["x"], "sources": 3}', "sources are a JSON int, not a list"),
        (b'{"job_id": "a", "keys": ["x", "y"], "sources": [{}]}', "2 keys for 1 sources"),
        (b'{"job_id": "a", "keys": ["x"], "sources": [7]}', "source 0 is a JSON int"),
        (b'{"job_id": 5, "keys": [], "sources": []}', "job_id is a JSON int"),
        (b'{"job_id": "a", "sources": []}', "keys are missing"),
        (b'{"job_id": "a", "keys": [], "sources": []}', "a job file with no sources"),
    ],
)
def test_a_malformed_job_file_is_refused_saying_what_is_wrong(
    run_out: Path, tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "job-a.json"
    path.write_bytes(content)
    with pytest.raises(PredictionsFormatError, match=problem) as raised:
        Predictions.from_file(path)
    assert raised.value.source == str(path)
    if "no sources" in problem:
        return  # a job without sources is no error in a folder: it adds nothing
    out = _copy(run_out, tmp_path)
    bad = out / "jobs" / "shard=all" / "job-a.json"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(content)
    with pytest.raises(PredictionsFormatError, match=problem) as raised:
        Predictions.from_path(out)
    assert raised.value.source == str(bad)
    result = Cli(NO_SERVER, key="").run("predictions", str(out))
    assert result.exit_code != 0 and problem in result.stderr


def test_a_run_folder_without_predictions_or_job_files_names_both(tmp_path: Path) -> None:
    (tmp_path / "index.csv").write_text("key\n")
    (tmp_path / "jobs").mkdir()
    with pytest.raises(
        PredictionsFormatError, match=r"predictions JSON files or job files \(jobs/\)"
    ):
        Predictions.from_path(tmp_path)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("keep", [0, 2], ids=["jobs-and-dataset-only", "both"])
def test_predictions_and_plot_read_a_folder_with_job_files(
    run_out: Path, tmp_path: Path, keep: int
) -> None:
    out = _copy(run_out, tmp_path)
    offline = Cli(NO_SERVER, key="")
    before = offline.run("predictions", str(out), "--format", "csv")
    assert before.exit_code == 0, before.output
    _with_jobs(out, keep=keep)
    if keep == 0:
        assert {p.name for p in out.iterdir()} >= {"jobs", "dataset"}
        assert not _per_input(out)
    after = offline.run("predictions", str(out), "--format", "csv")
    assert after.exit_code == 0, after.output
    assert sorted(map(str, _rows(after.stdout))) == sorted(map(str, _rows(before.stdout)))
    assert len({r["input"] for r in _rows(after.stdout)}) == len(TEXTS)
    plotted = offline.run("plot", str(out), "-o", str(tmp_path / "p.png"))
    assert plotted.exit_code == 0, plotted.output
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
