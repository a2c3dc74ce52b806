"""The one exception family of bitext.

Every error a user can cause (bad input, bad settings, bad usage) is a `BitextError`
carrying the path and, where known, the 1-based line it concerns.  `str(error)` is
`PATH:LINE: message` (or `PATH: message`, or just `message`), which `commands` prints
as `bitext: error: ...` with exit code 2.  This module imports nothing third-party.
"""

from __future__ import annotations

__all__ = [
    "BitextError",
    "SettingsError",
    "SourceError",
    "POSyntaxError",
    "CatalogError",
    "PathError",
]


class BitextError(Exception):
    """Bad input or bad usage: printed as one line, exit code 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line

    def __reduce__(self):
        # keep path and line when an error crosses a process boundary (parallel workers)
        return (self.__class__, (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


class SettingsError(BitextError):
    """bitext.toml / [tool.bitext] is malformed, or names an unknown language."""


class SourceError(BitextError):
    """An English source article cannot be read or segmented."""


class POSyntaxError(BitextError):
    """A PO/POT file is not valid gettext syntax (what GNU msgcat rejects)."""


class CatalogError(BitextError):
    """A PO file parses but cannot be used (duplicate msgid, wrong encoding...)."""


class PathError(BitextError):
    """A path from settings, sources or a symbolic link leads outside the publication,
    or a file name cannot be written where bitext must write it."""
