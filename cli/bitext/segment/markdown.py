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
parses the text (or, during a build, takes a copy of the parse its reading made:
`share_readings`) and swaps each place's inline children for the parsed translation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import copy
import re

from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify

from ..errors import SourceError
from ..model import Article, Segment
from .conflicts import find_conflict_markers
from .parser import get_parser, parse_blocks, parse_inline
from .references import body_references, rewrite_urls
from .safety import (
    apply_raw_html,
    escape_added_markup,
    format_block_text,
    format_cell_text,
    format_heading_text,
    remember_source_markup,
    source_markup,
    translation_children,
)
from .dialects import Dialect, get_dialect
from .attributes import without_attribute_lists
from .htmlprose import find_prose, format_attribute, format_html_text, html_tags_of
from .placeholders import Syntax, protect, restore, valid
from . import tokencache
from .tokencache import cached, copy_changeable, copy_tokens, references_key
from .syntax import INLINE_SYNTAX, SYNTAX_LINE, prose_has_letter, strip_syntax
from .text import has_letter, inline_segment_text, normalise_text

# .frontmatter (and PyYAML with it) is imported where front matter is met: an article
# without any, the usual case in `update`, does not load YAML.
if TYPE_CHECKING:
    from .frontmatter import FrontMatter

__all__ = ["Place", "MarkdownDocument", "heading_id", "read_markdown", "rebuild_markdown", "render_markdown_body",
           "share_readings", "keep_signatures"]

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
    syntax: list[Syntax] = field(default_factory=list)  # what the segment's placeholders stand for
    base: int = 0  # html: where the HTML block starts in the text
    lead: str = ""  # inline source before the span that is syntax (kept), for rendering
    trail: str = ""  # inline source after the span that is syntax (kept), for rendering


@dataclass
class MarkdownDocument:
    """What `rebuild_markdown` and `render_markdown_body` need (Article.document)."""

    text: str
    front: FrontMatter | None
    places: list[Place] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=dict)
    signature: str | None = None  # block structure (`_signature_of`), on demand
    dialect: str = "commonmark"
    has_front_matter: bool = True  # False: a first `---` line is Markdown (parse without the rule)
    references: list[Any] = field(default_factory=list)  # link and image URLs (references.Reference)


def _is_front_matter(content: str) -> bool:
    """Whether the YAML between a first `---` and its closing line is front matter: a
    mapping (or nothing).  Anything else (`---`, a line of prose, `---`) is Markdown, as
    Jekyll and Hugo read it; YAML that does not parse is front matter, reported as such."""
    import yaml

    from .frontmatter import compose_bounded

    try:
        node = compose_bounded(content)  # `[[[[...` thousands deep: an error, not a RecursionError
    except yaml.YAMLError:
        return True
    return node is None or isinstance(node, yaml.MappingNode)


def _looks_like_unclosed_front_matter(text: str) -> bool:
    """A first `---` line followed by a `key:` line: front matter whose closing line was
    forgotten (anything else after an unclosed `---` is Markdown: a thematic break)."""
    second = text.split("\n", 2)[1] if text.count("\n") >= 1 else ""
    return _YAML_KEY_LINE.match(second) is not None


_YAML_KEY_LINE = re.compile(r"""[^\s#:'"\[{>|*&!%@`-][^:]*:(?:[ \t]|$)""")


def parse_document(text: str, dialect: str, env: dict[str, Any], blocks_only: bool = False) -> tuple[list[Token], bool]:
    """Tokens of a whole document, and whether it opens with front matter."""
    if blocks_only:
        return _front_matter_checked(lambda front_matter: parse_blocks(text, dialect, front_matter=front_matter), env)
    return _front_matter_checked(lambda front_matter: get_parser(dialect, front_matter).parse(text, env), env)


def _front_matter_checked(parse: Callable[[bool], list[Token]], env: dict[str, Any]) -> tuple[list[Token], bool]:
    """`parse(True)` (the front-matter rule on), or `parse(False)` when what that rule took
    is not front matter (`_is_front_matter`); and whether the document opens with it."""
    tokens = parse(True)
    if tokens and tokens[0].type == "front_matter" and not _is_front_matter(tokens[0].content):
        env.clear()
        return parse(False), False
    return tokens, bool(tokens) and tokens[0].type == "front_matter"


