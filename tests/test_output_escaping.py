"""What reaches a reader's page (issue 8, item 4): every output, every way in.

- a plain-text (.txt) article is text in every output: no element comes from its words;
- a translation adds no link, image, autolink or raw HTML its source segment lacks (by URL
  and markup identity), in the HTML pages and in the Markdown edition, judged by a
  renderer that, unlike markdown-it, keeps `javascript:` links (as other renderers do);
  what the source has is kept, in any order;
- `raw_html` (`keep`, `escape`, `drop`) decides the fate of the source's own HTML in
  every output;
- every page carries a Content-Security-Policy that allows no script;
- the TMX is well-formed XML whatever the catalog or the source hold.
"""

from __future__ import annotations

import re
from pathlib import Path
import textwrap
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bitext.config import load_settings
from bitext.errors import SettingsError
from bitext.model import Resolution, State
from bitext.outputs.html import CONTENT_SECURITY_POLICY, render_bilingual_html, render_edition_html
from bitext.outputs.index import IndexRow, render_index_html
from bitext.outputs.markdown import render_translated_document
from bitext.outputs.tmx import render_tmx
from bitext.segment import read_article
from outputs_sample import make_counts, parse_html


def translated(article, table: dict[str, str]) -> dict[str, Resolution]:
    """Resolutions: the msgids `table` has (or every one, with "*") translated, others not."""
    resolutions = {}
    for m in article.messages():
        text = table.get(m.msgid, table.get("*"))
        state = State.TRANSLATED if text else State.UNTRANSLATED
        resolutions[m.msgid] = Resolution(m.msgid, state, text or None)
    return resolutions


def content(page: str):
    """The part of a page that comes from the article: the edition's <article>, the
    bilingual page's text cells, or a rendered Markdown document as a whole."""
    root = parse_html(page)
    found = root.find_all("article") or root.find_all("div", class_="text")
    return found or [root]


def find(page: str, tag: str, **attrs: str) -> list:
    return [node for part in content(page) for node in part.find_all(tag, **attrs)]


def _other_renderer() -> MarkdownIt:
    # A renderer that passes raw HTML and keeps every link scheme, as many site generators do.
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True
    return md


