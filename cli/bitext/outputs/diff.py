"""Word-level differences between two texts, for showing what changed in a stale segment.

`diff_words(old, new)` returns `[(op, text), ...]` with op `"equal"`, `"delete"` (only in
`old`) or `"insert"` (only in `new`); concatenating the `equal`+`delete` parts gives `old`,
the `equal`+`insert` parts give `new`.  Texts are cut into words, runs of white space and
single punctuation marks, and compared with difflib (no junk heuristics, so a small changed
word such as "not" is always reported).  Adjacent parts with the same op are merged; a
replaced run is reported as its deletion followed by its insertion.
"""

from __future__ import annotations

import difflib
import re

__all__ = ["diff_words"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def _tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level edit from `old` to `new` as ("equal"|"insert"|"delete", text) parts."""
    a, b = _tokenize(old), _tokenize(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    parts: list[tuple[str, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            parts.append(("delete", "".join(deleted)))
        if inserted:
            parts.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "equal":
            deleted.extend(a[i1:i2])
            inserted.extend(b[j1:j2])
            continue
        equal = a[i1:i2]
        between_changes = (deleted or inserted) and index + 1 < len(opcodes)
        if between_changes and "".join(equal).isspace():
            # A lone space between two changes reads better inside one change.
            deleted.extend(equal)
            inserted.extend(equal)
            continue
        flush()
        parts.append(("equal", "".join(equal)))
    flush()
    return parts
