"""`markup`: the inline Markdown of a translation differs from its source's (an error).

Compared, as multisets (a translation may reorder them): link and autolink URLs, image
URLs, code spans (their content verbatim), inline HTML tags, and the number of emphasis
and strong spans (fewer in the translation is an error; more is not, since a translator
may set a foreign word in italics, as python-docs-es does for *array* or *buffer*); and a
span whose text the translation keeps word for word (a name, a parameter such as *ch*)
but no longer marks.  A translation that holds more literal `*`, `_` or `` ` `` runs than its
source has a span that no longer opens or closes (`**word` whose closing `**` was lost),
which the parser reads as text and a reader sees as stray stars.  Link texts, titles and
image alt texts are translated, so they are not compared.

Placeholders (`⟦1⟧`, the dialects' syntax kept out of the translator's way) must each stand
in the translation exactly as often as in the source: a segment whose placeholders do not
match is published in English, so a lost, doubled or invented one is an error here.
"""

from __future__ import annotations

import re
from collections import Counter

from bitext.segment.placeholders import PLACEHOLDER

__all__ = ["check_markup"]

_NAMES = {"link": "link to", "autolink": "autolink", "image": "image", "code": "code span",
          "html": "inline HTML"}


def _show(kind: str, value: str) -> str:
    if kind == "code":
        return f"code span `{value}`"
    return f"{_NAMES[kind]} {value}"


def check_markup(pair) -> list[tuple[str, str]]:
    found = _check_placeholders(pair.source, pair.translation)
    source, translation = pair.source_view, pair.translation_view
    for kind in ("link", "autolink", "image", "code", "html"):
        want = Counter(value for item, value in source.items if item == kind)
        have = Counter(value for item, value in translation.items if item == kind)
        missing = sorted((want - have).elements())
        extra = sorted((have - want).elements())
        if kind in ("link", "autolink", "image") and len(missing) == 1 and len(extra) == 1:
            found.append(("markup", f"{_NAMES[kind]} {missing[0]} became {extra[0]}"))
            continue
        for value in missing:
            found.append(("markup", f"{_show(kind, value)} is missing from the translation"))
        for value in extra:
            found.append(("markup", f"{_show(kind, value)} is not in the source"))
    for kind, name in (("emphasis", "emphasis (*…*)"), ("strong", "strong emphasis (**…**)")):
        want = Counter(value for item, value in source.items if item == kind)
        have = Counter(value for item, value in translation.items if item == kind)
        if sum(have.values()) < sum(want.values()):
            # more is a translator's choice (a foreign word in italics), fewer is lost markup
            found.append(("markup", f"{name}: {sum(want.values())} in the source, "
                                    f"{sum(have.values())} in the translation"))
            continue
        # a span whose words the translation keeps (a name, a parameter) but no longer marks
        plain = translation.visible
        for value in sorted((want - have).elements()):
            word = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
            if _has_letter(value) and word.search(plain) and not any(word.search(other) for other in have):
                found.append(("markup", f"{name} on “{value}” is lost in the translation"))
    for char in ("*", "_", "`"):
        if translation.stray[char] > source.stray[char]:
            found.append(("markup", f"a literal {char} in the translation: a span of the source is "
                                    "no longer opened or closed"))
    return found


def _check_placeholders(source: str, translation: str) -> list[tuple[str, str]]:
    want = Counter(match.group(0) for match in PLACEHOLDER.finditer(source))
    have = Counter(match.group(0) for match in PLACEHOLDER.finditer(translation))
    if want == have:
        return []
    found = []
    for value in sorted((want - have).elements()):
        found.append(("markup", f"placeholder {value} is missing from the translation "
                                "(the English is published until it is back)"))
    for value in sorted((have - want).elements()):
        found.append(("markup", f"placeholder {value} is not in the source, or stands there fewer times "
                                "(the English is published until it is removed)"))
    return found


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)
