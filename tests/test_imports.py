"""What a command imports: the one-article `update` a pre-commit hook or an editor's save runs
pays for every module it loads, so the heavy ones are loaded only where used (issue 15).

Each case runs the command in a fresh interpreter started with ``-S`` (no `site`: on some
machines `site` itself loads `tempfile` or `zipfile`, which would hide ours), the test's own
`sys.path` given as PYTHONPATH, and reads the names in `sys.modules` at exit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

PROBE = """\
import atexit, json, os, sys
atexit.register(lambda: open(os.environ["PROBE_OUT"], "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "bitext"
from bitext.__main__ import main
main()
"""

PLAIN = "# Workers take the streets\n\nOn Friday, June 6, *mass raids* started.\n\n> Papers for all!\n"
FRONT = "---\ntitle: Workers take the streets\n---\n\n" + PLAIN

# Loaded only for what needs them: front matter (PyYAML), a settings file (tomllib), a TMX
# memory file (expat), attribute lists (shlex), a written file (tempfile, which loads shutil
# and random), a memory file or a segment without translation (bitext.memory), `build`.
HEAVY = ("yaml", "bitext.segment.frontmatter", "tomllib", "xml.parsers.expat", "shlex", "jinja2",
         "bitext.building", "bitext.outputs")


def modules_after(root: Path, tmp_path: Path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    path = os.pathsep.join(entry for entry in sys.path if entry)
    result = subprocess.run([sys.executable, "-S", "-c", PROBE, *args], cwd=root, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": path, "PROBE_OUT": str(out)})
    assert result.returncode == 0, result.stderr
    return set(json.loads(out.read_text()))


def publication(tmp_path: Path, article: str) -> Path:
    root = tmp_path / "pub"
    (root / "source").mkdir(parents=True)
    (root / "locales" / "es").mkdir(parents=True)  # the language, without a settings file
    (root / "source" / "la.md").write_text(article, encoding="utf-8")
    return root


def test_update_of_an_article_without_front_matter_loads_no_yaml_toml_xml_nor_build(tmp_path):
    root = publication(tmp_path, PLAIN)
    loaded = modules_after(root, tmp_path, "update")
    assert (root / "locales" / "es" / "LC_MESSAGES" / "la.po").is_file()
    assert "markdown_it" in loaded and "bitext.publication" in loaded  # the probe sees what ran
    assert sorted(loaded.intersection(HEAVY)) == []
    # one word changed: the catalog is merged again (a fuzzy match) and written
    (root / "source" / "la.md").write_text(PLAIN.replace("Papers", "Rights"), encoding="utf-8")
    loaded = modules_after(root, tmp_path, "update")
    assert "msgid \"Rights for all!\"" in (root / "locales" / "es" / "LC_MESSAGES" / "la.po").read_text()
    assert sorted(loaded.intersection(HEAVY)) == []


def test_update_that_writes_nothing_loads_no_tempfile(tmp_path):
    root = publication(tmp_path, PLAIN)
    modules_after(root, tmp_path, "update")
    modules_after(root, tmp_path, "update")  # writes status's memo, once (outside the publication)
    loaded = modules_after(root, tmp_path, "update")
    assert "bitext.commands" in loaded
    assert sorted(loaded.intersection(("tempfile", "shutil", *HEAVY))) == []


@pytest.mark.parametrize("article", [FRONT, "---\nA line of prose\n---\n\nText.\n"])
def test_update_loads_yaml_for_a_first_dashes_line(tmp_path, article):
    """The other side: an article opening with `---` has its front matter read by PyYAML."""
    root = publication(tmp_path, article)
    loaded = modules_after(root, tmp_path, "update")
    assert "yaml" in loaded


def test_update_with_every_article_clean_loads_no_planner(tmp_path):
    """The record says every article is as the last update left it: nothing is planned, and
    neither the planner nor the PO reader nor the Markdown parser is loaded."""
    root = publication(tmp_path, PLAIN)
    (root / "build").mkdir()  # update keeps its record beside the build's
    modules_after(root, tmp_path, "update")
    modules_after(root, tmp_path, "update")  # the first record may be racily clean: this one is not
    loaded = modules_after(root, tmp_path, "update")
    assert "bitext.updatecache" in loaded
    assert sorted(loaded.intersection(("bitext.publication", "bitext.pofile", "bitext.merge", "markdown_it",
                                       "bitext.segment", *HEAVY))) == []


def test_update_with_every_article_clean_still_checks_the_memory_files(tmp_path):
    root = publication(tmp_path, PLAIN)
    (root / "build").mkdir()
    (root / "memory.tmx").write_text('<tmx version="1.4"><body></body></tmx>\n', encoding="utf-8")
    (root / "bitext.toml").write_text('languages = ["es"]\nmemory = ["memory.tmx"]\n', encoding="utf-8")
    for _ in range(2):
        modules_after(root, tmp_path, "update")
    (root / "memory.tmx").write_text('<tmx>\n<body>\n<tu>a & b</tu></body></tmx>\n', encoding="utf-8")
    result = run_cli(root, "update")
    assert result.exit_code == 2
    assert result.stderr.startswith("bitext: error: memory.tmx:3: not well-formed")
