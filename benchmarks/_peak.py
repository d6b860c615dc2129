"""Run a Python program, then write this process's own peak RSS to a file (for `measure.py`).

    python benchmarks/_peak.py REPORT -m MODULE [ARG...]
    python benchmarks/_peak.py REPORT -c CODE [ARG...]
    python benchmarks/_peak.py REPORT SCRIPT [ARG...]

Reads ``VmHWM`` from ``/proc/self/status`` when the program ends, however it ends (return,
exception, ``sys.exit``): the high-water mark of this process's own address space, which exec
starts afresh. Stdlib only and run by path, so any interpreter (the SDK's venv too) can use it.
"""

from __future__ import annotations

import os
import runpy
import sys


def _high_water_kib() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    report, target = sys.argv[1], sys.argv[2:]
    # sys.path[0] and sys.argv as `python -m MODULE` / `-c CODE` / `SCRIPT` would set them.
    option = target[0] if target[0] in ("-m", "-c") else None
    if option:
        sys.path[0] = os.getcwd()
        sys.argv = target[1:] if option == "-m" else ["-c", *target[2:]]
    else:
        sys.path[0] = os.path.dirname(os.path.abspath(target[0]))
        sys.argv = target
    try:
        if option == "-m":
            runpy.run_module(target[1], run_name="__main__", alter_sys=True)
        elif option == "-c":
            exec(compile(target[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            runpy.run_path(target[0], run_name="__main__")
    finally:
        with open(report, "w", encoding="ascii") as handle:
            handle.write(str(_high_water_kib()))


if __name__ == "__main__":
    main()
