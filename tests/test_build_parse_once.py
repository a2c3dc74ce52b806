"""`build` parses each source once and each translation once (`segment.tokencache`), and
writes exactly the bytes it writes when every page parses afresh.

Renderers change tokens in place (translated children, attributes, HTML made text,
hidden headings), so a token shared between pages would leak one language's page into
the next: the French pages keep a paragraph English, which a shared stream would show
in Spanish.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter

import pytest

import bitext.segment.markdown
import bitext.segment.safety
from bitext.segment import tokencache
from conftest import run_cli
from site_sample import fake_translate, make_site

# raw HTML, reference links, a table, a tight list and repeated headings: places each
# page changes in its own way
EXTRA = textwrap.dedent("""\
    # Extra page

    A paragraph with <em>inline HTML</em> and a [reference link][ref].

    <div class="note">
    An HTML block with prose.
    </div>

    | Column one | Column two |
    |---|---|
    | A cell with *emphasis* | [a link](la.md) |

    - a tight item
    - another tight item

    ## Repeat

    ## Repeat

    [ref]: https://example.org/ "A title"
    """)


def publication(tmp_path, raw_html: str):
    root = make_site(tmp_path / "pub", extra_settings=f'raw_html = "{raw_html}"\n')
    (root / "source" / "extra.md").write_text(EXTRA, encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    for language in ("es", "fr", "de"):
        # French keeps one paragraph English: its pages must not show another language's text
        fake_translate(root, language, language.upper() + " ", keep=lambda msgid: language == "fr" and "tight" in msgid)
    return root


def outputs(root) -> dict[str, bytes]:
    build = root / "build"
    return {str(p.relative_to(build)): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file() and p.name != ".bitext-build.json"}


@pytest.mark.parametrize("raw_html", ["keep", "escape"])
def test_cached_build_writes_the_bytes_of_an_uncached_one(tmp_path, monkeypatch, raw_html):
    root = publication(tmp_path, raw_html)
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    tokencache.clear()
    assert run_cli(root, "build", "--threshold", "0").exit_code == 0
    monkeypatch.setattr(tokencache, "ENABLED", False)
    assert run_cli(twin, "build", "--threshold", "0").exit_code == 0
    cached, fresh = outputs(root), outputs(twin)
    assert any(path.startswith("fr/") for path in cached)
    assert cached == fresh
    # and the French page really kept its English item (what a shared stream would lose)
    page = cached["fr/extra.html"].decode()
    assert "a tight item" in page and "ES a tight item" not in page and "FR A paragraph" in page


def test_each_source_and_translation_is_parsed_once(tmp_path, monkeypatch):
    root = publication(tmp_path, "keep")
    tokencache.clear()
    sources: Counter = Counter()
    translations: Counter = Counter()
    parse_body = bitext.segment.markdown._parse_body
    parse_document = bitext.segment.markdown.parse_document
    children = bitext.segment.safety._translation_children
    # a source is parsed whole when it is read (planning) and for its pages: once in all
    monkeypatch.setattr(bitext.segment.markdown, "_parse_body",
                        lambda document: sources.update([document.text]) or parse_body(document))

    def counted(text, dialect, env, blocks_only=False):
        if not blocks_only:  # (a block-only parse checks a rebuilt document's structure)
            sources.update([text])
        return parse_document(text, dialect, env, blocks_only)

    monkeypatch.setattr(bitext.segment.markdown, "parse_document", counted)
    monkeypatch.setattr(bitext.segment.safety, "_translation_children",
                        lambda text, *rest: translations.update([(text, *rest[::2])]) or children(text, *rest))
    assert run_cli(root, "build", "--threshold", "0").exit_code == 0
    # three articles, four pages each (English and three editions), one parse each, its reading's
    assert len(sources) == 3 and set(sources.values()) == {1}
    assert any(text.startswith("FR ") for text, *_ in translations)
    assert set(translations.values()) == {1}
