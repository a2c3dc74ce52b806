"""The stat shortcut of `update` and `build` (`statcache`, `updatecache`, `buildcache`).

An input whose stat is as recorded is not read again; these tests prove an edit is never
missed for it: an edit keeping the file's size and modification time (set back with
`os.utime`) is noticed, an edit the stat cannot show at all (the record forged to the new
stat) is noticed while it is racily clean, a translator's catalog edit is merged, never
overwritten, and what `update` and `build` leave after an incremental run is byte-identical
to what a run without any record leaves.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import bitext.publication
from bitext.statcache import RACY_NS, FileStates
from conftest import run_cli, snapshot
from site_sample import fake_translate

UPDATE_RECORD = "build/.bitext-update.json"


UNIQUE = ["Apples and pears in a basket.", "Rivers that flow to the north.", "Quiet villages high in the hills.",
          "Seven bright lanterns on a boat."]


def _publication(root: Path, articles: int = 4) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    for n in range(articles):
        (root / "source" / f"a{n}.md").write_text(
            f"# Article {n}\n\nThe first paragraph of article {n}.\n\n{UNIQUE[n]}\n\nShared closing words.\n",
            encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    fake_translate(root, "es", "ES ")
    # files saved an hour ago: outside the racily clean window, so the next runs trust their
    # stat (an edit must show in it) instead of reading them again
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in [*root.rglob("*.md"), *root.rglob("*.po"), *root.rglob("*.pot")]:
        os.utime(path, ns=(hour_ago, hour_ago))
    (root / "build").mkdir()  # update keeps its record beside the build's
    assert run_cli(root, "update").exit_code == 0
    return root


def _edit_keeping_stat(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite `path` in place (same inode) with bytes of the same size, its times set back."""
    assert len(old) == len(new) and old != new
    status = path.stat()
    data = path.read_bytes()
    assert old in data
    with open(path, "r+b") as stream:
        stream.write(data.replace(old, new))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (status.st_size, status.st_mtime_ns, status.st_ino)


def _without_records(root: Path, tmp_path: Path, *command: str) -> dict[str, bytes]:
    """The publication after `command` run on a copy holding no record: the reference."""
    copy = tmp_path / "reference"
    shutil.copytree(root, copy)
    for name in (".bitext-update.json", ".bitext-build.json"):
        (copy / "build" / name).unlink(missing_ok=True)
    assert run_cli(copy, *command).exit_code == 0
    return snapshot(copy)


def _planned(monkeypatch) -> list[str]:
    slugs: list[str] = []
    real = bitext.publication.plan_article
    monkeypatch.setattr(bitext.publication, "plan_article",
                        lambda settings, source, *a, **k: slugs.append(source.slug) or real(settings, source, *a, **k))
    return slugs


# --------------------------------------------------------------- the rule itself

