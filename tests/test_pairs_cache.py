"""The memory's pairs kept by catalog digest (`bitext.pairscache`): what `update` offers from
the other catalogs is the same with the cache as without it, whatever the cache file holds,
and a catalog is parsed again exactly when its bytes are not those the cache was given."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

import bitext.pairscache as pairscache
import bitext.publication
from bitext.pairscache import PairsCache
from bitext.pofile import generate_po, read_po

from conftest import run_cli, snapshot

ODD_PAIRS = [
    ("Plain words.", "Palabras sencillas."),
    ("Quotes \" and \\ backslashes", "Comillas \" y \\ barras"),
    ("Two\nlines", "Dos\nlíneas"),
    ("Separators \u2028 and \u2029 and \x85", "Separadores \u2028 y \u2029 y \x85"),
    ("A lone surrogate \udce9 from a Latin-1 byte", "Un sustituto \udce9 suelto"),
    ("Emoji 🙂 and CJK 漢字", "Emoji 🙂 y CJK 漢字"),
    ("", ""),
]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def lines_of(path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


# --- the cache file ----------------------------------------------------------------------------

def test_pairs_come_back_as_they_were_put(tmp_path):
    path = tmp_path / "memory.json"
    cache = PairsCache(path)
    assert cache.get(digest("a")) is None
    cache.put(digest("a"), ODD_PAIRS)
    cache.put(digest("b"), [])
    cache.close()
    again = PairsCache(path)
    assert again.get(digest("a")) == ODD_PAIRS
    assert again.get(digest("b")) == []
    assert again.get(digest("c")) is None
    again.close()
    assert len(lines_of(path)) == 3  # the header and two catalogs: nothing written twice


def test_no_folder_means_no_cache_and_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", "")
    cache = PairsCache.of(tmp_path, "es")
    cache.put(digest("a"), ODD_PAIRS)
    assert cache.get(digest("a")) is None
    cache.close()
    assert list(tmp_path.iterdir()) == []


def test_each_publication_and_language_has_its_own_file(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    names = {PairsCache.of(tmp_path / "one", "es").path, PairsCache.of(tmp_path / "one", "fr").path,
             PairsCache.of(tmp_path / "two", "es").path}
    assert len(names) == 3 and all(path.parent == tmp_path / "cache" for path in names)
    assert all(str(tmp_path) not in path.name for path in names)


@pytest.mark.parametrize("damage", [
    b"not json at all\n",
    b'{"format": 1, "code": "another bitext"}\n',
    b'{"format": 99, "code": "STAMP"}\n',
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n" * 50,
    b"",
])
def test_a_file_not_of_this_bitext_is_a_miss_and_written_afresh(tmp_path, damage):
    path = tmp_path / "memory.json"
    stamp = pairscache.code_stamp()
    path.write_bytes(damage.replace(b"STAMP", stamp.encode()) + digest("a").encode() + b' ["x","y"]\n')
    cache = PairsCache(path)
    assert cache.get(digest("a")) is None
    cache.put(digest("a"), ODD_PAIRS)
    cache.close()
    assert PairsCache(path).get(digest("a")) == ODD_PAIRS
    assert len(lines_of(path)) == 2


@pytest.mark.parametrize("line", [
    b' ["x", "y", "z"]',  # an odd number of texts
    b' [["x", "y"]]',  # pairs as lists: not this layout
    b' ["x", 1]',
    b' ["x", null]',
    b' {"x": "y"}',
    b' "xy"',
    b' ["x", "y"',  # cut short
    b' ["\xff", "y"]',  # not UTF-8
    b' ' + b"[" * 100_000 + b"]" * 100_000,  # nested past the decoder's stack
])
def test_a_malformed_line_is_a_miss_and_the_catalog_remembered_again(tmp_path, line):
    path = tmp_path / "memory.json"
    PairsCache(path).close()  # nothing met: no file at all
    assert not path.exists()
    cache = PairsCache(path)
    cache.put(digest("b"), [("b", "B")])
    cache.close()
    with open(path, "ab") as stream:
        stream.write(digest("a").encode() + line + b"\n")
    cache = PairsCache(path)
    assert cache.get(digest("a")) is None
    assert cache.get(digest("b")) == [("b", "B")]
    cache.put(digest("a"), ODD_PAIRS)
    cache.close()
    assert PairsCache(path).get(digest("a")) == ODD_PAIRS


def test_a_torn_last_line_is_ignored_and_the_file_mended(tmp_path):
    path = tmp_path / "memory.json"
    cache = PairsCache(path)
    cache.put(digest("a"), [("a", "A")])
    cache.close()
    with open(path, "ab") as stream:  # a run killed while appending
        stream.write(digest("b").encode() + b' ["b", "B"')
    cache = PairsCache(path)
    assert cache.get(digest("b")) is None and cache.get(digest("a")) == [("a", "A")]
    cache.put(digest("c"), [("c", "C")])
    cache.close()
    cache = PairsCache(path)
    assert cache.get(digest("a")) == [("a", "A")] and cache.get(digest("c")) == [("c", "C")]
    assert path.read_bytes().endswith(b"\n") and len(lines_of(path)) == 3


def test_the_file_keeps_about_one_line_per_catalog(tmp_path):
    """Catalogs edited run after run: lines of bytes no longer met are dropped once they are
    more than half of the file, so it never holds more than twice the catalogs."""
    path = tmp_path / "memory.json"
    catalogs = {f"c{i}": 0 for i in range(10)}
    for run in range(60):
        catalogs[f"c{run % 3}"] += 1  # three of the ten edited again and again
        cache = PairsCache(path)
        for name, version in catalogs.items():
            key = digest(f"{name}/{version}")
            if cache.get(key) is None:
                cache.put(key, [(name, str(version))])
        cache.close()
        assert len(lines_of(path)) - 1 <= 2 * len(catalogs)
    cache = PairsCache(path)
    assert all(cache.get(digest(f"{name}/{version}")) == [(name, str(version))]
               for name, version in catalogs.items())
    cache.close()


def test_an_unwritable_cache_is_left_as_it_is(tmp_path):
    blocked = tmp_path / "memory.json"
    blocked.mkdir()  # a folder where the file would go: every write fails, even as root
    cache = PairsCache(blocked)
    assert cache.get(digest("a")) is None
    cache.put(digest("a"), ODD_PAIRS)
    cache.close()  # no error
    assert blocked.is_dir() and list(blocked.iterdir()) == []
    assert [path.name for path in tmp_path.iterdir()] == ["memory.json"]  # no temporary left


# --- in `update` -----------------------------------------------------------------------------

WATER = "Access to water is a right for everyone in the city."


def write_article(root, slug, paragraphs):
    (root / f"source/{slug}.md").write_text(f"# {slug.title()}\n\n" + "\n\n".join(paragraphs) + "\n",
                                            encoding="utf-8")


def translate(root, slug, prefix):
    path = root / f"locales/es/LC_MESSAGES/{slug}.po"
    catalog = read_po(path.read_bytes(), slug)
    for item in catalog.entries:
        item.msgstr = f"{prefix} {item.msgid}"
    path.write_text(generate_po(catalog), encoding="utf-8")


@pytest.fixture
def library(tmp_path):
    """Twelve translated articles, and a build/ folder: `update` keeps its record, so an update
    plans only the articles that changed and reads the others' catalogs as memory."""
    root = tmp_path / "pub"
    (root / "source").mkdir(parents=True)
    (root / "build").mkdir()
    (root / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    for number in range(12):
        write_article(root, f"a{number:02}", [f"Paragraph {k} of article {number} about the harbour strike."
                                              for k in range(4)] + ([WATER] if number == 7 else []))
    assert run_cli(root, "update").exit_code == 0
    for number in range(12):
        translate(root, f"a{number:02}", f"ES{number}")
    return root


@pytest.fixture
def parses(monkeypatch):
    """The catalogs `apply_memory` parses from disk (not those planned)."""
    seen = []
    real = bitext.publication.read_po

    def counting(data, path, *args, **kwargs):
        seen.append(path)
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(bitext.publication, "read_po", counting)
    return seen


def add_paragraph(root, slug, text):
    path = root / f"source/{slug}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_update_offers_the_same_with_and_without_the_cache(library, tmp_path, monkeypatch, parses):
    """Each run on two copies, one with the cache and one without: the same files and report;
    from the second run on, the unplanned catalogs are not parsed with the cache."""
    plain = tmp_path / "plain"
    shutil.copytree(library, plain)
    cache = tmp_path / "cache"
    runs = [("a01", "A paragraph that fills the cache."), ("a02", WATER),
            ("a03", "Access to water is a right for everybody in the city."),
            ("a04", "Nothing like any other text.")]
    reports = []
    for run, (slug, text) in enumerate(runs):
        add_paragraph(library, slug, text)
        add_paragraph(plain, slug, text)
        monkeypatch.setenv("BITEXT_CACHE_DIR", "")
        expected = run_cli(plain, "update")
        monkeypatch.setenv("BITEXT_CACHE_DIR", str(cache))
        parses.clear()
        got = run_cli(library, "update")
        assert got.exit_code == expected.exit_code == 0, got.output
        assert got.output == expected.output
        assert snapshot(library) == snapshot(plain)
        from_memory = [path for path in parses if "/LC_MESSAGES/" in path and not path.endswith(f"/{slug}.po")]
        if run > 0:  # the first run plans every article (all were translated): it fills the cache;
            # then only the catalog the run before rewrote is new to it
            assert from_memory == [f"locales/es/LC_MESSAGES/{runs[run - 1][0]}.po"], from_memory
        reports.append(got.output)
    assert "(exact) from article a07" in reports[1]
    assert "pre-filled" in reports[2] and "fuzzy" in reports[2]
    assert "pre-filled" not in reports[3]


def test_an_edit_keeping_size_and_time_is_read_afresh(library, monkeypatch, tmp_path, parses):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    add_paragraph(library, "a01", "A paragraph that fills the cache.")
    assert run_cli(library, "update").exit_code == 0
    # a07's translation of WATER changes: same length, modification time put back
    donor = library / "locales/es/LC_MESSAGES/a07.po"
    data = donor.read_bytes()
    info = os.stat(donor)
    edited = data.replace(f'"ES7 {WATER}"'.encode(), f'"EX7 {WATER}"'.encode())
    assert edited != data and len(edited) == len(data)
    donor.write_bytes(edited)
    os.utime(donor, ns=(info.st_atime_ns, info.st_mtime_ns))
    parses.clear()
    add_paragraph(library, "a02", WATER)
    result = run_cli(library, "update")
    assert result.exit_code == 0, result.output
    assert "locales/es/LC_MESSAGES/a07.po" in parses  # (planned: the update record sees its ctime)
    catalog = read_po((library / "locales/es/LC_MESSAGES/a02.po").read_bytes(), "a02")
    assert next(e for e in catalog.entries if e.msgid == WATER).msgstr == f"EX7 {WATER}"


def test_the_cache_answers_for_the_bytes_not_the_file(library, monkeypatch, tmp_path, parses):
    """`_disk_pairs`, the memory's reading of a catalog not planned, on its own (in `update` the
    record's stat check plans an edited catalog anyway): an edit keeping size and times is seen."""
    from bitext.config import load_settings

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    settings = load_settings(library)
    relative = settings.po_path("es", "a07")
    donor = library / relative
    cache = PairsCache.of(library, "es")
    first = bitext.publication._disk_pairs(settings, relative, cache)
    cache.close()
    assert (WATER, f"ES7 {WATER}") in first
    data, info = donor.read_bytes(), os.stat(donor)
    donor.write_bytes(data.replace(f'"ES7 {WATER}"'.encode(), f'"EX7 {WATER}"'.encode()))
    os.utime(donor, ns=(info.st_atime_ns, info.st_mtime_ns))
    cache = PairsCache.of(library, "es")
    parses.clear()
    again = bitext.publication._disk_pairs(settings, relative, cache)
    assert parses == [relative]
    assert (WATER, f"EX7 {WATER}") in again and (WATER, f"ES7 {WATER}") not in again
    assert [pair for pair in again if pair[0] != WATER] == [pair for pair in first if pair[0] != WATER]
    donor.write_bytes(data)  # back as it was: from the cache, as first read
    assert bitext.publication._disk_pairs(settings, relative, cache) == first
    assert parses == [relative]  # not parsed again
    cache.close()


def test_a_malformed_catalog_is_reported_though_its_old_bytes_were_cached(library, monkeypatch, tmp_path):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    add_paragraph(library, "a01", "A paragraph that fills the cache.")
    assert run_cli(library, "update").exit_code == 0
    donor = library / "locales/es/LC_MESSAGES/a05.po"
    donor.write_bytes(donor.read_bytes() + b'\nmsgid "broken\n')
    files = snapshot(library)
    add_paragraph(library, "a02", WATER)
    result = run_cli(library, "update")
    assert result.exit_code == 2
    assert "locales/es/LC_MESSAGES/a05.po" in result.stderr
    assert {name: data for name, data in snapshot(library).items() if not name.startswith("source/")} == \
        {name: data for name, data in files.items() if not name.startswith("source/")}


def test_nothing_is_kept_in_the_publication(library, monkeypatch):
    monkeypatch.delenv("BITEXT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(library.parent / "home-cache"))
    before = set(snapshot(library))
    add_paragraph(library, "a01", WATER)
    assert run_cli(library, "update").exit_code == 0
    assert set(snapshot(library)) == before
    assert any(path.name.startswith("memory-") for path in (library.parent / "home-cache/bitext").iterdir())


def test_a_link_or_a_fifo_in_the_cache_folder_is_neither_followed_nor_waited_on(tmp_path):
    """`BITEXT_CACHE_DIR` may name a folder others can write: a symbolic link planted under the
    cache file's name is not appended to (its target is untouched) and a FIFO does not hang."""
    outside = tmp_path / "victim.txt"
    outside.write_bytes(b"precious\n")
    real = tmp_path / "real.json"
    cache = PairsCache(real)
    cache.put(digest("a"), [("a", "A")])
    cache.close()
    link = tmp_path / "memory.json"
    link.symlink_to(real)  # a valid cache behind a link: not read either
    cache = PairsCache(link)
    assert cache.get(digest("a")) is None
    cache.put(digest("b"), [("b", "B")])
    cache.close()  # written afresh: the link replaced by a file, its target untouched
    assert not link.is_symlink() and PairsCache(link).get(digest("b")) == [("b", "B")]
    assert PairsCache(real).get(digest("b")) is None
    # a link to a file outside, to be appended to: the append path is refused too
    planted = tmp_path / "planted.json"
    planted.symlink_to(outside)
    cache = PairsCache(planted)
    cache._fresh = False  # as if a valid file had been read: the run would append
    cache.put(digest("c"), [("c", "C")])
    cache.close()
    assert outside.read_bytes() == b"precious\n"
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    cache = PairsCache(fifo)  # returns at once
    assert cache.get(digest("a")) is None
    cache.discard()


def test_status_memo_behind_a_link_or_a_fifo_is_ignored(publication, tmp_path, monkeypatch):
    """The same for `status`'s memo (read whole): a FIFO under its name would have hung `status`."""
    import subprocess
    import sys

    from bitext.config import load_settings
    from bitext.statusmemo import memo_file

    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(folder))
    assert run_cli(publication, "update").exit_code == 0
    memo = memo_file(load_settings(publication))
    os.mkfifo(memo)
    result = subprocess.run([sys.executable, "-m", "bitext", "-C", str(publication), "status"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "BITEXT_CACHE_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert "la.po" in result.stdout
    assert not memo.is_fifo()  # written afresh in its place


def test_an_update_that_asks_the_memory_nothing_still_fills_the_cache(library, tmp_path, monkeypatch, parses):
    """The first `update` of a clone plans every article; what it read goes to the cache even
    though no segment asked the memory, so the first update that asks parses no other catalog
    (and offers what an update without the cache offers)."""
    plain = tmp_path / "plain"
    shutil.copytree(library, plain)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    first = run_cli(library, "update")  # every catalog translated since: every article planned
    assert first.exit_code == 0 and "pre-filled" not in first.output, first.output
    assert len(lines_of(PairsCache.of(library, "es").path)) == 1 + 12
    add_paragraph(library, "a02", WATER)
    parses.clear()
    got = run_cli(library, "update")
    assert got.exit_code == 0 and "(exact) from article a07" in got.output, got.output
    assert [path for path in parses if "/LC_MESSAGES/" in path and not path.endswith("/a02.po")] == []
    monkeypatch.setenv("BITEXT_CACHE_DIR", "")
    assert run_cli(plain, "update").output == first.output
    add_paragraph(plain, "a02", WATER)
    assert run_cli(plain, "update").output == got.output
    assert snapshot(library) == snapshot(plain)



def test_adding_writes_a_file_only_where_there_is_none_of_this_bitext(tmp_path, monkeypatch):
    """`PairsCache.adding` (an `update` that asks the memory nothing): no file, or one of another
    bitext, is written whole from what was put; a file of this bitext is left as it is, so a
    publication without an update record (every article planned on every run) does not add
    the same lines again and again."""
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    adding = PairsCache.adding(tmp_path, "es")
    adding.put(digest("a"), ODD_PAIRS)
    assert adding.get(digest("a")) == ODD_PAIRS  # (from the spool, not written yet)
    adding.close()
    path = PairsCache.of(tmp_path, "es").path
    kept = path.read_bytes()
    assert len(lines_of(path)) == 1 + 1
    for _ in range(3):
        adding = PairsCache.adding(tmp_path, "es")
        adding.put(digest("a"), ODD_PAIRS)
        adding.put(digest("b"), [("B", "b")])
        adding.close()
    assert path.read_bytes() == kept
    path.write_bytes(b'{"format": 1, "code": "another bitext"}\n' + digest("c").encode() + b' ["C","c"]\n')
    adding = PairsCache.adding(tmp_path, "es")
    adding.put(digest("d"), [("D", "d")])
    adding.close()
    assert lines_of(path)[1:] == [digest("d").encode() + b' ["D","d"]']
    assert PairsCache.of(tmp_path, "es").get(digest("d")) == [("D", "d")]


def test_a_run_holds_its_new_lines_in_the_spool_not_in_memory(tmp_path):
    cache = PairsCache(tmp_path / "memory.json")
    for number in range(50):
        cache.put(digest(str(number)), [(f"Text {number} " * 50, f"Texto {number} " * 50)])
    assert all(type(where) is tuple and set(map(type, where)) == {int} for where in cache._new.values())
    assert cache.get(digest("7")) == [("Text 7 " * 50, "Texto 7 " * 50)]
    cache.close()
    assert cache._new == {} and cache._spool is None
    assert PairsCache(tmp_path / "memory.json").get(digest("49")) == [("Text 49 " * 50, "Texto 49 " * 50)]
