"""Parses a build repeats, kept for the process and handed out as copies.

A build renders each article's source once per page (the source edition, and each
language's edition) and each translation twice (its edition page and its bilingual
cell).  `cached(kind, key, parse, copy)` runs `parse()` once per `(kind, key)` and gives every
caller `copy` of it: renderers change tokens in place (children swapped, attributes set,
HTML made text), so a shared token would carry one page's changes into the next.
`copy_tokens` copies deeply; `copy_changeable` copies only the inline tokens a page may
change (links, images, inline HTML, a dialect's own) and hands out text, code, emphasis and
breaks as they are.  The key must hold everything the parse depends on (text,
dialect, front-matter switch, reference definitions).

Each kind keeps at most `LIMIT` entries (the oldest go first): articles render one after
another, so a small window holds what is asked again and memory does not grow with the
publication.  `ENABLED = False` parses every time (the tests compare both ways); it also
turns off the parses spared elsewhere (the source's block signature taken from its
reading, `markdown.read_markdown`; a translation's lines seen to be one paragraph without
parsing them, `safety._parses_as_block`; a source's reading offering its parse to its pages,
`markdown.share_readings`, and `build` rendering each article where it was planned).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from markdown_it.token import Token

__all__ = ["ENABLED", "LIMIT", "cached", "offer", "copy_tokens", "copy_changeable", "references_key"]

ENABLED = True
LIMIT = {"document": 4, "inline": 4096, "escape": 4096}

_STORE: dict[str, OrderedDict[Hashable, Any]] = {}

T = TypeVar("T")


def cached(kind: str, key: Hashable | None, parse: Callable[[], T], copy: Callable[[T], T]) -> T:
    """`copy` of what `parse()` gave for `(kind, key)`; a None key (or ENABLED False) parses afresh."""
    if not ENABLED or key is None:
        return parse()
    store = _STORE.setdefault(kind, OrderedDict())
    if key in store:
        store.move_to_end(key)
        return copy(store[key])
    value = parse()
    store[key] = value
    if len(store) > LIMIT.get(kind, 64):
        store.popitem(last=False)
    return copy(value)


def offer(kind: str, key: Hashable | None, value: Callable[[], Any]) -> None:
    """Keep `value()` for `(kind, key)` unless something is kept already: what a parse
    made on the way (a source's inline tokens inside its document's parse) spares the
    parse `cached` would otherwise run.  `value()` must be what that parse gives, and
    nobody else's to change; None when it cannot tell (nothing is kept)."""
    if not ENABLED or key is None:
        return
    store = _STORE.setdefault(kind, OrderedDict())
    if key in store:
        return
    kept = value()
    if kept is None:
        return
    store[key] = kept
    if len(store) > LIMIT.get(kind, 64):
        store.popitem(last=False)


def holds(kind: str, key: Hashable) -> bool:
    """Whether something is kept for `(kind, key)`."""
    store = _STORE.get(kind)
    return store is not None and key in store


def clear() -> None:
    _STORE.clear()


def copy_tokens(tokens: Sequence[Token], share_read_only: bool = False) -> list[Token]:
    """A deep copy of a token list (children, attributes, map and meta copied).

    With `share_read_only`, a token's children that pages only read (`copy_changeable`)
    are shared, not copied: a document's copy for one page then costs its block tokens.
    Made field by field, without `Token.__init__` (whose `__post_init__` converts an
    attribute list that a parsed token never has): half the cost, and a build copies
    every cached token it renders."""
    copies = []
    for token in tokens:
        copy = _new(Token)
        copy.type = token.type
        copy.tag = token.tag
        copy.nesting = token.nesting
        copy.attrs = dict(token.attrs)
        copy.map = None if token.map is None else list(token.map)
        copy.level = token.level
        children = token.children
        if children is not None:
            children = copy_changeable(children) if share_read_only else copy_tokens(children)
        copy.children = children
        copy.content = token.content
        copy.markup = token.markup
        copy.info = token.info
        copy.meta = dict(token.meta)
        copy.block = token.block
        copy.hidden = token.hidden
        copies.append(copy)
    return copies


_new = object.__new__

# The inline tokens pages only read: markdown-it's renderer and bitext's pages change no text,
# code, emphasis or break in place.  Links and images get their URLs rewritten
# (`references.rewrite_urls`) and an image its `alt` when rendered, inline HTML is made text or
# emptied (`safety.apply_raw_html`), and a dialect's own tokens are its plugins' business: each
# of those is copied.
_READ_ONLY = frozenset({"text", "softbreak", "hardbreak", "code_inline", "em_open", "em_close",
                        "strong_open", "strong_close", "s_open", "s_close"})


def copy_changeable(tokens: list[Token]) -> list[Token]:
    """`tokens` itself when pages only read them all (the list is then shared: callers build
    new lists around it, never change it in place); else a new list holding a copy of each
    token a page may change and the others themselves."""
    read_only = _READ_ONLY
    for token in tokens:
        if token.type not in read_only:
            return [token if token.type in read_only else copy_tokens((token,))[0] for token in tokens]
    return tokens


def references_key(env: dict[str, Any] | None) -> Hashable | None:
    """What of a markdown-it env an inline parse depends on: its link reference
    definitions.  None (do not cache) when the env holds anything else."""
    if not env:
        return ()
    if set(env) != {"references"}:
        return None
    return tuple(sorted((label, str(ref.get("href", "")), str(ref.get("title", "")))
                        for label, ref in env["references"].items()))
