"""What readers and editors see: everything `bitext build` writes, as strings and bytes.

Renderers only; none touches a path (the build command writes each result atomically).

- `markdown.render_translated_document` — the translated article in its source format;
- `html.render_edition_html` — that edition as a standalone, self-contained HTML page;
- `html.render_bilingual_html` — source and translation side by side, for editors;
- `tmx.render_tmx` — a TMX 1.4b memory of the translated entries;
- `index.render_index_html` (+ `IndexRow`) — the build's front page;
- `diff.diff_words` — word-level changes of a stale segment's source;
- `choose` — which text each place shows, text cleaning and stable anchors, shared by all.

Jinja2 (autoescape on) is used by `html` and `index` only; templates and CSS live in
`templates/` and are inlined into every page, so pages open offline and fetch nothing.
"""

from bitext.outputs.choose import anchor_ids, choose_text, clean_text
from bitext.outputs.diff import diff_words
from bitext.outputs.html import render_bilingual_html, render_edition_html
from bitext.outputs.index import IndexRow, render_index_html
from bitext.outputs.markdown import render_translated_document
from bitext.outputs.tmx import render_tmx

__all__ = [
    "IndexRow",
    "anchor_ids",
    "choose_text",
    "clean_text",
    "diff_words",
    "render_bilingual_html",
    "render_edition_html",
    "render_index_html",
    "render_tmx",
    "render_translated_document",
]
