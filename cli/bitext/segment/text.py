"""Segment text: normalisation, the letter test, a place's inline source as a segment.

`normalise_text` is the one normalisation every segment text and every translation goes
through: lines are separated by `\\n` (a hard break); inside a line, runs of spaces and
tabs become one space and the line is stripped of spaces and tabs (NBSP and other
Unicode spaces are kept); empty lines at either end go; CR/CRLF become LF and NUL the
replacement character.  Empty lines in the middle stay
(consecutive hard breaks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it.token import Token

__all__ = ["normalise_text", "has_letter", "inline_segment_text", "visible_text_has_letter", "html_tags"]

_BLANKS = re.compile(r"[ \t]+")
# what `normalise_text` changes inside a text: CR, NUL, a tab, two spaces, a space at a line's end or start
_NORMAL = re.compile(r"[\r\x00\t]|  | \n|\n ")


def normalise_text(text: str) -> str:
    """Collapse spaces/tabs, strip each line, drop empty lines at the ends."""
    if _NORMAL.search(text) is None and not text.startswith(("\n", " ")) and not text.endswith(("\n", " ")):
        return text  # most texts are normal already: nothing to collapse, strip or drop
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:  # as CommonMark reads it; a NUL must not reach an output
        text = text.replace("\x00", "\ufffd")
    lines = [_BLANKS.sub(" ", line).strip(" \t") for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end])


def has_letter(text: str) -> bool:
    """True when `text` holds a character of Unicode category L* (str.isalpha)."""
    return any(char.isalpha() for char in text)


def visible_text_has_letter(children: Iterable[Token]) -> bool:
    """True when the text a reader sees (text, code, image alt) holds a letter.

    Markup is not read: `[1](http://example.com)` or `<br>` alone has no letter.
    """
    for token in children:
        if token.type in ("text", "code_inline"):
            if has_letter(token.content):
                return True
        elif token.type == "image" and token.children:
            if visible_text_has_letter(token.children):
                return True
    return False


def inline_segment_text(content: str, children: Iterable[Token]) -> str:
    """The segment text of an inline source: markup kept, breaks normalised.

    Soft breaks become spaces, hard breaks (two trailing spaces or a backslash) become
    `\\n`; any other line end (inside a code span, raw HTML, a link title) is a space.
    """
    breaks = sorted(
        (token.meta["pos"], token.type)
        for token in children
        if token.type in ("softbreak", "hardbreak") and "pos" in token.meta
    )
    if not breaks:
        return normalise_text(content.replace("\n", " "))
    parts: list[str] = []
    cursor = 0
    for pos, kind in breaks:
        if pos < cursor:
            continue
        parts.append(content[cursor:pos].replace("\n", " "))
        if kind == "softbreak":
            parts.append(" ")
            cursor = pos + 1
        else:
            parts.append("\n")
            cursor = pos + (2 if content[pos] == "\\" else 1)
    parts.append(content[cursor:].replace("\n", " "))
    return normalise_text("".join(parts))


def html_tags(children: Iterable[Token]) -> frozenset[str]:
    """The raw inline HTML tags (as written) among `children`."""
    return frozenset(token.content for token in children if token.type == "html_inline")
