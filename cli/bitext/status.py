"""Segment states and counts (SPEC sections 5 and 6); pure, prints nothing.

States are computed from a merge of the *current* source into the catalog as it is on
disk (see `merge.merge_catalog`), never from the catalog alone: a maintainer who edits
the English and forgets `update` still sees the segments that went stale.
Words are counted on the source text: runs of letters or digits (`\\w+`, with inner
apostrophes and hyphens kept in the word), so Markdown punctuation and URLs' slashes do
not count, but a URL's words do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bitext.model import Counts, Resolution, SourceMessage, State

__all__ = ["CatalogStatus", "Finding", "count_words", "catalog_status", "FAIL_ON_CHOICES"]

FAIL_ON_CHOICES = ("stale", "untranslated", "outdated")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class Finding:
    """A stale or untranslated segment, with the PO line an annotation points at."""

    state: State
    msgid: str
    line: int


@dataclass
class CatalogStatus:
    language: str
    article: str
    path: str
    counts: Counts
    up_to_date: bool
    exists: bool
    findings: list[Finding] = field(default_factory=list)

    def failed(self, fail_on: tuple[str, ...]) -> bool:
        return (("stale" in fail_on and self.counts.stale > 0)
                or ("untranslated" in fail_on and self.counts.untranslated > 0)
                or ("outdated" in fail_on and not self.up_to_date))


def catalog_status(language: str, article: str, path: str, messages: list[SourceMessage],
                   resolutions: dict[str, Resolution], obsolete: int, up_to_date: bool,
                   exists: bool) -> CatalogStatus:
    counts = Counts(obsolete=obsolete)
    findings: list[Finding] = []
    for message in messages:
        resolution = resolutions[message.msgid]
        words = count_words(message.msgid)
        counts.segments += 1
        counts.words += words
        if resolution.state is State.TRANSLATED:
            counts.translated += 1
            counts.translated_words += words
        else:
            if resolution.state is State.STALE:
                counts.stale += 1
            else:
                counts.untranslated += 1
            findings.append(Finding(resolution.state, message.msgid, resolution.po_line if exists else 1))
    return CatalogStatus(language, article, path, counts, up_to_date, exists, findings)
