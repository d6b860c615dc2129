"""The API-change drill: an edit of the spec and `make generate` is the whole change.

A copy of the spec gains a prosody option with bounds (``pitch_floor``, 10 to 500, default
60), a granularity (``paragraph``) and a model (``gaze``, reading images, with an option of its
own), in the request schemas and their echoes, and the API's limits rise (250 inputs, 1 GB
files). After `make generate` into a temporary folder
(`support.api_change`), with no other file edited:

* the library sends them (JSON and multipart), refuses bad values with the new bounds and
  choices, and reads the new model's predictions;
* the mock accepts them, echoes them with their defaults, runs the new model, and answers a
  bad value with the spec's 400 body;
* the CLI offers them in ``submit --help``;
* ``make typecheck`` still passes.

A breaking change fails the project's own checks instead: renaming a model option
(``fps_pred``), or making one required (prosody's ``window``), makes ``make typecheck`` fail
where the project's code uses the old shape (and the rename the CLI's test of its kept flag
names), and the library and the mock refuse requests that were valid before, saying what the
spec now wants. (The CLI's side of the additive change
is `tests/cli/test_cli_api_change.py`; a change to a predictions schema fails
`tests/wrapper/test_predictions_views_spec.py`.)
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from support.api_change import project_tests, regenerate, run_child, spec_copy, typecheck

pytestmark = pytest.mark.timeout(600)

REF = "#/components/schemas/"


def _nullable(name: str) -> dict[str, Any]:
    return {"oneOf": [{"$ref": REF + name}, {"type": "null"}]}


def additive_spec() -> dict[str, Any]:
    spec = spec_copy()
    schemas = spec["components"]["schemas"]
    schemas["Prosody"]["properties"]["pitch_floor"] = {
        "type": ["integer", "null"], "minimum": 10, "maximum": 500, "default": 60,
        "description": "Lowest pitch considered, in Hz.",
    }  # fmt: skip
    schemas["ProsodyEcho"]["properties"]["pitch_floor"] = {"type": ["integer", "null"]}
    schemas["Granularity"]["enum"].append("paragraph")
    schemas["Models"]["properties"]["gaze"] = {**_nullable("Gaze"), "x-hume-reads": ["image"]}
    confidence = {"type": ["number", "null"], "minimum": 0, "maximum": 1, "default": 0.5}
    confidence["description"] = "Gazes detected with a lower confidence are left out."
    schemas["Gaze"] = {
        "type": "object",
        "additionalProperties": False,
        "description": "Where the eyes look.",
        "properties": {"min_gaze_confidence": confidence},
    }
    for schema, field in (("InferenceBaseRequest", "urls"), ("InferenceBaseRequest", "text"),
                          ("LocalFileJobRequest", "file")):  # fmt: skip
        schemas[schema]["properties"][field]["maxItems"] = 250  # the API's limits, raised
    schemas["LocalFileJobRequest"]["properties"]["file"]["x-hume-max-file-bytes"] = 2**30
    schemas["ModelsEcho"]["properties"]["gaze"] = _nullable("GazeEcho")
    schemas["GazeEcho"] = {
        "type": "object",
        "properties": {"min_gaze_confidence": {"type": ["number", "null"]}},
    }
    return spec


@pytest.fixture(scope="module")
def additive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("additive")
    return root, regenerate(additive_spec(), root)


# Runs with the regenerated packages first on the path: the library against the mock, the
# mock's answers to raw bad bodies, and the CLI's help.
END_TO_END = textwrap.dedent(
    """
    import json, sys
    import httpx
    import hume_batch_api, hume_batch_contract
    from click.testing import CliRunner
    from humebatch import Client, InvalidInput
    from humebatch.cli import cli
    from humebatch_mock import MockConfig, MockServer

    out = {"paths": [hume_batch_api.__file__, hume_batch_contract.__file__]}
    good = {"prosody": {"pitch_floor": 80}, "language": {"granularity": "paragraph"}, "gaze": {}}
    bad = {
        "bound": {"prosody": {"pitch_floor": 5}},
        "choice": {"language": {"granularity": "chapter"}},
        "option": {"gaze": {"min_gaze": 1}},
    }
    with MockServer(MockConfig(queue_seconds=0.01, run_seconds=0.05)) as server:
        client = Client(server.api_key, base_url=server.url)
        job = client.submit(urls=["https://example.com/face.jpg"], text=["what a day"],
                            models=good)
        details = job.wait(timeout=60)
        out["echo"] = details.request.to_dict()["models"]
        out["models_run"] = sorted({r.model for r in job.predictions().top_emotions(1)})
        upload = client.submit(files=[("eyes.png", b"\\x89PNG....")],
                               models={"gaze": {"min_gaze_confidence": 0.9}})
        out["upload_echo"] = upload.wait(timeout=60).request.to_dict()["models"]
        out["refused"] = {}
        for name, models in bad.items():
            try:
                client.submit(text=["hi"], models=models)
            except InvalidInput as exc:
                out["refused"][name] = str(exc)
        out["mock"] = {}
        for name, models in bad.items():
            answer = httpx.post(f"{server.url}/v0/batch/jobs",
                                json={"text": ["hi"], "models": models},
                                headers={"X-Hume-Api-Key": server.api_key})
            out["mock"][name] = [answer.status_code, answer.json()]
    out["help"] = CliRunner().invoke(cli, ["submit", "--help"], terminal_width=200).stdout
    out["run_help"] = CliRunner().invoke(cli, ["run", "--help"], terminal_width=200).stdout
    from humebatch import bulk, inputs
    from humebatch._transport import errormap
    config = MockConfig()
    out["limits"] = {
        "bulk": bulk.MAX_PER_JOB, "library": [inputs.MAX_URLS, inputs.MAX_FILE_BYTES],
        "mock": [config.max_urls, config.max_texts, config.max_files, config.max_file_bytes],
        "advice": errormap._ADVICE[errormap.PayloadTooLargeError],
    }
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def end_to_end(additive: tuple[Path, Path]) -> dict[str, Any]:
    _, generated = additive
    result: dict[str, Any] = run_child(generated, END_TO_END)
    assert all(path.startswith(str(generated)) for path in result["paths"])  # regenerated ones
    return result


