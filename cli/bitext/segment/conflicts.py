"""Merge-conflict markers left in a source, found before they are published as text.

git writes a conflict as a line starting `<<<<<<<`, a line `=======` (after a
`|||||||` section in diff3 style), and a line starting `>>>>>>>`, each at column 0.  A source
holding that whole sequence, in that order, is refused at the `<<<<<<<` line, as a
catalog holding one is.  Only the whole sequence counts: a lone `=======` underlines a
setext heading, and `>>>>>>>` is a deeply nested quote.  Lines inside code (fenced or
indented code blocks, given by the caller) are examples, not conflicts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["find_conflict_markers"]

_START = re.compile(r"<{7}(?: |$)")
_MIDDLE = re.compile(r"={7}$")
_END = re.compile(r">{7}(?: |$)")


def find_conflict_markers(text: str, code: Sequence[Sequence[int]] = ()) -> tuple[int, str] | None:
    """`(line, message)` for the first complete conflict outside `code` ([start, end)
    0-based line ranges), the line being the 1-based line of its `<<<<<<<`; else None."""
    if "<<<<<<<" not in text:
        return None
    in_code = set()
    for start, end in code:
        in_code.update(range(start, end))
    start_line = middle_line = None
    for index, line in enumerate(text.split("\n")):
        if index in in_code:
            continue
        line = line.rstrip(" \t")
        if _START.match(line):
            start_line, middle_line = index + 1, None
        elif start_line is None:
            continue
        elif middle_line is None and _MIDDLE.match(line):
            middle_line = index + 1
        elif middle_line is not None and _END.match(line):
            return start_line, (f"merge-conflict markers (<<<<<<< on line {start_line}, ======= on line "
                                f"{middle_line}, >>>>>>> on line {index + 1}): resolve the conflict")
    return None
