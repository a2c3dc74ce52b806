"""Making a translation safe to put in a document: it stays inline, in its place.

A translation comes from a catalog anybody may have edited, so nothing in it may end its
block, start another one, or add markup the source segment did not have:

- raw inline HTML: a tag is kept only where the very same tag (as written, after
  normalisation) stands in the source segment; any other tag loses its `<` to a
  backslash escape in Markdown output (`\\<script>`), or becomes a text token in HTML
  output, so it shows as text;
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

Link URLs are left to markdown-it's own `validateLink` when the document is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from .parser import get_parser, parse_inline
from .text import html_tags

__all__ = [
    "allowed_tags",
    "escape_disallowed_html",
    "join_hard_breaks",
    "format_block_text",
    "format_heading_text",
    "format_cell_text",
    "sanitise_children",
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


def escape_disallowed_html(text: str, allowed: frozenset[str], env: dict[str, Any] | None = None) -> str:
    """Backslash-escape the `<` of every inline HTML tag not in `allowed`.

    Escaping one tag can reveal another (`<a title="<b>">`), so this repeats until the
    text parses with allowed tags only.
    """
    if "<" not in text:
        return text
    for _ in range(text.count("<") + 1):
        bad = sorted(
            {
                token.meta["pos"]
                for token in parse_inline(text, env)
                if token.type == "html_inline" and token.content not in allowed and "pos" in token.meta
            },
            reverse=True,
        )
        if not bad:
            return text
        for pos in bad:
            text = text[:pos] + "\\" + text[pos:]
    return text.replace("<", "&lt;")


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


def _is_one(tokens: list[Token], opening: str, lines: int) -> bool:
    return (
        len(tokens) == 3
        and tokens[0].type == opening
        and tokens[1].type == "inline"
        and tokens[0].map == [0, lines]
    )


def _parses_as_block(lines: list[str], underline: str, shielded: bool = False) -> bool:
    if shielded:
        lines = ["\u00a0" + lines[0], *lines[1:]]
    if underline:
        source = "\n".join(lines) + "\n" + underline * 3
        return _is_one(get_parser().parse(source, {}), "heading_open", len(lines) + 1)
    return _is_one(get_parser().parse("\n".join(lines), {}), "paragraph_open", len(lines))


def format_block_text(
    text: str,
    allowed: frozenset[str],
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
        if _parses_as_block(lines, underline, shielded):
            return lines
    return join_hard_breaks([_escape_all_punct(line) for line in text.split("\n")]).split("\n")


def format_heading_text(text: str, allowed: frozenset[str], env: dict[str, Any] | None = None) -> str:
    """A normalised translation as the content of an ATX heading (one line)."""
    line = escape_disallowed_html(text.replace("\n", " "), allowed, env)
    match = _CLOSING_HASHES.search(line)
    if match:
        line = line[: match.start(1)] + "\\" + line[match.start(1) :]
    tokens = get_parser().parse("# " + line, {})
    if _is_one(tokens, "heading_open", 1) and tokens[1].content == line:
        return line
    return _escape_all_punct(text.replace("\n", " "))


_CELL_TYPES = ["table_open", "thead_open", "tr_open", "th_open", "inline", "th_close", "tr_close", "thead_close"]


def _parses_as_cell(cell: str) -> bool:
    tokens = get_parser().parse("| " + cell + " |\n| - |", {})
    return [token.type for token in tokens[:8]] == _CELL_TYPES and len(tokens) == 9


def format_cell_text(
    text: str,
    allowed: frozenset[str],
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
    if not _parses_as_cell(cell):
        cell = _escape_all_punct(text.replace("\n", " "))
    return "| " + cell + " |" if alone else cell


def sanitise_children(children: Iterable[Token], allowed: frozenset[str] | None) -> None:
    """Turn every inline HTML token not in `allowed` into text (rendered escaped)."""
    if allowed is None:
        return
    for token in children:
        if token.type == "html_inline" and token.content not in allowed:
            token.type = "text"


def inline_markdown(text: str, single_line: bool) -> str:
    """A normalised text as inline Markdown source, `\\n` as hard breaks (or spaces)."""
    if single_line:
        return text.replace("\n", " ")
    return join_hard_breaks(text.split("\n"))
