"""`status` remembers catalogs whose inputs have not changed (bitext.statusmemo), and the
memo never hides a change: every answer it gives is the answer planning gives.

Each test runs status with the memo (a folder of its own) and compares with a run
without it (`BITEXT_CACHE_DIR` empty), in every output format, after each kind of change.
"""

from __future__ import annotations

import json
import os
import textwrap

import pytest

from conftest import PO, clear_one_fuzzy_keeping_size_and_time, run_cli, snapshot, status_outputs, translate_catalog

POT = "locales/la.pot"
FORMATS = (("--format", "json"), ("--format", "github", "--check"), ("--check", "--fail-on", "stale,untranslated,outdated,layout"))


@pytest.fixture
def memo(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("memo")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(folder))
    return folder


def outputs(root, monkeypatch, folder) -> list[tuple[int, str]]:
    """Every format's exit code and output, with the memo in `folder` ("" : no memo)."""
    return status_outputs(root, monkeypatch, folder, FORMATS)


def assert_memo_agrees(root, monkeypatch, folder) -> list[tuple[int, str]]:
    """Status with the memo (twice: filled, then read) says what status without it says."""
    planned = outputs(root, monkeypatch, "")
    assert outputs(root, monkeypatch, folder) == planned
    assert outputs(root, monkeypatch, folder) == planned
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(folder))
    return planned


def rewrite_keeping_size_and_time(path, old: str, new: str) -> None:
    """Replace `old` by `new` (the same length in bytes), keeping the file's size and mtime."""
    assert len(old.encode()) == len(new.encode())
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


def test_an_unchanged_catalog_is_not_merged_again(publication, memo, merges, monkeypatch):
    run_cli(publication, "update")
    translate_catalog(publication)
    merges.clear()
    first = run_cli(publication, "status", "--format", "json").stdout
    assert merges == [1]
    before = snapshot(publication)
    assert run_cli(publication, "status", "--format", "json").stdout == first
    assert merges == [1]  # the memo answered
    assert snapshot(publication) == before  # and the publication was not written
    assert list(memo.iterdir()) and all(path.name.startswith("status-") for path in memo.iterdir())


def test_without_a_memo_folder_every_status_plans(publication, merges, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", "")
    run_cli(publication, "update")
    merges.clear()
    run_cli(publication, "status")
    run_cli(publication, "status")
    assert merges == [1, 1]


def test_source_edited_with_the_same_size_and_time_is_seen(publication, memo, monkeypatch):
    run_cli(publication, "update")
    translate_catalog(publication)
    assert assert_memo_agrees(publication, monkeypatch, memo)[0][0] == 0
    rewrite_keeping_size_and_time(publication / "source" / "la.md", "Unions called a march.",
                                  "Unions called a strike")
    found = assert_memo_agrees(publication, monkeypatch, memo)
    data = json.loads(found[0][1])["catalogs"][0]
    assert data["up_to_date"] is False and data["stale"] + data["untranslated"] >= 1
    assert found[1][0] == 1  # --check fails


def test_catalog_edited_by_a_translator_with_the_same_size_and_time_is_seen(publication, memo, monkeypatch):
    run_cli(publication, "update")
    translate_catalog(publication, fuzzy=True)
    stale = json.loads(assert_memo_agrees(publication, monkeypatch, memo)[0][1])["catalogs"][0]
    assert stale["stale"] == stale["segments"] > 1
    clear_one_fuzzy_keeping_size_and_time(publication / PO)  # the translator's save
    now = json.loads(assert_memo_agrees(publication, monkeypatch, memo)[0][1])["catalogs"][0]
    assert now["stale"] == stale["stale"] - 1 and now["translated"] == 1


def test_each_kind_of_change_is_answered_as_without_a_memo(publication, memo, monkeypatch):
    run_cli(publication, "update")
    assert_memo_agrees(publication, monkeypatch, memo)  # untranslated
    translate_catalog(publication)
    assert_memo_agrees(publication, monkeypatch, memo)  # translated
    # layout only: the catalog rewrapped as another tool would
    path = publication / PO
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "ES Papers for all!"' in text
    path.write_text(text.replace('msgstr "ES Papers for all!"', 'msgstr ""\n"ES Papers for all!"'), encoding="utf-8")
    found = assert_memo_agrees(publication, monkeypatch, memo)
    assert json.loads(found[0][1])["catalogs"][0]["layout"] is True
    run_cli(publication, "update")
    assert json.loads(assert_memo_agrees(publication, monkeypatch, memo)[0][1])["catalogs"][0]["layout"] is False
    # the template deleted: its date is the time now, the catalog is outdated
    (publication / POT).unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")  # a time now other than the catalog's date
    found = assert_memo_agrees(publication, monkeypatch, memo)
    assert json.loads(found[0][1])["catalogs"][0]["up_to_date"] is False
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    run_cli(publication, "update")
    # the template edited by hand (its date): the catalog follows it, so it is outdated
    pot = publication / POT
    pot.write_text(pot.read_text(encoding="utf-8").replace("POT-Creation-Date: 2", "POT-Creation-Date: 1"),
                   encoding="utf-8")
    assert json.loads(assert_memo_agrees(publication, monkeypatch, memo)[0][1])["catalogs"][0]["up_to_date"] is False
    run_cli(publication, "update")
    # the catalog deleted
    (publication / PO).unlink()
    found = assert_memo_agrees(publication, monkeypatch, memo)
    assert found[1][0] == 1 and "missing" in found[1][1]
    run_cli(publication, "update")
    # a setting changed: a higher fuzzy threshold after an English edit
    translate_catalog(publication)
    assert_memo_agrees(publication, monkeypatch, memo)
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace("Teachers organised patrols.", "Teachers organised the patrols."))
    low = assert_memo_agrees(publication, monkeypatch, memo)
    (publication / "bitext.toml").write_text('languages = ["es"]\nfuzzy_threshold = 0.99\n', encoding="utf-8")
    high = assert_memo_agrees(publication, monkeypatch, memo)
    assert json.loads(low[0][1])["catalogs"][0]["stale"] == 1
    assert json.loads(high[0][1])["catalogs"][0]["stale"] == 0


