"""PO catalogs: a strict reader and a writer of GNU gettext's canonical form.

Contract
--------
``read_po(data, path)`` turns the bytes (or text) of a PO/POT file into a `POCatalog`.
It is strict: whatever GNU ``msgcat`` 0.21 rejects raises `POSyntaxError` (or
`CatalogError` for a duplicate message or an unusable charset) carrying ``path`` and the
1-based line of msgcat's first error (msgcat counts an unterminated string on the line
after it).  Where msgcat keeps going but silently loses text, this reader refuses too:
a NUL character, and bytes that are not valid in the declared charset, are errors
wherever they stand (comments included).  Accepted beyond msgcat: a UTF-8 byte-order
mark; CRLF line ends read as LF.  Not supported: ``domain`` directives.  Several ``#,``
lines on one entry are merged (msgcat keeps only the last one, which can drop a
``fuzzy``).  Text is decoded with the header's charset (UTF-8 in practice); as with
msgcat, a charset name outside gettext's portable list (``UTF8``, ``latin1``) and
non-ASCII text without any charset are refused.

``generate_po(catalog)`` returns GNU gettext's canonical text for a catalog: exactly
what ``msgcat`` 0.21 prints for it (``msgcat --force-po`` for a catalog with nothing
but a header, which plain msgcat does not print at all).  That means: the header
first, then active entries in list order, then obsolete ones (``#~``; those without a
translation are left out, as msgcat does); comments in the order ``#``, ``#.``, ``#:``
(filled up to 79 columns), ``#,``, ``#|``; flags normalised (``fuzzy`` only on a
non-empty translation, format flags in gettext's order, unknown flags dropped); strings
escaped and wrapped at 79 columns where GNU's line breaking allows it (libunistring
1.0's Unicode line breaking and column widths, reproduced from tables of every code
point, so any script wraps as GNU wraps it), with a ``msgid ""`` first line when a
string takes more than one line.  GNU never breaks inside a format directive: that is
reproduced for ``c-format`` and ``python-format``, not for the 28 rarer languages
(it matters only for a directive holding a space, hyphen or slash).  A comment that
ends in a backslash gets a trailing space, or GNU would join the next line to it.
Nothing here prints or touches a file.

Speed: both directions have a fast path for the common case and fall back to the
general one for anything else.  The reader matches whole well-formed entries with one
regular expression and hands any file it does not fully accept to the strict tokenizer
and parser, which alone decide what is an error and where; the writer lays out text of
the common line-breaking classes with bytes searches instead of libunistring's state
machine.  tests/test_pofile.py checks each fast path against the general one.
"""

from __future__ import annotations

import base64
import bisect
import codecs
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from bitext.errors import CatalogError, POSyntaxError

__all__ = ["POEntry", "POCatalog", "read_po", "generate_po", "written_flags", "written_references",
           "written_fuzzy"]


# --------------------------------------------------------------------------- model


@dataclass
class POEntry:
    """One message of a catalog, with everything a PO file can say about it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags[:] = [flag for flag in self.flags if flag != "fuzzy"]

    @property
    def translated(self) -> bool:
        if self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass
class POCatalog:
    """A header entry (``msgid ""``, or None) and every other entry in file order."""

    header: POEntry | None = None
    entries: list[POEntry] = field(default_factory=list)

    def header_value(self, key: str) -> str | None:
        """The value of header field `key` (case-insensitive), or None."""
        if self.header is None:
            return None
        wanted = key.lower()
        for piece in self.header.msgstr.split("\n"):
            name, colon, value = piece.partition(":")
            if colon and name.strip().lower() == wanted:
                return value.strip()
        return None

    def set_header_value(self, key: str, value: str) -> None:
        """Set header field `key`: in place if present, else appended; others untouched."""
        if self.header is None:
            self.header = POEntry(msgid="")
        pieces = self.header.msgstr.split("\n")
        if pieces[-1] == "":
            pieces.pop()
        wanted = key.lower()
        for index, piece in enumerate(pieces):
            name, colon, _ = piece.partition(":")
            if colon and name.strip().lower() == wanted:
                pieces[index] = f"{name.strip()}: {value}"
                break
        else:
            pieces.append(f"{key}: {value}")
        self.header.msgstr = "\n".join(pieces) + "\n"


# -------------------------------------------------------------------------- reader

# Token kinds.  The lexer mirrors GNU's po-lex.c: ``#~`` makes the rest of a line
# obsolete, ``#|`` (or ``#~|``) turns keywords and strings into their "previous" kind.
(_COMMENT, _MSGCTXT, _MSGID, _MSGID_PLURAL, _MSGSTR, _PREV_MSGCTXT, _PREV_MSGID,
 _PREV_MSGID_PLURAL, _STRING, _PREV_STRING, _LBRACKET, _RBRACKET, _NUMBER, _JUNK,
 _DOMAIN, _ERROR, _EOF) = range(17)

_KEYWORDS = {"msgctxt": _MSGCTXT, "msgid": _MSGID, "msgid_plural": _MSGID_PLURAL,
             "msgstr": _MSGSTR, "domain": _DOMAIN}
_PREV_KEYWORDS = {"msgctxt": _PREV_MSGCTXT, "msgid": _PREV_MSGID,
                  "msgid_plural": _PREV_MSGID_PLURAL}

_TOKEN = re.compile(
    r'[ \t\r\f\v]*(?:(#~\|?|#\|)|#(.*)|"([^"\\]*(?:\\.[^"\\]*)*)("?)|([A-Za-z_$][A-Za-z0-9_$]*)'
    r'|([0-9]+)|(\[)|(\])|(.)|\Z)')
# Several whole lines at once, for the common shapes: blank lines, a run of comments,
# a keyword with its string and the continuation strings under it (same prefix).
_BLOCK = re.compile(
    r'((?:[ \t]*\n)+)|((?:#(?![~|])[^\n]*\n)+)'
    r'|((?:#~\|?|#\|)[ \t]*|)(msgctxt|msgid_plural|msgid|msgstr)(\[[0-9]+\])?[ \t]*'
    r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"[ \t]*\n'
    r'((?:\3"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n)*)')
_ESCAPE = re.compile(r'\\(?:([ntbrfva"\\])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))', re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v",
                   "a": "\a", '"': '"', "\\": "\\"}
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_CHARSET_SNIFF = re.compile(rb'charset=([^\s"\\]*)')
_STRING_JOINT = re.compile(rb'"[ \t]*\r?\n[ \t]*"')
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


def read_po(data: bytes | str, path: str) -> POCatalog:
    """Parse a PO/POT file; raise POSyntaxError/CatalogError(msg, path, line) if malformed."""
    path = str(path)
    if isinstance(data, str):
        text = data[1:] if data.startswith("\ufeff") else data
        return _read_text(text, path, "utf-8", None, False)
    raw = bytes(data)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    codec = _sniff_codec(raw)
    try:
        text, clean = _decode(raw, codec, path)
        return _read_text(text, path, codec, raw, clean)
    except _Recode as recode:
        # The header's real charset differs from the sniffed one: decode again with it.
        text, clean = _decode(raw, recode.codec, path)
        return _read_text(text, path, recode.codec, None, clean)


class _Recode(Exception):
    def __init__(self, codec: str):
        super().__init__(codec)
        self.codec = codec


def _sniff_codec(raw: bytes) -> str | None:
    """A guess at the header's charset, to decode with; the parse checks the guess."""
    header = raw.find(b'msgid ""')
    if header < 0:
        return None
    region = _STRING_JOINT.sub(b"", raw[header:header + 4096])
    match = _CHARSET_SNIFF.search(region)
    if match is None or match.group(1) in (b"", b"CHARSET"):
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None  # reported by the parser, with the header's line


