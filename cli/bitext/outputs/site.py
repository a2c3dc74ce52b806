"""What links a page of the site to the others: data the build computes, pages render.

`PageLinks` is what `render_edition_html` and `render_bilingual_html` are given: the
relative URL of the index, one `LanguageLink` per edition of the article (the current
page's with `href=None`), the bilingual pages, the `<link rel="alternate" hreflang>`
pairs (`x-default` included), an optional canonical URL, and `rewrite(url, kind)`, which
points a source's relative references at the build's copies of their files.  Every URL
is already relative to the page (or absolute under the `base_url` setting); renderers
put them in as they are (escaped).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

__all__ = ["LanguageLink", "PageLinks", "relative_url"]


@dataclass
class LanguageLink:
    language: str  # gettext code
    href: str | None  # None: this very page


@dataclass
class PageLinks:
    index: str | None = None
    editions: list[LanguageLink] = field(default_factory=list)
    bilingual: list[tuple[str, str]] = field(default_factory=list)  # (target language, href)
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, href)
    canonical: str | None = None
    rewrite: Callable[[str, str], str | None] | None = None


def relative_url(target: str, page: str) -> str:
    """The percent-encoded URL of `target` from the page at `page` (both POSIX paths below one root)."""
    relative = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return quote(relative, safe="/")
