"""The contenders: how each tool is set up for a piece of work and which commands are timed.

Contract: each ``Tool`` knows
- ``missing()``: why it cannot run here (None when it can);
- ``prepare(ctx, folder)``: write its "before" state into ``folder``: the revision-2 source and
  revision-1 catalogs, extracted by the tool itself and filled with the corpus's
  pseudo-translation (``fill_catalog``). Not timed; cached by the runner;
- ``steps(folder)``: the commands timed, in order, each run in ``folder`` (a fresh copy of the
  before state for every repetition);
- ``catalog(folder, slug)``: where its updated catalog for ``slug`` is afterwards.
Work folders hold only relative paths, so a copy works anywhere.

Update tools (``UPDATE_TOOLS``): bitext; GNU gettext (mdpo's md2po makes each template, then
``msgmerge --previous``); translate-toolkit (``md2po`` then ``pot2po``, folder mode, one process
each); po4a one run per file (``po4a-updatepo``) and po4a with one configuration; pybabel
(``pybabel update --previous`` on mdpo templates). The other work items (status, build, read/write)
are in ``run.py`` because each has one command per tool.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polib

from corpus import translate_markdown
from quality import Truth

__all__ = [
    "BIG_TOOLS", "BITEXT", "GETTEXT", "GETTEXT_TT", "MDPO_BATCH", "PO4A_CONFIG", "PO4A_FILE",
    "PYBABEL", "PYTHON", "TRANSLATE_TOOLKIT", "TT_MD2PO", "TT_PO2MD", "TT_POCOUNT", "TT_POT2PO",
    "UPDATE_TOOLS", "BITEXT_FINGERPRINT", "Context", "Step", "Tool", "bin_path", "bitext_missing", "bitext_publication",
    "fill_catalog", "gettext_missing", "loop_shell", "make_mdpo_templates", "make_tt_templates",
    "tt_missing",
]

PYTHON = sys.executable
BENCH = Path(__file__).resolve().parent
MDPO_BATCH = [PYTHON, str(BENCH / "mdpo_batch.py")]
# translate-toolkit and mdpo both install a script called md2po: call each by its module.
TT_MD2PO = [PYTHON, "-c", "from translate.convert.md2po import main; main()"]
TT_POT2PO = [PYTHON, "-c", "from translate.convert.pot2po import main; main()"]
TT_PO2MD = [PYTHON, "-c", "from translate.convert.po2md import main; main()"]
TT_POCOUNT = [PYTHON, "-c", "from translate.tools.pocount import main; main()"]

HEADER = {
    "Project-Id-Version": "bench",
    "Language": "es",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
    # Filled as a translator's editor would, so that `msgfmt -c` judges the tool, not the set-up.
    "PO-Revision-Date": "2026-01-01 00:00+0000",
    "Last-Translator": "Bench Translator <bench@example.org>",
    "Language-Team": "Spanish <es@example.org>",
}


def bin_path(name: str) -> str | None:
    """The real executable: next to this Python first (a pyenv shim costs ~60 ms a call)."""
    return shutil.which(name, path=str(Path(PYTHON).parent)) or shutil.which(name)


@dataclass(frozen=True)
class Step:
    name: str
    argv: list[str]
    ok_codes: tuple[int, ...] = (0,)


@dataclass
class Context:
    """One corpus on disk: ``rev1/``, ``rev2/``, ``truth.json``; ``cache`` for shared extractions."""

    corpus_dir: Path
    truth: Truth
    cache_dir: Path

    @property
    def slugs(self) -> list[str]:
        return list(self.truth.rev2)

    def source(self, revision: int) -> Path:
        return self.corpus_dir / f"rev{revision}"


def fill_catalog(template: Path, target: Path, truth: Truth, header: bool = True) -> None:
    """Write ``template`` to ``target`` with every msgstr filled by the pseudo-translation."""
    po = polib.pofile(str(template), wrapwidth=78)
    if header:
        po.metadata.update(HEADER)
        po.metadata_is_fuzzy = False
    for entry in po:
        if not entry.msgid:
            continue
        # Translate the msgid as the tool shows it (its quote markers, line ends, markup
        # spelling), as a translator would; it must still name the segment's translation.
        entry.msgstr = translate_markdown(entry.msgid)
        sid = truth.segment_of_text(entry.msgid)
        if sid and truth.segment_of_translation(entry.msgstr) != sid:
            entry.msgstr = truth.segments[sid]["translation"]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    target.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(target))


def copy_sources(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.md"):
        shutil.copyfile(path, target / path.name)


def run_checked(argv: list[str], cwd: Path) -> None:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}... failed in {cwd}:\n{result.stderr[-2000:]}")


def make_mdpo_templates(ctx: Context, revision: int) -> Path:
    """mdpo's templates of a revision, made once and shared by gettext and pybabel."""
    out = ctx.cache_dir / f"mdpo-pot-rev{revision}"
    if not (out / ".done").exists():
        shutil.rmtree(out, ignore_errors=True)
        run_checked([*MDPO_BATCH, "extract", str(ctx.source(revision)), str(out)], ctx.cache_dir)
        (out / ".done").touch()
    return out


