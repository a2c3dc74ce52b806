"""The build's front page (`build/index.html`): every article and language with its completion.

`render_index_html(rows, source_language="en")` takes one `IndexRow` per article and
language and returns a standalone page: a summary per language (totals over its articles),
then each article with, per language, a completion bar (translated / stale / untranslated
segments, with the word percentage as the figure), the counts, and links to the files that
were written (`links`: (label, path) pairs, each path a POSIX file path relative to the
index, which becomes a percent-encoded relative URL: `es/la niña.html` -> `es/la%20ni%C3%B1a.html`).  When a row has
a `threshold` and falls below it, the bar shows the threshold mark and the row says that no
edition was published.  All values are escaped by Jinja2 (autoescape on); characters XML
cannot carry are dropped from titles (`choose.clean_text`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup

from bitext.lang import bcp47, language_name
from bitext.model import Counts
from bitext.outputs.choose import clean_text
from bitext.outputs.html import completion_shares, load_template
from bitext.outputs.i18n import ui_translations

__all__ = ["IndexArticle", "IndexRow", "render_index_html", "render_index_bytes", "render_index_chunks",
           "index_sections"]


@dataclass
class IndexRow:
    """One article in one language, as the index shows it.

    `title_language` is the language `title` is written in (the source language when the
    title is not translated); `edition` the link label of the published edition, if any."""

    language: str
    slug: str
    title: str
    counts: Counts
    links: Sequence[tuple[str, str]] = field(default_factory=tuple)
    threshold: float | None = None
    title_language: str | None = None
    published: bool | None = None

    @property
    def below_threshold(self) -> bool:
        if self.published is not None:
            return not self.published
        return self.threshold is not None and self.counts.percent < self.threshold


@dataclass
class IndexArticle:
    """An article's original edition: its title in the source language and the page's path."""

    slug: str
    title: str
    path: str | None = None


def render_index_html(rows: Sequence[IndexRow], source_language: str = "en",
                      originals: Sequence[IndexArticle] = (), languages: Sequence[str] = ()) -> str:
    """A page listing every article and language with its completion bar and links.

    The page's words are in the source language (English when bitext has no catalog for
    it); every title carries the `lang` of the language it is written in. `languages`
    (the configured ones) are listed even when no article has a catalog in them yet."""
    return render_index_bytes(rows, source_language, originals, languages)[0].decode("utf-8")


# Where the sections of the articles start in the page, and the only places a section names
# its position (attribute values: a title's own quotes are escaped, so never match these).
_SECTION_START = b'<section class="article" id="article-'
_POSITIONS = (b'id="article-%d"', b'aria-labelledby="article-%d-title"', b'id="article-%d-title"')


def _section_key(context: tuple, original: dict, rows: list[IndexRow]) -> str:
    parts = (context, original, [(row.language, row.title, repr(row.counts), list(row.links), row.threshold,
                                  row.title_language, row.published) for row in rows])
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def index_sections(page: bytes, keys: Sequence[str]) -> dict[str, tuple[int, memoryview]] | None:
    """The article sections of an index page this module wrote, by the keys it returned with
    it (`render_index_bytes`): key -> (position, bytes).  None when the page does not split
    into exactly that many sections (then nothing is reused)."""
    starts = []
    at = page.find(_SECTION_START)
    while at >= 0:
        starts.append(at)
        at = page.find(_SECTION_START, at + 1)
    if len(starts) != len(keys):
        return None
    end = page.rfind(b"</section>\n")
    if not starts or end < starts[-1]:
        return None if keys else {}
    bounds = [*starts, end + len(b"</section>\n")]
    view = memoryview(page)
    return {key: (n + 1, view[bounds[n]:bounds[n + 1]]) for n, key in enumerate(keys)}


def _renumbered(section: memoryview, old: int, new: int) -> bytes:
    data = bytes(section)
    for pattern in _POSITIONS:
        data = data.replace(pattern % old, pattern % new, 1)
    return data


def render_index_bytes(rows: Sequence[IndexRow], source_language: str = "en",
                       originals: Sequence[IndexArticle] = (), languages: Sequence[str] = (),
                       previous: dict[str, tuple[int, memoryview]] | None = None) -> tuple[bytes, list[str]]:
    """`render_index_html` as UTF-8, and the key of each article's section (`render_index_chunks`)."""
    chunks, keys = render_index_chunks(rows, source_language, originals, languages, previous)
    return b"".join(chunks), keys


