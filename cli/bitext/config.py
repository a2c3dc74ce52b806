"""Settings discovery and the one place that knows the folder layout (SPEC section 2).

The publication root is the nearest folder, from the starting one upwards, holding
`source/`, a `bitext.toml`, or a `pyproject.toml` with a `[tool.bitext]` table
(`bitext -C DIR` names it instead).  Settings come from `bitext.toml` (top-level keys)
or `[tool.bitext]`; `bitext.toml` wins where both exist.  Unknown keys, wrong types and
unknown languages are `SettingsError`s naming the settings file and, where TOML says, the line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bitext.errors import SettingsError, SourceError
from bitext.lang import normalize_language

__all__ = ["Settings", "SourceFile", "find_root", "load_settings", "DEFAULT_TRANSLATE_FIELDS"]

DEFAULT_TRANSLATE_FIELDS = ("title", "subtitle", "description", "summary", "caption", "credit")
SOURCE_SUFFIXES = (".md", ".txt")


@dataclass(frozen=True)
class SourceFile:
    """One English article: its slug and its path relative to the root (POSIX)."""

    slug: str
    path: str


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
    extra: dict[str, Any] = field(default_factory=dict)

    # -- layout -------------------------------------------------------------------
    def abspath(self, relative: str) -> Path:
        return self.root / relative

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

    def source_files(self) -> list[SourceFile]:
        """Every article below the source folder, sorted by slug; two files for one slug is an error."""
        base = self.root / self.source_dir
        if not base.is_dir():
            return []
        found: dict[str, SourceFile] = {}
        for path in sorted(base.rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            relative = path.relative_to(self.root).as_posix()
            slug = path.relative_to(base).with_suffix("").as_posix()
            if any(part.startswith(".") for part in Path(slug).parts):
                continue  # editor swap files and hidden folders are not articles
            if slug in found:
                raise SourceError(f"two sources for the article {slug!r}: {found[slug].path} and {relative}",
                                  relative)
            found[slug] = SourceFile(slug, relative)
        return [found[slug] for slug in sorted(found)]


_KNOWN_KEYS = {
    "source_dir": str,
    "locales_dir": str,
    "build_dir": str,
    "source_language": str,
    "languages": list,
    "threshold": (int, float),
    "fuzzy_threshold": (int, float),
    "translate_front_matter": list,
}


def _is_root(folder: Path) -> bool:
    if (folder / "source").is_dir() or (folder / "bitext.toml").is_file():
        return True
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            return "bitext" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            return False
    return False


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
    try:
        text = path.read_text("utf-8")
        return tomllib.loads(text)
    except UnicodeDecodeError:
        raise SettingsError("not UTF-8 text", relative) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        if match:
            line = int(match.group(1))
        else:  # "(at end of document)": the last line is where the reader gave up
            line = max(1, len(text.splitlines()))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise SettingsError(f"invalid TOML: {message}", relative, line) from None


def _key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return None


def load_settings(root: Path) -> Settings:
    """Read and validate the settings of the publication at `root`."""
    table: dict[str, Any] = {}
    settings_file: Path | None = None
    bitext_toml, pyproject = root / "bitext.toml", root / "pyproject.toml"
    if bitext_toml.is_file():
        settings_file = bitext_toml
        table = _read_toml(bitext_toml, "bitext.toml")
    elif pyproject.is_file():
        data = _read_toml(pyproject, "pyproject.toml")
        tool = data.get("tool", {}).get("bitext")
        if tool is not None:
            settings_file = pyproject
            if not isinstance(tool, dict):
                raise SettingsError("[tool.bitext] must be a table", "pyproject.toml")
            table = tool
    relative = settings_file.name if settings_file else None
    text = settings_file.read_text("utf-8") if settings_file else ""

    def fail(key: str, message: str) -> SettingsError:
        return SettingsError(message, relative, _key_line(text, key))

    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KNOWN_KEYS.get(key)
        if expected is None:
            known = ", ".join(sorted(_KNOWN_KEYS))
            raise fail(key, f"unknown setting {key!r} (known: {known})")
        if not isinstance(value, expected) or isinstance(value, bool):
            raise fail(key, f"setting {key!r} has the wrong type ({type(value).__name__})")
        values[key] = value
    for key in ("languages", "translate_front_matter"):
        if key in values:
            if not all(isinstance(item, str) and item for item in values[key]):
                raise fail(key, f"setting {key!r} must be a list of non-empty strings")
            values[key] = tuple(values[key])
    try:
        if "languages" in values:
            values["languages"] = tuple(normalize_language(code) for code in values["languages"])
        if "source_language" in values:
            values["source_language"] = normalize_language(values["source_language"])
    except SettingsError as error:
        raise fail("languages" if "languages" in table else "source_language", error.message) from None
    if "threshold" in values and not 0 <= values["threshold"] <= 100:
        raise fail("threshold", "threshold must be a percentage from 0 to 100")
    if "fuzzy_threshold" in values and not 0 < values["fuzzy_threshold"] <= 1:
        raise fail("fuzzy_threshold", "fuzzy_threshold must be a ratio above 0 and at most 1")
    for key in ("source_dir", "locales_dir", "build_dir"):
        if key in values and (Path(values[key]).is_absolute() or ".." in Path(values[key]).parts):
            raise fail(key, f"{key} must be a folder inside the publication")
    return Settings(root=root, settings_path=relative, **values)
