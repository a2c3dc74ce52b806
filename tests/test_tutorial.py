"""docs/tutorial.md cannot rot: its `sh` blocks run, exactly as written and in order, in an
empty folder, with this checkout's bitext first on PATH; and the output lines it shows are
lines bitext really prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parents[1]
TUTORIAL = REPO / "docs" / "tutorial.md"
# lines of the tutorial's ```text blocks that are bitext's own output (not `ls`, not commands)
OUTPUT_LINE = re.compile(r"^(locales/|update: |created |kept |es: |fr: |index: |total |catalog )")


def fenced_blocks(path: Path, language: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    return [token.content for token in tokens if token.type == "fence" and token.info.strip() == language]


def test_the_tutorial_runs_as_written(tmp_path):
    blocks = fenced_blocks(TUTORIAL, "sh")
    assert len(blocks) >= 8, "the tutorial lost its commands"
    # `bitext` on PATH is the bitext under test, whatever python runs the tests
    shims = tmp_path / "bin"
    shims.mkdir()
    shim = shims / "bitext"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m bitext "$@"\n')
    shim.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    script = "set -euo pipefail\n" + "\n".join(blocks)
    env = {key: value for key, value in os.environ.items() if not key.startswith("BITEXT")}
    env["BITEXT_CACHE_DIR"] = str(tmp_path / "cache")  # status's memo: not the user's ~/.cache
    env.update(PATH=f"{shims}{os.pathsep}{env.get('PATH', '')}", LC_ALL="C.UTF-8", NO_COLOR="1")
    result = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"the tutorial failed:\n{result.stdout}\n{result.stderr}"

    publication = work / "my-publication"
    edition = (publication / "build/es/hello.md").read_text(encoding="utf-8")
    assert "Ahora tiene *tres* frases." in edition and "# Hola, mundo" in edition
    assert (publication / "build/es/hello.html").is_file()
    assert not (publication / "build/fr/hello.html").exists()  # below the threshold
    assert "#, fuzzy" not in (publication / "locales/es/LC_MESSAGES/hello.po").read_text(encoding="utf-8")
    assert (publication / "locales/de/LC_MESSAGES/hello.po").is_file()
    assert "exit code 1: French is not translated yet" in result.stdout
    assert "bitext: check failed" in result.stderr

    printed = {line.rstrip() for line in result.stdout.splitlines()}
    shown = [line.rstrip() for block in fenced_blocks(TUTORIAL, "text") for line in block.splitlines()
             if OUTPUT_LINE.match(line)]
    assert shown, "the tutorial shows no output of bitext"
    missing = [line for line in shown if line not in printed]
    assert not missing, f"docs/tutorial.md shows output bitext no longer prints: {missing}"
