"""Scale: `bitext update` and `bitext build` on a large publication after 1 % of it changed.

Usage: ``python bench/scale.py [--articles 100000] [--keep] [--verify]`` (``--help`` for the rest).

The publication: N articles (default 100,000) of 5 to 10 segments each (article i has
5 + i mod 6: titles, headings, paragraphs, lists, quotes, code, as `corpus.py` makes them;
about 7.5 segments and 1 KB of Markdown per article, deterministic for a seed), one
language (`es`) fully translated with the corpus's pseudo-translation.  It is made once and
cached under ``bench/work/scale/inputs-N/`` (sources, templates, filled catalogs, as bitext
writes them); each run copies it to ``bench/work/scale/run-N/`` and, there, times under GNU
``/usr/bin/time`` (wall clock, CPU user+sys, peak resident memory of the largest process):

1. the first full runs: ``build`` (every output: about 5 files per article and language, plus
   the original's page), then ``update`` (nothing to write, but no record yet; it keeps its
   record in the build folder, which it does not create);
2. ``update`` and ``build`` again with nothing changed;
3. case "English": 1 % of the articles' English edited (a word inserted in the first
   paragraph, a paragraph added at the end), then ``update``, then ``build``;
4. case "catalogs": 1 % of the catalogs edited by a translator (a translation changed,
   other articles than case 3), then ``update``, then ``build``.

Targets (issue 15): cases 3 and 4, each command <= 60 s and <= 1 GiB.  ``--verify`` then runs
``build --force`` and checks that it writes exactly the bytes the incremental builds left.
Disk: about 1.3 GB per 10,000 articles for the run folder (removed at the end unless
``--keep``), 0.4 GB for the cached inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import _make_article, _Maker, render_markdown, translate_markdown  # noqa: E402
from measure import run_measured  # noqa: E402

WORK = HERE / "work" / "scale"
TARGET_SECONDS = 60.0
TARGET_KIB = 1024 * 1024
SHARE = 100  # 1 % of the articles


def bitext_exe() -> str:
    found = shutil.which("bitext", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not found:
        sys.exit("bitext is not installed (pip install -e . in a venv, then run this with its python)")
    return found


def slugs(articles: int) -> list[str]:
    width = len(str(articles))
    return [f"article-{i:0{width}d}" for i in range(1, articles + 1)]


def _fill(paths: list[str]) -> None:
    from bitext.pofile import generate_po, read_po

    for name in paths:
        path = Path(name)
        catalog = read_po(path.read_bytes(), name)
        for entry in catalog.entries:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = translate_markdown(entry.msgid)
        path.write_text(generate_po(catalog), encoding="utf-8")


def make_inputs(articles: int, seed: int, exe: str) -> Path:
    """The cached publication: sources, templates and filled catalogs in bitext's own form."""
    folder = WORK / f"inputs-{articles}-s{seed}"
    if (folder / ".done").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "source").mkdir(parents=True)
    (folder / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    print(f"making {articles:,} articles in {folder} ...", file=sys.stderr)
    maker = _Maker(seed)
    for i, slug in enumerate(slugs(articles), 1):
        segments: dict = {}
        blocks = _make_article(maker, segments, i, 5 + i % 6)
        (folder / "source" / f"{slug}.md").write_text(render_markdown(blocks, segments), encoding="utf-8")
    subprocess.run([exe, "-C", str(folder), "update", "--no-memory"], check=True, stdout=subprocess.DEVNULL)
    catalogs = sorted(str(p) for p in (folder / "locales" / "es" / "LC_MESSAGES").glob("*.po"))
    with Pool(2) as pool:
        pool.map(_fill, [catalogs[i::200] for i in range(200)])
    subprocess.run([exe, "-C", str(folder), "update"], check=True, stdout=subprocess.DEVNULL)
    (folder / ".done").touch()
    return folder


def edit_english(folder: Path, articles: int) -> int:
    """1 % of the articles: a word inserted in the first paragraph and a paragraph added."""
    names = slugs(articles)[::SHARE]
    for slug in names:
        path = folder / "source" / f"{slug}.md"
        lines = path.read_text(encoding="utf-8").split("\n")
        for n, line in enumerate(lines[1:], 1):
            if line[:1].isalpha():
                first, _, rest = line.partition(" ")
                lines[n] = f"{first} indeed {rest}"
                break
        text = "\n".join(lines).rstrip("\n") + f"\n\nA closing remark added to {slug} in the new revision.\n"
        path.write_text(text, encoding="utf-8")
    return len(names)


def edit_catalogs(folder: Path, articles: int) -> int:
    """1 % of the catalogs (other articles than `edit_english`): a translator changes a translation."""
    names = slugs(articles)[SHARE // 2::SHARE]
    for slug in names:
        path = folder / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po"
        text = path.read_text(encoding="utf-8")
        # the first non-empty translation after the header (a one-line msgstr)
        match = re.compile(r'\nmsgid "[^"\n]+"\nmsgstr "([^"\n]+)"').search(text)
        if match is None:
            continue
        text = text[:match.end(1)] + " (revisado)" + text[match.end(1):]
        path.write_text(text, encoding="utf-8")
    return len(names)


def tree_digest(folder: Path) -> dict[str, str]:
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.startswith(".bitext"):
                continue
            path = Path(root) / name
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="The publication: N articles of 5-10 segments (~1 KB of Markdown) each, "
                                            "one language fully translated; cached in bench/work/scale/.")
    parser.add_argument("--articles", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per command before it is killed")
    parser.add_argument("--keep", action="store_true", help="keep bench/work/scale/run-N/ afterwards")
    parser.add_argument("--verify", action="store_true",
                        help="finally run build --force and check it leaves every output byte-identical")
    parser.add_argument("--results", type=Path, default=None, help="also append the table to this file")
    parser.add_argument("--inputs-only", action="store_true", help="only make (and cache) the publication")
    args = parser.parse_args()
    exe = bitext_exe()
    inputs = make_inputs(args.articles, args.seed, exe)
    if args.inputs_only:
        return
    run = WORK / f"run-{args.articles}"
    shutil.rmtree(run, ignore_errors=True)
    subprocess.run(["cp", "-a", str(inputs), str(run)], check=True)
    shutil.rmtree(run / "build", ignore_errors=True)  # no record: the first runs are full ones
    rows: list[tuple[str, str, object, bool]] = []

    def timed(label: str, command: str, target: bool) -> None:
        print(f"{label}: bitext {command} ...", file=sys.stderr, flush=True)
        measure = run_measured([exe, "-C", ".", command], run, args.timeout)
        if measure.returncode != 0 or measure.timed_out:
            print(measure.stderr_tail, file=sys.stderr)
            sys.exit(f"{label}: bitext {command} failed (exit {measure.returncode}, timed out: {measure.timed_out})")
        rows.append((label, command, measure, target))
        print(f"  {measure.seconds:.1f} s wall, {measure.cpu:.1f} s CPU, {measure.peak_kib / 1024:.0f} MiB",
              file=sys.stderr, flush=True)

    # build first: update keeps its record in the build folder, which it does not create
    timed("first full run", "build", False)
    timed("first full run", "update", False)
    timed("nothing changed", "update", False)
    timed("nothing changed", "build", False)
    edited = edit_english(run, args.articles)
    timed(f"English of {edited:,} articles edited", "update", True)
    timed(f"English of {edited:,} articles edited", "build", True)
    edited = edit_catalogs(run, args.articles)
    timed(f"{edited:,} catalogs edited by a translator", "update", True)
    timed(f"{edited:,} catalogs edited by a translator", "build", True)
    verified = ""
    if args.verify:
        before = tree_digest(run / "build")
        subprocess.run([exe, "-C", str(run), "build", "--force"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        after = tree_digest(run / "build")
        differ = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
        verified = ("build --force: every output byte-identical to the incremental builds' "
                    f"({len(after):,} files)" if not differ else
                    f"build --force differs from the incremental builds in {len(differ)} files, e.g. {differ[:5]}")
    if not args.keep:
        shutil.rmtree(run, ignore_errors=True)

    lines = [f"Scale, {args.articles:,} articles (5-10 segments each), 1 language: "
             f"`python bench/scale.py --articles {args.articles}`", "",
             "| run | command | wall s | CPU s | peak MiB | target (<= 60 s, <= 1024 MiB) |",
             "|---|---|---:|---:|---:|---|"]
    for label, command, measure, target in rows:
        verdict = ""
        if target:
            met = measure.seconds <= TARGET_SECONDS and measure.peak_kib <= TARGET_KIB
            verdict = "met" if met else "MISSED"
        lines.append(f"| {label} | `bitext {command}` | {measure.seconds:.1f} | {measure.cpu:.1f} | "
                     f"{measure.peak_kib / 1024:.0f} | {verdict} |")
    if verified:
        lines += ["", verified]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.results:
        with args.results.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