def _decode(raw: bytes, codec: str | None, path: str) -> tuple[str, bool]:
    """The text, and whether every byte decoded (False: lone surrogates stand for some)."""
    if codec is None or codec == "utf-8":
        try:
            return raw.decode("utf-8"), True
        except UnicodeDecodeError:
            # Invalid bytes survive as lone surrogates and are reported where they stand.
            return raw.decode("utf-8", "surrogateescape"), False
    try:
        return raw.decode(codec), True
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise POSyntaxError(f"invalid multibyte sequence (not valid {codec})", path, line) from None


def _read_text(text: str, path: str, codec: str | None, raw: bytes | None,
               clean: bool) -> POCatalog:
    try:
        catalog, header_codec = _parse(text, codec, clean)
    except _Stop as stop:
        raise stop.kind(stop.message, path, stop.line) from None
    if raw is not None and header_codec != codec and header_codec is not None:
        raise _Recode(header_codec)
    if header_codec is None:
        for entry in ([catalog.header] if catalog.header else []) + catalog.entries:
            if not _is_ascii_entry(entry):
                raise CatalogError("non-ASCII text but the header declares no charset "
                                   '(add "Content-Type: text/plain; charset=UTF-8\\n")',
                                   path, entry.line)
    return catalog


def _is_ascii_entry(entry: POEntry) -> bool:
    # What GNU checks before it accepts a file without charset (not references, flags).
    texts = [entry.msgid, entry.msgstr, entry.msgctxt or "", entry.msgid_plural or "",
             entry.previous_msgctxt or "", entry.previous_msgid or "",
             entry.previous_msgid_plural or "", *entry.msgstr_plural.values(),
             *entry.translator_comments, *entry.extracted_comments]
    return "".join(texts).isascii()


def _parse(text: str, codec: str | None, clean: bool) -> tuple[POCatalog, str | None]:
    """The catalog and the header's codec: the fast reader when it copes, else the strict one.

    `clean` says that `text` holds no byte that failed to decode.
    """
    prepared = _fast_input(text, clean)
    if prepared is not None:
        result = _parse_fast(prepared, codec)
        if result is not None:
            return result
    return _Parser(text, codec).parse()


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
# them), an optional ``#| msgid``, then msgctxt/msgid/msgstr, each keyword and each
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
    r'\6msgstr "(.*)"\n((?:\6".*"\n)*)')
_FAST_TAIL = re.compile(r"(?:#(?![~|]).*(?<!\\)\n|[ \t]*\n)*")
_STRING_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*')


def _parse_fast(text: str, codec: str | None) -> tuple[POCatalog, str | None] | None:
    """What _Parser gives for `text` (LF line ends, ending in a newline), or None.

    Only entries matched whole by _FAST_ENTRY are read here; anything else (plural
    forms, unusual spacing, errors, a duplicate, a bad charset) returns None, and the
    strict parser reads the file again: it alone decides what is wrong and where.
    """
    entries: list[POEntry] = []
    header = None
    header_codec = None
    seen: set[tuple[str | None, str]] = set()
    position = 0
    number = 1
    for found in _FAST_ENTRY.finditer(text):
        if found.start() != position:
            return None
        (blank, comments, prev_prefix, prev_first, prev_more, prefix, ctxt_first, ctxt_more,
         id_first, id_more, str_first, str_more) = found.groups()
        obsolete = prefix == "#~ "
        if blank:
            number += blank.count("\n")
        if comments:
            count = comments.count("\n")
            number += count
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
            number += 1 + prev_more.count("\n")
        msgctxt = None
        if ctxt_first is not None:
            msgctxt = _fast_string(ctxt_first, ctxt_more, prefix, codec)
            if msgctxt is None:
                return None
            number += 1 + ctxt_more.count("\n")
        line = number  # the msgid keyword's
        number += 2
        # The usual strings (no escape, no quote inside) inline; _fast_string the rest.
        if "\\" in id_first or '"' in id_first:
            msgid = _fast_string(id_first, id_more, prefix, codec)
            if msgid is None:
                return None
            number += id_more.count("\n")
        elif id_more:
            count = id_more.count("\n")
            number += count
            if "\\" not in id_more and id_more.count('"') == 2 * count:
                msgid = id_first + id_more[len(prefix) + 1:-2].replace(f'"\n{prefix}"', "")
            else:
                msgid = _fast_string(id_first, id_more, prefix, codec)
                if msgid is None:
                    return None
        else:
            msgid = id_first
        if "\\" in str_first or '"' in str_first:
            msgstr = _fast_string(str_first, str_more, prefix, codec)
            if msgstr is None:
                return None
            number += str_more.count("\n")
        elif str_more:
            count = str_more.count("\n")
            number += count
            if "\\" not in str_more and str_more.count('"') == 2 * count:
                msgstr = str_first + str_more[len(prefix) + 1:-2].replace(f'"\n{prefix}"', "")
            else:
                msgstr = _fast_string(str_first, str_more, prefix, codec)
                if msgstr is None:
                    return None
        else:
            msgstr = str_first
        key = (msgctxt, msgid)
        if key in seen:
            return None
        seen.add(key)
        # The usual comments inline: "#." lines and one "#:" line of one reference.
        extracted: list[str] = []
        references: list[str] = []
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
                unusual = True
                break
        # Every field, in POEntry's order: a quicker call than by keyword.
        if unusual:
            entry = POEntry(msgid, msgstr, msgctxt, None, {}, [], [], [], [], None,
                            previous_msgid, None, obsolete, line)
            _attach_comments(entry, [comment[1:] for comment in lines])
        else:
            entry = POEntry(msgid, msgstr, msgctxt, None, {}, [], [], extracted, references,
                            None, previous_msgid, None, obsolete, line)
        if header is None and msgctxt is None and msgid == "" and not obsolete:
            header = entry
            header_codec = _header_codec(entry)
            if isinstance(header_codec, _Stop):
                return None
        else:
            entries.append(entry)
        position = found.end()
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