def test_the_library_sends_the_new_option_value_and_model_and_the_mock_echoes_them(
    end_to_end: dict[str, Any],
) -> None:
    echo = end_to_end["echo"]
    assert echo["prosody"]["pitch_floor"] == 80
    assert echo["language"]["granularity"] == "paragraph"
    assert echo["gaze"] == {"min_gaze_confidence": 0.5}  # the spec's default, filled by the mock
    assert end_to_end["upload_echo"]["gaze"] == {"min_gaze_confidence": 0.9}  # multipart too
    assert "gaze" in end_to_end["models_run"]  # its predictions read (as a generic model)
    assert "language" in end_to_end["models_run"]


def test_bad_values_are_refused_by_the_library_with_the_specs_bounds(
    end_to_end: dict[str, Any],
) -> None:
    refused = end_to_end["refused"]
    assert refused["bound"] == "models.prosody.pitch_floor must be between 10 and 500, got 5."
    assert "one of word, sentence, utterance, conversational_turn, paragraph" in refused["choice"]
    assert (
        refused["option"].removesuffix(".")
    ) == "models.gaze has no option 'min_gaze' (known options: min_gaze_confidence)"


def test_bad_values_are_refused_by_the_mock_with_the_specs_400_body(
    end_to_end: dict[str, Any],
) -> None:
    answers = end_to_end["mock"]
    for status, body in answers.values():
        assert status == 400 and set(body) == {"message"}  # the spec's ErrorMessage
    assert "between 10 and 500" in answers["bound"][1]["message"]
    assert "paragraph" in answers["choice"][1]["message"]
    assert "min_gaze" in answers["option"][1]["message"]


