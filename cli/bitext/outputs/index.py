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

__all__ = ["IndexRow", "render_index_html"]


@dataclass
class IndexRow:
    """One article in one language, as the index shows it."""

    language: str
    slug: str
    title: str
    counts: Counts
    links: Sequence[tuple[str, str]] = field(default_factory=tuple)
    threshold: float | None = None

    @property
    def below_threshold(self) -> bool:
        return self.threshold is not None and self.counts.percent < self.threshold


def render_index_html(rows: Sequence[IndexRow], source_language: str = "en") -> str:
    """A page listing every article and language with its completion bar and links."""
    languages: dict[str, Counts] = {}
    articles: dict[str, dict] = {}
    for row in rows:
        languages.setdefault(row.language, Counts()).add(row.counts)
        title = clean_text(row.title or row.slug)
        article = articles.setdefault(row.slug, {"slug": clean_text(row.slug), "title": title, "rows": []})
        article["rows"].append(
            {
                "language": row.language,
                "lang": bcp47(row.language),
                "name": language_name(row.language, source_language),
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
            "name": language_name(code, source_language),
            "own_name": language_name(code),
            "counts": counts,
            "shares": completion_shares(counts),
        }
        for code, counts in sorted(languages.items())
    ]
    return load_template("index.html").render(
        ui_lang=bcp47(source_language),
        summary=summary,
        articles=sorted(articles.values(), key=lambda article: article["slug"]),
    )
