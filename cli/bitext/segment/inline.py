"""What a segment's inline Markdown holds, for comparing a translation with its source.

`inspect_inline(text)` parses one segment (or translation) with the parser every other
part of bitext uses and returns an `InlineView`:

- `items`: the markup a reader or a link checker would notice, one tuple per element, in
  document order: ``("link", URL)`` (``"autolink"`` for ``<https://...>``),
  ``("image", URL)``, ``("code", CONTENT)``, ``("emphasis", TEXT)``, ``("strong", TEXT)``
  (TEXT: the visible text inside the span),
  ``("html", TAG)`` (inline HTML as written, runs of white space collapsed);
- `visible`: the text a reader sees (text and link text, image alt text, line breaks as
  spaces); code spans and inline HTML are left out, each replaced by `OBJECT` (U+FFFC, the
  object replacement character: neither a word, a digit, a space nor punctuation), and URLs
  are not text, so a number or a word in code is never taken for prose;
- `stray`: how many runs of `*`, `_` and `` ` `` were left as literal text: a
  translation holding more of them than its source has an emphasis or a code span that
  no longer opens or closes (`**word` with its closing `**` lost).

`plain_view(text)` is the view of plain text (a `.txt` source): no markup, all visible.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .parser import parse_inline

__all__ = ["InlineView", "inspect_inline", "plain_view", "OBJECT"]

OBJECT = "\ufffc"

_SPACES = re.compile(r"\s+")
_STRAY = ("*", "_", "`")


@dataclass
class InlineView:
    items: list[tuple[str, str]] = field(default_factory=list)
    visible: str = ""
    stray: Counter = field(default_factory=Counter)


def plain_view(text: str) -> InlineView:
    return InlineView([], text, Counter())


def inspect_inline(text: str) -> InlineView:
    view = InlineView()
    parts: list[str] = []
    _walk(parse_inline(text), view, parts)
    view.visible = "".join(parts)
    return view


def _walk(tokens, view: InlineView, parts: list[str]) -> None:
    open_spans: list[tuple[int, int]] = []  # (index in items, index in parts) of open emphasis
    for token in tokens:
        kind = token.type
        if kind in ("em_close", "strong_close") and open_spans:
            item, start = open_spans.pop()
            view.items[item] = (view.items[item][0], _SPACES.sub(" ", "".join(parts[start:])).strip())
        elif kind == "text":
            parts.append(token.content)
            for char in _STRAY:
                if char in token.content:
                    view.stray[char] += _literal_markers(token.content, char)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "code_inline":
            view.items.append(("code", token.content))
            parts.append(OBJECT)
        elif kind == "link_open":
            label = "autolink" if token.markup == "autolink" else "link"
            view.items.append((label, str(token.attrs.get("href", ""))))
        elif kind == "image":
            view.items.append(("image", str(token.attrs.get("src", ""))))
            _walk(token.children or [], InlineView(), parts)  # alt text is read, its markup is not ours
        elif kind in ("em_open", "strong_open"):
            open_spans.append((len(view.items), len(parts)))
            view.items.append(("emphasis" if kind == "em_open" else "strong", ""))
        elif kind == "html_inline":
            view.items.append(("html", _SPACES.sub(" ", token.content)))
            parts.append(OBJECT)


def _literal_markers(content: str, char: str) -> int:
    """Runs of a marker character that could be delimiters (`**` is one run).

    An underscore inside a word (`snake_case`) never opens emphasis, so it is not counted.
    """
    if char == "_":
        return len(re.findall(r"(?<!\w)_+|_+(?!\w)", content))
    return len(re.findall(re.escape(char) + "+", content))