class _Inlines:
    """A document's inline tokens parsed one at a time, as the reading reaches each.

    A full parse holds every inline token's children at once: ~110 MiB for an article of
    20,000 segments, whose freed memory then stays with the process (what the reading
    keeps is made among it, and pins it).  When the dialect's core rules are the block
    parse, the inline parse and rules that each look at one inline token only
    (`_BLOCK_NEUTRAL_CORE_RULES`), running them token by token in document order gives
    the same children; the reading drops each token's children once it has read them,
    so the next token's reuse that memory.  Other dialects (footnotes, attribute lists:
    core rules that look across tokens) get a full parse, and so does a reading whose parse
    serves the pages (`share_readings`, build: they need every token's children)."""

    def __init__(self, text: str, dialect: str, env: dict[str, Any], lazy: bool = True) -> None:
        self.lazy = lazy and _blocks_as_parsed(dialect)
        self.text, self.dialect, self.env = text, dialect, env
        self.after: list[Any] = []
        self.md: Any = None
        self.last: Token | None = None
        self.state: Any = None

    def parse(self) -> tuple[list[Token], bool]:
        if not self.lazy:
            return parse_document(self.text, self.dialect, self.env)
        return _front_matter_checked(self._blocks, self.env)

    def _blocks(self, front_matter: bool) -> list[Token]:
        """The core rules before `inline` (normalize, block), as `MarkdownIt.parse` runs them."""
        md = self.md = get_parser(self.dialect, front_matter)
        names, rules = md.core.ruler.get_active_rules(), md.core.ruler.getRules("")
        cut = names.index("inline")
        self.after = rules[cut + 1:]
        state = StateCore(self.text, md, self.env)
        for rule in rules[:cut]:
            rule(state)
        self.state = StateCore(self.text, md, self.env)  # the later rules', one inline token at a time
        return state.tokens

    def next(self, token: Token) -> None:
        """Give an `inline` token its children, as the full parse's core rules would, and
        drop the previous one's (read by now: the reading looks back at block tokens only)."""
        if self.last is not None:
            self.last.children = None
        self.last = token
        token.children = []
        self.md.inline.parse(token.content, self.md, self.env, token.children)
        if self.after:
            self.state.tokens = [token]
            for rule in self.after:
                rule(self.state)


def _own_copy(text: str) -> str:
    """A new string equal to `text`: a segment text that is its token's `content` (made
    during the block parse, among the block tokens) would keep their memory pinned."""
    return text[:1] + text[1:] if len(text) > 1 else text


