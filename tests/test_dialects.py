"""The `markdown` setting's dialects, each against its own renderer (the oracle).

For every file of tests/dialects/<dialect>/ (written from the dialect's documentation):
the identity edition (each segment translated as itself) and a marker edition (each
segment translated as "Zq " + itself) are rebuilt with bitext, and rendered with the
source by the dialect's own renderer, in one batch (tests/dialect_oracles.py).  The
identity renders exactly like the source; the marker edition does too once the markers
are taken out (and the ids a renderer derives from heading text), and every marker
is rendered (none is lost inside syntax).  Also: the setting is validated, and syntax
the dialect gives meaning to is never inside a segment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bitext.config import MARKDOWN_DIALECTS, load_settings
from bitext.errors import SettingsError
from bitext.segment import read_article, rebuild_document
from bitext.segment.dialects import DIALECT_NAMES

import dialect_oracles
from test_commonmark_roundtrip import scan

CORPUS = Path(__file__).parent / "dialects"
MARK = "Zq"
# Files whose editions the renderer reads differently, each for a stated reason; the test
# fails when one of them starts to render the same (then take it out of this list).
KNOWN = {
    ("kramdown", "real-jekyll-index.md"): "a paragraph whose every line holds a Liquid filter's pipe is a "
    "table to kramdown alone (one row per line); the rebuilt paragraph is one line, so one row. Jekyll runs "
    "Liquid first (no pipe left): there both are the same paragraph",
}
DONE = ["commonmark", "gfm", "kramdown", "mkdocs", "vitepress", "pandoc", "hugo"]


def squash(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", "><", html).strip()


def unmark(html: str) -> str:
    html = re.sub(MARK + r"\s*", "", html)  # a renderer may wrap its HTML lines after the marker
    return re.sub(r'(id|href)="(#?)(?:fn:|fnref:)?zq-', r'\1="\2', html).replace("zq-", "")


def corpus(dialect: str) -> list[Path]:
    return sorted((CORPUS / dialect).glob("*.md"))


def editions(dialect: str, path: Path) -> tuple[str, str, str, int]:
    source = path.read_text(encoding="utf-8")
    article = read_article(source, f"source/{path.name}", path.stem, dialect=dialect)
    identity = rebuild_document(article, lambda segment: segment.text)
    marked = rebuild_document(article, lambda segment: f"{MARK} {segment.text}")
    body = [s for s in article.segments if article.document.places[s.locator].mode != "field"]
    return source, identity, marked, len(body)


def test_every_dialect_has_a_module_and_a_setting_value():
    assert DIALECT_NAMES == MARKDOWN_DIALECTS


@pytest.mark.parametrize("dialect", DONE)
def test_identity_and_marker_editions_render_like_the_source(dialect):
    reason = dialect_oracles.missing(dialect)
    if reason:
        pytest.skip(f"the {dialect} renderer is not installed ({reason}; .ci/run installs it)")
    files = corpus(dialect)
    assert files, f"no corpus in tests/dialects/{dialect}"
    built = [editions(dialect, path) for path in files]
    documents = [document for source, identity, marked, _ in built for document in (source, identity, marked)]
    html = dialect_oracles.render(dialect, documents)
    failures = []
    for index, (path, (_, _, _, count)) in enumerate(zip(files, built)):
        source_html, identity_html, marked_html = html[3 * index : 3 * index + 3]
        assert count > 0, f"{path.name}: no segment"
        if squash(identity_html) != squash(source_html):
            failures.append((path.name, "identity", squash(source_html), squash(identity_html)))
        if squash(unmark(marked_html)) != squash(unmark(source_html)):
            failures.append((path.name, "marker", squash(source_html), squash(marked_html)))
        elif marked_html.count(MARK) < count:
            failures.append((path.name, f"markers rendered {marked_html.count(MARK)} of {count}", "", ""))
    for failure in failures:
        print(*failure, sep="\n", end="\n\n")
    known = sorted(name for known_dialect, name in KNOWN if known_dialect == dialect)
    assert sorted({failure[0] for failure in failures}) == known


def test_the_markdown_setting_names_a_dialect(tmp_path):
    (tmp_path / "bitext.toml").write_text('markdown = "kramdown"\ntranslate_html = false\n')
    settings = load_settings(tmp_path)
    assert (settings.markdown, settings.translate_html) == ("kramdown", False)
    (tmp_path / "bitext.toml").write_text('languages = ["fr"]\nmarkdown = "jekyll"\n')
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path)
    assert raised.value.line == 2
    assert "unknown markdown dialect 'jekyll'; expected one of commonmark, gfm, kramdown" in str(raised.value)


HOSTILE = ["<script>alert(1)</script>", "x {: onclick=alert(1) }", "::: danger\nx", "{{< x >}} y", "⟦9⟧ z",
           "x\n{: #id}", "% Title", "!!! note \"x\"", "a | b", "[[toc]]", "{% endif %}"]


@pytest.mark.parametrize("dialect", DONE)
def test_hostile_translations_keep_each_dialects_structure(dialect):
    from bitext.segment import render_html_body
    from bitext.segment.parser import parse_blocks

    def shape(text):
        return [(t.type, t.tag, t.level) for t in parse_blocks(text, dialect, False) if t.type != "inline"]

    for path in corpus(dialect):
        source = path.read_text(encoding="utf-8")
        article = read_article(source, f"source/{path.name}", path.stem, dialect=dialect)
        plain = render_html_body(article, lambda segment: None)
        for hostile in HOSTILE:
            rebuilt = rebuild_document(article, lambda segment: hostile)
            assert shape(rebuilt) == shape(source), (path.name, hostile)
            body = render_html_body(article, lambda segment: (hostile, {}))
            assert "<script" not in body.replace(plain, ""), (path.name, hostile)
            assert "onclick" not in scan(body).attrs, (path.name, hostile)


def test_attribute_lists_go_on_the_element_in_bitexts_own_html():
    from bitext.segment import render_html_body

    article = read_article("# Title {#install}\n\nSome text\n{: .note .info}\n\n{: .warning}\nWarned.\n",
                           "source/a.md", "a", dialect="kramdown")
    assert [s.text for s in article.segments] == ["Title", "Some text", "Warned."]
    body = render_html_body(article, lambda segment: (f"ES {segment.text} {{: .evil onclick=x}}", {}))
    assert '<h1 id="install">ES Title {: .evil onclick=x}</h1>' in body
    assert '<p class="note info">ES Some text {: .evil onclick=x}</p>' in body
    assert '<p class="warning">ES Warned. {: .evil onclick=x}</p>' in body
