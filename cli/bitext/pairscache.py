"""The translation memory's pairs of each catalog, kept under the SHA-256 of its bytes.

When a segment new to its catalog asks the translation memory, every *other* catalog of the
language is part of it, as on disk; parsing them is most of what a one-paragraph `update`
of a large publication costs (999 catalogs: ~1.2 s of ~2.4 s).  `PairsCache` keeps, for one
publication and language, each catalog's memory pairs (`publication._memory_pairs`: its
translated, non-fuzzy, active entries without context or plural) under the SHA-256 of the
bytes they were read from.  A catalog is still read and hashed on every run; its pairs are
taken from the cache only for those very bytes (never by name, size or modification time),
so an edit, however small, is parsed afresh, and a malformed catalog is never in it (a
catalog is remembered only once it has been read without error).

The file is in the user's cache folder (`usercache.cache_file`, kind `memory`, beside
`status`'s memo; `BITEXT_CACHE_DIR=` empty: no cache), never in the publication: a file a
pull request can commit there would feed the memory translations nobody reviewed.  Layout,
one line each:

    {"format": 1, "code": "<usercache.code_stamp()>"}
    <64 hex digits of a catalog's SHA-256> <its pairs: a JSON list [msgid, msgstr, msgid, ...]>
    ...

(UTF-8; a lone surrogate, from a catalog in another charset, is kept as is.)  The lines of
catalogs new to the cache are appended after a run; the file is written afresh when its first
line is not this bitext's, or when more than half its lines are of bytes the run did not meet
(catalogs since edited or removed), so it keeps about one line per catalog.  Lines are found
by an index of offsets, read one by one as asked: a large publication's file is never held
whole.  The cache is only an optimisation: a file or line that is missing, unreadable,
malformed or not of this bitext is a miss (the catalog is parsed, as without a cache), and
a cache that cannot be written is left as it is.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from bitext.usercache import cache_file, code_stamp, open_regular

__all__ = ["PairsCache", "FORMAT"]

FORMAT = 1  # bump when a line's layout or meaning changes: older files are then ignored
_LINE = re.compile(rb"([0-9a-f]{64}) ")

Pairs = list[tuple[str, str]]


def _encode(pairs: Pairs) -> bytes:
    # flat, [msgid, msgstr, msgid, msgstr, ...]: checked back with one pass in C (`_decode`);
    # ensure_ascii off: half the size for accented text; surrogatepass: the lone surrogates a
    # catalog of another charset can hold come back as they were
    flat = [text for pair in pairs for text in pair]
    return json.dumps(flat, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _decode(raw: bytes) -> Pairs | None:
    try:
        flat = json.loads(raw.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError):
        return None
    if type(flat) is not list or len(flat) % 2 or not set(map(type, flat)) <= {str}:
        return None
    return list(zip(flat[::2], flat[1::2]))


class PairsCache:
    """One publication's and language's pairs by catalog digest (see the module)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._stamp = code_stamp() if path is not None else ""
        self._file = None
        self._where: dict[str, tuple[int, int]] = {}  # digest -> (offset, length) of its JSON
        self._lines = 0  # catalog lines in the file (a digest written twice counts twice)
        self._fresh = True  # the file must be written whole (missing, or not this bitext's)
        self._torn = False  # its last line has no end (a run killed while appending)
        self._met: set[str] = set()  # digests this run asked for or gave
        self._new: dict[str, bytes] = {}  # digest -> encoded pairs, not in the file yet
        if path is not None:
            self._open(path)

    @classmethod
    def of(cls, root, language: str) -> PairsCache:
        return cls(cache_file(root, "memory", language))

    def _open(self, path: Path) -> None:
        stream = open_regular(path, os.O_RDONLY)
        if stream is None:
            return
        try:
            header = stream.readline(4096)
            try:
                head = json.loads(header)
            except (ValueError, RecursionError):
                head = None
            if not (isinstance(head, dict) and head.get("format") == FORMAT and head.get("code") == self._stamp):
                stream.close()
                return
            offset = len(header)
            for line in stream:
                found = _LINE.match(line)
                if found is not None and line.endswith(b"\n"):
                    start = offset + found.end()
                    self._where[found.group(1).decode("ascii")] = (start, len(line) - found.end() - 1)
                self._lines += 1
                offset += len(line)
                self._torn = not line.endswith(b"\n")
        except OSError:
            stream.close()
            self._where.clear()
            return
        self._file = stream
        self._fresh = False

    def get(self, digest: str) -> Pairs | None:
        """The pairs of the catalog whose bytes have this SHA-256 hex digest, or None."""
        if self.path is None:
            return None
        self._met.add(digest)
        if digest in self._new:
            return _decode(self._new[digest])
        where = self._where.get(digest)
        if where is None or self._file is None:
            return None
        try:
            self._file.seek(where[0])
            raw = self._file.read(where[1])
        except OSError:
            return None
        pairs = _decode(raw) if len(raw) == where[1] else None
        if pairs is None:
            del self._where[digest]  # written again below, right this time
        return pairs

    def put(self, digest: str, pairs: Pairs) -> None:
        """Remember the pairs read from the bytes of this SHA-256 hex digest."""
        if self.path is None:
            return
        self._met.add(digest)
        if digest not in self._where and digest not in self._new:
            self._new[digest] = _encode(pairs)

    def close(self) -> None:
        """Write what is new (appended, or the file afresh; see the module); never fails."""
        if self.path is None:
            return
        try:
            dead = self._lines - len(self._met & self._where.keys())  # lines of bytes not met
            if self._fresh or self._torn or 2 * dead > self._lines + len(self._new):
                self._rewrite()
            elif self._new:
                stream = open_regular(self.path, os.O_WRONLY | os.O_APPEND)
                if stream is not None:
                    with stream:
                        stream.write(b"".join(self._lines_of(self._new)))
        except OSError:
            pass  # a read-only home: the next run parses those catalogs again
        finally:
            if self._file is not None:
                self._file.close()
                self._file = None

    def discard(self) -> None:
        """Forget this run: nothing is written."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._new.clear()

    @staticmethod
    def _lines_of(items: dict[str, bytes]):
        for digest, raw in items.items():
            yield digest.encode("ascii") + b" " + raw + b"\n"

    def _kept(self):
        """The lines of the digests met this run, from the file then new."""
        yield json.dumps({"format": FORMAT, "code": self._stamp}).encode("ascii") + b"\n"
        for digest in sorted(self._met & self._where.keys()):
            start, length = self._where[digest]
            self._file.seek(start)
            raw = self._file.read(length)
            if len(raw) == length:
                yield digest.encode("ascii") + b" " + raw + b"\n"
        yield from self._lines_of(self._new)

    def _rewrite(self) -> None:
        from bitext.files import write_atomic

        if not self._met and not self._where:
            return  # nothing to keep: no file for a run that asked nothing
        write_atomic(self.path, self._kept())
