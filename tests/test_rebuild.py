"""bitext.segment: translations -> the same document (rebuild_document, render_html_body).

Unit tests pin the exact Markdown a translation becomes (front matter, escapes, hard
breaks, container prefixes); hypothesis properties check, over generated documents, that
an identity translation rebuilds a document that renders the same and segments the same,
that a fake translation keeps every place in its element, and that hostile translations
add no element, attribute or block.
"""

from __future__ import annotations

import json
import os
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext.segment import read_article, rebuild_document, render_html_body, render_inline_html
from bitext.segment.parser import get_parser
from test_commonmark_roundtrip import HOSTILE, HTML_ATTRIBUTES, MARK, place_tags, scan, squash


def md(text: str):
    return read_article(textwrap.dedent(text), "source/a.md", "a")


def rebuild_all(text: str, translation: str, **updates) -> str:
    return rebuild_document(md(text), lambda segment: translation, updates)


def render(text: str) -> str:
    return get_parser().render(text)


# --- front matter -----------------------------------------------------------------------

FRONT = """\
    ---
    # a comment stays
    title:   "The *war*"   # so does this one
    date: 2026-01-14
    description: |
      Two
      lines.
    authors: [Ana, Luis]
    lang: en
    ---
    Body.
    """


def test_untranslated_rebuild_is_byte_identical():
    article = md(FRONT)
    assert rebuild_document(article, lambda segment: None) == textwrap.dedent(FRONT)


def test_translated_fields_are_requoted_and_the_rest_kept():
    article = md(FRONT)
    table = {"The *war*": 'La "guerra" \\ *total*', "Two lines.": "Dos\nlíneas.", "Body.": "Cuerpo."}
    rebuilt = rebuild_document(article, lambda segment: table[segment.text], {"lang": "es"})
    assert rebuilt == textwrap.dedent("""\
        ---
        # a comment stays
        title:   "La \\"guerra\\" \\\\ *total*"   # so does this one
        date: 2026-01-14
        description: "Dos\\nlíneas."
        authors: [Ana, Luis]
        lang: es
        ---
        Cuerpo.
        """)
    again = read_article(rebuilt, "source/a.md", "a")
    assert again.front_matter["title"] == 'La "guerra" \\ *total*'
    assert again.front_matter["lang"] == "es"
    assert again.front_matter["authors"] == ["Ana", "Luis"]


def test_front_matter_updates_are_appended_or_create_front_matter():
    assert rebuild_all("---\ntitle: T\n---\nB.\n", "X", lang="es") == '---\ntitle: "X"\nlang: es\n---\nX\n'
    assert rebuild_all("# H\n", "X", lang="es") == "---\nlang: es\n---\n# X\n"
    assert rebuild_all("---\n---\nB.\n", "X", lang="pt-BR") == "---\nlang: pt-BR\n---\nX\n"
    assert rebuild_all("# H\n", "X") == "# X\n"


def test_front_matter_edge_shapes_stay_valid_yaml():
    flow = rebuild_all("---\n{title: Flow, lang: en}\n---\nX\n", "Y", lang="es", extra=[1, 2])
    assert flow == '---\n{title: "Y", lang: es, extra: [1, 2]}\n---\nY\n'
    next_line = rebuild_all("---\ntitle:\n  on the\n  next line\nempty:\n---\nX\n", "Y", empty="es")
    assert next_line == '---\ntitle: "Y"\nempty: es\n---\nY\n'
    # a block scalar's trailing blanks are its content: all of it is replaced
    block = rebuild_all("---\ntitle: |\n  a\t\nn: 1\n---\n", ":")
    assert block == '---\ntitle: ":"\nn: 1\n---\n'
    # an alias is not a place: its text lives at the anchor
    assert [s.kind for s in md("---\nbase: &b Hello\ntitle: *b\n---\n").segments] == []


def test_a_hostile_field_stays_one_yaml_scalar():
    rebuilt = rebuild_all("---\ntitle: T\nx: 1\n---\n", "a\n---\nb: <script>")
    data = read_article(rebuilt, "source/a.md", "a").front_matter
    assert data == {"title": "a\n---\nb: \\<script>", "x": 1}


