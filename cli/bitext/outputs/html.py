"""HTML pages of an article in one language: the edition and the bilingual page.

- `render_edition_html(article, resolutions, language, stale_mode, source_language)` — the
  translated article as a standalone page (`<html lang="es">`, everything inline, no
  network).  Front-matter title, subtitle, description (standfirst), summary, authors,
  date (the language's long form), caption and credit are laid out as a publication's
  masthead; the body comes from `bitext.segment.render_html_body`.  A place shown in the
  source language carries `lang="en"`; with `stale_mode="translation"` a stale place shows
  its outdated translation with `class="outdated"` and a visible "outdated translation" label.
- `render_bilingual_html(article, resolutions, counts, language, source_language)` — an
  editor's page: a sticky header with the completion figures and a bar, then one row per
  place of `article.segments` (front matter included, document order).  Each row has a
  stable id (`choose.anchor_ids`), a source cell and a translation cell, each with its BCP 47
  `lang`, and a text label of its state; a stale row also shows, word by word, how the source
  changed since the translation was made (`<del>`/`<ins>`).  Two columns from 601px up,
  stacked below.

Safety: every value reaches the page through Jinja2 with autoescape on; inline Markdown of a
segment becomes HTML only through `render_inline_html`/`render_html_body`, which keep an
inline tag of a translation only where the same tag stands in its source segment.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import jinja2
from markupsafe import Markup

from bitext.lang import bcp47, format_long_date, language_name
from bitext.model import Article, Counts, Resolution, Segment, State
from bitext.outputs.choose import anchor_ids, choose_text, clean_text
from bitext.outputs.diff import diff_words
from bitext.segment import render_html_body, render_inline_html

__all__ = ["render_edition_html", "render_bilingual_html", "load_template", "completion_shares", "OUTDATED_LABEL"]

OUTDATED_LABEL = "outdated translation"
# Front-matter fields the edition lays out; other translatable fields appear on the bilingual page only.
_MASTHEAD_FIELDS = ("title", "subtitle", "description", "summary", "caption", "credit")
# Scripts written right to left; Babel's text direction is not exposed by bitext.lang.
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


@functools.lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("bitext.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def load_template(name: str) -> jinja2.Template:
    """A template of `bitext/outputs/templates`, autoescaped."""
    return _environment().get_template(name)


def _direction(language: str) -> str:
    return "rtl" if language.replace("-", "_").split("_")[0].lower() in _RTL_LANGUAGES else "ltr"


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain_text(html: str) -> str:
    """The text content of an HTML fragment (for <title> and <meta>)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


@dataclass
class _Shown:
    """One front-matter field as the edition shows it."""

    html: Markup
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def plain(self) -> str:
        return _plain_text(str(self.html))

    def attributes(self, class_name: str) -> dict[str, str]:
        """The element's attributes, `class_name` joined with any class of the place."""
        merged = dict(self.attrs)
        merged["class"] = " ".join(filter(None, (class_name, self.attrs.get("class", ""))))
        return merged


def _place_attrs(shown: str, source_lang: str) -> dict[str, str]:
    if shown == "source":
        return {"lang": source_lang}
    if shown == "outdated":
        return {"class": "outdated", "title": OUTDATED_LABEL}
    return {}


def _front_matter_segments(article: Article) -> dict[str, Segment]:
    places: dict[str, Segment] = {}
    for segment in article.segments:
        if segment.kind in _MASTHEAD_FIELDS and segment.kind in article.front_matter:
            places.setdefault(segment.kind, segment)
    return places


def _show_field(
    name: str,
    article: Article,
    places: Mapping[str, Segment],
    resolutions: Mapping[str, Resolution],
    stale_mode: str,
    source_lang: str,
) -> _Shown | None:
    segment = places.get(name)
    if segment is not None:
        text, shown = choose_text(resolutions.get(segment.text), stale_mode)
        if text is None:
            return _Shown(Markup(render_inline_html(segment.text)), _place_attrs("source", source_lang))
        return _Shown(Markup(render_inline_html(text, segment.text)), _place_attrs(shown, source_lang))
    value = article.front_matter.get(name)
    if isinstance(value, str) and value.strip():
        # A field the settings leave untranslated: the source's own text.
        return _Shown(Markup(render_inline_html(clean_text(value.strip()))), _place_attrs("source", source_lang))
    return None


def _authors(front_matter: Mapping[str, Any]) -> list[str]:
    value = front_matter.get("authors", front_matter.get("author"))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return []
    return [clean_text(str(name)).strip() for name in value if str(name).strip()]


def _date(front_matter: Mapping[str, Any], language: str) -> dict[str, str] | None:
    value = front_matter.get("date")
    if value is None or value == "":
        return None
    iso = None
    if isinstance(value, (_dt.date, _dt.datetime)):
        iso = value.isoformat()
    elif isinstance(value, str):
        try:
            iso = _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            iso = None
    else:
        value = str(value)
    return {"text": clean_text(format_long_date(value, language)), "iso": iso or ""}


