"""CLI tests: extract, update, status on a small publication (CliRunner + tmp_path)."""

from __future__ import annotations

import json
import os
import re

import pytest

from bitext.commands import cli

from conftest import PO, run_cli, snapshot, translate_catalog


def status_json(root, *args):
    result = run_cli(root, "status", "--format", "json", *args)
    return result, json.loads(result.stdout)


def test_every_command_has_help():
    from click.testing import CliRunner

    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and len(command.help.strip()) > 20, f"{name} has no real help"


def test_extract_writes_template(publication):
    result = run_cli(publication, "extract")
    assert result.exit_code == 0
    pot = (publication / "locales" / "la.pot").read_text()
    assert '#: source/la.md:2\n#. title\nmsgid "Workers take the streets"' not in pot  # kind comes first
    assert "#. title\n#: source/la.md:2 source/la.md:8\n" in pot
    assert '#. list item\n#: source/la.md:13\nmsgid "Unions called a march."' in pot


def test_update_creates_catalog_then_is_idempotent(publication):
    first = run_cli(publication, "update")
    assert first.exit_code == 0
    assert f"{PO}: created" in first.stdout
    before = snapshot(publication)
    second = run_cli(publication, "update")
    assert second.exit_code == 0 and second.stdout == "nothing to do: 1 catalog and 1 template up to date\n"
    assert snapshot(publication) == before


def test_update_does_not_rewrite_unchanged_catalog(publication):
    run_cli(publication, "update")
    path = publication / PO
    stamp = path.stat().st_mtime_ns
    run_cli(publication, "update")
    assert path.stat().st_mtime_ns == stamp


