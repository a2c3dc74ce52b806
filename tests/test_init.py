"""`bitext init`: a new publication from an empty or existing folder, then the daily loop;
and the refusals, which write nothing."""

from __future__ import annotations

import tomllib

import pytest
from click.testing import CliRunner

from bitext.commands import cli
from bitext.pofile import generate_po, read_po

from conftest import ARTICLE, snapshot


def bitext(folder, *args):
    return CliRunner().invoke(cli, ["-C", str(folder), *args], catch_exceptions=False)


def translate(path, prefix):
    catalog = read_po(path.read_bytes(), str(path))
    for entry in catalog.entries:
        if not entry.obsolete:
            entry.msgstr, entry.fuzzy = prefix + entry.msgid, False
    path.write_text(generate_po(catalog), encoding="utf-8")


def test_init_then_update_translate_status_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # as a newcomer does: in the empty folder, no -C
    result = CliRunner().invoke(cli, ["init", "--lang", "es", "--lang", "fr"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert tomllib.loads((tmp_path / "bitext.toml").read_text()) == {"source_language": "en",
                                                                    "languages": ["es", "fr"]}
    assert (tmp_path / "source").is_dir() and (tmp_path / "locales").is_dir()
    ignored = (tmp_path / ".gitignore").read_text().splitlines()
    assert {"/build/", ".bitext.lock", ".*.tmp"} <= set(ignored)  # a kill's leftovers are never committed
    next_steps = result.stdout.split("next:\n")[1].splitlines()
    assert [line.split()[0:2] for line in next_steps] == [["$EDITOR", "source/hello.md"],
                                                          ["bitext", "update"], ["bitext", "status"]]

    # right after init: no article is a warning, not an error
    empty = bitext(tmp_path, "update")
    assert empty.exit_code == 0 and "bitext: warning: no articles in source/ yet" in empty.stderr
    assert bitext(tmp_path, "status", "--check").exit_code == 0

    (tmp_path / "source" / "la.md").write_text(ARTICLE, encoding="utf-8")
    update = bitext(tmp_path, "update")
    assert update.exit_code == 0
    assert update.stdout.splitlines()[-1].startswith("update: 2 catalogs written (2 created, 0 updated)")
    assert bitext(tmp_path, "status", "--check").exit_code == 1
    translate(tmp_path / "locales/es/LC_MESSAGES/la.po", "ES ")
    translate(tmp_path / "locales/fr/LC_MESSAGES/la.po", "FR ")
    status = bitext(tmp_path, "status", "--check")
    assert status.exit_code == 0, status.output
    build = bitext(tmp_path, "build")
    assert build.exit_code == 0
    for language in ("es", "fr"):
        assert (tmp_path / f"build/{language}/la.html").is_file()
        assert f"{language.upper()} Workers take the streets" in (tmp_path / f"build/{language}/la.md").read_text()


def test_adding_a_language_later(tmp_path):
    bitext(tmp_path, "init", "--lang", "es")
    (tmp_path / "source" / "la.md").write_text(ARTICLE, encoding="utf-8")
    bitext(tmp_path, "update")
    settings = tmp_path / "bitext.toml"
    settings.write_text(settings.read_text().replace('languages = ["es"]', 'languages = ["es", "de"]'))
    result = bitext(tmp_path, "update")
    assert result.exit_code == 0
    assert "locales/de/LC_MESSAGES/la.po: created" in result.stdout
    assert "locales/es/LC_MESSAGES" not in result.stdout  # unchanged, not rewritten


def test_init_in_a_folder_with_pyproject_and_gitignore_appends(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n\n[tool.black]\nline-length = 100')
    (tmp_path / ".gitignore").write_text("*.pyc")
    result = bitext(tmp_path, "init", "--lang", "pt-br", "--source-language", "en")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "bitext.toml").exists()
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert data["project"] == {"name": "site"} and data["tool"]["black"] == {"line-length": 100}
    assert data["tool"]["bitext"] == {"source_language": "en", "languages": ["pt_BR"]}
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n/build/\n"
    (tmp_path / "source" / "a.md").write_text("Hello there.\n")
    assert bitext(tmp_path, "update").exit_code == 0
    assert (tmp_path / "locales/pt_BR/LC_MESSAGES/a.po").is_file()


def test_init_keeps_an_existing_source_folder_and_an_ignored_build(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Hello there.\n")
    (tmp_path / ".gitignore").write_text("build/\n")
    result = bitext(tmp_path, "init", "--lang", "es")
    assert result.exit_code == 0
    assert "kept source/ (already there)" in result.stdout
    assert (tmp_path / ".gitignore").read_text() == "build/\n"


def test_init_creates_a_named_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = bitext(".", "init", "new/pub", "--lang", "fr")
    assert result.exit_code == 0
    assert (tmp_path / "new/pub/bitext.toml").is_file()
    assert "  bitext -C new/pub update " in result.stdout  # the next commands work from here


@pytest.mark.parametrize("existing, args, message", [
    ({"bitext.toml": 'languages = ["es"]\n'}, ["--lang", "fr"], "bitext.toml: a publication is already here"),
    ({"pyproject.toml": '[tool.bitext]\nlanguages = ["es"]\n'}, ["--lang", "fr"],
     "pyproject.toml: a publication is already here"),
    ({"locales/es/LC_MESSAGES/a.po": ""}, ["--lang", "es"], "locales: a publication is already here"),
    ({"pyproject.toml": "[project\n"}, ["--lang", "es"], "pyproject.toml:1: invalid TOML"),
    ({"pyproject.toml": 'tool = {black = {}}\n'}, ["--lang", "es"], "pyproject.toml: cannot add"),
    ({}, ["--lang", "en"], "--lang en is the source language"),
    ({}, ["--lang", "es", "--source-language", "es"], "--lang es is the source language"),
    ({}, ["--lang", "klingon"], "Invalid value for '--lang': unknown language 'klingon'"),
    ({}, [], "Missing option '--lang'"),
    ({"source": "a file"}, ["--lang", "es"], "source: exists and is not a folder"),
])
def test_init_refuses_and_writes_nothing(tmp_path, existing, args, message):
    for name, text in existing.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    before = snapshot(tmp_path)
    result = bitext(tmp_path, "init", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bitext: error: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        {part for name in existing for part in name.split("/")})


def test_init_twice_refuses_the_second_time(tmp_path):
    assert bitext(tmp_path, "init", "--lang", "es").exit_code == 0
    before = snapshot(tmp_path)
    again = bitext(tmp_path, "init", "--lang", "fr")
    assert again.exit_code == 2 and snapshot(tmp_path) == before


def test_init_refuses_inside_a_publications_source_folder(tmp_path):
    assert bitext(tmp_path, "init", "--lang", "es").exit_code == 0
    before = snapshot(tmp_path)
    result = bitext(tmp_path / "source", "init", "--lang", "fr")
    assert result.exit_code == 2
    assert "is inside the source/ folder of the publication at" in result.stderr
    assert snapshot(tmp_path) == before
