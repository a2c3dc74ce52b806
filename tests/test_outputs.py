"""Unit tests of bitext.outputs: the .md edition, the HTML edition and bilingual page,
the index, word diffs and anchors (TMX in test_tmx, hostile input in test_output_safety)."""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.model import Counts, Resolution, State
from bitext.outputs.choose import anchor_ids, choose_text, clean_text
from bitext.outputs.diff import diff_words
from bitext.outputs.html import render_bilingual_html, render_edition_html
from bitext.outputs.index import IndexRow, render_index_html
from bitext.outputs.markdown import render_translated_document
from outputs_sample import SAMPLE_MD, make_counts, make_resolutions, parse_html, sample_article


@pytest.fixture(scope="module")
def article():
    return sample_article()


@pytest.fixture(scope="module")
def resolutions(article):
    return make_resolutions(article)


def split_front_matter(document: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?\n)---\n", document, re.S)
    assert match, document[:200]
    return yaml.safe_load(match.group(1)), document[match.end():]


# --- diff -----------------------------------------------------------------------------------

def test_diff_words_shows_an_inserted_not():
    assert diff_words("The sea is safe today.", "The sea is not safe today.") == [
        ("equal", "The sea is "),
        ("insert", "not "),
        ("equal", "safe today."),
    ]


def test_diff_words_replacement_is_deletion_then_insertion():
    assert diff_words("a red boat sails", "a blue ship sails") == [
        ("equal", "a "),
        ("delete", "red boat"),
        ("insert", "blue ship"),
        ("equal", " sails"),
    ]


def test_diff_words_of_equal_and_empty_texts():
    assert diff_words("same words", "same words") == [("equal", "same words")]
    assert diff_words("", "") == []
    assert diff_words("", "new") == [("insert", "new")]
    assert diff_words("old", "") == [("delete", "old")]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab .,*\n", max_size=40), st.text(alphabet="ab .,*\n", max_size=40))
def test_diff_words_rebuilds_both_texts(old, new):
    parts = diff_words(old, new)
    assert "".join(text for op, text in parts if op != "insert") == old
    assert "".join(text for op, text in parts if op != "delete") == new
    assert all(text for _op, text in parts)
    # merged: never two equal parts in a row
    assert all(not (a[0] == b[0] == "equal") for a, b in zip(parts, parts[1:]))


# --- choosing and cleaning --------------------------------------------------------------------

def test_choose_text_follows_state_and_stale_mode():
    done = Resolution("a", State.TRANSLATED, "A")
    stale = Resolution("b", State.STALE, "B-old", "b-old")
    missing = Resolution("c", State.UNTRANSLATED)
    assert choose_text(done) == ("A", "translated")
    assert choose_text(stale) == (None, "source")
    assert choose_text(stale, "translation") == ("B-old", "outdated")
    assert choose_text(missing, "translation") == (None, "source")
    assert choose_text(None) == (None, "source")
    with pytest.raises(ValueError):
        choose_text(done, "english")


def test_clean_text_drops_what_xml_cannot_carry():
    assert clean_text("a\x00b\x1fc\td\ne\r\nf\rg\ufffe") == "abc\td\ne\nf\ng"
    assert clean_text("ñ — 😀 &<>") == "ñ — 😀 &<>"


def test_anchor_ids_are_unique_and_repeat_aware(article):
    ids = anchor_ids(article)
    assert len(ids) == len(article.segments) == len(set(ids))
    assert all(re.fullmatch(r"s-[0-9a-f]{8}(-\d+)?", anchor) for anchor in ids)
    mornings = [anchor for anchor, s in zip(ids, article.segments) if s.text == "Morning"]
    assert len(mornings) == 2 and mornings[1] == mornings[0] + "-2"


def test_anchor_ids_survive_an_inserted_paragraph(article):
    edited = SAMPLE_MD.replace("## Morning\n\nThe harbour", "## Morning\n\nA new first paragraph.\n\nThe harbour", 1)
    before = dict(zip((s.text for s in article.segments), anchor_ids(article)))
    changed = sample_article(edited)
    after = dict(zip((s.text for s in changed.segments), anchor_ids(changed)))
    assert "A new first paragraph." in after
    for text, anchor in before.items():
        assert after[text] == anchor


# --- the .md edition --------------------------------------------------------------------------

