"""`build`: the reader's site and the bilingual outputs, written from the plans.

`build_publication(settings, plans, chosen, threshold, stale_mode)` takes the plans
`publication.plan_publication` made for *every* configured language (which read and
validated every catalog, so nothing is written before all of it is known good) and:

1. takes every article as the planner's workers parsed it (or, from a planner that kept
   none, loads it, in parallel worker processes for large publications) and sorts its
   references (`assets.plan_references`): a reference leaving the source folder raises
   here, before the first write;
2. decides which editions exist: the original (source language) always; a language
   being built when its share of words reaches the threshold (with
   `stale_mode="translation"` stale words count, since the reader sees their outdated
   translation, marked); a language not being built (`--lang`) when its page is on disk;
3. copies each referenced file once to `build/assets/` (a file named in raw HTML, whose URL
   cannot be rewritten, is also linked beside each language's pages), then writes per article: the
   original edition `<source>/<slug>.html`, and per language being built the edition
   (`<slug>.md`/`.txt` and `<slug>.html`, removed when below the threshold),
   `<slug>.bilingual.html` and `<slug>.tmx`; every page links to the index, to every
   edition of its article and to its bilingual pages, with relative URLs;
4. `write_site` writes `build/index.html` (every configured language, from the plans)
   and, with a `base_url`, `build/sitemap.xml` (without one, an old sitemap is removed).

Returns data for `commands` to print: what was built, removed and what is missing.

Each source is parsed once: an article is rendered by the worker that planned it, right
after planning it, from the parse its planning made (`segment.markdown.share_readings`), when
its plan is final (the translation memory, applied once every plan is in, cannot change it);
what its pages read of the other articles (the editions its links point to) is assumed as the
last build published them and checked once every plan is in (`_render_early`).  The others,
and those whose assumption was wrong, are rendered after planning, as step 3 says, parsed again.

Nothing is replaced while rendering: each output is written as a temporary beside its
target (in the workers, forked once every job is known: they inherit the jobs rather than
receive them pickled), and the caller's `files.WriteSet` renames them all once every
article has rendered.  A failure anywhere (a full disk, a read-only folder) removes
every temporary and leaves `build/` as it was.  Hard links beside the pages for files
named in raw HTML are made after the renames (`link_beside`).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import CancelledError, ProcessPoolExecutor
from pathlib import Path
from dataclasses import asdict, dataclass, field
from urllib.parse import quote, urlsplit

from bitext.assets import ReferencePlan, local_path, plan_references
from bitext.buildcache import BuildRecord, article_key, build_key, digest, now_ns, outputs_intact, stat_outputs
from bitext.config import Settings, SourceFile
from bitext.errors import BitextError
from bitext.files import Pending, WriteSet, holds, link_file, read_bytes, write_temporary
from bitext.lang import bcp47
from bitext.model import Article, Counts, Resolution, State
from bitext.outputs import (IndexRow, render_bilingual_html, render_edition_html,
                            render_tmx, render_translated_document)
from bitext.outputs.index import IndexArticle, index_sections, render_index_chunks
from bitext.outputs.site import LanguageLink, PageLinks, relative_url
from bitext.outputs.sitemap import render_sitemap
from bitext.publication import ArticlePlan, drop_planned_texts, load_article, status_of
from bitext.segment.references import Reference
from bitext.status import count_words

__all__ = ["BuiltCatalog", "BuildResult", "build_publication", "write_site", "threshold_percent",
           "link_beside", "save_record"]

PARALLEL_MIN_ARTICLES = 16


@dataclass
class BuiltCatalog:
    language: str
    slug: str
    title: str
    counts: Counts
    published: bool
    links: list[tuple[str, str]] = field(default_factory=list)
    title_language: str | None = None
    percent: float = 0.0  # the share of words the threshold was compared with
    removed: list[str] = field(default_factory=list)  # earlier edition files this build removed
    built: bool = True  # False: a configured language not built this time (--lang)


@dataclass
class BuildResult:
    catalogs: list[BuiltCatalog]
    originals: list[IndexArticle]
    missing: list[tuple[str, int, str]]  # (source path, line, url)
    assets: int = 0  # files copied (changed or new)
    editions: dict[str, list[str]] = field(default_factory=dict)  # slug -> languages with an edition
    links: list[tuple[Path, Path]] = field(default_factory=list)  # (asset, beside a page): after commit
    reused: int = 0  # articles unchanged since the last build: not rebuilt
    rebuilt: int = 0  # articles rendered
    gone: list[str] = field(default_factory=list)  # outputs of the last build removed (article or language gone)
    record: BuildRecord | None = None  # this build's record (None: a --lang build keeps none)
    previous: BuildRecord = field(default_factory=BuildRecord)
    base: str = ""
    # what the index shows of the articles (a digest of each one's, in order); None: unknown
    shown: str | None = None
    reread: int = 0  # inputs whose stat was not trusted (read and hashed again)


@dataclass
class _Catalog:
    language: str
    resolutions: dict[str, Resolution]
    counts: Counts
    percent: float
    published: bool


@dataclass
class _Job:
    source: SourceFile
    article: Article
    references: ReferencePlan
    catalogs: list[_Catalog]


def threshold_percent(counts: Counts, stale_words: int, stale_mode: str) -> float:
    """The share of words a reader of the edition reads translated: with `--stale
    translation` a stale segment shows its (marked) outdated translation, so it counts."""
    if counts.words == 0:
        return 100.0
    done = counts.translated_words + (stale_words if stale_mode == "translation" else 0)
    return round(100.0 * done / counts.words, 1)


def _stale_words(plan, resolutions: dict[str, Resolution]) -> int:
    return sum(count_words(m.msgid) for m in plan.messages
               if resolutions.get(m.msgid) is not None and resolutions[m.msgid].state is State.STALE)


def _title(article: Article, resolutions: dict[str, Resolution], slug: str) -> tuple[str, bool]:
    """The article's title in a language, and whether it is translated."""
    title = article.front_matter.get("title")
    if not isinstance(title, str):
        first = next((s for s in article.segments if s.kind.startswith("heading")), None)
        title = first.text if first else slug
    resolution = resolutions.get(title)
    if resolution is not None and resolution.state is State.TRANSLATED and resolution.translation:
        return resolution.translation, True
    return title, False


