"""Accuracy of `bitext align` against a ground truth, beside a positional baseline.

Usage: ``python bench/align_eval.py [--articles 60] [--rate 0.03] [--seed 1] [--chunk 200]
[--results bench/align_results.md]``.  Not part of the test suite.

Contract:
- Two kinds of parallel documents, each English document paired with a translation whose
  paragraphs were then merged, split, dropped and added at random (each at ``--rate`` per
  source segment), so the true alignment is known bead by bead:
  * generated: ``--articles`` articles of the benchmark corpus (``corpus.py``: headings,
    paragraphs, list items, quotes, links, code spans, numbers), rendered one block per
    segment, against a pseudo-translation whose length varies as a real one does (words
    dropped or doubled, so the length ratio per segment spreads about +-25 %);
  * python-docs-es: every well-formed catalog of ../shared/data/python-docs-es (the
    Python documentation's Spanish translation, by people): its translated, non-fuzzy
    entries in order give an English plain-text document (the msgids) and its Spanish
    translation (the msgstrs); catalogs longer than ``--chunk`` entries are cut into
    documents of ``--chunk`` entries.  Added paragraphs are real Spanish from another catalog;
    a split cuts a paragraph at a sentence end (else at the middle space).
- Both sides go through bitext's segmenter (`read_article`), then `align_segments`, as
  `bitext align` does.  A true bead counts as right when the aligner output has exactly
  that bead.  Accuracy per kind (1-1, 1-2, 2-1, 1-0, 0-1) and overall (all beads) is
  printed for bitext and for the positional baseline (i-th with i-th, the rest unpaired).
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "cli"))

from corpus import build_corpus  # noqa: E402

from bitext.align import align_segments  # noqa: E402
from bitext.errors import BitextError  # noqa: E402
from bitext.pofile import read_po  # noqa: E402
from bitext.segment import read_article  # noqa: E402
from bitext.segment.text import has_letter  # noqa: E402

DOCS_ES = Path("/work/shared/data/python-docs-es")
KINDS = ("1-1", "1-2", "2-1", "1-0", "0-1")

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Parallel:
    """One English document, its perturbed translation and the true beads."""

    name: str
    source_text: str
    target_text: str
    suffix: str  # ".md" or ".txt"
    truth: list[Bead]
    source_count: int
    target_count: int


@dataclass
class Tally:
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    baseline: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    documents: int = 0
    skipped: int = 0
    seconds: float = 0.0


def kind_of(bead: Bead) -> str:
    return f"{len(bead[0])}-{len(bead[1])}"


# --- perturbing a translation under a known truth --------------------------------------------

def split_text(text: str) -> tuple[str, str] | None:
    sentences = [m.end() for m in re.finditer(r"[.!?:;] (?=[¿¡\"«(]?[A-ZÁÉÍÓÚÑ])", text)]
    if sentences:
        cut = min(sentences, key=lambda end: abs(end - len(text) / 2))
    else:
        spaces = [m.start() for m in re.finditer(" ", text)]
        if len(spaces) < 4:
            return None
        cut = min(spaces, key=lambda at: abs(at - len(text) / 2)) + 1
    first, second = text[:cut].strip(), text[cut:].strip()
    if not (has_letter(first) and has_letter(second)):
        return None
    return first, second


def perturb(items: list[tuple[str, str]], rate: float, rng: random.Random, extra: list[str],
            mergeable=lambda a, b: True) -> tuple[list[tuple[str, str]], list[Bead], list[int]]:
    """items: (kind, translation) per source segment.  Returns the target blocks (kind, text),
    the true beads, and for each target block the source index it comes from (-1: added)."""
    target: list[tuple[str, str]] = []
    truth: list[Bead] = []
    i = 0
    while i < len(items):
        roll = rng.random()
        kind, text = items[i]
        if roll < rate:  # drop
            truth.append(((i,), ()))
            i += 1
            continue
        if roll < 2 * rate:  # add a paragraph before this one
            target.append(("paragraph", rng.choice(extra)))
            truth.append(((), (len(target) - 1,)))
        if rate * 2 <= roll < 3 * rate and i + 1 < len(items) and mergeable(items[i], items[i + 1]):
            target.append((kind, text + " " + items[i + 1][1]))
            truth.append(((i, i + 1), (len(target) - 1,)))
            i += 2
            continue
        if 3 * rate <= roll < 4 * rate and kind == "paragraph":
            halves = split_text(text)
            if halves:
                target.append((kind, halves[0]))
                target.append((kind, halves[1]))
                truth.append(((i,), (len(target) - 2, len(target) - 1)))
                i += 1
                continue
        target.append((kind, text))
        truth.append(((i,), (len(target) - 1,)))
        i += 1
    return target, truth, []


# --- generated articles ---------------------------------------------------------------------

def render_block(kind: str, text: str) -> str:
    if kind == "title":
        return "# " + text
    if kind.startswith("heading"):
        return "#" * int(kind.split()[1]) + " " + text
    if kind == "list item":
        return "- " + text
    if kind == "quote":
        return "> " + text
    return text


def noisy(text: str, rng: random.Random) -> str:
    """A pseudo-translation whose length varies: some plain words dropped or doubled."""
    parts = text.split(" ")
    out = []
    for part in parts:
        plain = part.isalpha()
        roll = rng.random()
        if plain and roll < 0.12 and len(parts) > 4:
            continue
        out.append(part)
        if plain and roll > 0.80:
            out.append(part.lower())
    return " ".join(out) or text


def generated_documents(articles: int, rate: float, seed: int) -> list[Parallel]:
    corpus = build_corpus(articles, 50, 0.0, seed)
    rng = random.Random(seed)
    extra = [noisy(segment.translation, rng) for segment in list(corpus.segments.values())[:400]]
    documents = []
    for slug, blocks in corpus.rev1.items():
        ids = [sid for block in blocks for sid in block.ids]
        segments = [corpus.segments[sid] for sid in ids]
        kinds = ["title" if n == 0 and s.kind.startswith("heading 1") else s.kind for n, s in enumerate(segments)]
        source = [(kind, segment.text) for kind, segment in zip(kinds, segments)]
        items = [(kind, noisy(segment.translation, rng)) for kind, segment in zip(kinds, segments)]
        target, truth, _ = perturb(items, rate, rng, extra,
                                   mergeable=lambda a, b: a[0] == b[0] and not a[0].startswith(("heading", "title")))
        documents.append(Parallel(
            f"generated/{slug}",
            "\n\n".join(render_block(kind, text) for kind, text in source) + "\n",
            "\n\n".join(render_block(kind, text) for kind, text in target) + "\n",
            ".md", truth, len(source), len(target)))
    return documents


# --- python-docs-es -------------------------------------------------------------------------

def docs_es_documents(rate: float, seed: int, chunk: int) -> tuple[list[Parallel], list[str]]:
    rng = random.Random(seed)
    catalogs: list[tuple[str, list[tuple[str, str]]]] = []
    refused = []
    for path in sorted(DOCS_ES.rglob("*.po")):
        name = path.relative_to(DOCS_ES).as_posix()
        try:
            catalog = read_po(path.read_bytes(), name)
        except BitextError as error:
            refused.append(f"{error}")
            continue
        pairs = []
        for entry in catalog.entries:
            if entry.obsolete or not entry.translated or entry.msgid_plural is not None:
                continue
            english, spanish = " ".join(entry.msgid.split()), " ".join(entry.msgstr.split())
            if has_letter(english) and has_letter(spanish):
                pairs.append((english, spanish))
        catalogs.append((name, pairs))
    documents = []
    for index, (name, pairs) in enumerate(catalogs):
        extra = [spanish for other, (_, others) in enumerate(catalogs) if other != index
                 for _, spanish in others[:300]]
        for start in range(0, len(pairs), chunk):
            part = pairs[start:start + chunk]
            if len(part) < 5:
                continue
            items = [("paragraph", spanish) for _, spanish in part]
            target, truth, _ = perturb(items, rate, rng, extra)
            documents.append(Parallel(
                f"python-docs-es/{name}@{start}",
                "\n\n".join(english for english, _ in part) + "\n",
                "\n\n".join(text for _, text in target) + "\n",
                ".txt", truth, len(part), len(target)))
    return documents, refused


# --- scoring --------------------------------------------------------------------------------

def positional(n: int, m: int) -> list[Bead]:
    beads: list[Bead] = [((k,), (k,)) for k in range(min(n, m))]
    beads += [((k,), ()) for k in range(m, n)] + [((), (k,)) for k in range(n, m)]
    return beads


def evaluate(documents: list[Parallel], tally: Tally) -> None:
    for document in documents:
        source = read_article(document.source_text, "source" + document.suffix, "s").segments
        target = read_article(document.target_text, "target" + document.suffix, "t").segments
        if len(source) != document.source_count or len(target) != document.target_count:
            tally.skipped += 1  # the segmenter saw other blocks than were written: no truth
            continue
        started = time.perf_counter()
        found = {(bead.source, bead.target) for bead in
                 align_segments(source, target, document.suffix == ".md")}
        tally.seconds += time.perf_counter() - started
        base = set(positional(len(source), len(target)))
        tally.documents += 1
        for bead in document.truth:
            kind = kind_of(bead)
            tally.total[kind] += 1
            tally.right[kind] += bead in found
            tally.baseline[kind] += bead in base


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}%" if total else "—"


def table(results: dict[str, Tally]) -> str:
    lines = ["| documents | beads | kind | true beads | bitext align | positional baseline |",
             "|---|---:|---|---:|---:|---:|"]
    for name, tally in results.items():
        beads = sum(tally.total.values())
        for kind in KINDS:
            lines.append(f"| {name} | {beads} | {kind} | {tally.total[kind]} | "
                         f"{percent(tally.right[kind], tally.total[kind])} | "
                         f"{percent(tally.baseline[kind], tally.total[kind])} |")
        lines.append(f"| {name} | {beads} | **all** | {beads} | "
                     f"**{percent(sum(tally.right.values()), beads)}** | "
                     f"{percent(sum(tally.baseline.values()), beads)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--rate", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args()
    results: dict[str, Tally] = {}
    started = time.perf_counter()
    generated = generated_documents(args.articles, args.rate, args.seed)
    results["generated"] = Tally()
    evaluate(generated, results["generated"])
    real, refused = docs_es_documents(args.rate, args.seed, args.chunk)
    results["python-docs-es"] = Tally()
    evaluate(real, results["python-docs-es"])
    total = Tally()
    for tally in results.values():
        for kind in KINDS:
            total.total[kind] += tally.total[kind]
            total.right[kind] += tally.right[kind]
            total.baseline[kind] += tally.baseline[kind]
    results["both"] = total
    report = [
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}: `python bench/align_eval.py --articles {args.articles} "
        f"--rate {args.rate} --seed {args.seed} --chunk {args.chunk}` in {time.perf_counter() - started:.0f} s.",
        "",
        f"Documents: generated {results['generated'].documents} (skipped {results['generated'].skipped}), "
        f"python-docs-es {results['python-docs-es'].documents} (skipped {results['python-docs-es'].skipped}; "
        f"catalogs refused by the reader: {len(refused)}). Align time: "
        f"{results['generated'].seconds + results['python-docs-es'].seconds:.1f} s.",
        "",
        table(results),
    ]
    text = "\n".join(report)
    print(text)
    if args.results:
        args.results.write_text("# `bitext align` accuracy\n\n" + text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
