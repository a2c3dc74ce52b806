"""`build`: render and write every output of every article, in parallel where it pays.

`build_publication` takes the plans `publication.plan_publication` made (which read and
validated every input, so nothing is written before all of it is known good) and, for
each article, parses its document once and writes, per language: the edition
(`<slug>.md`/`.txt` and `<slug>.html`, only at or above the threshold; an earlier one is
removed below it), `<slug>.bilingual.html` and `<slug>.tmx`.  It returns one
`BuiltCatalog` per article and language for the caller to print and index.

Nothing is replaced while rendering: each output is written as a temporary beside its
target (in the workers), and the caller's `files.WriteSet` renames them all once every
article has rendered.  A failure anywhere (a full disk, a read-only folder) removes
every temporary and leaves `build/` as it was.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, ProcessPoolExecutor
from dataclasses import dataclass, field

from bitext.config import Settings, SourceFile
from bitext.files import Pending, WriteSet, write_temporary
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


@dataclass
class _Rendered:
    """One article's outputs, on disk as temporaries, and the outputs to remove."""

    built: list[BuiltCatalog]
    pending: list[Pending] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)


def _build_article(settings: Settings, job: _Job, threshold: float, stale_mode: str) -> _Rendered:
    rendered = _Rendered([])
    try:
        _render_article(settings, job, threshold, stale_mode, rendered)
    except BaseException:
        with WriteSet() as writes:  # leaving it removes the temporaries written so far
            for pending in rendered.pending:
                writes.adopt(pending)
        raise
    return rendered


def _render_article(settings: Settings, job: _Job, threshold: float, stale_mode: str,
                    rendered: _Rendered) -> None:
    def write(relative: str, data: str) -> None:
        rendered.pending.append(write_temporary(settings.abspath(relative), relative, data))

    loaded = load_article(settings, job.source)
    article = loaded.article
    slug = job.source.slug
    suffix = ".txt" if article.format == "txt" else ".md"
    prefix = settings.build_dir + "/"
    built = rendered.built
    for language, resolutions, counts in job.catalogs:
        edition = settings.build_path(language, slug, suffix)
        page = settings.build_path(language, slug, ".html")
        bilingual = settings.build_path(language, slug, ".bilingual.html")
        tmx = settings.build_path(language, slug, ".tmx")
        published = counts.percent >= threshold
        links = []
        if published:
            write(edition, render_translated_document(article, resolutions, language, stale_mode))
            write(page, render_edition_html(article, resolutions, language, stale_mode, settings.source_language))
            links += [("edition", page), (suffix.lstrip("."), edition)]
        else:
            rendered.removals += [edition, page]
        write(bilingual, render_bilingual_html(article, resolutions, counts, language, settings.source_language))
        write(tmx, render_tmx(article, resolutions, settings.source_language, language))
        links += [("bilingual", bilingual), ("TMX", tmx)]
        built.append(BuiltCatalog(language, slug, _title(article, resolutions, slug), counts, published,
                                  [(label, path[len(prefix):]) for label, path in links]))


def _worker(chunk: list[tuple]) -> list[_Rendered | BaseException]:
    """Render a chunk of articles; an article that fails gives its error, not the chunk's others."""
    results: list[_Rendered | BaseException] = []
    for arguments in chunk:
        try:
            results.append(_build_article(*arguments))
        except Exception as error:  # noqa: BLE001 - carried to the parent, which raises it in order
            results.append(error)
    return results


def _chunks(work: list, size: int) -> list[list]:
    return [work[start:start + size] for start in range(0, len(work), size)]


def build_publication(settings: Settings, plans: list[ArticlePlan], threshold: float, stale_mode: str,
                      progress: Callable[[Iterable], Iterable] = lambda items: items,
                      jobs: int | None = None, writes: WriteSet | None = None) -> list[BuiltCatalog]:
    """Render every article's outputs as temporaries in `writes`; returns what was built.

    The caller commits `writes` (the renames); with no `writes`, they are committed
    here.  The first error in slug order is raised after every temporary is removed.
    """
    if writes is None:
        with WriteSet() as own:
            built = build_publication(settings, plans, threshold, stale_mode, progress, jobs, own)
            own.commit()
        return built
    work = [(settings, _Job(plan.source, [(c.language, c.resolutions, status_of(c).counts)
                                          for c in plan.catalogs]), threshold, stale_mode)
            for plan in plans]
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 4) if len(work) >= PARALLEL_MIN_ARTICLES else 1
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

    if jobs <= 1:
        for item in progress(work):
            for result in _worker([item]):
                take(result)
            if errors:  # a full disk stays full: stop at the first failure
                break
    else:
        chunks = _chunks(work, max(1, len(work) // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_worker, chunk) for chunk in chunks]
            for result in progress(_each(futures)):
                take(result)
                if errors:
                    for future in futures:  # chunks not started yet are not started at all
                        future.cancel()
    if errors:
        raise errors[0]
    return built


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


def write_index(settings: Settings, built: list[BuiltCatalog], threshold: float,
                writes: WriteSet | None = None) -> str:
    """The index page of every article and language: into `writes`, or written at once."""
    rows = [IndexRow(item.language, item.slug, item.title, item.counts, item.links, threshold) for item in built]
    path = settings.index_path()
    html = render_index_html(rows, settings.source_language)
    if writes is None:
        with WriteSet() as own:
            own.write(settings.abspath(path), path, html)
            own.commit()
    else:
        writes.write(settings.abspath(path), path, html)
    return path
