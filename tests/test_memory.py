"""The translation memory in `update`: other catalogs and memory files pre-fill new segments only."""

from __future__ import annotations

import textwrap

import pytest

from bitext.memory import MemoryFileError, TranslationMemory, file_units, read_tmx
from bitext.pofile import read_po

from conftest import run_cli, snapshot

WATER = "Access to water is a right for everyone in the city."
TMX = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <tmx version="1.4">
      <header srclang="en" datatype="plaintext" segtype="paragraph" adminlang="en"
              creationtool="other" creationtoolversion="1" o-tmf="x"/>
      <body>
        <tu>
          <tuv xml:lang="en-US"><seg>The union called a
            march on <bpt i="1">&lt;b&gt;</bpt>Friday<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
          <tuv xml:lang="es-ES"><seg>El sindicato convocó una marcha el viernes.</seg></tuv>
        </tu>
        <tu>
          <tuv xml:lang="en"><seg>Teachers organised patrols.</seg></tuv>
          <tuv xml:lang="fr"><seg>Les enseignants ont organisé des patrouilles.</seg></tuv>
        </tu>
      </body>
    </tmx>
    """)


def entry(root, slug, msgid):
    catalog = read_po((root / f"locales/es/LC_MESSAGES/{slug}.po").read_bytes(), slug)
    return next(item for item in catalog.entries if item.msgid == msgid and not item.obsolete)


def translate_all(root, slug, prefix="ES "):
    path = root / f"locales/es/LC_MESSAGES/{slug}.po"
    catalog = read_po(path.read_bytes(), slug)
    from bitext.pofile import generate_po

    for item in catalog.entries:
        item.msgstr = prefix + item.msgid
        item.translator_comments = ["checked by Ana"]
    path.write_text(generate_po(catalog), encoding="utf-8")


@pytest.fixture
def two_articles(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    (tmp_path / "source/a.md").write_text(f"# Water\n\n{WATER}\n\nOnly in the first article.\n",
                                          encoding="utf-8")
    assert run_cli(tmp_path, "update").exit_code == 0
    translate_all(tmp_path, "a")
    return tmp_path


def test_update_prefills_a_new_article_from_another_catalog(two_articles):
    root = two_articles
    before_a = (root / "locales/es/LC_MESSAGES/a.po").read_bytes()
    (root / "source/b.md").write_text(
        f"# Floods\n\n{WATER}\n\nAccess to water is a right for everybody in the city.\n\nBrand new words.\n",
        encoding="utf-8")
    result = run_cli(root, "update")
    assert result.exit_code == 0, result.output
    exact = entry(root, "b", WATER)
    assert exact.msgstr == f"ES {WATER}" and not exact.fuzzy
    assert exact.translator_comments == []  # the other article's translators' notes stay there
    similar = entry(root, "b", "Access to water is a right for everybody in the city.")
    assert similar.fuzzy and similar.previous_msgid == WATER and similar.msgstr == f"ES {WATER}"
    assert entry(root, "b", "Brand new words.").msgstr == ""
    lines = [line for line in result.output.splitlines() if "pre-filled" in line]
    assert len(lines) == 2
    assert "(exact) from article a" in lines[0] and "from article a" in lines[1] and "fuzzy" in lines[1]
    # the donor catalog is untouched, and a second update changes nothing
    assert (root / "locales/es/LC_MESSAGES/a.po").read_bytes() == before_a
    files = snapshot(root)
    again = run_cli(root, "update")
    assert again.exit_code == 0 and again.output.startswith("nothing to do") and snapshot(root) == files


def test_memory_fills_only_entries_the_update_creates(two_articles):
    root = two_articles
    (root / "source/b.md").write_text("# Floods\n\nBrand new words.\n", encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    # b already has an (untranslated) entry when the same text is translated in a: b stays as it is
    (root / "source/b.md").write_text(f"# Floods\n\n{WATER}\n", encoding="utf-8")
    assert run_cli(root, "update", "--no-memory").exit_code == 0
    assert entry(root, "b", WATER).msgstr == ""
    files = snapshot(root)
    result = run_cli(root, "update")
    assert result.exit_code == 0 and "pre-filled" not in result.output
    assert snapshot(root) == files
    status = run_cli(root, "status", "--check", "--fail-on", "outdated")
    assert status.exit_code == 0, status.output


def test_own_catalog_is_searched_before_the_memory(two_articles):
    root = two_articles
    # b translates a close variant itself; its edit must carry b's own translation, not a's
    (root / "source/b.md").write_text("# Floods\n\nAccess to water is a right for all in the city.\n",
                                      encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    translate_all(root, "b", prefix="B ")
    (root / "source/b.md").write_text(f"# Floods\n\n{WATER}\n", encoding="utf-8")
    result = run_cli(root, "update")
    assert "pre-filled" not in result.output
    carried = entry(root, "b", WATER)
    assert carried.fuzzy and carried.msgstr == "B Access to water is a right for all in the city."


def test_update_prefills_from_a_tmx_file(publication):
    (publication / "memory").mkdir()
    (publication / "memory/old.tmx").write_text(TMX, encoding="utf-8")
    (publication / "bitext.toml").write_text('languages = ["es"]\nmemory = ["memory/*.tmx"]\n')
    (publication / "source/la.md").write_text(
        "# Strike\n\nThe union called a march on Friday!\n\nTeachers organised patrols.\n")
    result = run_cli(publication, "update")
    assert result.exit_code == 0, result.output
    filled = entry(publication, "la", "The union called a march on Friday!")
    assert filled.fuzzy and filled.msgstr == "El sindicato convocó una marcha el viernes."
    # inline codes carry the original markup; lines are joined as segments are
    assert filled.previous_msgid == "The union called a march on <b>Friday</b>."
    assert entry(publication, "la", "Teachers organised patrols.").msgstr == ""  # French only
    assert "from memory/old.tmx:6" in result.output


def test_update_prefills_from_a_po_file_exactly(publication):
    (publication / "old/es").mkdir(parents=True)
    (publication / "old/es/compendium.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "The community came out."\nmsgstr "NO"\n\n'
        'msgid "Papers for all!"\nmsgstr "¡Papeles para todos!"\n', encoding="utf-8")
    (publication / "bitext.toml").write_text('languages = ["es"]\nmemory = ["old/**/*.po"]\n')
    result = run_cli(publication, "update")
    assert result.exit_code == 0, result.output
    papers = entry(publication, "la", "Papers for all!")
    assert papers.msgstr == "¡Papeles para todos!" and not papers.fuzzy
    assert "(exact) from old/es/compendium.po:8" in result.output
    assert not any(item.msgstr == "NO" for item in
                   read_po((publication / "locales/es/LC_MESSAGES/la.po").read_bytes(), "la").entries)


@pytest.mark.parametrize("name, content, line, words", [
    ("bad.tmx", '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x "xx">]>\n<tmx/>\n', 2, "DOCTYPE"),
    ("bad.tmx", '<tmx>\n<body>\n<tu><tuv xml:lang="en"><seg>a & b</seg></tuv></tu>\n</body></tmx>\n', 3,
     "not well-formed"),
    ("bad.tmx", '<tmx><body>\n<tu><tuv><seg>a</seg></tuv></tu></body></tmx>', 2, "xml:lang"),
    ("bad.tmx", '<html></html>', 1, "not a TMX file"),
    ("bad.tmx", '<tmx><body>\n<tu>&ext;</tu></body></tmx>', 2, "undefined entity"),
    ("es/bad.po", 'msgid "a"\nmsgstr "b\n', 3, "within string"),
    ("bad.po", 'msgid "a"\nmsgstr "b"\n', 1, "language"),
])
def test_malformed_memory_file_is_exit_2_and_nothing_written(publication, name, content, line, words):
    target = publication / "memory" / name
    target.parent.mkdir(parents=True)
    target.write_text(content, encoding="utf-8")
    (publication / "bitext.toml").write_text('languages = ["es"]\nmemory = ["memory/**/bad.*"]\n')
    before = snapshot(publication)
    result = run_cli(publication, "update")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"bitext: error: memory/{name}:") and words in first
    assert first.startswith(f"bitext: error: memory/{name}:{line}: ")
    assert snapshot(publication) == before


def test_memory_globs_must_match_and_stay_inside(publication):
    (publication / "bitext.toml").write_text('memory = ["nothing/*.tmx"]\n')
    result = run_cli(publication, "update")
    assert result.exit_code == 2 and "no file matches" in result.stderr
    (publication / "bitext.toml").write_text('memory = ["../*.tmx"]\n')
    result = run_cli(publication, "update")
    assert result.exit_code == 2 and "inside the publication" in result.stderr


def test_tmx_reader_and_lookup():
    memory = read_tmx(TMX.encode(), "m.tmx")
    units = file_units(memory, "en", "es")
    assert [(u.msgid, u.origin) for u in units] == [
        ("The union called a march on <b>Friday</b>.", "m.tmx:6")]
    assert [u.msgstr for u in file_units(memory, "en", "fr")] == ["Les enseignants ont organisé des patrouilles."]
    index = TranslationMemory(units)
    assert index.lookup("The union called a march on <b>Friday</b>.", 0.6).exact
    fuzzy = index.lookup("The union called a march on Saturday.", 0.6)
    assert fuzzy is not None and not fuzzy.exact and 0.6 <= fuzzy.score < 1
    assert index.lookup("Completely unrelated sentence about cats", 0.6) is None
    with pytest.raises(MemoryFileError):
        read_tmx(b"", "empty.tmx")
