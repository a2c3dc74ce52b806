"""IO on real catalogs of other projects: bitext's read + write against ``msgcat``, same run.

Usage: ``python bench/io_catalogs.py [--reps 7] [--catalogs bench/work/catalogs]``

Each catalog is read and written back by ``bench/bitext_io.py`` (a Python process: start-up,
``read_po``, ``generate_po``, an atomic write) and by ``msgcat FILE -o OUT``, alternately, ``--reps``
times; the table gives the medians, the ratio bitext / msgcat and whether both outputs are the
same bytes (they must be: msgcat is the oracle).  Wall clock of each whole process, and
its CPU time (user + system, from ``getrusage``): on a machine shared with other work the CPU
ratio moves less than the wall-clock one.  The catalogs are not in bitext's canonical form (none of them is what
msgcat prints), so the reader meets plural forms, c-format, CJK, Arabic and Tamil text.

The catalogs (``--catalogs``, git-ignored), from the projects the issue names, at these commits:

    git show 7eb90aaa6d3395bcfe01801ceb5e620eedf2356a:library/stdtypes.po  (python/python-docs-ja)
    git show 1a3e64c6c4a623626ff0687008732a8e007e2a1c:po/zh_CN.po          (git/git)
    git show 1a3e64c6c4a623626ff0687008732a8e007e2a1c:po/ko.po             (git/git)
    git show da7b2eb4c053482af6fcccb26707d8c5d14705a4:editor/ar.po         (godotengine/godot-editor-l10n)
    git show da7b2eb4c053482af6fcccb26707d8c5d14705a4:editor/ta.po         (godotengine/godot-editor-l10n)

saved as ``ja-stdtypes.po``, ``git-zh_CN.po``, ``git-ko.po``, ``godot-editor-ar.po`` and
``godot-editor-ta.po``.  Whatever is missing is listed and skipped.  Two rows need nothing
fetched: python-docs-es ``whatsnew/changelog.po`` as it is (the IO row of ``run.py``) and laid
out by ``msgcat --no-wrap`` (every string on one line: not canonical, the strict reader's case
before this round).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import alternate, compile_bitext  # noqa: E402

PYTHON = sys.executable

BENCH = Path(__file__).resolve().parent
CHANGELOG = Path("/work/shared/data/python-docs-es/whatsnew/changelog.po")
FETCHED = ["ja-stdtypes.po", "git-zh_CN.po", "git-ko.po", "godot-editor-ar.po",
           "godot-editor-ta.po"]


def catalogs(folder: Path, work: Path) -> tuple[list[Path], list[str]]:
    found, missing = [], []
    for name in FETCHED:
        (found if (folder / name).exists() else missing).append(folder / name)
    if CHANGELOG.exists():
        found.append(CHANGELOG)
        no_wrap = work / "changelog-no-wrap.po"
        if not no_wrap.exists():
            subprocess.run(["msgcat", "--no-wrap", str(CHANGELOG), "-o", str(no_wrap)], check=True)
        found.append(no_wrap)
    else:
        missing.append(CHANGELOG)
    return found, [str(path) for path in missing]


def time_pair(catalog: Path, work: Path, reps: int) -> dict:
    """Medians of bitext and msgcat on one catalog, alternating, and whether outputs agree."""
    medians = alternate({"bitext": [PYTHON, str(BENCH / "bitext_io.py"), str(catalog), "bitext.po"],
                         "msgcat": ["msgcat", str(catalog), "-o", "msgcat.po"]}, work, reps)
    same = (work / "bitext.po").read_bytes() == (work / "msgcat.po").read_bytes()
    return {"bitext": medians["bitext"][0], "msgcat": medians["msgcat"][0],
            "bitext_cpu": medians["bitext"][1], "msgcat_cpu": medians["msgcat"][1], "same": same}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--catalogs", type=Path, default=BENCH / "work" / "catalogs")
    args = parser.parse_args(argv)
    if not shutil.which("msgcat"):
        print("msgcat is not installed (apt-get install gettext)", file=sys.stderr)
        return 2
    compile_bitext()
    work = BENCH / "work" / "run" / "io-catalogs"
    work.mkdir(parents=True, exist_ok=True)
    found, missing = catalogs(args.catalogs, work)
    for path in missing:
        print(f"not run: {path} missing (see this script's docstring)", file=sys.stderr)
    print(f"IO on other projects' catalogs: medians of {args.reps} alternating runs; ratio of wall clock, "
          "and of CPU time (user + system)")
    print()
    print("| catalog | size KiB | bitext s | msgcat s | ratio | target <= 1.0 | CPU ratio | same bytes |")
    print("|---|---:|---:|---:|---:|---|---:|---|")
    for catalog in found:
        print(f"[IO] {catalog.name} ...", file=sys.stderr, flush=True)
        row = time_pair(catalog, work, args.reps)
        ratio = row["bitext"] / row["msgcat"]
        print(f"| {catalog.name} | {catalog.stat().st_size // 1024:,} | {row['bitext']:.3f} | "
              f"{row['msgcat']:.3f} | {ratio:.2f} | {'yes' if ratio <= 1.0 else '**no**'} | "
              f"{row['bitext_cpu'] / row['msgcat_cpu']:.2f} | "
              f"{'yes' if row['same'] else '**NO**'} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
