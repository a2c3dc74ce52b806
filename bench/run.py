"""Benchmark bitext against the tools users would pick instead, on the same generated work.

Usage: ``python bench/run.py [--articles 1000] [--work U1,U2,S,B,IO] [--reps 3] [--quick]``
(``--help`` for the rest). Prints markdown tables (timings, targets, quality) and writes them to
``bench/results.md`` with the machine and the date. Generated files go to ``bench/work/``.

Contract:
- Every timed command is a child process measured alone (``measure.run_measured``): wall clock,
  peak resident memory; median over ``--reps`` repetitions, each on a fresh copy of the "before"
  state (copied outside the timed region). A run whose first repetition takes longer than
  ``--slow`` seconds is not repeated; a command still running at ``--timeout`` seconds is killed
  and reported as such. Tools known to exceed the time-out at a size are skipped there, and
  the table says so (``--all-sizes`` runs them anyway).
- Work items: U1 update of ``--articles`` articles after a 10 % revision (and U1@100 for po4a
  and pybabel, which cannot finish 1,000); U2 update of one article of ``--big`` segments; S
  ``status --check`` with nothing changed; B build of every output after U1; IO read and write
  back a 2 MB catalog.
- Quality comes from the ground truth (``quality.py``), for bitext and every anchor alike.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus, verify_corpus, write_corpus  # noqa: E402
from measure import Measure, run_measured  # noqa: E402
from quality import Truth, evaluate_build, evaluate_update  # noqa: E402
from timing import machine_speed  # noqa: E402
from tools import (BITEXT, GETTEXT, MDPO_BATCH, PYTHON, TRANSLATE_TOOLKIT, TT_PO2MD,  # noqa: E402
                   TT_POCOUNT, UPDATE_TOOLS, BIG_TOOLS, Context, Step, Tool, bin_path, bitext_missing,
                   bitext_publication, fill_catalog, gettext_missing, make_mdpo_templates,
                   loop_shell, tt_missing)

__all__ = ["main"]

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
CHANGELOG = Path("/work/shared/data/python-docs-es/whatsnew/changelog.po")
KEPT_MARKER = "<!-- kept by run.py: "
PO4A_SIZE = 100  # U1@100: the size where po4a and pybabel can finish

BITEXT_COLD = "bitext (B cold)"  # the anchor of "B warm": bitext's own full build, same run

# (work, anchor tool, anchor step or None for all steps, limit, wording)
TARGETS = [
    ("U1", "gettext", None, 0.25, "<= 0.25 x md2po + msgmerge --previous"),
    ("U1@100", "po4a (per file)", None, 0.05, "<= 0.05 x po4a (per file)"),
    ("U1@100", "po4a (one config)", None, 0.05, "<= 0.05 x po4a (one config)"),
    ("U2", "gettext", "msgmerge", 0.05, "<= 0.05 x msgmerge --previous"),
    ("S", "msgfmt --statistics loop", None, 0.5, "<= 0.5 x msgfmt --statistics loop"),
    ("B", "mdpo po2md", None, 1.0, "<= 1.0 x mdpo po2md"),
    ("B warm", BITEXT_COLD, None, 0.1, "<= 0.1 x bitext B cold"),
    ("IO", "msgcat", None, 1.0, "<= 1.0 x msgcat"),
]
MEMORY_TARGETS = [("U1", 300), ("U2", 200)]


@dataclass
class Row:
    work: str
    tool: str
    label: str
    runs: list[dict[str, Measure]] = field(default_factory=list)
    status: str = "ok"
    note: str = ""

    def seconds(self, step: str | None = None) -> float | None:
        totals = [sum(m.seconds for name, m in run.items() if step in (None, name))
                  for run in self.runs if self.complete(run)]
        return statistics.median(totals) if totals else None

    def complete(self, run: dict[str, Measure]) -> bool:
        return self.status == "ok" or run is not self.runs[-1]

    def cpu(self) -> float | None:
        """Median user + system seconds (the machine is shared: wall time alone misleads)."""
        totals = [sum(m.cpu for m in run.values()) for run in self.runs if self.complete(run)]
        return statistics.median(totals) if totals else None

    def peak_mib(self) -> float | None:
        peaks = [m.peak_kib for run in self.runs for m in run.values()]
        return max(peaks) / 1024 if peaks else None

    def step_names(self) -> list[str]:
        return list(self.runs[0]) if self.runs else []


# --- running --------------------------------------------------------------------------------

def slow_limit(args, work: str, tool: str) -> float:
    """Seconds above which a run is not repeated: higher for bitext and the target anchors,
    whose medians make the ratios."""
    work = "U1@100" if work == "U1" and args.articles <= PO4A_SIZE and tool.startswith("po4a") else work
    targeted = tool == "bitext" or any(w == work and a == tool for w, a, *_ in TARGETS)
    return max(args.slow, args.slow_target) if targeted else args.slow


def run_steps(row: Row, steps: list[Step], folder: Path, before: Path, reps: int,
              timeout: float, slow: float, warm: list[str] | None = None) -> Row:
    """Time ``steps`` in a fresh copy of ``before`` ``reps`` times; leaves the last run in ``folder``.
    ``warm``: a command run once, untimed, in a copy at the same place first (what a command
    remembers about a folder, as `status`'s memo does, is then there as on a second run)."""
    if warm is not None:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(before, folder, symlinks=True)
        run_measured(warm, folder, timeout)
    for rep in range(reps):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(before, folder, symlinks=True)
        run: dict[str, Measure] = {}
        row.runs.append(run)
        left = timeout
        for step in steps:
            measure = run_measured(step.argv, folder, max(left, 1.0))
            run[step.name] = measure
            left -= measure.seconds
            if measure.timed_out:
                row.status = f"timed out (> {timeout:.0f} s)"
            elif measure.returncode not in step.ok_codes:
                row.status = f"{step.name} exit {measure.returncode}"
                row.note = " ".join(measure.stderr_tail.split())[-300:]
            if row.status != "ok":
                return row
        total = sum(m.seconds for m in run.values())
        if rep == 0 and total > slow and reps > 1:
            row.note = (row.note + f" 1 rep: first took {total:.0f} s > --slow {slow:.0f} s").strip()
            break
    (folder / ".bench-done").touch()
    return row


def remove_stale_bitext(parent: Path) -> None:
    """States and runs made by an earlier bitext (another source digest) are dropped."""
    for old in parent.glob("*bitext-*") if parent.exists() else []:
        if BITEXT.folder_name not in old.name and old.is_dir():
            shutil.rmtree(old)


def prepare_cached(folder: Path, make, *args) -> tuple[Path, float]:
    """``folder`` made by ``make(*args, folder)`` once (cached while ``.bench-ready`` is there)."""
    import time
    marker = folder / ".bench-ready"
    if marker.exists():
        return folder, 0.0
    start = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    make(*args, folder)
    marker.touch()
    return folder, time.perf_counter() - start


def load_corpus(name: str, articles: int, segments: int, revised: float, seed: int,
                   slugs: list[str] | None = None) -> Context:
    folder = WORK / "corpus" / f"{name}-a{articles}-s{segments}-r{revised}-seed{seed}"
    if not (folder / ".bench-ready").exists():
        log(f"generating corpus {folder.name} ...")
        corpus = build_corpus(articles, segments, revised, seed, slugs=slugs)
        verify_corpus(corpus)
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(corpus, folder)
        (folder / ".bench-ready").touch()
    cache = folder.parent.parent / "cache" / folder.name
    cache.mkdir(parents=True, exist_ok=True)
    for parent in (cache, WORK / "state" / folder.name, WORK / "run" / folder.name):
        remove_stale_bitext(parent)
    return Context(folder, Truth.load(folder / "truth.json"), cache)


def slugify_name(name: str) -> str:
    return re.sub(r"\W+", "-", name).strip("-")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_update_work(work: str, ctx: Context, tools: list[Tool], args, quality: dict) -> list[Row]:
    rows = []
    segments = len(ctx.truth.segments)
    for tool in tools:
        row = Row(work, tool.name, tool.label)
        rows.append(row)
        reason = tool.missing()
        too_big = (not args.all_sizes and (
            (tool.max_articles and len(ctx.slugs) > tool.max_articles) or
            (tool.max_segments and segments > tool.max_segments * 1.5)))
        if reason:
            row.status = f"not run: {reason}"
            continue
        if too_big:
            row.status = f"skipped: known to exceed {args.timeout:.0f} s at this size (--all-sizes)"
            continue
        log(f"[{work}] {tool.name}: preparing ...")
        try:
            before, took = prepare_cached(WORK / "state" / ctx.corpus_dir.name / tool.folder_name, tool.prepare, ctx)
        except RuntimeError as error:
            row.status = "setup failed"
            row.note = " ".join(str(error).split())[-300:]
            continue
        log(f"[{work}] {tool.name}: prepared in {took:.0f} s; timing ...")
        folder = WORK / "run" / ctx.corpus_dir.name / tool.folder_name
        run_steps(row, tool.steps(folder), folder, before, args.reps, args.timeout,
                  slow_limit(args, work, tool.name))
        log(f"[{work}] {tool.name}: {row.status}, median {row.seconds() or 0:.2f} s")
        if row.status == "ok":
            befores = {slug: tool.catalog(before, slug) for slug in ctx.slugs}
            afters = {slug: tool.catalog(folder, slug) for slug in ctx.slugs}
            quality[(work, tool.name)] = evaluate_update(ctx.truth, befores, afters)
    return rows


def ensure_updated(ctx: Context, tool: Tool, args) -> Path | None:
    """The folder of ``tool``'s finished update of this corpus, running it untimed if needed."""
    folder = WORK / "run" / ctx.corpus_dir.name / tool.folder_name
    if (folder / ".bench-done").exists():
        return folder
    if tool.missing():
        return None
    log(f"[B] {tool.name}: running its update first (untimed) ...")
    before, _ = prepare_cached(WORK / "state" / ctx.corpus_dir.name / tool.folder_name, tool.prepare, ctx)
    row = run_steps(Row("B", tool.name, ""), tool.steps(folder), folder, before, 1,
                    args.timeout * 3, args.slow)
    return folder if row.status == "ok" else None


def run_build_work(ctx: Context, args, quality: dict) -> list[Row]:
    rows = []
    contenders = [
        ("bitext", "bitext build --threshold 0 (md, html, bilingual, tmx, index)", BITEXT,
         lambda up, d: shutil.copytree(up, d, dirs_exist_ok=True),
         # --threshold 0: every article gets its edition, as with the anchors.
         [Step("build", [bin_path("bitext") or "bitext", "-C", ".", "build", "--threshold", "0"])],
         lambda d, slug: d / "build" / "es" / f"{slug}.md"),
        ("mdpo po2md", "mdpo po2md (one process)", GETTEXT,
         lambda up, d: (shutil.copytree(up / "src", d / "src"), shutil.copytree(up / "po", d / "po")),
         [Step("po2md", [*MDPO_BATCH, "translate", "src", "po", "out"])],
         lambda d, slug: d / "out" / f"{slug}.md"),
        ("translate-toolkit po2md", "translate-toolkit po2md", TRANSLATE_TOOLKIT,
         lambda up, d: (shutil.copytree(up / "src", d / "src"), shutil.copytree(up / "new", d / "po")),
         [Step("po2md", [*TT_PO2MD, "--progress=none", "--no-placeholders", "-i", "po",
                         "-t", "src", "-o", "out"])],
         lambda d, slug: d / "out" / f"{slug}.md"),
    ]
    for name, label, update_tool, make, steps, output in contenders:
        row = Row("B", name, label)
        rows.append(row)
        reason = update_tool.missing()
        if reason:
            row.status = f"not run: {reason}"
            continue
        updated = ensure_updated(ctx, update_tool, args)
        if updated is None:
            row.status = f"not run: {update_tool.name} update failed"
            continue
        before = WORK / "state" / ctx.corpus_dir.name / f"B-{slugify_name(name)}"
        shutil.rmtree(before, ignore_errors=True)
        before.mkdir(parents=True)
        make(updated, before)
        (before / ".bench-done").unlink(missing_ok=True)
        folder = WORK / "run" / ctx.corpus_dir.name / f"B-{slugify_name(name)}"
        log(f"[B] {name}: timing ...")
        run_steps(row, steps, folder, before, args.reps, args.timeout, slow_limit(args, "B", name))
        log(f"[B] {name}: {row.status}, median {row.seconds() or 0:.2f} s")
        if row.status == "ok":
            quality[("B", name)] = evaluate_build(ctx.truth, {s: output(folder, s) for s in ctx.slugs})
        if name == "bitext" and row.status == "ok":
            rows.append(run_warm_build(ctx, args, folder, steps))
    return rows


def run_warm_build(ctx: Context, args, built: Path, steps: list[Step]) -> Row:
    """B warm: the same build again after one article's English was edited (one word
    replaced in its first paragraph), starting from the cold build's finished folder."""
    row = Row("B warm", "bitext", "bitext build after one article edited (incremental)")
    before = WORK / "state" / ctx.corpus_dir.name / f"B-warm-{slugify_name('bitext')}"
    shutil.rmtree(before, ignore_errors=True)
    shutil.copytree(built, before, symlinks=True)  # copy2: modification times kept, as the record needs
    (before / ".bench-done").unlink(missing_ok=True)
    source = before / "source" / f"{ctx.slugs[len(ctx.slugs) // 2]}.md"
    lines = source.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line and line[0].isalpha())
    lines[index] = lines[index].replace(" ", " edited ", 1)
    source.write_text("\n".join(lines), encoding="utf-8")
    folder = WORK / "run" / ctx.corpus_dir.name / f"B-warm-{slugify_name('bitext')}"
    log("[B warm] bitext: timing ...")
    run_steps(row, steps, folder, before, args.reps, args.timeout, slow_limit(args, "B", "bitext"))
    log(f"[B warm] bitext: {row.status}, median {row.seconds() or 0:.2f} s")
    return row


