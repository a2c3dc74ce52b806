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

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from bitext.lang import bcp47, language_name
from bitext.model import Counts
from bitext.outputs.choose import clean_text
from bitext.outputs.html import completion_shares, load_template
from bitext.outputs.i18n import ui_translations

__all__ = ["IndexArticle", "IndexRow", "render_index_html"]


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
    words = ui_translations(source_language).language
    languages_counts: dict[str, Counts] = {code: Counts() for code in languages}
    articles: dict[str, dict] = {}
    for original in originals:
        articles[original.slug] = {"slug": clean_text(original.slug), "title": clean_text(original.title or original.slug),
                                   "href": quote(original.path, safe="/") if original.path else None, "rows": []}
    for row in rows:
        languages_counts.setdefault(row.language, Counts()).add(row.counts)
        title = clean_text(row.title or row.slug)
        article = articles.setdefault(row.slug, {"slug": clean_text(row.slug), "title": title, "href": None,
                                                 "rows": []})
        article["rows"].append(
            {
                "language": row.language,
                "lang": bcp47(row.language),
                "name": language_name(row.language, words),
                "own_name": language_name(row.language),
                "title": title,
                "title_lang": bcp47(row.title_language or row.language),
                "counts": row.counts,
                "shares": completion_shares(row.counts),
                "links": [(label, quote(path, safe="/")) for label, path in row.links],
                "threshold": row.threshold,
                "below": row.below_threshold,
            }
        )
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
    for article in articles.values():
        article["rows"].sort(key=lambda row: row["language"])
    return load_template("index.html", source_language).render(
        ui_lang=bcp47(words),
        source_lang=bcp47(source_language),
        source_name=language_name(source_language, words),
        summary=summary,
        articles=sorted(articles.values(), key=lambda article: article["slug"]),
    )
