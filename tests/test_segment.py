"""bitext.segment: source text -> segments (kinds, lines, normalisation), errors, golden cases.

Golden cases live in tests/cases/segment/<case>/: `source.md` (or `source.txt`), the
expected segments `segments.json`, the document rebuilt with the fake translation
"ES " + text and `lang: es` (`es.md` / `es.txt`), and the body rendered with the same
translation and `lang="es"` (`es.html`).  Set BITEXT_UPDATE_GOLDEN=1 to rewrite them
(then read the diff).
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest

from bitext.errors import SourceError
from bitext.model import Segment
from bitext.segment import (
    DEFAULT_TRANSLATE_FIELDS,
    decode_source,
    read_article,
    rebuild_document,
    render_html_body,
    render_inline_html,
)
from bitext.segment.parser import get_parser

TESTS = Path(__file__).parent
CASES = TESTS / "cases" / "segment"
BAD = TESTS / "bad"


def md(text: str, path: str = "source/a.md", **kwargs):
    return read_article(textwrap.dedent(text), path, "a", **kwargs)


def triples(article):
    return [(s.kind, s.line, s.text) for s in article.segments]


# --- kinds, lines, containers -------------------------------------------------------


def test_every_kind_and_its_line():
    article = md("""\
        # One

        Para *graph*.

        - item

        > quote

        | Cell |
        |------|
        | body |

        ###### Six
        """)
    assert triples(article) == [
        ("heading 1", 1, "One"),
        ("paragraph", 3, "Para *graph*."),
        ("list item", 5, "item"),
        ("quote", 7, "quote"),
        ("table cell", 9, "Cell"),
        ("table cell", 11, "body"),
        ("heading 6", 13, "Six"),
    ]
    assert article.format == "md"
    assert article.path == "source/a.md" and article.slug == "a"


def test_innermost_container_decides_the_kind():
    article = md("""\
        > - in a list in a quote
        >
        >   second paragraph

        - > in a quote in a list
          > continued

        > > in a quote in a quote

        1. ordered
           - nested bullet
        """)
    assert triples(article) == [
        ("list item", 1, "in a list in a quote"),
        ("list item", 3, "second paragraph"),
        ("quote", 5, "in a quote in a list continued"),
        ("quote", 8, "in a quote in a quote"),
        ("list item", 10, "ordered"),
        ("list item", 11, "nested bullet"),
    ]


def test_setext_headings_and_their_lines():
    article = md("""\
        Intro.

        A title
        on two lines
        ===

        Second level
        ---
        """)
    assert triples(article) == [
        ("paragraph", 1, "Intro."),
        ("heading 1", 3, "A title on two lines"),
        ("heading 2", 7, "Second level"),
    ]


def test_lines_count_the_front_matter():
    article = md("""\
        ---
        title: T
        ---

        Body.
        """)
    assert triples(article) == [("title", 2, "T"), ("paragraph", 5, "Body.")]


# --- normalisation --------------------------------------------------------------------


def test_rewrapping_a_paragraph_changes_no_segment():
    one_line = md("Over 200,000 people *marched* in [the city](https://example.org) today.\n")
    wrapped = md("Over 200,000 people\n*marched* in [the\ncity](https://example.org)\n    today.\n")
    assert [s.text for s in one_line.segments] == [s.text for s in wrapped.segments]
    assert one_line.segments[0].text == "Over 200,000 people *marched* in [the city](https://example.org) today."


def test_spaces_tabs_collapse_and_nbsp_is_kept():
    article = md("a \t b\u00a0\u00a0c   d\t\n")
    assert article.segments[0].text == "a b\u00a0\u00a0c d"


def test_hard_breaks_become_newlines_both_forms():
    article = md("one  \ntwo\\\nthree\nfour   \n")
    assert article.segments[0].text == "one\ntwo\nthree four"


def test_hard_break_in_list_item_and_quote():
    article = md("- a  \n  b\n\n> c\\\n> d\n")
    assert [s.text for s in article.segments] == ["a\nb", "c\nd"]


def test_markup_escapes_entities_and_inline_html_kept_as_written():
    text = r"A `code`, **strong**, \*not\*, &amp; &copy; <span class=x>html</span> ![alt](i.png)"
    assert md(text + "\n").segments[0].text == text


def test_backslash_and_spaces_inside_code_span_are_not_breaks():
    article = md("a `code  \nspan` b\n")
    assert article.segments[0].text == "a `code span` b"


def test_blocks_without_letters_are_not_segments():
    article = md("""\
        42

        2026 — 1,000 %

        [1](https://example.org/letters)

        ![](photo.png)

        | 1 | 2 |
        |---|---|
        | 3 | x |

        - 7
        - seven
        """)
    assert [s.text for s in article.segments] == ["x", "seven"]


def test_letters_of_any_script_count():
    assert [s.text for s in md("Ωμέγα\n\nдва\n\n東京\n").segments] == ["Ωμέγα", "два", "東京"]


def test_identical_segments_are_separate_places_merged_by_messages():
    article = md("Same.\n\n- Same.\n\nOther.\n\n> Same.\n")
    assert [(s.text, s.line) for s in article.segments] == [
        ("Same.", 1), ("Same.", 3), ("Other.", 5), ("Same.", 7)
    ]
    messages = article.messages()
    assert [(m.msgid, m.kind, m.lines) for m in messages] == [
        ("Same.", "paragraph", [1, 3, 7]),
        ("Other.", "paragraph", [5]),
    ]


# --- tables ---------------------------------------------------------------------------


def test_table_cells_in_order_with_row_lines():
    article = md("""\
        | Boat | Owner |
        |:-----|------:|
        | *Swift* | Ana |
        | Old \\| tired | see `a \\| b` |
        | `code only` | <https://url.only/> |
        | only one |
        no | pipes
        """)
    assert triples(article) == [
        ("table cell", 1, "Boat"),
        ("table cell", 1, "Owner"),
        ("table cell", 3, "*Swift*"),
        ("table cell", 3, "Ana"),
        ("table cell", 4, "Old | tired"),
        ("table cell", 4, "see `a | b`"),
        ("table cell", 6, "only one"),
        ("table cell", 7, "no"),
        ("table cell", 7, "pipes"),
    ]


# --- front matter ---------------------------------------------------------------------


FRONT = """\
    ---
    date: 2026-01-14
    description: >
      Folded
      text.
    title: "The *war*"
    authors: [Ana, Luis]
    caption: 42
    summary: ""
    credit: 'First published here.'
    lang: en
    ---
    Body.
    """


def test_front_matter_fields_in_front_matter_order_with_key_lines():
    article = md(FRONT)
    assert triples(article) == [
        ("description", 3, "Folded text."),
        ("title", 6, "The *war*"),
        ("credit", 10, "First published here."),
        ("paragraph", 13, "Body."),
    ]
    assert article.front_matter["authors"] == ["Ana", "Luis"]
    assert str(article.front_matter["date"]) == "2026-01-14"
    assert article.front_matter["caption"] == 42


def test_translate_fields_is_configurable():
    article = md(FRONT, translate_fields=["lang"])
    assert triples(article)[:1] == [("lang", 11, "en")]
    assert len(article.segments) == 2
    assert "title" in DEFAULT_TRANSLATE_FIELDS


def test_document_without_front_matter_has_empty_mapping():
    article = md("# Hi\n")
    assert article.front_matter == {}


def test_empty_front_matter():
    article = md("---\n---\nText.\n")
    assert article.front_matter == {}
    assert triples(article) == [("paragraph", 3, "Text.")]


# --- plain text -----------------------------------------------------------------------


def test_plain_text_blocks():
    article = read_article("Title\n\nFirst block\n  on two lines.\n \t\n\n42\n\nLast\tone.", "source/t.txt", "t")
    assert article.format == "txt"
    assert triples(article) == [
        ("paragraph", 1, "Title"),
        ("paragraph", 3, "First block on two lines."),
        ("paragraph", 9, "Last one."),
    ]
    assert article.front_matter == {}


def test_plain_text_is_not_markdown():
    article = read_article("# not a heading *really*\n\n- not a list\n", "source/t.txt", "t")
    assert [s.text for s in article.segments] == ["# not a heading *really*", "- not a list"]


# --- decoding and errors --------------------------------------------------------------


def test_decode_source_strips_bom_and_crlf():
    assert decode_source(b"\xef\xbb\xbfa\r\nb\rc\n", "source/a.md") == "a\nb\nc\n"


def test_decode_source_names_the_line_of_a_bad_byte():
    with pytest.raises(SourceError) as caught:
        decode_source(b"one\ntwo\nth\xffree\n", "source/a.md")
    assert caught.value.line == 3
    assert str(caught.value).startswith("source/a.md:3: ")


def test_crlf_text_gives_the_same_segments_and_lines():
    article = read_article("# T\r\n\r\nA\r\nB\r\n", "source/a.md", "a")
    assert triples(article) == [("heading 1", 1, "T"), ("paragraph", 3, "A B")]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("---\ntitle: x\nno end\n", 1, "not closed"),
        ("---\ntitle: ok\nbad: [unclosed\n---\n", 3, "YAML"),
        ("---\ntitle: a: b\n---\n", 2, "YAML"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "repeats"),
        ("# ok\n\nbad \x00 byte\n", 3, "NUL"),
    ],
)
def test_source_errors_name_the_line(text, line, words):
    with pytest.raises(SourceError) as caught:
        read_article(text, "source/a.md", "a")
    assert caught.value.line == line
    assert caught.value.path == "source/a.md"
    assert words in caught.value.message


def test_unknown_suffix_is_a_source_error():
    with pytest.raises(SourceError):
        read_article("x", "source/a.rst", "a")


# tests/bad/*.md|*.txt -> expected line (SOURCES.md describes each)
BAD_SOURCES = {
    "source-front-matter-unterminated.md": 1,
    "source-front-matter-invalid-yaml.md": 4,
    "source-front-matter-duplicate-key.md": 5,
    "source-invalid-utf8.md": 7,
    "source-invalid-utf8.txt": 3,
    "source-nul-byte.txt": 5,
}


def bad_sources():
    return sorted(p.name for p in BAD.glob("source-*") if p.suffix in (".md", ".txt"))


def test_every_bad_source_is_listed():
    assert set(bad_sources()) == set(BAD_SOURCES)
    described = (BAD / "SOURCES.md").read_text(encoding="utf-8")
    for name in BAD_SOURCES:
        assert name in described


@pytest.mark.parametrize("name", bad_sources())
def test_bad_source_raises_source_error_naming_its_line(name):
    data = (BAD / name).read_bytes()
    path = "source/art" + Path(name).suffix
    with pytest.raises(SourceError) as caught:
        read_article(decode_source(data, path), path, "art")
    assert caught.value.line == BAD_SOURCES[name]
    assert str(caught.value).startswith(f"{path}:{BAD_SOURCES[name]}: ")


# --- rendering ------------------------------------------------------------------------


def test_render_html_body_without_translations_is_markdown_it_html():
    source = textwrap.dedent(FRONT) + "\n- a\n- b\n\n| x |\n|---|\n| y |\n"
    article = read_article(source, "source/a.md", "a")
    expected = get_parser().render(source)
    assert render_html_body(article, lambda segment: None) == expected


def test_render_html_body_sets_attributes_on_the_place_element():
    article = md("## Head\n\nPara.\n\n| c |\n|---|\n| d |\n\n- tight\n- list\n")
    html = render_html_body(
        article, lambda s: ("ES " + s.text, {"lang": "es"}) if s.text != "list" else None
    )
    assert '<h2 lang="es">ES Head</h2>' in html
    assert '<p lang="es">ES Para.</p>' in html
    assert '<th lang="es">ES c</th>' in html and '<td lang="es">ES d</td>' in html
    # a tight list item's paragraph has no element: a span carries the attributes
    assert '<span lang="es">ES tight</span></li>' in html
    assert "<li>list</li>" in html


def test_render_html_body_attributes_without_new_text():
    article = md("Para.\n")
    html = render_html_body(article, lambda s: (None, {"class": "outdated", "title": 'a "quote"'}))
    assert html == '<p class="outdated" title="a &quot;quote&quot;">Para.</p>\n'


def test_render_html_body_plain_text():
    article = read_article("One <b>\n\n42\n\nTwo\n", "source/t.txt", "t")
    html = render_html_body(article, lambda s: ("Uno\nlinea", {"lang": "es"}) if s.text == "Two" else None)
    assert html == '<p>One &lt;b&gt;</p>\n<p>42</p>\n<p lang="es">Uno<br />\nlinea</p>\n'


def test_render_inline_html():
    assert render_inline_html("*a*\nb") == "<em>a</em><br />\nb"
    assert render_inline_html("x <b>y</b>") == "x <b>y</b>"
    # a translation keeps only the tags of its source segment
    assert render_inline_html("x <b>y</b> <i>z</i>", "x <b>y</b> z") == "x <b>y</b> &lt;i&gt;z&lt;/i&gt;"
    assert "<script" not in render_inline_html("<script>alert(1)</script>", "plain")
    assert "href" not in render_inline_html("[x](javascript:alert(1))", "x")


def test_render_inline_html_of_a_plain_text_article_is_plain():
    article = read_article("A *b* <i>c</i>\n", "source/t.txt", "t")
    assert render_inline_html("*x* <i>\ny", article=article) == "*x* &lt;i&gt;<br />\ny"


def test_render_inline_html_resolves_references_of_the_article():
    article = md("See [the report][r].\n\n[r]: https://example.org/r\n")
    html = render_inline_html("Mira [el informe][r].", article.segments[0].text, article=article)
    assert html == 'Mira <a href="https://example.org/r">el informe</a>.'


# --- golden cases ---------------------------------------------------------------------


def fake(segment: Segment) -> str:
    return "ES " + segment.text


def case_names():
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", case_names())
def test_golden_case(case):
    folder = CASES / case
    source = next(folder.glob("source.*"))
    article = read_article(source.read_text(encoding="utf-8"), f"source/{case}{source.suffix}", case)
    got = {
        "segments.json": json.dumps(
            [{"kind": s.kind, "line": s.line, "text": s.text} for s in article.segments],
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        "es" + source.suffix: rebuild_document(article, fake, {"lang": "es"}),
        "es.html": render_html_body(article, lambda s: (fake(s), {"lang": "es"})),
    }
    for name, text in got.items():
        if os.environ.get("BITEXT_UPDATE_GOLDEN"):
            (folder / name).write_text(text, encoding="utf-8")
        assert (folder / name).read_text(encoding="utf-8") == text, f"{case}/{name}"
    # the rebuilt document segments to the translated texts, place for place
    again = read_article(got["es" + source.suffix], f"source/{case}{source.suffix}", case)
    assert [s.text for s in again.segments] == [fake(s) for s in article.segments]
    assert [s.kind for s in again.segments] == [s.kind for s in article.segments]


def test_golden_cases_exist():
    assert len(case_names()) >= 4
    for case in case_names():
        assert re.match(r"[a-z-]+$", case)


# --- issue 9: syntax-only segments, thematic-break files, HTML in cells ----------------


def test_segments_made_only_of_syntax_code_or_urls_are_not_offered():
    article = md("""\
        {% raw %}

        {: #custom-id .note}

        {{ page.title | escape }}

        {{< figure src="x.png" >}}

        `cargo build --release`

        <https://example.org/a/long/path>

        https://example.org/bare

        Run {% include note.html %} now.

        - `Vec<T>`
        - A `Vec<T>` grows.
        """)
    assert [s.text for s in article.segments] == ["Run ⟦1⟧ now.", "A `Vec<T>` grows."]


@pytest.mark.parametrize("source", ["---\nSome text\n---\n\nBody.\n", "---\n- a\n- b\n---\n\nBody.\n", "---\n\nBody.\n"])
def test_a_first_thematic_break_is_markdown_unless_a_yaml_mapping_follows(source):
    article = md(source)
    assert article.front_matter == {}
    assert "Body." in [s.text for s in article.segments]
    rebuilt = rebuild_document(article, lambda segment: segment.text)
    assert rebuilt == source


def test_a_translation_cannot_turn_a_thematic_break_into_front_matter():
    article = md("---\nSome text\n---\n")
    rebuilt = rebuild_document(article, lambda segment: "Nota: algo")
    assert rebuilt == "---\nSome text\n---\n"  # a YAML mapping there would be front matter


def test_block_html_opening_a_cell_after_a_pipe_stays_html():
    source = "| Feature | Notes |\n|---|---|\n| speed | <ul><li>fast</li></ul> |\n"
    article = md(source)
    rebuilt = rebuild_document(article, lambda segment: segment.text)
    assert "| <ul><li>fast</li></ul> |" in rebuilt
    marked = rebuild_document(article, lambda segment: "<ul><li>rápido</li></ul>" if "fast" in segment.text else None)
    assert "| <ul><li>rápido</li></ul> |" in marked


SYNTAX_SOURCE = """\
# Install {#install}

Read the [docs]({{ site.baseurl | relative_url }}) for
more.

Some text
{: .note .info}

{% if site.beta %}
Shown text.
{% endif %}

Line one
{% if page.x %}
line two.
"""


def test_syntax_is_structure_placeholders_inside_ends_left_out():
    article = md(SYNTAX_SOURCE)
    assert [s.text for s in article.segments] == [
        "Install",
        "Read the [docs](⟦1⟧) for more.",
        "Some text",
        "Shown text.",
        "Line one ⟦1⟧ line two.",
    ]


def test_syntax_lines_stay_lines_and_placeholders_come_back():
    article = md(SYNTAX_SOURCE)
    rebuilt = rebuild_document(article, lambda segment: "ES " + segment.text)
    assert rebuilt == SYNTAX_SOURCE.replace("# Install", "# ES Install").replace("Read the", "ES Read the").replace(
        " for\nmore.", " for more.").replace("Some text", "ES Some text").replace("Shown", "ES Shown").replace(
        "Line one", "ES Line one")
    moved = rebuild_document(article, lambda s: "⟦1⟧ primero, luego el resto." if s.text.startswith("Line") else None)
    assert "{% if page.x %}\nprimero, luego el resto.\n" in moved


@pytest.mark.parametrize("broken", ["sin marcador", "dos ⟦1⟧ ⟦1⟧", "otro ⟦2⟧", "⟦1⟧ y ⟦9⟧"])
def test_a_translation_that_breaks_its_placeholders_keeps_the_source(broken):
    article = md(SYNTAX_SOURCE)
    rebuilt = rebuild_document(article, lambda segment: broken if "⟦" in segment.text else None)
    assert rebuilt == SYNTAX_SOURCE
    body = render_html_body(article, lambda segment: (broken, {}) if "⟦" in segment.text else None)
    assert body == render_html_body(article, lambda segment: None)


# --- prose in HTML blocks (translate_html) ---------------------------------------------

HTML_SOURCE = """\
Intro.

<div class="note">
  <h5>Tip: use the draft folder</h5>
  <p>Drafts are posts <em>without</em> a date.</p>
  <img src="pic.png" alt="A picture &amp; a caption">
</div>

<Listing number="1-1" caption="Hello, world" file-name="main.rs">

<script>var words = "not prose";</script>
"""


def test_html_blocks_give_their_prose_and_readable_attributes():
    article = md(HTML_SOURCE)
    assert [(s.kind, s.text, s.line) for s in article.segments] == [
        ("paragraph", "Intro.", 1),
        ("html h5", "Tip: use the draft folder", 4),
        ("html p", "Drafts are posts <em>without</em> a date.", 5),
        ("html alt", "A picture & a caption", 6),
        ("html caption", "Hello, world", 9),
    ]
    off = read_article(textwrap.dedent(HTML_SOURCE), "source/a.md", "a", translate_html=False)
    assert [s.text for s in off.segments] == ["Intro."]


def test_html_prose_goes_back_with_the_markup_untouched():
    article = md(HTML_SOURCE)
    spanish = {
        "Tip: use the draft folder": "Consejo: usa la carpeta de borradores",
        "Drafts are posts <em>without</em> a date.": "Los borradores son entradas <em>sin</em> fecha.",
        "A picture & a caption": 'Una imagen & "pie"',
        "Hello, world": "Hola, mundo",
    }
    rebuilt = rebuild_document(article, lambda segment: spanish.get(segment.text))
    assert rebuilt == HTML_SOURCE.replace("Tip: use the draft folder", spanish["Tip: use the draft folder"]).replace(
        "Drafts are posts <em>without</em> a date.", "Los borradores son entradas <em>sin</em> fecha.").replace(
        "A picture &amp; a caption", "Una imagen &amp; &quot;pie&quot;").replace(
        'caption="Hello, world"', 'caption="Hola, mundo"')
    body = render_html_body(article, lambda segment: (spanish.get(segment.text), {}))
    assert "<p>Los borradores son entradas <em>sin</em> fecha.</p>" in body
    assert 'alt="Una imagen &amp; &quot;pie&quot;"' in body


@pytest.mark.parametrize("translation", [
    "Sin la etiqueta de cierre <em>borradores",
    "Con <script>alert(1)</script> añadido",
    "Dos <em>veces</em> <em>no</em>",
])
def test_html_translation_that_changes_the_markup_keeps_the_source_or_shows_as_text(translation):
    article = md(HTML_SOURCE)
    pick = lambda segment: translation if segment.kind == "html p" else None  # noqa: E731
    rebuilt = rebuild_document(article, pick)
    assert "<script>alert" not in rebuilt
    assert rebuilt.count("<em>") == rebuilt.count("</em>") == 1
    body = render_html_body(article, lambda segment: (pick(segment), {}))
    assert "<script>alert" not in body
