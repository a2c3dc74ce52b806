"""A TMX 1.4b translation memory of one article in one language (`build/<lang>/<slug>.tmx`).

`render_tmx(article, resolutions, source_language, language)` returns UTF-8 bytes of
`<tmx version="1.4">` with a header (`creationtool="bitext"`, `segtype="paragraph"`,
`o-tmf="PO"`, `adminlang="en"`, `srclang` = the source language, `datatype="markdown"`: segments
keep their inline Markdown) and one `<tu>` per *translated* catalog entry — unique msgids in
order of first appearance; stale and untranslated entries are left out, since a memory must
hold only approved pairs.  Each `<tu>` has `tuid` = the first 16 hex digits of the msgid's
SHA-1 (stable across builds and insertions), a `<prop type="x-bitext-kind">` with the entry's
kind, and a `<tuv xml:lang>` with a `<seg>` for the source and for the translation (BCP 47 tags).

XML 1.0 cannot carry C0 control characters other than tab, LF and CR, nor U+FFFE/U+FFFF, even
as character references: they are removed from both texts (`choose.clean_text`); CR and CRLF
become LF, because an XML parser would turn them into LF anyway.  The document is built with
xml.etree.ElementTree, which escapes `&`, `<`, `>` and quotes; no text is ever spliced.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from bitext import __version__
from bitext.lang import bcp47
from bitext.model import Article, Resolution, State
from bitext.outputs.choose import clean_text, message_hash

__all__ = ["render_tmx", "tu_id"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tu_id(msgid: str) -> str:
    """The stable `tuid` of a catalog entry."""
    return message_hash(msgid)[:16]


def _tuv(parent: ET.Element, language: str, text: str) -> None:
    tuv = ET.SubElement(parent, "tuv", {_XML_LANG: bcp47(language)})
    ET.SubElement(tuv, "seg").text = clean_text(text)


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
            "datatype": "markdown",
        },
    )
    ET.SubElement(header, "prop", {"type": "x-bitext-article"}).text = clean_text(article.slug)
    body = ET.SubElement(root, "body")
    used: set[str] = set()
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
        ET.SubElement(unit, "prop", {"type": "x-bitext-kind"}).text = message.kind
        _tuv(unit, source_language, message.msgid)
        _tuv(unit, language, resolution.translation)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
