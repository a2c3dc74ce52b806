"""Catalog states: `outdated` is content, `layout` is not; every failing state says where and how to fix."""

from __future__ import annotations

import json
import re

from bitext.compare import first_content_difference, first_line_difference
from bitext.pofile import generate_po, read_po

from conftest import PO, run_cli, translate_catalog


def _status(root, *args):
    result = run_cli(root, "status", "--format", "json", *args)
    return json.loads(result.stdout)["catalogs"][0]


def _annotation_line(output: str, kind: str, state: str) -> int:
    match = re.search(rf"^::{kind} file={re.escape(PO)},line=(\d+)::{state}: ", output, re.M)
    assert match, output
    return int(match.group(1))


def test_a_leftover_previous_msgid_on_a_reviewed_entry_is_layout_and_update_drops_it(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    path = publication / PO
    text = path.read_text()
    assert "#|" not in text
    text = text.replace('msgid "Unions called a march."', '#| msgid "Unions called for a march."\nmsgid "Unions called a march."')
    path.write_text(text)
    catalog = _status(publication)
    assert catalog["up_to_date"] is True and catalog["layout"] is True
    assert run_cli(publication, "status", "--check").exit_code == 0
    github = run_cli(publication, "status", "--format", "github").stdout
    line = _annotation_line(github, "notice", "layout")
    assert text.splitlines()[line - 1] == '#| msgid "Unions called for a march."'
    run_cli(publication, "update")
    assert "#|" not in path.read_text()
    assert _status(publication)["layout"] is False


def test_a_fuzzy_entry_keeps_its_previous_msgid(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace("Unions called a march.", "Unions called a big march."))
    run_cli(publication, "update")
    text = (publication / PO).read_text()
    assert '#, fuzzy\n#| msgid "Unions called a march."\nmsgid "Unions called a big march."' in text
    run_cli(publication, "update")
    assert (publication / PO).read_text() == text  # kept while fuzzy, run after run


def test_outdated_points_at_the_entry_that_would_change_not_line_one(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    source = publication / "source" / "la.md"
    # two lines more before the list: the list items' references move, nothing else
    source.write_text(source.read_text().replace("- Unions called a march.", "Intro.\n\n- Unions called a march."))
    result = run_cli(publication, "status", "--check", "--fail-on", "outdated", "--format", "github")
    assert result.exit_code == 1
    line = _annotation_line(result.stdout, "error", "outdated")
    lines = (publication / PO).read_text().splitlines()
    assert line > 1 and lines[line - 1].startswith("msgid ")
    text = run_cli(publication, "status", "--check").stdout
    assert f"{PO}:" in text and "outdated: new entry \"Intro.\" would be added here" in text


def test_references_moving_is_outdated_naming_the_part(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    source = publication / "source" / "la.md"
    source.write_text(source.read_text().replace("## Where now?", "## Where now?\n\n```\ncode\n```"))
    result = run_cli(publication, "status", "--check", "--fail-on", "outdated")
    assert result.exit_code == 1
    assert re.search(r'outdated: entry "Over 200,000 people marched\..*": its references \(#:\) would change; '
                     r"run `bitext update`", result.stdout), result.stdout


def test_github_without_check_reports_outdated_as_a_warning(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    source = publication / "source" / "la.md"
    source.write_text(source.read_text() + "\nA brand new closing paragraph.\n")
    result = run_cli(publication, "status", "--format", "github")
    assert result.exit_code == 0
    line = _annotation_line(result.stdout, "warning", "outdated")
    assert line == len((publication / PO).read_text().splitlines())  # appended at the end
    assert "run `bitext update`" in result.stdout


def test_text_check_says_which_states_failed_and_how_to_fix(publication):
    run_cli(publication, "update")
    result = run_cli(publication, "status", "--check")
    assert result.exit_code == 1
    assert result.stderr.startswith("bitext: check failed: 7 segments untranslated")
    assert re.search(rf"^{re.escape(PO)}:\d+: untranslated: Workers take the streets — translate it",
                     result.stdout, re.M)


def test_a_missing_catalog_says_how_to_create_it(publication):
    result = run_cli(publication, "status", "--check", "--fail-on", "outdated")
    assert result.exit_code == 1
    assert f"{PO}:1: missing: run `bitext update` to create it" in result.stdout


def test_an_owned_header_field_missing_is_outdated_and_named(publication):
    run_cli(publication, "update")
    translate_catalog(publication)
    path = publication / PO
    path.write_text(path.read_text().replace('"MIME-Version: 1.0\\n"\n', ""))
    catalog = _status(publication)
    assert catalog["up_to_date"] is False and catalog["layout"] is False
    result = run_cli(publication, "status", "--check")
    assert "outdated: header field MIME-Version would be added" in result.stdout


def test_layout_fails_only_when_chosen(publication):
    run_cli(publication, "update")
    translate_catalog(publication, prefix="ES " + "muy " * 30)
    path = publication / PO
    import subprocess

    subprocess.run(["msgcat", "--no-wrap", "-o", str(path), str(path)], check=True)
    assert run_cli(publication, "status", "--check").exit_code == 0
    failed = run_cli(publication, "status", "--check", "--fail-on", "layout")
    assert failed.exit_code == 1
    assert failed.stderr.startswith("bitext: check failed: 1 catalog layout")
    assert "run `bitext update` to rewrite it in GNU's canonical form" in failed.stdout
    github = run_cli(publication, "status", "--check", "--fail-on", "layout", "--format", "github").stdout
    line = _annotation_line(github, "error", "layout")
    assert line > 1 and len(path.read_text().splitlines()[line - 1]) > 79


# ---------------------------------------------------------------- the comparison itself

HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'


def _pair(old: str, new: str):
    return read_po(HEAD + old, "a.po"), read_po(HEAD + new, "b.po")


def test_flag_order_unknown_flags_and_empty_fuzzy_are_not_content():
    old, new = _pair('#, python-format, fuzzy, made-up\nmsgid "a %s"\nmsgstr "b %s"\n\n'
                     '#, fuzzy\nmsgid "c"\nmsgstr ""\n',
                     '#, fuzzy, python-format\nmsgid "a %s"\nmsgstr "b %s"\n\nmsgid "c"\nmsgstr ""\n')
    assert first_content_difference(old, new) is None


def test_comments_translations_and_previous_of_fuzzy_are_content():
    base = '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n'
    for changed, part in (('# note\n' + base, "translator comments"),
                          (base.replace('"b"', '"B"'), "translation"),
                          (base.replace('"old"', '"older"'), "previous msgid (#|)"),
                          (base.replace("#, fuzzy\n", ""), "flags")):
        old, new = _pair(base, changed)
        difference = first_content_difference(old, new)
        assert difference is not None and part in difference.what, (part, difference)
        assert difference.line == (old.entries[0].line)


def test_an_untranslated_obsolete_entry_and_wrapping_are_layout():
    old, new = _pair('msgid "a"\nmsgstr ""\n"b"\n\n#~ msgid "gone"\n#~ msgstr ""\n', 'msgid "a"\nmsgstr "b"\n')
    assert first_content_difference(old, new) is None
    assert first_line_difference(HEAD + 'msgid "a"\nmsgstr ""\n"b"\n', generate_po(new)) == 7


def test_a_status_without_words_has_the_same_states_and_no_word_counts():
    from bitext.model import Resolution, SourceMessage, State
    from bitext.status import catalog_status

    messages = [SourceMessage(f"Segment number {n} of the article.", "paragraph", [n]) for n in range(4)]
    states = [State.TRANSLATED, State.STALE, State.UNTRANSLATED, State.TRANSLATED]
    resolutions = {m.msgid: Resolution(m.msgid, state, "x" if state != State.UNTRANSLATED else None, None, n + 1)
                   for n, (m, state) in enumerate(zip(messages, states))}
    full = catalog_status("es", "a", "a.po", messages, resolutions, 2, True, True)
    bare = catalog_status("es", "a", "a.po", messages, resolutions, 2, True, True, words=False)
    assert (full.counts.translated, full.counts.stale, full.counts.untranslated, full.counts.obsolete) == (2, 1, 1, 2)
    assert full.counts.words == 24 and full.counts.translated_words == 12
    assert (bare.counts.translated, bare.counts.stale, bare.counts.untranslated, bare.counts.obsolete) == (2, 1, 1, 2)
    assert bare.counts.words == bare.counts.translated_words == 0
    assert bare.findings == full.findings
