"""Markdown sources: places, and the same document rebuilt or rendered with translations.

Reading parses the whole text once (front matter included, so token lines are file
lines) and records, for every place, the span of its inline source in the text:

- paragraph (in any container) and setext heading: from the first non-blank character
  of its first line (after container markers) to the end of its last content line; a
  rebuilt place is written on one line per hard break, continuation lines starting with
  the first line's container prefix where list markers became spaces (`> 1. ` ->
  `>    `), so lazy lines in the source come out properly prefixed (the rebuilt
  document's block structure is checked against the source's, see `rebuild_markdown`);
- ATX heading: the content between the opening `#`s and any closing sequence;
- table cell: the trimmed cell between its pipes (as markdown-it splits the row).

Everything outside those spans (front matter other than replaced values, code blocks,
HTML blocks, thematic breaks, link reference definitions, list markers, heading
underlines, table delimiter rows, blank lines) is copied byte for byte.  Rendering
re-parses the text and swaps each place's inline children for the parsed translation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify

from ..errors import SourceError
from ..model import Article, Segment
from .frontmatter import FrontMatter, dump_quoted, front_matter_edits, opens_front_matter, read_front_matter
from .parser import get_parser, parse_blocks, parse_inline
from .references import body_references, rewrite_urls
from .safety import (
    apply_raw_html,
    escape_added_markup,
    format_block_text,
    format_cell_text,
    format_heading_text,
    source_markup,
    translation_children,
)
from .text import inline_segment_text, normalise_text, visible_text_has_letter

__all__ = ["Place", "MarkdownDocument", "heading_id", "read_markdown", "rebuild_markdown", "render_markdown_body"]

# the characters markdown-it's mdTrim strips from block contents and table cells
_TRIM = MD_TRIM_CHARS


@dataclass(slots=True)
class Place:
    """Where one segment's inline source is: `mode` is field, block, heading or cell."""

    mode: str
    start: int  # the span [start, end) of the inline source (or YAML value) in the text
    end: int
    prefix: str = ""  # block: what starts a continuation line
    token: int = -1  # index of the place's `inline` token in a parse of the text
    key: str = ""  # field: the front-matter key
    underline: str = ""  # setext heading: "=" or "-"
    alone: bool = False  # cell: the only content of its row (no pipe around it)
    shielded: bool = False  # block: its first line follows an NBSP, it starts no block


@dataclass
class MarkdownDocument:
    """What `rebuild_markdown` and `render_markdown_body` need (Article.document)."""

    text: str
    front: FrontMatter | None
    places: list[Place] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=dict)
    signature: list[tuple[str, str, int, bool]] | None = None  # block structure, on demand
    references: list[Any] = field(default_factory=list)  # link and image URLs (references.Reference)


def read_markdown(
    text: str, path: str, translate_fields: Sequence[str]
) -> tuple[list[Segment], dict[str, Any], MarkdownDocument]:
    """Segments (document order), front-matter data and rebuild data of a Markdown text."""
    env: dict[str, Any] = {}
    tokens = get_parser().parse(text, env)
    front = None
    if tokens and tokens[0].type == "front_matter":
        front = read_front_matter(text, tokens[0].map[1] - 1, path, translate_fields)
    elif opens_front_matter(text):
        raise SourceError("front matter is not closed (no closing '---' line)", path, 1)
    document = MarkdownDocument(text, front, [], env)
    document.references = body_references(tokens)
    segments: list[Segment] = []
    if front is not None:
        for place in front.fields:
            segments.append(Segment(place.text, place.key, place.line, len(document.places)))
            document.places.append(Place("field", place.start, place.end, key=place.key))

    containers: list[str] = []
    row_spans: list[tuple[int, int]] = []
    column = 0
    table_end = -1
    fragile_header = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "blockquote_open":
            containers.append("quote")
        elif kind == "list_item_open":
            containers.append("list item")
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif kind == "table_open":
            # a table right under another one exists only because its header line looks
            # like a block start (a fence, a list item) that ends the first table: any
            # other text would make it a row of the table above, so it is kept verbatim
            fragile_header = index > 0 and tokens[index - 1].type == "table_close" and token.map[0] == table_end
            table_end = token.map[1]
        elif kind == "thead_close":
            fragile_header = False
        elif kind == "tr_open":
            row_spans = []
            column = 0
        elif kind in ("th_open", "td_open"):
            column += 1
        elif kind == "inline":
            opener = tokens[index - 1]
            children = token.children or []
            if not visible_text_has_letter(children):
                continue
            lines = token.meta.get("lines")
            if not lines:
                continue
            if opener.type in ("th_open", "td_open"):
                if fragile_header:
                    continue
                if not row_spans:
                    row_spans = _split_row(text, *lines[0])
                if column > len(row_spans):
                    continue
                cell_start, cell_end = row_spans[column - 1]
                row_start, row_end = lines[0]
                alone = "|" not in text[row_start:cell_start] + text[cell_end:row_end]
                place = Place("cell", cell_start, cell_end, token=index, alone=alone)
                segment_kind = "table cell"
            elif opener.type == "heading_open" and opener.markup.startswith("#"):
                place = _atx_place(text, lines[0], token.content, index)
                segment_kind = "heading " + opener.tag[1:]
            else:
                start, end = _block_span(text, lines)
                line_start = text.rfind("\n", 0, start) + 1
                raw_prefix = text[line_start:start]
                place = Place("block", start, end, _continuation_prefix(raw_prefix), index)
                place.shielded = raw_prefix.rstrip(" \t")[-1:].isspace()
                if opener.type == "heading_open":
                    place.underline = opener.markup[:1]
                    segment_kind = "heading " + opener.tag[1:]
                else:
                    segment_kind = containers[-1] if containers else "paragraph"
            segment_text = inline_segment_text(token.content, children)
            segments.append(Segment(segment_text, segment_kind, token.map[0] + 1, len(document.places)))
            document.places.append(place)
    return segments, (front.data if front else {}), document


