"""`bitext check` (SPEC section 7): each code on strings, silencing, glossary files, the CLI."""

from __future__ import annotations

import json
import re

import pytest

from bitext.checks import CODES, Pair, check_entry, check_pair, ignored_codes, read_glossary
from bitext.checks.glossary import GlossaryError
from bitext.pofile import POEntry, generate_po, read_po

from conftest import run_cli, snapshot

GLOSSARY = """source,target,note
ICE,,sigla; se mantiene
raid,redada,
general strike,huelga general,
union,sindicato,
rapid response,respuesta rápida,
SEIU USWW,,
SEIU,,
"""


@pytest.fixture(scope="module")
def glossary():
    return read_glossary(GLOSSARY.encode(), "locales/es/glossary.csv", "es", "en")


def codes(source: str, translation: str, language: str = "es", glossary=None, markdown: bool = True):
    return [code for code, _ in check_pair(Pair(source, translation, language, "en", glossary, markdown))]


def messages(source: str, translation: str, language: str = "es", glossary=None):
    return [message for _, message in check_pair(Pair(source, translation, language, "en", glossary))]


# ---------------------------------------------------------------- markup


@pytest.mark.parametrize("source, translation, expected", [
    ("See [the report](https://example.org/r).", "Vea [el informe](https://evil.example/x).",
     "link to https://example.org/r became https://evil.example/x"),
    ("See [the report](https://example.org/r).", "Vea el informe.",
     "link to https://example.org/r is missing from the translation"),
    ("See the report.", "Vea [el informe](https://evil.example/x).",
     "link to https://evil.example/x is not in the source"),
    ("Run `make all` now.", "Ejecute make all ahora.", "code span `make all` is missing from the translation"),
    ("Run `make all` now.", "Ejecute `make todo` ahora.", "code span `make all` is missing from the translation"),
    ("A *big* day.", "Un gran día.", "emphasis (*…*): 1 in the source, 0 in the translation"),
    ("A **big** day.", "Un **gran día.", "strong emphasis (**…**): 1 in the source, 0 in the translation"),
    ("An ![map](map.png) here.", "Un ![mapa](otro.png) aquí.", "image map.png became otro.png"),
    ("Press <kbd>Enter</kbd>.", "Pulse Intro.", "inline HTML <kbd> is missing from the translation"),
    ("Mail <https://example.org>.", "Correo <https://example.com>.",
     "autolink https://example.org became https://example.com"),
])
def test_markup_differences_are_errors(source, translation, expected):
    assert expected in messages(source, translation)
    assert CODES["markup"] == "error"


@pytest.mark.parametrize("translation, expected", [
    ("Instala ⟦1⟧ el paquete.", ["placeholder ⟦2⟧ is missing from the translation"]),
    ("Instala ⟦1⟧ el ⟦2⟧ paquete ⟦2⟧.", ["placeholder ⟦2⟧ is not in the source"]),
    ("Instala ⟦1⟧ el ⟦3⟧ paquete.", ["placeholder ⟦2⟧ is missing from the translation",
                                     "placeholder ⟦3⟧ is not in the source"]),
])
def test_placeholders_lost_doubled_or_invented_are_markup_errors(translation, expected):
    found = messages("Install ⟦1⟧ the ⟦2⟧ package.", translation)
    for text in expected:
        assert any(message.startswith(text) for message in found), found
    assert "markup" in codes("Install ⟦1⟧ the ⟦2⟧ package.", translation)


def test_placeholders_moved_by_the_translator_pass():
    assert codes("Install ⟦1⟧ the ⟦2⟧ package.", "Instala el paquete ⟦2⟧ ⟦1⟧.") == []


def test_unclosed_strong_is_reported_as_a_stray_marker():
    found = messages("A **big** day.", "Un **gran día.")
    assert any("a literal * in the translation" in message for message in found)


def test_emphasis_added_by_the_translator_is_not_an_error_but_a_lost_span_is():
    assert codes("The *ch* argument.", "El argumento *ch* (*character*).") == []
    # the count is still right (one added, one lost), but *ch* is kept as a word and not marked
    assert messages("The *ch* argument.", "El argumento ch (*character*).") == [
        "emphasis (*…*) on “ch” is lost in the translation"]


def test_markup_kept_in_another_order_and_translated_link_text_pass():
    source = "Read [the report](https://example.org/r) and *then* run `make`."
    translation = "Ejecute `make` *después* de leer [el informe](https://example.org/r)."
    assert "markup" not in codes(source, translation)


