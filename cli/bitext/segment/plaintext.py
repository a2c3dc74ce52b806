"""Plain-text sources: blocks separated by blank lines.

A blank line holds only spaces and tabs.  Each block with a letter in it is a
"paragraph" place; its text is its lines joined with spaces and normalised (no markup,
no hard breaks: a plain-text line end is a soft break).  Rebuilding replaces a block
from its first non-blank character to the end of its last line, so indentation of the
first line, blank lines and blocks without letters are kept byte for byte; a
translation's `\\n` starts a new line of the same block (empty lines are dropped, they
would split the block).  Rendering writes each block as a `<p>` of escaped text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it.common.utils import escapeHtml

from ..model import Article, Segment
from .text import has_letter, normalise_text

__all__ = ["PlainBlock", "PlainDocument", "read_plaintext", "rebuild_plaintext", "render_plaintext_body"]


@dataclass(slots=True)
class PlainBlock:
    """One block: `[start, end)` from its first non-blank character to its last line's end."""

    start: int
    end: int
    line: int
    text: str
    is_place: bool


@dataclass
class PlainDocument:
    """What `rebuild_plaintext` and `render_plaintext_body` need (Article.document)."""

    text: str
    blocks: list[PlainBlock] = field(default_factory=list)


def read_plaintext(text: str) -> tuple[list[Segment], PlainDocument]:
    """Segments and rebuild data of a plain text."""
    document = PlainDocument(text)
    segments: list[Segment] = []
    block_lines: list[tuple[int, int, int]] = []  # (line number, start, end)

    def close_block() -> None:
        if not block_lines:
            return
        first_line, first_start, first_end = block_lines[0]
        first = text[first_start:first_end]
        start = first_start + len(first) - len(first.lstrip(" \t"))
        end = block_lines[-1][2]
        block_text = normalise_text(" ".join(text[s:e] for _, s, e in block_lines))
        is_place = has_letter(block_text)
        if is_place:
            segments.append(Segment(block_text, "paragraph", first_line, len(document.blocks)))
        document.blocks.append(PlainBlock(start, end, first_line, block_text, is_place))
        block_lines.clear()

    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        end = offset + len(line)
        if line.strip(" \t"):
            block_lines.append((number, offset, end))
        else:
            close_block()
        offset = end + 1
    close_block()
    return segments, document


def _translated_lines(translation: str) -> str:
    return "\n".join(line for line in normalise_text(translation).split("\n") if line)


def rebuild_plaintext(article: Article, translate: Callable[[Segment], str | None]) -> str:
    """The text with each block replaced by its translation (None: kept)."""
    document: PlainDocument = article.document
    out: list[str] = []
    cursor = 0
    for segment in article.segments:
        translation = translate(segment)
        if translation is None:
            continue
        replacement = _translated_lines(translation)
        if not replacement:
            continue
        block = document.blocks[segment.locator]
        out.append(document.text[cursor : block.start])
        out.append(replacement)
        cursor = block.end
    out.append(document.text[cursor:])
    return "".join(out)


def render_plaintext_body(
    article: Article, translate: Callable[[Segment], tuple[Any, ...] | None]
) -> str:
    """Each block as `<p>` of escaped text; places as `translate` says (a third item: trusted HTML first)."""
    document: PlainDocument = article.document
    by_block = {segment.locator: segment for segment in article.segments}
    out: list[str] = []
    for index, block in enumerate(document.blocks):
        content, attrs, lead = block.text, {}, ""
        segment = by_block.get(index)
        if segment is not None:
            result = translate(segment)
            if result is not None:
                translation, attrs = result[0], result[1]
                lead = result[2] if len(result) > 2 else ""
                if translation is not None and _translated_lines(translation):
                    content = _translated_lines(translation)
        rendered_attrs = "".join(f' {name}="{escapeHtml(str(value))}"' for name, value in (attrs or {}).items())
        out.append(f"<p{rendered_attrs}>" + (lead or "") + "<br />\n".join(escapeHtml(line) for line in content.split("\n")) + "</p>\n")
    return "".join(out)
