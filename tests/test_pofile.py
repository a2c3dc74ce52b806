"""bitext.pofile: the strict PO reader and the GNU-canonical writer.

The byte-for-byte expectations below were checked against GNU msgcat 0.21 when they
were written; tests/test_pofile_msgcat.py keeps comparing with msgcat on random input.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bitext.errors import BitextError, CatalogError, POSyntaxError
from bitext.pofile import POCatalog, POEntry, generate_po, read_po

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
DOCS = next((candidate for candidate in (HERE.parents[1] / "shared" / "data" / "python-docs-es",
                                         Path("/work/shared/data/python-docs-es"))
             if candidate.is_dir()), None)
REAL_CATALOGS = sorted(p for p in DOCS.rglob("*.po") if p.name != "re.po") if DOCS else []
MSGCAT = shutil.which("msgcat")


# ------------------------------------------------------------- real catalogs

def test_real_catalogs_are_there():
    assert DOCS is not None and len(REAL_CATALOGS) == 13


@pytest.mark.parametrize("path", REAL_CATALOGS,
                         ids=[str(p.relative_to(DOCS)) for p in REAL_CATALOGS])
def test_real_catalog_is_rewritten_byte_for_byte(path):
    data = path.read_bytes()
    assert generate_po(read_po(data, str(path))).encode("utf-8") == data


@pytest.mark.skipif(DOCS is None, reason="shared test data missing")
def test_real_broken_catalog_is_refused_at_its_line():
    path = DOCS / "library" / "re.po"
    with pytest.raises(POSyntaxError) as caught:
        read_po(path.read_bytes(), str(path))
    assert caught.value.path == str(path)
    assert caught.value.line == 2813
    assert str(caught.value).startswith(f"{path}:2813: ")


# ------------------------------------------------------------------ reader

SAMPLE = """\
# Spanish translation.
# Ana <ana@example.org>, 2026.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: la 1.0\\n"
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#  two spaces kept
#.  paragraph
#: source/la.md:3 ./source/la.md:9
#: source/la.md:3 notes.txt
#, python-format
#, fuzzy
#| msgctxt "old"
#| msgid "Workers take"
#| "the streets"
msgctxt "title"
msgid "Workers take the streets"
msgstr "Los trabajadores toman las calles"

msgid "one worker"
msgid_plural "%d workers"
msgstr[0] "un trabajador"
msgstr[1] "%d trabajadores"

msgid "Tab\\tquote\\" back\\\\slash \\x41\\101"
msgstr ""

