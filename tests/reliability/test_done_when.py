"""Issue 22's first "done when", as a test: a run of mixed inputs over two shards reads, with the
README's own one-liner, as one table in which every row names its input; the same table comes
from the run folder with no server running."""

from __future__ import annotations

import glob
import re
from pathlib import Path

import pytest
from bulk_helpers import patient_client
from humebatch import Predictions
from humebatch.bulk import collect_inputs, run_bulk

REPO = Path(__file__).resolve().parents[2]
TEXTS = [f"done-when sentence {i}, said twice in a row" for i in range(8)]
URLS = [f"https://media.example.test/done-{i}.jpg?faces=2" for i in range(2)]


def test_two_shards_of_mixed_inputs_read_as_one_table_online_and_offline(
    hume_mock_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    one_liner = re.search(
        r"^table = (pd\.concat\(.*\))  # or pandas$", (REPO / "README.md").read_text(), re.M
    )
    assert one_liner, "the README's pandas one-liner"
    server = hume_mock_factory(queue_seconds=0.0, run_seconds=0.2)
    out = tmp_path / "results"
    client = patient_client(server.url, server.api_key)
    files = [REPO / "samples" / "face.png", REPO / "samples" / "voice.wav"]
    records = collect_inputs([*URLS, *files], texts=TEXTS)
    for i in range(2):
        inputs = collect_inputs([*URLS, *files], texts=TEXTS)
        run_bulk(client, inputs, out, shard=f"{i}/2", batch_size=4, formats=["parquet"])
    server.stop()  # from here on, no server

    code = one_liner.group(1).replace("results/", f"{out}/")
    table = eval(code, {"pd": pd, "glob": glob})  # the README's own line, run as written
    expected = {r.key if r.kind == "text" else r.value for r in records}
    assert set(table["input"]) == expected, "every input, each named on its rows"
    assert table["input"].notna().all() and (table["input"] != "").all()

    offline = Predictions.from_path(out).to_dataframe()
    key = ["input", "model", "index"]
    assert len(offline) == len(table)
    assert sorted(map(tuple, offline[key].astype(str).values)) == sorted(
        map(tuple, table[key].astype(str).values)
    )
