"""`bitext update` of one article, as a pre-commit hook or an editor's save runs it, against
mdpo's md2po + `msgmerge --previous` on the same article.

Usage: ``python bench/one_article.py [--reps 5] [--corpus 4] [--edits 3]``

Each case is a real revision of one article in a publication of that one article:
- this repository's own article (``source/``): each pair of consecutive versions in git
  history, and ``--edits`` single-paragraph edits of its current version (a word replaced in
  one paragraph, as an editor's save makes);
- ``--corpus`` articles of the bench corpus (``corpus.build_corpus``, 50 segments), revision 1
  to revision 2 (10 % of segments revised).
Before each timed run the "before" state is copied afresh (not timed): bitext's publication
after `update` of the old version, every entry translated, the new version in ``source/``;
the anchor's catalog is mdpo's template of the old version with the same translations, the new
version beside it.  Timed, alternating: ``bitext -C PUB update`` and ``python -m mdpo.md2po
NEW.md -p NEW.pot -s -q`` followed by ``msgmerge --quiet --previous --backup=off -U OLD.po
NEW.pot`` (two processes: their times are added).  Prints per case and over all runs the
median wall and CPU times and the ratios.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import compile_bitext, run_timed  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
ARTICLE = "source/la-immigrant-movement.md"
PYTHON = sys.executable


def bitext_exe() -> str:
    return shutil.which("bitext", path=str(Path(sys.executable).parent)) or "bitext"


def git_versions(path: str) -> list[str]:
    """The article's text at each commit that changed it, oldest first."""
    try:
        commits = subprocess.run(["git", "-C", str(REPO), "log", "--format=%H", "--", path],
                                 check=True, capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return []
    texts = [subprocess.run(["git", "-C", str(REPO), "show", f"{commit}:{path}"], check=True,
                            capture_output=True, text=True).stdout for commit in reversed(commits)]
    return [text for i, text in enumerate(texts) if i == 0 or text != texts[i - 1]]


def one_word_edits(text: str, count: int) -> list[tuple[str, str]]:
    """(before, after) pairs: one word of one paragraph replaced, paragraphs spread over the text."""
    paragraphs = [m for m in re.finditer(r"(?m)^[A-Z][^\n]{40,}$", text)]
    pairs = []
    for k in range(count):
        if not paragraphs:
            break
        line = paragraphs[(k + 1) * len(paragraphs) // (count + 1)]
        words = list(re.finditer(r"\b[a-z]{4,}\b", line.group(0)))
        if not words:
            continue
        word = words[len(words) // 2]
        start = line.start() + word.start()
        pairs.append((text, text[:start] + "revised" + text[start + len(word.group(0)):]))
    return pairs


def cases(corpus_articles: int, edits: int) -> list[tuple[str, str, str, str]]:
    """(name, slug, before, after) for every case."""
    found = []
    versions = git_versions(ARTICLE)
    slug = Path(ARTICLE).stem
    for i in range(1, len(versions)):
        found.append((f"{slug} (git revision {i})", slug, versions[i - 1], versions[i]))
    current = (REPO / ARTICLE).read_text(encoding="utf-8")
    for i, (before, after) in enumerate(one_word_edits(current, edits), 1):
        found.append((f"{slug} (one-word edit {i})", slug, before, after))
    if corpus_articles:
        from corpus import build_corpus

        corpus = build_corpus(corpus_articles, 50, 0.10, 1)
        for name in sorted(corpus.rev1):
            found.append((f"corpus {name}", name, corpus.markdown(1, name), corpus.markdown(2, name)))
    return found


def pseudo_translate(catalog: Path) -> None:
    from bitext.pofile import generate_po, read_po

    po = read_po(catalog.read_bytes(), str(catalog))
    for entry in po.entries:
        if entry.msgid and not entry.obsolete:
            entry.msgstr = "ES " + entry.msgid
            entry.fuzzy = False
    catalog.write_text(generate_po(po), encoding="utf-8")


def _pseudo_translate_anchor(catalog: Path) -> None:
    """The anchor's catalog translated alike (with polib, mdpo's own library; mdpo writes no charset)."""
    import polib

    po = polib.pofile(str(catalog))
    po.metadata.setdefault("Content-Type", "text/plain; charset=UTF-8")
    po.metadata["Language"] = "es"
    for entry in po:
        entry.msgstr = "ES " + entry.msgid
    po.save(str(catalog))


def prepare(folder: Path, slug: str, before: str, after: str) -> tuple[Path, Path]:
    """The two "before" states: bitext's publication and the anchor's folder."""
    ours = folder / "bitext"
    (ours / "source").mkdir(parents=True)
    (ours / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    (ours / "source" / f"{slug}.md").write_text(before, encoding="utf-8")
    subprocess.run([bitext_exe(), "-C", str(ours), "update"], check=True, stdout=subprocess.DEVNULL)
    pseudo_translate(ours / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po")
    subprocess.run([bitext_exe(), "-C", str(ours), "update"], check=True, stdout=subprocess.DEVNULL)
    (ours / "source" / f"{slug}.md").write_text(after, encoding="utf-8")
    theirs = folder / "anchor"
    theirs.mkdir()
    (theirs / "old.md").write_text(before, encoding="utf-8")
    subprocess.run([PYTHON, "-m", "mdpo.md2po", "old.md", "-p", "old.po", "-s", "-q"], cwd=theirs, check=True)
    _pseudo_translate_anchor(theirs / "old.po")
    (theirs / "old.md").unlink()
    (theirs / f"{slug}.md").write_text(after, encoding="utf-8")
    return ours, theirs


def time_bitext(state: Path, run: Path) -> tuple[float, float]:
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(state, run)
    return run_timed([bitext_exe(), "-C", str(run), "update"], run)


def time_anchor(state: Path, run: Path, slug: str) -> tuple[float, float]:
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(state, run)
    wall1, cpu1 = run_timed([PYTHON, "-m", "mdpo.md2po", f"{slug}.md", "-p", "new.pot", "-s", "-q"], run)
    wall2, cpu2 = run_timed(["msgmerge", "--quiet", "--previous", "--backup=off", "-U", "old.po", "new.pot"], run)
    return wall1 + wall2, cpu1 + cpu2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--corpus", type=int, default=4, help="bench-corpus articles (revision 1 -> 2)")
    parser.add_argument("--edits", type=int, default=3, help="one-word edits of this repository's article")
    args = parser.parse_args(argv)
    if not shutil.which("msgmerge"):
        print("msgmerge is not installed (apt-get install gettext)", file=sys.stderr)
        return 2
    compile_bitext()
    rows, ours_all, theirs_all = [], [], []
    with tempfile.TemporaryDirectory(prefix="bitext-one-article-") as temporary:
        for index, (name, slug, before, after) in enumerate(cases(args.corpus, args.edits)):
            folder = Path(temporary) / str(index)
            ours_state, theirs_state = prepare(folder, slug, before, after)
            ours, theirs = [], []
            for _ in range(args.reps):
                ours.append(time_bitext(ours_state, folder / "run-bitext"))
                theirs.append(time_anchor(theirs_state, folder / "run-anchor", slug))
            ours_all += ours
            theirs_all += theirs
            rows.append((name, ours, theirs))
    print(f"one-article update: medians of {args.reps} alternating runs per case")
    print()
    print("| case | bitext s | bitext CPU s | md2po + msgmerge s | anchor CPU s | ratio | CPU ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")

    def medians(runs):
        return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)

    for name, ours, theirs in rows + [("all runs", ours_all, theirs_all)]:
        (ow, oc), (tw, tc) = medians(ours), medians(theirs)
        print(f"| {name} | {ow:.3f} | {oc:.3f} | {tw:.3f} | {tc:.3f} | {ow / tw:.2f} | {oc / tc:.2f} |")
    (ow, oc), (tw, tc) = medians(ours_all), medians(theirs_all)
    print()
    print(f"target: bitext update <= 1.0x md2po + msgmerge: {'yes' if ow <= tw else '**no**'} "
          f"(wall {ow / tw:.2f}, CPU {oc / tc:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
