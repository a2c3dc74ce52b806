"""The URLs a Markdown source points at, with their lines, and rewriting them in rendered HTML.

`find_references(article)` lists every link destination (`[text](url)`, reference links,
autolinks) and image source (`![alt](src)`) of a Markdown article's body, plus the
front-matter `image` field, as `Reference(url, line, kind)`: `url` is the destination as
markdown-it normalises it (percent-encoded, as it would be rendered), `line` the 1-based
file line where it is written (a block's first line plus the line breaks before the
link), `kind` `"image"` or `"link"`, or `"html"` for a `src` or `href` attribute of raw HTML
(read with the standard library's HTML parser; raw HTML itself passes through as written,
so its URLs cannot be rewritten).  Plain-text articles have none.

`rewrite_urls(tokens, rewrite)` applies `rewrite(url, kind)` (None: keep) to every link
`href` and image `src` of a token stream, descending into inline children, so callers
can point a relative reference at the copy the build made of its file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it.token import Token

from ..model import Article
from .parser import get_parser

__all__ = ["Reference", "body_references", "find_references", "rewrite_urls"]


@dataclass(frozen=True)
class Reference:
    url: str
    line: int
    kind: str  # "image" or "link"


class _HTMLReferences(HTMLParser):
    """The `src` and `href` attributes of a raw HTML fragment, with their line in it (1-based)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.found.append((self.getpos()[0], value.strip()))

    handle_startendtag = handle_starttag


def _html_references(content: str, first_line: int) -> list[Reference]:
    parser = _HTMLReferences()
    parser.feed(content)
    parser.close()
    return [Reference(url, first_line + line - 1, "html") for line, url in parser.found]


def _inline_references(children: Iterable[Token], first_line: int) -> list[Reference]:
    found: list[Reference] = []
    line = first_line
    for token in children:
        if token.type in ("softbreak", "hardbreak"):
            line += 1
        elif token.type == "html_inline":
            found.extend(_html_references(token.content, line))
        elif token.type == "link_open" and token.attrGet("href") is not None:
            found.append(Reference(str(token.attrGet("href")), line, "link"))
        elif token.type == "image" and token.attrGet("src") is not None:
            found.append(Reference(str(token.attrGet("src")), line, "image"))
    return found


def body_references(tokens: Iterable[Token]) -> list[Reference]:
    """The link and image URLs of a parsed document's inline tokens (recorded when it is read)."""
    found: list[Reference] = []
    for token in tokens:
        if token.type == "inline" and token.map:
            found.extend(_inline_references(token.children or [], token.map[0] + 1))
        elif token.type == "html_block" and token.map:
            found.extend(_html_references(token.content, token.map[0] + 1))
    return found


def find_references(article: Article) -> list[Reference]:
    """Every link and image URL of a Markdown article, in document order, with its line."""
    if article.format != "md":
        return []
    found: list[Reference] = []
    image = article.front_matter.get("image")
    if isinstance(image, str) and image.strip():
        match = re.search(r"(?m)^image[ \t]*:", article.text)
        line = article.text.count("\n", 0, match.start()) + 1 if match else 1
        found.append(Reference(image.strip(), line, "image"))
    recorded = getattr(article.document, "references", None)
    if recorded is None:
        recorded = body_references(get_parser().parse(article.text, {}))
    return found + list(recorded)


def rewrite_urls(tokens: Iterable[Token], rewrite: Callable[[str, str], str | None]) -> None:
    """Replace link hrefs and image srcs in place where `rewrite(url, kind)` gives a new URL."""
    for token in tokens:
        if token.type == "link_open":
            href = token.attrGet("href")
            new = rewrite(str(href), "link") if href is not None else None
            if new is not None:
                token.attrSet("href", new)
        elif token.type == "image":
            src = token.attrGet("src")
            new = rewrite(str(src), "image") if src is not None else None
            if new is not None:
                token.attrSet("src", new)
        if token.children:
            rewrite_urls(token.children, rewrite)
