"""The translation memory: other catalogs, TMX and PO files, one index per language.

What `update` pre-fills a segment new to its catalog with (SPEC section 4, step 4, when
the catalog's own entries gave nothing).  A memory is a list of `MemoryUnit`s — an
English text, its translation and where it came from — searched in their order:

- the other catalogs of the same language in the publication (translated, non-fuzzy,
  active entries; articles in slug order), then
- the files the `memory` setting names (globs, expanded by `config`): TMX 1.4 (`.tmx`)
  and PO (`.po`), in the setting's order.

`TranslationMemory.lookup(text, cutoff)` gives an exact match (the first unit with the
same English) or else the most similar unit at or above `cutoff` (the same measure and
index as `merge.FuzzyIndex`), as a `model.MemoryMatch`; None when there is neither.

Memory files are untrusted input.  TMX is read by expat (the parser under
xml.etree), with what defusedxml refuses refused here: any DOCTYPE (so no entity can be
declared: no "billion laughs", no external entity reaching the file system or network).
A file that is not well-formed XML, not TMX, or not a valid PO file is a `MemoryFileError`
naming the file and line.  A PO file's language is its `Language` header, or else a
folder or file name that is one of the publication's languages
(`old/es/LC_MESSAGES/x.po`, `es.po`); a PO
file that says neither is an error (its translations could be of any language).

Segments in TMX may come from other tools: a `<seg>`'s text is all the text it holds
(inline codes included, which carry the original markup), runs of white space joined
into one space, as source segments are normalised.  Units with an empty side are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from bitext.errors import BitextError
from bitext.merge import _WORD, FuzzyIndex
from bitext.model import MemoryMatch
from bitext.pofile import read_po

__all__ = ["MemoryUnit", "MemoryFile", "TranslationMemory", "MemoryFileError", "read_tmx",
           "read_memory_file", "read_po_memory", "file_units", "language_matches"]


class MemoryFileError(BitextError):
    """A memory file (TMX or PO) that cannot be read: malformed, refused or of no known language."""


@dataclass
class MemoryUnit:
    """One pair of the memory.  `msgid` is the English (the name FuzzyIndex searches by)."""

    msgid: str
    msgstr: str
    origin: str  # "article <slug>" or "<path>:<line>"


@dataclass
class MemoryFile:
    """A parsed memory file: its units per language (gettext codes, as written in the file)."""

    path: str
    variants: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line, {lang: text})
    po_language: str | None = None  # set for PO files: the language of every msgstr

    def units(self, source_language: str, language: str) -> list[MemoryUnit]:
        found = []
        # a file names a handful of codes: decide each once, not once per unit
        serves: dict[str, tuple[bool, bool]] = {}
        for line, texts in self.variants:
            source = target = None
            for lang, text in texts.items():
                kind = serves.get(lang)
                if kind is None:
                    kind = serves[lang] = (language_matches(lang, source_language),
                                           language_matches(lang, language))
                if source is None and kind[0]:
                    source = text
                elif target is None and kind[1]:
                    target = text
            if source and target:
                found.append(MemoryUnit(source, target, f"{self.path}:{line}"))
        return found


def _gettext_code(code: str) -> str:
    return code.strip().replace("-", "_")


def language_matches(code: str, language: str) -> bool:
    """Whether a file's language code serves `language`: the same, or a regional variant of it."""
    code = _gettext_code(code).lower()
    wanted = language.lower()
    return code == wanted or code.split("_")[0] == wanted


_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not NBSP, which segments keep


def _normalise(text: str) -> str:
    """Runs of white space -> one space.  Line ends too: a tool may wrap a <seg>, and a
    segment's hard break (`\\n`) is matched as a space, so both still match exactly."""
    if "  " not in text and text.isprintable() and text == text.strip(" "):
        return text  # the common case, at a fraction of the cost of the substitution
    return _SPACES.sub(" ", text).strip()


# --- TMX ----------------------------------------------------------------------------------