def test_plain_text_rebuild_keeps_blank_lines_and_ignores_updates():
    source = "Title\n\n  Block one\non two lines.\n\n\n42\n\nLast"
    article = read_article(source, "source/t.txt", "t")
    rebuilt = rebuild_document(article, lambda s: None if s.text == "Title" else "Uno\n\ndos", {"lang": "es"})
    assert rebuilt == "Title\n\n  Uno\ndos\n\n\n42\n\nUno\ndos"


# --- escapes and containers ---------------------------------------------------------------


def test_translations_cannot_start_blocks_in_a_paragraph():
    cases = {
        "# x": "\\# x",
        "> q": "\\> q",
        "- b": "\\- b",
        "+ b": "\\+ b",
        "1. x": "1\\. x",
        "3) x": "3\\) x",
        "---": "\\---",
        "* * *": "\\* * *",
        "```": "\\```",
        "~~~ x": "\\~~~ x",
        "a\n- b": "a  \n\\- b",
        "a\n===": "a  \n\\===",
        "a\n<div>": "a  \n\\<div>",
        "a\n|---|": "a  \n\\|---|",
        "a\n2. x": "a  \n2. x",
        "a\n1. x": "a  \n1\\. x",
        "*emph* stays": "*emph* stays",
        "```code``` stays": "```code``` stays",
    }
    for translation, expected in cases.items():
        assert rebuild_all("Para.\n", translation) == expected + "\n", translation


def test_inline_html_is_kept_only_where_the_source_has_it():
    assert rebuild_all("Para.\n", "<script>alert(1)</script>") == "\\<script>alert(1)\\</script>\n"
    assert rebuild_all("Para.\n", '"><img src=x onerror=alert(1)>') == '">\\<img src=x onerror=alert(1)>\n'
    assert rebuild_all("A <b>bold</b> <br> move.\n", "<br> Un <b>paso</b> <i>x</i>") == (
        "<br> Un <b>paso</b> \\<i>x\\</i>\n"
    )
    # escaping a tag must not reveal another one hidden in its attribute
    rebuilt = rebuild_all("Para.\n", '<a title="<b>x</b>">y</a>')
    assert "<b>" not in render(rebuilt) and "<a" not in render(rebuilt)


def test_a_reference_definition_cannot_swallow_a_paragraph():
    rebuilt = rebuild_all("Para.\n", "[r]: /url")
    assert render(rebuilt) == "<p>[r]: /url</p>\n"


def test_hard_breaks_keep_container_prefixes():
    assert rebuild_all("- a\n- b\n", "x\n- y") == "- x  \n  \\- y\n- x  \n  \\- y\n"
    assert rebuild_all("> a\nlazy\n", "x\ny") == "> x  \n> y\n"
    assert rebuild_all("> 1. a\n", "x\ny") == "> 1. x  \n>    y\n"
    # a lone backslash before a break is escaped; an empty line is a backslash break
    assert rebuild_all("Para.\n", "a\\\n\nb") == "a\\\\  \n\\\nb\n"
    assert render(rebuild_all("Para.\n", "a\\\n\nb")) == "<p>a\\<br />\n<br />\nb</p>\n"
    # a delimiter run before a break stays as it was (no backslash after it)
    assert render(rebuild_all("Para.\n", ".*\na* * *")) == "<p>.*<br />\na* * *</p>\n"


def test_atx_headings_and_cells_are_one_line():
    assert rebuild_all("## Head ##\n", "x\ny #") == "## x y \\# ##\n"
    assert rebuild_all("# Head\n", "#") == "# \\#\n"
    table = "| a | b |\n|---|---|\n| c | d |\n"
    assert rebuild_all(table, "x | y\nz") == "| x \\| y z | x \\| y z |\n|---|---|\n| x \\| y z | x \\| y z |\n"
    # only the cell that begins its line could start a block (a list item) there
    rebuilt = rebuild_all("a | b\n--|--\n", "- x")
    assert rebuilt == "\\- x | - x\n--|--\n"
    assert render(rebuilt) == render("\\- x | \\- x\n--|--\n")


