"""A run reads each predictions body as `job.predictions()` does (issue 20 item 5): streamed to a
spool (a temp file beyond `_pipeline.BODY_IN_MEMORY`), memory-mapped, split by input from there;
never the body as one bytes object. Each input's JSON is its slice of the body, verbatim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from bulk_helpers import assert_complete, patient_client
from humebatch import jobs
from humebatch.bulk import _pipeline, collect_inputs, run_bulk
from humebatch.bulk._split import split_body, split_by_input, with_input
from humebatch.manifest import InputRecord


def _spy_spools(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Make every body go to disk (a tiny threshold) and record, per body, whether it did."""
    monkeypatch.setattr(_pipeline, "BODY_IN_MEMORY", 64)
    seen: list[bool] = []
    real = _pipeline.spooled_body

    def spy(spool: Any) -> Any:
        seen.append(jobs.spool_on_disk(spool))
        return real(spool)

    async def no_bytes(*_: Any, **__: Any) -> bytes:
        raise AssertionError("the run fetched a body as bytes")

    monkeypatch.setattr(_pipeline, "spooled_body", spy)
    monkeypatch.setattr(jobs.AsyncJob, "predictions_bytes", no_bytes)
    return seen


def test_bodies_are_spooled_to_disk_and_split_from_there(
    hume_mock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _spy_spools(monkeypatch)
    urls = [f"https://media.example.test/clip-{i}.mp4?duration=5" for i in range(3)]
    texts = ["I am thrilled.", "This is awful.", "Fine, I suppose."]
    client = patient_client(hume_mock.url, hume_mock.api_key)
    report = run_bulk(client, collect_inputs(urls, texts=texts), tmp_path, batch_size=3)
    assert (report.done, report.errors) == (6, 0)
    assert seen == [True, True], "every body (one url job, one text job) read from its spool file"
    assert_complete(tmp_path, 6)


def test_each_input_gets_exactly_what_the_dict_split_gave() -> None:
    body = orjson.dumps(
        [
            {
                "source": {"type": "text"},
                "results": {
                    "predictions": [
                        {"file": "2", "models": {"language": None}, "extra": [1.5, "é"]},
                        {"file": "1", "models": {}},
                        {"file": "2", "models": {}},
                    ],
                    "errors": [{"file": "1", "message": "too short"}],
                },
                "error": None,
                "unknown": {"kept": "in the slices only"},
            }
        ]
    )
    records = [InputRecord(key=f"k{i}", kind="text", value=f"t{i}", name=f"n{i}") for i in range(3)]
    pieces = split_body("text", records, body)
    old = split_by_input("text", records, orjson.loads(body))
    assert {k: orjson.loads(raw) for k, (raw, _) in pieces.items()} == old
    assert [error for _, error in pieces.values()] == [None, None, None]


@pytest.mark.parametrize(
    "prediction",
    [
        b'{"file":"3","models":{}}',  # the API's form: read from its first bytes
        b'{ "file" : "3", "models": {}}',  # spaced
        b'{"models":{},"file":"3"}',  # file not first
        b'{"file":"\\u0033","models":{}}',  # "3", escaped
        b'{"file":"31","models":{}}',  # another text's
        b'{"file":"3x","models":{}}',  # no text's
        b'{"file":3,"models":{}}',  # not a string
    ],
)
def test_a_text_prediction_goes_to_the_text_its_file_names(prediction: bytes) -> None:
    body = b'[{"source":{"type":"text"},"results":{"predictions":[' + prediction + b"]}}]"
    records = [InputRecord(key=f"k{i}", kind="text", value=f"t{i}", name=f"n{i}") for i in range(4)]
    pieces = split_body("text", records, body)
    old = split_by_input("text", records, orjson.loads(body))
    assert {k: orjson.loads(raw) for k, (raw, _) in pieces.items()} == old
    found = [k for k, (raw, _) in pieces.items() if orjson.loads(raw)["results"]["predictions"]]
    assert found == (["k2"] if orjson.loads(prediction)["file"] == "3" else [])


def test_a_media_input_json_is_its_slice_of_the_body_verbatim() -> None:
    first = b'{"source": {"type": "url", "url": "u1"},  "results": {"predictions": []}}'
    second = b'{"source":{"type":"url","url":"u2"},"error":"could not fetch"}'
    body = b"[" + first + b" ,\n " + second + b"]"
    records = [InputRecord(key=u, kind="url", value=u, name=u) for u in ("u1", "u2", "u3")]
    pieces = split_body("url", records, body)
    assert {k: (bytes(raw), error) for k, (raw, error) in pieces.items()} == {
        "u1": (first, None),
        "u2": (second, "could not fetch"),
    }


def test_a_body_of_an_unexpected_shape_is_split_the_slow_way() -> None:
    body = orjson.dumps([{"source": {"type": "url", "url": 7}}, {"source": {"url": "u1"}}])
    records = [InputRecord(key="u1", kind="url", value="u1", name="u1")]
    pieces = split_body("url", records, body)
    assert {k: orjson.loads(raw) for k, (raw, _) in pieces.items()} == {
        "u1": {"source": {"url": "u1"}}
    }


def test_the_input_is_named_first_and_the_rest_kept() -> None:
    assert with_input(b'{"source": {"url": "u"} }', "u") == b'{"input":"u","source": {"url": "u"} }'
    assert with_input(b"{ }", "t/1") == b'{"input":"t/1"}'
    assert orjson.loads(with_input(b'{"a":1}', 'say "hi"')) == {"input": 'say "hi"', "a": 1}


@pytest.mark.parametrize(
    "body",
    [
        # compact, with a decoy opening inside a source (an unknown field holding sources)
        b'[{"source":{"url":"u1"},"x":[1,{"source":{"url":"u2"}}]},{"source":{"url":"u2"}}]',
        # another form: decoded whole, the same pieces
        b'[ {"source": {"url": "u1"}, "x": [1, {"source": {"url": "u2"}}]},'
        b'\n {"source": {"url": "u2"}}]',
    ],
)
def test_a_mapped_body_is_split_source_by_source(tmp_path: Path, body: bytes) -> None:
    import mmap

    path = tmp_path / "body.json"
    path.write_bytes(body)
    records = [InputRecord(key=u, kind="url", value=u, name=u) for u in ("u1", "u2")]
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        view = memoryview(m)
        pieces = split_body("url", records, view)
        got = {k: orjson.loads(bytes(raw)) for k, (raw, _) in pieces.items()}
        del pieces
        view.release()
    assert got == {k: v for k, v in zip(("u1", "u2"), orjson.loads(body), strict=True)}