EXPECTED_BODY_SOURCE_MODE = textwrap.dedent("""\

    ## Mañana

    El puerto está *tranquilo* al amanecer, y los [pescadores](https://example.org/fish) ya han salido.

    - Barcos y redes
    - Ropes on the pier

    > The sea is not safe today.

    | Barco | Dueño |
    |------|-------|
    | Veloz | Ana |

    ## Mañana

    Vuelve mañana.
    """)


def test_markdown_edition_translates_and_falls_back(article, resolutions):
    document = render_translated_document(article, resolutions, "es")
    front, body = split_front_matter(document)
    assert body == EXPECTED_BODY_SOURCE_MODE
    assert front["lang"] == "es"
    assert front["title"] == "El puerto *tranquilo*"
    assert front["description"] == "Un paseo corto junto al agua al amanecer."
    assert front["caption"] == "Barcos al amanecer. Foto de Ana Pérez."
    assert front["authors"] == ["Ana Pérez", "Luis Gómez"]
    assert str(front["date"]) == "2026-01-14"


def test_markdown_edition_stale_translation_mode_is_plain(article, resolutions):
    document = render_translated_document(article, resolutions, "es", stale_mode="translation")
    _front, body = split_front_matter(document)
    assert body == EXPECTED_BODY_SOURCE_MODE.replace("> The sea is not safe today.", "> El mar es seguro hoy.")
    assert "outdated" not in document


def test_markdown_edition_with_nothing_translated_is_the_source_plus_lang(article):
    empty = {m.msgid: Resolution(m.msgid, State.UNTRANSLATED) for m in article.messages()}
    front, body = split_front_matter(render_translated_document(article, empty, "es"))
    source_front, source_body = split_front_matter(SAMPLE_MD)
    assert body == source_body
    assert front == {**source_front, "lang": "es"}


def test_plain_text_edition_has_no_front_matter():
    article = sample_article("A first block of text.\n\nA second block\nover two lines.\n", "source/note.txt", "note")
    resolutions = {
        "A first block of text.": Resolution("A first block of text.", State.TRANSLATED, "Un primer bloque de texto."),
    }
    document = render_translated_document(article, resolutions, "es")
    assert document.startswith("Un primer bloque de texto.\n\n")
    assert "A second block" in document and "lang" not in document


# --- the HTML edition -------------------------------------------------------------------------

def element_with_text(root, text):
    """The innermost element whose own text content equals `text` (after trimming)."""
    matches = [node for node in root.iter() if node.text().strip() == text and node.tag != "#document"]
    assert matches, text
    return matches[-1]


def test_edition_html_page_frame(article, resolutions):
    page = render_edition_html(article, resolutions, "es")
    root = parse_html(page)
    assert page.startswith("<!DOCTYPE html>")
    [html] = root.find_all("html")
    assert html.attrs["lang"] == "es"
    assert root.find_all("title")[0].text() == "El puerto tranquilo"
    assert root.find_all("meta", name="description")[0].attrs["content"] == "Un paseo corto junto al agua al amanecer."
    [h1] = root.find_all("h1")
    assert h1.text() == "El puerto tranquilo" and h1.find_all("em")[0].text() == "tranquilo"
    assert "lang" not in h1.attrs
    [standfirst] = root.find_all(class_="standfirst")
    assert standfirst.text() == "Un paseo corto junto al agua al amanecer."
    [byline] = root.find_all(class_="byline")
    assert "Ana Pérez y Luis Gómez" in byline.text()  # Babel's list pattern for Spanish
    [time] = byline.find_all("time")
    assert time.attrs["datetime"] == "2026-01-14" and time.text() == "14 de enero de 2026"
    assert root.find_all(class_="caption")[0].text() == "Barcos al amanecer. Foto de Ana Pérez."
    assert root.find_all(class_="credit")[0].text() == "Publicado primero por The Harbour Gazette."
    # self-contained: CSS inline, no scripts, nothing fetched
    assert not root.find_all("script") and not root.find_all("link")
    assert root.find_all("style") and "@import" not in page and "url(" not in page


def without_notices(node):
    """`node`'s text without the notices bitext adds to places (their words are the page's)."""
    notices = {id(n) for n in node.find_all(class_="notice") + node.find_all(class_="said")}

    def text(item):
        if isinstance(item, str):
            return item
        return "" if id(item) in notices else "".join(text(child) for child in item.children)

    return " ".join(text(node).split())


