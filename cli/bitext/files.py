"""The one writer that touches paths: atomic writes and removals.

Every file bitext writes goes through `write_atomic`: a temporary file in the same
folder, flushed and fsynced, then `os.replace`, so an interrupted run leaves each file
either old or new, never cut.  `read_bytes` turns OS errors into `BitextError`s.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bitext.errors import BitextError

__all__ = ["write_atomic", "read_bytes", "remove_file", "copy_file", "link_file"]


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", shown) from None


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` atomically, creating parent folders; keeps an existing file's mode."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        pass
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
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


def copy_file(source: Path, target: Path, shown: str) -> bool:
    """Copy `source` to `target` atomically unless `target` already holds the same bytes;
    True when something was written."""
    data = read_bytes(source, shown)
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
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
