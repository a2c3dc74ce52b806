"""`status` plans slim (`plan_publication(slim=True)`): each catalog's status is made where it
was planned and the plan keeps nothing else.  What `status` reports must be what a full plan
says, in every state a catalog can be in, and the translation memory (which reads the other
catalogs' pairs) must offer the same when a slim plan's catalog is one of its sources."""

from __future__ import annotations

import pickle

import pytest

from bitext.config import load_settings
from bitext.pofile import generate_po, read_po
from bitext.publication import plan_publication, status_of

from conftest import run_cli

DONOR = "Access to water is a right for everyone in the city."


def write(root, slug, paragraphs):
    (root / f"source/{slug}.md").write_text(f"# {slug.title()}\n\n" + "\n\n".join(paragraphs) + "\n",
                                            encoding="utf-8")


def translate(root, slug, skip=()):
    path = root / f"locales/es/LC_MESSAGES/{slug}.po"
    catalog = read_po(path.read_bytes(), slug)
    for item in catalog.entries:
        if item.msgid not in skip:
            item.msgstr = f"ES {item.msgid}"
    path.write_text(generate_po(catalog), encoding="utf-8")


@pytest.fixture
def varied(tmp_path):
    """Articles in every state: translated, stale, untranslated, outdated, layout only, missing
    catalog, and (after the fixture) one with a segment only the memory can fill."""
    root = tmp_path
    (root / "source").mkdir()
    (root / "bitext.toml").write_text('languages = ["es", "fr"]\n', encoding="utf-8")
    write(root, "done", ["A finished paragraph.", DONOR])
    write(root, "stale", ["The first version of this paragraph.", "Kept as it is."])
    write(root, "empty", ["Nobody translated this."])
    write(root, "layout", ["Some text here.", "More text there, long enough to wrap when a tool "
                           "writes it at another width than GNU's seventy-nine columns."])
    assert run_cli(root, "update").exit_code == 0
    for slug in ("done", "stale", "layout"):
        translate(root, slug)
    write(root, "stale", ["The second version of this paragraph.", "Kept as it is."])
    assert run_cli(root, "update").exit_code == 0
    (root / "source/outdated.md").write_text("# Outdated\n\nA paragraph.\n", encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    (root / "source/outdated.md").write_text("# Outdated\n\nA paragraph, edited after update.\n",
                                             encoding="utf-8")
    (root / "source/nocatalog.md").write_text("# No catalog\n\nNew article.\n", encoding="utf-8")
    layout = root / "locales/es/LC_MESSAGES/layout.po"  # every string on one line: not GNU's layout
    layout.write_text(layout.read_text(encoding="utf-8").replace('"\n"', ""), encoding="utf-8")
    return root


def full_statuses(root, languages=("es", "fr")):
    settings = load_settings(root)
    plans = plan_publication(settings, languages, keep_texts=False)
    return [status_of(catalog) for plan in plans for catalog in plan.catalogs]


def slim_statuses(root, languages=("es", "fr")):
    settings = load_settings(root)
    plans = plan_publication(settings, languages, keep_texts=False, slim=True)
    return plans, [status_of(catalog) for plan in plans for catalog in plan.catalogs]


@pytest.mark.parametrize("memory_asked", [False, True])
def test_slim_plans_say_what_full_plans_say(varied, memory_asked):
    if memory_asked:  # a new article whose segments another (slim) catalog has translated
        write(varied, "asks", [DONOR, "Access to water is a right for everybody in the city."])
    expected = full_statuses(varied)
    plans, got = slim_statuses(varied)
    assert got == expected
    states = {(item.article, item.language): item for item in got}
    assert not states[("outdated", "es")].up_to_date and states[("layout", "es")].layout
    assert not states[("nocatalog", "es")].exists
    if memory_asked:  # the exact match pre-filled (translated), the close one fuzzy (stale)
        assert states[("asks", "es")].counts.translated == 1 and states[("asks", "es")].counts.stale == 1
    assert states[("stale", "es")].counts.stale == 1 and states[("empty", "es")].counts.untranslated == 2  # its title too
    # slim exactly the plans the memory cannot change: those with no segment new to a catalog
    slimmed = [plan for plan in plans if all(catalog.status is not None for catalog in plan.catalogs)]
    assert [plan.source.slug for plan in slimmed] == [
        plan.source.slug for plan in plans if not any(catalog.unmatched for catalog in plan.catalogs)]
    assert {"done", "stale", "empty", "layout"} <= {plan.source.slug for plan in slimmed}
    for plan in slimmed:
        assert plan.messages == [] and all(catalog.resolutions == {} and catalog.memory_pairs is None
                                           for catalog in plan.catalogs)
    # words asked away (update's report line) are still zeroed as a full plan's would be
    assert [status_of(c, words=False) for p in plans for c in p.catalogs] == [
        status_of(c, words=False) for p in plan_publication(load_settings(varied), ("es", "fr"), keep_texts=False)
        for c in p.catalogs]


def test_slim_plans_are_small(tmp_path):
    """What a worker pickles back for `status`: the statuses, not the texts they were made from."""
    (tmp_path / "source").mkdir()
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    write(tmp_path, "long", [f"Paragraph {k} of a long article about the harbour strike and its unions."
                             for k in range(50)])
    assert run_cli(tmp_path, "update").exit_code == 0
    translate(tmp_path, "long")
    settings = load_settings(tmp_path)
    full = plan_publication(settings, ("es",), keep_texts=False)
    slim = plan_publication(settings, ("es",), keep_texts=False, slim=True)
    assert [status_of(c) for p in slim for c in p.catalogs] == [status_of(c) for p in full for c in p.catalogs]
    assert len(pickle.dumps(slim)) * 5 < len(pickle.dumps(full))


def test_the_memory_reads_a_slim_plans_catalog_from_disk(varied, monkeypatch):
    """`status` of an article whose new segment the memory fills from a catalog whose plan is slim:
    the same pre-fill (and so the same counts and exit code) as with full plans, in the CLI too."""
    write(varied, "asks", ["Intro."])
    assert run_cli(varied, "update").exit_code == 0
    write(varied, "asks", ["Intro.", DONOR])  # new to `asks`: exactly what `done` translated
    expected = full_statuses(varied)
    _, got = slim_statuses(varied)
    assert got == expected
    asks = next(item for item in got if item.article == "asks" and item.language == "es")
    assert asks.counts.translated == 1 and not asks.up_to_date  # `Intro.` is untranslated; the donor's exact match
    for memo in ("", str(varied.parent / "memo")):
        monkeypatch.setenv("BITEXT_CACHE_DIR", memo)
        result = run_cli(varied, "status", "--format", "json")
        assert result.exit_code in (0, 1)
        assert '"article": "asks"' in result.stdout


def test_build_prefills_from_a_catalog_whose_plan_came_back_without_pairs(tmp_path, monkeypatch):
    """`build` renders an article where it was planned and sends its plan back without memory
    pairs: a new segment of another article still gets that catalog's translation."""
    import bitext.publication as publication

    (tmp_path / "source").mkdir()
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    write(tmp_path, "donor", [DONOR, "Only in the donor."])
    write(tmp_path, "taker", ["Only in the taker."])
    assert run_cli(tmp_path, "update").exit_code == 0
    translate(tmp_path, "donor")
    translate(tmp_path, "taker")
    write(tmp_path, "taker", ["Only in the taker.", DONOR])  # new to taker, no `update`
    dropped = []
    real = publication._disk_pairs
    monkeypatch.setattr(publication, "_disk_pairs",
                        lambda settings, relative, cache: dropped.append(relative) or real(settings, relative, cache))
    result = run_cli(tmp_path, "build", "--threshold", "0")
    assert result.exit_code == 0, result.output
    assert "locales/es/LC_MESSAGES/donor.po" in dropped  # its pairs came from disk
    assert f"ES {DONOR}" in (tmp_path / "build/es/taker.md").read_text(encoding="utf-8")