def test_setext_heading_underline_cannot_become_a_table_delimiter():
    rebuilt = rebuild_all("Head\n---\n", "x |\n|-")
    assert render(rebuilt).startswith("<h2>") and "<table" not in render(rebuilt)


def test_a_line_of_unicode_space_that_ends_a_table_stays():
    # markdown-it trims NBSP off a paragraph, but the NBSP line is what ends the table
    source = "| a |\n|---|\n\u00a0\nafter\n"
    rebuilt = rebuild_all(source, "luego")
    assert rebuilt == "| luego |\n|---|\n\u00a0\nluego\n"
    assert scan(render(rebuilt)).blocks == scan(render(source)).blocks


def test_shapes_found_by_fuzzing_keep_their_structure():
    identity = {
        "<b>\\\na\n": "<b>\\\na\n",  # a lone tag before a break stays a tag, not an HTML block
        "\\|\n  a\n---\n": "&#124; a\n---\n",  # a pipe over `---` would make a table
        "a\\|\n---\n": "| a\\| |\n---\n",  # a one-cell row without pipes keeps one
    }
    for source, expected in identity.items():
        rebuilt = rebuild_document(md(source), lambda segment: segment.text)
        assert rebuilt == expected
        assert render(rebuilt) == render(source).replace("|\na", "| a")
    assert render(rebuild_all("a\\|\n---\n", "<script>")).startswith("<table>")
    # the space after `>` belongs to the quote marker: a list marker right after `>`
    # needs one more space on continuation lines
    nested = rebuild_all(">- > a\n", "x\n- y")
    assert nested == ">- > x  \n>   > \\- y\n"
    assert scan(render(nested)).blocks == scan(render(">- > a\n")).blocks
    # a cell whose translation would make its row (which starts "```") a fence opener
    # keeps its source text
    source = "| a | b |\n|---|---|\n```|a`\n"
    rebuilt = rebuild_all(source, "<script>")
    assert rebuilt == "| \\<script> | \\<script> |\n|---|---|\n```|a`\n"
    assert scan(render(rebuilt)).blocks == scan(render(source)).blocks
    # a table under a table, whose header only ends the first table by looking like a fence
    assert [s.text for s in md("| a |\n|---|\n```x|\n---\n").segments] == ["a"]


def test_empty_translation_keeps_the_source():
    assert rebuild_all("Para *x*.\n", " \n ") == "Para *x*.\n"


def test_render_html_body_escapes_hostile_markup():
    article = md("Para <b>x</b>.\n")
    html = render_html_body(article, lambda s: ("<b>y</b> <script>alert(1)</script>\n# z", {"lang": "es"}))
    assert html == '<p lang="es"><b>y</b> &lt;script&gt;alert(1)&lt;/script&gt;<br />\n# z</p>\n'


# --- properties over generated documents --------------------------------------------------

WORDS = st.sampled_from(["harbour", "boats", "niño", "café", "dawn", "Ωμέγα", "42", "x", "the", "и"])
INLINE = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"*{w}*"),
    WORDS.map(lambda w: f"**{w}**"),
    WORDS.map(lambda w: f"`{w}`"),
    WORDS.map(lambda w: f"[{w}](https://example.org/{w})"),
    WORDS.map(lambda w: f"<b>{w}</b>"),
    st.sampled_from(["&amp;", "\\*", "a\u00a0b", "2026", "—"]),
)
LINE = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
BREAK = st.sampled_from(["\n", "\n", "  \n", "\\\n"])


@st.composite
def paragraphs(draw, indent: str = "") -> str:
    lines = draw(st.lists(LINE, min_size=1, max_size=3))
    text = lines[0]
    for line in lines[1:]:
        text += draw(BREAK) + indent + line
    return text


@st.composite
def lists(draw) -> str:
    marker = draw(st.sampled_from(["- ", "* ", "1. "]))
    indent = " " * len(marker)
    items = []
    for _ in range(draw(st.integers(1, 3))):
        item = marker + draw(paragraphs(indent))
        if draw(st.booleans()):
            item += "\n" + indent + "- " + draw(LINE)
        items.append(item)
    return ("\n\n" if draw(st.booleans()) else "\n").join(items)