def loop_shell(pattern: str, body: str) -> list[str]:
    """``sh -c`` over the files of ``pattern`` with ``$s`` the slug; stops at the first failure."""
    folder, suffix = pattern.split("/*")
    script = (f'for f in {pattern}; do s="${{f#{folder}/}}"; s="${{s%{suffix}}}"; '
              f"{body} || exit 1; done")
    return ["sh", "-c", script]


@dataclass
class Tool:
    name: str
    label: str
    missing: Callable[[], str | None]
    prepare: Callable[[Context, Path], None]
    steps: Callable[[Path], list[Step]]
    catalog: Callable[[Path, str], Path]
    # Above these sizes the tool is known to take longer than the time-out (see README).
    max_articles: int | None = None
    max_segments: int | None = None
    folder_name: str = ""  # of its state and run folders; the name by default

    def __post_init__(self) -> None:
        self.folder_name = self.folder_name or re.sub(r"\W+", "-", self.name).strip("-")


# --- bitext ---------------------------------------------------------------------------------

def bitext_missing() -> str | None:
    exe = bin_path("bitext")
    if not exe:
        return "bitext is not installed"
    result = subprocess.run([exe, "update", "--help"], capture_output=True, text=True)
    if result.returncode != 0:
        return "bitext CLI not ready (`bitext update --help` fails)"
    return None


