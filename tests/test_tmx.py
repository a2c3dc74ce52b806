"""TMX 1.4b output: structure, one unit per translated catalog entry, stable ids, clean XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext import __version__
from bitext.model import Resolution, State
from bitext.outputs.choose import clean_text
from bitext.outputs.tmx import render_tmx, tu_id
from outputs_sample import SAMPLE_ES, SAMPLE_MD, make_resolutions, sample_article

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def article():
    return sample_article()


@pytest.fixture(scope="module")
def tmx(article):
    return ET.fromstring(render_tmx(article, make_resolutions(article), "en", "es"))


def units(root):
    return [
        (tu.get("tuid"), [(tuv.get(XML_LANG), tuv.find("seg").text) for tuv in tu.findall("tuv")])
        for tu in root.find("body").findall("tu")
    ]


def test_tmx_header(tmx):
    assert tmx.tag == "tmx" and tmx.get("version") == "1.4"
    header = tmx.find("header")
    assert header.attrib == {
        "creationtool": "bitext",
        "creationtoolversion": __version__,
        "segtype": "paragraph",
        "o-tmf": "PO",
        "adminlang": "en",
        "srclang": "en",
        "datatype": "markdown",
    }
    assert [child.tag for child in tmx] == ["header", "body"]


def test_tmx_has_one_unit_per_translated_entry_in_order(article, tmx):
    expected = [
        m.msgid for m in article.messages() if SAMPLE_ES.get(m.msgid, (State.UNTRANSLATED,))[0] == State.TRANSLATED
    ]
    got = units(tmx)
    assert len(got) == len(expected) == 12  # "Morning" twice in the text, once here; stale and untranslated out
    for msgid, (tuid, tuvs) in zip(expected, got):
        assert tuid == tu_id(msgid)
        assert tuvs == [("en", msgid), ("es", SAMPLE_ES[msgid][1])]
    sources = [tuvs[0][1] for _tuid, tuvs in got]
    assert "The sea is not safe today." not in sources and "Ropes on the pier" not in sources
    assert sources[0] == "The *quiet* harbour"  # inline Markdown kept


def test_tmx_units_carry_their_kind(tmx):
    kinds = {tu.find("tuv/seg").text: tu.find("prop").text for tu in tmx.iter("tu")}
    assert kinds["Morning"] == "heading 2"
    assert kinds["Boats and nets"] == "list item"


def test_tmx_language_tags_are_bcp47(article):
    root = ET.fromstring(render_tmx(article, make_resolutions(article), "en", "pt_BR"))
    assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {"en", "pt-BR"}


def test_tmx_ids_are_stable_when_a_paragraph_is_inserted(article, tmx):
    edited = SAMPLE_MD.replace("Come back tomorrow.", "A new paragraph.\n\nCome back tomorrow.")
    changed = sample_article(edited)
    table = {**SAMPLE_ES, "A new paragraph.": (State.TRANSLATED, "Un párrafo nuevo.", None)}
    again = ET.fromstring(render_tmx(changed, make_resolutions(changed, table), "en", "es"))
    before = dict(units(tmx))
    after = dict(units(again))
    assert len(after) == len(before) + 1
    for tuid, tuvs in before.items():
        assert after[tuid] == tuvs


def test_tmx_is_deterministic(article):
    resolutions = make_resolutions(article)
    assert render_tmx(article, resolutions, "en", "es") == render_tmx(article, resolutions, "en", "es")


def test_tmx_of_nothing_translated_has_an_empty_body(article):
    data = render_tmx(article, make_resolutions(article, {}), "en", "es")
    root = ET.fromstring(data)
    assert root.find("body") is not None and list(root.find("body")) == []
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=60))
def test_tmx_round_trips_any_translation(text):
    article = sample_article("Some *text* here.\n", "source/one.md", "one")
    resolutions = {"Some *text* here.": Resolution("Some *text* here.", State.TRANSLATED, text)}
    root = ET.fromstring(render_tmx(article, resolutions, "en", "es"))
    # characters XML cannot carry are <ph> placeholders; the text around them is the translation's
    segs = [(seg.text or "") + "".join(ph.tail or "" for ph in seg) for seg in root.iter("seg")]
    if text:
        assert segs == ["Some *text* here.", clean_text(text)]
        placeholders = [ph.text for seg in root.iter("seg") for ph in seg.iter("ph")]
        assert len(placeholders) == len(text.replace("\r\n", "\n").replace("\r", "\n")) - len(clean_text(text))
    else:
        assert segs == []  # an empty msgstr is no translation
