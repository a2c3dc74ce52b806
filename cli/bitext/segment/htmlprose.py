"""Prose inside HTML blocks: which spans of an HTML block are text a reader sees.

An HTML block (`<div class="note"><h5>Tip</h5><p>Drafts have no date.</p></div>`) is
read with the standard library's HTML parser (`html.parser`, tolerant as browsers are),
and yields, as offsets in the block's source:

- the content of each block-level element (``p``, ``li``, ``h1``-``h6``, ``td``, ``th``,
  ``figcaption``, ``div``, ``dt``, ``dd``, ``summary``, ``caption``, ``blockquote``, any
  unknown element such as ``<Listing>``...) up to its first nested block element, and
  each run of its text between nested blocks: inline markup (``em``, ``a``, ``code``...)
  stays inside the run, as it does in a Markdown segment;
- the value of each quoted attribute readers see: ``alt``, ``title``, ``caption``,
  ``aria-label`` (`ATTRIBUTES`).

A run is prose when its visible text (tags taken out, entities read) has a letter
outside dialect syntax (see `syntax`); ``script``, ``style``, ``pre``, ``code``,
``textarea`` content is never prose.  Only elements closed inside the block count: a
block that opens an element it does not close (CommonMark lets an HTML block end at a
blank line) gives no run for it.  The markup is never changed: `rebuild_html` puts
translations in those spans only and refuses (returns None) a result whose tags are not
the source's, tag for tag.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .syntax import strip_syntax
from .text import has_letter, normalise_text

__all__ = ["HtmlSpan", "ATTRIBUTES", "find_prose", "html_tags_of", "format_html_text", "format_attribute"]

ATTRIBUTES = ("alt", "title", "caption", "aria-label")
_INLINE = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em i img ins kbd mark q s samp small span strong sub sup "
    "time u var wbr".split()
)
_OPAQUE = frozenset("script style pre textarea code template svg math".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_MARKUP_START = re.compile(r"<(?=[A-Za-z/!?])")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")


@dataclass(frozen=True, slots=True)
class HtmlSpan:
    """A span of prose in an HTML block's source: element text, or an attribute value."""

    start: int
    end: int
    kind: str  # "html p", "html alt"...
    text: str  # the segment text
    attribute: bool = False


class _Walker(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", source)]
        # open elements: [tag, "block" | "inline" | "opaque", where the block's current run starts]
        self.stack: list[list] = []
        self.runs: list[tuple[int, int, str]] = []
        self.attributes: list[HtmlSpan] = []
        self.opaque = 0

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _block(self) -> list | None:
        """The innermost open block element."""
        for entry in reversed(self.stack):
            if entry[1] == "block":
                return entry
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        raw = self.get_starttag_text() or ""
        if not self.opaque:
            self._attributes(raw, start)
        if tag in _VOID or raw.endswith("/>"):
            return
        if tag in _OPAQUE:
            self.opaque += 1
            self.stack.append([tag, "opaque", None])
        elif tag in _INLINE:
            self.stack.append([tag, "inline", None])
        else:
            parent = self._block()
            if parent is not None and parent[2] is not None:
                self.runs.append((parent[2], start, parent[0]))
                parent[2] = None  # resumes after this nested block
            self.stack.append([tag, "block", start + len(raw)])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.opaque:
            self._attributes(self.get_starttag_text() or "", self._here())

    def handle_endtag(self, tag: str) -> None:
        start = self._here()
        if not any(entry[0] == tag for entry in self.stack):
            return
        while self.stack:
            entry = self.stack.pop()
            if entry[1] == "opaque":
                self.opaque -= 1
            if entry[0] == tag:
                break
        if entry[1] != "block":
            return
        if entry[2] is not None and not self.opaque:
            self.runs.append((entry[2], start, tag))
        parent = self._block()
        if parent is not None:
            parent[2] = self.source.find(">", start) + 1

    def _attributes(self, raw: str, start: int) -> None:
        for name in ATTRIBUTES:
            for match in re.finditer(rf"""\s{name}\s*=\s*(["'])(.*?)\1""", raw, re.I | re.S):
                value = html.unescape(match.group(2))
                text = normalise_text(value.replace("\n", " "))
                if has_letter(strip_syntax(text)):
                    self.attributes.append(
                        HtmlSpan(start + match.start(2), start + match.end(2), f"html {name}", text, True)
                    )


def _visible(raw: str) -> str:
    return html.unescape(_TAG.sub(" ", raw))


def find_prose(source: str) -> list[HtmlSpan]:
    """The prose spans of one HTML block's source, in document order."""
    walker = _Walker(source)
    try:
        walker.feed(source)
        walker.close()
    except (AssertionError, ValueError):  # html.parser gives up on some malformed markup
        return []
    spans = list(walker.attributes)
    for start, end, tag in walker.runs:
        # a tag holding a translated attribute (`<img alt="...">`) is a cut in the run:
        # its attribute is a place of its own, and places never overlap
        pieces, cursor = [], start
        for match in _TAG.finditer(source, start, end):
            if any(match.start() < span.start < match.end() for span in walker.attributes):
                pieces.append((cursor, match.start()))
                cursor = match.end()
        pieces.append((cursor, end))
        for piece_start, piece_end in pieces:
            span = _run(source, piece_start, piece_end, tag)
            if span is not None:
                spans.append(span)
    return sorted(spans, key=lambda span: span.start)


def _run(source: str, start: int, end: int, tag: str) -> HtmlSpan | None:
    raw = source[start:end]
    left = len(raw) - len(raw.lstrip())
    right = len(raw.rstrip())
    if left >= right:
        return None
    raw = raw[left:right]
    if "<!--" in raw or not has_letter(strip_syntax(_visible(raw))):
        return None
    return HtmlSpan(start + left, start + right, f"html {tag}", normalise_text(raw.replace("\n", " ")))


def html_tags_of(text: str) -> list[str]:
    """The tags of an HTML text as written (white space normalised), in order."""
    return [re.sub(r"\s+", " ", match.group(0)) for match in _TAG.finditer(text)]


def format_html_text(translation: str, source_text: str) -> str:
    """A translation of element text as HTML: on one line, tags kept only where the
    source text has the very same tag, any other `<` written `&lt;`."""
    allowed = set(html_tags_of(source_text))
    text = translation.replace("\n", " ")
    out: list[str] = []
    cursor = 0
    for match in _TAG.finditer(text):
        out.append(_escape_markup(text[cursor : match.start()]))
        tag = match.group(0)
        out.append(tag if re.sub(r"\s+", " ", tag) in allowed else "&lt;" + tag[1:])
        cursor = match.end()
    out.append(_escape_markup(text[cursor:]))
    return "".join(out)


def _escape_markup(text: str) -> str:
    """`<` where it could open markup (a tag, a comment, a declaration); any other `<`
    (`a < b`, `--8<--`) is text to an HTML parser and stays as written."""
    return _MARKUP_START.sub("&lt;", text)


def format_attribute(translation: str) -> str:
    """A translation as a quoted attribute value's content."""
    return html.escape(translation.replace("\n", " "), quote=True)
