"""Scraped plain text -> a Markdown source article (`bitext import`).

Contract: `import_article(raw, path)` takes the text of an article as a person copies it from a web
page (site navigation included) and returns an `ImportResult`: the whole `source/<slug>.md` (YAML
front matter + CommonMark body, ending with a newline) and one `Decision` per non-blank input line
saying what became of it, so that a person can check the guesswork.  Nothing is dropped silently:
every line that does not reach the output has a decision whose `text` is the line, whole.  Empty
input, or input with no article text left once navigation is removed, raises `SourceError`.
The article's words are copied exactly (typos, double spaces and non-breaking spaces included);
only leading/trailing white space of a line goes.

Heuristics, in the order they are applied:

1. Lines.  A browser copies one block element per line, so each non-blank line is a unit.  A line
   is joined to the one before it (no blank line between) only when that one does not end a
   sentence and this one starts with a lower-case letter, or when it is indented under a list
   item: that is how hard-wrapped text looks.  Joined lines are joined with one space.
2. Site chrome, dropped: a line that is exactly a menu word or phrase (`search`, `Featured`,
   `Skip to content`, `Menu`, `Share`, `Home`, `Subscribe`, social networks, ...); a link to
   another edition (`También disponible en español`, `Disponible en español`, `Read in English`,
   `English | Español`, ...); a site index line (`Tags: ...`, `Filed under: ...`); an inline
   related link (`Read also: ...`, `Related: ...`).  Once the article has begun (after its first
   prose paragraph), a related-articles heading (`Read also`, `Related`, `You may also like`,
   ...) starts a run in which every short line (headline, date, list item) is a link to another
   article and is dropped; a prose paragraph ends the run.
3. Photo caption and credit, wherever they stand: the first `Photo: ...` (also `Image:`,
   `Pictured:`, `Caption:`, `Foto:`) line is the `caption` field without its label; a following
   `Photo credit: X` / `Photo by X` line is appended to it as `(X)` (with no caption before it,
   that line is the caption, as written).  A line starting `First
   published`, `Originally published`, `This article first appeared`, `Republished`, ... is the
   `credit` field, kept as written except for a `here` right after `published`/`appeared`/
   `posted`, which is dropped: copied text has lost the link it was.  Later photo captions stay in the body.
4. Prose: a line of 5+ words ending a sentence (`.` or `…`, before closing quotes or brackets),
   or of more than 30 words, or a question/exclamation of more than 15 words.
5. Title: the first line of 3 to 25 words before the first prose paragraph that is not a date, a
   byline or a list item (else the last such line of any length).  Lines before it that are not
   a byline or a date are site labels and are dropped.
6. Header, right after the title, up to the last byline/date line found before the second prose
   paragraph: the standfirst is the first line there of 3+ words (front matter `description`,
   not repeated in the body); bylines give `authors`; the first date gives `date`; other short
   lines there are dropped as labels, longer ones go to the body.  With no byline or date after
   the title there is no header: the paragraph after the title is the body's first paragraph.
7. Byline: `By A`, `By A and B`, `Written by ...`, `Por ...`; without `By`, a list of names only
   when a date stands right before or after it (`MIKA, NATALIA, and N. IRAZU`).  Names are split
   on commas, `and`, `&`; a name is 1-5 capitalised words, initials or particles (`de`, `van`,
   ...).  A name written all in capitals is title-cased (`N. IRAZU` -> `N. Irazu`).  A byline and
   a date on one line (`By A | Jan. 14, 2026`, `By A, January 14, 2026`) give both.
8. Dates (English month names only): `January 14, 2026`, `Jan. 14, 2026`, `14 January 2026`,
   `2026-01-14`, `2026/01/14`, numeric `14/01/2026` or `01/14/2026` (also with `.` or `-`), with
   an optional weekday, `Published`/`Posted on`/`Updated:` prefix and time.  A numeric date whose
   first two numbers could both be a month is ambiguous: it is read day first (DD/MM/YYYY, as
   most of the world writes it) and the decision says so and gives the other reading.  The date
   is written ISO 8601 (`2026-01-14`).
9. Body.  A list is two or more neighbouring lines of one kind (bullets or numbers) that start
   with a marker (`- `, `* `, `+ `, `• `, `◦ `, `▪ `, `‣ `, `● `, `1. `, `1) `): bullets become
   `- item`; numbered items keep their number, written `1.` (also for `1)`, so that a list mixing
   both stays one list).  A lone marker line is a paragraph, marker and all (a footnote such as
   `* Names have been changed.`).  Nested lists are flattened.  A heading is a short line
   (1-15 words, 100 characters) starting with a capital, a digit or a quote, with no sentence
   inside it and no final `.`, `,`, `;`, `:`, `!` or `…` (a final `?` is fine), followed by a
   paragraph or a list; it is written `## Heading`.  So a closing "Papers for all!" stays a
   paragraph.  Everything else is a paragraph.
10. Escaping: every character that CommonMark would read as markup is backslash-escaped
   (`\\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `~`, `&` before an entity name; at the start of a
   block `#`, `>`, `-`/`+` before a space, `1.`/`1)`; a closing `#` run in a heading), so the
   rendered text is exactly the input text.  Front-matter values are plain YAML strings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from .errors import SourceError

__all__ = ["Decision", "ImportResult", "import_article", "escape_markdown_text"]


@dataclass
class Decision:
    """What the importer did with one line of the raw input."""

    line: int  # 1-based line of the raw input
    action: str  # e.g. "title", "paragraph", "dropped (site navigation)"
    text: str  # the raw line (kept text shortened; dropped text whole)


@dataclass
class ImportResult:
    markdown: str  # the whole source/<slug>.md, ending with "\n"
    decisions: list[Decision]


# ---------------------------------------------------------------------------------------------
# Vocabulary

_NAVIGATION = {
    "search", "featured", "skip to content", "skip to main content", "skip to navigation",
    "jump to content", "menu", "main menu", "open menu", "close menu", "toggle navigation",
    "toggle menu", "navigation", "home", "share", "share this", "share this article",
    "share this story", "share this post", "share on facebook", "share on twitter", "share on x",
    "facebook", "twitter", "x", "instagram", "whatsapp", "telegram", "linkedin", "reddit",
    "bluesky", "mastodon", "email", "e-mail", "print", "copy link", "subscribe", "donate",
    "donate now", "log in", "login", "sign in", "sign up", "register", "close", "back to top",
    "previous", "next", "previous article", "next article", "previous post", "next post",
    "comments", "leave a comment", "leave a reply", "advertisement", "sponsored", "like this",
    "tags", "categories", "filed under", "loading", "continue reading", "latest", "trending",
    "most read", "newsletter", "subscribe to our newsletter",
}

# A line that is exactly one of these opens the related-articles list at the foot of a page.
_RELATED_HEADINGS = {
    "read also", "also read", "read more", "related", "related articles", "related posts",
    "related stories", "related content", "you may also like", "you might also like",
    "more stories", "more articles", "recommended", "recommended for you", "more from this author",
}

# "Tags: immigration, labor" and the like: the site's index, not the article
_INDEX_LINKS = re.compile(r"(?i)^(?:tags|tagged|categories|category|filed under|topics)\s*:\s*\S")

_RELATED_LINK = re.compile(r"(?i)^(?:read also|also read|read more|related|see also)\s*:\s*\S")

_LANGUAGES = (
    r"english|ingl[eé]s|spanish|espa[nñ]ol|castellano|french|fran[cç]ais|franc[eê]s|"
    r"portuguese|portugu[eê]s|german|deutsch|alem[aá]n|italian|italiano|catal[aà]|catalan"
)
_EDITION_LINKS = [
    re.compile(
        rf"(?i)^(?:(?:tambi[eé]n|also|aussi|anche|tamb[eé]m)\s+)?"
        rf"(?:disponible|available|dispon[ií]vel|disponibile)\s+(?:en|in|em)\s+(?:{_LANGUAGES})$"
    ),
    re.compile(
        rf"(?i)^(?:read|lire|leer|lee|ler|leggi|lesen)\s+(?:(?:this|esto|este)\s+)?"
        rf"(?:(?:article|story|art[ií]culo|nota)\s+)?(?:in|en|em|auf)\s+(?:{_LANGUAGES})$"
    ),
    re.compile(
        rf"(?i)^(?:(?:versi[oó]n|version|vers[aã]o)\s+(?:en|in|em)\s+(?:{_LANGUAGES})|"
        rf"(?:{_LANGUAGES})\s+(?:version|edition))$"
    ),
    re.compile(
        rf"(?i)^(?:this article is (?:also )?available in|este art[ií]culo est[aá] "
        rf"(?:tambi[eé]n )?disponible en)\s+(?:{_LANGUAGES})$"
    ),
    # a language switcher: "English | Español", "EN / ES", "en español"
    re.compile(
        rf"(?i)^(?:(?:en|in)\s+)?(?:{_LANGUAGES}|en|es|fr|pt|de|it)"
        rf"(?:\s*[|/·•]\s*(?:{_LANGUAGES}|en|es|fr|pt|de|it))*$"
    ),
]

_PHOTO_CREDIT = re.compile(
    r"(?i)^(?:(?:photo|image|picture)\s+(?:credit|by)|photograph(?:ed)?\s+by|"
    r"photo\s+courtesy(?:\s+of)?)"
    r"\s*:?\s+(?P<text>\S.*)$"
)
_CAPTION = re.compile(
    r"(?i)^(?:photo|photograph|image|picture|pictured|caption|foto|top photo|featured image|"
    r"cover photo|above)\s*:\s*(?P<text>\S.*)$"
)
_CREDIT = re.compile(
    r"(?i)^(?:first published|originally published|first appeared|originally appeared|"
    r"this (?:article|piece|story|interview|essay) (?:was )?(?:first |originally )?"
    r"(?:appeared|published)|reprinted|republished|cross-?posted)\b"
)

# "First published here by X": in copied text "here" has lost the link it was, and would
# be translated as a word pointing nowhere.
_LINKLESS_HERE = re.compile(r"(?i)\b(published|appeared|posted)\s+here\b(?=\s+\S)")

_LIST_ITEM = re.compile(r"^(?P<marker>[-*+•◦▪‣●]|\d{1,3}[.)])[ \t]+(?P<text>\S.*)$")

_PARTICLES = {
    "de", "del", "della", "la", "las", "los", "le", "van", "von", "der", "den", "da", "das", "do",
    "dos", "du", "di", "bin", "ibn", "al", "el", "y", "e", "ten", "ter", "zu",
}
_BY = re.compile(r"(?i)^(?:by|written by|words by|reported by|text by|por)\s*:?\s+(?P<rest>\S.*)$")
_NAME_SEPARATORS = re.compile(r"(?i)\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*")

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
_DATE_PREFIX = re.compile(
    r"(?i)^(?:(?:published|posted|updated|last updated|date)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)?"
)
_DATE_TIME_SUFFIX = re.compile(
    r"(?i)(?:\s*[,|·]\s*|\s+(?:at\s+)?|T)\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
    r"(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:Z|[a-z]{2,5}|[+-]\d{2}:?\d{2}))?$"
)
_DATE_MDY = re.compile(
    r"(?i)(?P<mon>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>\d{4})"
)
_DATE_DMY = re.compile(
    r"(?i)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>[a-z]+)\.?,?\s+(?P<year>\d{4})"
)
_DATE_YMD = re.compile(r"(?P<year>\d{4})([-/.])(?P<mon>\d{1,2})\2(?P<day>\d{1,2})")
_DATE_NUMERIC = re.compile(r"(?P<a>\d{1,2})([-/.])(?P<b>\d{1,2})\2(?P<year>\d{4})")

# Closing quotes and brackets that may stand after a sentence's final punctuation.
_CLOSERS = "\"'”’»)]"
_SENTENCE_INSIDE = re.compile(r"[a-z]{3,}[.!?…]['\"”’)]*\s+\S")

# ---------------------------------------------------------------------------------------------
# Markdown escaping

_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<~]|&(?=#?[0-9A-Za-z]+;)")
_BLOCK_START = re.compile(r"^(?:[#>]|[-+](?=[ \t]|$|-)|(?P<num>\d{1,9})(?=[.)](?:[ \t]|$)))")
_HEADING_CLOSER = re.compile(r"(^|[ \t])(#+)[ \t]*$")


def escape_markdown_text(text: str) -> str:
    """Escape one line of text so that, as a paragraph or list-item body, it renders as itself.

    `text` must be one line without leading or trailing white space.
    """
    escaped = _INLINE_MARKUP.sub(lambda m: "\\" + m.group(0), text)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group("num") is not None:
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def _escape_heading(text: str) -> str:
    escaped = _INLINE_MARKUP.sub(lambda m: "\\" + m.group(0), text)
    # a final run of "#" after a space would be read as the heading's closing sequence
    return _HEADING_CLOSER.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


# ---------------------------------------------------------------------------------------------
# Reading lines into units

@dataclass
class _Unit:
    kind: str  # "navigation", "edition", "related-heading", "related-link", "text", "item",
    #            "caption", "photo-credit", "credit"
    lines: list[tuple[int, str]]  # (1-based line number, stripped raw line)
    text: str  # content: joined lines; an item without its marker, a caption without its label
    marker: str = ""  # a list item's marker as written
    action: str = ""  # the decision, once made
    block: str = ""  # what it is in the body: "p", "heading", "item"; "" if not in the body

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def raw(self) -> str:
        return " ".join(text for _, text in self.lines)


def _normalise_phrase(text: str) -> str:
    phrase = text.lower().replace("’", "'")
    phrase = re.sub(r"[\s\u00a0]+", " ", phrase)
    return phrase.strip(" :»›→←«‹>|…").strip()


def _classify_line(text: str) -> tuple[str, str, str]:
    """Return (kind, content, marker) for one stripped non-blank line."""
    phrase = _normalise_phrase(text)
    if phrase in _RELATED_HEADINGS:
        return "related-heading", text, ""
    if phrase in _NAVIGATION or _INDEX_LINKS.match(text):
        return "navigation", text, ""
    if any(pattern.match(phrase) for pattern in _EDITION_LINKS):
        return "edition", text, ""
    if _RELATED_LINK.match(text):
        return "related-link", text, ""
    if m := _PHOTO_CREDIT.match(text):
        return "photo-credit", m.group("text"), ""
    if m := _CAPTION.match(text):
        return "caption", m.group("text"), ""
    if _CREDIT.match(text) and len(text.split()) <= 40:
        return "credit", text, ""
    if m := _LIST_ITEM.match(text):
        return "item", m.group("text"), m.group("marker")
    return "text", text, ""


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in {".", "!", "?", "…", ":", ";"}


def _read_units(raw: str) -> list[_Unit]:
    units: list[_Unit] = []
    previous_blank = True
    # only CR/LF end a line, as in an editor (str.splitlines also splits on U+2028, FF, ...)
    for number, line in enumerate(re.split(r"\r\n|\r|\n", raw), start=1):
        text = line.strip()
        if not text:
            previous_blank = True
            continue
        kind, content, marker = _classify_line(text)
        last = units[-1] if units and not previous_blank else None
        if kind == "text" and last is not None and last.kind in ("text", "item"):
            indented_under_item = last.kind == "item" and line[:1] in (" ", "\t")
            wrapped = not _ends_sentence(last.text) and text[:1].islower()
            if indented_under_item or wrapped:
                last.lines.append((number, text))
                last.text += " " + text
                previous_blank = False
                continue
        units.append(_Unit(kind, [(number, text)], content, marker))
        previous_blank = False
    return units


# ---------------------------------------------------------------------------------------------
# Recognisers

def _word_count(text: str) -> int:
    return len(text.split())


def _is_prose(unit: _Unit) -> bool:
    if unit.kind != "text":
        return False
    words = _word_count(unit.text)
    final = unit.text.rstrip(_CLOSERS)[-1:]
    return (
        (final in {".", "…"} and words >= 5)
        or words > 30
        or (final in {"!", "?"} and words > 15)
    )


def _is_heading_like(text: str) -> bool:
    if not 1 <= _word_count(text) <= 15 or len(text) > 100:
        return False
    if text.rstrip(_CLOSERS)[-1:] in {".", ",", ";", ":", "!", "…"}:
        return False
    first = text[:1]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘¿¡«"):
        return False
    return _SENTENCE_INSIDE.search(text) is None


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_date(text: str) -> tuple[dt.date, str] | None:
    """A line that is only a date -> (date, note for the decision); else None."""
    core = _DATE_PREFIX.sub("", text.strip(), count=1)
    core = _DATE_TIME_SUFFIX.sub("", core).strip().rstrip(".").strip()
    for pattern in (_DATE_MDY, _DATE_DMY):
        if m := pattern.fullmatch(core):
            month = _MONTHS.get(m.group("mon").lower())
            if month is None:
                return None
            date = _make_date(int(m.group("year")), month, int(m.group("day")))
            return (date, "") if date else None
    if m := _DATE_YMD.fullmatch(core):
        date = _make_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        return (date, "") if date else None
    if m := _DATE_NUMERIC.fullmatch(core):
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        written = m.group(0)
        if a > 12:
            date = _make_date(year, b, a)
            return (date, f"{written} read as day/month/year") if date else None
        if b > 12:
            date = _make_date(year, a, b)
            return (date, f"{written} read as month/day/year") if date else None
        date = _make_date(year, b, a)
        if date is None:
            return None
        if a == b:
            return date, ""
        other = _make_date(year, a, b)
        return date, (
            f"ambiguous {written}: read as day/month/year; "
            f"month first it would be {other.isoformat() if other else 'invalid'}"
        )
    return None


def _title_case_token(token: str) -> str:
    return "".join(
        part[:1].upper() + part[1:].lower() for part in re.split(r"([-'’])", token)
    )


def _normalise_name(name: str) -> str:
    tokens = name.split()
    if any(ch.islower() for ch in name):
        return " ".join(tokens)
    # written in capitals (usually a style sheet's text-transform): title-case it
    out = []
    for index, token in enumerate(tokens):
        if index and token.lower() in _PARTICLES:
            out.append(token.lower())
        elif sum(ch.isalpha() for ch in token) >= 2:
            out.append(_title_case_token(token))
        else:
            out.append(token)
    return " ".join(out)


def _is_name(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 5:
        return False
    for index, token in enumerate(tokens):
        if 0 < index < len(tokens) - 1 and token.lower() in _PARTICLES:
            continue
        if not (_NAME_TOKEN.fullmatch(token) and token[0].isupper()):
            return False
    return True


def _parse_byline(text: str) -> tuple[list[str], bool] | None:
    """(authors, whether it says "By") for a byline; None if `text` is not one."""
    m = _BY.match(text)
    rest = m.group("rest") if m else text
    parts = [part.strip() for part in _NAME_SEPARATORS.split(rest.strip())]
    if not parts or not all(parts) or not all(_is_name(part) for part in parts):
        return None
    return [_normalise_name(part) for part in parts], m is not None


def _split_byline_date(text: str) -> tuple[list[str], tuple[dt.date, str]] | None:
    for sep in re.finditer(r"\s*[|·•]\s*|\s+[–—-]\s+|,\s+", text):
        left, right = text[: sep.start()], text[sep.end():]
        for names_side, date_side in ((left, right), (right, left)):
            byline, date = _parse_byline(names_side), _parse_date(date_side)
            if byline and date:
                return byline[0], date
    return None


# ---------------------------------------------------------------------------------------------
# The import

_DROPPED = {
    "navigation": "dropped (site navigation)",
    "edition": "dropped (link to another edition)",
    "related-heading": "dropped (related-articles heading)",
    "related-link": "dropped (link to another article)",
}


@dataclass
class _Article:
    """What the recognisers found, gathered into front-matter fields."""

    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    caption: list[str] = field(default_factory=list)
    credit: list[str] = field(default_factory=list)

    def front_matter(self) -> dict[str, object]:
        fields: dict[str, object] = {
            "title": self.title,
            "description": self.description,
            "authors": self.authors or None,
            "date": self.date,
            "caption": " ".join(self.caption) or None,
            "credit": " ".join(self.credit) or None,
        }
        return {key: value for key, value in fields.items() if value is not None}


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mark_related_runs(units: list[_Unit]) -> None:
    """After the article has begun, a related-articles heading makes short lines links."""
    begun = in_run = False
    for unit in units:
        if unit.kind == "related-heading":
            in_run = begun
        elif _is_prose(unit):
            begun, in_run = True, False
        elif in_run and unit.kind in ("text", "item"):
            unit.kind = "related-link"


def _date_index(content: list[_Unit]) -> dict[int, tuple[dt.date, str]]:
    return {
        j: parsed
        for j, unit in enumerate(content)
        if unit.kind == "text" and (parsed := _parse_date(unit.text)) is not None
    }


def _meta_of(content: list[_Unit], j: int, dates: dict) -> tuple | None:
    """("date", (date, note)) / ("authors", names) / ("authors and date", names, (date, note))."""
    unit = content[j]
    if unit.kind != "text":
        return None
    if j in dates:
        return ("date", dates[j])
    if combo := _split_byline_date(unit.text):
        return ("authors and date", combo[0], combo[1])
    if byline := _parse_byline(unit.text):
        names, says_by = byline
        if says_by or (j - 1) in dates or (j + 1) in dates:
            return ("authors", names)
    return None


def _record_meta(unit: _Unit, meta: tuple, article: _Article) -> None:
    kind = meta[0]
    if kind in ("authors", "authors and date"):
        article.authors.extend(meta[1])
    note = ""
    if kind in ("date", "authors and date"):
        date, note = meta[-1]
        if article.date is not None and kind == "date":
            unit.action = "dropped (another date: the first one is kept)"
            return
        if article.date is not None:
            unit.action = "authors (the date on this line is not kept: the first one is)"
            return
        article.date = date
    unit.action = kind + (f" ({note})" if note else "")


def _assign_captions_and_credits(content: list[_Unit], article: _Article) -> None:
    for unit in content:
        if unit.kind == "caption" and article.caption:
            unit.action, unit.block = "paragraph (another photo caption, kept in the body)", "p"
            unit.text = unit.raw
        elif unit.kind == "caption":
            article.caption.append(unit.text)
            unit.action = "caption"
        elif unit.kind == "photo-credit" and not article.caption:
            article.caption.append(unit.raw)  # "(X)" alone would not say what X is
            unit.action = "caption (photo credit)"
        elif unit.kind == "photo-credit":
            article.caption.append(unit.text if unit.text.startswith("(") else f"({unit.text})")
            unit.action = "caption (photo credit)"
        elif unit.kind == "credit":
            text = _LINKLESS_HERE.sub(r"\1", unit.text)
            article.credit.append(text)
            unit.action = "credit" if text == unit.text else \
                "credit (dropped “here”: its link did not survive the copy)"


def _assign_title(content: list[_Unit], dates: dict, article: _Article) -> int:
    """Find the title; return the index where the header starts."""
    prose_at = next(
        (j for j, u in enumerate(content) if _is_prose(u) or u.kind == "item"), len(content)
    )
    candidates = [
        j for j in range(prose_at)
        if content[j].kind == "text" and _meta_of(content, j, dates) is None
    ]
    title_at = next((j for j in candidates if 3 <= _word_count(content[j].text) <= 25), None)
    if title_at is None and candidates:
        title_at = candidates[-1]
    if title_at is None:
        return 0
    article.title = content[title_at].text
    content[title_at].action = "title"
    for j in range(title_at):
        unit = content[j]
        if unit.action:
            continue
        if meta := _meta_of(content, j, dates):
            _record_meta(unit, meta, article)
        else:
            unit.action = "dropped (label before the title)"
    return title_at + 1


def _assign_header(content: list[_Unit], start: int, dates: dict, article: _Article) -> None:
    metas: dict[int, tuple] = {}
    prose_seen = 0
    for j in range(start, min(len(content), start + 8)):
        unit = content[j]
        if unit.action:
            continue
        if unit.kind != "text":
            break
        if meta := _meta_of(content, j, dates):
            metas[j] = meta
        elif _is_prose(unit):
            prose_seen += 1
            if prose_seen > 1:
                break
    header_end = max(metas) + 1 if metas else start
    wants_standfirst = article.title is not None
    for j in range(start, header_end):
        unit = content[j]
        if unit.action:
            continue
        if j in metas:
            _record_meta(unit, metas[j], article)
        elif wants_standfirst and _word_count(unit.text) >= 3:
            article.description = unit.text
            unit.action = "standfirst"
            wants_standfirst = False
        elif _word_count(unit.text) <= 3 and not _is_prose(unit):
            unit.action = "dropped (label in the header)"
        # anything else is left for the body


def _assign_body(content: list[_Unit]) -> list[_Unit]:
    body = [unit for unit in content if not unit.action or unit.block]
    for index, unit in enumerate(body):
        if unit.action:
            continue
        before = body[index - 1] if index > 0 else None
        after = body[index + 1] if index + 1 < len(body) else None
        if unit.kind == "item":
            kind = _list_kind(unit)
            if any(n and n.kind == "item" and _list_kind(n) == kind for n in (before, after)):
                unit.action, unit.block = "list item", "item"
            else:
                unit.text = unit.raw
                unit.action, unit.block = "paragraph (a lone list marker, kept as text)", "p"
        elif _is_heading_like(unit.text) and after is not None and after.kind in ("text", "item"):
            unit.action, unit.block = "heading", "heading"
        else:
            unit.action, unit.block = "paragraph", "p"
    return body


def import_article(raw: str, path: str) -> ImportResult:
    """Turn a scraped article into Markdown source; see the module docstring for the rules."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if not raw.strip():
        raise SourceError("nothing to import: the file is empty", path)
    if "\x00" in raw:
        line = raw[: raw.index("\x00")].count("\n") + 1
        raise SourceError("not a text file (NUL byte)", path, line)

    units = _read_units(raw)
    _mark_related_runs(units)
    for unit in units:
        unit.action = _DROPPED.get(unit.kind, "")
    content = [unit for unit in units if unit.kind not in _DROPPED]
    if not any(unit.kind in ("text", "item") for unit in content):
        first = content[0].line if content else 1
        raise SourceError("no article text left once site navigation is removed", path, first)

    article = _Article()
    _assign_captions_and_credits(content, article)
    dates = _date_index(content)
    start = _assign_title(content, dates, article)
    _assign_header(content, start, dates, article)
    body = _assign_body(content)
    markdown = _render(article.front_matter(), body)
    return ImportResult(markdown, _decisions(units))


