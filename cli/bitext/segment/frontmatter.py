"""YAML front matter: reading it, finding its translatable fields, rewriting it in place.

Front matter is what `mdit_py_plugins.front_matter` recognises: a first line of three or
more `-`, up to a line of as many `-` (or YAML's `...`).  A document whose first line
opens front matter that never closes is an error, as is front matter that is not valid
YAML, is not a mapping, or repeats a key; each error names the line (the opening `---`
is line 1).

Every top-level key named in `translate_fields` whose value is a string with a letter is
a place: its text is the value with white space normalised (line breaks of a folded or
literal block become spaces), its line the key's line.  Rewriting keeps every byte of the
front matter except the values it replaces: a translated field becomes a double-quoted
YAML scalar; an update (`{"lang": "es"}`) replaces the key's value in place (YAML flow
style) or is appended as `key: value` before the closing line (inside the braces of a
flow-style mapping).  A document without front
matter gets one only when there are updates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import SourceError
from .text import has_letter, normalise_text

__all__ = [
    "FrontMatter",
    "FieldPlace",
    "opens_front_matter",
    "read_front_matter",
    "dump_quoted",
    "front_matter_edits",
]


@dataclass
class FieldPlace:
    """A translatable front-matter field: the value's span is `[start, end)`."""

    key: str
    text: str
    line: int
    start: int
    end: int


@dataclass
class FrontMatter:
    """Where the front matter is (offsets in the whole text) and its top-level values."""

    data: dict[str, Any]
    close_start: int  # offset of the closing `---` line: where new keys go
    spans: dict[Any, tuple[int, int]] = field(default_factory=dict)  # key -> value span
    after_blank: set[int] = field(default_factory=set)  # span starts preceded by a space
    flow_close: int | None = None  # offset of the `}` of a flow-style mapping
    fields: list[FieldPlace] = field(default_factory=list)


# Limits on what a few hundred bytes of YAML can make bitext build (SPEC: read YAML safely).
MAX_ALIAS_EXPANSION = 10_000  # values a front matter using aliases may expand to
MAX_DEPTH = 64  # nesting of sequences and mappings


_KINDS = {"tag:yaml.org,2002:timestamp": "date", "tag:yaml.org,2002:int": "integer",
          "tag:yaml.org,2002:float": "number"}