def _tokenize(text: str, codec: str | None) -> list[tuple]:
    """Tokens ``(kind, value, line, obsolete)``; a lexical error becomes an _ERROR token."""
    tokens: list[tuple] = []
    append = tokens.append
    last = text.count("\n") + 1
    if "\\\n" in text or _BAD_BYTE.search(text) is not None or "\x00" in text:
        # Rare: go line by line, so that a bad byte is reported in its place and lines
        # joined by a backslash-newline keep GNU's line numbers.
        for number, line, joins in _logical_lines(text):
            problem = _byte_problem(line)
            if problem:
                append((_ERROR, (POSyntaxError, problem), number, False))
                return tokens
            at_eof = number + sum(count for _, count in joins) == last
            if line and not _lex_line(line, number, at_eof, codec, append, joins):
                return tokens
        append((_EOF, None, last, False))
        return tokens
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    block = _BLOCK.match
    position, number, size = 0, 1, len(text)
    while position < size:
        match = block(text, position)
        if match is not None:
            blank, comments, prefix, keyword, index, first, more = match.groups()
            if blank is not None:
                number += blank.count("\n")
                position = match.end()
                continue
            if comments is not None:
                for comment in comments.split("\n")[:-1]:
                    append((_COMMENT, comment[1:], number, False))
                    number += 1
                position = match.end()
                continue
            previous = "|" in prefix
            kind = (_PREV_KEYWORDS if previous else _KEYWORDS).get(keyword)
            if kind is not None and (index is None or kind == _MSGSTR):
                obsolete = prefix[:2] == "#~"
                append((kind, None, number, obsolete))
                if index is not None:
                    append((_LBRACKET, None, number, obsolete))
                    append((_NUMBER, int(index[1:-1]), number, obsolete))
                    append((_RBRACKET, None, number, obsolete))
                if more:
                    # Continuation lines are exactly PREFIX"..."\n: strip them in one go.
                    parts = [first, *more[len(prefix) + 1:-2].split(f'"\n{prefix}"')]
                else:
                    parts = [first]
                if "\\" in first or "\\" in more:
                    for offset, part in enumerate(parts):
                        if "\\" in part:
                            try:
                                parts[offset] = _unescape(part, codec)
                            except ValueError as exc:
                                append((_ERROR, (POSyntaxError, str(exc)), number + offset, False))
                                return tokens
                value = parts[0] if len(parts) == 1 else "".join(parts)
                append((_PREV_STRING if previous else _STRING, value, number, obsolete))
                number += len(parts)
                position = match.end()
                continue
        end = text.find("\n", position)
        if end < 0:
            end = size
        line = text[position:end]
        if line and not _lex_line(line, number, number == last, codec, append):
            return tokens
        position = end + 1
        number += 1
    append((_EOF, None, last, False))
    return tokens


def _logical_lines(text: str):
    """(first line number, text, joins) per line, after GNU's backslash-newline joining.

    `joins` lists (offset in the joined text, newlines removed there).
    """
    pending = None
    for number, line in enumerate(text.split("\n"), 1):
        if pending is not None:
            first, joined, joins = pending
            joins.append((len(joined), 1))
            line = joined + line
            number = first
        else:
            joins = []
        if line.endswith("\\"):
            pending = (number, line[:-1], joins)
            continue
        pending = None
        yield number, line[:-1] if line.endswith("\r") else line, joins
    if pending is not None:  # a backslash at the very end joins nothing
        first, joined, joins = pending
        yield first, joined + "\\", joins


def _byte_problem(line: str) -> str | None:
    if "\x00" in line:
        return "NUL character in the file"
    if _BAD_BYTE.search(line):
        return "invalid multibyte sequence (not valid UTF-8)"
    return None


def _lex_line(line: str, first: int, at_eof: bool, codec: str | None, append,
              joins: list[tuple[int, int]] = ()) -> bool:
    """General lexer for one line; False after appending an _ERROR token."""
    obsolete = previous = False
    position = 0
    end = len(line)
    scan = _TOKEN.match
    number = first
    while position < end:
        match = scan(line, position)
        position = match.end()
        marker, comment, body, close, word, digits, lbracket, rbracket, junk = match.groups()
        if joins:
            start = match.start(match.lastindex) if match.lastindex else position
            number = first + sum(count for offset, count in joins if offset <= start)
        if marker is not None:
            obsolete = obsolete or marker[1] == "~"
            previous = previous or marker[-1] == "|"
        elif comment is not None:
            # A comment runs to the end of the (joined) line: it carries its last line.
            append((_COMMENT, comment, first + sum(count for _, count in joins), obsolete))
            return True
        elif body is not None:
            if "\\" in body:
                try:
                    body = _unescape(body, codec)
                except ValueError as exc:
                    append((_ERROR, (POSyntaxError, str(exc)), number, False))
                    return False
            if not close:
                if at_eof:
                    append((_ERROR, (POSyntaxError, "end-of-file within string"), number, False))
                else:
                    # GNU reports it once the newline has been read: on the next line.
                    after = first + sum(count for _, count in joins) + 1
                    message = f"end-of-line within string (the string opened on line {number})"
                    append((_ERROR, (POSyntaxError, message), after, False))
                return False
            append((_PREV_STRING if previous else _STRING, body, number, obsolete))
        elif word is not None:
            kind = (_PREV_KEYWORDS if previous else _KEYWORDS).get(word)
            if kind is None:
                append((_ERROR, (POSyntaxError, f'keyword "{word}" unknown'), number, False))
                return False
            append((kind, None, number, obsolete))
        elif digits is not None:
            append((_NUMBER, int(digits), number, obsolete))
        elif lbracket is not None:
            append((_LBRACKET, None, number, obsolete))
        elif rbracket is not None:
            append((_RBRACKET, None, number, obsolete))
        elif junk is not None:
            append((_JUNK, junk, number, obsolete))
        else:
            break
    return True


