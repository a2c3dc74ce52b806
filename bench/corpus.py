"""Deterministic benchmark corpus: English Markdown articles, a pseudo-translation, a revision.

Contract:
- ``build_corpus(articles, segments_per_article, revised, seed)`` returns the same ``Corpus`` for
  the same arguments, on any machine (only ``random.Random(seed)`` decides).
- Revision 1 has ``articles`` articles of about ``segments_per_article`` segments each: headings,
  paragraphs, bullet and numbered list items, block-quote paragraphs, plus fenced code blocks (not
  segments). Inline markup: ``*emphasis*``, ``**strong**``, `` `code` `` and ``[links](url)``.
  Paragraphs are wrapped at 78 columns as people write them.
- Every segment's text is unique in the whole corpus (revision 1 and 2 together), so a text
  names one segment and a translation names one segment.
- Every segment has a pseudo-translation that keeps the inline markup (same URLs, same code
  spans, same number of emphasis and strong spans) and changes the words.
- Revision 2 revises the fraction ``revised`` of the segments: 70 % of it edited (a word
  replaced, words inserted or deleted, a link target changed...), 10 % inserted, 10 % deleted,
  10 % of paragraphs moved elsewhere in their article. ``Corpus.changes`` is the ground truth: for
  every segment of revision 2, how it came to be and from which revision-1 segment.
- Rendering is checked with markdown-it-py (a real CommonMark parser): each segment must come out
  as exactly one inline block whose text is the segment's text.

``python bench/corpus.py --articles 3 --out DIR`` writes a sample to look at.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

__all__ = [
    "Block",
    "Change",
    "Corpus",
    "Segment",
    "build_corpus",
    "normalize_key",
    "render_markdown",
    "verify_corpus",
    "translate_markdown",
    "write_corpus",
]

WRAP_WIDTH = 78

# Share of the revised fraction that each kind of change takes.
EDIT_SHARE, INSERT_SHARE, DELETE_SHARE, MOVE_SHARE = 0.70, 0.10, 0.10, 0.10

FUNCTION_WORDS = {
    "the": "el", "of": "de", "and": "y", "to": "a", "a": "un", "in": "en", "is": "es",
    "that": "que", "for": "para", "it": "ello", "as": "como", "with": "con", "was": "fue",
    "on": "sobre", "by": "por", "from": "desde", "this": "este", "are": "son", "be": "ser",
    "at": "junto", "or": "o", "not": "no", "have": "tienen", "we": "nosotros", "their": "su",
    "which": "cual", "when": "cuando", "can": "pueden", "more": "más", "will": "hará",
    "all": "todos", "about": "acerca", "after": "después", "before": "antes", "but": "pero",
    "into": "dentro", "most": "mayoría", "new": "nuevo", "only": "solo", "other": "otro",
    "some": "algunos", "than": "que", "then": "entonces", "there": "allí", "these": "estos",
    "they": "ellos", "through": "través", "under": "bajo", "very": "muy", "where": "donde",
    "while": "mientras", "who": "quien", "why": "porqué", "would": "haría", "each": "cada",
}

COMMON_WORDS = (
    "people city water report council data system government project school health market "
    "energy river policy study team record network budget village museum library archive "
    "harbour garden station festival election article reader editor source letter answer "
    "question figure number morning evening winter summer spring autumn year month week "
    "history language country region street bridge forest island mountain coast farm field "
    "factory worker teacher student doctor nurse farmer writer painter singer author mayor "
    "minister judge court law rule plan map road train ship plane road price cost wage tax "
    "rise fall growth change reform debate vote survey census count share group family child "
    "parent friend neighbour visitor guest member leader partner owner tenant buyer seller "
    "open close build write read keep move start finish show tell ask find give take make "
    "bring carry follow lead share test check measure compare publish translate review "
    "large small early late recent local national public private free full empty quiet "
    "strong weak long short high low fast slow clear dark bright warm cold old young simple"
).split()

SYLLABLES = (
    "ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko la le li lo lu ma me mi "
    "mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to va ve vi vo za "
    "zo tra tre tri bra bre cla cle dra fla gra gri pla pre sta ste sto"
).split()
CODAS = ["", "", "n", "r", "s", "l", "m", "t", "nd", "rk", "st"]

SPANISH_SUFFIX = {"a": "as", "e": "es", "i": "is", "o": "os", "u": "us"}


@dataclass(frozen=True)
class Segment:
    """One translatable unit: its kind and its tokens (words, punctuation, inline markup)."""

    id: str
    kind: str  # title, heading 2, paragraph, list item, quote
    tokens: tuple

    @property
    def text(self) -> str:
        return render_tokens(self.tokens, translate=False)

    @property
    def translation(self) -> str:
        return render_tokens(self.tokens, translate=True)


@dataclass
class Block:
    """A Markdown block: ``heading`` (level, one segment), ``paragraph`` (one), ``bullets``,
    ``numbers``, ``quote`` (several segments) or ``code`` (text, no segment)."""

    kind: str
    ids: list[str] = field(default_factory=list)
    level: int = 0
    code: str = ""


@dataclass(frozen=True)
class Change:
    """How a revision-2 segment came to be: unchanged, edited, inserted or moved (from ``origin``)."""

    id: str
    change: str
    origin: str | None


@dataclass
class Corpus:
    segments: dict[str, Segment]
    rev1: dict[str, list[Block]]
    rev2: dict[str, list[Block]]
    changes: dict[str, Change]  # keyed by revision-2 segment id
    deleted: list[str]  # revision-1 segment ids absent from revision 2

    def segment_ids(self, revision: int) -> list[str]:
        articles = self.rev1 if revision == 1 else self.rev2
        return [sid for blocks in articles.values() for block in blocks for sid in block.ids]

    def markdown(self, revision: int, slug: str) -> str:
        articles = self.rev1 if revision == 1 else self.rev2
        return render_markdown(articles[slug], self.segments)


def normalize_key(text: str) -> str:
    """A text's identity whatever a tool did to its markup, wrapping or escaping."""
    return " ".join(re.findall(r"[^\W_]+", text.replace("\\", " "))).lower()


