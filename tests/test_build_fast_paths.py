"""`build`'s shortcuts write the bytes of the general paths they spare.

With `tokencache.ENABLED` off every page parses afresh and none of the shortcuts is taken:
the source's block signature is parsed again instead of being read off its reading, every
translation's lines are parsed to see they make one paragraph, a translation's escaping
is done again for each output, and the bilingual page's source cells are parsed instead
of taken from the document's parse; and every article is planned before any is rendered,
its pages parsing it again, where with the shortcuts an article is rendered by the worker
that planned it, from the planning's parse (unless it links to another article or the memory
may change its catalogs).  Builds both ways must write the same bytes, on this repository's
publication, on a corpus made like the benchmark's and on articles of every kind (front
matter, reference definitions, HTML blocks, tables, links between articles, plain text), in
one process and in workers (articles kept by the planner, jobs inherited by fork).
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import string
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st
from markdown_it.token import Token

import bitext.building
import bitext.errors
import bitext.files
import bitext.publication
from bitext.pofile import generate_po, read_po
from bitext.segment import tokencache
from bitext.segment.parser import get_parser, parse_blocks
from bitext.segment.safety import _is_one, _plainly_one_block
from conftest import run_cli

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from corpus import build_corpus  # noqa: E402  (bench/ is not a package)


def outputs(root: Path) -> dict[str, bytes]:
    build = root / "build"
    return {str(p.relative_to(build)): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file() and p.name != ".bitext-build.json"}


def both_ways(root: Path, tmp_path: Path, monkeypatch, *args: str) -> dict[str, bytes]:
    """Build `root` with the shortcuts and a copy of it without; the outputs, once compared."""
    twin = tmp_path / "general"
    shutil.copytree(root, twin)
    tokencache.clear()
    result = run_cli(root, "build", *args)
    assert result.exit_code == 0, result.output
    with monkeypatch.context() as patch:
        patch.setattr(tokencache, "ENABLED", False)
        result = run_cli(twin, "build", *args)
        assert result.exit_code == 0, result.output
    fast, general = outputs(root), outputs(twin)
    assert fast.keys() == general.keys()
    for path in fast:
        assert fast[path] == general[path], path
    return fast


def test_the_repository_publication_builds_the_same_both_ways(repo_copy, tmp_path, monkeypatch):
    built = both_ways(repo_copy, tmp_path, monkeypatch, "--threshold", "0")
    assert "es/la-immigrant-movement.bilingual.html" in built and "es/la-immigrant-movement.md" in built


def _translate(root: Path, language: str, rng: random.Random) -> None:
    """Translations of every kind the shortcuts must tell apart: plain words, words
    starting with markup, a line that would start a block, a pipe, an added link."""
    shapes = [
        lambda text: "Traducido: " + text,
        lambda text: "*énfasis* " + text,
        lambda text: "# " + text,
        lambda text: "1. " + text,
        lambda text: text + " | " + text,
        lambda text: "Ver [otro](https://example.org/) " + text,
        lambda text: "línea\n- " + text,
        lambda text: "Ünïcode\nsegunda línea " + text,
    ]
    for path in sorted((root / "locales" / language / "LC_MESSAGES").rglob("*.po")):
        relative = str(path.relative_to(root))
        catalog = read_po(path.read_bytes(), relative)
        for entry in catalog.entries:
            if entry.msgid and not entry.obsolete and rng.random() < 0.9:
                entry.msgstr = rng.choice(shapes)(entry.msgid)
        path.write_text(generate_po(catalog), encoding="utf-8")


def test_a_generated_corpus_builds_the_same_both_ways_in_workers(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    (root / "source").mkdir(parents=True)
    (root / "bitext.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    corpus = build_corpus(6, 12, seed=3)
    for slug in corpus.rev1:
        (root / "source" / f"{slug}.md").write_text(corpus.markdown(1, slug), encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    _translate(root, "es", random.Random(5))
    # workers even for six articles: the planner keeps the articles, forked renderers
    monkeypatch.setattr(bitext.building, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(bitext.publication, "PARALLEL_MIN_ARTICLES", 2)
    built = both_ways(root, tmp_path, monkeypatch, "--threshold", "0")
    assert len([path for path in built if path.endswith(".bilingual.html")]) == 6


_LETTERS = st.sampled_from("aZéßжק中")
_ANY = st.text(alphabet=string.ascii_letters + string.punctuation + " \t\u00a0é", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LETTERS, _ANY), min_size=1, max_size=4), st.sampled_from(["", "=", "-"]),
       st.booleans())
def test_lines_seen_as_one_block_without_a_parse_parse_as_one(pairs, underline, shielded):
    lines = [first + rest.rstrip(" \t") for first, rest in pairs]
    if not _plainly_one_block(lines):
        assert any("|" in line for line in lines)
        return
    parsed = ["\u00a0" + lines[0], *lines[1:]] if shielded else lines
    if underline:
        tokens = get_parser(permissive=True).parse("\n".join(parsed) + "\n" + underline * 3, {})
        assert _is_one(tokens, "heading_open", len(lines) + 1)
    else:
        assert _is_one(get_parser(permissive=True).parse("\n".join(parsed), {}), "paragraph_open", len(lines))


def test_a_block_only_parse_has_the_full_parse_s_blocks():
    text = "# T\n\n> a *b*\n> - c\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n[r]: javascript:x\n\n```\ncode\n```\n"
    full = [(t.type, t.tag, t.map, t.level, t.hidden) for t in get_parser(permissive=True).parse(text, {})]
    blocks = [(t.type, t.tag, t.map, t.level, t.hidden) for t in parse_blocks(text, permissive=True)]
    assert full == blocks


def test_a_token_copy_has_every_field_and_shares_nothing_mutable():
    tokens = get_parser().parse("# A *b* [c](d \"t\")\n\n- e\n", {})
    copies = tokencache.copy_tokens(tokens)
    names = [field.name for field in dataclasses.fields(Token)]
    for original, copy in zip(tokens, copies):
        assert all(getattr(copy, name) == getattr(original, name) for name in names)
    link = next(child for child in copies[1].children if child.type == "link_open")
    link.attrs["href"] = "elsewhere"
    copies[1].children.append(Token("text", "", 0))
    copies[1].map[0] = 99
    assert tokens[1].children[-1].type != "text" or len(tokens[1].children) < len(copies[1].children)
    assert next(child for child in tokens[1].children if child.type == "link_open").attrs["href"] == "d"
    assert tokens[1].map[0] == 0


# Articles of every kind the rendering in the planning worker must tell apart (`building._render_early`)
KINDS = {
    # front matter, reference definitions, an HTML block with prose, a table, an image (an asset)
    # and one named in raw HTML (linked beside the pages)
    "front.md": """\