class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_tmx(data: bytes, path: str) -> MemoryFile:
    """The translation units of a TMX document (any version with `<tu>/<tuv>/<seg>`)."""
    import xml.parsers.expat as expat  # here: only a TMX memory file needs the XML parser

    parser = expat.ParserCreate()
    parser.buffer_text = True  # one call per run of text, not per line
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    memory = MemoryFile(path)
    depth = 0  # of the open elements: 0 before the root (a counter: the names are not needed)
    unit: dict[str, str] | None = None
    unit_line = 0
    lang: str | None = None
    seg_depth = 0  # > 0 inside a <seg> (its inline elements nest deeper)
    pieces: list[str] = []

    def refuse_doctype(*_args):
        raise _Refused("a DOCTYPE is not accepted in a memory file (entities could expand or "
                       "reach outside it)")

    def refuse_entity(*_args):
        raise _Refused("entity declarations are not accepted in a memory file")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, unit, unit_line, lang, seg_depth
        if not depth and name != "tmx":
            raise _Refused(f"not a TMX file: the root element is <{name}>, not <tmx>")
        depth += 1
        if seg_depth:
            seg_depth += 1
        elif name == "tu":
            unit, unit_line = {}, parser.CurrentLineNumber
        elif name == "tuv":
            lang = attributes.get("xml:lang") or attributes.get("lang")
            if not lang:
                raise _Refused("<tuv> without xml:lang")
        elif name == "seg" and lang is not None:
            seg_depth = 1
            pieces.clear()

    def end(name: str) -> None:
        nonlocal depth, unit, lang, seg_depth
        depth -= 1
        if seg_depth:
            seg_depth -= 1
            if seg_depth == 0 and unit is not None and lang is not None:
                unit.setdefault(lang, _normalise("".join(pieces)))
        elif name == "tuv":
            lang = None
        elif name == "tu" and unit is not None:
            if len(unit) >= 2:
                memory.variants.append((unit_line, unit))
            unit = None

    def text(content: str) -> None:
        if seg_depth:
            pieces.append(content)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code)
        raise MemoryFileError(f"not well-formed XML: {message}", path, error.lineno) from None
    except _Refused as error:
        raise MemoryFileError(error.message, path, parser.CurrentLineNumber) from None
    return memory


# --- PO -----------------------------------------------------------------------------------

def _po_language(catalog, path: str, languages: Iterable[str]) -> str | None:
    declared = catalog.header_value("Language")
    if declared:
        return _gettext_code(declared)
    pure = PurePosixPath(path)
    parts = (*pure.parent.parts, pure.stem)
    for language in languages:  # only the publication's own codes: "old/" or "new/" name no language
        if language in parts:
            return language
    return None


def read_po_memory(data: bytes, path: str, languages: Iterable[str] = ()) -> MemoryFile:
    catalog = read_po(data, path)
    language = _po_language(catalog, path, languages)
    if language is None:
        raise MemoryFileError("cannot tell the language of this memory file: give it a Language "
                              "header (or keep it in a folder named after its language)", path, 1)
    memory = MemoryFile(path, po_language=language)
    for entry in catalog.entries:
        if (entry.obsolete or entry.msgctxt is not None or entry.msgid_plural is not None
                or not entry.translated):
            continue
        source, target = _normalise(entry.msgid), entry.msgstr
        if source and target.strip():
            memory.variants.append((entry.line, {"\0source": source, language: target}))
    return memory


def read_memory_file(data: bytes, path: str, languages: Iterable[str] = ()) -> MemoryFile:
    """A memory file by its suffix: `.tmx` or `.po` (`languages`: the publication's, see above)."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix == ".tmx":
        return read_tmx(data, path)
    if suffix == ".po":
        return read_po_memory(data, path, languages)
    raise MemoryFileError("a memory file must be TMX (.tmx) or PO (.po)", path)


def file_units(memory: MemoryFile, source_language: str, language: str) -> list[MemoryUnit]:
    if memory.po_language is None:
        return memory.units(source_language, language)
    if not language_matches(memory.po_language, language):
        return []
    return [MemoryUnit(texts["\0source"], texts[memory.po_language], f"{memory.path}:{line}")
            for line, texts in memory.variants]


# --- the index ------------------------------------------------------------------------------

class TranslationMemory:
    """Units searched in order: exact English first, else the most similar (FuzzyIndex)."""

    RAREST = 6  # words of a query that shortlist candidates (see FuzzyIndex)

    def __init__(self, units: Iterable[MemoryUnit], queries: Iterable[str] | None = None):
        """`queries`: every text that will be looked up, when known (only the words of those
        without an exact match are indexed)."""
        self.exact: dict[str, MemoryUnit] = {}
        for unit in units:
            key = _normalise(unit.msgid)
            if key and unit.msgstr:
                self.exact.setdefault(key, unit)  # the first source named wins
        self._fuzzy: FuzzyIndex | None = None
        self._vocabulary: set[str] | None = None
        if queries is not None:  # a query with an exact match never reaches the word index
            self._vocabulary = {word for text in queries if _normalise(text) not in self.exact
                                for word in _WORD.findall(text.lower())}

    def __len__(self) -> int:
        return len(self.exact)

    def lookup(self, msgid: str, cutoff: float) -> MemoryMatch | None:
        unit = self.exact.get(_normalise(msgid))
        if unit is not None:
            return MemoryMatch(msgid, unit.msgstr, msgid, 1.0, unit.origin)
        if self._fuzzy is None:
            self._fuzzy = FuzzyIndex(list(self.exact.values()), self._vocabulary, self.RAREST)
        found = self._fuzzy.best(msgid, cutoff) if self._fuzzy else None
        if found is None:
            return None
        unit, score = found
        return MemoryMatch(msgid, unit.msgstr, unit.msgid, score, unit.origin)