def read_markdown(
    text: str, path: str, translate_fields: Sequence[str], dialect: str = "commonmark", translate_html: bool = True
) -> tuple[list[Segment], dict[str, Any], MarkdownDocument]:
    """Segments (document order), front-matter data and rebuild data of a Markdown text."""
    env: dict[str, Any] = {}
    # a parse shared with the pages (`share_readings`: build) keeps every token's children
    sharing = _SHARE_READINGS and tokencache.ENABLED
    inlines = _Inlines(text, dialect, env, lazy=not sharing)
    tokens, has_front = inlines.parse()
    # the env as the parse left it (segmenting may add to it), for the pages' parse (`share_readings`)
    parsed_env = copy.deepcopy(env) if sharing else None
    if "<<<<<<<" in text:
        code = [token.map for token in tokens if token.type in ("fence", "code_block") and token.map]
        conflict = find_conflict_markers(text, code)
        if conflict is not None:
            raise SourceError(conflict[1], path, conflict[0])
    front = None
    if has_front:
        from .frontmatter import read_front_matter

        front = read_front_matter(text, tokens[0].map[1] - 1, path, translate_fields)
    # (frontmatter.opens_front_matter, without loading YAML)
    elif text.startswith("---") and _looks_like_unclosed_front_matter(text):
        raise SourceError("front matter is not closed (no closing '---' line)", path, 1)
    document = MarkdownDocument(text, front, [], env, dialect=dialect, has_front_matter=has_front)
    if not inlines.lazy:
        document.references = body_references(tokens)
    if _KEEP_SIGNATURES and tokencache.ENABLED and _blocks_as_parsed(dialect):
        document.signature = _signature_of(tokens)
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
        if inlines.lazy:
            if kind == "inline":
                inlines.next(token)
            if kind in ("inline", "html_block"):
                # in document order, as `body_references` gathers them from a full parse
                document.references.extend(body_references((token,)))
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
        elif kind == "html_block" and translate_html and not token.meta.get("opaque") and token.map:
            base = _line_offset(text, token.map[0])
            if text.startswith(token.content, base):  # not inside a container (prefixes cut)
                for span in find_prose(token.content):
                    line = token.map[0] + token.content.count("\n", 0, span.start) + 1
                    segments.append(Segment(span.text, span.kind, line, len(document.places)))
                    document.places.append(Place("html", base + span.start, base + span.end, token=index,
                                                 key="attribute" if span.attribute else "", base=base))
        elif kind.startswith("container_") and kind.endswith("_open") or kind == "admonition_title_open":
            title = _title_place(text, token, index, get_dialect(dialect))
            if title is not None:
                place, segment_text, segment_kind = title
                segments.append(Segment(segment_text, segment_kind, token.map[0] + 1, len(document.places)))
                document.places.append(place)
        elif kind == "inline":
            opener = tokens[index - 1]
            if opener.type == "admonition_title_open":
                continue  # a title place of its own (see above), or the type's name
            children = token.children or []
            if not prose_has_letter(children):
                continue
            lines = token.meta.get("lines")
            if not lines and opener.type == "dt_open" and token.map:
                # a definition list's term: one line, read by the deflist plugin
                lines = [_line_span(text, token.map[0])]
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
                # only a cell that begins its line could start a block there
                place.shielded = bool(text[row_start:cell_start].strip())
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
                    segment_kind = opener.meta.get("bitext_kind") or (
                        "term" if opener.type == "dt_open" else containers[-1] if containers else "paragraph")
            figure = _figure_caption(text, place, children, opener) if get_dialect(dialect).implicit_figures else None
            if figure is not None:
                place, segment_text, segment_kind = figure
            else:
                segment_text = _carve(text, place, token.content, children, lines, document)
            if segment_text is None:
                continue
            if segment_text is token.content:
                segment_text = _own_copy(segment_text)
            segments.append(Segment(segment_text, segment_kind, token.map[0] + 1, len(document.places)))
            document.places.append(place)
    # a first `---` line not read as front matter: this parse may have been the front-matter
    # parser's, which the pages do not use (`_parse_body`)
    if parsed_env is not None and (has_front or not text.startswith("---")):
        tokencache.offer("document", _body_key(document), lambda: (parsed_env, tokens))
    return segments, (front.data if front else {}), document


# Whether `read_markdown` offers its parse to the pages (`tokencache`, kind "document"): on
# while `build` runs, which renders each article right after reading it, in the same
# process.  Off elsewhere: `update` renders nothing, and four large parses kept would
# only raise its peak memory.
_SHARE_READINGS = False


def share_readings(on: bool = True) -> None:
    """Let each reading's parse serve the pages of its document (see `_parsed_body`)."""
    global _SHARE_READINGS
    _SHARE_READINGS = on


# Whether `read_markdown` keeps the block signature of its parse (`MarkdownDocument.signature`),
# which only a rebuild of the document reads (`_rebuild`: the Markdown edition): on once `build`
# runs.  Elsewhere (`update`, `status`) nothing is rebuilt, and a rebuild still finds the
# signature from a block-only parse of the text (the same string, see `_blocks_as_parsed`).
_KEEP_SIGNATURES = False


def keep_signatures(on: bool = True) -> None:
    """Let each reading keep its document's block signature, for the rebuilds that follow."""
    global _KEEP_SIGNATURES
    _KEEP_SIGNATURES = on


