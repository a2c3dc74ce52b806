"""Loading a publication and planning what `update`, `status` and `build` would do.

Everything here returns data: sources are read and segmented, catalogs read strictly,
and each template and catalog is merged *in memory*.  A `Plan` says, for each file,
the text it has and the text it should have, so `update` writes only what changes and
`status` reports without writing.  Inputs are all read and validated before a caller
writes anything (SPEC: a command that fails with exit 2 writes no file).

The translation memory (`memory`) is applied in a second step, once every catalog is
planned: segments new to their catalog that its own entries could not translate
(`CatalogPlan.unmatched`) are looked up among the other catalogs of the language (their
translated, non-fuzzy entries as on disk) and the `memory` files, and only catalogs with
a hit are merged again with the offers (`CatalogPlan.prefills` says which, and whence).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bitext.compare import Difference, first_content_difference, first_line_difference, header_field_line
from bitext.config import Settings, SourceFile
from bitext.errors import BitextError, CatalogError, SettingsError
from bitext.files import fingerprint, read_bytes, read_snapshot
from bitext.merge import (GNU_DATE_FORMAT, SOURCE_DIGEST_HEADER, make_template, merge_catalog,
                          messages_from_template)
from bitext.lang import same_language
from bitext.model import SEGMENTATION_RULES, Article, MemoryMatch, Resolution, SourceMessage
from bitext.pofile import POCatalog, generate_po, read_po
from bitext.status import CatalogStatus, catalog_status, message_words

if TYPE_CHECKING:  # loaded only when the memory is asked (`apply_memory`)
    from bitext.pairscache import PairsCache

__all__ = ["LoadedArticle", "TemplatePlan", "CatalogPlan", "ArticlePlan", "load_article", "load_catalog",
           "plan_template", "plan_catalog", "plan_article", "plan_publication", "now_string", "status_of",
           "replan_template", "replan_catalog"]


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
    article: Article | None  # None when the messages came from an up-to-date template
    messages: list[SourceMessage]
    digest: str = ""


def source_digest(settings: Settings, source: SourceFile, data: bytes) -> str:
    """What extraction depends on: its *context* (the rules, the source's path, the translated
    fields and the settings that shape segments), then the source bytes, as
    `sha256:CONTEXT.WHOLE`: a template can then tell a source edited or re-wrapped under the
    same context from new rules or settings (`plan_template`)."""
    context = hashlib.sha256()
    for part in (SEGMENTATION_RULES, source.path, "\x1f".join(settings.translate_front_matter),
                 settings.markdown, str(settings.translate_html)):
        context.update(part.encode("utf-8") + b"\0")
    whole = context.copy()
    whole.update(data)
    return f"sha256:{context.hexdigest()[:12]}.{whole.hexdigest()[:32]}"


def digest_context(digest: str | None) -> str | None:
    """The context part of a digest `source_digest` made (None: none, or an earlier shape)."""
    if digest and digest.startswith("sha256:") and "." in digest:
        return digest[len("sha256:"):].split(".", 1)[0]
    return None


# Documented limits (README, "Security and failure model"): every cost of bitext is linear
# in its input, but a contributed file can still be made big enough to hold CI for hours.
MAX_SOURCE_BYTES = 10 * 1024 * 1024
MAX_CATALOG_BYTES = 32 * 1024 * 1024


def _check_size(path, relative: str, limit: int, what: str) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return  # read_bytes says why it cannot be read
    if size > limit:
        raise BitextError(f"{size / 1024 / 1024:.1f} MiB, above bitext's limit of {limit // 1024 // 1024} MiB "
                          f"for {what} (a cost of minutes in CI); split it", relative)


# A translation may be this many times longer than its English (and always this long):
# one msgstr of 1 MB of markup for "One item" costs a minute of build, no language needs it.
MAX_TRANSLATION_RATIO = 20
MAX_TRANSLATION_FLOOR = 4096


def _check_translation_sizes(catalog: POCatalog, relative: str) -> None:
    for entry in catalog.entries:
        if not entry.msgid:
            continue  # the header
        if len(entry.msgstr) <= MAX_TRANSLATION_FLOOR and not entry.msgstr_plural:
            continue  # within every limit (the limit is never below the floor): most entries
        limit = max(MAX_TRANSLATION_FLOOR, MAX_TRANSLATION_RATIO * len(entry.msgid_plural or entry.msgid))
        longest = max((len(text) for text in (entry.msgstr, *entry.msgstr_plural.values())), default=0)
        if longest > limit:
            raise CatalogError(f"a translation of {longest:,} characters for an English text of "
                               f"{len(entry.msgid):,}: above bitext's limit ({MAX_TRANSLATION_RATIO} times the "
                               f"English, at least {MAX_TRANSLATION_FLOOR:,} characters)", relative, entry.line)


def read_source(settings: Settings, source: SourceFile) -> bytes:
    """The bytes of a source, refused above `MAX_SOURCE_BYTES`."""
    path = settings.abspath(source.path)
    _check_size(path, source.path, MAX_SOURCE_BYTES, "an article")
    return read_bytes(path, source.path)


def load_article(settings: Settings, source: SourceFile, data: bytes | None = None) -> LoadedArticle:
    # imported here: a status whose templates are all current never loads the Markdown parser
    from bitext.segment import decode_source, read_article

    if data is None:
        data = read_source(settings, source)
    text = decode_source(data, source.path)
    article = read_article(text, source.path, source.slug, settings.translate_front_matter,
                           dialect=settings.markdown, translate_html=settings.translate_html)
    return LoadedArticle(source, article, article.messages(), source_digest(settings, source, data))


def _catalog_bytes(settings: Settings, relative: str) -> tuple[bytes | None, str | None]:
    """A catalog's bytes and their fingerprint ((None, None): missing), refused above
    `MAX_CATALOG_BYTES`."""
    path = settings.abspath(relative)
    _check_size(path, relative, MAX_CATALOG_BYTES, "a catalog")
    return read_snapshot(path, relative)


def _parse_catalog(data: bytes, relative: str) -> POCatalog:
    """A catalog's bytes read, its translations' sizes checked."""
    catalog = read_po(data, relative)
    _check_translation_sizes(catalog, relative)
    return catalog


def load_catalog(settings: Settings, relative: str) -> tuple[POCatalog | None, str | None]:
    """The catalog at `relative` and its text as on disk, or (None, None) when missing."""
    return load_catalog_snapshot(settings, relative)[:2]


def load_catalog_snapshot(settings: Settings,
                          relative: str) -> tuple[POCatalog | None, str | None, str | None]:
    """`load_catalog`, plus the fingerprint of the bytes read (None: missing).

    `update` replaces the file only while it still has that fingerprint, so an edit
    saved after this read is never overwritten (`files.WriteSet`).
    """
    data, fingerprint = _catalog_bytes(settings, relative)
    if data is None:
        return None, None, None
    catalog = _parse_catalog(data, relative)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None  # another charset: any rewrite will differ, which is what we want
    return catalog, text, fingerprint


@dataclass
class TemplatePlan:
    path: str
    old_text: str | None
    new_text: str | None
    pot_date: str
    changed: bool | None = False  # None: not known, the template was not rendered (see `plan_template`)
    fingerprint: str | None = None  # of the file as read (None: missing)
    date_kept: bool = False  # pot_date is the one the template on disk records (not the time now)
    rendered: bool = True

    def __post_init__(self) -> None:
        self.changed = self.old_text != self.new_text if self.rendered else None

    def drop_texts(self) -> None:
        """Forget the texts (a status needs only whether they differ): less to send between processes."""
        self.old_text = self.new_text = None


def _same_entries(old: POCatalog, new: POCatalog) -> bool:
    """Whether two templates list the same messages, places and kinds (dates and digest aside)."""
    if len(old.entries) != len(new.entries):
        return False
    return all((a.msgid, a.msgctxt, a.references, a.extracted_comments, a.obsolete)
               == (b.msgid, b.msgctxt, b.references, b.extracted_comments, b.obsolete)
               for a, b in zip(old.entries, new.entries))


def plan_template(settings: Settings, loaded: LoadedArticle, now: str,
                  old: POCatalog | None = None, old_text: str | None = None,
                  fingerprint: str | None = None, render: bool = True) -> TemplatePlan:
    """The `.pot` the article needs; its date and source digest stay unless its entries change.

    Re-wrapping the English changes the source's digest but no entry: the template is
    then left as it is, digest included (a template whose digest is not the source's
    only means "parse the source again", see `plan_article`), so such a commit has no
    template diff.  The digest is recorded when the template is written for a reason
    of its own, or when it was made under another context (`source_digest`: new rules
    after an upgrade, another `markdown` or `translate_html` setting, an earlier bitext's
    digest): left alone, every later `status` would parse every source again and its memo
    would remember none of them, so the template's digest line changes once.  With
    `render` False only the date is worked out (all that `status` and `build` ask of a
    template): no text, and `changed` is None.
    """
    relative = settings.pot_path(loaded.source.slug)
    if old is None and old_text is None:
        old, old_text, fingerprint = load_catalog_snapshot(settings, relative)
    template = make_template(loaded.messages, loaded.source.path, loaded.source.slug, now, loaded.digest)
    old_date = old.header_value("POT-Creation-Date") if old is not None else None
    kept = old is not None and bool(old_date) and _same_entries(old, template)
    date = old_date if kept else now
    if not render:
        return TemplatePlan(relative, None, None, date, fingerprint=fingerprint, date_kept=kept, rendered=False)
    if kept:
        template.set_header_value("POT-Creation-Date", old_date)
        old_digest = old.header_value(SOURCE_DIGEST_HEADER)
        if not loaded.digest or digest_context(old_digest) == digest_context(loaded.digest):
            _keep_digest(template, old_digest)
    return TemplatePlan(relative, old_text, generate_po(template), date, fingerprint=fingerprint, date_kept=kept)


def _keep_digest(template: POCatalog, old_digest: str | None) -> None:
    """Give `template` the digest its predecessor recorded (none if it had none)."""
    if old_digest is not None:
        template.set_header_value(SOURCE_DIGEST_HEADER, old_digest)
    elif template.header is not None:
        wanted = SOURCE_DIGEST_HEADER.lower()
        lines = [line for line in template.header.msgstr.split("\n")
                 if line.partition(":")[0].strip().lower() != wanted]
        template.header.msgstr = "\n".join(lines)


@dataclass
class CatalogPlan:
    """One catalog: its text on disk (None: missing) and the text `update` would write.

    `changed`: the texts differ, so `update` rewrites the file.  `difference`: the first
    place where what the catalog *says* would change (None when it would change only in
    layout, or not at all); `layout_line`: the first line that differs when only the
    layout does.
    """

    language: str
    slug: str
    path: str
    old_text: str | None
    new_text: str | None
    resolutions: dict[str, Resolution]
    obsolete: int
    exists: bool
    messages: list[SourceMessage] = field(default_factory=list)
    difference: Difference | None = None
    layout_line: int | None = None
    changed: bool = False
    fingerprint: str | None = None  # of the file as read (None: missing)
    unmatched: list[str] = field(default_factory=list)  # new segments left untranslated
    prefills: list[MemoryMatch] = field(default_factory=list)  # new segments the memory filled
    # the old catalog's translated, non-fuzzy pairs: the memory other catalogs draw on
    memory_pairs: list[tuple[str, str]] | None = None
    words: list[int] | None = None  # `message_words(messages)`, counted where planned (status, build)
    # `status_of` this plan, made where it was planned when `plan_publication` was asked to keep
    # plans `slim` (status); the plan then holds no messages, resolutions or memory pairs
    status: CatalogStatus | None = None
    # the memory pairs were dropped where the plan was made (cheaper to read again than to send
    # back, and rarely asked): the memory reads them from the catalog on disk (`_catalog_pairs`)
    pairs_on_disk: bool = False

    def __post_init__(self) -> None:
        self.changed = self.old_text != self.new_text

    @property
    def content_changed(self) -> bool:
        return self.difference is not None

    def drop_texts(self) -> None:
        self.old_text = self.new_text = None


def _memory_pairs(catalog: POCatalog | None, messages: list[SourceMessage] = ()) -> list[tuple[str, str]]:
    if catalog is None:
        return []
    # A pair whose English is one of `messages` holds the message's own string (equal, but
    # another object, read from the PO file): a worker's plan is pickled with both, and pickle
    # writes an object it has met once as a reference (a plan of `status` 37 -> 27 KB, its
    # pickling twice as fast: ~0.3 s of CPU in 1,000 articles' IPC).
    same = {message.msgid: message.msgid for message in messages}
    return [(same.get(entry.msgid, entry.msgid), entry.msgstr) for entry in catalog.entries
            if not entry.obsolete and entry.msgctxt is None and entry.msgid_plural is None
            and entry.translated]


def plan_catalog(settings: Settings, loaded: LoadedArticle, language: str, pot_date: str, now: str,
                 purge_obsolete: bool = False, prefill: dict[str, MemoryMatch] | None = None,
                 collect_memory: bool = False, compare: bool = True) -> CatalogPlan:
    """One catalog merged with the article's messages.  `compare` False: the merge's text is not
    made nor compared with the file (what `update` writes and `status` reports), and the plan
    holds no texts: its resolutions and counts are all `build` asks of it."""
    relative = settings.po_path(language, loaded.source.slug)
    old, old_text, fingerprint = load_catalog_snapshot(settings, relative)
    if old is not None:
        _check_language(old, old_text, language, relative)
    result = merge_catalog(loaded.messages, loaded.source.path, old, language=language,
                           project=loaded.source.slug, pot_date=pot_date, now=now,
                           fuzzy_threshold=settings.fuzzy_threshold, purge_obsolete=purge_obsolete,
                           prefill=prefill)
    difference = layout_line = new_text = None
    if not compare:
        old_text = None
    else:
        new_text = generate_po(result.catalog)
        if old is None:
            difference = Difference(1, "the catalog does not exist yet")
        elif old_text != new_text:
            # compare what the catalogs say, not their bytes: a tool's own wrapping is not a change
            difference = first_content_difference(old, result.catalog, old_text)
            if difference is None:
                layout_line = first_line_difference(old_text, new_text)
    return CatalogPlan(language, loaded.source.slug, relative, old_text, new_text,
                       result.resolutions, result.obsolete, old is not None, loaded.messages,
                       difference, layout_line, fingerprint=fingerprint, unmatched=result.unmatched,
                       prefills=result.prefilled,
                       memory_pairs=_memory_pairs(old, loaded.messages) if collect_memory else None)


def _check_language(catalog: POCatalog, text: str | None, language: str, relative: str) -> None:
    """A catalog must be in its folder's language; a regional variant of it (`es_ES` in `es/`) is."""
    declared = catalog.header_value("Language")
    if not declared:
        return
    try:
        same = same_language(declared, language)
        known = True
    except SettingsError:
        same = known = False
    if same:
        return
    line = header_field_line(text, "Language", catalog.header.line if catalog.header else 1)
    why = "" if known else " (not a language code Babel knows)"
    raise CatalogError(f"catalog declares Language: {declared}{why}, but its folder is {language!r}: "
                       f"set Language to {language} (or a regional variant of it), "
                       f"or move the catalog to the folder of its language", relative, line)


