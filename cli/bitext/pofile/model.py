"""The catalog model: `POEntry` and `POCatalog`, what a PO file can say, no file format.

Plain dataclasses: nothing here reads, writes or prints.  The reader fills them, the
writer lays them out, merge and status work on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["POEntry", "POCatalog"]


@dataclass
class POEntry:
    """One message of a catalog, with everything a PO file can say about it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags[:] = [flag for flag in self.flags if flag != "fuzzy"]

    @property
    def translated(self) -> bool:
        if self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass
class POCatalog:
    """A header entry (``msgid ""``, or None) and every other entry in file order."""

    header: POEntry | None = None
    entries: list[POEntry] = field(default_factory=list)

    def header_value(self, key: str) -> str | None:
        """The value of header field `key` (case-insensitive), or None."""
        if self.header is None:
            return None
        wanted = key.lower()
        for piece in self.header.msgstr.split("\n"):
            name, colon, value = piece.partition(":")
            if colon and name.strip().lower() == wanted:
                return value.strip()
        return None

    def set_header_value(self, key: str, value: str) -> None:
        """Set header field `key`: in place if present, else appended; others untouched."""
        if self.header is None:
            self.header = POEntry(msgid="")
        pieces = self.header.msgstr.split("\n")
        if pieces[-1] == "":
            pieces.pop()
        wanted = key.lower()
        for index, piece in enumerate(pieces):
            name, colon, _ = piece.partition(":")
            if colon and name.strip().lower() == wanted:
                pieces[index] = f"{name.strip()}: {value}"
                break
        else:
            pieces.append(f"{key}: {value}")
        self.header.msgstr = "\n".join(pieces) + "\n"
