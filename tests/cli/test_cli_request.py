"""The whole request from the command line: a flag per option of every model and of
transcription, built from the contract; ``--config`` JSON (inline, @file) merged under the flags
in `submit` and `run`; values checked by the library, errors worded in flags."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import click
import pytest
from cli_helpers import SAMPLES, Cli
from hume_batch_contract import MODELS, REQUEST, SCHEMAS, Field, Schema
from humebatch.cli import ExitCode, cli
from humebatch.cli._request import FLAGS, build_flags
from humebatch.errors import InvalidInput

CALLBACK = "http://127.0.0.1:9/hook"


def _help(hb: Cli, command: str) -> str:
    result = hb.run(command, "--help")
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())  # unwrapped: help lines wrap at any width


def _contract_options() -> list[tuple[str, ...]]:
    """Every settable leaf of a job request, walked from the contract (JSON paths)."""
    paths: list[tuple[str, ...]] = []

    def walk(schema: Schema, path: tuple[str, ...]) -> None:
        for name, field in schema.fields.items():
            sub = SCHEMAS.get(field.ref or "")
            if sub is not None and sub.fields:
                walk(sub, (*path, name))
            else:
                paths.append((*path, name))

    models = SCHEMAS[SCHEMAS[REQUEST].fields["models"].ref or ""]
    for model, field in models.fields.items():
        walk(SCHEMAS[field.ref or ""], ("models", model))
    walk(SCHEMAS[SCHEMAS[REQUEST].fields["transcription"].ref or ""], ("transcription",))
    paths += [(name,) for name in ("callback_url", "notify")]
    return paths


def _flag_for(path: tuple[str, ...]) -> str:
    (flag,) = [f.name for f in FLAGS if any(t.path == path for t in f.targets)]
    return flag


def test_every_option_of_the_contract_has_a_flag_in_submit_and_run(hb: Cli) -> None:
    options = _contract_options()
    assert ("models", "face", "min_face_size") in options  # the walk reaches the nested ones
    assert ("models", "prosody", "window", "step") in options
    for command in ("submit", "run"):
        text = _help(hb, command)
        for path in options:
            flag = _flag_for(path)
            assert re.search(rf"(^|[\s,]){re.escape(flag)}\b", text), (command, path, flag)


def test_help_shows_what_the_contract_says_of_each_option(hb: Cli) -> None:
    text = _help(hb, "submit")
    face = SCHEMAS["Face"].fields
    assert "--prob-threshold FLOAT" in text
    assert "Between 0 and 1" in text and f"API default: {face['prob_threshold'].default}" in text
    assert face["save_faces"].description in text
    assert "--min-face-size INTEGER" in text
    granularity = SCHEMAS["Prosody"].fields["granularity"]
    assert f"--granularity [{'|'.join(granularity.enum or ())}]" in text
    assert "--identify-faces / --no-identify-faces" in text
    assert "Flags are laid over it: where both set a value, the flag wins" in text


def _request_of(hb: Cli, job_id: str) -> dict[str, Any]:
    details = json.loads(hb.run("status", job_id, "--json").stdout)
    return details["request"]  # type: ignore[no-any-return]


def test_the_options_the_cli_lacked_reach_the_request(hb: Cli, sample_files: list[str]) -> None:
    job_id = hb.submit(
        sample_files[2], "--model", "face", "--model", "prosody",
        "--min-face-size", "40", "--save-faces", "--window-length", "2.5", "--window-step", "1",
        "--transcription-identify-speakers", "--transcription-confidence-threshold", "0.3",
        "--language", "en", "--callback-url", CALLBACK, "--notify",
    )  # fmt: skip
    request = _request_of(hb, job_id)
    assert request["models"]["face"]["min_face_size"] == 40
    assert request["models"]["face"]["save_faces"] is True
    assert request["models"]["prosody"]["window"] == {"length": 2.5, "step": 1}
    assert request["transcription"]["identify_speakers"] is True
    assert request["transcription"]["confidence_threshold"] == 0.3
    assert request["transcription"]["language"] == "en"
    assert request["callback_url"] == CALLBACK
    assert request["notify"] is True


def test_no_flags_send_a_null_to_switch_off(hb: Cli) -> None:
    job_id = hb.submit(
        "--text", "hello", "--model", "language", "--no-sentiment", "--no-identify-speakers"
    )
    language = _request_of(hb, job_id)["models"]["language"]
    assert language["identify_speakers"] is False
    assert not language.get("sentiment")  # null is absent: the echo shows null or nothing


def test_config_inline_and_from_a_file_with_the_flags_laid_over_it(hb: Cli, tmp_path: Path) -> None:
    config = {
        "models": {"prosody": {"granularity": "word", "identify_speakers": True}, "language": {}},
        "transcription": {"language": "fr", "confidence_threshold": 0.2},
        "text": ["from the config"],
    }
    inline = hb.submit("--config", json.dumps(config), "--language", "de")
    path = tmp_path / "req.json"
    path.write_text(json.dumps(config))
    from_file = hb.submit("--config", f"@{path}", "--language", "de", "--granularity", "sentence")
    first, second = _request_of(hb, inline), _request_of(hb, from_file)
    assert first["models"]["prosody"]["granularity"] == "word"  # kept from the config
    assert first["models"]["prosody"]["identify_speakers"] is True
    assert first["transcription"] == {**first["transcription"], "language": "de"}  # flag wins
    assert first["transcription"]["confidence_threshold"] == 0.2
    assert first["text"] == ["from the config"]
    assert not first["models"].get("face")  # the config's models, not every model
    # --granularity sets it on each selected model that has it: the config's models
    assert second["models"]["prosody"]["granularity"] == "sentence"
    assert second["models"]["language"]["granularity"] == "sentence"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"modles": {}}', "'modles', which is not a setting of a job"),
        ("@/nonexistent/req.json", "cannot read"),
    ],
)
def test_a_bad_config_is_a_usage_error(hb: Cli, value: str, message: str) -> None:
    result = hb.run("submit", "--text", "x", "--config", value)
    assert result.exit_code == ExitCode.USAGE
    assert message in result.stderr


def test_bounds_are_checked_by_the_library_and_worded_in_flags(hb: Cli) -> None:
    result = hb.run("submit", str(SAMPLES / "face.png"), "--model", "face", "--prob-threshold", "2")
    assert result.exit_code == ExitCode.USAGE
    assert "--prob-threshold" in result.stderr and "between 0 and 1" in result.stderr
    assert "models.face.prob_threshold" not in result.stderr
    result = hb.run("submit", "--text", "x", "--transcription-confidence-threshold", "-1")
    assert result.exit_code == ExitCode.USAGE
    assert "--transcription-confidence-threshold" in result.stderr
    # From --config, the value keeps its JSON path: no flag gave it.
    config = json.dumps({"models": {"face": {"prob_threshold": 2}}})
    result = hb.run("submit", str(SAMPLES / "face.png"), "--config", config)
    assert result.exit_code == ExitCode.USAGE
    assert "models.face.prob_threshold" in result.stderr


def test_an_option_for_no_selected_model_names_the_config_too(hb: Cli) -> None:
    config = json.dumps({"models": {"language": {}}})
    result = hb.run("submit", "--text", "x", "--config", config, "--fps", "2")
    assert result.exit_code == ExitCode.USAGE
    assert "--fps configures face, which --model or --config does not select" in result.stderr


def _jobs_of_run(out: Path) -> list[str]:
    with (out / "index.csv").open() as index:
        return sorted({row["job_id"] for row in csv.DictReader(index) if row.get("job_id")})


def test_run_takes_transcription_callback_and_notify(hb: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = json.dumps({"models": {"language": {"granularity": "sentence"}}})
    result = hb.run(
        "run", "--text", "What a day!", "--out", str(out), "--config", config,
        "--language", "en", "--transcription-confidence-threshold", "0.4",
        "--callback-url", CALLBACK, "--notify",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (job_id,) = _jobs_of_run(out)
    request = _request_of(hb, job_id)
    assert request["models"]["language"]["granularity"] == "sentence"
    assert request["transcription"]["language"] == "en"
    assert request["transcription"]["confidence_threshold"] == 0.4
    assert (request["callback_url"], request["notify"]) == (CALLBACK, True)
    # The transcription shapes the outputs: another one in the same folder needs --reprocess.
    again = hb.run(
        "run", "--text", "What a day!", "--out", str(out), "--config", config, "--language", "fr"
    )
    assert again.exit_code == ExitCode.USAGE, again.output
    assert "--reprocess" in again.stderr


def test_run_refuses_a_bad_option_before_any_job(hb: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = hb.run("run", "--text", "x", "--out", str(out), "--window-step", "0.1")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--window-step" in result.stderr
    assert not (out / "index.csv").exists()
    args = ("--transcription-confidence-threshold", "2", "--callback-url", "ftp://x")
    result = hb.run("run", "--text", "x", "--out", str(out), *args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--transcription-confidence-threshold" in result.stderr
    assert not (out / "index.csv").exists()


def test_each_command_option_name_is_unique() -> None:
    for name in ("submit", "run"):
        command = cli.commands[name]
        seen: list[str] = []
        for param in command.params:
            if isinstance(param, click.Option):
                seen += [*param.opts, *param.secondary_opts]
        assert len(seen) == len(set(seen)), sorted(n for n in seen if seen.count(n) > 1)


# --------------------------------------------------------------------------- from the contract


def _with(schemas: dict[str, Schema], name: str, **fields: Field) -> None:
    schema = schemas[name]
    merged = {**schema.fields, **fields}
    schemas[name] = replace(schema, fields=MappingProxyType(merged))


def test_a_new_option_enum_value_or_model_in_the_contract_is_a_new_flag() -> None:
    schemas = dict(SCHEMAS)
    _with(
        schemas,
        "Prosody",
        pitch_floor=Field(
            name="pitch_floor",
            types=("integer",),
            nullable=True,
            minimum=10,
            maximum=500,
            default=60,
            description="Lowest pitch considered, in Hz.",
        ),
    )
    granularity = SCHEMAS["Language"].fields["granularity"]
    _with(schemas, "Language", granularity=replace(granularity, enum=(*granularity.enum, "page")))
    smoothing = Field(name="smoothing", types=("number",), nullable=True, minimum=0)
    gaze = MappingProxyType({"smoothing": smoothing})
    schemas["Gaze"] = Schema("Gaze", closed=True, required=(), description="", fields=gaze)
    _with(schemas, "Models", gaze=Field(name="gaze", types=("object",), nullable=True, ref="Gaze"))
    flags = {f.name: f for f in build_flags(schemas)}
    pitch = flags["--pitch-floor"]
    assert [t.path for t in pitch.targets] == [("models", "prosody", "pitch_floor")]
    assert "prosody: Lowest pitch considered, in Hz. Between 10 and 500." in pitch.help()
    assert "API default: 60" in pitch.help()
    assert flags["--smoothing"].targets[0].path == ("models", "gaze", "smoothing")
    # prosody's granularity no longer has language's values: one flag per model
    assert "--granularity" not in flags
    assert flags["--language-granularity"].targets[0].field.enum[-1] == "page"
    assert flags["--prosody-granularity"].targets[0].path == ("models", "prosody", "granularity")
    assert set(MODELS) <= {"face", "burst", "prosody", "language", "ner", "facemesh"}


def test_flags_never_take_a_name_of_the_commands_own() -> None:
    schemas = dict(SCHEMAS)
    _with(schemas, "Face", timeout=Field(name="timeout", types=("number",), nullable=True))
    _with(schemas, REQUEST, wait=Field(name="wait", types=("boolean",), nullable=True))
    names = {f.name for f in build_flags(schemas)}
    assert "--face-timeout" in names and "--timeout" not in names
    assert "--job-wait" in names and "--wait" not in names


def test_library_messages_name_the_flag_that_gave_the_value() -> None:
    from humebatch.cli._messages import cli_message

    error = InvalidInput("models.face.prob_threshold must be between 0 and 1, got 2.0.")
    flags = {"models.face.prob_threshold": "--prob-threshold"}
    assert cli_message(error, flags) == "--prob-threshold must be between 0 and 1, got 2.0."
    assert cli_message(error, {"models.face": "--x"}) == str(error)  # only whole paths
    assert cli_message(error) == str(error)


def test_shell_completion_offers_the_contract_flags_and_choices() -> None:
    from click.testing import CliRunner

    def complete(words: str) -> list[str]:
        env = {
            "_HUMEBATCH_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        output = CliRunner().invoke(cli, [], prog_name="humebatch", env=env).output
        return [line.split(",", 1)[1] for line in output.split()]

    languages = SCHEMAS["Transcription"].fields["language"].enum or ()
    assert complete("humebatch submit --language pt") == [
        v for v in languages if v.startswith("pt")
    ]
    assert complete("humebatch run --min-face") == ["--min-face-size"]
    assert "--transcription-confidence-threshold" in complete("humebatch run --transcription-c")


def test_every_legacy_name_still_names_an_option_of_the_contract() -> None:
    """``--fps`` and ``--language`` are kept names of contract options; an API change that
    renames or drops the option fails here instead of silently losing the flag."""
    from humebatch.cli._request import LEGACY_NAMES

    by_path = {target.path: flag for flag in FLAGS for target in flag.targets}
    for path, name in LEGACY_NAMES.items():
        assert path in by_path, f"{name} names {'.'.join(path)}, which the contract lacks"
        assert by_path[path].name == name