def test_plain_text_sources_have_no_markup_findings():
    assert codes("Run *all* of it now please.", "Ejecútelo todo ahora, por favor.", markdown=False) == []


# ---------------------------------------------------------------- number


@pytest.mark.parametrize("translation", [
    "Más de 200.000 personas.", "Más de 200 000 personas.", "Más de 200\u00a0000 personas.",
    "Más de 200\u202f000 personas.", "Más de 200000 personas.",
])
def test_numbers_in_every_form_the_target_writes_them_pass(translation):
    assert codes("Over 200,000 people.", translation) == []


def test_a_missing_or_changed_number_is_an_error_naming_the_forms():
    assert messages("Over 200,000 people.", "Más de 20.000 personas.") == [
        "200,000 is missing from the translation (in es: 200.000 or 200 000)"]
    assert codes("On June 6 they came.", "El 7 de junio llegaron.") == ["number"]


def test_a_number_left_in_english_form_that_reads_differently_is_reported():
    found = messages("Over 9,000,000 people.", "Más de 9,000,000 personas.")
    assert found == ["9,000,000 is written as in the source, which reads as another number in es: "
                     "write 9.000.000 or 9 000 000"]


def test_decimals_years_ordinals_and_versions():
    assert codes("It grew 2.5 times in 2025.", "Creció 2,5 veces en 2025.") == []
    assert codes("It grew 2.5 times.", "Creció 2.5 veces.") == []  # a version-like spelling is kept
    assert codes("It grew 1.500 times.", "Creció 1.500 veces.") == ["number"]  # reads 1500 in Spanish
    assert codes("On the 6th of June.", "El 6 de junio.") == []
    assert codes("The 21st century.", "El siglo 21.") == []
    assert codes("Python 3.10 is out.", "Python 3.10 ya salió.") == []


def test_numbers_inside_code_and_urls_are_not_prose():
    assert "number" not in codes("Call `f(3)` at [home](https://x.org/42).", "Llame `f(3)` en [casa](https://x.org/42).")


def test_numbers_written_in_words_as_spanish_style_asks():
    assert codes("The 3 unions joined.", "Los tres sindicatos se sumaron.") == []
    assert codes("Over 200,000 people came.", "Vinieron más de doscientas mil personas.") == []
    assert codes("Over 9,000,000 people.", "Más de nueve millones de personas.") == []
    assert codes("On the 1st day.", "El primer día.") == []
    assert codes("The 3 unions joined.", "Los cuatro sindicatos se sumaron.") == ["number"]
    # a short number word is matched on its ending only: "dos" is not "donde", "tres" not "tren"
    assert codes("It took 2 hours.", "Tardó horas donde.") == ["number"]
    assert codes("The 3 trains.", "El tren.") == ["number"]
    assert codes("Latin-1 is used.", "Se usa un latin-3.") == ["number"]  # "un" is an article, "se" not "seis"
    assert codes("It is -6 here.", "Se usa -4 aquí.") == ["number"]


def test_long_scale_and_24_hour_clock():
    assert codes("It cost $1.2 billion.", "Costó 1200 millones de dólares.") == []
    assert codes("It cost $1.2 billion.", "Costó 1,2 millardos de dólares.") == []
    assert codes("Between 9 a.m. and 5 p.m.", "Entre las 9 y las 17 horas.") == []
    assert codes("Between 9 a.m. and 5 p.m.", "Entre las 9 y las 18 horas.") == ["number"]


def test_french_grouping_with_a_narrow_no_break_space():
    assert codes("Over 200,000 people were there.", "Plus de 200\u202f000 personnes étaient là.", "fr") == []
    assert codes("Over 200,000 people were there.", "Plus de 200.000 personnes étaient là.", "fr") == ["number"]


# ---------------------------------------------------------------- glossary


def test_glossary_term_and_inflected_target(glossary):
    assert codes("The raids began.", "Comenzaron las redadas.", glossary=glossary) == []
    assert messages("The raids began.", "Comenzaron las incursiones.", glossary=glossary) == [
        "“raid” should be rendered “redada” (locales/es/glossary.csv:3)"]
    assert codes("The union joined the general strike.", "Los sindicatos se sumaron a las huelgas generales.",
                 glossary=glossary) == []


def test_glossary_stress_accent_moves_and_short_words_are_not_forms():
    terms = read_glossary("source,target\ncharacter,carácter\nraid,redada\nexception,excepción\n".encode(),
                          "g.csv", "es", "en")
    assert codes("An array of characters.", "Un arreglo de caracteres.", glossary=terms) == []
    # "red" (network) shares the Snowball stem of "redada" but is not a form of it
    assert codes("The raid.", "La red.", glossary=terms) == ["glossary"]
    # "except" is not "exception"
    assert codes("All except one.", "Todos menos uno.", glossary=terms) == []


