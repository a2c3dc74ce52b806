"""The Markdown dialects bitext reads (the `markdown` setting), by name.

A `Dialect` says how its sources are parsed (`configure` adds markdown-it-py /
mdit-py-plugins rules to a CommonMark parser) and which of its lines are syntax (kept
as lines, never text; see `markdown`).  CommonMark, the default, is defined here; each
other dialect is a small module of its own beside this one.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Dialect", "get_dialect", "DIALECT_NAMES", "COMMONMARK"]


def _nothing(md: Any) -> None:
    return None


@dataclass(frozen=True)
class Dialect:
    """One source dialect.

    `configure(md)` adds the dialect's parser plugins.  `block_lines` matches a line of
    a paragraph that the dialect reads as a line of its own (a block attribute list, a
    container fence): it is never part of a place's text and is written back as the
    line it was.  `fix_lines(body, source)` adjusts a rebuilt paragraph body (lines
    joined by "\n", container prefixes included) to the dialect's
    line rules (kramdown reads a one-line paragraph holding a pipe as a table).
    `task_lists`: a list item's paragraph opening with ``[ ]`` or ``[x]`` is a task, the
    box syntax.  `container_titles`: words after a ``:::`` container's name are its
    title (VitePress), not attributes (Pandoc's fenced divs).  `implicit_figures`: an
    image alone in a paragraph is a figure whose caption is its alt text (Pandoc).
    """

    name: str
    configure: Callable[[Any], None] = _nothing
    block_lines: re.Pattern[str] | None = None
    fix_lines: Callable[[str, str], str] = lambda body, source: body
    task_lists: bool = False
    container_titles: bool = True
    implicit_figures: bool = False
    notes: dict[str, str] = field(default_factory=dict)


COMMONMARK = Dialect("commonmark")

# dialect name -> the module (beside this one) defining `DIALECT`
_MODULES = {"gfm": "gfm", "kramdown": "kramdown", "mkdocs": "mkdocs", "pandoc": "pandoc",
            "vitepress": "vitepress", "hugo": "hugo"}
DIALECT_NAMES: tuple[str, ...] = ("commonmark", *_MODULES)
_LOADED: dict[str, Dialect] = {"commonmark": COMMONMARK}


def get_dialect(name: str) -> Dialect:
    """The dialect called `name` (KeyError for an unknown one: settings validate names)."""
    dialect = _LOADED.get(name)
    if dialect is None:
        module = importlib.import_module(f"{__package__}.{_MODULES[name]}")
        dialect = _LOADED[name] = module.DIALECT
    return dialect
