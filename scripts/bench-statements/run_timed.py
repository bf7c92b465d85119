#!/usr/bin/env python3
"""Runs one command and prints `wall_s user_s sys_s max_rss_kb` of that command alone.

Used by scripts/bench-statements.sh instead of `/usr/bin/time taskset CMD`: the wall clock here
brackets only the command (not the extra process starts of GNU time and taskset, which were
several milliseconds of a 30-50 ms run on this VM), and CPU time comes from wait4's rusage in
microseconds (GNU time rounds it to 10 ms). Pin this script with taskset: the child inherits it.

    run_timed.py STDOUT_FILE CMD [ARG...]
"""

import os
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out_path, cmd = sys.argv[1], sys.argv[2:]
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    print("%.6f %.6f %.6f %d" % (wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss))
    if child.returncode != 0:
        print("run_timed.py: %s exited with %d" % (cmd[0], child.returncode), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