def translate_word(word: str) -> str:
    lower = word.lower()
    if lower in FUNCTION_WORDS:
        out = FUNCTION_WORDS[lower]
    elif lower[-1] in SPANISH_SUFFIX:
        out = lower[:-1] + SPANISH_SUFFIX[lower[-1]]
    else:
        out = lower + "o"
    return out[0].upper() + out[1:] if word[0].isupper() else out


_RAW_PARTS = re.compile(r"(`[^`]*`|\]\([^)]*\)|https?://\S+)|([^\W\d_]+)")


def translate_markdown(text: str) -> str:
    """Pseudo-translate any Markdown text (words only; code spans and link targets kept).

    For tool entries that are not one segment (several paragraphs in one entry, code)."""
    return _RAW_PARTS.sub(lambda m: m.group(1) or translate_word(m.group(2)), text)


def render_tokens(tokens: tuple, translate: bool) -> str:
    """Tokens -> one line of Markdown; ``translate`` gives the pseudo-translation."""
    words = (lambda ws: [translate_word(w) for w in ws]) if translate else list
    parts: list[str] = []
    question = False
    for token in tokens:
        kind = token[0]
        if kind == "punct":
            question = question or token[1] == "?"
            if parts:
                parts[-1] += token[1]
            continue
        if kind == "word":
            text = words([token[1]])[0]
        elif kind in ("em", "strong"):
            mark = token[2]
            text = mark + " ".join(words(token[1])) + mark
        elif kind == "code":
            text = "`" + token[1] + "`"
        elif kind == "link":
            title = f' "{token[3]}"' if token[3] else ""
            text = "[" + " ".join(words(token[1])) + "](" + token[2] + title + ")"
        elif kind == "autolink":
            text = "<" + token[1] + ">"
        else:
            text = token[1]  # number
        parts.append(text)
    line = " ".join(parts)
    if translate and question:
        line = "¿" + line
    return line


