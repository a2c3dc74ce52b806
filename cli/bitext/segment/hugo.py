"""The `hugo` dialect: Hugo's goldmark renderer, and Hugo shortcodes.

Goldmark as Hugo sets it up is CommonMark plus GFM tables, strikethrough, task lists
and autolinks, definition lists and footnotes (mdit-py-plugins here), and heading
attributes ``## Title {#id .class}`` (block attributes ``{.class}`` after a block too,
when a site turns them on).  Shortcodes ``{{< name args >}}`` and ``{{% name %}}`` are
syntax: a line of them stays a line (the opening and closing lines around a
shortcode's inner text leave the place), inside a sentence they are placeholders.
"""

from __future__ import annotations

from typing import Any

from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from .attributes import attribute_lists_plugin
from .dialects import Dialect

__all__ = ["DIALECT", "configure"]


def configure(md: Any) -> None:
    md.use(attribute_lists_plugin)
    md.enable("strikethrough")
    md.use(gfm_autolink_plugin).use(deflist_plugin).use(footnote_plugin)


DIALECT = Dialect("hugo", configure, task_lists=True)