def place_with_text(root, text):
    matches = [node for node in root.iter() if node.tag != "#document" and without_notices(node) == text]
    assert matches, text
    return matches[-1]


def test_edition_html_marks_english_places(article, resolutions):
    root = parse_html(render_edition_html(article, resolutions, "es"))
    body = root.find_all(class_="body")[0]
    english_item = place_with_text(body, "Ropes on the pier")
    assert english_item.attrs.get("lang") == "en"
    stale_quote = place_with_text(body, "The sea is not safe today.")
    assert stale_quote.attrs.get("lang") == "en"
    # each English fallback carries a notice in the reader's language, marked as such
    for place in (english_item, stale_quote):
        [notice] = place.find_all(class_="notice")
        assert notice.attrs["lang"] == "es" and notice.text() == "Aún sin traducir: se muestra en inglés"
    assert len(body.find_all(class_="notice")) == 2
    translated = element_with_text(body, "Barcos y redes")
    assert "lang" not in translated.attrs
    paragraph = element_with_text(body, "El puerto está tranquilo al amanecer, y los pescadores ya han salido.")
    assert "lang" not in paragraph.attrs
    assert paragraph.find_all("a")[0].attrs["href"] == "https://example.org/fish"
    assert [h.text() for h in body.find_all("h2")] == ["Mañana", "Mañana"]
    assert element_with_text(body, "Veloz").tag == "td"


def test_edition_html_stale_translation_mode_marks_outdated(article, resolutions):
    page = render_edition_html(article, resolutions, "es", stale_mode="translation")
    root = parse_html(page)
    outdated = root.find_all(class_="outdated")
    assert len(outdated) == 1
    assert without_notices(outdated[0]) == "El mar es seguro hoy."
    assert "lang" not in outdated[0].attrs
    # the marker is a visible element in the reader's language, not only a colour
    [notice] = outdated[0].find_all(class_="notice")
    assert notice.text() == "Traducción desactualizada: el original ha cambiado" and notice.attrs["lang"] == "es"
    assert place_with_text(root, "Ropes on the pier").attrs.get("lang") == "en"


def test_edition_html_notices_fall_back_to_english_words(article, resolutions):
    root = parse_html(render_edition_html(article, resolutions, "de"))
    notices = root.find_all(class_="notice")
    assert notices and all(n.attrs["lang"] == "en" for n in notices)
    assert notices[0].text() == "Not yet translated: shown in English"
    assert root.find_all(class_="site-bar") == [] or True


def test_edition_html_of_untranslated_front_matter_is_english(article):
    resolutions = make_resolutions(article, {})
    root = parse_html(render_edition_html(article, resolutions, "es"))
    [h1] = root.find_all("h1")
    assert h1.attrs.get("lang") == "en" and h1.text() == "The quiet harbour"
    assert root.find_all("time")[0].text() == "14 de enero de 2026"


def test_edition_html_readable_measure_and_serif(article, resolutions):
    page = render_edition_html(article, resolutions, "es")
    assert re.search(r"max-width:\s*6[5-9]ch|max-width:\s*7[0-5]ch", page)
    assert re.search(r"body\.edition\s*{[^}]*font-family:\s*var\(--serif\)", page)
    assert "line-height: 1.6" in page


def test_edition_html_language_codes_are_bcp47(article, resolutions):
    root = parse_html(render_edition_html(article, resolutions, "pt_BR"))
    assert root.find_all("html")[0].attrs["lang"] == "pt-BR"


# --- the bilingual page -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def bilingual(article, resolutions):
    counts = make_counts(article, resolutions)
    return parse_html(render_bilingual_html(article, resolutions, counts, "es")), counts


def test_bilingual_has_one_anchored_row_per_place(article, bilingual):
    root, _counts = bilingual
    rows = root.find_all("section", class_="row")
    assert [row.attrs["id"] for row in rows] == anchor_ids(article)
    for row, segment in zip(rows, article.segments):
        [source] = row.find_all(class_="source")
        [target] = row.find_all(class_="target")
        assert source.attrs["lang"] == "en" and target.attrs["lang"] == "es"
        assert row.find_all("a", class_="anchor")[0].attrs["href"] == "#" + row.attrs["id"]
        assert row.attrs["aria-label"].startswith({"title": "título", "paragraph": "párrafo"}.get(
            segment.kind, row.find_all(class_="kind")[0].text()))
    texts = [row.find_all(class_="source")[0].find_all(class_="text")[0].text() for row in rows]
    assert texts[:1] == ["The quiet harbour"]
    assert "Come back tomorrow." == texts[-1]


