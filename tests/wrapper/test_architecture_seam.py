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


def _runtime_imports(path: Path) -> set[str]:
    """The humebatch modules ``path`` imports when run, at the top or inside a function
    (``if TYPE_CHECKING:`` blocks left out), as dotted names relative to the package."""
    module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = [p for p in package if p != "__init__"]
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            names.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return names


def _reaches(start: str, goal: str, graph: dict[str, set[str]]) -> bool:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        for target in graph.get(name, ()):
            hit = target == goal or target.startswith(goal + ".")
            if hit:
                return True
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def test_the_seam_imports_neither_validation_nor_predictions() -> None:
    """No cycle through the seam: ``_transport`` (at run time, even lazily) imports neither
    ``inputs`` nor ``predictions``, so they can import it (and ``inputs`` does not)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        graph[name] = _runtime_imports(path)
    assert "_transport.operations" in graph and "errors" in graph["_transport.operations"]
    for module in ("inputs", "predictions"):
        assert not _reaches("_transport", module, graph), module
    assert not _reaches("inputs", "_transport", graph)