def test_glossary_whole_words_only(glossary):
    # "ICE" is not in "practice", "union" is not in "reunion"
    assert codes("We practice at the reunion every week.", "Practicamos en el reencuentro cada semana.",
                 glossary=glossary) == []


def test_glossary_kept_as_is_and_case_of_acronyms(glossary):
    assert codes("ICE came.", "ICE llegó.", glossary=glossary) == []
    assert codes("ICE came.", "Llegó la migra.", glossary=glossary) == ["glossary"]
    assert codes("ICE came.", "Ice llegó.", glossary=glossary) == ["glossary"]  # an acronym matches exactly
    assert codes("Rapid-response patrols.", "Patrullas de respuesta rápida.", glossary=glossary) == []


def test_glossary_longest_term_wins(glossary):
    assert codes("SEIU USWW President spoke.", "Habló el presidente de SEIU-USWW.", glossary=glossary) == []
    found = messages("SEIU USWW President spoke.", "Habló el presidente de SEIU.", glossary=glossary)
    assert found == ["“SEIU USWW” should be kept as is (locales/es/glossary.csv:7)"]


@pytest.mark.parametrize("text, line, message", [
    ("term,target\nICE,\n", 1, "the first row must name the columns"),
    ("source,target,note\nICE,,\n\"unclosed,x\n", 3, "malformed CSV"),
    ("source,target,note\n---,x,\n", 2, "has no word in it"),
])
def test_a_bad_glossary_is_an_error_at_its_line(text, line, message):
    with pytest.raises(GlossaryError) as caught:
        read_glossary(text.encode(), "g.csv", "es", "en")
    assert caught.value.line == line and message in caught.value.message


def test_a_glossary_in_another_encoding_is_an_error():
    with pytest.raises(GlossaryError, match="not UTF-8"):
        read_glossary("source,target\nraid,incursión\n".encode("latin-1"), "g.csv", "es", "en")


# ---------------------------------------------------------------- warnings


def test_copy_of_a_long_source():
    assert codes("This is a long sentence of the source.", "This is a long sentence of the source.") == ["copy"]
    assert codes("Home Depot", "Home Depot") == []


def test_punctuation_final_inverted_marks_and_quotation_marks():
    assert codes("Where do we go?", "¿Hacia dónde vamos?") == []
    assert codes("Where do we go?", "Hacia dónde vamos?") == ["punctuation"]
    assert codes("Papers for all!", "¡Papeles para todos!") == []
    assert codes("Papers for all!", "Papeles para todos.") == ["punctuation"]
    assert messages("Papers for all!", "¡Papeles para todos.") == [
        "final punctuation: the source ends with !, the translation with .", "¡…! unbalanced: 1 ¡ and 0 !"]
    assert codes("He said “no” to them.", "Dijo «no» a ellos.") == []
    assert "quotation marks \": es uses «…» (and “…” inside)" in messages(
        "He said “no” to them.", "Dijo \"no\" a ellos.")
    assert codes("He said “no” to them.", "Er sagte „nein“ zu ihnen.", "de") == []
    assert codes("He said “no” to them.", "Er sagte «nein» zu ihnen.", "de") == ["punctuation"]


def test_whitespace():
    assert codes("Word, word.", "Palabra , palabra.") == ["whitespace"]
    assert codes("Word, word.", "Palabra,  palabra.") == ["whitespace"]
    assert codes("One\ntwo.", "Uno dos.") == ["whitespace"]
    assert codes("Un mot : deux ?", "Un mot : deux ?", "fr") == []


def test_length():
    source = "A rather long sentence with enough characters in it to count for length."
    assert codes(source, "Corta.") == ["length"]
    assert codes(source, "Una frase bastante larga con suficientes caracteres para contar su longitud.") == []
    assert codes("Short.", "Una frase mucho más larga que su original.") == []  # too short to judge


def test_brackets():
    assert codes("They came (all of them).", "Vinieron (todos.") == ["brackets"]
    assert codes("A smile :) here.", "Una sonrisa :) aquí.") == []  # as unbalanced as the source
    assert codes("He said “no” to them.", "Dijo «no a ellos.") == ["brackets"]


def test_every_code_has_a_level():
    assert {code for code, level in CODES.items() if level == "error"} == {"markup", "number", "glossary"}
    assert set(CODES) == {"markup", "number", "glossary", "copy", "punctuation", "whitespace", "length",
                          "brackets"}