def read_catalog_checked(settings: Settings, relative: str, language: str) -> tuple[bytes, POCatalog]:
    """A catalog's bytes and entries, held to every rule `update` and `status` hold it to
    (size limits, its folder's language): for commands that read catalogs on their own."""
    path = settings.abspath(relative)
    _check_size(path, relative, MAX_CATALOG_BYTES, "a catalog")
    data = read_bytes(path, relative)
    catalog = _parse_catalog(data, relative)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    _check_language(catalog, text, language, relative)
    return data, catalog


def status_of(plan: CatalogPlan, words: bool = True) -> CatalogStatus:
    """The catalog's status as planned (`words` False: its word counts are left at 0)."""
    if plan.status is not None:  # a slim plan's, made where it was planned
        if words:
            return plan.status
        counts = dataclasses.replace(plan.status.counts, words=0, translated_words=0)
        return dataclasses.replace(plan.status, counts=counts)
    return catalog_status(plan.language, plan.slug, plan.path, plan.messages, plan.resolutions,
                          plan.obsolete, up_to_date=not plan.content_changed, exists=plan.exists,
                          difference=plan.difference,
                          layout_line=plan.layout_line if plan.changed else None, words_of=plan.words,
                          words=words)


@dataclass
class ArticlePlan:
    """Everything one article needs: its template and one catalog per language."""

    source: SourceFile
    template: TemplatePlan
    catalogs: list[CatalogPlan]
    messages: list[SourceMessage] = field(default_factory=list)
    digest: str = ""
    now: str = ""
    from_template: bool = False  # the messages are the template's (it records this source's digest)
    article: Article | None = None  # the parsed source, when the caller asked to keep it (build)
    source_fingerprint: str | None = None  # of the source's bytes as read (`files.fingerprint`)
    after: Any = None  # what `plan_publication`'s `after` made of this plan, in the worker


