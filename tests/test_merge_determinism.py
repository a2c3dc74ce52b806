"""The fuzzy search picks the same old entry whatever the process's hash seed.

Sets iterate in an order that changes with PYTHONHASHSEED; when the word index's
shortlist was cut among candidates sharing as many words with the segment (or among
equally rare words, in a translation memory), which candidates survived followed that
order, so two runs of `update` on the same files could carry different translations
(a catalog rewritten for nothing, a diff for the translator).  Each seed runs in its own
interpreter, since the seed is fixed at start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# A pool larger than FuzzyIndex.SMALL (so the word index is used) in which every
# entry holds exactly two of twenty words: a query of several of them meets hundreds
# of candidates sharing one or two words, far more than the shortlist keeps.
PROBE = r"""
import itertools, json, random, sys
from bitext.merge import FuzzyIndex
from bitext.pofile.model import POEntry

words = [f"w{chr(97 + i)}{chr(97 + i)}ord" for i in range(20)]
rng = random.Random(7)
entries = []
for n, (a, b) in enumerate(itertools.combinations(words, 2)):
    for k in range(2):
        filler = " ".join(f"x{n}y{k}z{m}" for m in range(rng.randint(0, 3)))
        entries.append(POEntry(f"{a} {b} {filler}".strip(), "t"))
rarest = json.loads(sys.argv[1])
index = FuzzyIndex(entries, rarest=rarest)
found = []
for _ in range(200):
    query = " ".join(rng.sample(words, rng.randint(2, 8)))
    best = index.best(query, 0.3)
    found.append(None if best is None else [best[0].msgid, best[1]])
print(json.dumps(found))
"""


def _run(seed: int, rarest: int | None) -> list:
    import json

    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(rarest)], env=env,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("rarest", [None, 2], ids=["catalog", "memory"])
def test_the_fuzzy_match_does_not_follow_the_hash_seed(rarest: int | None) -> None:
    first = _run(0, rarest)
    assert sum(item is not None for item in first) > 100  # the probe does find matches
    for seed in (1, 2, 3):
        assert _run(seed, rarest) == first
