"""`bitext build` through the CLI: every output written, thresholds, stale modes, summary lines."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bitext.pofile import generate_po, read_po

from conftest import run_cli, snapshot

PO = "locales/es/LC_MESSAGES/la.po"


def translate(root, keep_untranslated=()):
    path = root / PO
    catalog = read_po(path.read_bytes(), PO)
    for entry in catalog.entries:
        if not entry.obsolete and entry.msgid not in keep_untranslated:
            entry.msgstr = "ES " + entry.msgid
    path.write_text(generate_po(catalog), encoding="utf-8")


def test_build_writes_every_output(publication):
    run_cli(publication, "update")
    translate(publication)
    result = run_cli(publication, "build")
    assert result.exit_code == 0, result.output
    for suffix in (".md", ".html", ".bilingual.html", ".tmx"):
        assert (publication / "build" / "es" / f"la{suffix}").is_file(), suffix
    assert (publication / "build" / "index.html").is_file()
    assert "es: 1 article, 1 edition, 100.0% of words translated" in result.stdout
    edition = (publication / "build/es/la.md").read_text()
    assert "lang: es" in edition and "ES On Friday, June 6, *mass raids* started in Los Angeles." in edition
    html = (publication / "build/es/la.html").read_text()
    assert '<html lang="es"' in html and "14 de enero de 2026" in html
    units = ET.parse(publication / "build/es/la.tmx").getroot().findall("./body/tu")
    assert len(units) == len([e for e in read_po((publication / PO).read_bytes(), PO).entries if e.msgstr])


def test_build_never_touches_sources_or_catalogs(publication):
    run_cli(publication, "update")
    translate(publication)
    before = {k: v for k, v in snapshot(publication).items() if not k.startswith("build")}
    run_cli(publication, "build")
    after = {k: v for k, v in snapshot(publication).items() if not k.startswith("build")}
    assert before == after


def test_stale_segment_falls_back_to_english_or_outdated_translation(publication):
    run_cli(publication, "update")
    translate(publication)
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace("Unions called a march.", "Unions did not call a march."))
    result = run_cli(publication, "build")  # no update: build merges in memory
    assert result.exit_code == 0
    edition = (publication / "build/es/la.md").read_text()
    assert "- Unions did not call a march." in edition and "ES Unions called a march." not in edition
    html = (publication / "build/es/la.html").read_text()
    assert 'lang="en"' in html
    bilingual = (publication / "build/es/la.bilingual.html").read_text()
    assert "<ins>" in bilingual and "not" in bilingual
    tmx = (publication / "build/es/la.tmx").read_text()
    assert "ES Unions called a march." not in tmx  # stale translations are not memory
    run_cli(publication, "build", "--stale", "translation")
    edition = (publication / "build/es/la.md").read_text()
    assert "- ES Unions called a march." in edition  # plain in Markdown
    html = (publication / "build/es/la.html").read_text()
    assert "outdated" in html


def test_below_threshold_removes_edition_and_warns(publication):
    run_cli(publication, "update")
    translate(publication)
    run_cli(publication, "build")
    assert (publication / "build/es/la.md").exists()
    catalog = read_po((publication / PO).read_bytes(), PO)
    for entry in catalog.entries[2:]:
        entry.msgstr = ""
    (publication / PO).write_text(generate_po(catalog), encoding="utf-8")
    result = run_cli(publication, "build")
    assert result.exit_code == 0
    assert not (publication / "build/es/la.md").exists() and not (publication / "build/es/la.html").exists()
    assert (publication / "build/es/la.bilingual.html").exists()
    warning = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and "la (es)" in warning[0] and "below the threshold of 80%" in warning[0]
    assert run_cli(publication, "build", "--threshold", "0").exit_code == 0
    assert (publication / "build/es/la.md").exists()


def test_plain_text_source_builds_txt_edition(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.txt").write_text("First block of text.\n\nSecond block here.\n")
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n')
    run_cli(tmp_path, "update")
    po = "locales/es/LC_MESSAGES/note.po"
    catalog = read_po((tmp_path / po).read_bytes(), po)
    for entry in catalog.entries:
        entry.msgstr = "ES " + entry.msgid
    (tmp_path / po).write_text(generate_po(catalog), encoding="utf-8")
    assert run_cli(tmp_path, "build").exit_code == 0
    assert (tmp_path / "build/es/note.txt").read_text() == "ES First block of text.\n\nES Second block here.\n"


def test_nested_slug_and_two_languages(tmp_path):
    (tmp_path / "source" / "2026").mkdir(parents=True)
    (tmp_path / "source" / "2026" / "la.md").write_text("# Title here\n\nBody text.\n")
    (tmp_path / "bitext.toml").write_text('languages = ["es", "pt_BR"]\n')
    result = run_cli(tmp_path, "update")
    assert result.exit_code == 0
    assert (tmp_path / "locales/es/LC_MESSAGES/2026/la.po").exists()
    pt = (tmp_path / "locales/pt_BR/LC_MESSAGES/2026/la.po").read_text()
    assert '"Language: pt_BR\\n"' in pt and "plural=(n > 1)" in pt
    result = run_cli(tmp_path, "build", "--threshold", "0")
    assert result.exit_code == 0
    assert '<html lang="pt-BR"' in (tmp_path / "build/pt_BR/2026/la.html").read_text()
    index = (tmp_path / "build/index.html").read_text()
    assert "2026/la" in index
