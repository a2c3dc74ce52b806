"""bitext's own words on its pages, in the reader's language: bitext translating itself.

The templates mark their words for gettext (Jinja2's i18n extension: `{% trans %}`,
`_()`); the catalogs ship in the package as PO files,
`bitext/outputs/locale/<lang>/LC_MESSAGES/bitext.po`, compiled in memory when first used
(no binary .mo is kept in the repository).  `ui_translations(language)` finds the
catalog of a language (`es_MX` uses `es`'s) and returns it with the language the words
are really in: the language itself, or English when there is no catalog (`fallback` is
then True, and the caller says so once).  The source strings are English, so English
needs no catalog.
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass
from importlib import resources

from bitext.lang import translations_from_po

__all__ = ["UIWords", "ui_translations", "shipped_languages", "DOMAIN"]

DOMAIN = "bitext"
_ENGLISH = "en"


@dataclass(frozen=True)
class UIWords:
    translations: gettext.NullTranslations
    language: str  # the language the words are in (gettext code)
    fallback: bool  # True: no catalog for the language asked for, the words are English


def _catalog_file(code: str):
    return resources.files("bitext.outputs").joinpath("locale", code, "LC_MESSAGES", f"{DOMAIN}.po")


def shipped_languages() -> list[str]:
    """The languages bitext's own words are translated into."""
    folder = resources.files("bitext.outputs").joinpath("locale")
    return sorted(entry.name for entry in folder.iterdir()
                  if entry.is_dir() and entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file())


@functools.lru_cache(maxsize=None)
def ui_translations(language: str) -> UIWords:
    """The translations of bitext's page words for `language` (gettext code)."""
    base = language.split("_")[0]
    if base == _ENGLISH:
        return UIWords(gettext.NullTranslations(), language, False)
    for code in dict.fromkeys((language, base)):
        catalog = _catalog_file(code)
        if catalog.is_file():
            return UIWords(translations_from_po(catalog.read_bytes(), code), code, False)
    return UIWords(gettext.NullTranslations(), _ENGLISH, True)
