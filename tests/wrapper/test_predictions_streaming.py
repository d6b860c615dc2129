"""Job.predictions streams the body to a spooled temp file and decodes it from there (issue 15):
a large body is never held in memory as bytes beside its decoded structs."""

from __future__ import annotations

import gc
import io
import tracemalloc
from typing import Any

import pytest
from fake_batch_api import FAST, FAST_RETRY, resolve
from humebatch import AsyncClient, Client, jobs
from humebatch.predictions import Predictions

pytest.importorskip("humebatch_mock")

from humebatch_mock import MockConfig, MockServer

KEY = "mock-key-spool"
# ~4.5 MB of predictions: well past the in-memory spool limit (1 MiB).
LONG_VIDEO = "https://example.com/talk.mp4?duration=600"
MODELS = {"face": {"fps_pred": 3}, "prosody": {}}


@pytest.fixture(scope="module")
def server() -> Any:
    with MockServer(MockConfig(api_keys={KEY}, queue_seconds=0.02, run_seconds=0.05)) as s:
        yield s


def _client(server: MockServer, mode: str) -> Any:
    kind = Client if mode == "sync" else AsyncClient
    return kind(api_key=KEY, base_url=server.url, poll_schedule=FAST, retry_policy=FAST_RETRY)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_large_predictions_are_decoded_from_a_file_not_from_bytes(
    server: MockServer, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(server, mode)
    job = await resolve(client.submit(urls=[LONG_VIDEO], models=MODELS))
    await resolve(job.wait(timeout=60))
    raw = await resolve(job.predictions_bytes())
    assert len(raw) > 3 * getattr(jobs, "_SPOOL_MAX", 1 << 20)

    decoded: list[str] = []
    from_file, from_bytes = Predictions.from_file.__func__, Predictions.from_bytes.__func__  # type: ignore[attr-defined]

    def spy_file(cls: type[Predictions], file: Any) -> Predictions:
        decoded.append("file")
        return from_file(cls, file)  # type: ignore[no-any-return]

    def spy_bytes(cls: type[Predictions], body: Any) -> Predictions:
        decoded.append(f"bytes:{len(body)}")
        return from_bytes(cls, body)  # type: ignore[no-any-return]

    monkeypatch.setattr(Predictions, "from_file", classmethod(spy_file))
    monkeypatch.setattr(Predictions, "from_bytes", classmethod(spy_bytes))
    gc.collect()
    tracemalloc.start()
    try:
        preds = await resolve(job.predictions())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    monkeypatch.undo()

    assert preds.top_emotions() == Predictions.from_bytes(raw).top_emotions()
    # Structs and records take ~2.5x the body; the body as bytes besides them adds 1x more.
    assert peak < 3.0 * len(raw), f"peak {peak / len(raw):.2f}x the body"
    await resolve(client.close()) if mode == "async" else client.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_small_predictions_stay_in_memory(server: MockServer, mode: str) -> None:
    client = _client(server, mode)
    job = await resolve(client.submit(urls=["https://example.com/face.jpg"], models={"face": {}}))
    await resolve(job.wait(timeout=60))
    preds = await resolve(job.predictions())
    raw = await resolve(job.predictions_bytes())
    assert len(raw) < getattr(jobs, "_SPOOL_MAX", 1 << 20)
    assert preds.top_emotions() == Predictions.from_bytes(raw).top_emotions() != []
    await resolve(client.close()) if mode == "async" else client.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_max_memory_says_how_much_of_a_body_stays_in_memory(
    server: MockServer, mode: str
) -> None:
    client = _client(server, mode)
    job = await resolve(client.submit(urls=[LONG_VIDEO], models=MODELS))
    await resolve(job.wait(timeout=60))
    raw = await resolve(job.predictions_bytes())
    spools = [
        await resolve(job.predictions_spool(max_memory=limit))
        for limit in (None, len(raw), len(raw) - 1)
    ]
    try:
        assert [jobs.spool_on_disk(s) for s in spools] == [True, False, True]
        for spool in spools:
            with jobs.spooled_body(spool) as body:
                assert bytes(body) == raw
    finally:
        for spool in spools:
            spool.close()
    await resolve(client.close()) if mode == "async" else client.close()


@pytest.mark.parametrize("limit", [0, -1, 1.5, True, "1"])
def test_a_spool_limit_that_is_not_a_positive_int_is_refused(limit: object) -> None:
    from humebatch import InvalidInput

    with pytest.raises(InvalidInput, match="max_memory must be an integer of at least 1"):
        jobs.new_spool(limit)  # type: ignore[arg-type]


def test_a_retried_stream_starts_the_sink_over() -> None:
    from humebatch._transport.drivers import _sink

    sink = io.BytesIO(b'[{"source": {"type": "url"}, "results": {"predic')  # a cut attempt
    with _sink(sink) as out:
        out.write(b"[]")
    assert sink.getvalue() == b"[]"
