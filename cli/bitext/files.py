"""The one writer that touches paths: write sets, atomic writes, removals, the folder lock.

Commands replace files through a `WriteSet`: plan every file, write every temporary
(`.NAME.XXXXXXXX.tmp` beside its target), flush them all to disk together, compare every
file to be replaced with the fingerprint of what was read, then rename.  So a failure while writing (full
disk, read-only folder, permission: `BitextError` naming the path) changes nothing; a
kill during the renames leaves each file old or new; and a file that changed since it
was read is never overwritten: it is planned again from what it holds now.
`FolderLock` keeps a second bitext out of a folder being written, and its holder
removes the temporaries a killed run left (`clean_temporaries`).  `write_atomic` is the
single-file form; `read_bytes` and `read_snapshot` turn OS errors into `BitextError`s.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

from bitext.errors import BitextError

__all__ = ["write_atomic", "read_bytes", "remove_file", "copy_file", "link_file", "holds", "read_snapshot", "fingerprint",
           "write_temporary", "write_pending", "discard_pending", "Pending", "WriteSet", "UNCHECKED",
           "ChangedWhileRunning", "clean_temporaries", "FolderLock", "LockHeld"]


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", shown) from None


def write_atomic(path: Path, data: bytes | str | Iterable[str | bytes]) -> None:
    """Write `data` to `path` atomically, creating parent folders; keeps an existing file's mode.
    `data` may be an iterable of pieces (strings written as UTF-8), written one after the other
    as they come: a large file is never held whole in memory."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        pass
    import tempfile  # here: a command that writes nothing does not load it (nor shutil, random)

    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if isinstance(data, (bytes, bytearray)):
                stream.write(data)
            else:
                for piece in data:
                    stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode if mode is not None else 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def remove_file(path: Path) -> bool:
    """Remove a generated file if it exists; True when something was removed."""
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False


def holds(path: Path, data: str | bytes) -> bool:
    """Whether `path` already holds `data` (False when it cannot be read): a file that
    does is not rewritten, so it keeps its time (a sync to a server sends only what changed)."""
    encoded = data.encode("utf-8") if isinstance(data, str) else data
    try:
        return path.stat().st_size == len(encoded) and path.read_bytes() == encoded
    except OSError:
        return False


def copy_file(source: Path, target: Path, shown: str) -> bool:
    """Copy `source` to `target` atomically unless `target` already holds the same bytes;
    True when something was written."""
    data = read_bytes(source, shown)
    if holds(target, data):
        return False
    write_atomic(target, data)
    return True


def link_file(source: Path, target: Path) -> bool:
    """Make `target` the same file as `source`: a hard link where the file system allows
    (one copy on disk), else a copy; True when something was written."""
    try:
        if target.samefile(source):
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.link")
    try:
        try:
            temporary.unlink()
        except FileNotFoundError:
            pass
        os.link(source, temporary)
        os.replace(temporary, target)
        return True
    except OSError:
        return copy_file(source, target, str(target))


# ------------------------------------------------------------------ write sets
#
# `update`, `extract` and `build` replace many files together.  They go through a
# `WriteSet`: every new file is first written as a temporary beside its target
# (`.NAME.XXXXXXXX.tmp`), and only when every temporary is on disk does `commit`
# replace the targets.  So a failure while writing (full disk, read-only folder,
# permission) leaves the publication untouched, and a kill during the renames leaves
# each file old or new.  A file that was read to plan its new text carries the
# fingerprint of what was read; `commit` replaces it only if it still is that, and
# otherwise asks its `replan` for a new text made from what is there now.

UNCHECKED = "unchecked"  # an output nobody edits (build/): replaced without comparing

# The temporaries bitext writes: a hidden name, the target's name, mkstemp's 8
# random characters.  Only files of this shape ending in a suffix bitext writes are
# ever cleaned as leftovers.
_TEMPORARY = re.compile(r"^\.(?P<name>.+\.(?:po|pot|md|txt|html|tmx|xml))\.[a-z0-9_]{8}\.tmp$")
MAX_REPLANS = 5


def fingerprint(data: bytes | None) -> str | None:
    """What a file held when read (None: it did not exist): compared before replacing it."""
    import hashlib  # here: writing a file alone (bench/bitext_io.py) need not load OpenSSL

    return None if data is None else hashlib.sha256(data).hexdigest()


