"""Bad inputs through the real CLI: exit 2, one line naming the file and line, no file changed.

Each file of tests/bad/ is put where a publication would hold it (a catalog, a source
article, or the settings file) next to otherwise good files; then `update`, `status`
and `build` must each refuse it with `bitext: error: PATH:LINE: ...`, no traceback, and
leave every file as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli, snapshot

BAD = Path(__file__).parent / "bad"
GOOD_SOURCE = "# A title\n\nA paragraph of text.\n"

# file -> expected line of the error (None: the error names the file without a line)
EXPECTED_LINES: dict[str, int | None] = {
    "settings-wrong-type.toml": 3,
    "settings-unknown-language.toml": 1,
    "settings-invalid-toml.toml": 3,
    "settings-unknown-key.toml": 2,
    "source-front-matter-unterminated.md": 1,
    "source-front-matter-invalid-yaml.md": 4,
    "source-front-matter-duplicate-key.md": 5,
    "source-invalid-utf8.md": 7,
    "source-invalid-utf8.txt": 3,
    "source-nul-byte.txt": 5,
    "po-unterminated-string.po": 15,
    "po-end-of-file-in-string.po": 13,
    "po-merge-conflict.po": 15,
    "po-missing-msgstr.po": 16,
    "po-unknown-keyword.po": 13,
    "po-invalid-escape.po": 13,
    "po-text-outside-string.po": 13,
    "po-duplicate-msgid.po": 20,
    "po-plural-without-msgid-plural.po": 12,
    "po-plural-wrong-index.po": 15,
    "po-inconsistent-obsolete.po": 16,
    "po-msgstr-twice.po": 14,
    "po-invalid-utf8.po": 17,
    "po-charset-not-portable.po": 2,
    "po-no-charset-non-ascii.po": 6,
}
NOTES = {"README.md", "SOURCES.md"}  # what each bad file is, for people


def bad_files():
    return sorted(p.name for p in BAD.iterdir()
                  if p.suffix in (".po", ".md", ".txt", ".toml") and p.name not in NOTES)


def place(root: Path, name: str) -> str:
    """Lay out a publication holding the bad file; return the path errors must name."""
    (root / "source").mkdir()
    bad = BAD / name
    if bad.suffix == ".toml":
        shutil.copy(bad, root / "bitext.toml")
        (root / "source" / "art.md").write_text(GOOD_SOURCE)
        return "bitext.toml"
    (root / "bitext.toml").write_text('languages = ["es"]\n')
    if bad.suffix == ".po":
        (root / "source" / "art.md").write_text(GOOD_SOURCE)
        target = root / "locales" / "es" / "LC_MESSAGES" / "art.po"
        target.parent.mkdir(parents=True)
        shutil.copy(bad, target)
        return "locales/es/LC_MESSAGES/art.po"
    shutil.copy(bad, root / "source" / f"art{bad.suffix}")
    return f"source/art{bad.suffix}"


def test_there_are_enough_bad_inputs():
    assert len(bad_files()) >= 12


def test_every_bad_input_has_an_expected_line():
    assert set(bad_files()) <= set(EXPECTED_LINES), set(bad_files()) - set(EXPECTED_LINES)


@pytest.mark.parametrize("command", ["update", "status", "build"])
@pytest.mark.parametrize("name", bad_files())
def test_bad_input_exits_2_naming_file_and_line(tmp_path, name, command):
    shown = place(tmp_path, name)
    before = snapshot(tmp_path)
    result = run_cli(tmp_path, command)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    expected_line = EXPECTED_LINES.get(name)
    where = shown if expected_line is None else f"{shown}:{expected_line}"
    assert lines[0].startswith(f"bitext: error: {where}: "), lines[0]
    assert snapshot(tmp_path) == before
