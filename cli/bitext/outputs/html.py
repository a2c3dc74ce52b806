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
inline tag, a link or an image of a translation only where its source segment has the same
tag or URL; a plain-text article's segments are escaped text on both pages; `raw_html`
("keep", "escape", "drop") decides the fate of the source's own HTML.  Every page (these
two and the index) carries `CONTENT_SECURITY_POLICY` in a `<meta http-equiv>`: no script
runs, whatever HTML the source kept.
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

from bitext.lang import bcp47, format_figure, format_long_date, format_share, join_list, language_name
from bitext.model import Article, Counts, Resolution, Segment, State
from bitext.outputs.choose import anchor_ids, choose_text, clean_text
from bitext.outputs.diff import diff_words
from bitext.outputs.i18n import ui_translations
from bitext.outputs.site import PageLinks
from bitext.segment import heading_id, render_html_body, render_inline_html

__all__ = ["render_edition_html", "render_bilingual_html", "load_template", "completion_shares", "ui_language",
           "same_title", "CONTENT_SECURITY_POLICY"]

# Kinds of place whose English fallback carries a notice in the reader's language (a notice
# inside a heading or a table cell would become part of the heading or the cell).
_NOTICE_KINDS = ("paragraph", "list item", "quote")
# The pages need no script at all: `default-src 'none'` leaves scripts (inline, event
# handlers, `javascript:` URLs), plugins, fetches and frames out.  Styles are inline
# (`<style>` and the completion bars' `style` attributes); images and media may be the
# source's own, local (the build's assets/, 'self' also from file:) or remote; forms and
# <base> could send a reader elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; "
    "media-src 'self' http: https:; base-uri 'none'; form-action 'none'"
)
# Front-matter fields the edition lays out; other translatable fields appear on the bilingual page only.
_MASTHEAD_FIELDS = ("title", "subtitle", "description", "summary", "caption", "credit")
_FIELD_PLACES = (*_MASTHEAD_FIELDS, "image_alt")
# Scripts written right to left; Babel's text direction is not exposed by bitext.lang.
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


@functools.lru_cache(maxsize=None)
def _environment(language: str = "en") -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("bitext.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,  # the package's templates do not change while bitext runs: no stat per page
    )
    environment.install_gettext_translations(ui_translations(language).translations, newstyle=True)
    environment.filters["figure"] = lambda value, digits=1: format_figure(value, language, digits)
    environment.filters["share"] = lambda value, digits=1: format_share(value, ui_translations(language).language, digits)
    environment.filters["join_list"] = lambda items: join_list(list(items), language)
    environment.globals["ui_language_name"] = lambda code: language_name(code, ui_translations(language).language)
    environment.globals["own_name"] = _own_name
    environment.filters["bcp47"] = bcp47
    return environment


def load_template(name: str, language: str = "en") -> jinja2.Template:
    """A template of `bitext/outputs/templates`, autoescaped, its words in `language` (English
    when bitext has no catalog for it, see `i18n`); `csp` is set for every page."""
    return _environment(language).get_template(name, globals={"csp": CONTENT_SECURITY_POLICY})


def _own_name(code: str) -> str:
    """A language named in itself, capitalised as a menu item (`español` -> `Español`)."""
    name = language_name(code)
    return name[:1].upper() + name[1:]


def ui_language(language: str) -> str:
    """The BCP 47 tag of the language bitext's page words are in for a page in `language`."""
    return bcp47(ui_translations(language).language)


def _gettext(language: str):
    return ui_translations(language).translations.gettext


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
        return {"lang": source_lang, "class": "fallback"}
    if shown == "outdated":
        return {"class": "outdated"}
    return {}


def _notice(shown: str, language: str, source_language: str) -> Markup | None:
    """The visible label a place shown in the source language or as an outdated translation
    starts with, in the reader's language (a real element: screen readers read it too)."""
    _ = _gettext(language)
    if shown == "source":
        text = _("Not yet translated: shown in %(language)s") % {
            "language": language_name(source_language, ui_translations(language).language)}
        kind = "notice-fallback"
    elif shown == "outdated":
        text, kind = _("Outdated translation: the original has changed"), "notice-outdated"
    else:
        return None
    return Markup('<span class="notice {}" lang="{}">{}</span> ').format(kind, ui_language(language), text)


def _front_matter_segments(article: Article) -> dict[str, Segment]:
    places: dict[str, Segment] = {}
    for segment in article.segments:
        if segment.kind in _FIELD_PLACES and segment.kind in article.front_matter:
            places.setdefault(segment.kind, segment)
    return places


