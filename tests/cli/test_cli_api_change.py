"""The CLI side of an API change: a copy of the spec gains a model option, a transcription
option and an enum value; the client and the contract are regenerated from it into a temporary
folder, as `make generate` does; with no other file edited, `humebatch submit --help` offers
the new flags (bounds, default and description from the spec) and their values reach the wire,
checked against the new bounds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_helpers import REPO
from support.api_change import regenerate

SPEC = REPO / "spec" / "hume-batch.yaml"
PROSODY = '        identify_speakers: { type: [boolean, "null"], default: false }\n    Language:\n'
NEW_PROSODY = (
    '        identify_speakers: { type: [boolean, "null"], default: false }\n'
    "        pitch_floor:\n"
    "          description: Lowest pitch considered, in Hz.\n"
    '          type: [integer, "null"]\n'
    "          minimum: 10\n"
    "          maximum: 500\n"
    "          default: 60\n"
    "    Language:\n"
)
TRANSCRIPTION = (
    "    Transcription:\n      type: object\n      additionalProperties: false\n      properties:\n"
)
NEW_TRANSCRIPTION = TRANSCRIPTION + (
    '        diarization_passes: { type: [integer, "null"], minimum: 1, maximum: 4,'
    " description: Passes of speaker diarization. }\n"
)

# Runs in a child whose import path puts the regenerated contract first; a loopback server
# there records the job-creating POST the CLI sends.
CHILD = textwrap.dedent(
    """
    import json, sys, threading, uuid
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from click.testing import CliRunner
    import hume_batch_api, hume_batch_contract
    from humebatch.cli import cli

    bodies = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            out = json.dumps({"job_id": str(uuid.uuid4())}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {"HUME_BASE_URL": f"http://127.0.0.1:{server.server_port}", "HUME_API_KEY": "k"}
    runs = [CliRunner().invoke(cli, args, env=env) for args in json.loads(sys.argv[1])]
    server.shutdown()
    print(json.dumps({
        "contract": hume_batch_contract.__file__,
        "client": hume_batch_api.__file__,
        "runs": [{"code": r.exit_code, "out": r.stdout, "err": r.stderr} for r in runs],
        "bodies": bodies,
    }))
    """
)


@pytest.fixture(scope="module")
def changed_contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contract generated from a copy of the spec with additive changes."""
    root = tmp_path_factory.mktemp("api-change")
    spec = SPEC.read_text(encoding="utf-8")
    assert spec.count(PROSODY) == 1 and spec.count(TRANSCRIPTION) == 1
    spec = spec.replace(PROSODY, NEW_PROSODY).replace(TRANSCRIPTION, NEW_TRANSCRIPTION)
    levels = "enum: [word, sentence, utterance, conversational_turn"
    spec = spec.replace(f"{levels}]", f"{levels}, paragraph]")
    assert "paragraph" in spec
    return regenerate(spec, root)  # what `make generate` runs, into the folder


def _child(path: Path, *commands: list[str]) -> dict[str, object]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(path), os.environ.get("PYTHONPATH", "")]),
    }
    env.update(COLUMNS="200")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(list(commands))],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_new_options_are_flags_after_regeneration_and_reach_the_wire(
    changed_contract: Path,
) -> None:
    result = _child(
        changed_contract,
        ["submit", "--help"],
        ["submit", "--text", "hi", "--model", "prosody", "--model", "language",
         "--pitch-floor", "80", "--transcription-diarization-passes", "2",
         "--granularity", "paragraph"],
        ["submit", "--text", "hi", "--model", "prosody", "--pitch-floor", "5"],
    )  # fmt: skip
    assert str(result["contract"]).startswith(str(changed_contract))  # the regenerated one
    assert str(result["client"]).startswith(str(changed_contract))
    help_run, sent, refused = result["runs"]  # type: ignore[misc]
    text = " ".join(help_run["out"].split())
    assert (
        "--pitch-floor INTEGER prosody: Lowest pitch considered, in Hz. Between 10 and 500." in text
    )
    assert "API default: 60" in text
    assert "--transcription-diarization-passes INTEGER" in text
    assert "paragraph" in text
    assert sent["code"] == 0, sent["err"]
    (body,) = result["bodies"]  # type: ignore[misc]
    assert body["models"]["prosody"]["pitch_floor"] == 80
    assert body["transcription"]["diarization_passes"] == 2
    assert body["models"]["language"]["granularity"] == "paragraph"
    assert refused["code"] == 2
    assert "--pitch-floor must be between 10 and 500" in refused["err"]


def test_the_same_commands_without_regeneration_do_not_know_the_option() -> None:
    result = _child(Path(os.devnull).parent / "nonexistent", ["submit", "--help"],
                    ["submit", "--text", "hi", "--pitch-floor", "80"])  # fmt: skip
    help_run, refused = result["runs"]  # type: ignore[misc]
    assert "--pitch-floor" not in help_run["out"]
    assert refused["code"] == 2 and "No such option" in refused["err"]
    assert result["bodies"] == []
