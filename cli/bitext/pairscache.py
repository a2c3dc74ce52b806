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
whole, and neither are the lines a run adds (kept in an unnamed spool file beside it until
they are written: 300 MB at 100,000 catalogs).  `PairsCache.adding` is for a run that
planned articles but asks the memory nothing: when there is no file of this bitext yet (a
clone's first `update`, which plans every article), what it read is written as the file, so
the first run that asks parses nothing; a file already there is left to the runs that ask
(they add what they parse), so lines are never repeated and a run that writes nothing reads
nothing more than the file's first line.  The cache is only an optimisation: a file or line
that is missing, unreadable, malformed or not of this bitext is a miss (the catalog is
parsed, as without a cache), and a cache that cannot be written is left as it is.
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
        self._new: dict[str, tuple[int, int]] = {}  # digest -> (offset, length) in the spool
        self._spool = None  # the lines not in the file yet (see `_spooled`)
        if path is not None:
            self._open(path)

    @classmethod
    def of(cls, root, language: str) -> PairsCache:
        return cls(cache_file(root, "memory", language))

    @classmethod
    def adding(cls, root, language: str) -> PairsCache:
        """A cache to be written whole from what is `put`, when there is no file of this
        bitext yet; otherwise one that keeps nothing (see the module)."""
        cache = cls(None)
        path = cache_file(root, "memory", language)
        if path is None:
            return cache
        cache._stamp = code_stamp()
        stream = open_regular(path, os.O_RDONLY)
        if stream is not None:
            with stream:
                if cache._ours(stream.readline(4096)):
                    return cache  # (path None: `put` and `close` do nothing)
        cache.path = path
        return cache

    def _ours(self, header: bytes) -> bool:
        try:
            head = json.loads(header)
        except (ValueError, RecursionError):
            return False
        return isinstance(head, dict) and head.get("format") == FORMAT and head.get("code") == self._stamp

    def _open(self, path: Path) -> None:
        stream = open_regular(path, os.O_RDONLY)
        if stream is None:
            return
        try:
            header = stream.readline(4096)
            if not self._ours(header):
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
            return _decode(self._spooled(*self._new[digest]))
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
            self._spool_line(digest, _encode(pairs))

    def _spool_line(self, digest: str, raw: bytes) -> None:
        if self._spool is None:
            import tempfile

            try:  # beside the cache: the same disk, and gone with the process whatever happens
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._spool = tempfile.TemporaryFile(dir=self.path.parent)
            except OSError:
                self.path = None  # an unwritable cache folder: nothing can be kept
                return
        try:
            offset = self._spool.seek(0, os.SEEK_END)
            self._spool.write(digest.encode("ascii") + b" " + raw + b"\n")
        except OSError:
            self.path = None
            return
        self._new[digest] = (offset + 65, len(raw))

    def _spooled(self, offset: int, length: int) -> bytes:
        self._spool.seek(offset)
        return self._spool.read(length)

    def close(self) -> None:
        """Write what is new (appended, or the file afresh; see the module); never fails."""
        try:
            if self.path is None:
                return
            dead = self._lines - len(self._met & self._where.keys())  # lines of bytes not met
            if self._fresh or self._torn or 2 * dead > self._lines + len(self._new):
                self._rewrite()
            else:
                self._append()
        except OSError:
            pass  # a read-only home: the next run parses those catalogs again
        finally:
            self.discard()

    def _append(self) -> None:
        if not self._new:
            return
        stream = open_regular(self.path, os.O_WRONLY | os.O_APPEND)
        if stream is not None:
            with stream:
                for piece in self._spool_pieces():
                    stream.write(piece)

    def discard(self) -> None:
        """Forget this run: nothing is written (what it held is let go)."""
        for stream in (self._file, self._spool):
            if stream is not None:
                stream.close()
        self._file = self._spool = None
        self._new.clear()
        self._where.clear()
        self._met.clear()

    def _spool_pieces(self, size: int = 1 << 20):
        """The spooled lines, a piece at a time."""
        if self._spool is None:
            return
        self._spool.seek(0)
        while piece := self._spool.read(size):
            yield piece

    def _kept(self):
        """The lines of the digests met this run, from the file then new."""
        yield json.dumps({"format": FORMAT, "code": self._stamp}).encode("ascii") + b"\n"
        for digest in sorted(self._met & self._where.keys()):
            start, length = self._where[digest]
            self._file.seek(start)
            raw = self._file.read(length)
            if len(raw) == length:
                yield digest.encode("ascii") + b" " + raw + b"\n"
        yield from self._spool_pieces()

    def _rewrite(self) -> None:
        from bitext.files import write_atomic

        if not self._met and not self._where:
            return  # nothing to keep: no file for a run that asked nothing
        write_atomic(self.path, self._kept())