def run_status_work(ctx: Context, args) -> list[Row]:
    rows = []
    catalogs = None
    if not bitext_missing():
        pub, _ = prepare_cached(WORK / "state" / ctx.corpus_dir.name / f"S-{BITEXT.folder_name}",
                                bitext_publication, ctx)
        catalogs = pub / "locales" / "es" / "LC_MESSAGES"
        row = Row("S", "bitext", "bitext status --check (nothing changed, memo warm)")
        rows.append(row)
        log("[S] bitext: timing ...")
        status = [bin_path("bitext") or "bitext", "-C", ".", "status", "--check"]
        # warmed first: the memo's key holds bitext's code, so after a code change the first
        # run would time the memo being filled, not a maintainer's second run
        run_steps(row, [Step("status", status)], WORK / "run" / ctx.corpus_dir.name / "S-bitext", pub,
                  args.reps, args.timeout, slow_limit(args, "S", "bitext"), warm=status)
        # the same without status's memo (README, "status remembers"): every run as on a fresh
        # clone in CI; the row above is the maintainer's second and later runs
        row = Row("S", "bitext (no memo)", "bitext status --check, BITEXT_CACHE_DIR= (as a fresh clone)")
        rows.append(row)
        log("[S] bitext (no memo): timing ...")
        run_steps(row, [Step("status", ["env", "BITEXT_CACHE_DIR=", bin_path("bitext") or "bitext", "-C", ".",
                                        "status", "--check"])],
                  WORK / "run" / ctx.corpus_dir.name / "S-bitext-no-memo", pub, args.reps, args.timeout,
                  slow_limit(args, "S", "bitext"))
    else:
        rows.append(Row("S", "bitext", "bitext status --check", status=f"not run: {bitext_missing()}"))
        if not gettext_missing():
            # Same catalogs for the anchors: revision 1 fully translated, as mdpo extracts it.
            def make(ctx_, folder):
                for pot in make_mdpo_templates(ctx_, 1).glob("*.pot"):
                    fill_catalog(pot, folder / f"{pot.stem}.po", ctx_.truth)
            catalogs, _ = prepare_cached(WORK / "state" / ctx.corpus_dir.name / "S-catalogs", make, ctx)
    if catalogs is None:
        return rows
    before = WORK / "state" / ctx.corpus_dir.name / "S-anchors"
    if not (before / ".bench-ready").exists():
        shutil.rmtree(before, ignore_errors=True)
        shutil.copytree(catalogs, before / "cat")
        (before / ".bench-ready").touch()
    anchors = [("msgfmt --statistics loop", "for each catalog: msgfmt --statistics",
                shutil.which("msgfmt") and [Step("msgfmt", loop_shell(
                    "cat/*.po", 'msgfmt --statistics -o /dev/null "$f" 2>/dev/null'))]),
               ("pocount", "translate-toolkit pocount (one process)",
                not tt_missing() and [Step("pocount", ["sh", "-c", shlex.join([*TT_POCOUNT, "--short"]) + " cat/*.po"])])]
    for name, label, steps in anchors:
        row = Row("S", name, label)
        rows.append(row)
        if not steps:
            row.status = "not run: not installed"
            continue
        log(f"[S] {name}: timing ...")
        run_steps(row, steps, WORK / "run" / ctx.corpus_dir.name / f"S-{name.split()[0]}", before,
                  args.reps, args.timeout, slow_limit(args, "S", name))
    return rows


