"""A TMX 1.4b translation memory of one article in one language (`build/<lang>/<slug>.tmx`).

`render_tmx(article, resolutions, source_language, language)` returns UTF-8 bytes of
`<tmx version="1.4">` with a header (`creationtool="bitext"`, `segtype="paragraph"`,
`o-tmf="PO"`, `adminlang="en"`, `srclang` = the source language, `datatype="markdown"`: segments
keep their inline Markdown; `"plaintext"` for a `.txt` article) and one `<tu>` per *translated* catalog entry — unique msgids in
order of first appearance; stale and untranslated entries are left out, since a memory must
hold only approved pairs.  Each `<tu>` has `tuid` = the first 16 hex digits of the msgid's
SHA-1 (stable across builds and insertions), a `<prop type="x-bitext-kind">` with the entry's
kind, and a `<tuv xml:lang>` with a `<seg>` for the source and for the translation (BCP 47 tags).

XML 1.0 cannot carry C0 control characters other than tab, LF and CR, nor U+FFFE/U+FFFF or
lone surrogates, even as character references, so the file is well-formed XML whatever a
catalog or a source holds:
- in a `<seg>`, each such character becomes a TMX placeholder, `<ph type="x-bitext-char">`
  holding its character reference as text (`&#x1;`): TMX 1.4b's `<ph>` stands for native
  code that is not text, so nothing is lost silently and a tool can put it back;
- in a `<prop>` (an entry's kind, which may be a front-matter key, and the article's slug),
  which holds text only, each becomes U+FFFD.
CR and CRLF become LF, because an XML parser would turn them into LF anyway.  The document is
built with xml.etree.ElementTree, which escapes `&`, `<`, `>` and quotes; no text is spliced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from bitext import __version__
from bitext.lang import bcp47
from bitext.model import Article, Resolution, State
from bitext.outputs.choose import message_hash

__all__ = ["render_tmx", "tu_id"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"  # what ElementTree writes for UTF-8
# Everything outside XML 1.0's Char production (CR aside: normalised to LF first).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    """Text for an XML element that holds text only: invalid characters as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _fill_seg(seg: ET.Element, text: str) -> None:
    """`text` into `seg`, each character XML cannot carry as a `<ph>` placeholder."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _NOT_XML.split(text)
    seg.text = parts[0]
    for char, tail in zip(_NOT_XML.findall(text), parts[1:]):
        placeholder = ET.SubElement(seg, "ph", {"type": "x-bitext-char"})
        placeholder.text = f"&#x{ord(char):X};"
        placeholder.tail = tail


def tu_id(msgid: str) -> str:
    """The stable `tuid` of a catalog entry."""
    return message_hash(msgid)[:16]


def _tuv(parent: ET.Element, language: str, text: str, segs: list[tuple[ET.Element, str]]) -> None:
    tuv = ET.SubElement(parent, "tuv", {_XML_LANG: bcp47(language)})
    segs.append((ET.SubElement(tuv, "seg"), text))


def render_tmx(
    article: Article,
    resolutions: Mapping[str, Resolution],
    source_language: str,
    language: str,
) -> bytes:
    """TMX 1.4b bytes: one translation unit per translated entry of `article` in `language`."""
    root = ET.Element("tmx", {"version": "1.4"})
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "bitext",
            "creationtoolversion": __version__,
            "segtype": "paragraph",
            "o-tmf": "PO",
            "adminlang": "en",
            "srclang": bcp47(source_language),
            "datatype": "plaintext" if article.format == "txt" else "markdown",
        },
    )
    ET.SubElement(header, "prop", {"type": "x-bitext-article"}).text = _xml_text(article.slug)
    body = ET.SubElement(root, "body")
    used: set[str] = set()
    segs: list[tuple[ET.Element, str]] = []
    for message in article.messages():
        resolution = resolutions.get(message.msgid)
        if resolution is None or resolution.state != State.TRANSLATED or not resolution.translation:
            continue
        tuid = tu_id(message.msgid)
        suffix = 1
        while tuid in used:  # two msgids sharing 16 hex digits: still unique, still deterministic
            suffix += 1
            tuid = f"{tu_id(message.msgid)}-{suffix}"
        used.add(tuid)
        unit = ET.SubElement(body, "tu", {"tuid": tuid})
        ET.SubElement(unit, "prop", {"type": "x-bitext-kind"}).text = _xml_text(message.kind)
        _tuv(unit, source_language, message.msgid, segs)
        _tuv(unit, language, resolution.translation, segs)
    ET.indent(root)
    for seg, text in segs:  # after indent, which would put white space into a seg holding a <ph>
        _fill_seg(seg, text)
    # serialised to text, then encoded once: with an encoding, ElementTree sends each of its
    # ~1,500 pieces through an encoder (-25% of this call); the same bytes, since every
    # character left is one UTF-8 encodes (XML's invalid ones became <ph> or U+FFFD above)
    return _DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"
