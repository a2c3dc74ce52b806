"""Shared fixtures: a small publication in a temporary folder, and a CLI runner."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.commands import cli

# `status` keeps a memo outside the publication (bitext.statusmemo): the tests' goes to a
# folder of their own, never the user's ~/.cache (bitext run by subprocess inherits it)
os.environ["BITEXT_CACHE_DIR"] = tempfile.mkdtemp(prefix="bitext-test-cache-")
atexit.register(shutil.rmtree, os.environ["BITEXT_CACHE_DIR"], True)

REPO = Path(__file__).resolve().parents[1]
# shared/ (test data, the seed) sits beside the checkout; /work/shared on the developers' machines.
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if (p / "data").is_dir()),
              REPO.parent / "shared")

ARTICLE = textwrap.dedent("""\
    ---
    title: Workers take the streets
    date: 2026-01-14
    authors:
      - Ana
    ---

    # Workers take the streets

    On Friday, June 6, *mass raids* started in Los Angeles.
    The community came out.

    - Unions called a march.
    - Teachers organised patrols.

    > Papers for all!

    ## Where now?

    Over 200,000 people marched. See [the report](https://example.org/report).
    """)


@pytest.fixture
def publication(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "la.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    return tmp_path


def run_cli(root: Path, *args: str):
    """Run bitext in `root`; stderr kept apart so error lines can be asserted."""
    runner = CliRunner()
    return runner.invoke(cli, ["-C", str(root), *args], catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, but `update`'s record (a cache of stats and times, never the same twice)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".bitext-update.json"}


PO = "locales/es/LC_MESSAGES/la.po"  # the catalog `update` makes for the `publication` fixture


@pytest.fixture
def merges(monkeypatch):
    """Counts the merges planning does (a `status` memo hit does none)."""
    import bitext.publication

    calls = []
    real = bitext.publication.merge_catalog
    monkeypatch.setattr(bitext.publication, "merge_catalog", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def status_outputs(root: Path, monkeypatch, folder, formats) -> list[tuple[int, str]]:
    """`status`'s exit code and output in each of `formats` (argument tuples), with its memo in
    `folder` ("": no memo)."""
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(folder))
    found = []
    for args in formats:
        result = run_cli(root, "status", *args)
        found.append((result.exit_code, result.stdout))
    return found


def clear_one_fuzzy_keeping_size_and_time(path: Path) -> None:
    """A translator's save no size or time check can see: the first fuzzy flag of the catalog
    at `path` cleared, a comment of the same length added, its modification time put back."""
    text = path.read_text(encoding="utf-8")
    first_fuzzy = text.index("#, fuzzy\n", text.index('msgid ""') + 1)
    saved = text[:first_fuzzy] + "# hello!\n" + text[first_fuzzy:].replace("#, fuzzy\n", "", 1)
    assert len(saved.encode()) == len(text.encode())
    info = path.stat()
    path.write_text(saved, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def translate_catalog(root: Path, prefix: str = "ES ", fuzzy: bool = False) -> None:
    """Translate every current entry of the fixture's catalog as `prefix + msgid`."""
    from bitext.pofile import generate_po, read_po

    path = root / PO
    catalog = read_po(path.read_bytes(), PO)
    for entry in catalog.entries:
        if not entry.obsolete:
            entry.msgstr = prefix + entry.msgid
            entry.fuzzy = fuzzy
    path.write_text(generate_po(catalog), encoding="utf-8")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one launch per test module; the background
    networking flags keep it from calling out (this machine's network is closed)."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is missing (CI installs Debian's chromium package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def repo_copy(tmp_path):
    """This repository's publication (source, catalogs, settings) copied into tmp_path."""
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path
