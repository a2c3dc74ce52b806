"""Syntax that is not prose: what a reader never sees as words, in every dialect.

Site generators put their own syntax in Markdown text: Liquid tags and objects
(``{% raw %}``, ``{{ site.url }}``, Jekyll), attribute lists (``{: .note}`` kramdown,
``{#anchor}`` VitePress/Pandoc/Python-Markdown), shortcodes (``{{< ref "x" >}}``,
``{{% note %}}``, Hugo).  bitext treats them alike in every dialect, CommonMark
included (a CommonMark site may still be fed through Liquid):

- `prose_has_letter` says whether a place's visible text holds a letter once that
  syntax, URLs and e-mail addresses are taken out and code spans are left out: a
  segment made only of syntax, code or a URL is no place (a translator could only
  break it);
- `INLINE_SYNTAX` finds that syntax inside a text; `SYNTAX_LINE` tells a line that
  holds nothing else (the dialect gives it meaning as a line: it stays one).

Only the patterns live here; what each dialect does with them is in its module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it.token import Token

from .text import has_letter

__all__ = ["INLINE_SYNTAX", "SYNTAX_LINE", "prose_has_letter", "strip_syntax"]

# Order matters: shortcodes and Liquid before attribute lists (`{{<` starts with `{`).
INLINE_SYNTAX = re.compile(
    r"\{\{<.*?>\}\}"  # Hugo shortcode {{< name args >}}
    r"|\{\{%.*?%\}\}"  # Hugo shortcode {{% name args %}}
    r"|\{%-?.*?-?%\}"  # Liquid tag {% if x %}, {%- raw -%}
    r"|\{\{-?.*?-?\}\}"  # Liquid object {{ page.title | escape }}
    r"|\{:[^{}\n]*\}"  # kramdown attribute list / extension {: .note}, {:toc}, {::comment}
    r"|\{[ \t]*(?:[#.][^{}\s]|[\w-]+=)[^{}\n]*\}",  # attribute list {#id .class key=value}, {target=_blank}
    re.S,
)
SYNTAX_LINE = re.compile(r"[ \t]*(?:" + INLINE_SYNTAX.pattern + r")(?:[ \t]*(?:" + INLINE_SYNTAX.pattern + r"))*[ \t]*")
_URL = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}://|www\.|mailto:)[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[a-zA-Z]{2,}")


def strip_syntax(text: str) -> str:
    """`text` with its dialect syntax, URLs and e-mail addresses taken out."""
    # Most runs hold neither: each pattern is only run where what every match of it must
    # hold is there (every INLINE_SYNTAX alternative starts with `{`; a _URL match holds
    # "://", "www.", "mailto:" or "@"), as `prose_has_letter` asks this of every run.
    if "{" in text:
        text = INLINE_SYNTAX.sub(" ", text)
    if "@" in text or "://" in text or "www." in text or "mailto:" in text:
        text = _URL.sub(" ", text)
    return text


def _visible(children: Iterable[Token]) -> list[str]:
    """The reader's text of `children`: adjacent text tokens joined (markdown-it splits
    text at `{` and `%`, so a Liquid tag may span several)."""
    runs: list[str] = []
    joined = False
    for token in children:
        if token.type == "text":
            if joined:
                runs[-1] += token.content
            else:
                runs.append(token.content)
            joined = True
            continue
        joined = False
        if token.type == "image" and token.children:
            runs.extend(_visible(token.children))
    return runs


def prose_has_letter(children: Iterable[Token]) -> bool:
    """True when the inline `children` hold a letter outside syntax, code, URLs."""
    return any(has_letter(strip_syntax(run)) for run in _visible(children))
