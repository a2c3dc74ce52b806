"""A file's content digest without reading it, when its stat says it is unchanged (git's index).

`FileStates(old, stamp)` holds what a previous run recorded of each input file: its size,
modification and change times (ns), inode, and the SHA-256 of its bytes (`State`).
`FileStates.digest(path, shown)` returns the file's digest (None: missing): the recorded
one when the file's stat is exactly as recorded, otherwise the digest of its bytes, read
again.  Each answer is kept in `FileStates.new` (with the stat taken *before* any read, so a
later edit always shows as a different stat or a re-read), to be saved as the next record.

The racily clean case (git's word): a file edited within the timestamp granularity of the
moment its stat was recorded can keep the same size and times and still hold other bytes.
So a stat is trusted only for a file whose recorded modification time is older than the
recording run's start (`stamp`) by more than `RACY_NS` (2 s: the coarsest common file system
granularity, FAT's); a newer one is read and hashed again, which is cheap (it is one of the
files the last run wrote or saw being written).

Nothing here writes a file; callers save `new` in their own record.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable

from bitext.files import fingerprint

__all__ = ["FileStates", "RACY_NS", "State", "now_ns", "content_digest", "valid_states"]

RACY_NS = 2_000_000_000
# [size, mtime_ns, inode, ctime_ns, sha256 hex] as saved in JSON
State = list


def now_ns() -> int:
    """The run's start, taken before any stat: what the racily-clean rule compares with."""
    return time.time_ns()


# A file's digest is `files.fingerprint` of its bytes: a plan's fingerprint of the bytes it
# read is then the digest recorded for them (`FileStates.record_read`).
content_digest = fingerprint


def _stat(path: str) -> list[int] | None:
    """The file's own stat (a symbolic link's, not its target's: see `FileStates.digest`)."""
    try:
        status = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return []  # unreadable: never matches a record, and the read says why
    if not stat.S_ISREG(status.st_mode):
        return []  # a link's stat does not change with its target: never trusted
    return [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns]


class FileStates:
    """Recorded states in, digests out; `new` holds what to record next (see the module).

    `root`: the folder the recorded paths are relative to; `read(relative)`: the bytes of a
    file (None when missing), read through the publication's own checks (`Settings.abspath`
    refuses a link leading out of its folder), used whenever the stat is not trusted."""

    def __init__(self, root: str, read: Callable[[str], bytes | None], old: dict[str, State] | None = None,
                 stamp: int = 0) -> None:
        self.root = root
        self.read_file = read
        self.old = old or {}
        self.stamp = stamp
        self.new: dict[str, State] = {}
        self.read = 0  # files read again (for tests and the bench)

    def stat(self, relative: str) -> list[int] | None:
        return _stat(os.path.join(self.root, relative))

    def digest(self, relative: str) -> str | None:
        """The digest of the file's bytes now (None: missing)."""
        status = self.stat(relative)
        recorded = self.old.get(relative)
        if (status and recorded is not None and recorded[:4] == status
                and recorded[1] < self.stamp - RACY_NS):
            self.new[relative] = recorded
            return recorded[4]
        data = self.read_file(relative)
        if data is None:
            self.new.pop(relative, None)
            return None
        self.read += 1
        digest = content_digest(data)
        # the stat taken before the read: if the file changed in between, the next run sees a
        # stat unlike this one (or a racy one) and reads it again
        if status:
            self.new[relative] = [*status, digest]
        else:
            self.new.pop(relative, None)
        return digest

    def unchanged(self, relative: str) -> bool:
        """Whether the file holds the bytes the record says (False when it was not recorded)."""
        recorded = self.old.get(relative)
        digest = self.digest(relative)
        return recorded is not None and digest == recorded[4]

    def record_read(self, relative: str, digest: str | None) -> None:
        """The file was read again, after `digest`/`unchanged`, by someone who saw bytes of
        `digest`: keep the stat taken before (older than that read), with that digest."""
        state = self.new.get(relative)
        if state is None or digest is None:
            self.new.pop(relative, None)
        else:
            self.new[relative] = [*state[:4], digest]

    def record_written(self, relative: str) -> None:
        """The file was written after the stat: its stat now, then its bytes (a file written
        moments ago is racy: the next run reads it again anyway)."""
        self.new.pop(relative, None)
        status = self.stat(relative)
        data = self.read_file(relative)
        if status and data is not None:
            self.new[relative] = [*status, content_digest(data)]


def valid_states(data: object) -> dict[str, State] | None:
    """The states of a loaded record, or None when they are not as this module writes them."""
    if not isinstance(data, dict):
        return None
    for path, state in data.items():
        if not (isinstance(path, str) and isinstance(state, list) and len(state) == 5
                and all(type(value) is int for value in state[:4]) and isinstance(state[4], str)):
            return None
    return data


def read_optional(settings, relative: str) -> bytes | None:
    """A publication file's bytes through `Settings.abspath` (its link checks); None when missing."""
    from bitext.errors import BitextError

    try:
        return settings.abspath(relative).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", relative) from None
