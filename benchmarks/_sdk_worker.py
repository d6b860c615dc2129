"""Runs inside the SDK venv (``hume`` + stdlib only, never humebatch): SDK-side measurements.

python _sdk_worker.py parse PATH ROUNDS WARMUP_PATH
    bytes -> the SDK's typed predictions (json.loads + parse_obj_as, exactly what
    ``client.expression_measurement.batch.get_job_predictions`` does with a response body)
    -> top-3 emotions of every prediction. Prints {"times": [...], "version": ...}.
python _sdk_worker.py requests BASE_URL KEY JOB_ID N ROUNDS
    N sequential ``get_job_details`` calls per round. Prints {"times": [...]}.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import typing
from importlib.metadata import version


def _top3(results: list[typing.Any]) -> list[typing.Any]:
    tops = []
    for source in results:
        if source.results is None:
            continue
        for file_pred in source.results.predictions:
            models = file_pred.models
            for result in (
                models.face,
                models.burst,
                models.prosody,
                models.language,
                models.ner,
                models.facemesh,
            ):
                if result is None:
                    continue
                for group in result.grouped_predictions:
                    for pred in group.predictions:
                        top = sorted(pred.emotions, key=lambda e: e.score, reverse=True)[:3]
                        tops.append([(e.name, e.score) for e in top])
    return tops


def parse(path: str, rounds: int, warmup_path: str) -> dict[str, typing.Any]:
    from hume.core.pydantic_utilities import parse_obj_as
    from hume.expression_measurement.batch.types.union_predict_result import UnionPredictResult

    target = typing.List[UnionPredictResult]  # noqa: UP006 -- the SDK's own spelling

    def once(raw: bytes) -> tuple[typing.Any, list[typing.Any]]:
        parsed = parse_obj_as(type_=target, object_=json.loads(raw))  # type: ignore[arg-type]
        return parsed, _top3(parsed)

    with open(warmup_path, "rb") as handle:
        once(handle.read())  # warm-up (imports, first-use setup) on a small body
    with open(path, "rb") as handle:
        raw = handle.read()
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        kept = once(raw)
        times.append(time.perf_counter() - start)
        del kept  # freed after the clock stops, as for every other contender
    return {"times": times, "version": version("hume"), "pydantic": version("pydantic")}


def requests(base_url: str, key: str, job_id: str, n: int, rounds: int) -> dict[str, typing.Any]:
    from hume import HumeClient

    client = HumeClient(api_key=key, base_url=base_url)
    batch = client.expression_measurement.batch
    batch.get_job_details(job_id)  # warm-up: connection, imports
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            batch.get_job_details(job_id)
        times.append(time.perf_counter() - start)
    return {"times": times, "version": version("hume")}


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "parse":
        answer = parse(args[0], int(args[1]), args[2])
    elif command == "requests":
        answer = requests(args[0], args[1], args[2], int(args[3]), int(args[4]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
