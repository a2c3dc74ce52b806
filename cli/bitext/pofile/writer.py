"""Writing GNU gettext's canonical form: `POCatalog` -> the text msgcat 0.21 prints.

`generate_po(catalog)` returns the text (see the package docstring for the layout).
`written_flags`, `written_fuzzy` and `written_references` say what the writer will put
on an entry's ``#,`` and ``#:`` lines, for comparing a file's layout with GNU's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate

from bitext.pofile.collector import paused
from bitext.pofile.formats import _DIRECTIVE_PARSERS
from bitext.pofile.linebreak import _classes, _classes_and_widths, _column_sums, _layout
from bitext.pofile.model import POCatalog, POEntry
from bitext.pofile.parser import _REF_TRAILING_LINE

__all__ = ["generate_po", "written_flags", "written_references", "written_fuzzy"]


_PAGE_WIDTH = 79
_NO_WRAP = 1 << 40
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp")
_FORMAT_FLAG = re.compile(r"(no-|possible-|impossible-)?(.+)-format")
_RANGE_FLAG = re.compile(r"range: ([0-9]+)\.\.([0-9]+)")
_CONTROL_ESCAPES = (("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r"), ("\a", "\\a"), ("\b", "\\b"),
                    ("\f", "\\f"), ("\v", "\\v"))
_ESCAPED = re.compile('[\\\\"\n\t\r\a\b\f\v]')
# A msgid or msgstr of at most this many characters fits on its keyword line, even behind
# "#~ ", whatever it holds: 2 columns a character at most (a wide one, or an escape).
_SHORT = (_PAGE_WIDTH - 2 - len("#~ ") - len("msgstr ")) // 2


def generate_po(catalog: POCatalog) -> str:
    """GNU gettext's canonical text for `catalog` (what msgcat prints for it)."""
    return paused(_generate, catalog)


def _generate(catalog: POCatalog) -> str:
    out: list[str] = []
    blank = False
    active = [entry for entry in catalog.entries if not entry.obsolete]
    if catalog.header is not None:
        active.insert(0, catalog.header)
    for entry in active:
        if blank:
            out.append("\n")
        _write_entry(out, entry, False)
        blank = True
    for entry in catalog.entries:
        # GNU drops an obsolete entry that has no translation.
        if entry.obsolete and _first_msgstr(entry):
            if blank:
                out.append("\n")
            _write_entry(out, entry, True)
            blank = True
    return "".join(out)


def written_flags(entry: POEntry, obsolete: bool = False) -> str:
    """The flags as the writer puts them on the ``#,`` line ("" for none): what they mean to GNU."""
    return _flags(entry, obsolete)[1].rstrip("\n")


def written_fuzzy(entry: POEntry) -> bool:
    """Whether the written entry is fuzzy (GNU drops ``fuzzy`` from an entry with no translation)."""
    return entry.fuzzy and bool(_first_msgstr(entry))


def written_references(references: list[str]) -> str:
    """The references as the writer lists them (duplicates and ``./`` dropped), on one line."""
    return _references_text(references).replace("\n#:", "") if references else ""


def _first_msgstr(entry: POEntry) -> str:
    if entry.msgid_plural is not None:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def _write_entry(out: list[str], entry: POEntry, obsolete: bool) -> None:
    append = out.append
    for comment in entry.translator_comments:
        rest = comment
        while True:
            head, newline, tail = rest.partition("\n")
            append(_comment_line("# " + head) if rest else "#\n")
            if not newline:
                break
            rest = tail
    for comment in entry.extracted_comments:
        if comment and "\n" not in comment and comment[-1] != "\\":
            append(f"#. {comment}\n")
            continue
        for piece in comment.split("\n"):
            append(_comment_line("#. " + piece) if piece else "#.\n")
    references = entry.references
    if references:
        if len(references) == 1 and references[0][:2] != "./" and ":0" not in references[0] \
                and references[0][-1:] != "\\":
            # Already as GNU writes it: not cut at a leading "./" nor a leading zero.
            append(f"#: {references[0]}\n")
        else:
            append(_comment_line(_references_text(references)))
    if entry.flags:
        translated = entry.msgstr if entry.msgid_plural is None else entry.msgstr_plural.get(0, "")
        _, flags_text, wrap, language = _flags_of(tuple(entry.flags), bool(translated), obsolete)
        if flags_text:
            append(flags_text)
    else:
        wrap, language = True, None
    if obsolete:
        previous_prefix, prefix = "#~| ", "#~ "
    else:
        previous_prefix, prefix = "#| ", ""
    if entry.previous_msgctxt is not None:
        _wrap(out, previous_prefix, "msgctxt", entry.previous_msgctxt, wrap, language)
    if entry.previous_msgid is not None:
        _wrap(out, previous_prefix, "msgid", entry.previous_msgid, wrap, language)
    if entry.previous_msgid_plural is not None:
        _wrap(out, previous_prefix, "msgid_plural", entry.previous_msgid_plural, wrap,
              language)
    if entry.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.msgctxt, wrap, language)
    msgid = entry.msgid
    if entry.msgid_plural is None:
        msgstr = entry.msgstr
        if len(msgid) <= _SHORT and len(msgstr) <= _SHORT and msgid.isprintable() \
                and msgstr.isprintable():
            # Most messages: two short strings without a control character.  Each
            # character takes at most two columns, escaped or wide, so both fit on the
            # keyword line, as _wrap would find (tests/test_pofile.py checks it).
            if "\\" in msgid or '"' in msgid:
                msgid = _escape(msgid)
            if "\\" in msgstr or '"' in msgstr:
                msgstr = _escape(msgstr)
            append(f'{prefix}msgid "{msgid}"\n{prefix}msgstr "{msgstr}"\n')
            return
        _wrap(out, prefix, "msgid", msgid, wrap, language)
        _wrap(out, prefix, "msgstr", msgstr, wrap, language)
        return
    _wrap(out, prefix, "msgid", msgid, wrap, language)
    _wrap(out, prefix, "msgid_plural", entry.msgid_plural, wrap, language)
    forms = entry.msgstr_plural
    for index in range(max(forms, default=0) + 1):
        _wrap(out, prefix, f"msgstr[{index}]", forms.get(index, ""), wrap, language)


