"""`bitext init`: start a publication in a folder (empty or not).

`plan_init` decides everything and validates every input before a byte is written: the
settings (`bitext.toml`, or a `[tool.bitext]` table appended to an existing
`pyproject.toml`), the `source/` and `locales/` folders, and the build folder in
`.gitignore` (appended to an existing one).  It refuses, with a `BitextError`, a folder
where a publication already is: one with bitext settings, or with catalogs in
`locales/`.  An existing `source/` of articles is kept: starting a publication from a
folder of English articles is the common case.  `apply_init` writes the plan, each file
atomically.  Nothing here prints; `commands` says what was done.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from bitext.config import Settings, check_languages, find_root, load_settings, read_toml
from bitext.errors import BitextError, SettingsError
from bitext.files import write_atomic

__all__ = ["InitStep", "InitPlan", "plan_init", "apply_init"]


@dataclass(frozen=True)
class InitStep:
    """One thing `init` does: `path` relative to the folder (folders end with `/`)."""

    path: str
    action: str  # "create" (file), "append" (to a file), "mkdir", "keep" (already there)
    text: str | None = None  # the file's whole new text, for "create" and "append"


@dataclass(frozen=True)
class InitPlan:
    root: Path
    source_language: str
    languages: tuple[str, ...]
    settings_file: str
    steps: list[InitStep]


def _settings_text(source_language: str, languages: tuple[str, ...]) -> str:
    quoted = ", ".join(f'"{code}"' for code in languages)
    defaults = Settings(root=Path("."))
    return (f'source_language = "{source_language}"\n'
            f"languages = [{quoted}]\n"
            "# Optional settings, shown with their defaults (every setting: docs/settings.md of bitext):\n"
            f"# threshold = {defaults.threshold:g}  # percent of words translated before an edition is built\n"
            f"# fuzzy_threshold = {defaults.fuzzy_threshold:g}  # how similar an old translation must be to be offered\n"
            f'# source_dir = "{defaults.source_dir}"\n'
            f'# locales_dir = "{defaults.locales_dir}"\n'
            f'# build_dir = "{defaults.build_dir}"\n')


def _ignores(gitignore_text: str, folder: str) -> bool:
    wanted = {folder, f"{folder}/", f"/{folder}", f"/{folder}/"}
    return any(line.strip() in wanted for line in gitignore_text.splitlines())


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        raise BitextError("not UTF-8 text", shown) from None
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", shown) from None


def _append(text: str, addition: str) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    return text + addition


def _refuse_inside_a_publication(root: Path) -> None:
    """`init` in `pub/source/` (or locales/, build/) is a slip of `cd`: a publication there would
    turn the outer one's files into articles or catalogs of its own."""
    try:
        outer = find_root(root.parent)
        settings = load_settings(outer)
    except BitextError:
        return  # no publication above, or one whose settings are broken: not ours to judge here
    for folder in (settings.source_dir, settings.locales_dir, settings.build_dir):
        inner = outer / folder
        if root == inner or inner in root.parents:
            raise BitextError(f"this folder is inside the {folder}/ folder of the publication at {outer}; "
                              "start a publication in a folder of its own", str(root))


def plan_init(root: Path, languages: tuple[str, ...], source_language: str = "en") -> InitPlan:
    """What `init` would do in `root`; raises if a publication is already there or an input is bad.

    Language codes are expected normalised (gettext's form, as `lang.normalize_language`
    gives them); a language named twice is kept once.
    """
    if root.exists() and not root.is_dir():
        raise BitextError("not a folder", str(root))
    languages = tuple(dict.fromkeys(languages))
    if source_language in languages:
        raise BitextError(f"--lang {source_language} is the source language (--source-language "
                          f"{source_language}); name the languages to translate into")
    try:
        languages = check_languages(list(languages), source_language)
    except SettingsError as error:  # the same rules as the settings file, said about the options
        raise BitextError(error.message.replace("in languages", "with --lang")) from None

    _refuse_inside_a_publication(root)
    bitext_toml, pyproject = root / "bitext.toml", root / "pyproject.toml"
    if bitext_toml.exists():
        raise BitextError("a publication is already here (its settings); to add a language, add it to "
                          "`languages` there and run `bitext update`", "bitext.toml")
    locales = root / "locales"
    if locales.is_dir() and any(path.suffix in (".po", ".pot") for path in locales.rglob("*")):
        raise BitextError("a publication is already here (locales/ holds catalogs); write its settings "
                          "in bitext.toml by hand (see docs/settings.md)", "locales")

    steps: list[InitStep] = []
    settings = _settings_text(source_language, languages)
    if pyproject.is_file():
        data = read_toml(pyproject, "pyproject.toml")
        tool = data.get("tool")
        if isinstance(tool, dict) and "bitext" in tool:
            raise BitextError("a publication is already here ([tool.bitext]); to add a language, add it to "
                              "`languages` there and run `bitext update`", "pyproject.toml")
        text = _append(_read_text(pyproject, "pyproject.toml"), "\n[tool.bitext]\n" + settings)
        try:  # e.g. `tool = {...}` written inline cannot take a [tool.bitext] table after it
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise BitextError(f"cannot add a [tool.bitext] table to it ({error}); write bitext.toml instead",
                              "pyproject.toml") from None
        steps.append(InitStep("pyproject.toml", "append", text))
        settings_file = "pyproject.toml"
    else:
        steps.append(InitStep("bitext.toml", "create", settings))
        settings_file = "bitext.toml"

    for folder in ("source", "locales"):
        path = root / folder
        if path.exists() and not path.is_dir():
            raise BitextError("exists and is not a folder", folder)
        steps.append(InitStep(f"{folder}/", "keep" if path.is_dir() else "mkdir"))

    build = Settings(root=root).build_dir
    gitignore = root / ".gitignore"
    if gitignore.is_file():
        text = _read_text(gitignore, ".gitignore")
        if _ignores(text, build):
            steps.append(InitStep(".gitignore", "keep"))
        else:
            steps.append(InitStep(".gitignore", "append", _append(text, f"/{build}/\n")))
    else:
        steps.append(InitStep(".gitignore", "create",
                              f"# what `bitext build` writes: generated, not committed\n/{build}/\n"
                              "# left behind only if bitext is killed: its lock and unfinished temporaries\n"
                              ".bitext.lock\n.*.tmp\n"))
    return InitPlan(root, source_language, languages, settings_file, steps)


def apply_init(plan: InitPlan) -> None:
    plan.root.mkdir(parents=True, exist_ok=True)
    for step in plan.steps:
        path = plan.root / step.path
        if step.action == "mkdir":
            path.mkdir(exist_ok=True)
        elif step.action in ("create", "append"):
            write_atomic(path, step.text or "")
