"""Unit tests of the input checks the hostile corpus exercises end to end (tests/test_hostile.py):
path rules, file names, merge-conflict markers, front-matter limits, size limits."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from bitext.errors import CatalogError, PathError, SourceError
from bitext.paths import (check_folders, confine, folder_setting_problem, name_problem, overlapping_folders,
                          shown_path)
from bitext.segment import read_article
from bitext.segment.conflicts import find_conflict_markers
from bitext.segment.frontmatter import MAX_ALIAS_EXPANSION


@pytest.mark.parametrize("value", ["", "  ", ".", "./", "/abs", "../out", "a/../b", ".git", "x/.git/y", "a\nb"])
def test_folder_settings_that_are_not_a_folder_of_the_publication(value):
    assert folder_setting_problem(value)


@pytest.mark.parametrize("value", ["source", "./source/", "content/en", "my articles", "~", "_build"])
def test_folder_settings_that_are(value):
    assert folder_setting_problem(value) is None


def test_overlapping_folders_are_found_by_their_parts_not_their_prefixes():
    assert overlapping_folders({"source_dir": "src", "locales_dir": "src/po", "build_dir": "b"}) == \
        ("source_dir", "locales_dir")
    assert overlapping_folders({"source_dir": "a", "locales_dir": "ab", "build_dir": "abc"}) is None
    assert overlapping_folders({"source_dir": "x", "locales_dir": "y", "build_dir": "x"}) == ("source_dir", "build_dir")


@pytest.mark.parametrize("name,escaped", [
    ("new\nline.md", "new\\nline.md"), ("tab\t.md", "tab\\t.md"), ("bidi\u202e.md", "bidi\\u202e.md"),
    ("sep\u2028.md", "sep\\u2028.md"), (os.fsdecode(b"caf\xe9.md"), "caf\\xe9.md"),
])
def test_names_a_po_reference_cannot_hold_are_refused_and_shown_on_one_line(name, escaped):
    assert name_problem(name)
    assert shown_path(name) == escaped
    assert "\n" not in name_problem(name)


@pytest.mark.parametrize("name", ["plain.md", "my article.md", "café.md", "日本語.md", "a:b.md", "emoji-🎉.md",
                                  "zwnj-\u200c.md"])
def test_printable_names_are_fine(name):
    assert name_problem(name) is None
    assert shown_path(name) == name


def test_confine_names_the_link_and_refuses_before_reading(tmp_path):
    root = tmp_path / "pub"
    (root / "locales" / "es").mkdir(parents=True)
    secret = tmp_path / "secret.po"
    secret.write_text("TOKEN")
    os.symlink(tmp_path, root / "locales" / "es" / "LC_MESSAGES")
    with pytest.raises(PathError) as caught:
        confine(root, "locales/es/LC_MESSAGES/secret.po", "locales", "locales_dir")
    message = str(caught.value)
    assert message.startswith("locales/es/LC_MESSAGES/secret.po: leads outside locales_dir")
    assert "locales/es/LC_MESSAGES -> " in message and "TOKEN" not in message


def test_confine_allows_links_that_stay_in_their_folder_and_caches_nothing_wrong(tmp_path):
    root = tmp_path / "pub"
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.md").write_text("# A\n")
    os.symlink("a.md", root / "source" / "b.md")
    cache: dict[str, str] = {}
    assert confine(root, "source/b.md", "source", "source_dir", cache=cache) == root / "source" / "b.md"
    os.symlink(tmp_path, root / "source" / "c.md")
    with pytest.raises(PathError):  # the folder is cached, the file's own link is checked each time
        confine(root, "source/c.md", "source", "source_dir", cache=cache)


def test_folders_that_meet_through_a_link_are_refused(tmp_path):
    root = tmp_path / "pub"
    (root / "source").mkdir(parents=True)
    os.symlink("source", root / "build")
    with pytest.raises(PathError, match="same folder or one holds the other"):
        check_folders(root, {"source_dir": "source", "locales_dir": "locales", "build_dir": "build"})


# -- merge-conflict markers -----------------------------------------------------------------------

CONFLICT = "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n"


@pytest.mark.parametrize("text,line", [
    ("# T\n\n" + CONFLICT, 3),
    ("# T\n\n<<<<<<< HEAD\nours\n||||||| base\nbase\n=======\ntheirs\n>>>>>>> b\n", 3),
    ("<<<<<<<\nours\n=======\n>>>>>>>\n", 1),
    ("<<<<<<< a\n<<<<<<< b\nx\n=======\ny\n>>>>>>> c\n", 2),  # the innermost start
])
def test_a_whole_conflict_is_found_at_its_first_marker(text, line):
    found = find_conflict_markers(text)
    assert found is not None and found[0] == line


@pytest.mark.parametrize("text", [
    "Title\n=======\n\ntext\n",  # a setext heading
    "<<<<<<< HEAD mentioned alone\n",
    ">>>>>>> a deep quote\n\n=======\n",
    "=======\n<<<<<<< HEAD\n>>>>>>> x\n",  # out of order
    "<<<<<<<< eight\n=======\n>>>>>>> x\n",
    " <<<<<<< indented\n=======\n>>>>>>> x\n",
])
def test_what_is_not_a_conflict(text):
    assert find_conflict_markers(text) is None


def test_conflict_markers_in_code_are_text_elsewhere_an_error():
    fenced = "# T\n\n~~~\n" + CONFLICT + "~~~\n"
    assert read_article(fenced, "source/a.md", "a").segments
    indented = "# T\n\n" + "".join("    " + line + "\n" for line in CONFLICT.splitlines())
    assert read_article(indented, "source/a.md", "a").segments
    with pytest.raises(SourceError) as caught:
        read_article("# T\n\n```\ncode\n```\n\n" + CONFLICT, "source/a.md", "a")
    assert caught.value.line == 7


# -- front matter ---------------------------------------------------------------------------------

def read(front: str):
    return read_article("---\n" + textwrap.dedent(front) + "---\n\n# T\n", "source/a.md", "a")


def test_a_few_aliases_are_fine():
    article = read("""\
        title: T
        base: &base {layout: post}
        page:
          <<: *base
          extra: [*base, *base]
        """)
    assert article.front_matter["page"]["layout"] == "post"


def test_an_alias_bomb_is_refused_at_its_first_alias():
    levels = ['a0: &a0 ["x"]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 5)]
    with pytest.raises(SourceError) as caught:
        read("title: T\n" + "\n".join(levels) + "\n")
    assert caught.value.line == 4 and f"{MAX_ALIAS_EXPANSION:,}" in caught.value.message


@pytest.mark.parametrize("front,line", [
    ("title: T\ndate: 2026-13-45\n", 3),
    ("title: T\nwhen: 2026-02-30 10:00:00\n", 3),
    ("title: T\nn: " + "1" * 5000 + "\n", 3),
    ("title: T\nx: &x [*x]\n", 3),
    ("title: T\nx: " + "[" * 70 + "]" * 70 + "\n", 3),
])
def test_front_matter_refused_at_its_line(front, line):
    with pytest.raises(SourceError) as caught:
        read(front)
    assert caught.value.line == line, caught.value


def test_nesting_within_the_limit_is_fine():
    assert read("title: T\nx: " + "[" * 60 + "]" * 60 + "\n").front_matter["title"] == "T"


# -- size limits ----------------------------------------------------------------------------------

def test_a_translation_twenty_times_its_english_is_refused_at_its_entry(tmp_path):
    from bitext.config import Settings
    from bitext.publication import MAX_TRANSLATION_FLOOR, load_catalog

    root = tmp_path
    po = root / "locales" / "es" / "LC_MESSAGES" / "a.po"
    po.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    po.write_text(header + f'msgid "Hi"\nmsgstr "{"x" * MAX_TRANSLATION_FLOOR}"\n')
    settings = Settings(root=Path(root))
    assert load_catalog(settings, "locales/es/LC_MESSAGES/a.po")[0] is not None
    po.write_text(header + f'msgid "Hi"\nmsgstr "{"x" * (MAX_TRANSLATION_FLOOR + 1)}"\n')
    with pytest.raises(CatalogError) as caught:
        load_catalog(settings, "locales/es/LC_MESSAGES/a.po")
    assert caught.value.line == 4


def test_a_forged_template_digest_does_not_hide_conflict_markers(tmp_path):
    """A pull request can write a source with conflict markers and a template whose
    X-Source-Digest matches it; `status --check` must still read the source and refuse it."""
    import re

    from click.testing import CliRunner

    from bitext.commands import cli
    from bitext.config import load_settings
    from bitext.publication import source_digest

    root = tmp_path / "pub"
    (root / "source").mkdir(parents=True)
    (root / "bitext.toml").write_text('languages = ["es"]\n')
    article = root / "source" / "a.md"
    article.write_text("# Title\n\nA paragraph.\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(root), "update"]).exit_code == 0
    article.write_text("# Title\n\nA paragraph.\n\n" + CONFLICT)
    pot = root / "locales" / "a.pot"
    settings = load_settings(root)
    source = next(item for item in settings.source_files() if item.slug == "a")
    forged = source_digest(settings, source, article.read_bytes())
    pot.write_text(re.sub(r'"X-Source-Digest: [^"\\]*\\n"', f'"X-Source-Digest: {forged}\\\\n"', pot.read_text()))
    assert forged in pot.read_text()
    result = runner.invoke(cli, ["-C", str(root), "status", "--check"])
    assert result.exit_code == 2, result.output
    assert "merge-conflict markers" in result.output
