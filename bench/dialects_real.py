"""Real sites' documentation through the dialects: identity and marker editions under
the dialect's own renderer (the oracles of tests/dialect_oracles.py).

    python bench/dialects_real.py DIALECT FOLDER [--show N]

Reads every .md/.markdown file below FOLDER (kept out of the repository: fetch a site's
docs yourself), rebuilds it with each segment translated as itself and as "Zq " + itself,
renders source and editions in one batch, and prints: files, identity same, marker same
(markers taken out, as in tests/test_dialects.py), segments, and the files that differ.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import dialect_oracles  # noqa: E402
from test_dialects import MARK, squash, unmark  # noqa: E402

from bitext.errors import BitextError  # noqa: E402
from bitext.segment import read_article, rebuild_document  # noqa: E402


def main() -> None:
    dialect, folder = sys.argv[1], Path(sys.argv[2])
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    files = sorted(path for path in folder.rglob("*") if path.suffix in (".md", ".markdown"))
    documents, names, segments, refused = [], [], 0, []
    began = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            article = read_article(text, "source/" + path.name, path.stem, dialect=dialect)
        except BitextError as error:
            refused.append((path, str(error)))
            continue
        segments += len(article.segments)
        documents += [text, rebuild_document(article, lambda s: s.text),
                      rebuild_document(article, lambda s: f"{MARK} {s.text}")]
        names.append(path.relative_to(folder))
    segmented = time.perf_counter() - began
    html = dialect_oracles.render(dialect, documents)
    identity = marker = 0
    differ = []
    for index, name in enumerate(names):
        source, same, marked = html[3 * index : 3 * index + 3]
        identity += squash(same) == squash(source)
        ok = squash(unmark(marked)) == squash(unmark(source))
        marker += ok
        if squash(same) != squash(source) or not ok:
            differ.append((name, squash(source), squash(same), squash(unmark(marked))))
    print(f"{dialect}: {len(files)} files, identity same {identity}/{len(names)}, marker same {marker}/{len(names)}, "
          f"{segments} segments, refused {len(refused)}, segmenting+rebuilding {segmented:.1f} s")
    for path, error in refused:
        print("  refused:", path, error)
    for name, source, same, marked in differ:
        print("  differs:", name)
        if show:
            for label, text in (("identity", same), ("marker", marked)):
                if text != source:
                    at = next((i for i, (a, b) in enumerate(zip(source, text)) if a != b), min(len(source), len(text)))
                    print(f"    {label} at {at}: source {source[max(0, at - 60):at + show]!r}")
                    print(f"    {' ' * len(label)}          got {text[max(0, at - 60):at + show]!r}")


if __name__ == "__main__":
    main()
