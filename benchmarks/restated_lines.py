"""Count the hand-written lines that restate the spec, at any commit.

    python -m benchmarks.restated_lines fcb0a20 HEAD      # a table per commit, then the totals

A line *restates the spec* when it is code (not a comment or docstring) in hand-written Python
(``wrapper/humebatch``, ``mock/humebatch_mock``; never ``generated/``, ``spec/`` or tests) and
holds a literal that repeats a fact of the spec's requests, read from ``spec/hume-batch.yaml``
at the same commit:

* **models and options**: a string equal to a model name or to an option of a model or of
  transcription (``fps_pred``, ``granularity``, ``window``, ``confidence_threshold``...);
* **values**: a string equal to a value of an enum a request uses (``utterance``, ``QUEUED``,
  ``created_before``, ``en``...);
* **limits**: a number equal to a ``maxItems`` (100) or to ``x-hume-max-file-bytes`` (in bytes
  or MB).

The request's own field names (``urls``, ``text``, ``models``...) and parameter names are left
out: every client names them in its signatures, and as words (a ``text`` column) they would
swamp the count.

Lines that read names and values from the generated contract (``hume_batch_contract``) hold no
such literal, so they do not count. The predictions views, which restate the *response*
schemas, are counted apart (``predictions``): literals equal to a property of a schema reached
from ``SourcePredictResult``, in ``wrapper/humebatch/predictions``.

The measure is mechanical, so it overcounts a little (a column named ``text`` is also a request
field) and misses restated rules without a literal (a hand-written ``< 0`` check); it is the same
rule at both commits.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

ROOTS = ("wrapper/humebatch/", "mock/humebatch_mock/")
SPEC = "spec/hume-batch.yaml"
REF = "#/components/schemas/"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            yield ref[len(REF) :]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _reach(schemas: Mapping[str, Any], roots: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo.extend(_refs(schemas[name]))
    return seen


def spec_facts(spec: Mapping[str, Any]) -> tuple[set[str], set[float], set[str]]:
    """(model names, options and request enum values; request limits; response fields)."""
    schemas = spec["components"]["schemas"]
    roots: list[str] = []
    for item in spec["paths"].values():
        for op in item.values():
            if not isinstance(op, Mapping):
                continue
            for param in op.get("parameters", []):
                roots.extend(_refs(_resolve(spec, param).get("schema", {})))
            for body in op.get("requestBody", {}).get("content", {}).values():
                roots.extend(_refs(body))
    for param in spec.get("components", {}).get("parameters", {}).values():
        roots.extend(_refs(param.get("schema", {})))
    request = _reach(schemas, roots)
    configs = _reach(schemas, ["Models", "Transcription"])  # the model and transcription options
    words: set[str] = set()
    numbers: set[float] = set()
    for name in request:
        schema = schemas[name]
        words.update(str(v) for v in schema.get("enum", ()))
        for prop, sub in schema.get("properties", {}).items():
            if name in configs:
                words.add(prop)
            words.update(str(v) for v in sub.get("enum", ()))
            if isinstance(sub.get("maxItems"), int):
                numbers.add(sub["maxItems"])
            if isinstance(sub.get("x-hume-max-file-bytes"), int):
                numbers.update((sub["x-hume-max-file-bytes"], sub["x-hume-max-file-bytes"] / 2**20))
    response = _reach(schemas, ["SourcePredictResult"]) - request
    fields = {prop for name in response for prop in schemas[name].get("properties", {})}
    return words, numbers, fields


def _resolve(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    out: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        out = out[part]
    return out  # type: ignore[no-any-return]


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    ids.add(id(stmt.value))  # a docstring, or a bare string after an assignment
    return ids


def restating_lines(source: str, words: set[str], numbers: set[float]) -> set[int]:
    """Line numbers of ``source`` that hold a literal restating the spec."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    lines: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        hit = (isinstance(value, str) and value in words) or (
            isinstance(value, int | float) and not isinstance(value, bool) and value in numbers
        )
        if hit:
            lines.add(node.lineno)
    return lines


def count(commit: str) -> dict[str, tuple[int, int]]:
    """{file: (request lines, predictions lines)} of the hand-written files at ``commit``."""
    spec = yaml.safe_load(_git("show", f"{commit}:{SPEC}"))
    words, numbers, fields = spec_facts(spec)
    out: dict[str, tuple[int, int]] = {}
    for path in _git("ls-tree", "-r", "--name-only", commit).splitlines():
        if not path.endswith(".py") or not path.startswith(ROOTS):
            continue
        source = _git("show", f"{commit}:{path}")
        request = len(restating_lines(source, words, numbers))
        response = 0
        if path.startswith("wrapper/humebatch/predictions/"):
            response = len(restating_lines(source, fields, set()))
        if request or response:
            out[path] = (request, response)
    return out


def main(commits: list[str]) -> None:
    totals = []
    for commit in commits:
        counts = count(commit)
        name = _git("rev-parse", "--short", commit).strip()
        print(f"## {commit} ({name})\n\n| file | request | predictions |\n|---|---|---|")
        for path, (request, response) in sorted(counts.items(), key=lambda kv: -sum(kv[1])):
            print(f"| {path} | {request} | {response} |")
        total = Counter[str]()
        for request, response in counts.values():
            total["request"] += request
            total["predictions"] += response
        print(f"| **total** | {total['request']} | {total['predictions']} |\n")
        totals.append((commit, name, total))
    for commit, name, total in totals:
        print(f"{commit} ({name}): {total['request']} request, {total['predictions']} predictions")


if __name__ == "__main__":
    main(sys.argv[1:] or ["fcb0a20", "HEAD"])
