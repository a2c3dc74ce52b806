"""Placeholders: dialect syntax inside a segment, as translators see it.

Syntax inside a place (a Liquid object in a link, a shortcode, an attribute list in the
middle of a paragraph) is no text: the segment shows it as a numbered placeholder
``⟦1⟧``, ``⟦2⟧``... (MATHEMATICAL WHITE SQUARE BRACKETS, U+27E6/U+27E7), in every
dialect.  Why this form: Liquid, Hugo and Jinja already own ``{{1}}`` and ``{1}``,
``<x1/>`` is inline HTML to a Markdown parser (and escaped by bitext's safety rules),
``%1`` is a printf format to PO tools; ``⟦n⟧`` appears in no prose, no Markdown syntax,
is one visible unit in Poedit and other PO editors, and a translator types it by copying.

A translation is put back only when it holds each placeholder of its source exactly once
(`restore`); otherwise the place keeps its source text, as with any translation that
would break the document.  `Syntax.own_line`: the syntax stood on a line of its own in
the source (Liquid ``{% if %}`` between two lines of a paragraph), so it is written back
on a line of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Syntax", "PLACEHOLDER", "placeholder", "protect", "restore", "valid"]

PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
OPEN, CLOSE = "\u27e6", "\u27e7"


@dataclass(frozen=True, slots=True)
class Syntax:
    """One piece of syntax a placeholder stands for."""

    text: str
    own_line: bool = False


def placeholder(number: int) -> str:
    return f"{OPEN}{number}{CLOSE}"


def protect(text: str, pattern: re.Pattern[str], own_lines: list[str] = []) -> tuple[str, list[Syntax]]:
    """`text` with each whole `own_lines` string (syntax that was a line of its own), then
    each match of `pattern`, replaced by a placeholder, and what they stand for.  A text
    already holding the bracket characters is left alone (its own ``⟦1⟧`` would be taken
    for a placeholder)."""
    if OPEN in text or CLOSE in text:
        return text, []
    own = sorted(set(own_lines), key=len, reverse=True)
    combined = re.compile("|".join([*(re.escape(line) for line in own), pattern.pattern]), pattern.flags)
    found: list[Syntax] = []
    own_left = list(own_lines)
    # syntax inside a code span is code: the translator leaves it as written anyway
    code = [match.span() for match in _CODE_SPAN.finditer(text)]

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in code):
            return match.group(0)
        is_own = match.group(0) in own_left
        if is_own:
            own_left.remove(match.group(0))
        found.append(Syntax(match.group(0), is_own))
        return placeholder(len(found))

    return combined.sub(replace, text), found


def valid(translation: str, syntax: list[Syntax]) -> bool:
    """True when `translation` holds each placeholder 1..len(syntax) exactly once and no other."""
    numbers = sorted(int(number) for number in PLACEHOLDER.findall(translation))
    return numbers == list(range(1, len(syntax) + 1))


def restore(text: str, syntax: list[Syntax], line_break: str | None = "\n") -> str:
    """The placeholders of `text` replaced by their syntax; an own-line one is written
    between `line_break`s, the blanks around it dropped (`line_break` None: in place,
    for a place that cannot hold a line break)."""
    if not syntax:
        return text

    def replace(match: re.Match[str]) -> str:
        item = syntax[int(match.group(1)) - 1]
        if item.own_line and line_break is not None:
            return f"\x00{item.text}\x00"
        return item.text

    restored = PLACEHOLDER.sub(replace, text)
    if line_break is None or "\x00" not in restored:
        return restored
    restored = re.sub(r"[ \t]*\x00[ \t]*", "\x00", restored).strip("\x00")
    return re.sub("\x00+", lambda match: line_break, restored)
