"""`number`: a number of the source is missing from the translation (an error).

Numbers are read from the text a reader sees (code spans and URLs are `markup`'s
business).  A source number is read with the source language's CLDR symbols (English:
`9,000,000.5`) and looked for in the translation in every form the target language
writes it, with its CLDR symbols (Babel): grouped with the language's separator
(`9.000.000` in Spanish), grouped with a space, a no-break space or a thin space
(`9 000 000`, the form RAE and SI recommend), or not grouped (`9000000`; Spanish writes
four-digit numbers and years ungrouped).  Ordinal suffixes are not part of the number
(`6th` is 6, found in `6.º` or `6 de junio`).

The source's own spelling is also accepted (`3.10` for a Python version, `2025`), unless
it reads as another number in the target language: `9,000,000` or `1,500` left in English
in a Spanish translation reads 9 or 1.5 there, and is reported with the form to use.
From English, `N billion` may become `N×1000` (`1.2 billion`: `1200 millones`, the long
scale) and `N p.m.` may become `N+12` (`5 p.m.`: `17 h`).  A value the source writes N
times is needed N times (`2.0` four times in the source and three in the translation is a
number changed).

Numbers written in words are found too, as num2words spells them in the target language
(`3` in `tres sindicatos`, `200,000` in `doscientas mil`, `1st` in `primera`): Spanish style
writes small and round numbers in words.  A spelled word matches a word of the translation
that differs only in its ending (gender, number, apocope: `doscientos`/`doscientas`,
`primero`/`primer`).  Only whole numbers up to a million, and round millions, are spelled,
and never a cardinal 1: `un`, `une`, `ein` are also articles, so `1` must stay a digit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from bitext.lang import format_number, number_symbols

__all__ = ["check_numbers", "source_numbers", "target_numbers"]

_SPACE_GROUPS = " \u00a0\u202f\u2009"


def _pattern(decimal: str, groups: str) -> re.Pattern:
    group = "[" + re.escape(groups) + "]"
    return re.compile(rf"(?<![\d])(\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{re.escape(decimal)}(\d+))?(?![\d])")


def _value(whole: str, fraction: str | None, groups: str) -> Decimal | None:
    digits = "".join(char for char in whole if char.isdigit())
    try:
        return Decimal(digits + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


def _read(text: str, decimal: str, groups: str) -> list[tuple[str, Decimal]]:
    found = []
    for match in _pattern(decimal, groups).finditer(text):
        value = _value(match.group(1), match.group(2), groups)
        if value is not None:
            found.append((match.group(0), value))
    return found


def source_numbers(text: str, language: str) -> list[tuple[str, Decimal]]:
    """(as written, value) for each number of a source text, in order."""
    decimal, group = number_symbols(language)
    return _read(text, decimal, group)


def target_numbers(text: str, language: str) -> Counter:
    """How often the translation can be read to hold each value, in the target's conventions.

    Each value counts the larger of two readings: with grouping (`9.000.000`, `9 000 000`)
    and run by run (`14 2025` is 14 and 2025, whatever grouping might make of it).
    """
    decimal, group = number_symbols(language)
    grouped = Counter(value for _, value in _read(text, decimal, group + _SPACE_GROUPS))
    runs = Counter(Decimal(run) for run in re.findall(r"\d+", text))
    return grouped | runs


def _misleading(written: str, source_language: str, language: str) -> bool:
    """Whether the source's spelling reads as another number in the target language."""
    src_decimal, src_group = number_symbols(source_language)
    decimal, group = number_symbols(language)
    if src_group in written and src_group in (decimal, *_SPACE_GROUPS) and src_group != group:
        return True
    if src_decimal in written and src_decimal == group:
        fraction = written.rsplit(src_decimal, 1)[1]
        return len(fraction) == 3  # `1.500` (one and a half) reads 1500 where `.` groups
    return False


def _verbatim(written: str, text: str) -> int:
    """How often the source's spelling stands in the translation."""
    return len(re.findall(rf"(?<![\d]){re.escape(written)}(?![\d])", text))


def _forms(value: Decimal, language: str) -> str:
    native = format_number(value, language)
    decimal, group = number_symbols(language)
    spaced = native.replace(group, "\u00a0") if group not in _SPACE_GROUPS else native
    forms = [native] + ([spaced.replace("\u00a0", " ")] if value >= 10000 and spaced != native else [])
    return " or ".join(dict.fromkeys(forms))


