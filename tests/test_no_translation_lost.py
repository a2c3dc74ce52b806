"""Property: no translation is ever lost (SPEC section 4).

Random revisions of an article (edit, insert, delete, move, split and merge paragraphs),
with translators translating between them, go through the real `bitext update`; after
every run each msgstr the catalog held before it is still in it, in an active, fuzzy or
obsolete entry (so, by induction, no translator's work is ever lost to `update`).  25 examples x 10 revisions = 250 revisions per test run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext.pofile import generate_po, read_po

from conftest import run_cli

WORDS = ("union", "strike", "march", "city", "workers", "raid", "community", "school", "teachers",
         "patrol", "organize", "power", "street", "night", "hotel", "guard", "federal", "building",
         "movement", "solidarity", "grassroots", "coalition", "tenant", "vendor", "campus")
PO = "locales/es/LC_MESSAGES/art.po"

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
operation = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 99), st.integers(0, 99), st.sampled_from(WORDS)),
    st.tuples(st.just("insert"), st.integers(0, 99), sentence),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("split"), st.integers(0, 99), st.integers(1, 99)),
    st.tuples(st.just("merge"), st.integers(0, 99)),
)


def apply(paragraphs: list[str], op) -> list[str]:
    paragraphs = list(paragraphs)
    kind = op[0]
    if not paragraphs and kind != "insert":
        return paragraphs
    at = op[1] % max(len(paragraphs), 1)
    if kind == "edit":
        words = paragraphs[at].rstrip(".").split()
        words[op[2] % len(words)] = op[3]
        paragraphs[at] = " ".join(words) + "."
    elif kind == "insert":
        paragraphs.insert(op[1] % (len(paragraphs) + 1), op[2])
    elif kind == "delete":
        del paragraphs[at]
    elif kind == "move":
        paragraphs.insert(op[2] % len(paragraphs), paragraphs.pop(at))
    elif kind == "split":
        words = paragraphs[at].rstrip(".").split()
        if len(words) > 1:
            cut = 1 + op[2] % (len(words) - 1)
            paragraphs[at: at + 1] = [" ".join(words[:cut]) + ".", " ".join(words[cut:]).capitalize() + "."]
    elif kind == "merge" and at + 1 < len(paragraphs):
        paragraphs[at: at + 2] = [paragraphs[at].rstrip(".") + " " + paragraphs[at + 1].lower()]
    return paragraphs


def all_msgstrs(root: Path) -> set[str]:
    catalog = read_po((root / PO).read_bytes(), PO)
    return {entry.msgstr for entry in catalog.entries if entry.msgstr}


def translate_some(root: Path, pick: int, counter: list[int]) -> set[str]:
    """A translator translates (or re-translates) every `pick`-th entry and clears fuzzy flags."""
    catalog = read_po((root / PO).read_bytes(), PO)
    written = set()
    for index, entry in enumerate(catalog.entries):
        if entry.obsolete or (index + pick) % 3:
            continue
        counter[0] += 1
        entry.msgstr = f"traducción {counter[0]} de «{entry.msgid[:20]}»"
        entry.fuzzy = False
        written.add(entry.msgstr)
    (root / PO).write_text(generate_po(catalog), encoding="utf-8")
    return written


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(sentence, min_size=3, max_size=12, unique=True),
       revisions=st.lists(st.tuples(operation, st.integers(0, 2)), min_size=10, max_size=10))
def test_no_translation_is_ever_lost(start, revisions):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "source").mkdir()
        (root / "bitext.toml").write_text('languages = ["es"]\n')
        source = root / "source" / "art.md"
        paragraphs = start
        source.write_text("\n\n".join(paragraphs) + "\n")
        assert run_cli(root, "update").exit_code == 0
        counter = [0]
        translate_some(root, 0, counter)
        for op, pick in revisions:
            # what the catalog holds now (translators may have replaced earlier work: their call)
            before = all_msgstrs(root)
            paragraphs = apply(paragraphs, op)
            source.write_text("\n\n".join(paragraphs) + "\n")
            result = run_cli(root, "update")
            assert result.exit_code == 0, result.output
            missing = before - all_msgstrs(root)
            assert not missing, f"lost after {op}: {missing}"
            translate_some(root, pick, counter)
        # and a second update changes nothing (the first drops the #| of entries the translator
        # reviewed, as msgmerge does)
        run_cli(root, "update")
        before = (root / PO).read_bytes()
        run_cli(root, "update")
        assert (root / PO).read_bytes() == before
