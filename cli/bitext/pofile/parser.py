"""The strict parser: tokens -> catalog, stopping at msgcat's first error.

`Parser(text, codec).parse()` returns ``(POCatalog, header codec)`` or raises `Stop`
carrying the exception class, message and line that `read_po` raises: errors in
msgcat's order (see the class).  Also here: sorting an entry's comment lines into its
fields (`attach_comments`: flags, references in GNU's three spellings, Solaris-style
references, extracted and translator comments) and the header's charset check, both
shared with the fast reader.
"""

from __future__ import annotations

import codecs
import re

from bitext.errors import CatalogError, POSyntaxError
from bitext.pofile.lexer import (_COMMENT, _DOMAIN, _EOF, _ERROR, _JUNK, _LBRACKET, _MSGCTXT,
                                 _MSGID, _MSGID_PLURAL, _MSGSTR, _NUMBER, _PREV_MSGCTXT,
                                 _PREV_MSGID, _PREV_MSGID_PLURAL, _PREV_STRING, _RBRACKET,
                                 _STRING, _tokenize)
from bitext.pofile.model import POCatalog, POEntry


# The charsets GNU gettext accepts in a header (po-charset.c), compared case-insensitively.
_PORTABLE_CHARSETS = frozenset("""
    ASCII ANSI_X3.4-1968 US-ASCII ISO-8859-1 ISO_8859-1 ISO-8859-2 ISO_8859-2 ISO-8859-3
    ISO_8859-3 ISO-8859-4 ISO_8859-4 ISO-8859-5 ISO_8859-5 ISO-8859-6 ISO_8859-6 ISO-8859-7
    ISO_8859-7 ISO-8859-8 ISO_8859-8 ISO-8859-9 ISO_8859-9 ISO-8859-13 ISO_8859-13
    ISO-8859-14 ISO_8859-14 ISO-8859-15 ISO_8859-15 KOI8-R KOI8-U KOI8-T CP850 CP866 CP874
    CP932 CP949 CP950 CP1250 CP1251 CP1252 CP1253 CP1254 CP1255 CP1256 CP1257 GB2312 EUC-JP
    EUC-KR EUC-TW BIG5 BIG5-HKSCS GBK GB18030 SHIFT_JIS JOHAB TIS-620 VISCII GEORGIAN-PS
    UTF-8""".split())
