"""Parses a build repeats, kept for the process and handed out as copies.

A build renders each article's source once per page (the source edition, and each
language's edition) and each translation twice (its edition page and its bilingual
cell).  `cached(kind, key, parse)` runs `parse()` once per `(kind, key)` and gives every
caller a fresh deep copy of its tokens: renderers change tokens in place (children
swapped, attributes set, HTML made text), so a shared token would carry one page's
changes into the next.  The key must hold everything the parse depends on (text,
dialect, front-matter switch, reference definitions).

Each kind keeps at most `LIMIT` entries (the oldest go first): articles render one after
another, so a small window holds what is asked again and memory does not grow with the
publication.  `ENABLED = False` parses every time (the tests compare both ways); it also
turns off the parses spared elsewhere (the source's block signature taken from its
reading, `markdown.read_markdown`; a translation's lines seen to be one paragraph without
parsing them, `safety._parses_as_block`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from markdown_it.token import Token

__all__ = ["ENABLED", "LIMIT", "cached", "copy_tokens", "references_key"]

ENABLED = True
LIMIT = {"document": 4, "inline": 4096}

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


def clear() -> None:
    _STORE.clear()


def copy_tokens(tokens: list[Token]) -> list[Token]:
    """A deep copy of a token list (children, attributes, map and meta copied)."""
    return [
        Token(
            token.type,
            token.tag,
            token.nesting,
            dict(token.attrs),
            list(token.map) if token.map is not None else None,
            token.level,
            copy_tokens(token.children) if token.children is not None else None,
            token.content,
            token.markup,
            token.info,
            dict(token.meta),
            token.block,
            token.hidden,
        )
        for token in tokens
    ]


def references_key(env: dict[str, Any] | None) -> Hashable | None:
    """What of a markdown-it env an inline parse depends on: its link reference
    definitions.  None (do not cache) when the env holds anything else."""
    if not env:
        return ()
    if set(env) != {"references"}:
        return None
    return tuple(sorted((label, str(ref.get("href", "")), str(ref.get("title", "")))
                        for label, ref in env["references"].items()))