def _show_field(
    name: str,
    article: Article,
    places: Mapping[str, Segment],
    resolutions: Mapping[str, Resolution],
    stale_mode: str,
    source_lang: str,
    rewrite=None,
    raw_html: str = "keep",
) -> _Shown | None:
    segment = places.get(name)
    if segment is not None:
        text, shown = choose_text(resolutions.get(segment.text), stale_mode)
        if text is None:
            return _Shown(Markup(render_inline_html(segment.text, article=article, rewrite=rewrite,
                                                    raw_html=raw_html)),
                          _place_attrs("source", source_lang))
        return _Shown(Markup(render_inline_html(text, segment.text, article=article, rewrite=rewrite,
                                                raw_html=raw_html)),
                      _place_attrs(shown, source_lang))
    value = article.front_matter.get(name)
    if isinstance(value, str) and value.strip():
        # A field the settings leave untranslated: the source's own text.
        return _Shown(Markup(render_inline_html(clean_text(value.strip()), article=article, rewrite=rewrite,
                                                raw_html=raw_html)),
                      _place_attrs("source", source_lang))
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


def _comparable(text: str) -> str:
    return " ".join(_plain_text(render_inline_html(text)).split()).casefold()


def same_title(article: Article) -> Segment | None:
    """The first body heading when it says what the front-matter title says (shown once)."""
    title = article.front_matter.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    heading = next((s for s in article.segments if s.kind.startswith("heading")), None)
    if heading is None or _comparable(heading.text) != _comparable(clean_text(title)):
        return None
    return heading


def _page_links(links: PageLinks | None) -> PageLinks:
    return links if links is not None else PageLinks()


def render_edition_html(
    article: Article,
    resolutions: Mapping[str, Resolution],
    language: str,
    stale_mode: str = "source",
    source_language: str = "en",
    links: PageLinks | None = None,
    raw_html: str = "keep",
) -> str:
    """The article in `language` as a standalone, self-contained HTML page.

    With `language == source_language` it is the original edition: every place as written.
    """
    choose_text(None, stale_mode)  # validates stale_mode before any work
    source_lang = bcp47(source_language)
    links = _page_links(links)
    original = language == source_language

    def translate(segment: Segment):
        if original:
            return None
        text, shown = choose_text(resolutions.get(segment.text), stale_mode)
        notice = _notice(shown, language, source_language) if segment.kind in _NOTICE_KINDS else None
        if text is None:
            return segment.text, _place_attrs("source", source_lang), notice
        return text, _place_attrs(shown, source_lang), notice

    places = _front_matter_segments(article)
    if original:
        resolutions = {s.text: Resolution(s.text, State.TRANSLATED, s.text) for s in article.segments}
    fields = {
        name: _show_field(name, article, places, resolutions, stale_mode, source_lang, links.rewrite, raw_html)
        for name in _MASTHEAD_FIELDS
    }
    if original:
        for shown in fields.values():
            if shown is not None:
                shown.attrs = {}
    title = fields["title"]
    plain_title = title.plain if title else _first_heading_text(article, resolutions, stale_mode)
    description = fields["description"]
    repeated = same_title(article) if title else None
    omit = frozenset({repeated.locator}) if repeated is not None else frozenset()
    if repeated is not None and article.format == "md":
        title.attrs["id"] = heading_id(repeated.text)  # links to the left-out heading reach the title
    return load_template("edition.html", language).render(
        lang=bcp47(language),
        dir=_direction(language),
        ui_lang=ui_language(language),
        source_lang=source_lang,
        page_title=plain_title or article.slug,
        meta_description=description.plain if description else "",
        fields=fields,
        authors=_authors(article.front_matter),
        date=_date(article.front_matter, language),
        image=_image(article, places, resolutions, stale_mode, links.rewrite),
        body=Markup(render_html_body(article, translate, links.rewrite, omit, anchors=True, raw_html=raw_html)),
        links=links,
        language=language,
        source_language=source_language,
        original=original,
    )


def _image(article: Article, places, resolutions, stale_mode: str, rewrite) -> dict[str, str] | None:
    """The lead picture: front-matter `image`, its `image_alt` translated when the settings
    make it a translatable field."""
    value = article.front_matter.get("image")
    if not (isinstance(value, str) and value.strip()):
        return None
    src = value.strip()
    if rewrite is not None:
        src = rewrite(src, "image") or src
    alt = clean_text(str(article.front_matter.get("image_alt", "") or ""))
    segment = places.get("image_alt") if places else None
    if segment is not None:
        text, _shown = choose_text(resolutions.get(segment.text), stale_mode)
        if text:
            alt = _plain_text(render_inline_html(text, segment.text, article=article))
    return {"src": src, "alt": alt}