def row_of(root, source_text):
    for row in root.find_all("section", class_="row"):
        if row.find_all(class_="source")[0].find_all(class_="text")[0].text() == source_text:
            return row
    raise AssertionError(source_text)


def test_bilingual_marks_states_with_labels(bilingual):
    root, _counts = bilingual
    done = row_of(root, "Boats and nets")
    assert "state-translated" in done.classes()
    assert done.find_all(class_="badge")[0].text() == "traducido"  # the page's words are the reader's
    assert done.find_all(class_="target")[0].text().strip() == "Barcos y redes"

    missing = row_of(root, "Ropes on the pier")
    assert "state-untranslated" in missing.classes()
    assert missing.find_all(class_="badge")[0].text() == "sin traducir"
    assert "aún no hay traducción" in missing.find_all(class_="target")[0].text()

    stale = row_of(root, "The sea is not safe today.")
    assert "state-stale" in stale.classes()
    assert stale.find_all(class_="badge")[0].text() == "desactualizado"
    assert "traducción desactualizada" in stale.find_all(class_="target")[0].text()
    assert "El mar es seguro hoy." in stale.find_all(class_="target")[0].text()
    [diff] = stale.find_all(class_="diff")
    assert [without_notices(node) for node in diff.find_all("ins")] == ["not"]
    # what a screen reader says of the change is in the page's words
    assert [node.text() for node in diff.find_all(class_="said")] == ["[añadido: ", "]"]
    assert diff.find_all("del") == []


def test_bilingual_diff_shows_deletions(article):
    table = {"The sea is not safe today.": (State.STALE, "El mar no es seguro.", "The sea is not safe at all today.")}
    resolutions = make_resolutions(article, table)
    root = parse_html(render_bilingual_html(article, resolutions, make_counts(article, resolutions), "es"))
    [diff] = row_of(root, "The sea is not safe today.").find_all(class_="diff")
    assert [without_notices(node) for node in diff.find_all("del")] == ["at all"]


def test_bilingual_header_figures(bilingual):
    root, counts = bilingual
    [header] = root.find_all("header", class_="top")
    text = " ".join(header.text().split())
    assert f"{counts.percent:.1f} %".replace(".", ",") in text  # Spanish writes 82,5 % (NBSP, split above)
    assert f"{counts.translated} traducidos" in text
    assert f"{counts.stale} desactualizados" in text
    assert f"{counts.untranslated} sin traducir" in text
    [bar] = header.find_all(class_="bar")
    widths = {
        span.attrs["class"]: float(re.search(r"width: ([\d.]+)%", span.attrs["style"]).group(1))
        for span in bar.find_all("span")
    }
    assert widths["fill-translated"] == pytest.approx(100 * counts.translated / counts.segments, abs=0.01)
    assert widths["fill-stale"] == pytest.approx(100 * counts.stale / counts.segments, abs=0.01)
    assert sum(widths.values()) == pytest.approx(100, abs=0.05)


def test_bilingual_layout_rules(article, resolutions):
    page = render_bilingual_html(article, resolutions, make_counts(article, resolutions), "es")
    assert re.search(r"\.top\s*{[^}]*position:\s*sticky", page)
    assert "@media (max-width: 600px)" in page
    assert "<script" not in page and "<link" not in page


def test_bilingual_of_an_empty_article_is_complete():
    article = sample_article("---\nauthors: [Ana]\n---\n\n```\ncode only\n```\n", "source/empty.md", "empty")
    assert article.segments == []
    root = parse_html(render_bilingual_html(article, {}, Counts(), "es"))
    assert root.find_all("section", class_="row") == []
    [header] = root.find_all("header", class_="top")
    assert "100,0\u00a0%" in header.text()
    assert header.find_all(class_="fill-translated")[0].attrs["style"] == "width: 100.0%"


# --- the index --------------------------------------------------------------------------------

