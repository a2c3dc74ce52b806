"""The fast reader: whole well-formed entries matched by one regular expression.

`parse_fast(text, codec)` gives exactly what the strict parser gives for `text`, or None
when the text holds anything it does not fully accept (then the strict parser reads the
file again and alone decides what is an error and where).  tests/test_pofile.py checks
it against the strict parser.
"""

from __future__ import annotations

import re

from bitext.pofile.lexer import _BAD_BYTE, _unescape
from bitext.pofile.model import POCatalog, POEntry
from bitext.pofile.parser import _Stop, _attach_comments, _header_codec


def _fast_input(text: str, clean: bool) -> str | None:
    """`text` as _parse_fast reads it (LF line ends, a final newline), or None.

    None where only the strict reader may look: a NUL, or bytes that did not decode.
    """
    if "\x00" in text or not clean and _BAD_BYTE.search(text) is not None:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text if text.endswith("\n") else text + "\n"


# One whole entry in the shape every PO writer uses: comment lines (blank lines among
# them), an optional ``#| msgid``, then msgctxt/msgid and msgstr or msgid_plural with
# msgstr[0], msgstr[1]... (many plural forms, as in Arabic: one group), each keyword and each
# continuation line on a line of its own with the same prefix (``#~ `` when obsolete).
# A string is taken as everything between the first and the last quote of its line
# (a quick scan); _fast_string then refuses what the lexer would not read as one string.
# No accepted line ends in a backslash, so none would have been joined to the next.
_FAST_ENTRY = re.compile(
    r'((?:[ \t]*\n)*)((?:#(?![~|]).*(?<!\\)\n|[ \t]*\n)*)'
    r'(?:(#~?\| )msgid "(.*)"\n((?:\3".*"\n)*))?'
    r'(#~ |)'
    r'(?:msgctxt "(.*)"\n((?:\6".*"\n)*)\6)?'
    r'msgid "(.*)"\n((?:\6".*"\n)*)'
    r'(?:\6msgstr "(.*)"\n((?:\6".*"\n)*)'
    r'|\6msgid_plural "(.*)"\n((?:\6".*"\n)*)((?:\6msgstr\[[0-9]+\] ".*"\n(?:\6".*"\n)*)+))')
# The plural forms of one entry, matched whole by the last group of _FAST_ENTRY: one
# ``msgstr[N]`` with its continuation lines at a time, per prefix.
_FAST_FORMS = {prefix: re.compile(prefix + r'msgstr\[([0-9]+)\] "(.*)"\n((?:' + prefix + r'".*"\n)*)')
               for prefix in ("", "#~ ")}
# The usual entry, four fifths of real catalogs and nearly all of bitext's own: blank
# lines, "#. " lines (none ending in a backslash), one or more "#:" lines of references
# separated by one space (none with a colon at either end, none ending in a backslash),
# perhaps one "#, " line, then msgid and msgstr, each on one line or followed by
# continuation lines that hold no backslash and no quote but their own two, and no
# continuation line after the msgstr's.  Whatever else is read by _FAST_ENTRY's path,
# which gives the same for these (tests/test_pofile.py checks both ways agree).
_SIMPLE_REFERENCES = r'(?:[^\s:]\S*)?[^\s:\\](?: (?:[^\s:]\S*)?[^\s:\\])*'
_SIMPLE_ENTRY = re.compile(
    r'\n*((?:#\. [^\n]*(?<!\\)\n)*)'
    r'#: (' + _SIMPLE_REFERENCES + r'(?:\n#: ' + _SIMPLE_REFERENCES + r')*)\n(?:#, ([^\n]*)\n)?'
    r'msgid "([^"\\\n]*(?:\\.[^"\\\n]*)*)"\n((?:"[^"\\\n]*"\n)*)'
    r'msgstr "([^"\\\n]*(?:\\.[^"\\\n]*)*)"\n((?:"[^"\\\n]*"\n)*)(?!")')
# Flags read inline from a "#, " line of these alone, each once, split at ", " (what
# _parse_flags makes of it); any other "#," line goes through _attach_comments.
_USUAL_FLAGS = frozenset(["fuzzy", "c-format", "no-c-format", "python-format",
                          "no-python-format", "python-brace-format", "no-python-brace-format",
                          "no-wrap", "wrap"])
_FAST_TAIL = re.compile(r"(?:#(?![~|]).*(?<!\\)\n|[ \t]*\n)*")
_STRING_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*')


