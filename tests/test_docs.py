"""The documentation stays true: docs/cli.md is what the commands say, every setting the
settings reader accepts is documented, and no relative link leaves the repository or
points at nothing (users' clones have only what is in it)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

from bitext.config import known_settings
from bitext.docgen import REGENERATE, render_cli_reference

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


def test_cli_reference_is_generated_from_the_commands():
    expected = render_cli_reference()
    current = (DOCS / "cli.md").read_text(encoding="utf-8") if (DOCS / "cli.md").exists() else ""
    assert current == expected, (
        f"docs/cli.md differs from the commands' help (a command or option changed): regenerate it "
        f"with `{REGENERATE}` and commit it")


def test_cli_reference_covers_every_command_and_option():
    from bitext.commands import cli

    page = render_cli_reference()
    for name, command in cli.commands.items():
        assert f"## `bitext {name}`" in page
        for param in command.params:
            for option in getattr(param, "opts", []):
                if param.param_type_name == "option":
                    assert f"`{option}" in page or f", {option}" in page, (name, option)


def _headings(path: Path) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    return [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]


def test_every_setting_is_documented():
    documented = {match.group(1) for heading in _headings(DOCS / "settings.md")
                  if (match := re.fullmatch(r"`([a-z_]+)`", heading))}
    missing = sorted(set(known_settings()) - documented)
    assert not missing, (
        f"settings accepted by config.py but not documented in docs/settings.md: {missing}; add a "
        "section `### `name`` with its meaning, type, default, example and the errors it gives")
    unknown = sorted(documented - set(known_settings()))
    assert not unknown, f"docs/settings.md documents settings config.py does not accept: {unknown}"


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _documents() -> list[Path]:
    """The repository's documentation: docs/, bench/, and every README-like file (README.md,
    SOURCES.md...) anywhere; not articles or test inputs, whose links are data."""
    found = set(DOCS.rglob("*.md")) | set((REPO / "bench").glob("*.md"))
    found |= {path for path in REPO.rglob("*.md") if path.stem.isupper()}
    skipped = {".venv", "build", "node_modules", "work"}
    return sorted(path for path in found if path.is_file()
                  and not any(part.startswith(".") or part in skipped
                              for part in path.relative_to(REPO).parts[:-1]))


def _links(path: Path) -> list[str]:
    links = []

    def walk(tokens):
        for token in tokens:
            if token.type == "link_open":
                links.append(token.attrs.get("href", ""))
            elif token.type == "image":
                links.append(token.attrs.get("src", ""))
            if token.children:
                walk(token.children)

    walk(MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8")))
    return links


@pytest.mark.parametrize("document", _documents(), ids=lambda path: str(path.relative_to(REPO)))
def test_relative_links_stay_inside_the_repository_and_resolve(document):
    root = REPO.resolve()
    for link in _links(document):
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("mailto:"):
            continue
        target = document if not parts.path else (document.parent / unquote(parts.path)).resolve()
        assert target == root or root in target.parents, (
            f"{document.relative_to(REPO)}: link {link!r} leaves the repository (users' clones do not "
            "have what is outside it)")
        assert target.exists(), f"{document.relative_to(REPO)}: link {link!r} points at nothing"
        if parts.fragment and target.suffix == ".md":
            anchors = {_anchor(heading) for heading in _headings(target)}
            assert parts.fragment in anchors, (
                f"{document.relative_to(REPO)}: link {link!r}: no heading with that anchor in "
                f"{target.relative_to(root)}")


def test_the_readme_first_code_block_is_the_two_commands():
    tokens = MarkdownIt("commonmark").parse((REPO / "README.md").read_text(encoding="utf-8"))
    first = next(token for token in tokens if token.type in ("fence", "code_block"))
    lines = [line for line in first.content.splitlines() if line.strip()]
    assert len(lines) == 2
    assert "bitext build" in lines[0]
    assert lines[1] == "bash .ci/run"
