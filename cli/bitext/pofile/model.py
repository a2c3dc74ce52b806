"""The catalog model: `POEntry` and `POCatalog`, what a PO file can say, no file format.

Plain records: nothing here reads, writes or prints.  The reader fills them, the
writer lays them out, merge and status work on them.  They behave as dataclasses would
(keyword or positional construction in field order, a fresh list or dict for each
default, equality field by field, a readable repr) but are written out by hand with
``__slots__``: importing `dataclasses` pulls in `inspect` and costs ~10 ms of a
catalog tool's start (bench/io_catalogs.py), and slots make the tens of thousands of
entries a reader creates quicker to build and smaller.
"""

from __future__ import annotations

__all__ = ["POEntry", "POCatalog"]


class POEntry:
    """One message of a catalog, with everything a PO file can say about it."""

    __slots__ = ("msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr_plural", "flags",
                 "translator_comments", "extracted_comments", "references", "previous_msgctxt",
                 "previous_msgid", "previous_msgid_plural", "obsolete", "line")

    msgid: str
    msgstr: str
    msgctxt: str | None
    msgid_plural: str | None
    msgstr_plural: dict[int, str]
    flags: list[str]
    translator_comments: list[str]
    extracted_comments: list[str]
    references: list[str]
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    obsolete: bool
    line: int

    def __init__(self, msgid: str, msgstr: str = "", msgctxt: str | None = None,
                 msgid_plural: str | None = None, msgstr_plural: dict[int, str] | None = None,
                 flags: list[str] | None = None, translator_comments: list[str] | None = None,
                 extracted_comments: list[str] | None = None,
                 references: list[str] | None = None, previous_msgctxt: str | None = None,
                 previous_msgid: str | None = None, previous_msgid_plural: str | None = None,
                 obsolete: bool = False, line: int = 0) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.msgid_plural = msgid_plural
        self.msgstr_plural = {} if msgstr_plural is None else msgstr_plural
        self.flags = [] if flags is None else flags
        self.translator_comments = [] if translator_comments is None else translator_comments
        self.extracted_comments = [] if extracted_comments is None else extracted_comments
        self.references = [] if references is None else references
        self.previous_msgctxt = previous_msgctxt
        self.previous_msgid = previous_msgid
        self.previous_msgid_plural = previous_msgid_plural
        self.obsolete = obsolete
        self.line = line

    def _fields(self) -> tuple:
        return (self.msgid, self.msgstr, self.msgctxt, self.msgid_plural, self.msgstr_plural,
                self.flags, self.translator_comments, self.extracted_comments, self.references,
                self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural,
                self.obsolete, self.line)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass with eq

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for name, value in zip(self.__slots__, self._fields()))
        return f"POEntry({values})"

    def __getstate__(self) -> tuple:
        return self._fields()

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(self.__slots__, state):
            setattr(self, name, value)

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


class POCatalog:
    """A header entry (``msgid ""``, or None) and every other entry in file order."""

    __slots__ = ("header", "entries")

    header: POEntry | None
    entries: list[POEntry]

    def __init__(self, header: POEntry | None = None, entries: list[POEntry] | None = None) -> None:
        self.header = header
        self.entries = [] if entries is None else entries

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.header, self.entries) == (other.header, other.entries)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"POCatalog(header={self.header!r}, entries={self.entries!r})"

    def __getstate__(self) -> tuple:
        return (self.header, self.entries)

    def __setstate__(self, state: tuple) -> None:
        self.header, self.entries = state

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