def _plain_title(text: str) -> str:
    from bitext.outputs.html import _plain_text
    from bitext.segment import render_inline_html

    return _plain_text(render_inline_html(text)) or text


def _load(arguments: tuple) -> tuple[Article, list]:
    settings, source = arguments
    return _with_references(load_article(settings, source).article)


def _with_references(article: Article) -> tuple[Article, list]:
    """An article and the references it makes (links and images)."""
    from bitext.segment import find_references

    return article, find_references(article)


@dataclass
class _Site:
    """What every worker needs to link pages together (picklable)."""

    source_language: str
    base_url: str | None
    editions: dict[str, list[str]]  # slug -> languages with an edition, original first
    bilingual: dict[str, list[str]]  # slug -> languages with a bilingual page


def _absolute(site: _Site, path: str) -> str:
    return (site.base_url or "") + quote(path, safe="/")


def _rewriter(site: _Site, references: ReferencePlan, language: str, page: str) -> Callable[[str, str], str | None]:
    def rewrite(url: str, kind: str) -> str | None:
        if url in references.files:
            target = "assets/" + references.files[url]
        elif url in references.articles:
            slug = references.articles[url]
            editions = site.editions.get(slug, [site.source_language])
            shown = language if language in editions else site.source_language
            target = f"{shown}/{slug}.html"
        else:
            return None
        parts = urlsplit(url)
        return (relative_url(target, page) + (f"?{parts.query}" if parts.query else "")
                + (f"#{parts.fragment}" if parts.fragment else ""))

    return rewrite


def _edition_links(site: _Site, references: ReferencePlan, slug: str, language: str) -> PageLinks:
    page = f"{language}/{slug}.html"
    editions = site.editions[slug]
    links = PageLinks(index=relative_url("index.html", page),
                      editions=[LanguageLink(code, None if code == language else relative_url(f"{code}/{slug}.html", page))
                                for code in editions],
                      rewrite=_rewriter(site, references, language, page))
    if language == site.source_language:
        links.bilingual = [(code, relative_url(f"{code}/{slug}.bilingual.html", page))
                           for code in site.bilingual.get(slug, [])]
    elif language in site.bilingual.get(slug, []):
        links.bilingual = [(language, relative_url(f"{language}/{slug}.bilingual.html", page))]
    if len(editions) > 1:
        def href(code: str) -> str:
            path = f"{code}/{slug}.html"
            return _absolute(site, path) if site.base_url else relative_url(path, page)

        links.alternates = [(bcp47(code), href(code)) for code in editions]
        links.alternates.append(("x-default", href(site.source_language)))
    if site.base_url:
        links.canonical = _absolute(site, page)
    return links


def _bilingual_links(site: _Site, references: ReferencePlan, slug: str, language: str) -> PageLinks:
    page = f"{language}/{slug}.bilingual.html"
    return PageLinks(index=relative_url("index.html", page),
                     editions=[LanguageLink(code, relative_url(f"{code}/{slug}.html", page))
                               for code in site.editions[slug] if code in (site.source_language, language)],
                     rewrite=_rewriter(site, references, language, page))


@dataclass
class _Rendered:
    """One article's outputs, on disk as temporaries, and the outputs to remove."""

    built: list[BuiltCatalog]
    pending: list[Pending] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)


def _build_article(settings: Settings, site: _Site, job: _Job, stale_mode: str) -> _Rendered:
    rendered = _Rendered([])
    try:
        _render_article(settings, site, job, stale_mode, rendered)
    except BaseException:
        with WriteSet() as writes:  # leaving it removes the temporaries written so far
            for pending in rendered.pending:
                writes.adopt(pending)
        raise
    return rendered