@st.composite
def tables(draw) -> str:
    columns = draw(st.integers(1, 3))
    rows = [draw(st.lists(LINE, min_size=columns, max_size=columns)) for _ in range(draw(st.integers(1, 3)))]
    header = draw(st.lists(WORDS, min_size=columns, max_size=columns))
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


BLOCK = st.one_of(
    st.builds(lambda n, line: "#" * n + " " + line, st.integers(1, 6), LINE),
    st.builds(lambda line, u: line + "\n" + u * 3, LINE, st.sampled_from("=-")),
    paragraphs(),
    lists(),
    paragraphs().map(lambda p: "> " + p.replace("\n", "\n> ")),
    tables(),
    LINE.map(lambda line: "```\n" + line + "\n```"),
    LINE.map(lambda line: "    " + line),
    st.just("***"),
    LINE.map(lambda line: "<div>\n" + line + "\n</div>"),
    st.just("2026"),
)


@st.composite
def documents(draw) -> str:
    body = "\n\n".join(draw(st.lists(BLOCK, min_size=1, max_size=6))) + "\n"
    if draw(st.booleans()):
        title, description = draw(LINE), draw(LINE)
        front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndescription: {json.dumps(description)}\n"
        body = front + "tags: [a, b]\n---\n\n" + body
    return body


# BITEXT_HYPOTHESIS_EXAMPLES=5000 for a longer hunt
PROPERTY = settings(
    max_examples=int(os.environ.get("BITEXT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(documents())
def test_identity_rebuilds_a_document_that_renders_and_segments_the_same(source):
    article = read_article(source, "source/g.md", "g")
    assert rebuild_document(article, lambda segment: None) == source
    rebuilt = rebuild_document(article, lambda segment: segment.text)
    assert squash(render(rebuilt)) == squash(render(source))
    again = read_article(rebuilt, "source/g.md", "g")
    assert [(s.kind, s.text) for s in again.segments] == [(s.kind, s.text) for s in article.segments]
    assert again.front_matter == article.front_matter
    body = render_html_body(article, lambda segment: (segment.text, {}))
    assert squash(body) == squash(render(source))


@PROPERTY
@given(documents())
def test_fake_translation_keeps_structure_and_every_place(source):
    article = read_article(source, "source/g.md", "g")
    rebuilt = rebuild_document(article, lambda segment: f"{MARK} {segment.text}", {"lang": "es"})
    again = read_article(rebuilt, "source/g.md", "g")
    assert [(s.kind, s.text) for s in again.segments] == [(s.kind, f"{MARK} {s.text}") for s in article.segments]
    assert again.front_matter.get("lang") == "es"
    original = scan(render(source))
    body_places = [place_tags(s.kind) for s in article.segments
                   if not s.kind.startswith(("title", "description")) and s.kind not in HTML_ATTRIBUTES]
    for html in (render(rebuilt), render_html_body(article, lambda segment: (f"{MARK} {segment.text}", {}))):
        got = scan(html)
        assert got.blocks == original.blocks
        assert len(got.markers) == len(body_places)
        assert all(marker in tags for marker, tags in zip(got.markers, body_places))


@PROPERTY
@given(documents(), st.sampled_from(HOSTILE + ["a\n\n# b", "<!-- x", "    code", "a\\\nb\\", "foo #", "| x |"]),
       st.booleans())
def test_hostile_translations_add_no_element_attribute_or_block(source, hostile, prefixed):
    article = read_article(source, "source/g.md", "g")
    translation = (lambda s: s.text + " " + hostile) if prefixed else (lambda s: hostile)
    original = scan(render(source))
    rebuilt = rebuild_document(article, translation)
    for html in (render(rebuilt), render_html_body(article, lambda s: (translation(s), {}))):
        got = scan(html)
        assert got.blocks == original.blocks
        assert got.tags <= original.tags | {"br", "code", "em", "strong"}
        assert got.attrs <= original.attrs
    # the front matter is still a YAML mapping with the same keys
    assert read_article(rebuilt, "source/g.md", "g").front_matter.keys() == article.front_matter.keys()
    for segment in article.segments:
        got = scan(render_inline_html(translation(segment), segment.text))
        assert got.tags <= scan(render_inline_html(segment.text)).tags | {"br", "code", "em", "strong"}
