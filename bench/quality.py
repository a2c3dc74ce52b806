"""Judge any tool's results against the corpus's ground truth, whatever wrote them.

Contract:
- ``Truth.load(path)`` reads ``truth.json`` written by ``corpus.write_corpus``.
- ``evaluate_update(truth, befores, afters)`` reads the catalogs a tool had before (``befores``)
  and wrote after its update (``afters``), both ``{slug: Path}``, with polib, and counts, for the
  segments of revision 2 by their kind of change: unchanged/moved segments that kept their own
  translation; edited segments whose entry carries their own old translation as fuzzy with the
  right previous msgid (``recall``), carry it without that previous msgid, carry another segment's
  translation (``wrong``), or have none; translations lost (an msgstr of ``befores`` found in no
  entry of ``afters``, active, fuzzy or obsolete); files ``msgfmt -c`` rejects.
- ``evaluate_build(truth, outputs)`` parses each built Markdown article (``{slug: Path}``) with
  markdown-it-py and counts, per inline block: own translations shown, English shown, stale
  translations published (the translation of a segment revision 2 no longer has), English shown
  where the segment's own translation exists (``translation_not_used``), blocks whose
  links, link targets, code spans or emphasis differ from the text they show, and blocks that are
  neither a known translation nor a known English text.
A text is recognised by ``corpus.normalize_key``, so wrapping, escaping and markup spelling of a
tool do not matter; a tool entry that covers several segments (po4a's multi-paragraph quotes)
is recognised as none and counted as ``entries_unmatched``.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from corpus import normalize_key

__all__ = ["BuildQuality", "Truth", "UpdateQuality", "evaluate_build", "evaluate_update",
           "count_msgfmt_rejects"]


@dataclass
class Truth:
    segments: dict[str, dict]
    rev1: dict[str, list[str]]
    rev2: dict[str, list[str]]
    changes: dict[str, tuple[str, str | None]]
    deleted: list[str]
    by_text: dict[str, str] = field(default_factory=dict)
    by_translation: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Truth":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        truth = cls(data["segments"], data["rev1"], data["rev2"],
                    {k: tuple(v) for k, v in data["changes"].items()}, data["deleted"])
        for sid, seg in truth.segments.items():
            truth.by_text[normalize_key(seg["text"])] = sid
            truth.by_translation[normalize_key(seg["translation"])] = sid
        return truth

    def segment_of_text(self, text: str) -> str | None:
        return self.by_text.get(normalize_key(text))

    def segment_of_translation(self, text: str) -> str | None:
        return self.by_translation.get(normalize_key(text))


@dataclass
class UpdateQuality:
    counts: Counter = field(default_factory=Counter)

    def __getitem__(self, key: str) -> int:
        return self.counts[key]

    def as_row(self) -> dict[str, int]:
        return dict(self.counts)


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgstr: str
    fuzzy: bool
    previous: str
    obsolete: bool


def read_entries(path: Path, counts: Counter) -> list[Entry]:
    """Entries of any tool's catalog: polib first; Babel's lenient reader for what polib refuses
    (pybabel writes such files), counted as ``catalogs_invalid``."""
    try:
        po = polib.pofile(str(path), wrapwidth=0)
        return [Entry(e.msgid, e.msgstr, "fuzzy" in e.flags, e.previous_msgid or "", e.obsolete)
                for e in po]
    except (OSError, ValueError):
        counts["catalogs_invalid"] += 1
    from babel.messages.pofile import read_po
    with open(path, "rb") as stream:
        catalog = read_po(stream)
    def text(value):
        if isinstance(value, (tuple, list)):
            return value[0] if value else ""
        return value or ""
    entries = [Entry(text(m.id), text(m.string), m.fuzzy, text(m.previous_id), False)
               for m in catalog if m.id]
    entries += [Entry(text(m.id), text(m.string), m.fuzzy, "", True)
                for m in catalog.obsolete.values()]
    return entries


def count_msgfmt_rejects(paths: list[Path]) -> int:
    rejects = 0
    for path in paths:
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                                capture_output=True)
        rejects += result.returncode != 0
    return rejects


def evaluate_update(truth: Truth, befores: dict[str, Path], afters: dict[str, Path],
                    check_msgfmt: bool = True) -> UpdateQuality:
    quality = UpdateQuality()
    c = quality.counts
    owner = {sid: slug for slug, ids in truth.rev1.items() for sid in ids}
    deleted_by_slug: dict[str, list[str]] = {}
    for sid in truth.deleted:
        deleted_by_slug.setdefault(owner[sid], []).append(sid)
    for slug, new_ids in truth.rev2.items():
        before_strs = set()
        if slug in befores and befores[slug].exists():
            before_strs = {normalize_key(e.msgstr) for e in read_entries(befores[slug], Counter())
                           if e.msgstr and e.msgid}
        if slug not in afters or not afters[slug].exists():
            c["catalogs_missing"] += 1
            c["translations_lost"] += len(before_strs)
            continue
        after = read_entries(afters[slug], c)
        after_strs = {normalize_key(e.msgstr) for e in after if e.msgstr and e.msgid}
        c["translations_lost"] += len(before_strs - after_strs)
        gone = deleted_by_slug.get(slug, [])
        c["deleted"] += len(gone)
        c["deleted_translation_kept"] += sum(
            normalize_key(truth.segments[sid]["translation"]) in after_strs for sid in gone)
        entries = {}
        for entry in after:
            if not entry.msgid or entry.obsolete:
                continue
            sid = truth.segment_of_text(entry.msgid)
            if sid is None:
                c["entries_unmatched"] += 1
            else:
                entries[sid] = entry
        for sid in new_ids:
            change, origin = truth.changes[sid]
            c[change] += 1
            entry = entries.get(sid)
            if entry is None:
                c[f"{change}_no_entry"] += 1
                continue
            fuzzy = entry.fuzzy
            source = truth.segment_of_translation(entry.msgstr) if entry.msgstr else None
            if change in ("unchanged", "moved"):
                c[f"{change}_kept"] += (not fuzzy and source == sid)
            elif change == "edited":
                previous = truth.segment_of_text(entry.previous)
                if not entry.msgstr:
                    c["edited_untranslated"] += 1
                elif source == origin and fuzzy and previous == origin:
                    c["edited_recall"] += 1
                elif source == origin and fuzzy:
                    c["edited_own_no_previous"] += 1
                elif source == origin:
                    c["edited_own_not_fuzzy"] += 1  # stale but marked translated
                else:
                    c["edited_wrong"] += 1
            else:  # inserted
                if not entry.msgstr:
                    c["inserted_untranslated"] += 1
                else:
                    c["inserted_fuzzy_guess"] += 1
    if check_msgfmt:
        c["msgfmt_rejects"] = count_msgfmt_rejects([p for p in afters.values() if p.exists()])
    return quality


@dataclass
class BuildQuality:
    counts: Counter = field(default_factory=Counter)

    def __getitem__(self, key: str) -> int:
        return self.counts[key]


# Front matter (bitext writes `lang: es` there) is not a block of the article.
_PARSER = MarkdownIt("commonmark").use(front_matter_plugin)
_signatures: dict[str, tuple] = {}


def markup_signature(children) -> tuple:
    """The inline markup a translator must keep: link targets, code spans, emphasis spans."""
    out = []
    for token in children or []:
        if token.type == "link_open":
            out.append(("link", token.attrGet("href"), token.attrGet("title")))
        elif token.type == "code_inline":
            out.append(("code", token.content))
        elif token.type in ("em_open", "strong_open", "image"):
            out.append((token.type,))
    return tuple(out)


def signature_of_text(text: str) -> tuple:
    if text not in _signatures:
        tokens = _PARSER.parseInline(text)
        _signatures[text] = markup_signature(tokens[0].children if tokens else [])
    return _signatures[text]


def evaluate_build(truth: Truth, outputs: dict[str, Path]) -> BuildQuality:
    quality = BuildQuality()
    c = quality.counts
    for slug, new_ids in truth.rev2.items():
        current = set(new_ids)
        path = outputs.get(slug)
        if path is None or not path.exists():
            c["articles_missing"] += 1
            continue
        tokens = _PARSER.parse(path.read_text(encoding="utf-8"))
        blocks = [t for t in tokens if t.type == "inline"]
        if len(blocks) != len(new_ids):
            c["articles_structure_changed"] += 1
        shown = set()
        for block in blocks:
            translated = truth.segment_of_translation(block.content)
            english = None if translated else truth.segment_of_text(block.content)
            if translated:
                expected = truth.segments[translated]["translation"]
                if translated in current and truth.changes[translated][0] in ("unchanged", "moved"):
                    c["translated_shown"] += 1
                    shown.add(translated)
                else:
                    c["stale_published"] += 1
            elif english:
                expected = truth.segments[english]["text"]
                c["english_shown"] += 1
                shown.add(english)
                # The catalog had this segment's own translation (unchanged or moved text).
                c["translation_not_used"] += truth.changes.get(english, ("", None))[0] in ("unchanged", "moved")
            else:
                c["blocks_unrecognised"] += 1
                continue
            if markup_signature(block.children) != signature_of_text(expected):
                c["markup_changed"] += 1
        c["segments_missing"] += len(current - shown)
        c["segments"] += len(new_ids)
    return quality
