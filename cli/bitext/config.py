"""Settings discovery and the one place that knows the folder layout (SPEC section 2).

The publication root is the nearest folder, from the starting one upwards, holding
`source/`, a `bitext.toml`, or a `pyproject.toml` with a `[tool.bitext]` table
(`bitext -C DIR` names it instead).  Settings come from `bitext.toml` (top-level keys)
or `[tool.bitext]`; `bitext.toml` wins where both exist.  Unknown keys, wrong types and
unknown languages are `SettingsError`s naming the settings file and, where TOML says, the line.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from bitext.errors import SettingsError, SourceError
from bitext.lang import normalize_language
from bitext.paths import (FOLDER_SETTINGS, check_folders, confine, folder_setting_problem, list_files,
                          overlapping_folders)

__all__ = ["Settings", "SourceFile", "SourceScan", "find_root", "load_settings", "check_languages",
           "known_settings", "read_toml", "DEFAULT_TRANSLATE_FIELDS", "SOURCE_SUFFIXES"]

DEFAULT_TRANSLATE_FIELDS = ("title", "subtitle", "description", "summary", "caption", "credit")
# `.markdown` is what Jekyll and many editors name Markdown files: the same articles as `.md`
SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
# the values of the `markdown` setting (bitext.segment.dialects defines each; a test holds them equal)
MARKDOWN_DIALECTS = ("commonmark", "gfm", "kramdown", "mkdocs", "pandoc", "vitepress", "hugo")


@dataclass(frozen=True)
class SourceFile:
    """One English article: its slug and its path relative to the root (POSIX)."""

    slug: str
    path: str


@dataclass(frozen=True)
class SourceScan:
    """What the source folder holds: the articles, and the sources skipped because hidden."""

    files: list[SourceFile]
    hidden: list[str]  # relative POSIX paths of .md/.txt files in dot-folders (or dot-files)
    folder_exists: bool


@dataclass(frozen=True)
class Settings:
    root: Path
    settings_path: str | None = None
    source_dir: str = "source"
    locales_dir: str = "locales"
    build_dir: str = "build"
    source_language: str = "en"
    languages: tuple[str, ...] = ("es",)
    threshold: float = 80.0
    fuzzy_threshold: float = 0.6
    translate_front_matter: tuple[str, ...] = DEFAULT_TRANSLATE_FIELDS
    base_url: str | None = None  # where build/ is published (https://example.org/news/), for sitemap and canonical links
    raw_html: str = "keep"  # the source's own HTML in every output: keep, escape or drop
    memory: tuple[str, ...] = ()  # globs of TMX/PO files, relative to the root
    markdown: str = "commonmark"
    translate_html: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    # real paths of folders already resolved by `abspath`, for this command's life
    _real_folders: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)
    # each folder setting's path parts, made on first use (the settings are frozen)
    _folder_parts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list, init=False, compare=False,
                                                               repr=False)

    # -- layout -------------------------------------------------------------------
    def abspath(self, relative: str) -> Path:
        """`root / relative`, refused (`PathError`) when a symbolic link on the way leads out
        of the folder holding it (see `paths`); checked before every read and write."""
        parts = _posix_parts(relative)
        if not self._folder_parts:
            self._folder_parts.extend((key, _posix_parts(getattr(self, key))) for key in FOLDER_SETTINGS)
        for key, folder in self._folder_parts:
            if parts[: len(folder)] == folder:
                return confine(self.root, relative, getattr(self, key), key, self.settings_path,
                               self._real_folders)
        return confine(self.root, relative)

    def pot_path(self, slug: str) -> str:
        return f"{self.locales_dir}/{slug}.pot"

    def po_path(self, language: str, slug: str) -> str:
        return f"{self.locales_dir}/{language}/LC_MESSAGES/{slug}.po"

    def glossary_path(self, language: str) -> str:
        return f"{self.locales_dir}/{language}/glossary.csv"

    def build_path(self, language: str, slug: str, suffix: str) -> str:
        return f"{self.build_dir}/{language}/{slug}{suffix}"

    def index_path(self) -> str:
        return f"{self.build_dir}/index.html"

    def sitemap_path(self) -> str:
        return f"{self.build_dir}/sitemap.xml"

    def asset_path(self, source_relative: str) -> str:
        """Where the build keeps its one copy of a file of the source folder."""
        return f"{self.build_dir}/assets/{source_relative}"

    def source_reference(self, source_path: str, target: str) -> str | None:
        """The file a relative reference `target` (decoded URL path) of the source at
        `source_path` names, as a path relative to the source folder; None when it leaves
        the source folder, by `..` or through a symbolic link."""
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_path), target))
        base = posixpath.normpath(self.source_dir)
        if base == ".":
            inside = joined != ".." and not joined.startswith("../") and not posixpath.isabs(joined)
            relative = joined
        else:
            inside = joined.startswith(base + "/")
            relative = joined[len(base) + 1:]
        if not inside:
            return None
        try:
            (self.root / joined).resolve().relative_to((self.root / base).resolve())
        except (ValueError, OSError):
            return None
        return relative
    def memory_files(self) -> list[str]:
        """The files the `memory` globs name, relative POSIX paths, in the setting's order.

        A glob that matches nothing is an error (a typo would silently leave the memory
        empty), and so is a match that resolves outside the publication (a symlink).
        """
        root = self.root.resolve()
        found: dict[str, None] = {}
        for pattern in self.memory:
            matches = sorted(path for path in self.root.glob(pattern) if path.is_file())
            if not matches:
                raise SettingsError(f"memory: no file matches {pattern!r}", self.settings_path)
            for path in matches:
                if not path.resolve().is_relative_to(root):
                    raise SettingsError(f"memory: {path.relative_to(self.root).as_posix()} leads "
                                        "outside the publication", self.settings_path)
                found.setdefault(path.relative_to(self.root).as_posix(), None)
        return list(found)

    def source_files(self) -> list[SourceFile]:
        """Every article below the source folder, sorted by slug; two files for one slug is an error."""
        return self.scan_sources().files

    def scan_sources(self) -> SourceScan:
        """The articles, and what was left out; a source setting naming a file is an error,
        and so is a link or a file name `paths` refuses."""
        files, hidden, exists = list_files(self.root, self.source_dir, SOURCE_SUFFIXES, "source_dir",
                                           self.settings_path)
        found: dict[str, SourceFile] = {}
        base = PurePosixPath(self.source_dir)
        prefix = "" if base.as_posix() == "." else base.as_posix() + "/"
        for relative in files:
            # the path below the source folder, less its suffix (every listed file has one)
            inner = relative[len(prefix):] if relative.startswith(prefix) else \
                PurePosixPath(relative).relative_to(base).as_posix()
            suffix = PurePosixPath(inner).suffix
            slug = inner[:-len(suffix)] if suffix else inner
            if slug in found:
                raise SourceError(f"two sources for the article {slug!r}: {found[slug].path} and {relative}",
                                  relative)
            found[slug] = SourceFile(slug, relative)
        return SourceScan([found[slug] for slug in sorted(found)], hidden, exists)


_KNOWN_KEYS = {
    "source_dir": str,
    "locales_dir": str,
    "build_dir": str,
    "source_language": str,
    "languages": list,
    "threshold": (int, float),
    "fuzzy_threshold": (int, float),
    "translate_front_matter": list,
    "base_url": str,
    "raw_html": str,
    "memory": list,
    "markdown": str,
    "translate_html": bool,
}
RAW_HTML_MODES = ("keep", "escape", "drop")


def _is_root(folder: Path) -> bool:
    # bitext.toml counts even as a folder, so that load_settings says what is wrong with it
    if (folder / "source").is_dir() or os.path.lexists(folder / "bitext.toml"):
        return True
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        import tomllib  # here and in _read_toml: a publication without settings files never parses TOML

        try:
            return "bitext" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError, RecursionError):
            return False
    return False


def _posix_parts(relative: str) -> tuple[str, ...]:
    """`PurePosixPath(relative).parts`, without pathlib for the usual relative path (no empty
    or `.` part to drop, no leading `/`): `abspath` runs for every file read or written,
    100,000 catalogs when a new paragraph asks the translation memory."""
    parts = relative.split("/")
    if "" in parts or "." in parts:
        return PurePosixPath(relative).parts
    return tuple(parts)


def find_root(start: Path) -> Path:
    """The nearest publication root from `start` upwards."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if _is_root(folder):
            return folder
    raise SettingsError(
        "no publication found here or above (a folder with source/, bitext.toml or "
        "[tool.bitext] in pyproject.toml); name one with -C DIR",
        str(start),
    )


