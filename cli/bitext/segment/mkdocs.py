"""The `mkdocs` dialect: Python-Markdown with the extensions MkDocs sites use.

attr_list, admonition, def_list, footnotes, md_in_html, toc (tables and fenced code
too).  What it gives meaning to, beyond CommonMark:

- admonitions ``!!! note "Title"`` (and collapsible ``??? note``) with an indented body:
  parsed with mdit-py-plugins' admon plugin, so the body's paragraphs are places and the
  quoted title is a place of its own ("admonition title"); a title-less admonition's
  default title comes from its type and is no text;
- attribute lists ``{: .class #id}`` ending a block or a heading, ``{#id}`` after a
  heading: out of the segment (see `syntax`);
- definition lists and footnotes (mdit-py-plugins), ``[TOC]`` on its own line (syntax).
"""

from __future__ import annotations

import re
from typing import Any

from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .attributes import attribute_lists_plugin
from .dialects import Dialect

__all__ = ["DIALECT", "configure"]


def configure(md: Any) -> None:
    md.use(attribute_lists_plugin)
    md.use(admon_plugin).use(deflist_plugin).use(footnote_plugin)


DIALECT = Dialect("mkdocs", configure, block_lines=re.compile(r"[ \t]*\[TOC\][ \t]*"))
