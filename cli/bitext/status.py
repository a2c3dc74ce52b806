"""Segment states and counts (SPEC sections 5 and 6); pure, prints nothing.

States are computed from a merge of the *current* source into the catalog as it is on
disk (see `merge.merge_catalog`), never from the catalog alone: a maintainer who edits
the English and forgets `update` still sees the segments that went stale.
A catalog as a whole is in one more state, or none:
- **outdated**: `update` would change what it says (entries, flags, previous msgids,
  comments, references, the header fields bitext owns; see `bitext.compare`), or it is
  missing.  `up_to_date` is false, and `difference` says where and what;
- **layout**: what it says is current, but it is not in GNU's canonical layout (another
  wrap width, a long line typed in vim, a `#|` left on an entry no longer fuzzy).
  `up_to_date` stays true; `update` rewrites it in canonical form.
`FIX` says, for every state, what it means and how to fix it.
Words are counted on the source text: runs of letters or digits (`\\w+`, with inner
apostrophes and hyphens kept in the word), so Markdown punctuation and URLs' slashes do
not count, but a URL's words do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bitext.model import Counts, Resolution, SourceMessage, State

if TYPE_CHECKING:  # a name for annotations only: status stays cheap to import
    from bitext.compare import Difference

__all__ = ["CatalogStatus", "Finding", "count_words", "message_words", "catalog_status", "FAIL_ON_CHOICES",
           "DEFAULT_FAIL_ON", "FIX"]

FAIL_ON_CHOICES = ("stale", "untranslated", "outdated", "layout")
DEFAULT_FAIL_ON = ("stale", "untranslated", "outdated")

# What each failing state means, and what to do about it.
FIX = {
    "stale": "its English changed after it was translated: revise the translation "
             "(after `bitext update` the old English is shown as #| msgid) and clear the fuzzy flag",
    "untranslated": "translate it in a PO editor (after `bitext update`, which adds new segments)",
    "outdated": "run `bitext update` and commit the catalog with the English that changed it",
    "layout": "nothing to translate: run `bitext update` to rewrite it in GNU's canonical form, "
              "or leave layout out of --fail-on",
    "missing": "run `bitext update` to create it, then translate it",
}
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def message_words(messages: list[SourceMessage]) -> list[int]:
    """`count_words` of each message's msgid, in order (counted once for all languages,
    where the article is planned: in a worker process for a large publication)."""
    return [len(_WORD.findall(message.msgid)) for message in messages]


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
    difference: Difference | None = None  # where an outdated catalog first differs, and in what
    layout_line: int | None = None  # the first line that differs when only the layout does

    @property
    def layout(self) -> bool:
        return self.up_to_date and self.layout_line is not None

    def failed_states(self, fail_on: tuple[str, ...]) -> list[str]:
        """The states named in `fail_on` that this catalog is in."""
        present = {"stale": self.counts.stale > 0, "untranslated": self.counts.untranslated > 0,
                   "outdated": not self.up_to_date, "layout": self.layout}
        return [state for state in FAIL_ON_CHOICES if state in fail_on and present[state]]

    def failed(self, fail_on: tuple[str, ...]) -> bool:
        return bool(self.failed_states(fail_on))


def catalog_status(language: str, article: str, path: str, messages: list[SourceMessage],
                   resolutions: dict[str, Resolution], obsolete: int, up_to_date: bool,
                   exists: bool, difference: Difference | None = None,
                   layout_line: int | None = None, words_of: list[int] | None = None,
                   words: bool = True) -> CatalogStatus:
    """`words_of`: `message_words(messages)` if already counted; `words` False: words are not
    counted (both word counts stay 0), for a caller that shows none."""
    counts = Counts(obsolete=obsolete)
    findings: list[Finding] = []
    if not words:
        words_of = [0] * len(messages)
    elif words_of is None or len(words_of) != len(messages):
        words_of = message_words(messages)
    for message, words in zip(messages, words_of):
        resolution = resolutions[message.msgid]
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
    return CatalogStatus(language, article, path, counts, up_to_date, exists, findings, difference,
                         layout_line)
