"""Everything bitext asks of Babel: language codes, plural forms, dates, names, list
joins, numbers, and the translations of bitext's own page words.

Language codes are gettext's in folder names and catalogs (`pt_BR`) and BCP 47 in HTML
and TMX (`pt-BR`).  A code Babel does not know is a `SettingsError`.  `Plural-Forms`
follows GNU msginit's table where gettext has an entry for the language (so catalogs
we create match the ones msginit creates); Babel's rule is used only otherwise.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re

from typing import TYPE_CHECKING

from bitext.errors import SettingsError

if TYPE_CHECKING:
    from babel import Locale
    from babel.support import Translations

# Babel is imported by the functions that need it, not here: it costs a start-up that
# `bitext --version`, `--help` and a command that never asks about a language would pay.

__all__ = [
    "normalize_language",
    "bcp47",
    "plural_forms",
    "format_long_date",
    "language_name",
    "same_language",
    "join_list",
    "format_figure",
    "format_share",
    "translations_from_po",
    "number_symbols",
    "format_number",
]

# GNU gettext's msginit plural table (gettext-tools/src/plural-table.c), for the
# languages it lists whose rule we are sure of.  Others fall back to Babel.
_ONE_FORM = "nplurals=1; plural=0;"
_N_NOT_ONE = "nplurals=2; plural=(n != 1);"
_N_MORE_ONE = "nplurals=2; plural=(n > 1);"
_GNU_PLURAL_FORMS = {
    **{code: _ONE_FORM for code in ("ja", "vi", "ko", "zh", "th", "id", "ms")},
    **{
        code: _N_NOT_ONE
        for code in (
            "en", "de", "nl", "sv", "da", "no", "nb", "nn", "fo", "es", "pt", "it",
            "bg", "el", "fi", "et", "he", "eo", "hu", "tr", "ca", "eu", "gl", "af",
        )
    },
    "fr": _N_MORE_ONE,
    "pt_BR": _N_MORE_ONE,
}


@functools.lru_cache(maxsize=None)
def _locale(code: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise SettingsError(f"unknown language {code!r}: {error}") from None


def normalize_language(code: str) -> str:
    """Return the gettext form of a language code (`pt-br` -> `pt_BR`); unknown codes fail."""
    if not isinstance(code, str) or not code.strip():
        raise SettingsError(f"unknown language {code!r}")
    return str(_locale(code.strip()))


def same_language(declared: str, folder: str) -> bool:
    """Whether a catalog's `Language` value names the language of its folder.

    A regional or script variant counts as the same language (`es_ES`, `es-419` or
    `es_MX` in `es/`, as Poedit writes it when a translator picks a country), and so
    does the plain language in a regional folder (`pt` in `pt_BR/`); two different
    values of the same subtag do not (`pt_PT` in `pt_BR/`), nor another language.
    A value Babel cannot read raises `SettingsError`.
    """
    mine, theirs = _locale(folder), _locale(declared.strip())
    if mine.language != theirs.language:
        return False
    return all(a is None or b is None or a == b
               for a, b in ((mine.territory, theirs.territory), (mine.script, theirs.script),
                            (mine.variant, theirs.variant)))


def bcp47(code: str) -> str:
    """The BCP 47 tag for HTML `lang` and TMX `xml:lang` (`pt_BR` -> `pt-BR`)."""
    return code.replace("_", "-")


def plural_forms(code: str) -> str:
    """The `Plural-Forms` header value for a language, as GNU msginit writes it."""
    for key in (code, code.split("_")[0]):  # pt_BR has its own rule; es_MX takes es's
        if key in _GNU_PLURAL_FORMS:
            return _GNU_PLURAL_FORMS[key]
    from babel.messages.plurals import get_plural

    return str(get_plural(_locale(code)))


def format_long_date(value: _dt.date | _dt.datetime | str, code: str) -> str:
    """A date in the language's long form (`14 de enero de 2026`); text that is not a date is returned as is."""
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    from babel.dates import format_date

    return format_date(value, format="long", locale=_locale(code))


@functools.lru_cache(maxsize=256)  # a build asks it per page and row (~0.1 ms each from Babel)
def language_name(code: str, in_language: str | None = None) -> str:
    """The language's own name, or its name in another language (`es` -> `español`)."""
    name = _locale(code).get_display_name(_locale(in_language or code))
    return name or code


def join_list(items: list[str], code: str) -> str:
    """Items joined as the language writes a list (`Mika, Natalia y N. Irazu`)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    from babel.lists import format_list

    return format_list(items, style="standard", locale=_locale(code))


def format_figure(value: float, code: str, digits: int = 1) -> str:
    """A number with `digits` decimals as the language writes it (`85,5` in Spanish)."""
    from babel.numbers import format_decimal

    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(code))


def translations_from_po(data: bytes, code: str) -> Translations:
    """A gettext catalog (PO bytes) as translations, compiled in memory; fuzzy entries are left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po as _babel_read_po
    from babel.support import Translations

    catalog = _babel_read_po(io.BytesIO(data), locale=code, abort_invalid=True)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def format_share(percent: float, code: str, digits: int | None = 1) -> str:
    """A percentage (0..100) with one decimal as the language writes it (`85,0 %` in Spanish);
    `digits=None`: a whole number without decimals (`80 %`), else one."""
    from babel.numbers import format_percent

    locale = _locale(code)
    if digits is None:
        digits = 0 if float(percent).is_integer() else 1
    if digits == 0:
        return format_percent(percent / 100, locale=locale)
    # the language's own pattern (`#,##0 %` in Spanish), with one decimal
    pattern = re.sub(r"0(?![0.])", "0.0", locale.percent_formats[None].pattern.split(";")[0], count=1)
    return format_percent(percent / 100, format=pattern, locale=locale)


def number_symbols(code: str) -> tuple[str, str]:
    """The language's decimal and grouping symbols from CLDR (`es`: `,` and `.`)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = _locale(code)
    return get_decimal_symbol(locale), get_group_symbol(locale)


def format_number(value, code: str) -> str:
    """A number as the language writes it (`9000000` in `es`: `9.000.000`)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(code), decimal_quantization=False)