---
title: "A title in front matter"
description: Words about the article
date: 2026-01-14
---

# The heading of *the* article

A paragraph with a [reference link][ref] and an ![image of a map](img/map.png).

<div class="note">
Prose inside an HTML block, <em>emphasised</em>.
<img src="img/map.png" alt="A map drawn by hand">
</div>

| Column one | Column two |
|---|---|
| A cell with *emphasis* | Another cell |

- A tight item
- Another tight item

[ref]: https://example.org/ref "The reference's title"
""",
    # links to other articles, whose editions decide its links: rendered where planned on what
    # the last build published (every language without one), rendered again when that was wrong
    # (the draft has no edition), kept when it was right
    "links.md": """\
# Links to the others

See [the front article](front.md#the-heading-of-the-article), [the list](list.md) and
[the draft](draft.md), which has no edition but the English one.

And [itself](links.md) too.
""",
    "further.md": "# Further reading\n\nSee [the front article](front.md), in your language.\n",
    # only itself
    "self.md": """\
# Only itself

A link to [this page](self.md#only-itself), nowhere else.
""",
    # a first `---` line that opens no front matter: a thematic break
    "rule.md": """\
---
Just a line of prose between two rules
---

# After the rules

A paragraph after them.
""",
    # a list first: a first line starting with `-`
    "list.md": """\
- The first item of a list that opens the article
- The second item

A paragraph after the list.
""",
    "plain.txt": "A plain text article.\n\nIts second paragraph, with <angle brackets>.\n",
    # left untranslated: below the threshold
    "draft.md": "# A draft nobody translated\n\nIts only paragraph.\n",
}


def _kinds_publication(root: Path) -> Path:
    (root / "source" / "img").mkdir(parents=True)
    (root / "source" / "img" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really a picture")
    for name, text in KINDS.items():
        (root / "source" / name).write_text(text, encoding="utf-8")
    (root / "bitext.toml").write_text('languages = ["es", "fr"]\n', encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    for language in ("es", "fr"):
        _translate(root, language, random.Random(language))
        draft = root / "locales" / language / "LC_MESSAGES" / "draft.po"
        catalog = read_po(draft.read_bytes(), str(draft))
        for entry in catalog.entries:
            entry.msgstr = ""
        draft.write_text(generate_po(catalog), encoding="utf-8")
    # a segment new to its catalog, which another catalog translates: the memory fills it,
    # so this article is rendered after planning (the memory is applied to every plan first)
    with (root / "source" / "list.md").open("a", encoding="utf-8") as source:
        source.write("\nJust a line of prose between two rules\n")
    return root


@pytest.mark.parametrize("workers", [True, False], ids=["workers", "one-process"])
@pytest.mark.parametrize("args", [("--threshold", "50"), ("--lang", "es", "--threshold", "50")], ids=["all", "lang"])
def test_articles_of_every_kind_build_the_same_both_ways(tmp_path, monkeypatch, workers, args):
    root = _kinds_publication(tmp_path / "kinds")
    if workers:
        monkeypatch.setattr(bitext.building, "PARALLEL_MIN_ARTICLES", 2)
    if args[0] == "--lang":  # French pages on disk (the languages not built link to them), and a record
        assert run_cli(root, "build", "--threshold", "50").exit_code == 0
    received = bitext.publication._received
    where: dict[str, bool] = {}  # slug -> rendered where it was planned

    def spied(results, *rest, **options):
        def each():
            for result in results:
                if isinstance(result, bitext.publication.ArticlePlan):
                    where.setdefault(result.source.slug, isinstance(result.after, bitext.building._Early))
                yield result
        return received(each(), *rest, **options)

    monkeypatch.setattr(bitext.publication, "_received", spied)
    forget = bitext.files.WriteSet.forget
    again: set[str] = set()  # articles rendered where planned on a wrong assumption

    def forgotten(self, pendings):
        again.update(Path(pending.shown).name.split(".")[0] for pending in pendings)
        return forget(self, pendings)

    monkeypatch.setattr(bitext.files.WriteSet, "forget", forgotten)
    built = both_ways(root, tmp_path, monkeypatch, *args)
    assert where == {"front": True, "self": True, "rule": True, "plain": True, "draft": True, "links": True,
                     "further": True, "list": False}
    # without a record every language is assumed published: the draft is not; with the
    # record of a build alike, every assumption holds
    assert again == ({"links"} if args[0] != "--lang" else set())
    page = built["es/links.html"].decode()
    assert 'href="front.html#the-heading-of-the-article"' in page and 'href="../en/draft.html"' in page
    assert "es/draft.html" not in built and "es/draft.bilingual.html" in built
    assert "es/front.bilingual.html" in built and "es/front.md" in built


@pytest.mark.parametrize("workers", [True, False], ids=["workers", "one-process"])
def test_a_planning_error_after_pages_rendered_where_planned_leaves_nothing(tmp_path, monkeypatch, workers):
    """Pages rendered in the planning workers are temporaries of the build: an article that
    fails to plan (its catalog, another's source) removes them all, and the first failure in
    slug order is the one reported, as when every article is planned before any renders."""
    root = _kinds_publication(tmp_path / "kinds")
    if workers:
        monkeypatch.setattr(bitext.building, "PARALLEL_MIN_ARTICLES", 2)
    (root / "locales" / "fr" / "LC_MESSAGES" / "plain.po").write_text('msgid "x"\nmsgstr\n', encoding="utf-8")
    with (root / "source" / "self.md").open("a", encoding="utf-8") as source:
        source.write("\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n")
    before = sorted(path for path in root.rglob("*"))
    result = run_cli(root, "build", "--threshold", "0")
    assert result.exit_code == 2
    assert result.stderr.startswith("bitext: error: locales/fr/LC_MESSAGES/plain.po:")
    assert sorted(path for path in root.rglob("*")) == before  # no build/, no temporary


@pytest.mark.parametrize("workers", [True, False], ids=["workers", "one-process"])
@pytest.mark.parametrize("failing, reported", [(("self", "links"), "links"), (("links", "front"), "front")],
                         ids=["after-planning-first", "where-planned-first"])
def test_a_page_that_cannot_be_written_stops_the_build_at_the_first_article(tmp_path, monkeypatch, workers,
                                                                              failing, reported):
    """The first article in slug order whose page cannot be written is the one reported,
    whether it was rendered where it was planned or after planning ("links" links to
    other articles); every temporary is removed and no build/ is made."""
    root = _kinds_publication(tmp_path / "kinds")
    if workers:
        monkeypatch.setattr(bitext.building, "PARALLEL_MIN_ARTICLES", 2)
    real = bitext.building.write_temporary

    def refusing(path, shown, data, **options):
        if any(shown.endswith(f"/{slug}.bilingual.html") for slug in failing):
            raise bitext.errors.BitextError("cannot write: No space left on device", shown)
        return real(path, shown, data, **options)

    monkeypatch.setattr(bitext.building, "write_temporary", refusing)
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    result = run_cli(root, "build", "--threshold", "0")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"bitext: error: build/es/{reported}.bilingual.html: cannot write")
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before


def test_a_forgotten_temporary_leaves_no_folder_behind(tmp_path):
    """Pages rendered on a wrong assumption are forgotten (`WriteSet.forget`); a folder made
    for them is still removed when the build fails later, as every folder it made is."""
    from bitext.files import WriteSet, write_temporary

    with WriteSet() as writes:
        first = write_temporary(tmp_path / "build" / "es" / "a.html", "build/es/a.html", "a", sync=False)
        writes.adopt(first)
        writes.adopt(write_temporary(tmp_path / "build" / "es" / "b.html", "build/es/b.html", "b", sync=False))
        writes.forget([first])
        assert [path.name for path in (tmp_path / "build" / "es").iterdir()] != []
        assert not any(path.name.startswith(".a.html") for path in (tmp_path / "build" / "es").iterdir())
    assert list(tmp_path.iterdir()) == []


def test_once_a_worker_meets_an_error_the_others_only_plan(monkeypatch):
    """The run will raise the first error in slug order, so pages rendered where planned
    would be thrown away: once any planning error is met, `after` (the rendering) runs no
    more and the articles are only planned, to find which error comes first."""
    import threading

    import bitext.publication as publication

    rendered: list[str] = []

    def plan(slug, *rest):
        if slug == "bad":
            raise bitext.errors.BitextError("malformed", "locales/es/LC_MESSAGES/bad.po", 3)
        return SimpleNamespace(slug=slug, catalogs=[], after=None)

    monkeypatch.setattr(publication, "plan_article", plan)
    monkeypatch.setattr(publication, "_AFTER", [lambda item: rendered.append(item.slug) or item.slug])
    monkeypatch.setattr(publication, "_FAILED", [threading.Event()])
    results = [publication._plan_worker((slug, False, False)) for slug in ("a", "bad", "c", "d")]
    assert rendered == ["a"]
    assert [getattr(result, "after", None) for result in results] == ["a", None, None, None]
    assert isinstance(results[1], bitext.errors.BitextError)


@pytest.mark.parametrize("raw_html", ["keep", "escape", "drop"])
def test_tokens_handed_out_uncopied_are_never_changed_by_a_page(tmp_path, monkeypatch, raw_html):
    """A cached inline parse of only text, code, emphasis and breaks is handed to every page
    as it is (`tokencache.copy_changeable`); links, images and inline HTML, which pages change
    in place (URLs rewritten to the language's pages, HTML escaped or dropped, an image's alt
    set), are copied.  Every page must write what pages parsing afresh write: here the Spanish
    and French bilingual pages show the same English, whose link reaches a Spanish edition
    from one and the English one from the other."""
    root = _kinds_publication(tmp_path / "kinds")
    (root / "bitext.toml").write_text(f'languages = ["es", "fr"]\nraw_html = "{raw_html}"\n',
                                      encoding="utf-8")
    (root / "source" / "inline.md").write_text(
        "# Inline *markup* of every kind\n\n"
        "Plain words, `code`, **strong** and *emphasis*,\nwrapped over two lines.\n\n"
        "A <b>tag</b>, a [link](half.md) and an ![image](img/map.png \"T\") together.\n\n"
        "- An item with a [link](half.md#top)\n- An item with <i>HTML</i>\n", encoding="utf-8")
    (root / "source" / "half.md").write_text("# Translated into Spanish only\n\nIts paragraph.\n",
                                             encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    for language in ("es", "fr"):
        _translate(root, language, random.Random(language + raw_html))
    half = root / "locales" / "fr" / "LC_MESSAGES" / "half.po"
    catalog = read_po(half.read_bytes(), str(half))
    for entry in catalog.entries:
        entry.msgstr = ""
    half.write_text(generate_po(catalog), encoding="utf-8")
    built = both_ways(root, tmp_path, monkeypatch, "--threshold", "50")
    assert "es/half.html" in built and "fr/half.html" not in built
    assert 'href="half.html"' in built["es/inline.bilingual.html"].decode()
    assert 'href="../en/half.html"' in built["fr/inline.bilingual.html"].decode()


def test_copy_changeable_copies_only_what_a_page_may_change():
    plain = [Token("text", "", 0, content="a"), Token("em_open", "em", 1), Token("softbreak", "br", 0)]
    assert tokencache.copy_changeable(plain) is plain
    for kind in ("link_open", "image", "html_inline", "footnote_ref"):
        tokens = [*plain, Token(kind, "", 0, children=[Token("text", "", 0, content="alt")])]
        copied = tokencache.copy_changeable(tokens)
        assert copied is not tokens and copied == tokens
        assert all(a is b for a, b in zip(copied[:3], plain))  # read only: shared
        assert copied[3] is not tokens[3] and copied[3].children[0] is not tokens[3].children[0]


def test_a_documents_copy_shares_only_children_pages_read():
    tokens = get_parser().parse("Plain *words*\nover two lines.\n\nA [link](u) and <b>tag</b>.\n", {})
    copied = tokencache.copy_tokens(tokens, share_read_only=True)
    assert all(a is not b and a == b for a, b in zip(copied, tokens))
    plain, linked = [index for index, token in enumerate(tokens) if token.type == "inline"]
    assert copied[plain].children is tokens[plain].children
    assert copied[linked].children is not tokens[linked].children
    assert copied[linked].children == tokens[linked].children
    for a, b in zip(copied[linked].children, tokens[linked].children):  # copied where a page changes it
        assert (a is b) == (b.type in ("text", "softbreak", "em_open", "em_close"))


def test_build_merges_catalogs_without_writing_them_out(tmp_path, monkeypatch):
    """`build` asks a catalog's plan for its resolutions and counts only: the merge's PO text is
    not made nor compared with the file (`plan_catalog(compare=False)`), memory re-merges
    included, and the pages are those of plans that did."""
    root = _kinds_publication(tmp_path / "kinds")
    twin = tmp_path / "compared"
    shutil.copytree(root, twin)
    made = []
    real_generate = bitext.publication.generate_po
    monkeypatch.setattr(bitext.publication, "generate_po", lambda catalog: made.append(1) or real_generate(catalog))
    assert run_cli(root, "build", "--threshold", "50").exit_code == 0
    assert made == []
    real_plan = bitext.publication.plan_catalog
    monkeypatch.setattr(bitext.publication, "plan_catalog",
                        lambda *args, **options: real_plan(*args, **{**options, "compare": True}))
    assert run_cli(twin, "build", "--threshold", "50").exit_code == 0
    assert made  # the twin's plans did make and compare the texts
    assert outputs(root) == outputs(twin)
