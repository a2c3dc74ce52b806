"""The 655 examples of the CommonMark spec 0.31.2 through bitext.segment's round trip.

For every example (those starting with "---" read as front matter and are left out):
- identity: `rebuild_document` with each place translated as itself renders like the
  source, and `render_html_body` with the identity renders like markdown-it, both after
  collapsing white space;
- fake translation ("ES~ " + text): the rebuilt document and `render_html_body` keep the
  source's sequence of block elements, and each marker lands in the element of its place
  (h1-h6, p, li for a tight list item, th/td), in document order;
- hostile translations add no element and no attribute the source render lacks (`<br>`
  from a hard break excepted) and keep the block structure.

Known exceptions, each for a principled reason, are listed in XFAIL.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bitext.segment import read_article, rebuild_document, render_html_body
from bitext.segment.parser import get_parser

SPEC = Path("/work/shared/data/commonmark/spec-0.31.2.json")
EXAMPLES = [e for e in json.loads(SPEC.read_text(encoding="utf-8")) if not e["markdown"].startswith("---")]

XFAIL = {
    493: "a line break inside raw inline HTML (`<foo\\nbar>`) becomes a space, and "
    "`[link](<foo bar>)` is then a link: normalising white space changes the parse",
}

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
          "table", "thead", "tbody", "tr", "th", "td", "hr"}
PLACES = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "th", "td"}
MARK = "ES~"
HTML_ATTRIBUTES = {"html alt", "html title", "html caption", "html aria-label"}
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "# x",
    "a\n- b",
    "```",
    "---",
    "a\n===",
    "[r]: /url",
    "<div>\nx",
    "x |\n|-",
    "[x](javascript:alert(1))",
]


class Scan(HTMLParser):
    """Block elements in order, every element and attribute, and where markers stand."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.open: list[str] = []
        self.markers: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)
        if any(value and "javascript:" in value.lower() for _, value in attrs):
            self.attrs.add("javascript-url")
        if tag in BLOCKS:
            self.blocks.append(tag)
        if tag in PLACES:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in PLACES:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in PLACES and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        self.markers.extend([self.open[-1] if self.open else None] * data.count(MARK))


def scan(html: str) -> Scan:
    # HTML5 reads `<!-->` and `<!--->` as empty comments; Python's parser would open a
    # comment there and swallow what follows
    html = re.sub(r"<!---?>", "<!---->", html)
    parser = Scan()
    parser.feed(html)
    parser.close()
    return parser


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def place_tags(kind: str) -> tuple[str | None, ...]:
    if kind.startswith("html "):
        # prose of an HTML block: the marker is in the element's text, whatever the element
        return (None, *PLACES)
    if kind.startswith("heading "):
        return ("h" + kind[-1],)
    if kind == "table cell":
        return ("th", "td")
    return ("p", "li")


def example_params(checked: set[int] = frozenset(XFAIL)):
    for example in EXAMPLES:
        number = example["example"]
        marks = [pytest.mark.xfail(reason=XFAIL[number], strict=True)] if number in checked else []
        yield pytest.param(example["markdown"], id=f"ex{number}", marks=marks)


def test_examples_are_all_there():
    assert len(EXAMPLES) > 600
    assert len(XFAIL) <= 5


@pytest.mark.parametrize("source", example_params())
def test_identity_rebuild_renders_the_same(source):
    md = get_parser()
    article = read_article(source, "source/spec.md", "spec")
    rebuilt = rebuild_document(article, lambda segment: segment.text)
    assert squash(md.render(rebuilt)) == squash(md.render(source))
    body = render_html_body(article, lambda segment: (segment.text, {}))
    assert squash(body) == squash(md.render(source))


@pytest.mark.parametrize("source", example_params(set()))
def test_untranslated_rebuild_is_byte_identical(source):
    article = read_article(source, "source/spec.md", "spec")
    assert rebuild_document(article, lambda segment: None) == source
    assert render_html_body(article, lambda segment: None) == get_parser().render(source)


@pytest.mark.parametrize("source", example_params(set()))
def test_fake_translation_keeps_structure_and_places(source):
    md = get_parser()
    article = read_article(source, "source/spec.md", "spec")
    original = scan(md.render(source))
    # an attribute value's (alt, title) marker is in no element's text
    expected = [place_tags(segment.kind) for segment in article.segments if segment.kind not in HTML_ATTRIBUTES]
    rebuilt = rebuild_document(article, lambda segment: f"{MARK} {segment.text}")
    body = render_html_body(article, lambda segment: (f"{MARK} {segment.text}", {}))
    for html in (md.render(rebuilt), body):
        got = scan(html)
        assert got.blocks == original.blocks
        assert len(got.markers) == len(expected)
        for marker, tags in zip(got.markers, expected):
            assert marker in tags


def test_hostile_translations_add_no_markup():
    md = get_parser()
    failures = []
    for example in EXAMPLES:
        if example["example"] in XFAIL:
            continue
        source = example["markdown"]
        article = read_article(source, "source/spec.md", "spec")
        if not article.segments:
            continue
        original = scan(md.render(source))
        allowed_tags = original.tags | {"br"}
        for hostile in HOSTILE:
            rebuilt = rebuild_document(article, lambda segment: hostile)
            body = render_html_body(article, lambda segment: (hostile, {}))
            for html in (md.render(rebuilt), body):
                got = scan(html)
                if got.blocks != original.blocks or not got.tags <= allowed_tags or not got.attrs <= original.attrs:
                    failures.append((example["example"], hostile))
    assert failures == []