# attribute lists ending a line (`## Title {#id}`, `Text {: .note}`): where they stand is
# their meaning, so they stay out of the place
_TRAILING_ATTRS = re.compile(r"(?:[ \t]+(?:\{:[^{}\n]*\}|\{[ \t]*(?:[#.][^{}\s]|[\w-]+=)[^{}\n]*\}))+[ \t]*$")


# the title on a container's or admonition's opening line: `::: tip Title`, `!!! note "Title"`
_CONTAINER_TITLE = re.compile(r"[ \t]*:{3,}[ \t]*[\w-]+[ \t]+(.*?)[ \t]*$")
_ADMONITION_TITLE = re.compile(r'[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*[ \t]+"(.*)"[ \t]*$')


def _figure_caption(text: str, place: Place, children: list[Token], opener: Token) -> tuple[Place, str, str] | None:
    """An image alone in a paragraph is a figure to Pandoc, its alt text the caption: the
    place is the alt text only (text around the image would make it no figure)."""
    if place.mode != "block" or opener.type != "paragraph_open" or not text.startswith("![", place.start):
        return None
    if [token.type for token in children if token.type != "text"] != ["image"]:
        return None
    if any(has_letter(strip_syntax(token.content)) for token in children if token.type == "text"):
        return None
    depth, pos = 1, place.start + 2
    while pos < place.end and depth:
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        depth += {"[": 1, "]": -1}.get(char, 0)
        pos += 1
    if depth or "\n" in text[place.start : pos]:
        return None
    alt_start, alt_end = place.start + 2, pos - 1
    caption = Place("alt", alt_start, alt_end, token=place.token, lead=text[place.start : alt_start],
                    trail=text[alt_end : place.end])
    return caption, normalise_text(text[alt_start:alt_end]), "figure caption"


def _title_place(text: str, token: Token, index: int, dialect: Dialect) -> tuple[Place, str, str] | None:
    """The title written on a container's (mdit-py-plugins container) or admonition's
    (admon) opening line, as a place: plain text, one line.  No title, or one without a
    letter, is no place (an admonition then shows its type)."""
    if not token.map:
        return None
    line_start = _line_offset(text, token.map[0])
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    admonition = token.type == "admonition_title_open"
    if not admonition and not dialect.container_titles:
        return None
    pattern = _ADMONITION_TITLE if admonition else _CONTAINER_TITLE
    match = pattern.match(text, line_start, line_end)
    if not match or not match.group(1) or not has_letter(strip_syntax(match.group(1))):
        return None
    place = Place("title", match.start(1), match.end(1), token=index + (1 if admonition else 0))
    return place, normalise_text(match.group(1)), "admonition title" if admonition else "container title"


def _line_span(text: str, line: int) -> tuple[int, int]:
    """From the first non-blank character of a line to its end."""
    start = _line_offset(text, line)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    while start < end and text[start] in " \t":
        start += 1
    return start, end


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset


_TASK_BOX = re.compile(r"\[[ xX]\][ \t]+")
_LIST_MARKER_END = re.compile(r"(?:[-+*]|\d{1,9}[.)])[ \t]+$")


