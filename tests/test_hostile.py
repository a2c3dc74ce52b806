"""The hostile-input corpus (tests/hostile/) through every command, under a write guard.

For each case, `base/` is copied to a fresh folder under `tmp_path`, the case is placed
(see tests/hostile/README.md) and every command is run through Click's CliRunner:
`status`, `status --check`, `check` (where built), `build`, `extract`, `update`, then
`status --check` and `build` again on what `update` wrote.  What each must do:

- a case named `refuse-...`: exit 2 from every command that reads the file (`extract`
  reads no catalog), one line on stderr, `bitext: error: PATH[:LINE]: ...` naming it,
  and the publication byte for byte as it was;
- any other case: exit 0 (1 allowed for `status --check` and `check`);
- always: no traceback, never exit 70 (a bug), and no write outside the publication.

The guard is a `sys.addaudithook` hook (audit hooks cannot be removed, so it is armed
only while a case runs): every open for writing, rename, removal, folder creation, link
and mode change is resolved (symbolic links followed, as the OS would) and must land
inside the publication; otherwise it is recorded and the call is stopped with an
exception, so a regression fails the test instead of writing to the machine.  Reads of
the planted secret are recorded too: what lies outside must not even be read.

Symbolic links and file names a case file cannot carry (a newline) are made here, in
`LINK_CASES` and `NAME_CASES`.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.commands import cli

HOSTILE = Path(__file__).parent / "hostile"
BASE = HOSTILE / "base"
CATALOG = "locales/es/LC_MESSAGES/article.po"
SECRET = "SECRET-7f3a91-do-not-publish"

COMMANDS: list[tuple[str, ...]] = [("status",), ("status", "--check")]
if "check" in cli.commands:
    COMMANDS.append(("check",))
COMMANDS += [("build",), ("extract",), ("update",), ("status", "--check"), ("build",)]
CHECKS = {("status", "--check"), ("check",)}  # may exit 1: a check failed


# -- the guard ------------------------------------------------------------------------------------

class Guard:
    """What the audit hook watches: the one folder writes may reach, the files not to read."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.secrets: set[str] = set()
        self.violations: list[str] = []
        self.memo: str | None = None
        self.busy = False

    def arm(self, root: Path, secrets: set[str]) -> None:
        self.root = os.path.realpath(root)
        # the one place outside it that `status` writes: its memo (README, "status remembers")
        memo = os.environ.get("BITEXT_CACHE_DIR")
        self.memo = os.path.realpath(memo) if memo else None
        self.secrets = {os.path.realpath(path) for path in secrets}
        self.violations = []

    def disarm(self) -> None:
        self.root = None

    def _inside(self, path: str) -> bool:
        if self.memo is not None and (path == self.memo or path.startswith(self.memo + os.sep)):
            return True
        return path == self.root or path.startswith(self.root + os.sep)

    def _target(self, path, follow: bool) -> str | None:
        if isinstance(path, int) or path is None:
            return None  # a descriptor: its open was checked
        path = os.path.abspath(os.fsdecode(path))
        if follow:
            return os.path.realpath(path)
        # the entry itself (rename, unlink...): its folder resolved, its name as it is
        return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))

    def check(self, event: str, args: tuple) -> None:
        if self.root is None or self.busy:
            return
        self.busy = True
        try:
            self._check(event, args)
        finally:
            self.busy = False

    def _check(self, event: str, args: tuple) -> None:
        writes: list[tuple[object, bool]] = []
        if event == "open":
            path, mode, flags = args
            if mode is None:
                writing = bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND))
            else:
                writing = any(char in str(mode) for char in "wax+")
            target = self._target(path, True)
            if target is not None and target in self.secrets:
                self._fail(f"read of the secret {path!r}")
            if writing:
                writes.append((path, True))
        elif event == "os.rename":
            writes += [(args[0], False), (args[1], False)]
        elif event in ("os.remove", "os.rmdir", "os.mkdir", "os.truncate"):
            writes.append((args[0], event == "os.truncate"))
        elif event in ("os.symlink", "os.link"):
            writes.append((args[1], False))
        elif event in ("os.chmod", "os.chown", "os.utime", "os.chflags", "os.setxattr", "os.removexattr"):
            writes.append((args[0], True))
        elif event in ("shutil.rmtree", "shutil.move", "shutil.copyfile", "shutil.copytree"):
            writes.append((args[-1] if event != "shutil.rmtree" else args[0], False))
        for path, follow in writes:
            target = self._target(path, follow)
            if target is not None and not self._inside(target):
                self._fail(f"{event} outside the publication: {path!r} -> {target}")

    def _fail(self, what: str) -> None:
        self.violations.append(what)
        raise PermissionError(f"hostile-input guard: {what}")


