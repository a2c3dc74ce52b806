"""Block attribute lists, for the HTML editions of dialects that have them.

kramdown (`{: .note #id}`), Python-Markdown's attr_list, markdown-it-attrs (VitePress),
Pandoc and goldmark (Hugo) put an attribute list on the line after a block (or, in
kramdown, before it) or at the end of a heading.  Segmentation already keeps these out
of segments (see `markdown`); this core rule makes bitext's own HTML rendering read them
as the dialect does: the list's text leaves the inline content and its `#id`, `.class`
and `key="value"` items go on the paragraph or heading element.  The rule runs after the
inline parse and changes no block structure.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it.token import Token

__all__ = ["attribute_lists_plugin", "parse_attribute_list", "without_attribute_lists"]

_LIST = r"\{:?[ \t]*(?:[#.][^{}\s]|[\w-]+=)[^{}\n]*\}"
_TRAILING = re.compile(rf"[ \t]*((?:{_LIST}[ \t]*)+)$")
_LEADING = re.compile(rf"^((?:{_LIST}[ \t]*)+)$")
_ITEM = re.compile(rf"{_LIST}")


def parse_attribute_list(text: str) -> dict[str, str]:
    """`{: .a #b c="d"}` (one or more lists) -> {"class": "a", "id": "b", "c": "d"}."""
    attrs: dict[str, str] = {}
    classes: list[str] = []
    for match in _ITEM.finditer(text):
        body = match.group(0)[1:-1].lstrip(":").strip()
        import shlex  # here: only the dialects with attribute lists use it

        try:
            items = shlex.split(body)
        except ValueError:
            items = body.split()
        for item in items:
            if item.startswith("#") and len(item) > 1:
                attrs["id"] = item[1:]
            elif item.startswith(".") and len(item) > 1:
                classes.append(item[1:])
            elif "=" in item:
                key, value = item.split("=", 1)
                if re.fullmatch(r"[A-Za-z_][\w:.-]*", key) and not key.lower().startswith("on"):
                    attrs[key] = value
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs


def _apply(opener: Token | None, text: str) -> None:
    if opener is None or opener.type not in ("paragraph_open", "heading_open"):
        return
    for key, value in parse_attribute_list(text).items():
        if key == "class" and opener.attrGet("class"):
            opener.attrSet("class", f"{opener.attrGet('class')} {value}")
        else:
            opener.attrSet(key, value)


def _rule(state: Any) -> None:
    if state.inlineMode:
        return  # a translation on its own (`parseInline`): its text is never syntax
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        opener = tokens[index - 1] if index > 0 else None
        children = token.children
        last = children[-1]
        if last.type == "text":
            match = _TRAILING.search(last.content)
            if match and (match.start() > 0 or len(children) == 1 or children[-2].type == "softbreak"):
                _apply(opener, match.group(1))
                last.content = last.content[: match.start()].rstrip()
                if not last.content:
                    children.pop()
                    if children and children[-1].type == "softbreak":
                        children.pop()
        if len(children) >= 2 and children[0].type == "text" and children[1].type == "softbreak":
            match = _LEADING.match(children[0].content)
            if match:
                _apply(opener, match.group(1))
                del children[:2]


def attribute_lists_plugin(md: Any) -> None:
    md.core.ruler.push("bitext_attribute_lists", _rule)


def without_attribute_lists(source: str) -> str:
    """Inline source (a place's kept lead or trail) without its attribute lists: the
    document's parse has already put them on the element."""
    lines = [line for line in source.split("\n") if not _LEADING.match(line.strip())]
    joined = "\n".join(lines) if lines != [""] else ""
    return _TRAILING.sub("", joined) if _TRAILING.search(joined) else joined
