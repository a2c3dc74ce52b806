"""The `vitepress` dialect: markdown-it as VitePress sets it up (containers, attributes).

What it gives meaning to, beyond CommonMark:

- custom containers ``::: tip``, ``info``, ``warning``, ``danger``, ``details``,
  ``code-group`` .. ``:::`` (mdit-py-plugins' container plugin): the fences are structure,
  the paragraphs inside are places, and a title written after the type
  (``::: warning Read this``) is a place of its own ("container title");
- heading anchors ``## Title {#anchor}`` and markdown-it-attrs lists ``{.class #id}``:
  out of the segment at the end of a heading or block, placeholders inside one;
- Vue interpolation ``{{ expression }}``: a placeholder (same form as Liquid);
- lines of their own: ``[[toc]]`` and code imports ``<<< @/snippets/x.js``.
"""

from __future__ import annotations

import re
from typing import Any

from mdit_py_plugins.container import container_plugin

from .attributes import attribute_lists_plugin
from .dialects import Dialect

__all__ = ["DIALECT", "configure", "CONTAINERS"]

CONTAINERS = ("tip", "info", "warning", "danger", "details", "code-group")


def configure(md: Any) -> None:
    md.use(attribute_lists_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name)


DIALECT = Dialect(
    "vitepress",
    configure,
    block_lines=re.compile(r"[ \t]*(?:\[\[toc\]\]|<<<[ \t]+\S.*)[ \t]*"),
    task_lists=False,
)
