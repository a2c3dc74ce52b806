"""The build record is written a piece at a time (`BuildRecord._pieces`, for memory at
100,000 articles): the text must be the one JSON document a single `json.dumps` writes,
so a record written either way is read the same."""

from __future__ import annotations

import json

import pytest

from bitext.buildcache import FORMAT, BuildRecord


@pytest.mark.parametrize("articles", [0, 1, 999, 1000, 1001, 2000, 2345])
def test_pieces_make_the_whole_document(articles):
    record = BuildRecord({f"article-{n}-é": {"key": f"k{n}", "rows": [{"title": "Título \"x\""}],
                                             "outputs": {f"build/es/a{n}.html": [n, n * 7]}} for n in range(articles)},
                         {"key": "site", "outputs": {"build/index.html": [1, 2]}},
                         {f"source/a{n}.md": [1, 2, 3, 4, "d"] for n in range(articles // 2)}, 5, ["build/assets/x.png"])
    whole = json.dumps({"format": FORMAT, "articles": record.articles, "site": record.site, "files": record.files,
                        "stamp": record.stamp, "assets": record.assets}, ensure_ascii=False, separators=(",", ":"))
    assert "".join(record._pieces()) == whole + "\n"
    assert json.loads("".join(record._pieces()))["articles"] == record.articles