def _render_article(settings: Settings, site: _Site, job: _Job, stale_mode: str, rendered: _Rendered) -> None:
    def write(relative: str, data: str | bytes) -> None:
        if not holds(settings.abspath(relative), data):
            # flushed at the commit, all together (`files.sync_temporaries`): one flush after
            # another made the file system commit its journal once per page
            rendered.pending.append(write_temporary(settings.abspath(relative), relative, data, sync=False))

    article = job.article
    slug = job.source.slug
    suffix = ".txt" if article.format == "txt" else ".md"
    prefix = settings.build_dir + "/"
    source_language = settings.source_language
    write(settings.build_path(source_language, slug, ".html"),
          render_edition_html(article, {}, source_language, stale_mode, source_language,
                              _edition_links(site, job.references, slug, source_language), settings.raw_html))
    for catalog in job.catalogs:
        language, resolutions, counts = catalog.language, catalog.resolutions, catalog.counts
        edition = settings.build_path(language, slug, suffix)
        page = settings.build_path(language, slug, ".html")
        bilingual = settings.build_path(language, slug, ".bilingual.html")
        tmx = settings.build_path(language, slug, ".tmx")
        links = []
        removed = []
        if catalog.published:
            write(edition, render_translated_document(article, resolutions, language, stale_mode,
                                                      settings.raw_html))
            write(page, render_edition_html(article, resolutions, language, stale_mode, source_language,
                                            _edition_links(site, job.references, slug, language),
                                            settings.raw_html))
            links += [("edition", page), (suffix.lstrip("."), edition)]
        else:
            removed = [path for path in (page, edition) if settings.abspath(path).exists()]
            rendered.removals += removed
        write(bilingual, render_bilingual_html(article, resolutions, counts, language, source_language,
                                               _bilingual_links(site, job.references, slug, language),
                                               settings.raw_html))
        write(tmx, render_tmx(article, resolutions, source_language, language))
        links += [("bilingual", bilingual), ("TMX", tmx)]
        title, translated = _title(article, resolutions, slug)
        rendered.built.append(BuiltCatalog(language, slug, _plain_title(title), counts, catalog.published,
                                           [(label, path[len(prefix):]) for label, path in links],
                                           language if translated else source_language, catalog.percent,
                                           removed))


def _worker(chunk: list[tuple]) -> list[_Rendered | BaseException]:
    """Render a chunk of articles; an article that fails gives its error, not the chunk's others."""
    results: list[_Rendered | BaseException] = []
    for arguments in chunk:
        try:
            results.append(_build_article(*arguments))
        except Exception as error:  # noqa: BLE001 - carried to the parent, which raises it in order
            results.append(error)
    return results


# The render jobs of the running build, for forked workers: a child inherits them from the
# parent's memory, so a job travels as its position only (no pickling of articles and catalogs).
_JOBS: list[tuple] = []


def _forked_worker(positions: range) -> list[_Rendered | BaseException]:
    return _worker([_JOBS[position] for position in positions])


def _each(futures) -> Iterable[_Rendered | BaseException]:
    """Each article's result in order, waiting for every chunk (so no temporary is left behind)."""
    for future in futures:
        if future.cancelled():
            continue
        try:
            yield from future.result()
        except CancelledError:
            continue
        except Exception as error:  # noqa: BLE001 - a worker died: its chunk's temporaries are its own
            yield error


def _render_all(settings: Settings, work: list, jobs: int, writes: WriteSet,
                progress: Callable[[Iterable], Iterable]) -> list[BuiltCatalog]:
    """Render every article's outputs as temporaries adopted by `writes`; the first error
    (in slug order) is raised after the others are collected, so none is left behind."""
    built: list[BuiltCatalog] = []
    errors: list[BaseException] = []

    def take(result: _Rendered | BaseException) -> None:
        # every temporary joins the set as soon as it is known, so an error or an
        # interrupt anywhere later still removes it (the caller leaves `writes`)
        if isinstance(result, _Rendered):
            for pending in result.pending:
                writes.adopt(pending)
            for relative in result.removals:
                writes.remove(settings.abspath(relative), relative)
            built.extend(result.built)
        else:
            errors.append(result)

    if jobs <= 1 or len(work) < 2:
        for item in progress(work):
            for result in _worker([item]):
                take(result)
            if errors:  # a full disk stays full: stop at the first failure
                break
    else:
        size = max(1, len(work) // (jobs * 8))
        _JOBS[:] = work  # before the fork: every worker starts with them
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_forked_worker, range(start, min(start + size, len(work))))
                           for start in range(0, len(work), size)]
                for result in progress(_each(futures)):
                    take(result)
                    if errors:
                        for future in futures:  # chunks not started yet are not started at all
                            future.cancel()
        finally:
            _JOBS.clear()
    if errors:
        raise errors[0]
    return built


