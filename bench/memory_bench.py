"""The translation memory's cost in `update` and its recall beside `msgmerge --compendium`.

Usage: ``python bench/memory_bench.py [--articles 1000] [--new 50] [--reps 3]
[--results bench/memory_results.md]``.  Not part of the test suite; no timing is asserted.

Contract:
- The work is the benchmark's U1 (``run.py``): ``--articles`` articles whose catalogs hold
  revision 1 fully translated, sources at revision 2.  On top of it, ``--new`` new articles
  whose paragraphs are, a third each, exact copies of revision-1 segments of other articles,
  edited copies of them (a word replaced or a short clause added: still above the 0.6
  threshold) and new text.  The ground truth says which segment each copy came from.
- Memory "off" is ``bitext update --no-memory``; memory "on" is ``bitext update`` with the
  other catalogs (always) and a ``memory`` setting naming a TMX file of every revision-1 pair
  (a publication's exported memory: as many units again as the catalogs hold).  Both are
  timed on U1 alone (where the memory is asked only about inserted segments) and on U1 plus
  the new articles, each repetition on a fresh copy (``measure.run_measured``: wall clock
  and peak memory of the process).
- Recall, on the new articles: an exact copy must come out translated (not fuzzy) with its
  source's translation, an edited copy fuzzy with its source's translation; anything else
  filled with a translation is a wrong fill.  GNU ``msgmerge --previous --compendium`` is
  judged the same way on the same templates, with a compendium of every catalog
  (``msgcat --use-first``), one run per new article (its fastest fair form: msgmerge takes
  one template at a time).
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import statistics
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from measure import TIME_BINARY, run_measured  # noqa: E402
from run import WORK, load_corpus, prepare_cached  # noqa: E402
from tools import BITEXT, bin_path, run_checked  # noqa: E402

sys.path.insert(0, str(BENCH.parent / "cli"))
from bitext.pofile import read_po  # noqa: E402

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def new_articles(truth, count: int, seed: int) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Markdown of the new articles, and for each of their texts (kind, donor segment id)."""
    rng = random.Random(seed)
    donors = [sid for slug in truth.rev1 for sid in truth.rev1[slug]
              if truth.segments[sid]["kind"] == "paragraph"]
    rng.shuffle(donors)
    articles: dict[str, str] = {}
    expected: dict[str, tuple[str, str]] = {}
    for number in range(count):
        blocks = [f"# New article {number + 1} on reuse"]
        for position in range(30):
            roll = position % 3
            donor = donors.pop()
            text = truth.segments[donor]["text"]
            if roll == 0:
                expected[text] = ("exact", donor)
            elif roll == 1:
                words = text.split(" ")
                plain = [k for k, word in enumerate(words) if word.isalpha() and len(word) > 3]
                if plain and rng.random() < 0.5:
                    words[rng.choice(plain)] = "meanwhile"
                    text = " ".join(words)
                else:
                    text = text.rstrip(".") + ", as everyone said."
                expected[text] = ("edited", donor)
            else:
                text = f"Fresh paragraph {number}-{position} about " + " ".join(
                    rng.choice(["quarry", "lantern", "orchard", "ferry", "kiln", "mill"]) for _ in range(8)) + "."
                expected[text] = ("fresh", "")
            blocks.append(text)
        articles[f"zz-new-{number + 1:03d}"] = "\n\n".join(blocks) + "\n"
    return articles, expected


def write_tmx(truth, path: Path) -> int:
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {"creationtool": "bench", "creationtoolversion": "1", "segtype": "paragraph",
                                   "o-tmf": "none", "adminlang": "en", "srclang": "en", "datatype": "markdown"})
    body = ET.SubElement(root, "body")
    units = 0
    for slug in truth.rev1:
        for sid in truth.rev1[slug]:
            unit = ET.SubElement(body, "tu")
            for lang, text in (("en", truth.segments[sid]["text"]), ("es", truth.segments[sid]["translation"])):
                tuv = ET.SubElement(unit, "tuv", {XML_LANG: lang})
                ET.SubElement(tuv, "seg").text = text
            units += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
    return units