def test_index_lists_every_article_and_language_with_a_bar():
    half = Counts(segments=4, translated=2, stale=1, untranslated=1, words=10, translated_words=5)
    full = Counts(segments=3, translated=3, words=9, translated_words=9)
    rows = [
        IndexRow("es", "harbour", "The quiet harbour", half,
                 [("edition", "es/harbour.html"), ("bilingual", "es/harbour.bilingual.html")], threshold=80),
        IndexRow("pt_BR", "harbour", "The quiet harbour", full, [("edition", "pt_BR/harbour.html")]),
        IndexRow("es", "2026/la niña", "Workers & <streets>", full, [("edition", "es/2026/la niña#1.html")]),
    ]
    page = render_index_html(rows)
    root = parse_html(page)
    articles = root.find_all("section", class_="article")
    assert [a.find_all("h3")[0].text() for a in articles] == ["Workers & <streets>", "The quiet harbour"]
    table_rows = [tr for tr in root.find_all("tr") if tr.find_all("td")]
    assert len(table_rows) == 3
    for tr in table_rows:
        assert len(tr.find_all(class_="bar")) == 1
    harbour_es = articles[1].find_all("tr", class_="below-threshold")
    assert len(harbour_es) == 1
    assert "50.0%" in harbour_es[0].text() and "below the 80% threshold" in harbour_es[0].text()
    # every title carries the language it is written in
    assert all(t.attrs.get("lang") for t in root.find_all(class_="row-title"))
    bar = harbour_es[0].find_all(class_="bar")[0]
    assert bar.find_all(class_="fill-translated")[0].attrs["style"] == "width: 50.0%"
    assert bar.find_all(class_="threshold-mark")[0].attrs["style"] == "left: 80%"
    hrefs = [a.attrs["href"] for a in root.find_all("a")]
    # each edition twice: its title and its "edition" link
    assert hrefs == ["es/2026/la%20ni%C3%B1a%231.html"] * 2 + ["es/harbour.html"] * 2 + [
        "es/harbour.bilingual.html"] + ["pt_BR/harbour.html"] * 2
    # language summary: totals per language
    cards = root.find_all("section", class_="card")
    assert [c.find_all("h3")[0].text() for c in cards] == ["Spanish · español", "Portuguese (Brazil) · português (Brasil)"]
    assert cards[0].find_all(class_="big")[0].text() == "73.7%"  # (5 + 9) / (10 + 9) words
    assert "<script" not in page


def test_index_of_nothing_is_a_valid_page():
    root = parse_html(render_index_html([]))
    assert root.find_all("h1")[0].text() == "Articles and translations"
    assert root.find_all("section", class_="article") == []


# --- every CommonMark spec example through every output ----------------------------------------

SPEC_EXAMPLES = __import__("pathlib").Path("/work/shared/data/commonmark/spec-0.31.2.json")


@pytest.mark.skipif(not SPEC_EXAMPLES.exists(), reason="CommonMark spec examples not available")
def test_every_spec_example_renders_in_every_output():
    import json
    import xml.etree.ElementTree as ET

    from bitext.outputs.tmx import render_tmx

    states = [State.TRANSLATED, State.STALE, State.UNTRANSLATED]
    checked = 0
    for example in json.loads(SPEC_EXAMPLES.read_text(encoding="utf-8")):
        if example["markdown"].startswith("---"):
            continue
        article = sample_article(example["markdown"], "source/x.md", "x")
        resolutions = {}
        for number, message in enumerate(article.messages()):
            state = states[number % 3]
            translation = None if state == State.UNTRANSLATED else "ES " + message.msgid
            previous = "old " + message.msgid if state == State.STALE else None
            resolutions[message.msgid] = Resolution(message.msgid, state, translation, previous)
        counts = make_counts(article, resolutions)
        for stale_mode in ("source", "translation"):
            render_translated_document(article, resolutions, "es", stale_mode)
            edition = parse_html(render_edition_html(article, resolutions, "es", stale_mode))
            assert len(edition.find_all("html")) == 1, example["example"]
            # raw HTML of the source passes through; translations add no script
            assert len(edition.find_all("script")) == len(parse_html(example["html"]).find_all("script"))
        bilingual = parse_html(render_bilingual_html(article, resolutions, counts, "es"))
        assert len(bilingual.find_all("section", class_="row")) == len(article.segments), example["example"]
        units = ET.fromstring(render_tmx(article, resolutions, "en", "es")).find("body")
        assert len(units) == sum(r.state == State.TRANSLATED for r in resolutions.values())
        checked += 1
    assert checked > 600
