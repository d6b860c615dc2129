"""One seam: only ``humebatch._transport`` imports the generated client or sends HTTP.

Inside it, one module per job: only ``operations`` imports the generated client and only
``drivers`` sends.
"""

from __future__ import annotations

import ast
from pathlib import Path

import humebatch

PACKAGE = Path(humebatch.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_seam_imports_the_generated_client() -> None:
    importers = {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "hume_batch_api" in _imports(p)
    }
    assert importers == {"_transport/operations.py"}


def test_only_the_seam_sends_requests() -> None:
    senders = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "cli":
            continue  # the CLI's mock-server command may probe a port; it is not the API client
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"request", "stream", "post"}:
                value = node.value
                if isinstance(value, ast.Name) and value.id == "httpx":
                    senders.add(str(path.relative_to(PACKAGE)))
                if isinstance(value, ast.Attribute) and value.attr == "_http":
                    senders.add(str(path.relative_to(PACKAGE)))
    assert senders == {"_transport/drivers.py"}  # found there, so the detector works
