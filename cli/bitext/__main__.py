"""The `bitext` console script and `python -m bitext`: the command line's entry point.

`main()` answers the exact command line ``bitext --version`` itself, with the line Click's
version option prints, before importing Click and the commands: a version check in a
script or a pre-commit hook then costs the interpreter's start and nothing more.  Every
other command line (``--version`` among other arguments included, or a shell's request
for completions) goes to
`bitext.commands.cli`, which decides what it means.  tests/test_cli.py checks that both
answer ``--version`` alike.
"""

import sys

from bitext import __version__

# What click.version_option(__version__, prog_name="bitext") prints (commands.cli).
VERSION_LINE = f"bitext, version {__version__}\n"


def _completing() -> bool:
    """Whether a shell asks for completions (``_BITEXT_COMPLETE=...``): Click's business."""
    import os

    return any(name[:1] == "_" and name.endswith("_COMPLETE") for name in os.environ)


def main(prog_name: str | None = None) -> None:
    """Run the command line in `sys.argv`; exits (as Click's standalone mode does)."""
    if sys.argv[1:] == ["--version"] and not _completing():
        try:
            sys.stdout.write(VERSION_LINE)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader left: exit 1 quietly, as BitextGroup.main does
            import os

            # Python flushes stdout again at exit: point it at nothing (Python's own recipe).
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        sys.exit(0)
    from bitext.commands import cli

    cli(prog_name=prog_name)


if __name__ == "__main__":
    main(prog_name="bitext")