def render_markdown(blocks: list[Block], segments: dict[str, Segment]) -> str:
    """One article as Markdown, paragraphs wrapped at ``WRAP_WIDTH`` columns."""

    def wrap(text: str, first: str, rest: str) -> list[str]:
        return textwrap.wrap(
            text, WRAP_WIDTH, initial_indent=first, subsequent_indent=rest,
            break_long_words=False, break_on_hyphens=False,
        )

    out: list[str] = []
    for block in blocks:
        lines: list[str] = []
        if block.kind == "heading":
            lines = ["#" * block.level + " " + segments[block.ids[0]].text]
        elif block.kind == "paragraph":
            lines = wrap(segments[block.ids[0]].text, "", "")
        elif block.kind == "bullets":
            for sid in block.ids:
                lines += wrap(segments[sid].text, "- ", "  ")
        elif block.kind == "numbers":
            for n, sid in enumerate(block.ids, 1):
                marker = f"{n}. "
                lines += wrap(segments[sid].text, marker, " " * len(marker))
        elif block.kind == "quote":
            for n, sid in enumerate(block.ids):
                if n:
                    lines.append(">")
                lines += wrap(segments[sid].text, "> ", "> ")
        else:
            lines = ["```python", *block.code.splitlines(), "```"]
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


class _Maker:
    """Random text, every segment unique; the only owner of the random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()
        self.counter = 0
        vocab: set[str] = set()
        while len(vocab) < 4000:
            vocab.add("".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3)))
                      + self.rng.choice(CODAS))
        self.rare = sorted(vocab)
        self.function = sorted(FUNCTION_WORDS)

    def word(self) -> str:
        roll = self.rng.random()
        if roll < 0.40:
            return self.rng.choice(self.function)
        if roll < 0.75:
            return self.rng.choice(COMMON_WORDS)
        return self.rng.choice(self.rare)

    def words(self, low: int, high: int) -> list[str]:
        return [self.word() for _ in range(self.rng.randint(low, high))]

    def url(self) -> str:
        return "https://example.org/{}/{}-{}".format(
            self.rng.choice(COMMON_WORDS), self.rng.choice(self.rare), self.rng.randint(1, 999))

    def inline(self) -> tuple:
        """Inline markup in the spellings people use (both emphasis markers, link titles,
        autolinks, code spans holding markup characters)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            return ("em", tuple(self.words(1, 3)), "*" if rng.random() < 0.8 else "_")
        if roll < 0.45:
            return ("strong", tuple(self.words(1, 2)), "**" if rng.random() < 0.8 else "__")
        if roll < 0.65:
            name = rng.choice(self.rare)
            code = rng.choice((f"{name}_{rng.choice(COMMON_WORDS)}()", f"{name}_{rng.choice(COMMON_WORDS)}()",
                               f"{name}*{rng.randint(2, 9)}", f"<{name}>", f"--{name}=[x]"))
            return ("code", code)
        if roll < 0.95:
            title = rng.choice(COMMON_WORDS).capitalize() if rng.random() < 0.15 else ""
            return ("link", tuple(self.words(1, 4)), self.url(), title)
        return ("autolink", self.url())

    def sentence(self, low: int, high: int, markup: float) -> list[tuple]:
        tokens: list[tuple] = [("word", w) for w in self.words(low, high)]
        tokens[0] = ("word", tokens[0][1].capitalize())
        if self.rng.random() < 0.15:
            tokens.insert(self.rng.randint(1, len(tokens) - 1),
                          ("number", f"{self.rng.randint(2, 999)},{self.rng.randint(100, 999)}"))
        if len(tokens) > 6 and self.rng.random() < 0.4:
            tokens.insert(self.rng.randint(3, len(tokens) - 2), ("punct", ","))
        while self.rng.random() < markup:
            tokens.insert(self.rng.randint(1, len(tokens) - 1), self.inline())
            markup /= 3
        # A sentence must end on a word: a line starting "123." could open a list.
        if tokens[-1][0] == "number":
            tokens.append(("word", self.word()))
        tokens.append(("punct", "?" if self.rng.random() < 0.08 else "."))
        return tokens

    def tokens_for(self, kind: str) -> tuple:
        if kind in ("title", "heading 2", "heading 3"):
            words = self.words(3, 7)
            words[0] = words[0].capitalize()
            return tuple(("word", w) for w in words)
        count = {"paragraph": (2, 5), "list item": (1, 1), "quote": (1, 2)}[kind]
        tokens: list[tuple] = []
        for _ in range(self.rng.randint(*count)):
            tokens += self.sentence(6, 18 if kind == "paragraph" else 14, 0.5)
        return tuple(tokens)

    def unique(self, make) -> tuple:
        while True:
            tokens = make()
            # Texts and translations both unique: each names one segment.
            keys = ("en " + normalize_key(render_tokens(tokens, False)),
                    "es " + normalize_key(render_tokens(tokens, True)))
            if not self.seen.intersection(keys):
                self.seen.update(keys)
                return tokens

    def new_segment(self, segments: dict, kind: str, prefix: str) -> str:
        self.counter += 1
        sid = f"{prefix}{self.counter}"
        segments[sid] = Segment(sid, kind, self.unique(lambda: self.tokens_for(kind)))
        return sid

    def edit(self, tokens: tuple) -> tuple:
        """A revised wording: one to three small edits, as an author makes them."""

        def attempt() -> tuple:
            out = list(tokens)
            for _ in range(self.rng.choice((1, 1, 2, 3))):
                words = [i for i, t in enumerate(out) if t[0] == "word"]
                links = [i for i, t in enumerate(out) if t[0] == "link"]
                roll = self.rng.random()
                if roll < 0.40 and words:
                    i = self.rng.choice(words)
                    new = self.word()
                    out[i] = ("word", new.capitalize() if out[i][1][0].isupper() else new)
                elif roll < 0.60:
                    i = self.rng.randint(1, max(1, len(out) - 1))
                    out[i:i] = [("word", w) for w in self.words(1, 3)]
                elif roll < 0.75 and len(words) > 6:
                    # Never a sentence's first word: the sentence would start in lower case.
                    i = self.rng.choice(words[1:-1])
                    if out[i][1][0].isupper() or out[i + 1][0] == "word" and out[i + 1][1][0].isupper():
                        continue
                    del out[i:i + self.rng.randint(1, 2)]
                    if out[-1][0] != "punct":
                        out.append(("punct", "."))
                elif roll < 0.85 and links:
                    i = self.rng.choice(links)
                    out[i] = ("link", out[i][1], self.url(), out[i][3])
                elif roll < 0.92 and len(out) > 3:
                    i = self.rng.randint(1, len(out) - 1)
                    out.insert(i, self.inline())
                else:
                    out += self.sentence(4, 9, 0.0)
            return tuple(out)

        return self.unique(attempt)