# ---------------------------------------------------------------- silencing


def test_ignore_comments():
    assert ignored_codes(["bitext: ignore number"]) == {"number"}
    assert ignored_codes(["bitext: ignore number, length -- the source counts in words"]) == {"number", "length"}
    assert ignored_codes(["  bitext:ignore glossary"]) == {"glossary"}
    assert ignored_codes(["ignore number", "a note"]) == set()


def test_an_ignore_comment_silences_one_code_on_one_entry():
    entry = POEntry("Over 200,000 people came.", "Vinieron muchísimas personas",
                    translator_comments=["bitext: ignore number -- the figure is disputed"])
    found, silenced = check_entry(entry, "es")
    assert [code for code, _ in found] == ["punctuation"] and silenced == 1


# ---------------------------------------------------------------- the command


def _translate(root, translations: dict[str, str], comments: dict[str, list[str]] | None = None) -> str:
    assert run_cli(root, "update").exit_code == 0
    path = root / "locales" / "es" / "LC_MESSAGES" / "la.po"
    catalog = read_po(path.read_bytes(), "la.po")
    for entry in catalog.entries:
        entry.msgstr = translations.get(entry.msgid, "ES " + entry.msgid)
        entry.translator_comments = (comments or {}).get(entry.msgid, [])
    path.write_text(generate_po(catalog), encoding="utf-8")
    return path.read_text(encoding="utf-8")


GOOD = {
    "Workers take the streets": "Los trabajadores toman las calles",
    "Papers for all!": "¡Papeles para todos!",
    "Where now?": "¿Y ahora?",
    "On Friday, June 6, *mass raids* started in Los Angeles. The community came out.":
        "El viernes 6 de junio comenzaron *redadas masivas* en Los Ángeles. La comunidad salió.",
    "Over 200,000 people marched. See [the report](https://example.org/report).":
        "Más de 200.000 personas marcharon. Vea [el informe](https://example.org/report).",
}
BAD = dict(GOOD, **{
    "Over 200,000 people marched. See [the report](https://example.org/report).":
        "Más de 20.000 personas marcharon. Vea [el informe](https://evil.example/x).",
})


def _line_of(text: str, msgid_start: str) -> int:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("msgid") and (msgid_start in line or msgid_start in lines[index + 1]):
            return index + 1
    raise AssertionError(msgid_start)


