"""Time from starting `ducha repl` in a terminal (a pty) to its first prompt.

Usage: repl-startup.py DUCHA WORKSPACE [RUNS]; prints the mean, min and max in ms.
"""
import os
import pty
import select
import statistics
import sys
import time

PROMPT = "督查> ".encode()


def time_to_prompt(ducha, workspace):
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["LANG"] = "C.UTF-8"
        os.execv(ducha, [ducha, "repl", "--workspace", workspace])
    seen = b""
    while PROMPT not in seen:
        ready, _, _ = select.select([fd], [], [], 5)
        if not ready:
            raise SystemExit("no prompt within 5 s")
        seen += os.read(fd, 4096)
    elapsed = time.perf_counter() - started
    os.write(fd, b":quit\r")
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed


def main():
    ducha, workspace = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    time_to_prompt(ducha, workspace)  # warm-up
    times = [time_to_prompt(ducha, workspace) * 1000 for _ in range(runs)]
    print(f"{statistics.mean(times):.1f} {min(times):.1f} {max(times):.1f} {runs}")


main()