def _unescape(body: str, codec: str | None) -> str:
    """Resolve C escapes as GNU's lexer does; octal/hex escapes give raw bytes."""
    if body.count("\\") == body.count('\\"') + body.count("\\n"):
        # Every backslash is followed by a quote or an n: all of them are escapes.
        return body.replace('\\"', '"').replace("\\n", "\n")
    return _unescape_all(body, codec)


def _unescape_all(body: str, codec: str | None) -> str:
    """_unescape for any body, escape by escape."""
    pieces: list = []
    raw_bytes = False
    position = 0
    for match in _ESCAPE.finditer(body):
        pieces.append(body[position:match.start()])
        position = match.end()
        simple, octal, hexa, other = match.groups()
        if simple is not None:
            pieces.append(_SIMPLE_ESCAPES[simple])
            continue
        if other is not None:
            raise ValueError(f"invalid control sequence \\{other}" if other else
                             "invalid control sequence")
        value = (int(octal, 8) if octal is not None else int(hexa, 16)) & 0xFF
        if value == 0:
            raise ValueError("NUL character (\\0) in a string")
        if value < 0x80:
            pieces.append(chr(value))
        else:
            pieces.append(bytes([value]))
            raw_bytes = True
    pieces.append(body[position:])
    if not raw_bytes:
        return "".join(pieces)
    # \NNN and \xNN stand for bytes of the file's encoding: rebuild, then decode.
    encoding = codec or "utf-8"
    blob = b"".join(p if isinstance(p, bytes) else p.encode(encoding, "surrogateescape")
                    for p in pieces)
    try:
        return blob.decode(encoding)
    except UnicodeDecodeError:
        raise ValueError("invalid multibyte sequence "
                         f"(escapes do not form valid {encoding})") from None


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


# -------------------------------------------------------------------------- writer

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
_ESCAPED_CHARS = frozenset('\\"\n\t\r\a\b\f\v')
_PRI_MACRO = re.compile(r"PRI[diouxX](?:8|16|32|64|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64)|MAX|PTR)")


def generate_po(catalog: POCatalog) -> str:
    """GNU gettext's canonical text for `catalog` (what msgcat prints for it)."""
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
        if len(references) == 1 and references[0][:2] != "./" and ":0" not in references[0]:
            # Already as GNU writes it: not cut at a leading "./" nor a leading zero.
            append(_comment_line("#: " + references[0]))
        else:
            append(_comment_line(_references_text(references)))
    if entry.flags:
        formats, flags_text, wrap = _flags(entry, obsolete)
        if flags_text:
            append(flags_text)
        # GNU keeps the directives of the first format language the entry has whole.
        language = next((language for language in _FORMAT_LANGUAGES
                         if formats.get(language) in ("", "possible-")), None) if formats else None
    else:
        wrap, language = True, None
    previous_prefix = "#~| " if obsolete else "#| "
    prefix = "#~ " if obsolete else ""
    if entry.previous_msgctxt is not None:
        _wrap(out, previous_prefix, "msgctxt", entry.previous_msgctxt, wrap, language)
    if entry.previous_msgid is not None:
        _wrap(out, previous_prefix, "msgid", entry.previous_msgid, wrap, language)
    if entry.previous_msgid_plural is not None:
        _wrap(out, previous_prefix, "msgid_plural", entry.previous_msgid_plural, wrap,
              language)
    if entry.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.msgctxt, wrap, language)
    _wrap(out, prefix, "msgid", entry.msgid, wrap, language)
    if entry.msgid_plural is None:
        _wrap(out, prefix, "msgstr", entry.msgstr, wrap, language)
        return
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
    fuzzy = False
    formats: dict[str, str] = {}
    span = None
    wrap = True
    for flag in entry.flags:
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
    items = ["fuzzy"] if fuzzy and _first_msgstr(entry) else []
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
    return formats, text, wrap


def _wrap(out: list[str], prefix: str, name: str, value: str, wrap: bool,
          language: str | None) -> None:
    """Write ``name "value"`` the way GNU's write-po.c wraps it."""
    if not value:
        out.append(f'{prefix}{name} ""\n')
        return
    # Columns available between the quotes of a continuation line.
    width = (_PAGE_WIDTH if wrap else _NO_WRAP) - 2 - len(prefix)
    interiors = None
    if language is not None and "%" in value:
        parser = _DIRECTIVE_PARSERS.get(language)
        if parser is not None:
            interiors = parser(value, name.startswith("msgstr"))
    length = len(value)
    newline = value.find("\n")
    if newline >= 0 and newline != length - 1:
        _wrap_portions(out, prefix, name, value, width, interiors)
        return
    # One portion (the usual case): it stays on the keyword line unless GNU would
    # break it there; laid out from column 0 it is then the same or longer.
    if value.isascii():
        plain = value.isprintable()
    else:
        widths = _widths(value)
        plain = widths.count(1) == length
    if plain:
        # Every character one column wide, no control character: only quotes and
        # backslashes to escape, and escapes are one column per character too.
        escaped = value
        if "\\" in escaped:
            escaped = escaped.replace("\\", "\\\\")
        if '"' in escaped:
            escaped = escaped.replace('"', '\\"')
        if len(name) + 1 + len(escaped) <= width:
            out.append(f'{prefix}{name} "{escaped}"\n')
            return
        sums = None
    else:
        escaped = _escape(value)
        sums = _column_sums(escaped)
        if len(name) + 1 + (len(escaped) if sums is None else sums[-1]) <= width:
            out.append(f'{prefix}{name} "{escaped}"\n')
            return
    blocked = {len(escaped) - 2} if newline >= 0 else set()
    if interiors:
        blocked |= _escaped_positions(value, 0, interiors)
    pieces = _layout(escaped, 0, width, blocked, sums)
    if len(pieces) == 1 and len(_layout(escaped, len(name) + 1, width, blocked, sums)) == 1:
        out.append(f'{prefix}{name} "{escaped}"\n')
        return
    out.append(f'{prefix}{name} ""\n{prefix}"' + f'"\n{prefix}"'.join(pieces) + '"\n')


