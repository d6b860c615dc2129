"""One output folder: its lock, its usage errors, the settings it records, its index file."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from bulk_helpers import outputs, patient_client
from click.testing import CliRunner
from humebatch import InvalidInput
from humebatch.bulk import RunLocked, SettingsChanged, collect_inputs, run_bulk
from humebatch.bulk._lock import FolderLock
from humebatch.cli import cli
from humebatch.manifest import Manifest


def url_inputs(n: int, prefix: str = "face") -> list[str]:
    return [f"https://media.example.test/{prefix}-{i:03d}.jpg" for i in range(n)]


# ---------------------------------------------------------------------- the lock (point 5)
def test_a_second_run_on_a_held_folder_submits_nothing(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    with (
        FolderLock(tmp_path / ".humebatch.lock"),  # what a running `humebatch run` holds
        pytest.raises(RunLocked, match=r"another run is using .*pid \d+"),
    ):
        run_bulk(client, collect_inputs(url_inputs(3)), tmp_path)
    assert hume_mock.store.stats["jobs_created"] == 0
    assert not (tmp_path / Manifest.FILENAME).exists(), "refused before touching the manifest"
    report = run_bulk(client, collect_inputs(url_inputs(3)), tmp_path)  # released: runs
    assert report.done == 3


HOLDER = """
import sys, time
from pathlib import Path
from humebatch.bulk._lock import FolderLock
with FolderLock(Path(sys.argv[1]) / ".humebatch.lock"):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_lock_left_by_a_killed_run_is_taken_over(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        client = patient_client(hume_mock.url, hume_mock.api_key)
        with pytest.raises(RunLocked, match=f"pid {holder.pid}"):
            run_bulk(client, collect_inputs(url_inputs(2)), tmp_path)
        holder.kill()  # SIGKILL: no cleanup, the lock file stays behind
        holder.wait(10)
        assert (tmp_path / ".humebatch.lock").exists()
        report = run_bulk(client, collect_inputs(url_inputs(2)), tmp_path)
        assert report.done == 2
        assert hume_mock.store.stats["jobs_created"] == 1
    finally:
        holder.kill()
        holder.wait(10)


# ---------------------------------------------------------------------- usage errors
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"concurrency": -3}, "concurrency"),
        ({"max_requests": 0}, "max_requests"),
        ({"submit_attempts": 0}, "submit_attempts"),
        ({"shard": "3/2"}, "0 <= I < N"),
        ({"shard": "0/0"}, "0 <= I < N"),
        ({"shard": "1of2"}, "I/N"),
        ({"shard": "-1/2"}, "I/N"),
    ],
)
def test_bad_options_fail_before_anything_is_submitted(
    hume_mock, tmp_path: Path, kwargs: dict[str, object], match: str
) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    with pytest.raises(InvalidInput, match=match):
        run_bulk(client, collect_inputs(url_inputs(1)), tmp_path / "out", **kwargs)  # type: ignore[arg-type]
    assert hume_mock.store.stats["jobs_created"] == 0
    assert not (tmp_path / "out").exists()


def test_out_that_is_a_file_or_not_writable(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    a_file = tmp_path / "results"
    a_file.write_text("not a folder")
    with pytest.raises(InvalidInput, match="is a file"):
        run_bulk(client, collect_inputs(url_inputs(1)), a_file)
    # Not creatable (its parent is a file); root could write anywhere else.
    with pytest.raises(InvalidInput, match="cannot create the output folder"):
        run_bulk(client, collect_inputs(url_inputs(1)), a_file / "out")
    assert hume_mock.store.stats["jobs_created"] == 0


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--shard", "3/2"], "0 <= I < N"),
        (["--shard", "0/0"], "0 <= I < N"),
        (["--concurrency", "0"], "concurrency"),
        (["--max-requests", "0"], "max-requests"),
    ],
)
def test_cli_usage_errors(hume_mock, tmp_path: Path, args: list[str], match: str) -> None:  # type: ignore[no-untyped-def]
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    argv = ["run", "https://media.example.test/a.jpg", "--out", str(tmp_path / "o"), *args]
    result = CliRunner().invoke(cli, argv, env=env)
    assert result.exit_code == 2, result.output
    assert match in result.stderr
    assert hume_mock.store.stats["jobs_created"] == 0