# kept for later
#, fuzzy
#~| msgid "Papers for everyone!"
#~ msgid "Papers for all!"
#~ msgstr "¡Papeles para todos!"
"""


def test_sample_reads_into_entries():
    catalog = read_po(SAMPLE.encode("utf-8"), "la.po")
    header = catalog.header
    assert header.msgid == "" and header.fuzzy and header.line == 5
    assert header.translator_comments == ["Spanish translation.", "Ana <ana@example.org>, 2026.", ""]
    assert catalog.header_value("language") == "es"
    assert catalog.header_value("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    title, plural, escapes, gone = catalog.entries
    assert title.msgctxt == "title" and title.msgid == "Workers take the streets"
    assert title.line == 22  # the msgid keyword, not the msgctxt one
    assert title.translator_comments == [" two spaces kept"]
    assert title.extracted_comments == [" paragraph"]
    assert title.references == ["source/la.md:3", "./source/la.md:9", "notes.txt"]
    assert title.flags == ["python-format", "fuzzy"]  # several "#," lines are merged
    assert title.previous_msgctxt == "old" and title.previous_msgid == "Workers takethe streets"
    assert title.fuzzy and not title.translated and title.key == ("title", "Workers take the streets")
    assert plural.msgid_plural == "%d workers" and plural.line == 25
    assert plural.msgstr_plural == {0: "un trabajador", 1: "%d trabajadores"} and plural.translated
    assert escapes.msgid == 'Tab\tquote" back\\slash AA' and not escapes.translated
    assert gone.obsolete and gone.line == 36 and gone.fuzzy
    assert gone.previous_msgid == "Papers for everyone!"
    assert gone.translator_comments == ["kept for later"]


def test_bom_and_crlf_read_like_the_plain_file():
    plain = read_po(SAMPLE.encode("utf-8"), "la.po")
    dressed = b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode("utf-8")
    assert read_po(dressed, "la.po") == plain
    assert read_po("\ufeff" + SAMPLE, "la.po") == plain  # text input too


def test_unwrapped_file_is_written_wrapped():
    loose = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
             'msgid "' + "word " * 20 + '"\n' + 'msgstr "x"\n')
    assert generate_po(read_po(loose.encode(), "x.po")) == (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid ""\n'
        '"word word word word word word word word word word word word word word word "\n'
        '"word word word word word "\n'
        'msgstr "x"\n')


def test_files_without_header_and_empty_files():
    assert read_po(b"", "e.po") == POCatalog(None, [])
    assert read_po(b"# only a comment\n", "e.po") == POCatalog(None, [])
    catalog = read_po(b'msgid "a"\nmsgstr "b"\n', "n.po")
    assert catalog.header is None and catalog.entries[0].msgstr == "b"
    assert generate_po(catalog) == 'msgid "a"\nmsgstr "b"\n'


def test_other_charset_is_decoded_with_it():
    data = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
            'msgid "a"\nmsgstr "salió"\n').encode("latin-1")
    assert read_po(data, "l.po").entries[0].msgstr == "salió"


def test_backslash_newline_joins_lines_as_gnu_does():
    catalog = read_po(b'msgid "ab\\\ncd"\nmsgstr "x"\n\nmsgid "e"\nmsgstr "f"\n', "j.po")
    assert [e.msgid for e in catalog.entries] == ["abcd", "e"]
    assert catalog.entries[1].line == 5


def test_header_values_are_set_in_place_or_appended():
    catalog = read_po(SAMPLE.encode("utf-8"), "la.po")
    catalog.set_header_value("language", "pt_BR")
    catalog.set_header_value("PO-Revision-Date", "2026-01-14 10:00+0000")
    assert catalog.header.msgstr == (
        "Project-Id-Version: la 1.0\nLanguage: pt_BR\nContent-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\nPO-Revision-Date: 2026-01-14 10:00+0000\n")
    assert POCatalog().header_value("Language") is None
    fresh = POCatalog()
    fresh.set_header_value("Language", "es")
    assert fresh.header.msgstr == "Language: es\n" and fresh.header_value("LANGUAGE") == "es"


def test_fuzzy_property_adds_and_removes_the_flag():
    entry = POEntry(msgid="a", msgstr="b", flags=["python-format"])
    assert entry.translated
    entry.fuzzy = True
    assert entry.flags == ["fuzzy", "python-format"] and not entry.translated
    entry.fuzzy = False
    assert entry.flags == ["python-format"]
    assert not POEntry(msgid="a", msgid_plural="as", msgstr_plural={0: "x", 1: ""}).translated


def test_stricter_than_msgcat_where_msgcat_loses_text():
    with pytest.raises(POSyntaxError) as caught:
        read_po(b'msgid "a"\nmsgstr "b\\0c"\n', "z.po")
    assert caught.value.line == 2
    with pytest.raises(POSyntaxError) as caught:
        read_po(b'msgid "a"\nmsgstr "b\x00c"\n', "z.po")
    assert caught.value.line == 2
    with pytest.raises(POSyntaxError) as caught:  # invalid UTF-8 even in a comment
        read_po(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n# \xff\n'
                b'msgid "a"\nmsgstr "b"\n', "z.po")
    assert caught.value.line == 4
    with pytest.raises(POSyntaxError):
        read_po(b'domain "other"\nmsgid "a"\nmsgstr "b"\n', "z.po")


def test_errors_carry_path_and_line():
    with pytest.raises(POSyntaxError) as caught:
        read_po('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n# note\nmsgstr "d"\n', "dir/x.po")
    error = caught.value
    assert (error.path, error.line) == ("dir/x.po", 4)
    assert str(error) == "dir/x.po:4: missing 'msgstr' section (a comment on line 5 interrupts the entry)"


# ------------------------------------------------------------------ writer

HEADER = POEntry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\nLanguage: es\n")


def test_writer_wraps_and_orders_like_gnu():
    catalog = POCatalog(header=HEADER, entries=[
        POEntry(msgid="Papers for all!", msgstr="¡Papeles para todos!", obsolete=True,
                previous_msgid="Papers for everyone!", flags=["fuzzy"]),
        POEntry(msgid="Over 200,000 people marched through downtown Los Angeles on Saturday"
                      "—the largest protest of the year—demanding an end to the raids.",
                msgstr="Más de 200 000 personas marcharon por el centro de Los Ángeles el "
                       "sábado —la mayor protesta del año— exigiendo el fin de las redadas.",
                references=[f"source/2026/los-angeles-immigration-raids-and-the-response.md:{n}"
                            for n in (12, 40, 113)],
                extracted_comments=["paragraph"]),
        POEntry(msgid="See https://example.org/a/very/long/path/that/goes/on/and-on-and-on/"
                      "without/any/spaces/at/all for details",
                flags=["fuzzy", "unknown-flag"]),
        POEntry(msgid="東京の労働者は街頭に出た。東京の労働者は街頭に出た。東京の労働者は街頭に出た。",
                msgstr="Los trabajadores de Tokio salieron a la calle.",
                flags=["python-format", "fuzzy"], translator_comments=["checked", "", "path C:\\"]),
        POEntry(msgid="Line one\nLine two", msgstr="Línea uno\nLínea dos\n", msgctxt="menu"),
        POEntry(msgid="Gone", msgstr="", obsolete=True),
        POEntry(msgid="one worker", msgid_plural="%d workers",
                msgstr_plural={0: "un trabajador", 1: "%d trabajadores"}),
    ])
    assert generate_po(catalog) == EXPECTED_CANONICAL


EXPECTED_CANONICAL = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

#. paragraph
#: source/2026/los-angeles-immigration-raids-and-the-response.md:12
#: source/2026/los-angeles-immigration-raids-and-the-response.md:40
#: source/2026/los-angeles-immigration-raids-and-the-response.md:113
msgid ""
"Over 200,000 people marched through downtown Los Angeles on Saturday—the "
"largest protest of the year—demanding an end to the raids."
msgstr ""
"Más de 200 000 personas marcharon por el centro de Los Ángeles el sábado —la "
"mayor protesta del año— exigiendo el fin de las redadas."

msgid ""
"See https://example.org/a/very/long/path/that/goes/on/and-on-and-on/without/"
"any/spaces/at/all for details"
msgstr ""

# checked
#
# path C:\\ 
#, fuzzy, python-format
msgid ""
"東京の労働者は街頭に出た。東京の労働者は街頭に出た。東京の労働者は街頭に出"
"た。"
msgstr "Los trabajadores de Tokio salieron a la calle."

msgctxt "menu"
msgid ""
"Line one\\n"
"Line two"
msgstr ""
"Línea uno\\n"
"Línea dos\\n"

msgid "one worker"
msgid_plural "%d workers"
msgstr[0] "un trabajador"
msgstr[1] "%d trabajadores"

#, fuzzy
#~| msgid "Papers for everyone!"
#~ msgid "Papers for all!"
#~ msgstr "¡Papeles para todos!"
"""


