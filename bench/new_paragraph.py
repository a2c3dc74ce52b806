"""`bitext update` after one new paragraph in a large publication: the translation memory's
daily case (a pre-commit hook, an editor's save), with the memory's pairs cache and without.

Usage: ``python bench/new_paragraph.py [--articles 1000] [--reps 5]``

The publication is the bench corpus's revision 1 (``corpus.build_corpus``, 50 segments an
article), every entry translated, as bitext writes it (``tools.bitext_publication``; made once
in ``bench/work/state/new-paragraph-a<N>/``), with a ``build/`` folder so that ``update`` keeps
its record and plans only the article that changed.  Two copies of it are timed, alternately:
one with a cache folder (``BITEXT_CACHE_DIR=<folder>``: the memory's pairs are kept by each
catalog's SHA-256, README "Translation memory"), one without (``BITEXT_CACHE_DIR=``: every
other catalog is parsed for the memory, as before the cache; nor is ``status``'s memo written).
Before each timed run the same new paragraph (different each round, made of the corpus's
words, so the memory's fuzzy search has candidates to score) is appended to the same article of
both copies; each copy has had one such run untimed first (the record made, the cache filled).
Prints the medians of wall and CPU time and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import compile_bitext, machine_speed, run_timed  # noqa: E402

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
WORDS = ("harbour committee weekly bulletin tenants union rent strike neighbourhood kitchen dock "
         "workers organised march city council raids families school teachers patrols").split()


def bitext_exe() -> str:
    return shutil.which("bitext", path=str(Path(sys.executable).parent)) or "bitext"


def make_publication(articles: int) -> Path:
    from run import load_corpus
    from tools import bitext_publication

    folder = WORK / "state" / f"new-paragraph-a{articles}"
    if not (folder / ".bench-ready").exists():
        print(f"making a translated publication of {articles} articles ...", file=sys.stderr)
        ctx = load_corpus("articles", articles, 50, 0.10, 1)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        bitext_publication(ctx, folder)
        (folder / ".bench-ready").touch()
    return folder


def paragraph(round_: int) -> str:
    """A paragraph of 14 corpus-like words, different each round."""
    words = [WORDS[(round_ * 7 + k * 3) % len(WORDS)] for k in range(14)]
    return f"Round {round_}: " + " ".join(words).capitalize() + "."


def add(folder: Path, slug: str, text: str) -> None:
    path = folder / "source" / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{text}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    compile_bitext()
    state = make_publication(args.articles)
    run = WORK / "run" / f"new-paragraph-a{args.articles}"
    shutil.rmtree(run, ignore_errors=True)
    modes = {"cache": run / "cache", "no cache": None}
    copies = {}
    for mode in modes:
        copy = run / mode.replace(" ", "-")
        shutil.copytree(state, copy, symlinks=True)
        (copy / "build").mkdir(exist_ok=True)
        copies[mode] = copy
    slug = sorted(path.stem for path in (state / "source").glob("*.md"))[args.articles // 2]

    def update(mode: str) -> tuple[float, float]:
        folder = modes[mode]
        return run_timed(["env", f"BITEXT_CACHE_DIR={folder or ''}", bitext_exe(), "-C", str(copies[mode]),
                          "update"], copies[mode])

    times: dict[str, list[tuple[float, float]]] = {mode: [] for mode in modes}
    for round_ in range(args.reps + 1):
        text = paragraph(round_)
        for mode in modes:
            add(copies[mode], slug, text)
            measured = update(mode)
            if round_:  # round 0: the record made, the cache filled
                times[mode].append(measured)
    print(f"`bitext update` after one new paragraph in article {slug} of {args.articles:,}: "
          f"medians of {args.reps} alternating runs")
    print()
    print("| memory's pairs | wall s | CPU s |")
    print("|---|---:|---:|")
    medians = {}
    for mode, runs in times.items():
        medians[mode] = (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        print(f"| {'kept by digest (BITEXT_CACHE_DIR=folder)' if mode == 'cache' else 'parsed each run (BITEXT_CACHE_DIR=)'} "
              f"| {medians[mode][0]:.2f} | {medians[mode][1]:.2f} |")
    print()
    print(f"ratio cache / no cache: wall {medians['cache'][0] / medians['no cache'][0]:.2f}, "
          f"CPU {medians['cache'][1] / medians['no cache'][1]:.2f}")
    print(machine_speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
