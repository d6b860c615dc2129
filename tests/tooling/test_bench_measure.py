"""`benchmarks.measure.run_python` reports each child's own figures, not its parent's.

The parent here holds a large ballast when it spawns the children: a peak read from
``ru_maxrss`` (the child's own or ``wait4``'s) would include it and be the same for both sizes.
`run_checked` measures one run by an outside tool as well (``/usr/bin/time -v``, or
``_maxrss.py`` without it), the independent check the bulk benchmark records: the two agree.
Sizes are small so this stays a quick test; the benchmarks use the same helper at full size.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` is a top-level package of the repository
    sys.path.insert(0, str(ROOT))

from benchmarks.measure import GNU_TIME, ChildRun, run_checked, run_python  # noqa: E402

MIB = 2**20
BALLAST_MIB = 256
# Allocates and touches N MiB, burns a little CPU, says what it saw.
SCENARIO = """
import sys, time
n = int(sys.argv[1])
block = bytearray(n * 2**20)
for i in range(0, len(block), 4096):
    block[i] = 1
end = time.process_time() + 0.2
while time.process_time() < end:
    pass
print("allocated", n)
"""

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="VmHWM is read from /proc (Linux)"
)


def _ballast() -> bytearray:
    ballast = bytearray(BALLAST_MIB * MIB)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    return ballast


@pytest.fixture(scope="module")
def script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "scenario.py"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runs(script: Path) -> dict[int, ChildRun]:
    ballast = _ballast()
    results = {size: run_python([str(script), str(size)], cwd=script.parent) for size in (16, 96)}
    del ballast
    return results


TOOLS = [
    pytest.param(
        GNU_TIME,
        marks=pytest.mark.skipif(not Path(GNU_TIME).exists(), reason="GNU time not installed"),
        id="gnu-time",
    ),
    pytest.param("/nonexistent/time", id="wait4-fallback"),
]


@pytest.mark.parametrize("gnu_time", TOOLS)
def test_an_outside_tool_agrees_with_the_childs_own_peak(script: Path, gnu_time: str) -> None:
    ballast = _ballast()
    run, outside = run_checked([str(script), "96"], cwd=script.parent, gnu_time=gnu_time)
    del ballast
    assert run.returncode == 0 and run.stdout.strip() == "allocated 96"
    assert outside.tool.startswith(GNU_TIME if gnu_time == GNU_TIME else "wait4")
    assert outside.command[-2:] == [str(script), "96"]
    # Neither includes the parent's ballast; both see the 96 MiB the program touched.
    assert 96 * MIB < outside.peak_rss < BALLAST_MIB * MIB
    assert 96 * MIB < run.peak_rss < BALLAST_MIB * MIB
    # One run, two routes to its peak: within the 10% the bulk benchmark checks, and closer.
    assert abs(outside.peak_rss - run.peak_rss) <= 0.02 * outside.peak_rss


def test_a_tool_that_prints_no_peak_is_an_error(script: Path) -> None:
    with pytest.raises(RuntimeError, match="no maximum resident set size"):
        run_checked([str(script), "1"], cwd=script.parent, gnu_time="/bin/true")


def test_cpu_and_wall_are_the_childs(runs: dict[int, ChildRun]) -> None:
    for run in runs.values():
        assert run.cpu >= 0.2  # the busy loop alone
        assert run.wall >= run.cpu / 2  # one thread: CPU cannot outrun wall time much


def test_a_failing_child_reports_its_exit_code_and_peak(tmp_path: Path) -> None:
    run = run_python(["-c", "import sys; sys.exit(3)"], cwd=tmp_path)
    assert run.returncode == 3
    assert run.peak_rss > 0


def test_a_child_over_its_time_is_killed(tmp_path: Path) -> None:
    with pytest.raises(TimeoutError):
        run_python(["-c", "import time; time.sleep(30)"], cwd=tmp_path, timeout=0.5)
