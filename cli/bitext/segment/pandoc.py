"""The `pandoc` dialect: Pandoc's Markdown.

What it gives meaning to, beyond CommonMark:

- the title block at the very start: ``% Title`` (a place, "title block"), then
  ``% Author; Author`` and ``% Date`` lines kept as written (names and dates are no
  prose); a block rule of this module reads it, continuation lines (starting with a
  space) included;
- fenced divs ``::: {.note}`` / ``::: warning`` .. ``:::`` (mdit-py-plugins' container
  plugin; the words after the fence are attributes, not a title): the fences are
  structure, the paragraphs inside are places;
- header attributes ``# Title {#id .class}``, bracketed spans ``[text]{.smallcaps}``:
  out of the segment at the end, placeholders inside;
- grid tables (``+---+`` lines) and simple tables (a header over ``----  ----``):
  kept as written, no place (their cells are a drawing whose column widths a
  translation would break); so are line blocks (``| line``) and pipe tables whose
  rows do not match their header (Pandoc reads them, CommonMark does not);
- an image alone in a paragraph is a figure: its alt text (the caption) is the place,
  "figure caption", so a translation keeps the image alone;
- definition lists and footnotes (mdit-py-plugins).
"""

from __future__ import annotations

import re
from typing import Any

from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .attributes import attribute_lists_plugin
from .dialects import Dialect
from .kramdown import opaque_block_rule

__all__ = ["DIALECT", "configure", "title_block_rule"]

_GRID_TABLE = [(re.compile(r"(\+)[-=:+]*\+\s*$"), r"(?!)")]  # runs to the first blank line
# a line block (`| line`, each line kept) or a pipe table CommonMark's rule refuses (its
# rows do not match its header) but Pandoc reads: both are lines, never one paragraph
_PIPE_LINES = [(re.compile(r"(\|)"), r"(?!)")]


def title_block_rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """`% Title` lines opening the document: the title is a paragraph-like place (its
    inline token's `meta["lines"]` as the position wrappers would record them), the
    other `%` lines one `pandoc_meta` token rendered as nothing."""
    if start_line != 0 or state.blkIndent != 0:
        return False
    start = state.bMarks[0] + state.tShift[0]
    if state.src[start : start + 1] != "%":
        return False
    if silent:
        return True
    line = 0
    groups: list[list[int]] = []  # the lines of each `%` field
    while line < end_line and not state.isEmpty(line):
        first = state.src[state.bMarks[line] : state.bMarks[line] + 1]
        if first == "%":
            groups.append([line])
        elif first in " \t" and groups:
            groups[-1].append(line)
        else:
            break
        line += 1
    title_lines = groups[0]
    spans = []
    for number in title_lines:
        begin = state.bMarks[number] + state.tShift[number]
        if state.src[begin : begin + 1] == "%":
            begin += 1
            while begin < state.eMarks[number] and state.src[begin] in " \t":
                begin += 1
        spans.append((begin, state.eMarks[number]))
    opener = state.push("paragraph_open", "h1", 1)
    opener.attrs = {"class": "title"}
    opener.map = [title_lines[0], title_lines[-1] + 1]
    opener.meta["bitext_kind"] = "title block"
    inline = state.push("inline", "", 0)
    inline.content = "\n".join(state.src[a:b] for a, b in spans).strip()
    inline.map = list(opener.map)
    inline.children = []
    inline.meta["lines"] = spans
    state.push("paragraph_close", "h1", -1)
    if len(groups) > 1:
        rest = state.push("pandoc_meta", "", 0)
        rest.map = [groups[1][0], line]
        rest.content = state.getLines(groups[1][0], line, 0, True)
    state.line = line
    return True


_DASH_GROUPS = re.compile(r"[ ]{0,3}-{2,}(?:[ ]+-{2,})+[ ]*$")


def simple_table_rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """A simple table (a header line over a line of dash groups `----  -----`, or the
    dash line first): kept as written up to the first blank line, no place (the
    columns are aligned by position, which a translation would break)."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False

    def line(number: int) -> str:
        return state.src[state.bMarks[number] : state.eMarks[number]]

    if not (_DASH_GROUPS.match(line(start_line)) or (
            start_line + 1 < end_line and not state.isEmpty(start_line + 1)
            and _DASH_GROUPS.match(line(start_line + 1)))):
        return False
    if silent:
        return True
    next_line = start_line
    while next_line < end_line and not state.isEmpty(next_line):
        next_line += 1
    token = state.push("html_block", "", 0)
    token.meta["opaque"] = True
    token.map = [start_line, next_line]
    token.content = state.getLines(start_line, next_line, state.blkIndent, True)
    state.line = next_line
    return True


def configure(md: Any) -> None:
    md.use(attribute_lists_plugin)
    md.block.ruler.before("table", "pandoc_title", title_block_rule)
    md.block.ruler.before("fence", "pandoc_grid_table", opaque_block_rule(_GRID_TABLE, until_blank=True))
    md.block.ruler.before("fence", "pandoc_simple_table", simple_table_rule)
    md.block.ruler.before("fence", "pandoc_pipe_lines", opaque_block_rule(_PIPE_LINES, until_blank=True))
    md.add_render_rule("pandoc_meta", lambda *args: "")
    md.use(container_plugin, "div", validate=lambda params, *rest: bool(params.strip()))
    md.use(deflist_plugin).use(footnote_plugin)


DIALECT = Dialect("pandoc", configure, container_titles=False, implicit_figures=True)