def _body(document: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", document, flags=re.S)


def pages(article, resolutions, raw_html: str = "keep") -> dict[str, str]:
    counts = make_counts(article, resolutions)
    return {
        "edition": render_edition_html(article, resolutions, "es", raw_html=raw_html),
        "bilingual": render_bilingual_html(article, resolutions, counts, "es", raw_html=raw_html),
        "markdown": _other_renderer().render(_body(render_translated_document(article, resolutions, "es",
                                                                              raw_html=raw_html))),
    }


def links_and_images(html: str) -> tuple[set[str], set[str]]:
    root = parse_html(html)
    hrefs = {node.attrs.get("href") or "" for node in root.find_all("a")}
    hrefs = {href for href in hrefs if not href.startswith("#")}  # the bilingual page's row anchors
    return hrefs, {node.attrs.get("src") or "" for node in root.find_all("img")}


# --- plain text -----------------------------------------------------------------------------

PLAIN = "Hello <script>alert(1)</script> *world* and [x](https://evil.example).\n\n<img src=x onerror=alert(2)>\n"


def test_a_plain_text_article_is_text_in_every_output():
    article = read_article(PLAIN, "source/plain.txt", "plain")
    resolutions = translated(article, {"*": "Hola <script>alert(3)</script> ![i](https://evil.example/i.png) <b>x</b>"})
    counts = make_counts(article, resolutions)
    outputs = {
        "edition": render_edition_html(article, resolutions, "es"),
        "bilingual": render_bilingual_html(article, resolutions, counts, "es"),
        "bilingual-untranslated": render_bilingual_html(article, {}, counts, "es"),
    }
    for name, page in outputs.items():
        assert find(page, "script") == [] and find(page, "img") == [] and find(page, "b") == [], name
        assert links_and_images(page) == (set(), set()), name
        assert "<em>" not in page, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *world*" in outputs["bilingual"]
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in outputs["bilingual"]
    tmx = ET.fromstring(render_tmx(article, resolutions, "en", "es"))
    assert tmx.find("header").get("datatype") == "plaintext"


# --- what a translation may add ---------------------------------------------------------------

SOURCE = textwrap.dedent("""\
    ---
    title: A [home](https://example.org/home) page
    ---

    See [the report](https://example.org/r) and ![a chart](img/chart.png) or <https://example.org/auto>.

    Press <kbd>Enter</kbd> and read [the notes][n].

    Plain words only.

    [n]: https://example.org/notes
    [evil]: https://evil.example/ref
    """)
FAIR = {
    "A [home](https://example.org/home) page": "Una página de [inicio](https://example.org/home)",
    "See [the report](https://example.org/r) and ![a chart](img/chart.png) or <https://example.org/auto>.":
        "Vea <https://example.org/auto>, ![un gráfico](img/chart.png) y [el informe](https://example.org/r).",
    "Press <kbd>Enter</kbd> and read [the notes][n].": "Lea [las notas][n] y pulse <kbd>Intro</kbd>.",
    "Plain words only.": "Solo palabras.",
}
ADDED = {
    "javascript-link": "Un [enlace](javascript:alert(1)) añadido.",
    "javascript-entity-link": "Un [enlace](&#106;avascript:alert(1)) añadido.",
    "javascript-reference": "Un [enlace][j] añadido.\n\n[j]: javascript:alert(1)",
    "data-link": "Un [enlace](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) añadido.",
    "remote-image": "Una ![imagen](https://evil.example/pixel.png) añadida.",
    "image-in-link": "Una [![imagen](https://evil.example/p.png)](https://example.org/r) añadida.",
    "autolink": "Un <https://evil.example/auto> añadido.",
    "javascript-autolink": "Un <javascript:alert(1)> añadido.",
    "email-autolink": "Un <evil@evil.example> añadido.",
    "reference-of-the-document": "Un [enlace][evil] añadido y [evil].",
    "raw-anchor": 'Un <a href="javascript:alert(1)">enlace</a> añadido.',
    "raw-image": "Una <img src=x onerror=alert(1)> añadida.",
    "svg": "Un <svg onload=alert(1)><circle r=9 /></svg> añadido.",
    "escaped-bracket-then-link": "\\\\[x](javascript:alert(1))",
    "nested-brackets": "[[x](javascript:alert(1))](https://evil.example/n)",
    # markdown-it refuses this definition, so it reads a paragraph; other renderers define it
    "javascript-definition": "[jsdef]: javascript:alert(1)\n[jsdef] y [jsdef][]",
    "image-of-a-source-link": "Un ![gráfico][n] añadido.",
}


@pytest.fixture(scope="module")
def source_article():
    return read_article(SOURCE, "source/page.md", "page")


def test_fair_translation_keeps_the_sources_links_in_any_order(source_article):
    baseline = pages(source_article, translated(source_article, {}))
    fair = pages(source_article, translated(source_article, FAIR))
    for name in fair:
        assert links_and_images(fair[name]) == links_and_images(baseline[name]), name
    assert '<a href="https://example.org/notes">las notas</a>' in fair["edition"]
    assert "<kbd>Intro</kbd>" in fair["edition"] and "<kbd>Intro</kbd>" in fair["bilingual"]
    # the title field of the Markdown edition keeps its link too
    document = render_translated_document(source_article, translated(source_article, FAIR), "es")
    assert "[inicio](https://example.org/home)" in document


@pytest.mark.parametrize("name", sorted(ADDED))
def test_a_translation_adds_no_link_image_or_html(source_article, name):
    baseline = pages(source_article, translated(source_article, {}))
    hostile = pages(source_article, translated(source_article, {"*": ADDED[name]}))
    for output, page in hostile.items():
        hrefs, images = links_and_images(page)
        base_hrefs, base_images = links_and_images(baseline[output])
        assert hrefs <= base_hrefs, (output, hrefs - base_hrefs)
        assert images <= base_images, (output, images - base_images)
        root = parse_html(page)
        for node in root.iter():
            assert not any(attr.startswith("on") for attr in node.attrs), (output, node.tag)
            assert node.tag not in ("svg", "script", "iframe"), output
        assert "javascript:" not in "".join(str(node.attrs) for node in root.iter()), output
        assert "evil.example" not in "".join(str(node.attrs) for node in root.iter()), output


def test_added_markup_is_shown_as_text(source_article):
    resolutions = translated(source_article, {"*": ADDED["javascript-link"]})
    edition = render_edition_html(source_article, resolutions, "es")
    assert "[enlace](javascript:alert(1))" in edition
    document = render_translated_document(source_article, resolutions, "es")
    assert "\\[enlace](javascript:alert(1))" in document
    assert "[enlace](javascript:alert(1))" not in document.replace("\\[", "")


def test_a_link_bitext_would_not_render_is_text_in_the_markdown_edition_too():
    article = read_article("Click [here](javascript:alert(1)) or [there](https://example.org/t).\n\n"
                           "Only [here](javascript:alert(2)).\n", "source/js.md", "js")
    first, second = (segment.text for segment in article.segments)
    for resolutions in (translated(article, {}), translated(article, {first: "Pulse [aquí](javascript:alert(1)) "
                                                                              "o [allí](https://example.org/t)."})):
        document = render_translated_document(article, resolutions, "es")
        hrefs, _images = links_and_images(_other_renderer().render(document))
        assert hrefs == {"https://example.org/t"}
        edition = render_edition_html(article, resolutions, "es")
        assert links_and_images(edition)[0] == {"https://example.org/t"}
    assert "\\[here](javascript:alert(2))" in render_translated_document(article, translated(article, {}), "es")


FRAGMENTS = ["[", "]", "(", ")", "<", ">", "!", "\\", "\n", " ", "javascript:alert(1)", "https://evil.example/x",
             "https://example.org/r", "img/chart.png", "n", "evil", ":", '"', "`", "*", "<kbd>", "</kbd>",
             "<img src=x onerror=alert(1)>", "<script>", "&#106;", "]:", "| ", "# ", "- ", "```", "===", "<!--",
             "-->", "<![CDATA[", "evil@evil.example", "word", "![", "](", "<https://evil.example>", "    ", "\u00a0"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map("".join))
# the fence's escape `\```` undid the code span that held the autolink: found by this test
@example("```\n<https://evil.example>```")
@example("| `<https://evil.example>` |")
def test_no_mix_of_markup_fragments_adds_a_link_image_or_handler(source_article, translation):
    baseline = _BASELINE.setdefault("pages", pages(source_article, translated(source_article, {})))
    for output, page in pages(source_article, translated(source_article, {"*": translation})).items():
        hrefs, images = links_and_images(page)
        base_hrefs, base_images = links_and_images(baseline[output])
        assert hrefs <= base_hrefs and images <= base_images, (output, translation)
        assert not any(attr.startswith("on") for node in parse_html(page).iter() for attr in node.attrs), output


_BASELINE: dict = {}


# --- raw_html -------------------------------------------------------------------------------

RAW = textwrap.dedent("""\
    # Raw

    Words with <b>bold</b> and <img src="https://example.org/i.png" alt="i">.

    <div class="box">
    <p>A box</p>
    </div>

    <script>alert("source")</script>

    After.
    """)


@pytest.fixture(scope="module")
def raw_article():
    return read_article(RAW, "source/raw.md", "raw")


def _raw_translations(article):
    return translated(article, {"Raw": "Crudo", "After.": "Después.",
                                "Words with <b>bold</b> and <img src=\"https://example.org/i.png\" alt=\"i\">.":
                                "Palabras con <b>negrita</b> y <img src=\"https://example.org/i.png\" alt=\"i\">."})


@pytest.mark.parametrize("translated_too", [False, True], ids=["untranslated", "translated"])
def test_raw_html_keep_is_todays_behaviour(raw_article, translated_too):
    resolutions = _raw_translations(raw_article) if translated_too else translated(raw_article, {})
    for name, page in pages(raw_article, resolutions, "keep").items():
        assert find(page, "b") and find(page, "img"), name
        if name != "bilingual":  # HTML blocks are not segments: the bilingual page has no row for them
            assert find(page, "div", class_="box") and find(page, "script"), name
    assert '<div class="box">' in render_translated_document(raw_article, resolutions, "es", raw_html="keep")


@pytest.mark.parametrize("mode", ["escape", "drop"])
@pytest.mark.parametrize("translated_too", [False, True], ids=["untranslated", "translated"])
def test_raw_html_escape_and_drop_leave_no_element_of_the_source(raw_article, mode, translated_too):
    resolutions = _raw_translations(raw_article) if translated_too else translated(raw_article, {})
    outputs = pages(raw_article, resolutions, mode)
    for name, page in outputs.items():
        assert not find(page, "div", class_="box"), name
        assert not find(page, "b") and not find(page, "img") and not find(page, "script"), name
        shown = "&lt;b&gt;" in page or "&lt;b>" in page
        assert shown == (mode == "escape"), name
        assert ("negrita" in page or "bold" in page), name  # the words stay either way
    document = render_translated_document(raw_article, resolutions, "es", raw_html=mode)
    tokens = _other_renderer().parse(_body(document))
    kinds = {token.type for token in tokens} | {child.type for token in tokens for child in token.children or []}
    assert "html_block" not in kinds and "html_inline" not in kinds


def test_raw_html_is_a_checked_setting(tmp_path):
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\nraw_html = "escape"\n')
    assert load_settings(tmp_path).raw_html == "escape"
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n\nraw_html = "strip"\n')
    with pytest.raises(SettingsError) as error:
        load_settings(tmp_path)
    assert error.value.path == "bitext.toml" and error.value.line == 3
    assert "keep, escape, drop" in error.value.message and "strip" in error.value.message


# --- Content-Security-Policy --------------------------------------------------------------------


def test_every_page_forbids_scripts(source_article):
    resolutions = translated(source_article, FAIR)
    counts = make_counts(source_article, resolutions)
    outputs = {
        "edition": render_edition_html(source_article, resolutions, "es"),
        "bilingual": render_bilingual_html(source_article, resolutions, counts, "es"),
        "index": render_index_html([IndexRow("es", "page", "Page", counts, [("edition", "es/page.html")])]),
    }
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";") if part.strip())
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives or directives["script-src"] == "'none'"
    for name, page in outputs.items():
        metas = [node for node in parse_html(page).find_all("meta")
                 if (node.attrs.get("http-equiv") or "").lower() == "content-security-policy"]
        assert [meta.attrs["content"] for meta in metas] == [CONTENT_SECURITY_POLICY], name
        # before anything that loads: right after the charset
        assert page.index("Content-Security-Policy") < page.index("<style"), name