def test_cli_out_is_a_file(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    target = tmp_path / "results.csv"
    target.write_text("x")
    argv = ["run", "https://media.example.test/a.jpg", "--out", str(target)]
    result = CliRunner().invoke(cli, argv, env=env)
    assert result.exit_code == 2, result.output
    assert "is a file" in result.stderr
    assert hume_mock.store.stats["jobs_created"] == 0


# ---------------------------------------------------------------------- settings (point 6)
def test_manifest_records_what_shaped_the_outputs(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    models = {"face": {"fps_pred": 2}}
    run_bulk(client, collect_inputs(url_inputs(2)), tmp_path, models=models)
    with Manifest(tmp_path) as manifest:
        settings = manifest.get_meta("settings")
    assert isinstance(settings, dict)
    assert settings["models"] == models
    assert settings["formats"] == ["json", "csv"]
    assert settings["base_url"] == hume_mock.url
    assert str(settings["key_fingerprint"]).startswith("sha256:")
    assert hume_mock.api_key not in json.dumps(settings)


def test_adding_a_format_derives_it_without_resubmitting(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(url_inputs(3))
    run_bulk(client, inputs, tmp_path)
    jobs = hume_mock.store.stats["jobs_created"]
    before = outputs(tmp_path)
    report = run_bulk(client, inputs, tmp_path, formats=["json", "csv", "parquet"])
    assert report.derived == 3
    assert hume_mock.store.stats["jobs_created"] == jobs, "nothing resubmitted"
    assert outputs(tmp_path) == before, "per-input files untouched"
    (dataset,) = tmp_path.glob("dataset/shard=all/job-*.parquet")  # 3 URLs: one job
    csvs = [next(tmp_path.glob(f"predictions/*/{r.name}.csv")) for r in inputs]
    rows = sum(len(pandas.read_csv(path)) for path in csvs)
    assert len(pandas.read_parquet(dataset)) == rows


def test_other_models_are_refused_unless_reprocessing(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    inputs = collect_inputs(url_inputs(2))
    run_bulk(client, inputs, tmp_path, models={"face": {"fps_pred": 1}})
    new_models = {"face": {"fps_pred": 3}}
    with pytest.raises(SettingsChanged, match=r"fps_pred\": 1\}.*fps_pred\": 3.*--reprocess"):
        run_bulk(client, inputs, tmp_path, models=new_models)
    assert hume_mock.store.stats["jobs_created"] == 1
    report = run_bulk(client, inputs, tmp_path, models=new_models, reprocess=True)
    assert (report.done, report.pending) == (2, 0)
    assert hume_mock.store.stats["jobs_created"] == 2
    with Manifest(tmp_path) as manifest:
        assert manifest.get_meta("settings")["models"] == new_models  # type: ignore[index]
        assert len(manifest.batches("superseded")) == 1


def test_cli_refuses_changed_models_with_a_usage_error(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    base = ["run", "https://media.example.test/a.mp4", "--out", str(tmp_path)]
    assert CliRunner().invoke(cli, [*base, "--model", "face"], env=env).exit_code == 0
    changed = CliRunner().invoke(cli, [*base, "--model", "prosody"], env=env)
    assert changed.exit_code == 2, changed.output
    assert "--reprocess" in changed.stderr
    again = CliRunner().invoke(cli, [*base, "--model", "prosody", "--reprocess"], env=env)
    assert again.exit_code == 0, again.output
    assert hume_mock.store.stats["jobs_created"] == 2


# ---------------------------------------------------------------------- the index (point 10)
def test_index_maps_every_input_to_its_outputs(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    sources = [*url_inputs(2), "https://media.example.test/fail.jpg"]
    report = run_bulk(client, collect_inputs(sources), tmp_path, batch_size=3)
    assert report.index == tmp_path / "index.csv"
    with report.index.open(newline="") as handle:
        rows = {row["input"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(sources)
    files = outputs(tmp_path)
    for url in url_inputs(2):
        row = rows[url]
        assert (row["kind"], row["status"], row["error"]) == ("url", "done", "")
        names = row["outputs"].split(";")  # from predictions/, in its fan-out subfolder
        assert len(names) == 2 and all(name.split("/")[1] in files for name in names)
        assert all((tmp_path / "predictions" / name).is_file() for name in names)
        folder, name = names[0].split("/")
        assert name.startswith(url.rsplit("/", 1)[-1]) and name.endswith(".json")
        assert len(folder) == 2
        assert len(row["job_id"]) == 36
    failed = rows["https://media.example.test/fail.jpg"]
    assert failed["status"] == "failed" and "failed" in failed["error"]
    assert failed["outputs"].endswith(".error.json")
