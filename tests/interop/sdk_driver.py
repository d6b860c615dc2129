"""Drives every batch method of the official ``hume`` SDK against a server (runs in the SDK venv).

Imports only ``hume`` and the standard library, never humebatch. Usage::

    python sdk_driver.py BASE_URL API_KEY WORKDIR

Prints one JSON object: scenario name -> what the SDK returned (summarised) or the error it
raised (``{"error": class name, "status": HTTP status}``). tests/interop/ checks each entry.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import traceback
import typing
import zipfile
from collections.abc import Callable
from importlib.metadata import version

from hume import HumeClient
from hume.core.api_error import ApiError
from hume.expression_measurement.batch import (
    Face,
    InferenceBaseRequest,
    Language,
    Models,
    Ner,
    Prosody,
    Transcription,
    Window,
)
from hume.expression_measurement.batch.client import BatchClient

URL = "https://hume-tutorials.s3.amazonaws.com/faces.zip"
VIDEO_URL = "https://example.com/interview.mp4"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def every_model() -> Models:
    """All six models with every option set (and an explicit None where the SDK allows one).

    The SDK types `Unconfigurable` as a plain dict, so `{}` enables the options that take one.
    """
    return Models(
        face=Face(
            fps_pred=None,
            prob_threshold=0.5,
            identify_faces=True,
            min_face_size=20,
            facs={},
            descriptions={},
            save_faces=True,
        ),
        burst={},
        prosody=Prosody(
            granularity="word", window=Window(length=4.0, step=1.0), identify_speakers=True
        ),
        language=Language(
            granularity="sentence",
            sentiment={},
            toxicity={},
            identify_speakers=False,
        ),
        ner=Ner(identify_speakers=True),
        facemesh={},
    )


def summary(job: typing.Any) -> dict[str, typing.Any]:
    """What the SDK made of a job: its type and the fields read through its typed models."""
    state = job.state
    request = job.request
    return {
        "class": type(job).__name__,
        "job_id": job.job_id,
        "type": getattr(job, "type", None),
        "status": state.status,
        "state_class": type(state).__name__,
        "message": getattr(state, "message", None),
        "urls": list(request.urls or []),
        "text": list(request.text or []),
        "files": [f.filename for f in request.files or []],
        "models": sorted(
            name
            for name, value in (request.models.dict() if request.models else {}).items()
            if value is not None
        ),
    }


def wait(batch: BatchClient, job_id: str, limit: float = 20.0) -> dict[str, typing.Any]:
    deadline = time.monotonic() + limit
    while True:
        job = batch.get_job_details(job_id)
        if job.state.status in ("COMPLETED", "FAILED") or time.monotonic() > deadline:
            return summary(job)
        time.sleep(0.05)


def predictions(batch: BatchClient, job_id: str) -> dict[str, typing.Any]:
    wait(batch, job_id)
    results = batch.get_job_predictions(job_id)
    sources, kinds, files = [], set(), []
    for result in results:
        sources.append(result.source.type)
        for prediction in result.results.predictions if result.results else []:
            files.append(prediction.file)
            for name, model in prediction.models:
                if model is None:
                    continue
                kinds.add(name)
                for group in model.grouped_predictions:
                    for item in group.predictions:
                        assert item.emotions, f"{name}: no emotions"
    return {"sources": sources, "models": sorted(kinds), "files": files}


def run(base_url: str, key: str, workdir: str) -> dict[str, typing.Any]:
    client = HumeClient(api_key=key, base_url=base_url, timeout=30)
    batch = client.expression_measurement.batch
    image = os.path.join(workdir, "face.png")
    audio = os.path.join(workdir, "voice.wav")
    out: dict[str, typing.Any] = {"sdk_version": version("hume")}
    jobs: dict[str, str] = {}

    def scenario(name: str, call: Callable[[], typing.Any]) -> None:
        try:
            out[name] = call()
        except ApiError as exc:
            out[name] = {"error": type(exc).__name__, "status": exc.status_code, "body": exc.body}
        except Exception as exc:  # every failure is reported, not raised: the tests name it
            out[name] = {
                "error": type(exc).__name__,
                "message": str(exc)[:500],
                "trace": traceback.format_exc()[-1500:],
            }

    def start(name: str, call: Callable[[], str]) -> None:
        def go() -> str:
            job_id = call()
            jobs[name] = job_id
            return job_id

        scenario(name, go)

    # -- start from URLs and texts: every model and option, explicit None included
    start(
        "start_urls_every_option",
        lambda: batch.start_inference_job(
            urls=[VIDEO_URL],
            models=every_model(),
            transcription=Transcription(
                language="en", identify_speakers=True, confidence_threshold=0.5
            ),
            callback_url=None,
            notify=None,
        ),
    )
    start(
        "start_text",
        lambda: batch.start_inference_job(
            text=["I am so happy today.", "This is terrible."],
            models=Models(language=Language(granularity="word", sentiment={}), ner=Ner()),
        ),
    )
    start(
        "start_explicit_none",
        lambda: batch.start_inference_job(
            urls=[URL], models=None, transcription=None, text=None, callback_url=None, notify=None
        ),
    )
    start("start_defaults", lambda: batch.start_inference_job(urls=[URL], notify=True))

    # -- start from local files: paths, bytes, tuples; json part as a file part (the SDK's utils
    # client, after the files) and as a form field (its generated client, before the files)
    config = InferenceBaseRequest(models=Models(face=Face(), prosody=Prosody()), notify=None)
    with open(image, "rb") as img, open(audio, "rb") as wav:
        start(
            "start_files_paths_with_json",
            lambda: batch.start_inference_job_from_local_file(file=[img, wav], json=config),
        )
    with open(image, "rb") as handle:
        png = handle.read()
    with open(audio, "rb") as handle:
        wav_bytes = handle.read()
    start(
        "start_files_bytes_without_json",
        lambda: batch.start_inference_job_from_local_file(file=[png]),
    )
    start(
        "start_files_tuples",
        lambda: batch.start_inference_job_from_local_file(
            file=[("face.png", png), ("voice.wav", io.BytesIO(wav_bytes), "audio/wav")],
            json=InferenceBaseRequest(models=Models(face=Face(fps_pred=None), prosody=Prosody())),
        ),
    )
    start(
        "start_files_json_as_form_field",
        lambda: BatchClient.start_inference_job_from_local_file(
            batch, file=[("face.png", png, "image/png")], json=config
        ),
    )

    # -- details, predictions of every source and model kind, artifacts
    for name, job_id in list(jobs.items()):
        scenario(f"details:{name}", lambda job_id=job_id: wait(batch, job_id))
    for name in ("start_urls_every_option", "start_text", "start_files_paths_with_json"):
        if name in jobs:
            scenario(f"predictions:{name}", lambda job_id=jobs[name]: predictions(batch, job_id))
    if "start_urls_every_option" in jobs:

        def artifacts() -> dict[str, typing.Any]:
            data = b"".join(batch.get_job_artifacts(jobs["start_urls_every_option"]))
            return {"zip": zipfile.is_zipfile(io.BytesIO(data)), "bytes": len(data)}

        scenario("artifacts", artifacts)

    # -- list with every filter
    now = int(time.time() * 1000) + 60_000
    scenario("list_default", lambda: [summary(j) for j in batch.list_jobs()])
    scenario("list_limit_2", lambda: [summary(j) for j in batch.list_jobs(limit=2)])
    scenario("list_status_one", lambda: [summary(j) for j in batch.list_jobs(status="COMPLETED")])
    scenario(
        "list_status_many",
        lambda: [summary(j) for j in batch.list_jobs(status=["COMPLETED", "FAILED"])],
    )
    scenario(
        "list_created_before",
        lambda: [summary(j) for j in batch.list_jobs(when="created_before", timestamp_ms=now)],
    )
    scenario(
        "list_created_after",
        lambda: [summary(j) for j in batch.list_jobs(when="created_after", timestamp_ms=now)],
    )
    for sort_by in ("created", "started", "ended"):
        for direction in ("asc", "desc"):
            scenario(
                f"list_sort_{sort_by}_{direction}",
                lambda sort_by=sort_by, direction=direction: [
                    summary(j) for j in batch.list_jobs(sort_by=sort_by, direction=direction)
                ],
            )

    # -- the SDK's own errors
    wrong = HumeClient(
        api_key="not-the-key", base_url=base_url, timeout=30
    ).expression_measurement.batch
    scenario("error_401_list", lambda: wrong.list_jobs())
    scenario(
        "error_401_details", lambda: wrong.get_job_details(jobs.get("start_defaults", UNKNOWN_ID))
    )
    scenario("error_404_details", lambda: batch.get_job_details(UNKNOWN_ID))
    scenario("error_404_predictions", lambda: batch.get_job_predictions(UNKNOWN_ID))
    scenario("error_404_artifacts", lambda: b"".join(batch.get_job_artifacts(UNKNOWN_ID)))
    return out


if __name__ == "__main__":
    # `default`: a scenario expected to fail that returned a model instead is reported as such
    print(json.dumps(run(*sys.argv[1:4]), default=lambda o: {"returned": type(o).__name__}))