def test_status_json_exact_shape(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    result, data = status_json(publication)
    assert result.exit_code == 0
    assert list(data) == ["source_language", "catalogs", "totals"]
    catalog = data["catalogs"][0]
    assert list(catalog) == ["language", "article", "path", "segments", "translated", "stale",
                             "untranslated", "obsolete", "words", "translated_words", "percent",
                             "up_to_date", "layout"]
    assert catalog["layout"] is False
    assert catalog["language"] == "es" and catalog["article"] == "la" and catalog["path"] == PO
    assert catalog["segments"] == catalog["translated"] > 0
    assert catalog["percent"] == 100.0 and catalog["up_to_date"] is True
    assert list(data["totals"]) == ["segments", "translated", "stale", "untranslated", "obsolete",
                                    "words", "translated_words", "percent"]


def test_status_sees_stale_without_update_and_check_fails(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    assert run_cli(publication, "status", "--check").exit_code == 0
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace("Unions called a march.", "Unions called a big march."))
    before = snapshot(publication)
    result, data = status_json(publication)
    assert data["catalogs"][0]["stale"] == 1 and data["catalogs"][0]["up_to_date"] is False
    checked = run_cli(publication, "status", "--check", "--format", "github")
    assert checked.exit_code == 1
    annotations = [line for line in checked.stdout.splitlines() if "stale:" in line]
    assert len(annotations) == 1
    line = int(re.search(r"line=(\d+)", annotations[0]).group(1))
    po_lines = (publication / PO).read_text().splitlines()
    assert po_lines[line - 1] == 'msgid "Unions called a march."'
    assert annotations[0].startswith(f"::error file={PO},line={line}::stale: Unions called a big march.")
    assert snapshot(publication) == before  # status never writes


def test_fail_on_selects_states(publication):
    run_cli(publication, "update")  # everything untranslated, catalog up to date
    assert run_cli(publication, "status", "--check", "--fail-on", "stale").exit_code == 0
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 0
    assert run_cli(publication, "status", "--check", "--fail-on", "untranslated").exit_code == 1
    bad = run_cli(publication, "status", "--check", "--fail-on", "sleepy")
    assert bad.exit_code == 2


def test_outdated_when_update_would_change_catalog(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    source = publication / "source" / "la.md"
    source.write_text(source.read_text() + "\nA brand new closing paragraph.\n")
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 1
    run_cli(publication, "update")
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated,stale").exit_code == 0


def test_github_warnings_without_check(publication):
    run_cli(publication, "update")
    result = run_cli(publication, "status", "--format", "github")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(f"::warning file={PO},line=") for line in lines)
    assert any("::untranslated: Unions called a march." in line for line in lines)


def test_text_table(publication):
    run_cli(publication, "update")
    result = run_cli(publication, "status")
    assert result.exit_code == 0
    assert PO in result.stdout and "total" in result.stdout and "untranslated" in result.stdout


def test_fuzzy_carry_and_previous_msgid_written(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace("Teachers organised patrols.", "Teachers organised daily patrols."))
    result = run_cli(publication, "update")
    assert "1 stale" in result.stdout
    text = (publication / PO).read_text()
    assert ('#, fuzzy\n#| msgid "Teachers organised patrols."\nmsgid "Teachers organised daily patrols."\n'
            'msgstr "ES Teachers organised patrols."') in text


def test_lang_option_validates_with_babel(publication):
    result = run_cli(publication, "status", "--lang", "xx")
    assert result.exit_code == 2
    assert "unknown language" in result.stderr


def test_settings_discovered_from_subfolder(publication, monkeypatch):
    from click.testing import CliRunner

    (publication / "source" / "deep").mkdir()
    monkeypatch.chdir(publication / "source" / "deep")
    result = CliRunner().invoke(cli, ["update"])
    assert result.exit_code == 0
    assert (publication / PO).exists()


def test_bitext_toml_wins_over_pyproject(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Hello there.\n")
    (tmp_path / "pyproject.toml").write_text('[tool.bitext]\nlanguages = ["fr"]\n')
    (tmp_path / "bitext.toml").write_text('languages = ["de"]\n')
    run_cli(tmp_path, "update")
    assert (tmp_path / "locales/de/LC_MESSAGES/a.po").exists()
    assert not (tmp_path / "locales/fr").exists()


@pytest.mark.parametrize("settings, message", [
    ('languages = ["xx"]\n', "bitext.toml:1: unknown language"),
    ('langs = ["es"]\n', "bitext.toml:1: unknown setting 'langs'"),
    ('threshold = "high"\n', "bitext.toml:1: setting 'threshold' has the wrong type"),
    ('languages = ["es"\n', "bitext.toml:1: invalid TOML"),
])
def test_bad_settings_exit_2(tmp_path, settings, message):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Hello there.\n")
    (tmp_path / "bitext.toml").write_text(settings)
    before = snapshot(tmp_path)
    result = run_cli(tmp_path, "update")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bitext: error: {message}")
    assert snapshot(tmp_path) == before


def test_a_bug_is_one_line_and_exit_70_not_a_traceback(publication, monkeypatch):
    import bitext.commands

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(bitext.commands, "plan_publication", broken)
    monkeypatch.delenv("BITEXT_DEBUG", raising=False)
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["-C", str(publication), "status"])
    assert result.exit_code == 70
    assert result.stderr.startswith("bitext: internal error: RuntimeError: boom")
    assert "Traceback" not in result.output


def test_unchanged_source_is_not_parsed_again_but_a_changed_one_is(publication, monkeypatch):
    import bitext.segment

    run_cli(publication, "update")
    pot = (publication / "locales" / "la.pot").read_text()
    assert '"X-Source-Digest: sha256:' in pot
    calls = []
    real = bitext.segment.read_article
    monkeypatch.setattr(bitext.segment, "read_article", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 0
    assert calls == []  # the template's digest matched: its entries are the extraction
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace("Unions called a march.", "Unions called a strike."))
    result, data = status_json(publication)
    assert len(calls) == 1 and data["catalogs"][0]["untranslated"] >= 1
    assert data["catalogs"][0]["up_to_date"] is False


@pytest.mark.parametrize("how", ["new rules", "an earlier bitext's digest"])
def test_a_template_digest_made_under_another_context_is_refreshed_once(publication, monkeypatch, how):
    """A template whose entries stand keeps its digest (a re-wrap makes no diff), but not one
    made under other rules or settings (a bitext upgrade): every `status` would parse the
    article again and its memo would remember nothing.  Its digest line changes once."""
    import bitext.publication
    import bitext.segment

    assert run_cli(publication, "update").exit_code == 0
    pot_path = publication / "locales" / "la.pot"
    po_before = (publication / PO).read_bytes()
    if how == "new rules":
        monkeypatch.setattr(bitext.publication, "SEGMENTATION_RULES", bitext.publication.SEGMENTATION_RULES + "+")
    else:
        text = pot_path.read_text()
        old = re.search(r"X-Source-Digest: (sha256:[0-9a-f.]+)", text).group(1)
        pot_path.write_text(text.replace(old, "sha256:" + "0" * 32))
    before = pot_path.read_text()
    result = run_cli(publication, "update")
    assert result.stdout.startswith("update: 0 catalogs written (0 created, 0 updated), 1 template written")
    after = pot_path.read_text()
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith('"X-Source-Digest: sha256:')
    assert (publication / PO).read_bytes() == po_before
    assert run_cli(publication, "update").stdout.startswith("nothing to do")
    calls = []
    real = bitext.segment.read_article
    monkeypatch.setattr(bitext.segment, "read_article", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 0
    assert calls == []  # the template is trusted again


def test_rewrapping_a_paragraph_leaves_the_template_untouched(publication, monkeypatch):
    """Issue 8 item 9: no segment changed, so no template diff (not even its X-Source-Digest)."""
    import bitext.segment

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    run_cli(publication, "update")
    pot_path = publication / "locales" / "la.pot"
    pot_before = pot_path.read_bytes()
    po_before = (publication / PO).read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1100000000")
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace(
        "On Friday, June 6, *mass raids* started in Los Angeles.\nThe community came out.",
        "On Friday, June 6, *mass raids* started\nin Los Angeles. The community came out."))
    result = run_cli(publication, "update")
    assert result.exit_code == 0
    assert result.stdout.startswith("nothing to do: 1 catalog and 1 template up to date")
    assert (publication / PO).read_bytes() == po_before
    assert pot_path.read_bytes() == pot_before
    date = re.compile(r"POT-Creation-Date: ([^\\]+)")
    assert date.search(pot_before.decode()).group(1) == "2001-09-09 01:46+0000"
    # the recorded digest is now of the old wrapping: status parses the source again and is right
    calls = []
    real = bitext.segment.read_article
    monkeypatch.setattr(bitext.segment, "read_article", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 0
    assert len(calls) == 1
    # a real change afterwards is still seen, and writing the template records the current digest
    source.write_text(source.read_text().replace("Unions called a march.", "Unions called a strike."))
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 1
    assert run_cli(publication, "update").exit_code == 0
    from bitext.config import load_settings
    from bitext.config import SourceFile
    from bitext.publication import source_digest

    digest = re.compile(r"X-Source-Digest: ([^\\]+)")
    expected = source_digest(load_settings(publication), SourceFile("la", "source/la.md"), source.read_bytes())
    assert digest.search(pot_path.read_text()).group(1) == expected
    calls.clear()
    assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 0
    assert calls == []  # the template is current again: the fast path is back


def test_a_latin1_catalog_is_rewritten_as_utf8_keeping_its_translations(publication):
    run_cli(publication, "update")
    path = publication / PO
    text = path.read_text().replace("charset=UTF-8", "charset=ISO-8859-1")
    text = text.replace('msgid "Unions called a march."\nmsgstr ""',
                        'msgid "Unions called a march."\nmsgstr "Los sindicatos convocaron una marcha. ¡Sí!"')
    path.write_bytes(text.encode("latin-1"))
    result = run_cli(publication, "update")
    assert result.exit_code == 0
    data = path.read_bytes()
    assert "charset=UTF-8" in data.decode("utf-8")
    assert "Los sindicatos convocaron una marcha. ¡Sí!" in data.decode("utf-8")



@pytest.mark.parametrize("argv,completing", [(["--version"], False), (["--version", "--help"], False),
                                             (["-C", ".", "--version"], False), (["--help"], False),
                                             (["--version", "nosuch"], False), ([], False),
                                             (["--version"], True)])
def test_entry_point_answers_as_click_does(argv, completing, tmp_path):
    """The console script's own `--version` answer (Click not imported) is what Click prints, and
    every other command line reaches Click unchanged: same output, same exit code as the
    entry point before it (`bitext.commands:cli`)."""
    import subprocess
    import sys

    def run(script):
        return subprocess.run([sys.executable, "-c", "import sys; sys.argv[0] = 'bitext'; " + script,
                               *argv], capture_output=True, text=True, cwd=tmp_path,
                              env={**os.environ, "COLUMNS": "80",
                                   **({"_BITEXT_COMPLETE": "bash_source"} if completing else {})})

    new = run("from bitext.__main__ import main; main(); print('click' in sys.modules)")
    old = run("from bitext.commands import cli; cli()")
    assert (new.returncode, new.stdout, new.stderr) == (old.returncode, old.stdout, old.stderr)
    # `main()` exits: the print after it never runs, whichever way it answered.
    assert "False" not in new.stdout and "True" not in new.stdout
    if argv == ["--version"] and not completing:
        probe = run("import atexit; atexit.register(lambda: print('click' in sys.modules, "
                    "file=sys.stderr)); from bitext.__main__ import main; main()")
        assert probe.stderr == "False\n"  # answered without loading Click
