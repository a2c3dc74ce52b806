"""The `gfm` dialect: GitHub Flavored Markdown (cmark-gfm; GitHub, GitLab, Gitea).

CommonMark plus what GFM adds: tables (already on in every dialect), strikethrough
``~~x~~``, task list items ``- [ ] x``, extended autolinks (a bare ``www.x.org`` or
``https://...`` is a link) and footnotes ``[^1]``.  None of it is line syntax: GFM gives
no meaning to where a paragraph's lines break, so nothing beyond CommonMark's rules is
needed to rebuild; the plugins are there so that segments see the same inline structure
as GitHub (a bare URL is a link, so a URL-only paragraph is no segment).  A task list
item's ``[ ]``/``[x]`` is syntax: it stays out of the segment (`Dialect.task_lists`).
"""

from __future__ import annotations

from typing import Any

from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from .dialects import Dialect

__all__ = ["DIALECT", "configure"]


def configure(md: Any) -> None:
    md.enable("strikethrough")
    md.use(gfm_autolink_plugin).use(footnote_plugin)


DIALECT = Dialect("gfm", configure, task_lists=True)