def read_snapshot(path: Path, shown: str) -> tuple[bytes | None, str | None]:
    """A file's bytes (None when missing) and their fingerprint, for a later compare-and-swap."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", shown) from None
    return data, fingerprint(data)


def _current(path: Path, shown: str) -> str | None:
    """`read_snapshot`'s fingerprint, the file hashed a piece at a time: a large catalog's
    bytes read whole, right before it is replaced, raised the peak of `update` by their size."""
    import hashlib

    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", shown) from None


def _write_error(error: OSError, shown: str) -> BitextError:
    return BitextError(f"cannot write: {error.strerror or error}; nothing was changed", shown)


class Pending:
    """One file of a write set: its temporary on disk (None: the file is to be removed)."""

    # A plain class, not a dataclass: `write_atomic` alone (bench/bitext_io.py, a catalog
    # tool) should not pay for importing `dataclasses` and `inspect` (~10 ms).
    def __init__(self, path: Path, shown: str, temporary: Path | None,
                 expected: str | None = UNCHECKED, created: list[Path] | None = None,
                 synced: bool = True) -> None:
        self.path = path
        self.shown = shown
        self.temporary = temporary
        self.expected = expected
        self.created = [] if created is None else created  # folders made for it, shallowest first
        self.synced = synced  # False: its temporary is not yet flushed to disk (`WriteSet.commit` does it)

    def __repr__(self) -> str:
        return (f"Pending(path={self.path!r}, shown={self.shown!r}, temporary={self.temporary!r}, "
                f"expected={self.expected!r}, created={self.created!r}, synced={self.synced!r})")


def _make_folders(folder: Path) -> list[Path]:
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            pass
    return list(reversed(missing))  # shallowest first


def write_temporary(path: Path, shown: str, data: bytes | str | list, sync: bool = True) -> Pending:
    """Write `data` into a temporary beside `path` (folders made as needed); `path` is untouched.
    `data` may be a list of bytes-like pieces, written one after the other (a page too large
    to join in memory).

    Raises `BitextError` naming `shown` on any OS error, after removing what it made.
    `sync` False: not flushed to disk yet (`WriteSet` flushes all its temporaries at once).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    created: list[Path] = []
    temporary = None
    try:
        created = _make_folders(path.parent)
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        import tempfile  # here, as in write_atomic

        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temporary = Path(name)
        try:
            for piece in (data if isinstance(data, list) else (data,)):
                view = memoryview(piece)
                while view:
                    view = view[os.write(descriptor, view):]
            if sync:
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.chmod(temporary, mode)  # the target's mode, not mkstemp's 0600
    except OSError as error:
        _discard(Pending(path, shown, temporary, created=created))
        raise _write_error(error, shown) from None
    except BaseException:
        _discard(Pending(path, shown, temporary, created=created))
        raise
    return Pending(path, shown, temporary, created=created, synced=sync)


def _fsync_path(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# One flush after another makes the file system commit its journal once per file (5 ms
# each on a busy disk: 10 s for the 2,000 files of a 1,000-article update); flushes run
# together let it commit many in one go, six times faster here.
_FLUSHERS = 16


def sync_temporaries(pendings: list[Pending]) -> None:
    """Flush every temporary not yet on disk; the first failure (in list order) raises
    `BitextError` naming its file, the temporaries left as they are (the caller discards them)."""
    waiting = [pending for pending in pendings if not pending.synced and pending.temporary is not None]
    if not waiting:
        return

    def flush(pending: Pending) -> OSError | None:
        try:
            _fsync_path(pending.temporary)
        except OSError as error:
            return error
        return None

    if len(waiting) <= 2:  # a thread pool costs more than it saves
        outcomes = [flush(pending) for pending in waiting]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(_FLUSHERS, len(waiting))) as pool:
            outcomes = list(pool.map(flush, waiting))
    for pending, error in zip(waiting, outcomes):
        if error is not None:
            raise _write_error(error, pending.shown)
        pending.synced = True


def _discard(pending: Pending) -> None:
    if pending.temporary is not None:
        try:
            os.unlink(pending.temporary)
        except FileNotFoundError:
            pass
        except OSError:
            pass
    for folder in reversed(pending.created):  # deepest first; a folder someone filled stays
        try:
            folder.rmdir()
        except OSError:
            pass


# renameat2(2): replace a file only if it is still the one we compared (exchange, then
# look at what came out), create one only if nobody created it meanwhile (noreplace).
# Where the kernel, libc or file system lacks it, compare then os.replace.
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_NOT_LOOKED_UP = object()
_renameat2 = _NOT_LOOKED_UP


