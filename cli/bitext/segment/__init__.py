"""Source text -> segments, and translations -> the same document (SPEC section 3).

The only part of bitext that knows Markdown (markdown-it-py, its front-matter plugin)
and YAML.  Every other module uses the functions below and treats `Segment.locator` and
`Article.document` as opaque.

Segmentation rules
------------------
Markdown (`.md`) is parsed with markdown-it-py's "commonmark" preset plus GFM tables and
YAML front matter (read with `yaml.safe_load` semantics).  A *place* is each of:

=====================  ==================================================================
kind                   place
=====================  ==================================================================
``<field name>``       a front-matter field named in `translate_fields` whose value is a
                       string (``title``, ``description``...); line = the key's line,
                       the opening ``---`` being line 1.  Fields come first, in front-
                       matter order; their text is the value, white space normalised.
``heading 1``..``6``   an ATX (``#``) or setext (underlined) heading
``paragraph``          a paragraph outside lists and block quotes
``list item``          a paragraph inside a list item
``quote``              a paragraph inside a block quote
``table cell``         a header or body cell of a GFM table
``term``               a definition list's term (dialects with definition lists)
``admonition title``   ``!!! note "Title"`` (mkdocs); ``container title``: ``::: tip Title``
                       (vitepress); ``title block``: ``% Title`` (pandoc)
``html <tag>``         a run of prose in an HTML block (``html p``, ``html div``...), or
``html alt``...        a readable attribute's value (see `htmlprose`; `translate_html`)
=====================  ==================================================================

The dialect (`dialects`, the `markdown` setting) adds the parser plugins that model its
syntax; syntax is structure, never text: lines of syntax at a place's ends and attribute
lists ending it stay out of it, syntax inside becomes a placeholder ``⟦n⟧``
(`placeholders`).

The innermost container decides: a paragraph in a list item inside a quote is a
"list item", one in a quote inside a list item a "quote".  Every paragraph of a list
item is a place of its own.

- The text is the inline Markdown as written (emphasis, links, code spans, raw inline
  HTML, entities and backslash escapes kept), normalised: soft line breaks and runs of
  spaces/tabs become one space, lines are stripped; NBSP is kept; a hard line break
  (two or more trailing spaces, or a backslash at the end of a line) is kept as ``\\n``.
  Re-wrapping a paragraph changes no segment.  (In a table cell, ``\\|`` reads ``|``,
  as markdown-it reads it.)
- A block with no letter (Unicode category L*) in the prose a reader sees (text and
  image alt text; not code spans, URLs, e-mail addresses, tags, nor dialect syntax such
  as Liquid `{% raw %}`, attribute lists `{: #id}` or shortcodes: see `syntax`) is not
  a place and stays verbatim: a segment made only of syntax, code or a URL is not
  offered for translation.
- Front matter is a first `---` line, a YAML mapping (or nothing), a closing line;
  a first `---` followed by anything else (a line of prose, a YAML list) is Markdown
  (a thematic break), as Jekyll and Hugo read it.
- `Segment.line` is the 1-based file line where the place starts (`token.map[0] + 1`).
- Code blocks, HTML blocks, thematic breaks, link reference definitions and other
  front-matter fields are never places and reach every output unchanged.

Plain text (`.txt`): blocks separated by blank lines, each with a letter a "paragraph"
place, its lines joined with spaces (see `plaintext`).

Identical texts are separate places (separate segments); `Article.messages()` merges them.

Output rules (`rebuild_document`, `render_html_body`, `render_inline_html`): see
`safety`.  A translation is normalised like a segment; an empty one, or None, keeps the
source.  In HTML, the attributes `translate` returns go on the element holding the place
(``h1``..``h6``, ``p``, ``th``/``td``); the paragraph of a tight list item has no element,
so there its content is wrapped in a ``<span>`` that carries them (not the ``li``, whose
attributes would also cover nested lists).  `find_references` lists the link and image
URLs of a source with their lines (see `references`), and the renderers take a
`rewrite(url, kind)` to point them elsewhere (at the build's copy of a file).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from markdown_it.common.utils import escapeHtml

from ..errors import SourceError
from ..model import Article, Segment
from .conflicts import find_conflict_markers
from .markdown import heading_id, read_markdown, rebuild_markdown, render_markdown_body
from .parser import get_parser, parse_inline
from .plaintext import read_plaintext, rebuild_plaintext, render_plaintext_body
from .references import Reference, find_references, rewrite_urls
from .safety import RAW_HTML_MODES, apply_raw_html, inline_markdown, source_markup, translation_children
from .text import normalise_text
from .tokencache import cached, copy_changeable, references_key

__all__ = [
    "DEFAULT_TRANSLATE_FIELDS",
    "RAW_HTML_MODES",
    "Reference",
    "find_references",
    "heading_id",
    "decode_source",
    "read_article",
    "rebuild_document",
    "render_html_body",
    "render_inline_html",
]

DEFAULT_TRANSLATE_FIELDS = ("title", "subtitle", "description", "summary", "caption", "credit")



def decode_source(data: bytes, path: str) -> str:
    """UTF-8 bytes -> text: BOM stripped, CRLF/CR -> LF; bad bytes name their line."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - line_start + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at byte {column} of the line)", path, line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(
    text: str,
    path: str,
    slug: str,
    translate_fields: Sequence[str] = DEFAULT_TRANSLATE_FIELDS,
    *,
    dialect: str = "commonmark",
    translate_html: bool = True,
) -> Article:
    """Segment a source text; `path` is relative POSIX (`source/la.md`), its suffix the format.

    `dialect` names the Markdown dialect (the `markdown` setting, see `dialects`);
    `translate_html` makes the prose of HTML blocks places."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix not in (".md", ".markdown", ".txt"):
        raise SourceError("a source must be Markdown (.md, .markdown) or plain text (.txt)", path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise SourceError("NUL byte in the source (is it a binary file?)", path, text.count("\n", 0, nul) + 1)
    if suffix == ".txt":
        conflict = find_conflict_markers(text)  # Markdown's are found by read_markdown, code aside
        if conflict is not None:
            raise SourceError(conflict[1], path, conflict[0])
        segments, plain = read_plaintext(text)
        return Article(slug, path, "txt", text, segments, {}, plain)
    segments, front_matter, document = read_markdown(text, path, translate_fields, dialect, translate_html)
    return Article(slug, path, "md", text, segments, front_matter, document)


def rebuild_document(
    article: Article,
    translate: Callable[[Segment], str | None],
    front_matter_updates: Mapping[str, Any] = {},
    raw_html: str = "keep",
) -> str:
    """The translated document: the source with each place's text replaced.

    `translate(segment)` gives the translation (None: keep the source text, byte for
    byte).  Front matter is kept byte for byte except translated fields (re-quoted as
    double-quoted YAML scalars) and `front_matter_updates` (replaced in place, or
    appended; a Markdown source without front matter gets one).  Plain text ignores
    `front_matter_updates` and `raw_html` (it has no HTML).  `raw_html` ("keep", "escape",
    "drop") decides the fate of the source's own HTML (see `markdown.rebuild_markdown`).
    """
    if article.format == "txt":
        return rebuild_plaintext(article, translate)
    return rebuild_markdown(article, translate, front_matter_updates, raw_html)


def render_html_body(
    article: Article,
    translate: Callable[[Segment], tuple[Any, ...] | None],
    rewrite: Callable[[str, str], str | None] | None = None,
    omit: frozenset[int] = frozenset(),
    anchors: bool = False,
    raw_html: str = "keep",
) -> str:
    """The body (front matter excluded) as HTML.

    `translate(segment)` gives `(markdown_inline, attrs)` or `(markdown_inline, attrs,
    lead_html)`: the place's inline content (None or "" keeps the source's), attributes
    set on its element (a `<span>` wrapping the content for a tight list item) and
    trusted HTML put first in the place (a notice); None keeps the source, no attributes.
    `rewrite(url, kind)` may replace link (`kind="link"`) and image (`"image"`) URLs;
    heading places whose `Segment.locator` is in `omit` are left out, and with `anchors`
    headings get GitHub's ids from their source text (Markdown only).
    Front-matter fields are not part of the body (render them with `render_inline_html`).
    `raw_html` applies to every HTML block and tag of the body, the source's and the
    translations' alike.
    """
    if article.format == "txt":
        return render_plaintext_body(article, translate)
    return render_markdown_body(article, translate, rewrite, omit, anchors, raw_html)


def render_inline_html(
    text: str,
    source_text: str | None = None,
    *,
    article: Article | None = None,
    rewrite: Callable[[str, str], str | None] | None = None,
    raw_html: str = "keep",
) -> str:
    """One segment's Markdown inline as HTML (`\\n` -> `<br />`), no enclosing element.

    With `source_text` (the segment a translation translates), inline HTML tags are kept
    only where `source_text` has the same tag, and links and images only where it has the
    same URL; without it `text` is taken to be source text and its markup is kept.
    `article` (the segment's article) supplies its link reference definitions, and for a
    plain-text article makes `text` plain text (escaped).  `raw_html` applies to the tags
    that remain; `rewrite(url, kind)` then changes the URLs of the links and images kept
    (so a translation is compared with its source by the URLs as written).
    """
    text = normalise_text(text)
    if not text:
        return ""
    if article is not None and article.format == "txt":
        return "<br />\n".join(escapeHtml(line) for line in text.split("\n"))
    env: dict[str, Any] = {}
    document = getattr(article, "document", None)
    if document is not None and getattr(document, "env", None):
        env = dict(document.env)
    if source_text is not None:
        children = translation_children(text, source_markup(normalise_text(source_text), env), env)
    else:
        # a source segment is shown once per language: parsed once (each gets a copy)
        references = references_key(env)
        children = cached("inline", None if references is None else ("source", text, references),
                          lambda: parse_inline(inline_markdown(text, single_line=False), env), copy_changeable)
    apply_raw_html(children, raw_html)
    if rewrite is not None:
        rewrite_urls(children, rewrite)
    md = get_parser()
    return md.renderer.renderInline(children, md.options, env)