def _make_article(maker: _Maker, segments: dict, index: int, size: int) -> list[Block]:
    rng = maker.rng
    prefix = f"a{index}s"
    blocks = [Block("heading", [maker.new_segment(segments, "title", prefix)], level=1)]
    count = 1
    while count < size:
        roll = rng.random()
        if roll < 0.12 and blocks[-1].kind != "heading":
            level = 2 if rng.random() < 0.7 else 3
            blocks.append(Block("heading", [maker.new_segment(segments, f"heading {level}", prefix)],
                                level=level))
            count += 1
        elif roll < 0.22:
            kind = "bullets" if rng.random() < 0.6 else "numbers"
            n = min(rng.randint(3, 5), size - count)
            blocks.append(Block(kind, [maker.new_segment(segments, "list item", prefix)
                                       for _ in range(n)]))
            count += n
        elif roll < 0.28:
            n = min(rng.randint(1, 2), size - count)
            blocks.append(Block("quote", [maker.new_segment(segments, "quote", prefix)
                                          for _ in range(n)]))
            count += n
        elif roll < 0.31 and blocks[-1].kind == "paragraph":
            name = rng.choice(maker.rare)
            blocks.append(Block("code", code=f"def {name}(value):\n    return value * {rng.randint(2, 9)}\n"))
        else:
            blocks.append(Block("paragraph", [maker.new_segment(segments, "paragraph", prefix)]))
            count += 1
    return blocks


