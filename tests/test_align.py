"""`bitext align`: aligning a published translation and bootstrapping its catalog."""

from __future__ import annotations

import json
import textwrap

from bitext.align import align_segments, anchors
from bitext.pofile import generate_po, read_po
from bitext.segment import read_article

from conftest import run_cli, snapshot

PO = "locales/es/LC_MESSAGES/la.po"

# The conftest article in Spanish, as a site published it: its first paragraph cut in two
# (1-2), its two list items run into one (2-1), a note of the translator's own (0-1).
SPANISH = textwrap.dedent("""\
    ---
    title: Los trabajadores toman las calles
    ---

    # Los trabajadores toman las calles

    El viernes 6 de junio comenzaron *redadas masivas* en Los Ángeles.

    La comunidad salió a la calle.

    - Los sindicatos convocaron una marcha y los docentes organizaron patrullas.

    > ¡Papeles para todos!

    Nota de la traductora: este artículo se publicó primero en inglés, en una revista de Chicago.

    ## ¿Y ahora?

    Más de 200.000 personas marcharon. Véase [el informe](https://example.org/report).
    """)


def entries(root):
    catalog = read_po((root / PO).read_bytes(), PO)
    return {entry.msgid: entry for entry in catalog.entries if not entry.obsolete}


def test_align_bootstraps_a_catalog_with_1_2_and_2_1(publication, tmp_path_factory):
    translation = tmp_path_factory.mktemp("site") / "la-es.md"
    translation.write_text(SPANISH, encoding="utf-8")
    result = run_cli(publication, "align", "la", str(translation), "--lang", "es")
    assert result.exit_code == 0, result.output
    found = entries(publication)
    paragraph = found["On Friday, June 6, *mass raids* started in Los Angeles. The community came out."]
    assert paragraph.msgstr == ("El viernes 6 de junio comenzaron *redadas masivas* en Los Ángeles. "
                                "La comunidad salió a la calle.")  # 1-2 joined into one msgstr
    first, second = found["Unions called a march."], found["Teachers organised patrols."]
    assert first.msgstr == "Los sindicatos convocaron una marcha y los docentes organizaron patrullas."
    assert second.msgstr == ""  # 2-1: whole on the first entry, the second left untranslated
    assert found["Papers for all!"].msgstr == "¡Papeles para todos!"
    assert found["Where now?"].msgstr == "¿Y ahora?"
    assert found["Workers take the streets"].msgstr == "Los trabajadores toman las calles"
    assert found["Over 200,000 people marched. See [the report](https://example.org/report)."].msgstr \
        .startswith("Más de 200.000")
    translated = [entry for entry in found.values() if entry.msgstr]
    assert translated and all(entry.fuzzy and entry.previous_msgid is None for entry in translated)
    assert not any("Nota de la traductora" in entry.msgstr for entry in found.values())
    lines = result.output.splitlines()
    kinds = [line.split()[0] for line in lines if line[:3] in ("1-1", "1-2", "2-1", "1-0", "0-1")]
    assert "1-2" in kinds and "2-1" in kinds and "0-1" in kinds
    assert all(0.0 <= float(line.split()[1]) <= 1.0 for line in lines if line[:3] in ("1-1", "1-2", "2-1"))
    assert lines[-1].startswith(f"{PO}: created: 6 aligned translations to review (fuzzy)")
    # status now counts them as stale (fuzzy), not translated: a person reviews them first
    status = run_cli(publication, "status", "--format", "json")
    assert json.loads(status.output)["totals"]["stale"] == 6