def run_io_work(args, quality: dict) -> list[Row]:
    rows = []
    if not CHANGELOG.exists():
        return [Row("IO", "msgcat", "", status=f"not run: {CHANGELOG} missing")]
    before = WORK / "state" / "io"
    if not (before / ".bench-ready").exists():
        before.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CHANGELOG, before / "changelog.po")
        (before / ".bench-ready").touch()
    contenders = [
        ("bitext", "bitext read_po + write back (bench/bitext_io.py)",
         bitext_missing(), [Step("read+write", [PYTHON, str(BENCH / "bitext_io.py"),
                                                "changelog.po", "out.po"])]),
        ("msgcat", "GNU msgcat FILE -o OUT", None if shutil.which("msgcat") else "not installed",
         [Step("msgcat", ["msgcat", "changelog.po", "-o", "out.po"])]),
        ("polib", "polib pofile() + save()", None,
         [Step("polib", [PYTHON, "-c", "import polib; polib.pofile('changelog.po').save('out.po')"])]),
    ]
    for name, label, reason, steps in contenders:
        row = Row("IO", name, label)
        rows.append(row)
        if reason:
            row.status = f"not run: {reason}"
            continue
        folder = WORK / "run" / "io" / name
        log(f"[IO] {name}: timing ...")
        run_steps(row, steps, folder, before, args.reps, args.timeout, slow_limit(args, "IO", name))
        if row.status == "ok":
            same = (folder / "out.po").read_bytes() == CHANGELOG.read_bytes()
            quality[("IO", name)] = same
    return rows