def _renameat2_function():
    """libc's renameat2, or None; looked up (and ctypes imported) on the first rename."""
    global _renameat2
    if _renameat2 is _NOT_LOOKED_UP:
        _renameat2 = None
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                _renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
            except OSError:  # pragma: no cover - no libc to load
                _renameat2 = None
    return _renameat2


def _rename2(source: Path, target: Path, flags: int) -> bool | None:
    """True done; False: EEXIST/ENOENT; None: not supported here."""
    renameat2 = _renameat2_function()
    if renameat2 is None:
        return None
    result = renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags)
    if result == 0:
        return True
    import ctypes  # loaded by _renameat2_function already

    code = ctypes.get_errno()
    if code in (errno.EEXIST, errno.ENOENT):
        return False
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return None
    raise OSError(code, os.strerror(code), str(target))


def _swap(pending: Pending, ours: str | None) -> bool:
    """Put the temporary in place if the target is still what was read; False if it changed."""
    path, temporary, expected = pending.path, pending.temporary, pending.expected
    if expected == UNCHECKED:
        os.replace(temporary, path)
        return True
    if expected is None:  # it did not exist: create it only if it still does not
        done = _rename2(temporary, path, _RENAME_NOREPLACE)
        if done is not None:
            return done
        if path.exists():
            return False
        os.replace(temporary, path)
        return True
    done = _rename2(temporary, path, _RENAME_EXCHANGE)
    if done is None:  # no atomic exchange here: compare, then replace
        if _current(path, pending.shown) != expected:
            return False
        os.replace(temporary, path)
        return True
    if not done:  # the target vanished since it was read
        return False
    # `temporary` now holds what was at `path` a moment ago
    if _current(temporary, pending.shown) == expected:
        os.unlink(temporary)
        return True
    _rename2(temporary, path, _RENAME_EXCHANGE)  # someone saved meanwhile: give their file back
    if ours is not None and _current(temporary, pending.shown) != ours:
        _rename2(temporary, path, _RENAME_EXCHANGE)  # they saved again in between: keep the newest
    return False


class _Item:
    __slots__ = ("pending", "ours", "replan", "tag")

    def __init__(self, pending: Pending, ours: str | None,
                 replan: Callable[[], tuple[bytes | str | None, str | None, Any]] | None,
                 tag: Any) -> None:
        self.pending = pending
        self.ours = ours
        self.replan = replan
        self.tag = tag


class ChangedWhileRunning(BitextError):
    """A file changed between being read and being replaced, and could not be planned again."""


