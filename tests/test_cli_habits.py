"""The command line follows its users' habits: `-C` before or after the command, usage
errors in one line, settings errors that say file, line and what was expected, sources
left out named, and every command saying what it did."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from bitext.commands import cli

from conftest import run_cli, snapshot


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["status", "update", "extract", "build"])
def test_dash_c_after_the_command_is_the_same_as_before(publication, command, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # no publication here
    after = invoke(command, "-C", str(publication))
    assert after.exit_code == 0, after.output
    before = invoke("-C", str(publication), command)
    assert before.exit_code == 0
    if command == "status":
        assert after.stdout == before.stdout


def test_commands_added_later_get_dash_c_too():
    group = cli.__class__(name="g")

    @group.command()
    @click.pass_context
    def later(ctx):
        """A command added by someone else."""
        click.echo(ctx.obj["directory"])

    result = CliRunner().invoke(group, ["later", "-C", "."])
    assert result.exit_code == 0 and result.stdout == ".\n"


@pytest.mark.parametrize("args, message", [
    (["status", "--format", "xml"], "bitext: error: Invalid value for '--format': 'xml' is not one of"),
    (["status", "--bogus"], "bitext: error: No such option '--bogus'"),
    (["status", "--fail-on", "typos", "--check"], "bitext: error: Invalid value for '--fail-on': choose from"),
    (["build", "--threshold", "200"], "bitext: error: Invalid value for '--threshold'"),
    (["update", "--lang", "xx-nope"], "bitext: error: Invalid value for '--lang': unknown language"),
    (["import"], "bitext: error: Missing argument 'RAW'"),
    (["nosuchcommand"], "bitext: error: No such command 'nosuchcommand'"),
    (["-C", "/nonexistent/folder", "status"], "bitext: error: Invalid value for '-C'"),
    (["status", "-C", "/nonexistent/folder"], "bitext: error: Invalid value for '-C'"),
])
def test_usage_errors_are_one_line_with_exit_2(publication, args, message):
    before = snapshot(publication)
    result = CliRunner().invoke(cli, args if args[0] == "-C" or "-C" in args else ["-C", str(publication), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert re.search(r"; see 'bitext( \w+)? --help'$", result.stderr.strip())
    assert result.stdout == "" and snapshot(publication) == before


def test_help_stays_as_click_makes_it():
    result = invoke("status", "--help")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: bitext status [OPTIONS]")
    assert "-C DIR " in result.stdout
    bare = invoke()
    assert "Usage: bitext [OPTIONS] COMMAND [ARGS]..." in bare.output


@pytest.mark.parametrize("settings, message", [
    ('languages = ["es", "ES"]\n', "bitext.toml:1: language 'ES' is listed twice in languages"),
    ('threshold = 90\nlanguages = ["es", "en"]\n', "bitext.toml:2: language 'en' is the source language"),
    ('languages = []\n', "bitext.toml:1: languages is empty; expected a list of language codes"),
    ('languages = "es"\n', "bitext.toml:1: setting 'languages' has the wrong type (a string); "
                           "expected a list of language codes"),
    ('languages = ["es", 1]\n', "bitext.toml:1: languages holds a number; expected a list of language codes"),
    ('threshold = 80\n[languages]\nes = true\n', "bitext.toml:2: setting 'languages' has the wrong type (a table)"),
    ('threshold = 80\n\n[output]\nformat = "html"\n', "bitext.toml:3: unknown table 'output'"),
    ('threshold = true\n', "bitext.toml:1: setting 'threshold' has the wrong type (a boolean); expected a number"),
    ('source_language = "es"\n', "bitext.toml:1: source_language is 'es', which is also the default of languages"),
])
def test_settings_errors_name_file_line_and_what_was_expected(publication, settings, message):
    (publication / "bitext.toml").write_text(settings)
    before = snapshot(publication)
    result = run_cli(publication, "update")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bitext: error: {message}"), result.stderr
    assert snapshot(publication) == before


@pytest.mark.parametrize("pyproject, message", [
    ('[project]\nname = "x"\n\n[tool.bitext]\nlanguages = ["fr", "fr"]\n', "pyproject.toml:5: language 'fr' is listed twice"),
    ('[tool.bitext]\nthreshold = 80\n\n[tool.bitext.languages]\nes = 1\n',
     "pyproject.toml:4: setting 'languages' has the wrong type (a table)"),
    ('[tool]\nbitext = "es"\n', "pyproject.toml:2: tool.bitext is a string; expected a table"),
])
def test_pyproject_settings_errors_have_lines(tmp_path, pyproject, message):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Hello there.\n")
    (tmp_path / "pyproject.toml").write_text(pyproject)
    result = run_cli(tmp_path, "status")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bitext: error: {message}"), result.stderr


def test_markdown_suffix_is_an_article(publication):
    (publication / "source" / "jekyll-post.markdown").write_text("# A post\n\nWritten for *Jekyll*.\n")
    result = run_cli(publication, "update")
    assert result.exit_code == 0
    po = (publication / "locales/es/LC_MESSAGES/jekyll-post.po").read_text()
    assert '#: source/jekyll-post.markdown:3\nmsgid "Written for *Jekyll*."' in po
    assert run_cli(publication, "build", "--threshold", "0").exit_code == 0
    assert (publication / "build/es/jekyll-post.md").is_file()


def test_sources_in_hidden_folders_are_skipped_with_a_warning_naming_them(publication):
    (publication / "source" / ".github").mkdir()
    (publication / "source" / ".github" / "x.md").write_text("# Not an article\n")
    (publication / "source" / ".draft.md").write_text("# Not yet\n")
    result = run_cli(publication, "update")
    assert result.exit_code == 0
    assert "bitext: warning: source/.github/x.md: skipped" in result.stderr
    assert "bitext: warning: source/.draft.md: skipped" in result.stderr
    assert not list((publication / "locales").rglob("x.po"))


def test_no_article_is_a_warning_and_a_source_file_is_an_error(tmp_path):
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n')
    for command in ("update", "status", "extract", "build"):
        result = run_cli(tmp_path, command)
        assert result.exit_code == 0, command
        assert "bitext: warning: source/ does not exist: no articles yet" in result.stderr
    (tmp_path / "source").mkdir()
    result = run_cli(tmp_path, "status", "--check")
    assert result.exit_code == 0 and "bitext: warning: no articles in source/ yet" in result.stderr
    (tmp_path / "source").rmdir()
    (tmp_path / "source").write_text("oops")
    before = snapshot(tmp_path)
    for command in ("update", "status", "extract", "build"):
        result = run_cli(tmp_path, command)
        assert result.exit_code == 2, command
        assert result.stderr.startswith("bitext: error: source: the source folder is not a folder")
    assert snapshot(tmp_path) == before


def test_every_command_says_what_it_did(publication):
    extract = run_cli(publication, "extract")
    assert extract.stdout == "locales/la.pot: 7 segments\nextract: 1 template written, 0 already up to date\n"
    assert run_cli(publication, "extract").stdout == "nothing to do: 1 template up to date\n"
    update = run_cli(publication, "update")
    assert update.stdout.splitlines() == [
        "locales/es/LC_MESSAGES/la.po: created: 0 translated, 0 stale, 7 untranslated, 0 obsolete",
        "update: 1 catalog written (1 created, 0 updated), 0 templates written, 0 catalogs already up to date"]
    assert run_cli(publication, "update").stdout == "nothing to do: 1 catalog and 1 template up to date\n"


def test_status_table_names_every_column_and_check_says_why_it_failed(publication):
    run_cli(publication, "update")
    (publication / "source" / "la.md").write_text(
        (publication / "source" / "la.md").read_text().replace("Papers for all!", "Papers for everyone!"))
    result = run_cli(publication, "status", "--check")
    assert result.exit_code == 1
    header = result.stdout.splitlines()[0].split()
    assert header[-1] == "file" and "needs update" in result.stdout
    assert result.stderr.strip() == (
        "bitext: check failed: 7 segments untranslated, 1 catalog outdated "
        "(--fail-on stale,untranslated,outdated); to fix: translate the empty entries in the PO files; "
        "run `bitext update` and commit the catalogs")
    passed = run_cli(publication, "status", "--check", "--fail-on", "stale")
    assert passed.exit_code == 0 and passed.stderr == ""


def test_no_colour_in_any_output(publication):
    for args in (["update"], ["status"], ["build"], ["status", "--check"]):
        result = CliRunner().invoke(cli, ["-C", str(publication), *args], color=True, env={"NO_COLOR": "1"})
        assert "\x1b[" not in result.output, args


def test_a_reader_that_leaves_is_not_a_bug(publication, monkeypatch):
    """`bitext status | head -1`: the pipe closes under us; no `internal error` line."""
    import bitext.commands

    def closed_pipe(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(bitext.commands, "_print_table", closed_pipe)
    result = run_cli(publication, "status")
    assert result.exit_code == 1
    assert "internal error" not in result.stderr


def test_shell_completion_as_documented():
    """docs/cli.md tells users to eval `_BITEXT_COMPLETE=bash_source bitext`; it must print a script."""
    script = CliRunner().invoke(cli, [], prog_name="bitext", env={"_BITEXT_COMPLETE": "bash_source"})
    assert script.exit_code == 0 and "_bitext_completion()" in script.stdout
    words = CliRunner().invoke(cli, [], prog_name="bitext", env={
        "_BITEXT_COMPLETE": "bash_complete", "COMP_WORDS": "bitext status --f", "COMP_CWORD": "2"})
    assert words.stdout.split() == ["plain,--format", "plain,--fail-on"]
