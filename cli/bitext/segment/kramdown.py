"""The `kramdown` dialect: Jekyll's renderer (kramdown with its GFM parser), and Liquid.

What kramdown (and Jekyll's Liquid pass before it) gives meaning to, beyond CommonMark:

- inline attribute lists ``{: .note #id}`` on the line after a block (or before it) and
  after a span, attribute list definitions ``{:ref: .x}``, extensions ``{::toc}``:
  syntax lines stay lines, a trailing list stays out of the segment;
- header ids ``# Title {#id}``: out of the segment;
- Liquid tags and objects ``{% include x.html %}``, ``{{ site.url }}``: placeholders
  inside a segment, own lines where they were; the blocks ``{% highlight %}`` ..
  ``{% endhighlight %}``, ``{% comment %}`` .. ``{% endcomment %}`` and kramdown's
  ``{::comment}`` / ``{::nomarkdown}`` .. ``{:/}`` hold code or comments: no segment
  (a markdown-it block rule reads them as one opaque block);
- definition lists (``Term`` / ``: definition``) and footnotes (mdit-py-plugins);
- a paragraph whose every line holds a pipe is a table, one whose first line holds one
  loses its attribute list: a rebuilt paragraph keeps its pipes where the source had
  them (`fix_lines`);
- a link definition ``[id]: url`` ends a paragraph (a line of its own).
"""

from __future__ import annotations

import re
from typing import Any

from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .attributes import attribute_lists_plugin
from .dialects import Dialect

__all__ = ["DIALECT", "configure", "fix_lines", "opaque_block_rule"]

_OPENERS = [
    (re.compile(r"\{%-?\s*(highlight|comment)\b.*?-?%\}\s*$"), r"\{%-?\s*endNAME\s*-?%\}"),
    (re.compile(r"\{::(comment|nomarkdown)\b[^}]*\}\s*$"), r"\{:/(?:NAME)?\}"),
]


def opaque_block_rule(openers: list[tuple[re.Pattern[str], str]], until_blank: bool = False) -> Any:
    """A markdown-it block rule: a line matching an opener starts a block that runs to
    the line holding its closer (`until_blank`: to the line before the first blank
    one); the block is one `html_block` token (written back and rendered as it is,
    never a place)."""

    def rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        if state.sCount[start_line] - state.blkIndent >= 4:
            return False
        start = state.bMarks[start_line] + state.tShift[start_line]
        line = state.src[start : state.eMarks[start_line]]
        for opener, closer in openers:
            match = opener.match(line)
            if match:
                break
        else:
            return False
        if silent:
            return True
        close = re.compile(closer.replace("NAME", re.escape(match.group(1))))
        next_line = start_line
        while next_line < end_line:
            text = state.src[state.bMarks[next_line] : state.eMarks[next_line]]
            if until_blank and not text.strip():
                break
            if not until_blank and close.search(text, match.end() if next_line == start_line else 0):
                next_line += 1
                break
            next_line += 1
        next_line = min(next_line, end_line)
        state.line = next_line
        token = state.push("html_block", "", 0)
        token.meta["opaque"] = True  # code or a comment: never prose (see htmlprose)
        token.map = [start_line, next_line]
        token.content = state.getLines(start_line, next_line, state.blkIndent, True)
        return True

    return rule


def _depth_zero_spaces(line: str) -> list[int]:
    """Positions of spaces outside brackets, braces, parentheses and code spans: where a
    line may break without breaking a link, a Liquid tag or code."""
    spaces, depth, code = [], 0, False
    for pos, char in enumerate(line):
        if char == "`":
            code = not code
        elif code:
            continue
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == " " and depth == 0:
            spaces.append(pos)
    return spaces


_PIPE = re.compile(r"(?<!\\)\|")


def fix_lines(body: str, source: str) -> str:
    """Keep a paragraph's pipes where kramdown reads them as the source's: kramdown tries
    a table at a paragraph's first line when it holds a pipe (a block attribute list
    before it is then lost) and makes a table of a paragraph whose every line holds one.
    So a first line gets no pipe when the source's had none (it breaks before its
    first pipe), and when the source had a line without a pipe, so does the rebuilt
    paragraph (the last line breaks after its last pipe).  A break goes only where a space stands outside links, Liquid and code."""
    lines = body.split("\n")
    source_first = source.split("\n", 1)[0]
    if _PIPE.search(lines[0]) and not _PIPE.search(source_first):
        first_pipe = _PIPE.search(lines[0]).start()
        before = [pos for pos in _depth_zero_spaces(lines[0]) if pos < first_pipe]
        if before:
            lines[0:1] = [lines[0][: before[-1]], lines[0][before[-1] + 1 :]]
    if all(_PIPE.search(line) for line in lines) and not all(_PIPE.search(line) for line in source.split("\n")):
        last = lines[-1]
        pipes = [match.start() for match in _PIPE.finditer(last)]
        spaces = _depth_zero_spaces(last)
        after = [pos for pos in spaces if pos > pipes[-1]]
        before = [pos for pos in spaces if pos < pipes[0]]
        cut = after[-1] if after else (before[-1] if before else None)
        if cut is not None:
            lines[-1:] = [last[:cut], last[cut + 1 :]]
    return "\n".join(lines)


def configure(md: Any) -> None:
    md.use(attribute_lists_plugin)
    md.block.ruler.before("fence", "kramdown_opaque", opaque_block_rule(_OPENERS),
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.use(deflist_plugin).use(footnote_plugin)


# kramdown ends a paragraph at the end-of-block marker `^` and at a link definition
_BLOCK_LINES = re.compile(r"[ \t]*\^[ \t]*|[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*")

DIALECT = Dialect("kramdown", configure, block_lines=_BLOCK_LINES, fix_lines=fix_lines)