def _continuation_prefix(prefix: str) -> str:
    """What starts a continuation line of a block whose first line starts with `prefix`.

    The prefix holds only container markers and white space.  Tabs are expanded (tab
    stops of 4, as CommonMark reads them), list markers become spaces, `>` stays.  A `>`
    not followed by a space gets one: the space after `>` belongs to the quote marker,
    so a list marker's replacement space there would shift the rest one column left.
    """
    expanded: list[str] = []
    for char in prefix:
        if char == "\t":
            expanded.extend(" " * (4 - len(expanded) % 4))
        else:
            expanded.append(char)
    out: list[str] = []
    for index, char in enumerate(expanded):
        if char == ">":
            out.append(">" if expanded[index + 1 : index + 2] == [" "] else "> ")
        else:
            out.append(" ")
    return "".join(out)


def _block_span(text: str, lines: list[tuple[int, int]]) -> tuple[int, int]:
    """From the first to the last character markdown-it keeps of a multi-line block.

    markdown-it trims the block's content of Unicode white space (NBSP too), so a line
    holding only such space at either end is no part of the text: it stays verbatim
    (it may be what ends a table above).
    """
    kept = [(start, end) for start, end in lines if text[start:end].strip(_TRIM)] or lines
    first_start, first_end = kept[0]
    first = text[first_start:first_end]
    return first_start + len(first) - len(first.lstrip(_TRIM)), kept[-1][1]


def _atx_place(text: str, line: tuple[int, int], content: str, index: int) -> Place:
    start, end = line
    pos = start
    while pos < end and text[pos] == "#":
        pos += 1
    found = text.find(content, pos, end)
    if found < 0:  # cannot happen: markdown-it's content is a slice of the line
        found = pos
    return Place("heading", found, found + len(content), token=index)


