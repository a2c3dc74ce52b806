"""No catalog content can inject markup or script into any output (SPEC section 6, build).

Every hostile translation below goes into every resolution of the sample article; each output
is compared with the same output made from a harmless translation.  An HTML output may not
gain any element, any (element, attribute names) pair, any <script> or any on* attribute; its
element counts must be the same.  The Markdown edition is judged the same way after rendering
it with a CommonMark renderer that passes raw HTML (as a site generator would).  The TMX must
parse and give back each translation (less what XML 1.0 cannot carry).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from markdown_it import MarkdownIt

from bitext.model import Counts, Resolution, State
from bitext.outputs.choose import clean_text
from bitext.outputs.html import render_bilingual_html, render_edition_html
from bitext.outputs.index import IndexRow, render_index_html
from bitext.outputs.markdown import render_translated_document
from bitext.outputs.tmx import render_tmx
from outputs_sample import inventory_html, make_counts, sample_article

CONTROL = "".join(chr(code) for code in range(0x20) if chr(code) not in "\t\n")
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "attribute-break": '"><img src=x onerror=alert(1)>',
    "single-quote-break": "'><svg onload=alert(1)>",
    "cdata-end": "]]>",
    "ampersand": "& &amp; &lt;b&gt; &#60;script&#62;",
    "table-break": "</td></tr></table></div></section><b>x</b>",
    "row-break": "</div></section><section class=row onclick=alert(1)>",
    "control": CONTROL + "text",
    "jinja": "{{ 7*7 }} {% if true %}x{% endif %} {# c #}",
    "html-link": '<a href="javascript:alert(1)">click</a>',
    "style": "<style>body{display:none}</style><!-- x -->",
    "iframe": "<iframe src=//evil.example></iframe>",
    "comment-end": "--> <!-- <![CDATA[ x",
    "entity-less": "Tom & Jerry < Spike > Butch",
    "separators": "\u2028line\u2029para\ufeff",
}
HARMLESS = "Texto inocuo"
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.fixture(scope="module")
def article():
    return sample_article()


def resolutions_with(article, text: str, state: State) -> dict[str, Resolution]:
    # previous msgids come from the catalog (`#|`) too: the hostile text rides on them
    return {
        m.msgid: Resolution(m.msgid, state, text, m.msgid + " " + text if state == State.STALE else None, 7)
        for m in article.messages()
    }


def html_outputs(article, text: str, state: State) -> dict[str, str]:
    resolutions = resolutions_with(article, text, state)
    counts = make_counts(article, resolutions)
    return {
        "edition": render_edition_html(article, resolutions, "es"),
        "edition-stale-translation": render_edition_html(article, resolutions, "es", stale_mode="translation"),
        "bilingual": render_bilingual_html(article, resolutions, counts, "es"),
        "index": render_index_html([IndexRow("es", "harbour", text, counts, [("edition", "es/harbour.html")])]),
        "markdown": MarkdownIt("commonmark", {"html": True}).enable("table").render(
            _body_of(render_translated_document(article, resolutions, "es"))
        ),
        "markdown-stale-translation": MarkdownIt("commonmark", {"html": True}).enable("table").render(
            _body_of(render_translated_document(article, resolutions, "es", stale_mode="translation"))
        ),
    }


def _body_of(document: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", document, flags=re.S)


@pytest.mark.parametrize("state", [State.TRANSLATED, State.STALE], ids=["translated", "stale"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_translation_adds_no_markup(article, name, state):
    hostile = html_outputs(article, HOSTILE[name], state)
    harmless = html_outputs(article, HARMLESS, state)
    for output, page in hostile.items():
        got, baseline = inventory_html(page), inventory_html(harmless[output])
        assert got.elements <= baseline.elements, (output, got.elements - baseline.elements)
        assert got.tags == baseline.tags, output
        assert got.tags.get("script", 0) == 0 and got.event_handlers == 0, output
        assert not FORBIDDEN_CHARS.search(page), output
    if name == "jinja":
        # data is never a template: the text is shown as it is
        assert "{{ 7*7 }}" in hostile["bilingual"]
        assert ("{{ 7*7 }}" in hostile["edition"]) == (state == State.TRANSLATED)


def test_source_inline_tag_is_kept_and_others_escaped():
    article = sample_article("Press <kbd>Enter</kbd> to go on.\n", "source/keys.md", "keys")
    msgid = article.segments[0].text

    def pages(translation):
        resolutions = {msgid: Resolution(msgid, State.TRANSLATED, translation)}
        return [
            render_edition_html(article, resolutions, "es"),
            render_bilingual_html(article, resolutions, Counts(1, 1, words=4, translated_words=4), "es"),
        ]

    plain = pages("Pulse Intro para seguir.")
    fair = pages("Pulse <kbd>Intro</kbd> para seguir.")
    hostile = pages("Pulse <kbd>Intro</kbd> para <b onclick=alert(1)>seguir</b><script>x</script>.")
    for plain_page, fair_page, hostile_page in zip(plain, fair, hostile):
        expected = inventory_html(fair_page)
        assert expected.tags["kbd"] == inventory_html(plain_page).tags.get("kbd", 0) + 1  # the source's tag is kept
        got = inventory_html(hostile_page)
        assert got.tags == expected.tags and got.elements == expected.elements
        assert got.event_handlers == 0 and "script" not in got.tags
        assert "&lt;script&gt;" in hostile_page


def test_tmx_carries_every_hostile_text(article):
    for name, text in HOSTILE.items():
        data = render_tmx(article, resolutions_with(article, text, State.TRANSLATED), "en", "es")
        root = ET.fromstring(data)  # parses: well-formed XML 1.0
        units = root.find("body").findall("tu")
        assert len(units) == len(article.messages()), name
        for unit in units:
            # characters XML cannot carry are <ph> placeholders; the text around them is the translation's
            source, target = ((seg.text or "") + "".join(ph.tail or "" for ph in seg)
                              for seg in (tuv.find("seg") for tuv in unit.findall("tuv")))
            assert target == clean_text(text), name
            assert not FORBIDDEN_CHARS.search(target)


def test_tmx_escapes_hostile_source_text():
    article = sample_article("Fish & chips <b>now</b> ]]> here.\n", "source/fish.md", "fish")
    msgid = article.segments[0].text
    resolutions = {msgid: Resolution(msgid, State.TRANSLATED, "Pescado & patatas ]]>")}
    root = ET.fromstring(render_tmx(article, resolutions, "en", "es"))
    assert [seg.text for seg in root.iter("seg")] == [msgid, "Pescado & patatas ]]>"]
    assert [element.tag for element in root.iter()] == ["tmx", "header", "prop", "body", "tu", "prop", "tuv", "seg", "tuv", "seg"]
