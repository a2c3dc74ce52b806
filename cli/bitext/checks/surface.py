"""`copy`, `whitespace` and `length`: warnings about the translation as a string.

- `copy`: the translation is the source, unchanged, and the source has at least
  `COPY_MIN_WORDS` words of letters (a name or a short title may rightly stay as is).
- `whitespace`: leading or trailing white space, or hard line breaks (`\\n`), differ from
  the source's; the translation has a run of spaces the source has not; or a space before
  `, . ; : ! ? )` that the source has not (French, which puts a no-break space before
  `; : ! ?`, is not asked about those).
- `length`: on a source of at least `LENGTH_MIN_CHARS` visible characters, the ratio of
  translation to source length, divided by the language's usual ratio (`EXPANSION`;
  1.0 for a language not listed), is below 0.5 or above 2.0: a sentence left out, or a
  paragraph pasted twice.
"""

from __future__ import annotations

import re

__all__ = ["check_copy", "check_whitespace", "check_length", "EXPANSION"]

COPY_MIN_WORDS = 4
LENGTH_MIN_CHARS = 40
# Usual length of a translation from English, relative to the English (published
# localisation rules of thumb: Romance and German languages grow by 10-30%, CJK shrink).
EXPANSION = {"es": 1.15, "fr": 1.15, "it": 1.1, "pt": 1.1, "ca": 1.1, "gl": 1.1, "de": 1.15,
             "nl": 1.1, "ru": 1.05, "uk": 1.05, "pl": 1.05, "el": 1.1, "ja": 0.45, "zh": 0.35,
             "ko": 0.55, "en": 1.0}
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_SPACE_BEFORE = re.compile(r" [,.;:!?)]")
_SPACE_BEFORE_FR = re.compile(r" [,.)]")


def check_copy(pair) -> list[tuple[str, str]]:
    if pair.language.split("_")[0] == pair.source_language.split("_")[0]:
        return []
    if pair.translation.strip() == pair.source.strip() and \
            len(_LETTER_WORD.findall(pair.source_view.visible)) >= COPY_MIN_WORDS:
        return [("copy", "the translation is the source text, unchanged")]
    return []


def check_whitespace(pair) -> list[tuple[str, str]]:
    source, translation = pair.source, pair.translation
    found = []
    if (source[:1].isspace(), source[-1:].isspace()) != (translation[:1].isspace(), translation[-1:].isspace()):
        found.append(("whitespace", "leading or trailing white space differs from the source"))
    if source.count("\n") != translation.count("\n"):
        found.append(("whitespace", f"line breaks: {source.count(chr(10))} in the source, "
                                    f"{translation.count(chr(10))} in the translation"))
    if "  " in translation.strip() and "  " not in source.strip():
        found.append(("whitespace", "a run of spaces"))
    pattern = _SPACE_BEFORE_FR if pair.language.split("_")[0] == "fr" else _SPACE_BEFORE
    extra = sorted({match.group(0)[1] for match in pattern.finditer(pair.translation_view.visible)}
                   - {match.group(0)[1] for match in pattern.finditer(pair.source_view.visible)})
    if extra:
        found.append(("whitespace", "a space before " + " ".join(extra)))
    return found


def check_length(pair) -> list[tuple[str, str]]:
    source, translation = pair.source_view.visible.strip(), pair.translation_view.visible.strip()
    if len(source) < LENGTH_MIN_CHARS or not translation:
        return []
    usual = EXPANSION.get(pair.language, EXPANSION.get(pair.language.split("_")[0], 1.0))
    ratio = len(translation) / len(source)
    if not 0.5 <= ratio / usual <= 2.0:
        return [("length", f"the translation is {ratio:.2f} times as long as the source "
                           f"(usual for {pair.language}: about {usual:.2f})")]
    return []
