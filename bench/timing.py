"""Wall clock and CPU time of child processes, medians over alternating repetitions.

Used by ``io_catalogs.py``, ``status_large.py`` and ``startup.py``.  ``run_timed(argv, cwd)``
returns (wall seconds, CPU seconds user + system, from ``getrusage`` of the children);
``alternate({name: argv}, cwd, reps)`` runs each command once per round, rounds ``reps`` times,
so that a burst of load from elsewhere on a shared machine hits every contender alike, and
returns the medians.  ``compile_bitext()`` writes bitext's bytecode first: with
``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) every run would otherwise compile
bitext's source again, which no installed copy does.  ``machine_speed()`` says how fast this
machine runs Python, for comparing seconds across runs (ratios need no such help).
"""

from __future__ import annotations

import compileall
import importlib.util
import resource
import statistics
import subprocess
import time
from pathlib import Path

__all__ = ["run_timed", "alternate", "compile_bitext", "machine_speed"]


def run_timed(argv: list[str], cwd: Path, stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process; SystemExit if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):  # 1: `status --check` found something
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode(errors='replace')[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def alternate(commands: dict[str, list[str]], cwd: Path, reps: int) -> dict[str, tuple[float, float]]:
    """{name: (median wall, median CPU)} over `reps` rounds of every command in turn."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(reps):
        for name, argv in commands.items():
            times[name].append(run_timed(argv, cwd))
    return {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
            for name, runs in times.items()}


def compile_bitext() -> None:
    spec = importlib.util.find_spec("bitext")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


# A fixed piece of pure-Python work: the same on every machine, so its time says how fast
# this one runs the interpreter (the shared machines here differ by up to 3x between sessions).
_LOOP = "s = 0\nfor i in range(5_000_000):\n    s += i\n"


def machine_speed(reps: int = 5) -> str:
    """One sentence: the median CPU time of a pure-Python loop and the median wall time of
    `python -c pass` (the interpreter's start, with this machine's site-packages)."""
    import sys

    cwd = Path.cwd()
    loop = statistics.median(run_timed([sys.executable, "-c", _LOOP], cwd)[1] for _ in range(reps))
    start = statistics.median(run_timed([sys.executable, "-c", "pass"], cwd)[0] for _ in range(reps))
    return (f"Speed of this machine (medians of {reps}): a pure-Python loop of 5,000,000 additions "
            f"{loop:.2f} s of CPU, `python -c pass` {start:.3f} s; seconds compare across runs only "
            "at like speeds.")