GUARD = Guard()
_HOOKED = False


def _install_guard() -> None:
    global _HOOKED
    if not _HOOKED:
        sys.addaudithook(GUARD.check)
        _HOOKED = True


@pytest.fixture(scope="module", autouse=True)
def warm_imports(tmp_path_factory):
    """Run every command once, unguarded: modules imported lazily (and their .pyc files
    written) during a guarded case would look like writes outside the publication."""
    root = tmp_path_factory.mktemp("warm") / "pub"
    shutil.copytree(BASE, root)
    for command in COMMANDS:
        CliRunner().invoke(cli, ["-C", str(root), *command], catch_exceptions=False)
    _install_guard()


# -- running a case -------------------------------------------------------------------------------

def snapshot(root: Path) -> dict[str, object]:
    """Every entry below `root`: file bytes, link targets, folders."""
    seen: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                seen[key] = ("link", os.readlink(path))
            elif path.is_dir():
                seen[key] = "folder"
            else:
                seen[key] = path.read_bytes()
    return seen


@dataclass
class Run:
    command: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str
    changed: bool
    violations: list[str] = field(default_factory=list)


def run_guarded(root: Path, command: tuple[str, ...], secrets: set[str], outside: Path) -> Run:
    before, outside_before = snapshot(root), snapshot(outside)
    GUARD.arm(root, secrets)
    try:
        result = CliRunner().invoke(cli, ["-C", str(root), *command])
    finally:
        violations = list(GUARD.violations)
        GUARD.disarm()
    assert snapshot(outside) == outside_before, f"{command}: changed files outside the publication"
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += f"\nTraceback (an exception escaped the command): {result.exception!r}"
    return Run(command, result.exit_code, result.stdout, stderr, snapshot(root) != before, violations)


def assert_no_bug(run: Run, secret: str | None = SECRET) -> None:
    text = run.stdout + run.stderr
    assert not run.violations, f"{run.command}: {run.violations}"
    assert "Traceback" not in text, f"{run.command}: {text}"
    assert run.exit_code != 70, f"{run.command}: internal error: {text}"
    assert run.exit_code in (0, 1, 2), f"{run.command}: exit {run.exit_code}: {text}"
    if secret:
        assert secret not in text, f"{run.command}: the secret reached the output"


def assert_refused(run: Run, shown: str) -> None:
    assert run.exit_code == 2, f"{run.command}: exit {run.exit_code}, expected 2: {run.stdout}{run.stderr}"
    lines = run.stderr.splitlines()
    assert len(lines) == 1, f"{run.command}: {run.stderr!r}"
    assert lines[0].startswith(f"bitext: error: {shown}"), f"{run.command}: {lines[0]!r} does not name {shown}"
    assert not run.changed, f"{run.command}: refused, yet the publication changed"


def assert_accepted(run: Run) -> None:
    allowed = (0, 1) if run.command in CHECKS else (0,)
    assert run.exit_code in allowed, f"{run.command}: exit {run.exit_code}: {run.stdout}{run.stderr}"


def assert_secret_unpublished(root: Path) -> None:
    for path in root.rglob("*"):
        if ".git" not in path.relative_to(root).parts and path.is_file() and not path.is_symlink():
            assert SECRET.encode() not in path.read_bytes(), f"{path}: holds the secret"


