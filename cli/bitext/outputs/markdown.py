"""The translated edition as a source-format document (`build/<lang>/<slug>.md` or `.txt`).

`render_translated_document(article, resolutions, language, stale_mode)` returns the whole
document with the structure of the source: each place holds its translation when the
catalog has a current one; stale and untranslated places hold the source text, except that
`stale_mode="translation"` puts a stale place's outdated translation there, plain (a
Markdown file has no way to mark it that every reader would see).  A Markdown article's
front matter is kept, with translated fields and `lang: <language>` added or replaced.
Text XML/HTML cannot carry is dropped from translations (see `choose.clean_text`).  A
translation adds no link, image or HTML its source segment lacks (escaped as text), and
`raw_html` ("keep", "escape", "drop") decides the fate of the source's own HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

from bitext.model import Article, Resolution, Segment
from bitext.outputs.choose import choose_text
from bitext.segment import rebuild_document

__all__ = ["render_translated_document"]


def render_translated_document(
    article: Article,
    resolutions: Mapping[str, Resolution],
    language: str,
    stale_mode: str = "source",
    raw_html: str = "keep",
) -> str:
    """The article in `language`, falling back to the source text where no translation is current."""
    choose_text(None, stale_mode)  # validates stale_mode before any work

    def translate(segment: Segment) -> str | None:
        text, _shown = choose_text(resolutions.get(segment.text), stale_mode)
        return text

    updates = {"lang": language} if article.format == "md" else {}
    return rebuild_document(article, translate, updates, raw_html)