def _map(function, work: list, jobs: int, progress: Callable[[Iterable], Iterable] | None = None) -> list:
    if jobs <= 1 or len(work) < 2:
        items = (function(item) for item in work)
        return list(progress(items) if progress else items)
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        results = pool.map(function, work, chunksize=max(1, len(work) // (jobs * 8)))
        return list(progress(results) if progress else results)


def build_publication(settings: Settings, sources: Sequence[SourceFile],
                      planner: Callable[..., list[ArticlePlan]], chosen: Sequence[str],
                      threshold: float, stale_mode: str, writes: WriteSet,
                      progress: Callable[[Iterable, int], Iterable] = lambda items, length: items,
                      jobs: int | None = None, force: bool = False,
                      every: Sequence[str] | None = None) -> BuildResult:
    """Render the outputs of the `chosen` languages for every article that needs it into
    `writes` (temporaries for the caller to commit, then `link_beside` and `save_record`);
    returns what was built and what stands from the last build, in slug then language order.

    `planner(sources, keep=True)` plans the articles to build for *every* configured language
    (it reads and validates their inputs); the plans of `keep` (True: all; or some slugs)
    carry their parsed article, the others are parsed here.  When `chosen` is every language, the build's record
    (`buildcache`) says which articles are unchanged: those are not planned, parsed or
    rendered, and the index is rendered only when what it shows changed; `force` rebuilds
    everything.  A `--lang` build (some languages only) rebuilds all and drops the record."""
    from bitext.segment import tokencache
    from bitext.segment.markdown import keep_signatures, share_readings
    from bitext.segment.parser import remember_urls

    remember_urls()  # the same links are parsed again and again: sources, translations, checks
    keep_signatures()  # each article read is rebuilt as its Markdown edition
    every = list(every if every is not None else chosen)
    incremental = set(chosen) == set(every)
    stamp = now_ns()  # before any input's stat (`statcache`: the racily clean rule)
    previous = BuildRecord.load(settings)
    base = build_key(settings, every, chosen, threshold, stale_mode)
    states = previous.states(settings)
    keys = {source.slug: article_key(settings, base, source, every, states) for source in sources} if incremental else {}
    kept: dict[str, _Kept] = {}
    if incremental and not force:
        for source in sources:
            record = previous.entry(source.slug)
            if (record is not None and record.get("key") == keys[source.slug]
                    and outputs_intact(settings, record.get("outputs", {}))):
                kept[source.slug] = _Kept.of(source.slug, record)

    def how_many(count: int) -> int:
        if jobs is not None:
            return jobs
        return min(os.cpu_count() or 1, 4) if count >= PARALLEL_MIN_ARTICLES else 1

    prefix = settings.source_dir.rstrip("/") + "/"
    paths = {source.path[len(prefix):]: source.slug for source in sources if source.path.startswith(prefix)}
    source_language = settings.source_language
    chosen_set = set(chosen)
    early: dict[str, _Early] = {}  # articles rendered where they were planned (`_render_early`)

    def assumed_editions(slug: str) -> list[str]:
        # an article's editions as another article's worker can tell them before every plan is
        # in: as the last build published them (or every language), and those of languages
        # not built as on disk (exactly what is decided below)
        rows = {row.get("language"): row for row in (previous.entry(slug) or {}).get("rows", ())}
        assumed = [source_language]
        for language in every:
            if language in chosen_set:
                published = rows[language].get("published") is not False if language in rows else True
            else:
                published = settings.abspath(settings.build_path(language, slug, ".html")).is_file()
            if published:
                assumed.append(language)
        return assumed

    def plan_and_load(todo: list[SourceFile], at_once: bool = False) -> dict[str, tuple[ArticlePlan, Article | None, list]]:
        # (new segments are pre-filled from the translation memory, every catalog of the
        # language: the planner reads the others' as the memory needs them)
        def received(plan: ArticlePlan) -> None:
            if isinstance(plan.after, _Early):
                # its temporaries join the set at once: an error anywhere later removes them
                for pending in plan.after.rendered.pending if isinstance(plan.after.rendered, _Rendered) else ():
                    writes.adopt(pending)
                early[plan.source.slug] = plan.after
            plan.after = None

        if not todo:
            plans = []
        elif at_once and tokencache.ENABLED:
            # each worker renders what it planned, from the same parse (`segment.markdown.share_readings`)
            _compile_templates(dict.fromkeys((source_language, *chosen)))
            render = functools.partial(_render_early, settings, paths, chosen_set, threshold, stale_mode,
                                       assumed_editions)
            plans = planner(todo, jobs=how_many(len(todo)), after=render, received=received,
                            progress=lambda items: progress(items, len(todo)))
        else:
            plans = planner(todo)
        # a planner that kept each parsed article (the build's) spares a second parse
        missing = [plan for plan in plans if plan.article is None and plan.source.slug not in early]
        loaded = dict(zip((plan.source.slug for plan in missing),
                          _map(_load, [(settings, plan.source) for plan in missing], how_many(len(missing)))))
        result = {}
        for plan in plans:
            slug = plan.source.slug
            if slug in early:
                # an article rendered on assumptions keeps what it needs to be rendered again
                result[slug] = (plan, plan.article, early[slug].found)
                plan.article = None
                continue
            article, found = loaded.get(slug) or _with_references(plan.article)
            plan.article = None  # held once, by the render job (which forked workers inherit)
            result[slug] = (plan, article, found)
        return result

    share_readings()
    try:
        fresh = plan_and_load([source for source in sources if source.slug not in kept], at_once=True)  # may raise
    finally:
        share_readings(False)

    def found_of(source: SourceFile) -> list:
        if source.slug in fresh:
            return fresh[source.slug][2]
        return [Reference(url, line, kind) for url, line, kind in kept[source.slug].refs]

    # a kept article is only known by its path here, which is all plan_references reads of it
    references = {source.slug: early[source.slug].references if source.slug in early
                  else plan_references(settings, fresh[source.slug][1] if source.slug in fresh
                                       else _Where(source.path), found, paths) if found else _NO_REFERENCES
                  for source in sources for found in (found_of(source),)}  # may raise

    editions: dict[str, list[str]] = {}
    bilingual: dict[str, list[str]] = {}
    catalogs: dict[str, list[_Catalog]] = {}
    others: list[BuiltCatalog] = []
    for source in sources:
        slug = source.slug
        editions[slug] = [source_language]
        bilingual[slug] = []
        catalogs[slug] = []
        if slug in kept:
            for row in kept[slug].rows:
                if row.published:
                    editions[slug].append(row.language)
                bilingual[slug].append(row.language)
            continue
        if slug in early and not early[slug].assumed:
            editions[slug], bilingual[slug] = early[slug].editions, early[slug].bilingual
            others.extend(early[slug].others)
            continue
        plan, article, _found = fresh[slug]
        catalogs[slug], editions[slug], bilingual[slug], rows = _catalogs_of(settings, plan, article, chosen_set,
                                                                             threshold, stale_mode)
        others.extend(rows)
    site = _Site(source_language, settings.base_url, editions, bilingual)
    for slug, done in list(early.items()):
        if any(editions.get(other) != assumed for other, assumed in done.assumed.items()):
            # rendered on a wrong assumption of the editions it links to: rendered again below
            if isinstance(done.rendered, _Rendered):
                writes.forget(done.rendered.pending)
            del early[slug]

    def deps_of(slug: str) -> str:
        refs = references[slug]
        return digest(editions[slug], bilingual[slug], refs.files, refs.articles, refs.beside, refs.missing,
                      {other: editions.get(other) for other in refs.articles.values()})

    # an unchanged article whose neighbours changed (an edition appeared, a linked article
    # came or went) is rebuilt too; that cannot change its own editions, so one round suffices
    # (an article with no relative reference depends on nothing but its own rows, kept as they were)
    stale = [source for source in sources
             if source.slug in kept and kept[source.slug].refs and kept[source.slug].deps != deps_of(source.slug)]
    if stale:
        again = plan_and_load(stale)
        for source in stale:
            plan, article, _found = again[source.slug]
            del kept[source.slug]
            # (an incremental build builds every language: no row of a language not built)
            catalogs[source.slug] = _catalogs_of(settings, plan, article, chosen_set, threshold, stale_mode)[0]
        fresh.update(again)

    copied = 0
    done: set[str] = set()
    placed: set[str] = set()  # build-relative: every copy and every link beside a page
    links: list[tuple[Path, Path]] = []
    for source in sources:
        refs = references[source.slug]
        for target in (*refs.files.values(), *refs.beside.values()):
            if target not in done:
                done.add(target)
                copy = settings.asset_path(target)
                placed.add(copy)
                copied += _copy_asset(writes, settings.root / settings.source_dir / target,
                                      settings.abspath(copy), copy, f"{prefix}{target}")
        # raw HTML cannot be rewritten: its files also go where its relative URLs lead
        for target in refs.beside.values():
            for language in dict.fromkeys((source_language, *chosen)):
                beside = f"{settings.build_dir}/{language}/{target}"
                placed.add(beside)
                links.append((settings.abspath(settings.asset_path(target)), settings.abspath(beside)))

    building = [source for source in sources if source.slug in fresh]
    work = [(settings, site, _Job(source, fresh[source.slug][1], references[source.slug], catalogs[source.slug]),
             stale_mode) for source in building if source.slug not in early]
    failed = next((slug for slug, done in early.items() if not isinstance(done.rendered, _Rendered)), None)
    if failed is not None:
        # the first failure in slug order is raised, as when every article renders here
        work = [item for item in work if item[2].source.slug < failed]
    if work:
        _compile_templates(dict.fromkeys((source_language, *chosen)))
    rendered = _render_all(settings, work, how_many(len(work)), writes, lambda items: progress(items, len(work)))
    if failed is not None:
        raise early[failed].rendered
    for slug, done in early.items():
        for relative in done.rendered.removals:
            writes.remove(settings.abspath(relative), relative)
        rendered.extend(done.rendered.built)
    by_slug: dict[str, list[BuiltCatalog]] = {}
    for item in rendered:
        by_slug.setdefault(item.slug, []).append(item)

    record = BuildRecord(files=states.new, stamp=stamp)
    built: list[BuiltCatalog] = list(others)
    shown: list[str] = []
    originals = []
    for source in sources:
        slug = source.slug
        if slug in kept:
            rows, title = kept[slug].rows, kept[slug].title
            record.articles[slug] = previous.articles[slug]  # as read (a line is written back as it was)
            shown.append(kept[slug].shown)
        else:
            article, found = fresh[slug][1], fresh[slug][2]
            rows = by_slug.get(slug, [])
            title = early[slug].title if slug in early else _plain_title(_title(article, {}, slug)[0])
            article_format = early[slug].format if slug in early else article.format
            if incremental:
                # the outputs' sizes and times are read after the commit (`save_record`); an
                # article with segments its catalogs lack shows the translation memory's
                # pre-fills, drawn from other articles: rebuilt every time until `update`
                recorded_rows = [_row_to_record(row) for row in rows]
                record.articles[slug] = {
                    "key": "" if _uses_memory(fresh[slug][0]) else keys[slug], "deps": deps_of(slug), "title": title,
                    # only what plan_references looks at: external links are left as written
                    "refs": [[item.url, item.line, item.kind] for item in found if local_path(item.url) is not None],
                    "rows": recorded_rows, "shown": digest(title, recorded_rows),
                    "outputs": {path: None for path in _outputs(settings, article_format, slug, rows)},
                }
                shown.append(record.articles[slug]["shown"])
        built.extend(rows)
        originals.append(IndexArticle(slug, title, f"{source_language}/{slug}.html"))
    built.sort(key=lambda item: (item.slug, item.language))
    missing = [(source.path, line, url) for source in sources for line, url in references[source.slug].missing]
    # what the last build wrote and this one does not (an article or a language gone): removed
    gone = []
    if incremental:
        for slug, line in previous.articles.items():
            if record.articles.get(slug) is line:
                continue  # kept as it was: the same outputs
            now = (record.entry(slug) or {}).get("outputs", {})
            for path in previous.entry(slug)["outputs"]:
                if path not in now and settings.abspath(path).exists():
                    writes.remove(settings.abspath(path), path)
                    gone.append(path)
        # a file copied for an article (an image, a download) that no article uses any more:
        # removed, as a removed article's pages are; only what an earlier build recorded
        # copying, never a file put in the build folder by hand
        record.assets = sorted(placed)
        unused = [path for path in previous.assets if path not in placed]
        if unused:  # every page's path is gathered only then: 500,000 of them at 100,000 articles
            pages = {path for slug in record.articles for path in record.entry(slug).get("outputs", {})}
            for path in unused:
                if path not in pages and os.path.isfile(settings.abspath(path)):
                    writes.remove(settings.abspath(path), path)
                    gone.append(path)
    return BuildResult(built, originals, missing, copied, editions, links, reused=len(kept), rebuilt=len(building),
                       gone=sorted(gone), record=record if incremental else None, previous=previous, base=base,
                       shown=digest(shown) if incremental else None, reread=states.read)


def _compile_templates(languages: Iterable[str]) -> None:
    """Compile the page templates once, before the workers fork, so each starts with them
    (they are cached per process and language: `outputs.html.load_template`)."""
    from bitext.outputs.html import load_template

    for language in languages:
        for name in ("edition.html", "bilingual.html"):
            load_template(name, language)


def _catalogs_of(settings: Settings, plan: ArticlePlan, article: Article, chosen: set[str], threshold: float,
                 stale_mode: str) -> tuple[list[_Catalog], list[str], list[str], list[BuiltCatalog]]:
    """One article's catalogs to render (the `chosen` languages), its editions (the source
    language first) and bilingual pages, and the rows of the languages not built (`--lang`)."""
    source_language = settings.source_language
    slug = plan.source.slug
    catalogs: list[_Catalog] = []
    editions, bilingual = [source_language], []
    others: list[BuiltCatalog] = []
    for catalog in plan.catalogs:
        counts = status_of(catalog).counts
        percent = threshold_percent(counts, _stale_words(plan, catalog.resolutions), stale_mode)
        if catalog.language in chosen:
            published = percent >= threshold
            catalogs.append(_Catalog(catalog.language, catalog.resolutions, counts, percent, published))
            has_bilingual = True
        else:
            published = settings.abspath(settings.build_path(catalog.language, slug, ".html")).is_file()
            has_bilingual = settings.abspath(settings.build_path(catalog.language, slug, ".bilingual.html")).is_file()
            others.append(_other_row(settings, article, catalog, counts, percent, published))
        if published:
            editions.append(catalog.language)
        if has_bilingual:
            bilingual.append(catalog.language)
    return catalogs, editions, bilingual, others


@dataclass
class _Early:
    """An article rendered in the worker that planned it, right after planning it: its pages
    come from the planning's parse (offered to `segment.tokencache`), and the article itself
    never travels back to the parent.  What the parent still needs of it is here."""

    rendered: _Rendered | BaseException
    # the editions assumed of each article it links to (`_render_early`); its pages stand when
    # they are the editions every plan decides, else it is rendered again
    assumed: dict[str, list[str]]
    references: ReferencePlan
    found: list
    editions: list[str]
    bilingual: list[str]
    others: list[BuiltCatalog]
    title: str
    format: str


def _render_early(settings: Settings, paths: dict[str, str], chosen: set[str], threshold: float, stale_mode: str,
                  assumed_editions: Callable[[str], list[str]], plan: ArticlePlan) -> _Early | None:
    """Render a final plan's article (`publication.plan_publication`'s `after`), from the parse
    its planning made; None (for the parent to render it later) when its references fail (the
    parent raises that, in its order).  Its pages are what `_render_article` writes from the
    whole publication's plans: of the site they read only this article's own editions and,
    for its links to other articles, theirs, which are not known yet: those are assumed
    (`assumed_editions`), and the parent checks them."""
    article = plan.article
    if article is None:
        return None
    slug = plan.source.slug
    article, found = _with_references(article)
    try:
        references = plan_references(settings, article, found, paths) if found else _NO_REFERENCES
    except BitextError:
        return None
    catalogs, editions, bilingual, others = _catalogs_of(settings, plan, article, chosen, threshold, stale_mode)
    assumed = {other: assumed_editions(other) for other in references.articles.values() if other != slug}
    title = _plain_title(_title(article, {}, slug)[0])  # (all that may raise, before a page is written)
    site = _Site(settings.source_language, settings.base_url, {**assumed, slug: editions}, {slug: bilingual})
    try:
        rendered: _Rendered | BaseException = _build_article(settings, site, _Job(plan.source, article, references,
                                                                                  catalogs), stale_mode)
    except Exception as error:  # noqa: BLE001 - carried to the parent, which raises it in order
        rendered = error
    if not assumed:
        # not sent back: the parent needs only what `_Early` holds, and of the plan what the
        # memory (`publication.apply_memory`: each catalog's language) and the record
        # (`_uses_memory`) read; a plan's messages, resolutions and memory pairs cost more to
        # send than to render, and the memory, rarely asked in a build, reads the pairs again
        # from disk.  (On assumptions, all is kept: the article may be rendered again.)
        plan.article = None
        drop_planned_texts(plan)
    return _Early(rendered, assumed, references, found, editions, bilingual, others, title, article.format)


def _uses_memory(plan: ArticlePlan) -> bool:
    """Whether a catalog of the article lacks segments, which the memory fills or may fill."""
    return any(catalog.unmatched or catalog.prefills for catalog in plan.catalogs)


_NO_REFERENCES = ReferencePlan()  # shared, never changed: an article without references


class _Where:
    """What `plan_references` reads of an article: its path."""

    def __init__(self, path: str) -> None:
        self.path = path


def _outputs(settings: Settings, article_format: str, slug: str, rows: list[BuiltCatalog]) -> list[str]:
    """The files one article's build writes (or leaves as they are, holding those bytes)."""
    suffix = ".txt" if article_format == "txt" else ".md"
    written = [settings.build_path(settings.source_language, slug, ".html")]
    for row in rows:
        endings = ((suffix, ".html") if row.published else ()) + (".bilingual.html", ".tmx")
        written += [settings.build_path(row.language, slug, ending) for ending in endings]
    return written


@dataclass(slots=True)
class _Kept:
    """What the build uses of an unchanged article's record entry (not its outputs, nor
    the entry itself: its line stays in the record as read)."""

    refs: list
    deps: str
    title: str
    shown: str
    rows: list[BuiltCatalog]

    @classmethod
    def of(cls, slug: str, entry: dict) -> "_Kept":
        return cls(entry["refs"], entry["deps"], entry["title"], entry["shown"],
                   [_row_from_record(slug, row) for row in entry["rows"]])


def _row_to_record(row: BuiltCatalog) -> dict:
    return {"language": row.language, "title": row.title, "counts": asdict(row.counts), "published": row.published,
            "links": [list(link) for link in row.links], "title_language": row.title_language,
            "percent": row.percent}


def _row_from_record(slug: str, row: dict) -> BuiltCatalog:
    # languages and link labels are a handful of strings repeated in every row: one object
    # each (the decoder makes a new one per row, ~300 bytes an article at 100,000 articles);
    # a kept row names a title language (`buildcache._valid_row`)
    return BuiltCatalog(sys.intern(row["language"]), slug, row["title"], Counts(**row["counts"]), row["published"],
                        [(sys.intern(label), path) for label, path in row["links"]],
                        sys.intern(row["title_language"]), row["percent"])


def _as_before(result: BuildResult) -> bool:
    """Whether this build's record says what the last one's does: nothing rebuilt, removed or
    read again (a file read again is saved with this run's start, so it is trusted next time)."""
    record, previous = result.record, result.previous
    return (record is not None and result.rebuilt == 0 and not result.gone and not result.reread
            and record.files == previous.files and record.assets == previous.assets
            and record.articles.keys() == previous.articles.keys()
            and record.site.get("key") == previous.site.get("key")
            and record.site.get("sections") == previous.site.get("sections"))


def save_record(settings: Settings, result: BuildResult) -> None:
    """After the commit: record each output's size and time, or drop the record (`--lang`)."""
    if result.record is None:
        BuildRecord.forget(settings)
        return
    if _as_before(result):
        return  # the record on disk says the same: not written again (seconds at 100,000 articles)
    for entry in (*result.record.articles.values(), result.record.site):
        if isinstance(entry, bytes):
            continue  # a line kept as read: its outputs as they were
        outputs = entry.get("outputs", {})
        if outputs and any(value is None for value in outputs.values()):
            entry["outputs"] = stat_outputs(settings, outputs)
    result.record.save(settings)


def _copy_asset(writes: WriteSet, source: Path, target: Path, shown_target: str, shown_source: str) -> bool:
    """Copy a referenced file into the build unless it already holds the same bytes;
    True when it is (re)written."""
    data = read_bytes(source, shown_source)
    if holds(target, data):
        return False
    writes.write(target, shown_target, data)
    return True


def link_beside(result: BuildResult) -> None:
    """After the renames: the hard links beside the pages for files named in raw HTML."""
    for asset, beside in result.links:
        link_file(asset, beside)


def _other_row(settings: Settings, article: Article, catalog, counts: Counts, percent: float,
               published: bool) -> BuiltCatalog:
    """A language not built this time (`--lang`): its figures from the catalog, its links
    from the files on disk."""
    slug = catalog.slug
    suffix = ".txt" if article.format == "txt" else ".md"
    labelled = [("edition", ".html"), (suffix.lstrip("."), suffix), ("bilingual", ".bilingual.html"), ("TMX", ".tmx")]
    links = []
    for label, ending in labelled:
        path = settings.build_path(catalog.language, slug, ending)
        if settings.abspath(path).is_file():
            links.append((label, path[len(settings.build_dir) + 1:]))
    title, translated = _title(article, catalog.resolutions, slug)
    return BuiltCatalog(catalog.language, slug, _plain_title(title), counts, published, links,
                        catalog.language if translated else settings.source_language, percent, built=False)


def write_site(settings: Settings, result: BuildResult, threshold: float,
               languages: Sequence[str], writes: WriteSet, force: bool = False) -> tuple[str, str | None, bool]:
    """Write the index and (with `base_url`) the sitemap into `writes`, unless what they
    show is what the last build's record says they show; returns the index path, the
    sitemap path (None without base_url) and whether an old sitemap is removed.

    An incremental build renders only the index sections of the articles whose rows
    changed and takes the others from the last index (`outputs.index.render_index_bytes`)."""
    rows = [IndexRow(item.language, item.slug, item.title, item.counts, item.links,
                     threshold if item.built else None, item.title_language, item.published)
            for item in result.catalogs]
    path = settings.index_path()
    sitemap = settings.sitemap_path()
    # what the pages show: each article's rows and title (digested as recorded) when the
    # record knows them, else the rows themselves
    shown = result.shown if result.shown is not None else [rows, result.originals]
    key = digest(result.base, shown, [(item.slug, item.path) for item in result.originals], list(languages),
                 threshold, result.editions)
    written = [path, sitemap] if settings.base_url else [path]
    old_page = previous_sections = None
    if result.record is not None:
        result.record.site = {"key": key, "outputs": {name: None for name in written}}
        old = result.previous.site
        intact = set(old.get("outputs", {})) == set(written) and outputs_intact(settings, old["outputs"])
        if not force and old.get("key") == key and intact:
            result.record.site["sections"] = old.get("sections", [])
            return path, sitemap if settings.base_url else None, False
        sections = old.get("sections")
        if not force and intact and isinstance(sections, list) and all(isinstance(item, str) for item in sections):
            try:
                old_page = settings.abspath(path).read_bytes()
            except OSError:
                old_page = None
            if old_page is not None:
                previous_sections = index_sections(old_page, sections)
    chunks, keys = render_index_chunks(rows, settings.source_language, result.originals, languages,
                                       previous_sections)
    if result.record is not None:
        result.record.site["sections"] = keys
    if old_page is not None:
        if not _same_bytes(chunks, old_page):  # the bytes on disk were just read: not read again
            writes.adopt(write_temporary(settings.abspath(path), path, chunks, sync=False))
    else:
        _write_output(writes, settings, path, b"".join(chunks))
    del old_page, previous_sections, chunks
    if not settings.base_url:
        if not settings.abspath(sitemap).exists():
            return path, None, False
        writes.remove(settings.abspath(sitemap), sitemap)
        return path, None, True
    entries = [(settings.base_url, [])]
    for slug, codes in sorted(result.editions.items()):
        def url(code: str, slug=slug) -> str:
            return settings.base_url + quote(f"{code}/{slug}.html", safe="/")

        alternates = [(bcp47(code), url(code)) for code in codes] if len(codes) > 1 else []
        if alternates:
            alternates.append(("x-default", url(settings.source_language)))
        entries.extend((url(code), alternates) for code in codes)
    _write_output(writes, settings, sitemap, render_sitemap(entries))
    return path, sitemap, False


def _same_bytes(chunks: list, data: bytes) -> bool:
    """Whether the pieces, one after the other, are `data` (compared in place, not joined)."""
    if sum(len(chunk) for chunk in chunks) != len(data):
        return False
    view, at = memoryview(data), 0
    for chunk in chunks:
        if view[at:at + len(chunk)] != chunk:
            return False
        at += len(chunk)
    return True


def _write_output(writes: WriteSet, settings: Settings, relative: str, data: str | bytes) -> None:
    """An output joins the write set unless the file already holds these bytes."""
    if not holds(settings.abspath(relative), data):
        writes.write(settings.abspath(relative), relative, data)