def _carve(
    text: str, place: Place, content: str, children: list[Token], lines: list[tuple[int, int]], document: MarkdownDocument
) -> str | None:
    """The segment text of a place, with its dialect syntax made structure.

    Lines made only of syntax (`SYNTAX_LINE`, the dialect's `block_lines`) at either end
    of a paragraph, and attribute lists ending its last line, leave the place (kept as
    written); syntax lines inside it and inline syntax become placeholders, the former
    marked to be written back on lines of their own.  None: nothing but syntax is left.
    """
    dialect = get_dialect(document.dialect)
    start, end = place.start, place.end
    own: list[str] = []
    span_lines = [(max(line_start, start), min(line_end, end)) for line_start, line_end in lines
                  if line_end > start and line_start < end] if place.mode == "block" else [(start, end)]
    lead = trail = ""
    if dialect.task_lists and place.mode == "block":
        box = _TASK_BOX.match(text, start)
        line_start = text.rfind("\n", 0, start) + 1
        if box and _LIST_MARKER_END.search(text, line_start, start):
            lead = box.group(0)
            span_lines[0] = (box.end(), span_lines[0][1])
    if place.mode == "block" and span_lines:
        flags = [_is_syntax_line(text[a:b], dialect) for a, b in span_lines]
        first, last = 0, len(span_lines)
        while first < last and flags[first]:
            first += 1
        while last > first and flags[last - 1]:
            last -= 1
        if first == last:
            return None
        own = [text[a:b].strip() for (a, b), flag in zip(span_lines[first:last], flags[first:last]) if flag]
        lead += "".join(text[a:b] + "\n" for a, b in span_lines[:first])
        trail = "".join("\n" + text[a:b] for a, b in span_lines[last:])
        span_lines = span_lines[first:last]
    a, b = span_lines[-1]
    match = _TRAILING_ATTRS.search(text[a:b])
    if match and match.start() > 0:
        trail = text[a + match.start() : b] + trail
        span_lines[-1] = (a, a + match.start())
    elif match:  # the last line is only attribute lists (a heading holding nothing else)
        return None
    trimmed = (span_lines[0][0], span_lines[-1][1]) != (start, end)
    if not trimmed and not own and not INLINE_SYNTAX.search(content):
        return inline_segment_text(content, children)
    sub = "\n".join(text[a:b] for a, b in span_lines)
    if trimmed:
        children = parse_inline(sub, document.env, document.dialect)
        if not prose_has_letter(children):
            return None
        place.start, place.end = span_lines[0][0], span_lines[-1][1]
        place.lead, place.trail = lead, trail
    segment_text = inline_segment_text(sub, children) if trimmed else inline_segment_text(content, children)
    segment_text, place.syntax = protect(segment_text, INLINE_SYNTAX, own)
    return segment_text


def _is_syntax_line(line: str, dialect: Dialect) -> bool:
    if SYNTAX_LINE.fullmatch(line):
        return True
    return dialect.block_lines is not None and dialect.block_lines.fullmatch(line) is not None


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
    dialect = document.dialect
    if document.signature is None:
        document.signature = _block_signature(document.text, dialect)
    has_breaks = any("\n" in translation for _, place, translation in translations if place.mode == "block")
    for mode in ("prefixed", "lazy", "flat") if has_breaks else ("flat",):
        rebuilt = _splice(document, translations, updates, mode, raw_html)
        if _block_signature(rebuilt, dialect) == document.signature:
            return rebuilt
    safe = [
        entry
        for entry in translations
        if _block_signature(_splice(document, [entry], updates, "flat", raw_html), dialect) == document.signature
    ]
    rebuilt = _splice(document, safe, updates, "flat", raw_html)
    if _block_signature(rebuilt, dialect) == document.signature:
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


def _block_signature(text: str, dialect: str) -> str:
    """The block structure of a document: every token but inline content and front matter."""
    return _signature_of(parse_document(text, dialect, {}, blocks_only=True)[0])


def _signature_of(tokens: list[Token]) -> str:
    """Each block token's type, tag, level and hidden flag, a line each, as one string: the
    source's is kept for the whole run, and a list of tuples (60,000 for an article of
    20,000 segments) made among the parse's tokens kept their freed memory from being
    reused, where one string is one allocation."""
    return "\n".join([f"{token.type} {token.tag} {token.level} {token.hidden:d}"
                      for token in tokens if token.type not in ("inline", "front_matter")])


# core rules that leave the block tokens as the block parser made them
_BLOCK_NEUTRAL_CORE_RULES = frozenset({"normalize", "block", "inline", "linkify", "replacements", "smartquotes",
                                       "text_join"})


def _blocks_as_parsed(dialect: str) -> bool:
    """Whether a full parse of `dialect` has the block tokens a block-only parse has (no
    core rule adds or changes one, as footnotes' and attribute lists' do): its reading's
    tokens then give the source's block signature, without parsing the blocks again."""
    return all(name in _BLOCK_NEUTRAL_CORE_RULES for name in get_parser(dialect).core.ruler.get_active_rules())