def _comment_line(text: str) -> str:
    # A line ending in a backslash would swallow the next one (GNU joins them).
    return text + (" \n" if text.endswith("\\") else "\n")


def _references_text(references: list[str]) -> str:
    parts = ["#:"]
    column = 2
    seen: set[tuple[str, int | None]] = set()
    for reference in references:
        match = _REF_TRAILING_LINE.fullmatch(reference)
        name, number = (match.group(1), int(match.group(2))) if match else (reference, None)
        if (name, number) in seen:
            continue
        seen.add((name, number))
        while name.startswith("./"):
            name = name[2:]
        text = name if number is None else f"{name}:{number}"
        size = len(text.encode("utf-8")) + 1
        if column > 2 and column + size > _PAGE_WIDTH:
            parts.append("\n#:")
            column = 2
        parts.append(" " + text)
        column += size
    return "".join(parts)


def _flags(entry: POEntry, obsolete: bool) -> tuple[dict[str, str], str, bool]:
    """({language: prefix}, the canonical "#," line or "", wrap)."""
    if not entry.flags:
        return {}, "", True
    return _flags_of(tuple(entry.flags), bool(_first_msgstr(entry)), obsolete)[:3]


@lru_cache(maxsize=1024)
def _flags_of(flags: tuple[str, ...], translated: bool,
              obsolete: bool) -> tuple[dict[str, str], str, bool, str | None]:
    """_flags for a tuple of flags, and the format language whose directives stay whole.

    A catalog holds a handful of distinct flag sets (``c-format``, ``fuzzy, c-format``...):
    each is worked out once.  The dict returned is shared: callers only read it.
    """
    fuzzy = False
    formats: dict[str, str] = {}
    span = None
    wrap = True
    for flag in flags:
        if flag == "fuzzy":
            fuzzy = True
        elif flag == "wrap":
            wrap = True
        elif flag == "no-wrap":
            wrap = False
        else:
            match = _RANGE_FLAG.fullmatch(flag)
            if match is not None:
                low, high = int(match.group(1)), int(match.group(2))
                if low <= high:
                    span = (low, high)
                continue
            match = _FORMAT_FLAG.fullmatch(flag)
            if match is not None and match.group(2) in _FORMAT_LANGUAGES:
                formats[match.group(2)] = match.group(1) or ""
    items = ["fuzzy"] if fuzzy and translated else []
    for language in _FORMAT_LANGUAGES:
        state = formats.get(language)
        if state in ("", "possible-"):
            items.append(f"{language}-format")
        elif state == "no-":
            items.append(f"no-{language}-format")
    if span is not None and not obsolete:  # GNU 0.21 forgets the range of an obsolete entry
        items.append(f"range: {span[0]}..{span[1]}")
    if not wrap:
        items.append("no-wrap")
    text = "#, " + ", ".join(items) + "\n" if items else ""
    # GNU keeps the directives of the first format language the entry has whole.
    language = next((language for language in _FORMAT_LANGUAGES
                     if formats.get(language) in ("", "possible-")), None) if formats else None
    return formats, text, wrap, language


