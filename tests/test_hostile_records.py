"""Records bitext keeps for itself (`build/.bitext-build.json`, `build/.bitext-update.json`,
the status memo) can arrive from a cached or committed `build/` or a shared cache folder: one
nested deeper than the JSON decoder's stack is a record that cannot be used (ignored, the
work done afresh, the same outputs), never an internal error."""

from __future__ import annotations

import pytest

from conftest import run_cli, snapshot

_DEEP = "[" * 200_000


@pytest.mark.parametrize("layout", ["whole", "line"])
def test_a_build_record_nested_too_deep_is_ignored(publication, layout):
    assert run_cli(publication, "build").exit_code == 0
    built = snapshot(publication / "build")
    record = publication / "build" / ".bitext-build.json"
    if layout == "whole":
        record.write_text('{"format":3,"articles":' + _DEEP, encoding="utf-8")
    else:  # the header as `save` writes it, then an article's line nested too deep
        header = record.read_text(encoding="utf-8").split("\n", 1)[0]
        record.write_text(header + '\n"a":' + _DEEP + "\n", encoding="utf-8")
    result = run_cli(publication, "build")
    assert result.exit_code == 0, result.output
    after = snapshot(publication / "build")
    assert {path: data for path, data in after.items() if not path.endswith(".bitext-build.json")} == \
        {path: data for path, data in built.items() if not path.endswith(".bitext-build.json")}


def test_an_update_record_nested_too_deep_is_ignored(publication):
    (publication / "build").mkdir(exist_ok=True)
    assert run_cli(publication, "update").exit_code == 0
    (publication / "build" / ".bitext-update.json").write_text(_DEEP, encoding="utf-8")
    result = run_cli(publication, "update")
    assert result.exit_code == 0, result.output


def test_a_status_memo_nested_too_deep_is_ignored(publication, tmp_path_factory, monkeypatch):
    memo = tmp_path_factory.mktemp("memo")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(memo))
    assert run_cli(publication, "update").exit_code == 0
    assert run_cli(publication, "status").exit_code in (0, 1)  # untranslated entries: 1
    files = [path for path in memo.rglob("*") if path.is_file()]
    assert files  # the memo was written where the test looks
    for path in files:
        path.write_text(_DEEP, encoding="utf-8")
    first = run_cli(publication, "status")
    result = run_cli(publication, "status")
    assert (result.exit_code, result.output) == (first.exit_code, first.output)
    assert result.exit_code in (0, 1) and "internal error" not in result.output


@pytest.mark.parametrize("edit", [
    ('"language":"es"', '"language":"7s"'),  # a language the publication does not have
    ('"title_language":"es"', '"title_language":"x-evil"'),
    ('["edition","es/', '["edition","javascript:alert(1)//'),  # a link the build never makes
    ('"shown":"', '"shown":"\\ud800'),  # a lone surrogate: text that cannot be written out
])
def test_an_article_entry_not_as_build_writes_it_is_not_kept(publication, edit):
    """The index shows a kept article's rows (their languages, links and titles) without
    rendering the article again: an entry that is not exactly what `build` writes is dropped
    and the article rebuilt, so what the index shows comes from the files."""
    assert run_cli(publication, "update").exit_code == 0
    catalog = publication / "locales" / "es" / "LC_MESSAGES" / "la.po"
    # every entry translated, so the Spanish edition is published and its row links it
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr ""\n\n', 'msgstr "ES"\n\n').rstrip("\n").removesuffix('msgstr ""')
                       + ('msgstr "ES"\n' if text.rstrip("\n").endswith('msgstr ""') else "\n"), encoding="utf-8")
    assert run_cli(publication, "build").exit_code == 0
    record = publication / "build" / ".bitext-build.json"
    before, after = edit
    text = record.read_text(encoding="utf-8")
    assert before in text
    record.write_text(text.replace(before, after, 1), encoding="utf-8")
    # a new article: the index is rendered again, from the kept article's rows
    (publication / "source" / "later.md").write_text("# Later\n\nA later article.\n", encoding="utf-8")
    assert run_cli(publication, "update").exit_code == 0
    result = run_cli(publication, "build")
    assert result.exit_code == 0, result.output
    incremental = snapshot(publication / "build")
    record.unlink()  # what a build without any record makes
    assert run_cli(publication, "build").exit_code == 0
    full = snapshot(publication / "build")
    assert {path: data for path, data in incremental.items() if not path.endswith(".bitext-build.json")} == \
        {path: data for path, data in full.items() if not path.endswith(".bitext-build.json")}
    assert b"javascript:" not in incremental["index.html"] and b"x-evil" not in incremental["index.html"]