class WriteSet:
    """Files replaced together: plan, write every temporary, compare, rename.

    Use as a context manager: leaving it without `commit` (an error, an interrupt)
    removes every temporary and every folder it made, so nothing changed.
    `replan()` returns `(data, fingerprint_of_what_it_read, tag)` for the file as it is
    now; data None means the file needs no change any more.
    """

    def __init__(self) -> None:
        self._items: list[_Item] = []
        self._folders: list[Path] = []  # made for temporaries since forgotten (`forget`)
        self._adopted: dict[int, _Item] = {}  # id(pending) -> its item (`rewrite`)

    def __enter__(self) -> WriteSet:
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()

    def write(self, path: Path, shown: str, data: bytes | str, expected: str | None = UNCHECKED,
              replan=None, tag: Any = None) -> None:
        """Write the temporary of `path` now (flushed to disk at `commit`, all together);
        `expected` is the fingerprint of what was read."""
        pending = write_temporary(path, shown, data, sync=False)
        pending.expected = expected
        self._items.append(_Item(pending, _fingerprint_of(data), replan, tag))

    def adopt(self, pending: Pending, tag: Any = None, ours: str | None = None, replan=None) -> None:
        """Take a temporary written elsewhere (a worker process) into this set; `ours` (the
        fingerprint of what it holds), `replan` and `pending.expected` as for `write`."""
        item = _Item(pending, ours, replan, tag)
        self._items.append(item)
        self._adopted[id(pending)] = item

    def rewrite(self, pending: Pending, data: bytes | str, expected: str | None = UNCHECKED,
                replan=None, tag: Any = None) -> None:
        """Write the file of `pending` (adopted by this set) again, with `data`, in its place in
        the set: its first temporary was written for nothing (what it holds changed since)."""
        item = self._adopted.pop(id(pending))
        fresh = write_temporary(pending.path, pending.shown, data, sync=False)  # (raising: the set is as it was)
        _discard(Pending(pending.path, pending.shown, pending.temporary))
        fresh.expected = expected
        fresh.created = pending.created + fresh.created
        item.pending = fresh
        item.ours, item.replan, item.tag = _fingerprint_of(data), replan, tag

    def forget(self, pendings: list[Pending]) -> None:
        """Remove these adopted temporaries now and leave them out of the set (written for
        nothing: what they hold is made again)."""
        dropped = {id(pending) for pending in pendings}
        self._items = [item for item in self._items if id(item.pending) not in dropped]
        for key in dropped:
            self._adopted.pop(key, None)
        for pending in pendings:
            _discard(Pending(pending.path, pending.shown, pending.temporary))
            # its folders may hold the others' temporaries by now: removed, if empty, with theirs
            self._folders.extend(pending.created)

    def remove(self, path: Path, shown: str, tag: Any = None) -> None:
        """Remove `path` at commit (an output no longer wanted)."""
        self._items.append(_Item(Pending(path, shown, None), None, None, tag))

    def discard(self) -> None:
        """Remove every temporary, then every folder made for them (those left empty)."""
        items, self._items = self._items, []
        self._adopted = {}
        for item in items:
            _discard(Pending(item.pending.path, item.pending.shown, item.pending.temporary))
        folders = [folder for item in items for folder in item.pending.created] + self._folders
        self._folders = []
        for folder in sorted(set(folders), key=lambda path: len(path.parts), reverse=True):
            try:
                folder.rmdir()
            except OSError:
                pass

    def _again(self, item: _Item) -> bool:
        """Plan a changed file again from what it holds now; False when it needs nothing."""
        if item.replan is None:
            raise ChangedWhileRunning("changed while bitext was running; run the command again",
                                      item.pending.shown)
        data, expected, tag = item.replan()
        _discard(Pending(item.pending.path, item.pending.shown, item.pending.temporary))
        item.pending.temporary = None
        if data is None:
            return False
        fresh = write_temporary(item.pending.path, item.pending.shown, data)
        item.pending.temporary, item.pending.expected = fresh.temporary, expected
        item.ours, item.tag = _fingerprint_of(data), tag
        return True

    def _compare_all(self) -> None:
        """Before the first rename: every file to replace is still what was read, or is planned again."""
        for item in list(self._items):
            pending = item.pending
            for _ in range(MAX_REPLANS):
                if pending.expected == UNCHECKED or pending.temporary is None:
                    break
                if _current(pending.path, pending.shown) == pending.expected:
                    break
                if not self._again(item):
                    self._items.remove(item)
                    break
            else:
                raise ChangedWhileRunning("keeps changing while bitext runs; nothing was changed",
                                          pending.shown)

    def commit(self) -> list[Any]:
        """Replace every target; returns the tags of the files written or removed, in order.

        Before the first rename, a file that changed since it was read is planned again
        (or, without `replan`, the commit stops with nothing changed).  Past it, each
        file is compared again right before its own rename; one that changed is planned
        again, never overwritten; one that cannot be is left as it is and reported.
        """
        try:
            sync_temporaries([item.pending for item in self._items])
            self._compare_all()
        except BaseException:
            self.discard()
            raise
        done: list[Any] = []
        left: list[BitextError] = []
        items, self._items = self._items, []
        self._adopted = {}
        folders = set()
        position = 0
        try:
            while position < len(items):
                item = items[position]
                position += 1
                pending = item.pending
                try:
                    if pending.temporary is None:
                        if remove_file(pending.path):
                            done.append(item.tag)
                        continue
                    for _ in range(MAX_REPLANS):
                        if _swap(pending, item.ours):
                            done.append(item.tag)
                            folders.add(pending.path.parent)
                            break
                        if not self._again(item):
                            break
                    else:
                        _discard(pending)
                        left.append(ChangedWhileRunning("keeps changing while bitext runs; left as it is",
                                                        pending.shown))
                except BitextError as error:
                    _discard(pending)
                    left.append(error)
                except OSError as error:
                    _discard(pending)
                    raise BitextError(f"cannot write: {error.strerror or error}; the files before it "
                                      "were replaced, the others are unchanged", pending.shown) from None
        finally:
            for item in items[position:]:  # after an error or an interrupt: theirs stay old
                _discard(item.pending)
            for folder in folders:
                _sync_folder(folder)
        if left:
            left[0].written = done  # what was replaced all the same, for the caller to report
            raise left[0]
        return done


