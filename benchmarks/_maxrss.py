"""Run a command as a fresh child of this small process; print its ``ru_maxrss`` as GNU time does.

    python benchmarks/_maxrss.py COMMAND [ARG...]

The stand-in for ``/usr/bin/time -v`` where GNU time is not installed (`measure.run_external`):
``wait4``'s rusage of the child, written to stderr as ``Maximum resident set size (kbytes): N``.
The child is spawned from this interpreter (a few MiB), so the address space its exec replaces,
which Linux counts in ``ru_maxrss``, is small. Stdlib only, run by path.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> None:
    proc = subprocess.Popen(sys.argv[1:])
    _, status, usage = os.wait4(proc.pid, 0)
    print(f"\tMaximum resident set size (kbytes): {usage.ru_maxrss}", file=sys.stderr, flush=True)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