def _list_kind(unit: _Unit) -> str:
    return "ordered" if unit.marker[:1].isdigit() else "bullet"


def _render(front: dict[str, object], body: list[_Unit]) -> str:
    blocks: list[str] = []
    items: list[str] = []
    list_kind = ""
    for unit in body:
        if unit.block == "item":
            kind = _list_kind(unit)
            if items and kind != list_kind:
                blocks.append("\n".join(items))
                items = []
            list_kind = kind
            marker = unit.marker[:-1] + "." if kind == "ordered" else "-"
            items.append(f"{marker} {escape_markdown_text(unit.text)}")
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        if unit.block == "heading":
            blocks.append("## " + _escape_heading(unit.text))
        else:
            blocks.append(escape_markdown_text(unit.text))
    if items:
        blocks.append("\n".join(items))

    parts = []
    if front:
        # width: never fold a long caption or standfirst over several lines
        dumped = yaml.safe_dump(
            front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 30
        )
        parts.append(f"---\n{dumped}---\n")
    if blocks:
        parts.append("\n\n".join(blocks) + "\n")
    return "\n".join(parts)


def _decisions(units: list[_Unit]) -> list[Decision]:
    decisions = []
    for unit in units:
        whole = unit.action.startswith("dropped")
        for position, (number, text) in enumerate(unit.lines):
            action = unit.action if position == 0 else f"{unit.action} (joined to line {unit.line})"
            decisions.append(Decision(number, action, text if whole else _shorten(text)))
    return decisions
