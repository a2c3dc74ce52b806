"""The translation memory's shortlist, made in fewer Python steps (`FuzzyIndex._candidates`:
each word's postings cut to the length window and counted in C, only the likely best
sorted), must be exactly what the plain loops give, hence the same translation offered."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings, strategies as st

from bitext.merge import _WORD, FuzzyIndex
from bitext.pofile import POEntry

WORDS = ["the", "union", "strike", "ΟΔΟΣ", "Σοφία", "İstanbul", "straße", "ﬁle", "élan", "x2",
         "march", "city", "hall", "ΣΑΣ", "a_b", "don't", "42", "l'été", "K", "ǅemal"]


class PlainIndex(FuzzyIndex):
    """The shortlist as first written: every posting counted in Python, every candidate sorted."""

    def _candidates(self, query, low, high):
        if high - low <= self.SMALL:
            return list(range(low, high))
        postings = self._index()
        shared: dict[int, int] = {}
        words = set(_WORD.findall(query.lower()))
        if self._rarest:
            words = sorted((word for word in words if word in postings), key=lambda word: (len(postings[word]), word))
            words = words[: self._rarest]
        for word in words:
            for position in postings.get(word, ()):
                if low <= position < high:
                    shared[position] = shared.get(position, 0) + 1
        if not shared:
            return list(range(low, high))
        size, lengths = len(query), self.lengths
        return sorted(sorted(shared, key=lambda p: (-shared[p], abs(lengths[p] - size), p))[: self.SHORTLIST])


# rare words too, so that postings stay under a tenth of the pool and the shortlist has work
POOL = WORDS + ["".join(random.Random(index).choices("abcdefghijklmnoprstuvyzçñ", k=5)) for index in range(400)]


def _text(rng: random.Random) -> str:
    words = [rng.choice(POOL) for _ in range(rng.randint(1, 12))]
    if rng.random() < 0.01:
        words.append("nul\x00byte")
    return " ".join(words).capitalize() + rng.choice([".", "!", "", " ΣΑΣ"])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([None, 6]), st.sampled_from([0.5, 0.6, 0.8]))
def test_the_shortlist_and_the_match_are_the_plain_ones(seed, rarest, cutoff):
    rng = random.Random(seed)
    texts = sorted({_text(rng) for _ in range(900)})
    entries = [POEntry(text, "t" + str(index)) for index, text in enumerate(texts)]
    queries = [" ".join(rng.choice(texts).split()[: rng.randint(2, 10)]) + " " + rng.choice(POOL)
               for _ in range(30)]
    vocabulary = {word for query in queries for word in _WORD.findall(query.lower())} if rarest else None
    fast = FuzzyIndex(entries, vocabulary, rarest)
    plain = PlainIndex(entries, vocabulary, rarest)
    assert len(fast.entries) > FuzzyIndex.SMALL
    shortlisted = 0
    for query in queries:
        low, high = fast._window(len(query), cutoff)
        candidates = fast._candidates(query, low, high)
        assert candidates == plain._candidates(query, low, high), query
        shortlisted += len(candidates) == FuzzyIndex.SHORTLIST
        found, expected = fast.best(query, cutoff), plain.best(query, cutoff)
        assert (found and (found[0].msgid, found[1])) == (expected and (expected[0].msgid, expected[1])), query
    assert shortlisted  # the shortlist really cut


class TextByText(FuzzyIndex):
    FEW_WORDS = -1  # every text cut into words, whatever the vocabulary


class WordByWord(FuzzyIndex):
    FEW_WORDS = 10**9  # every word searched in all the texts at once


_CHUNKS = WORDS + ["the", "the", "-", "'", "’", "_", "\n", "İ", "ς", "e\u0301", "Ⅻ", "١٢", "..."]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.sampled_from([0.6, 0.8]))
def test_few_words_are_indexed_word_by_word_with_the_same_postings_and_match(seed, words, cutoff):
    """A memory asked about a few words (one new paragraph) finds each word in every text at
    once: the postings, shortlists and matches are those of cutting every text into words."""
    rng = random.Random(seed)
    texts = sorted({"".join(rng.choice([" ", "", ", "]) + rng.choice(_CHUNKS + POOL[:60]) for _ in range(rng.randint(1, 14)))
                    for _ in range(rng.choice([40, 400]))})
    entries = [POEntry(text, "t" + str(index)) for index, text in enumerate(texts)]
    queries = [" ".join(rng.choice(texts).split()[: rng.randint(1, 8)]) + " " + rng.choice(POOL) for _ in range(3)]
    vocabulary = {word for query in queries for word in _WORD.findall(query.lower())}
    vocabulary = set(rng.sample(sorted(vocabulary), min(words, len(vocabulary))))
    vocabulary |= {"don't", "a-b", "", "the", "ΣΑΣ".lower(), "i̇stanbul"}  # some never a text's word
    slow, fast = TextByText(entries, vocabulary, 6), WordByWord(entries, vocabulary, 6)
    assert fast._index() == slow._index()
    assert list(fast._index()) == list(slow._index())  # the same words, in the same order
    for query in queries:
        found, expected = fast.best(query, cutoff), slow.best(query, cutoff)
        assert (found and (found[0].msgid, found[1])) == (expected and (expected[0].msgid, expected[1])), query


def test_a_word_in_more_than_a_tenth_of_the_texts_is_dropped_both_ways():
    texts = [f"the entry number {index}" if index % 3 else f"another line {index}" for index in range(300)]
    entries = [POEntry(text, "t") for text in sorted(texts, key=len)]
    vocabulary = {"the", "another", "number", "7"}
    fast, slow = WordByWord(entries, vocabulary, 6)._index(), TextByText(entries, vocabulary, 6)._index()
    assert fast == slow
    assert "the" not in fast and "another" not in fast and fast["7"]  # 200 and 100 texts of 300; "7" in few


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=1, max_size=400), st.integers(0, 2**32 - 1),
       st.integers(1, 4), st.integers(0, 35))
def test_a_shortlist_of_many_ties_is_the_one_a_full_sort_gives(lengths, seed, most, size):
    """Thousands of texts tied on a count of common words (a large memory): the shortlist,
    taken outwards from the query's length, is the set the key (count, length distance,
    position) sorts first, runs of equal lengths on either side included."""
    rng = random.Random(seed)
    index = FuzzyIndex([POEntry("x" * length, "t") for length in sorted(lengths)])
    positions = rng.sample(range(len(lengths)), rng.randint(1, len(lengths)))
    shared = Counter({position: rng.randint(1, most) for position in positions})
    lengths_of = index.lengths
    expected = sorted(sorted(shared, key=lambda p: (-shared[p], abs(lengths_of[p] - size), p))[: FuzzyIndex.SHORTLIST])
    assert sorted(index._shortlist(shared, size)) == expected
