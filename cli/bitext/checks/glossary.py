"""`glossary`: a term of the publication's glossary is not rendered as required (an error).

`locales/<lang>/glossary.csv` has the columns `source,target,note` (a header row; UTF-8;
blank lines and rows whose source starts with `#` are skipped).  An empty target means
the term is kept as it is (a name, an acronym).

Matching is on words (runs of letters and digits; hyphens, apostrophes and punctuation
separate them), so `ICE` is never found inside `practice` and `rapid response` is found
in `rapid-response`.  Inflected forms are found with the Snowball stemmer of each
language (snowballstemmer, the Porter/Snowball family): a term matches when every word's
stem matches in order, so `raid` is found in `raids` and the target `sindicato` is
satisfied by `sindicatos`, `clase trabajadora` by `clases trabajadoras` (accents are
folded after stemming, and a stem may be a prefix of the other where a stress accent moved:
`carácter`/`caracteres`; a word much shorter than the term is never a form of it, so
`except` is not `exception` and `red` is not `redada`).  A word written
in capitals (`ICE`, `LATU`, `UNITE`) or with a capital inside (`McArthur`) is matched
exactly, case included: an acronym is not a word with inflections.  Other words match
whatever their case.  A language Snowball has no stemmer for is matched word by word,
lower-cased.  Where terms overlap in the source, the longest wins (`SEIU USWW` is
not also checked as `SEIU`).  A term found in the source needs its target once in the
translation.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bitext.errors import BitextError
from bitext.lang import language_name

__all__ = ["GlossaryError", "Term", "Glossary", "read_glossary", "check_glossary"]

_WORD = re.compile(r"\w+")


class GlossaryError(BitextError):
    """A glossary file that cannot be read."""


@lru_cache(maxsize=None)
def _stemmer(language: str):
    import snowballstemmer

    name = language_name(language.split("_")[0], "en").lower()
    if name in snowballstemmer.algorithms():
        return snowballstemmer.stemmer(name)
    return None


def _exact(word: str) -> bool:
    """Acronyms and names with an inner capital are matched as written."""
    return sum(1 for char in word if char.isupper()) >= 2 or (len(word) > 1 and word.isupper())


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


class _Words:
    """A text's words and, lazily, their stems in one language."""

    def __init__(self, text: str, language: str):
        self.words = _WORD.findall(text)
        self.language = language
        self._stems: list[str] | None = None

    @property
    def stems(self) -> list[str]:
        if self._stems is None:
            self._stems = _stems(tuple(_fold(word) for word in self.words), self.language)
        return self._stems


def _stems(words: tuple[str, ...], language: str) -> list[str]:
    """Snowball stems, accents folded afterwards (`módulo`, `modulos`: `modul`)."""
    stemmer = _stemmer(language)
    stems = stemmer.stemWords(list(words)) if stemmer else list(words)
    return [_unaccent(stem) for stem in stems]


def _unaccent(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))


def _same_word(word: str, stem: str, key_word: str, key_stem: str) -> bool:
    """Whether `word` is an inflected form of the term's `key_word`.

    Stems must be equal, or one a prefix of the other where a stress accent moved
    (`carácter` -> `caract`, `caracteres` -> `caracter`: both stems of five letters or
    more).  A word much shorter than the term is not a form of it, whatever the stemmer
    conflates: `except` is not `exception`, `red` (network) is not `redada`.
    """
    if len(word) < len(key_word) - 1:
        return False
    if stem == key_stem:
        return True
    short, long = sorted((stem, key_stem), key=len)
    return len(short) >= 5 and long.startswith(short) and abs(len(word) - len(key_word)) <= 3


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    note: str
    line: int


class _Pattern:
    """A term's words, ready to be found in a text of one language."""

    def __init__(self, text: str, language: str):
        self.words = _WORD.findall(text)
        self.stems = _stems(tuple(_fold(word) for word in self.words), language)
        self.exact = [_exact(word) for word in self.words]

    def find(self, text: _Words) -> list[tuple[int, int]]:
        size = len(self.words)
        if not size:
            return []
        spans = []
        for start in range(len(text.words) - size + 1):
            if all((text.words[start + i] == word) if exact
                   else _same_word(text.words[start + i], text.stems[start + i], word, stem)
                   for i, (word, stem, exact) in enumerate(zip(self.words, self.stems, self.exact))):
                spans.append((start, start + size))
        return spans


@dataclass
class Glossary:
    path: str
    language: str
    source_language: str
    terms: list[Term]

    def __post_init__(self) -> None:
        self._patterns = [(term, _Pattern(term.source, self.source_language),
                           _Pattern(term.target or term.source, self.language if term.target else
                                    self.source_language))
                          for term in self.terms]
        self._patterns.sort(key=lambda item: -len(item[1].words))

    def check(self, source: str, translation: str) -> list[tuple[str, str]]:
        source_words = _Words(source, self.source_language)
        if not source_words.words:
            return []
        translated = {self.language: _Words(translation, self.language),
                      self.source_language: _Words(translation, self.source_language)}
        taken: set[int] = set()
        found = []
        for term, in_source, in_target in self._patterns:
            spans = [span for span in in_source.find(source_words)
                     if not taken.intersection(range(*span))]
            if not spans:
                continue
            for span in spans:
                taken.update(range(*span))
            words = translated[self.language if term.target else self.source_language]
            if in_target.find(words):
                continue
            if term.target:
                message = f"“{term.source}” should be rendered “{term.target}” ({self.path}:{term.line})"
            else:
                message = f"“{term.source}” should be kept as is ({self.path}:{term.line})"
            found.append(("glossary", message))
        return found


def read_glossary(data: bytes, path: str, language: str, source_language: str) -> Glossary:
    """Parse a glossary; a malformed file is a `GlossaryError` at its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossaryError("not UTF-8", path, line) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    terms: list[Term] = []
    columns: dict[str, int] | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                names = [cell.strip().lower() for cell in row]
                if "source" not in names:
                    raise GlossaryError("the first row must name the columns: source,target,note", path, line)
                columns = {name: names.index(name) for name in ("source", "target", "note") if name in names}
                continue
            cell = lambda name: row[columns[name]].strip() if name in columns and columns[name] < len(row) else ""
            source = cell("source")
            if not source or source.startswith("#"):
                continue
            if not _WORD.search(source):
                raise GlossaryError(f"term {source!r} has no word in it", path, line)
            terms.append(Term(source, cell("target"), cell("note"), line))
    except csv.Error as error:
        raise GlossaryError(f"malformed CSV: {error}", path, reader.line_num) from None
    return Glossary(path, language, source_language, terms)


def check_glossary(pair) -> list[tuple[str, str]]:
    if pair.glossary is None:
        return []
    return pair.glossary.check(pair.source_view.visible, pair.translation_view.visible)
