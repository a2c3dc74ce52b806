"""The command-line reference, docs/cli.md, generated from the Click commands themselves.

`python -m bitext.docgen > docs/cli.md` rewrites it; tests/test_docs.py regenerates it and
fails when the file differs, so a command or option added without regenerating the page
is caught.  Everything comes from the commands' docstrings and options' help: to change
the page, change those (or the few fixed paragraphs below) and regenerate.
"""

from __future__ import annotations

import inspect
import re
import sys

import click

__all__ = ["render_cli_reference", "REGENERATE"]

REGENERATE = "python -m bitext.docgen > docs/cli.md"

_INTRO = f"""\
# Command-line reference

<!-- Generated from the commands' own help by `{REGENERATE}`; do not edit by hand
     (a test compares this file with what the commands say). -->

Every command takes `-C DIR`, before or after its name (`bitext -C mypub status` and
`bitext status -C mypub` are the same): the publication's folder. Without it, bitext uses the
nearest folder, from the current one upwards, that holds `source/`, a `bitext.toml` or a
`pyproject.toml` with a `[tool.bitext]` table. `-h` and `--help` show a command's help.

**Exit codes.** `0` success; `1` a check failed (`status --check`, or `check` with an error-level finding); `2` bad usage or bad input
(a wrong option, a malformed article, catalog or settings file), printed as one line on stderr,
`bitext: error: PATH:LINE: what is wrong`, with no file written; `70` a bug in bitext
(`BITEXT_DEBUG=1` shows its traceback). Warnings (`bitext: warning: ...`) go to stderr and do not
change the exit code.

**Output.** Every command says what it did on stdout: `extract` and `update` one line per file
written, then a summary line (or `nothing to do: ...`); `check` one line per finding, then a summary on
stderr; `build` one line per language; `init` each
file and folder it made, then the next commands. bitext prints no colour, so `NO_COLOR` is respected by construction; a
progress bar appears on stderr only when it is a terminal (never in CI logs or pipes).

**Shell completion** (Click's): add one line to your shell's start-up file.

```sh
eval "$(_BITEXT_COMPLETE=bash_source bitext)"   # ~/.bashrc
eval "$(_BITEXT_COMPLETE=zsh_source bitext)"    # ~/.zshrc
_BITEXT_COMPLETE=fish_source bitext | source    # ~/.config/fish/completions/bitext.fish
```
"""

_CODE_SPAN = re.compile(r"(`[^`]*`)")


def _markdown_text(text: str) -> str:
    """Help text as Markdown: `<slug>` would be read as an HTML tag, so angle brackets outside
    code spans are escaped."""
    parts = _CODE_SPAN.split(text)
    return "".join(part if part.startswith("`") else part.replace("<", "\\<").replace(">", "\\>")
                   for part in parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _help_paragraphs(command: click.Command) -> str:
    text = inspect.cleandoc(command.help or "").split("\f")[0]
    paragraphs = [" ".join(line.strip() for line in block.splitlines() if line.strip() != "\b")
                  for block in text.split("\n\n")]
    return "\n\n".join(_markdown_text(paragraph) for paragraph in paragraphs if paragraph)


def _options_table(command: click.Command, ctx: click.Context) -> list[str]:
    rows = []
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option) or param.hidden:
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        rows.append(f"| `{_cell(names)}` | {_cell(_markdown_text(help_text))} |")
    if not rows:
        return []
    return ["| option | meaning |", "|---|---|", *rows, ""]


def _section(name: str, command: click.Command, parent: click.Context) -> list[str]:
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=100, max_content_width=100)
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines = [f"## `{ctx.command_path}`", "", "```text", f"{ctx.command_path} {usage}".rstrip(), "```", ""]
    lines += [_help_paragraphs(command), ""]
    lines += _options_table(command, ctx)
    return lines


def render_cli_reference(group: click.Group | None = None) -> str:
    """docs/cli.md as it should be for the commands of `group` (bitext's by default)."""
    if group is None:
        from bitext.commands import cli as group
    settings = {**group.context_settings, "terminal_width": 100, "max_content_width": 100}
    root = click.Context(group, info_name="bitext", **settings)
    lines = [_INTRO, "## `bitext`", "", "```text", f"bitext {' '.join(group.collect_usage_pieces(root))}",
             "```", "", _help_paragraphs(group), ""]
    lines += _options_table(group, root)
    names = [name for name in group.list_commands(root) if not group.get_command(root, name).hidden]
    lines += ["Commands: " + ", ".join(f"[`{name}`](#bitext-{name})" for name in names) + ".", ""]
    for name in names:
        lines += _section(name, group.get_command(root, name), root)
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":  # pragma: no cover - `python -m bitext.docgen > docs/cli.md`
    sys.stdout.write(render_cli_reference())
