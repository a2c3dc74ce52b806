"""Start-up: what a command pays before it does anything.

Usage: ``python bench/startup.py [--reps 11]``

Times, in alternating rounds: ``python -c pass`` (the interpreter alone, with this machine's
site-packages), ``bitext --version`` (target: at most 0.1 s) and ``bitext --help``; medians of
wall clock and CPU time.  Then one ``python -X importtime -c 'import bitext.commands'``: the total,
and whether each heavy library is imported by it (none should be: each command imports what it
needs when it runs).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import alternate, compile_bitext  # noqa: E402

HEAVY = ["babel", "rapidfuzz", "markdown_it", "jinja2", "bitext.pofile", "bitext.merge"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=11)
    args = parser.parse_args(argv)
    compile_bitext()
    exe = shutil.which("bitext", path=str(Path(sys.executable).parent)) or "bitext"
    here = Path.cwd()
    medians = alternate({"python -c pass": [sys.executable, "-c", "pass"],
                         "bitext --version": [exe, "--version"],
                         "bitext --help": [exe, "--help"]}, here, args.reps)
    print(f"Start-up: medians of {args.reps} alternating runs")
    print()
    print("| command | wall s | CPU s | target |")
    print("|---|---:|---:|---|")
    for name, (wall, cpu) in medians.items():
        target = ""
        if name == "bitext --version":
            target = f"<= 0.1 s: {'yes' if wall <= 0.1 else '**no**'}"
        print(f"| `{name}` | {wall:.3f} | {cpu:.3f} | {target} |")
    report = subprocess.run([sys.executable, "-X", "importtime", "-c", "import bitext.commands"],
                            capture_output=True, text=True, check=True).stderr
    modules = {}
    for line in report.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if found:
            modules[found.group(3)] = (int(found.group(1)), len(found.group(2)))
    total = sum(micros for micros, depth in modules.values() if depth == 1)
    ours = modules.get("bitext.commands", (0, 0))[0]
    print()
    print(f"`python -X importtime -c 'import bitext.commands'`: bitext.commands {ours / 1000:.1f} ms "
          f"(all top-level imports {total / 1000:.1f} ms, one run)")
    for name in HEAVY:
        print(f"- {name}: {'imported' if name in modules else 'not imported'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