def _wrap(out: list[str], prefix: str, name: str, value: str, wrap: bool,
          language: str | None) -> None:
    """Write ``name "value"`` the way GNU's write-po.c wraps it."""
    if not value:
        out.append(f'{prefix}{name} ""\n')
        return
    # Columns available between the quotes of a continuation line.
    width = (_PAGE_WIDTH if wrap else _NO_WRAP) - 2 - len(prefix)
    length = len(value)
    newline = value.find("\n")
    if newline >= 0 and newline != length - 1:
        _wrap_portions(out, prefix, name, value, width, language)
        return
    # One portion (the usual case): it stays on the keyword line unless GNU would
    # break it there; laid out from column 0 it is then the same or longer.
    if len(name) + 1 + 2 * length <= width:
        # No character takes more than two columns, escaped or wide: a short string
        # fits whatever it holds, and its widths need not be looked up.
        out.append(f'{prefix}{name} "{_escape(value)}"\n')
        return
    sums: list[int] | None = None
    classes: bytes | None = None  # of `escaped`, once known
    if value.isascii():
        plain = value.isprintable()
    else:
        # Classes and widths in one lookup: beyond Latin-1 that is the costly step.
        classes, widths = _classes_and_widths(value)
        plain = widths.count(1) == length
        if not plain and "\\" not in value and '"' not in value:
            # CJK, or combining marks: nothing to escape but a final newline, so the
            # widths already at hand give the columns (no second pass over the text).
            body = value[:-1] if newline >= 0 else value
            if body.isprintable():
                if newline >= 0:
                    escaped, widths = body + "\\n", widths[:-1] + b"\x01\x01"
                    classes = classes[:-1] + _classes("\\n")
                else:
                    escaped = value
                columns = len(widths) + widths.count(2) - widths.count(0)
                if len(name) + 1 + columns <= width:
                    out.append(f'{prefix}{name} "{escaped}"\n')
                    return
                if widths.count(1) != len(widths):
                    sums = list(accumulate(widths, initial=0))
                plain = None  # laid out below
    if plain is None:
        pass  # escaped and sums are ready for the layout below
    elif plain:
        # Every character one column wide, no control character: only quotes and
        # backslashes to escape, and escapes are one column per character too.
        escaped = value
        if "\\" in escaped:
            escaped = escaped.replace("\\", "\\\\")
            classes = None
        if '"' in escaped:
            escaped = escaped.replace('"', '\\"')
            classes = None
        if len(name) + 1 + len(escaped) <= width:
            out.append(f'{prefix}{name} "{escaped}"\n')
            return
    else:
        escaped = _escape(value)
        if escaped.isascii():
            sums = _column_sums(escaped)
            classes = None
        else:
            classes, widths = _classes_and_widths(escaped)
            if widths.count(1) != len(widths):
                sums = list(accumulate(widths, initial=0))
        if len(name) + 1 + (len(escaped) if sums is None else sums[-1]) <= width:
            out.append(f'{prefix}{name} "{escaped}"\n')
            return
    blocked = {len(escaped) - 2} if newline >= 0 else set()
    # Only now that the string is known not to fit: where its format directives are.
    interiors = _interiors(value, name, language)
    if interiors:
        blocked |= _escaped_positions(value, 0, interiors)
    if classes is None:
        classes = _classes(escaped)
    pieces = _layout(escaped, 0, width, blocked, sums, classes)
    if len(pieces) == 1 and len(_layout(escaped, len(name) + 1, width, blocked, sums, classes)) == 1:
        out.append(f'{prefix}{name} "{escaped}"\n')
        return
    out.append(f'{prefix}{name} ""\n{prefix}"' + f'"\n{prefix}"'.join(pieces) + '"\n')


def _interiors(value: str, name: str, language: str | None) -> set[int] | None:
    """Indices of `value` inside format directives GNU keeps whole, or None."""
    if language is None or "%" not in value:
        return None
    parser = _DIRECTIVE_PARSERS.get(language)
    return parser(value, name.startswith("msgstr")) if parser is not None else None


def _wrap_portions(out: list[str], prefix: str, name: str, value: str, width: int,
                   language: str | None) -> None:
    """_wrap for a value with a newline before its end: one layout per line of it."""
    out.append(f'{prefix}{name} ""\n')
    length = len(value)
    start = 0
    interiors: set[int] | None | bool = False  # False: not yet looked for
    while start < length:
        newline = value.find("\n", start)
        stop = length if newline < 0 else newline + 1
        portion = value[start:stop]
        escaped = _escape(portion)
        sums = _column_sums(escaped)
        if (len(escaped) if sums is None else sums[-1]) <= width:
            # Fits on its line: where breaks are forbidden does not matter (what
            # _layout would find, without looking for format directives).
            out.append(f'{prefix}"{escaped}"\n')
            start = stop
            continue
        blocked = {len(escaped) - 2} if newline >= 0 else set()
        if interiors is False:
            interiors = _interiors(value, name, language)
        if interiors:
            blocked |= _escaped_positions(portion, start, interiors)
        for piece in _layout(escaped, 0, width, blocked, sums):
            out.append(f'{prefix}"{piece}"\n')
        start = stop


def _escape(text: str) -> str:
    """`text` with C escapes for backslash, quote and the control characters that have one."""
    # str.replace is many times faster than str.translate with a dict.
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if not text.isprintable():
        for char, escape in _CONTROL_ESCAPES:
            if char in text:
                text = text.replace(char, escape)
    return text


def _escaped_positions(portion: str, offset: int, interiors: set[int]) -> set[int]:
    """Where the indices of `interiors` that fall in `portion` (which starts at index
    `offset` of its value) stand in the escaped portion: each escaped character before
    them adds one column."""
    end = offset + len(portion)
    inside = sorted(index - offset for index in interiors if offset <= index < end)
    if not inside:
        return set()
    escapes = [match.start() for match in _ESCAPED.finditer(portion, 0, inside[-1])]
    if not escapes:
        return set(inside)
    return {index + bisect_left(escapes, index) for index in inside}
