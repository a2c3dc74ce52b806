"""The build's record of what each output was made from, so `build` rewrites only what changed.

One JSON file in the build folder, `build/.bitext-build.json` (`BuildRecord`), holds:

- per article (by slug): `key`, the digest of everything its pages are made from apart
  from the other articles (`article_key`: the source's bytes and path, each configured
  language's catalog bytes or its absence, and `build_key`: bitext's version, the digest
  of bitext's own code, templates, CSS and page-word catalogs, the settings, the
  languages, `--threshold` and `--stale`); `deps`, the digest of what it takes from the
  rest of the site (which editions it and each article it links to have, where its
  references lead); the `outputs` written with their size and modification time; and
  what the index needs of it (its rows, its original title, its references), so an
  unchanged article is not even parsed;
- `site`: the key and outputs of `index.html` and `sitemap.xml`.

An article is rebuilt when its key or deps differ or one of its outputs is missing or not
as written (deleted or edited by hand).  The record is only an optimisation: a missing,
unreadable or older-format record means a full build.  Nothing here writes outputs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import bitext
from bitext.config import Settings, SourceFile
from bitext.files import write_atomic
from bitext.model import Counts
from bitext.statcache import FileStates, now_ns, read_optional, valid_states

__all__ = ["BuildRecord", "RECORD_NAME", "build_key", "article_key", "code_digest", "digest",
           "stat_outputs", "outputs_intact", "now_ns", "written_settings"]

RECORD_NAME = ".bitext-build.json"
FORMAT = 3  # bump when the record's layout changes: an older record is then ignored


def digest(*parts: object) -> str:
    """A short, stable digest of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The digest of bitext's own files (code, templates, CSS, page-word catalogs): a page
    made by other code may differ, and a version number is not bumped for each change."""
    package = Path(bitext.__file__).parent
    hashed = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css", ".po", ".pot", ".mo", ".cfg", ".xml", ".j2"):
            hashed.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            hashed.update(path.read_bytes())
    return hashed.hexdigest()[:32]


def build_key(settings: Settings, every: Sequence[str], chosen: Sequence[str], threshold: float,
              stale_mode: str) -> str:
    """What every output depends on besides its article's own files."""
    return digest(FORMAT, bitext.__version__, code_digest(), written_settings(settings), list(every), list(chosen),
                  threshold, stale_mode)


def written_settings(settings: Settings) -> dict:
    """Every setting a user can write; not the root's absolute place nor the resolved real
    folders kept beside it (both absolute paths): a moved or re-cloned project, or CI's
    cached build/ in another workspace, changes no output and must not redo every one."""
    return {item.name: getattr(settings, item.name) for item in fields(settings) if item.init and item.name != "root"}


def article_key(settings: Settings, base: str, source: SourceFile, every: Sequence[str],
                states: FileStates) -> str:
    """The digest of one article's own inputs: its source and its catalogs (all languages).

    The files' digests come from `states`: the recorded ones when a file's stat is as the
    last build recorded it (outside the racily clean window), else read and hashed again."""
    catalogs = [(language, states.digest(settings.po_path(language, source.slug))) for language in every]
    return digest(base, source.path, source.slug, states.digest(source.path), catalogs)


def stat_outputs(settings: Settings, paths: Iterable[str]) -> dict[str, list[int]]:
    """Size and modification time (ns) of each written output, to notice a later hand edit."""
    root = str(settings.root)
    recorded = {}
    for path in paths:
        status = os.lstat(os.path.join(root, path))
        recorded[path] = [status.st_size, status.st_mtime_ns]
    return recorded


def outputs_intact(settings: Settings, outputs: dict[str, list[int]]) -> bool:
    """Whether every recorded output is still there exactly as written (a link put in its
    place is not: its own stat is not the file's that was written)."""
    root = str(settings.root)
    for path, (size, mtime) in outputs.items():
        try:
            status = os.lstat(os.path.join(root, path))
        except OSError:
            return False
        if status.st_size != size or status.st_mtime_ns != mtime or not stat.S_ISREG(status.st_mode):
            return False
    return True


_COUNTS = {item.name for item in fields(Counts)}


def _inside_build(settings: Settings, path: object) -> bool:
    prefix = settings.build_dir.rstrip("/") + "/"
    return isinstance(path, str) and path.startswith(prefix) and ".." not in path.split("/") and "\\" not in path