def _split_row(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell spans of a table row, split exactly as markdown-it's table rule splits it."""
    line = text[start:end]
    stripped = line.rstrip(_TRIM)
    lead = len(stripped) - len(stripped.lstrip(_TRIM))
    spans: list[tuple[int, int]] = []
    cell_start = lead
    escaped = False
    for pos in range(lead, len(stripped)):
        char = stripped[pos]
        if char == "|" and not escaped:
            spans.append((cell_start, pos))
            cell_start = pos + 1
        escaped = char == "\\"
    spans.append((cell_start, len(stripped)))
    if spans and spans[0][0] == spans[0][1]:
        spans.pop(0)
    if spans and spans[-1][0] == spans[-1][1]:
        spans.pop()
    trimmed = []
    for cell_start, cell_end in spans:
        cell = stripped[cell_start:cell_end]
        left = len(cell) - len(cell.lstrip(_TRIM))
        right = len(cell.rstrip(_TRIM))
        trimmed.append((start + cell_start + left, start + cell_start + max(left, right)))
    return trimmed


def rebuild_markdown(
    article: Article, translate: Callable[[Segment], str | None], updates: Mapping[str, Any], raw_html: str = "keep"
) -> str:
    """The document with each place's inline source replaced by its translation.

    Continuation lines (hard breaks) are first written with the container prefix of
    the place's first line.  The result's block structure is then checked against the
    source's; should a prefix have been wrong (markdown-it reads tabs after nested
    markers its own way), the continuation lines are written lazily (no prefix, a
    paragraph continuation), and should that fail too, without hard breaks.  Should the
    structure still differ (a translated cell that turns its whole row into a fence
    opener, say), each place whose translation alone changes the structure keeps its
    source text.

    A place whose source has a link or image markdown-it refuses to render (`javascript:`...)
    goes through the same escaping even when untranslated, and so, with `raw_html` "escape"
    or "drop", does a place holding inline HTML; what is then left of the source's HTML
    outside places (HTML blocks, tags in blocks without letters, places kept as written by
    the fallbacks above) is made text: every `<` of those lines becomes `&lt;` ("escape"), an HTML block's
    lines become blank ("drop"); see `_neutralise_raw_html`.
    """
    document: MarkdownDocument = article.document
    rebuilt = _rebuild(article, translate, updates, raw_html)
    if raw_html == "keep":
        return rebuilt
    return _neutralise_raw_html(rebuilt, raw_html)


def _rebuild(
    article: Article, translate: Callable[[Segment], str | None], updates: Mapping[str, Any], raw_html: str
) -> str:
    document: MarkdownDocument = article.document
    translations: list[tuple[Segment, Place, str]] = []
    for segment in article.segments:
        translation = translate(segment)
        if translation is None:
            if document.places[segment.locator].mode == "field":
                continue
            html_goes = raw_html != "keep" and "<" in segment.text
            if not html_goes and not source_markup(segment.text, document.env).refused:
                continue
            translation = segment.text  # its HTML, or a link bitext would not render, must go
        translation = normalise_text(translation)
        if translation:
            translations.append((segment, document.places[segment.locator], translation))
    if document.signature is None:
        document.signature = _block_signature(document.text)
    has_breaks = any("\n" in translation for _, place, translation in translations if place.mode == "block")
    for mode in ("prefixed", "lazy", "flat") if has_breaks else ("flat",):
        rebuilt = _splice(document, translations, updates, mode, raw_html)
        if _block_signature(rebuilt) == document.signature:
            return rebuilt
    safe = [
        entry
        for entry in translations
        if _block_signature(_splice(document, [entry], updates, "flat", raw_html)) == document.signature
    ]
    rebuilt = _splice(document, safe, updates, "flat", raw_html)
    if _block_signature(rebuilt) == document.signature:
        return rebuilt
    fields_only = [entry for entry in translations if entry[1].mode == "field"]
    return _splice(document, fields_only, updates, "flat", raw_html)


def _neutralise_raw_html(text: str, raw_html: str) -> str:
    """No HTML left in a Markdown document: the lines of every HTML block, and of every
    block still holding an inline tag, lose their `<` to `&lt;`; with "drop" an HTML
    block's lines become blank instead.  (Places were escaped precisely before; this
    reaches what is left.)  Repeats until a parse finds no HTML."""
    for _ in range(3):
        lines = text.split("\n")
        touched: set[int] = set()
        blank: set[int] = set()
        for token in get_parser().parse(text, {}):
            if not token.map:
                continue
            if token.type == "html_block":
                (blank if raw_html == "drop" else touched).update(range(*token.map))
            elif token.type == "inline" and any(child.type == "html_inline" for child in token.children or []):
                touched.update(range(*token.map))
        if not touched and not blank:
            return text
        for index in blank:
            lines[index] = ""
        for index in touched - blank:
            lines[index] = lines[index].replace("<", "&lt;")
        text = "\n".join(lines)
    return text


def _block_signature(text: str) -> list[tuple[str, str, int, bool]]:
    """The block structure of a document: every token but inline content and front matter."""
    return [
        (token.type, token.tag, token.level, token.hidden)
        for token in parse_blocks(text)
        if token.type not in ("inline", "front_matter")
    ]


def _splice(
    document: MarkdownDocument,
    translations: list[tuple[Segment, Place, str]],
    updates: Mapping[str, Any],
    breaks: str,
    raw_html: str = "keep",
) -> str:
    """The source with the translations put in; `breaks` is how block places write a
    hard break: "prefixed" (container prefix), "lazy" (no prefix) or "flat" (a space)."""
    text, env = document.text, document.env
    edits: list[tuple[int, int, str]] = []
    fields: dict[str, str] = {}
    for segment, place, translation in translations:
        allowed = source_markup(segment.text, env, raw_html)
        if place.mode == "field":
            fields[place.key] = dump_quoted(escape_added_markup(translation, allowed, env))
        elif place.mode == "block":
            if breaks == "flat":
                translation = translation.replace("\n", " ")
            lines = format_block_text(translation, allowed, env, place.underline, place.shielded)
            separator = "\n" + (place.prefix if breaks == "prefixed" else "")
            edits.append((place.start, place.end, separator.join(lines)))
        elif place.mode == "heading":
            edits.append((place.start, place.end, format_heading_text(translation, allowed, env)))
        else:
            replacement = format_cell_text(translation, allowed, env, place.alone)
            if place.start == 0 and replacement.startswith("-"):
                # a document opening with "---" opens front matter
                replacement = "\\" + replacement
            edits.append((place.start, place.end, replacement))
    edits.extend(front_matter_edits(document.front, fields, updates))
    edits.sort(key=lambda edit: (edit[0], edit[1]))
    out: list[str] = []
    cursor = 0
    for start, end, replacement in edits:
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def render_markdown_body(
    article: Article,
    translate: Callable[[Segment], tuple[Any, ...] | None],
    rewrite: Callable[[str, str], str | None] | None = None,
    omit: frozenset[int] = frozenset(),
    anchors: bool = False,
    raw_html: str = "keep",
) -> str:
    """The body as HTML, each place's content and attributes as `translate` says, the
    source's HTML as `raw_html` says.

    `translate` may give a third item, trusted HTML put at the start of the place's
    content (a notice); `rewrite(url, kind)` may change link and image URLs; the heading
    places whose locator is in `omit` are left out.  With `anchors`, every heading gets
    the id GitHub would give it from its *source* text (`## Where now?` -> `where-now`),
    so a link to `article.md#where-now` reaches it in every language.
    """
    md = get_parser()
    document: MarkdownDocument = article.document
    env: dict[str, Any] = {}
    tokens = md.parse(document.text, env)
    apply_raw_html(tokens, raw_html)  # the source's own; translations are escaped below
    if anchors:
        _add_heading_ids(tokens)
    for segment in article.segments:
        place = document.places[segment.locator]
        if place.mode == "field":
            continue
        if segment.locator in omit and tokens[place.token - 1].type == "heading_open":
            tokens[place.token - 1].hidden = tokens[place.token + 1].hidden = True
            tokens[place.token].children = []
            continue
        result = translate(segment)
        if result is None:
            continue
        translation, attrs = result[0], result[1]
        lead = result[2] if len(result) > 2 else None
        inline = tokens[place.token]
        if translation is not None:
            translation = normalise_text(translation)
            if translation:
                markup = source_markup(segment.text, env, raw_html)
                inline.children = translation_children(translation, markup, env, place.mode != "block")
        if lead:
            inline.children = [Token("html_inline", "", 0, content=lead), *(inline.children or [])]
        if attrs:
            opener = tokens[place.token - 1]
            if opener.hidden:
                # a tight list item's paragraph has no element: wrap the content in a span
                span = Token("span_open", "span", 1, attrs=dict(attrs))
                inline.children = [
                    Token("html_inline", "", 0, content=md.renderer.renderToken([span], 0, md.options, env)),
                    *(inline.children or []),
                    Token("html_inline", "", 0, content="</span>"),
                ]
            else:
                opener.attrs.update(attrs)
    if rewrite is not None:
        rewrite_urls(tokens, rewrite)
    return md.renderer.render(tokens, md.options, env)


def heading_id(text: str) -> str:
    """The id `anchors` gives a heading whose inline Markdown is `text` (first of its name)."""
    children = parse_inline(text)
    return slugify("".join(child.content for child in children if child.type in ("text", "code_inline")))


def _add_heading_ids(tokens: list[Token]) -> None:
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens[:-1]):
        if token.type != "heading_open" or token.attrGet("id") is not None:
            continue
        children = tokens[index + 1].children or []
        slug = slugify("".join(child.content for child in children if child.type in ("text", "code_inline")))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        token.attrSet("id", slug if count == 0 else f"{slug}-{count}")
