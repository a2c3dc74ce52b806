"""What `update` would change in a catalog: its content, or only its layout.

Translators' tools save catalogs in layouts of their own (translate-toolkit, polib and
Babel wrap at other widths, vim leaves a long line unwrapped), and that is not a change
of what the catalog says.  `first_content_difference(old, new)` compares two *parsed*
catalogs the way gettext reads them and returns the first `Difference` that a reader of
the catalog would see, or None when they differ at most in layout.  Content is:
- the entries, active then obsolete, in order: msgctxt, msgid, plural msgid, the
  translation(s), flags as GNU writes them (`fuzzy` on an entry with no translation and
  flags gettext does not know mean nothing to GNU and are not written), translator and
  extracted comments, references (as a list: duplicates and `./` aside), and the
  previous msgid (`#|`) of a fuzzy entry only;
- the header's fields (name and trimmed value, in any order), its flags and comments.
Layout is everything else: wrapping and where strings are split, spacing, comment
spacing, line ends, a byte-order mark, a `#|` left on an entry that is no longer fuzzy,
an obsolete entry without a translation (GNU drops it), the order of header fields.
`first_line_difference(old_text, new_text)` is the first line of the old text that
differs, for pointing at a layout difference.  Pure: no files, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bitext.pofile import POCatalog, POEntry, written_flags, written_fuzzy, written_references

__all__ = ["Difference", "first_content_difference", "first_line_difference", "header_field_line"]


@dataclass(frozen=True)
class Difference:
    """Where the old catalog first differs (1-based line of the old file) and in what."""

    line: int
    what: str


_PARTS = ("msgctxt", "msgid", "plural msgid", "translation", "flags", "translator comments",
          "extracted comments", "references (#:)", "previous msgid (#|)")


def _has_translation(entry: POEntry) -> bool:
    if entry.msgid_plural is not None:
        return bool(entry.msgstr_plural.get(0))
    return bool(entry.msgstr)


def _content(entry: POEntry) -> tuple:
    translation = (entry.msgstr if entry.msgid_plural is None
                   else tuple(sorted(entry.msgstr_plural.items())))
    previous = ((entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)
                if written_fuzzy(entry) else None)
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, translation,
            written_flags(entry, entry.obsolete),
            "\n".join(entry.translator_comments), "\n".join(entry.extracted_comments),
            written_references(entry.references), previous)


def _quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= width else text[: width - 1] + "…") + '"'


def _header_fields(header: POEntry | None) -> dict[str, tuple[str, str]]:
    fields: dict[str, tuple[str, str]] = {}
    if header is None:
        return fields
    for piece in header.msgstr.split("\n"):
        name, colon, value = piece.partition(":")
        if colon:
            fields[name.strip().lower()] = (name.strip(), value.strip())
        elif piece.strip():
            fields[piece.strip().lower()] = (piece.strip(), "")
    return fields


def _last_line(catalog: POCatalog, text: str | None) -> int:
    if text is not None:
        return text.count("\n") or 1
    lines = [entry.line for entry in catalog.entries] + [catalog.header.line if catalog.header else 1]
    return max(lines) or 1


def header_field_line(text: str | None, name: str, fallback: int) -> int:
    """The line of header field `name` in a catalog's text (`fallback` when not found)."""
    if text is not None:
        wanted = '"' + name.lower() + ":"
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip().lower().startswith(wanted):
                return number
    return fallback or 1


def _compare_entries(old: list[POEntry], new: list[POEntry], end: int, label: str) -> Difference | None:
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        if (before is not None and after is not None and before.msgid == after.msgid
                and before.msgctxt == after.msgctxt):
            old_content, new_content = _content(before), _content(after)
            if old_content != new_content:
                parts = [name for name, a, b in zip(_PARTS, old_content, new_content) if a != b]
                return Difference(before.line or end,
                                  f"{label} {_quote(before.msgid)}: its {' and '.join(parts)} would change")
            continue
        # the first entry that is not where it was: say what happened to it
        old_keys = {entry.key for entry in old}
        new_keys = {entry.key for entry in new}
        if (after is not None and before is not None and after.key not in old_keys
                and before.key not in new_keys):
            return Difference(before.line or end, f"the English of {label} {_quote(before.msgid)} "
                              f"changed: `update` would put the current English in its place")
        if after is not None and after.key not in old_keys:
            where = before.line if before is not None else end
            return Difference(where or end, f"new {label} {_quote(after.msgid)} would be added here")
        if before is not None and before.key not in new_keys:
            fate = "removed" if label == "obsolete entry" else "made obsolete (#~): its English is gone"
            return Difference(before.line or end, f"{label} {_quote(before.msgid)} would be {fate}")
        where = before.line if before is not None else end
        return Difference(where or end, f"{label}s would be put in the order of the English")
    return None


def first_content_difference(old: POCatalog, new: POCatalog, old_text: str | None = None) -> Difference | None:
    """The first difference in content between the catalog on disk and what `update` writes."""
    end = _last_line(old, old_text)
    found = _compare_entries([e for e in old.entries if not e.obsolete],
                             [e for e in new.entries if not e.obsolete], end, "entry")
    if found:
        return found
    # GNU drops an obsolete entry without a translation: that is layout
    found = _compare_entries([e for e in old.entries if e.obsolete and _has_translation(e)],
                             [e for e in new.entries if e.obsolete and _has_translation(e)], end,
                             "obsolete entry")
    if found:
        return found
    header_line = old.header.line if old.header is not None else 1
    before, after = _header_fields(old.header), _header_fields(new.header)
    for key in list(after) + [key for key in before if key not in after]:
        if before.get(key, (None, None))[1] != after.get(key, (None, None))[1]:
            name = (after.get(key) or before[key])[0]
            if key not in before:
                return Difference(header_line, f"header field {name} would be added")
            if key not in after:
                return Difference(header_field_line(old_text, name, header_line),
                                  f"header field {name} would be removed")
            return Difference(header_field_line(old_text, name, header_line),
                              f"header field {name} would change from {before[key][1]!r} "
                              f"to {after[key][1]!r}")
    if old.header is not None and new.header is not None:
        if written_flags(old.header) != written_flags(new.header):
            return Difference(header_line, "the header's flags would change")
        if ([c.rstrip() for c in old.header.translator_comments]
                != [c.rstrip() for c in new.header.translator_comments]):
            return Difference(header_line, "the header's comments would change")
    elif (old.header is None) != (new.header is None):
        return Difference(1, "a header would be added")
    return None


def first_line_difference(old_text: str | None, new_text: str | None) -> int:
    """The 1-based line of `old_text` where it first differs from `new_text` (1 if unknown)."""
    if old_text is None or new_text is None:
        return 1
    if old_text.startswith("\ufeff") or "\r\n" in old_text:
        return 1  # a byte-order mark or CRLF line ends: the first line already differs
    old_lines = old_text.split("\n")
    new_lines = new_text.split("\n")
    for number, (a, b) in enumerate(zip(old_lines, new_lines), 1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines))