def test_the_cli_offers_the_new_option_value_and_model(end_to_end: dict[str, Any]) -> None:
    text = " ".join(end_to_end["help"].split())
    assert "--pitch-floor INTEGER prosody: Lowest pitch considered, in Hz. Between 10 and 500" in (
        text
    )
    assert "--model [face|burst|prosody|language|ner|facemesh|gaze]" in text
    assert "--min-gaze-confidence FLOAT gaze: Gazes detected with a lower confidence" in text
    assert "paragraph" in text


def test_the_limits_follow_the_spec(end_to_end: dict[str, Any]) -> None:
    limits = end_to_end["limits"]
    assert limits["bulk"] == 250 and limits["library"] == [250, 2**30]
    assert limits["mock"] == [250, 250, 250, 2**30]
    assert "at most 1024 MB" in limits["advice"]
    assert (
        "--batch-size INTEGER RANGE Inputs per job (the API allows 250). [default: 250; 1<=x<=250]"
        in (" ".join(end_to_end["run_help"].split()))
    )


def test_the_project_still_typechecks_after_an_additive_change(
    additive: tuple[Path, Path],
) -> None:
    root, generated = additive
    result = typecheck(generated, root)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- breaking changes

BREAKING = textwrap.dedent(
    """
    import json, sys
    import httpx
    from humebatch import Client, InvalidInput
    from humebatch_mock import MockServer

    models = json.loads(sys.argv[1])
    out = {}
    with MockServer() as server:
        try:
            Client(server.api_key, base_url=server.url).submit(text=["hi"], models=models)
            out["library"] = "accepted"
        except InvalidInput as exc:
            out["library"] = str(exc)
        answer = httpx.post(f"{server.url}/v0/batch/jobs", json={"text": ["hi"], "models": models},
                            headers={"X-Hume-Api-Key": server.api_key})
        out["mock"] = [answer.status_code, answer.json()]
    print(json.dumps(out))
    """
)


def renamed_spec() -> dict[str, Any]:
    spec = spec_copy()
    schemas = spec["components"]["schemas"]
    for name in ("Face", "FaceEcho"):
        props = schemas[name]["properties"]
        schemas[name]["properties"] = {
            ("frames_per_second" if key == "fps_pred" else key): value
            for key, value in props.items()
        }
    return spec


def required_spec() -> dict[str, Any]:
    spec = spec_copy()
    spec["components"]["schemas"]["Prosody"]["required"] = ["window"]
    return spec


@pytest.mark.parametrize(
    ("make_spec", "models", "mypy_says", "library_says", "mock_says"),
    [
        (
            renamed_spec,
            {"face": {"fps_pred": 2}},
            'TypedDict item "face" has type "FaceConfig | None"',
            "models.face has no option 'fps_pred' (known options: frames_per_second,",
            "models.face: unknown field 'fps_pred'",
        ),
        (
            required_spec,
            {"prosody": {"granularity": "word"}},
            'TypedDict item "prosody" has type "ProsodyConfig | None"',
            "models.prosody.window is required.",
            "models.prosody.window: required",
        ),
    ],
    ids=["renamed-option", "newly-required-option"],
)
def test_a_breaking_change_fails_the_projects_checks(
    tmp_path: Path,
    make_spec: Any,
    models: dict[str, Any],
    mypy_says: str,
    library_says: str,
    mock_says: str,
) -> None:
    generated = regenerate(make_spec(), tmp_path)
    if make_spec is renamed_spec:  # the CLI's kept name --fps loses its option: a test says so
        legacy = "tests/cli/test_cli_request.py::test_every_legacy_name_still_names_an_option_of"
        run = project_tests(generated, legacy + "_the_contract")
        assert run.returncode == 1 and "--fps names models.face.fps_pred" in run.stdout
    result = typecheck(generated, tmp_path)
    assert result.returncode == 1
    assert "wrapper/humebatch/demo.py:" in result.stdout and mypy_says in result.stdout
    answers = run_child(generated, BREAKING, json.dumps(models))
    assert library_says in answers["library"]
    status, body = answers["mock"]
    assert status == 400 and mock_says in body["message"]
