"""`benchmarks.measure.run_python` reports each child's own figures, not its parent's.

The parent here holds a large ballast when it spawns the children: a peak read from
``ru_maxrss`` (the child's own or ``wait4``'s) would include it and be the same for both sizes.
Sizes are small so this stays a quick test; the benchmarks use the same helper at full size.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` is a top-level package of the repository
    sys.path.insert(0, str(ROOT))

from benchmarks.measure import ChildRun, run_python  # noqa: E402

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


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, ChildRun]:
    script = tmp_path_factory.mktemp("scenario") / "scenario.py"
    script.write_text(SCENARIO, encoding="utf-8")
    ballast = bytearray(BALLAST_MIB * MIB)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    results = {size: run_python([str(script), str(size)], cwd=script.parent) for size in (16, 96)}
    del ballast
    return results


def test_two_sizes_report_their_own_different_peaks(runs: dict[int, ChildRun]) -> None:
    small, big = runs[16], runs[96]
    assert small.returncode == big.returncode == 0
    assert small.stdout.strip() == "allocated 16" and big.stdout.strip() == "allocated 96"
    # Neither includes the parent's ballast; the difference is the 80 MiB the big one added.
    assert small.peak_rss < BALLAST_MIB * MIB
    assert 70 * MIB < big.peak_rss - small.peak_rss < 90 * MIB


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