def _wrap_portions(out: list[str], prefix: str, name: str, value: str, width: int,
                   interiors: set[int] | None) -> None:
    """_wrap for a value with a newline before its end: one layout per line of it."""
    out.append(f'{prefix}{name} ""\n')
    length = len(value)
    start = 0
    while start < length:
        newline = value.find("\n", start)
        stop = length if newline < 0 else newline + 1
        portion = value[start:stop]
        escaped = _escape(portion)
        blocked = {len(escaped) - 2} if newline >= 0 else set()
        if interiors:
            blocked |= _escaped_positions(portion, start, interiors)
        for piece in _layout(escaped, 0, width, blocked, _column_sums(escaped)):
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
    positions = set()
    column = 0
    for index, char in enumerate(portion, offset):
        if index in interiors:
            positions.add(column)
        column += 2 if char in _ESCAPED_CHARS else 1
    return positions


def _c_directive_interiors(value: str, translated: bool) -> set[int]:
    """Indices inside (not at the start of) valid c-format directives.

    GNU parses the string as a C format string and keeps directives whole, up to the
    first invalid one (see gettext's format-c-parse.h).
    """
    interiors: set[int] = set()
    numbered = unnumbered = False
    index, end = 0, len(value)
    flags = " +-#0'I" if translated else " +-#0'"

    def argument_number(at: int) -> tuple[int, int | None]:
        """(new index, number) for digits followed by '$', else (at, None)."""
        stop = at
        while stop < end and value[stop] in "0123456789":
            stop += 1
        if stop > at and stop < end and value[stop] == "$":
            return stop + 1, int(value[at:stop])
        return at, None

    while index < end:
        if value[index] != "%":
            index += 1
            continue
        start = index
        index += 1
        index, number = argument_number(index)
        if number == 0:
            return interiors
        uses_number = number is not None
        while index < end and value[index] in flags:
            index += 1
        for part in ("width", "precision"):
            if part == "precision":
                if index >= end or value[index] != ".":
                    break
                index += 1
            if index < end and value[index] == "*":
                index, number = argument_number(index + 1)
                if number == 0:
                    return interiors
                uses_number = uses_number or number is not None
                if number is None:
                    unnumbered = True
            else:
                while index < end and value[index] in "0123456789":
                    index += 1
        while index < end and value[index] in "hlLqjzZt":
            index += 1
        if index >= end:
            return interiors
        if value[index] == "<":
            close = value.find(">", index)
            if close < 0 or not _PRI_MACRO.fullmatch(value, index + 1, close):
                return interiors
            index = close
        elif value[index] not in "diouxXeEfFgGaAcCsSpn%":
            return interiors
        if value[index] == "%":
            pass  # "%%", or "% %" with flags: takes no argument
        elif uses_number:
            numbered = True
        else:
            unnumbered = True
        if numbered and unnumbered:
            return interiors
        interiors.update(range(start + 1, index + 1))
        index += 1
    return interiors


