"""The data bitext passes between its modules: segments, articles, segment states.

Stdlib dataclasses only.  A `Segment` is one *place* in a source document (a heading, a
paragraph, a list-item paragraph, a quote paragraph, a table cell or a translatable
front-matter field); an `Article` holds every place in document order.  Identical
segment texts are one catalog entry (`SourceMessage`) with a reference per place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

# Bump when segmentation rules change, so templates made by older rules are re-extracted
# (here, not in bitext.publication: `update`'s record key needs it without loading that).
# 2: syntax-only segments, placeholders, dialects (issue 9); 3: conflict markers and YAML limits refused
SEGMENTATION_RULES = "3"

__all__ = ["Segment", "Article", "SourceMessage", "State", "Resolution", "Counts", "MemoryMatch"]


class State(str, enum.Enum):
    """The state of a current segment in one language (SPEC section 5)."""

    TRANSLATED = "translated"
    STALE = "stale"
    UNTRANSLATED = "untranslated"


@dataclass
class Segment:
    """One translatable place of a source document.

    `text` is the normalised msgid; `kind` the extracted comment (`paragraph`,
    `heading 2`, `title`...); `line` the 1-based source line where the place starts.
    `locator` is owned by `bitext.segment`: whatever it needs to put a translation
    back in the same place of the document.  Nobody else looks inside it.
    """

    text: str
    kind: str
    line: int
    locator: Any = None


@dataclass
class SourceMessage:
    """One catalog entry as the current source defines it."""

    msgid: str
    kind: str
    lines: list[int] = field(default_factory=list)


@dataclass
class Article:
    """A segmented source document.

    `path` is the source path relative to the publication root, POSIX style
    (`source/2026/la.md`); `format` is `"md"` or `"txt"`; `text` the whole source
    text as read; `front_matter` the parsed YAML mapping (empty when none);
    `document` is owned by `bitext.segment` (what it needs to rebuild the document).
    """

    slug: str
    path: str
    format: str
    text: str
    segments: list[Segment]
    front_matter: dict[str, Any] = field(default_factory=dict)
    document: Any = None

    def messages(self) -> list[SourceMessage]:
        """Unique segment texts in order of first appearance, with every place's line."""
        by_text: dict[str, SourceMessage] = {}
        for segment in self.segments:
            message = by_text.get(segment.text)
            if message is None:
                message = by_text[segment.text] = SourceMessage(segment.text, segment.kind)
            message.lines.append(segment.line)
        return list(by_text.values())


@dataclass
class Resolution:
    """What one language has for one current source message (computed by `status`).

    `translation` is the msgstr to use: the translation for TRANSLATED, the outdated
    translation for STALE (made for `previous_msgid`), None for UNTRANSLATED.
    `po_line` is the line of the PO entry's msgid that holds or would give the
    translation (1 when there is none), for annotations.
    """

    msgid: str
    state: State
    translation: str | None = None
    previous_msgid: str | None = None
    po_line: int = 1


@dataclass
class Counts:
    """Per-catalog counts, as `status --format json` prints them (SPEC section 6)."""

    segments: int = 0
    translated: int = 0
    stale: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: int = 0
    translated_words: int = 0

    @property
    def percent(self) -> float:
        return 100.0 if self.words == 0 else round(100.0 * self.translated_words / self.words, 1)

    def add(self, other: "Counts") -> None:
        for name in ("segments", "translated", "stale", "untranslated", "obsolete", "words", "translated_words"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MemoryMatch:
    """A translation the memory offers a new segment (`msgid`).

    `source` is the memory's English: `msgid` itself for an exact match (`score` 1.0),
    else a similar text (`score` >= the fuzzy threshold), which becomes `#| msgid`.
    `origin` says where it came from: `article <slug>` or `<file>:<line>`.
    """

    msgid: str
    msgstr: str
    source: str
    score: float
    origin: str

    @property
    def exact(self) -> bool:
        return self.source == self.msgid