def test_references_fill_lines_up_to_79_columns():
    refs = [f"source/la.md:{n}" for n in range(1, 13)] + ["./source/la.md:1"]
    text = generate_po(POCatalog(entries=[POEntry(msgid="a", references=refs)]))
    assert text.splitlines()[:3] == [
        "#: source/la.md:1 source/la.md:2 source/la.md:3 source/la.md:4 source/la.md:5",
        "#: source/la.md:6 source/la.md:7 source/la.md:8 source/la.md:9 source/la.md:10",
        "#: source/la.md:11 source/la.md:12 source/la.md:1",
    ]


def test_strings_fitting_the_keyword_line_stay_on_it():
    exact = "x" * 70  # 'msgid "' + 70 + '"' = 78 columns
    text = generate_po(POCatalog(entries=[POEntry(msgid=exact), POEntry(msgid="y " * 36)]))
    assert text.splitlines()[0] == f'msgid "{exact}"'
    assert text.splitlines()[3:6] == ['msgid ""', '"' + "y " * 36 + '"', 'msgstr ""']


def test_no_wrap_flag_keeps_strings_on_one_line():
    entry = POEntry(msgid="word " * 30, msgstr="palabra " * 30, flags=["no-wrap"])
    lines = generate_po(POCatalog(entries=[entry])).splitlines()
    assert lines == ["#, no-wrap", f'msgid "{"word " * 30}"', f'msgstr "{"palabra " * 30}"']