def judge(entries: dict[str, object], expected: dict[str, tuple[str, str]], truth) -> dict[str, int]:
    counts = dict.fromkeys(["exact", "exact right", "edited", "edited right", "fresh", "wrong fills",
                            "missing"], 0)
    for text, (kind, donor) in expected.items():
        counts[kind] += 1
        entry = entries.get(text)
        if entry is None:
            counts["missing"] += 1
            continue
        msgstr, fuzzy = entry
        # the catalogs were filled as a translator's editor would (tools.fill_catalog): the
        # translation is recognised by its words, as quality.py recognises it
        right = bool(donor) and bool(msgstr) and truth.segment_of_translation(msgstr) == donor
        if kind == "exact" and right and not fuzzy:
            counts["exact right"] += 1
        elif kind == "edited" and right and fuzzy:
            counts["edited right"] += 1
        elif msgstr:
            counts["wrong fills"] += 1
    return counts


def read_entries(paths) -> dict[str, tuple[str, bool]]:
    found = {}
    for path in paths:
        for entry in read_po(path.read_bytes(), str(path)).entries:
            if not entry.obsolete:
                found[entry.msgid] = (entry.msgstr, entry.fuzzy)
    return found


def timed(label: str, before: Path, argv: list[str], reps: int, results: list) -> Path:
    """Wall clock and CPU seconds (user + system, worker processes included): on a machine
    shared with other work the CPU time is the steadier measure of what the command costs."""
    folder = WORK / "run" / "memory" / label
    runs, cpu = [], []
    for _ in range(reps):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(before, folder, symlinks=True)
        report = folder.parent / f"{folder.name}.cpu"
        measure = run_measured([TIME_BINARY, "-f", "%U %S", "-o", str(report), *argv], folder, 900)
        if measure.returncode != 0:
            raise RuntimeError(f"{label}: exit {measure.returncode}: {measure.stderr_tail}")
        runs.append(measure)
        user, system = report.read_text().split()[-2:]
        cpu.append(float(user) + float(system))
    results.append((label, statistics.median(m.seconds for m in runs), statistics.median(cpu),
                    max(m.peak_kib for m in runs) / 1024, len(runs)))
    print(f"{label}: {results[-1][1]:.2f} s, cpu {results[-1][2]:.2f} s", file=sys.stderr, flush=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--new", type=int, default=50)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args()
    ctx = load_corpus("articles", args.articles, 50, 0.10, args.seed)
    before, _ = prepare_cached(WORK / "state" / ctx.corpus_dir.name / BITEXT.folder_name, BITEXT.prepare, ctx)
    states = WORK / "state" / "memory" / f"{ctx.corpus_dir.name}-new{args.new}-{BITEXT.folder_name}"
    articles, expected = new_articles(ctx.truth, args.new, args.seed)
    if not (states / ".done").exists():
        shutil.rmtree(states, ignore_errors=True)
        for name in ("u1-off", "u1-on", "new-off", "new-on"):
            shutil.copytree(before, states / name, symlinks=True)
            if name.startswith("new"):
                for slug, text in articles.items():
                    (states / name / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
            if name.endswith("on"):
                units = write_tmx(ctx.truth, states / name / "memory" / "export.tmx")
                (states / name / "bitext.toml").write_text(
                    'languages = ["es"]\nmemory = ["memory/*.tmx"]\n', encoding="utf-8")
        (states / ".done").touch()
    exe = bin_path("bitext")
    results: list = []
    timed("U1, memory off", states / "u1-off", [exe, "-C", ".", "update", "--no-memory"], args.reps, results)
    timed("U1, memory on", states / "u1-on", [exe, "-C", ".", "update"], args.reps, results)
    timed(f"U1 + {args.new} new articles, memory off", states / "new-off",
          [exe, "-C", ".", "update", "--no-memory"], args.reps, results)
    run_on = timed(f"U1 + {args.new} new articles, memory on", states / "new-on",
                   [exe, "-C", ".", "update"], args.reps, results)
    new_catalogs = [run_on / "locales/es/LC_MESSAGES" / f"{slug}.po" for slug in articles]
    bitext_counts = judge(read_entries(new_catalogs), expected, ctx.truth)

    # msgmerge --compendium on the same templates, compendium = every catalog before the update
    gnu = WORK / "run" / "memory" / "msgmerge"
    shutil.rmtree(gnu, ignore_errors=True)
    gnu.mkdir(parents=True)
    catalogs = sorted(str(path) for path in (before / "locales/es/LC_MESSAGES").glob("*.po"))
    (gnu / "list").write_text("\n".join(catalogs) + "\n", encoding="utf-8")
    run_checked(["msgcat", "--use-first", "-f", "list", "-o", "compendium.po"], gnu)
    (gnu / "empty.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                                  '"Language: es\\n"\n', encoding="utf-8")
    for slug in articles:
        shutil.copy(run_on / "locales" / f"{slug}.pot", gnu / f"{slug}.pot")
    script = ('for f in *.pot; do msgmerge --quiet --previous --compendium compendium.po empty.po "$f" '
              '-o "${f%.pot}.po" || exit 1; done')
    measure = run_measured(["sh", "-c", script], gnu, 1800)
    gnu_counts = judge(read_entries([gnu / f"{slug}.po" for slug in articles]), expected, ctx.truth)

    seconds = {label: (wall, cpu) for label, wall, cpu, _, _ in results}
    off_u1, on_u1 = seconds["U1, memory off"], seconds["U1, memory on"]
    off_new = seconds[f"U1 + {args.new} new articles, memory off"]
    on_new = seconds[f"U1 + {args.new} new articles, memory on"]

    def cost(on, off) -> str:
        return f"{100 * (on[1] / off[1] - 1):+.1f}% CPU time ({100 * (on[0] / off[0] - 1):+.1f}% wall clock)"

    lines = [
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}: `python bench/memory_bench.py --articles {args.articles} "
        f"--new {args.new} --reps {args.reps}` (2 shared cores; medians).",
        "",
        f"Memory: the other catalogs ({args.articles} x ~50 translated entries) and `memory/export.tmx` "
        f"({sum(len(v) for v in ctx.truth.rev1.values())} units).",
        "",
        "| work | wall s | CPU s (user + system) | peak MiB | reps |",
        "|---|---:|---:|---:|---:|",
        *[f"| {label} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {reps} |" for label, wall, cpu, peak, reps in results],
        f"| msgmerge --previous --compendium, {args.new} new articles only | {measure.seconds:.2f} | | "
        f"{measure.peak_kib / 1024:.0f} | 1 |",
        "",
        f"Cost of the memory: U1 {cost(on_u1, off_u1)}; U1 + new articles {cost(on_new, off_new)} "
        "(goal: at most +20%).",
        "",
        "| pre-fill of the new articles | exact copies | right (translated) | edited copies | right (fuzzy) "
        "| new text | wrong fills | recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, counts in (("bitext update", bitext_counts), ("msgmerge --compendium", gnu_counts)):
        recall = (counts["exact right"] + counts["edited right"]) / max(1, counts["exact"] + counts["edited"])
        lines.append(f"| {name} | {counts['exact']} | {counts['exact right']} | {counts['edited']} | "
                     f"{counts['edited right']} | {counts['fresh']} | {counts['wrong fills']} | {100 * recall:.1f}% |")
    text = "\n".join(lines)
    print(text)
    if args.results:
        args.results.write_text("# Translation memory in `update`: cost and recall\n\n" + text + "\n",
                                encoding="utf-8")


if __name__ == "__main__":
    main()
