"""The update contract (SPEC section 4): merge the current source into a catalog.

For every current source message, in source order:
1. an old entry with the same msgid (and no msgctxt) keeps its msgstr, translator
   comments, flags and, while it is fuzzy, its previous msgid (msgmerge drops `#|` from
   an entry that is no longer fuzzy, and so do we);
2. an obsolete entry with the same msgid comes back to life with its translation;
3. otherwise the most similar old entry with a translation lends it: the new entry gets
   `#, fuzzy` and `#| msgid "<old msgid>"`.  Similarity is rapidfuzz's normalised Indel
   ratio (the measure msgmerge's fstrcmp approximates); a candidate needs at least
   `fuzzy_threshold`.  Candidates are searched in three pools, and the first pool with
   one above the threshold wins: (a) active entries no current segment uses (an edited
   segment's own old text is there, so its own translation wins over a neighbour's),
   (b) every other active entry, (c) obsolete entries;
4. otherwise the entry is new to the catalog: it takes the translation memory's offer,
   if the caller passes one (`prefill`, see `memory`): an exact match as translated, a
   similar one as fuzzy with the memory's English as `#| msgid`; else it is untranslated
   and its msgid is listed in `MergeResult.unmatched` (what the memory is asked about).
   Only entries the merge creates are pre-filled, so a memory never changes an entry a
   catalog already had.
Old translated entries that no current segment uses, not even as a fuzzy source, become
obsolete at the end of the file; obsolete entries stay (unless `purge_obsolete`).
Nothing else is dropped, so every msgstr before a merge is in the catalog after it.
References and extracted comments always come from the current source.

The merge is pure: it returns the new catalog and, for each message, its `Resolution`
(the state `status` reports and the translation `build` uses).  It never reads or
writes files.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import accumulate

from bitext.lang import plural_forms
from bitext.model import MemoryMatch, Resolution, SourceMessage, State
from bitext.pofile import POCatalog, POEntry, written_fuzzy

__all__ = ["MergeResult", "merge_catalog", "make_template", "messages_from_template", "new_header",
           "FuzzyIndex", "SOURCE_DIGEST_HEADER"]

GNU_DATE_FORMAT = "%Y-%m-%d %H:%M%z"
_WORD = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")


@dataclass
class MergeResult:
    catalog: POCatalog
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    obsolete: int = 0
    unmatched: list[str] = field(default_factory=list)  # new entries nothing translated
    prefilled: list[MemoryMatch] = field(default_factory=list)  # new entries the memory filled


def _has_translation(entry: POEntry) -> bool:
    if entry.msgid_plural is not None:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _message_entry(message: SourceMessage, source_path: str) -> POEntry:
    # Positional: twice as quick as by keyword, and a large article has 20,000 of them.
    return POEntry(message.msgid, "", None, None, {}, [], [], [message.kind],
                   [f"{source_path}:{line}" for line in message.lines])


class FuzzyIndex:
    """Old entries with a translation, searched for the one most similar to a new segment.

    Two filters keep the search far below "every entry against every segment":
    - length: with the Indel ratio r = 2*M/(a+b) and M <= min(a, b), a candidate of
      length b can reach r >= c only if a*c/(2-c) <= b <= a*(2-c)/c;
    - words (large pools only): an inverted index from words to entries picks the
      entries sharing the most of the segment's words (words found in more than a
      tenth of the pool say nothing and are skipped); only those are scored.  A
      segment that shares no telling word falls back to scoring the length window.
    Scores are rapidfuzz's `fuzz.ratio`, so the result is the same measure either way.

    The threshold is compared exactly: the window is computed in integers from the
    threshold as written (0.6 is 3/5, not the float below it), and a candidate is kept
    when 2*M/(a+b) >= threshold holds in integers.  In floats, `ceil(28 * 0.6 / 1.4)`
    is 13 and `0.57 * 100` is 56.999...: candidates exactly at the threshold were lost.
    """

    SMALL = 300  # up to this many entries, scoring the length window is cheaper than indexing
    SHORTLIST = 40
    # Up to this many words asked about (a few new segments: one new paragraph asks ~20), the
    # index finds each word in all the texts at once instead of cutting every text into words:
    # ~3x quicker on a memory of 46,000 texts, the same postings (tests/test_fuzzy_index_fast.py)
    FEW_WORDS = 64

    def __init__(self, entries: list[POEntry], vocabulary: set[str] | None = None,
                 rarest: int | None = None):
        """`vocabulary` (lowercase words): index only these, when every query is known
        beforehand; `rarest`: shortlist by a query's `rarest` least common words only, which
        bounds the cost of a query in a very large pool (a translation memory)."""
        ordered = sorted(entries, key=lambda entry: len(entry.msgid))
        self.entries = ordered
        self.texts = [entry.msgid for entry in ordered]
        self.lengths = [len(text) for text in self.texts]
        self._postings: dict[str, list[int]] | None = None
        self._vocabulary = vocabulary
        self._rarest = rarest

    def __bool__(self) -> bool:
        return bool(self.entries)

    def _window(self, size: int, cutoff: float) -> tuple[int, int]:
        shortest, longest = length_window(size, cutoff)
        low = bisect.bisect_left(self.lengths, shortest)
        high = bisect.bisect_right(self.lengths, longest)
        return low, high

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            vocabulary = self._vocabulary
            words_of = _WORD.findall
            limit = max(8, len(self.texts) // 10)
            if vocabulary is not None and len(vocabulary) <= self.FEW_WORDS:
                postings = self._postings_word_by_word(vocabulary, limit)
            elif vocabulary is None:
                for position, text in enumerate(self.texts):
                    for word in set(words_of(text.lower())):
                        postings.setdefault(word, []).append(position)
            else:
                # the hot loop of a large memory: one C-level intersection per text, lists
                # made up front, so the Python work is one append per (query word, text) pair
                postings = {word: [] for word in vocabulary}
                shared = vocabulary.intersection
                for position, text in enumerate(self.texts):
                    for word in shared(words_of(text.lower())):
                        postings[word].append(position)
                postings = {word: hits for word, hits in postings.items() if hits}
            self._postings = {word: hits for word, hits in postings.items() if len(hits) <= limit}
        return self._postings

    def _postings_word_by_word(self, vocabulary: set[str], limit: int) -> dict[str, list[int]]:
        """The postings `_index` makes of few words, each found in every text at once.

        A word is in a text's `_WORD.findall(text.lower())` exactly when it is a run of word
        characters there with none on either side: so each word is searched (a regular
        expression whose literal start is found at C speed) in the texts lowercased and
        joined by a line end (no word character: no run spans two texts), and a hit with no
        word character before it names its text.  A word seen in more than `limit` texts is
        dropped by `_index` whatever its count: the search stops there."""
        lowered = [text.lower() for text in self.texts]
        joined = "\n".join(lowered)
        starts = list(accumulate((len(text) + 1 for text in lowered), initial=0))
        word_character = _WORD_CHARACTER.match
        postings: dict[str, list[int]] = {}
        for word in vocabulary:
            if _WORD.fullmatch(word) is None:
                continue  # never one of a text's words
            search = re.compile(re.escape(word) + r"(?!\w)").search
            hits: list[int] = []
            found = search(joined)
            while found is not None:
                position = found.start()
                if position and word_character(joined, position - 1) is not None:
                    # inside a longer word; an occurrence overlapping this one would be too
                    found = search(joined, found.end())
                    continue
                text = bisect.bisect_right(starts, position) - 1
                hits.append(text)
                if len(hits) > limit:
                    break
                found = search(joined, starts[text + 1])  # the next text
            if hits:
                postings[word] = hits
        return postings

    def _score(self, query: str, positions: list[int], cutoff: float) -> tuple[POEntry, float] | None:
        # Imported here: only an update that meets a changed text pays rapidfuzz's start-up.
        from rapidfuzz import fuzz, process

        # a hair below the threshold in floats, then the exact test on the best one: two
        # different ratios of strings this short are much further apart than float error
        found = process.extractOne(query, [self.texts[p] for p in positions], scorer=fuzz.ratio,
                                   score_cutoff=max(0.0, cutoff * 100 - 1e-6))
        if found is None:
            return None
        text, score, index = found
        if not reaches(query, text, cutoff):
            return None
        return self.entries[positions[index]], score / 100

    def best(self, query: str, cutoff: float) -> tuple[POEntry, float] | None:
        low, high = self._window(len(query), cutoff)
        if low >= high:
            return None
        return self._score(query, self._candidates(query, low, high), cutoff)

    def _candidates(self, query: str, low: int, high: int) -> list[int]:
        """The positions of the window [low, high) worth scoring for `query`, in order."""
        if high - low <= self.SMALL:
            return list(range(low, high))
        postings = self._index()
        words = set(_WORD.findall(query.lower()))
        if self._rarest:
            # ties in rarity broken by the word itself: a set's order changes with the
            # process's hash seed, and so would the shortlist (and the catalog written)
            words = sorted((word for word in words if word in postings), key=lambda word: (len(postings[word]), word))
            words = words[: self._rarest]
        # each word's postings are in position order: the length window is one slice of
        # each, and the words shared are counted in C
        shared: Counter[int] = Counter()
        for word in words:
            hits = postings.get(word)
            if hits:
                shared.update(hits[bisect.bisect_left(hits, low):bisect.bisect_left(hits, high)])
        if not shared:  # no telling word in common: only a full scan can say
            return list(range(low, high))
        return sorted(self._shortlist(shared, len(query)))

    def _shortlist(self, shared: Counter[int], size: int) -> list[int]:
        """The SHORTLIST positions sharing the most words; among equals the length nearest
        the query's (the ones that can score highest), then the position: never the order
        the words came in, which follows the hash seed.  Only the positions with at least
        the count of the SHORTLIST-th best are looked at: every one of the best has it.
        The order of the list returned is not its meaning (the caller sorts it)."""
        if len(shared) <= self.SHORTLIST:
            return list(shared)
        least = sorted(shared.values())[-self.SHORTLIST]
        above = [position for position, count in shared.items() if count > least]
        tied = sorted(position for position, count in shared.items() if count == least)
        return above + self._nearest(tied, size, self.SHORTLIST - len(above))

    def _nearest(self, positions: list[int], size: int, wanted: int) -> list[int]:
        """The `wanted` first of `positions` (ascending) by (distance of their length from
        `size`, position).  Lengths grow with positions, so the nearest lie on either side of
        where `size` would go, and are taken outwards from there: a large memory ties
        thousands of texts on a count of common words, and a key per text cost ~7 ms a query.
        Taken outwards, a run of equal distances can come in the wrong order of positions
        (the left side walks them downwards): the whole run at the last distance taken is
        kept, then the few taken are put in the key's order and cut."""
        if len(positions) <= wanted:
            return positions
        lengths = self.lengths
        right = bisect.bisect_left(positions, size, key=lengths.__getitem__)
        left = right - 1
        taken: list[int] = []
        last = -1
        while left >= 0 or right < len(positions):
            below = size - lengths[positions[left]] if left >= 0 else None
            beyond = lengths[positions[right]] - size if right < len(positions) else None
            if beyond is None or (below is not None and below <= beyond):
                distance, position = below, positions[left]
                left -= 1
            else:
                distance, position = beyond, positions[right]
                right += 1
            if len(taken) >= wanted and distance > last:
                break
            taken.append(position)
            last = distance
        taken.sort(key=lambda p: (abs(lengths[p] - size), p))
        return taken[:wanted]


