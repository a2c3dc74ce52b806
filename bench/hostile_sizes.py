"""Hostile sizes: how long bitext takes, and how much memory, on inputs made to exhaust CI.

Each attack is a generated publication (the base publication of tests/hostile/ plus one
hostile file) at a few sizes; each is run through one bitext command under GNU
``/usr/bin/time`` (``measure.run_measured``: wall clock and peak resident memory).  The
table printed (Markdown) is the one in the README's "Security and failure model" section.
A cost that grows faster than the input shows as a ratio time/size that climbs along a row.

    python bench/hostile_sizes.py                 # every attack, every size
    python bench/hostile_sizes.py --quick         # the smallest two sizes of each
    python bench/hostile_sizes.py --only markup,alias --timeout 300

Nothing is asserted; the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_measured  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "hostile" / "base"
BITEXT = [sys.executable, "-m", "bitext"]

HEADER = ('msgid ""\nmsgstr ""\n"Language: es\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n')
PARAGRAPH = ("The workers of the port gathered at dawn, and by noon the *whole* city knew: "
             "the strike had begun, [as the union said](https://example.org/news) it would.\n\n")


def _alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    return "---\ntitle: Laughs\n" + "\n".join(lines) + "\n---\n\n# A heading\n\nText.\n"


def _catalog_with(msgstr: str) -> str:
    return HEADER + '#: source/article.md:13\nmsgid "One item"\nmsgstr "' + msgstr + '"\n'


def _unit(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


# name -> (what it tries, sizes in bytes or counts, the unit shown, make(root, size), command)
Attack = tuple[str, list[int], str, Callable[[Path, int], None], list[str]]


def _source(name: str, text: Callable[[int], str]) -> Callable[[Path, int], None]:
    return lambda root, size: (root / "source" / name).write_text(text(size), encoding="utf-8")


def _catalog(text: Callable[[int], str]) -> Callable[[Path, int], None]:
    def make(root: Path, size: int) -> None:
        path = root / "locales" / "es" / "LC_MESSAGES" / "article.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text(size), encoding="utf-8")
    return make


def _spread_markup(root: Path, paragraphs: int) -> None:
    """`paragraphs` paragraphs, each translated by 4 KB of tags it lacks: as much markup
    as the per-translation limit lets through, spread over the catalog."""
    texts = [f"Paragraph {index} of the article, about the strike and the port." for index in range(paragraphs)]
    (root / "source" / "article.md").write_text("# Markup\n\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
    entries = "".join(f'msgid "{text}"\nmsgstr "{_unit("<b>x</b>", 4096)}"\n\n' for text in texts)
    path = root / "locales" / "es" / "LC_MESSAGES" / "article.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + entries, encoding="utf-8")


def _many_articles(root: Path, count: int) -> None:
    for index in range(count):
        (root / "source" / f"a{index:06d}.md").write_text(f"# Article {index}\n\n{PARAGRAPH}", encoding="utf-8")


ATTACKS: dict[str, Attack] = {
    "alias": ("YAML alias bomb in front matter (9^N values from ~60 aliases)", [7, 8, 9], "levels",
              _source("bomb.md", _alias_bomb), ["build"]),
    "nesting": ("front matter of N nested `[`", [10_000, 1_000_000], "brackets",
                _source("deep.md", lambda n: "---\ntitle: x\nx: " + "[" * n + "\n---\n\n# H\n"), ["build"]),
    "markup": ("one msgstr of `<b>x</b>` repeated (tags the source lacks)", [250_000, 1_000_000, 2_000_000],
               "bytes", _catalog(lambda n: _catalog_with(_unit("<b>x</b>", n))), ["build", "--threshold", "0"]),
    "spread": ("4 KB of `<b>x</b>` in each of N translations (the most the limit allows)", [250, 1000],
               "paragraphs", _spread_markup, ["build", "--threshold", "0"]),
    "plain": ("one msgstr of plain words", [1_000_000, 10_000_000], "bytes",
              _catalog(lambda n: _catalog_with(_unit("palabra ", n))), ["build", "--threshold", "0"]),
    "brackets": ("a paragraph of `[` (unclosed link openers)", [100_000, 1_000_000], "bytes",
                 _source("brackets.md", lambda n: "# B\n\n" + "[" * n + "\n"), ["build"]),
    "emphasis": ("a paragraph of unmatched `*a _b` delimiters", [100_000, 1_000_000], "bytes",
                 _source("emphasis.md", lambda n: "# E\n\n" + _unit("*a _b ", n) + "\n"), ["build"]),
    "quotes": ("N nested block quotes (`>` repeated)", [100_000, 1_000_000], "bytes",
               _source("quotes.md", lambda n: "# Q\n\n" + ">" * n + " deep\n"), ["build"]),
    "article": ("one long article of ordinary paragraphs", [1_000_000, 5_000_000, 20_000_000], "bytes",
                _source("long.md", lambda n: "# Long\n\n" + _unit(PARAGRAPH, n)), ["build"]),
    "articles": ("many one-paragraph articles", [1_000, 10_000], "articles", _many_articles, ["update"]),
}


def _size(value: int, unit: str) -> str:
    if unit == "bytes":
        return f"{value / 1_000_000:g} MB" if value >= 1_000_000 else f"{value / 1000:g} KB"
    if unit == "levels":
        return f"9^{value}"
    return f"{value:,} {unit}"


def run(names: list[str], quick: bool, timeout: float) -> list[str]:
    rows = ["| attack | size | command | exit | time | peak memory |", "|---|---:|---|---:|---:|---:|"]
    env = dict(os.environ, PYTHONPATH=str(REPO / "cli"), SOURCE_DATE_EPOCH="1767225600")
    for name in names:
        what, sizes, unit, make, command = ATTACKS[name]
        for size in sizes[:2] if quick else sizes:
            work = Path(tempfile.mkdtemp(prefix=f"hostile-{name}-"))
            try:
                root = work / "pub"
                shutil.copytree(BASE, root)
                make(root, size)
                if command[0] == "build":  # catalogs first, so build times the outputs only
                    run_measured([*BITEXT, "-C", str(root), "update"], root, timeout, env)
                measure = run_measured([*BITEXT, "-C", str(root), *command], root, timeout, env)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            seconds = f"> {timeout:g} s (killed)" if measure.timed_out else f"{measure.seconds:.1f} s"
            row = (f"| {what} | {_size(size, unit)} | `{' '.join(command)}` | {measure.returncode} | "
                   f"{seconds} | {measure.peak_kib / 1024:.0f} MiB |")
            rows.append(row)
            print(row, flush=True)
            if measure.returncode == 2:
                print(f"    {measure.stderr_tail.strip().splitlines()[-1][:160]}", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(ATTACKS), help="comma list of: " + ", ".join(ATTACKS))
    parser.add_argument("--quick", action="store_true", help="the two smallest sizes of each attack")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed")
    arguments = parser.parse_args()
    names = [name.strip() for name in arguments.only.split(",") if name.strip()]
    unknown = [name for name in names if name not in ATTACKS]
    if unknown:
        parser.error(f"unknown attack {', '.join(unknown)}; choose from {', '.join(ATTACKS)}")
    rows = run(names, arguments.quick, arguments.timeout)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