def _valid_paths(settings: Settings, paths: object) -> bool:
    """A list of build-folder paths as `save` writes them: nothing else is ever removed."""
    return isinstance(paths, list) and all(_inside_build(settings, path) for path in paths)


def _valid_outputs(settings: Settings, outputs: object) -> bool:
    if not isinstance(outputs, dict):
        return False
    for path, value in outputs.items():
        if not (_inside_build(settings, path) and isinstance(value, list) and len(value) == 2
                and all(type(item) is int for item in value)):
            return False
    return True


# an edition's links as `building` records them: (label, the page's suffix); "md"/"txt" is the
# edition's own format
_LINK_SUFFIXES = {"edition": ".html", "md": ".md", "txt": ".txt", "bilingual": ".bilingual.html", "TMX": ".tmx"}


def _valid_row(settings: Settings, slug: str, row: dict) -> bool:
    """A row's languages are the publication's and its links exactly the pages `build` makes
    for it: the index shows both (a `lang` attribute, an `href`), so a hostile record could
    otherwise put a `javascript:` link or any language tag on the index."""
    language = row["language"]
    if language not in settings.languages or row["title_language"] not in (language, settings.source_language):
        return False
    return all(label in _LINK_SUFFIXES and path == f"{language}/{slug}{_LINK_SUFFIXES[label]}"
               for label, path in row["links"])


def _valid_article(settings: Settings, slug: str, record: object) -> bool:
    if not isinstance(record, dict):
        return False
    try:
        return (all(isinstance(record[name], str) for name in ("key", "deps", "title", "shown"))
                and all(isinstance(url, str) and type(line) is int and isinstance(kind, str)
                        for url, line, kind in record["refs"])
                and all(isinstance(row["title"], str)
                        and isinstance(row["published"], bool) and isinstance(row["counts"], dict)
                        and set(row["counts"]) <= _COUNTS
                        and all(type(value) is int for value in row["counts"].values())
                        and isinstance(row["percent"], (int, float))
                        and _valid_row(settings, slug, row)  # its languages and links
                        for row in record["rows"])
                and _valid_outputs(settings, record["outputs"]))
    except (KeyError, TypeError, ValueError):
        return False


# The record's layout: one JSON document, laid out one member per line so that it can be
# read a line at a time (`BuildRecord.load`):
#   {"format":3,"stamp":...,"site":{...},"assets":[...],"articles":{
#   "slug":{...},            one line per article
#   },"files":{
#   "path":[...],            one line per input file
#   }}
_ARTICLES = b',"articles":{\n'
_FILES = b'},"files":{\n'
_END = b'}}\n'


# A `\uD800`-`\uDFFF` escape (not itself escaped): `save` writes text as UTF-8, never such
# escapes, and the string one makes (a lone surrogate) cannot be written out again
_SURROGATE_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F]")


def _decoded(data: bytes) -> object:
    """JSON, refused (ValueError) with a surrogate escape in it."""
    # (`in` first: the pattern has no literal start for the engine to look for, so a search
    # tried it at every byte, 12 of the 40 s of a build with nothing to do at 100,000 articles;
    # a line without `\u` holds no such escape, and `save` writes `\u` only for control characters)
    if b"\\u" in data and _SURROGATE_ESCAPE.search(data):
        raise ValueError("a surrogate escape")
    return json.loads(data)


def _member(line: bytes) -> tuple[str, object]:
    """The key and value of a member line (`"key":value` and maybe a comma)."""
    data = _decoded(b"{" + line + b"}")
    if not isinstance(data, dict) or len(data) != 1:
        raise ValueError("not one member")
    return next(iter(data.items()))