def test_align_keeps_reviewed_translations_unless_overwrite(publication, tmp_path_factory):
    assert run_cli(publication, "update").exit_code == 0
    catalog = read_po((publication / PO).read_bytes(), PO)
    for entry in catalog.entries:
        if entry.msgid == "Papers for all!":
            entry.msgstr = "¡Papeles para todas y todos!"
    (publication / PO).write_text(generate_po(catalog), encoding="utf-8")
    translation = tmp_path_factory.mktemp("site") / "la-es.md"
    translation.write_text(SPANISH, encoding="utf-8")
    result = run_cli(publication, "align", "la", str(translation), "--lang", "es")
    assert result.exit_code == 0, result.output
    kept = entries(publication)["Papers for all!"]
    assert kept.msgstr == "¡Papeles para todas y todos!" and not kept.fuzzy
    assert "1 existing translations kept" in result.output
    # a second run changes nothing: every entry it could fill is filled
    files = snapshot(publication)
    assert run_cli(publication, "align", "la", str(translation), "--lang", "es").exit_code == 0
    assert snapshot(publication) == files
    result = run_cli(publication, "align", "la", str(translation), "--lang", "es", "--overwrite")
    replaced = entries(publication)["Papers for all!"]
    assert replaced.msgstr == "¡Papeles para todos!" and replaced.fuzzy


def test_align_plain_text_translation_with_site_furniture(publication, tmp_path_factory):
    translation = tmp_path_factory.mktemp("site") / "copied.txt"
    translation.write_text(
        "Inicio | Noticias | Contacto\n\nLos trabajadores toman las calles\n\n"
        "El viernes 6 de junio comenzaron redadas masivas en Los Ángeles. La comunidad salió a la calle.\n\n"
        "Los sindicatos convocaron una marcha.\n\nLos docentes organizaron patrullas.\n\n"
        "¡Papeles para todos!\n\n¿Y ahora?\n\nMás de 200.000 personas marcharon. Véase el informe.\n\n"
        "Compartir en redes sociales\n", encoding="utf-8")
    result = run_cli(publication, "align", "la", str(translation), "--lang", "es")
    assert result.exit_code == 0, result.output
    found = entries(publication)
    assert found["Teachers organised patrols."].msgstr == "Los docentes organizaron patrullas."
    assert found["Where now?"].msgstr == "¿Y ahora?"
    assert not any("Compartir" in entry.msgstr or "Inicio" in entry.msgstr for entry in found.values())


def test_align_bad_input_is_exit_2_and_writes_nothing(publication, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("site")
    before = snapshot(publication)
    result = run_cli(publication, "align", "nope", str(tmp_path / "x.md"), "--lang", "es")
    assert result.exit_code == 2 and "no article 'nope'" in result.stderr
    result = run_cli(publication, "align", "la", str(tmp_path / "missing.md"), "--lang", "es")
    assert result.exit_code == 2 and "missing.md: cannot read" in result.stderr
    (tmp_path / "bad.md").write_bytes(b"caf\xe9\n")
    result = run_cli(publication, "align", "la", str(tmp_path / "bad.md"), "--lang", "es")
    assert result.exit_code == 2 and "bad.md:1: not valid UTF-8" in result.stderr
    assert snapshot(publication) == before


def segments(*texts: str, suffix: str = ".txt"):
    return read_article("\n\n".join(texts) + "\n", "x" + suffix, "x").segments


def test_align_segments_finds_every_bead_kind():
    source = segments(
        "The strike began on 3 March 2025 in 14 factories.",
        "Workers at Ford walked out first.",
        "Then came the others, one by one, over the following week.",
        "A note that the translation leaves out entirely, with nothing in it like the rest.",
        "By 20 March, 12,500 people were on strike across the region.",
        "The union, UAW, called it the largest strike since 1970.")
    target = segments(
        "La huelga comenzó el 3 de marzo de 2025 en 14 fábricas.",
        "Los trabajadores de Ford salieron primero. Luego vinieron los demás, uno a uno, durante la semana siguiente.",
        "Para el 20 de marzo, 12.500 personas estaban en huelga en la región.",
        "Traducido por voluntarios.",
        "El sindicato, UAW, la llamó la mayor huelga desde 1970.")
    beads = [(bead.source, bead.target) for bead in align_segments(source, target)]
    assert beads == [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,)), ((), (3,)), ((5,), (4,))]


def test_anchors_read_numbers_in_any_locale_form():
    assert anchors("200,000 people")["n:200000"] == 1
    assert anchors("200.000 personas")["n:200000"] == 1
    assert anchors("200\u00a0000 personnes")["n:200000"] == 1
    found = anchors("¿Dónde? See [it](https://example.org/a) and `code` at ICE.")
    assert {"p:?", "u:https://example.org/a", "c:code", "A:ICE", "l:link"} <= set(found)
