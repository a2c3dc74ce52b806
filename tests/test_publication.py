"""The repository's own publication: complete, guarded by CI, and reproducible from the seed."""

from __future__ import annotations

import json
import re

import pytest

from bitext.pofile import read_po

from conftest import REPO, SHARED, run_cli, snapshot

SLUG = "la-immigrant-movement"
PO = f"locales/es/LC_MESSAGES/{SLUG}.po"


def test_publication_is_complete_and_up_to_date(repo_copy):
    result = run_cli(repo_copy, "status", "--check", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["totals"]["percent"] == 100.0
    assert data["totals"]["stale"] == data["totals"]["untranslated"] == 0
    assert all(catalog["up_to_date"] for catalog in data["catalogs"])


def test_catalog_is_gnu_canonical_and_valid(repo_copy):
    import subprocess

    path = REPO / PO
    assert subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout == path.read_bytes()
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_ci_guard_fails_on_an_english_edit_with_annotation_at_the_entry(repo_copy):
    source = repo_copy / "source" / f"{SLUG}.md"
    text = source.read_text()
    old = "This gave a green light for the sheriffs to brutalize protesters."
    assert old in text
    source.write_text(text.replace(old, "This gave a green light for the police to brutalize protesters."))
    result = run_cli(repo_copy, "status", "--check", "--format", "github")
    assert result.exit_code == 1
    stale = [line for line in result.stdout.splitlines() if "::stale: " in line]
    assert len(stale) == 1, result.stdout
    match = re.match(rf"::error file={re.escape(PO)},line=(\d+)::stale: On June 10, the Democratic mayor", stale[0])
    assert match, stale[0]
    line = int(match.group(1))
    po_lines = (repo_copy / PO).read_text().splitlines()
    # the annotation points at the msgid of the entry that holds the now-outdated translation
    assert po_lines[line - 1].startswith("msgid ")
    entry = next(e for e in read_po((repo_copy / PO).read_bytes(), PO).entries if e.line == line)
    assert old in entry.msgid


def test_import_reproduces_the_committed_source(repo_copy):
    before = snapshot(repo_copy)
    refused = run_cli(repo_copy, "import", str(SHARED / "seed" / "article.txt"), "--slug", SLUG)
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"bitext: error: source/{SLUG}.md: already exists")
    assert snapshot(repo_copy) == before
    result = run_cli(repo_copy, "import", str(SHARED / "seed" / "article.txt"), "--slug", SLUG, "--force")
    assert result.exit_code == 0, result.output
    assert (repo_copy / "source" / f"{SLUG}.md").read_bytes() == (REPO / "source" / f"{SLUG}.md").read_bytes()
    decisions = result.stdout
    for chrome in ("search", "Featured", "Skip to content", "También disponible en español", "Read also"):
        assert re.search(rf":\d+: dropped[^:]*: {re.escape(chrome)}$", decisions, re.M), chrome
    assert re.search(r":\d+: date: January 14, 2026", decisions)


def test_import_of_a_missing_file_is_a_clean_error(repo_copy):
    result = run_cli(repo_copy, "import", str(repo_copy / "nope.txt"), "--slug", "x")
    assert result.exit_code == 2 and "nope.txt: cannot read" in result.stderr


def test_check_passes_on_the_publication_and_warnings_are_silenced_with_a_reason(repo_copy):
    result = run_cli(repo_copy, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    assert [f for f in findings if f["level"] == "error"] == []
    assert findings == []  # every warning fixed; those silenced carry a reason:
    for entry in read_po((REPO / PO).read_bytes(), PO).entries:
        for comment in entry.translator_comments:
            if comment.startswith("bitext: ignore"):
                assert re.match(r"bitext: ignore [\w, ]+ -- \S", comment), comment


@pytest.mark.parametrize("fixed, reverted", [
    ("en cada centro escolar", "en cada escuela"),
    ("acción política con independencia de clase", "acción política independiente de clase"),
    ("Workers’ Voice (La Voz de los Trabajadores)", "Voz de los Trabajadores"),
    ("200.000 personas", "20.000 personas"),
])
def test_check_catches_the_editors_fixes_undone(repo_copy, fixed, reverted):
    path = repo_copy / PO
    text = path.read_text(encoding="utf-8")
    catalog = read_po(text, PO)
    entry = next(e for e in catalog.entries if fixed in e.msgstr)
    entry.msgstr = entry.msgstr.replace(fixed, reverted)
    from bitext.pofile import generate_po

    path.write_text(generate_po(catalog), encoding="utf-8")
    result = run_cli(repo_copy, "check")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{PO}:{entry.line}: "), result.stdout
