"""Aligning an already published translation to the source article (`bitext align`, SPEC section 6).

`align_segments(source, target, both_markdown)` takes the two documents' segments (each
cut by the same segmenter, `bitext.segment`) and returns the best sequence of `Bead`s
covering both in order.  A bead pairs 1-1, 1-2 (one source segment translated as two),
2-1 (two as one), 1-0 (a source segment the translation leaves out) or 0-1 (a
translation segment with no source: a note, site furniture).

The search is Gale and Church's (1993) dynamic programme, band-limited around the
diagonal.  A bead's cost is the sum of:
- a prior for its kind (1-1 common, 1-2/2-1 rarer, 1-0/0-1 rarest, except a 0-1
  before the first pair or after the last, where a copied web page has its navigation and
  sharing links, and for a source text that recurs, such as a title repeated as the heading);
- Gale-Church's length cost: the translation's length in characters against the source's
  times the documents' overall ratio, scaled by the source length's square root;
- anchors both sides share, counted as multisets with a weight per class (a shared one
  lowers the cost, one on one side only raises it): numbers in any locale form
  (`200,000`, `200.000`, `200 000` are one anchor), URLs and link targets, code spans,
  acronyms and capitalised names, links and emphasis counts, and the sentence's
  question or exclamation mark (Spanish `¿…?` counts as `?`);
- when both documents are Markdown, the segments' kinds: a heading paired with a
  paragraph costs more than two paragraphs.
Each bead's `confidence` is its posterior probability under the same costs (forward-
backward over the same lattice), so a bead the data hardly prefers over another reading
scores low.

`fill_catalog(catalog, source_segments, target_segments, beads, overwrite)` writes the
aligned translations into a catalog's entries as fuzzy entries: a 1-2's two segments
joined by a space into one msgstr, a 2-1's one segment on the first of its two entries
(the second stays untranslated).  An entry that has a translation keeps it unless
`overwrite`.  A message with several places takes the translation of its first aligned
place.  Both functions are pure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from bitext.model import Segment
from bitext.pofile import POCatalog

__all__ = ["Bead", "FillResult", "align_segments", "fill_catalog", "anchors", "LOW_CONFIDENCE"]

LOW_CONFIDENCE = 0.8  # beads below this are listed to check first

# -log of each bead kind's prior.  Gale and Church measured 1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089
# on parliamentary proceedings; published web translations merge paragraphs less and leave
# out or add more (notes, credits), and on bench/align_eval.py equal shares did best
_PRIOR = {(1, 1): -math.log(0.92), (1, 0): -math.log(0.02), (0, 1): -math.log(0.02),
          (2, 1): -math.log(0.02), (1, 2): -math.log(0.02)}
_VARIANCE = 6.8  # Gale-Church's s^2 for character lengths
_TEMPERATURE = 2.0  # costs are divided by it for the posteriors: confidences less sure than the costs

# (reward when shared, penalty when on one side only) per anchor class
_WEIGHTS = {"n": (2.5, 1.5), "u": (4.0, 2.0), "c": (3.0, 1.5), "A": (2.0, 1.0), "N": (1.0, 0.3),
            "p": (0.6, 0.6), "l": (0.8, 0.8), "e": (0.5, 0.5), "r": (1.0, 0.5), "w": (0.6, 0.0)}
_EDGE = 1.5  # a translation segment paired with nothing before the first pair or after the last:
# a page copied from a browser carries its site's navigation and sharing links there
_REPEATED = 1.5  # leaving out a source segment whose text recurs (a title repeated as heading)
_UNPAIRED_SHARE = 0.25
_UNSUPPORTED = 3.0  # a member of a 1-2 or 2-1 that shares no anchor with the other side
_COMMON_SHARE = 0.15  # a cognate prefix in more segments than this says nothing
_KIND_MISMATCH = 3.0  # heading against paragraph, say
_KIND_NEAR = 1.5  # two kinds of the same family (list item against paragraph)

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d{3})*(?:[.,]\d+)?")
_URL = re.compile(r"https?://[^\s)>\]\"']+|\]\(([^)\s]+)|<([^<>\s]+)>")
_CODE = re.compile(r"`+([^`]+?)`+")
_ROLE = re.compile(r":([a-z][a-z:+-]*):`")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_STRIP_FOR_WORDS = re.compile(r"`+[^`]*?`+|\]\([^)]*\)|https?://\S+|<[^<>]*>")


def _fold(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(char))


def _number_key(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return digits.lstrip("0") or "0"


def anchors(text: str) -> dict[str, int]:
    """The anchors of one segment: `class:value` -> count (see the module docstring)."""
    found: dict[str, int] = {}

    def add(key: str) -> None:
        found[key] = found.get(key, 0) + 1

    for match in _URL.finditer(text):
        add("u:" + (match.group(1) or match.group(2) or match.group(0)).rstrip(".,;:"))
    for match in _CODE.finditer(text):
        add("c:" + match.group(1).strip())
    for match in _ROLE.finditer(text):
        add("r:" + match.group(1))
    plain = _STRIP_FOR_WORDS.sub(" ", text)
    for match in _NUMBER.finditer(plain):
        add("n:" + _number_key(match.group(0)))
    words = _WORD.findall(plain)
    for position, word in enumerate(words):
        if len(word) >= 2 and word.isupper():
            add("A:" + word)
        elif position and len(word) >= 3 and word[0].isupper() and not word[1:].isupper():
            add("N:" + word)
        elif len(word) >= 4:
            # Simard's cognates: words sharing their first four letters (función, function),
            # once accents and doubled letters are gone (community, comunidad)
            add("w:" + re.sub(r"(.)\1+", r"\1", _fold(word))[:4])
    for symbol in re.findall(r"[|•·©@#%$€£/]", plain):
        add("p:" + symbol)  # site furniture ("Home | News"), amounts, handles
    stripped = text.rstrip(" *_\"'”»)")
    if stripped.endswith("?") or "¿" in text:
        add("p:?")
    if stripped.endswith("!") or "¡" in text:
        add("p:!")
    if stripped.endswith(":"):
        add("p::")
    links = text.count("](")
    if links:
        found["l:link"] = links
    emphasis = len(re.findall(r"(?<![*_\w])(\*\*|__|\*|_)(?=\S)", text))
    if emphasis:
        found["e:emphasis"] = emphasis
    return found


_MARKUP = re.compile(r"\]\([^)]*\)|[*_`\[\]<>]")


def _visible_length(text: str) -> int:
    """Characters a reader sees: a page copied as plain text has no link targets or markers."""
    return len(_MARKUP.sub("", text))


def _family(kind: str) -> str:
    if kind.startswith("heading") or kind in ("title", "subtitle"):
        return "heading"
    if kind == "table cell":
        return "cell"
    return "block"


@dataclass
class _Side:
    lengths: list[int]
    anchors: list[dict[str, int]]
    weights: list[float]  # each segment's anchors' total penalty (what it costs unmatched)
    kinds: list[str]

    @classmethod
    def of(cls, segments: list[Segment], found: list[dict[str, int]]) -> "_Side":
        return cls([_visible_length(segment.text) for segment in segments], found,
                   [sum(_WEIGHTS[key[0]][1] * count for key, count in item.items()) for item in found],
                   [segment.kind for segment in segments])


@dataclass
class Bead:
    """Source segments `source` (indices, 0-2 of them) translated by target segments `target`."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


