"""`--shard I/N`: disjoint slices whose union is every input exactly once, read as one table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bulk_helpers import patient_client
from click.testing import CliRunner
from humebatch.bulk import Shard, collect_inputs, run_bulk
from humebatch.cli import cli
from humebatch.manifest import Manifest

TEXTS = [f"shard test sentence {i}" for i in range(40)]


def test_shards_partition_any_input_set() -> None:
    records = collect_inputs(texts=[f"t{i}" for i in range(2000)])
    for count in (1, 2, 7):
        owners = [[s for s in range(count) if Shard(s, count).holds(r)] for r in records]
        assert all(len(o) == 1 for o in owners), "each input in exactly one shard"
        sizes = [sum(1 for o in owners if o == [s]) for s in range(count)]
        assert min(sizes) > 0.7 * len(records) / count, sizes  # a stable hash spreads evenly


def test_shard_runs_cover_every_input_once_and_read_as_one_table(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    client = patient_client(hume_mock.url, hume_mock.api_key)
    reports = [
        run_bulk(
            client,
            collect_inputs(texts=TEXTS),
            tmp_path,  # one shared folder: per-shard manifest, lock and index
            shard=f"{i}/3",
            batch_size=10,
            formats=["json", "parquet"],
        )
        for i in range(3)
    ]
    assert sum(r.inputs for r in reports) == len(TEXTS)
    assert all(r.done == r.inputs > 0 for r in reports)
    seen: list[str] = []
    for i in range(3):
        with Manifest(tmp_path, f"manifest-shard-{i}-of-3.sqlite") as manifest:
            seen += [r.value for r in manifest.inputs()]
        with (tmp_path / f"index-shard-{i}-of-3.csv").open(newline="") as handle:
            assert len(list(csv.DictReader(handle))) == reports[i].inputs
    assert sorted(seen) == sorted(TEXTS), "the union is every input exactly once"
    assert hume_mock.store.stats["jobs_created"] == sum(r.jobs for r in reports)

    # All shards' Parquet files (one per job) as one table (tests/reliability/test_bulk_dataset.py
    # reads it with the README's query).
    files = sorted(tmp_path.glob("dataset/**/*.parquet"))
    table = pandas.concat([pandas.read_parquet(f) for f in files], ignore_index=True)
    assert len(files) == sum(r.jobs for r in reports)
    assert table["input"].nunique() == len(TEXTS)

    again = run_bulk(client, collect_inputs(texts=TEXTS), tmp_path, shard="1/3", batch_size=10)
    assert again.done == reports[1].done
    assert hume_mock.store.stats["jobs_created"] == sum(r.jobs for r in reports), "no new work"


def test_cli_shard(hume_mock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(TEXTS) + "\n")
    env = {"HUME_BASE_URL": hume_mock.url, "HUME_API_KEY": hume_mock.api_key}
    done = 0
    for i in range(2):
        argv = ["run", "--text-file", str(texts), "--out", str(tmp_path / "o"), "--shard", f"{i}/2"]
        result = CliRunner().invoke(cli, argv, env=env)
        assert result.exit_code == 0, result.output
        done += int(result.stdout.split(" done")[0])
    assert done == len(TEXTS)