def _parse_fast(text: str, codec: str | None) -> tuple[POCatalog, str | None] | None:
    """What _Parser gives for `text` (LF line ends, ending in a newline), or None.

    Only entries matched whole by _FAST_ENTRY are read here; anything else (unusual
    spacing, plural forms out of order, errors, a duplicate, a bad charset) returns None, and the
    strict parser reads the file again: it alone decides what is wrong and where.
    """
    entries: list[POEntry] = []
    header = None
    header_codec = None
    seen: set[tuple[str | None, str]] = set()  # (msgctxt, msgid) of entries with a context
    seen_plain: set[str] = set()  # msgid of the others: no tuple to make per entry
    position = 0
    number = 1
    simple = _SIMPLE_ENTRY.match
    general = _FAST_ENTRY.match
    simple_flags: dict[str, list[str] | None] = {}
    while True:
        found = simple(text, position)
        if found is not None:
            # The usual entry (see _SIMPLE_ENTRY), read here with few steps.
            extracted_lines, reference, flag_text, msgid, id_more, msgstr, str_more = found.groups()
            flags: list[str] | None = []
            if flag_text is not None:
                flags = simple_flags.get(flag_text, ())
                if flags == ():
                    # As the general path reads a "#," line (it keeps only these).
                    flags = flag_text.strip().split(", ")
                    if not all(flag in _USUAL_FLAGS for flag in flags) \
                            or len(set(flags)) != len(flags):
                        flags = None
                    simple_flags[flag_text] = flags
            if flags is not None and ":0" not in reference:
                if " " in reference or "\n" in reference:
                    # Several references: each a word, as _parse_references reads them;
                    # a repeated one is the general path's to drop.
                    references = reference.replace("\n#: ", " ").split(" ")
                    if len(set(references)) != len(references):
                        references = None
                else:
                    references = [reference]
                try:
                    if "\\" in msgid:
                        msgid = _unescape(msgid, codec)
                    if "\\" in msgstr:
                        msgstr = _unescape(msgstr, codec)
                except ValueError:
                    return None
                if id_more:
                    msgid += id_more[1:-2].replace('"\n"', "")
                if str_more:
                    msgstr += str_more[1:-2].replace('"\n"', "")
                if msgid and references is not None:
                    if msgid in seen_plain:
                        return None
                    seen_plain.add(msgid)
                    id_start = found.start(4)
                    line = number + text.count("\n", position, id_start)
                    if not extracted_lines:
                        extracted = []
                    elif extracted_lines.count("\n") == 1:
                        extracted = [extracted_lines[3:-1]]
                    else:
                        extracted = [comment[3:] for comment in extracted_lines[:-1].split("\n")]
                    entries.append(POEntry(msgid, msgstr, None, None, {}, flags[:], [], extracted,
                                           references, None, None, None, False, line))
                    position = found.end()
                    number = line + 2 if not (id_more or str_more) \
                        else line + text.count("\n", id_start, position)
                    continue
        found = general(text, position)
        if found is None:
            break
        (blank, comments, prev_prefix, prev_first, prev_more, prefix, ctxt_first, ctxt_more,
         id_first, id_more, str_first, str_more, plural_first, plural_more,
         forms_block) = found.groups()
        obsolete = prefix == "#~ "
        # Line numbers by counting newlines in the text, twice an entry (not per field).
        id_start = found.start(9)
        line = number + text.count("\n", position, id_start)  # the msgid keyword's
        if comments:
            count = comments.count("\n")
            lines = comments.split("\n")
            lines.pop()
            if comments.count("\n#") + (comments[0] == "#") != count:
                lines = [line for line in lines if line[:1] == "#"]  # blank lines among them
        previous_msgid = None
        if prev_prefix is not None:
            if (prev_prefix == "#~| ") != obsolete:
                return None
            previous_msgid = _fast_string(prev_first, prev_more, prev_prefix, codec)
            if previous_msgid is None:
                return None
        msgctxt = None
        if ctxt_first is not None:
            msgctxt = _fast_string(ctxt_first, ctxt_more, prefix, codec)
            if msgctxt is None:
                return None
        # The usual strings (no escape, no quote inside) inline; _fast_string the rest.
        if "\\" in id_first or '"' in id_first:
            msgid = _fast_string(id_first, id_more, prefix, codec)
            if msgid is None:
                return None
        elif id_more:
            count = id_more.count("\n")
            if "\\" not in id_more and id_more.count('"') == 2 * count:
                msgid = id_first + id_more[len(prefix) + 1:-2].replace(f'"\n{prefix}"', "")
            else:
                msgid = _fast_string(id_first, id_more, prefix, codec)
                if msgid is None:
                    return None
        else:
            msgid = id_first
        msgid_plural = None
        forms: dict[int, str] = {}
        if forms_block is not None:
            # msgid_plural, then msgstr[0], msgstr[1]... numbered from 0 without a gap
            # (anything else is the strict parser's to report).
            msgid_plural = _fast_string(plural_first, plural_more, prefix, codec)
            if msgid_plural is None:
                return None
            for form in _FAST_FORMS[prefix].finditer(forms_block):
                index, form_first, form_more = form.groups()
                if int(index) != len(forms):
                    return None
                value = _fast_string(form_first, form_more, prefix, codec)
                if value is None:
                    return None
                forms[len(forms)] = value
            msgstr = ""
        elif "\\" in str_first or '"' in str_first:
            msgstr = _fast_string(str_first, str_more, prefix, codec)
            if msgstr is None:
                return None
        elif str_more:
            count = str_more.count("\n")
            if "\\" not in str_more and str_more.count('"') == 2 * count:
                msgstr = str_first + str_more[len(prefix) + 1:-2].replace(f'"\n{prefix}"', "")
            else:
                msgstr = _fast_string(str_first, str_more, prefix, codec)
                if msgstr is None:
                    return None
        else:
            msgstr = str_first
        if msgctxt is None:
            if msgid in seen_plain:
                return None
            seen_plain.add(msgid)
        else:
            key = (msgctxt, msgid)
            if key in seen:
                return None
            seen.add(key)
        # The usual comments inline: "#." lines, one "#:" line of one reference, and
        # one "#," line of the usual flags.
        extracted: list[str] = []
        references: list[str] = []
        flags: list[str] = []
        unusual = False
        if comments:
            for comment in lines:
                kind = comment[1:2]
                if kind == ".":
                    extracted.append(comment[3:] if comment[2:3] == " " else comment[2:])
                    continue
                if kind == ":" and not references:
                    reference = comment[3:]
                    if comment[2:3] == " " and reference and reference[0] != ":" \
                            and reference[-1] != ":" and ":0" not in reference \
                            and " " not in reference and "\t" not in reference:
                        # One word, no colon at either end: what _parse_references keeps.
                        references.append(reference)
                        continue
                if kind == "," and not flags:
                    flags = comment[2:].strip().split(", ")
                    if all(flag in _USUAL_FLAGS for flag in flags) and len(set(flags)) == len(flags):
                        continue
                    flags = []
                unusual = True
                break
        # Every field, in POEntry's order: a quicker call than by keyword.
        if unusual:
            entry = POEntry(msgid, msgstr, msgctxt, msgid_plural, forms, [], [], [], [], None,
                            previous_msgid, None, obsolete, line)
            _attach_comments(entry, [comment[1:] for comment in lines])
        else:
            entry = POEntry(msgid, msgstr, msgctxt, msgid_plural, forms, flags, [], extracted,
                            references, None, previous_msgid, None, obsolete, line)
        if header is None and msgctxt is None and msgid == "" and not obsolete:
            header = entry
            header_codec = _header_codec(entry)
            if isinstance(header_codec, _Stop):
                return None
        else:
            entries.append(entry)
        position = found.end()
        number = line + text.count("\n", id_start, position)
    if _FAST_TAIL.match(text, position).end() != len(text):
        return None
    return POCatalog(header, entries), header_codec


