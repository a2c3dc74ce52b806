"""The pre-commit hooks and the GitHub Action, tried for real as far as this machine allows.

pre-commit itself runs `.pre-commit-hooks.yaml` from a git repository holding this
package (it builds the hook's environment by pip-installing it), in a temporary
publication repository.  `action.yml` is parsed and its shell steps run in order, as
GitHub would run them, in a temporary publication (steps that `uses:` another action,
such as setup-python, are GitHub's to run and are skipped).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from conftest import REPO

SLUG = "la-immigrant-movement"
PO = f"locales/es/LC_MESSAGES/{SLUG}.po"
EDIT = ("This gave a green light for the sheriffs to brutalize protesters.",
        "This gave a green light for the police to brutalize protesters.")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def _package_copy(target: Path) -> Path:
    """What a user's clone of this repository holds for installing it (no build outputs)."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "action.yml"):
        shutil.copy(REPO / name, target / name)
    shutil.copytree(REPO / "cli" / "bitext", target / "cli" / "bitext",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def _publication(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    return target


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True,
                          capture_output=True, text=True).stdout


def test_hooks_file_declares_a_check_and_a_fixer():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["bitext-status"]["entry"] == "bitext status --check"
    assert hooks["bitext-update"]["entry"] == "bitext update"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert re.search(hook["files"], PO) and re.search(hook["files"], f"source/{SLUG}.md")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_the_hooks_in_a_publication_repository(tmp_path):
    pytest.importorskip("pre_commit")
    hooks = _package_copy(tmp_path / "hooks")
    _git(hooks, "init", "-q")
    _git(hooks, "add", "-A")
    _git(hooks, "commit", "-qm", "hooks")
    rev = _git(hooks, "rev-parse", "HEAD").strip()
    publication = _publication(tmp_path / "publication")
    (publication / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: bitext-update\n  - id: bitext-status\n")
    _git(publication, "init", "-q")
    _git(publication, "add", "-A")
    _git(publication, "commit", "-qm", "publication")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("BITEXT_DEBUG", None)

    def pre_commit():
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                              cwd=publication, env=env, capture_output=True, text=True)

    clean = pre_commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"bitext status --check\.+Passed", clean.stdout)

    # a translator's tool saved the catalog unwrapped: the check passes, the fixer restores GNU's layout
    path = publication / PO
    canonical = path.read_bytes()
    subprocess.run(["msgcat", "--no-wrap", "-o", str(path), str(path)], check=True)
    assert path.read_bytes() != canonical
    fixed = pre_commit()
    assert fixed.returncode == 1
    assert re.search(r"bitext update.*\.+Failed\n- hook id: bitext-update\n- files were modified by this hook",
                     fixed.stdout), fixed.stdout
    assert re.search(r"bitext status --check\.+Passed", fixed.stdout)
    assert path.read_bytes() == canonical

    # the English changed: the fixer merges it, the check names the stale entry
    source = publication / "source" / f"{SLUG}.md"
    source.write_text(source.read_text().replace(*EDIT))
    stale = pre_commit()
    assert stale.returncode == 1
    assert re.search(r"bitext status --check\.+Failed", stale.stdout)
    assert re.search(rf"{re.escape(PO)}:\d+: stale: On June 10, the Democratic mayor", stale.stdout), stale.stdout
    assert '#, fuzzy\n#| msgid ""\n#| "On June 10, the Democratic mayor' in path.read_text()


def _expand(value, inputs: dict[str, str]):
    if not isinstance(value, str):
        return value
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], value)


def _condition_holds(condition: str | None, inputs: dict[str, str]) -> bool:
    if condition is None:
        return True
    match = re.fullmatch(r"inputs\.([\w-]+) == '([^']*)'", condition.strip())
    assert match, f"the test knows no such condition: {condition}"
    return inputs[match.group(1)] == match.group(2)


def run_action(action_path: Path, workspace: Path, path_dirs: list[str], **given: str):
    """Run the composite action's shell steps in order, stopping at the first that fails."""
    action = yaml.safe_load((action_path / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs.update(given)
    results = []
    for step in action["runs"]["steps"]:
        if "uses" in step:
            continue
        if not _condition_holds(step.get("if"), inputs):
            continue
        assert step["shell"] == "bash"
        env = {**os.environ, "GITHUB_ACTION_PATH": str(action_path), "GITHUB_ACTIONS": "true",
               "PATH": os.pathsep.join([*path_dirs, os.environ.get("PATH", "")])}
        env.pop("BITEXT_DEBUG", None)
        env.update({key: _expand(value, inputs) for key, value in step.get("env", {}).items()})
        cwd = workspace / _expand(step.get("working-directory", "."), inputs)
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env,
                                capture_output=True, text=True)
        results.append((step["name"], result))
        if result.returncode != 0:
            break
    return results


def test_the_action_installs_checks_and_builds_a_publication(tmp_path):
    action_path = _package_copy(tmp_path / "action")
    workspace = tmp_path / "workspace"
    _publication(workspace / "site")
    # a fresh environment for the install step, as a runner's Python would be
    environment = tmp_path / "env"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(environment)  # pip comes from the system site
    bin_dir = str(environment / "bin")

    results = run_action(action_path, workspace, [bin_dir], directory="site")
    names = [name for name, _ in results]
    assert names == ["Install bitext", "Check the catalogs", "Check the translations", "Build the editions"], names
    for name, result in results:
        assert result.returncode == 0, (name, result.stdout, result.stderr)
    assert (environment / "bin" / "bitext").exists()
    assert (workspace / "site" / "build" / "es" / f"{SLUG}.html").exists()
    assert "::error" not in results[1][1].stdout
    assert "::error" not in results[2][1].stdout

    # the English changes without its translation: the check step fails with an annotation, build never runs
    source = workspace / "site" / "source" / f"{SLUG}.md"
    source.write_text(source.read_text().replace(*EDIT))
    shutil.rmtree(workspace / "site" / "build")
    results = run_action(action_path, workspace, [bin_dir], directory="site")
    check = dict(results)["Check the catalogs"]
    assert check.returncode == 1
    assert re.search(rf"^::error file={re.escape(PO)},line=\d+::stale: On June 10", check.stdout, re.M)
    assert [name for name, _ in results][-1] == "Check the catalogs"
    assert not (workspace / "site" / "build").exists()