# --- reporting ------------------------------------------------------------------------------

def format_seconds(value: float | None) -> str:
    return "—" if value is None else (f"{value:.2f}" if value < 100 else f"{value:.0f}")


def format_mib(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def find_row(rows: list[Row], work: str, tool: str) -> Row | None:
    return next((r for r in rows if r.work == work and r.tool == tool), None)


def render_timings(rows: list[Row]) -> list[str]:
    out = ["| work | tool | what | median s | CPU s | reps | steps (median s) | peak MiB | status |",
           "|---|---|---|---:|---:|---:|---|---:|---|"]
    for r in rows:
        steps = ", ".join(f"{name} {format_seconds(r.seconds(name))}" for name in r.step_names()
                          if len(r.step_names()) > 1)
        status = r.status + (f" ({r.note})" if r.note else "")
        out.append(f"| {r.work} | {r.tool} | {r.label} | {format_seconds(r.seconds())} | "
                   f"{format_seconds(r.cpu())} | {sum(r.complete(run) for run in r.runs)} | {steps} | {format_mib(r.peak_mib())} | {status} |")
    return out


def render_targets(rows: list[Row], args) -> list[str]:
    out = ["| work | bitext s | anchor | anchor s | ratio | target | met? | CPU ratio | bitext MiB | anchor MiB |",
           "|---|---:|---|---:|---:|---|---|---:|---:|---:|"]
    for work, anchor_name, step, limit, wording in TARGETS:
        if work == "U1@100" and not find_row(rows, "U1@100", "bitext"):
            work = "U1" if args.articles <= PO4A_SIZE else work
        mine = find_row(rows, work, "bitext")
        anchor = find_row(rows, "B", "bitext") if anchor_name == BITEXT_COLD else find_row(rows, work, anchor_name)
        if mine is None and anchor is None:
            continue
        mine_s = mine.seconds() if mine else None
        anchor_s = anchor.seconds(step) if anchor else None
        if mine_s is not None and anchor_s:
            ratio = mine_s / anchor_s
            verdict = "yes" if ratio <= limit else "**no**"
            ratio_text = f"{ratio:.3f}"
        else:
            ratio_text = "—"
            why = (mine.status if mine and mine_s is None else
                   anchor.status if anchor and anchor_s is None else "not run")
            verdict = f"n/a ({why})" if mine_s is None or anchor_s is None else "n/a"
        anchor_label = anchor_name + (f" [{step} step]" if step else "")
        mine_cpu, anchor_cpu = (mine.cpu() if mine else None), (anchor.cpu() if anchor and not step else None)
        cpu_text = f"{mine_cpu / anchor_cpu:.3f}" if mine_cpu is not None and anchor_cpu else "—"
        out.append(f"| {work} | {format_seconds(mine_s)} | {anchor_label} | {format_seconds(anchor_s)} | {ratio_text} | "
                   f"{wording} | {verdict} | {cpu_text} | {format_mib(mine.peak_mib() if mine else None)} | "
                   f"{format_mib(anchor.peak_mib() if anchor else None)} |")
    for work, limit in MEMORY_TARGETS:
        mine = find_row(rows, work, "bitext")
        if mine is None:
            continue
        peak = mine.peak_mib()
        verdict = "n/a" if peak is None else ("yes" if peak <= limit else "**no**")
        out.append(f"| {work} memory | | | | | bitext peak <= {limit} MiB | {verdict} | | {format_mib(peak)} | |")
    return out


UPDATE_COLUMNS = [
    ("edited", "edited"), ("edited_recall", "recall: own, fuzzy, right previous msgid"),
    ("edited_own_no_previous", "own, previous msgid missing or wrong"), ("edited_own_not_fuzzy", "own, not fuzzy"),
    ("edited_wrong", "wrong carries"), ("edited_untranslated", "edited left empty"),
    ("edited_no_entry", "edited, no entry"), ("unchanged_kept", "unchanged kept"),
    ("unchanged", "unchanged"), ("unchanged_no_entry", "unchanged, no entry"), ("moved_kept", "moved kept"), ("moved", "moved"),
    ("inserted_fuzzy_guess", "inserted given a guess"), ("translations_lost", "translations lost"),
    ("deleted_translation_kept", "deleted kept (obsolete)"), ("deleted", "deleted"),
    ("msgfmt_rejects", "msgfmt -c rejects"), ("entries_unmatched", "entries ≠ one segment"),
]
BUILD_COLUMNS = [
    ("segments", "segments"), ("translated_shown", "translated shown"),
    ("english_shown", "English shown"), ("translation_not_used", "English although translated"),
    ("stale_published", "stale published"),
    ("markup_changed", "links/code/emphasis changed"), ("blocks_unrecognised", "text altered"),
    ("segments_missing", "segments missing"), ("articles_structure_changed", "articles restructured"),
    ("articles_missing", "articles not built"),
]


def render_quality(quality: dict) -> list[str]:
    out = []
    updates = [(k, v) for k, v in quality.items() if k[0].startswith("U")]
    if updates:
        out += ["Update quality (revision 2 segments judged against the ground truth):", "",
                "| work | tool | " + " | ".join(label for _, label in UPDATE_COLUMNS) + " |",
                "|---|---|" + "---:|" * len(UPDATE_COLUMNS)]
        for (work, tool), q in updates:
            out.append(f"| {work} | {tool} | " + " | ".join(str(q[key]) for key, _ in UPDATE_COLUMNS) + " |")
        out.append("")
    builds = [(k, v) for k, v in quality.items() if k[0] == "B"]
    if builds:
        out += ["Build quality (every inline block of every built article):", "",
                "| tool | " + " | ".join(label for _, label in BUILD_COLUMNS) + " |",
                "|---|" + "---:|" * len(BUILD_COLUMNS)]
        for (_, tool), q in builds:
            out.append(f"| {tool} | " + " | ".join(str(q[key]) for key, _ in BUILD_COLUMNS) + " |")
        out.append("")
    ios = [(k, v) for k, v in quality.items() if k[0] == "IO"]
    if ios:
        out += ["Read/write back: " + ", ".join(
            f"{tool} {'byte-identical' if same else 'CHANGED the file'}" for (_, tool), same in ios), ""]
    return out


def read_versions() -> list[str]:
    def first_line(argv):
        try:
            result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
            return (result.stdout or result.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "not installed"
    found = {
        "bitext": first_line([bin_path("bitext") or "bitext", "--version"]),
        "GNU gettext": first_line(["msgmerge", "--version"]),
        "po4a": first_line(["po4a", "--version"]),
        "Babel": first_line([bin_path("pybabel") or "pybabel", "--version"]),
        "mdpo": first_line([PYTHON, "-c", "import importlib.metadata as m; print(m.version('mdpo'))"]),
        "translate-toolkit": first_line([PYTHON, "-c",
                                         "import importlib.metadata as m; print(m.version('translate-toolkit'))"]),
    }
    return [f"{name}: {value}" for name, value in found.items()]


def describe_machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="U1/S/B size (default 1000; 100 with --quick)")
    parser.add_argument("--segments", type=int, default=50, help="segments per article (default 50)")
    parser.add_argument("--big", type=int, default=None, help="U2 segments (default 20000; 2000 with --quick)")
    parser.add_argument("--revised", type=float, default=0.10, help="fraction revised (default 0.10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default="U1,U2,S,B,IO", help="comma list of U1,U2,S,B,IO")
    parser.add_argument("--tools", default="", help="comma list of tool names to run (default all)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 3; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="1 repetition, 100 articles, 2000-segment U2")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds before a run is killed")
    parser.add_argument("--slow", type=float, default=15.0,
                        help="a run whose first repetition takes longer is not repeated")
    parser.add_argument("--slow-target", type=float, default=60.0,
                        help="the same for bitext and the anchors of the targets")
    parser.add_argument("--big-timeout", type=float, default=400.0,
                        help="time-out of U2 runs (msgmerge needs ~170 s on 20,000 segments here)")
    parser.add_argument("--all-sizes", action="store_true",
                        help="also run tools at sizes where they are known to exceed the time-out")
    parser.add_argument("--results", type=Path, default=BENCH / "results.md")
    args = parser.parse_args(argv)
    args.articles = args.articles or (100 if args.quick else 1000)
    args.big = args.big or (2000 if args.quick else 20000)
    args.reps = args.reps or (1 if args.quick else 3)
    works = [w.strip() for w in args.work.split(",") if w.strip()]
    wanted = {t.strip() for t in args.tools.split(",") if t.strip()}
    tools = [t for t in UPDATE_TOOLS if not wanted or t.name in wanted or t.name == "bitext"]

    started = datetime.datetime.now()
    speed = machine_speed()  # before the work: what the seconds below are worth on this machine
    print(speed, file=sys.stderr)
    rows: list[Row] = []
    quality: dict = {}
    ctx = None
    if {"U1", "S", "B"} & set(works):
        ctx = load_corpus("articles", args.articles, args.segments, args.revised, args.seed)
    if "U1" in works:
        rows += run_update_work("U1", ctx, tools, args, quality)
        small = [t for t in tools if t.max_articles]
        if args.articles > PO4A_SIZE and small and not args.all_sizes:
            ctx100 = load_corpus("articles", PO4A_SIZE, args.segments, args.revised, args.seed)
            rows += run_update_work("U1@100", ctx100, [t for t in tools if t.max_articles or
                                                   t.name in ("bitext", "gettext", "translate-toolkit")],
                                args, quality)
    if "U2" in works:
        ctx_big = load_corpus("big", 1, args.big, args.revised, args.seed + 1, slugs=["big"])
        big_tools = [t for t in BIG_TOOLS if not wanted or t.name in wanted or t.name == "bitext"]
        big_args = argparse.Namespace(**{**vars(args), "timeout": max(args.timeout, args.big_timeout)})
        rows += run_update_work("U2", ctx_big, big_tools, big_args, quality)
    if "S" in works:
        rows += run_status_work(ctx, args)
    if "B" in works:
        rows += run_build_work(ctx, args, quality)
    if "IO" in works:
        rows += run_io_work(args, quality)

    elapsed = (datetime.datetime.now() - started).total_seconds()
    report = [
        f"# bitext benchmarks", "",
        f"Run {started:%Y-%m-%d %H:%M} on {describe_machine()}; {elapsed / 60:.1f} min in all.", "",
        f"Command: `{' '.join(['python bench/run.py', *(argv if argv is not None else sys.argv[1:])])}`"
        f" — {args.articles} articles of {args.segments} segments, U2 {args.big} segments, "
        f"{args.revised:.0%} revised, seed {args.seed}, {args.reps} rep(s) (1 for runs over "
        f"{args.slow:.0f} s, {max(args.slow, args.slow_target):.0f} s for bitext and target anchors), time-out {args.timeout:.0f} s (U2 {max(args.timeout, args.big_timeout):.0f} s).",
        "", "Versions: " + "; ".join(read_versions()) + ".", "",
        "The machine's 2 cores are shared with other work, so absolute times vary between runs "
        "(up to about 2x); the ratios compare tools measured in the same run.", "",
        speed, "",
        "## Targets (ratio = bitext / anchor, same run)", "", *render_targets(rows, args), "",
        "## All timings", "", *render_timings(rows), "",
        "## Quality", "", *render_quality(quality),
    ]
    text = "\n".join(report) + "\n"
    print(text)
    # Sections written by the other scripts (io_catalogs.py, status_large.py, startup.py)
    # start at this marker and are kept.
    kept = ""
    if args.results.exists():
        previous = args.results.read_text(encoding="utf-8")
        if KEPT_MARKER in previous:
            kept = "\n" + previous[previous.index(KEPT_MARKER):]
    args.results.write_text(text + kept, encoding="utf-8")
    log(f"written {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
