"""`status` of a whole publication, with a memo of catalogs whose inputs have not changed.

`publication_statuses(settings, languages)` gives what `status_of` gives for every
catalog of `plan_publication` (same order, same values), but a catalog whose inputs are
byte for byte those of an earlier `status` is not read, merged or compared again: its
result is taken from the memo, a JSON file outside the publication (`memo_file`).

A memo entry is keyed by a digest (`catalog_key`) of everything the result depends on:
- the source's digest (its bytes, path, the extraction settings and rules: the
  template's `X-Source-Digest`), the template's bytes and the catalog's bytes, each as
  sha256 of the whole content (never size or modification time: an edit that keeps both
  is still seen);
- the language, every setting (`repr(Settings)`), bitext's version and the size and
  modification time of each of its modules, and of Babel's and rapidfuzz's, and Python's version.
Only results that depend on nothing else are kept: the template records this source's
digest (its entries are the extraction: the Markdown parser is not involved), its
POT-Creation-Date stands (not the time now), the catalog exists, and the translation
memory offered nothing (no segment new to the catalog); and its stale and untranslated
segments' English is at most `MAX_FINDINGS_TEXT` (the memo holds it).  Anything else is planned as
before.  When a catalog planned afresh has segments the memory may fill, every catalog
is planned as before, memory and all (the memory of a language is all its catalogs).

`update` fills the memo too (`remember_update`): a catalog it planned and left as it read
it, in an article whose template it left too, has the status `status` would plan from those
very bytes, so it is the same `status_of` of `update`'s own plan, remembered under the same
key and rules (one already remembered under its key is not counted again).  A catalog
`update` writes is not remembered (its status is that of the bytes written, which only
planning them again would give): the next `status` plans it.

The memo is only an optimisation: missing, unreadable, of another format or not
writable, it is ignored.  `BITEXT_CACHE_DIR` names its folder (empty: no memo); the
default is `$XDG_CACHE_HOME/bitext` (`~/.cache/bitext`).  The publication itself is
never written (`status` writes nothing there).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from pathlib import Path

from bitext.config import Settings, SourceFile
from bitext.errors import BitextError
from bitext.model import Counts, State
from bitext.status import CatalogStatus, Finding
from bitext.usercache import CACHE_ENV, cache_file, code_stamp, read_regular

__all__ = ["publication_statuses", "remember_update", "memo_file", "catalog_key", "CACHE_ENV"]

FORMAT = 1  # bump when an entry's layout or meaning changes: older memos are then ignored
# A catalog whose stale and untranslated segments' English exceeds this is not remembered: the
# memo holds that English (status prints it), and a publication of untranslated catalogs would
# make it as big as the catalogs themselves.
MAX_FINDINGS_TEXT = 64 * 1024
_COUNTS = ("segments", "translated", "stale", "untranslated", "obsolete", "words", "translated_words")


def memo_file(settings: Settings) -> Path | None:
    """Where this publication's memo lives (None: no memo)."""
    return cache_file(settings.root, "status")


def catalog_key(settings: Settings, language: str, source_digest: str, template_fingerprint: str | None,
                catalog_fingerprint: str | None) -> str:
    """The digest of everything a catalog's status depends on (see the module's docstring)."""
    parts = (code_stamp(), FORMAT, repr(settings), language, source_digest, template_fingerprint, catalog_fingerprint)
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _to_json(item: CatalogStatus) -> dict:
    return {"language": item.language, "article": item.article, "path": item.path,
            "counts": [getattr(item.counts, name) for name in _COUNTS],
            "up_to_date": item.up_to_date,
            "findings": [[finding.state.value, finding.msgid, finding.line] for finding in item.findings],
            "difference": None if item.difference is None else [item.difference.line, item.difference.what],
            "layout_line": item.layout_line}


def _from_json(data: dict) -> CatalogStatus:
    from bitext.compare import Difference

    counts = Counts(**dict(zip(_COUNTS, data["counts"])))
    findings = [Finding(State(state), msgid, line) for state, msgid, line in data["findings"]]
    difference = None if data["difference"] is None else Difference(*data["difference"])
    return CatalogStatus(data["language"], data["article"], data["path"], counts, data["up_to_date"], True,
                         findings, difference, data["layout_line"])


def _load(path: Path | None) -> dict[str, dict]:
    if path is None:
        return {}
    data = read_regular(path)  # (not through a link, nor from a FIFO: see `usercache`)
    if data is None:
        return {}
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):  # `[[[[...` nests past the decoder's stack
        return {}
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return {}
    entries = document.get("catalogs")
    return entries if isinstance(entries, dict) else {}


def _save(path: Path, entries: dict[str, dict]) -> None:
    from bitext.files import write_atomic

    # ASCII: a lone surrogate (a byte of a catalog in another charset) survives the trip
    data = json.dumps({"format": FORMAT, "catalogs": entries}, separators=(",", ":"))
    try:
        write_atomic(path, data)
    except OSError:
        pass  # a read-only home: the next status plans again, as without a memo


def _remembered(settings: Settings, source: SourceFile, languages: tuple[str, ...],
                entries: dict[str, dict]) -> list[CatalogStatus] | None:
    """The statuses of one article's catalogs from the memo, or None if any is not there."""
    from bitext.publication import read_source, source_digest

    wanted = [(language, settings.po_path(language, source.slug)) for language in languages]
    if any(path not in entries for _, path in wanted):
        return None  # not worth reading the article
    try:
        digest = source_digest(settings, source, read_source(settings, source))
        template = _fingerprint(settings, settings.pot_path(source.slug))
        found = []
        for language, path in wanted:
            entry = entries[path]
            if entry.get("key") != catalog_key(settings, language, digest, template, _fingerprint(settings, path)):
                return None
            found.append(_from_json(entry["status"]))
    except (BitextError, OSError, KeyError, TypeError, ValueError):
        return None  # planned as before, which says what is wrong, if anything
    return found