def check_numbers(pair) -> list[tuple[str, str]]:
    text = pair.translation_view.visible
    source_text = pair.source_view.visible
    numbers = source_numbers(source_text, pair.source_language)
    if not numbers:
        return []
    have = target_numbers(text, pair.language)
    wanted = Counter(value for _, value in numbers)
    found: list[tuple[str, str]] = []
    seen: set[Decimal] = set()
    words: list[str] | None = None
    for written, value in numbers:
        if value in seen:
            continue
        seen.add(value)
        verbatim = _verbatim(written, text)
        if verbatim and _misleading(written, pair.source_language, pair.language):
            found.append(("number", f"{written} is written as in the source, which reads as another "
                                    f"number in {pair.language}: write {_forms(value, pair.language)}"))
            continue
        count = max(have[value], verbatim)
        if count < wanted[value]:
            if words is None:
                words = [word.lower() for word in re.findall(r"\w+", text)]
            following = source_text[source_text.find(written) + len(written):][:12]
            count += _spelled_count(value, written + following[:2], words, pair.language)
            if count < wanted[value] and pair.source_language.split("_")[0] == "en":
                count += sum(have[other] for other in _english_conversions(value, following))
        if count == 0:
            found.append(("number", f"{written} is missing from the translation "
                                    f"(in {pair.language}: {_forms(value, pair.language)})"))
        elif count < wanted[value]:
            found.append(("number", f"{written} is {_times(wanted[value])} in the source, "
                                    f"{_times(count)} in the translation"))
    return found


def _english_conversions(value: Decimal, following: str) -> list[Decimal]:
    """Other values an English number may rightly become: `1.2 billion` is `1200 millones`
    (long scale), `5 p.m.` is `17 h` (24-hour clock)."""
    if re.match(r"\s*(?:billion|bn)\b", following, re.I):
        return [value * 1000]
    if re.match(r"\s*p\.?\s?m\b", following, re.I) and 1 <= value < 12:
        return [value + 12]
    return []


_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)\b", re.I)


@lru_cache(maxsize=4096)
def _spellings(value: Decimal, language: str, ordinal: bool) -> tuple[tuple[str, ...], ...]:
    """The value in words (each spelling as a tuple of words), or () where num2words cannot say it."""
    if value != value.to_integral_value() or value < 0 or (value == 1 and not ordinal):
        return ()  # one is also the indefinite article (un, une, ein): never proof of a 1
    number = int(value)
    if number > 1_000_000 and number % 1_000_000:
        return ()
    try:
        from num2words import num2words
    except ImportError:  # pragma: no cover - a declared dependency
        return ()
    spellings = []
    for kind in (("cardinal", "ordinal") if ordinal else ("cardinal",)):
        for code in (language, language.split("_")[0]):
            try:
                spellings.append(tuple(re.findall(r"\w+", num2words(number, lang=code, to=kind).lower())))
                break
            except (NotImplementedError, KeyError, ValueError, TypeError, OverflowError):
                continue
    return tuple(spelling for spelling in spellings if spelling)


def _same_ending_aside(spelled: str, word: str) -> bool:
    """Whether `word` is `spelled` with another gender or number ending (accents aside).

    The two may differ only after their first `len - 2` letters (`len - 1` in a word of four
    letters or fewer: `seis` is not `se`), and only in vowels and
    `s` (`doscientos`/`doscientas`, `cuatro`/`cuatros`), or also `n` and `r` in a long word
    (`veintiuno`/`veintiún`, `primero`/`primer`): `dos` is not `don`, `tres` is not `tren`.
    """
    spelled, word = _unaccent(spelled), _unaccent(word)
    if spelled == word:
        return True
    keep = max(2, len(spelled) - (1 if len(spelled) <= 4 else 2))
    if word[:keep] != spelled[:keep]:
        return False
    tail = re.compile(r"[aeious]{0,2}" if len(spelled) < 6 else r"[aeiousnr]{0,2}")
    return bool(tail.fullmatch(word[keep:]) and tail.fullmatch(spelled[keep:]))


def _unaccent(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))


def _spelled_count(value: Decimal, written: str, words: list[str], language: str) -> int:
    """How often the translation writes `value` in words."""
    best = 0
    for spelling in _spellings(value, language, bool(_ORDINAL.match(written))):
        size = len(spelling)
        count = sum(1 for start in range(len(words) - size + 1)
                    if all(_same_ending_aside(spelled, words[start + i]) for i, spelled in enumerate(spelling)))
        best = max(best, count)
    return best


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
