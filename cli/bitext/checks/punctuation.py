"""`punctuation` and `brackets`: warnings about what a sentence starts, ends and encloses with.

Read on the text a reader sees (see `bitext.segment.inline`), so link brackets, URLs
and code spans never count.

- `punctuation`: the final punctuation differs (`.`, `…`, `?`, `!`, `:`, `;`, or none;
  closing quotes and brackets after it are looked through; full-width `。？！：` count as
  their ASCII twins); in Spanish, Galician and Asturian, the numbers of `¿` and `?`, or of
  `¡` and `!`, differ; the translation uses a double quotation mark that is not one of
  its language's (CLDR's `quotationStart/End` and `alternateQuotationStart/End`, e.g.
  Spanish «…» and “…”, German „…“), unless the source uses that mark too (then it is the
  publication's style): straight `"` in a Spanish translation of “…” is reported.
  Babel does not carry CLDR's delimiters, so the table below holds them.
- `brackets`: `()`, `[]`, `{}` and the target language's double quotation marks (`«»` and
  `“”` in Spanish, `„“` in German) are unbalanced in the translation while the same
  characters are balanced in the source, or `"` is odd in number where the source's is even.
"""

from __future__ import annotations

__all__ = ["check_punctuation", "check_brackets", "QUOTES"]

# CLDR main/<lang>.xml <delimiters>: quotationStart, quotationEnd, alternateQuotationStart, ...
QUOTES = {
    "en": "“”‘’", "es": "«»“”", "fr": "«»“”", "it": "«»“”", "ca": "«»“”", "gl": "“”‘’",
    "pt": "“”‘’", "pt_PT": "«»“”", "de": "„“‚‘", "nl": "‘’“”", "ru": "«»„“", "uk": "«»„“",
    "pl": "„”«»", "cs": "„“‚‘", "ja": "「」『』", "zh": "“”‘’", "ko": "“”‘’", "sv": "””’’",
    "da": "“”‘’", "fi": "””’’", "nb": "«»‘’", "el": "«»“”", "tr": "“”‘’", "eu": "«»‹›",
}
_DOUBLE_QUOTES = set('"«»“”„‟「」『』')
_INVERTED = {"es", "gl", "ast"}
_FINAL = {".": ".", "。": ".", "…": "…", "?": "?", "？": "?", "!": "!", "！": "!", ":": ":", "：": ":",
          ";": ";", "；": ";"}
_CLOSERS = set(")]}»”’\"'」』›*_\ufffc")  # U+FFFC: a code span in the visible text


def _final(text: str) -> str:
    text = text.rstrip()
    while text and (text[-1] in _CLOSERS or text[-1].isspace()):
        text = text[:-1]
    if text.endswith("..."):
        return "…"
    return _FINAL.get(text[-1:], "") if text else ""


def _quotes(language: str) -> str | None:
    return QUOTES.get(language) or QUOTES.get(language.split("_")[0])


def check_punctuation(pair) -> list[tuple[str, str]]:
    source, translation = pair.source_view.visible, pair.translation_view.visible
    found = []
    want, have = _final(source), _final(translation)
    if want != have and not (want == "…" and have == "."):
        found.append(("punctuation", f"final punctuation: the source ends with {want or 'no punctuation'}, "
                                     f"the translation with {have or 'no punctuation'}"))
    base = pair.language.split("_")[0]
    if base in _INVERTED:
        for opener, closer in (("¿", "?"), ("¡", "!")):
            if translation.count(opener) != translation.count(closer):
                found.append(("punctuation", f"{opener}…{closer} unbalanced: {translation.count(opener)} "
                                             f"{opener} and {translation.count(closer)} {closer}"))
    allowed = _quotes(pair.language)
    if allowed is not None:
        # a mark the source uses too is the publication's own style (straight quotes throughout)
        foreign = sorted({char for char in translation
                          if char in _DOUBLE_QUOTES and char not in allowed and char not in source})
        if foreign:
            shown = " ".join(foreign)
            found.append(("punctuation", f"quotation marks {shown}: {pair.language} uses "
                                         f"{allowed[0]}…{allowed[1]} (and {allowed[2]}…{allowed[3]} inside)"))
    return found


def _pairs(language: str) -> list[tuple[str, str]]:
    pairs = [("(", ")"), ("[", "]"), ("{", "}")]
    quotes = _quotes(language) or QUOTES["en"]
    for opener, closer in ((quotes[0], quotes[1]), (quotes[2], quotes[3])):
        if opener != closer and opener in _DOUBLE_QUOTES and closer in _DOUBLE_QUOTES:
            pairs.append((opener, closer))
    return pairs


def check_brackets(pair) -> list[tuple[str, str]]:
    source, translation = pair.source_view.visible, pair.translation_view.visible
    found = []
    for opener, closer in _pairs(pair.language):
        opened, closed = translation.count(opener), translation.count(closer)
        if opened != closed and source.count(opener) == source.count(closer):
            found.append(("brackets", f"unbalanced {opener}{closer}: {opened} {opener} and {closed} {closer}"))
    if translation.count('"') % 2 and not source.count('"') % 2:
        found.append(("brackets", 'an odd number of " in the translation'))
    return found