def _python_directive_interiors(value: str, translated: bool = False) -> set[int]:
    """Indices inside (not at the start of) valid python-format directives.

    GNU parses the string as a python-format string and keeps directives whole, up to
    the first invalid one (see gettext's format-python.c).
    """
    interiors: set[int] = set()
    digits = "0123456789"
    named = unnamed = False
    index, end = 0, len(value)
    while index < end:
        if value[index] != "%":
            index += 1
            continue
        start = index
        index += 1
        has_name = False
        if index < end and value[index] == "(":
            depth = 0
            index += 1
            while index < end and not (value[index] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(value[index], 0)
                index += 1
            if index >= end:
                return interiors
            index += 1
            has_name = True
        while index < end and value[index] in "-+ #0":
            index += 1
        for star_allowed in (True, False):
            if index < end and value[index] == "*":
                if named:
                    return interiors
                unnamed = True
                index += 1
            else:
                while index < end and value[index] in digits:
                    index += 1
            if not star_allowed or index >= end or value[index] != ".":
                break
            index += 1
        if index < end and value[index] in "hlL":
            index += 1
        if index >= end or value[index] not in "%csriduoxXeEfgG":
            return interiors
        if has_name:
            if unnamed:
                return interiors
            named = True
        elif value[index] != "%":
            if named:
                return interiors
            unnamed = True
        interiors.update(range(start + 1, index + 1))
        index += 1
    return interiors


_DIRECTIVE_PARSERS = {"c": _c_directive_interiors, "python": _python_directive_interiors}


# ------------------------------------------------------------- Unicode line breaking
#
# GNU gettext wraps strings with libunistring's ulc_width_linebreaks: Unicode line
# breaking (UAX #14 as implemented by libunistring 1.0, a pair table plus rules for
# spaces, combining marks, ZWJ, regional indicators and Hebrew hyphens) and column
# widths (uc_width).  The tables below hold, for every code point, its line-breaking
# class (after libunistring's own resolution of AI, SA, XX and CB) and its width, taken
# from libunistring 1.0 itself (see tests/test_pofile.py, which checks them against
# the library when it is installed).

(_WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2, _QU, _IS, _NU,
 _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL, _RI, _ZWJ, _EB, _EM,
 _BK, _CR, _LF, _CM, _ZW, _SP) = range(39)
_HL_BA = 100  # a Hebrew letter followed by a hyphen or break-after: no break after it
_MANDATORY = frozenset((_BK, _CR, _LF))
# After one of these the state of the break algorithm depends on what came before.
_UNSYNC = frozenset((_SP, _CM, _ZWJ, _RI, _HY, _BA))
_DIRECT, _INDIRECT, _PROHIBITED = 1, 2, 3
_INERT = bytes((_AL, _NU))  # runs of these never break inside
# Per class, for _layout_simple: 0 letters and digits (_INERT), 2 the classes that need
# the state machine's special rules (combining marks and joiners, regional indicators,
# Hebrew letters, zero-width space, mandatory breaks), 1 the rest.
_SIMPLE_MASK = bytes(0 if klass in (_AL, _NU) else
                     2 if klass in (_HL, _RI, _ZWJ, _BK, _CR, _LF, _CM, _ZW) or klass > _SP
                     else 1 for klass in range(256))


@lru_cache(maxsize=None)
def _unicode() -> tuple[list[int], list[int], bytes]:
    """(range starts, range values, pair table) decoded from the tables below."""
    data = zlib.decompress(base64.b85decode("".join(_UNICODE_TABLE)))
    starts: list[int] = []
    values: list[int] = []
    code_point = position = 0
    while position < len(data):
        count = shift = 0
        while True:
            byte = data[position]
            position += 1
            count |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        value = data[position]
        position += 1
        starts.append(code_point)
        values.append(value)
        code_point += count
    pairs = bytes(".DIP".index(entry) for row in _PAIR_TABLE for entry in row)
    return starts, values, pairs


def _properties(code_point: int) -> tuple[int, int]:
    """(line-breaking class, column width) of a code point, as libunistring 1.0 has them."""
    starts, values, _ = _unicode()
    value = values[bisect.bisect_right(starts, code_point) - 1]
    klass = value >> 2
    if klass == _H2 and (code_point - 0xAC00) % 28:
        klass = _H3  # Hangul syllables: LV every 28th code point, LVT in between
    return klass, (value & 3) - 1


class _CodePointMap(dict):
    """A str.translate table computed on demand: code point -> one-char code."""

    def __init__(self, pick: int):
        super().__init__()
        self.pick = pick

    def __missing__(self, code_point: int) -> str:
        value = _properties(code_point)[self.pick]
        code = chr(max(value, 0))
        self[code_point] = code
        return code


_CLASS_MAP = _CodePointMap(0)
_WIDTH_MAP = _CodePointMap(1)


@lru_cache(maxsize=None)
def _latin1_table(pick: int) -> bytes:
    return bytes(max(_properties(code_point)[pick], 0) for code_point in range(256))


def _classes(text: str) -> bytes:
    """One byte per character: its line-breaking class."""
    try:
        # Most text (English, Spanish...) is Latin-1: bytes.translate is much faster.
        return text.encode("latin-1").translate(_latin1_table(0))
    except UnicodeEncodeError:
        return text.translate(_CLASS_MAP).encode("latin-1")


def _widths(text: str) -> bytes:
    """One byte per character: the columns it takes (control characters take none)."""
    try:
        return text.encode("latin-1").translate(_latin1_table(1))
    except UnicodeEncodeError:
        return text.translate(_WIDTH_MAP).encode("latin-1")


def _column_sums(text: str) -> list[int] | None:
    """Running column counts of `text`, or None when every character takes one column."""
    if text.isascii() and text.isprintable():  # ASCII non-printables: the controls
        return None
    widths = _widths(text)
    if widths.count(1) == len(widths):
        return None
    return list(accumulate(widths, initial=0))


def _layout(text: str, column: int, width: int, blocked: set[int],
            sums: list[int] | None) -> list[str]:
    """Cut escaped `text` into lines as ulc_width_linebreaks does.

    `column` is where the first line starts, `width` the columns of every line, `sums`
    what _column_sums says of `text`, and `blocked` the positions where gettext forbids
    a break (inside an escape sequence, before a final ``\\n``, inside a format
    directive).
    """
    size = len(text)
    if column + (size if sums is None else sums[size]) <= width:
        return [text]
    classes = _classes(text)
    mask = classes.translate(_SIMPLE_MASK)
    if 2 not in mask and "  " not in text:
        return _layout_simple(text, classes, mask, column, width, blocked, sums)
    return _layout_general(text, classes, column, width, blocked, sums)


def _layout_general(text: str, classes: bytes, column: int, width: int, blocked: set[int],
                    sums: list[int] | None) -> list[str]:
    """_layout for any text: libunistring's state machine, a window at a time."""
    size = len(text)
    pairs = _unicode()[2]
    if _BK in classes or _CR in classes or _LF in classes:
        cuts = _cuts_exact(text, classes, sums, column, width, blocked)
        return [text[a:b] for a, b in zip([0, *cuts], [*cuts, size])]
    pieces: list[str] = []
    start = 0
    while True:
        budget = width - column
        if sums is None:
            if size - start <= budget:
                break
            last = start + budget
        else:
            if sums[size] - sums[start] <= budget:
                break
            last = bisect.bisect_right(sums, sums[start] + budget) - 1
        last = max(last, start)  # nothing fits when the line starts past the width
        cut = _last_break(text, classes, start, last, blocked, pairs)
        if cut is None:
            cut = _next_break(text, classes, last, blocked, pairs)
            if cut is None:
                break
        pieces.append(text[start:cut])
        start = cut
        column = 0
    pieces.append(text[start:])
    return pieces


def _layout_simple(text: str, classes: bytes, mask: bytes, column: int, width: int,
                   blocked: set[int], sums: list[int] | None) -> list[str]:
    """_layout for text without special classes (`mask`: see _SIMPLE_MASK) nor two spaces.

    There a break before position i depends on two or three classes only: never
    before a space; after a non-space, where the pair table says DIRECT; after a space,
    where it does not say PROHIBITED for the class before that space.  Letters and
    digits never break between themselves, so only the positions on either side of
    another character (found with bytes.rfind on the mask) are candidates.
    """
    pairs = _unicode()[2]
    size = len(text)
    pieces: list[str] = []
    start = 0
    budget = width - column
    while True:
        if sums is None:
            if size - start <= budget:
                break
            last = start + budget
        else:
            if sums[size] - sums[start] <= budget:
                break
            last = bisect.bisect_right(sums, sums[start] + budget) - 1
        if last < start:
            last = start  # nothing fits when the line starts past the width
        other = mask.rfind(1, start, last + 1)
        if 0 < other < last and classes[other] == _SP and other + 1 not in blocked \
                and pairs[classes[other - 1] * 33 + classes[other + 1]] != _PROHIBITED:
            # The usual line end: after the last space, only letters and digits follow.
            cut = other + 1
        else:
            cut = _cut_simple(text, classes, mask, start, last, blocked, pairs)
            if cut < 0:
                break
        pieces.append(text[start:cut])
        start = cut
        budget = width
    pieces.append(text[start:])
    return pieces


def _cut_simple(text: str, classes: bytes, mask: bytes, start: int, last: int,
                blocked: set[int], pairs: bytes) -> int:
    """Where _layout_simple ends a line from `start`: the last allowed break in
    (start, last], else the first one after `last`, else -1."""
    checked = last + 1
    other = mask.rfind(1, start, last + 1)
    while other >= 0:
        after = other + 1
        if classes[other] == _SP:
            # After a space (never before one): the class before it decides.
            if after < checked and other and after not in blocked \
                    and pairs[classes[other - 1] * 33 + classes[after]] != _PROHIBITED:
                return after
        else:
            if after < checked and _allows_simple(text, classes, after, blocked, pairs):
                return after
            if other > start and _allows_simple(text, classes, other, blocked, pairs):
                return other
        checked = other
        other = mask.rfind(1, start, other)
    # However long the line gets.
    size = len(text)
    other = mask.find(1, last)
    while other >= 0:
        if other > last and _allows_simple(text, classes, other, blocked, pairs):
            return other
        if other + 1 < size and _allows_simple(text, classes, other + 1, blocked, pairs):
            return other + 1
        other = mask.find(1, other + 1)
    return -1


def _allows_simple(text: str, classes: bytes, position: int, blocked: set[int],
                   pairs: bytes) -> bool:
    """Whether _layout_simple's rule allows a break before `position` (0 < position)."""
    klass = classes[position]
    if klass == _SP:
        return False
    before = classes[position - 1]
    if before != _SP:
        if pairs[before * 33 + klass] != _DIRECT:
            return False
    elif position < 2 or pairs[classes[position - 2] * 33 + klass] == _PROHIBITED:
        return False
    return (text[position - 1] != "\\" and position not in blocked
            or not _is_blocked(text, position, blocked))


def _last_break(text: str, classes: bytes, start: int, last: int, blocked: set[int],
                pairs: bytes) -> int | None:
    """The last allowed break position in (start, last], or None."""
    # Look one word at a time, backwards: most breaks follow a space.
    high = last + 1
    while high > start + 1:
        space = text.rfind(" ", start, high - 1)
        low = space + 1 if space > start else start + 1
        if space > start and not classes[low:high].translate(None, _INERT):
            # Letters and digits only after the space: the sole candidate is the
            # position right after the spaces, decided by the class before them.
            before = space
            while before >= 0 and classes[before] == _SP:
                before -= 1
            prop = classes[before] if before >= 0 else _BK
            if prop not in _UNSYNC:
                if prop in _MANDATORY:
                    allowed = False
                else:
                    allowed = prop == _ZW or pairs[prop * 33 + classes[low]] != _PROHIBITED
                if allowed and (text[low - 1] != "\\" and low not in blocked
                                or not _is_blocked(text, low, blocked)):
                    return low
                high = low
                continue
        for position in reversed(_possible_breaks(classes, low, high, pairs)):
            if not _is_blocked(text, position, blocked):
                return position
        high = low
    return None


def _next_break(text: str, classes: bytes, last: int, blocked: set[int],
                pairs: bytes) -> int | None:
    """The first allowed break position after `last`, or None."""
    low = last + 1
    while low < len(classes):
        high = min(len(classes), low + 64)
        for position in _possible_breaks(classes, low, high, pairs):
            if not _is_blocked(text, position, blocked):
                return position
        low = high
    return None


def _is_blocked(text: str, position: int, blocked: set[int]) -> bool:
    # The second character of an escape sequence follows an odd run of backslashes.
    before = position - 1
    while before >= 0 and text[before] == "\\":
        before -= 1
    return (position - 1 - before) % 2 == 1 or position in blocked


def _possible_breaks(classes: bytes, low: int, high: int, pairs: bytes) -> list[int]:
    """Positions in [low, high) before which libunistring allows a line break.

    The state machine starts at the nearest earlier character after which its state
    does not depend on history, so short windows cost little.
    """
    start = low - 1
    while start >= 0 and classes[start] in _UNSYNC:
        start -= 1
    if start < 0:
        previous = last = _BK
    else:
        previous = classes[start]
        last = _BK if previous in _MANDATORY else previous
    start += 1
    space = False
    regional = 0
    found: list[int] = []
    for position in range(start, high):
        prop = classes[position]
        if prop == _SP:
            space = True
        elif prop == _CM or prop == _ZWJ:
            # A combining mark sticks to what precedes it, unless that is a space.
            if last == _BK:
                last, space = _AL, False
            elif last == _ZW or space:
                if position >= low:
                    found.append(position)
                last, space = _AL, False
        elif prop in _MANDATORY:
            previous, last, space, regional = prop, _BK, False, 0
            continue
        elif prop == _ZW:
            last, space = _ZW, False
        else:
            if last == _BK:
                allowed = False
            elif last == _ZW:
                allowed = True
            elif previous == _ZWJ or previous == _HL_BA:
                allowed = False
            elif last == _RI and prop == _RI:
                allowed = space or regional % 2 == 0
            else:
                rule = pairs[last * 33 + prop]
                allowed = rule == _DIRECT or (rule == _INDIRECT and space)
            if allowed and position >= low:
                found.append(position)
            last, space = prop, False
        previous = _HL_BA if previous == _HL and (prop == _HY or prop == _BA) else prop
        regional = regional + 1 if prop == _RI else 0
    return found


def _cuts_exact(text: str, classes: bytes, sums: list[int] | None, column: int, width: int,
                blocked: set[int]) -> list[int]:
    """Break positions by a literal port of u8_width_linebreaks (mandatory breaks too)."""
    possible = set(_possible_breaks(classes, 0, len(classes), _unicode()[2]))
    cuts: set[int] = set()
    last_cut = None
    piece = 0
    for position, prop in enumerate(classes):
        if _is_blocked(text, position, blocked):
            kind = 0
        elif prop in _MANDATORY:
            kind = 2
        else:
            kind = 1 if position in possible else 0
        if kind and last_cut is not None and column + piece > width:
            cuts.add(last_cut)
            column = 0
        if kind == 2:
            last_cut, column, piece = None, 0, 0
            continue
        if kind == 1:
            last_cut, column, piece = position, column + piece, 0
        piece += 1 if sums is None else sums[position + 1] - sums[position]
    if last_cut is not None and column + piece > width:
        cuts.add(last_cut)
    return sorted(cuts)


# Run-length encoded (varint count, class * 4 + width + 1), zlib, base85.
_UNICODE_TABLE = (
    "c-oCuO^h5@5mvp|f73Jbc6R(fYp>To%o_jf+8g4v7I|%r#3YQtWU3Pdgy?7WB1HjNLKX@l2a"
    "iz<N{}PA+gO4~L_&lkH<S|~P9P+t<U%gM0f^wjk2!((iTSE}*2x+Raj5C;_p0jEtKV;^Og5="
    "Sx6Dm?vAapHP@mR_X+%T(uF(q3>(@H%23<}EX5BLN=NLO9nm-^<M?K<blWz7lDZ=;AjzU%~Z"
    "Ntzr!f!Xi3M5xv4Df-MZWpw`A1f(rm2ucE9n<<v!*O{Jg6rf0IhIeAP+t<8n)*~GJa;YN;98"
    "rbv1L0n>xP@UWBVs~SD6lIXa+c;+<>73g*1kFrBNLLp6Os0%NmvQJXd}a(lb~)#EmkLllvlT"
    "M!UgFSR=Neusnh12iS}wPRirF7g`res?LI!DzVU3Ng3eHRB~pD(~L_8v!bgy$2EtXZYm)v8%"
    "&jQ;cTo7LsplIvua!KOBvWDe6|$Jb_&0~HMenvwTE!JXx};2EE*Hsp59}J+Plq`SS7ctL1fA"
    "g>bj}m;YzgE_B!n1IYKZ?SzE2omV2w00@c)<>WLBIhMr5^nlr9-$+^N=ZE<$wS*>b>#7ng8)"
    "GfR4K8#i05WfNTt=@|`siNA8)p<k~Ni>%1i8(=(vF@JI)yBAqoDofn9CTqtmm-j(DC{F~St4"
    "&r(UfwXbyHeFf`d$Th8^+|o_3}TCF}U8c-@IV8mzjyA)AOfkemY<oM)z1wD1P2#~tjp)gs9z"
    "Qi~AJalu!fdHmUrU;VXFXOeqWe(vEat|xWYyUf-dmAz`e2F$oQJm*0d^^ka+sJiCZI9d{6C6"
    "rNp$X+&m?8w#o8nBR1E}w<`VO-!j4J1;l3N-i;+?#+i9o!K6&ufgRT+`Z#rGCb>;sm!y$C9_"
    "{K)kn`50+=7da7luj!-Kk)O>2HCy*&FMQy=nuFl$d){Ly=-D<Q?s;tpG)3xd};+!at<<Qk<9"
    "fgJ`)Lm_G#Ztj#q!lExKOw$Y{#&{YasqL-j_yF)7mak42xq5=IGUW5Mz@C897klo0(+wbwTK"
    "-yOOf;hINvU{)S&?gdPpLimTe7;)8AQ+(Ka0@02yhapqbI35*4NO4Gp7zLh0z2@Z9meyp>sw"
    "jfbXHn)?wB$Y8KHIr*0mhztuk>citkIZn>$y2<z9+2U5V6KlJ{yn`u&e1>pkv)~PL<82;@L<"
    "R|YdfYS@9Z0SmY2qV!_p$?npq1nVA49?j=fqq`(q%_Lkk8;7eOivzG<|Y=-};BqLGa^#89bA"
    "PT(3Ng@Am&z^B`Tg&%K~;--4~#BWfRI-$b)QTR|C1-uKCU4grG!<rQ8i-C9yt1LhTk){F*zy"
    "LN=OPjyN<lyPeHjaH_Tc(-!(2kml)x#ubSgl}bUk?&<KA7nIR=HT6B5Tg1ZJ!Ey6R?S@MQ3J"
    "O_Paw0b(aEsmx6?k*!S{SeO5o2hDX?PxZ;8MQf0&(s`8nuGT%jYJ*)gB+-Lw88-+4_0{+4)~"
    "t@=i`1Sh;~#2fH$2L<>c9g}IffHHnU8+hoxD!ssJkEU`D*Hs<p#G)Z4OV{*~snrU1u!A?P<t"
    "}EX)Twll{g|=F?Lmh%Rf`WiW3}lmYwxeSghj`<PC5W|j#E6BWyV)V33Ud&+CQ|nTDKouk7&o"
    "T+IK^3m^6OB_6f)!w9=*iNYlZm<YY-yMEu&*Pq%o_vjLyEdUL=x0uShO4YpoG=K+Nve6yKSd"
    "hO3pi2V2g)`ylmC0#&9Tri6o?GsVfDZ_{6#((EY?C~X(A;yceO)5dGuyTnWBV^sza2R1>(db"
    "ewZl>Z*1l)RBoRd|2ADBL;3VU?c^e{E@bm>%XmJXu8BQ%RGvQqGm(IxB6rLKe{e*uf`A2J|+"
    "D?fJxBppR&oCdui6XScRMfX!Fo!`{(K!#>e9+No(fet6`Wm#-+<mmVS9r|sH{RE<aRRrX|K}"
    "Z1^CC^Vm%cDGl#5f?pMnO`liE*liRuV{r6jdy#G(N0xv#?19P$F46kmhZwll5TlraF2~L%Jb"
    "}rIiohIfY0Hp1RWPKcY~>RP{ir`-5EhGvIzyp-_UG$!YJx7~u}88e&0z4Pz?7w-{dKk88YW1"
    "i=WSP8FGqlK*4uMfJK?j^uMX_{A20+*(AjI0MKs;{+b^RN<D5ZMCP}U7rF}GgT?x&9n$)fQ0"
    "}g0-UV-6R8_S_`71tkfR!?)u6KWiTcI52KK+O1!ooX)}9hvQWxPd*3+anbaiCPt^``Iyrjb#"
    "MJ%Hfx40#>2b`|k(m+y05fJJx@NPXiuCEMw9$c2U{u9KC(Bx95Ijrcu>$k4@Govy2J&YIvW4"
    "OBs)c<ad?TYOoS$pq}pT9uSis^kHIzu```|cdkt<4Wh+9=9M2YpE;w<bY!f)NGH{18!huh&>"
    "{wTf}&k21Py2yA=X@!yxxNN+^`Et?(ZhW`WFCFW=hlF9xZ<B_||vk*x5mi6D>p=lqKzdFiGa"
    "PFS+Rl#Bc{G+N<O7_g-fUiqAz0~BD!Hs}dkv%Kg?VRGC0Bu?R3(S;nrs|$qm8)G7mS2_+3E<"
    "n3YUiOX9biC@-fUw1Dk!Y)yYll$8y5}Vh=4%IFXln<>AY3U<OW2A6Xa05FHeg$n!~3+@Gr1K"
    "ngQ+P=ZfBQ*0(oK`e38s;|=58M&w_ijYGbbH!#?SAT+j#^GPm%W0yA>8Y0L}(6MR))Cs{q3o"
    "ru!lUpCYaG{1Q0#JN&vdiz7pr=g&NP%M_8cDTkTT}{lU*1hNQd|{h9q+O>h8+e)j=g*@PBGV"
    "U&B-o6p#a+3;9CYz+M5ed8bLQspY++T*`<JwKxYSQxXC2+5#+==BNi6cHwAtb0q$vw&vUDI3"
    "J#15z=DGOOwr<?ILAqma#S3{6ZpL_`DLuvw@!RA!GMPDRPK`Nt@6`YIqwZtjNWioZ`__7_D|"
    "vjhoHc7O0jPg2k>mFEq0O?sgDY1E#gU|xJ%j?-iZst@7#mUS^fK^8^`ny@s$#2|1OoA|7!Ao"
    "00Hto)&"
)
_PAIR_TABLE = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII"
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII"
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII"
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP"
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP"
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII"
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII"
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI"
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD"
)