def _splice(
    document: MarkdownDocument,
    translations: list[tuple[Segment, Place, str]],
    updates: Mapping[str, Any],
    breaks: str,
    raw_html: str = "keep",
) -> str:
    """The source with the translations put in; `breaks` is how block places write a
    hard break: "prefixed" (container prefix), "lazy" (no prefix) or "flat" (a space)."""
    from .frontmatter import dump_quoted, front_matter_edits

    text, env = document.text, document.env
    edits: list[tuple[int, int, str]] = []
    fields: dict[str, str] = {}
    for segment, place, translation in translations:
        if place.syntax and not valid(translation, place.syntax):
            continue  # a placeholder lost, doubled or made up: the source stays
        allowed = source_markup(segment.text, env, raw_html)
        if place.mode == "field":
            fields[place.key] = dump_quoted(escape_added_markup(translation, allowed, env))
        elif place.mode == "block":
            if breaks == "flat":
                translation = translation.replace("\n", " ")
            lines = format_block_text(translation, allowed, env, place.underline, place.shielded)
            separator = "\n" + (place.prefix if breaks == "prefixed" else "")
            # syntax on a line of its own stays on one, with the container prefix
            body = restore(separator.join(lines), place.syntax, "\n" + place.prefix)
            edits.append((place.start, place.end, get_dialect(document.dialect).fix_lines(body, text[place.start:place.end])))
        elif place.mode == "html":
            replacement = _html_replacement(place, translation, segment.text)
            if replacement is not None:
                edits.append((place.start, place.end, replacement))
        elif place.mode == "alt":
            # inside `![...]`: one line, its brackets escaped
            edits.append((place.start, place.end, re.sub(r"(?<!\\)([\[\]])", r"\\\1", translation.replace("\n", " "))))
        elif place.mode == "title":
            # plain text on the opening line: a line break would end the title
            edits.append((place.start, place.end, translation.replace("\n", " ")))
        elif place.mode == "heading":
            edits.append((place.start, place.end, restore(format_heading_text(translation, allowed, env), place.syntax, None)))
        else:
            replacement = format_cell_text(translation, allowed, env, place.alone, not place.shielded)
            replacement = restore(replacement, place.syntax, None)
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


def _html_replacement(place: Place, translation: str, source: str) -> str | None:
    """A translation for a span of an HTML block, or None when it would change the
    block's markup (a tag lost, doubled or added: the source then stays)."""
    if place.key == "attribute":
        return format_attribute(translation)
    replacement = format_html_text(translation, source)
    if sorted(html_tags_of(replacement)) != sorted(html_tags_of(source)):
        return None
    return replacement


def _render_title(token: Token, before: Token, translation: str, source: str, attrs: Mapping[str, str]) -> None:
    """A title place in HTML: the admonition title's text, or the container's info."""
    if token.type == "inline":
        if translation:
            token.children = [Token("text", "", 0, content=translation)]
        if attrs:
            before.attrs.update(attrs)
        return
    if translation:
        token.info = token.info.replace(source, translation, 1) if source in token.info else token.info
    if attrs:
        token.attrs.update(attrs)


def _parse_body(document: MarkdownDocument) -> tuple[dict[str, Any], list[Token]]:
    env: dict[str, Any] = {}
    tokens = get_parser(document.dialect, document.has_front_matter).parse(document.text, env)
    return env, tokens


def _parsed_body(document: MarkdownDocument) -> tuple[dict[str, Any], list[Token]]:
    """The document's tokens and env, parsed once for all its pages (each page changes its
    own copy in place: children, attributes, hidden headings, HTML made text)."""
    return cached("document", _body_key(document),
                  lambda: _parse_body(document),
                  lambda pair: (copy.deepcopy(pair[0]), copy_tokens(pair[1], share_read_only=True)))