def plan_article(settings: Settings, source: SourceFile, languages: tuple[str, ...], now: str,
                 purge_obsolete: bool = False, keep_texts: bool = True,
                 collect_memory: bool = False, keep_article: bool = False, compare: bool = True) -> ArticlePlan:
    """Plan one article's template and catalogs.

    When the article's template records the digest of exactly these source bytes (and
    settings and rules), its entries are the extraction: the Markdown is not parsed
    again.  That is the common case of `status --check` in CI.  (`build` keeps the
    article, `keep_article`, and renders its pages from that parse; it does not `compare`
    the catalogs with their files: see `plan_catalog`.)
    """
    data = read_source(settings, source)
    pot_path = settings.pot_path(source.slug)
    old_pot, old_pot_text, pot_fingerprint = load_catalog_snapshot(settings, pot_path)
    loaded = None
    # a template's digest can be forged in a pull request beside its source: a source that
    # may hold merge-conflict markers is always read in full, so they are refused here too
    if old_pot is not None and b"<<<<<<<" not in data:
        digest = source_digest(settings, source, data)
        if old_pot.header_value(SOURCE_DIGEST_HEADER) == digest:
            messages = messages_from_template(old_pot)
            if messages is not None:
                loaded = LoadedArticle(source, None, messages, digest)
    if loaded is None:
        loaded = load_article(settings, source, data)
    template = plan_template(settings, loaded, now, old_pot, old_pot_text, pot_fingerprint, render=keep_texts)
    catalogs = [plan_catalog(settings, loaded, language, template.pot_date, now, purge_obsolete,
                             collect_memory=collect_memory, compare=compare)
                for language in languages]
    if not keep_texts:
        for plan in (template, *catalogs):
            plan.drop_texts()
        words = message_words(loaded.messages)  # status and build count them: here, in the worker
        for catalog in catalogs:
            catalog.words = words
    article = loaded.article
    if keep_article and article is None:
        article = load_article(settings, source, data).article
    return ArticlePlan(source, template, catalogs, loaded.messages, loaded.digest, now,
                       article=article if keep_article else None, from_template=loaded.article is None,
                       source_fingerprint=fingerprint(data))


