"""Run one command as a child process and measure it: wall-clock seconds, CPU seconds and peak memory.

Contract: ``run_measured(argv, cwd, timeout)`` runs ``argv`` under GNU ``/usr/bin/time`` in its
own process group, kills the group at ``timeout`` seconds, and returns a ``Measure``: the wall
clock of the whole process as the benchmark saw it, and the peak resident memory that GNU time
read from ``wait4`` for that command alone (the largest resident set of the command or of any one
of its descendants, which for a shell loop is its largest single command).

Why the GNU time wrapper: a child forked from this (large) Python process inherits its memory
high-water mark through fork and exec, so ``wait4`` on a direct child over-reports; GNU time is a
small process and forks the command from itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Measure", "run_measured", "TIME_BINARY"]

TIME_BINARY = "/usr/bin/time"


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_kib: int
    returncode: int
    timed_out: bool
    stderr_tail: str
    cpu: float = 0.0  # user + system seconds of the command and its children (GNU time %U + %S)



def run_measured(argv: list[str], cwd: Path, timeout: float, env: dict | None = None) -> Measure:
    """Run ``argv`` in ``cwd``, killing it (and all it started) after ``timeout`` seconds."""
    # stderr goes to a file, not a pipe: a full pipe would stall the child.
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as report:
        wrapped = [TIME_BINARY, "-f", "%M %U %S", "-o", report.name, *argv]
        timed_out = threading.Event()
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors,
                                   start_new_session=True, env=env)

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            returncode = process.wait()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        errors.seek(0)
        tail = errors.read().decode("utf-8", errors="replace")[-2000:]
        lines = report.read().split()
    # the last line is "%M %U %S"; anything before it is GNU time's note about a signal or exit
    peak, cpu = 0, 0.0
    if len(lines) >= 3 and lines[-3].isdigit():
        peak = int(lines[-3])
        try:
            cpu = float(lines[-2]) + float(lines[-1])
        except ValueError:
            pass
    return Measure(seconds, peak, returncode, timed_out.is_set(), tail, cpu)
