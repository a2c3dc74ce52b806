"""mdpo over a whole folder in one process (the anchor's fastest form: no start-up per article).

Contract:
- ``python bench/mdpo_batch.py extract SRC POT`` writes ``POT/<slug>.pot`` for every
  ``SRC/<slug>.md`` with mdpo's ``markdown_to_pofile`` (mdpo's own defaults, as its ``md2po``).
- ``python bench/mdpo_batch.py translate SRC PO OUT`` writes ``OUT/<slug>.md`` for every
  ``SRC/<slug>.md`` with mdpo's ``pofile_to_markdown`` from ``PO/<slug>.po`` (as its ``po2md``).
Exit 0 when every article went through, 1 otherwise (the failing paths on stderr).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mdpo.md2po import markdown_to_pofile
from mdpo.po2md import pofile_to_markdown

__all__ = ["extract_folder", "translate_folder"]


def extract_folder(source: Path, templates: Path) -> list[str]:
    templates.mkdir(parents=True, exist_ok=True)
    failed = []
    for path in sorted(source.glob("*.md")):
        try:
            markdown_to_pofile(str(path)).save(str(templates / f"{path.stem}.pot"))
        except Exception as error:  # an anchor's failure is reported, not fatal
            failed.append(f"{path}: {error}")
    return failed


def translate_folder(source: Path, catalogs: Path, output: Path) -> list[str]:
    output.mkdir(parents=True, exist_ok=True)
    failed = []
    for path in sorted(source.glob("*.md")):
        try:
            pofile_to_markdown(str(path), str(catalogs / f"{path.stem}.po"),
                               save=str(output / f"{path.stem}.md"))
        except Exception as error:
            failed.append(f"{path}: {error}")
    return failed


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"] and len(argv) == 3:
        failed = extract_folder(Path(argv[1]), Path(argv[2]))
    elif argv[:1] == ["translate"] and len(argv) == 4:
        failed = translate_folder(Path(argv[1]), Path(argv[2]), Path(argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