def _loaded(plan: ArticlePlan) -> LoadedArticle:
    return LoadedArticle(plan.source, None, plan.messages, plan.digest)


def replan_template(settings: Settings, plan: ArticlePlan) -> TemplatePlan:
    """The article's template planned again from the `.pot` as it is now (it changed since planning)."""
    return plan_template(settings, _loaded(plan), plan.now)


def replan_catalog(settings: Settings, plan: ArticlePlan, catalog: CatalogPlan,
                   purge_obsolete: bool = False) -> CatalogPlan:
    """One catalog merged again from what it holds now (a translator saved it while we ran).

    The same source messages and template date as the first plan: only the catalog's
    own content is new, so its edit is kept and merged like any other.
    """
    # the memory's offers stand: they were for entries this update creates, which it still does
    offers = {offer.msgid: offer for offer in catalog.prefills} or None
    return plan_catalog(settings, _loaded(plan), catalog.language, plan.template.pot_date, plan.now,
                        purge_obsolete, prefill=offers)


# Below this many articles a second process costs more than it saves.
PARALLEL_MIN_ARTICLES = 48


# What the running `plan_publication` does with each final plan in its worker (`after`), and
# whether with every plan (`after_every`): forked workers inherit it from the parent's memory,
# so it is never pickled (it may be a closure).
_AFTER: list[Any] = []
# Set by the first worker that meets an error (shared by every worker of the pool): the run
# will raise, so what `after` makes would be thrown away; the others only plan from then on
# (to find the first error in slug order), which keeps a failing CI build about as quick to
# fail as the planning alone.
_FAILED: list[Any] = []