class _FrontMatterLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` that notes where the first alias is, and makes a value SafeLoader
    cannot construct (the date `2026-13-45`, an integer of 5,000 digits), which it lets
    escape as a ValueError, a YAML error at its line."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.first_alias: Any = None
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.first_alias is None and self.check_event(yaml.AliasEvent):
            self.first_alias = self.peek_event().start_mark
        # PyYAML composes recursively: stop a `[[[[...` before Python's stack does (slowly)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"values nest more than {MAX_DEPTH} levels deep",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = repr(value) if len(value) <= 40 else repr(value[:40]) + "..."
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown} is not a valid {_KINDS.get(node.tag, 'value')} ({error})",
                node.start_mark) from None


def compose_bounded(content: str) -> Any:
    """The YAML node graph of `content`, nesting bounded (a YAMLError past MAX_DEPTH)."""
    loader = _FrontMatterLoader(content)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _check_nodes(root: Any, first_alias: Any) -> None:
    """Refuse a node graph that expands beyond the limits or refers to itself.

    PyYAML composes an alias as the very node it names, so the graph is small while the
    values it stands for (counted here with every alias expanded, each node once) can
    be exponential: nine aliases of nine aliases... of one value, the "billion laughs".
    """
    expanded: dict[int, int] = {}  # node id -> values it stands for
    on_path: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            expanded[key] = 1 + sum(expanded[id(child)] for child in children)
            if first_alias is not None and expanded[key] > MAX_ALIAS_EXPANSION:
                raise yaml.constructor.ConstructorError(
                    None, None, f"its aliases expand to more than {MAX_ALIAS_EXPANSION:,} values "
                    f"(refused: an alias bomb makes every reader run out of memory)", first_alias)
            continue
        if key in expanded:
            continue
        if key in on_path:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias refers to a value that holds it (a recursive structure)",
                first_alias or node.start_mark)
        if depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"values nest more than {MAX_DEPTH} levels deep", node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            expanded[key] = 1
            continue
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node) if id(child) not in expanded)


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def opens_front_matter(text: str) -> bool:
    """True when the first line would open front matter (three or more `-` at column 0)."""
    return text.startswith("---")


def read_front_matter(
    text: str, close_line: int, path: str, translate_fields: Sequence[str]
) -> FrontMatter:
    """Parse the front matter whose closing line is `close_line` (0-based line index)."""
    content_start = text.index("\n") + 1 if "\n" in text else len(text)
    close_start = content_start
    for _ in range(close_line - 1):
        close_start = text.index("\n", close_start) + 1
    content = text[content_start:close_start]
    loader = None
    try:
        loader = _FrontMatterLoader(content)
        node = loader.get_single_node()
        if node is not None:
            _check_nodes(node, loader.first_alias)
        data = loader.construct_document(node) if node is not None else {}
    except RecursionError:
        # PyYAML composes and constructs recursively: `[[[[...` thousands deep
        raise SourceError(f"front matter nests more than {MAX_DEPTH} levels deep", path, 1) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and (mark is None or mark.index >= len(content.rstrip())):
            # "unexpected end": the unclosed thing's own line says more than the end
            mark = error.context_mark
        line = 1 if mark is None else mark.line + 2
        problem = error.problem or error.context or "invalid YAML"
        raise SourceError(f"front matter is not valid YAML: {problem}", path, line) from None
    except yaml.reader.ReaderError as error:
        line = content[: error.position].count("\n") + 2
        raise SourceError(f"front matter is not valid YAML: {error.reason}", path, line) from None
    except yaml.YAMLError as error:
        raise SourceError(f"front matter is not valid YAML: {error}", path, 1) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return FrontMatter({}, close_start)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError("front matter is not a YAML mapping (key: value lines)", path, node.start_mark.line + 2)

    front = FrontMatter(data, close_start)
    if node.flow_style:
        # `{a: 1}`: new keys go inside the braces
        front.flow_close = content_start + node.end_mark.index - 1
    wanted = set(translate_fields)
    seen: set[Any] = set()
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key_line = key_node.start_mark.line + 2
        key = key_node.value
        if key in seen:
            raise SourceError(f"front matter repeats the key {key!r}", path, key_line)
        seen.add(key)
        span = _value_span(content, key_node, value_node)
        if span is None:
            continue
        start, end = span[0] + content_start, span[1] + content_start
        front.spans[key] = (start, end)
        if content[span[0] - 1] in " \t":
            front.after_blank.add(start)
        value = data.get(key)
        if key in wanted and isinstance(value, str) and value_node.start_mark.index >= span[0]:
            segment_text = normalise_text(value.replace("\n", " "))
            if has_letter(segment_text):
                front.fields.append(FieldPlace(key, segment_text, key_line, start, end))
    return front


def _value_span(content: str, key_node: Any, value_node: Any) -> tuple[int, int] | None:
    """From the value's first character (or just after the key's `:` when the value is
    empty or starts on another line) to its end, trailing blanks excluded."""
    colon = key_node.end_mark.index
    while colon < len(content) and content[colon] in " \t":
        colon += 1
    if colon >= len(content) or content[colon] != ":":
        return None
    start = colon + 1
    while start < len(content) and content[start] in " \t":
        start += 1
    if value_node.start_mark.index < colon:
        # an alias (`key: *anchor`): its node lives at the anchor; the value ends the line
        end = content.find("\n", start)
        end = len(content) if end < 0 else end
    else:
        end = value_node.end_mark.index
    # a block scalar (`|`, `>`) ends after its line break, and its lines' trailing
    # blanks are content; other nodes end at their last character or on a new line
    blanks = "\n" if getattr(value_node, "style", None) in ("|", ">") else " \t\r\n"
    while end > start and content[end - 1] in blanks:
        end -= 1
    return start, max(start, end)


def dump_quoted(text: str) -> str:
    """`text` as one double-quoted YAML scalar."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf")).rstrip("\n")


def _dump_flow(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=float("inf"), sort_keys=False)
    if dumped.endswith("\n...\n"):
        dumped = dumped[: -len("\n...\n")]
    return dumped.strip("\n")


def _spaced(front: FrontMatter, start: int, value: str) -> str:
    # the span starts right after the colon when the old value was empty or on the next line
    return value if start in front.after_blank else " " + value


def front_matter_edits(
    front: FrontMatter | None, replacements: Mapping[str, str], updates: Mapping[str, Any]
) -> list[tuple[int, int, str]]:
    """Splices `(start, end, text)` for translated fields (already YAML) and updates."""
    if front is None:
        if not updates:
            return []
        block = "".join(f"{_dump_flow(key)}: {_dump_flow(value)}\n" for key, value in updates.items())
        return [(0, 0, "---\n" + block + "---\n")]
    edits: dict[int, tuple[int, int, str]] = {}
    for key, quoted in replacements.items():
        if key in front.spans and key not in updates:
            start, end = front.spans[key]
            edits[start] = (start, end, _spaced(front, start, quoted))
    appended = []
    for key, value in updates.items():
        if key in front.spans:
            start, end = front.spans[key]
            edits[start] = (start, end, _spaced(front, start, _dump_flow(value)))
        else:
            appended.append(f"{_dump_flow(key)}: {_dump_flow(value)}\n")
    result = sorted(edits.values())
    if appended and front.flow_close is not None:
        pairs = "".join(", " + pair.rstrip("\n") for pair in appended)
        result.append((front.flow_close, front.flow_close, pairs if front.spans else pairs[2:]))
    elif appended:
        result.append((front.close_start, front.close_start, "".join(appended)))
    return result