# --- TMX ---------------------------------------------------------------------------------------

INVALID = "".join(chr(code) for code in range(0x20) if chr(code) not in "\t\n\r") + "\ufffe\uffff"


def test_tmx_is_well_formed_whatever_the_texts_hold():
    key = "ti\x01tle"
    text = '---\n"ti\\x01tle": "A ti\\u0002tle"\n---\n\nA para\x0bgraph \x7f here.\n'
    article = read_article(text, "source/c\x1bx.md", "c\x1bx", translate_fields=[key])
    assert [segment.kind for segment in article.segments] == [key, "paragraph"]
    resolutions = translated(article, {"*": "Tra" + INVALID + "ducción"})
    data = render_tmx(article, resolutions, "en", "es")
    root = ET.fromstring(data)  # expat: well-formed XML 1.0
    units = root.find("body").findall("tu")
    assert len(units) == 2
    # each invalid character is a TMX placeholder, so nothing is lost silently
    target = units[1].findall("tuv")[1].find("seg")
    placeholders = target.findall("ph")
    assert len(placeholders) == len(INVALID)
    assert placeholders[0].text == "&#x0;" and placeholders[-1].text == "&#xFFFF;"
    assert "".join(target.itertext()).startswith("Tra&#x0;")
    kinds = [prop.text for prop in root.iter("prop") if prop.get("type") == "x-bitext-kind"]
    assert kinds[0] == "ti\ufffdtle"


def test_the_readme_shows_the_policy_the_pages_carry():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    assert CONTENT_SECURITY_POLICY in readme