def test_a_memo_of_another_run_or_damaged_is_harmless(publication, memo, monkeypatch):
    run_cli(publication, "update")
    translate_catalog(publication)
    planned = assert_memo_agrees(publication, monkeypatch, memo)
    for damage in ("{not json", json.dumps({"format": 999, "catalogs": {}}),
                   json.dumps({"format": 1, "catalogs": {PO: {"key": "x", "status": []}}}),
                   json.dumps({"format": 1, "catalogs": []})):
        for path in memo.iterdir():
            path.write_text(damage)
        assert outputs(publication, monkeypatch, memo) == planned
    # and the damaged memo was replaced by a sound one
    for path in memo.iterdir():
        document = json.loads(path.read_text())
        assert document["catalogs"][PO]["status"]["counts"][0] > 0


def test_the_memory_still_fills_new_segments_of_a_remembered_publication(publication, memo, monkeypatch):
    """A new segment asks the memory, which is every catalog: remembered ones included."""
    run_cli(publication, "update")
    translate_catalog(publication)
    (publication / "source" / "other.md").write_text(textwrap.dedent("""\
        # Another

        The community came out.
        """), encoding="utf-8")
    run_cli(publication, "update")
    assert_memo_agrees(publication, monkeypatch, memo)
    # a segment the first article's catalog translates, new to the second one
    other = publication / "source" / "other.md"
    other.write_text(other.read_text() + "\nTeachers organised patrols.\n", encoding="utf-8")
    found = assert_memo_agrees(publication, monkeypatch, memo)
    catalogs = {item["article"]: item for item in json.loads(found[0][1])["catalogs"]}
    assert catalogs["other"]["up_to_date"] is False


def test_status_of_some_languages_keeps_what_the_others_remembered(publication, memo, merges, monkeypatch):
    (publication / "bitext.toml").write_text('languages = ["es", "fr"]\n', encoding="utf-8")
    run_cli(publication, "update")
    run_cli(publication, "status")
    merges.clear()
    run_cli(publication, "status", "--lang", "es")
    run_cli(publication, "status")
    assert merges == []


def test_words_counted_in_the_worker_are_the_words_counted_here(publication):
    """status and build count each article's words where it is planned (`CatalogPlan.words`)."""
    from bitext.config import load_settings
    from bitext.publication import plan_publication, status_of

    run_cli(publication, "update")
    translate_catalog(publication, fuzzy=True)
    settings = load_settings(publication)
    plans = plan_publication(settings, settings.languages, keep_texts=False, jobs=1)
    catalog = plans[0].catalogs[0]
    words = catalog.words
    assert words is not None and len(words) == len(catalog.messages) and sum(words) > 0
    counted_there = status_of(catalog)
    assert counted_there.counts.words == sum(words)
    catalog.words = None
    assert status_of(catalog) == counted_there


def test_a_catalog_with_much_untranslated_english_is_not_remembered(publication, memo, merges, monkeypatch):
    import bitext.statusmemo

    run_cli(publication, "update")
    monkeypatch.setattr(bitext.statusmemo, "MAX_FINDINGS_TEXT", 10)
    merges.clear()
    first = outputs(publication, monkeypatch, memo)
    assert outputs(publication, monkeypatch, memo) == first
    assert len(merges) == 2 * len(FORMATS)  # planned every time
    document = json.loads(next(memo.iterdir()).read_text()) if list(memo.iterdir()) else {"catalogs": {}}
    assert PO not in document["catalogs"]
