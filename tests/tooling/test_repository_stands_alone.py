"""Nothing the tests, benchmarks, Makefile or CI workflow use lies outside the repository.

A clone has nothing beside it: a test that reads ``../shared`` passes on the project's machines
and fails for everyone else. Python files are read as code: every path built from ``__file__``
(``Path(__file__).resolve().parents[N] / "x"``, ``.parent``, ``os.path.dirname``, names bound to
such paths) is worked out and must stay inside the root; no string may climb out with ``..`` or
name the reference folder. Makefile and workflow are read as text, for the same two signs.
A test that plants a climbing name on purpose (a hostile manifest, say) marks that line with
``# climbs on purpose: <why>``; the check skips that line only, and tests that the marker works.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED_TREES = ("tests", "benchmarks")
TEXT_FILES = ("Makefile", ".github/workflows/ci.yml")
# ``..`` as a whole path component, and the folder of reference material beside the repository.
CLIMBS = re.compile(r"(?:^|[/\\])\.\.(?:[/\\]|$)")
REFERENCE = re.compile(r"shared[/\\]reference|\.\./shared\b")
# Absolute paths a Makefile or workflow may name: the system's own tools and scratch space.
SYSTEM = ("/bin/", "/usr/", "/dev/", "/tmp", "/proc/", "/etc/")
ON_PURPOSE = re.compile(r"#\s*climbs on purpose:\s*\S")


def _python_files() -> list[Path]:
    """Every module checked: all of tests/ and benchmarks/ but this one, whose examples of paths
    out are the checker's own test cases (`test_the_check_sees_a_path_out`)."""
    files: list[Path] = []
    for tree in CHECKED_TREES:
        files += (p for p in (ROOT / tree).rglob("*.py") if ".cache" not in p.parts)
    return sorted(p for p in files if p != Path(__file__).resolve())


class _PathEvaluator:
    """Works out the paths a module builds from ``__file__`` (None where it cannot tell)."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.names: dict[str, str] = {}

    def eval(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return str(self.file) if node.id == "__file__" else self.names.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            base = self.eval(node.value)
            return None if base is None else os.path.dirname(base)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            if node.value.attr == "parents" and isinstance(node.slice, ast.Constant):
                base = self.eval(node.value.value)
                if base is not None and isinstance(node.slice.value, int):
                    for _ in range(node.slice.value + 1):
                        base = os.path.dirname(base)
                    return base
            return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            base, part = self.eval(node.left), node.right
            if base is not None and isinstance(part, ast.Constant) and isinstance(part.value, str):
                return os.path.normpath(os.path.join(base, part.value))
            return None
        if isinstance(node, ast.Call):
            return self._call(node)
        return None

    def _call(self, node: ast.Call) -> str | None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("Path", "PurePath", "abspath", "realpath", "normpath") and len(node.args) == 1:
            return self.eval(node.args[0])
        if name == "dirname" and len(node.args) == 1:
            base = self.eval(node.args[0])
            return None if base is None else os.path.dirname(base)
        if name in ("resolve", "absolute") and isinstance(func, ast.Attribute):
            return self.eval(func.value)
        if name in ("joinpath", "join") and node.args:
            parts = [func.value] if name == "joinpath" and isinstance(func, ast.Attribute) else []
            values = [self.eval(parts[0])] if parts else [self.eval(node.args[0])]
            rest = node.args if parts else node.args[1:]
            if values[0] is None or not all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in rest
            ):
                return None
            consts = [a.value for a in rest if isinstance(a, ast.Constant)]
            return os.path.normpath(os.path.join(values[0], *consts))
        return None


def _outside(path: str) -> bool:
    root = str(ROOT)
    return not (path == root or path.startswith(root + os.sep))


def _python_findings(source: str, path: Path) -> Iterator[str]:
    """What in ``source``, the text of the module at ``path``, points outside the root."""
    tree = ast.parse(source, filename=str(path))
    evaluator = _PathEvaluator(path)
    marked = {n for n, line in enumerate(source.splitlines(), 1) if ON_PURPOSE.search(line)}
    # Source order, so a name is bound before the expressions that use it are judged.
    nodes = sorted(
        (n for n in ast.walk(tree) if hasattr(n, "lineno")),
        key=lambda n: (n.lineno, n.col_offset),
    )
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = evaluator.eval(node.value) if node.value is not None else None
            for target in targets:
                if isinstance(target, ast.Name) and value is not None:
                    evaluator.names[target.id] = value
        if isinstance(node, ast.expr):
            value = evaluator.eval(node)
            if value is not None and _outside(value):
                yield f"line {node.lineno}: {ast.get_source_segment(source, node)} -> {value}"
        text = node.value if isinstance(node, ast.Constant) else None
        if node.lineno in marked:
            continue
        if isinstance(text, str) and (CLIMBS.search(text) or REFERENCE.search(text)):
            yield f"line {node.lineno}: string {text[:80]!r}"


def _text_findings(path: Path) -> Iterator[str]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if CLIMBS.search(line) or REFERENCE.search(line):
            yield f"line {number}: {line.strip()}"
        for absolute in re.findall(r"(?<![\w.$)}/-])/[\w.-]+(?:/[\w.-]*)*", line):
            if not absolute.startswith(SYSTEM) and absolute not in ("/", "/bin"):
                yield f"line {number}: absolute path {absolute}"


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_file_stays_inside_the_repository(path: Path) -> None:
    assert list(_python_findings(path.read_text(encoding="utf-8"), path)) == []


@pytest.mark.parametrize("name", TEXT_FILES)
def test_target_or_workflow_stays_inside_the_repository(name: str) -> None:
    assert list(_text_findings(ROOT / name)) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('WIRE = Path(__file__).resolve().parents[3] / "shared" / "wire"', True),
        ('ROOT = Path(__file__).resolve().parents[2]\nX = ROOT.parent / "shared"', True),
        ("A = os.path.dirname(os.path.dirname(__file__))\nB = os.path.dirname(A)", False),
        (
            "A = os.path.dirname(os.path.dirname(__file__))\nB = Path(os.path.dirname(A)).parent",
            True,
        ),
        ('D = Path(__file__).parent.joinpath("..", "..", "..", "x")', True),
        ('open("../shared/reference/contract.md")', True),
        ('ROOT = Path(__file__).resolve().parents[2]\nX = ROOT / "spec" / "a.yaml"', False),
        ('FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wire"', False),
        ('print("wait...")', False),
        ('name = "../../PWNED"  # climbs on purpose: a planted name', False),
        ('name = "../../PWNED"  # climbs on purpose:', True),
        ('name = "../../PWNED"\nother = 1  # climbs on purpose: not this line', True),
        (
            'D = Path(__file__).parents[3] / "shared"  # climbs on purpose: paths still count',
            True,
        ),
    ],
)
def test_the_check_sees_a_path_out(source: str, expected: bool) -> None:
    """The checker itself, on code placed where a test module would be (tests/layer/x.py)."""
    findings = list(_python_findings(source, ROOT / "tests" / "layer" / "test_x.py"))
    assert bool(findings) is expected, findings