def _plan_worker(job: tuple) -> ArticlePlan | BaseException:
    memory, slim = job[-2:]
    if not _AFTER:
        plan = plan_article(*job[:-2])
        if slim and not (memory and any(catalog.unmatched for catalog in plan.catalogs)):
            _slim(plan)
        return plan
    try:
        plan = plan_article(*job[:-2])
    except Exception as error:  # noqa: BLE001 - carried to the parent, which raises the first in order
        _failed()
        return error
    final = not (memory and any(catalog.unmatched for catalog in plan.catalogs))
    if (final or _AFTER[1]) and not _has_failed():
        try:
            plan.after = _AFTER[0](plan)  # (final: the memory cannot change this plan)
        except Exception as error:  # noqa: BLE001 - as a planning error (the other plans still arrive)
            _failed()
            return error
    return plan


def _failed() -> None:
    if _FAILED:
        _FAILED[0].set()


def _has_failed() -> bool:
    return bool(_FAILED) and _FAILED[0].is_set()


def _slim(plan: ArticlePlan) -> None:
    """Keep of a plan the memory cannot change only what `status` reads: each catalog's status,
    made here (in the worker that planned it), and the digests and flags its memo keys on.  A
    plan of 50 segments pickled back to the parent fell from ~27 KB to ~0.6 KB: `status --check`
    of 1,000 articles without its memo spent ~1 s of its ~6 s of CPU pickling and unpickling
    what it then only counted.  The memory, should another catalog ask it, reads this
    catalog's pairs from disk (`_catalog_pairs`)."""
    for catalog in plan.catalogs:
        catalog.status = status_of(catalog)
    drop_planned_texts(plan)