def _revise_article(maker: _Maker, corpus: Corpus, slug: str, revised: float) -> list[Block]:
    rng, segments = maker.rng, corpus.segments
    prefix = f"{slug}-r"
    p_edit = revised * EDIT_SHARE
    p_delete = p_edit + revised * DELETE_SHARE
    p_move = p_delete + revised * MOVE_SHARE
    p_insert = revised * INSERT_SHARE
    out: list[Block] = []
    moved: list[Block] = []
    for n, block in enumerate(corpus.rev1[slug]):
        if block.kind == "code":
            out.append(Block("code", code=block.code))
            continue
        new = Block(block.kind, [], level=block.level)
        inserted: list[Block] = []
        is_moved = False
        for sid in block.ids:
            roll = rng.random() if n else 1.0  # the title stays as it is
            if roll < p_edit:
                maker.counter += 1
                nid = f"{prefix}{maker.counter}"
                segments[nid] = Segment(nid, segments[sid].kind, maker.edit(segments[sid].tokens))
                corpus.changes[nid] = Change(nid, "edited", sid)
                new.ids.append(nid)
            elif roll < p_delete:
                corpus.deleted.append(sid)
            elif roll < p_move and block.kind == "paragraph":
                corpus.changes[sid] = Change(sid, "moved", sid)
                new.ids.append(sid)
                is_moved = True
            else:
                corpus.changes[sid] = Change(sid, "unchanged", sid)
                new.ids.append(sid)
            if n and rng.random() < p_insert:
                if block.kind in ("heading", "paragraph"):
                    nid = maker.new_segment(segments, "paragraph", prefix)
                    inserted.append(Block("paragraph", [nid]))
                else:
                    nid = maker.new_segment(segments, segments[sid].kind, prefix)
                    new.ids.append(nid)
                corpus.changes[nid] = Change(nid, "inserted", None)
        if is_moved:
            moved.append(new)
        elif new.ids:
            out.append(new)
        out += inserted
    for block in moved:
        out.insert(rng.randint(1, len(out)), block)  # anywhere after the title
    return out


def build_corpus(articles: int, segments_per_article: int = 50, revised: float = 0.10,
                 seed: int = 1, slugs: list[str] | None = None) -> Corpus:
    """The corpus for these arguments; same arguments, same corpus.

    Articles are named ``article-0001`` ... unless ``slugs`` names them."""
    maker = _Maker(seed)
    segments: dict[str, Segment] = {}
    width = len(str(articles))
    names = slugs or [f"article-{i:0{width}d}" for i in range(1, articles + 1)]
    rev1 = {name: _make_article(maker, segments, i, segments_per_article)
            for i, name in enumerate(names, 1)}
    corpus = Corpus(segments, rev1, {}, {}, [])
    for slug in rev1:
        corpus.rev2[slug] = _revise_article(maker, corpus, slug, revised)
    return corpus


def verify_corpus(corpus: Corpus) -> None:
    """Raise AssertionError unless every article parses to exactly its segments, in order."""
    parser = MarkdownIt("commonmark").disable("inline")  # block structure is what matters
    for revision, articles in ((1, corpus.rev1), (2, corpus.rev2)):
        for slug, blocks in articles.items():
            expected = [corpus.segments[sid].text for block in blocks for sid in block.ids]
            tokens = parser.parse(render_markdown(blocks, corpus.segments))
            found = [" ".join(t.content.split()) for t in tokens if t.type == "inline"]
            assert found == expected, f"revision {revision} {slug}: parsed blocks differ"


def write_corpus(corpus: Corpus, folder: Path) -> None:
    """``rev1/<slug>.md``, ``rev2/<slug>.md`` and ``truth.json`` (segments and changes)."""
    for revision, articles in ((1, corpus.rev1), (2, corpus.rev2)):
        out = folder / f"rev{revision}"
        out.mkdir(parents=True, exist_ok=True)
        for slug in articles:
            (out / f"{slug}.md").write_text(corpus.markdown(revision, slug), encoding="utf-8")
    truth = {
        "segments": {sid: {"kind": s.kind, "text": s.text, "translation": s.translation}
                     for sid, s in corpus.segments.items()},
        "rev1": {slug: [sid for b in blocks for sid in b.ids] for slug, blocks in corpus.rev1.items()},
        "rev2": {slug: [sid for b in blocks for sid in b.ids] for slug, blocks in corpus.rev2.items()},
        "changes": {c.id: [c.change, c.origin] for c in corpus.changes.values()},
        "deleted": corpus.deleted,
    }
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=0), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3)
    parser.add_argument("--segments", type=int, default=50)
    parser.add_argument("--revised", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    corpus = build_corpus(args.articles, args.segments, args.revised, args.seed)
    verify_corpus(corpus)
    write_corpus(corpus, args.out)
    kinds: dict[str, int] = {}
    for change in corpus.changes.values():
        kinds[change.change] = kinds.get(change.change, 0) + 1
    print(f"{len(corpus.segment_ids(1))} segments in revision 1; revision 2: {kinds}, "
          f"deleted {len(corpus.deleted)}")


if __name__ == "__main__":
    main()
