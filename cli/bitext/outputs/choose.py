"""Which text each place of an output shows, and text cleaning shared by every output.

Contract:
- `choose_text(resolution, stale_mode)` returns `(text, shown)`: `text` is the translation
  to put in the place, or None for the source text; `shown` is `"translated"`,
  `"outdated"` (a stale translation shown because `stale_mode="translation"`) or
  `"source"` (stale or untranslated shown in the source language).
- `clean_text(text)` removes the characters that XML 1.0 cannot carry at all (C0 controls
  other than tab and line feed, U+FFFE, U+FFFF, lone surrogates) and turns CR and CRLF into
  LF.  Such characters are never meaningful in a translation, HTML parsers flag them as
  errors, and XML cannot even escape them, so every output drops them the same way.
- `anchor_ids(article)` gives each place of `article.segments` an id derived from its msgid
  (`s-` + 8 hex digits of SHA-1) plus an occurrence number for repeats (`s-1a2b3c4d-2`), so
  an anchor keeps pointing at the same text when paragraphs are inserted before it.
"""

from __future__ import annotations

import hashlib
import re
from bitext.model import Article, Resolution, State

__all__ = ["STALE_MODES", "choose_text", "clean_text", "anchor_ids", "message_hash"]

STALE_MODES = ("source", "translation")

# Everything outside XML 1.0's Char production, except CR which is normalised to LF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without characters XML 1.0 forbids; CRLF and CR become LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def choose_text(resolution: Resolution | None, stale_mode: str = "source") -> tuple[str | None, str]:
    """The translation a place shows (None = source text) and how it is shown."""
    if stale_mode not in STALE_MODES:
        raise ValueError(f"stale_mode must be one of {STALE_MODES}, not {stale_mode!r}")
    if resolution is None or not resolution.translation:
        return None, "source"
    if resolution.state == State.TRANSLATED:
        return clean_text(resolution.translation), "translated"
    if resolution.state == State.STALE and stale_mode == "translation":
        return clean_text(resolution.translation), "outdated"
    return None, "source"


def message_hash(msgid: str) -> str:
    """A stable short hash of a msgid (hex SHA-1)."""
    return hashlib.sha1(msgid.encode("utf-8")).hexdigest()


def anchor_ids(article: Article) -> list[str]:
    """One stable, unique id per place of `article.segments`, in the same order."""
    seen: dict[str, int] = {}
    used: set[str] = set()
    ids = []
    for segment in article.segments:
        base = "s-" + message_hash(segment.text)[:8]
        occurrence = seen.get(segment.text, 0) + 1
        seen[segment.text] = occurrence
        candidate = base if occurrence == 1 else f"{base}-{occurrence}"
        # Two different msgids sharing 8 hex digits: keep ids unique, still deterministic.
        while candidate in used:
            occurrence += 1
            candidate = f"{base}-{occurrence}"
        used.add(candidate)
        ids.append(candidate)
    return ids