def _first_heading_text(article: Article, resolutions: Mapping[str, Resolution], stale_mode: str) -> str:
    for segment in article.segments:
        if segment.kind.startswith("heading"):
            text, _shown = choose_text(resolutions.get(segment.text), stale_mode)
            html = (render_inline_html(text, segment.text, article=article) if text
                    else render_inline_html(segment.text, article=article))
            return _plain_text(html)
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
    kind_label: Markup  # the row's words, in the page's language (`_RowWords`)
    line_label: Markup
    po_label: Markup | None


class _RowWords:
    """The words each row of a bilingual page carries ("list item", "line 12", "PO line
    40"), in the page's language.  Made here rather than in the template: a page has a row
    per place, and a template's `_()` costs a call through Jinja's context per use.  Each
    is what the template's newstyle `_()` gives (the translation trusted, the values
    escaped into it), so the page's bytes do not depend on where the words are made."""

    def __init__(self, language: str) -> None:
        self._gettext = _ = _gettext(language)
        self._kinds: dict[str, Markup] = {}
        self._line = Markup(_("line %(line)s"))
        self._po_line = Markup(_("PO line %(line)s"))

    def kind(self, kind: str) -> Markup:
        label = self._kinds.get(kind)
        if label is None:
            label = self._kinds[kind] = self._kind(kind)
        return label

    def _kind(self, kind: str) -> Markup:
        _ = self._gettext
        names = {"title": _("title"), "subtitle": _("subtitle"), "description": _("description"),
                 "summary": _("summary"), "caption": _("caption"), "credit": _("credit"),
                 "paragraph": _("paragraph"), "list item": _("list item"), "quote": _("quote"),
                 "table cell": _("table cell")}
        if kind in names:
            return Markup(names[kind]) % {}
        if kind.startswith("heading "):
            return Markup(_("heading %(level)s")) % {"level": kind[8:]}
        return Markup.escape(kind)

    def line(self, line: int) -> Markup:
        return self._line % {"line": line}

    def po_line(self, line: int | None) -> Markup | None:
        return self._po_line % {"line": line} if line else None


def _kind_class(kind: str) -> str:
    if kind.startswith("heading") or kind == "title":
        return "kind-heading"
    return "kind-" + (re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-") or "other")


def _bilingual_rows(article: Article, resolutions: Mapping[str, Resolution], rewrite=None,
                    raw_html: str = "keep", language: str = "en") -> list[_Row]:
    rows = []
    words = _RowWords(language)
    for segment, anchor in zip(article.segments, anchor_ids(article)):
        resolution = resolutions.get(segment.text)
        state = resolution.state if resolution is not None else State.UNTRANSLATED
        translation = resolution.translation if resolution is not None else None
        if state != State.UNTRANSLATED and translation:
            target = Markup(render_inline_html(clean_text(translation), segment.text, article=article,
                                               rewrite=rewrite, raw_html=raw_html))
        else:
            state, target = State.UNTRANSLATED, None
        previous = None
        if state == State.STALE and resolution.previous_msgid is not None:
            previous = diff_words(clean_text(resolution.previous_msgid), clean_text(segment.text))
        po_line = resolution.po_line if resolution is not None and translation else None
        rows.append(
            _Row(
                id=anchor,
                kind=segment.kind,
                kind_class=_kind_class(segment.kind),
                line=segment.line,
                state=State(state).value,
                source_html=Markup(render_inline_html(segment.text, article=article, rewrite=rewrite,
                                                      raw_html=raw_html)),
                target_html=target,
                previous=previous,
                po_line=po_line,
                kind_label=words.kind(segment.kind),
                line_label=words.line(segment.line),
                po_label=words.po_line(po_line),
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
    links: PageLinks | None = None,
    raw_html: str = "keep",
) -> str:
    """Source and translation side by side, one anchored row per place, with completion figures.

    The page's own words are in `language` (its readers read both languages; English when
    bitext has no catalog for the language)."""
    links = _page_links(links)
    rows = _bilingual_rows(article, resolutions, links.rewrite, raw_html, language)
    title_segment = next((s for s in article.segments if s.kind == "title"), None)
    if title_segment is None:
        title_segment = next((s for s in article.segments if s.kind.startswith("heading")), None)
    title = _plain_text(render_inline_html(title_segment.text, article=article)) if title_segment else article.slug
    bar = completion_shares(counts)
    words = ui_translations(language).language
    return load_template("bilingual.html", language).render(
        ui_lang=bcp47(words),
        source_lang=bcp47(source_language),
        target_lang=bcp47(language),
        source_dir=_direction(source_language),
        target_dir=_direction(language),
        ui_dir=_direction(words),
        source_name=language_name(source_language, words),
        target_name=language_name(language, words),
        target_own_name=language_name(language),
        title=title,
        path=article.path,
        counts=counts,
        percent=counts.percent,
        bar=bar,
        rows=rows,
        review=[row for row in rows if row.state != "translated"],
        links=links,
        language=language,
        source_language=source_language,
    )