def _body_key(document: MarkdownDocument) -> tuple[str, str, bool]:
    """What the pages' parse of a document depends on: its text and its parser."""
    return document.text, document.dialect, document.has_front_matter


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
    document: MarkdownDocument = article.document
    md = get_parser(document.dialect, document.has_front_matter)
    env, tokens = _parsed_body(document)
    _offer_source_inlines(article, tokens)
    html_edits: dict[int, list[tuple[int, int, str]]] = {}
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
        if place.mode == "html":
            translation = normalise_text(translation or "")
            replacement = _html_replacement(place, translation, segment.text) if translation else None
            if replacement is not None:
                html_edits.setdefault(place.token, []).append((place.start - place.base, place.end - place.base,
                                                               replacement))
            continue
        if place.mode == "title":
            _render_title(inline, tokens[place.token - 1], normalise_text(translation or "").replace("\n", " "),
                          segment.text, attrs)
            continue
        if translation is not None:
            translation = normalise_text(translation)
            if place.syntax and not valid(translation, place.syntax):
                translation = ""
            if translation:
                # the place's kept syntax around it (not `lead`, the caller's notice HTML)
                before, after = without_attribute_lists(place.lead), without_attribute_lists(place.trail)
                full = before + restore(translation, place.syntax, None) + after
                markup = source_markup(before + restore(segment.text, place.syntax, None) + after, env, raw_html)
                inline.children = translation_children(full, markup, env, place.mode != "block")
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
    for index, edits in html_edits.items():
        content = tokens[index].content
        for start, end, replacement in sorted(edits, reverse=True):
            content = content[:start] + replacement + content[end:]
        tokens[index].content = content
    if rewrite is not None:
        rewrite_urls(tokens, rewrite)
    return md.renderer.render(tokens, md.options, env)


def _offer_source_inlines(article: Article, tokens: list[Token]) -> None:
    """The inline tokens of each place whose inline source is its segment text, as
    `render_inline_html` would parse that text (the bilingual page's source cells): the
    document's parse made them already; and the links, images and tags `source_markup`
    would parse them for (`safety.remember_source_markup`).  Only for CommonMark, whose
    document parser reads inline Markdown as `parse_inline` does; before the page changes
    any token."""
    document: MarkdownDocument = article.document
    if document.dialect != "commonmark" or not tokencache.ENABLED:
        return
    references = references_key(document.env)
    if references is None:
        return
    for segment in article.segments:
        place = document.places[segment.locator]
        if place.mode in ("block", "heading", "cell") and "\n" not in segment.text:
            inline = tokens[place.token]
            if inline.children is None or tokencache.holds("inline", ("source", segment.text, references)):
                continue  # (offered by another page of the article)
            if inline.content == segment.text:
                # (what pages may change is copied: the page's own tokens are about to be changed)
                children = inline.children
                tokencache.offer("inline", ("source", segment.text, references),
                                 lambda children=children: copy_changeable(children))
            elif inline.content.replace("\n", " ") == segment.text and not _BLANK_BY_NEWLINE.search(inline.content):
                children = _softbreaks_as_spaces(inline.children)
                if children is None:
                    continue
                tokencache.offer("inline", ("source", segment.text, references), lambda children=children: children)
            else:
                continue
            # (the Markdown edition and the pages ask which links, images and tags the segment has)
            remember_source_markup(segment.text, document.env, children)


# A blank beside a line break: the inline parser drops it (or makes a hard break), a space would keep it.
_BLANK_BY_NEWLINE = re.compile(r"[ \t]\n|\n[ \t]")


def _softbreaks_as_spaces(children: list[Token]) -> list[Token] | None:
    """The tokens `parse_inline` gives for a paragraph's inline source with each line break
    made a space (a wrapped paragraph's segment text), made from the paragraph's own tokens:
    each soft break becomes a space joined to the text beside it.  A line break is white
    space to every inline rule (emphasis flanking, link labels, code spans' content), so
    only what holds it verbatim differs: a token whose content or attributes keep a line
    break (a link title, an HTML tag) gives None, and the caller parses.  Offsets in
    `meta` stay true: a space has the length of a line break."""
    out: list[Token] = []
    for token in children:
        if token.type == "softbreak":
            token = Token("text", "", 0, content=" ", level=token.level)
        elif "\n" in token.content or any("\n" in str(value) for value in token.attrs.values()) or (
                token.children and any("\n" in child.content for child in token.children)):
            return None
        else:
            token = copy_tokens([token])[0]
        if token.type == "text" and out and out[-1].type == "text":
            out[-1].content += token.content
        else:
            out.append(token)
    return out


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
