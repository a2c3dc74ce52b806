"""`bitext status` of one very large article against `msgfmt --statistics` on its catalog.

Usage: ``python bench/status_large.py [--segments 20000] [--reps 5]``

The publication (``bench/work/state/status-large-<segments>/``, git-ignored, made once) has one
article of ``--segments`` segments (``corpus.build_corpus``, revision 1) and its Spanish catalog,
every entry translated (the corpus's pseudo-translation) and in bitext's own form.  Timed, in
alternating rounds: ``bitext -C PUB status`` (reads the settings, segments the article, reads the
catalog, merges in memory and compares with the catalog's bytes; from the second run on, status's
memo answers: README, "status remembers"), the same with ``BITEXT_CACHE_DIR=`` (no memo: every run
as on a fresh clone) and ``msgfmt --statistics -o /dev/null CATALOG`` (reads and counts the one
catalog).  Wall-clock and CPU medians, ratios.  Also timed: the pre-commit/CI pair ``bitext update &&
bitext status`` as a fresh clone runs it, with an empty memo (``update`` fills it: README, "status
remembers") and without one (``BITEXT_CACHE_DIR=``: ``status`` plans the article again).
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import alternate, compile_bitext  # noqa: E402

BENCH = Path(__file__).resolve().parent


def bitext_exe() -> str:
    return shutil.which("bitext", path=str(Path(sys.executable).parent)) or "bitext"


def make_publication(folder: Path, segments: int) -> Path:
    """The publication, made once; returns its catalog."""
    catalog = folder / "locales" / "es" / "LC_MESSAGES" / "big.po"
    if (folder / ".bench-ready").exists():
        return catalog
    from corpus import build_corpus, translate_markdown

    from bitext.pofile import generate_po, read_po

    print(f"making a publication of one article of {segments} segments ...", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "source").mkdir(parents=True)
    (folder / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    corpus = build_corpus(1, segments, 0.10, 2, slugs=["big"])
    (folder / "source" / "big.md").write_text(corpus.markdown(1, "big"), encoding="utf-8")
    subprocess.run([bitext_exe(), "-C", str(folder), "update"], check=True, stdout=subprocess.DEVNULL)
    po = read_po(catalog.read_bytes(), str(catalog))
    for entry in po.entries:
        if not entry.obsolete:
            entry.msgstr = translate_markdown(entry.msgid)
    catalog.write_text(generate_po(po), encoding="utf-8")
    subprocess.run([bitext_exe(), "-C", str(folder), "update"], check=True, stdout=subprocess.DEVNULL)
    (folder / ".bench-ready").touch()
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=20000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    if not shutil.which("msgfmt"):
        print("msgfmt is not installed (apt-get install gettext)", file=sys.stderr)
        return 2
    compile_bitext()
    folder = BENCH / "work" / "state" / f"status-large-{args.segments}"
    catalog = make_publication(folder, args.segments)
    pair = f'{shlex.quote(bitext_exe())} -C {shlex.quote(str(folder))}'
    pair = f'{pair} update >/dev/null && {pair} status'
    medians = alternate({"bitext": [bitext_exe(), "-C", str(folder), "status"],
                         "no memo": ["env", "BITEXT_CACHE_DIR=", bitext_exe(), "-C", str(folder), "status"],
                         "msgfmt": ["msgfmt", "--statistics", "-o", "/dev/null", str(catalog)],
                         # a memo folder of its own each run, empty: the first run on a fresh clone
                         "pair": ["sh", "-c", f'd=$(mktemp -d) && export BITEXT_CACHE_DIR="$d" && {pair}; '
                                              f'e=$?; rm -rf "$d"; exit $e'],
                         "pair, no memo": ["env", "BITEXT_CACHE_DIR=", "sh", "-c", pair]},
                        folder, args.reps)
    (ours, ours_cpu), (theirs, theirs_cpu) = medians["bitext"], medians["msgfmt"]
    cold, cold_cpu = medians["no memo"]
    print(f"status of one article of {args.segments:,} segments: medians of {args.reps} alternating runs")
    print()
    print("| work | bitext s | msgfmt --statistics s | ratio | target <= 1.0 | CPU ratio |")
    print("|---|---:|---:|---:|---|---:|")
    print(f"| status, {args.segments:,} segments | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f} | "
          f"{'yes' if ours <= theirs else '**no**'} | {ours_cpu / theirs_cpu:.2f} |")
    print(f"| status, {args.segments:,} segments, no memo (BITEXT_CACHE_DIR=, a fresh clone) | {cold:.2f} | "
          f"{theirs:.2f} | {cold / theirs:.2f} | {'yes' if cold <= theirs else '**no**'} | {cold_cpu / theirs_cpu:.2f} |")
    print()
    print("| `bitext update && bitext status`, first run | wall s | CPU s |")
    print("|---|---:|---:|")
    for name, what in (("pair", "memo empty (update fills it)"), ("pair, no memo", "no memo (BITEXT_CACHE_DIR=)")):
        print(f"| {what} | {medians[name][0]:.2f} | {medians[name][1]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