def _read_toml(path: Path, relative: str) -> dict[str, Any]:
    import tomllib

    try:
        text = path.read_text("utf-8")
        return tomllib.loads(text)
    except UnicodeDecodeError:
        raise SettingsError("not UTF-8 text", relative) from None
    except RecursionError:  # tomllib reads nested arrays recursively
        raise SettingsError("invalid TOML: arrays or tables nest too deeply", relative) from None
    except OSError as error:
        raise SettingsError(f"cannot read: {error.strerror}", relative) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        if match:
            line = int(match.group(1))
        else:  # "(at end of document)": the last line is where the reader gave up
            line = max(1, len(text.splitlines()))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise SettingsError(f"invalid TOML: {message}", relative, line) from None


def known_settings() -> tuple[str, ...]:
    """Every key a settings file may hold (docs/settings.md documents each; a test holds it to that)."""
    return tuple(sorted(_KNOWN_KEYS))


# What a wrong value is told it should be, beyond its type's name.
_EXPECTED = {
    "languages": 'a list of language codes, like languages = ["es", "fr"]',
    "translate_front_matter": 'a list of front-matter field names, like translate_front_matter = ["title"]',
    "source_language": 'a language code in quotes, like source_language = "en"',
    "base_url": 'an absolute URL in quotes, like base_url = "https://example.org/news/"',
    "raw_html": 'one of "keep", "escape", "drop", like raw_html = "escape"',
    "memory": 'a list of globs of TMX or PO files, like memory = ["memory/*.tmx"]',
}
_TYPE_NAMES = {str: "a string in quotes", list: "a list in brackets", int: "a number", float: "a number",
               bool: "true or false", dict: "a table"}