def test_generated_text_reads_back_to_the_same_catalog():
    catalog = read_po(SAMPLE.encode("utf-8"), "la.po")
    again = read_po(generate_po(catalog).encode("utf-8"), "la.po")
    assert generate_po(again) == generate_po(catalog)
    assert [e.msgid for e in again.entries] == [e.msgid for e in catalog.entries]


# --------------------------------------------------------- malformed files

BAD_PO = {
    "po-unterminated-string.po": (POSyntaxError, 15),
    "po-end-of-file-in-string.po": (POSyntaxError, 13),
    "po-merge-conflict.po": (POSyntaxError, 15),
    "po-missing-msgstr.po": (POSyntaxError, 16),
    "po-unknown-keyword.po": (POSyntaxError, 13),
    "po-invalid-escape.po": (POSyntaxError, 13),
    "po-text-outside-string.po": (POSyntaxError, 13),
    "po-duplicate-msgid.po": (CatalogError, 20),
    "po-plural-without-msgid-plural.po": (POSyntaxError, 12),
    "po-plural-wrong-index.po": (POSyntaxError, 15),
    "po-inconsistent-obsolete.po": (POSyntaxError, 16),
    "po-msgstr-twice.po": (POSyntaxError, 14),
    "po-invalid-utf8.po": (POSyntaxError, 17),
    "po-charset-not-portable.po": (CatalogError, 2),
    "po-no-charset-non-ascii.po": (CatalogError, 6),
}


def test_every_bad_po_file_has_an_expectation():
    assert {path.name for path in BAD.glob("*.po")} == set(BAD_PO)


def test_bad_files_readme_states_the_same_lines():
    rows = dict(re.findall(r"^\| `(po-[^`]+\.po)` \|.*\| (\d+) \|$",
                           (BAD / "README.md").read_text(encoding="utf-8"), re.M))
    assert {name: int(line) for name, line in rows.items()} == {
        name: line for name, (_, line) in BAD_PO.items()}


@pytest.mark.parametrize("name", sorted(BAD_PO))
def test_bad_po_file_is_refused_at_its_line(name):
    kind, line = BAD_PO[name]
    path = BAD / name
    with pytest.raises(BitextError) as caught:
        read_po(path.read_bytes(), str(path))
    assert type(caught.value) is kind
    assert (caught.value.path, caught.value.line) == (str(path), line)


@pytest.mark.skipif(MSGCAT is None, reason="GNU msgcat is not installed")
@pytest.mark.parametrize("name", sorted(BAD_PO))
def test_msgcat_refuses_bad_po_file_too(name):
    result = subprocess.run([MSGCAT, str(BAD / name)], capture_output=True, text=True)
    assert result.returncode != 0
    lines = re.findall(rf"{re.escape(name)}:(\d+):", result.stderr)
    if lines:  # msgcat names no line for the charset cases
        assert int(lines[0]) == BAD_PO[name][1]
