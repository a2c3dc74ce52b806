"""Quality checks of translations (SPEC section 7): each returns findings, nothing prints.

`check_publication(settings, languages)` reads every catalog of the named languages
(articles in slug order; a missing catalog is skipped) and checks every *translated*
entry: active, not fuzzy, with a translation (each plural form against `msgid` or
`msgid_plural`).  Fuzzy, untranslated and obsolete entries are `status`'s business.
The catalog is checked as it is on disk, so a finding's line is the line of the
entry's `msgid` in that file.  Each check family lives in its own module and returns
`(code, message)` pairs for one source/translation `Pair`:

==============  =======  ===========================================================
code            level    module
==============  =======  ===========================================================
``markup``      error    `markup`: links and their URLs, images, code spans,
                         emphasis, inline HTML, spans left unclosed
``number``      error    `numbers`: a source number in no form the target writes it
``glossary``    error    `glossary`: a term of locales/<lang>/glossary.csv
``copy``        warning  `surface`: the translation is the (long) source unchanged
``punctuation`` warning  `punctuation`: final punctuation, ¿? ¡!, quotation marks
``whitespace``  warning  `surface`: leading/trailing space, breaks, doubled spaces
``length``      warning  `surface`: length far from the language's usual ratio
``brackets``    warning  `punctuation`: unbalanced brackets and quotation marks
==============  =======  ===========================================================

Silencing: a translator comment (`# ...` in the PO file, which every PO editor shows and
keeps, and GNU tools keep too) of the form ``bitext: ignore CODE[, CODE...] [-- reason]``
silences those codes on that entry only (``# bitext: ignore number -- "two" is 2``).
An unknown code silences nothing, so its finding still shows.  Silenced findings are
counted in `CheckReport.silenced`.  Markdown sources are read as Markdown (segment
text is inline Markdown); plain-text sources as plain text (no `markup` findings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from bitext.config import Settings
from bitext.files import read_bytes
from bitext.pofile import POCatalog, POEntry, read_po

from .glossary import Glossary, GlossaryError, check_glossary, read_glossary
from .markup import check_markup
from .numbers import check_numbers
from .punctuation import check_brackets, check_punctuation
from .surface import check_copy, check_length, check_whitespace

__all__ = ["CODES", "Finding", "Pair", "CheckReport", "check_pair", "check_entry", "check_catalog",
           "check_publication", "ignored_codes", "load_glossary", "Glossary", "GlossaryError",
           "read_glossary"]

CODES = {"markup": "error", "number": "error", "glossary": "error", "copy": "warning",
         "punctuation": "warning", "whitespace": "warning", "length": "warning", "brackets": "warning"}
_CHECKS = (check_markup, check_numbers, check_glossary, check_copy, check_punctuation,
           check_whitespace, check_length, check_brackets)
_IGNORE = re.compile(r"^\s*bitext:\s*ignore\s+(?P<codes>[\w\s,]+?)\s*(?:--.*)?$")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    code: str
    level: str
    message: str
    language: str
    article: str

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "code": self.code, "level": self.level,
                "message": self.message, "language": self.language, "article": self.article}


@dataclass
class Pair:
    """One source text and its translation, with what the checks read of them."""

    source: str
    translation: str
    language: str
    source_language: str = "en"
    glossary: Glossary | None = None
    markdown: bool = True

    @cached_property
    def source_view(self):
        return _view(self.source, self.markdown)

    @cached_property
    def translation_view(self):
        return _view(self.translation, self.markdown)


def _view(text: str, markdown: bool):
    from bitext.segment.inline import inspect_inline, plain_view

    return inspect_inline(text) if markdown else plain_view(text)


def check_pair(pair: Pair) -> list[tuple[str, str]]:
    """Every (code, message) for one source and translation, in the order of `CODES`."""
    found: list[tuple[str, str]] = []
    for check in _CHECKS:
        found.extend(check(pair))
    return found


def ignored_codes(comments: list[str]) -> set[str]:
    """The codes a translator silenced with `bitext: ignore CODE[, CODE] [-- reason]`."""
    codes: set[str] = set()
    for comment in comments:
        match = _IGNORE.match(comment)
        if match:
            codes.update(code for code in re.split(r"[\s,]+", match.group("codes")) if code)
    return codes


def _texts(entry: POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    return [(entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())]


def check_entry(entry: POEntry, language: str, source_language: str = "en",
                glossary: Glossary | None = None, markdown: bool = True) -> tuple[list[tuple[str, str]], int]:
    """(code, message) pairs of one translated entry, and how many were silenced."""
    silenced_codes = ignored_codes(entry.translator_comments)
    found: list[tuple[str, str]] = []
    silenced = 0
    for source, translation in _texts(entry):
        if not translation:
            continue
        for code, message in check_pair(Pair(source, translation, language, source_language, glossary, markdown)):
            if code in silenced_codes:
                silenced += 1
            elif (code, message) not in found:
                found.append((code, message))
    return found, silenced


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    silenced: int = 0
    catalogs: int = 0
    entries: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.level == "error")

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def check_catalog(data: bytes, path: str, language: str, article: str, source_language: str = "en",
                  glossary: Glossary | None = None, markdown: bool = True, report: CheckReport | None = None,
                  catalog: POCatalog | None = None) -> CheckReport:
    """Check one catalog's bytes (or `catalog`, already read from them); a malformed
    catalog raises as `read_po` does."""
    report = report if report is not None else CheckReport()
    catalog = catalog if catalog is not None else read_po(data, path)
    report.catalogs += 1
    for entry in catalog.entries:
        if entry.obsolete or not entry.translated or not entry.msgid:
            continue
        report.entries += 1
        found, silenced = check_entry(entry, language, source_language, glossary, markdown)
        report.silenced += silenced
        report.findings.extend(Finding(path, entry.line, code, CODES[code], message, language, article)
                               for code, message in found)
    return report


def load_glossary(settings: Settings, language: str) -> Glossary | None:
    relative = settings.glossary_path(language)
    path = settings.abspath(relative)
    if not path.exists():
        return None
    return read_glossary(read_bytes(path, relative), relative, language, settings.source_language)


def check_publication(settings: Settings, languages: tuple[str, ...]) -> CheckReport:
    """Check every existing catalog of `languages`; raises before returning on bad input."""
    from bitext.publication import read_catalog_checked

    report = CheckReport()
    glossaries = {language: load_glossary(settings, language) for language in languages}
    for source in settings.source_files():
        for language in languages:
            relative = settings.po_path(language, source.slug)
            path = settings.abspath(relative)
            if not path.exists():
                continue
            # the limits and rules update and status apply (publication.py), then the checks
            data, catalog = read_catalog_checked(settings, relative, language)
            check_catalog(data, relative, language, source.slug, settings.source_language, glossaries[language],
                          markdown=not source.path.endswith(".txt"), report=report, catalog=catalog)
    return report
