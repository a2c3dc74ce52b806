"""Incremental `build`: each input kind changed in turn rebuilds exactly what depends on it.

For every step the test records which articles were parsed (calls of `read_article`) and
which files of build/ changed (bytes or modification time, added or removed), asserts both
sets exactly, then runs `build --force` and asserts the incremental folder was
byte-identical to what a full rebuild writes.
"""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

import bitext
import bitext.buildcache
import bitext.segment
from conftest import run_cli
from site_sample import fake_translate, make_site

RECORD = ".bitext-build.json"

SOLO = textwrap.dedent("""\
    # A solo article

    First paragraph of the solo article.

    Second paragraph, with a link to [a later article](later.md).

    Third paragraph about the weather.

    Fourth paragraph about the harbour.

    Fifth paragraph about the market.

    Sixth paragraph about the river.
    """)


def files(root) -> dict[str, tuple[int, bytes]]:
    build = root / "build"
    return {str(p.relative_to(build)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(build.rglob("*")) if p.is_file() and p.name not in (RECORD, ".bitext-update.json")}


def outputs(state: dict, slug: str) -> set[str]:
    """Every page of one article in `state` (nested slugs included)."""
    return {path for path in state if path.split("/", 1)[-1].rsplit(".", 1)[0].removesuffix(".bilingual") == slug}


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = make_site(tmp_path, languages=("es", "fr"))
    (root / "source" / "solo.md").write_text(SOLO, encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    fake_translate(root, "es", "ES ")
    fake_translate(root, "fr", "FR ")
    assert run_cli(root, "build").exit_code == 0
    parsed: list[str] = []
    real = bitext.segment.read_article
    monkeypatch.setattr(bitext.segment, "read_article", lambda text, path, slug, *a, **k:
                        parsed.append(slug) or real(text, path, slug, *a, **k))
    return root, parsed


def step(root, parsed, *args):
    """Build; return (articles parsed, files changed); then check a --force build writes the same bytes."""
    before = files(root)
    parsed.clear()
    result = run_cli(root, "build", *args)
    assert result.exit_code == 0, result.output
    after = files(root)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    seen = set(parsed)
    incremental = {path: data for path, (_, data) in after.items()}
    assert run_cli(root, "build", "--force", *args).exit_code == 0
    assert {path: data for path, (_, data) in files(root).items()} == incremental
    return seen, changed, result


ALL = {"la", "2026/part-two", "solo"}


def test_nothing_changed_nothing_parsed_nothing_written(site):
    root, parsed = site
    seen, changed, result = step(root, parsed)
    assert seen == set() and changed == set()
    assert "unchanged: 3 articles not rebuilt" in result.stdout
    record = json.loads((root / "build" / RECORD).read_text())
    assert sorted(record["articles"]) == sorted(ALL)


def test_one_source_edited_rebuilds_that_article_and_the_index(site):
    root, parsed = site
    before = files(root)
    source = root / "source" / "solo.md"
    source.write_text(source.read_text().replace("the weather", "the storm"), encoding="utf-8")
    seen, changed, _ = step(root, parsed)
    assert seen == {"solo"}
    # every page of it shows the new English (or its counts); the index's figures changed
    assert changed == outputs(before, "solo") | {"index.html"}


def test_a_moved_publication_keeps_its_record(site, tmp_path_factory):
    # CI restores a cached build/ into another workspace; a clone lands in another folder:
    # nothing a page shows changed, so nothing is parsed or written again
    root, parsed = site
    moved = tmp_path_factory.mktemp("elsewhere") / "publication"
    shutil.copytree(root, moved, symlinks=True)  # copy2: the outputs' times come along, as with rsync -a
    seen, changed, result = step(moved, parsed)
    assert seen == set() and changed == set()
    assert "unchanged: 3 articles not rebuilt" in result.stdout


def test_one_translation_edited_rebuilds_that_language_only_and_not_the_index(site):
    root, parsed = site
    po = root / "locales/es/LC_MESSAGES/solo.po"
    po.write_text(po.read_text().replace('"ES Fourth paragraph', '"ES Cuarto paragraph'), encoding="utf-8")
    seen, changed, _ = step(root, parsed)
    assert seen == {"solo"}
    # same figures: the index is not rewritten; the English page and French pages keep their bytes
    assert changed == {"es/solo.md", "es/solo.html", "es/solo.bilingual.html", "es/solo.tmx"}


def test_settings_version_and_code_each_rebuild_everything(site, monkeypatch):
    root, parsed = site
    with (root / "bitext.toml").open("a") as stream:
        stream.write('base_url = "https://example.org/news/"\n')
    seen, changed, _ = step(root, parsed)
    assert seen == ALL
    editions = {path for path in files(root) if path.endswith(".html") and not path.endswith(".bilingual.html")
                and path != "index.html"}
    assert changed == editions | {"sitemap.xml"}  # canonical and alternate links on editions, a new sitemap

    monkeypatch.setattr(bitext, "__version__", "99.0")
    seen, changed, _ = step(root, parsed)
    assert seen == ALL and changed == set()  # rebuilt; the pages do not name the version

    monkeypatch.setattr(bitext.buildcache, "code_digest", lambda: "other templates")
    seen, changed, _ = step(root, parsed)
    assert seen == ALL and changed == set()


def test_stale_option_rebuilds_everything_and_changes_the_stale_pages(site):
    root, parsed = site
    source = root / "source" / "solo.md"
    source.write_text(source.read_text().replace("the harbour.", "the old harbour."), encoding="utf-8")
    step(root, parsed)
    seen, changed, _ = step(root, parsed, "--stale", "translation")
    assert seen == ALL
    # only the stale segment's pages show something else (its outdated translation, marked)
    # (the index shows counts, which the option does not change)
    assert changed == {f"{code}/solo.{kind}" for code in ("es", "fr") for kind in ("md", "html")}


def test_adding_and_removing_an_article(site):
    root, parsed = site
    before = files(root)
    (root / "source" / "later.md").write_text("# Later\n\nA later article.\n", encoding="utf-8")
    seen, changed, result = step(root, parsed)
    # the new article, and the one whose link to it now leads to its pages
    assert seen == {"later", "solo"}
    after = files(root)
    assert changed == (outputs(after, "later") | {"index.html", "en/solo.html", "es/solo.html", "fr/solo.html",
                                                   "es/solo.bilingual.html", "fr/solo.bilingual.html"})
    assert outputs(before, "later") == set()

    later = outputs(after, "later")
    (root / "source" / "later.md").unlink()
    seen, changed, result = step(root, parsed)
    assert seen == {"solo"}
    assert changed == later | {"index.html", "en/solo.html", "es/solo.html", "fr/solo.html",
                               "es/solo.bilingual.html", "fr/solo.bilingual.html"}
    assert not any((root / "build" / path).exists() for path in later)
    assert "removed build/en/later.html" in result.stdout


def test_a_file_no_article_uses_any_more_is_removed_from_the_build(site):
    root, parsed = site
    copy = root / "build" / "assets" / "img" / "garden.png"
    mine = root / "build" / "assets" / "mine.txt"  # put there by hand: never bitext's to remove
    mine.write_text("mine", encoding="utf-8")
    assert copy.is_file()
    source = root / "source" / "la.md"
    text = source.read_text(encoding="utf-8")
    line = next(line for line in text.split("\n") if "img/garden.png" in line)
    source.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    seen, changed, result = step(root, parsed)
    assert seen == {"la"}
    assert "assets/img/garden.png" in changed and not copy.exists()
    assert "removed build/assets/img/garden.png" in result.stdout
    assert (root / "build" / "assets" / "img" / "map.png").is_file()  # still used by part two
    assert mine.read_text(encoding="utf-8") == "mine"

    source.write_text(text, encoding="utf-8")  # used again: copied again
    seen, changed, _ = step(root, parsed)
    assert copy.is_file() and "assets/img/garden.png" in changed


def test_adding_a_language_rebuilds_every_article_for_the_switcher(site):
    root, parsed = site
    before = files(root)
    (root / "bitext.toml").write_text('languages = ["es", "fr", "de"]\n', encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    fake_translate(root, "de", "DE ")
    seen, changed, _ = step(root, parsed)
    assert seen == ALL
    after = files(root)
    new = set(after) - set(before)
    assert new and all(path.startswith("de/") for path in new)
    # every edition links to the German one now, and the index lists German; a bilingual
    # page links to its two languages only, Markdown editions and TMX link to none
    assert changed == new | {path for path in before if path.endswith(".html") and ".bilingual." not in path}


def test_a_deleted_or_hand_edited_output_is_written_again(site):
    root, parsed = site
    (root / "build/es/solo.html").unlink()
    page = root / "build/fr/la.html"
    original = page.read_bytes()
    page.write_bytes(original + b"<!-- edited -->")
    seen, changed, _ = step(root, parsed)
    assert seen == {"solo", "la"}
    assert changed == {"es/solo.html", "fr/la.html"}
    assert page.read_bytes() == original


def test_a_deleted_index_or_record_is_handled(site):
    root, parsed = site
    (root / "build/index.html").unlink()
    seen, changed, _ = step(root, parsed)
    assert seen == set() and changed == {"index.html"}
    (root / "build" / RECORD).write_text("{not json", encoding="utf-8")
    seen, changed, _ = step(root, parsed)
    assert seen == ALL and changed == set()  # no usable record: everything is rebuilt, same bytes


def test_a_lang_build_drops_the_record_and_the_next_build_is_full(site):
    root, parsed = site
    assert run_cli(root, "build", "--lang", "es").exit_code == 0
    assert not (root / "build" / RECORD).exists()
    seen, changed, _ = step(root, parsed)
    # the --lang index showed French as not built this time; the full build's shows it built
    assert seen == ALL and changed == {"index.html"}
    assert (root / "build" / RECORD).exists()


def test_a_tampered_record_removes_nothing_outside_the_build_folder(site):
    root, parsed = site
    path = root / "build" / RECORD
    record = json.loads(path.read_text())
    (root / "keep.txt").write_text("mine", encoding="utf-8")
    record["articles"]["gone"] = dict(record["articles"]["solo"], outputs={"build/../keep.txt": [4, 0]})
    record["articles"]["la"]["rows"] = "not rows"
    record["assets"] = [*record["assets"], "build/../keep.txt", "/etc/hostname"]
    path.write_text(json.dumps(record), encoding="utf-8")
    seen, changed, _ = step(root, parsed)
    assert (root / "keep.txt").read_text() == "mine"
    assert seen == {"la"} and changed == set()  # the entry not as bitext writes it: rebuilt


def test_segments_a_catalog_lacks_follow_the_translation_memory_of_other_articles(site):
    root, parsed = site
    source = root / "source" / "solo.md"
    # a new paragraph (no `update`): pre-filled from la's catalog, which translates it
    source.write_text(source.read_text() + "\nUnions called a march. Teachers organised patrols today.\n",
                      encoding="utf-8")
    seen, _, _ = step(root, parsed, "--stale", "translation")
    assert "solo" in seen
    po = root / "locales/es/LC_MESSAGES/la.po"
    po.write_text(po.read_text().replace('"ES Unions called a march.', '"ES Los sindicatos marcharon.'),
                  encoding="utf-8")
    seen, changed, _ = step(root, parsed, "--stale", "translation")
    # solo's Spanish pages show la's new translation as their outdated one, exactly as a full build
    assert {"la", "solo"} <= seen
    assert "es/solo.html" in changed and "es/solo.md" in changed