def render_index_chunks(rows: Sequence[IndexRow], source_language: str = "en",
                        originals: Sequence[IndexArticle] = (), languages: Sequence[str] = (),
                        previous: dict[str, tuple[int, memoryview]] | None = None
                        ) -> tuple[list[bytes | memoryview], list[str]]:
    """`render_index_html` as UTF-8 pieces to write one after the other (not joined: at
    100,000 articles the page is 150 MB), and the key of each article's section, in page order.

    `previous` (`index_sections` of the last page): a section whose key is there is taken
    from it (renumbered when the article moved) instead of rendered again: the same inputs
    render the same bytes, so a build that changed a few articles of 100,000 renders a few
    sections, not the whole page."""
    words = ui_translations(source_language).language
    template = load_template("index.html", source_language)
    context = {"ui_lang": bcp47(words), "source_lang": bcp47(source_language),
               "source_name": language_name(source_language, words)}
    languages_counts: dict[str, Counts] = {code: Counts() for code in languages}
    grouped: dict[str, tuple[dict, list[IndexRow]]] = {}
    for original in originals:
        grouped[original.slug] = ({"slug": original.slug, "title": original.title or original.slug,
                                   "path": original.path}, [])
    for row in rows:
        languages_counts.setdefault(row.language, Counts()).add(row.counts)
        grouped.setdefault(row.slug, ({"slug": row.slug, "title": None, "path": None}, []))[1].append(row)
    summary = [
        {
            "language": code,
            "lang": bcp47(code),
            "name": language_name(code, words),
            "own_name": language_name(code),
            "counts": counts,
            "shares": completion_shares(counts),
        }
        for code, counts in sorted(languages_counts.items())
    ]
    # the articles in page order: by their shown slug, as always
    ordered = sorted(grouped.values(), key=lambda item: clean_text(item[0]["slug"]))
    key_context = (source_language, words, tuple(sorted(languages_counts)))
    module = None
    names: dict[str, tuple[str, str]] = {}
    sections: list[bytes | memoryview] = []
    keys: list[str] = []
    for position, (original, article_rows) in enumerate(ordered, 1):
        key = _section_key(key_context, original, article_rows)
        keys.append(key)
        found = previous.get(key) if previous else None
        if found is not None:
            old, section = found
            sections.append(section if old == position else _renumbered(section, old, position))
            continue
        if module is None:
            module = template.make_module({**context, "summary": [], "sections": [], "article_count": 0})
        sections.append(str(module.article_section(_article(original, article_rows, words, names),
                                                   position)).encode("utf-8"))
    page = template.render(**context, summary=summary, article_count=len(ordered),
                           sections=[Markup("\x00")])
    head, _, tail = page.partition("\x00")
    return [head.encode("utf-8"), *sections, tail.encode("utf-8")], keys


def _article(original: dict, rows: list[IndexRow], words, names: dict) -> dict:
    """What the template shows of one article."""
    first = rows[0] if rows else None
    # an article without its original (a test's rows alone) takes its first row's title
    title = clean_text(original["title"] if original["title"] is not None or first is None
                       else first.title or first.slug)
    article = {"slug": clean_text(original["slug"]), "title": title,
               "href": quote(original["path"], safe="/") if original["path"] else None, "rows": []}
    for row in rows:
        if row.language not in names:
            names[row.language] = (language_name(row.language, words), language_name(row.language))
        name, own_name = names[row.language]
        article["rows"].append(
            {
                "language": row.language,
                "lang": bcp47(row.language),
                "name": name,
                "own_name": own_name,
                "title": clean_text(row.title or row.slug),
                "title_lang": bcp47(row.title_language or row.language),
                "counts": row.counts,
                "shares": completion_shares(row.counts),
                "links": [(label, quote(path, safe="/")) for label, path in row.links],
                "threshold": row.threshold,
                "below": row.below_threshold,
            }
        )
    article["rows"].sort(key=lambda row: row["language"])
    return article