def _length_cost(source_length: int, target_length: int, ratio: float) -> float:
    if source_length == 0 or target_length == 0:
        # Gale-Church score a 1-0 by its length too, which makes a long dropped paragraph
        # dearer than gluing it to a neighbour (a wrong 2-1); the prior alone prices it
        return 0.0
    mean = (source_length + target_length / ratio) / 2
    delta = (target_length - source_length * ratio) / math.sqrt(max(mean, 1.0) * _VARIANCE)
    # -log of the two-tailed probability of a deviation at least |delta| (erfc keeps the tail precise)
    probability = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(probability, 1e-300))


class _Scorer:
    def __init__(self, source: _Side, target: _Side, both_markdown: bool):
        self.source, self.target = source, target
        total_source = sum(source.lengths) or 1
        self.ratio = (sum(target.lengths) or total_source) / total_source
        self.kinds = both_markdown
        self.support = _typical_support(source.anchors, target.anchors)
        self.n, self.m = len(source.lengths), len(target.lengths)
        self.repeated = [False] * self.n

    def _anchor_cost(self, left: list[int], right: list[int]) -> float:
        a, b = self.source.anchors, self.target.anchors
        penalty = sum(self.source.weights[i] for i in left) + sum(self.target.weights[j] for j in right)
        if not left or not right:
            # an anchor missing from a paired segment is evidence against the pair; on a
            # segment paired with nothing it says little
            return penalty * _UNPAIRED_SHARE
        if penalty == 0:
            return 0.0
        merged_a: dict[str, int] = dict(a[left[0]])
        for i in left[1:]:
            for key, count in a[i].items():
                merged_a[key] = merged_a.get(key, 0) + count
        merged_b: dict[str, int] = dict(b[right[0]])
        for j in right[1:]:
            for key, count in b[j].items():
                merged_b[key] = merged_b.get(key, 0) + count
        score = penalty
        for key, count in merged_a.items():
            other = merged_b.get(key)
            if other:
                shared = min(count, other)
                reward, miss = _WEIGHTS[key[0]]
                score -= shared * (reward + 2 * miss)  # no longer unmatched on either side, and a hit
        if self.support:
            # length alone cannot tell a short segment glued to its neighbour from one left
            # out, nor a dropped paragraph and an added one from a pair: each member must
            # show enough of itself on the other side (as much as a true pair of this
            # document typically does)
            members = ([(a[i], merged_b) for i in left] if len(left) > 1 else
                       [(b[j], merged_a) for j in right] if len(right) > 1 else [(a[left[0]], merged_b)])
            for own, other in members:
                shown = sum(1 for key in own if key in other) / len(own) if own else 0.0
                score += _UNSUPPORTED * max(0.0, 1.0 - shown / self.support)
        return score

    def cost(self, i: int, di: int, j: int, dj: int) -> float:
        left, right = list(range(i, i + di)), list(range(j, j + dj))
        length_a = sum(self.source.lengths[k] for k in left) + (di - 1 if di > 1 else 0)
        length_b = sum(self.target.lengths[k] for k in right) + (dj - 1 if dj > 1 else 0)
        prior = _PRIOR[(di, dj)]
        if (di, dj) == (0, 1) and i in (0, self.n):
            prior = min(prior, _EDGE)
        if (di, dj) == (1, 0) and self.repeated[i]:
            prior = min(prior, _REPEATED)
        total = prior + _length_cost(length_a, length_b, self.ratio)
        total += self._anchor_cost(left, right)
        if self.kinds and left and right:
            families = {_family(self.source.kinds[k]) for k in left} | {_family(self.target.kinds[k]) for k in right}
            if len(families) > 1:
                total += _KIND_MISMATCH
            elif len({self.source.kinds[k] for k in left} | {self.target.kinds[k] for k in right}) > 1:
                total += _KIND_NEAR
            if len(left) + len(right) > 2 and "heading" in families:
                total += _KIND_MISMATCH  # headings are not merged or split
        return total