def drop_planned_texts(plan: ArticlePlan) -> None:
    """Empty what a plan holds that only the worker that made it reads: its messages, and each
    catalog's resolutions, word counts and memory pairs (the memory reads those from disk,
    `_catalog_pairs`), before the plan is sent back to the parent (`_slim`; `build`'s early
    rendering)."""
    plan.messages = []
    for catalog in plan.catalogs:
        catalog.messages, catalog.resolutions, catalog.words = [], {}, None
        catalog.memory_pairs, catalog.pairs_on_disk = None, True


def plan_publication(settings: Settings, languages: tuple[str, ...], purge_obsolete: bool = False,
                     jobs: int | None = None,
                     keep_texts: bool = True, memory: bool = True,
                     read_memory_files: bool = False,
                     sources: list[SourceFile] | None = None, apply: bool = True,
                     keep_articles: bool | Collection[str] = False,
                     every_source: list[SourceFile] | None = None,
                     after: Callable[[ArticlePlan], Any] | None = None,
                     received: Callable[[ArticlePlan], None] | None = None,
                     progress: Callable[[Iterable], Iterable] | None = None,
                     compare: bool = True, after_every: bool = False,
                     slim: bool = False, remember_pairs: bool = False) -> list[ArticlePlan]:
    """Plan every article (or those of `sources`), in slug order; raises the first error in
    that order before anything is written.

    When only some articles are planned, `every_source` (every article, in slug order)
    gives the translation memory the catalogs of the others, as they are on disk: a
    segment is offered what a plan of every article would offer it.

    Articles are independent, so large publications are planned by one worker process
    per core (fork: the workers share the already imported modules).  With `memory`,
    new segments are then pre-filled from the translation memory (`apply_memory`);
    the memory files are read only when a segment needs them, or always with
    `read_memory_files` (what `update` asks, so a malformed file is always reported).
    `apply` False: the catalogs' memory pairs are collected but not applied (the caller
    calls `apply_memory` on these plans and others).
    `keep_articles` (True, or the slugs of some articles): those plans carry their parsed
    article (`plan_article`).  `compare` False: the catalogs are merged but not written out
    and compared with their files (`plan_catalog`: `build`, which asks for counts only).

    `after(plan)` runs in the worker right after each plan the memory cannot change (no
    catalog has new segments its own entries left untranslated, or `memory` is off), while
    what the planning made is still at hand (`build` renders the article there, from the
    parse the planning made); its result is the plan's `after` (None for the others).  With
    `after_every`, it runs after every plan, those the memory may still change too (`update`
    writes each changed file's temporary there, and again the few the memory changes).  What
    it raises is that article's planning error.  Every plan then reaches `received(plan)` in
    the parent, in slug order, before the first planning error (if any) is raised: what
    `after` left on disk is never lost.  `progress` wraps the plans as they arrive.
    `slim` (with `keep_texts` False, for `status`): a plan the memory cannot change keeps only
    its catalogs' statuses (`_slim`), which `status_of` then gives back.  `remember_pairs`
    (`update`): the memory's pairs of the catalogs planned and left as they are go to the
    pairs cache even when no segment asks the memory (`apply_memory`).
    """
    now = now_string()
    if sources is None:
        sources = settings.source_files()
    work = [(settings, source, languages, now, purge_obsolete, keep_texts, memory,
             keep_articles is True or bool(keep_articles) and source.slug in keep_articles, compare, memory,
             slim and not keep_texts)
            for source in sources]
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 4) if len(sources) >= PARALLEL_MIN_ARTICLES else 1
    _AFTER[:] = [after, after_every] if after is not None else []
    try:
        if jobs <= 1 or len(sources) < 2:
            plans = _received((_plan_worker(job) for job in work), received, progress, lazy=True)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            if after is not None:
                _FAILED[:] = [multiprocessing.get_context("fork").Event()]  # before the fork: shared
            chunk = max(1, len(work) // (jobs * 8))
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                plans = _received(pool.map(_plan_worker, work, chunksize=chunk), received, progress, lazy=False)
    finally:
        _AFTER.clear()
        _FAILED.clear()
    if memory and apply:
        apply_memory(settings, plans, now, purge_obsolete, keep_texts, read_memory_files, every_source, compare,
                     remember_pairs)
    return plans


def _received(results: Iterable[ArticlePlan | BaseException], received: Callable[[ArticlePlan], None] | None,
              progress: Callable[[Iterable], Iterable] | None, lazy: bool) -> list[ArticlePlan]:
    """Every plan, each given to `received` as it arrives; then the first error, if any.
    `lazy`: the results are made as they are asked for (in this process), so none is asked
    for past the first error; the workers' are all made, and all received."""
    plans: list[ArticlePlan] = []
    errors: list[BaseException] = []
    for result in progress(results) if progress is not None else results:
        if isinstance(result, BaseException):
            errors.append(result)
            if lazy:
                break
            continue
        if received is not None:
            received(result)
        plans.append(result)
    if errors:
        raise errors[0]
    return plans


def _read_memory_files(settings: Settings) -> list:
    paths = settings.memory_files()
    if not paths:  # the usual case: bitext.memory is not loaded for nothing
        return []
    from bitext.memory import read_memory_file

    return [read_memory_file(read_bytes(settings.abspath(path), path), path, settings.languages)
            for path in paths]


def _catalog_pairs(settings: Settings, sources: list[SourceFile] | None, plans: list[ArticlePlan],
                   language: str, cache: PairsCache):
    """The memory pairs of every catalog of `language`, in slug order: those of the planned
    articles as they were read, the others' (of `sources`, when given) read from disk as they
    are reached (in this process: worker processes were measured slower here, fork and the
    pairs pickled back costing more than reading a small catalog, 0.15 ms).  A catalog read
    from disk is parsed only when `cache` does not hold the pairs of its very bytes; a planned
    one that `update` leaves as it is gives `cache` its pairs (one it rewrites would only be
    dropped from the cache by the next run)."""
    planned = {plan.source.slug: plan for plan in plans}
    for source in sources if sources is not None else [plan.source for plan in plans]:
        plan = planned.get(source.slug)
        if plan is None:
            yield source.slug, _disk_pairs(settings, settings.po_path(language, source.slug), cache)
            continue
        for catalog in plan.catalogs:
            if catalog.language == language:
                if catalog.pairs_on_disk:  # read again, as for the catalogs not planned
                    yield source.slug, _disk_pairs(settings, catalog.path, cache)
                    continue
                if _pairs_of_disk(catalog):
                    cache.put(catalog.fingerprint, catalog.memory_pairs)  # bytes that stay on disk
                yield source.slug, catalog.memory_pairs or ()


def _pairs_of_disk(catalog: CatalogPlan) -> bool:
    """Whether a planned catalog's memory pairs are those of the bytes left on disk (it was
    read, and this run does not rewrite it): what the pairs cache may keep."""
    return catalog.fingerprint is not None and catalog.memory_pairs is not None and not catalog.changed


def _disk_pairs(settings: Settings, relative: str, cache: PairsCache) -> list[tuple[str, str]]:
    """`_memory_pairs` of the catalog at `relative` as on disk, checked as `load_catalog`
    checks it; [] when it is missing."""
    data, digest = _catalog_bytes(settings, relative)
    if data is None:
        return []
    pairs = cache.get(digest)
    if pairs is None:
        pairs = _memory_pairs(_parse_catalog(data, relative))
        cache.put(digest, pairs)
    return pairs


def apply_memory(settings: Settings, plans: list[ArticlePlan], now: str, purge_obsolete: bool = False,
                 keep_texts: bool = True, read_files: bool = False,
                 every_source: list[SourceFile] | None = None, compare: bool = True,
                 remember_pairs: bool = False) -> None:
    """Pre-fill, in place, the new segments of each planned catalog from the memory.

    The memory of a language is every *other* catalog's translated entries as on disk (a
    catalog's own entries were already searched by its merge) and the memory files.  A
    catalog with a hit is merged again with the offers; the others are left as planned.
    `remember_pairs`, when no segment asks the memory: the pairs of the planned catalogs
    left as they are go to the pairs cache all the same (`_remember_pairs`).
    """
    files = _read_memory_files(settings) if read_files else None
    needing = [(plan, catalog) for plan in plans for catalog in plan.catalogs if catalog.unmatched]
    if needing:
        from bitext.memory import MemoryUnit, TranslationMemory, file_units

        if files is None:
            files = _read_memory_files(settings)
        from bitext.pairscache import PairsCache

        by_language: dict[str, TranslationMemory] = {}
        for language in dict.fromkeys(catalog.language for _, catalog in needing):
            cache = PairsCache.of(settings.root, language)
            try:
                # one origin string per catalog, not one per unit (375,000 units at 50,000 articles)
                units = [MemoryUnit(msgid, msgstr, origin)
                         for slug, pairs in _catalog_pairs(settings, every_source, plans, language, cache)
                         for origin in (f"article {slug}",) for msgid, msgstr in pairs]
            except BaseException:
                cache.discard()  # a run that stops half-way has not met every catalog
                raise
            cache.close()
            for memory_file in files:
                units.extend(file_units(memory_file, settings.source_language, language))
            queries = [msgid for _, catalog in needing if catalog.language == language
                       for msgid in catalog.unmatched]
            by_language[language] = TranslationMemory(units, queries)
        offered = []
        for plan, catalog in needing:
            memory = by_language[catalog.language]
            offers = {}
            for msgid in catalog.unmatched:
                offer = memory.lookup(msgid, settings.fuzzy_threshold)
                if offer is not None:
                    offers[msgid] = offer
            if offers:
                offered.append((plan, catalog, offers))
        # the memory and the first plan's texts go before the catalogs are merged again:
        # for one large catalog they are its size several times over, held for nothing
        del by_language, needing
        for plan in plans:
            for catalog in plan.catalogs:
                catalog.memory_pairs = None
        for plan, catalog, offers in offered:
            catalog.drop_texts()
            loaded = LoadedArticle(plan.source, None, plan.messages)
            fresh = plan_catalog(settings, loaded, catalog.language, plan.template.pot_date, now,
                                 purge_obsolete, prefill=offers, compare=compare)
            if not keep_texts:
                fresh.drop_texts()
                fresh.words = catalog.words
            plan.catalogs[plan.catalogs.index(catalog)] = fresh
    elif remember_pairs:
        _remember_pairs(settings, plans)
    for plan in plans:
        for catalog in plan.catalogs:
            catalog.memory_pairs = None


def _remember_pairs(settings: Settings, plans: list[ArticlePlan]) -> None:
    """Give the pairs cache the memory pairs of the planned catalogs left as they are on disk,
    when it has no file yet (`PairsCache.adding`): the first `update` of a clone plans every
    article, and the first that asks the memory then parses no catalog it read (100,000
    catalogs: ~20 s).  A rewritten catalog's pairs are not kept (its bytes are new)."""
    from bitext.pairscache import PairsCache

    caches: dict[str, PairsCache] = {}
    try:
        for plan in plans:
            for catalog in plan.catalogs:
                if _pairs_of_disk(catalog):
                    cache = caches.get(catalog.language)
                    if cache is None:
                        cache = caches[catalog.language] = PairsCache.adding(settings.root, catalog.language)
                    cache.put(catalog.fingerprint, catalog.memory_pairs)
    except BaseException:
        for cache in caches.values():
            cache.discard()
        raise
    for cache in caches.values():
        cache.close()
