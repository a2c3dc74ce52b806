"""Reading a PO/POT file: bytes or text -> `POCatalog`, strict as GNU msgcat 0.21.

`read_po(data, path)` decodes with the header's charset (sniffed, then checked by the
parse), tries the fast reader and falls back to the strict tokenizer and parser; the
first error is raised as `POSyntaxError` or `CatalogError` with `path` and msgcat's line.
"""

from __future__ import annotations

import codecs
import re

from bitext.errors import CatalogError, POSyntaxError
from bitext.pofile.collector import paused
from bitext.pofile.fast import _fast_input, _parse_fast
from bitext.pofile.model import POCatalog, POEntry
from bitext.pofile.parser import _Parser, _Stop

__all__ = ["read_po"]


_CHARSET_SNIFF = re.compile(rb'charset=([^\s"\\]*)')
_STRING_JOINT = re.compile(rb'"[ \t]*\r?\n[ \t]*"')


def read_po(data: bytes | str, path: str) -> POCatalog:
    """Parse a PO/POT file; raise POSyntaxError/CatalogError(msg, path, line) if malformed."""
    return paused(_read_po, data, str(path))


def _read_po(data: bytes | str, path: str) -> POCatalog:
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
    except (LookupError, UnicodeDecodeError, ValueError):  # ValueError: a NUL in the name
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
