"""Confinement: the one place that turns a publication's paths into file-system paths.

Every path bitext reads or writes for a publication is built from things a pull request
can change: the folder settings (`source_dir`, `locales_dir`, `build_dir`), the names of
the files found in the source folder, and the symbolic links committed in the
repository.  None of them is trusted.  The paths a person types (`-C DIR`, `import RAW`)
are, and do not come through here.

The rules, each refused with a `PathError` naming the path (and the setting that led
there) before anything is read or written:

- a folder setting is a relative path below the root: not empty, not `.`, not absolute,
  without `..`, not inside `.git`, and the three folders do not overlap (`source_dir =
  "."` would read `build/` and `locales/` as articles);
- with every symbolic link resolved (`os.path.realpath`), each folder stays inside the
  root and the folders still do not overlap, and each file stays inside the folder it
  belongs to (a source inside `source_dir`, a catalog inside `locales_dir`, an output
  inside `build_dir`; any other file inside the root, out of `.git`): a source linked to
  `/etc/passwd`, a catalog linked to a secret (refused before it is read, so no byte of
  it reaches an error message), a `build/es` linked to `/` are all refused;
- a file name that cannot be written into a PO reference or printed on one line (a
  control character such as a newline, a line or paragraph separator, a bidirectional
  control, bytes that are not UTF-8) is refused when the source folder is listed;
- inside the source folder no symbolic link to a folder is followed: it is refused
  (followed, it would publish articles from elsewhere, or the same article twice).

This module reads the file system (links, folders) but writes nothing.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from bitext.errors import PathError

__all__ = [
    "FOLDER_SETTINGS",
    "shown_path",
    "name_problem",
    "folder_setting_problem",
    "overlapping_folders",
    "check_folders",
    "confine",
    "list_files",
]

FOLDER_SETTINGS = ("source_dir", "locales_dir", "build_dir")

# Bidirectional controls: in a file name they make it read as another ("Trojan source").
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _bad_char(char: str) -> bool:
    category = unicodedata.category(char)
    # Cc: C0/C1 controls (newline, tab, escape...); Cs: a byte that is not UTF-8, which
    # Python hands over as a lone surrogate; Zl/Zp: line and paragraph separators, which
    # Python's splitlines() and some editors treat as line ends.
    return category in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS or char in "\ufffe\uffff"


_CONTROL_NAMES = {"\t": "a tab", "\n": "a newline", "\r": "a carriage return", "\x1b": "an escape character"}


def _describe(char: str) -> str:
    if unicodedata.category(char) == "Cs":
        return f"the byte 0x{ord(char) - 0xDC00:02x}, which is not UTF-8,"
    if char in _CONTROL_NAMES:
        return f"{_CONTROL_NAMES[char]} (U+{ord(char):04X})"
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else " (a control character)")


def shown_path(path: str) -> str:
    """`path` printable on one line: each character `name_problem` refuses is escaped."""
    if not any(_bad_char(char) for char in path):
        return path
    out = []
    for char in path:
        if not _bad_char(char):
            out.append(char)
        elif unicodedata.category(char) == "Cs":
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            out.append(repr(char)[1:-1] if ord(char) < 0x100 else f"\\u{ord(char):04x}")
    return "".join(out)


def name_problem(name: str) -> str | None:
    """Why `name` cannot be written into a PO reference (`#: source/a.md:3`), or None."""
    if name.isascii() and name.isprintable():
        return None  # the common case, at once: printable ASCII holds none of the refused characters
    for char in name:
        if _bad_char(char):
            return (f"the file name holds {_describe(char)} that a PO reference (#: FILE:LINE) cannot "
                    f"hold: gettext tools could not read the catalog back; rename the file")
    return None


def folder_setting_problem(value: str) -> str | None:
    """What is wrong with a folder setting as written, or None."""
    if not value.strip():
        return "is empty, which would be the publication root itself"
    bad = next((char for char in value if _bad_char(char)), None)
    if bad is not None:
        return f"holds {_describe(bad)}; name the folder with printable characters"
    path = PurePosixPath(value)
    if path.is_absolute():
        return "is an absolute path; name a folder inside the publication"
    if ".." in path.parts:
        return "goes up with '..'; name a folder inside the publication"
    if not path.parts:
        return "names the publication root itself; name a folder inside it"
    if any(part.lower() == ".git" for part in path.parts):
        return "is inside .git, git's own folder"
    return None


def _parts(value: str) -> tuple[str, ...]:
    return PurePosixPath(value).parts


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    return inner[: len(outer)] == outer


def overlapping_folders(folders: Mapping[str, str]) -> tuple[str, str] | None:
    """Two settings whose folders are the same or one inside the other, as written."""
    items = list(folders.items())
    for index, (key, value) in enumerate(items):
        for other, other_value in items[index + 1:]:
            a, b = _parts(value), _parts(other_value)
            if _contains(a, b) or _contains(b, a):
                return key, other
    return None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _real(path: Path | str) -> str:
    return os.path.realpath(path)


def _setting_note(setting: str | None, value: str | None, origin: str | None) -> str:
    if setting is None:
        return ""
    where = f" in {origin}" if origin else ", the default"
    return f" ({setting} = {value!r}{where})"


def check_folders(root: Path, folders: Mapping[str, str], origin: str | None = None) -> None:
    """Each folder, its links resolved, inside the root, out of .git, apart from the others."""
    real_root = _real(root)
    resolved: dict[str, str] = {}
    for key, value in folders.items():
        real = _real(root / value)
        note = _setting_note(key, value, origin)
        if real == real_root:
            raise PathError(f"is the publication root itself, through a symbolic link{_link_note(root, value)}; "
                            f"it must be a folder of its own{note}", value)
        if not _inside(real, real_root):
            raise PathError(f"leads outside the publication through a symbolic link{_link_note(root, value)}; "
                            f"bitext reads and writes only inside it{note}", value)
        relative = os.path.relpath(real, real_root)
        if any(part.lower() == ".git" for part in Path(relative).parts):
            raise PathError(f"leads into .git through a symbolic link{_link_note(root, value)}{note}", value)
        resolved[key] = real
    items = list(resolved.items())
    for index, (key, real) in enumerate(items):
        for other, other_real in items[index + 1:]:
            if _inside(real, other_real) or _inside(other_real, real):
                raise PathError(f"{key} ({folders[key]!r}) and {other} ({folders[other]!r}) are the same "
                                f"folder or one holds the other, through a symbolic link; each must be "
                                f"a folder of its own", folders[key])


def _link_note(root: Path, relative: str) -> str:
    """` (LINK -> TARGET)`: the first symbolic link on the way, as committed."""
    current = root
    for part in _parts(relative):
        current = current / part
        if os.path.islink(current):
            try:
                target = os.readlink(current)
            except OSError:
                target = "?"
            return f" ({shown_path(current.relative_to(root).as_posix())} -> {shown_path(target)})"
    return ""


def _real_cached(path: str, cache: dict[str, str] | None, is_folder: bool = False) -> str:
    """`realpath(path)`, the real path of its folder taken from `cache` (one command's
    life: a folder does not turn into a link meanwhile), its own name checked each time."""
    if cache is None:
        return _real(path)
    if is_folder:
        real = cache.get(path)
        if real is None:
            real = cache[path] = _real(path)
        return real
    folder, name = os.path.split(path)
    real_folder = cache.get(folder)
    if real_folder is None:
        real_folder = cache[folder] = _real(folder)
    if os.path.islink(path):
        return _real(path)
    return os.path.join(real_folder, name)


def confine(root: Path, relative: str, folder: str | None = None, setting: str | None = None,
            origin: str | None = None, cache: dict[str, str] | None = None) -> Path:
    """`root / relative`, once its symbolic links are known to keep it inside `folder`
    (the folder `setting` names; None: the root, out of .git).  `cache` (a dict kept for
    one command) saves resolving the same folders again for every file."""
    path = root / relative
    real = _real_cached(os.path.join(root, relative), cache)
    if folder is not None:
        allowed = _real_cached(os.path.join(root, folder), cache, is_folder=True)
        if _inside(real, allowed):  # the folder itself too (a lock, a clean-up walks it)
            return path
        where = f"{setting} ({folder!r})" if setting else repr(folder)
        link = _link_note(root, relative)
        raise PathError(f"leads outside {where} through a symbolic link{link}; bitext reads and writes "
                        f"only inside the folders of the publication", shown_path(relative))
    real_root = _real(root)
    if _inside(real, real_root) and real != real_root:
        inner = Path(os.path.relpath(real, real_root)).parts
        if not any(part.lower() == ".git" for part in inner):
            return path
    link = _link_note(root, relative)
    raise PathError(f"leads outside the publication through a symbolic link{link}; bitext reads and writes "
                    f"only inside it", shown_path(relative))


def list_files(root: Path, folder: str, suffixes: Iterable[str], setting: str,
               origin: str | None = None) -> tuple[list[str], list[str], bool]:
    """`(files, hidden, exists)`: relative POSIX paths of the files below `folder` whose
    suffix (any case) is in `suffixes`; those of them whose name or folder starts with
    `.` (editor swap files, .github/), which are not articles; whether the folder exists.

    A folder setting naming a file, a symbolic link to a folder, a broken or looping link,
    a link leading out of the folder, or a name `name_problem` refuses are errors.
    """
    suffixes = tuple(suffix.lower() for suffix in suffixes)
    base = root / folder
    if not os.path.lexists(base):
        return [], [], False
    if not base.is_dir():
        raise PathError(f"the {setting.removesuffix('_dir')} folder is not a folder"
                        f"{_setting_note(setting, folder, origin)}", shown_path(folder))
    found: list[str] = []
    hidden: list[str] = []
    # (folders as paths relative to the root, joined as strings: one scandir pass over
    # 100,000 articles takes a second, not the four pathlib would)
    pending = [(base, base.relative_to(root).as_posix(), False)]
    while pending:
        current, current_relative, in_hidden = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            raise PathError(f"cannot list the folder: {error.strerror}", shown_path(current_relative)) from None
        for entry in entries:
            relative = f"{current_relative}/{entry.name}" if current_relative != "." else entry.name
            is_hidden = in_hidden or entry.name.startswith(".")
            try:
                is_link = entry.is_symlink()
                if is_hidden:
                    # never read: listed only so that a person hears why it is no article
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((current / entry.name, relative, True))
                    elif os.path.splitext(entry.name)[1].lower() in suffixes:
                        hidden.append(shown_path(relative))
                    continue
                if is_link and entry.is_dir():
                    raise PathError(f"is a symbolic link to a folder{_link_note(root, relative)}; bitext "
                                    f"follows no folder links inside {setting} (they would publish files "
                                    f"from elsewhere, or one article twice)", shown_path(relative))
                if entry.is_dir(follow_symlinks=False):
                    pending.append((current / entry.name, relative, False))
                    continue
                if os.path.splitext(entry.name)[1].lower() not in suffixes:
                    continue
                problem = name_problem(relative)
                if problem:
                    raise PathError(problem, shown_path(relative))
                if is_link and not os.path.exists(current / entry.name):
                    raise PathError(f"is a broken symbolic link{_link_note(root, relative)}",
                                    shown_path(relative))
                if is_link:
                    confine(root, relative, folder, setting, origin)
                elif not entry.is_file(follow_symlinks=False):
                    continue  # a socket or a device named like an article: not one
            except OSError as error:
                if error.errno == errno.ELOOP:
                    raise PathError("is a symbolic link that leads back to itself (a loop)",
                                    shown_path(relative)) from None
                raise PathError(f"cannot read: {error.strerror}", shown_path(relative)) from None
            found.append(relative)
    return sorted(found), sorted(hidden), True