def _expected(key: str, expected) -> str:
    if key in _EXPECTED:
        return _EXPECTED[key]
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(dict.fromkeys(_TYPE_NAMES.get(kind, kind.__name__) for kind in kinds))


def _toml_type(value: Any) -> str:
    return {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


read_toml = _read_toml  # `init` reads pyproject.toml as the settings reader does


def _key_line(text: str, key: str, table: tuple[str, ...] = ()) -> int | None:
    """The line that sets `key` inside `table` (() for top level): `key = ...`, a dotted
    `key.x = ...`, or a table header `[key]`/`[[key]]` (with the table's prefix)."""
    prefix = ".".join(table)
    full = f"{prefix}.{key}" if prefix else key
    header = re.compile(rf"\s*\[\[?\s*{re.escape(full)}\s*(\.[^\]]*)?\]\]?\s*(#.*)?$")
    assignment = re.compile(rf"\s*{re.escape(key)}\s*(=|\.)")
    inside = not table
    for number, line in enumerate(text.splitlines(), 1):
        if header.match(line):
            return number
        if re.match(r"\s*\[", line):
            inside = re.match(rf"\s*\[\s*{re.escape(prefix)}\s*\]", line) is not None if prefix else False
            continue
        if inside and assignment.match(line):
            return number
    parts = (*table, key)
    for start in range(len(parts) - 1):  # `[tool]` then `bitext.key = ...`, or `tool.bitext.key = ...`
        dotted = re.compile(r"\s*" + r"\s*\.\s*".join(re.escape(part) for part in parts[start:]) + r"\s*=")
        for number, line in enumerate(text.splitlines(), 1):
            if dotted.match(line):
                return number
    return None


def check_languages(languages: Any, source_language: str, where: str | None = None,
                    line: int | None = None) -> tuple[str, ...]:
    """The target languages, normalised; refuses what would build nothing or build twice."""
    if not isinstance(languages, (list, tuple)):
        raise SettingsError(f"languages is {_toml_type(languages)}; expected {_EXPECTED['languages']}",
                            where, line)
    if not languages:
        raise SettingsError(f"languages is empty; expected {_EXPECTED['languages']}", where, line)
    codes: list[str] = []
    for item in languages:
        if not isinstance(item, str) or not item:
            raise SettingsError(f"languages holds {_toml_type(item) if item != '' else 'an empty string'}; "
                                f"expected {_EXPECTED['languages']}", where, line)
        try:
            code = normalize_language(item)
        except SettingsError as error:
            raise SettingsError(error.message, where, line) from None
        if code in codes:
            raise SettingsError(f"language {item!r} is listed twice in languages (as {code!r}); "
                                "list each language once", where, line)
        if code == source_language:
            raise SettingsError(f"language {item!r} is the source language; languages lists the languages "
                                "to translate into (the source language is source_language)", where, line)
        codes.append(code)
    return tuple(codes)


def load_settings(root: Path) -> Settings:
    """Read and validate the settings of the publication at `root`."""
    table: dict[str, Any] = {}
    settings_file: Path | None = None
    where: tuple[str, ...] = ()
    bitext_toml, pyproject = root / "bitext.toml", root / "pyproject.toml"
    # the file settings are read from (bitext.toml wins, even as a folder, which is an error):
    # a link to a file outside the publication is refused before it is read
    name = "bitext.toml" if os.path.lexists(bitext_toml) else "pyproject.toml"
    if os.path.lexists(root / name):
        confine(root, name)
        if (root / name).is_dir():
            raise SettingsError("is a folder, not a file: settings are a TOML file", name)
    if bitext_toml.is_file():
        settings_file = bitext_toml
        table = _read_toml(bitext_toml, "bitext.toml")
    elif pyproject.is_file():
        data = _read_toml(pyproject, "pyproject.toml")
        tool = data.get("tool", {})
        tool = tool.get("bitext") if isinstance(tool, dict) else None
        if tool is not None:
            settings_file = pyproject
            where = ("tool", "bitext")
            if not isinstance(tool, dict):
                text = pyproject.read_text("utf-8")
                raise SettingsError(f"tool.bitext is {_toml_type(tool)}; expected a table: a line [tool.bitext] "
                                    "followed by the settings", "pyproject.toml",
                                    _key_line(text, "bitext", ("tool",)))
            table = tool
    relative = settings_file.name if settings_file else None
    text = settings_file.read_text("utf-8") if settings_file else ""
    section = f" in [{'.'.join(where)}]" if where else ""

    def fail(key: str, message: str) -> SettingsError:
        return SettingsError(message, relative, _key_line(text, key, where))

    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KNOWN_KEYS.get(key)
        if expected is None:
            known = ", ".join(sorted(_KNOWN_KEYS))
            what = "table" if isinstance(value, dict) else "setting"
            raise fail(key, f"unknown {what} {key!r}{section} (known settings: {known})")
        kinds = expected if isinstance(expected, tuple) else (expected,)
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in kinds):
            raise fail(key, f"setting {key!r} has the wrong type ({_toml_type(value)}); "
                           f"expected {_expected(key, expected)}")
        values[key] = value
    if "memory" in values:
        if not all(isinstance(item, str) and item for item in values["memory"]):
            raise fail("memory", f"memory holds something else than a glob; expected {_EXPECTED['memory']}")
        values["memory"] = tuple(values["memory"])
    if "translate_front_matter" in values:
        if not all(isinstance(item, str) and item for item in values["translate_front_matter"]):
            raise fail("translate_front_matter",
                       f"translate_front_matter holds something else than a field name; "
                       f"expected {_EXPECTED['translate_front_matter']}")
        values["translate_front_matter"] = tuple(values["translate_front_matter"])
        for name in values["translate_front_matter"]:
            if any(unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") for char in name):
                raise fail("translate_front_matter",
                           f"translate_front_matter names {name!r}, which holds a control character")
    if "markdown" in values:
        if values["markdown"] not in MARKDOWN_DIALECTS:
            raise fail("markdown", f"unknown markdown dialect {values['markdown']!r}; "
                                   f"expected one of {', '.join(MARKDOWN_DIALECTS)}")
    if "source_language" in values:
        try:
            values["source_language"] = normalize_language(values["source_language"])
        except SettingsError as error:
            raise fail("source_language", error.message) from None
    source_language = values.get("source_language", Settings.source_language)
    languages = values.get("languages", Settings.languages)
    if "languages" not in values and source_language in languages:
        raise fail("source_language", f"source_language is {source_language!r}, which is also the default "
                                      f"of languages; set languages to the languages to translate into")
    values["languages"] = check_languages(languages, source_language, relative,
                                          _key_line(text, "languages" if "languages" in values
                                                    else "source_language", where))
    if "threshold" in values and not 0 <= values["threshold"] <= 100:
        raise fail("threshold", "threshold must be a percentage from 0 to 100")
    if "raw_html" in values and values["raw_html"] not in RAW_HTML_MODES:
        raise fail("raw_html", f"raw_html must be one of {', '.join(RAW_HTML_MODES)}, not {values['raw_html']!r}")
    if "fuzzy_threshold" in values and not 0 < values["fuzzy_threshold"] <= 1:
        raise fail("fuzzy_threshold", "fuzzy_threshold must be a ratio above 0 and at most 1")
    if "base_url" in values:
        url = values["base_url"].strip()
        if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", url):
            raise fail("base_url", "base_url must be an absolute http(s) URL, like https://example.org/news/")
        values["base_url"] = url if url.endswith("/") else url + "/"
    for key in FOLDER_SETTINGS:
        if key in values:
            problem = folder_setting_problem(values[key])
            if problem:
                raise fail(key, f"setting {key} = {values[key]!r} {problem}")
            values[key] = PurePosixPath(values[key]).as_posix()  # "./source/" -> "source"
    folders = {key: values.get(key, getattr(Settings, key)) for key in FOLDER_SETTINGS}
    overlap = overlapping_folders(folders)
    if overlap:
        first, second = overlap
        raise fail(first if first in values else second,
                   f"settings {first} = {folders[first]!r} and {second} = {folders[second]!r} overlap (the same "
                   f"folder, or one inside the other); give each a folder of its own")
    check_folders(root, folders, relative)
    for pattern in values.get("memory", ()):
        pure = Path(pattern)
        if pure.is_absolute() or ".." in pure.parts:
            raise fail("memory", f"memory: {pattern!r} must be a glob inside the publication")
    return Settings(root=root, settings_path=relative, **values)
