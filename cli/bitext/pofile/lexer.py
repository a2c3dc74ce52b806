"""The strict tokenizer: PO text -> tokens, as GNU's po-lex.c reads it.

`tokenize(text, codec)` returns tuples ``(kind, value, line, obsolete)`` ending in an
`EOF` token, or in an `ERROR` token carrying ``(exception class, message)`` at the first
lexical error (a bad byte, NUL, an unterminated string, an unknown keyword, a bad
escape).  Line numbers are GNU's: lines joined by a backslash-newline keep the number of
their first line, and an unterminated string is reported on the line after it.
`unescape(body, codec)` resolves C escapes; octal and hex escapes stand for bytes of the
file's encoding.  Whole common blocks (blank lines, comment runs, a keyword with its
continuation strings) are matched at once; any other line goes through the general
per-line lexer.
"""

from __future__ import annotations

import re

from bitext.errors import POSyntaxError


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


def _tokenize(text: str, codec: str | None) -> list[tuple]:
    """Tokens ``(kind, value, line, obsolete)``; a lexical error becomes an _ERROR token."""
    tokens: list[tuple] = []
    append = tokens.append
    last = text.count("\n") + 1
    if "\\\n" in text or _BAD_BYTE.search(text) is not None or "\x00" in text:
        # Rare: go line by line, so that a bad byte is reported in its place and lines
        # joined by a backslash-newline keep GNU's line numbers.
        carried = False  # a "#|" whose line ended in a comment: see _lex_line
        for number, line, joins in _logical_lines(text):
            problem = _byte_problem(line)
            if problem:
                append((_ERROR, (POSyntaxError, problem), number, False))
                return tokens
            at_eof = number + sum(count for _, count in joins) == last
            if not line:
                carried = False
                continue
            carried = _lex_line(line, number, at_eof, codec, append, joins, carried)
            if carried is None:
                return tokens
        append((_EOF, None, last, False))
        return tokens
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    block = _BLOCK.match
    position, number, size = 0, 1, len(text)
    carried = False  # a "#|" whose line ended in a comment: see _lex_line
    while position < size:
        match = None if carried else block(text, position)
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
        if line:
            carried = _lex_line(line, number, number == last, codec, append, (), carried)
            if carried is None:
                return tokens
        else:
            carried = False
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
              joins: list[tuple[int, int]] = (), previous: bool = False) -> bool | None:
    """General lexer for one line; None after appending an _ERROR token.

    Otherwise whether a ``#|`` stays in force on the next line: as in GNU's po-lex.c, a
    comment reads its line's newline itself, so the newline that would end the
    "previous" state is not seen (`previous` is that state carried in).  ``#~`` is
    not carried: GNU ends it at every comment.
    """
    obsolete = False
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
            return previous
        elif body is not None:
            if "\\" in body:
                try:
                    body = _unescape(body, codec)
                except ValueError as exc:
                    append((_ERROR, (POSyntaxError, str(exc)), number, False))
                    return None
            if not close:
                if at_eof:
                    append((_ERROR, (POSyntaxError, "end-of-file within string"), number, False))
                else:
                    # GNU reports it once the newline has been read: on the next line.
                    after = first + sum(count for _, count in joins) + 1
                    message = f"end-of-line within string (the string opened on line {number})"
                    append((_ERROR, (POSyntaxError, message), after, False))
                return None
            append((_PREV_STRING if previous else _STRING, body, number, obsolete))
        elif word is not None:
            kind = (_PREV_KEYWORDS if previous else _KEYWORDS).get(word)
            if kind is None:
                append((_ERROR, (POSyntaxError, f'keyword "{word}" unknown'), number, False))
                return None
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
    return False  # the newline ends a "#|"


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
