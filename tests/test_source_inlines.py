"""The bilingual page's source cells take their inline tokens from the document's parse
(`markdown._offer_source_inlines`) instead of parsing each segment's text again: what is
offered must be exactly what `render_inline_html` would parse, token for token, also for
wrapped paragraphs, whose segment text has a space where the source breaks the line.  The
links, images and tags read off those tokens (`safety.remember_source_markup`) must be what
`source_markup`'s own permissive parse finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from bitext.segment import markdown, read_article, safety, tokencache
from bitext.segment.parser import parse_inline
from bitext.segment.safety import inline_markdown

HERE = Path(__file__).parent
SPEC = Path("/work/shared/data/commonmark/spec-0.31.2.json")


def _offers(text: str, monkeypatch) -> tuple[list[tuple[str, list]], dict]:
    """(segment text, offered tokens) for each place of `text`'s source cells, and the env."""
    try:
        article = read_article(text, "a.md", "a")
    except Exception:  # noqa: BLE001 - a source bitext refuses has no page
        return [], {}
    offered: list[tuple[str, list]] = []
    tokencache.clear()
    def offer(kind, key, value):
        tokens = value()
        if tokens is not None:  # None: not offered
            offered.append((key[1], tokens))

    monkeypatch.setattr(tokencache, "offer", offer)
    env, tokens = markdown._parsed_body(article.document)
    markdown._offer_source_inlines(article, tokens)
    monkeypatch.undo()
    return offered, dict(article.document.env)


def _parsed(text: str, env: dict) -> list[dict]:
    return [token.as_dict() for token in parse_inline(inline_markdown(text, single_line=False), dict(env))]


def _documents() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((HERE / "cases" / "segment").rglob("*.md"))]
    if SPEC.exists():
        texts += [example["markdown"] for example in json.loads(SPEC.read_text(encoding="utf-8"))]
    return texts


def test_every_offer_is_what_parsing_the_segment_text_gives(monkeypatch):
    count = 0
    for text in _documents():
        offers, env = _offers(text, monkeypatch)
        for segment_text, tokens in offers:
            assert [token.as_dict() for token in tokens] == _parsed(segment_text, env), (text, segment_text)
            count += 1
    assert count > 300


def test_a_wrapped_paragraph_is_offered_as_one_line(monkeypatch):
    text = "A *wrapped\nparagraph* with [a\nlink](/u) and `code\nspan`\nand more.\n"
    offers, env = _offers(text, monkeypatch)
    assert [segment for segment, _tokens in offers] == [
        "A *wrapped paragraph* with [a link](/u) and `code span` and more."]
    assert [token.as_dict() for token in offers[0][1]] == _parsed(offers[0][0], env)
    assert "softbreak" not in [token.type for token in offers[0][1]]


@pytest.mark.parametrize("text", [
    'A [link](/u "a\ntitle") here\n',  # the title keeps its line break
    "An <a\nhref='x'>tag</a> here\n",  # so does an HTML tag
])
def test_what_keeps_a_line_break_is_parsed_instead(text, monkeypatch):
    offers, _env = _offers(text, monkeypatch)
    assert offers == []


_WORDS = st.sampled_from(["a", "b*", "*c", "_d_", "**e", "f**", "`g", "h`", "[i", "](/u)", "[j]", "<k>",
                          "<http://l.m>", "\\*", "&amp;", "n!", "[", "]", "(", ")", "'", '"', "~", "ö"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=6), min_size=2, max_size=5),
       st.booleans())
def test_random_wrapped_paragraphs(lines, with_reference):
    text = "Start " + "\n".join(" ".join(words) for words in lines) + " end\n"
    if with_reference:
        text += "\n[j]: /ref 'T'\n"
    with pytest.MonkeyPatch.context() as monkeypatch:
        offers, env = _offers(text, monkeypatch)
    for segment_text, tokens in offers:
        assert [token.as_dict() for token in tokens] == _parsed(segment_text, env), text


def _markup_read_and_parsed(texts: list[str], monkeypatch) -> int:
    """Compare each markup read off a document's tokens with the permissive parse's; how many."""
    compared = 0
    for text in texts:
        safety._READ_MARKUP.clear()
        _offers(text, monkeypatch)
        for (segment_text, references), markup in list(safety._READ_MARKUP.items()):
            safety._READ_MARKUP.clear()
            safety._source_markup.cache_clear()
            parsed = safety._source_markup(segment_text, references, "keep")
            assert (parsed.tags, parsed.links, parsed.images, parsed.refused) == (*markup, False), segment_text
            compared += 1
    return compared


def test_markup_read_off_the_document_is_what_the_permissive_parse_finds(monkeypatch):
    texts = [*_documents(),
             "A [link](javascript:alert(1)) and <b>a tag</b>\nover two lines.\n",  # refused: parsed
             "A [link](java&#115;cript:alert(1)) with an entity for a letter.\n",  # refused as well
             "A [link][r], an ![image](i.png \"t\") and <i>x</i>.\n\n[r]: /ref\n",
             "Wrapped [a\nlink](/u) and <span\nclass='x'>a tag</span>.\n"]
    assert _markup_read_and_parsed(texts, monkeypatch) > 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=6), min_size=1, max_size=4), st.booleans())
def test_markup_of_random_paragraphs(lines, with_reference):
    text = "Start " + "\n".join(" ".join(words) for words in lines) + " end\n"
    if with_reference:
        text += "\n[j]: /ref 'T'\n"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _markup_read_and_parsed([text], monkeypatch)
