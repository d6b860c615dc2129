"""The artifacts zip: one CSV per model, one row per prediction."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from uuid import UUID

from hume_batch_api.api.batch import get_job_artifacts, get_job_predictions
from humebatch_mock._names import EMOTIONS_48
from mock_helpers import ARTIFACTS, check, submit, wait_status


def test_zip_has_a_csv_per_model_with_a_row_per_prediction(shared_client) -> None:
    job_id = submit(shared_client, urls=["https://example.com/talk.mp4?duration=8"])
    wait_status(shared_client, job_id, "COMPLETED")
    response = get_job_artifacts.sync_detailed(UUID(job_id), client=shared_client)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    check(response, "GET", ARTIFACTS)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    predictions = json.loads(
        get_job_predictions.sync_detailed(UUID(job_id), client=shared_client).content
    )
    models = predictions[0]["results"]["predictions"][0]["models"]
    assert sorted(archive.namelist()) == sorted(f"csv/{m}.csv" for m in models)
    for model, result in models.items():
        rows = list(csv.DictReader(io.StringIO(archive.read(f"csv/{model}.csv").decode())))
        expected = sum(len(g["predictions"]) for g in result["grouped_predictions"])
        assert len(rows) == expected, model
        if model in ("face", "prosody", "burst", "facemesh") and rows:
            assert set(EMOTIONS_48) <= set(rows[0]), model
            assert rows[0]["file"] == "talk.mp4"
