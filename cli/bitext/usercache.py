"""Where bitext keeps what it remembers between runs for the user, outside every publication.

`cache_file(root, kind, *more)` is the path of one publication's file of a `kind`
(`status`: `status`'s memo; `memory`: the memory's pairs of one language), or None when there is
no cache: `BITEXT_CACHE_DIR` names the folder (empty: none), else `$XDG_CACHE_HOME/bitext`
(`~/.cache/bitext`).  The name holds a digest of the publication's real path (and of `more`),
never the path itself.  `code_stamp()` is a digest of bitext's version and the size and
modification time of each of its modules, and of the libraries whose answers a cached result
holds (Babel, rapidfuzz) and Python's version: a result kept under another stamp is not used.

Nothing here is kept inside the publication: a file a pull request can commit would be read
back as bitext's own (see the README, "status remembers").
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from pathlib import Path

import bitext

__all__ = ["CACHE_ENV", "cache_folder", "cache_file", "code_stamp", "open_regular", "read_regular"]

CACHE_ENV = "BITEXT_CACHE_DIR"


def cache_folder() -> str | None:
    """The cache folder (None: no cache)."""
    folder = os.environ.get(CACHE_ENV)
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "bitext")
    return folder or None


def cache_file(root: str | os.PathLike, kind: str, *more: str) -> Path | None:
    """`<cache folder>/<kind>-<digest of the publication's real path and more>.json`."""
    folder = cache_folder()
    if folder is None:
        return None
    key = "\0".join((os.path.realpath(root), *more))
    name = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(folder) / f"{kind}-{name}.json"


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """bitext's version and its modules' sizes and times, and those of the libraries a
    merge asks (Babel: plural forms and language names; rapidfuzz: fuzzy matches)."""
    import importlib.util
    import sys

    parts = [bitext.__version__, sys.version]  # Python's own Unicode tables count words
    package = os.path.dirname(bitext.__file__)
    for folder, folders, files in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                parts.append((os.path.relpath(os.path.join(folder, name), package), info.st_size, info.st_mtime_ns))
    for library in ("babel", "rapidfuzz"):
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        if origin:
            info = os.stat(origin)
            parts.append((library, origin, info.st_size, info.st_mtime_ns))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


def open_regular(path: Path, flags: int):
    """A binary stream on `path` if it is a regular file, not reached through a symbolic link;
    else None.  The cache folder is the user's, but `BITEXT_CACHE_DIR` may name any folder: a
    link planted there must not make bitext append to the file it points at, nor a FIFO hang it."""
    try:
        descriptor = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            return None
        return os.fdopen(descriptor, "rb" if flags == os.O_RDONLY else "ab")
    except OSError:
        os.close(descriptor)
        return None


def read_regular(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file not reached through a link (`open_regular`)."""
    stream = open_regular(path, os.O_RDONLY)
    if stream is None:
        return None
    with stream:
        try:
            return stream.read()
        except OSError:
            return None
