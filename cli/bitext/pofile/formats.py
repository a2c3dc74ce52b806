"""Format directives the writer keeps whole: c-format and python-format.

Each parser returns the indices inside (not at the start of) the valid directives of a
string, up to the first invalid one, as gettext's format-c.c / format-python.c parse
them; GNU never breaks a line there.
"""

from __future__ import annotations

import re


_PRI_MACRO = re.compile(r"PRI[diouxX](?:8|16|32|64|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64)|MAX|PTR)")


def _c_directive_interiors(value: str, translated: bool) -> set[int]:
    """Indices inside (not at the start of) valid c-format directives.

    GNU parses the string as a C format string and keeps directives whole, up to the
    first invalid one (see gettext's format-c-parse.h).
    """
    interiors: set[int] = set()
    numbered = unnumbered = False
    index, end = 0, len(value)
    flags = " +-#0'I" if translated else " +-#0'"

    def argument_number(at: int) -> tuple[int, int | None]:
        """(new index, number) for digits followed by '$', else (at, None)."""
        stop = at
        while stop < end and value[stop] in "0123456789":
            stop += 1
        if stop > at and stop < end and value[stop] == "$":
            return stop + 1, int(value[at:stop])
        return at, None

    while True:
        # The next directive: str.find, not a Python step per character.
        index = value.find("%", index)
        if index < 0:
            return interiors
        start = index
        index += 1
        index, number = argument_number(index)
        if number == 0:
            return interiors
        uses_number = number is not None
        while index < end and value[index] in flags:
            index += 1
        for part in ("width", "precision"):
            if part == "precision":
                if index >= end or value[index] != ".":
                    break
                index += 1
            if index < end and value[index] == "*":
                index, number = argument_number(index + 1)
                if number == 0:
                    return interiors
                uses_number = uses_number or number is not None
                if number is None:
                    unnumbered = True
            else:
                while index < end and value[index] in "0123456789":
                    index += 1
        while index < end and value[index] in "hlLqjzZt":
            index += 1
        if index >= end:
            return interiors
        if value[index] == "<":
            close = value.find(">", index)
            if close < 0 or not _PRI_MACRO.fullmatch(value, index + 1, close):
                return interiors
            index = close
        elif value[index] not in "diouxXeEfFgGaAcCsSpn%":
            return interiors
        if value[index] == "%":
            pass  # "%%", or "% %" with flags: takes no argument
        elif uses_number:
            numbered = True
        else:
            unnumbered = True
        if numbered and unnumbered:
            return interiors
        interiors.update(range(start + 1, index + 1))
        index += 1


def _python_directive_interiors(value: str, translated: bool = False) -> set[int]:
    """Indices inside (not at the start of) valid python-format directives.

    GNU parses the string as a python-format string and keeps directives whole, up to
    the first invalid one (see gettext's format-python.c).
    """
    interiors: set[int] = set()
    digits = "0123456789"
    named = unnamed = False
    index, end = 0, len(value)
    while True:
        index = value.find("%", index)
        if index < 0:
            return interiors
        start = index
        index += 1
        has_name = False
        if index < end and value[index] == "(":
            depth = 0
            index += 1
            while index < end and not (value[index] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(value[index], 0)
                index += 1
            if index >= end:
                return interiors
            index += 1
            has_name = True
        while index < end and value[index] in "-+ #0":
            index += 1
        for star_allowed in (True, False):
            if index < end and value[index] == "*":
                if named:
                    return interiors
                unnamed = True
                index += 1
            else:
                while index < end and value[index] in digits:
                    index += 1
            if not star_allowed or index >= end or value[index] != ".":
                break
            index += 1
        if index < end and value[index] in "hlL":
            index += 1
        if index >= end or value[index] not in "%csriduoxXeEfgG":
            return interiors
        if has_name:
            if unnamed:
                return interiors
            named = True
        elif value[index] != "%":
            if named:
                return interiors
            unnamed = True
        interiors.update(range(start + 1, index + 1))
        index += 1


_DIRECTIVE_PARSERS = {"c": _c_directive_interiors, "python": _python_directive_interiors}