def _fast_string(first: str, more: str, prefix: str, codec: str | None) -> str | None:
    """The value of a string and its continuation lines, or None if not well formed."""
    if more:
        if "\\" not in first and "\\" not in more and '"' not in first \
                and more.count('"') == 2 * more.count("\n"):
            # No escape, no quote but the delimiters: the continuation lines are
            # exactly PREFIX"..."\n, strip them in one go.
            return first + more[len(prefix) + 1:-2].replace(f'"\n{prefix}"', "")
        # Each continuation line is PREFIX"..."\n: strip them in one go.
        parts = [first, *more[len(prefix) + 1:-2].split(f'"\n{prefix}"')]
        if '"' in first or more.count('"') != 2 * len(parts) - 2:
            if any('"' in part and _STRING_BODY.fullmatch(part) is None for part in parts):
                return None  # a quote inside that is not escaped: not one string
        if "\\" not in first and "\\" not in more:
            return "".join(parts)
    else:
        if '"' in first and _STRING_BODY.fullmatch(first) is None:
            return None
        if "\\" not in first:
            return first
        parts = [first]
    try:
        # Each string on its own, as the lexer reads them: an escape cannot span two.
        return "".join([_unescape(part, codec) if "\\" in part else part for part in parts])
    except ValueError:
        return None