def test_a_stat_is_trusted_only_outside_the_racy_window(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"first")
    reads = {"n": 0}

    def read(relative):
        reads["n"] += 1
        return (tmp_path / relative).read_bytes()

    states = FileStates(str(tmp_path), read, {}, time.time_ns())
    digest = states.digest("f.txt")
    recorded = states.new["f.txt"]
    # the bytes change, but the stat the record holds is the new one: a file system that
    # could not show the edit (same size, times within its granularity, same inode)
    path.write_bytes(b"secon")
    status = os.lstat(path)
    forged = [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns, recorded[4]]
    # recorded by a run that started just before the file's time: racily clean, read again
    racy = FileStates(str(tmp_path), read, {"f.txt": forged}, status.st_mtime_ns + RACY_NS // 2)
    assert racy.digest("f.txt") != digest and reads["n"] == 2
    # recorded by a run that started well after the file's time: the stat is trusted, the
    # file is not read (which is why the window must cover every edit a stat can hide)
    settled = FileStates(str(tmp_path), read, {"f.txt": forged}, status.st_mtime_ns + 2 * RACY_NS)
    assert settled.digest("f.txt") == digest and reads["n"] == 2
    # any difference in the stat: read again
    for field in range(4):
        other = list(forged)
        other[field] += 1
        assert FileStates(str(tmp_path), read, {"f.txt": other}, status.st_mtime_ns + 2 * RACY_NS) \
            .digest("f.txt") != digest
    assert reads["n"] == 6


def test_a_symbolic_link_is_never_trusted_by_its_stat(tmp_path):
    (tmp_path / "target").write_bytes(b"one")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    states = FileStates(str(tmp_path), lambda relative: (tmp_path / relative).read_bytes(), {}, time.time_ns())
    first = states.digest("link")
    assert "link" not in states.new  # nothing recorded: its own stat does not follow the target
    (tmp_path / "target").write_bytes(b"two")
    assert states.digest("link") != first


# --------------------------------------------------------------- update

def test_update_plans_only_the_edited_article_and_matches_a_full_update(tmp_path, monkeypatch):
    root = _publication(tmp_path / "pub")
    planned = _planned(monkeypatch)
    assert "nothing to do: 4 catalogs and 4 templates up to date" in run_cli(root, "update").output
    assert planned == []
    time.sleep(0.01)
    source = root / "source" / "a2.md"
    source.write_text(source.read_text().replace("first paragraph", "opening paragraph"), encoding="utf-8")
    expected = _without_records(root, tmp_path, "update")
    planned.clear()  # (the reference run planned every article)
    result = run_cli(root, "update")
    assert result.exit_code == 0 and planned == ["a2"]
    assert "3 catalogs already up to date" in result.output
    assert snapshot(root) == expected


def test_update_notices_a_source_edited_with_the_same_size_and_time(tmp_path, monkeypatch):
    root = _publication(tmp_path / "pub")
    _edit_keeping_stat(root / "source" / "a1.md", b"first paragraph", b"final paragraph")
    expected = _without_records(root, tmp_path, "update")
    planned = _planned(monkeypatch)
    assert run_cli(root, "update").exit_code == 0
    assert planned == ["a1"]
    assert 'msgid "The final paragraph of article 1."' in (root / "locales" / "a1.pot").read_text()
    assert snapshot(root) == expected


def test_update_notices_an_edit_the_stat_cannot_show_while_racily_clean(tmp_path, monkeypatch):
    root = _publication(tmp_path / "pub")
    source = root / "source" / "a3.md"
    source.write_bytes(source.read_bytes().replace(b"first paragraph", b"fresh paragraph"))
    # forge the record as a file system with coarse times would leave it: the new stat with
    # the old digest. The edit came within the window of the record's own run: still read.
    record_path = root / UPDATE_RECORD
    record = json.loads(record_path.read_text())
    status = os.lstat(source)
    old = record["files"]["source/a3.md"]
    record["files"]["source/a3.md"] = [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns, old[4]]
    record["stamp"] = status.st_mtime_ns  # the recording run started as the file was saved
    record_path.write_text(json.dumps(record))
    planned = _planned(monkeypatch)
    assert run_cli(root, "update").exit_code == 0
    assert planned == ["a3"]
    assert 'msgid "The fresh paragraph of article 3."' in (root / "locales" / "a3.pot").read_text()


def test_a_translators_edit_is_merged_never_overwritten(tmp_path, monkeypatch):
    root = _publication(tmp_path / "pub")
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "a0.po"
    text = catalog.read_text()
    # the translator changes a translation (same size, time set back) ...
    _edit_keeping_stat(catalog, b'msgstr "ES Shared closing words."', b'msgstr "ES Shared closing WORDS."')
    planned = _planned(monkeypatch)
    assert run_cli(root, "update").exit_code == 0
    assert planned == ["a0"]  # read again: its stat changed (ctime)
    assert "ES Shared closing WORDS." in catalog.read_text()
    # ... and, in another catalog, removes an entry while the English of its article changes
    other = root / "locales" / "es" / "LC_MESSAGES" / "a1.po"
    other.write_text(other.read_text().replace('msgstr "ES The first paragraph of article 1."',
                                               'msgstr "ES The very first paragraph, edited."'))
    source = root / "source" / "a1.md"
    source.write_text(source.read_text() + "\nA new last line.\n", encoding="utf-8")
    expected = _without_records(root, tmp_path, "update")
    assert run_cli(root, "update").exit_code == 0
    merged = other.read_text()
    assert 'msgstr "ES The very first paragraph, edited."' in merged and 'msgid "A new last line."' in merged
    assert snapshot(root) == expected
    assert text != catalog.read_text()


def test_new_segments_draw_on_the_catalogs_of_articles_not_planned(tmp_path, monkeypatch):
    root = _publication(tmp_path / "pub")
    source = root / "source" / "a2.md"
    # a sentence article a3 has translated: the memory offers a3's translation
    source.write_text(source.read_text() + f"\n{UNIQUE[3]}\n", encoding="utf-8")
    expected = _without_records(root, tmp_path, "update")
    planned = _planned(monkeypatch)
    result = run_cli(root, "update")
    assert result.exit_code == 0 and planned == ["a2"]
    assert "exact" in result.output and "article a3" in result.output
    assert f'msgstr "ES {UNIQUE[3]}"' in (root / "locales" / "es" / "LC_MESSAGES" / "a2.po").read_text()
    assert snapshot(root) == expected


def test_purge_obsolete_plans_every_article(tmp_path, monkeypatch):
    root = _publication(tmp_path / "pub")
    planned = _planned(monkeypatch)
    assert run_cli(root, "update", "--purge-obsolete").exit_code == 0
    assert sorted(planned) == ["a0", "a1", "a2", "a3"]


def test_a_malformed_update_record_means_a_full_update(tmp_path, monkeypatch):
    root = _publication(tmp_path / "pub")
    (root / UPDATE_RECORD).write_text('{"format": 1, "key": 3, "files": {"x": [1]}}')
    planned = _planned(monkeypatch)
    assert run_cli(root, "update").exit_code == 0
    assert sorted(planned) == ["a0", "a1", "a2", "a3"]
    planned.clear()
    assert run_cli(root, "update").exit_code == 0
    assert planned == []


# --------------------------------------------------------------- build

def test_build_notices_a_source_edited_with_the_same_size_and_time(tmp_path):
    root = _publication(tmp_path / "pub")
    assert run_cli(root, "build").exit_code == 0
    _edit_keeping_stat(root / "source" / "a1.md", b"first paragraph", b"final paragraph")
    assert run_cli(root, "update").exit_code == 0
    expected = _without_records(root, tmp_path, "build")
    result = run_cli(root, "build")
    assert result.exit_code == 0 and "3 articles not rebuilt" in result.output
    assert "final paragraph" in (root / "build" / "en" / "a1.html").read_text()
    assert snapshot(root) == {name: data for name, data in expected.items()
                              if not name.endswith(".bitext-build.json")} | \
        {"build/.bitext-build.json": (root / "build" / ".bitext-build.json").read_bytes()}


def test_build_notices_a_catalog_edited_with_the_same_size_and_time(tmp_path):
    root = _publication(tmp_path / "pub")
    assert run_cli(root, "build").exit_code == 0
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "a2.po"
    _edit_keeping_stat(catalog, b'msgstr "ES Shared closing words."', b'msgstr "ES Shared closing WORDS."')
    result = run_cli(root, "build")
    assert result.exit_code == 0 and "3 articles not rebuilt" in result.output
    assert "ES Shared closing WORDS." in (root / "build" / "es" / "a2.html").read_text()
    built = {name: data for name, data in snapshot(root).items() if not name.endswith(".json")}
    assert run_cli(root, "build", "--force").exit_code == 0
    assert {name: data for name, data in snapshot(root).items() if not name.endswith(".json")} == built


# --------------------------------------------------------------- the index, section by section

def test_the_index_reuses_unchanged_sections_and_writes_what_a_full_render_writes(monkeypatch):
    import dataclasses

    import bitext.outputs.index as index
    from bitext.model import Counts

    def rows_of(titles):
        rows = [index.IndexRow(language, slug, f"{title} ({language}) <&>", Counts(segments=4, translated=n % 5),
                               [("edition", f"{language}/{slug}.html")], 80.0, language, n % 2 == 0)
                for slug, title in sorted(titles.items()) for n in (int(slug[1:]),) for language in ("es", "fr")]
        originals = [index.IndexArticle(slug, title, f"en/{slug}.html") for slug, title in sorted(titles.items())]
        return rows, originals

    titles = {f"b{n:02d}": f"Title {n}" for n in range(12)}
    rows, originals = rows_of(titles)
    page, keys = index.render_index_bytes(rows, "en", originals, ["es", "fr"])
    assert page.decode() == index.render_index_html(rows, "en", originals, ["es", "fr"])
    rendered: list[int] = []
    real = index._article
    monkeypatch.setattr(index, "_article", lambda *a: rendered.append(1) or real(*a))
    # one title changed, one article removed, one added before all others (every position moves)
    titles["b03"] = "Another title"
    del titles["b07"]
    titles["a00"] = "First now"
    rows, originals = rows_of(titles)
    rows = [dataclasses.replace(row, counts=Counts(segments=4, translated=4)) if row.slug == "b05" else row
            for row in rows]
    again, new_keys = index.render_index_bytes(rows, "en", originals, ["es", "fr"],
                                               index.index_sections(page, keys))
    assert len(rendered) == 3  # a00, b03, b05; the nine others taken from the last page, renumbered
    rendered.clear()
    full, full_keys = index.render_index_bytes(rows, "en", originals, ["es", "fr"])
    assert again == full and new_keys == full_keys and len(rendered) == 12
    # a page that does not split as recorded is not reused
    assert index.index_sections(page.replace(b'<section class="article"', b"<section", 1), keys) is None