def bitext_fingerprint() -> str:
    """A digest of bitext's installed source: its cached states are remade when bitext changes."""
    spec = importlib.util.find_spec("bitext")
    digest = hashlib.sha1()
    for root in (spec.submodule_search_locations or []) if spec else []:
        for path in sorted(Path(root).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


BITEXT_FINGERPRINT = bitext_fingerprint()


def bitext_publication(ctx: Context, folder: Path) -> None:
    """A publication of revision 1, every catalog filled, as bitext itself writes it."""
    exe = bin_path("bitext")
    (folder / "source").mkdir(parents=True, exist_ok=True)
    (folder / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    copy_sources(ctx.source(1), folder / "source")
    run_checked([exe, "-C", ".", "update"], folder)
    for po in (folder / "locales" / "es" / "LC_MESSAGES").glob("*.po"):
        fill_catalog(po, po, ctx.truth, header=False)
    run_checked([exe, "-C", ".", "update"], folder)  # back to bitext's own form


def bitext_prepare(ctx: Context, folder: Path) -> None:
    rev1 = ctx.cache_dir / f"bitext-rev1-{BITEXT_FINGERPRINT}"
    if not (rev1 / ".done").exists():
        shutil.rmtree(rev1, ignore_errors=True)
        bitext_publication(ctx, rev1)
        (rev1 / ".done").touch()
    shutil.copytree(rev1, folder, dirs_exist_ok=True)
    (folder / ".done").unlink()
    for path in (folder / "source").glob("*.md"):
        path.unlink()
    copy_sources(ctx.source(2), folder / "source")


BITEXT = Tool(
    "bitext", "bitext update", bitext_missing, bitext_prepare,
    lambda d: [Step("update", [bin_path("bitext") or "bitext", "-C", ".", "update"])],
    lambda d, slug: d / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po",
    folder_name=f"bitext-{BITEXT_FINGERPRINT}",
)


# --- GNU gettext: mdpo md2po + msgmerge --previous ------------------------------------------

def gettext_missing() -> str | None:
    if not shutil.which("msgmerge"):
        return "GNU gettext (msgmerge) not installed: apt-get install gettext"
    try:
        import mdpo  # noqa: F401
    except ImportError:
        return "mdpo not installed: pip install mdpo"
    return None


def gettext_prepare(ctx: Context, folder: Path) -> None:
    copy_sources(ctx.source(2), folder / "src")
    (folder / "pot").mkdir(parents=True, exist_ok=True)
    for pot in make_mdpo_templates(ctx, 1).glob("*.pot"):
        fill_catalog(pot, folder / "po" / f"{pot.stem}.po", ctx.truth)


GETTEXT = Tool(
    "gettext", "mdpo md2po + msgmerge --previous", gettext_missing, gettext_prepare,
    lambda d: [
        Step("md2po", [*MDPO_BATCH, "extract", "src", "pot"]),
        Step("msgmerge", loop_shell(
            "pot/*.pot", 'msgmerge --quiet --previous --backup=off -U "po/$s.po" "$f"')),
    ],
    lambda d, slug: d / "po" / f"{slug}.po",
)


# --- the same msgmerge on translate-toolkit's templates (U2) --------------------------------
# mdpo's md2po needs about 300 s for one article of 20,000 segments (it grows with the square of
# the size), which would hide msgmerge; translate-toolkit's md2po gives the same msgids here in
# seconds, so U2's gettext anchor takes its templates from it.

def gettext_tt_missing() -> str | None:
    return tt_missing() or (None if shutil.which("msgmerge") else
                            "GNU gettext (msgmerge) not installed: apt-get install gettext")


def gettext_tt_prepare(ctx: Context, folder: Path) -> None:
    copy_sources(ctx.source(2), folder / "src")
    for pot in make_tt_templates(ctx, 1).glob("*.pot"):
        fill_catalog(pot, folder / "po" / f"{pot.stem}.po", ctx.truth)


GETTEXT_TT = Tool(
    "gettext", "md2po (translate-toolkit) + msgmerge --previous", gettext_tt_missing,
    gettext_tt_prepare,
    lambda d: [
        Step("md2po", [*TT_MD2PO, *TT_EXTRACT, "-i", "src", "-o", "pot"]),
        Step("msgmerge", loop_shell(
            "pot/*.pot", 'msgmerge --quiet --previous --backup=off -U "po/$s.po" "$f"')),
    ],
    lambda d, slug: d / "po" / f"{slug}.po",
    folder_name="gettext-tt",
)


# --- translate-toolkit: md2po + pot2po ------------------------------------------------------

def tt_missing() -> str | None:
    try:
        import mistletoe  # noqa: F401
        import translate.convert.md2po  # noqa: F401
    except ImportError:
        return "translate-toolkit with Markdown not installed: pip install 'translate-toolkit[markdown]'"
    return None


TT_EXTRACT = ["--progress=none", "-P", "--no-placeholders", "--no-code-blocks"]


def make_tt_templates(ctx: Context, revision: int) -> Path:
    """translate-toolkit's templates of a revision, made once."""
    pots = ctx.cache_dir / f"tt-pot-rev{revision}"
    if not (pots / ".done").exists():
        shutil.rmtree(pots, ignore_errors=True)
        run_checked([*TT_MD2PO, *TT_EXTRACT, "-i", str(ctx.source(revision)), "-o", str(pots)],
                    ctx.cache_dir)
        (pots / ".done").touch()
    return pots


def tt_prepare(ctx: Context, folder: Path) -> None:
    copy_sources(ctx.source(2), folder / "src")
    for pot in make_tt_templates(ctx, 1).glob("*.pot"):
        fill_catalog(pot, folder / "po" / f"{pot.stem}.po", ctx.truth)


TRANSLATE_TOOLKIT = Tool(
    "translate-toolkit", "translate-toolkit md2po + pot2po", tt_missing, tt_prepare,
    lambda d: [
        Step("md2po", [*TT_MD2PO, *TT_EXTRACT, "-i", "src", "-o", "pot"]),
        Step("pot2po", [*TT_POT2PO, "--progress=none", "-i", "pot", "-t", "po", "-o", "new"]),
    ],
    lambda d, slug: d / "new" / f"{slug}.po",
)


# --- po4a -----------------------------------------------------------------------------------

def po4a_missing() -> str | None:
    if not shutil.which("po4a") or not shutil.which("po4a-updatepo"):
        return "po4a not installed: apt-get install po4a"
    return None


PO4A_UPDATEPO = 'po4a-updatepo -f text -o markdown -M UTF-8 -m "$f" -p "po/$s.po"'


def po4a_file_prepare(ctx: Context, folder: Path) -> None:
    made = folder / "made"
    copy_sources(ctx.source(1), folder / "src")
    made.mkdir(parents=True, exist_ok=True)
    run_checked(loop_shell("src/*.md", PO4A_UPDATEPO.replace("po/", "made/")), folder)
    for po in made.glob("*.po"):
        fill_catalog(po, folder / "po" / po.name, ctx.truth)
    shutil.rmtree(made)
    shutil.rmtree(folder / "src")
    copy_sources(ctx.source(2), folder / "src")


PO4A_FILE = Tool(
    "po4a (per file)", "po4a-updatepo, one run per article", po4a_missing, po4a_file_prepare,
    lambda d: [Step("po4a-updatepo", loop_shell("src/*.md", PO4A_UPDATEPO))],
    lambda d, slug: d / "po" / f"{slug}.po",
    max_articles=100, max_segments=5000,
)


def po4a_config_prepare(ctx: Context, folder: Path) -> None:
    copy_sources(ctx.source(1), folder / "src")
    lines = ["[po4a_langs] es", "[po4a_paths] pot/$master.pot $lang:po/$master.$lang.po",
             "[options] --master-charset UTF-8 --localized-charset UTF-8"]
    lines += [f'[type: text] src/{slug}.md $lang:out/$lang/{slug}.md opt:"-o markdown"'
              for slug in ctx.slugs]
    (folder / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_checked(["po4a", "--no-translations", "po4a.cfg"], folder)
    for po in (folder / "po").glob("*.po"):
        fill_catalog(po, po, ctx.truth)
    shutil.rmtree(folder / "src")
    copy_sources(ctx.source(2), folder / "src")


PO4A_CONFIG = Tool(
    "po4a (one config)", "po4a --no-translations, one config for all", po4a_missing,
    po4a_config_prepare,
    lambda d: [Step("po4a", ["po4a", "--no-translations", "po4a.cfg"])],
    lambda d, slug: d / "po" / f"{slug}.md.es.po",
    max_articles=100, max_segments=5000,
)


# --- pybabel update --previous on mdpo templates --------------------------------------------

def pybabel_missing() -> str | None:
    if not bin_path("pybabel"):
        return "Babel not installed: pip install babel"
    return gettext_missing()


def pybabel_prepare(ctx: Context, folder: Path) -> None:
    copy_sources(ctx.source(2), folder / "src")
    (folder / "pot").mkdir(parents=True, exist_ok=True)
    for pot in make_mdpo_templates(ctx, 1).glob("*.pot"):
        fill_catalog(pot, folder / "loc" / "es" / "LC_MESSAGES" / f"{pot.stem}.po", ctx.truth)


PYBABEL = Tool(
    "pybabel", "mdpo md2po + pybabel update --previous", pybabel_missing, pybabel_prepare,
    lambda d: [
        Step("md2po", [*MDPO_BATCH, "extract", "src", "pot"]),
        Step("pybabel update", loop_shell(
            "pot/*.pot",
            f'{bin_path("pybabel") or "pybabel"} -q update --previous -i "$f" -d loc -D "$s" -l es')),
    ],
    lambda d, slug: d / "loc" / "es" / "LC_MESSAGES" / f"{slug}.po",
    max_articles=100, max_segments=5000,
)

UPDATE_TOOLS = [BITEXT, GETTEXT, TRANSLATE_TOOLKIT, PO4A_FILE, PO4A_CONFIG, PYBABEL]
# One article of many segments: mdpo's extraction is quadratic, so the U2 gettext anchor
# takes its templates from translate-toolkit (see GETTEXT_TT).
BIG_TOOLS = [BITEXT, GETTEXT_TT, TRANSLATE_TOOLKIT, PO4A_FILE, PO4A_CONFIG, PYBABEL]
