"""The build record's layout (`buildcache`): one JSON document, one member a line, written a
piece at a time and read a line at a time, each article's line kept as bytes and decoded
when asked (memory at 100,000 articles).  A record laid out otherwise (an earlier bitext's,
one edited by hand) is still read, decoded whole; one cut short or with a line not as
written is ignored (the next build is a full one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bitext.buildcache import FORMAT, BuildRecord
from bitext.config import load_settings


def _settings(root: Path):
    (root / "source").mkdir()
    (root / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    (root / "build").mkdir()
    return load_settings(root)


def _entry(n: int) -> dict:
    return {"key": f"k{n}", "deps": "d", "title": f"Título \"{n}\"", "shown": "s", "refs": [["img.png", 3, "image"]],
            "rows": [{"language": "es", "title": "T", "counts": {"segments": 2, "translated": 1}, "published": True,
                      "links": [["TMX", f"es/article-{n}-é.tmx"]], "title_language": "es", "percent": 50.0}],
            "outputs": {f"build/es/a{n}.tmx": [n, n * 7]}}


def _record(articles: int) -> BuildRecord:
    return BuildRecord({f"article-{n}-é": _entry(n) for n in range(articles)},
                       {"key": "site", "outputs": {"build/index.html": [1, 2]}, "sections": ["x"]},
                       {f"source/a{n}.md": [1, 2, 3, 4, "d"] for n in range(articles)}, 5, ["build/assets/x.png"])


@pytest.mark.parametrize("articles", [0, 1, 999, 1000, 1001, 2345])
def test_saved_one_member_a_line_and_read_back(tmp_path, articles):
    settings = _settings(tmp_path)
    record = _record(articles)
    record.save(settings)
    text = BuildRecord.path(settings).read_text(encoding="utf-8")
    whole = json.loads(text)  # one JSON document
    assert whole == {"format": FORMAT, "articles": record.articles, "site": record.site, "files": record.files,
                     "stamp": 5, "assets": record.assets}
    assert len(text.splitlines()) == 3 + 2 * articles  # header, a line per article and file, two closing lines
    loaded = BuildRecord.load(settings)
    assert all(isinstance(line, bytes) for line in loaded.articles.values())  # kept as lines
    assert {slug: loaded.entry(slug) for slug in loaded.articles} == record.articles
    # (a stamp without states means nothing: it is read as 0)
    assert (loaded.files, loaded.stamp, loaded.site, loaded.assets) == (record.files, 5 if articles else 0,
                                                                         record.site, record.assets)
    # saved again unchanged, the lines are written back as read: the same bytes
    loaded.save(settings)
    assert BuildRecord.path(settings).read_text(encoding="utf-8") == (text if articles else
                                                                      text.replace('"stamp":5', '"stamp":0'))


def test_a_record_laid_out_otherwise_is_read_whole(tmp_path):
    settings = _settings(tmp_path)
    record = _record(3)
    BuildRecord.path(settings).write_text(json.dumps({"format": FORMAT, "articles": record.articles,
                                                      "site": record.site, "files": record.files, "stamp": 5,
                                                      "assets": record.assets}, indent=1), encoding="utf-8")
    loaded = BuildRecord.load(settings)
    assert {slug: loaded.entry(slug) for slug in loaded.articles} == record.articles
    assert loaded.files == record.files and loaded.stamp == 5


@pytest.mark.parametrize("damage", ["cut", "line", "format", "entry"])
def test_a_damaged_record_is_not_trusted(tmp_path, damage):
    settings = _settings(tmp_path)
    _record(3).save(settings)
    path = BuildRecord.path(settings)
    lines = path.read_text(encoding="utf-8").split("\n")
    if damage == "cut":
        lines = lines[:3]  # killed while writing (write_atomic prevents it; a copy may not)
    elif damage == "line":
        lines[2] = lines[2] + " garbage"
    elif damage == "format":
        lines[0] = lines[0].replace(f'"format":{FORMAT}', '"format":2')
    else:
        lines[1] = lines[1].replace('"key":"k0"', '"key":7')
    path.write_text("\n".join(lines), encoding="utf-8")
    loaded = BuildRecord.load(settings)
    if damage == "entry":  # one entry not as written: that article alone is dropped (rebuilt)
        assert sorted(loaded.articles) == ["article-1-é", "article-2-é"]
    else:
        assert loaded.articles == {} and loaded.files == {}


def test_an_edited_article_linking_to_another_is_built_from_the_line_record(tmp_path):
    # the build renders an edited article where it was planned, assuming the editions of the
    # articles it links to from the last record (read as lines): the same bytes as a full build
    import shutil

    from conftest import run_cli
    from site_sample import fake_translate, make_site

    root = make_site(tmp_path / "pub")
    (root / "source" / "extra.md").write_text("# Extra\n\nA paragraph with [a link](la.md).\n", encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    fake_translate(root, "es", "ES ")
    assert run_cli(root, "build").exit_code == 0
    assert BuildRecord.path(load_settings(root)).read_bytes().count(b"\n") > 3  # one member a line
    source = root / "source" / "extra.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA second paragraph.\n", encoding="utf-8")
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    assert "not rebuilt" in result.output
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    assert run_cli(twin, "build", "--force").exit_code == 0

    def outputs(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder / "build")): p.read_bytes() for p in sorted((folder / "build").rglob("*"))
                if p.is_file() and not p.name.startswith(".bitext")}

    assert outputs(root) == outputs(twin)