@lru_cache(maxsize=64)
def exact_threshold(cutoff: float) -> Fraction:
    """The threshold as written in the settings (0.6 -> 3/5), not the binary float nearest it."""
    return Fraction(repr(float(cutoff)))


def length_window(size: int, cutoff: float) -> tuple[int, int]:
    """Shortest and longest candidate lengths whose Indel ratio with a `size`-long text can reach `cutoff`.

    With r = 2*M/(a+b), M <= min(a, b) and c = p/q: b >= a*p/(2q-p) and b <= a*(2q-p)/p,
    in integers (ceiling and floor division), so a length exactly at the threshold is in.
    """
    threshold = exact_threshold(cutoff)
    p, q = threshold.numerator, threshold.denominator
    if p <= 0:
        return 0, max(size, 0) * 10**9  # no threshold: every length
    shortest = -(-size * p // (2 * q - p))
    longest = size * (2 * q - p) // p
    return shortest, longest


def reaches(text: str, other: str, cutoff: float) -> bool:
    """Whether rapidfuzz's ratio of the two texts is at least `cutoff`, decided exactly."""
    from rapidfuzz.distance import Indel

    threshold = exact_threshold(cutoff)
    total = len(text) + len(other)
    if total == 0:
        return True
    kept = total - Indel.distance(text, other)  # 2*M: the characters the two have in common, twice
    return kept * threshold.denominator >= threshold.numerator * total


def new_header(language: str | None, project: str, pot_date: str, revision_date: str) -> POEntry:
    """A header as GNU msginit --no-translator writes it (template: language None)."""
    fields = [
        ("Project-Id-Version", project),
        ("POT-Creation-Date", pot_date),
        ("PO-Revision-Date", revision_date if language else "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "Automatically generated" if language else "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "none" if language else "LANGUAGE <LL@li.org>"),
        ("Language", language or ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    if language:
        fields.append(("Plural-Forms", plural_forms(language)))
    header = POEntry(msgid="", msgstr="".join(f"{key}: {value}\n" for key, value in fields))
    if not language:
        header.flags.append("fuzzy")
    return header


SOURCE_DIGEST_HEADER = "X-Source-Digest"


def make_template(messages: list[SourceMessage], source_path: str, project: str,
                  pot_date: str, source_digest: str | None = None) -> POCatalog:
    """The `.pot` of one article: every message, untranslated, in source order.

    `source_digest` (see `publication.source_digest`) records what the template was
    extracted from, so an unchanged source need not be parsed again.
    """
    template = POCatalog(header=new_header(None, project, pot_date, ""),
                         entries=[_message_entry(message, source_path) for message in messages])
    if source_digest:
        template.set_header_value(SOURCE_DIGEST_HEADER, source_digest)
    return template


def messages_from_template(template: POCatalog) -> list[SourceMessage] | None:
    """The source messages a template was made from (None if it is not one of ours)."""
    messages = []
    for entry in template.entries:
        if entry.obsolete or len(entry.extracted_comments) != 1 or not entry.references:
            return None
        lines = []
        for reference in entry.references:
            _, _, line = reference.rpartition(":")
            if not line.isdigit():
                return None
            lines.append(int(line))
        messages.append(SourceMessage(entry.msgid, entry.extracted_comments[0], lines))
    return messages


def merge_catalog(messages: list[SourceMessage], source_path: str, old: POCatalog | None, *,
                  language: str, project: str, pot_date: str, now: str,
                  fuzzy_threshold: float = 0.6, purge_obsolete: bool = False,
                  prefill: Mapping[str, MemoryMatch] | None = None) -> MergeResult:
    """Merge the current messages of one article into its old catalog (None: create it)."""
    if old is None:
        header = new_header(language, project, pot_date, now)
        old_entries: list[POEntry] = []
    else:
        header = _updated_header(old.header, language, project, pot_date, now)
        old_entries = old.entries

    active = {entry.msgid: entry for entry in old_entries if not entry.obsolete and entry.msgctxt is None}
    obsolete_by_id = {entry.msgid: entry for entry in old_entries if entry.obsolete and entry.msgctxt is None}
    current_ids = {message.msgid for message in messages}

    used: set[int] = set()  # id() of old entries whose translation a current entry now holds
    revived: set[int] = set()  # id() of obsolete entries an exact match brought back
    entries: list[POEntry] = []
    resolutions: dict[str, Resolution] = {}
    pools: list[FuzzyIndex] | None = None
    unmatched: list[str] = []
    prefilled: list[MemoryMatch] = []

    for message in messages:
        entry = _message_entry(message, source_path)
        source = active.get(message.msgid) or obsolete_by_id.get(message.msgid)
        if source is not None:
            _copy_translation(source, entry)
            if written_fuzzy(entry):
                # as msgmerge does, the previous msgid goes once a translator clears the fuzzy flag
                entry.previous_msgid = source.previous_msgid
                entry.previous_msgctxt = source.previous_msgctxt
            used.add(id(source))
            if source.obsolete:
                revived.add(id(source))
            resolutions[message.msgid] = _resolve(entry, source.line)
        else:
            if pools is None:
                pools = _candidate_pools(old_entries, active, current_ids)
            match = None
            for pool in pools:
                if pool:
                    match = pool.best(message.msgid, fuzzy_threshold)
                    if match:
                        break
            if match is not None:
                donor = match[0]
                _copy_translation(donor, entry)
                entry.fuzzy = True
                entry.previous_msgid = (donor.previous_msgid if donor.fuzzy and donor.previous_msgid
                                        else donor.msgid)
                used.add(id(donor))
                resolutions[message.msgid] = _resolve(entry, donor.line)
            elif prefill and message.msgid in prefill:
                offer = prefill[message.msgid]
                # the translation only: flags and comments stay those of the catalog's translators
                entry.msgstr = offer.msgstr
                if not offer.exact:
                    entry.fuzzy = True
                    entry.previous_msgid = offer.source
                prefilled.append(offer)
                resolutions[message.msgid] = _resolve(entry, 1)
            else:
                unmatched.append(message.msgid)
                resolutions[message.msgid] = Resolution(message.msgid, State.UNTRANSLATED)
        entries.append(entry)

    obsolete: list[POEntry] = []
    if not purge_obsolete:
        for old_entry in old_entries:
            if old_entry.obsolete:
                if id(old_entry) not in revived:
                    obsolete.append(old_entry)
            elif id(old_entry) not in used and _has_translation(old_entry):
                obsolete.append(_obsoleted(old_entry))
    catalog = POCatalog(header=header, entries=entries + obsolete)
    return MergeResult(catalog, resolutions, obsolete=len(obsolete), unmatched=unmatched,
                       prefilled=prefilled)


def _candidate_pools(old_entries: list[POEntry], active: dict[str, POEntry],
                     current_ids: set[str]) -> list[FuzzyIndex]:
    orphans, others, dead = [], [], []
    for entry in old_entries:
        if not _has_translation(entry) or entry.msgid_plural is not None:
            continue
        if entry.obsolete:
            dead.append(entry)
        elif entry.msgid in current_ids:
            others.append(entry)
        else:
            orphans.append(entry)
    return [FuzzyIndex(orphans), FuzzyIndex(others), FuzzyIndex(dead)]


def _copy_translation(source: POEntry, entry: POEntry) -> None:
    entry.msgstr = source.msgstr
    if source.msgid_plural is not None:
        entry.msgid_plural = source.msgid_plural
        entry.msgstr_plural = dict(source.msgstr_plural)
    entry.flags = list(source.flags)
    entry.translator_comments = list(source.translator_comments)


def _resolve(entry: POEntry, po_line: int) -> Resolution:
    if not _has_translation(entry):
        return Resolution(entry.msgid, State.UNTRANSLATED, po_line=po_line or 1)
    if entry.fuzzy:
        return Resolution(entry.msgid, State.STALE, entry.msgstr, entry.previous_msgid, po_line or 1)
    return Resolution(entry.msgid, State.TRANSLATED, entry.msgstr, None, po_line or 1)


def _obsoleted(entry: POEntry) -> POEntry:
    return POEntry(
        msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural, msgstr_plural=dict(entry.msgstr_plural),
        flags=list(entry.flags), translator_comments=list(entry.translator_comments),
        previous_msgctxt=entry.previous_msgctxt, previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural, obsolete=True, line=entry.line,
    )


def _updated_header(header: POEntry | None, language: str, project: str, pot_date: str,
                    now: str) -> POEntry:
    """Keep what a translator set; fill what is missing; follow the template's date."""
    if header is None:
        return new_header(language, project, pot_date, now)
    probe = POCatalog(header=header, entries=[])
    fresh = POCatalog(header=new_header(language, project, pot_date, now), entries=[])
    result = POCatalog(header=POEntry(msgid="", msgstr=header.msgstr, flags=list(header.flags),
                                      translator_comments=list(header.translator_comments),
                                      extracted_comments=list(header.extracted_comments)), entries=[])
    for key in ("Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date", "Last-Translator",
                "Language-Team", "Language", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding", "Plural-Forms"):
        if probe.header_value(key) is None:
            result.set_header_value(key, fresh.header_value(key))
    if probe.header_value("POT-Creation-Date") != pot_date:
        result.set_header_value("POT-Creation-Date", pot_date)
    content_type = probe.header_value("Content-Type") or ""
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        # catalogs are written in UTF-8 (SPEC section 4): say so, or editors would misread them
        result.set_header_value("Content-Type", "text/plain; charset=UTF-8")
    return result.header