@dataclass
class BuildRecord:
    """`articles`: slug -> its entry, a dict, or (as loaded) the bytes of its member line,
    decoded when asked (`entry`): at 100,000 articles the decoded entries took ~470 MB, the
    lines ~125 MB, and an unchanged article's line is written back as it was read."""

    articles: dict[str, dict | bytes] = field(default_factory=dict)
    site: dict = field(default_factory=dict)
    files: dict[str, list] = field(default_factory=dict)  # inputs' states (`statcache`)
    stamp: int = 0  # when the run that recorded `files` started
    assets: list[str] = field(default_factory=list)  # files copied for the articles (and links beside pages)

    def entry(self, slug: str) -> dict | None:
        """The article's entry, decoded (a new dict each time for one loaded as a line)."""
        value = self.articles.get(slug)
        if isinstance(value, bytes):
            return _member(value)[1]
        return value

    def states(self, settings: Settings) -> FileStates:
        """The inputs' digests, from this record's states where their stat allows."""
        return FileStates(str(settings.root), lambda relative: read_optional(settings, relative), self.files,
                          self.stamp)

    @staticmethod
    def path(settings: Settings) -> Path:
        return settings.abspath(f"{settings.build_dir}/{RECORD_NAME}")

    @classmethod
    def load(cls, settings: Settings) -> "BuildRecord":
        """The last build's record; an empty one when there is none or it cannot be used.

        Read a line at a time when laid out as `save` writes it (each article's line kept
        as bytes, decoded once here to be checked); any other layout of the same JSON (a
        record written by an earlier bitext, or edited by hand) is decoded whole."""
        try:
            with cls.path(settings).open("rb") as stream:
                first = stream.readline()
                if not first.endswith(_ARTICLES):
                    return cls._checked(settings, _decoded(first + stream.read()), None)
                data = _decoded(first[:-len(_ARTICLES)] + b"}")
                if not isinstance(data, dict) or data.get("format") != FORMAT:
                    return cls()
                lines: dict[str, bytes] = {}
                files: dict[str, object] = {}
                into: dict | None = lines
                for line in stream:
                    if line == _FILES and into is lines:
                        into = files
                    elif line == _END and into is files:
                        into = None
                    elif into is None or not line.endswith(b"\n"):
                        return cls()  # not as `save` writes it: not trusted
                    else:
                        member = line[:-1].removesuffix(b",")
                        key, value = _member(member)
                        if into is lines:
                            # checked now, kept as its line (the decoded entry goes at once)
                            if _valid_article(settings, key, value):
                                lines[key] = member
                        else:
                            files[key] = value
                if into is not None:
                    return cls()  # cut short
        except (OSError, ValueError, TypeError, RecursionError):  # `[[[[...` nests past the decoder's stack
            return cls()
        data["articles"], data["files"] = {}, files
        return cls._checked(settings, data, lines)

    @classmethod
    def _checked(cls, settings: Settings, data: object, lines: dict[str, bytes] | None) -> "BuildRecord":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        articles, site = data.get("articles"), data.get("site")
        if not isinstance(articles, dict) or not isinstance(site, dict):
            return cls()
        # a record edited by hand or by another tool is not trusted: an entry that is not
        # as this module writes it is dropped (its article is rebuilt), and no output path
        # outside the build folder is ever looked at or removed
        kept = {slug: record for slug, record in articles.items() if _valid_article(settings, slug, record)}
        if lines is not None:
            kept.update(lines)
        files = valid_states(data.get("files"))
        stamp = data.get("stamp")
        assets = data.get("assets", [])
        return cls(kept, site if _valid_outputs(settings, site.get("outputs")) and isinstance(site.get("key"), str)
                   else {}, files or {}, stamp if type(stamp) is int and files else 0,
                   assets if _valid_paths(settings, assets) else [])

    def save(self, settings: Settings) -> None:
        write_atomic(self.path(settings), self._pieces())

    def _pieces(self) -> Iterator[str | bytes]:
        """The record's JSON, one member a line (see `_ARTICLES`), a thousand lines at a
        time: the whole text is never held (at 100,000 articles it and the encoder's pieces
        were several times the 120 MB record).  Compact and unsorted: the C encoder."""
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

        def members(items: Iterable[tuple[str, object]]) -> Iterator[bytes]:
            batch: list[bytes] = []
            separator = b""
            for key, value in items:
                # a line loaded and not changed is written back as it was read
                batch.append(value if isinstance(value, bytes) else f"{dumps(key)}:{dumps(value)}".encode("utf-8"))
                if len(batch) == 1000:
                    yield separator + b",\n".join(batch)
                    batch, separator = [], b",\n"
            if batch:
                yield separator + b",\n".join(batch)
            if batch or separator:
                yield b"\n"

        header = dumps({"format": FORMAT, "stamp": self.stamp, "site": self.site, "assets": self.assets})
        yield header[:-1].encode("utf-8") + _ARTICLES
        yield from members(self.articles.items())
        yield _FILES
        yield from members(self.files.items())
        yield _END

    @classmethod
    def forget(cls, settings: Settings) -> None:
        """Drop the record (a partial `--lang` build leaves other languages' pages as they were)."""
        try:
            cls.path(settings).unlink()
        except FileNotFoundError:
            pass