def test_cli_clean_catalog_exits_0(publication):
    _translate(publication, GOOD)
    result = run_cli(publication, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 errors" in result.stderr


def test_cli_text_findings_point_at_the_msgid_line_and_exit_1(publication):
    text = _translate(publication, BAD)
    before = snapshot(publication)
    result = run_cli(publication, "check")
    assert result.exit_code == 1
    line = _line_of(text, "Over 200,000")
    assert result.stdout.splitlines() == [
        f"locales/es/LC_MESSAGES/la.po:{line}: markup error: link to https://example.org/report became "
        "https://evil.example/x",
        f"locales/es/LC_MESSAGES/la.po:{line}: number error: 200,000 is missing from the translation "
        "(in es: 200.000 or 200 000)",
    ]
    assert snapshot(publication) == before  # writes nothing


def test_cli_json(publication):
    _translate(publication, BAD)
    result = run_cli(publication, "check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [item["code"] for item in data] == ["markup", "number"]
    assert set(data[0]) == {"path", "line", "code", "level", "message", "language", "article"}
    assert data[0]["path"] == "locales/es/LC_MESSAGES/la.po" and data[0]["level"] == "error"
    assert data[0]["language"] == "es" and data[0]["article"] == "la"


def test_cli_github(publication):
    text = _translate(publication, BAD)
    result = run_cli(publication, "check", "--format", "github")
    assert result.exit_code == 1
    line = _line_of(text, "Over 200,000")
    assert result.stdout.splitlines()[1] == (
        f"::error file=locales/es/LC_MESSAGES/la.po,line={line}::number: 200,000 is missing from the "
        "translation (in es: 200.000 or 200 000)")


def test_cli_warnings_alone_exit_0_and_silenced_ones_disappear(publication):
    warned = dict(GOOD, **{"Workers take the streets": "Los trabajadores toman las calles."})
    _translate(publication, warned)
    result = run_cli(publication, "check", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.startswith("::warning file=locales/es/LC_MESSAGES/la.po,line=")
    assert "punctuation: final punctuation" in result.stdout
    _translate(publication, warned, {"Workers take the streets": ["bitext: ignore punctuation -- house style"]})
    result = run_cli(publication, "check")
    assert result.exit_code == 0 and result.stdout == "" and "1 silenced" in result.stderr


def test_cli_fuzzy_and_untranslated_entries_are_not_checked(publication):
    _translate(publication, BAD)
    path = publication / "locales" / "es" / "LC_MESSAGES" / "la.po"
    catalog = read_po(path.read_bytes(), "la.po")
    for entry in catalog.entries:
        if entry.msgid.startswith("Over 200,000"):
            entry.fuzzy = True
    path.write_text(generate_po(catalog), encoding="utf-8")
    assert run_cli(publication, "check").exit_code == 0


def test_cli_glossary_is_used_and_a_bad_one_is_exit_2(publication):
    _translate(publication, GOOD)
    glossary = publication / "locales" / "es" / "glossary.csv"
    glossary.write_text("source,target,note\nraid,incursión,\n", encoding="utf-8")
    result = run_cli(publication, "check")
    assert result.exit_code == 1
    assert "glossary error: “raid” should be rendered “incursión” (locales/es/glossary.csv:2)" in result.stdout
    glossary.write_text("nothing,here\n", encoding="utf-8")
    result = run_cli(publication, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith("bitext: error: locales/es/glossary.csv:1: the first row must name")


def test_cli_has_help(publication):
    result = run_cli(publication, "check", "--help")
    assert result.exit_code == 0 and "ignore" in result.stdout


# ---------------------------------------------------------------- properties


def test_identity_translation_of_every_commonmark_example_has_no_markup_or_number_finding():
    from conftest import SHARED

    from bitext.segment.text import normalise_text

    examples = json.loads((SHARED / "data" / "commonmark" / "spec-0.31.2.json").read_text(encoding="utf-8"))
    for example in examples:
        text = normalise_text(example["markdown"])
        if text:
            found = [code for code in codes(text, text) if code not in ("copy", "punctuation", "length")]
            assert found == [], (example["example"], found)


from hypothesis import given, settings, strategies as st  # noqa: E402

_TEXT = st.lists(st.sampled_from(list("ab 1,.*_`[]()<>!?¿¡«»\"“”\n0") + ["](https://x.org)", "**", "1,000"]),
                 max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT)
def test_any_pair_gives_findings_with_known_codes(source, translation):
    for code, message in check_pair(Pair(source, translation, "es")):
        assert code in CODES and isinstance(message, str) and message


def test_cli_plain_text_sources_are_checked_without_markup(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.txt").write_text("Run *all* of the 3 jobs now please.\n\nSee you there!\n",
                                                  encoding="utf-8")
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    assert run_cli(tmp_path, "update").exit_code == 0
    path = tmp_path / "locales" / "es" / "LC_MESSAGES" / "note.po"
    catalog = read_po(path.read_bytes(), "note.po")
    catalog.entries[0].msgstr = "Ejecute todos los 4 trabajos ahora, por favor."  # no *: plain text has no markup
    catalog.entries[1].msgstr = "¡Nos vemos allí!"
    path.write_text(generate_po(catalog), encoding="utf-8")
    result = run_cli(tmp_path, "check")
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["number error"]


def test_cli_every_warning_code_is_a_warning_and_exits_0(publication):
    warned = dict(GOOD, **{
        "Workers take the streets": "Los trabajadores toman las calles.",  # punctuation
        "On Friday, June 6, *mass raids* started in Los Angeles. The community came out.":
            "On Friday, June 6, *mass raids* started in Los Angeles. The community came out.",  # copy
        "Over 200,000 people marched. See [the report](https://example.org/report).":
            "Más de 200.000 personas marcharon (todas.  Vea [el informe](https://example.org/report). "
            "Y marcharon otra vez, y otra vez, y otra vez más, por las calles, las plazas, los barrios "
            "y los puertos, durante días y noches enteras, sin descanso alguno.",  # brackets, whitespace, length
    })
    _translate(publication, warned)
    result = run_cli(publication, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {item["code"] for item in data} == {"punctuation", "copy", "brackets", "whitespace", "length"}
    assert {item["level"] for item in data} == {"warning"}


def test_cli_malformed_catalog_is_exit_2_at_its_line(publication):
    _translate(publication, GOOD)
    path = publication / "locales" / "es" / "LC_MESSAGES" / "la.po"
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr oops\n', encoding="utf-8")
    result = run_cli(publication, "check")
    assert result.exit_code == 2 and result.stdout == ""
    assert re.match(r"bitext: error: locales/es/LC_MESSAGES/la\.po:\d+: ", result.stderr), result.stderr