_CHARSET_IN_HEADER = re.compile(r"charset=([^ \t\n]*)")
_FLAG_SPLIT = re.compile(r"[\n \t\r\f\v,]+")
_SOLARIS_REF = re.compile(
    r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line(?:[ \t]*number)?[ \t]*:([0-9]+)[ \t\n]*\Z")
_REF_SPACED_LINE = re.compile(r"[ \t\n]*:[ \t\n]*([0-9]+)(?=[ \t\n]|\Z)")
_REF_AFTER_COLON = re.compile(r"[ \t\n]*([0-9]+)(?=[ \t\n]|\Z)")
_REF_TRAILING_LINE = re.compile(r"(.+):([0-9]+)", re.S)


class _Stop(Exception):
    """First error found: carries what read_po raises."""

    def __init__(self, kind: type, message: str, line: int):
        super().__init__(message)
        self.kind, self.message, self.line = kind, message, line


class _Parser:
    """A hand-written version of GNU's po-gram-gen.y that stops at the first error.

    Errors come in msgcat's order: a token's lexical error as soon as the parser looks
    at it; "missing ... section" and #~ consistency once the token after a message has
    been looked at; a duplicate once the message is complete.
    """

    def __init__(self, text: str, codec: str | None):
        self.tokens = _tokenize(text, codec)
        self.line_count = text.count("\n") + 1
        self.index = 0
        self.entries: list[POEntry] = []
        self.header: POEntry | None = None
        self.header_codec: str | _Stop | None = None
        self.seen: dict[tuple[str | None, str], int] = {}
        self.plural_counter = 0

    def parse(self) -> tuple[POCatalog, str | None]:
        tokens = self.tokens
        comments: list[str] = []
        while True:
            kind, value, line, _ = tokens[self.index]
            if kind == _COMMENT:
                comments.append(value)
                self.index += 1
            elif kind in (_MSGID, _MSGCTXT, _PREV_MSGID, _PREV_MSGCTXT):
                self._message(comments)
                comments = []
            elif kind == _EOF:
                break
            elif kind == _DOMAIN:
                raise _Stop(POSyntaxError, '"domain" directives are not supported', line)
            else:
                self._unexpected()
        if isinstance(self.header_codec, _Stop):
            raise self.header_codec  # like msgcat, only once the whole file has parsed
        return POCatalog(self.header, self.entries), self.header_codec

    # -- helpers --------------------------------------------------------------

    def _look(self) -> tuple:
        token = self.tokens[self.index]
        if token[0] == _ERROR:
            kind, message = token[1]
            raise _Stop(kind, message, token[2])
        return token

    def _unexpected(self):
        token = self._look()
        line = token[2]
        if token[0] == _COMMENT and line < self.line_count:
            line += 1  # GNU's lexer has already read the comment's newline
        raise _Stop(POSyntaxError, f"syntax error{_describe(token)}", line)

    def _expect(self, kind: int) -> tuple:
        token = self._look()
        if token[0] != kind:
            self._unexpected()
        self.index += 1
        return token

    def _strings(self, kind: int) -> tuple[str, int, bool]:
        """A non-empty run of strings: (text, line, obsolete); looks at the next token."""
        first = self._expect(kind)
        parts = [first[1]]
        while True:
            token = self._look()
            if token[0] != kind:
                break
            if token[3] != first[3]:
                _inconsistent(token[2])
            parts.append(token[1])
            self.index += 1
        return "".join(parts), first[2], first[3]

    # -- grammar ----------------------------------------------------------------

    def _message(self, comments: list[str]) -> None:
        entry = POEntry(msgid="")
        kind = self._look()[0]
        if kind in (_PREV_MSGID, _PREV_MSGCTXT):
            intro = self._look()
            if kind == _PREV_MSGCTXT:
                self.index += 1
                text, line, obsolete = self._strings(_PREV_STRING)
                _check(intro[3], obsolete, line)
                entry.previous_msgctxt = text
                prev_id = self._expect(_PREV_MSGID)
                _check(intro[3], prev_id[3], prev_id[2])
                intro = prev_id
            else:
                self.index += 1
            text, line, obsolete = self._strings(_PREV_STRING)
            entry.previous_msgid = text
            checks = [(obsolete, line)]
            if self._look()[0] == _PREV_MSGID_PLURAL:
                plural = self._expect(_PREV_MSGID_PLURAL)
                text, line, obsolete = self._strings(_PREV_STRING)
                _check(plural[3], obsolete, line)
                entry.previous_msgid_plural = text
                checks.append((plural[3], plural[2]))
            for other, where in checks:
                _check(intro[3], other, where)
            previous_obsolete = intro[3]
            if self._look()[0] not in (_MSGID, _MSGCTXT):
                self._unexpected()
        else:
            previous_obsolete = None
        if self._look()[0] == _MSGCTXT:
            ctxt = self._expect(_MSGCTXT)
            text, line, obsolete = self._strings(_STRING)
            entry.msgctxt = text
            msgid = self._expect(_MSGID)
            _check(ctxt[3], obsolete, line)
            _check(ctxt[3], msgid[3], msgid[2])
        else:
            msgid = self._expect(_MSGID)
        if previous_obsolete is not None:
            _check(previous_obsolete, msgid[3], msgid[2])
        entry.obsolete = obsolete = msgid[3]
        entry.line = msgid[2]
        text, line, string_obsolete = self._strings(_STRING)
        entry.msgid = text
        checks = [(string_obsolete, line)]
        token = self._look()
        if token[0] == _MSGSTR and self.tokens[self.index + 1][0] != _LBRACKET:
            self.index += 1
            text, line, string_obsolete = self._strings(_STRING)
            entry.msgstr = text
            checks += [(token[3], token[2]), (string_obsolete, line)]
        elif token[0] in (_MSGID_PLURAL, _MSGSTR):
            if token[0] == _MSGID_PLURAL:
                self.index += 1
                text, line, string_obsolete = self._strings(_STRING)
                _check(token[3], string_obsolete, line)
                self.plural_counter = 0
                entry.msgid_plural = text
                checks.append((token[3], token[2]))
                if self._look()[0] != _MSGSTR:
                    _check_all(obsolete, checks)
                    raise _Stop(POSyntaxError, "missing 'msgstr[]' section", entry.line)
            forms, first_msgstr = self._plural_forms()
            checks.append(first_msgstr)
            if entry.msgid_plural is None:
                _check_all(obsolete, checks)
                raise _Stop(POSyntaxError, "missing 'msgid_plural' section", entry.line)
            entry.msgstr_plural = forms
        else:
            _check_all(obsolete, checks)
            raise _Stop(POSyntaxError, "missing 'msgstr' section" + _hint(token), entry.line)
        _check_all(obsolete, checks)
        _attach_comments(entry, comments)
        self._add(entry)

    def _plural_forms(self) -> tuple[dict[int, str], tuple[bool, int]]:
        forms: dict[int, str] = {}
        first = None
        while self._look()[0] == _MSGSTR:
            keyword = self._expect(_MSGSTR)
            if first is None:
                first = (keyword[3], keyword[2])
            parts = [self._expect(_LBRACKET), self._expect(_NUMBER), self._expect(_RBRACKET)]
            text, line, obsolete = self._strings(_STRING)
            number = parts[1][1]
            # Like GNU, count forms from the last msgid_plural, not from this message.
            if number != self.plural_counter:
                message = ("first plural form has nonzero index" if not self.plural_counter
                           else "plural form has wrong index")
                raise _Stop(POSyntaxError, message, keyword[2])
            self.plural_counter += 1
            for part in parts:
                _check(keyword[3], part[3], part[2])
            _check(keyword[3], obsolete, line)
            if first[0] != keyword[3]:
                _inconsistent(keyword[2])
            forms[number] = text
        return forms, first

    def _add(self, entry: POEntry) -> None:
        key = (entry.msgctxt, entry.msgid)
        first = self.seen.get(key)
        if first is not None:
            raise _Stop(CatalogError,
                        f"duplicate message definition (first defined on line {first})", entry.line)
        self.seen[key] = entry.line
        is_header = entry.msgctxt is None and entry.msgid == "" and not entry.obsolete
        if is_header and self.header is None:
            self.header = entry
            self.header_codec = _header_codec(entry)
        else:
            self.entries.append(entry)


def _attach_comments(entry: POEntry, comments: list[str]) -> None:
    """Sort the comment lines of an entry (text after the ``#``) into its fields."""
    seen_refs: set[str] | None = None
    for comment in comments:
        kind = comment[:1]
        if kind == ".":
            text = comment[1:]
            entry.extracted_comments.append(text[1:] if text[:1] == " " else text)
        elif kind == ":":
            references = _parse_references(comment[1:])
            if seen_refs is None:
                seen_refs = set(entry.references)
            for reference in references:
                if reference not in seen_refs:
                    seen_refs.add(reference)
                    entry.references.append(reference)
        elif kind in (",", "!"):
            entry.flags.extend(flag for flag in _parse_flags(comment[1:])
                               if flag not in entry.flags)
        else:
            solaris = _SOLARIS_REF.match(comment)
            if solaris is not None:
                reference = f"{solaris.group(1)}:{int(solaris.group(2))}"
                if seen_refs is None:
                    seen_refs = set(entry.references)
                if reference not in seen_refs:
                    seen_refs.add(reference)
                    entry.references.append(reference)
            else:
                entry.translator_comments.append(comment[1:] if kind == " " else comment)


def _header_codec(header: POEntry) -> str | _Stop | None:
    """The Python codec for the header's charset, None if it has none, or the error."""
    match = _CHARSET_IN_HEADER.search(header.msgstr)
    charset = match.group(1) if match else None
    if not charset or charset == "CHARSET":
        return None
    if charset.upper() not in _PORTABLE_CHARSETS:
        return _Stop(CatalogError, f"charset {charset!r} in the header is not a portable "
                     "encoding name (GNU gettext refuses it; write UTF-8)", header.line)
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return _Stop(CatalogError, f"charset {charset!r} in the header is not known to Python",
                     header.line)


def _check_all(expected: bool, parts: list[tuple[bool, int]]) -> None:
    for actual, line in parts:
        _check(expected, actual, line)


def _check(expected: bool, actual: bool, line: int) -> None:
    if expected != actual:
        _inconsistent(line)


def _inconsistent(line: int):
    raise _Stop(POSyntaxError,
                "inconsistent use of #~ (part of an entry is obsolete, part not)", line)


def _hint(token: tuple) -> str:
    """What stands where a message's msgstr should be, when it is worth saying."""
    if token[0] == _JUNK and token[1] in "<=>":
        return f" (a merge-conflict marker on line {token[2]}?)"
    if token[0] == _COMMENT:
        return f" (a comment on line {token[2]} interrupts the entry)"
    return ""


def _describe(token: tuple) -> str:
    kind, value = token[0], token[1]
    if kind == _EOF:
        return " (unexpected end of file)"
    if kind == _JUNK:
        if value in "<=>":
            return f" (unexpected {value!r}: a merge-conflict marker?)"
        return f" (unexpected {value!r}: text outside a string)"
    if kind in (_STRING, _PREV_STRING):
        return " (unexpected string)"
    if kind == _COMMENT:
        return " (a comment inside an entry)"
    names = {_MSGCTXT: "msgctxt", _MSGID: "msgid", _MSGID_PLURAL: "msgid_plural",
             _MSGSTR: "msgstr", _PREV_MSGCTXT: "#| msgctxt", _PREV_MSGID: "#| msgid",
             _PREV_MSGID_PLURAL: "#| msgid_plural", _LBRACKET: "[", _RBRACKET: "]",
             _NUMBER: "number"}
    return f" (unexpected {names.get(kind, '?')})"


def _parse_flags(text: str) -> list[str]:
    flags: list[str] = []
    tokens = [token for token in _FLAG_SPLIT.split(text) if token]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "range:" and index < len(tokens):
            token = f"range: {tokens[index]}"
            index += 1
        flags.append(token)
    return flags


def _parse_references(text: str) -> list[str]:
    """GNU's three spellings: ``file:12``, ``file :12`` / ``file: 12``, bare ``file``."""
    if "\t" not in text and "\n" not in text and " :" not in text and ": " not in text:
        # Space-separated words, none starting or ending with a colon: only the first
        # and the last spelling can occur, and each word is a reference on its own.
        references = []
        for name in text.split(" "):
            if not name:
                continue
            if name[-1] == ":":
                return _parse_references_spaced(text)
            head, colon, tail = name.rpartition(":")
            if head and tail.isdigit() and tail.isascii() and tail[0] == "0" and len(tail) > 1:
                name = f"{head}:{int(tail)}"
            references.append(name)
        return references
    return _parse_references_spaced(text)


def _parse_references_spaced(text: str) -> list[str]:
    references: list[str] = []
    position, end = 0, len(text)
    while position < end:
        while position < end and text[position] in " \t\n":
            position += 1
        if position >= end:
            break
        start = position
        while position < end and text[position] not in " \t\n":
            position += 1
        name = text[start:position]
        spaced = _REF_SPACED_LINE.match(text, position)
        if spaced is not None:
            references.append(f"{name}:{int(spaced.group(1))}")
            position = spaced.end()
            continue
        if name.endswith(":"):
            after = _REF_AFTER_COLON.match(text, position)
            if after is not None:
                references.append(f"{name[:-1]}:{int(after.group(1))}")
                position = after.end()
                continue
        trailing = _REF_TRAILING_LINE.fullmatch(name)
        if trailing is not None:
            references.append(f"{trailing.group(1)}:{int(trailing.group(2))}")
        else:
            references.append(name)
    return references