def write_pending(path: Path, shown: str, data: bytes | str) -> tuple[Pending, str]:
    """A temporary made for a `WriteSet` elsewhere (a worker process): its `Pending` (not yet
    flushed) and the fingerprint of what it holds, for `WriteSet.adopt`."""
    return write_temporary(path, shown, data, sync=False), _fingerprint_of(data)


def discard_pending(pending: Pending) -> None:
    """Remove the temporary of `pending` and the folders made for it (those left empty)."""
    _discard(pending)


def _fingerprint_of(data: bytes | str) -> str:
    return fingerprint(data.encode("utf-8") if isinstance(data, str) else data)


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a power cut after exit keeps them); best effort."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def clean_temporaries(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Remove temporaries an interrupted bitext left below `folder` (call only holding its lock).

    Only names of bitext's own shape (`.NAME.XXXXXXXX.tmp`) whose NAME ends in one of
    `suffixes` are touched; anything else is someone else's.
    """
    removed = []
    if not folder.is_dir():
        return removed
    for directory, _, names in os.walk(folder):
        for name in names:
            match = _TEMPORARY.match(name)
            if match and match.group("name").endswith(suffixes):
                path = Path(directory) / name
                try:
                    path.unlink()
                    removed.append(path)
                except OSError:
                    pass
    return removed


# ------------------------------------------------------------------------ lock

class LockHeld(BitextError):
    """Another bitext is writing the same folder."""


def _holder(descriptor: int) -> list[str]:
    """PID and command of the lock's holder; it writes them just after locking, so wait a moment."""
    for _ in range(20):
        holder = os.pread(descriptor, 200, 0).decode("utf-8", "replace").split()
        if len(holder) >= 2:
            return holder
        time.sleep(0.01)
    return holder


class FolderLock:
    """An exclusive lock on a folder bitext writes (`FOLDER/.bitext.lock`, flock).

    The kernel releases a flock when its holder dies, so a `kill -9` never leaves the
    publication locked.  The file records the holder's PID and command for the message
    a second run prints; it is removed on release.  Where the folder cannot be written
    (read-only), no lock is taken: nothing can be written there by anyone either way,
    and the write itself reports the path.
    """

    NAME = ".bitext.lock"

    def __init__(self, folder: Path, shown_folder: str, command: str):
        self.folder = folder
        self.path = folder / self.NAME
        self.shown = f"{shown_folder.rstrip('/')}/{self.NAME}"
        self.command = command
        self.held = False
        self._descriptor: int | None = None
        self._created: list[Path] = []
        self._attempted = False

    def __enter__(self) -> FolderLock:
        if not self._attempted:
            self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    def acquire(self) -> bool:
        """Take the lock (True), or find the folder unwritable (False); `LockHeld` if another holds it."""
        self._attempted = True
        if fcntl is None:  # pragma: no cover - not POSIX: compare-and-swap alone protects
            return False
        try:
            self._created = _make_folders(self.folder)
        except OSError:
            return False
        while True:
            try:
                descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            except OSError:
                self._remove_created()
                return False
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                holder = _holder(descriptor)
                os.close(descriptor)
                if error.errno in (errno.EWOULDBLOCK, errno.EACCES, errno.EAGAIN):
                    pid = holder[0] if holder and holder[0].isdigit() else "?"
                    command = holder[1] if len(holder) > 1 else "command"
                    raise LockHeld(f"another bitext {command} is running (PID {pid}); "
                                   "wait for it to finish, then run this again", self.shown) from None
                return False
            # the previous holder may have removed the file between our open and our lock
            try:
                same = os.fstat(descriptor).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(descriptor)
        try:  # who holds it, for the message a second run prints; the lock holds without it
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()} {self.command}\n".encode())
        except OSError:
            pass
        self._descriptor = descriptor
        self.held = True
        return True

    def release(self) -> None:
        if self._descriptor is not None:
            try:
                os.unlink(self.path)  # while still holding it, so no one locks a removed file
            except OSError:
                pass
            os.close(self._descriptor)
            self._descriptor = None
            self.held = False
        self._remove_created()

    def _remove_created(self) -> None:
        for folder in reversed(self._created):  # deepest first; only if still empty
            try:
                folder.rmdir()
            except OSError:
                break
        self._created = []