def _drop_common_cognates(*sides: list[dict[str, int]]) -> None:
    """Forget cognate prefixes frequent on either side (`para`, `that`...): chance, not evidence."""
    common: set[str] = set()
    for side in sides:
        counts: dict[str, int] = {}
        for found in side:
            for key in found:
                if key.startswith("w:"):
                    counts[key] = counts.get(key, 0) + 1
        limit = max(3, _COMMON_SHARE * len(side))
        common.update(key for key, count in counts.items() if count > limit)
    for side in sides:
        for found in side:
            for key in common.intersection(found):
                del found[key]


def _typical_support(source: list[dict[str, int]], target: list[dict[str, int]]) -> float:
    """The share of a segment's anchors that its translation typically shows, times 0.6;
    0 when this pair of documents shares too little for the share to mean anything
    (languages without cognates, say)."""
    n, m = len(source), len(target)
    best = []
    for i, own in enumerate(source):
        if not own:
            continue
        centre = round(i * m / n)
        shares = [sum(1 for key in own if key in target[j]) / len(own)
                  for j in range(max(0, centre - 3), min(m, centre + 4))]
        best.append(max(shares, default=0.0))
    if not best:
        return 0.0
    typical = sorted(best)[len(best) // 2]
    return typical * 0.6 if typical >= 0.15 else 0.0


_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(value - top) for value in values))


