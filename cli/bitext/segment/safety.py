"""Making a translation safe to put in a document: it stays inline, in its place.

A translation comes from a catalog anybody may have edited, so nothing in it may end its
block, start another one, or add markup the source segment did not have:

- links, images, autolinks and raw inline HTML (`SourceMarkup`): the source segment's
  inline tokens give what a translation may use, in any order and as often as it likes: link
  URLs (a link, a reference link or an autolink to the same URL), image URLs and HTML tags
  (as written, after normalisation).  Both sides are parsed with every URL scheme accepted
  (`parse_inline_permissive`), so a `javascript:` link counts as a link although markdown-it
  would not render it.  Anything else loses its opening character to a backslash escape
  (`\\[x](javascript:...)`, `!\\[i](...)`, `\\<https://...>`, `\\<script>`) and shows as
  text, in the Markdown edition and, rendered from that same escaped source, in HTML;
- the source's own HTML (`raw_html`): "keep" keeps a tag the source has; "escape" escapes
  it as above; "drop" removes it (its content stays, as text);
- block structure: a line of a translation that could start a block (`# `, `> `, `- `,
  `1. `, a thematic break, a setext underline, a fence, a table delimiter row, an HTML
  block start) gets its first marker character backslash-escaped; the result is then
  parsed on its own and, should it still not be one paragraph (or heading, or table
  cell), the line starts are escaped harder, then pipes become `&#124;` (a setext `---`
  underline is also a table delimiter row), and as a last resort every ASCII
  punctuation character of the translation is escaped (it then reads as plain text)
  (`markdown.rebuild_markdown` then checks the whole document's block structure);
- a hard break (`\\n` in a segment) is written as two spaces at the end of the line
  (a line ending in a lone backslash gets it escaped first; an empty line between two
  breaks is a lone backslash); an ATX heading or a
  table cell cannot hold a line break, so there `\\n` becomes a space;
- table cells: every `|` is escaped (a cell that is its row's only content gets outer
  pipes); ATX headings: a closing-sequence look-alike at the end (`foo #`) is escaped.

A link or image whose URL markdown-it's `validateLink` refuses (`javascript:`...) is never
allowed, not even where the source has it (`SourceMarkup.refused`): HTML rendering shows it as
text, and the Markdown edition escapes it so that other renderers do too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from .parser import get_parser, parse_blocks, parse_inline, parse_inline_permissive
from .text import html_tags
from . import tokencache
from .tokencache import cached, copy_changeable, copy_tokens, references_key

__all__ = [
    "RAW_HTML_MODES",
    "SourceMarkup",
    "source_markup",
    "escape_added_markup",
    "allowed_tags",
    "escape_disallowed_html",
    "join_hard_breaks",
    "format_block_text",
    "format_heading_text",
    "format_cell_text",
    "sanitise_children",
    "translation_children",
    "apply_raw_html",
    "inline_markdown",
]

_SIMPLE_BLOCK_STARTS = (
    re.compile(r"#{1,6}(?:[ \t]|$)"),  # ATX heading
    re.compile(r">"),  # block quote
    re.compile(r"[-+*](?:[ \t]|$)"),  # bullet list item
    re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$"),  # thematic break
    re.compile(r"(?:=+|-+)[ \t]*$"),  # setext underline
    re.compile(r"`{3,}[^`]*$"),  # backtick fence (no backtick in the info string)
    re.compile(r"~{3,}"),  # tilde fence
)
_DELIMITER_ROW = re.compile(r"[|:-][ \t|:-]*$")
_HTML_TAG_LINE = HTML_SEQUENCES[-1][0]  # an HTML block of type 7: one tag alone on its line
_ORDERED_ITEM = re.compile(r"(\d{1,9})([.)])(?:[ \t]|$)")
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t])(#+)[ \t]*$")
_LONE_TRAILING_BACKSLASH = re.compile(r"(?<!\\)(?:\\\\)*\\$")


RAW_HTML_MODES = ("keep", "escape", "drop")


@dataclass(frozen=True)
class SourceMarkup:
    """What a translation of one source segment may carry: the segment's own link URLs,
    image URLs and HTML tags, and what becomes of those tags (`raw_html`).  A link or image
    whose URL markdown-it refuses to render (`javascript:`, `vbscript:`, `file:`, `data:`
    other than images) is not among them, even in the source: `refused` says the segment
    has one, so the Markdown edition escapes it there too and renders elsewhere as bitext's
    own pages show it (as text)."""

    tags: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    images: frozenset[str] = frozenset()
    raw_html: str = "keep"
    refused: bool = False


def _markup_tokens(children: Iterable[Token]) -> Iterable[Token]:
    for token in children:
        yield token
        if token.type == "image" and token.children:
            yield from _markup_tokens(token.children)


def source_markup(source_text: str, env: dict[str, Any] | None = None, raw_html: str = "keep") -> SourceMarkup:
    """The links, images and tags of a source segment (normalised text)."""
    if "<" not in source_text and "[" not in source_text:
        return SourceMarkup(raw_html=raw_html)
    # every output asks for the same segments: parse each once (references are part of the key)
    return _source_markup(source_text, _references_key(source_text, env), raw_html)


def _references_key(source_text: str, env: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    references = (env or {}).get("references") if "[" in source_text else None
    return tuple(sorted((label, str(ref.get("href", ""))) for label, ref in references.items())) if references else ()


@functools.lru_cache(maxsize=4096)
def _source_markup(source_text: str, references: tuple[tuple[str, str], ...], raw_html: str) -> SourceMarkup:
    known = _READ_MARKUP.get((source_text, references)) if tokencache.ENABLED else None
    if known is not None:
        return SourceMarkup(*known, raw_html=raw_html)
    env = {"references": {label: {"href": href, "title": ""} for label, href in references}} if references else {}
    validate = get_parser().validateLink
    (tags, links, images), refused = _collect_markup(parse_inline_permissive(source_text, env), validate)
    return SourceMarkup(tags, links, images, raw_html, refused)


def _collect_markup(tokens: list[Token], validate) -> tuple[tuple[frozenset[str], ...], bool]:
    """(tags, links, images) of inline tokens, and whether `validate` refused a URL among them."""
    tags, links, images = set(), set(), set()
    refused = False
    for token in _markup_tokens(tokens):
        if token.type == "html_inline":
            tags.add(token.content)
        elif token.type in ("link_open", "image"):
            url = str(token.attrs.get("href" if token.type == "link_open" else "src", ""))
            if not validate(url):
                refused = True
            else:
                (links if token.type == "link_open" else images).add(url)
    return (frozenset(tags), frozenset(links), frozenset(images)), refused


# Markup read off a document's own parse (`remember_source_markup`): (text, references) -> (tags,
# links, images).  A build renders one article after another: a small window is enough.
_READ_MARKUP: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[frozenset[str], ...]] = {}
_READ_MARKUP_LIMIT = 4096


def remember_source_markup(source_text: str, env: dict[str, Any], tokens: list[Token]) -> None:
    """Spare `source_markup` its parse of `source_text`: `tokens` are what `parse_inline`
    gives for it with `env` (a CommonMark document's own tokens of the segment).  The two
    parsers differ only in the URLs they accept, so the tokens stand for the permissive parse
    when no URL in the text can be refused: `validateLink` refuses `javascript:`,
    `vbscript:`, `file:` and `data:`, whose letters are then in the text as written (a
    backslash escapes no letter; an entity could spell one: texts with `&` are parsed)."""
    if ("<" not in source_text and "[" not in source_text) or "&" in source_text:
        return
    lowered = source_text.lower()
    if "script" in lowered or "file" in lowered or "data" in lowered:
        return
    markup, refused = _collect_markup(tokens, lambda url: True)
    if len(_READ_MARKUP) >= _READ_MARKUP_LIMIT:
        _READ_MARKUP.clear()
    _READ_MARKUP[(source_text, _references_key(source_text, env))] = markup


def _as_markup(allowed: SourceMarkup | frozenset[str]) -> SourceMarkup:
    return allowed if isinstance(allowed, SourceMarkup) else SourceMarkup(tags=frozenset(allowed))


def escape_added_markup(
    text: str, allowed: SourceMarkup | frozenset[str], env: dict[str, Any] | None = None
) -> str:
    """`text` (inline Markdown) with every link, image, autolink and tag its source lacks
    escaped, and the source's own tags escaped or removed as `allowed.raw_html` says.

    Escaping one construct can reveal another (`[a][ref]` -> `\\[a][ref]` leaves the
    shortcut link `[ref]`; `<a title="<b>">`), so this repeats until the text parses with
    allowed markup only; should it not settle, every `<` and `[` becomes an entity.
    """
    return _escape_added_markup(text, _as_markup(allowed), env, tokens=False)[0]


# Nesting reveals at most a few tags in turn (quotes of two kinds); real text needs one or two rounds.
_ESCAPE_ROUNDS = 8


def _escape_added_markup(
    text: str, markup: SourceMarkup, env: dict[str, Any] | None, tokens: bool = True
) -> tuple[str, list[Token] | None]:
    """The escaped text and, when known (and `tokens`), its permissive parse.  The
    Markdown edition and the HTML pages escape the same translations: done once per
    process, each caller getting its own copy of the tokens (see `tokencache`)."""
    if "<" not in text and "[" not in text:
        return text, None
    references = references_key(env)
    key = None if references is None else (text, markup, references)
    return cached("escape", key, lambda: _escape_rounds(text, markup, env),
                  _copy_escaped if tokens else _text_only)


def _copy_escaped(pair: tuple[str, list[Token] | None]) -> tuple[str, list[Token] | None]:
    return pair[0], None if pair[1] is None else copy_tokens(pair[1])


def _text_only(pair: tuple[str, list[Token] | None]) -> tuple[str, None]:
    return pair[0], None


def _escape_rounds(text: str, markup: SourceMarkup, env: dict[str, Any] | None) -> tuple[str, list[Token] | None]:
    # Each round parses the whole text: a text made to reveal one tag per round would cost
    # quadratic time, so past _ESCAPE_ROUNDS every `<` and `[` becomes an entity.
    for _ in range(min(text.count("<") + text.count("[") + 1, _ESCAPE_ROUNDS)):
        edits: dict[int, tuple[int, str]] = {}  # position -> (characters replaced, replacement)
        tokens = parse_inline_permissive(text, env)
        for token in tokens:
            pos = token.meta.get("pos")
            if pos is None:
                continue
            if token.type == "html_inline":
                if token.content not in markup.tags or markup.raw_html == "escape":
                    edits[pos] = (0, "\\")
                elif markup.raw_html == "drop":
                    edits[pos] = (len(token.content), "")
            elif token.type == "link_open":
                if str(token.attrs.get("href", "")) not in markup.links:
                    edits[pos] = (0, "\\")
            elif token.type == "image":
                if str(token.attrs.get("src", "")) not in markup.images:
                    edits[pos + 1] = (0, "\\")  # the `[` after `!`: `\\!` would leave a link
        if not edits:
            return text, tokens
        # one join, not one slice per edit: a msgstr of 100,000 tags must cost linear time
        pieces, last = [], 0
        for pos in sorted(edits):
            length, replacement = edits[pos]
            pieces += (text[last:pos], replacement)
            last = pos + length
        pieces.append(text[last:])
        text = "".join(pieces)
    return text.replace("<", "&lt;").replace("[", "&#91;"), None


def allowed_tags(source_text: str, env: dict[str, Any] | None = None) -> frozenset[str]:
    """The inline HTML tags written in a source segment."""
    if "<" not in source_text:
        return frozenset()
    return html_tags(parse_inline(source_text, env))


def join_hard_breaks(lines: list[str]) -> str:
    """Lines joined with Markdown hard breaks: two trailing spaces.

    Not the backslash form: a backslash would make a delimiter run before it
    left-flanking (`.*` + break would open emphasis) and is literal in a code span.
    """
    out: list[str] = []
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if index < last:
            if not line:
                line = "\\"  # a line of spaces would be a blank line
            else:
                if _LONE_TRAILING_BACKSLASH.search(line):
                    # markdown-it reads "\ " as one token and the break would be lost
                    line += "\\"
                line += "  "
        out.append(line)
    return "\n".join(out)


def escape_disallowed_html(
    text: str, allowed: SourceMarkup | frozenset[str], env: dict[str, Any] | None = None
) -> str:
    """Backslash-escape every inline HTML tag, link and image not in `allowed` (a bare set
    of tags allows no link or image): see `escape_added_markup`."""
    return escape_added_markup(text, allowed, env)


def _escape_block_start(line: str, first: bool = True) -> str:
    """Escape what would start a block; `first` is False for a paragraph's later lines,
    which only blocks able to interrupt a paragraph can take over."""
    if not line:
        return line
    match = _ORDERED_ITEM.match(line)
    if match and (first or int(match.group(1)) == 1):
        return line[: match.start(2)] + "\\" + line[match.start(2) :]
    if any(pattern.match(line) for pattern in _SIMPLE_BLOCK_STARTS):
        return "\\" + line
    if _DELIMITER_ROW.match(line) and "-" in line:
        return "\\" + line
    if line[0] == "<":
        for opening, _closing, interrupts in HTML_SEQUENCES:
            if (first or interrupts) and opening.search(line):
                return "\\" + line
    return line


def _escape_leading_punct(line: str) -> str:
    match = re.match(r"\d+", line)
    if match and match.end() < len(line) and line[match.end()] in ".)":
        return line[: match.end()] + "\\" + line[match.end() :]
    if line and _ASCII_PUNCT.match(line) and not line.startswith("\\"):
        return "\\" + line
    return line


def _rewrite_punct(line: str, escape_all: bool) -> str:
    """Pipes as `&#124;` (even escaped, a pipe makes a line a table row candidate) and,
    with `escape_all`, every other ASCII punctuation character backslash-escaped; the
    line's own backslash escapes are kept as they are."""
    out: list[str] = []
    pos = 0
    while pos < len(line):
        char = line[pos]
        if char == "\\" and pos + 1 < len(line) and _ASCII_PUNCT.match(line[pos + 1]):
            out.append("&#124;" if line[pos + 1] == "|" else line[pos : pos + 2])
            pos += 2
            continue
        if char == "|":
            out.append("&#124;")
        elif escape_all and _ASCII_PUNCT.match(char):
            out.append("\\" + char)
        else:
            out.append(char)
        pos += 1
    return "".join(out)


def _escape_all_punct(text: str) -> str:
    return _rewrite_punct(text, escape_all=True)


def _adds_no_markup(text: str, allowed: SourceMarkup | frozenset[str], env: dict[str, Any] | None) -> bool:
    """Whether `text`, as escaped for its block, still parses with allowed markup only:
    a backslash that keeps a line from opening a block can undo an inline construct the
    markup escaping relied on (a code span opened by the escaped fence's backticks held
    `<https://evil.example>`; with the span gone, the autolink is live)."""
    return escape_disallowed_html(text, allowed, env) == text


def _is_one(tokens: list[Token], opening: str, lines: int) -> bool:
    return (
        len(tokens) == 3
        and tokens[0].type == opening
        and tokens[1].type == "inline"
        and tokens[0].map == [0, lines]
    )


def _parses_as_block(lines: list[str], underline: str, shielded: bool = False) -> bool:
    if tokencache.ENABLED and _plainly_one_block(lines):
        return True
    if shielded:
        lines = ["\u00a0" + lines[0], *lines[1:]]
    # block structure only: inline content cannot end a block or start one
    if underline:
        source = "\n".join(lines) + "\n" + underline * 3
        return _is_one(parse_blocks(source, permissive=True), "heading_open", len(lines) + 1)
    return _is_one(parse_blocks("\n".join(lines), permissive=True), "paragraph_open", len(lines))


def _plainly_one_block(lines: list[str]) -> bool:
    """Whether lines are one paragraph (or, underlined, one setext heading) without parsing
    them: in CommonMark only a line's start can open a block or interrupt a paragraph, and
    no block opens with a letter (this check's parser has no dialect's rules).  A pipe
    could make a table of the lines with the underline: those are parsed."""
    return all(line[:1].isalpha() for line in lines) and not any("|" in line for line in lines)


def format_block_text(
    text: str,
    allowed: SourceMarkup | frozenset[str],
    env: dict[str, Any] | None = None,
    underline: str = "",
    shielded: bool = False,
) -> list[str]:
    """A normalised translation as the lines of a paragraph (or, with `underline` "=" or
    "-", a setext heading) body.  `shielded`: the first line follows Unicode white space
    (an NBSP) kept from the source, so it cannot start a block and is not escaped."""
    joined = escape_disallowed_html(join_hard_breaks(text.split("\n")), allowed, env)
    lines = joined.split("\n")
    if len(lines) > 1 and lines[0].endswith("  ") and _HTML_TAG_LINE.match(lines[0]):
        # a first line holding only a tag would open an HTML block: break it with a
        # backslash instead, so the (allowed) tag stays a tag
        lines[0] = lines[0][:-2] + "\\"
    skip = 1 if shielded else 0
    lines = lines[:skip] + [_escape_block_start(line, index == 0) for index, line in enumerate(lines) if index >= skip]
    for rewrite in (None, _escape_leading_punct, lambda line: _rewrite_punct(line, escape_all=False)):
        if rewrite is not None:
            lines = lines[:skip] + [rewrite(line) for line in lines[skip:]]
        if _parses_as_block(lines, underline, shielded) and _adds_no_markup("\n".join(lines), allowed, env):
            return lines
    return join_hard_breaks([_escape_all_punct(line) for line in text.split("\n")]).split("\n")


def format_heading_text(text: str, allowed: SourceMarkup | frozenset[str], env: dict[str, Any] | None = None) -> str:
    """A normalised translation as the content of an ATX heading (one line)."""
    line = escape_disallowed_html(text.replace("\n", " "), allowed, env)
    match = _CLOSING_HASHES.search(line)
    if match:
        line = line[: match.start(1)] + "\\" + line[match.start(1) :]
    tokens = parse_blocks("# " + line, permissive=True)
    if _is_one(tokens, "heading_open", 1) and tokens[1].content == line and _adds_no_markup(line, allowed, env):
        return line
    return _escape_all_punct(text.replace("\n", " "))


_CELL_TYPES = ["table_open", "thead_open", "tr_open", "th_open", "inline", "th_close", "tr_close", "thead_close"]


def _parses_as_cell(cell: str) -> bool:
    tokens = parse_blocks("| " + cell + " |\n| - |", permissive=True)
    return [token.type for token in tokens[:8]] == _CELL_TYPES and len(tokens) == 9


def format_cell_text(
    text: str,
    allowed: SourceMarkup | frozenset[str],
    env: dict[str, Any] | None = None,
    alone: bool = False,
    line_start: bool = True,
) -> str:
    """A normalised translation as the content of a GFM table cell (one line).

    `alone`: the cell is the whole row (no pipe outside it); the row then gets outer
    pipes, or a translation without a pipe would stop being a table row.  `line_start`:
    nothing but blanks stands before the cell on its line, so what would start a block
    (`<ul>`, `>`) is escaped; after a pipe it could not, and a cell's `<ul>` stays a tag.
    """
    cell = escape_disallowed_html(text.replace("\n", " "), allowed, env)
    cell = cell.replace("|", "\\|")
    if line_start and not alone:
        cell = _escape_block_start(cell)
    if not _parses_as_cell(cell) or not _adds_no_markup(cell, allowed, env):
        cell = _escape_all_punct(text.replace("\n", " "))
    return "| " + cell + " |" if alone else cell


def sanitise_children(children: Iterable[Token], allowed: SourceMarkup | frozenset[str] | None) -> None:
    """Turn every inline HTML token not in `allowed` into text (rendered escaped)."""
    if allowed is None:
        return
    markup = _as_markup(allowed)
    for token in children:
        if token.type == "html_inline" and token.content not in markup.tags:
            token.type = "text"


def translation_children(
    text: str, markup: SourceMarkup, env: dict[str, Any] | None = None, single_line: bool = False
) -> list[Token]:
    """The inline tokens of a normalised translation, for HTML: added markup escaped as in
    the Markdown edition (`escape_added_markup`), then checked once more on the tokens
    markdown-it renders; should anything added remain, the whole text is escaped.
    A build asks twice for each translation (edition page, bilingual cell): parsed once
    per process, each caller gets its own copy (see `tokencache`)."""
    references = references_key(env)
    key = None if references is None else (text, markup, single_line, references)
    return cached("inline", key, lambda: _translation_children(text, markup, env, single_line), copy_changeable)


def _translation_children(text: str, markup: SourceMarkup, env: dict[str, Any] | None, single_line: bool) -> list[Token]:
    source, children = _escape_added_markup(inline_markdown(text, single_line), markup, env)
    validate = get_parser().validateLink
    if children is None or any(
        not validate(str(token.attrs.get("href" if token.type == "link_open" else "src", "")))
        for token in _markup_tokens(children)
        if token.type in ("link_open", "image")
    ):
        # markdown-it renders a link it does not validate as text: parse as it does.  (When
        # every URL is valid, the permissive parse is that very parse.)
        children = parse_inline(source, env)
    for token in _markup_tokens(children):
        added = (
            (token.type == "link_open" and str(token.attrs.get("href", "")) not in markup.links)
            or (token.type == "image" and str(token.attrs.get("src", "")) not in markup.images)
        )
        if added:
            children = parse_inline(join_hard_breaks([_escape_all_punct(line) for line in text.split("\n")]), env)
            break
    sanitise_children(children, markup)
    return children


def apply_raw_html(tokens: Iterable[Token], raw_html: str) -> None:
    """The source's own HTML as `raw_html` says, in place: "escape" makes an HTML block a
    code block and an inline tag text; "drop" empties both.  Recurses into inline children."""
    if raw_html == "keep":
        return
    for token in tokens:
        if token.type in ("html_block", "html_inline"):
            if raw_html == "drop":
                token.content = ""
            elif token.type == "html_block":
                token.type = "code_block"
            else:
                token.type = "text"
        if token.children:
            apply_raw_html(token.children, raw_html)


def inline_markdown(text: str, single_line: bool) -> str:
    """A normalised text as inline Markdown source, `\\n` as hard breaks (or spaces)."""
    if single_line:
        return text.replace("\n", " ")
    return join_hard_breaks(text.split("\n"))
