"""`build`: render and write every output of every article, in parallel where it pays.

`build_publication` takes the plans `publication.plan_publication` made (which read and
validated every input, so nothing is written before all of it is known good) and, for
each article, parses its document once and writes, per language: the edition
(`<slug>.md`/`.txt` and `<slug>.html`, only at or above the threshold; an earlier one is
removed below it), `<slug>.bilingual.html` and `<slug>.tmx`.  It returns one
`BuiltCatalog` per article and language for the caller to print and index.  Every
write is atomic.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from bitext.config import Settings, SourceFile
from bitext.files import remove_file, write_atomic
from bitext.model import Counts, Resolution, State
from bitext.outputs import (IndexRow, render_bilingual_html, render_edition_html, render_index_html,
                            render_tmx, render_translated_document)
from bitext.publication import ArticlePlan, load_article, status_of

__all__ = ["BuiltCatalog", "build_publication", "write_index"]

PARALLEL_MIN_ARTICLES = 16


@dataclass
class BuiltCatalog:
    language: str
    slug: str
    title: str
    counts: Counts
    published: bool
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Job:
    source: SourceFile
    catalogs: list[tuple[str, dict[str, Resolution], Counts]]


def _title(article, resolutions: dict[str, Resolution], slug: str) -> str:
    title = article.front_matter.get("title")
    if not isinstance(title, str):
        first = next((s for s in article.segments if s.kind.startswith("heading")), None)
        title = first.text if first else slug
    resolution = resolutions.get(title)
    if resolution is not None and resolution.state is State.TRANSLATED and resolution.translation:
        return resolution.translation
    return title


def _build_article(settings: Settings, job: _Job, threshold: float, stale_mode: str) -> list[BuiltCatalog]:
    loaded = load_article(settings, job.source)
    article = loaded.article
    slug = job.source.slug
    suffix = ".txt" if article.format == "txt" else ".md"
    prefix = settings.build_dir + "/"
    built = []
    for language, resolutions, counts in job.catalogs:
        edition = settings.build_path(language, slug, suffix)
        page = settings.build_path(language, slug, ".html")
        bilingual = settings.build_path(language, slug, ".bilingual.html")
        tmx = settings.build_path(language, slug, ".tmx")
        published = counts.percent >= threshold
        links = []
        if published:
            write_atomic(settings.abspath(edition),
                         render_translated_document(article, resolutions, language, stale_mode))
            write_atomic(settings.abspath(page),
                         render_edition_html(article, resolutions, language, stale_mode,
                                             settings.source_language))
            links += [("edition", page), (suffix.lstrip("."), edition)]
        else:
            remove_file(settings.abspath(edition))
            remove_file(settings.abspath(page))
        write_atomic(settings.abspath(bilingual),
                     render_bilingual_html(article, resolutions, counts, language, settings.source_language))
        write_atomic(settings.abspath(tmx), render_tmx(article, resolutions, settings.source_language, language))
        links += [("bilingual", bilingual), ("TMX", tmx)]
        built.append(BuiltCatalog(language, slug, _title(article, resolutions, slug), counts, published,
                                  [(label, path[len(prefix):]) for label, path in links]))
    return built


def _worker(arguments: tuple) -> list[BuiltCatalog]:
    return _build_article(*arguments)


def build_publication(settings: Settings, plans: list[ArticlePlan], threshold: float, stale_mode: str,
                      progress: Callable[[Iterable], Iterable] = lambda items: items,
                      jobs: int | None = None) -> list[BuiltCatalog]:
    """Write every article's outputs; returns what was built, in slug then language order."""
    work = [(settings, _Job(plan.source, [(c.language, c.resolutions, status_of(c).counts)
                                          for c in plan.catalogs]), threshold, stale_mode)
            for plan in plans]
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 4) if len(work) >= PARALLEL_MIN_ARTICLES else 1
    if jobs <= 1:
        results = [_worker(item) for item in progress(work)]
    else:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(progress(pool.map(_worker, work, chunksize=max(1, len(work) // (jobs * 8)))))
    return [built for article in results for built in article]


def write_index(settings: Settings, built: list[BuiltCatalog], threshold: float) -> str:
    rows = [IndexRow(item.language, item.slug, item.title, item.counts, item.links, threshold) for item in built]
    path = settings.index_path()
    write_atomic(settings.abspath(path), render_index_html(rows, settings.source_language))
    return path
