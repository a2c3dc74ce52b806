"""Reading a Markdown source parses its inline tokens one at a time (`markdown._Inlines`,
for memory): it must read exactly what a full parse reads, for every dialect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bitext.segment import markdown
from bitext.segment.dialects import _MODULES

HERE = Path(__file__).parent
SPEC = Path("/work/shared/data/commonmark/spec-0.31.2.json")


def _documents() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for folder in ("cases/segment", "dialects")
             for path in sorted((HERE / folder).rglob("*.md"))]
    if SPEC.exists():
        texts += [example["markdown"] for example in json.loads(SPEC.read_text(encoding="utf-8"))]
    texts.append("---\ntitle: A *title*\n---\n# Head\n\nSome [link][x] and <b>html</b>  \nbreak\n\n[x]: /u\n")
    texts.append("---\nnot: [a mapping\n")
    texts.append("---\n\ntext after a rule\n")
    return texts


class _Full(markdown._Inlines):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = False


def _read(text: str, dialect: str):
    try:
        segments, data, document = markdown.read_markdown(text, "a.md", ["title"], dialect)
    except Exception as error:  # noqa: BLE001 - the same error either way
        return repr(error)
    return ([(s.text, s.kind, s.line, s.locator) for s in segments], data, document.places,
            [(r.url, r.line, r.kind) for r in document.references], document.signature, document.env)


@pytest.mark.parametrize("dialect", ["commonmark", *sorted(_MODULES)])
def test_reading_token_by_token_reads_what_a_full_parse_reads(dialect, monkeypatch):
    texts = _documents()
    lazily = [_read(text, dialect) for text in texts]
    monkeypatch.setattr(markdown, "_Inlines", _Full)
    for text, lazy in zip(texts, lazily):
        assert lazy == _read(text, dialect), text


def test_commonmark_is_read_token_by_token():
    # the memory saving is real only if the path is taken for the usual dialect; a reading
    # whose parse serves the pages (build) keeps every token's children
    assert markdown._Inlines("a", "commonmark", {}).lazy
    assert not markdown._Inlines("a", "commonmark", {}, lazy=False).lazy


def test_segment_text_is_no_token_content():
    # a kept segment text is its own string, not the block token's content (which would
    # keep the block tokens' memory from being reused after the reading)
    seen = []
    original = markdown._own_copy

    def spy(text: str) -> str:
        copy = original(text)
        seen.append((text, copy))
        return copy

    markdown._own_copy = spy
    try:
        segments, _, _ = markdown.read_markdown("Plain paragraph text.\n\n# Heading\n", "a.md", [])
    finally:
        markdown._own_copy = original
    assert [s.text for s in segments] == ["Plain paragraph text.", "Heading"]
    assert seen and all(copy == text and copy is not text for text, copy in seen)
