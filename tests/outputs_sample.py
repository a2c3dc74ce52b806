"""A small sample article with fake Spanish resolutions, and an HTML inspector, shared by the
output tests (test_outputs, test_tmx, test_output_safety, test_browser)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bitext.model import Article, Counts, Resolution, State
from bitext.segment import read_article

SAMPLE_MD = textwrap.dedent("""\
    ---
    title: The *quiet* harbour
    description: A short walk along the water at dawn.
    authors:
      - Ana Pérez
      - Luis Gómez
    date: 2026-01-14
    caption: Boats at dawn. Photo by Ana Pérez.
    credit: First published by The Harbour Gazette.
    ---

    ## Morning

    The harbour is *quiet* at dawn, and the [fishermen](https://example.org/fish) are already out.

    - Boats and nets
    - Ropes on the pier

    > The sea is not safe today.

    | Boat | Owner |
    |------|-------|
    | Swift | Ana |

    ## Morning

    Come back tomorrow.
    """)

# msgid -> (state, translation, previous msgid)
SAMPLE_ES: dict[str, tuple[State, str | None, str | None]] = {
    "The *quiet* harbour": (State.TRANSLATED, "El puerto *tranquilo*", None),
    "A short walk along the water at dawn.": (State.TRANSLATED, "Un paseo corto junto al agua al amanecer.", None),
    "Boats at dawn. Photo by Ana Pérez.": (State.TRANSLATED, "Barcos al amanecer. Foto de Ana Pérez.", None),
    "First published by The Harbour Gazette.": (State.TRANSLATED, "Publicado primero por The Harbour Gazette.", None),
    "Morning": (State.TRANSLATED, "Mañana", None),
    "The harbour is *quiet* at dawn, and the [fishermen](https://example.org/fish) are already out.": (
        State.TRANSLATED,
        "El puerto está *tranquilo* al amanecer, y los [pescadores](https://example.org/fish) ya han salido.",
        None,
    ),
    "Boats and nets": (State.TRANSLATED, "Barcos y redes", None),
    "Ropes on the pier": (State.UNTRANSLATED, None, None),
    "The sea is not safe today.": (State.STALE, "El mar es seguro hoy.", "The sea is safe today."),
    "Boat": (State.TRANSLATED, "Barco", None),
    "Owner": (State.TRANSLATED, "Dueño", None),
    "Swift": (State.TRANSLATED, "Veloz", None),
    "Ana": (State.TRANSLATED, "Ana", None),
    "Come back tomorrow.": (State.TRANSLATED, "Vuelve mañana.", None),
}


def sample_article(text: str = SAMPLE_MD, path: str = "source/harbour.md", slug: str = "harbour") -> Article:
    return read_article(text, path, slug)


def make_resolutions(article: Article, table=SAMPLE_ES) -> dict[str, Resolution]:
    """Resolutions for every message of `article`; messages missing from `table` are untranslated."""
    resolutions = {}
    for line, message in enumerate(article.messages(), start=10):
        state, translation, previous = table.get(message.msgid, (State.UNTRANSLATED, None, None))
        resolutions[message.msgid] = Resolution(message.msgid, state, translation, previous, line * 4)
    return resolutions


def make_counts(article: Article, resolutions: dict[str, Resolution]) -> Counts:
    counts = Counts()
    for message in article.messages():
        state = resolutions[message.msgid].state
        words = len(message.msgid.split())
        counts.segments += 1
        counts.words += words
        setattr(counts, state.value, getattr(counts, state.value) + 1)
        if state == State.TRANSLATED:
            counts.translated_words += words
    return counts


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list["Node | str"] = field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Node"]:
        found = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if all(_has(node, name.rstrip("_"), value) for name, value in attrs.items()):
                found.append(node)
        return found

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


def _has(node: Node, name: str, value: str) -> bool:
    if name == "class":
        return value in node.classes()
    return node.attrs.get(name) == value


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """A light element tree of an HTML document (stdlib html.parser)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


class _Inventory(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[tuple[str, tuple[str, ...]]] = set()
        self.tags: dict[str, int] = {}
        self.event_handlers = 0

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.elements.add((tag, tuple(sorted(name for name, _value in attrs))))
        self.event_handlers += sum(1 for name, _value in attrs if name.startswith("on"))

    handle_startendtag = handle_starttag


def inventory_html(html: str) -> _Inventory:
    """Which (tag, attribute names) pairs, tag counts and on* attributes a document has."""
    inventory = _Inventory()
    inventory.feed(html)
    inventory.close()
    return inventory