def render_edition_html(
    article: Article,
    resolutions: Mapping[str, Resolution],
    language: str,
    stale_mode: str = "source",
    source_language: str = "en",
) -> str:
    """The article in `language` as a standalone, self-contained HTML page."""
    choose_text(None, stale_mode)  # validates stale_mode before any work
    source_lang = bcp47(source_language)

    def translate(segment: Segment) -> tuple[str, Mapping[str, str]] | None:
        text, shown = choose_text(resolutions.get(segment.text), stale_mode)
        if text is None:
            return segment.text, _place_attrs("source", source_lang)
        return text, _place_attrs(shown, source_lang)

    places = _front_matter_segments(article)
    fields = {
        name: _show_field(name, article, places, resolutions, stale_mode, source_lang)
        for name in _MASTHEAD_FIELDS
    }
    title = fields["title"]
    plain_title = title.plain if title else _first_heading_text(article, resolutions, stale_mode)
    description = fields["description"]
    return load_template("edition.html").render(
        lang=bcp47(language),
        dir=_direction(language),
        page_title=plain_title or article.slug,
        meta_description=description.plain if description else "",
        fields=fields,
        authors=_authors(article.front_matter),
        date=_date(article.front_matter, language),
        image=_image(article.front_matter),
        body=Markup(render_html_body(article, translate)),
        outdated_label=OUTDATED_LABEL,
    )


def _image(front_matter: Mapping[str, Any]) -> dict[str, str] | None:
    value = front_matter.get("image")
    if isinstance(value, str) and value.strip():
        return {"src": value.strip(), "alt": str(front_matter.get("image_alt", ""))}
    return None


def _first_heading_text(article: Article, resolutions: Mapping[str, Resolution], stale_mode: str) -> str:
    for segment in article.segments:
        if segment.kind.startswith("heading"):
            text, _shown = choose_text(resolutions.get(segment.text), stale_mode)
            return _plain_text(render_inline_html(text, segment.text) if text else render_inline_html(segment.text))
    return ""


@dataclass
class _Row:
    id: str
    kind: str
    kind_class: str
    line: int
    state: str
    source_html: Markup
    target_html: Markup | None
    previous: list[tuple[str, str]] | None
    po_line: int | None


def _kind_class(kind: str) -> str:
    if kind.startswith("heading") or kind == "title":
        return "kind-heading"
    return "kind-" + (re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-") or "other")


def _bilingual_rows(article: Article, resolutions: Mapping[str, Resolution]) -> list[_Row]:
    rows = []
    for segment, anchor in zip(article.segments, anchor_ids(article)):
        resolution = resolutions.get(segment.text)
        state = resolution.state if resolution is not None else State.UNTRANSLATED
        translation = resolution.translation if resolution is not None else None
        if state != State.UNTRANSLATED and translation:
            target = Markup(render_inline_html(clean_text(translation), segment.text))
        else:
            state, target = State.UNTRANSLATED, None
        previous = None
        if state == State.STALE and resolution.previous_msgid is not None:
            previous = diff_words(clean_text(resolution.previous_msgid), clean_text(segment.text))
        rows.append(
            _Row(
                id=anchor,
                kind=segment.kind,
                kind_class=_kind_class(segment.kind),
                line=segment.line,
                state=State(state).value,
                source_html=Markup(render_inline_html(segment.text)),
                target_html=target,
                previous=previous,
                po_line=resolution.po_line if resolution is not None and translation else None,
            )
        )
    return rows


def completion_shares(counts: Counts) -> dict[str, float]:
    """Widths (percent of segments) of a completion bar's translated, stale and untranslated parts.

    An article with no segments is complete, as its percentage (100.0) says.
    """
    if counts.segments == 0:
        return {"translated": 100.0, "stale": 0.0, "untranslated": 0.0}
    return {
        name: round(100.0 * getattr(counts, name) / counts.segments, 2)
        for name in ("translated", "stale", "untranslated")
    }


def render_bilingual_html(
    article: Article,
    resolutions: Mapping[str, Resolution],
    counts: Counts,
    language: str,
    source_language: str = "en",
) -> str:
    """Source and translation side by side, one anchored row per place, with completion figures."""
    rows = _bilingual_rows(article, resolutions)
    title_segment = next((s for s in article.segments if s.kind == "title"), None)
    if title_segment is None:
        title_segment = next((s for s in article.segments if s.kind.startswith("heading")), None)
    title = _plain_text(render_inline_html(title_segment.text)) if title_segment else article.slug
    bar = completion_shares(counts)
    return load_template("bilingual.html").render(
        ui_lang=bcp47(source_language),
        source_lang=bcp47(source_language),
        target_lang=bcp47(language),
        source_dir=_direction(source_language),
        target_dir=_direction(language),
        source_name=language_name(source_language, source_language),
        target_name=language_name(language, source_language),
        target_own_name=language_name(language),
        title=title,
        path=article.path,
        counts=counts,
        percent=counts.percent,
        bar=bar,
        rows=rows,
        review=[row for row in rows if row.state != "translated"],
        outdated_label=OUTDATED_LABEL,
    )
