#!/usr/bin/env python3
"""Runs a command and reports its wall time and the peak memory of its whole process tree.

    bench/peak-memory.py OUTPUT_FILE COMMAND [ARGS...]

Writes "SECONDS KILOBYTES" to OUTPUT_FILE (the format of `/usr/bin/time -f "%e %M"`) and exits
with the command's status. `/usr/bin/time` reports the largest single process, which is the
peak of a build only when one compiler runs at a time; cargo runs several (one per core) when
crates are independent. This samples the resident memory of every process under the command
every 100 ms and keeps the largest sum, so crates compiled side by side count together (or the
peak of the largest single process, if larger: a sample can miss a short peak).
"""

import os
import resource
import subprocess
import sys
import time


def children() -> dict[int, list[int]]:
    """Each process's children, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                # The parent pid is the second field after the command's parenthesis.
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(parent, []).append(int(entry))
    return tree


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_kb(root: int) -> int:
    tree = children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss_kb(pid)
        stack.extend(tree.get(pid, []))
    return total


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    output, command = sys.argv[1], sys.argv[2:]
    started = time.monotonic()
    process = subprocess.Popen(command)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    # Kilobytes on Linux: the largest single process under the command, exact.
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    with open(output, "w") as f:
        f.write(f"{elapsed:.2f} {peak}\n")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