def align_segments(source: list[Segment], target: list[Segment], both_markdown: bool = False) -> list[Bead]:
    """The best alignment of two segment lists (see the module docstring), each bead with its confidence."""
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    found_source = [anchors(segment.text) for segment in source]
    found_target = [anchors(segment.text) for segment in target]
    _drop_common_cognates(found_source, found_target)
    scorer = _Scorer(_Side.of(source, found_source), _Side.of(target, found_target), both_markdown)
    counts: dict[str, int] = {}
    for segment in source:
        counts[segment.text] = counts.get(segment.text, 0) + 1
    scorer.repeated = [counts[segment.text] > 1 for segment in source]
    width = 30 + abs(n - m) + max(n, m) // 10

    rows = [(i, max(0, math.floor(i * m / n - width)), min(m, math.ceil(i * m / n + width)))
            for i in range(n + 1)]
    cache: dict[tuple[int, int, int, int], float] = {}

    def cost(i: int, di: int, j: int, dj: int) -> float:
        key = (i, di, j, dj)
        found = cache.get(key)
        if found is None:
            found = cache[key] = scorer.cost(i, di, j, dj)
        return found

    inf = math.inf
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    forward = [[-inf] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    forward[0][0] = 0.0
    for i, low, high in rows:
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            top, move_taken, terms = inf, None, []
            for di, dj in _MOVES:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or best[pi][pj] == inf:
                    continue
                step = cost(pi, di, pj, dj)
                total = best[pi][pj] + step
                if total < top:
                    top, move_taken = total, (di, dj)
                terms.append(forward[pi][pj] - step / _TEMPERATURE)
            if move_taken is not None:
                best[i][j], back[i][j] = top, move_taken
                forward[i][j] = _logsumexp(terms)
    if best[n][m] == inf:  # cannot happen with the band's slack, but never fail: go positional
        return [Bead((k,), (k,)) for k in range(min(n, m))] + \
               [Bead((k,), ()) for k in range(m, n)] + [Bead((), (k,)) for k in range(n, m)]
    backward = [[-inf] * (m + 1) for _ in range(n + 1)]
    backward[n][m] = 0.0
    for i, low, high in reversed(rows):
        for j in range(high, low - 1, -1):
            if (i, j) == (n, m) or forward[i][j] == -inf:
                continue
            terms = []
            for di, dj in _MOVES:
                ni, nj = i + di, j + dj
                if ni > n or nj > m or backward[ni][nj] == -inf:
                    continue
                terms.append(backward[ni][nj] - cost(i, di, j, dj) / _TEMPERATURE)
            if terms:
                backward[i][j] = _logsumexp(terms)
    total = forward[n][m]
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        pi, pj = i - di, j - dj
        posterior = math.exp(min(0.0, forward[pi][pj] - cost(pi, di, pj, dj) / _TEMPERATURE
                                 + backward[i][j] - total))
        beads.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), posterior))
        i, j = pi, pj
    beads.reverse()
    return beads


@dataclass
class FillResult:
    catalog: POCatalog
    filled: int = 0  # entries given an aligned translation
    kept: int = 0  # entries that had a translation and kept it


def _joined(target: list[Segment], indices: tuple[int, ...]) -> str:
    return " ".join(target[k].text for k in indices)


def fill_catalog(catalog: POCatalog, source: list[Segment], target: list[Segment], beads: list[Bead],
                 overwrite: bool = False) -> FillResult:
    """Write aligned translations into `catalog`'s entries (in place) as fuzzy entries."""
    offers: dict[str, str] = {}
    for bead in beads:
        if not bead.source or not bead.target:
            continue
        msgid = source[bead.source[0]].text
        offers.setdefault(msgid, _joined(target, bead.target))
    result = FillResult(catalog)
    for entry in catalog.entries:
        if entry.obsolete or entry.msgctxt is not None or entry.msgid_plural is not None:
            continue
        offer = offers.get(entry.msgid)
        if offer is None:
            continue
        if entry.msgstr and not overwrite:
            result.kept += 1
            continue
        entry.msgstr = offer
        entry.fuzzy = True
        entry.previous_msgid = None  # the translation is of this very text, only unreviewed
        result.filled += 1
    return result