def _fingerprint(settings: Settings, relative: str) -> str | None:
    from bitext.files import read_snapshot

    return read_snapshot(settings.abspath(relative), relative)[1]  # None: missing


def _language(entry: object) -> object:
    status = entry.get("status") if isinstance(entry, dict) else None
    return status.get("language") if isinstance(status, dict) else None


def _english_held(item: CatalogStatus) -> int:
    return sum(len(finding.msgid) for finding in item.findings)


def _memorable(plan, catalog) -> bool:
    """Whether a catalog's status depends only on what its key holds."""
    return (plan.from_template and plan.template.date_kept and plan.template.fingerprint is not None
            and catalog.exists and catalog.fingerprint is not None and not catalog.unmatched
            and not catalog.prefills)


def _planned_key(settings: Settings, plan, catalog) -> str:
    return catalog_key(settings, catalog.language, plan.digest, plan.template.fingerprint, catalog.fingerprint)


def _entry(settings: Settings, plan, catalog, item: CatalogStatus, key: str | None = None) -> dict | None:
    """The memo entry of `item`, the status of `catalog` planned in `plan` (None: not
    remembered); `key`: its `_planned_key`, when the caller has it already."""
    if not (_memorable(plan, catalog) and _english_held(item) <= MAX_FINDINGS_TEXT):
        return None
    return {"key": key or _planned_key(settings, plan, catalog), "status": _to_json(item)}


def remember_update(settings: Settings, plans, written: Collection[str]) -> None:
    """Remember the status of each catalog `update` planned (in `plans`, texts kept) and left
    as it read it, as `status` would: `written` holds the paths `update` wrote.

    Never raises for the memo's sake: an unusable memo is left as it is (see the module)."""
    from bitext.publication import status_of
    from bitext.status import message_words

    memo = memo_file(settings)
    if memo is None:
        return
    # a template written (or to be): its catalogs' status is that of its new bytes
    left = [(plan, [catalog for catalog in plan.catalogs
                    if not catalog.changed and catalog.path not in written and _memorable(plan, catalog)])
            for plan in plans if plan.template.changed is False and plan.template.path not in written]
    if not any(catalogs for _, catalogs in left):
        return  # not even read: a run that wrote every catalog it planned adds nothing
    entries = _load(memo)
    kept = dict(entries)
    for plan, catalogs in left:
        words = None
        for catalog in catalogs:
            known = entries.get(catalog.path)
            key = _planned_key(settings, plan, catalog)
            if isinstance(known, dict) and known.get("key") == key:
                continue  # remembered already, from these very inputs (an update run again)
            if words is None:  # counted once for all languages, as status does where it plans
                words = message_words(plan.messages)
            catalog.words = words
            entry = _entry(settings, plan, catalog, status_of(catalog), key)
            if entry is not None:
                kept[catalog.path] = entry
    if kept != entries:
        _save(memo, kept)


def publication_statuses(settings: Settings, languages: tuple[str, ...],
                         plan_publication=None) -> list[CatalogStatus]:
    """What `status_of` says of each catalog `plan_publication` plans, memo or not (see above).

    `plan_publication`: the planner to call (default `publication.plan_publication`).
    """
    from bitext.publication import status_of

    if plan_publication is None:
        from bitext.publication import plan_publication

    memo = memo_file(settings)
    if memo is None:
        plans = plan_publication(settings, languages, keep_texts=False, slim=True)
        return [status_of(catalog) for plan in plans for catalog in plan.catalogs]
    entries = _load(memo)
    sources = settings.source_files()
    remembered = {source: _remembered(settings, source, languages, entries) for source in sources}
    todo = [source for source in sources if remembered[source] is None]
    # the memory is applied only once every catalog is planned: it is all catalogs of a language
    plans = plan_publication(settings, languages, keep_texts=False, sources=todo, apply=False, slim=True) if todo else []
    if any(catalog.unmatched for plan in plans for catalog in plan.catalogs):
        # a segment new to its catalog asks the memory: plan the others too, as without a memo
        from bitext.publication import apply_memory

        rest = [source for source in sources if remembered[source] is not None]
        others = plan_publication(settings, languages, keep_texts=False, sources=rest, apply=False,
                                  slim=True) if rest else []
        by_source = {plan.source: plan for plan in (*plans, *others)}
        every = [by_source[source] for source in sources]
        apply_memory(settings, every, plans[0].now, keep_texts=False)
        return [status_of(catalog) for plan in every for catalog in plan.catalogs]
    planned = {plan.source: plan for plan in plans}
    statuses: list[CatalogStatus] = []
    # what a `status --lang` of other languages remembered stays
    kept = {path: entry for path, entry in entries.items() if _language(entry) not in languages}
    for source in sources:
        if remembered[source] is not None:
            for item in remembered[source]:
                kept[item.path] = entries[item.path]
                statuses.append(item)
            continue
        plan = planned[source]
        for catalog in plan.catalogs:
            item = status_of(catalog)
            statuses.append(item)
            entry = _entry(settings, plan, catalog, item)
            if entry is not None:
                kept[catalog.path] = entry
    if kept != entries:
        _save(memo, kept)
    return statuses