def make_publication(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of base/ in tmp_path/pub, and tmp_path/outside holding a secret."""
    root = tmp_path / "pub"
    shutil.copytree(BASE, root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    (outside / "secret.po").write_text(f'msgid ""\nmsgstr "{SECRET}"\n\n{SECRET} top secret\n')
    (outside / "secret.toml").write_text(f'languages = ["{SECRET}"]\n')
    (outside / "article.md").write_text(f"# {SECRET}\n\n{SECRET}\n")
    (outside / "dir").mkdir()
    (outside / "dir" / "leak.md").write_text(f"# {SECRET}\n")
    return root, outside


def secrets_of(outside: Path) -> set[str]:
    return {str(path) for path in outside.rglob("*") if path.is_file()}


# -- file cases -----------------------------------------------------------------------------------

def file_cases() -> list[tuple[str, str]]:
    cases = []
    for folder in ("source", "catalog", "settings"):
        for path in sorted((HOSTILE / folder).glob("*")):
            if path.is_file() and path.name != "README.md":
                cases.append((folder, path.name))
    return cases


FILE_CASES = file_cases()


def test_the_corpus_is_large_enough():
    assert len(FILE_CASES) + len(LINK_CASES) + len(NAME_CASES) >= 60
    assert sum(name.startswith("refuse-") for _, name in FILE_CASES) >= 30


def place(root: Path, folder: str, name: str) -> str:
    """Put the case where the README says; return the path errors must name."""
    data = (HOSTILE / folder / name).read_bytes()
    if folder == "source":
        (root / "source" / name).write_bytes(data)
        return f"source/{name}"
    if folder == "catalog":
        (root / CATALOG).parent.mkdir(parents=True, exist_ok=True)
        (root / CATALOG).write_bytes(data)
        return CATALOG
    (root / "bitext.toml").write_bytes(data)
    return "bitext.toml"


@pytest.mark.parametrize("folder,name", FILE_CASES, ids=[f"{f}/{n}" for f, n in FILE_CASES])
def test_hostile_file(tmp_path, folder, name):
    root, outside = make_publication(tmp_path)
    shown = place(root, folder, name)
    refuse = name.startswith("refuse-")
    for command in COMMANDS:
        run = run_guarded(root, command, secrets_of(outside), outside)
        assert_no_bug(run)
        # extract reads no catalog, check no source (only which articles there are)
        reads_case = not ((folder == "catalog" and command == ("extract",))
                          or (folder == "source" and command == ("check",)))
        if refuse and reads_case:
            assert_refused(run, shown)
        else:
            assert_accepted(run)
    assert_secret_unpublished(root)


# -- symbolic links and file names ----------------------------------------------------------------

def link(root: Path, relative: str, target: str | Path) -> None:
    path = root / relative
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


# name -> (make it, the path errors name, commands that must refuse: None = all of them)
LINK_CASES: dict[str, tuple[Callable[[Path, Path], None], str, set[str] | None]] = {
    "source-file-to-secret": (lambda r, o: link(r, "source/leak.md", o / "secret.txt"), "source/leak.md", None),
    "source-txt-to-secret": (lambda r, o: link(r, "source/leak.txt", o / "secret.txt"), "source/leak.txt", None),
    "source-file-relative-up": (lambda r, o: link(r, "source/leak.md", "../../outside/article.md"),
                                "source/leak.md", None),
    "source-file-to-git-config": (lambda r, o: (r.joinpath(".git").mkdir(),
                                                r.joinpath(".git/config").write_text(f"token = {SECRET}\n"),
                                                link(r, "source/git.md", "../.git/config")),
                                  "source/git.md", None),
    "source-file-to-settings": (lambda r, o: link(r, "source/settings.md", "../bitext.toml"),
                                "source/settings.md", None),
    "source-file-dangling": (lambda r, o: link(r, "source/gone.md", o / "missing.md"), "source/gone.md", None),
    "source-file-loop": (lambda r, o: link(r, "source/loop.md", "loop.md"), "source/loop.md", None),
    "source-folder-to-outside": (lambda r, o: link(r, "source/sub", o / "dir"), "source/sub", None),
    "source-folder-to-itself": (lambda r, o: link(r, "source/again", "."), "source/again", None),
    "source-dir-to-outside": (lambda r, o: (shutil.move(r / "source", o / "src"), link(r, "source", o / "dir")),
                              "source", None),
    "catalog-to-secret": (lambda r, o: link(r, CATALOG, o / "secret.po"), CATALOG, {"status", "check", "build",
                                                                                    "update"}),
    "catalog-to-secret-text": (lambda r, o: link(r, CATALOG, o / "secret.txt"), CATALOG,
                               {"status", "check", "build", "update"}),
    "lc-messages-to-outside": (lambda r, o: link(r, "locales/es/LC_MESSAGES", o), CATALOG,
                               {"status", "check", "build", "update"}),
    "locales-dir-to-outside": (lambda r, o: link(r, "locales", o), "locales", None),
    "template-to-outside": (lambda r, o: link(r, "locales/article.pot", o / "secret.po"), "locales/article.pot",
                            {"status", "build", "extract", "update"}),  # check reads no template
    "build-dir-to-outside": (lambda r, o: link(r, "build", o), "build", None),
    "build-language-to-outside": (lambda r, o: link(r, "build/es", o), "build/es/article", {"build"}),
    "build-language-to-root": (lambda r, o: link(r, "build/es", "/"), "build/es/article", {"build"}),
    "build-page-to-outside": (lambda r, o: link(r, "build/es/article.tmx", o / "secret.txt"),
                              "build/es/article.tmx", {"build"}),
    "build-index-to-outside": (lambda r, o: link(r, "build/index.html", o / "index.html"), "build/index.html",
                               {"build"}),
    "build-dir-to-source": (lambda r, o: link(r, "build", "source"), "source", None),
    "image-linked-to-secret": (lambda r, o: (link(r, "source/img.png", o / "secret.txt"),
                                             (r / "source" / "article.md").open("a").write("\n![x](img.png)\n")),
                               "source/article.md", {"build"}),
    "settings-file-to-secret": (lambda r, o: link(r, "bitext.toml", o / "secret.toml"), "bitext.toml", None),
    "settings-file-is-folder": (lambda r, o: ((r / "bitext.toml").unlink(), (r / "bitext.toml").mkdir()),
                                "bitext.toml", None),
    "source-dir-is-file": (lambda r, o: (shutil.rmtree(r / "source"), (r / "source").write_text("# x\n")),
                           "source", None),
}


@pytest.mark.parametrize("case", sorted(LINK_CASES))
def test_hostile_link(tmp_path, case):
    make, shown, refusing = LINK_CASES[case]
    root, outside = make_publication(tmp_path)
    make(root, outside)
    for command in COMMANDS:
        run = run_guarded(root, command, secrets_of(outside), outside)
        assert_no_bug(run)
        if refusing is None or command[0] in refusing:
            assert_refused(run, shown)
            if os.path.islink(root / shown):
                assert "symbolic link" in run.stderr, run.stderr
        else:
            assert_accepted(run)
    assert_secret_unpublished(root)


NAME_CASES = {
    "newline": "new\nline.md",
    "carriage-return": "carriage\rreturn.md",
    "tab": "tab\tname.md",
    "escape-sequence": "red\x1b[31m.md",
    "line-separator": "line\u2028separator.md",
    "bidi-override": "invoice\u202egnp.md",
    "not-utf8": os.fsdecode(b"caf\xe9.md"),
    "newline-in-folder": "2026\nnews/article.md",
}


@pytest.mark.parametrize("case", sorted(NAME_CASES))
def test_file_name_a_po_reference_cannot_hold(tmp_path, case):
    root, outside = make_publication(tmp_path)
    name = NAME_CASES[case]
    path = root / "source" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# A title\n\nSome text.\n")
    for command in COMMANDS:
        run = run_guarded(root, command, secrets_of(outside), outside)
        assert_no_bug(run)
        assert run.exit_code == 2 and not run.changed, (command, run.stdout, run.stderr)
        line = run.stderr.splitlines()
        assert len(line) == 1 and line[0].startswith("bitext: error: source/"), run.stderr
        assert "rename the file" in line[0]


def test_file_name_with_spaces_is_fine(tmp_path):
    root, outside = make_publication(tmp_path)
    (root / "source" / "my article.md").write_text("# A title\n\nSome text.\n")
    for command in COMMANDS:
        run = run_guarded(root, command, secrets_of(outside), outside)
        assert_no_bug(run)
        assert_accepted(run)
    assert (root / "locales" / "es" / "LC_MESSAGES" / "my article.po").is_file()


def test_import_refuses_a_source_folder_linked_outside(tmp_path):
    root, outside = make_publication(tmp_path)
    shutil.rmtree(root / "source")
    link(root, "source", outside / "dir")
    raw = tmp_path / "raw.txt"  # a path typed on the command line is trusted, wherever it is
    raw.write_text("A title of some length\n\nA paragraph of the article, long enough to be one.\n")
    run = run_guarded(root, ("import", str(raw), "--slug", "new"), secrets_of(outside), outside)
    assert_no_bug(run)
    assert_refused(run, "source")
    assert not (outside / "dir" / "new.md").exists()


def test_import_reads_a_raw_file_outside_the_publication(tmp_path):
    root, outside = make_publication(tmp_path)
    raw = outside / "raw.txt"
    raw.write_text("A title of some length\n\nA paragraph of the article, long enough to be one.\n")
    run = run_guarded(root, ("import", str(raw), "--slug", "2026/new"), set(), outside)
    assert_no_bug(run, secret=None)
    assert run.exit_code == 0, run.stderr
    assert (root / "source" / "2026" / "new.md").is_file()


def test_a_link_inside_the_source_folder_is_followed(tmp_path):
    """Links are not refused as such: one that stays in its folder is read like a file."""
    root, outside = make_publication(tmp_path)
    link(root, "source/alias.md", "article.md")
    run = run_guarded(root, ("update",), secrets_of(outside), outside)
    assert_no_bug(run)
    assert run.exit_code == 0, run.stderr
    assert (root / "locales" / "es" / "LC_MESSAGES" / "alias.po").is_file()


def test_the_guard_catches_a_write_outside(tmp_path):
    """The guard itself: a write outside the armed folder is stopped and recorded."""
    _install_guard()
    root, outside = make_publication(tmp_path)
    GUARD.arm(root, set())
    try:
        with pytest.raises(PermissionError):
            (outside / "written.txt").write_text("x")
        with pytest.raises(PermissionError):
            os.replace(root / "bitext.toml", outside / "moved.toml")
        (root / "inside.txt").write_text("fine")
    finally:
        violations = list(GUARD.violations)
        GUARD.disarm()
    assert len(violations) == 2 and not (outside / "written.txt").exists()
    assert (root / "bitext.toml").exists()


@pytest.mark.parametrize("relative", ["source/huge.md", CATALOG])
def test_a_file_above_the_size_limit_is_refused_unread(tmp_path, relative):
    from bitext.publication import MAX_CATALOG_BYTES, MAX_SOURCE_BYTES

    root, outside = make_publication(tmp_path)
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"# A title\n\n")
    # sparse: the size is what counts, and it is refused before a byte is read
    os.truncate(path, (MAX_SOURCE_BYTES if relative.startswith("source") else MAX_CATALOG_BYTES) + 1)
    for command in (("status",), ("update",), ("build",)):
        run = run_guarded(root, command, secrets_of(outside), outside)
        assert_no_bug(run)
        assert_refused(run, relative)
        assert "above bitext's limit" in run.stderr
