"""The one Markdown parser of bitext, and the positions it reports.

`get_parser()` returns a per-process `MarkdownIt` (CommonMark preset + GFM tables + the
YAML front-matter plugin), built once and reused: building one costs more than parsing
an article.  markdown-it-py's tokens carry block line ranges but no columns, and inline
tokens carry no positions at all, so a few rules are wrapped to write what they saw into
`Token.meta` (the wrappers change no parse result; the front-matter rule is also confined to the
very start of the document, see `_only_at_document_start`):

- block rules `paragraph`, `heading`, `lheading`, `table`: each `inline` token they push
  gets `meta["lines"]`, one `(start, end)` pair per line of `token.map`: the offset of
  the line's first non-blank character inside its containers (after `>` markers and list
  indentation) and the offset of the line's end, both in the parsed source;
- inline rules `newline`, `escape`: each `softbreak`/`hardbreak` gets `meta["pos"]`, its
  offset in the inline source (the `\\n`, or the backslash of a backslash hard break);
- inline rule `html_inline`: each `html_inline` token gets `meta["pos"]`, where its `<` is;
- inline rules `link`, `image`, `autolink`: the `link_open` or `image` token they push gets
  `meta["pos"]`, where its `[`, `!` or `<` is (a token inside a link's text keeps its own).

Two shortcuts keep the parse cheap and change no token: a plain http(s) URL is taken as
markdown-it's normalisation would give it back (itself, `_PLAIN_URL`), and markdown-it's
per-line debug logging calls do nothing (`_quiet_debug_logging`).

`parse_inline_permissive` parses with a twin parser whose `validateLink` accepts every URL
(`javascript:` included): it sees the links and images that other Markdown renderers would
make, which markdown-it's own rendering turns back into text.

Inline offsets are relative to the string the inline parser saw (`Token.content` of the
block's `inline` token, or the text given to `parseInline`); tokens inside an image's alt
text (`image.children`) come from a separate parse and are never looked at.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

__all__ = ["get_parser", "parse_inline", "parse_inline_permissive", "parse_blocks"]

_PARSERS: dict[tuple[str, bool, bool, bool], MarkdownIt] = {}

_BLOCK_RULES = ("paragraph", "heading", "lheading", "table")
_INLINE_RULES = {
    "newline": ("softbreak", "hardbreak"),
    "escape": ("hardbreak",),
    "html_inline": ("html_inline",),
}
_LINK_RULES = {"link": ("link_open",), "image": ("image",), "autolink": ("link_open",)}


def get_parser(dialect: str = "commonmark", front_matter: bool = True, permissive: bool = False) -> MarkdownIt:
    """The process-wide parser of `dialect` (created on first use); `front_matter`
    False: one that reads a first `---` line as Markdown (a thematic break);
    `permissive`: its twin that accepts every URL, as other renderers do (a
    `[x]: javascript:...` line is a definition there)."""
    return _parser(dialect, front_matter, False, permissive)


def parse_blocks(text: str, dialect: str = "commonmark", front_matter: bool = True,
                 permissive: bool = False) -> list[Token]:
    """Block tokens only (inline tokens keep their content, unparsed): half the cost of
    a full parse, for callers that compare block structure.  `permissive`: as the
    permissive twin reads blocks (a `[x]: javascript:...` line is a definition)."""
    return _parser(dialect, front_matter, True, permissive).parse(text, {})


def parse_inline(text: str, env: dict[str, Any] | None = None, dialect: str = "commonmark") -> list[Token]:
    """The inline tokens of `text` (one line of Markdown inline source)."""
    tokens = get_parser(dialect).parseInline(text, {} if env is None else env)
    return (tokens[0].children or []) if tokens else []


def parse_inline_permissive(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """As `parse_inline`, but every link URL is accepted (what other renderers would link)."""
    tokens = get_parser(permissive=True).parseInline(text, {} if env is None else env)
    return (tokens[0].children or []) if tokens else []


def _parser(dialect: str, front_matter: bool, blocks_only: bool, permissive: bool) -> MarkdownIt:
    key = (dialect, front_matter, blocks_only, permissive)
    md = _PARSERS.get(key)
    if md is None:
        md = _PARSERS[key] = _build_parser(dialect, front_matter)
        if permissive:
            md.validateLink = lambda url: True
        if blocks_only:
            # plugins' core rules (task lists, footnotes) look at inline children
            md.core.ruler.enableOnly(["normalize", "block"])
    return md


def _build_parser(dialect: str, front_matter: bool) -> MarkdownIt:
    from .dialects import get_dialect  # the dialect modules build on this one

    md = MarkdownIt("commonmark").enable("table")
    # a URL is normalised each time a parse meets it, and a build parses the same links
    # many times, with several parsers (source, translations, checks): pure functions of
    # the URL, kept while `remember_urls` says so (a dialect may still set its own)
    md.normalizeLink = _normalize_link
    md.normalizeLinkText = _normalize_link_text
    get_dialect(dialect).configure(md)
    if front_matter:
        md.use(front_matter_plugin)
        _wrap_rule(md.block.ruler, "front_matter", _only_at_document_start)
    _quiet_debug_logging()
    for name in _BLOCK_RULES:
        _wrap_rule(md.block.ruler, name, _wrap_block_rule)
    for name, kinds in _INLINE_RULES.items():
        _wrap_rule(md.inline.ruler, name, lambda fn, kinds=kinds: _wrap_inline_rule(fn, kinds))
    for name, kinds in _LINK_RULES.items():
        _wrap_rule(md.inline.ruler, name, lambda fn, kinds=kinds: _wrap_inline_rule(fn, kinds, outer=True))
    return md


def _quiet_debug_logging() -> None:
    """Make markdown-it's debug logging a call that does nothing, unless debug logging is on.

    Its block rules log one debug message each time they are tried, on every line: ~2,000
    `Logger.debug` calls an article, each checking the level, ~10% of a parse here; nothing
    is ever logged at the default level.  A process that turned debug logging on before the
    parser was built keeps it."""
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("markdown_it.") and isinstance(logger, logging.Logger) \
                and not logger.isEnabledFor(logging.DEBUG):
            logger.debug = _ignore  # type: ignore[method-assign]


def _ignore(*args: Any, **kwargs: Any) -> None:
    return None


_remembered_link = functools.lru_cache(maxsize=8192)(normalize_url.normalizeLink)
_remembered_link_text = functools.lru_cache(maxsize=8192)(normalize_url.normalizeLinkText)
_REMEMBER_URLS = False

# The URLs most links hold, which markdown-it's normalisation gives back unchanged: http(s),
# a host of ASCII letters, digits and hyphens (no port, no user, labels of at most 63
# characters, as mdurl's host check wants), then only characters mdurl's encoder keeps as
# they are (no `%`, no space, nothing beyond ASCII).  Parsed, put back together and encoded,
# such a URL is itself (tests/test_shortcuts.py holds both ways equal on generated URLs);
# taking it as it is skips ~30 us of pure-Python URL parsing and encoding per link, most of
# what normalising costs in `update`, which meets each URL once.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*"
                        r"(?:/[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]*)?")


def remember_urls(on: bool = True) -> None:
    """Keep normalised URLs for the process: `build` parses the same links many times
    (source, translations, checks).  Off elsewhere: `update` and `status` meet each URL
    once, and the kept strings, made among a large parse's tokens, keep its freed memory
    from being reused (an article of 20,000 segments peaked ~30 MiB higher)."""
    global _REMEMBER_URLS
    _REMEMBER_URLS = on


def _normalize_link(url: str) -> str:
    if _PLAIN_URL.fullmatch(url) is not None:
        return url
    return _remembered_link(url) if _REMEMBER_URLS else normalize_url.normalizeLink(url)


def _normalize_link_text(url: str) -> str:
    # the text of an autolink shows a punycode host ("xn--") decoded: not the URL as it is
    if _PLAIN_URL.fullmatch(url) is not None and "xn--" not in url.lower():
        return url
    return _remembered_link_text(url) if _REMEMBER_URLS else normalize_url.normalizeLinkText(url)


def _wrap_rule(ruler: Any, name: str, wrap: Any) -> None:
    rule = ruler.__rules__[ruler.__find__(name)]
    ruler.at(name, wrap(rule.fn), {"alt": list(rule.alt)})


def _only_at_document_start(rule: Any) -> Any:
    # The plugin checks that the *document* starts with "-", not the line it is asked
    # about, so inside a list item or quote opening the document ("- a---") it takes
    # the item's content for front matter.  Front matter is only ever at offset 0.
    def wrapped(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        if state.bMarks[start_line] + state.tShift[start_line] != 0:
            return False
        return rule(state, start_line, end_line, silent)

    return wrapped


def _wrap_block_rule(rule: Any) -> Any:
    def wrapped(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        if silent:  # a paragraph asking whether this rule would end it: no token is made
            return rule(state, start_line, end_line, True)
        first = len(state.tokens)
        if not rule(state, start_line, end_line, False):
            return False
        starts, shifts, ends = state.bMarks, state.tShift, state.eMarks
        for index in range(first, len(state.tokens)):
            token = state.tokens[index]
            if token.type == "inline" and token.map:
                token.meta["lines"] = [
                    (starts[line] + shifts[line], ends[line])
                    for line in range(token.map[0], token.map[1])
                ]
        return True

    return wrapped


def _wrap_inline_rule(rule: Any, kinds: tuple[str, ...], outer: bool = False) -> Any:
    def wrapped(state: Any, silent: bool) -> bool:
        if silent:  # skipping over markup (a link's label): no token is made
            return rule(state, True)
        pos = state.pos
        first = len(state.tokens)
        if not rule(state, False):
            return False
        for index in range(first, len(state.tokens)):
            token = state.tokens[index]
            if token.type in kinds and not (outer and "pos" in token.meta):
                token.meta["pos"] = pos
        return True

    return wrapped
