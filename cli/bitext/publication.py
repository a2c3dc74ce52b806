"""Loading a publication and planning what `update`, `status` and `build` would do.

Everything here returns data: sources are read and segmented, catalogs read strictly,
and each template and catalog is merged *in memory*.  A `Plan` says, for each file,
the text it has and the text it should have, so `update` writes only what changes and
`status` reports without writing.  Inputs are all read and validated before a caller
writes anything (SPEC: a command that fails with exit 2 writes no file).
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field

from bitext.config import Settings, SourceFile
from bitext.errors import CatalogError
from bitext.files import read_bytes
from bitext.merge import GNU_DATE_FORMAT, MergeResult, make_template, merge_catalog
from bitext.model import Article, SourceMessage
from bitext.pofile import POCatalog, generate_po, read_po
from bitext.segment import decode_source, read_article
from bitext.status import CatalogStatus, catalog_status

__all__ = ["LoadedArticle", "TemplatePlan", "CatalogPlan", "load_article", "load_catalog",
           "plan_template", "plan_catalog", "now_string", "status_of"]


def now_string() -> str:
    """The current time as gettext writes it; SOURCE_DATE_EPOCH makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    else:
        moment = _dt.datetime.now().astimezone()
    return moment.strftime(GNU_DATE_FORMAT)


@dataclass
class LoadedArticle:
    source: SourceFile
    article: Article
    messages: list[SourceMessage]


def load_article(settings: Settings, source: SourceFile) -> LoadedArticle:
    data = read_bytes(settings.abspath(source.path), source.path)
    text = decode_source(data, source.path)
    article = read_article(text, source.path, source.slug, settings.translate_front_matter)
    return LoadedArticle(source, article, article.messages())


def load_catalog(settings: Settings, relative: str) -> tuple[POCatalog | None, str | None]:
    """The catalog at `relative` and its text as on disk, or (None, None) when missing."""
    path = settings.abspath(relative)
    if not path.exists():
        return None, None
    data = read_bytes(path, relative)
    catalog = read_po(data, relative)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None  # another charset: any rewrite will differ, which is what we want
    return catalog, text


@dataclass
class TemplatePlan:
    path: str
    old_text: str | None
    new_text: str
    pot_date: str

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text


def plan_template(settings: Settings, loaded: LoadedArticle, now: str) -> TemplatePlan:
    """The `.pot` the article needs; its date stays unless its entries change."""
    relative = settings.pot_path(loaded.source.slug)
    old, old_text = load_catalog(settings, relative)
    old_date = old.header_value("POT-Creation-Date") if old is not None else None
    if old_date:
        text = generate_po(make_template(loaded.messages, loaded.source.path, loaded.source.slug, old_date))
        if text == old_text:
            return TemplatePlan(relative, old_text, text, old_date)
    text = generate_po(make_template(loaded.messages, loaded.source.path, loaded.source.slug, now))
    return TemplatePlan(relative, old_text, text, now)


@dataclass
class CatalogPlan:
    language: str
    slug: str
    path: str
    old_text: str | None
    new_text: str
    result: MergeResult
    old: POCatalog | None = None
    messages: list[SourceMessage] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text


def plan_catalog(settings: Settings, loaded: LoadedArticle, language: str, pot_date: str, now: str,
                 purge_obsolete: bool = False) -> CatalogPlan:
    relative = settings.po_path(language, loaded.source.slug)
    old, old_text = load_catalog(settings, relative)
    if old is not None:
        declared = old.header_value("Language")
        if declared and declared.replace("-", "_") != language:
            raise CatalogError(f"catalog declares Language: {declared}, but its folder is {language!r}",
                               relative)
    result = merge_catalog(loaded.messages, loaded.source.path, old, language=language,
                           project=loaded.source.slug, pot_date=pot_date, now=now,
                           fuzzy_threshold=settings.fuzzy_threshold, purge_obsolete=purge_obsolete)
    return CatalogPlan(language, loaded.source.slug, relative, old_text, generate_po(result.catalog),
                       result, old, loaded.messages)


def status_of(plan: CatalogPlan) -> CatalogStatus:
    return catalog_status(plan.language, plan.slug, plan.path, plan.messages, plan.result.resolutions,
                          plan.result.obsolete, up_to_date=not plan.changed, exists=plan.old is not None)
